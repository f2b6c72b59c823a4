//! `feed add|list`, `fetch` and `watch --once` against a local server on 127.0.0.1 serving a
//! feed and an article we wrote. No network beyond the loopback.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::Arc;

use crate::util::{Workspace, repo_root};

/// Serves fixed `(status, body)` replies by path, one thread per connection; the feed carries an
/// ETag and answers 304 when it is sent back. Lives until the test process ends.
fn serve(routes: HashMap<&'static str, (u16, String)>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let routes = Arc::new(routes);
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let routes = routes.clone();
            std::thread::spawn(move || {
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") {
                    if stream.read(&mut byte).unwrap_or(0) == 0 {
                        return;
                    }
                    head.push(byte[0]);
                }
                let head = String::from_utf8_lossy(&head).to_ascii_lowercase();
                let path = head.split(' ').nth(1).unwrap_or("/").to_string();
                let (status, body) = match routes.get(path.as_str()) {
                    Some(_) if head.contains("if-none-match: \"v1\"") => (304, String::new()),
                    Some((status, body)) => (*status, body.clone()),
                    None => (404, "not found".to_string()),
                };
                let reply = format!(
                    "HTTP/1.1 {status} X\r\nConnection: close\r\nETag: \"v1\"\r\nContent-Type: text/html\r\nContent-Length: {}\r\n\r\n{body}",
                    body.len()
                );
                let _ = stream.write_all(reply.as_bytes());
            });
        }
    });
    base
}

const ARTICLE: &str = "<html><head><title>Drills</title>\
    <meta property=\"article:published_time\" content=\"2023-01-16T08:00:00Z\"></head>\
    <body><nav>Home | World</nav><article>\
    <p>Russian and Belarusian air force units began joint tactical drills in Belarus on Monday, the defence ministry in Minsk said.</p>\
    <p>The drills are to last until early February, officials added, and involve aircraft flown in from Russia.</p>\
    </article></body></html>";

fn feed_xml() -> String {
    "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Wire</title>\
     <item><title>Drills</title><link>/news/drills.html</link><pubDate>Mon, 16 Jan 2023 08:00:00 GMT</pubDate></item>\
     </channel></rss>"
        .to_string()
}

#[test]
fn feed_add_fetch_and_watch_once() {
    let base = serve(HashMap::from([
        ("/feed.xml", (200, feed_xml())),
        ("/news/drills.html", (200, ARTICLE.to_string())),
    ]));
    let ws = Workspace::new();
    let feed = format!("{base}/feed.xml");
    let added = ws.run(&["feed", "add", &feed, "--name", "Wire"]);
    assert!(
        added.success().stdout().contains("added feed 1"),
        "{}",
        added.stdout()
    );
    let again = ws.run(&["feed", "add", &feed]);
    assert!(again.success().stdout().contains("already subscribed"));
    assert_eq!(ws.run(&["feed", "add", "ftp://example.org/feed"]).code(), 2);

    let question = repo_root().join("demo/questions/belarus-joins-war.toml");
    ws.run(&["question", "add", question.to_str().unwrap()])
        .success();
    // Fetched pages go through the same alert evaluation as `ingest` and `import`.
    ws.run(&[
        "alert",
        "add",
        "--question",
        "belarus-joins-war",
        "--indicator",
        "joint-grouping-exercises",
    ])
    .success();

    // Without the option, a feed on loopback is refused before any request, naming the
    // URL and the address.
    let refused = ws.run(&["fetch", "--delay", "0"]);
    assert_eq!(refused.code(), 1, "{}", refused.stdout());
    assert!(
        refused.stdout().contains(&format!(
            "{feed}: refused to connect to 127.0.0.1: 127.0.0.1 is loopback"
        )),
        "{}",
        refused.stdout()
    );
    assert!(refused.stdout().contains("--allow-private-hosts"));

    let first = ws.run(&[
        "watch",
        "--once",
        "--delay",
        "0",
        "--allow-private-hosts",
        "--json",
    ]);
    let out = first.success().json();
    let alerts = ws.run(&["alert", "list", "--json"]).success().json();
    let recent = alerts["recent"].as_array().unwrap();
    assert_eq!(
        recent.len(),
        1,
        "the fetched drills page fires the rule: {alerts}"
    );
    assert!(
        recent[0]["message"].as_str().unwrap().contains("joint"),
        "{}",
        recent[0]["message"]
    );
    assert_eq!(
        out["fetch"]["feeds"][0]["added_ids"]
            .as_array()
            .unwrap()
            .len(),
        1,
        "{out}"
    );
    assert_eq!(out["forecasts"][0]["id"], "belarus-joins-war");
    assert!(out["forecasts"][0]["before"].is_null());

    // The feed answers 304 now; the second cycle reports the forecast against the first.
    let second = ws.run(&["watch", "--once", "--delay", "0", "--allow-private-hosts"]);
    let text = second.success().stdout();
    assert!(text.contains("Wire: not modified"), "{text}");
    assert!(
        text.contains("belarus-joins-war: ") && text.contains("as of "),
        "{text}"
    );

    // A failing feed (404, so not retried with real backoff here) is reported, with exit code
    // 1, and the other is still read.
    ws.run(&["feed", "add", &format!("{base}/missing.xml")])
        .success();
    let fetch = ws.run(&["fetch", "--delay", "0", "--allow-private-hosts"]);
    assert_eq!(fetch.code(), 1, "{}", fetch.stdout());
    assert!(fetch.stdout().contains("FAILED"), "{}", fetch.stdout());
    assert!(
        fetch.stdout().contains("Wire: not modified"),
        "{}",
        fetch.stdout()
    );
    assert!(fetch.stderr().contains("HTTP 404"), "{}", fetch.stderr());

    let list = ws.run(&["feed", "list", "--json"]).success().json();
    assert_eq!(list[0]["name"], "Wire");
    assert_eq!(list[0]["etag"], "\"v1\"");
    assert!(list[0]["last_error"].is_null());
    assert!(list[1]["last_error"].as_str().unwrap().contains("HTTP 404"));
}

#[test]
fn fetch_without_feeds_says_how_to_add_one() {
    let ws = Workspace::new();
    let run = ws.run(&["fetch"]);
    assert_eq!(run.code(), 2);
    assert!(
        run.stderr().contains("forewarn feed add"),
        "{}",
        run.stderr()
    );
}

#[test]
fn watch_rejects_a_bad_interval() {
    let ws = Workspace::new();
    let run = ws.run(&["watch", "--every", "soon", "--once"]);
    assert_eq!(run.code(), 2);
    assert!(run.stderr().contains("15m"), "{}", run.stderr());
}
