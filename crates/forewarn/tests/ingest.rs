use crate::util::Workspace;

const TXT: &str = "---\ntitle: Grouping announced\npublished: 2022-10-10\nsource: wire report\n---\nBelarus announced a joint regional grouping of forces with Russia on Monday.\n";

fn all_formats(ws: &Workspace) {
    ws.write("in/a.txt", TXT);
    ws.write("in/b.md", "---\npublished: 2022-12-19\n---\n# Visit\n\nPutin visited Minsk on Monday for talks with Lukashenko.\n");
    ws.write(
        "in/c.html",
        "<html><head><title>Drills</title><meta property=\"article:published_time\" content=\"2023-01-16T08:00:00Z\"></head><body><article><p>Russian and Belarusian air force units began joint tactical drills on Monday, the defence ministry said.</p><p>The drills are to last until early February, officials added.</p></article></body></html>",
    );
    ws.write("in/d.jsonl", "{\"title\":\"Inspection\",\"text\":\"Lukashenko ordered a snap inspection of the army on Tuesday.\",\"published\":\"2022-12-13\"}\n");
    ws.write("in/e.csv", "Heading,Text,Date\nStatement,Lukashenko said Belarus would not send troops to Ukraine.,16 February 2023\n");
    ws.write(
        "in/e.map.toml",
        "text = \"Text\"\ntitle = \"Heading\"\npublished = \"Date\"\n",
    );
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut gz, b"<html><head><title>Missile</title><meta property=\"article:published_time\" content=\"2022-12-29\"></head><body><article><p>A Ukrainian air-defence missile came down in the Brest region of Belarus on Thursday, officials in Minsk said.</p></article></body></html>").unwrap();
    ws.write("in/f.html.gz", gz.finish().unwrap());
}

#[test]
fn every_format_is_ingested_and_reingest_adds_nothing() {
    let ws = Workspace::new();
    all_formats(&ws);
    let first = ws.run(&["ingest", "in", "--json"]);
    first.success();
    let summary = first.json();
    assert_eq!(summary["files"], 6, "{summary}");
    assert_eq!(summary["added"], 6, "{summary}");
    assert_eq!(summary["failed"].as_array().unwrap().len(), 0, "{summary}");
    assert!(summary["events"].as_u64().unwrap() >= 4, "{summary}");

    let second = ws.run(&["ingest", "in", "--json"]);
    second.success();
    let summary = second.json();
    assert_eq!(summary["added"], 0);
    assert_eq!(summary["skipped_duplicate"], 6);
}

#[test]
fn csv_mapping_from_the_command_line() {
    let ws = Workspace::new();
    ws.write(
        "news.csv",
        "Heading,Body,When\nDrills,Belarus held drills near Brest on Friday.,2022-12-09\n",
    );
    let run = ws.run(&[
        "ingest",
        "news.csv",
        "--map",
        "text=Body,title=Heading,published=When",
        "--json",
    ]);
    run.success();
    assert_eq!(run.json()["added"], 1);
}

#[test]
fn published_flag_dates_a_plain_text_file() {
    let ws = Workspace::new();
    ws.write("undated.txt", "A Ukrainian missile came down in Belarus.\n");
    let summary = ws.run(&["ingest", "undated.txt", "--json"]).json();
    let warnings = summary["warnings"].to_string();
    assert!(
        warnings.contains("undated.txt") && warnings.contains("no publication date"),
        "{summary}"
    );

    ws.write(
        "dated.txt",
        "On December 29th a Ukrainian missile came down in Belarus.\n",
    );
    let summary = ws
        .run(&["ingest", "dated.txt", "--published", "2023-01-04", "--json"])
        .json();
    assert_eq!(summary["added"], 1);
    assert!(
        !summary["warnings"]
            .to_string()
            .contains("no publication date"),
        "{summary}"
    );
}

#[test]
fn human_summary_names_counts() {
    let ws = Workspace::new();
    all_formats(&ws);
    let run = ws.run(&["ingest", "in"]);
    run.success();
    assert!(run.stdout().contains("6 added"), "{}", run.stdout());
    assert!(run.stdout().contains("0 failed"), "{}", run.stdout());
}
