//! Data-driven test: every sentence in `fixtures/sentences.txt` with the actors and places the
//! gazetteer finds, as one insta snapshot per kind.

use chrono::NaiveDate;
use forewarn_gazetteer::Gazetteer;
use std::fmt::Write;

fn cases() -> Vec<(Option<NaiveDate>, &'static str)> {
    include_str!("fixtures/sentences.txt")
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (date, text) = l.split_once(" | ").expect("`date | text`");
            (
                NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").ok(),
                text.trim(),
            )
        })
        .collect()
}

#[test]
fn actor_mentions() {
    let gaz = Gazetteer::builtin();
    let mut report = String::new();
    for (date, text) in cases() {
        let date_label = date.map_or("-".to_string(), |d| d.to_string());
        writeln!(report, "{date_label} | {text}").unwrap();
        for m in gaz.actors(text, date) {
            writeln!(
                report,
                "    {:?} {:?} {}/{} {:?} -> {}",
                m.span,
                m.text,
                m.country.as_deref().unwrap_or("-"),
                m.sector.as_deref().unwrap_or("-"),
                m.kind,
                m.name
            )
            .unwrap();
        }
    }
    insta::assert_snapshot!(report);
}

#[test]
fn place_mentions() {
    let gaz = Gazetteer::builtin();
    let mut report = String::new();
    for (_, text) in cases() {
        let places = gaz.places(text);
        if places.is_empty() {
            continue;
        }
        writeln!(report, "{text}").unwrap();
        for p in places {
            writeln!(
                report,
                "    {:?} {:?} -> {} ({}) {:.2},{:.2}",
                p.span, p.text, p.name, p.country, p.lat, p.lon
            )
            .unwrap();
        }
    }
    insta::assert_snapshot!(report);
}
