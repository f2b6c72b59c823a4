//! Surge indicators match only surge observations, and surge observations only them.

use chrono::NaiveDate;
use forewarn_forecast::{matches, parse_question};
use forewarn_model::{
    ActorRef, Event, EventType, Location, Measure, Observation, SURGE_RULE_PREFIX,
};

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2022, 2, d).unwrap()
}

fn surge_obs(z: f64, country: &str, event_type: EventType) -> Observation {
    Observation {
        sentence_id: -1,
        document_id: -1,
        published: day(10),
        text: format!("Surge: 9 {event_type} events in {country}"),
        events: vec![Event {
            event_type,
            mode: None,
            context: vec![],
            cameo: None,
            source: vec![ActorRef {
                text: "RUS".into(),
                country: Some("RUS".into()),
                ..Default::default()
            }],
            target: vec![],
            location: Some(Location {
                name: country.into(),
                country: Some(country.into()),
                lat: None,
                lon: None,
            }),
            date: Some(day(9)),
            negated: false,
            hypothetical: false,
            future: false,
            trigger: String::new(),
            span: (0, 0),
            confidence: 1.0,
            rule: format!("{SURGE_RULE_PREFIX}{z:.2}"),
        }],
        actors: vec![],
        document_title: None,
        document_source: None,
        duplicate_of: None,
    }
}

const QUESTION: &str = r#"
id = "q"
question = "War?"
opens = 2022-01-01
deadline = 2022-03-01
prior = 0.1

[[indicator]]
id = "surge"
label = "Mobilisation surge in Belarus"
direction = "for"
weight = 1.0
half_life_days = 14
match = { surge = { type = "MOBILIZE", location = ["BLR"], min_z = 3 } }

[[indicator]]
id = "any-mobilize"
label = "Any mobilisation"
direction = "for"
weight = 0.5
half_life_days = 14
match = { event_types = ["MOBILIZE"] }
"#;

#[test]
fn surge_indicator_matches_by_z_type_and_location() {
    let q = parse_question(QUESTION, "q.toml").unwrap();
    let (surge, plain) = (&q.indicators[0], &q.indicators[1]);
    let hit = matches(surge, &surge_obs(4.2, "BLR", EventType::Mobilize)).unwrap();
    assert_eq!(hit.date, day(9));
    assert!(matches(surge, &surge_obs(2.9, "BLR", EventType::Mobilize)).is_none());
    assert!(matches(surge, &surge_obs(5.0, "UKR", EventType::Mobilize)).is_none());
    assert!(matches(surge, &surge_obs(5.0, "BLR", EventType::Assault)).is_none());
    // A surge observation is not a sentence report of a single event.
    assert!(matches(plain, &surge_obs(5.0, "BLR", EventType::Mobilize)).is_none());
}

#[test]
fn surge_needs_min_z_and_a_known_type() {
    let bad = QUESTION.replace("min_z = 3 ", "");
    assert!(parse_question(&bad, "q.toml").is_err());
    let bad = QUESTION.replace(
        "type = \"MOBILIZE\", location",
        "type = \"MARCH\", location",
    );
    let err = parse_question(&bad, "q.toml").unwrap_err().to_string();
    assert!(err.contains("match.surge.type"), "{err}");
}

#[test]
fn a_mentions_surge_matches_only_a_mentions_indicator() {
    let q = parse_question(QUESTION, "q.toml").unwrap();
    let events = &q.indicators[0];
    let attention = QUESTION.replace("min_z = 3 }", "min_z = 3, measure = \"mentions\" }");
    let q = parse_question(&attention, "q.toml").unwrap();
    let mentions = &q.indicators[0];
    assert_eq!(
        mentions.matcher.surge.as_ref().unwrap().measure,
        Measure::Mentions
    );
    let mut attention_obs = surge_obs(4.2, "BLR", EventType::Mobilize);
    attention_obs.events[0].context = vec!["surge".into(), "mentions".into()];
    let events_obs = surge_obs(4.2, "BLR", EventType::Mobilize);
    assert!(matches(mentions, &attention_obs).is_some());
    assert!(matches(mentions, &events_obs).is_none());
    assert!(matches(events, &attention_obs).is_none());
    assert!(matches(events, &events_obs).is_some());

    // Articles have no type to filter on.
    let typed = QUESTION.replace("min_z = 3 }", "min_z = 3, measure = \"articles\" }");
    let err = parse_question(&typed, "q.toml").unwrap_err().to_string();
    assert!(err.contains("give one `location`"), "{err}");
    let articles = QUESTION.replace(
        "type = \"MOBILIZE\", location = [\"BLR\"], min_z = 3 }",
        "location = [\"BLR\"], min_z = 3, measure = \"articles\" }",
    );
    let q = parse_question(&articles, "q.toml").unwrap();
    let mut articles_obs = surge_obs(4.2, "BLR", EventType::Mobilize);
    articles_obs.events[0].context = vec!["surge".into(), "articles".into()];
    assert!(matches(&q.indicators[0], &articles_obs).is_some());
    assert!(matches(&q.indicators[0], &attention_obs).is_none());
    assert!(matches(events, &articles_obs).is_none());

    let bad = QUESTION.replace("min_z = 3 }", "min_z = 3, measure = \"tweets\" }");
    let err = parse_question(&bad, "q.toml").unwrap_err().to_string();
    assert!(
        err.contains("match.surge.measure") && err.contains("unknown measure `tweets`"),
        "{err}"
    );
}
