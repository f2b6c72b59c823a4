//! The polite HTTP client: every GET goes through robots.txt, the per-host delay, retries with
//! exponential backoff (or the server's `Retry-After`, up to a cap), a redirect cap with loop
//! detection, timeouts and a body size limit.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use url::Url;

use crate::clock::Clock;
use crate::retry_after::parse_retry_after;
use crate::robots::Robots;
use crate::{FetchConfig, FetchError};

/// Validators from an earlier response, for a conditional GET.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// A successful response with its body.
#[derive(Debug, Clone)]
pub struct Page {
    /// Where the body came from, after redirects.
    pub url: Url,
    /// Whether the request was redirected and every hop was permanent (301 or 308), so `url`
    /// is the new address of the URL asked for.
    pub moved_permanently: bool,
    pub body: Vec<u8>,
    pub content_type: Option<String>,
    pub validators: Validators,
}

/// What a GET returned.
#[derive(Debug, Clone)]
pub enum Response {
    /// 304: the validators still hold at `url` (after redirects; `moved_permanently` as in
    /// [`Page`]).
    NotModified {
        url: Url,
        moved_permanently: bool,
    },
    Page(Page),
}

impl Response {
    /// The new address of the URL asked for, when it was redirected permanently all the way.
    pub fn permanent_location(&self) -> Option<&Url> {
        match self {
            Response::NotModified {
                url,
                moved_permanently: true,
            } => Some(url),
            Response::Page(page) if page.moved_permanently => Some(&page.url),
            _ => None,
        }
    }
}

/// What one HTTP exchange produced before redirects are followed.
enum Exchange {
    Redirect {
        location: Option<String>,
        /// 301 or 308: the resource has a new address for good.
        permanent: bool,
    },
    NotModified,
    Page(Page),
}

/// Why one exchange failed, and what the server asked of our next try.
struct Failure {
    error: FetchError,
    asked_wait: Option<AskedWait>,
}

/// A readable `Retry-After` on an error status.
struct AskedWait {
    status: u16,
    wait: Duration,
}

impl From<FetchError> for Failure {
    fn from(error: FetchError) -> Failure {
        Failure {
            error,
            asked_wait: None,
        }
    }
}

/// A blocking HTTP client that keeps per-host state (last request time, robots.txt) for the
/// length of one fetch run.
pub struct Client {
    agent: ureq::Agent,
    config: FetchConfig,
    clock: Arc<dyn Clock>,
    /// Host → when we last sent it a request.
    last_request: HashMap<String, Instant>,
    /// Origin (`scheme://host:port`) → its robots.txt rules, or why they could not be read.
    robots: HashMap<String, Result<Robots, FetchError>>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl Client {
    pub fn new(config: FetchConfig, clock: Arc<dyn Clock>) -> Client {
        let builder = ureq::Agent::config_builder()
            .user_agent(config.user_agent.as_str())
            .timeout_connect(Some(config.connect_timeout))
            .timeout_per_read(Some(config.read_timeout))
            .timeout_per_call(Some(config.call_timeout))
            // Redirects are followed here, not by ureq, so each hop passes robots.txt and the
            // politeness delay, and a loop is reported as one.
            .max_redirects(0)
            .http_status_as_error(false);
        // Every connection, redirect hops and robots.txt included, resolves through the
        // address policy, so the check is on the address actually connected to.
        let agent = config.addresses.agent(builder);
        Client {
            agent,
            config,
            clock,
            last_request: HashMap::new(),
            robots: HashMap::new(),
        }
    }

    pub fn config(&self) -> &FetchConfig {
        &self.config
    }

    /// GETs `url`, following redirects, with `validators` sent as a conditional GET. The body
    /// is read up to `limit` bytes; a longer one is an error, not a truncated page.
    pub fn get(
        &mut self,
        url: &Url,
        validators: &Validators,
        limit: u64,
    ) -> Result<Response, FetchError> {
        let mut chain = vec![url.clone()];
        // Only an unbroken run of permanent hops makes the final URL the new address: after a
        // temporary one, the final URL is where the resource happens to be today, and even a
        // permanent hop before it is not known to be the right address to keep.
        let mut every_hop_permanent = true;
        loop {
            let current = chain.last().expect("the chain starts with the URL").clone();
            self.check_robots(&current)?;
            let moved_permanently = chain.len() > 1 && every_hop_permanent;
            match self.exchange_with_retries(&current, validators, limit)? {
                Exchange::NotModified => {
                    return Ok(Response::NotModified {
                        url: current,
                        moved_permanently,
                    });
                }
                Exchange::Page(page) => {
                    return Ok(Response::Page(Page {
                        moved_permanently,
                        ..page
                    }));
                }
                Exchange::Redirect {
                    location,
                    permanent,
                } => {
                    every_hop_permanent &= permanent;
                    let location = location.ok_or_else(|| FetchError::BadRedirect {
                        url: current.to_string(),
                        reason: "no Location header".into(),
                    })?;
                    let next = current
                        .join(&location)
                        .map_err(|err| FetchError::BadRedirect {
                            url: current.to_string(),
                            reason: format!("Location `{location}`: {err}"),
                        })?;
                    let next = check_scheme(next)?;
                    if chain.contains(&next) {
                        chain.push(next);
                        return Err(FetchError::RedirectLoop {
                            chain: join_chain(&chain),
                        });
                    }
                    if chain.len() > self.config.max_redirects {
                        return Err(FetchError::TooManyRedirects {
                            max: self.config.max_redirects,
                            chain: join_chain(&chain),
                        });
                    }
                    chain.push(next);
                }
            }
        }
    }

    /// One exchange, retried when the server fails (5xx, 429, 408) or the network does
    /// (timeouts, refused or reset connections). The wait is the server's `Retry-After` when it
    /// sent a readable one, else exponential backoff. A server that asks for more than
    /// `max_retry_after` is not waited for: the URL fails with
    /// [`FetchError::RetryAfterTooLong`] and is left for a later run.
    fn exchange_with_retries(
        &mut self,
        url: &Url,
        validators: &Validators,
        limit: u64,
    ) -> Result<Exchange, FetchError> {
        let mut attempt = 0;
        loop {
            let Failure { error, asked_wait } = match self.exchange(url, validators, limit) {
                Ok(exchange) => return Ok(exchange),
                Err(failure) => failure,
            };
            if !error.is_transient() || attempt >= self.config.retries {
                return Err(error);
            }
            let wait = match asked_wait {
                Some(AskedWait { status, wait }) if wait > self.config.max_retry_after => {
                    return Err(FetchError::RetryAfterTooLong {
                        url: url.to_string(),
                        status,
                        asked_secs: wait.as_secs(),
                        cap_secs: self.config.max_retry_after.as_secs(),
                    });
                }
                Some(AskedWait { wait, .. }) => wait,
                // 2^attempt × base, capped so a long retry chain cannot stall a run.
                None => self
                    .config
                    .backoff
                    .saturating_mul(1 << attempt.min(16))
                    .min(Duration::from_secs(300)),
            };
            tracing::info!(url = %url, attempt = attempt + 1, error = %error, wait_ms = wait.as_millis() as u64, retry_after = asked_wait.is_some(), "retrying");
            self.clock.sleep(wait);
            attempt += 1;
        }
    }

    fn exchange(
        &mut self,
        url: &Url,
        validators: &Validators,
        limit: u64,
    ) -> Result<Exchange, Failure> {
        let host = url.host_str().unwrap_or_default().to_string();
        self.wait_turn(&host, url);
        let mut request = self.agent.get(url.as_str());
        if let Some(etag) = &validators.etag {
            request = request.header("If-None-Match", etag);
        }
        if let Some(date) = &validators.last_modified {
            request = request.header("If-Modified-Since", date);
        }
        let sent = request.call();
        self.last_request.insert(host, self.clock.now());
        let mut response = sent.map_err(|err| transport_error(url, err))?;
        let status = response.status().as_u16();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        match status {
            301 | 302 | 303 | 307 | 308 => Ok(Exchange::Redirect {
                location: header("location"),
                permanent: matches!(status, 301 | 308),
            }),
            304 => Ok(Exchange::NotModified),
            200..=299 => {
                let page = Page {
                    url: url.clone(),
                    moved_permanently: false,
                    content_type: header("content-type"),
                    validators: Validators {
                        etag: header("etag"),
                        last_modified: header("last-modified"),
                    },
                    body: Vec::new(),
                };
                let body = response
                    .body_mut()
                    .with_config()
                    .limit(limit)
                    .read_to_vec()
                    .map_err(|err| match err {
                        ureq::Error::BodyExceedsLimit(_) => FetchError::TooLarge {
                            url: url.to_string(),
                            limit,
                        },
                        other => transport_error(url, other),
                    })?;
                Ok(Exchange::Page(Page { body, ..page }))
            }
            _ => {
                let asked_wait = header("retry-after").and_then(|value| {
                    let wait = parse_retry_after(&value, self.clock.utc_now());
                    if wait.is_none() {
                        tracing::debug!(url = %url, retry_after = value, "unreadable Retry-After; our backoff applies");
                    }
                    Some(AskedWait { status, wait: wait? })
                });
                Err(Failure {
                    error: FetchError::Status {
                        url: url.to_string(),
                        status,
                    },
                    asked_wait,
                })
            }
        }
    }

    /// Sleeps until this host's delay since our last request to it has passed. The delay is
    /// the configured one or the site's Crawl-delay, whichever is longer (the latter capped).
    fn wait_turn(&mut self, host: &str, url: &Url) {
        let crawl_delay = self
            .robots
            .get(&origin(url))
            .and_then(|r| r.as_ref().ok())
            .and_then(Robots::crawl_delay)
            .map(|d| d.min(self.config.max_crawl_delay));
        let delay = crawl_delay.map_or(self.config.host_delay, |d| d.max(self.config.host_delay));
        if let Some(last) = self.last_request.get(host) {
            let due = *last + delay;
            let now = self.clock.now();
            if due > now {
                tracing::debug!(
                    host,
                    wait_ms = (due - now).as_millis() as u64,
                    "politeness delay"
                );
                self.clock.sleep(due - now);
            }
        }
    }

    /// Fails with [`FetchError::Disallowed`] when the site's robots.txt forbids `url` to us,
    /// reading robots.txt once per origin per run.
    fn check_robots(&mut self, url: &Url) -> Result<(), FetchError> {
        if !self.config.respect_robots {
            return Ok(());
        }
        let key = origin(url);
        if !self.robots.contains_key(&key) {
            let robots = self.read_robots(url);
            self.robots.insert(key.clone(), robots);
        }
        let path = match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_string(),
        };
        match &self.robots[&key] {
            Ok(robots) if robots.allows(&path) => Ok(()),
            Ok(_) => Err(FetchError::Disallowed {
                url: url.to_string(),
            }),
            // A refused address is the same for the page as for its robots.txt: say so.
            Err(FetchError::Refused { refused, .. }) => Err(FetchError::Refused {
                url: url.to_string(),
                refused: refused.clone(),
            }),
            Err(err) => Err(FetchError::RobotsUnreachable {
                url: url.to_string(),
                reason: err.to_string(),
            }),
        }
    }

    /// RFC 9309: a 4xx robots.txt (or one that is missing) allows everything; a server error or
    /// an unreachable host means "assume complete disallow", here until the next run.
    fn read_robots(&mut self, url: &Url) -> Result<Robots, FetchError> {
        let mut robots_url = url.clone();
        robots_url.set_path("/robots.txt");
        robots_url.set_query(None);
        robots_url.set_fragment(None);
        // Robots.txt is read without consulting itself; redirects are followed up to the cap.
        let saved = std::mem::replace(&mut self.config.respect_robots, false);
        let result = self.get(&robots_url, &Validators::default(), ROBOTS_LIMIT);
        self.config.respect_robots = saved;
        match result {
            Ok(Response::Page(page)) => Ok(Robots::parse(
                &String::from_utf8_lossy(&page.body),
                &self.config.robots_token,
            )),
            Ok(Response::NotModified { .. }) => Ok(Robots::allow_all()),
            Err(FetchError::Status { status, .. }) if (400..500).contains(&status) => {
                Ok(Robots::allow_all())
            }
            // The RFC reads at most 500 KiB and applies what it read; we simply allow.
            Err(FetchError::TooLarge { .. }) => Ok(Robots::allow_all()),
            Err(err @ FetchError::Refused { .. }) => Err(err),
            Err(err) => {
                tracing::warn!(url = %robots_url, error = %err, "robots.txt unreachable; not fetching from this site this run");
                Err(err)
            }
        }
    }
}

/// RFC 9309 asks crawlers to read at least 500 KiB of a robots.txt.
const ROBOTS_LIMIT: u64 = 500 * 1024;

fn origin(url: &Url) -> String {
    url.origin().ascii_serialization()
}

fn join_chain(chain: &[Url]) -> String {
    chain
        .iter()
        .map(Url::as_str)
        .collect::<Vec<_>>()
        .join(" -> ")
}

/// Only http and https are fetched; a redirect to `file:` or `ftp:` is refused.
pub(crate) fn check_scheme(url: Url) -> Result<Url, FetchError> {
    match url.scheme() {
        "http" | "https" => Ok(url),
        other => Err(FetchError::BadUrl {
            url: url.to_string(),
            reason: format!("unsupported scheme `{other}`"),
        }),
    }
}

fn transport_error(url: &Url, err: ureq::Error) -> FetchError {
    let url = url.to_string();
    if let Some(refused) = crate::outbound::Refused::from_ureq(&err) {
        return FetchError::Refused {
            url,
            refused: refused.clone(),
        };
    }
    match err {
        ureq::Error::Timeout(kind) => FetchError::Timeout {
            url,
            phase: format!("{kind:?}").to_lowercase(),
        },
        ureq::Error::Io(_) | ureq::Error::ConnectionFailed | ureq::Error::Protocol(_) => {
            FetchError::Network {
                url,
                reason: err.to_string(),
                transient: true,
            }
        }
        other => FetchError::Network {
            url,
            reason: other.to_string(),
            transient: false,
        },
    }
}
