#![allow(clippy::disallowed_methods)] // tests and examples read their fixtures from disk

//! Importers on fixtures we wrote in the real formats.

use std::io::BufReader;
use std::sync::Arc;

use forewarn_code::Coder;
use forewarn_events::gdelt::{GdeltKind, RowReader, event_from_row};
use forewarn_events::{Mapping, read_csv_events};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

#[test]
fn gdelt_fixture_round_trips_and_maps() {
    let text = std::fs::read_to_string(format!("{FIXTURES}/events.tsv")).unwrap();
    let mut reader = RowReader::new(text.as_bytes(), "events.tsv", GdeltKind::Events);
    let mut rebuilt = String::new();
    let mut events = Vec::new();
    while let Some(row) = reader.next_row().unwrap() {
        assert_eq!(row.len(), 61);
        let fields: Vec<&[u8]> = row.fields().collect();
        rebuilt.push_str(std::str::from_utf8(&fields.join(&b'\t')).unwrap());
        rebuilt.push('\n');
        events.push(event_from_row(&row, "events.tsv").unwrap());
    }
    assert_eq!(rebuilt, text);
    let summary: Vec<String> = events
        .iter()
        .map(|e| {
            format!(
                "{} {} {:?} {:?} {:?}->{:?} in {:?}/{:?}",
                e.date.unwrap(),
                e.native_type,
                e.event_type,
                e.mode,
                e.source_country,
                e.target_country,
                e.location_country,
                e.admin1
            )
        })
        .collect();
    insta::assert_yaml_snapshot!(summary);
}

#[test]
fn csv_list_through_a_mapping_keeps_native_types_and_reports_bad_rows() {
    let mapping = Mapping::from_toml(
        &std::fs::read_to_string(format!("{FIXTURES}/incidents.toml")).unwrap(),
        "incidents.toml",
    )
    .unwrap();
    let coder = Coder::new(Arc::new(forewarn_gazetteer::Gazetteer::builtin()));
    let file = std::fs::File::open(format!("{FIXTURES}/incidents.csv")).unwrap();
    let mut stored = Vec::new();
    let result = read_csv_events(
        BufReader::new(file),
        "incidents.csv",
        &mapping,
        &coder,
        2,
        |batch| {
            stored.extend(batch);
            Ok(())
        },
    )
    .unwrap();
    assert_eq!(result.rows, 4);
    assert_eq!(
        result.errors,
        vec!["incidents.csv:4: cannot read the date `not a date` in `date`"]
    );
    let summary: Vec<String> = stored
        .iter()
        .map(|e| {
            format!(
                "{} {} [{}] {:?} {:?} src {:?} in {:?}/{:?}",
                e.source_id,
                e.date.unwrap(),
                e.native_type,
                e.event_type,
                e.mode,
                e.source_country,
                e.location_country,
                e.admin1
            )
        })
        .collect();
    insta::assert_yaml_snapshot!(summary);
}
