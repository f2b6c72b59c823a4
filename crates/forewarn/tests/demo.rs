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

/// The text output tells the story: the forecast as of the seed article's date, then the latest.
#[test]
fn demo_prints_the_seed_date_and_the_latest() {
    let ws = Workspace::new();
    let demo_dir = repo_root().join("demo");
    let run = ws.run(&[
        "demo",
        "--demo-dir",
        demo_dir.to_str().unwrap(),
        "--out",
        "out",
    ]);
    run.success();
    let out = run.stdout();
    let seed = out
        .find("As of 2023-01-04, the date of the seed article")
        .unwrap_or_else(|| panic!("no seed-date forecast in:\n{out}"));
    let latest = out
        .find("Latest, as of ")
        .unwrap_or_else(|| panic!("no latest forecast in:\n{out}"));
    assert!(seed < latest, "{out}");
    assert!(
        out[seed..latest].contains("belarus-joins-war")
            && out[seed..latest].contains("as of 2023-01-04"),
        "{out}"
    );
}

/// `brief --as-of D` writes the briefing D would have had: the date in its header, and no
/// document published after D.
#[test]
fn brief_as_of_the_seed_date() {
    let ws = Workspace::new();
    let demo = repo_root().join("demo");
    ws.run(&["ingest", demo.join("corpus").to_str().unwrap()]);
    ws.run(&[
        "question",
        "add",
        demo.join("questions/belarus-joins-war.toml")
            .to_str()
            .unwrap(),
    ])
    .success();
    let run = ws.run(&["brief", "belarus-joins-war", "--as-of", "2023-01-04"]);
    run.success();
    let brief = run.stdout();
    assert!(brief.contains("as of 2023-01-04"), "{brief}");
    for later in ["2023-01-06", "2023-01-16", "2023-02-16", "2023-02-28"] {
        assert!(
            !brief.contains(later),
            "{later} in a briefing as of 2023-01-04:\n{brief}"
        );
    }
    insta::assert_snapshot!("brief_as_of_seed_date", brief);
}
