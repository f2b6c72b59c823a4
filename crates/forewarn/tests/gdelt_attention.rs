//! Attention as evidence: GDELT Mentions (`surge --measure mentions`: a month of steady
//! coverage of one Belarus event, then a burst of articles about a new one, the mentions
//! imported before their events), the same files as BigQuery CSV exports, and GKG articles
//! (`surge --measure articles`).

use crate::util::Workspace;

/// A GDELT 2.0 events row (61 fields): CAMEO `code`, action geography in Belarus (FIPS `BO`).
fn event_row(id: u32, day: &str, code: &str) -> String {
    let mut f = vec![String::new(); 61];
    f[0] = id.to_string();
    f[1] = day.into();
    f[5] = "RUSMIL".into();
    f[6] = "RUSSIAN MILITARY".into();
    f[7] = "RUS".into();
    f[26] = code.into();
    f[27] = code.into();
    f[28] = code[..2].into();
    f[51] = "4".into();
    f[52] = "Gomel, Homyel'skaya Voblasts', Belarus".into();
    f[53] = "BO".into();
    f[54] = "BO02".into();
    f[60] = format!("https://news.example.org/event/{id}");
    f.join("\t")
}

/// A GDELT 2.0 mentions row (16 fields).
fn mention_row(event: u32, time: &str, url: &str) -> String {
    let mut f = vec![String::new(); 16];
    f[0] = event.to_string();
    f[1] = "20220101000000".into();
    f[2] = time.into();
    f[3] = "1".into();
    f[4] = "news.example.org".into();
    f[5] = url.into();
    f[6] = "2".into();
    f[11] = "70".into();
    f[12] = "1800".into();
    f[13] = "-2.5".into();
    f.join("\t")
}

/// The flagged days of `surge --location BLR --measure MEASURE`, with their counts.
fn surge_days(ws: &Workspace, measure: &str) -> Vec<(String, u64)> {
    let args = ["surge", "--location", "BLR", "--measure", measure, "--json"];
    let run = ws.run(&args);
    run.success();
    run.json()["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["date"].as_str().unwrap().to_string(),
                d["count"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn mentions_file() -> String {
    let start = chrono::NaiveDate::from_ymd_opt(2022, 1, 1).unwrap();
    let mut rows = Vec::new();
    for day in 0..35 {
        let d = (start + chrono::Duration::days(day)).format("%Y%m%d");
        rows.push(mention_row(
            100,
            &format!("{d}091500"),
            &format!("https://a.example/{day}"),
        ));
    }
    for n in 0..12 {
        let url = format!("https://b.example/{n}");
        rows.push(mention_row(200, "20220205120000", &url));
    }
    rows.push(mention_row(200, "yesterday", "https://b.example/bad"));
    rows.join("\n") + "\n"
}

#[test]
fn mentions_import_before_their_events_and_surge_as_attention() {
    let ws = Workspace::new();
    ws.write("day.mentions.CSV", mentions_file());
    let events = [
        event_row(100, "20220101", "150"),
        event_row(200, "20220205", "150"),
    ]
    .join("\n");
    ws.write("day.export.CSV", events);

    let first = ws.run(&["import", "gdelt", "day.mentions.CSV", "--json"]);
    first.success();
    let s = first.json();
    assert_eq!(s["mentions"], 47, "{s}");
    assert_eq!(s["mentions_of_stored_events"], 0, "{s}");
    assert_eq!(s["skipped_rows"], 1, "{s}");
    assert_eq!(
        s["problems"][0],
        "day.mentions.CSV:48: field MentionTimeDate: not a YYYYMMDDHHMMSS time: \"yesterday\"",
        "{s}"
    );
    let again = ws.run(&["import", "gdelt", "day.mentions.CSV", "--json"]);
    assert_eq!(again.json()["mentions"], 0, "re-import adds nothing");

    let events = ws.run(&["import", "gdelt", "day.export.CSV", "--json"]);
    events.success();
    assert_eq!(events.json()["imported"], 2);

    assert_eq!(
        surge_days(&ws, "mentions"),
        [("2022-02-05".to_string(), 12)],
        "the new event's articles"
    );
    let text = ws.run(&["surge", "--location", "BLR", "--measure", "mentions"]);
    text.success();
    assert!(
        text.stdout()
            .contains("47 mentions over 36 days, 1 surge day(s)"),
        "{}",
        text.stdout()
    );

    // Counted as events, two events are no surge.
    let counted = ws.run(&["surge", "--location", "BLR", "--json"]);
    counted.success();
    assert!(counted.json()["days"].as_array().unwrap().is_empty());

    // A question watching attention moves on the burst, and not before it.
    let question = ws.write(
        "q.toml",
        r#"
id = "attention"
question = "Will Russian forces in Belarus cross into Ukraine before 2022-04-01?"
opens = 2022-01-01
deadline = 2022-04-01
prior = 0.2

[[indicator]]
id = "coverage-surge"
label = "Burst of coverage of military activity in Belarus"
direction = "for"
weight = 1.0
half_life_days = 14
match = { surge = { location = ["BLR"], min_z = 3, measure = "mentions" } }
"#,
    );
    ws.run(&["question", "add", question.to_str().unwrap()])
        .success();
    let explain = |as_of: &str| {
        ws.run(&["explain", "attention", "--as-of", as_of, "--json"])
            .json()
    };
    let before = explain("2022-02-04");
    assert!(
        before["contributions"].as_array().unwrap().is_empty(),
        "{before}"
    );
    let after = explain("2022-02-06");
    let contribution = &after["contributions"][0];
    assert_eq!(contribution["indicator_id"], "coverage-surge", "{after}");
    assert!(
        contribution["sentence"]
            .as_str()
            .unwrap()
            .starts_with("Surge: 12 articles mentioning events in BLR on 2022-02-05"),
        "{after}"
    );
}

/// Tab-separated raw rows as a BigQuery CSV export of `columns`: a header of lower-case names,
/// commas, quotes where a field needs them.
fn as_export(raw: &str, columns: &[&str]) -> String {
    let quote = |f: &str| {
        if f.contains([',', '"', '\n']) {
            format!("\"{}\"", f.replace('"', "\"\""))
        } else {
            f.to_string()
        }
    };
    let mut out = columns.join(",").to_ascii_lowercase() + "\n";
    for line in raw.lines() {
        let fields: Vec<String> = line.split('\t').map(quote).collect();
        out.push_str(&fields.join(","));
        out.push('\n');
    }
    out
}

#[test]
fn bigquery_csv_exports_import_like_the_raw_files() {
    let events = [
        event_row(100, "20220101", "150"),
        event_row(200, "20220205", "150"),
    ]
    .join("\n");
    let raw = Workspace::new();
    raw.write("m.CSV", mentions_file());
    raw.write("e.CSV", &events);
    let export = Workspace::new();
    let mentions = mentions_file();
    // The bad row stays bad: its line number is the export's (one more for the header).
    export.write(
        "mentions.csv",
        as_export(&mentions, &forewarn_events::csvexport::MENTION_COLUMNS),
    );
    export.write(
        "events.csv",
        as_export(&events, &forewarn_events::csvexport::EVENT_COLUMNS),
    );
    let mut summaries = Vec::new();
    for (ws, m, e) in [
        (&raw, "m.CSV", "e.CSV"),
        (&export, "mentions.csv", "events.csv"),
    ] {
        let s = ws
            .run(&["import", "gdelt", m, "--kind", "mentions", "--json"])
            .json();
        let e = ws
            .run(&["import", "gdelt", e, "--kind", "events", "--json"])
            .json();
        summaries.push((
            s["mentions"].clone(),
            s["problems"].clone(),
            e["imported"].clone(),
        ));
    }
    assert_eq!(summaries[0].0, summaries[1].0);
    assert_eq!(summaries[0].2, summaries[1].2);
    assert_eq!(
        summaries[1].1[0],
        "mentions.csv:49: field MentionTimeDate: not a YYYYMMDDHHMMSS time: \"yesterday\""
    );
    let surge = |ws: &Workspace| {
        ws.run(&[
            "surge",
            "--location",
            "BLR",
            "--measure",
            "mentions",
            "--json",
        ])
        .json()
    };
    assert_eq!(surge(&raw), surge(&export));
}

/// A GKG 2.1 row (27 fields) naming the countries of `fips` (FIPS 10-4 codes).
fn gkg_row(id: &str, time: &str, fips: &[&str]) -> String {
    let mut f = vec![String::new(); 27];
    f[0] = id.into();
    f[1] = time.into();
    f[2] = "1".into();
    f[3] = "news.example.org".into();
    f[4] = format!("https://news.example.org/{id}");
    f[7] = "MILITARY;ARMEDCONFLICT".into();
    f[10] = fips
        .iter()
        .map(|c| format!("1#Somewhere#{c}#{c}##0#0#{c}#10"))
        .collect::<Vec<_>>()
        .join(";");
    f[15] = "-3.1,1,4.1,5.1,20,0,500".into();
    f.join("\t")
}

#[test]
fn gkg_articles_surge_as_attention_to_a_country() {
    let ws = Workspace::new();
    let start = chrono::NaiveDate::from_ymd_opt(2022, 1, 1).unwrap();
    let mut rows = Vec::new();
    for day in 0..40 {
        let d = (start + chrono::Duration::days(day)).format("%Y%m%d");
        // One article a day on Belarus, then ten on day 35; Ukraine every day.
        let n = if day == 35 { 10 } else { 1 };
        for k in 0..n {
            rows.push(gkg_row(
                &format!("{d}-{k}"),
                &format!("{d}120000"),
                &["BO", "UP"],
            ));
        }
    }
    ws.write("day.gkg.csv", rows.join("\n") + "\n");
    ws.write("old.gkg.csv", "20220101\t3\t\tMILITARY;\t\t\t\t-1\t\t\t\n");
    let import = ws.run(&["import", "gdelt", "day.gkg.csv", "old.gkg.csv", "--json"]);
    import.success();
    let s = import.json();
    assert_eq!(s["articles"], 49, "{s}");
    assert_eq!(
        s["problems"][0],
        "old.gkg.csv: 1 GKG 1.0 row(s) checked, not stored (only GKG 2.1 rows have record ids)",
        "{s}"
    );
    assert_eq!(
        surge_days(&ws, "articles"),
        [("2022-02-05".to_string(), 10)]
    );
    let typed = ws.run(&["surge", "--measure", "articles", "--type", "MOBILIZE"]);
    assert_ne!(typed.code(), 0);
    assert!(
        typed.stderr().contains("give exactly one --location"),
        "{}",
        typed.stderr()
    );
}
