use crate::util::{Workspace, fixture};

/// Pins the coding of seed-like sentences (our own wording of the seed article's situations).
#[test]
fn seed_like_sentences() {
    let ws = Workspace::new();
    let run = ws.run(&[
        "code",
        "--jsonl",
        fixture("seed_like.jsonl").to_str().unwrap(),
    ]);
    run.success();
    let lines: Vec<serde_json::Value> = run
        .stdout()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 8);
    let main = |i: usize| lines[i]["events"][0].clone();
    assert_eq!(main(0)["event_type"], "MOBILIZE");
    assert_eq!(main(0)["source"][0]["country"], "BLR");
    assert_eq!(main(0)["date"], "2022-12-07");
    assert_eq!(main(1)["event_type"], "MOBILIZE");
    assert_eq!(main(1)["date"], "2022-12-13");
    assert_eq!(main(2)["event_type"], "CONSULT");
    assert_eq!(main(2)["date"], "2022-12-19");
    assert_eq!(main(3)["date"], "2022-12-29");
    for event in lines[4]["events"].as_array().unwrap() {
        let factual = !event["negated"].as_bool().unwrap()
            && !event["future"].as_bool().unwrap()
            && !event["hypothetical"].as_bool().unwrap();
        assert!(
            !factual,
            "'won't get involved' must not be a factual event: {event}"
        );
    }
    assert!(
        lines[6]["events"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["hypothetical"] == true),
        "{}",
        lines[6]
    );
    assert_eq!(lines[5]["quotes"][0]["speaker"], "Pavel");
    assert_eq!(lines[7]["quotes"][0]["speaker"], "Hanna Liubakova");
    insta::assert_json_snapshot!("seed_like_coding", lines);
}

#[test]
fn bad_lines_get_an_error_and_the_rest_are_coded() {
    let ws = Workspace::new();
    let input = ws.write("in.jsonl", "{\"id\":1,\"text\":\"Belarus moved troops on Monday.\",\"date\":\"2022-12-07\"}\nnot json\n{\"id\":3}\n{\"id\":4,\"text\":\"Russia and Belarus held talks.\"}\n");
    let run = ws.run(&["code", "--jsonl", input.to_str().unwrap()]);
    assert_eq!(run.code(), 1);
    let lines: Vec<serde_json::Value> = run
        .stdout()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4);
    assert!(lines[1]["error"].as_str().unwrap().contains("in.jsonl:2"));
    assert!(
        lines[2]["error"].as_str().unwrap().contains("in.jsonl:3")
            && lines[2]["error"].as_str().unwrap().contains("text")
    );
    assert_eq!(lines[3]["id"], 4);
    assert!(lines[3]["error"].is_null());
}

#[test]
fn extract_prints_one_line_per_input() {
    let ws = Workspace::new();
    ws.write("a.html", "<html><head><title>Talks in Minsk</title><meta property=\"article:published_time\" content=\"2022-12-19\"></head><body><article><p>Putin and Lukashenko held talks in Minsk on Monday about military cooperation between the two countries.</p></article></body></html>");
    ws.write("b.txt", "");
    let run = ws.run(&["extract", "a.html", "b.txt", "--jsonl"]);
    assert_eq!(run.code(), 1);
    let lines: Vec<serde_json::Value> = run
        .stdout()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["published"], "2022-12-19");
    assert!(
        lines[0]["text"]
            .as_str()
            .unwrap()
            .contains("held talks in Minsk")
    );
    assert!(lines[0]["error"].is_null());
    assert!(lines[1]["error"].as_str().unwrap().contains("empty file"));
}
