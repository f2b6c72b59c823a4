//! Feeds and polite fetching: read every subscribed RSS/Atom feed, fetch each new article page
//! and ingest it through [`forewarn_pipeline::Pipeline`].
//!
//! Every request goes through one [`Client`] that keeps, for the length of a run:
//! - **robots.txt** per origin, read once and obeyed for our product token `forewarn`
//!   ([`Robots`]); a server error on robots.txt means "fetch nothing from this site";
//! - a **per-host delay** between requests (the configured one or the site's `Crawl-delay`,
//!   whichever is longer), slept through a [`Clock`] so tests run on virtual time;
//! - **retries** on 5xx, 429, 408 and network failures, after the server's `Retry-After`
//!   (delta-seconds or an HTTP-date read against the [`Clock`]) when it sends a readable one and
//!   exponential backoff otherwise; a server that asks for more than
//!   [`FetchConfig::max_retry_after`] is not waited for: the URL fails this run with
//!   [`FetchError::RetryAfterTooLong`] and is tried again on a later one;
//! - **connect, read and per-call timeouts**, a **size limit** per body (read as a stream and
//!   stopped at the limit) and a **redirect cap** where a loop is an error, not a hang.
//!
//! Feeds are fetched with a conditional GET (`If-None-Match`, `If-Modified-Since`), so an
//! unchanged feed costs one 304. A feed whose URL is redirected permanently (301 or 308 on every
//! hop) and then read successfully is stored under its new URL, so later runs ask there directly;
//! temporary redirects leave it alone. A feed item whose page is already stored, by URL or by
//! content hash, adds nothing. Every failure is one `tracing` line with the feed or page URL and the
//! error as key/value fields, and one bad feed or page never stops the others.
//!
//! ```no_run
//! use forewarn_fetch::{FetchConfig, Fetcher};
//! use forewarn_pipeline::Pipeline;
//! use forewarn_store::Store;
//!
//! let mut store = Store::open(std::path::Path::new("forewarn.db"))?;
//! store.add_feed("https://news.example/rss.xml", Some("Example wire"), "2026-01-01T00:00:00Z")?;
//! let mut pipeline = Pipeline::new(&store)?;
//! let mut fetcher = Fetcher::new(FetchConfig::default());
//! let report = fetcher.fetch_all(&mut store, &mut pipeline, "2026-01-01T00:05:00Z")?;
//! println!("{} new documents", report.added());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![allow(clippy::disallowed_methods)] // fetching is an edge: network, files and the clock

mod clock;
mod feed;
mod http;
pub mod outbound;
mod retry_after;
mod robots;
mod run;

use std::time::Duration;

pub use clock::{Clock, SystemClock};
pub use feed::{FeedItem, ParsedFeed, parse_feed};
pub use http::{Client, Page, Response, Validators};
pub use outbound::{AddressPolicy, Refused};
pub use robots::Robots;
pub use run::{FeedReport, FeedStatus, FetchReport, Fetcher, PageFailure};

/// How the fetcher behaves. The defaults suit a newsroom polling a few dozen feeds.
#[derive(Debug, Clone)]
pub struct FetchConfig {
    /// Sent as `User-Agent`.
    pub user_agent: String,
    /// The product token looked up in robots.txt `User-agent` lines.
    pub robots_token: String,
    pub respect_robots: bool,
    pub connect_timeout: Duration,
    /// Longest wait for any one read from the socket.
    pub read_timeout: Duration,
    /// Longest a whole exchange (connect, request, headers, body) may take.
    pub call_timeout: Duration,
    /// Largest article page accepted, in bytes (after decompression).
    pub max_page_bytes: u64,
    /// Largest feed accepted, in bytes.
    pub max_feed_bytes: u64,
    /// Redirects followed before giving up.
    pub max_redirects: usize,
    /// Extra tries after a transient failure; the wait doubles from `backoff` each time unless
    /// the server names one with `Retry-After`.
    pub retries: u32,
    pub backoff: Duration,
    /// The longest `Retry-After` waited for; a server asking for more is left for a later run.
    pub max_retry_after: Duration,
    /// Least time between two requests to one host.
    pub host_delay: Duration,
    /// A site's `Crawl-delay` is obeyed up to this long.
    pub max_crawl_delay: Duration,
    /// New items taken from one feed per run (feeds list newest first).
    pub max_items_per_feed: usize,
    /// A page that failed this many runs is no longer tried.
    pub max_page_attempts: u32,
    /// Which addresses may be connected to (public only unless `--allow-private-hosts`).
    pub addresses: AddressPolicy,
}

impl Default for FetchConfig {
    fn default() -> FetchConfig {
        FetchConfig {
            user_agent: format!(
                "forewarn/{} (news early-warning reader)",
                env!("CARGO_PKG_VERSION")
            ),
            robots_token: "forewarn".into(),
            respect_robots: true,
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(30),
            call_timeout: Duration::from_secs(120),
            max_page_bytes: 5 * 1024 * 1024,
            max_feed_bytes: 10 * 1024 * 1024,
            max_redirects: 5,
            retries: 2,
            backoff: Duration::from_secs(2),
            max_retry_after: Duration::from_secs(60),
            host_delay: Duration::from_secs(2),
            max_crawl_delay: Duration::from_secs(60),
            max_items_per_feed: 100,
            max_page_attempts: 3,
            addresses: AddressPolicy::public_only(),
        }
    }
}

/// Why one request failed. Each names the URL, so a log line alone says what to look at.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    #[error("{url}: invalid URL: {reason}")]
    BadUrl { url: String, reason: String },
    #[error("{url}: HTTP {status}")]
    Status { url: String, status: u16 },
    #[error(
        "{url}: HTTP {status}: the server asked to retry after {asked_secs} s, longer than the \
         {cap_secs} s we wait; left for a later run"
    )]
    RetryAfterTooLong {
        url: String,
        status: u16,
        asked_secs: u64,
        cap_secs: u64,
    },
    #[error("{url}: larger than the limit of {limit} bytes; stopped reading")]
    TooLarge { url: String, limit: u64 },
    #[error("redirect loop: {chain}")]
    RedirectLoop { chain: String },
    #[error("more than {max} redirects: {chain}")]
    TooManyRedirects { max: usize, chain: String },
    #[error("{url}: bad redirect: {reason}")]
    BadRedirect { url: String, reason: String },
    #[error("{url}: disallowed by robots.txt")]
    Disallowed { url: String },
    #[error("{url}: not fetched: robots.txt unreachable ({reason})")]
    RobotsUnreachable { url: String, reason: String },
    #[error("{url}: timed out ({phase})")]
    Timeout { url: String, phase: String },
    /// The host resolved only to addresses the [`AddressPolicy`] refuses.
    #[error("{url}: {refused}")]
    Refused { url: String, refused: Refused },
    #[error("{url}: {reason}")]
    Network {
        url: String,
        reason: String,
        transient: bool,
    },
}

impl FetchError {
    /// Whether trying again later might work: server errors, rate limits and network trouble.
    pub fn is_transient(&self) -> bool {
        match self {
            FetchError::Status { status, .. } => *status >= 500 || *status == 429 || *status == 408,
            FetchError::Timeout { .. }
            | FetchError::RobotsUnreachable { .. }
            | FetchError::RetryAfterTooLong { .. } => true,
            FetchError::Network { transient, .. } => *transient,
            _ => false,
        }
    }
}
