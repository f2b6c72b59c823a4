//! Builders for observations, shared by the integration tests.
#![allow(dead_code)]

use chrono::NaiveDate;
use forewarn_model::{ActorKind, ActorMention, ActorRef, Event, EventType, Location, Observation};

pub const BELARUS: &str = include_str!("../fixtures/belarus.toml");

/// Every `*.toml` file in `dir` (relative to this crate), sorted by name, as (name, text).
#[allow(clippy::disallowed_methods)] // reads the repository's own fixture files
pub fn toml_files(dir: &str) -> Vec<(String, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect()
}

pub fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub fn actor(text: &str, country: &str) -> ActorRef {
    ActorRef {
        text: text.into(),
        country: Some(country.into()),
        sector: Some("MIL".into()),
        name: None,
    }
}

pub fn event(event_type: EventType, source: &str, date: Option<&str>) -> Event {
    Event {
        event_type,
        mode: Some("troops".into()),
        context: vec!["military".into()],
        cameo: None,
        source: vec![actor(source, source)],
        target: vec![actor("Ukraine", "UKR")],
        location: None,
        date: date.map(d),
        negated: false,
        hypothetical: false,
        future: false,
        trigger: "moved".into(),
        span: (0, 5),
        confidence: 0.9,
        rule: String::new(),
    }
}

pub fn located(mut e: Event, name: &str, country: &str) -> Event {
    e.location = Some(Location {
        name: name.into(),
        country: Some(country.into()),
        lat: None,
        lon: None,
    });
    e
}

pub fn mention(text: &str, country: &str) -> ActorMention {
    ActorMention {
        span: (0, text.len()),
        text: text.into(),
        kind: ActorKind::State,
        country: Some(country.into()),
        sector: Some("GOV".into()),
        name: text.into(),
    }
}

pub fn obs(
    sentence_id: i64,
    document_id: i64,
    published: &str,
    text: &str,
    events: Vec<Event>,
) -> Observation {
    Observation {
        sentence_id,
        document_id,
        published: d(published),
        text: text.into(),
        events,
        actors: Vec::new(),
        document_title: Some(format!("Document {document_id}")),
        document_source: Some("wire report".into()),
        duplicate_of: None,
    }
}

/// A Belarusian troop movement toward the border: matches `troops-to-border`.
pub fn troops(sentence_id: i64, document_id: i64, published: &str, text: &str) -> Observation {
    obs(
        sentence_id,
        document_id,
        published,
        text,
        vec![event(EventType::Mobilize, "BLR", Some(published))],
    )
}

/// A denial from Minsk: matches `minsk-denies-entry`.
pub fn denial(sentence_id: i64, document_id: i64, published: &str, text: &str) -> Observation {
    let mut o = obs(sentence_id, document_id, published, text, Vec::new());
    o.actors = vec![mention("Minsk", "BLR")];
    o
}
