//! Reading a question asked in plain words ("Will Azerbaijan launch a military offensive
//! against Armenia before 2022-10-01?") into a kind, its sides, its place, the words that pin
//! the outcome down, and its deadline.
//!
//! It is built on the project's own parts, not on a table of example questions: the kind's cue
//! phrases (`kinds::KINDS`), the gazetteer for who and where, the coder for the PLOVER type
//! when no kind fits, and the date tagger for the deadline. Word order decides roles: actors
//! named before the kind's cue act, those after it are acted on ("Will *Russia* invade
//! *Ukraine*"). `docs/questions.md` explains each step and lists what it still gets wrong.

use std::sync::{Arc, LazyLock};

use chrono::{Datelike, NaiveDate};
use forewarn_code::Coder;
use forewarn_gazetteer::Gazetteer;
use forewarn_model::{ActorKind, ActorMention, PlaceMention};
use serde::{Deserialize, Serialize};

use crate::kinds::{Family, KINDS, kind_def};
use crate::template::{CountSpec, TemplateKind, TemplateSpec};

static GAZETTEER: LazyLock<Arc<Gazetteer>> = LazyLock::new(|| Arc::new(Gazetteer::builtin()));
static CODER: LazyLock<Coder> = LazyLock::new(|| Coder::new(Arc::clone(&GAZETTEER)));

/// What was read from a question's words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Understanding {
    pub spec: TemplateSpec,
    /// The deadline the text gives ("before 2022-10-01", "by the end of March 2022").
    pub deadline: Option<NaiveDate>,
    /// How each part was found, for `question show`.
    pub notes: Vec<String>,
}

/// Reads `question`. `opens` resolves dates without a year and is the reference for the
/// actors' terms of office; without it the deadline's own year is used.
pub fn understand(question: &str, opens: Option<NaiveDate>) -> Understanding {
    let mut notes = Vec::new();
    let lower = question.to_lowercase();
    let deadline = read_deadline(question, opens);
    if let Some((d, phrase)) = &deadline {
        notes.push(format!("deadline {d} from \"{phrase}\""));
    }
    let reference = opens.or(deadline.as_ref().map(|(d, _)| *d));

    let (kind, cue_at, cue) = match find_kind(&lower) {
        Some((kind, at, cue)) => (kind, at, Some(cue)),
        None => (TemplateKind::Event, usize::MAX, None),
    };
    let gazetteer = &**GAZETTEER;
    let mut actors = gazetteer.actors(question, reference);
    actors.sort_by_key(|a| a.span.0);
    let places = gazetteer.places(question);
    let coded = CODER.code_sentence(question, reference);
    let main = coded.events.first();

    let mut outcome_types = Vec::new();
    let mut coder_words = Vec::new();
    let cue_at = match (&cue, main) {
        (Some(cue), _) => {
            notes.push(format!("kind {kind} from \"{cue}\""));
            cue_at
        }
        (None, Some(event)) => {
            outcome_types.push(event.event_type);
            coder_words = inflections(&event.trigger);
            notes.push(format!(
                "no kind's words found; kind event ({}) from the coder's \"{}\"",
                event.event_type, event.trigger
            ));
            event.span.0
        }
        (None, None) => {
            notes.push("no kind's words and no event found: only the actors are known".into());
            usize::MAX
        }
    };

    // Sides: who is named before the cue acts; the first other country after it is acted on.
    let before: Vec<&ActorMention> = actors.iter().filter(|a| a.span.1 <= cue_at).collect();
    let after: Vec<&ActorMention> = actors.iter().filter(|a| a.span.0 >= cue_at).collect();
    let mut acting: Vec<String> = Vec::new();
    // "the Russia-led alliance", "Iranian-backed militias": a modifier, not the side.
    let modifier = |a: &ActorMention| {
        let tail = &lower[a.span.1.min(lower.len())..];
        [
            "-led", "-backed", "-allied", "-aligned", " led ", " backed ",
        ]
        .iter()
        .any(|m| tail.starts_with(m))
    };
    let before: Vec<&ActorMention> = before.into_iter().filter(|a| !modifier(a)).collect();
    for a in &before {
        if let Some(c) = &a.country
            && !acting.contains(c)
        {
            acting.push(c.clone());
        }
    }
    let mut sectors = Vec::new();
    if let Some(first) = before.iter().find(|a| a.country.is_some())
        && first.kind == ActorKind::ArmedGroup
        && let Some(s) = &first.sector
    {
        sectors.push(s.clone());
    }
    let family = kind_def(kind).map(|d| d.family);
    let mut opponent = after
        .iter()
        .filter_map(|a| a.country.clone())
        .find(|c| !acting.contains(c));
    // "Will Russia and Ukraine agree …": two sides named together, none after.
    if opponent.is_none() && acting.len() >= 2 {
        opponent = Some(acting.remove(1));
    }
    // "Will Gotabaya Rajapaksa cease to be Sri Lanka's president": the state is named after
    // the cue; for a question about power inside a state, that state is the side.
    if acting.is_empty()
        && family == Some(Family::Domestic)
        && let Some(o) = opponent.take()
    {
        acting.push(o);
    }
    // A count question is about a place: the country it names is the side counted.
    if kind == TemplateKind::EventCountSurge
        && acting.is_empty()
        && let Some(o) = opponent.take()
    {
        acting.push(o);
    }
    let any_side = lower.contains("any ") && acting.is_empty();
    if acting.is_empty() && !any_side {
        // The coder may still know the source ("Taliban fighters take control …").
        if let Some(c) = main
            .and_then(|e| e.source.first())
            .and_then(|a| a.country.clone())
        {
            acting.push(c);
        }
    }
    let actor = acting.first().cloned().unwrap_or_default();
    let mut rest: Vec<String> = acting.iter().skip(1).cloned().collect();
    rest.retain(|c| Some(c) != opponent.as_ref());
    match (&actor, &opponent) {
        (a, _) if a.is_empty() => notes.push("acting side: anyone (none named)".into()),
        (a, Some(o)) => notes.push(format!("acting side {a}, acted on {o}")),
        (a, None) => notes.push(format!("acting side {a}")),
    }

    // Where: places named after the cue, for kinds whose outcome happens somewhere.
    let placed = matches!(
        family,
        Some(Family::Military | Family::Posture | Family::Yielding | Family::Rupture)
    ) && kind != TemplateKind::Sanctions
        && kind != TemplateKind::DealQuit;
    let mut location: Vec<String> = Vec::new();
    if placed {
        for p in places.iter().filter(|p| p.span.0 >= cue_at) {
            if !is_country_name(p, &actors) && !location.contains(&p.name) {
                location.push(p.name.clone());
            }
        }
        if matches!(
            kind,
            TemplateKind::Deployment | TemplateKind::Withdrawal | TemplateKind::Embassy
        ) && location.is_empty()
        {
            for a in after.iter().filter(|a| a.kind == ActorKind::State) {
                location.push(a.text.clone());
            }
        }
    }
    if !location.is_empty() {
        notes.push(format!("place: {}", location.join(", ")));
    }

    let mut outcome_words = topic_words(kind, &lower, question, &actors, &places, cue.as_deref());
    if outcome_words.is_empty() {
        outcome_words = coder_words;
    }
    if !outcome_words.is_empty() {
        notes.push(format!(
            "the outcome is about: {}",
            outcome_words.join(", ")
        ));
    }

    // People named as sides: a leader's surname pins reports to that person, since their
    // state alone would let any delegation's talks stand for the leaders' meeting.
    let mut persons: Vec<String> = Vec::new();
    for a in actors.iter().filter(|a| a.kind == ActorKind::Leader) {
        if let Some(surname) = a.name.split_whitespace().last()
            && !persons.iter().any(|p| p == surname)
        {
            persons.push(surname.to_string());
        }
    }
    let count = (kind == TemplateKind::EventCountSurge).then(|| count_spec(&lower));
    let ally = if kind == TemplateKind::EntersWar {
        // "join Russia's war", "fight alongside Russia": the belligerent joined.
        actors
            .iter()
            .filter_map(|a| a.country.clone())
            .find(|c| *c != actor && Some(c) != opponent.as_ref())
    } else {
        None
    };
    Understanding {
        spec: TemplateSpec {
            kind,
            actor,
            actors: rest,
            opponent,
            ally,
            location,
            sectors,
            outcome_types,
            outcome_words,
            persons,
            count,
        },
        deadline: deadline.map(|(d, _)| d),
        notes,
    }
}

/// The forms a report uses of the verb the coder found ("expel" → "expels", "expelled",
/// "expelling"), so an unseen kind's outcome is pinned by its own verb.
fn inflections(trigger: &str) -> Vec<String> {
    let Some(verb) = trigger
        .split_whitespace()
        .next()
        .map(|w| w.trim_matches(|c: char| !c.is_alphabetic()).to_lowercase())
        .filter(|w| w.len() >= 3)
    else {
        return Vec::new();
    };
    let stem = verb.strip_suffix('e').unwrap_or(&verb);
    let last = verb.chars().last().unwrap_or('x');
    let doubled = format!("{verb}{last}ed");
    let mut out = vec![
        verb.clone(),
        format!("{verb}s"),
        format!("{stem}ed"),
        format!("{stem}ing"),
    ];
    if !"aeiouwy".contains(last) {
        out.push(doubled);
        out.push(format!("{verb}{last}ing"));
    }
    out.dedup();
    out
}

/// The first kind (in library order) with a cue in the question, with the cue's position.
fn find_kind(lower: &str) -> Option<(TemplateKind, usize, String)> {
    for def in KINDS {
        if !def.cue_context.is_empty() && !def.cue_context.iter().any(|w| has_word(lower, w)) {
            continue;
        }
        let found = def
            .cues
            .iter()
            .filter_map(|cue| word_at(lower, cue).map(|at| (at, *cue)))
            .min();
        if let Some((at, cue)) = found {
            return Some((def.kind, at, cue.to_string()));
        }
    }
    None
}

/// A place that is only the name of a state the gazetteer also found as an actor
/// ("Ukraine"), so it is a side, not a place.
fn is_country_name(place: &PlaceMention, actors: &[ActorMention]) -> bool {
    actors
        .iter()
        .any(|a| a.kind == ActorKind::State && a.span.0 <= place.span.0 && place.span.1 <= a.span.1)
}

/// Words the outcome must be about, for kinds whose cue alone does not pin it down: what is
/// signed, quit, banned, released or recognised, and which weapon is tested.
fn topic_words(
    kind: TemplateKind,
    lower: &str,
    question: &str,
    actors: &[ActorMention],
    places: &[PlaceMention],
    cue: Option<&str>,
) -> Vec<String> {
    let wanted = matches!(
        kind,
        TemplateKind::DealSigned
            | TemplateKind::DealQuit
            | TemplateKind::Sanctions
            | TemplateKind::Release
            | TemplateKind::Recognition
            | TemplateKind::WeaponsTest
    );
    if !wanted {
        return Vec::new();
    }
    let named = |start: usize, end: usize| {
        actors.iter().any(|a| a.span.0 <= start && end <= a.span.1)
            || places.iter().any(|p| p.span.0 <= start && end <= p.span.1)
    };
    // A weapons test is told apart by its weapon ("nuclear", "missile"), which is the cue.
    let cue_words: Vec<&str> = if kind == TemplateKind::WeaponsTest {
        Vec::new()
    } else {
        cue.map(|c| c.split(' ').collect()).unwrap_or_default()
    };
    let mut out = Vec::new();
    let mut start = None;
    let bytes = lower.as_bytes();
    for i in 0..=bytes.len() {
        let letter = i < bytes.len() && (bytes[i].is_ascii_alphabetic() || bytes[i] == b'-');
        match (letter, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                let word = &lower[s..i];
                start = None;
                if word.len() >= 4
                    && !STOPWORDS.contains(&word)
                    && !cue_words.contains(&word)
                    && !named(s, i)
                    && !is_date_word(word)
                    && !out.iter().any(|w: &String| w == word)
                {
                    out.push(word.to_string());
                }
            }
            _ => {}
        }
    }
    let _ = question;
    out
}

const STOPWORDS: &[&str] = &[
    "will",
    "would",
    "with",
    "from",
    "into",
    "that",
    "this",
    "than",
    "their",
    "there",
    "they",
    "them",
    "have",
    "been",
    "being",
    "before",
    "after",
    "within",
    "without",
    "between",
    "about",
    "against",
    "formally",
    "officially",
    "agree",
    "agreed",
    "announce",
    "announced",
    "sign",
    "signed",
    "hold",
    "held",
    "carry",
    "conduct",
    "make",
    "take",
    "order",
    "launch",
    "least",
    "more",
    "most",
    "other",
    "which",
    "whose",
    "where",
    "when",
    "what",
    "whether",
    "each",
    "every",
    "over",
    "under",
    "also",
    "still",
    "again",
    "full",
    "first",
    "second",
    "third",
    "seventh",
    "new",
    "major",
    "general",
    "whole",
    "days",
    "day",
    "weeks",
    "week",
    "months",
    "month",
    "year",
    "years",
    "end",
    "start",
    "government",
    "governments",
    "state",
    "states",
    "country",
    "countries",
    "officials",
    "forces",
    "its",
    "it",
    "the",
    "and",
    "any",
    "all",
    "part",
    "participation",
    "deal",
    "agreement",
    "treaty",
    "accord",
    "pact",
];

fn is_date_word(word: &str) -> bool {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    MONTHS.contains(&word)
}

/// `window_days`, `baseline_days` and the ratio from "in the 30 days to …", "over the 90
/// days before …", "twice its average".
fn count_spec(lower: &str) -> CountSpec {
    let mut spec = CountSpec::default();
    let numbers: Vec<u32> = lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .collect::<Vec<_>>()
        .windows(2)
        .filter(|w| w[1] == "days")
        .filter_map(|w| w[0].parse().ok())
        .collect();
    if let Some(&w) = numbers.first() {
        spec.window_days = w.max(1);
    }
    if let Some(&b) = numbers.iter().rev().find(|&&n| n != spec.window_days) {
        spec.baseline_days = b.max(1);
    } else if numbers.len() >= 2 {
        spec.baseline_days = numbers[numbers.len() - 1].max(1);
    }
    if lower.contains("twice") || lower.contains("double") {
        spec.ratio = 2.0;
    } else if lower.contains("three times") || lower.contains("triple") {
        spec.ratio = 3.0;
    }
    spec
}

const DEADLINE_MARKERS: &[&str] = &[
    "no later than",
    "prior to",
    "ahead of",
    "before",
    "until",
    "by",
    "to",
    "in",
];

/// The deadline a question's words give: the first date after a deadline word ("before
/// 2022-10-01", "by 31 May 2022", "by the end of March 2022", "before the end of 2022", "in
/// 2023"). "By"/"in" a month or year means its last day; "before" a month or year its first.
pub fn read_deadline(question: &str, reference: Option<NaiveDate>) -> Option<(NaiveDate, String)> {
    let lower = question.to_lowercase();
    let mut best: Option<(usize, NaiveDate, String)> = None;
    for marker in DEADLINE_MARKERS {
        for at in word_positions(&lower, marker) {
            let rest_at = at + marker.len();
            let rest = lower[rest_at..].trim_start();
            let offset = lower.len() - rest.len();
            let before = *marker == "before" || *marker == "prior to" || *marker == "ahead of";
            // The deadline is the latest date a deadline word introduces: "beyond the lines
            // held before 2022 by 1 March 2022", "in the 30 days to 30 April than … before 1
            // April".
            if let Some((date, used)) = date_after(&question[offset..], rest, before, reference)
                && best.as_ref().is_none_or(|(_, d, _)| date > *d)
            {
                let phrase = format!("{marker} {}", &question[offset..offset + used]);
                best = Some((at, date, phrase));
            }
        }
    }
    best.map(|(_, d, p)| (d, p))
}

/// A date at the very start of `rest` (lowercased; `original` keeps the case), and how many
/// bytes it took.
fn date_after(
    original: &str,
    rest: &str,
    before: bool,
    reference: Option<NaiveDate>,
) -> Option<(NaiveDate, usize)> {
    let mut skip = 0;
    for lead in ["the end of ", "end of ", "the close of "] {
        if let Some(tail) = rest.strip_prefix(lead) {
            let (month, year, used) = month_year(tail)?;
            let last = match month {
                Some(m) => last_day(year, m)?,
                None => NaiveDate::from_ymd_opt(year, 12, 31)?,
            };
            return Some((last, lead.len() + used));
        }
    }
    if let Some(tail) = rest.strip_prefix("the ") {
        skip = 4;
        let _ = tail;
    }
    let rest_tail = &rest[skip..];
    // A full date: the tagger reads "1 October 2022", "October 1, 2022", "2022-10-01".
    let reference = reference.unwrap_or_else(|| {
        NaiveDate::from_ymd_opt(year_in(rest_tail).unwrap_or(2000), 1, 1).unwrap_or_default()
    });
    if let Some(m) = forewarn_extract::find_dates(&original[skip..], reference)
        .into_iter()
        .find(|m| m.span.0 == 0)
        && m.text.chars().any(|c| c.is_ascii_digit())
        && m.text.split(|c: char| !c.is_ascii_alphanumeric()).count() >= 2
        && month_year(rest_tail).is_none_or(|(_, _, used)| used < m.span.1)
    {
        return Some((m.date, skip + m.span.1));
    }
    let (month, year, used) = month_year(rest_tail)?;
    let date = match (month, before) {
        (Some(m), false) => last_day(year, m)?,
        (Some(m), true) => NaiveDate::from_ymd_opt(year, m, 1)?,
        (None, false) => NaiveDate::from_ymd_opt(year, 12, 31)?,
        (None, true) => NaiveDate::from_ymd_opt(year, 1, 1)?,
    };
    Some((date, skip + used))
}

/// "march 2022" → (Some(3), 2022), "2022" → (None, 2022), with the bytes used.
fn month_year(s: &str) -> Option<(Option<u32>, i32, usize)> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    for (i, m) in MONTHS.iter().enumerate() {
        if let Some(tail) = s.strip_prefix(m) {
            let digits = tail.trim_start();
            let gap = tail.len() - digits.len();
            let year = leading_year(digits)?;
            return Some((Some(i as u32 + 1), year, m.len() + gap + 4));
        }
    }
    leading_year(s).map(|y| (None, y, 4))
}

fn leading_year(s: &str) -> Option<i32> {
    let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
    (digits.len() == 4)
        .then(|| digits.parse().ok())
        .flatten()
        .filter(|y| (1900..=2200).contains(y))
}

fn year_in(s: &str) -> Option<i32> {
    s.split(|c: char| !c.is_ascii_digit())
        .find(|w| w.len() == 4)
        .and_then(|w| w.parse().ok())
}

fn last_day(year: i32, month: u32) -> Option<NaiveDate> {
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)?
    };
    next.pred_opt().filter(|d| d.year() == year)
}

fn has_word(lower: &str, word: &str) -> bool {
    word_at(lower, word).is_some()
}

/// The first whole-word occurrence of `word`, or of a word it begins ("annex" finds
/// "annexation", "recognise" finds "recognised") when `word` is one word.
fn word_at(lower: &str, word: &str) -> Option<usize> {
    let single = !word.contains(' ') && word.chars().all(char::is_alphabetic);
    occurrences(lower, word, single).into_iter().next()
}

fn word_positions(lower: &str, word: &str) -> Vec<usize> {
    occurrences(lower, word, false)
}

/// Byte offsets where `word` starts a word; with `prefix`, it may run on into a longer one.
fn occurrences(lower: &str, word: &str, prefix: bool) -> Vec<usize> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(pos) = lower[from..].find(word) {
        let start = from + pos;
        let end = start + word.len();
        let before_ok = lower[..start]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let after_ok = prefix
            || lower[end..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric());
        if before_ok && after_ok {
            out.push(start);
        }
        from = start + lower[start..].chars().next().map_or(1, char::len_utf8);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn deadlines_in_words() {
        let cases = [
            ("Will X happen before 2022-10-01?", "2022-10-01"),
            ("Will X happen by 31 May 2022?", "2022-05-31"),
            ("Will X happen by the end of March 2022?", "2022-03-31"),
            ("Will X happen before the end of 2022?", "2022-12-31"),
            ("Will X happen by March 2022?", "2022-03-31"),
            ("Will X happen before March 2022?", "2022-03-01"),
            ("Will X happen by October 1, 2022?", "2022-10-01"),
            ("Will X happen in 2023?", "2023-12-31"),
        ];
        for (q, want) in cases {
            let got = read_deadline(q, Some(d("2022-01-01"))).map(|(d, _)| d);
            assert_eq!(got, Some(d(want)), "{q}");
        }
        assert_eq!(read_deadline("Will X happen soon?", None), None);
    }

    #[test]
    fn word_order_gives_the_sides() {
        let u = understand(
            "Will Azerbaijan launch a military offensive against Armenia before 2022-10-01?",
            Some(d("2022-08-01")),
        );
        assert_eq!(u.spec.kind, TemplateKind::Offensive);
        assert_eq!(u.spec.actor, "AZE");
        assert_eq!(u.spec.opponent.as_deref(), Some("ARM"));
        assert_eq!(u.deadline, Some(d("2022-10-01")));
    }
}
