#![allow(clippy::disallowed_methods)] // tests and examples read their fixtures from disk

//! `forewarn eval plover` on a small gold file we wrote, and `code --actors` with a PETRARCH
//! dictionary. The report is pinned by a snapshot so changes to the coder show up as a diff.

use crate::util::{Workspace, fixture};

#[test]
fn plover_report_is_pinned() {
    let ws = Workspace::new();
    let gold = fixture("plover_gold_small.json");
    let run = ws.run(&["eval", "plover", gold.to_str().unwrap()]);
    run.success();
    insta::assert_snapshot!("eval_plover_small", run.stdout());

    let pred = ws.path("pred.jsonl");
    let run = ws.run(&[
        "eval",
        "plover",
        gold.to_str().unwrap(),
        "--json",
        "--predictions-out",
        pred.to_str().unwrap(),
    ]);
    run.success();
    let report: serde_json::Value = serde_json::from_str(&run.stdout()).unwrap();
    assert_eq!(report["n"], 10);
    let lines = std::fs::read_to_string(&pred).unwrap();
    assert_eq!(lines.lines().count(), 10);
}

#[test]
fn code_reads_petrarch_actor_dictionaries() {
    let ws = Workspace::new();
    let dict = ws.write(
        "mine.actors.txt",
        "# PETRARCH format, written for this test\nMARTA_VELIKAYA_\n\t[LTUGOV 20200101-20301231]\n",
    );
    let input = ws.write(
        "in.jsonl",
        r#"{"id": "1", "text": "Marta Velikaya visited Warsaw on Monday.", "date": "2023-01-10"}"#,
    );
    let run = ws.run(&[
        "code",
        "--actors",
        dict.to_str().unwrap(),
        "--jsonl",
        input.to_str().unwrap(),
    ]);
    run.success();
    let line: serde_json::Value = serde_json::from_str(run.stdout().trim()).unwrap();
    let main = &line["events"][0];
    assert_eq!(main["event_type"], "CONSULT");
    assert_eq!(main["source"][0]["country"], "LTU");
    assert_eq!(main["target"][0]["country"], "POL");
}
