//! Where and when: the event's location and date, taken from the places and dates nearest its
//! trigger, else from an actor after a locative ("a curfew in Montenegro") or the state a visit
//! goes to.
//!
//! No gold set here scores location or date; the date matters to the flags (an event dated
//! after the publication date is future, see `modality`), and the fixture snapshots in
//! `tests/snapshots` pin both.

use chrono::{Datelike, NaiveDate};
use forewarn_model::{ActorKind, DateMention, Location, PlaceMention};

use super::triggers::Found;
use super::{Clause, Sentence};
use crate::cues::LOCATIVE;

pub(super) fn locate(
    sen: &Sentence<'_>,
    f: &Found,
    clause: &Clause,
    places: &[PlaceMention],
    source_m: &[usize],
    target_m: &[usize],
) -> Option<Location> {
    place_near(places, f.span)
        .map(place_location)
        .or_else(|| locative_actor(sen, f, clause, source_m))
        .or_else(|| visited_state(sen, f, target_m))
}

pub(super) fn place_location(p: &PlaceMention) -> Location {
    Location {
        name: p.name.clone(),
        country: Some(p.country.clone()),
        lat: Some(p.lat),
        lon: Some(p.lon),
    }
}

/// An actor after a locative in the trigger's clause, after the trigger ("deployed to Belarus")
/// before any before it. Only an actor with a country locates anything.
fn locative_actor(
    sen: &Sentence<'_>,
    f: &Found,
    clause: &Clause,
    source_m: &[usize],
) -> Option<Location> {
    let end = sen.clause_end(f.last + 1);
    let locative = |m: usize| sen.after_prep(m, LOCATIVE) || sen.after_prep(m, &["to"]);
    let m = sen
        .first_mention_after(f.last, end, |m| !source_m.contains(&m) && locative(m))
        .or_else(|| {
            sen.mentions_in(clause.start, f.first)
                .find(|&m| sen.after_prep(m, LOCATIVE))
        });
    m.and_then(|m| {
        let a = &sen.actors[m];
        a.country.as_ref().map(|c| Location {
            name: a.name.clone(),
            country: Some(c.clone()),
            lat: None,
            lon: None,
        })
    })
}

/// A visit takes place in the state or capital visited.
fn visited_state(sen: &Sentence<'_>, f: &Found, target_m: &[usize]) -> Option<Location> {
    if f.rule.mode != Some("visit") {
        return None;
    }
    let &m = target_m.first()?;
    let a = &sen.actors[m];
    matches!(a.kind, ActorKind::State | ActorKind::Capital).then(|| Location {
        name: a.name.clone(),
        country: a.country.clone(),
        lat: None,
        lon: None,
    })
}

fn distance(a: (usize, usize), b: (usize, usize)) -> usize {
    // Zero when the spans overlap.
    b.0.saturating_sub(a.1).max(a.0.saturating_sub(b.1))
}

/// The place nearest the span; of two as near, the one after it.
pub(super) fn place_near(places: &[PlaceMention], span: (usize, usize)) -> Option<&PlaceMention> {
    places
        .iter()
        .min_by_key(|p| (distance(p.span, span), p.span.0 < span.0))
}

pub(super) fn date_near(dates: &[DateMention], span: (usize, usize)) -> Option<&DateMention> {
    dates.iter().min_by_key(|d| distance(d.span, span))
}

/// The event's date: the date nearest its trigger. A date written without a year resolves
/// nearest the publication date, so in November "17 February" first reads as the coming one;
/// an act told in the past tense ("was detained on 17 February", "have killed … since the
/// invasion began on February 24") cannot lie ahead, so it is the February before.
pub(super) fn date_of(
    sen: &Sentence<'_>,
    f: &Found,
    dates: &[DateMention],
    reference: Option<NaiveDate>,
) -> Option<NaiveDate> {
    let d = date_near(dates, f.span)?;
    let Some(reference) = reference else {
        return Some(d.date);
    };
    let written_year = d
        .text
        .split(|c: char| !c.is_ascii_digit())
        .any(|n| n.len() == 4);
    if d.date <= reference || written_year || !told_in_past(sen, f) {
        return Some(d.date);
    }
    d.date
        .with_year(d.date.year() - 1)
        .filter(|past| *past <= reference)
        .or(Some(d.date))
}

/// Irregular past forms of the verbs our rules trigger on; regular ones end in "-ed".
const IRREGULAR_PAST: &[&str] = &[
    "began",
    "broke",
    "brought",
    "drove",
    "fled",
    "fought",
    "gave",
    "held",
    "hit",
    "kept",
    "laid",
    "led",
    "left",
    "lost",
    "met",
    "overthrew",
    "paid",
    "sent",
    "shot",
    "sought",
    "spoke",
    "stole",
    "struck",
    "swept",
    "took",
    "told",
    "threw",
    "withdrew",
    "won",
    "wrote",
];

/// Whether the trigger is a verb in a past tense: "-ed" or an irregular past, or after a
/// past or perfect auxiliary, and not after a modal, "to" or "be" that makes a participle of it
/// ("will be sent", "is to be deployed").
fn told_in_past(sen: &Sentence<'_>, f: &Found) -> bool {
    if f.nominal() {
        return false;
    }
    let lower = sen.w(f.first).to_ascii_lowercase();
    let lo = f.first.saturating_sub(2);
    let before = |list: &[&str]| (lo..f.first).any(|i| sen.is_word(i, list));
    if before(&[
        "will", "would", "shall", "should", "could", "can", "may", "might", "must", "to", "be",
        "being",
    ]) {
        return false;
    }
    lower.ends_with("ed")
        || IRREGULAR_PAST.contains(&lower.as_str())
        || before(&["had", "has", "have", "was", "were"])
}
