//! A tiny HTTP/1.1 server on 127.0.0.1 for the fetch tests, and a virtual clock.
//!
//! The server answers each connection on its own thread with `Connection: close`, from routes
//! the test registers, and logs every request with the virtual time it arrived at. Because the
//! fetcher is blocking and sleeps only through the virtual clock, the logged times are the times
//! the fetcher sent each request, without any real waiting.

#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use forewarn_fetch::Clock;

/// The virtual calendar time when a test starts, far from the real date so a test that read
/// the wall clock would show it.
pub const EPOCH: &str = "2026-01-01T00:00:00Z";

/// Virtual time: `sleep` advances it at once.
#[derive(Debug)]
pub struct FakeClock {
    start: Instant,
    elapsed: Mutex<Duration>,
    sleeps: Mutex<Vec<Duration>>,
}

impl FakeClock {
    pub fn new() -> Arc<FakeClock> {
        Arc::new(FakeClock {
            start: Instant::now(),
            elapsed: Mutex::new(Duration::ZERO),
            sleeps: Mutex::new(Vec::new()),
        })
    }

    pub fn elapsed(&self) -> Duration {
        *self.elapsed.lock().unwrap()
    }

    pub fn sleeps(&self) -> Vec<Duration> {
        self.sleeps.lock().unwrap().clone()
    }

    /// The calendar time `elapsed` into the test.
    pub fn date_at(elapsed: Duration) -> DateTime<Utc> {
        let epoch = DateTime::parse_from_rfc3339(EPOCH)
            .unwrap()
            .with_timezone(&Utc);
        epoch + elapsed
    }
}

impl Clock for FakeClock {
    fn now(&self) -> Instant {
        self.start + self.elapsed()
    }

    fn utc_now(&self) -> DateTime<Utc> {
        FakeClock::date_at(self.elapsed())
    }

    fn sleep(&self, duration: Duration) {
        *self.elapsed.lock().unwrap() += duration;
        self.sleeps.lock().unwrap().push(duration);
    }
}

/// A request as the server saw it.
#[derive(Debug, Clone)]
pub struct Hit {
    /// Path with query.
    pub path: String,
    /// Lower-case header names.
    pub headers: HashMap<String, String>,
    /// Virtual time of arrival.
    pub at: Duration,
}

/// What a route answers.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Send no Content-Length and end the body by closing, so the client must stream.
    pub no_length: bool,
}

impl Reply {
    pub fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.into(),
            no_length: false,
        }
    }

    pub fn html(body: impl Into<Vec<u8>>) -> Reply {
        Reply::new(200, "text/html; charset=utf-8", body)
    }

    pub fn rss(body: impl Into<Vec<u8>>) -> Reply {
        Reply::new(200, "application/rss+xml", body)
    }

    pub fn status(status: u16) -> Reply {
        Reply::new(status, "text/plain", format!("status {status}"))
    }

    /// A temporary (302) redirect.
    pub fn redirect(to: &str) -> Reply {
        Reply::redirect_with(302, to)
    }

    pub fn redirect_with(status: u16, to: &str) -> Reply {
        let mut reply = Reply::new(status, "text/plain", "moved");
        reply.headers.push(("Location".into(), to.into()));
        reply
    }

    pub fn header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.into(), value.into()));
        self
    }
}

type Handler = Box<dyn Fn(&Hit) -> Reply + Send + Sync>;

/// The test server. Unknown paths (robots.txt included) answer 404.
pub struct Server {
    pub addr: SocketAddr,
    routes: Arc<Mutex<HashMap<String, Handler>>>,
    hits: Arc<Mutex<Vec<Hit>>>,
}

impl Server {
    pub fn start(clock: Arc<FakeClock>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let routes: Arc<Mutex<HashMap<String, Handler>>> = Arc::default();
        let hits: Arc<Mutex<Vec<Hit>>> = Arc::default();
        let (r, h) = (routes.clone(), hits.clone());
        // Lives until the test process ends; each test has its own server and port.
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (r, h, clock) = (r.clone(), h.clone(), clock.clone());
                std::thread::spawn(move || serve(stream, &r, &h, &clock));
            }
        });
        Server { addr, routes, hits }
    }

    /// `http://127.0.0.1:PORT` + `path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub fn route(&self, path: &str, handler: impl Fn(&Hit) -> Reply + Send + Sync + 'static) {
        self.routes
            .lock()
            .unwrap()
            .insert(path.to_string(), Box::new(handler));
    }

    /// A route that always gives the same reply.
    pub fn fixed(&self, path: &str, reply: Reply) {
        self.route(path, move |_| reply.clone());
    }

    pub fn hits(&self) -> Vec<Hit> {
        self.hits.lock().unwrap().clone()
    }

    /// Requests for `path`, in order.
    pub fn hits_for(&self, path: &str) -> Vec<Hit> {
        self.hits().into_iter().filter(|h| h.path == path).collect()
    }
}

fn serve(
    mut stream: TcpStream,
    routes: &Mutex<HashMap<String, Handler>>,
    hits: &Mutex<Vec<Hit>>,
    clock: &FakeClock,
) {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => return,
        }
    }
    let head = String::from_utf8_lossy(&head).to_string();
    let mut lines = head.split("\r\n");
    let path = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .unwrap_or("/")
        .to_string();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let hit = Hit {
        path: path.clone(),
        headers,
        at: clock.elapsed(),
    };
    hits.lock().unwrap().push(hit.clone());
    let reply = match routes.lock().unwrap().get(&path) {
        Some(handler) => handler(&hit),
        None => Reply::status(404),
    };
    let mut out = format!("HTTP/1.1 {} X\r\nConnection: close\r\n", reply.status);
    for (name, value) in &reply.headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    if !reply.no_length {
        out.push_str(&format!("Content-Length: {}\r\n", reply.body.len()));
    }
    out.push_str("\r\n");
    // The client may hang up early (size limit); that is not the server's problem.
    let _ = stream.write_all(out.as_bytes());
    let _ = stream.write_all(&reply.body);
    let _ = stream.flush();
}

/// An article page with enough distinct text for extraction to keep it.
pub fn article(title: &str, seed: &str) -> String {
    let paragraphs: String = (1..=5)
        .map(|i| {
            format!(
                "<p>{seed}: paragraph {i}. The defence ministry in Minsk said on Tuesday that troops of the \
                 western operational command moved to the training grounds near Brest for a snap inspection \
                 of combat readiness, the ministry said in a statement quoted by the state news agency.</p>"
            )
        })
        .collect();
    format!(
        "<!doctype html><html><head><title>{title}</title>\
         <meta property=\"article:published_time\" content=\"2022-12-13T08:00:00Z\"></head>\
         <body><nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav>\
         <article><h1>{title}</h1>{paragraphs}</article>\
         <footer>Copyright the test wire</footer></body></html>"
    )
}

/// An RSS 2.0 feed whose items link to `links` (absolute or relative).
pub fn rss(title: &str, links: &[&str]) -> String {
    let items: String = links
        .iter()
        .enumerate()
        .map(|(i, link)| {
            format!(
                "<item><title>Item {i}</title><link>{link}</link>\
                 <pubDate>Tue, 13 Dec 2022 08:00:00 GMT</pubDate></item>"
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>{title}</title>{items}</channel></rss>"
    )
}
