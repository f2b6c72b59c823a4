//! The model hook: the event the learned layer supplies where no rule fired (the ensemble's
//! `Supply`, see `ensemble.rs`; the model itself is `learned.rs`).
//!
//! It has no trigger, so its roles are the plainest reading of the sentence and its flags lean
//! to "not factual". What supplying events adds or costs is the difference between
//! `forewarn eval all` and the same with `--rules-only`: on the PLOVER GSR development half,
//! the CAMEO penta-class sentences (`../shared/data/coding/conflibert-cameo/`), where a
//! sentence without an event counts as a statement, and PETRARCH2's no-event records; see
//! `docs/coding.md`.

use chrono::NaiveDate;
use forewarn_model::{ActorMention, DateMention, Event, EventType, PlaceMention};

use super::Sentence;
use super::location::{date_near, place_location, place_near};
use super::modality::{conditional_or_question, has_hedge_word};
use super::roles::refs;

/// An event the learned layer supplies where the rules found none. The main clause's subject is
/// the source and the next actor of another name is the target (none when the sentence names
/// none). Its flags come from the model's heads: a head at 0.35 or more sets its flag, and so
/// does a conditional, a question or a hedge anywhere in the sentence.
#[allow(clippy::too_many_arguments)]
pub(crate) fn model_event(
    s: &str,
    actors: &[ActorMention],
    places: &[PlaceMention],
    dates: &[DateMention],
    reference: Option<NaiveDate>,
    ty: EventType,
    p: f32,
    flags: [f32; 3],
) -> Event {
    let sen = Sentence::new(s, actors);
    let source_m: Vec<usize> = sen.main_subject(false).into_iter().collect();
    let target_m: Vec<usize> = source_m
        .first()
        .and_then(|&m| {
            let (_, last) = sen.mention_tokens(m);
            sen.first_mention_after(last, sen.toks.len(), |o| {
                actors[o].name != actors[m].name && actors[o].country.is_some()
            })
        })
        .into_iter()
        .collect();
    let cue = conditional_or_question(&sen) || has_hedge_word(&sen);
    const LEAN: f32 = 0.35;
    let whole = (0, s.len());
    let date = date_near(dates, whole).map(|d| d.date);
    let p = (p * 100.0).round() / 100.0;
    Event {
        event_type: ty,
        mode: None,
        context: Vec::new(),
        cameo: Some(ty.cameo_root().to_string()),
        source: refs(&sen, &source_m),
        target: refs(&sen, &target_m),
        location: place_near(places, whole).map(place_location),
        date,
        negated: flags[0] >= LEAN,
        hypothetical: flags[1] >= LEAN || cue,
        future: flags[2] >= LEAN || date.zip(reference).is_some_and(|(d, r)| d > r),
        trigger: String::new(),
        span: whole,
        confidence: p,
        rule: format!(
            "model p={p:.2}: {ty} (no rule fired; flags p={:.2}/{:.2}/{:.2})",
            flags[0], flags[1], flags[2]
        ),
    }
}
