#![allow(clippy::disallowed_methods)] // tests and examples read their fixtures from disk

//! `import gdelt-master`: a day of 15-minute files checked slot by slot, from a folder and
//! over HTTP from a server on 127.0.0.1 that this test runs, with a missing file, a file that
//! fails its checksum and one the server refuses.

use std::io::{Read, Write};
use std::net::TcpListener;

use crate::util::{Workspace, repo_root};

/// Our fixture events, one file per slot (rows `from..to` of the fixture).
fn events_file(from: usize, to: usize) -> String {
    let text = std::fs::read_to_string(
        repo_root().join("crates/forewarn-events/tests/fixtures/events.tsv"),
    )
    .unwrap();
    text.lines()
        .skip(from)
        .take(to - from)
        .map(|l| format!("{l}\n"))
        .collect()
}

fn md5(bytes: &[u8]) -> String {
    forewarn_events::masterlist::md5_hex(bytes).unwrap().0
}

/// A master list for 2022-02-24 00:00, 00:15 and 00:30 (the day's other 93 slots have none).
fn master_list(base: &str, files: &[(&str, &str)]) -> String {
    files
        .iter()
        .map(|(slot, body)| {
            format!(
                "{} {} {base}/{slot}.export.CSV\n",
                body.len(),
                md5(body.as_bytes())
            )
        })
        .collect()
}

const SLOTS: [&str; 3] = ["20220224000000", "20220224001500", "20220224003000"];

/// `import gdelt-master LIST` for 2022-02-24, with `extra` arguments, as JSON.
fn import_day(ws: &Workspace, list: &std::path::Path, extra: &[&str]) -> crate::util::Run {
    let mut args = vec![
        "import",
        "gdelt-master",
        list.to_str().unwrap(),
        "--from",
        "2022-02-24",
        "--to",
        "2022-02-24",
        "--json",
    ];
    args.extend_from_slice(extra);
    ws.run(&args)
}

#[test]
fn a_folder_of_master_list_files_is_checked_slot_by_slot() {
    let ws = Workspace::new();
    let (a, b, c) = (events_file(0, 4), events_file(4, 8), events_file(8, 12));
    let list = master_list(
        "http://data.gdeltproject.org/gdeltv2",
        &[(SLOTS[0], &a), (SLOTS[1], &b), (SLOTS[2], &c)],
    );
    let list = ws.write(
        "masterfilelist.txt",
        format!("{list}not a master-list line\n"),
    );
    ws.write(&format!("files/{}.export.CSV", SLOTS[0]), &a);
    // The second file is absent; the third was altered after the list was written.
    ws.write(
        &format!("files/{}.export.CSV", SLOTS[2]),
        c.replace("RUS", "USA"),
    );

    let files = ws.path("files");
    let run = import_day(&ws, &list, &["--dir", files.to_str().unwrap()]);
    assert_eq!(
        run.code(),
        2,
        "gaps and bad files fail the run: {}",
        run.stderr()
    );
    let out = run.json();
    assert_eq!(out["files_listed"], 3);
    assert_eq!(out["files_ok"], 1);
    assert_eq!(out["slots_missing"], 93);
    assert_eq!(out["imported"], 4, "the good file is still imported");
    let problems: Vec<&str> = out["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    let has = |needle: &str| problems.iter().any(|p| p.contains(needle));
    assert!(
        has("no Events file for the 15-minute slot 2022-02-24 00:45:00"),
        "{problems:?}"
    );
    assert!(
        has(":4: cannot read `not a master-list line`"),
        "{problems:?}"
    );
    assert!(
        has(&format!("{}.export.CSV: missing", SLOTS[1])),
        "{problems:?}"
    );
    assert!(
        has(&format!("{}.export.CSV: checksum failure", SLOTS[2])),
        "{problems:?}"
    );
}

/// Answers each connection with the canned response for the requested path; counts requests.
fn serve(files: Vec<(String, Vec<u8>)>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut request = [0u8; 4096];
            let n = stream.read(&mut request).unwrap_or(0);
            let request = String::from_utf8_lossy(&request[..n]);
            let path = request.split_whitespace().nth(1).unwrap_or("").to_string();
            let response = match files.iter().find(|(p, _)| *p == path) {
                Some((_, body)) => {
                    let mut r = format!(
                        "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                        body.len()
                    )
                    .into_bytes();
                    r.extend_from_slice(body);
                    r
                }
                None => b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    .to_vec(),
            };
            let _ = stream.write_all(&response);
        }
    });
    format!("http://{addr}")
}

#[test]
fn master_list_files_are_downloaded_verified_and_imported() {
    let ws = Workspace::new();
    let (a, b, c) = (events_file(0, 4), events_file(4, 8), events_file(8, 12));
    let base = serve(vec![
        (format!("/{}.export.CSV", SLOTS[0]), a.clone().into_bytes()),
        // The server sends other bytes than the list promised for the second file.
        (
            format!("/{}.export.CSV", SLOTS[1]),
            b.replace("UKR", "POL").into_bytes(),
        ),
        // The third is not on the server at all.
    ]);
    let list = master_list(&base, &[(SLOTS[0], &a), (SLOTS[1], &b), (SLOTS[2], &c)]);
    let list = ws.write("masterfilelist.txt", list);

    let run = import_day(&ws, &list, &[]);
    assert_eq!(run.code(), 2, "{}", run.stderr());
    let out = run.json();
    assert_eq!(
        (out["files_listed"].as_u64(), out["files_ok"].as_u64()),
        (Some(3), Some(1))
    );
    assert_eq!(out["imported"], 4);
    let problems = out["problems"].to_string();
    assert!(
        problems.contains(&format!("{base}/{}.export.CSV: checksum failure", SLOTS[1])),
        "{problems}"
    );
    assert!(
        problems.contains(&format!(
            "download of {base}/{}.export.CSV failed",
            SLOTS[2]
        )) && problems.contains("404"),
        "{problems}"
    );

    // The same range again: the verified file's events are already stored.
    let again = import_day(&ws, &list, &[]);
    assert_eq!(again.json()["imported"], 0);
}
