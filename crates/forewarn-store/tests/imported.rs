//! Imported events and the daily counts kept by triggers.

use chrono::NaiveDate;
use forewarn_model::{
    ActorRef, CodedSentence, Document, Event, EventType, ImportedEvent, Location,
};
use forewarn_store::{CountFilter, Store};

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn imported(id: &str, day: &str, t: EventType, place: &str) -> ImportedEvent {
    ImportedEvent {
        dataset: "cir".into(),
        source_id: id.into(),
        date: Some(date(day)),
        native_type: "Russian Military Presence".into(),
        event_type: Some(t),
        source_country: Some("RUS".into()),
        location_country: Some(place.into()),
        admin1: Some("Gomel".into()),
        ..Default::default()
    }
}

fn news_event(negated: bool) -> Event {
    Event {
        event_type: EventType::Mobilize,
        mode: Some("troops".into()),
        context: vec![],
        cameo: None,
        source: vec![ActorRef {
            text: "Russia".into(),
            country: Some("RUS".into()),
            ..Default::default()
        }],
        target: vec![],
        location: Some(Location {
            name: "Belarus".into(),
            country: Some("BLR".into()),
            lat: None,
            lon: None,
        }),
        date: None,
        negated,
        hypothetical: false,
        future: false,
        trigger: "moved".into(),
        span: (0, 5),
        confidence: 0.8,
        rule: "test".into(),
    }
}

#[test]
fn imports_are_idempotent_and_counted_per_day() {
    let mut store = Store::open_in_memory().unwrap();
    let rows = vec![
        imported("a", "2022-01-02", EventType::Mobilize, "BLR"),
        imported("b", "2022-01-02", EventType::Mobilize, "BLR"),
        imported("c", "2022-01-03", EventType::Assault, "UKR"),
    ];
    assert_eq!(store.insert_imported_events(&rows).unwrap(), 3);
    assert_eq!(store.insert_imported_events(&rows).unwrap(), 0);
    assert_eq!(
        store.imported_counts().unwrap(),
        vec![("cir".to_string(), 3)]
    );

    let blr = CountFilter {
        location: vec!["BLR".into()],
        ..Default::default()
    };
    assert_eq!(
        store.daily_counts(&blr).unwrap(),
        vec![(date("2022-01-02"), 2)]
    );
    let all = store.daily_counts(&CountFilter::default()).unwrap();
    assert_eq!(all.len(), 2);

    let regions = store
        .region_day_counts(&CountFilter::default(), false)
        .unwrap();
    assert_eq!(regions[0], ("BLR/Gomel".to_string(), date("2022-01-02"), 2));
}

#[test]
fn factual_news_events_are_counted_on_the_document_date() {
    let mut store = Store::open_in_memory().unwrap();
    let doc = Document {
        hash: "h".into(),
        text: "Russia moved troops to Belarus. Russia did not move troops.".into(),
        published: Some(date("2022-02-10")),
        ..Default::default()
    };
    let sentence = |index, negated| CodedSentence {
        index,
        text: "Russia moved troops to Belarus.".into(),
        span: (0, 31),
        events: vec![news_event(negated)],
        actors: vec![],
        places: vec![],
    };
    store
        .insert_document(
            &doc,
            &[sentence(0, false), sentence(1, true)],
            &[],
            None,
            "now",
        )
        .unwrap();
    let filter = CountFilter {
        datasets: vec!["news".into()],
        event_types: vec!["MOBILIZE".into()],
        source: vec!["RUS".into()],
        ..Default::default()
    };
    assert_eq!(
        store.daily_counts(&filter).unwrap(),
        vec![(date("2022-02-10"), 1)]
    );
}
