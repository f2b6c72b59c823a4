use crate::util::Workspace;

/// Reports we wrote, one a file: troops gather, then the offensive is reported twice by
/// different outlets after it began on 2022-02-24. Nothing ever reports a ceasefire.
const REPORTS: [(&str, &str, &str); 4] = [
    (
        "2022-02-10",
        "Satellite images",
        "Russian troops massed near the border with Ukraine, satellite images showed on Thursday.",
    ),
    (
        "2022-02-18",
        "Border watch",
        "More Russian troops massed near the border with Ukraine over the weekend, officials said.",
    ),
    (
        "2022-02-24",
        "Morning wire",
        "Russian forces launched an offensive into Ukraine before dawn on Thursday.",
    ),
    (
        "2022-02-25",
        "Evening desk",
        "On the second day of the offensive, Russian columns pushed towards Kyiv from the north.",
    ),
];

/// Resolved yes, and the corpus reports it: noticed.
const OFFENSIVE: &str = r#"id = "cli-offensive"
question = "Will Russian forces launch an offensive into Ukraine before 2022-03-31?"
opens = 2022-02-01
deadline = 2022-03-31
prior = 0.25
resolution = "yes"
resolved_on = 2022-02-24

[[indicator]]
id = "offensive-reported"
label = "Russian offensive reported"
direction = "for"
weight = 3.0
half_life_days = 30
match = { source = ["RUS"], keywords = ["offensive"] }

[[indicator]]
id = "troops-massed"
label = "Russian troops massed near Ukraine"
direction = "for"
weight = 0.4
half_life_days = 20
match = { source = ["RUS"], keywords = ["massed"] }
"#;

/// Resolved yes, but nothing in the corpus reports it: not noticed.
const CEASEFIRE: &str = r#"id = "cli-ceasefire"
question = "Will Russia and Ukraine agree a ceasefire before 2022-03-20?"
opens = 2022-02-01
deadline = 2022-03-20
prior = 0.2
resolution = "yes"
resolved_on = 2022-03-10

[[indicator]]
id = "ceasefire-reported"
label = "Ceasefire agreed"
direction = "for"
weight = 3.0
half_life_days = 30
match = { keywords = ["ceasefire", "truce"] }
"#;

/// Resolved no.
const TALKS: &str = r#"id = "cli-no-talks"
question = "Will Russian and Ukrainian leaders meet before 2022-02-20?"
opens = 2022-02-01
deadline = 2022-02-20
prior = 0.1
resolution = "no"
resolved_on = 2022-02-20

[[indicator]]
id = "summit-announced"
label = "Summit announced"
direction = "for"
weight = 1.0
half_life_days = 14
match = { keywords = ["summit"] }
"#;

fn workspace() -> Workspace {
    let ws = Workspace::new();
    for (i, (date, source, text)) in REPORTS.iter().enumerate() {
        ws.write(
            &format!("news/{i}.txt"),
            format!("---\npublished: {date}\nsource: {source}\n---\n{text}\n"),
        );
    }
    ws.write("questions/offensive.toml", OFFENSIVE);
    ws.write("questions/ceasefire.toml", CEASEFIRE);
    ws.write("questions/talks.toml", TALKS);
    ws.run(&["ingest", "news"]).success();
    ws
}

#[test]
fn backtest_table_scores_against_the_prior_and_a_constant() {
    let ws = workspace();
    let run = ws.run(&["backtest", "questions", "--step", "week"]);
    run.success();
    insta::assert_snapshot!("backtest_table", run.stdout());
}

#[test]
fn backtest_json_carries_every_check() {
    let ws = workspace();
    let run = ws.run(&["backtest", "questions", "--json"]);
    run.success();
    let report = run.json();
    let question = |id: &str| {
        report["questions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|q| q["id"] == id)
            .cloned()
            .unwrap_or_else(|| panic!("{id} missing from {report}"))
    };
    let offensive = question("cli-offensive");
    assert_eq!(offensive["noticed"]["date"], "2022-02-27", "{offensive}");
    assert_eq!(offensive["noticed"]["ours"]["pass"], true, "{offensive}");
    assert_eq!(offensive["noticed"]["prior"]["pass"], false);
    assert_eq!(offensive["noticed"]["constant"]["p"], 0.3);
    let ceasefire = question("cli-ceasefire");
    assert_eq!(ceasefire["noticed"]["ours"]["pass"], false, "{ceasefire}");
    assert!(question("cli-no-talks")["noticed"].is_null());
    // The noticed date is checked, never scored: every scored date is before the close.
    for q in report["questions"].as_array().unwrap() {
        let closes = q["closes"].as_str().unwrap();
        assert!(
            q["path"]
                .as_array()
                .unwrap()
                .iter()
                .all(|p| p["date"].as_str().unwrap() < closes),
            "{q}"
        );
    }
    assert_eq!(report["noticed"]["ours"], 1, "{report}");
    assert_eq!(report["noticed"]["of"], 2);
    assert_eq!(report["right_side_week_before"]["of"], 3);
    // 0.3 is on the right side of 0.5 only for the one no question.
    assert_eq!(report["right_side_week_before"]["constant"], 1);
    for key in [
        "brier_vs_prior_pct",
        "brier_vs_constant_pct",
        "log_vs_prior_pct",
        "log_vs_constant_pct",
    ] {
        assert!(report["improvement"][key].is_number(), "{key}: {report}");
    }
}
