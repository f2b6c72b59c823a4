//! `alert add` surge rules: no question, evaluated after `import`, each surge day fired once.

use crate::util::Workspace;

const MAPPING: &str = r#"
dataset = "incidents"
id = "id"
date = "date"
type = ["kind"]
description = "text"
country = "country"

[[rule]]
contains = "presence"
plover = "MOBILIZE"
mode = "troops"
"#;

/// An incident list: `per_day(day)` troop movements in Belarus on each of `days`, counted
/// from 2022-01-01. Ids are unique per day, so each file adds only its own days.
fn incidents(days: std::ops::Range<i64>, per_day: impl Fn(i64) -> usize) -> String {
    let start = chrono::NaiveDate::from_ymd_opt(2022, 1, 1).unwrap();
    let mut out = String::from("id,date,kind,text,country\n");
    for day in days {
        let date = start + chrono::Duration::days(day);
        for i in 0..per_day(day) {
            out.push_str(&format!(
                "D{day}-{i},{date},Military presence,Russian troops moved in Belarus,Belarus\n"
            ));
        }
    }
    out
}

fn import(ws: &Workspace, name: &str, csv: String) -> crate::util::Run {
    ws.write(name, csv);
    let run = ws.run(&["import", "csv", name, "--mapping", "map.toml"]);
    run.success();
    run
}

fn recent_alerts(ws: &Workspace) -> Vec<serde_json::Value> {
    let list = ws.run(&["alert", "list", "--json"]);
    list.success();
    list.json()["recent"].as_array().unwrap().clone()
}

#[test]
fn surge_rule_fires_after_import_once_per_surge_day() {
    let ws = Workspace::new();
    ws.write("map.toml", MAPPING);
    // Forty quiet days: a movement every fourth day.
    import(
        &ws,
        "quiet.csv",
        incidents(0..40, |d| usize::from(d % 4 == 0)),
    );

    // No question for a surge rule, and nothing to say without one of its flags.
    let bare = ws.run(&["alert", "add"]);
    assert_ne!(bare.code(), 0);
    assert!(bare.stderr().contains("--surge-type"), "{}", bare.stderr());
    let both = ws.run(&["alert", "add", "--question", "q", "--surge-location", "BLR"]);
    assert_eq!(both.code(), 2, "clap refuses a question with surge flags");

    let added = ws.run(&[
        "alert",
        "add",
        "--surge-type",
        "mobilize",
        "--surge-location",
        "blr",
        "--min-z",
        "3",
        "--webhook",
        "https://hooks.example.org/forewarn",
        "--secret",
        "s",
    ]);
    added.success();
    assert!(added.stdout().contains("alert rule 1 added"));
    assert!(recent_alerts(&ws).is_empty(), "a quiet series has no surge");

    let list = ws.run(&["alert", "list"]);
    list.success();
    assert!(
        list.stdout().contains("MOBILIZE events in BLR"),
        "{}",
        list.stdout()
    );

    // A week of five a day: one alert for the surge days it makes.
    let busy = import(&ws, "busy.csv", incidents(40..47, |_| 5));
    assert!(busy.stderr().contains("1 alert fired"), "{}", busy.stderr());
    let fired = recent_alerts(&ws);
    assert_eq!(fired.len(), 1, "{fired:?}");
    let message = fired[0]["message"].as_str().unwrap();
    assert!(
        message.starts_with("surge in MOBILIZE events in BLR: "),
        "{message}"
    );
    assert_eq!(
        fired[0]["delivery"], "pending",
        "served by `forewarn serve`"
    );

    // Imports that add nothing new to the surge report nothing again.
    let again = import(&ws, "busy.csv", incidents(40..47, |_| 5));
    assert!(!again.stderr().contains("alert"), "{}", again.stderr());
    import(&ws, "later.csv", incidents(60..61, |_| 1));
    assert_eq!(recent_alerts(&ws).len(), 1);

    // A new surge day later on is reported alone.
    let second = import(&ws, "second.csv", incidents(80..81, |_| 9));
    assert!(
        second.stderr().contains("1 alert fired"),
        "{}",
        second.stderr()
    );
    let fired = recent_alerts(&ws);
    assert_eq!(fired.len(), 2, "{fired:?}");
    let message = fired[0]["message"].as_str().unwrap();
    assert!(
        message.contains("1 new surge day at z ≥ 3; latest 2022-03-22: 9 events"),
        "{message}"
    );
}
