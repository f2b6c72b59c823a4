#![allow(clippy::disallowed_methods)] // tests and examples read their fixtures from disk

//! `import`, `surge`, `warn` and `questions generate` on an incident list we write here.

use crate::util::Workspace;

const MAPPING: &str = r#"
dataset = "incidents"
id = "id"
date = "date"
type = ["kind"]
description = "text"
admin1 = "region"
country = "country"

[[rule]]
contains = "presence"
plover = "MOBILIZE"
mode = "troops"

[[rule]]
contains = "strike"
plover = "ASSAULT"
"#;

/// A quiet month with an event every four days in Belarus, then a build-up; strikes in two
/// Ukrainian regions on alternate days from day 40.
fn incidents() -> String {
    let start = chrono::NaiveDate::from_ymd_opt(2022, 1, 1).unwrap();
    let mut out = String::from("id,date,kind,text,region,country\n");
    let mut id = 0;
    for day in 0..90 {
        let date = start + chrono::Duration::days(day);
        let blr = if (40..47).contains(&day) {
            5
        } else {
            u64::from(day % 4 == 0)
        };
        for _ in 0..blr {
            id += 1;
            out.push_str(&format!(
                "E{id},{date},Military presence,Russian troops moved in Belarus,Gomel,Belarus\n"
            ));
        }
        if day >= 40 && day % 2 == 0 {
            for region in ["Kharkiv Oblast", "kharkiv oblast", "Donetsk Oblast"] {
                id += 1;
                out.push_str(&format!(
                    "E{id},{date},Air strike,Russian forces shelled the city,{region},Ukraine\n"
                ));
            }
        }
    }
    out.push_str("BAD,someday,Air strike,x,Kyiv Oblast,Ukraine\n");
    out
}

#[test]
fn incident_list_imports_surges_and_warns() {
    let ws = Workspace::new();
    ws.write("list.csv", incidents());
    ws.write("map.toml", MAPPING);
    let first = ws.run(&[
        "import",
        "csv",
        "list.csv",
        "--mapping",
        "map.toml",
        "--json",
    ]);
    first.success();
    let s = first.json();
    assert_eq!(s["skipped_rows"], 1, "{s}");
    assert!(
        s["problems"][0].as_str().unwrap().contains("list.csv:"),
        "{s}"
    );
    let again = ws
        .run(&[
            "import",
            "csv",
            "list.csv",
            "--mapping",
            "map.toml",
            "--json",
        ])
        .json();
    assert_eq!(again["imported"], 0, "re-import adds nothing: {again}");

    let surge = ws.run(&[
        "surge",
        "--location",
        "BLR",
        "--type",
        "MOBILIZE",
        "--json",
        "--plot",
        "blr.svg",
    ]);
    surge.success();
    let episodes = surge.json()["episodes"].as_array().unwrap().clone();
    assert_eq!(episodes.len(), 1, "{episodes:?}");
    assert_eq!(episodes[0]["start"], "2022-02-10");
    assert!(
        std::fs::read_to_string(ws.path("blr.svg"))
            .unwrap()
            .starts_with("<svg")
    );

    let warn = ws.run(&["warn", "--unit", "admin1", "--horizon", "14d", "--json"]);
    warn.success();
    let regions = warn.json()["regions"].as_array().unwrap().clone();
    // "Kharkiv Oblast" and "kharkiv oblast" are one region.
    assert_eq!(regions.len(), 3, "{regions:?}");

    let bt = ws.run(&[
        "warn",
        "--backtest",
        "--from",
        "2022-02-07",
        "--to",
        "2022-03-20",
        "--json",
    ]);
    bt.success();
    let scores = bt.json()["scores"].as_array().unwrap().clone();
    assert_eq!(scores[1]["name"], "persistence");

    let q = ws.run(&[
        "questions",
        "generate",
        "--location",
        "UKR",
        "--type",
        "ASSAULT",
        "--as-of",
        "2022-02-20",
        "--horizon",
        "30d",
        "--min-events",
        "1",
    ]);
    q.success();
    let line: serde_json::Value = serde_json::from_str(q.stdout().lines().next().unwrap()).unwrap();
    assert_eq!(line["resolved"], true, "{line}");
}

#[test]
fn truncated_gdelt_row_is_reported_with_file_and_line() {
    let ws = Workspace::new();
    let mut fields = vec![""; 61];
    fields[0] = "1";
    fields[1] = "20220210";
    fields[26] = "153";
    let good = fields.join("\t");
    let truncated = fields[..30].join("\t");
    ws.write("x.export.CSV", format!("{good}\n{truncated}\n{good}\n"));
    let run = ws.run(&["import", "gdelt", "x.export.CSV", "--check"]);
    run.success();
    assert!(
        run.stderr()
            .contains("x.export.CSV:2: expected 61 tab-separated fields, found 30"),
        "{}",
        run.stderr()
    );
    assert!(run.stdout().contains("2 rows"), "{}", run.stdout());
}

/// A question whose indicator is a surge moves when the counts surge, and not before.
#[test]
fn surge_indicator_moves_the_forecast() {
    let ws = Workspace::new();
    ws.write("list.csv", incidents());
    ws.write("map.toml", MAPPING);
    ws.run(&["import", "csv", "list.csv", "--mapping", "map.toml"])
        .success();
    let question = ws.write(
        "q.toml",
        r#"
id = "buildup"
question = "Will Russian forces in Belarus cross into Ukraine before 2022-04-01?"
opens = 2022-01-01
deadline = 2022-04-01
prior = 0.2

[[indicator]]
id = "mobilize-surge"
label = "Surge of military movements in Belarus"
direction = "for"
weight = 1.0
half_life_days = 14
match = { surge = { type = "MOBILIZE", location = ["BLR"], min_z = 3 } }
"#,
    );
    ws.run(&["question", "add", question.to_str().unwrap()])
        .success();
    let before = ws
        .run(&["explain", "buildup", "--as-of", "2022-02-05", "--json"])
        .json();
    assert!(
        before["contributions"].as_array().unwrap().is_empty(),
        "{before}"
    );
    let after = ws
        .run(&["explain", "buildup", "--as-of", "2022-02-16", "--json"])
        .json();
    let contributions = after["contributions"].as_array().unwrap();
    assert!(!contributions.is_empty(), "{after}");
    assert_eq!(contributions[0]["indicator_id"], "mobilize-surge");
    assert!(
        contributions[0]["sentence"]
            .as_str()
            .unwrap()
            .starts_with("Surge: ")
    );
    assert!(after["probability"].as_f64().unwrap() > before["probability"].as_f64().unwrap());
}
