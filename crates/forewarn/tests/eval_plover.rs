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

/// `eval cameo-class`, `eval cameo-actors`, `eval cir`, `eval petrarch` and `eval all` on tiny
/// files written here, in the layouts of the shared sets.
#[test]
fn coding_scorers_read_their_formats_and_all_prints_each() {
    let ws = Workspace::new();
    let tsv = ws.write(
        "data/coding/conflibert-cameo/cameo_class_train.tsv",
        "Ruritanian troops shelled the border town of Tarsk overnight.\t4\n\
         The two ministers met in Vienna on Tuesday.\t1\nnot a record\n",
    );
    let run = ws.run(&["eval", "cameo-class", tsv.to_str().unwrap(), "--json"]);
    run.success();
    let r = run.json();
    assert_eq!(r["n"], 2);
    assert!(run.stderr().contains("line 3"), "{}", run.stderr());

    let bio = ws.write(
        "data/coding/conflibert-cameo/cameo_ner_train.txt",
        "Ruritanian B-S\ntroops I-S\nshelled O\nTarsk B-T\n. O\n\nnot-a-tag X\n",
    );
    let run = ws.run(&["eval", "cameo-actors", bio.to_str().unwrap(), "--json"]);
    run.success();
    let r = run.json();
    assert_eq!(
        (r["n"].as_u64(), r["with_source"].as_u64()),
        (Some(1), Some(1))
    );
    assert!(run.stderr().contains("line 7"), "{}", run.stderr());

    let csv = ws.write(
        "data/cir-events/events_2022H1.csv",
        "entry,date,event_group,title,brief description,lat\n\
         X1,2022-03-01,Bombing or Explosion Feb - June,t,\"Artillery shelled a depot, officials said\",1\n\
         X2,2022-03-02,Other,t,A rally in the square,1\n",
    );
    let run = ws.run(&["eval", "cir", csv.to_str().unwrap(), "--json"]);
    run.success();
    assert_eq!(run.json()["scored"], 1);

    ws.write(
        "data/petrarch2/PETR.UnitTest.records.xml",
        "<Sentences>\n<Sentence date=\"19950101\" id=\"T-1\" category=\"DEMO\" sentence=\"true\">\n\
         <EventCoding sourcecode=\"AAA\" targetcode=\"BBB\" eventcode=\"190\"></EventCoding>\n\
         <Text>Ruritanian troops attacked the town.</Text>\n</Sentence>\n</Sentences>\n",
    );
    ws.write(
        "data/plover-gsr/CAMEO2PLOVER-2021.txt",
        "19: ASSAULT\n190: ASSAULT, , military # conventional force\n",
    );
    let run = ws.run(&[
        "eval",
        "all",
        "--shared",
        ws.path("data").to_str().unwrap(),
        "--rules-only",
    ]);
    run.success();
    let out = run.stdout();
    assert!(out.contains("CAMEO penta-class accuracy="), "{out}");
    assert!(out.contains("CAMEO actors source_acc="), "{out}");
    assert!(out.contains("CIR type_among_coded="), "{out}");
    assert!(out.contains("PETRARCH type_acc="), "{out}");
    // The PLOVER dev file is missing here: named, and the others still run.
    assert!(run.stderr().contains("plover"), "{}", run.stderr());
}
