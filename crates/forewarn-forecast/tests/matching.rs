//! Indicator matching rules, one behaviour per test.

mod common;

use common::*;
use forewarn_forecast::{matches, parse_question};
use forewarn_model::{EventType, Indicator};

fn indicator(id: &str) -> Indicator {
    let q = parse_question(BELARUS, "belarus.toml").unwrap();
    q.indicators.into_iter().find(|i| i.id == id).unwrap()
}

const TROOPS: &str = "Belarusian units moved toward the border with Ukraine.";

#[test]
fn event_type_source_and_keyword_match() {
    let m = matches(
        &indicator("troops-to-border"),
        &troops(1, 1, "2022-10-12", TROOPS),
    )
    .unwrap();
    assert_eq!(m.date, d("2022-10-12"));
    assert_eq!(m.event_index, Some(0));
    let countries: Vec<_> = m
        .actors
        .iter()
        .map(|a| a.country.clone().unwrap())
        .collect();
    assert_eq!(countries, ["BLR", "UKR"]);
}

#[test]
fn event_date_is_the_development_date_else_publication() {
    let ind = indicator("troops-to-border");
    let mut o = troops(1, 1, "2022-10-12", TROOPS);
    o.events[0].date = Some(d("2022-10-09"));
    assert_eq!(matches(&ind, &o).unwrap().date, d("2022-10-09"));
    o.events[0].date = None;
    assert_eq!(matches(&ind, &o).unwrap().date, d("2022-10-12"));
}

#[test]
fn wrong_type_source_or_missing_keyword_do_not_match() {
    let ind = indicator("troops-to-border");
    let mut o = troops(1, 1, "2022-10-12", TROOPS);
    o.events[0].event_type = EventType::Consult;
    assert!(matches(&ind, &o).is_none());
    let o = obs(
        1,
        1,
        "2022-10-12",
        TROOPS,
        vec![event(EventType::Mobilize, "RUS", None)],
    );
    assert!(matches(&ind, &o).is_none());
    assert!(
        matches(
            &ind,
            &troops(1, 1, "2022-10-12", "Belarusian units moved south.")
        )
        .is_none()
    );
}

#[test]
fn keywords_are_case_insensitive_on_word_boundaries() {
    let ind = indicator("troops-to-border");
    assert!(
        matches(
            &ind,
            &troops(1, 1, "2022-10-12", "Units moved to the BORDER.")
        )
        .is_some()
    );
    assert!(
        matches(
            &ind,
            &troops(1, 1, "2022-10-12", "A borderline decision on units.")
        )
        .is_none()
    );
}

#[test]
fn exclude_keywords_veto() {
    let mut ind = indicator("troops-to-border");
    ind.matcher.exclude_keywords = vec!["exercise".into()];
    assert!(
        matches(
            &ind,
            &troops(
                1,
                1,
                "2022-10-12",
                "Units moved to the border for an exercise."
            )
        )
        .is_none()
    );
}

#[test]
fn modality_needs_permission() {
    let mut ind = indicator("troops-to-border");
    let mut o = troops(1, 1, "2022-10-12", TROOPS);
    o.events[0].negated = true;
    assert!(
        matches(&ind, &o).is_none(),
        "asserted-only indicator rejects a negated event"
    );
    ind.matcher.negated = true;
    assert!(matches(&ind, &o).is_some(), "negated indicator accepts it");
    assert!(
        matches(&ind, &troops(1, 1, "2022-10-12", TROOPS)).is_none(),
        "and rejects an asserted one"
    );

    let mut ind = indicator("troops-to-border");
    let mut o = troops(1, 1, "2022-10-12", TROOPS);
    o.events[0].future = true;
    assert!(matches(&ind, &o).is_none());
    ind.matcher.allow_future = true;
    assert!(matches(&ind, &o).is_some());
    o.events[0].hypothetical = true;
    assert!(matches(&ind, &o).is_none());
    ind.matcher.allow_hypothetical = true;
    assert!(matches(&ind, &o).is_some());
}

#[test]
fn a_later_event_can_match_when_the_first_does_not() {
    let ind = indicator("troops-to-border");
    let o = obs(
        1,
        1,
        "2022-10-12",
        TROOPS,
        vec![
            event(EventType::Consult, "BLR", None),
            event(EventType::Mobilize, "BLR", Some("2022-10-11")),
        ],
    );
    let m = matches(&ind, &o).unwrap();
    assert_eq!((m.event_index, m.date), (Some(1), d("2022-10-11")));
}

#[test]
fn location_by_country_or_place_name() {
    let ind = indicator("russian-forces-arrive");
    let text = "Russian troops arrived at a base in Belarus.";
    let e = event(EventType::Mobilize, "RUS", None);
    assert!(
        matches(&ind, &obs(1, 1, "2022-10-12", text, vec![e.clone()])).is_none(),
        "no location"
    );
    assert!(
        matches(
            &ind,
            &obs(
                1,
                1,
                "2022-10-12",
                text,
                vec![located(e.clone(), "Baranovichi", "BLR")]
            )
        )
        .is_some()
    );
    let mut by_name = indicator("russian-forces-arrive");
    by_name.matcher.location = vec!["baranovichi".into()];
    assert!(
        matches(
            &by_name,
            &obs(
                1,
                1,
                "2022-10-12",
                text,
                vec![located(e, "Baranovichi", "BLR")]
            )
        )
        .is_some()
    );
}

#[test]
fn modes_must_agree() {
    let mut ind = indicator("troops-to-border");
    ind.matcher.modes = vec!["Aerial".into()];
    assert!(matches(&ind, &troops(1, 1, "2022-10-12", TROOPS)).is_none());
    ind.matcher.modes = vec!["TROOPS".into()];
    assert!(matches(&ind, &troops(1, 1, "2022-10-12", TROOPS)).is_some());
}

#[test]
fn without_event_types_the_sentence_is_the_evidence() {
    let ind = indicator("minsk-denies-entry");
    let text = "Minsk said it had no intention of entering the war.";
    let m = matches(&ind, &denial(1, 1, "2022-10-12", text)).unwrap();
    assert_eq!(m.event_index, None);
    assert_eq!(m.date, d("2022-10-12"));
    assert_eq!(m.actors[0].name.as_deref(), Some("Minsk"));
    // The source condition is met by the sentence's actors, so without them there is no match.
    assert!(matches(&ind, &obs(1, 1, "2022-10-12", text, Vec::new())).is_none());
    // Modality flags describe events; here keywords decide, so a coded negation still counts.
    let mut o = denial(1, 1, "2022-10-12", "Minsk will not enter the war.");
    let mut e = event(EventType::Mobilize, "BLR", None);
    e.negated = true;
    o.events.push(e);
    assert!(matches(&ind, &o).is_some());
}

#[test]
fn between_needs_two_different_countries() {
    let mut ind = indicator("troops-to-border");
    ind.matcher.keywords.clear();
    ind.matcher.event_types = vec![EventType::Consult];
    ind.matcher.source = vec!["RUS".into(), "UKR".into()];
    ind.matcher.target = vec!["RUS".into(), "UKR".into()];
    ind.matcher.between = true;
    let talk = |source: &str, target: &str| {
        let mut e = event(EventType::Consult, source, None);
        e.target = vec![actor(target, target)];
        obs(1, 1, "2022-02-27", "The delegations met.", vec![e])
    };
    // Either direction across the sides counts; one side's dealings with itself do not.
    assert!(matches(&ind, &talk("RUS", "UKR")).is_some());
    assert!(matches(&ind, &talk("UKR", "RUS")).is_some());
    assert!(matches(&ind, &talk("RUS", "RUS")).is_none());
    ind.matcher.between = false;
    assert!(matches(&ind, &talk("RUS", "RUS")).is_some());
}
