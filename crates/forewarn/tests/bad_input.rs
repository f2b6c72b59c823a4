//! Each bad input gets an error naming the file and line or field; the rest of the batch goes on.

use crate::util::Workspace;

const GOOD: &str =
    "---\npublished: 2022-12-07\n---\nBelarus moved troops toward the border on Wednesday.\n";

fn ingest_with_one_bad(name: &str, bad: &[u8]) -> (serde_json::Value, i32) {
    let ws = Workspace::new();
    ws.write("batch/good.txt", GOOD);
    ws.write(&format!("batch/{name}"), bad);
    let run = ws.run(&["ingest", "batch", "--json"]);
    (run.json(), run.code())
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

#[test]
fn bad_utf8() {
    let (summary, code) = ingest_with_one_bad("latin1.txt", b"Minsk\nCaf\xe9 talks were held.\n");
    assert_eq!(code, 1);
    assert_eq!(
        summary["added"], 1,
        "the good file is still ingested: {summary}"
    );
    let failures = failures(&summary);
    assert!(
        failures[0].contains("latin1.txt:2:4") && failures[0].contains("invalid UTF-8"),
        "{failures:?}"
    );
}

#[test]
fn empty_file() {
    let (summary, code) = ingest_with_one_bad("empty.txt", b"");
    assert_eq!(code, 1);
    assert_eq!(summary["added"], 1);
    assert!(
        failures(&summary)[0].contains("empty.txt: empty file"),
        "{summary}"
    );
}

#[test]
fn csv_missing_a_mapped_column() {
    let ws = Workspace::new();
    ws.write("batch/good.txt", GOOD);
    ws.write("batch/news.csv", "Heading,Body\nA,Belarus held drills.\n");
    let run = ws.run(&[
        "ingest",
        "batch",
        "--map",
        "text=Text,title=Heading",
        "--json",
    ]);
    assert_eq!(run.code(), 1);
    let summary = run.json();
    assert_eq!(summary["added"], 1);
    let failures = failures(&summary);
    assert!(
        failures[0].contains("news.csv:1")
            && failures[0].contains("`Text`")
            && failures[0].contains("Heading, Body"),
        "{failures:?}"
    );
}

#[test]
fn malformed_jsonl_line_keeps_the_others() {
    let (summary, code) = ingest_with_one_bad(
        "feed.jsonl",
        b"{\"text\":\"Belarus held drills on Monday.\",\"published\":\"2022-12-05\"}\n{\"text\": oops}\n{\"text\":\"Minsk hosted talks on Friday.\",\"published\":\"2022-12-09\"}\n",
    );
    assert_eq!(code, 1);
    assert_eq!(summary["added"], 3);
    assert!(failures(&summary)[0].contains("feed.jsonl:2:"), "{summary}");
}

#[test]
fn malformed_question_toml() {
    let ws = Workspace::new();
    let file = ws.write(
        "q.toml",
        "id = \"q\"\nquestion = \"Will it?\"\nopens = 2022-10-01\ndeadline = \n",
    );
    let run = ws.run(&["question", "add", file.to_str().unwrap()]);
    assert_eq!(run.code(), 2);
    assert!(run.stderr().contains("q.toml:4"), "{}", run.stderr());
}

#[test]
fn unknown_indicator_field() {
    let ws = Workspace::new();
    let file = ws.write(
        "q.toml",
        "id = \"q\"\nquestion = \"Will it?\"\nopens = 2022-10-01\ndeadline = 2023-03-01\nprior = 0.1\n\n[[indicator]]\nid = \"a\"\nlabel = \"A\"\ndirection = \"for\"\nwieght = 0.7\nhalf_life_days = 30\nmatch = { event_types = [\"MOBILIZE\"] }\n",
    );
    let run = ws.run(&["question", "add", file.to_str().unwrap()]);
    assert_eq!(run.code(), 2);
    let stderr = run.stderr();
    assert!(
        stderr.contains("q.toml:11") && stderr.contains("wieght"),
        "{stderr}"
    );
}

#[test]
fn missing_path_is_reported_and_others_ingested() {
    let ws = Workspace::new();
    ws.write("good.txt", GOOD);
    let run = ws.run(&["ingest", "good.txt", "nope.txt", "--json"]);
    assert_eq!(run.code(), 1);
    let summary = run.json();
    assert_eq!(summary["added"], 1);
    assert!(
        failures(&summary)[0].contains("nope.txt: no such file"),
        "{summary}"
    );
}
