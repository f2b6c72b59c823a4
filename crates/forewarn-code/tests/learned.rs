//! The learned layer: training is deterministic and learns; the ensemble keeps the coder's
//! invariants (every event says why, non-factual stays non-factual, odd text never fails).

use std::sync::Arc;

use forewarn_code::Coder;
use forewarn_code::learned::{self, NONE};
use forewarn_code::train::{self, TrainConfig};
use forewarn_model::EventType;

fn coder() -> Coder {
    Coder::new(Arc::new(forewarn_gazetteer::Gazetteer::builtin()))
}

const SMALL: &[(&str, Option<EventType>)] = &[
    (
        "An earthquake shook the coastal towns overnight, toppling houses.",
        None,
    ),
    (
        "A strong earthquake struck the mountain villages before dawn.",
        None,
    ),
    (
        "Floodwaters swept through the valley after days of rain.",
        None,
    ),
    (
        "The striker scored twice as the home side won the cup final.",
        None,
    ),
    (
        "Troops shelled the rebel positions near the river at dawn.",
        Some(EventType::Assault),
    ),
    (
        "Artillery units shelled the town for a third night.",
        Some(EventType::Assault),
    ),
    (
        "Government forces shelled villages held by the insurgents.",
        Some(EventType::Assault),
    ),
    (
        "The two foreign ministers met in Geneva to discuss the dispute.",
        Some(EventType::Consult),
    ),
    (
        "The leaders met on Tuesday and discussed trade and security.",
        Some(EventType::Consult),
    ),
];

fn examples() -> Vec<train::Example> {
    let rules = coder().rules_only();
    SMALL
        .iter()
        .enumerate()
        .map(|(i, (text, ty))| {
            train::featurize(
                &rules,
                &format!("t-{i}"),
                text,
                learned::class_of(*ty),
                None,
                ty.is_none(),
            )
        })
        .collect()
}

#[test]
fn training_is_deterministic_and_fits_what_it_saw() {
    let cfg = TrainConfig {
        dim_bits: 12,
        epochs: 20,
        ..TrainConfig::default()
    };
    let ex = examples();
    let a = train::train(&ex, &cfg);
    let b = train::train(&ex, &cfg);
    assert_eq!(a.to_bytes(), b.to_bytes());
    for e in &ex {
        assert_eq!(a.predict(&e.features).best().0, e.class, "{}", e.id);
    }
    let cv = train::cross_validate(&ex, 3, &cfg);
    assert_eq!((cv.k, cv.n, cv.folds.len()), (3, ex.len(), 3));
    assert!(ex.iter().any(|e| e.class == NONE));
}

#[test]
fn every_event_says_why_and_odd_text_never_fails() {
    let coder = coder();
    let day = chrono::NaiveDate::from_ymd_opt(2023, 1, 4);
    let texts = [
        "",
        "—",
        "Prices retreated sharply on Friday as traders sold shares.",
        "Protesters may march on the parliament next week, organisers said.",
        "If the talks fail, the army could shell the city.",
        "Did the rebels attack the convoy?",
        "Officials from the two countries held talks in Nairobi.",
        &"word ".repeat(400),
    ];
    for text in texts {
        let coded = coder.code_sentence(text, day);
        for e in coded.events.iter().chain(&coded.vetoed) {
            assert!(!e.rule.is_empty(), "{text}: {e:?}");
            if e.rule.starts_with("model p=") && e.trigger.is_empty() {
                // A supplied event: a conditional or a question is never factual.
                if text.starts_with("If") || text.ends_with('?') {
                    assert!(!e.is_factual(), "{text}: {e:?}");
                }
            }
        }
        for e in &coded.vetoed {
            assert!(e.rule.contains("vetoed: model p(none)="), "{e:?}");
        }
        // The rules-only coder and the default one agree on everything but events.
        let rules = coder.clone().rules_only().code_sentence(text, day);
        assert_eq!(rules.actors, coded.actors);
        assert!(rules.vetoed.is_empty());
    }
}

#[test]
fn the_learned_layer_only_changes_events_it_names() {
    let coder = coder();
    let rules = coder.clone().rules_only();
    let day = chrono::NaiveDate::from_ymd_opt(2023, 1, 4);
    let fixtures = include_str!("fixtures/sentences.toml");
    for text in fixtures
        .lines()
        .filter_map(|l| l.strip_prefix("text = \"")?.strip_suffix('"'))
    {
        let a = rules.code_sentence(text, day);
        let b = coder.code_sentence(text, day);
        if a.events != b.events {
            let changed =
                b.events.iter().any(|e| e.rule.starts_with("model p=")) || !b.vetoed.is_empty();
            assert!(changed, "{text}: events changed without a model rule");
        }
    }
}
