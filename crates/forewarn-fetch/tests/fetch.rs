//! Fetch runs against a local server on 127.0.0.1 serving feeds and pages written here. No
//! test touches the internet or sleeps: delays and backoff run on a virtual clock.

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use forewarn_fetch::{AddressPolicy, FeedStatus, FetchConfig, FetchReport, Fetcher};
use forewarn_model::Document;
use forewarn_pipeline::Pipeline;
use forewarn_store::Store;
use forewarn_store::feeds::UrlStatus;
use support::{FakeClock, Hit, Reply, Server, article, rss};

const NOW: &str = "2026-01-01T00:00:00Z";

struct Harness {
    clock: Arc<FakeClock>,
    server: Server,
    store: Store,
    pipeline: Pipeline,
    config: FetchConfig,
}

impl Harness {
    fn new() -> Harness {
        let clock = FakeClock::new();
        let server = Server::start(clock.clone());
        let store = Store::open_in_memory().unwrap();
        let pipeline = Pipeline::new(&store).unwrap();
        let config = FetchConfig {
            host_delay: Duration::from_secs(1),
            backoff: Duration::from_secs(1),
            connect_timeout: Duration::from_secs(5),
            read_timeout: Duration::from_secs(5),
            // The test server is on loopback, which the default policy refuses.
            addresses: AddressPolicy::allow_private(),
            ..FetchConfig::default()
        };
        Harness {
            clock,
            server,
            store,
            pipeline,
            config,
        }
    }

    fn add_feed(&mut self, path: &str) -> i64 {
        let url = self.server.url(path);
        self.store.add_feed(&url, Some(path), NOW).unwrap().0
    }

    /// One fetch run with a fresh fetcher, as `forewarn fetch` does.
    fn fetch(&mut self) -> FetchReport {
        let mut fetcher = Fetcher::with_clock(self.config.clone(), self.clock.clone());
        fetcher
            .fetch_all(&mut self.store, &mut self.pipeline, NOW)
            .unwrap()
    }

    fn documents(&self) -> usize {
        self.store.counts().unwrap().documents
    }
}

fn feed_report<'a>(report: &'a FetchReport, path: &str) -> &'a forewarn_fetch::FeedReport {
    report.feeds.iter().find(|f| f.url.ends_with(path)).unwrap()
}

#[test]
fn etag_and_last_modified_give_a_304_on_the_second_run() {
    let mut h = Harness::new();
    let body = rss("Wire", &["/a/1.html", "/a/2.html"]);
    h.server.route("/etag.xml", move |hit| {
        match hit.headers.get("if-none-match").map(String::as_str) {
            Some("\"v1\"") => Reply::status(304),
            _ => Reply::rss(body.clone()).header("ETag", "\"v1\""),
        }
    });
    let body = rss("Dated", &["/b/1.html"]);
    h.server.route("/dated.xml", move |hit| {
        match hit.headers.get("if-modified-since") {
            Some(_) => Reply::status(304),
            None => {
                Reply::rss(body.clone()).header("Last-Modified", "Tue, 13 Dec 2022 08:00:00 GMT")
            }
        }
    });
    h.server
        .fixed("/a/1.html", Reply::html(article("One", "first")));
    h.server
        .fixed("/a/2.html", Reply::html(article("Two", "second")));
    h.server
        .fixed("/b/1.html", Reply::html(article("Three", "third")));
    let etag_feed = h.add_feed("/etag.xml");
    h.add_feed("/dated.xml");

    let first = h.fetch();
    assert_eq!(feed_report(&first, "/etag.xml").status, FeedStatus::Fetched);
    assert_eq!(first.added(), 3);
    assert_eq!(
        h.store.feed(etag_feed).unwrap().unwrap().etag.as_deref(),
        Some("\"v1\"")
    );

    let second = h.fetch();
    assert!(
        second
            .feeds
            .iter()
            .all(|f| f.status == FeedStatus::NotModified),
        "{second:?}"
    );
    assert_eq!(second.added(), 0);
    let etag_hits = h.server.hits_for("/etag.xml");
    assert_eq!(etag_hits.len(), 2);
    assert_eq!(
        etag_hits[1]
            .headers
            .get("if-none-match")
            .map(String::as_str),
        Some("\"v1\"")
    );
    let dated_hits = h.server.hits_for("/dated.xml");
    assert_eq!(
        dated_hits[1]
            .headers
            .get("if-modified-since")
            .map(String::as_str),
        Some("Tue, 13 Dec 2022 08:00:00 GMT")
    );
    // Every page was requested exactly once over both runs.
    assert_eq!(h.server.hits_for("/a/1.html").len(), 1);
    assert_eq!(h.documents(), 3);
    // The document keeps the page URL, the feed name as source and the page's date.
    let doc = h
        .store
        .document(first.feeds[0].added_ids[0])
        .unwrap()
        .unwrap()
        .document;
    assert_eq!(doc.url, Some(h.server.url("/a/1.html")));
    assert_eq!(doc.source.as_deref(), Some("/etag.xml"));
    assert_eq!(doc.published, chrono::NaiveDate::from_ymd_opt(2022, 12, 13));
}

#[test]
fn a_feed_that_returns_500_does_not_stop_the_others() {
    let mut h = Harness::new();
    h.server.fixed("/broken.xml", Reply::status(500));
    h.server
        .fixed("/good.xml", Reply::rss(rss("Good", &["/g/1.html"])));
    h.server
        .fixed("/g/1.html", Reply::html(article("Good", "good")));
    let broken = h.add_feed("/broken.xml");
    h.add_feed("/good.xml");

    let report = h.fetch();
    let bad = feed_report(&report, "/broken.xml");
    assert_eq!(bad.status, FeedStatus::Failed);
    assert!(
        bad.error.as_deref().unwrap().contains("HTTP 500"),
        "{bad:?}"
    );
    assert_eq!(feed_report(&report, "/good.xml").added_ids.len(), 1);
    assert_eq!(h.documents(), 1);
    // Retried twice with exponential backoff, on the virtual clock.
    assert_eq!(h.server.hits_for("/broken.xml").len(), 3);
    let sleeps = h.clock.sleeps();
    assert!(
        sleeps.contains(&Duration::from_secs(1)) && sleeps.contains(&Duration::from_secs(2)),
        "{sleeps:?}"
    );
    let stored = h.store.feed(broken).unwrap().unwrap();
    assert!(stored.last_error.unwrap().contains("HTTP 500"));
    assert!(stored.last_fetched.is_some());
}

#[test]
fn a_page_that_fails_once_is_retried_within_the_run() {
    let mut h = Harness::new();
    h.server
        .fixed("/feed.xml", Reply::rss(rss("Wire", &["/flaky.html"])));
    let calls = AtomicUsize::new(0);
    let page = article("Flaky", "flaky");
    h.server.route("/flaky.html", move |_| {
        if calls.fetch_add(1, Ordering::SeqCst) == 0 {
            Reply::status(503)
        } else {
            Reply::html(page.clone())
        }
    });
    h.add_feed("/feed.xml");
    assert_eq!(h.fetch().added(), 1);
    assert_eq!(h.server.hits_for("/flaky.html").len(), 2);
}

#[test]
fn a_page_over_the_size_limit_is_refused_and_the_rest_go_on() {
    let mut h = Harness::new();
    h.config.max_page_bytes = 16 * 1024;
    h.server.fixed(
        "/feed.xml",
        Reply::rss(rss("Wire", &["/huge.html", "/streamed.html", "/ok.html"])),
    );
    let huge = format!(
        "<html><body><p>{}</p></body></html>",
        "word ".repeat(40_000)
    );
    h.server.fixed("/huge.html", Reply::html(huge.clone()));
    h.server.fixed(
        "/streamed.html",
        Reply {
            no_length: true,
            ..Reply::html(huge)
        },
    );
    h.server
        .fixed("/ok.html", Reply::html(article("Fine", "fine")));
    h.add_feed("/feed.xml");

    let report = h.fetch();
    let feed = &report.feeds[0];
    assert_eq!(feed.added_ids.len(), 1);
    assert_eq!(feed.failed.len(), 2, "{feed:?}");
    for failure in &feed.failed {
        assert!(
            failure
                .error
                .contains("larger than the limit of 16384 bytes"),
            "{failure:?}"
        );
    }
    // A size failure is permanent: recorded, not retried within the run.
    assert_eq!(h.server.hits_for("/huge.html").len(), 1);
    let record = h
        .store
        .fetched_url(&h.server.url("/huge.html"))
        .unwrap()
        .unwrap();
    assert_eq!(record.status, UrlStatus::Failed);
}

/// Fetches a feed served on loopback at the URL `to_url` makes of the served one, under the
/// default policy: the feed fails and not one request reaches the server, robots.txt
/// included. Returns the feed's error.
fn refused_loopback_feed(h: &mut Harness, to_url: impl Fn(String) -> String) -> (String, String) {
    h.config.addresses = AddressPolicy::public_only();
    h.server
        .fixed("/feed.xml", Reply::rss(rss("Wire", &["/a/1.html"])));
    let url = to_url(h.server.url("/feed.xml"));
    h.store.add_feed(&url, Some("/feed.xml"), NOW).unwrap();

    let report = h.fetch();
    let feed = &report.feeds[0];
    assert_eq!(feed.status, FeedStatus::Failed);
    assert!(h.server.hits().is_empty(), "{:?}", h.server.hits());
    (url, feed.error.clone().unwrap())
}

#[test]
fn a_feed_on_loopback_is_refused_by_default_naming_url_and_address() {
    let mut h = Harness::new();
    let (url, error) = refused_loopback_feed(&mut h, |url| url);
    assert!(error.starts_with(&url), "names the URL: {error}");
    assert!(
        error.contains("127.0.0.1 is loopback") && error.contains("--allow-private-hosts"),
        "names the address and the way out: {error}"
    );
    assert_eq!(h.documents(), 0);
}

/// A name, not an address: the check is on what `localhost` resolves to, the address the
/// connection would be made to.
#[test]
fn a_name_that_resolves_to_loopback_is_refused() {
    let mut h = Harness::new();
    let (url, error) = refused_loopback_feed(&mut h, |url| url.replace("127.0.0.1", "localhost"));
    assert!(
        error.starts_with(&url) && error.contains("is loopback"),
        "{error}"
    );
}

#[test]
fn a_redirect_from_an_allowed_host_to_a_private_address_is_refused() {
    let mut h = Harness::new();
    // 127.0.0.1 plays a public host; 127.0.0.2, loopback too, stays refused.
    h.config.addresses = AddressPolicy::public_only().also_allowing("127.0.0.1".parse().unwrap());
    let port = h.server.url("").rsplit(':').next().unwrap().to_string();
    let private = format!("http://127.0.0.2:{port}/secret.html");
    h.server.fixed(
        "/feed.xml",
        Reply::rss(rss("Wire", &["/hop", "/fine.html"])),
    );
    h.server.fixed("/hop", Reply::redirect(&private));
    h.server
        .fixed("/fine.html", Reply::html(article("Fine", "fine")));
    h.server
        .fixed("/secret.html", Reply::html(article("Secret", "secret")));
    h.add_feed("/feed.xml");

    let report = h.fetch();
    let feed = &report.feeds[0];
    assert_eq!(feed.status, FeedStatus::Fetched);
    assert_eq!(feed.added_ids.len(), 1, "the public page is still ingested");
    assert_eq!(feed.failed.len(), 1, "{:?}", feed.failed);
    let error = &feed.failed[0].error;
    assert!(
        error.starts_with(&private) && error.contains("127.0.0.2 is loopback"),
        "{error}"
    );
    assert!(h.server.hits_for("/secret.html").is_empty());
}

#[test]
fn a_redirect_loop_is_an_error_and_a_plain_redirect_is_followed() {
    let mut h = Harness::new();
    h.server
        .fixed("/old-feed.xml", Reply::redirect("/feed.xml"));
    h.server
        .fixed("/feed.xml", Reply::rss(rss("Wire", &["/loop/a", "/moved"])));
    h.server.fixed("/loop/a", Reply::redirect("/loop/b"));
    h.server.fixed("/loop/b", Reply::redirect("/loop/a"));
    h.server.fixed("/moved", Reply::redirect("/story.html"));
    h.server
        .fixed("/story.html", Reply::html(article("Moved", "moved")));
    h.add_feed("/old-feed.xml");

    let report = h.fetch();
    let feed = &report.feeds[0];
    assert_eq!(feed.status, FeedStatus::Fetched);
    assert_eq!(feed.added_ids.len(), 1);
    assert_eq!(feed.failed.len(), 1);
    assert!(
        feed.failed[0].error.starts_with("redirect loop:"),
        "{:?}",
        feed.failed[0]
    );
    assert_eq!(h.server.hits_for("/loop/a").len(), 1);
    // The document carries the URL the page was finally read from; the redirecting link is
    // remembered too, so neither is fetched again.
    let doc = h
        .store
        .document(feed.added_ids[0])
        .unwrap()
        .unwrap()
        .document;
    assert_eq!(doc.url, Some(h.server.url("/story.html")));
    for path in ["/moved", "/story.html"] {
        let record = h.store.fetched_url(&h.server.url(path)).unwrap().unwrap();
        assert_eq!(record.status, UrlStatus::Ingested);
    }
}

#[test]
fn too_many_redirects_is_an_error() {
    let mut h = Harness::new();
    h.config.max_redirects = 3;
    h.server
        .fixed("/feed.xml", Reply::rss(rss("Wire", &["/r/0"])));
    for i in 0..10 {
        h.server.fixed(
            &format!("/r/{i}"),
            Reply::redirect(&format!("/r/{}", i + 1)),
        );
    }
    h.add_feed("/feed.xml");
    let report = h.fetch();
    assert!(
        report.feeds[0].failed[0]
            .error
            .starts_with("more than 3 redirects"),
        "{report:?}"
    );
    assert_eq!(
        h.server
            .hits()
            .iter()
            .filter(|hit| hit.path.starts_with("/r/"))
            .count(),
        4
    );
}

#[test]
fn malformed_xml_fails_that_feed_only() {
    let mut h = Harness::new();
    h.server.fixed(
        "/bad.xml",
        Reply::rss("<rss><channel><item><title>cut off</title></chan"),
    );
    h.server.fixed(
        "/html.xml",
        Reply::html("<html><body>not a feed</body></html>"),
    );
    h.server
        .fixed("/good.xml", Reply::rss(rss("Good", &["/g.html"])));
    h.server
        .fixed("/g.html", Reply::html(article("Good", "good")));
    let bad = h.add_feed("/bad.xml");
    h.add_feed("/html.xml");
    h.add_feed("/good.xml");

    let report = h.fetch();
    for path in ["/bad.xml", "/html.xml"] {
        let feed = feed_report(&report, path);
        assert_eq!(feed.status, FeedStatus::Failed);
        assert!(
            feed.error
                .as_deref()
                .unwrap()
                .contains("not a readable feed"),
            "{feed:?}"
        );
    }
    assert_eq!(feed_report(&report, "/good.xml").added_ids.len(), 1);
    assert!(h.store.feed(bad).unwrap().unwrap().last_error.is_some());
    // A feed that failed to parse is only tried once: it is not a transient failure.
    assert_eq!(h.server.hits_for("/bad.xml").len(), 1);
}

#[test]
fn a_page_already_ingested_adds_no_duplicate() {
    let mut h = Harness::new();
    // Stored before by URL (say, a saved page ingested from disk).
    let saved = Document {
        hash: "saved".into(),
        text: "Saved from disk earlier.".into(),
        url: Some(h.server.url("/known.html")),
        ..Document::default()
    };
    h.pipeline
        .add_documents(&mut h.store, vec![saved], NOW)
        .unwrap();
    h.server.fixed(
        "/one.xml",
        Reply::rss(rss("One", &["/known.html", "/story.html"])),
    );
    // A second feed links the same story under another URL: same text, same content hash.
    h.server.fixed(
        "/two.xml",
        Reply::rss(rss("Two", &["/story.html?utm_source=two", "/story.html"])),
    );
    h.server
        .fixed("/known.html", Reply::html(article("Known", "known")));
    h.server
        .fixed("/story.html", Reply::html(article("Story", "story")));
    h.server.fixed(
        "/story.html?utm_source=two",
        Reply::html(article("Story", "story")),
    );
    h.add_feed("/one.xml");
    h.add_feed("/two.xml");

    let report = h.fetch();
    let one = feed_report(&report, "/one.xml");
    assert_eq!((one.known, one.added_ids.len()), (1, 1), "{one:?}");
    let two = feed_report(&report, "/two.xml");
    assert_eq!(
        (two.duplicates, two.known, two.added_ids.len()),
        (1, 1, 0),
        "{two:?}"
    );
    assert_eq!(h.documents(), 2);
    assert!(h.server.hits_for("/known.html").is_empty());
    assert_eq!(h.server.hits_for("/story.html").len(), 1);

    // Nothing is fetched or stored again on the next run.
    let again = h.fetch();
    assert_eq!(again.added(), 0);
    assert!(
        again
            .feeds
            .iter()
            .all(|f| f.known == f.items && f.failed.is_empty()),
        "{again:?}"
    );
    assert_eq!(h.server.hits_for("/story.html").len(), 1);
    assert_eq!(h.documents(), 2);
}

#[test]
fn robots_txt_disallow_is_obeyed() {
    let mut h = Harness::new();
    h.server.fixed(
        "/robots.txt",
        Reply::new(
            200,
            "text/plain",
            "User-agent: *\nDisallow: /\n\nUser-agent: forewarn\nDisallow: /private/\n",
        ),
    );
    h.server.fixed(
        "/feed.xml",
        Reply::rss(rss("Wire", &["/private/secret.html", "/public/open.html"])),
    );
    h.server.fixed(
        "/private/secret.html",
        Reply::html(article("Secret", "secret")),
    );
    h.server
        .fixed("/public/open.html", Reply::html(article("Open", "open")));
    h.add_feed("/feed.xml");

    let report = h.fetch();
    let feed = &report.feeds[0];
    assert_eq!(feed.added_ids.len(), 1);
    let secret = h.server.url("/private/secret.html");
    assert_eq!(
        feed.failed[0].error,
        format!("{secret}: disallowed by robots.txt")
    );
    assert!(h.server.hits_for("/private/secret.html").is_empty());
    // robots.txt is read once per run for the site, before anything else.
    let hits = h.server.hits();
    assert_eq!(hits[0].path, "/robots.txt");
    assert_eq!(
        hits.iter().filter(|hit| hit.path == "/robots.txt").count(),
        1
    );
    assert!(hits[0].headers["user-agent"].starts_with("forewarn/"));
}

#[test]
fn a_robots_txt_server_error_means_fetch_nothing_from_the_site() {
    let mut h = Harness::new();
    h.server.fixed("/robots.txt", Reply::status(503));
    h.server
        .fixed("/feed.xml", Reply::rss(rss("Wire", &["/a.html"])));
    h.add_feed("/feed.xml");
    let report = h.fetch();
    assert_eq!(report.feeds[0].status, FeedStatus::Failed);
    assert!(
        report.feeds[0]
            .error
            .as_deref()
            .unwrap()
            .contains("robots.txt")
    );
    assert!(h.server.hits_for("/feed.xml").is_empty());
}

#[test]
fn requests_to_one_host_are_spaced_by_the_politeness_delay() {
    let mut h = Harness::new();
    h.config.host_delay = Duration::from_secs(5);
    h.server.fixed(
        "/feed.xml",
        Reply::rss(rss("Wire", &["/1.html", "/2.html", "/3.html"])),
    );
    for (i, path) in ["/1.html", "/2.html", "/3.html"].into_iter().enumerate() {
        h.server
            .fixed(path, Reply::html(article(path, &format!("page {i}"))));
    }
    h.add_feed("/feed.xml");
    assert_eq!(h.fetch().added(), 3);
    let hits = h.server.hits();
    // robots.txt, the feed, three pages.
    assert_eq!(hits.len(), 5);
    for pair in hits.windows(2) {
        assert!(
            pair[1].at - pair[0].at >= Duration::from_secs(5),
            "{:?} then {:?}",
            pair[0],
            pair[1]
        );
    }
}

#[test]
fn a_crawl_delay_longer_than_ours_is_obeyed() {
    let mut h = Harness::new();
    h.server.fixed(
        "/robots.txt",
        Reply::new(200, "text/plain", "User-agent: *\nCrawl-delay: 9\n"),
    );
    h.server
        .fixed("/feed.xml", Reply::rss(rss("Wire", &["/1.html"])));
    h.server
        .fixed("/1.html", Reply::html(article("One", "one")));
    h.add_feed("/feed.xml");
    h.fetch();
    let feed = &h.server.hits_for("/feed.xml")[0];
    let page = &h.server.hits_for("/1.html")[0];
    assert!(page.at - feed.at >= Duration::from_secs(9));
}

#[test]
fn pages_of_unsupported_types_are_skipped_and_remembered() {
    let mut h = Harness::new();
    h.server
        .fixed("/feed.xml", Reply::rss(rss("Wire", &["/report.pdf"])));
    h.server.fixed(
        "/report.pdf",
        Reply::new(200, "application/pdf", b"%PDF-1.4".to_vec()),
    );
    h.add_feed("/feed.xml");
    let report = h.fetch();
    assert_eq!(report.feeds[0].empty, 1);
    h.fetch();
    assert_eq!(h.server.hits_for("/report.pdf").len(), 1);
}

#[test]
fn an_unreachable_feed_is_reported_with_its_url() {
    let mut h = Harness::new();
    h.config.retries = 0;
    // A port nobody listens on: bind, note it and drop the listener.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}/feed.xml");
    h.store.add_feed(&url, None, NOW).unwrap();
    let report = h.fetch();
    assert_eq!(report.feeds[0].status, FeedStatus::Failed);
    let error = report.feeds[0].error.clone().unwrap();
    // robots.txt is the first request to fail, so that is what the error names.
    assert!(
        error.contains("robots.txt") || error.contains(&url),
        "{error}"
    );
}

/// A route that fails once with `status` and a `Retry-After` worded by `retry_after` (given the
/// virtual time of the request), then serves `ok`.
fn fails_once_with_retry_after(
    h: &Harness,
    path: &str,
    status: u16,
    retry_after: fn(Duration) -> String,
    ok: Reply,
) {
    let calls = AtomicUsize::new(0);
    h.server.route(path, move |hit: &Hit| {
        if calls.fetch_add(1, Ordering::SeqCst) == 0 {
            Reply::status(status).header("Retry-After", &retry_after(hit.at))
        } else {
            ok.clone()
        }
    });
}

fn imf_fixdate(at: Duration) -> String {
    FakeClock::date_at(at)
        .format("%a, %d %b %Y %H:%M:%S GMT")
        .to_string()
}

#[test]
fn a_retry_waits_as_long_as_retry_after_asks() {
    struct Case {
        name: &'static str,
        status: u16,
        retry_after: fn(Duration) -> String,
        wait: Duration,
    }
    let secs = Duration::from_secs;
    let cases = [
        Case {
            name: "delta-seconds",
            status: 503,
            retry_after: |_| "7".into(),
            wait: secs(7),
        },
        Case {
            name: "IMF-fixdate 5 s after the virtual now",
            status: 429,
            retry_after: |at| imf_fixdate(at + Duration::from_secs(5)),
            wait: secs(5),
        },
        Case {
            name: "RFC 850 date",
            status: 503,
            retry_after: |at| {
                FakeClock::date_at(at + Duration::from_secs(4))
                    .format("%A, %d-%b-%y %H:%M:%S GMT")
                    .to_string()
            },
            wait: secs(4),
        },
        Case {
            name: "asctime date",
            status: 408,
            retry_after: |at| {
                FakeClock::date_at(at + Duration::from_secs(6))
                    .format("%a %b %e %H:%M:%S %Y")
                    .to_string()
            },
            wait: secs(6),
        },
        // Unreadable values fall back to our backoff (3 s below, apart from the 1 s host delay
        // that a zero wait would come to).
        Case {
            name: "garbage",
            status: 503,
            retry_after: |_| "soon".into(),
            wait: secs(3),
        },
        Case {
            name: "negative seconds",
            status: 503,
            retry_after: |_| "-5".into(),
            wait: secs(3),
        },
    ];
    for case in cases {
        let mut h = Harness::new();
        h.config.backoff = secs(3);
        h.server
            .fixed("/feed.xml", Reply::rss(rss("Wire", &["/page.html"])));
        fails_once_with_retry_after(
            &h,
            "/page.html",
            case.status,
            case.retry_after,
            Reply::html(article("Page", "page")),
        );
        h.add_feed("/feed.xml");
        let report = h.fetch();
        assert_eq!(report.added(), 1, "{}: {report:?}", case.name);
        let hits = h.server.hits_for("/page.html");
        assert_eq!(hits.len(), 2, "{}", case.name);
        assert_eq!(hits[1].at - hits[0].at, case.wait, "{}", case.name);
    }
}

#[test]
fn a_retry_after_over_the_cap_leaves_the_url_for_the_next_run() {
    struct Case {
        name: &'static str,
        /// The failing route; the feed itself or the one page it links to.
        path: &'static str,
        retry_after: fn(Duration) -> String,
        asked_secs: u64,
    }
    let cases = [
        Case {
            name: "page, delta-seconds",
            path: "/page.html",
            retry_after: |_| "3600".into(),
            asked_secs: 3600,
        },
        Case {
            name: "page, HTTP-date",
            path: "/page.html",
            retry_after: |at| imf_fixdate(at + Duration::from_secs(7200)),
            asked_secs: 7200,
        },
        Case {
            name: "feed, delta-seconds",
            path: "/feed.xml",
            retry_after: |_| "3600".into(),
            asked_secs: 3600,
        },
    ];
    for case in cases {
        let mut h = Harness::new();
        let feed = Reply::rss(rss("Wire", &["/page.html"]));
        let page = Reply::html(article("Page", "page"));
        if case.path == "/feed.xml" {
            fails_once_with_retry_after(&h, case.path, 503, case.retry_after, feed);
            h.server.fixed("/page.html", page);
        } else {
            // With validators, the page is seen again only if its failure kept them back as a
            // transient one should.
            h.server.route("/feed.xml", move |hit| {
                match hit.headers.get("if-none-match").map(String::as_str) {
                    Some("\"v1\"") => Reply::status(304),
                    _ => feed.clone().header("ETag", "\"v1\""),
                }
            });
            fails_once_with_retry_after(&h, case.path, 503, case.retry_after, page);
        }
        h.add_feed("/feed.xml");

        let first = h.fetch();
        let feed = &first.feeds[0];
        let error = feed
            .error
            .clone()
            .or_else(|| feed.failed.first().map(|f| f.error.clone()))
            .unwrap_or_else(|| panic!("{}: no failure in {first:?}", case.name));
        assert_eq!(
            error,
            format!(
                "{}: HTTP 503: the server asked to retry after {} s, longer than the 60 s we \
                 wait; left for a later run",
                h.server.url(case.path),
                case.asked_secs
            ),
            "{}",
            case.name
        );
        // Not retried within the run, and no long sleep on the way.
        assert_eq!(h.server.hits_for(case.path).len(), 1, "{}", case.name);
        assert!(
            h.clock.elapsed() < Duration::from_secs(60),
            "{}: {:?}",
            case.name,
            h.clock.sleeps()
        );
        assert_eq!(first.added(), 0, "{}", case.name);

        let second = h.fetch();
        assert_eq!(second.added(), 1, "{}: {second:?}", case.name);
        assert_eq!(h.server.hits_for(case.path).len(), 2, "{}", case.name);
    }
}

#[test]
fn only_a_permanent_redirect_of_a_feed_moves_its_stored_url() {
    struct Case {
        name: &'static str,
        /// (path, status, Location) from `/old.xml` on; the last hop leads to `/new.xml`.
        hops: &'static [(&'static str, u16, &'static str)],
        moved: bool,
    }
    let cases = [
        Case {
            name: "301",
            hops: &[("/old.xml", 301, "/new.xml")],
            moved: true,
        },
        Case {
            name: "308",
            hops: &[("/old.xml", 308, "/new.xml")],
            moved: true,
        },
        Case {
            name: "302",
            hops: &[("/old.xml", 302, "/new.xml")],
            moved: false,
        },
        Case {
            name: "303",
            hops: &[("/old.xml", 303, "/new.xml")],
            moved: false,
        },
        Case {
            name: "307",
            hops: &[("/old.xml", 307, "/new.xml")],
            moved: false,
        },
        Case {
            name: "301 then 308",
            hops: &[("/old.xml", 301, "/mid.xml"), ("/mid.xml", 308, "/new.xml")],
            moved: true,
        },
        Case {
            name: "301 then 302",
            hops: &[("/old.xml", 301, "/mid.xml"), ("/mid.xml", 302, "/new.xml")],
            moved: false,
        },
        Case {
            name: "307 then 301",
            hops: &[("/old.xml", 307, "/mid.xml"), ("/mid.xml", 301, "/new.xml")],
            moved: false,
        },
    ];
    for case in cases {
        let mut h = Harness::new();
        for (path, status, location) in case.hops {
            h.server
                .fixed(path, Reply::redirect_with(*status, location));
        }
        h.server
            .fixed("/new.xml", Reply::rss(rss("Wire", &["/a.html"])));
        h.server.fixed("/a.html", Reply::html(article("A", "a")));
        let id = h.add_feed("/old.xml");
        let (old, new) = (h.server.url("/old.xml"), h.server.url("/new.xml"));

        let first = h.fetch();
        assert_eq!(first.added(), 1, "{}: {first:?}", case.name);
        let expected = if case.moved { &new } else { &old };
        assert_eq!(
            &h.store.feed(id).unwrap().unwrap().url,
            expected,
            "{}",
            case.name
        );
        assert_eq!(
            first.feeds[0].moved_to.as_ref(),
            case.moved.then_some(&new),
            "{}",
            case.name
        );

        h.fetch();
        let old_hits = if case.moved { 1 } else { 2 };
        assert_eq!(
            h.server.hits_for("/old.xml").len(),
            old_hits,
            "{}",
            case.name
        );
        assert_eq!(h.server.hits_for("/new.xml").len(), 2, "{}", case.name);
    }
}

#[test]
fn a_feed_moved_permanently_and_not_modified_there_is_moved_too() {
    let mut h = Harness::new();
    h.server
        .fixed("/old.xml", Reply::redirect_with(301, "/new.xml"));
    h.server.route("/new.xml", |hit| {
        match hit.headers.get("if-none-match").map(String::as_str) {
            Some("\"v1\"") => Reply::status(304),
            _ => Reply::rss(rss("Wire", &[])).header("ETag", "\"v1\""),
        }
    });
    let id = h.add_feed("/old.xml");
    h.store
        .record_feed_success(id, Some("\"v1\""), None, NOW)
        .unwrap();
    let report = h.fetch();
    assert_eq!(report.feeds[0].status, FeedStatus::NotModified);
    let feed = h.store.feed(id).unwrap().unwrap();
    assert_eq!(feed.url, h.server.url("/new.xml"));
    assert_eq!(feed.etag.as_deref(), Some("\"v1\""));
}

#[test]
fn a_feed_moved_to_the_url_of_another_feed_keeps_its_own() {
    let mut h = Harness::new();
    h.server
        .fixed("/old.xml", Reply::redirect_with(301, "/new.xml"));
    h.server
        .fixed("/new.xml", Reply::rss(rss("Wire", &["/a.html"])));
    h.server.fixed("/a.html", Reply::html(article("A", "a")));
    let old = h.add_feed("/old.xml");
    let new = h.add_feed("/new.xml");
    let report = h.fetch();
    assert_eq!(report.failures(), 0, "{report:?}");
    assert!(report.feeds.iter().all(|f| f.moved_to.is_none()));
    for (id, path) in [(old, "/old.xml"), (new, "/new.xml")] {
        assert_eq!(h.store.feed(id).unwrap().unwrap().url, h.server.url(path));
    }
}

#[test]
fn a_permanent_redirect_to_something_that_is_not_a_feed_moves_nothing() {
    let mut h = Harness::new();
    h.server.fixed("/old.xml", Reply::redirect_with(301, "/"));
    h.server
        .fixed("/", Reply::html("<html><body>Home</body></html>"));
    let id = h.add_feed("/old.xml");
    let report = h.fetch();
    assert_eq!(report.feeds[0].status, FeedStatus::Failed);
    assert_eq!(
        h.store.feed(id).unwrap().unwrap().url,
        h.server.url("/old.xml")
    );
}

#[test]
fn a_page_without_text_is_replaced_by_the_items_own_text() {
    let mut h = Harness::new();
    let feed = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Wire</title>\
        <item><title>Drills &amp;amp; checks</title><link>/video/1</link>\
        <pubDate>Tue, 13 Dec 2022 08:00:00 GMT</pubDate>\
        <description><![CDATA[<p>Belarus began&nbsp;snap drills on Tuesday.</p><p>Ukraine&#039;s border guards were watching.<img src=\"x.jpg\"></p>]]></description></item>\
        <item><title>Nothing here</title><link>/video/2</link></item>\
        </channel></rss>";
    h.server.fixed("/feed.xml", Reply::rss(feed));
    for path in ["/video/1", "/video/2"] {
        h.server.fixed(
            path,
            Reply::new(200, "video/mp4", b"\x00\x00\x00 ftyp".to_vec()),
        );
    }
    h.add_feed("/feed.xml");
    let report = h.fetch();
    let feed = &report.feeds[0];
    assert_eq!(feed.added_ids.len(), 1, "{feed:?}");
    // The item without any text of its own is still an empty page, remembered as such.
    assert_eq!(feed.empty, 1, "{feed:?}");
    let doc = h
        .store
        .document(feed.added_ids[0])
        .unwrap()
        .unwrap()
        .document;
    assert_eq!(doc.title.as_deref(), Some("Drills & checks"));
    assert_eq!(
        doc.text,
        "Belarus began snap drills on Tuesday.\n\nUkraine's border guards were watching."
    );
    assert_eq!(doc.url.as_deref(), Some(h.server.url("/video/1").as_str()));
    assert_eq!(doc.published, chrono::NaiveDate::from_ymd_opt(2022, 12, 13));
}
