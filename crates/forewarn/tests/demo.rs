use crate::util::{Workspace, repo_root};

/// The demo runs offline on the bundled corpus; its JSON output is pinned.
#[test]
fn demo_json_is_pinned() {
    let ws = Workspace::new();
    let demo_dir = repo_root().join("demo");
    let run = ws.run(&[
        "demo",
        "--demo-dir",
        demo_dir.to_str().unwrap(),
        "--out",
        "out",
        "--json",
    ]);
    run.success();
    let result = run.json();
    let question = &result["questions"][0];
    assert!(
        question["evidence_for"].as_u64().unwrap() >= 4,
        "{question}"
    );
    assert!(
        question["evidence_against"].as_u64().unwrap() >= 3,
        "{question}"
    );
    assert_eq!(
        result["ingest"]["failed"].as_array().unwrap().len(),
        0,
        "{result}"
    );
    assert!(ws.path("out/belarus-joins-war.md").is_file());
    assert!(ws.path("out/belarus-joins-war.html").is_file());
    insta::assert_json_snapshot!("demo", result);
}

#[test]
fn demo_twice_starts_fresh() {
    let ws = Workspace::new();
    let demo_dir = repo_root().join("demo");
    let args = [
        "demo",
        "--demo-dir",
        demo_dir.to_str().unwrap(),
        "--out",
        "out",
        "--json",
    ];
    let first = ws.run(&args).json();
    let second = ws.run(&args).json();
    assert_eq!(first["ingest"]["added"], second["ingest"]["added"]);
}
