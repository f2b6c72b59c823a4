//! Imported events and the daily counts kept by triggers.

use chrono::NaiveDate;
use forewarn_model::{
    ActorRef, CodedSentence, Document, Event, EventType, ImportedArticle, ImportedEvent,
    ImportedMention, Location,
};
use forewarn_store::{CountFilter, Measure};

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
    for db in forewarn_testdb::backends() {
        let mut store = db.open();
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
}

#[test]
fn factual_news_events_are_counted_on_the_document_date() {
    for db in forewarn_testdb::backends() {
        let mut store = db.open();
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
}

fn mention(event: &str, at: &str, url: &str) -> ImportedMention {
    ImportedMention {
        dataset: "cir".into(),
        event_source_id: event.into(),
        mentioned_at: at.parse().unwrap(),
        mention_type: Some(1),
        source_name: Some("example.org".into()),
        url: url.into(),
        sentence: 1,
        confidence: Some(90),
        tone: Some(-3.5),
    }
}

#[test]
fn mentions_count_on_their_own_day_whatever_the_import_order() {
    for db in forewarn_testdb::backends() {
        let mut store = db.open();
        store
            .insert_imported_events(&[imported("a", "2022-02-10", EventType::Mobilize, "BLR")])
            .unwrap();
        let mentions = [
            mention("a", "2022-02-10T05:00:00", "https://example.org/1"),
            mention("a", "2022-02-11T01:15:00", "https://example.org/2"),
            // Of an event not imported yet, and of one that never is.
            mention("b", "2022-02-11T09:30:00", "https://example.org/3"),
            mention("z", "2022-02-11T09:30:00", "https://example.org/4"),
        ];
        assert_eq!(store.insert_imported_mentions(&mentions).unwrap(), 4);
        let in_blr = |measure| CountFilter {
            location: vec!["BLR".into()],
            event_types: vec!["MOBILIZE".into()],
            measure,
            ..Default::default()
        };
        assert_eq!(
            store.daily_counts(&in_blr(Measure::Mentions)).unwrap(),
            vec![(date("2022-02-10"), 1), (date("2022-02-11"), 1)]
        );
        assert_eq!(store.mention_totals().unwrap(), (4, 2));

        // The event arrives after its mention: the mention counts now, on its own day.
        store
            .insert_imported_events(&[imported("b", "2022-02-09", EventType::Mobilize, "BLR")])
            .unwrap();
        assert_eq!(
            store.daily_counts(&in_blr(Measure::Mentions)).unwrap(),
            vec![(date("2022-02-10"), 1), (date("2022-02-11"), 2)]
        );
        assert_eq!(store.mention_totals().unwrap(), (4, 3));
        // Re-importing changes nothing; the event counts are their own measure.
        assert_eq!(store.insert_imported_mentions(&mentions).unwrap(), 0);
        assert_eq!(
            store.daily_counts(&in_blr(Measure::Mentions)).unwrap(),
            vec![(date("2022-02-10"), 1), (date("2022-02-11"), 2)]
        );
        assert_eq!(
            store.daily_counts(&in_blr(Measure::Events)).unwrap(),
            vec![(date("2022-02-09"), 1), (date("2022-02-10"), 1)]
        );
        let elsewhere = CountFilter {
            location: vec!["UKR".into()],
            measure: Measure::Mentions,
            ..Default::default()
        };
        assert!(store.daily_counts(&elsewhere).unwrap().is_empty());
    }
}

#[test]
fn gkg_articles_count_once_per_country_they_name() {
    for db in forewarn_testdb::backends() {
        let mut store = db.open();
        let article = |id: &str, at: &str, countries: &[&str]| ImportedArticle {
            dataset: "gkg".into(),
            record_id: id.into(),
            published: at.parse().unwrap(),
            source_name: None,
            url: None,
            countries: countries.iter().map(|c| c.to_string()).collect(),
            themes: vec!["MILITARY".into()],
            tone: Some(-2.0),
        };
        let articles = [
            article("1", "2022-02-10T03:00:00", &["BLR", "UKR"]),
            article("2", "2022-02-10T23:45:00", &["BLR"]),
            article("3", "2022-02-11T00:15:00", &[]),
        ];
        assert_eq!(store.insert_imported_articles(&articles).unwrap(), 3);
        assert_eq!(store.insert_imported_articles(&articles).unwrap(), 0);
        let in_country = |c: &str| CountFilter {
            location: vec![c.into()],
            measure: Measure::Articles,
            ..Default::default()
        };
        assert_eq!(
            store.daily_counts(&in_country("BLR")).unwrap(),
            vec![(date("2022-02-10"), 2)]
        );
        assert_eq!(
            store.daily_counts(&in_country("UKR")).unwrap(),
            vec![(date("2022-02-10"), 1)]
        );
        // Articles are not events.
        assert!(
            store
                .daily_counts(&CountFilter::default())
                .unwrap()
                .is_empty()
        );
    }
}
