//! Loading actor dictionaries in the PETRARCH/TABARI format.

use chrono::NaiveDate;
use forewarn_gazetteer::{Gazetteer, PetrarchSummary, looks_like_petrarch};

const DICT: &str = include_str!("fixtures/petrarch.actors.txt");

fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn codes(
    g: &Gazetteer,
    text: &str,
    date: Option<NaiveDate>,
) -> Vec<(String, Option<String>, Option<String>)> {
    g.actors(text, date)
        .into_iter()
        .map(|a| (a.text, a.country, a.sector))
        .collect()
}

#[test]
fn loads_countries_people_and_bodies() {
    assert!(looks_like_petrarch(DICT));
    let mut g = Gazetteer::builtin();
    let summary = g.extend_from_petrarch(DICT, "petrarch.actors.txt").unwrap();
    assert_eq!(
        summary,
        PetrarchSummary {
            countries: 1,
            persons: 2,
            organizations: 2,
            skipped: 3,
        }
    );
    // Country synonyms become aliases; the canonical name stays.
    assert_eq!(g.country("BLR").unwrap().name, "Belarus");
    let found = codes(&g, "Byelorussia protested.", None);
    assert_eq!(found[0].1.as_deref(), Some("BLR"));
    // An armed group with a non-state code has no country.
    let found = codes(&g, "The Freedom Brigade attacked.", None);
    assert_eq!(found[0].1, None);
}

#[test]
fn roles_are_bounded_by_date() {
    let mut g = Gazetteer::builtin();
    g.extend_from_petrarch(DICT, "petrarch.actors.txt").unwrap();
    let text = "Ivan Petrovich Sidorov spoke.";
    let in_office = codes(&g, text, day(2000, 6, 1));
    assert_eq!(in_office[0].1.as_deref(), Some("BLR"));
    assert_eq!(in_office[0].2.as_deref(), Some("GOV"));
    let later = codes(&g, text, day(2010, 6, 1));
    assert_eq!(later[0].2.as_deref(), Some("OPP"));
    let koval = codes(&g, "Anna Koval visited.", day(2001, 1, 1));
    assert_eq!(koval[0].1.as_deref(), Some("UKR"));
    assert_eq!(koval[0].2.as_deref(), Some("MIL"));
}

#[test]
fn actor_files_dispatch_on_format() {
    let mut g = Gazetteer::builtin();
    g.extend_from_actor_file(DICT, "custom.actors.txt").unwrap();
    assert_eq!(
        codes(&g, "Anna Koval visited.", None)[0].1.as_deref(),
        Some("UKR")
    );
    let toml = "[[organization]]\nname = \"Northern Watch\"\nsector = \"MIL\"\ncountry = \"BLR\"\n";
    let mut g = Gazetteer::builtin();
    g.extend_from_actor_file(toml, "extra.toml").unwrap();
    assert_eq!(
        codes(&g, "Northern Watch moved.", None)[0].1.as_deref(),
        Some("BLR")
    );
}
