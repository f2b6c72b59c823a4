//! Hostile files: decompression bombs, over-long lines and records, pages nested 100,000 deep,
//! archives ingest does not read. Each is refused or skipped with an error naming the file
//! (and line), and the rest of the batch is still read. The inputs are made here, in a temp
//! dir; `README.md` gives the limits. Memory is a benchmark's business, not a test's:
//! `scripts/bench-hostile` runs the same cases at full size (1 GiB bombs, 200 MB lines) and
//! prints each one's peak RSS.

use std::io::Write;

use crate::util::Workspace;

const GOOD: &str =
    "---\npublished: 2022-12-07\n---\nBelarus moved troops toward the border on Wednesday.\n";

/// One more than the 16 MiB line limit.
const OVER_LINE: usize = 16 * 1024 * 1024 + 1;

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

/// A one-entry zip (local header, deflated data, no central directory needed by the reader).
fn zip(name: &str, body: &[u8]) -> Vec<u8> {
    let mut deflate = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    deflate.write_all(body).unwrap();
    let deflated = deflate.finish().unwrap();
    let mut zip = vec![
        0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ];
    zip.extend((deflated.len() as u32).to_le_bytes());
    zip.extend((body.len() as u32).to_le_bytes());
    zip.extend((name.len() as u16).to_le_bytes());
    zip.extend(0u16.to_le_bytes());
    zip.extend(name.as_bytes());
    zip.extend(&deflated);
    zip
}

fn failures(summary: &serde_json::Value) -> Vec<String> {
    summary["failed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{}: {}",
                d["location"].as_str().unwrap(),
                d["message"].as_str().unwrap()
            )
        })
        .collect()
}

/// `ingest batch --json` over `good.txt` and the hostile file: the good one is added and the
/// failures are returned.
fn ingest_beside_good(name: &str, hostile: &[u8], extra: &[&str]) -> Vec<String> {
    let ws = Workspace::new();
    ws.write("batch/good.txt", GOOD);
    ws.write(&format!("batch/{name}"), hostile);
    let mut args = vec!["ingest", "batch", "--json"];
    args.extend(extra);
    let run = ws.run(&args);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let summary = run.json();
    let failures = failures(&summary);
    assert!(
        summary["added"].as_u64().unwrap() >= 1,
        "the good file is still ingested: {summary}"
    );
    failures
}

#[test]
fn gzip_bomb_is_refused_by_ratio_naming_the_file() {
    // 64 MiB of zeros packs into ~64 KiB: stopped at 8 MiB, past the ratio floor.
    let bomb = gzip(&vec![0u8; 64 * 1024 * 1024]);
    let failures = ingest_beside_good("bomb.txt.gz", &bomb, &[]);
    assert!(
        failures.iter().any(|f| f.starts_with("batch/bomb.txt.gz")
            && f.contains("decompression bomb")
            && f.contains("100 times")),
        "{failures:?}"
    );
}

#[test]
fn gzip_bomb_inside_jsonl_keeps_the_lines_before_it() {
    let mut body =
        b"{\"text\":\"Minsk hosted talks on Friday.\",\"published\":\"2022-12-09\"}\n".to_vec();
    body.extend(vec![b' '; 64 * 1024 * 1024]);
    let ws = Workspace::new();
    ws.write("batch/good.txt", GOOD);
    ws.write("batch/docs.jsonl.gz", gzip(&body));
    let run = ws.run(&["ingest", "batch", "--json"]);
    assert_eq!(run.code(), 1);
    let summary = run.json();
    assert_eq!(
        summary["added"], 2,
        "nothing read before the limit is lost: {summary}"
    );
    let failures = failures(&summary);
    assert!(
        failures[0].starts_with("batch/docs.jsonl.gz:")
            && failures[0].contains("decompression bomb")
            && failures[0].contains("the rest of the file was not read"),
        "{failures:?}"
    );
}

#[test]
fn over_long_jsonl_line_is_skipped_and_the_next_lines_read() {
    let mut body =
        b"{\"text\":\"Belarus held drills on Monday.\",\"published\":\"2022-12-05\"}\n".to_vec();
    body.extend(b"{\"text\":\"");
    body.extend(std::iter::repeat_n(b'a', OVER_LINE));
    body.extend(
        b"\"}\n{\"text\":\"Minsk hosted talks on Friday.\",\"published\":\"2022-12-09\"}\n",
    );
    let ws = Workspace::new();
    ws.write("batch/good.txt", GOOD);
    ws.write("batch/feed.jsonl", &body);
    let run = ws.run(&["ingest", "batch", "--json"]);
    assert_eq!(run.code(), 1);
    let summary = run.json();
    assert_eq!(summary["added"], 3, "{summary}");
    let failures = failures(&summary);
    assert_eq!(failures.len(), 1, "{failures:?}");
    assert!(
        failures[0].starts_with("batch/feed.jsonl:2: line of 16777228 bytes")
            && failures[0].contains("16 MiB limit; line skipped"),
        "{failures:?}"
    );
}

#[test]
fn over_long_csv_record_is_skipped_and_the_next_rows_read() {
    // A quote left open over many short lines is as long as one huge line.
    let mut body = b"Text,Date\n\"Belarus held drills on Monday.\",2022-12-05\n\"".to_vec();
    body.extend(b"open quote line\n".repeat(OVER_LINE / 16 + 1));
    body.extend(b"\",2022-12-06\n\"Minsk hosted talks on Friday.\",2022-12-09\n");
    let failures = ingest_beside_good("news.csv", &body, &["--map", "text=Text,published=Date"]);
    assert_eq!(failures.len(), 1, "{failures:?}");
    assert!(
        failures[0].starts_with("batch/news.csv:3: row of")
            && failures[0].contains("longer than the 16 MiB limit; row skipped"),
        "{failures:?}"
    );
}

#[test]
fn over_large_document_is_refused() {
    let mut body = b"Belarus moved troops. ".to_vec();
    body.extend(std::iter::repeat_n(b'x', 32 * 1024 * 1024));
    let failures = ingest_beside_good("huge.txt", &body, &[]);
    assert!(
        failures[0].starts_with("batch/huge.txt: larger than 32 MiB"),
        "{failures:?}"
    );
}

#[test]
fn zip_given_to_ingest_is_refused_clearly() {
    let archive = zip("a.txt", GOOD.as_bytes());
    let ws = Workspace::new();
    ws.write("batch/good.txt", GOOD);
    ws.write("batch/in-folder.zip", &archive);
    ws.write("named.zip", &archive);
    let run = ws.run(&["ingest", "batch", "named.zip", "--json"]);
    assert_eq!(run.code(), 1);
    let summary = run.json();
    assert_eq!(summary["added"], 1, "{summary}");
    let failures = failures(&summary);
    for name in ["batch/in-folder.zip", "named.zip"] {
        assert!(
            failures
                .iter()
                .any(|f| f.starts_with(name) && f.contains("zip archives are not read by ingest")),
            "{name}: {failures:?}"
        );
    }
}

/// A GDELT 2.0 events row (61 fields) in Belarus.
fn event_row(id: u32, day: &str) -> String {
    let mut f = vec![String::new(); 61];
    f[0] = id.to_string();
    f[1] = day.into();
    f[5] = "RUSMIL".into();
    f[7] = "RUS".into();
    f[26] = "190".into();
    f[27] = "190".into();
    f[28] = "19".into();
    f[51] = "4".into();
    f[53] = "BO".into();
    f[60] = format!("https://news.example.org/event/{id}");
    f.join("\t")
}

fn import_json(ws: &Workspace, args: &[&str]) -> (serde_json::Value, i32) {
    let mut all = vec!["import"];
    all.extend(args);
    all.push("--json");
    let run = ws.run(&all);
    (run.json(), run.code())
}

#[test]
fn import_gdelt_refuses_gz_and_zip_bombs_and_imports_the_rest() {
    let ws = Workspace::new();
    let good = format!(
        "{}\n{}\n",
        event_row(1, "20220201"),
        event_row(2, "20220202")
    );
    ws.write("20220201.export.CSV", &good);
    let mut bomb = format!("{}\n", event_row(3, "20220203")).into_bytes();
    bomb.extend(vec![b'\n'; 64 * 1024 * 1024]);
    ws.write("20220203.export.CSV.gz", gzip(&bomb));
    ws.write("20220204.export.CSV.zip", zip("20220204.export.CSV", &bomb));
    // An entry compressed with a method we do not read (12, bzip2).
    let mut bzip2 = zip("20220205.export.CSV", good.as_bytes());
    bzip2[8] = 12;
    ws.write("20220205.export.CSV.zip", bzip2);
    let (summary, code) = import_json(
        &ws,
        &[
            "gdelt",
            "20220203.export.CSV.gz",
            "20220204.export.CSV.zip",
            "20220205.export.CSV.zip",
            "20220201.export.CSV",
        ],
    );
    assert_eq!(code, 1, "{summary}");
    // The good file, and the row of each bomb before its limit.
    assert_eq!(summary["imported"], 3, "{summary}");
    let problems: Vec<&str> = summary["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    for name in ["20220203.export.CSV.gz:", "20220204.export.CSV.zip:"] {
        assert!(
            problems
                .iter()
                .any(|p| p.starts_with(name) && p.contains("decompression bomb")),
            "{name}: {problems:?}"
        );
    }
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("20220205.export.CSV.zip")
                && p.contains("compression method 12 is not supported")),
        "{problems:?}"
    );
}

#[test]
fn import_gdelt_skips_an_over_long_line() {
    let ws = Workspace::new();
    let mut file = format!("{}\n", event_row(1, "20220201")).into_bytes();
    file.extend(std::iter::repeat_n(b'\t', OVER_LINE));
    file.extend(format!("\n{}\n", event_row(2, "20220202")).into_bytes());
    ws.write("20220201.export.CSV", &file);
    // The same as the first line of a file: no header to find, and still only one row lost.
    let mut first = std::iter::repeat_n(b'x', OVER_LINE).collect::<Vec<u8>>();
    first.extend(format!("\n{}\n", event_row(3, "20220203")).into_bytes());
    ws.write("20220203.export.CSV", &first);
    let (summary, code) = import_json(
        &ws,
        &["gdelt", "20220201.export.CSV", "20220203.export.CSV"],
    );
    assert_eq!(code, 0, "row problems do not fail the run: {summary}");
    assert_eq!(summary["imported"], 3, "{summary}");
    assert_eq!(summary["skipped_rows"], 2, "{summary}");
    assert_eq!(
        summary["problems"],
        serde_json::json!([
            "20220201.export.CSV:2: line of 16777217 bytes is longer than the 16 MiB limit; row skipped",
            "20220203.export.CSV:1: line of 16777217 bytes is longer than the 16 MiB limit; row skipped",
        ])
    );
}

#[test]
fn import_csv_skips_an_over_long_record() {
    let ws = Workspace::new();
    let mapping = ws.write(
        "map.toml",
        "dataset = \"list\"\nid = \"id\"\ndate = \"date\"\ntype = [\"kind\"]\ndescription = \"what\"\n",
    );
    let mut list = b"id,date,kind,what\nA1,2022-01-10,Other,Russian troops deployed to Belarus\nA2,2022-01-11,Other,\"".to_vec();
    list.extend(std::iter::repeat_n(b'z', OVER_LINE));
    list.extend(b"\"\nA3,2022-01-12,Other,Belarus held exercises\n");
    ws.write("list.csv", &list);
    let (summary, code) = import_json(
        &ws,
        &["csv", "--mapping", mapping.to_str().unwrap(), "list.csv"],
    );
    assert_eq!(code, 0, "{summary}");
    assert_eq!(summary["imported"], 2, "{summary}");
    let problems = summary["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{summary}");
    let problem = problems[0].as_str().unwrap();
    assert!(
        problem.starts_with("list.csv:3: row of") && problem.contains("16 MiB limit; row skipped"),
        "{problem}"
    );
}

/// `depth` nested `<div>`s around one paragraph, the way a hostile or broken page nests them.
fn deep_page(depth: usize) -> String {
    let mut page = String::from(
        "<html><head><title>Deep</title><meta property=\"article:published_time\" content=\"2022-12-08\"></head><body>",
    );
    page.push_str(&"<div>".repeat(depth));
    page.push_str("<p>Russian troops arrived in Belarus for joint drills on Thursday.</p>");
    page.push_str(&"</div>".repeat(depth));
    page.push_str("</body></html>");
    page
}

#[test]
fn page_nested_100000_deep_is_extracted_and_ingested() {
    let ws = Workspace::new();
    ws.write("batch/good.txt", GOOD);
    ws.write("batch/deep.html", deep_page(100_000));

    let extracted = ws.run(&["extract", "batch/deep.html"]);
    extracted.success();
    let line: serde_json::Value = serde_json::from_str(extracted.stdout().trim()).unwrap();
    assert!(
        line["text"]
            .as_str()
            .unwrap()
            .contains("Russian troops arrived in Belarus for joint drills on Thursday."),
        "{line}"
    );

    let run = ws.run(&["ingest", "batch", "--json"]);
    run.success();
    let summary = run.json();
    assert_eq!(summary["added"], 2, "{summary}");
    assert_eq!(failures(&summary), Vec::<String>::new());
    assert!(summary["events"].as_u64().unwrap() >= 2, "{summary}");
}
