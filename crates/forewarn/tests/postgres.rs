//! The PostgreSQL backend from the command line: the same answers as SQLite on the demo
//! corpus, and several writers (two ingests and a server) on one database at once.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};

use crate::util::Workspace;

/// What the demo's question says on a store built from the demo corpus: forecast, evidence,
/// weekly timeline, brief and events, as JSON or text, the same to the byte on every backend.
#[test]
fn demo_answers_are_identical_on_both_backends() {
    let ws = Workspace::new();
    let mut answers: Vec<(&str, Vec<String>)> = Vec::new();
    for db in forewarn_testdb::backends() {
        let target = db.target.as_str();
        ws.demo_store_on(target);
        let asks: [&[&str]; 6] = [
            &["forecast", "--json"],
            &[
                "forecast",
                "belarus-joins-war",
                "--as-of",
                "2022-02-20",
                "--json",
            ],
            &["explain", "belarus-joins-war", "--json", "--limit", "50"],
            &["timeline", "belarus-joins-war", "--step", "week", "--json"],
            &["brief", "belarus-joins-war"],
            &["events", "--json"],
        ];
        let out = asks
            .iter()
            .map(|args| ws.run_on(target, args).success().stdout())
            .collect();
        answers.push((db.backend, out));
    }
    let (first, reference) = &answers[0];
    assert!(
        reference[0].contains("belarus-joins-war"),
        "{}",
        reference[0]
    );
    for (backend, out) in &answers[1..] {
        for (i, (a, b)) in reference.iter().zip(out).enumerate() {
            assert_eq!(a, b, "answer {i} differs between {first} and {backend}");
        }
    }
}

/// A document of its own for item `i`: its country pair, day and words differ, so the corpus
/// holds no accidental duplicates.
fn item(i: usize) -> String {
    const PAIRS: [(&str, &str); 5] = [
        ("Russian", "Ukraine"),
        ("Belarusian", "Poland"),
        ("Azerbaijani", "Armenia"),
        ("Ethiopian", "Eritrea"),
        ("Serbian", "Kosovo"),
    ];
    let (army, country) = PAIRS[i % PAIRS.len()];
    format!(
        "Title: Report {i}\nDate: 2022-02-{day:02}\n\n{army} troops moved {i} armoured columns \
         toward the border with {country} on day {i}. Officials in the capital said the \
         exercise number {i} would end soon, while diplomats met to discuss item {i}.\n",
        day = 1 + i % 27,
    )
}

fn corpus(ws: &Workspace, name: &str, items: std::ops::Range<usize>) -> String {
    for i in items {
        ws.write(&format!("{name}/item-{i:03}.txt"), item(i));
    }
    ws.path(name).to_string_lossy().into_owned()
}

/// `GET path` on a local server; the status code.
fn get_status(port: u16, path: &str) -> u16 {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect to serve");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {response:?}"))
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Two ingests of overlapping corpora at once, with `serve` answering reads on the same
/// database throughout: every document once, none lost, daily counts equal to a recount.
#[test]
fn two_writers_and_a_server_on_one_postgres_database() {
    let Some(db) = forewarn_testdb::postgres() else {
        return;
    };
    let ws = Workspace::new();
    // 0..60 and 30..90: thirty documents reach both writers.
    let a = corpus(&ws, "a", 0..60);
    let b = corpus(&ws, "b", 30..90);
    let mut serve = ws.command_on(&db.target, &["serve", "--addr", "127.0.0.1:0"]);
    let mut server = Server(serve.stdout(Stdio::piped()).spawn().expect("start serve"));
    let mut first_line = String::new();
    BufReader::new(server.0.stdout.take().unwrap())
        .read_line(&mut first_line)
        .unwrap();
    let port: u16 = first_line
        .trim()
        .rsplit(':')
        .next()
        .and_then(|p| p.trim_end_matches('/').parse().ok())
        .unwrap_or_else(|| panic!("no port in {first_line:?}"));

    let writers: Vec<Child> = [&a, &b]
        .iter()
        .map(|dir| {
            ws.command_on(&db.target, &["ingest", dir])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("start an ingest")
        })
        .collect();
    let mut reads = 0;
    for writer in writers {
        let out = writer.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "an ingest failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(get_status(port, "/api/documents?limit=5"), 200);
        reads += 1;
    }
    assert_eq!(reads, 2);

    let count = |sql: &str| db.query_i64(sql);
    assert_eq!(count("SELECT count(*) FROM documents"), 90, "nothing lost");
    assert_eq!(
        count(
            "SELECT count(*) FROM (SELECT hash FROM documents GROUP BY hash HAVING count(*) > 1) d"
        ),
        0,
        "nothing doubled"
    );
    assert_eq!(
        count(
            "SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM sentences s WHERE s.document_id = d.id)"
        ),
        0,
        "every document has its sentences"
    );
    let recount =
        "SELECT coalesce(e.date, d.published) AS day, coalesce(e.source_country, '') AS s,
            coalesce(e.target_country, '') AS t, coalesce(e.location_country, '') AS l,
            e.event_type AS et, coalesce(e.mode, '') AS m, count(*) AS n
        FROM events e JOIN documents d ON d.id = e.document_id
        WHERE e.negated = 0 AND e.hypothetical = 0 AND e.future = 0
          AND coalesce(e.date, d.published) IS NOT NULL
        GROUP BY 1, 2, 3, 4, 5, 6";
    let stored = "SELECT day, source_country, target_country, location_country, event_type, mode, n
        FROM daily_counts WHERE dataset = 'news' AND n > 0";
    assert!(
        count("SELECT count(*) FROM events") > 0,
        "the corpus codes events"
    );
    assert_eq!(
        count(&format!(
            "SELECT count(*) FROM (({recount}) EXCEPT ({stored})) x"
        )),
        0
    );
    assert_eq!(
        count(&format!(
            "SELECT count(*) FROM (({stored}) EXCEPT ({recount})) x"
        )),
        0
    );
    // And the server sees it all.
    assert_eq!(get_status(port, "/api/questions"), 200);
}
