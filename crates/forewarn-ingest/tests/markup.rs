//! Fields that carry HTML (tags, entities, CDATA) become plain text; plain text with a literal
//! `<` or `&` is kept as it is. Fixtures written by us.

#![allow(clippy::disallowed_methods)] // reads its fixtures from disk

use std::fmt::Write;
use std::path::Path;

use forewarn_ingest::{CsvMapping, IngestOptions, read_path};

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn show(outcome: &forewarn_ingest::FileOutcome) -> String {
    let mut s = String::new();
    for doc in &outcome.documents {
        let _ = writeln!(
            s,
            "title: {:?}\nauthor: {:?}\npublished: {:?}\ntext:\n{}\n",
            doc.title.as_deref().unwrap_or(""),
            doc.author.as_deref().unwrap_or(""),
            doc.published,
            doc.text
        );
    }
    for d in &outcome.diagnostics {
        let _ = writeln!(s, "diagnostic: {d}");
    }
    s
}

#[test]
fn csv_fields_with_html() {
    let options = IngestOptions {
        csv_mapping: Some(
            CsvMapping::parse_pairs("text=Body,title=Heading,published=Date,author=Byline")
                .unwrap(),
        ),
        ..IngestOptions::default()
    };
    let outcome = read_path(&fixture("html-fields.csv"), &options);
    assert_eq!(outcome.documents.len(), 3, "{:?}", outcome.diagnostics);
    insta::assert_snapshot!(show(&outcome));
}

#[test]
fn jsonl_fields_with_entities() {
    let outcome = read_path(&fixture("entity-fields.jsonl"), &IngestOptions::default());
    assert_eq!(outcome.documents.len(), 3, "{:?}", outcome.diagnostics);
    insta::assert_snapshot!(show(&outcome));
}
