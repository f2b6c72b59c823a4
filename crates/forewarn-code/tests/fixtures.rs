//! Table test over `fixtures/sentences.toml` plus a JSON snapshot of the full coding.

use std::sync::{Arc, LazyLock};

use chrono::NaiveDate;
use forewarn_code::Coder;
use forewarn_model::{ActorRef, Event};
use serde::{Deserialize, Serialize};

#[derive(Debug, Deserialize)]
struct Fixtures {
    case: Vec<Case>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    id: String,
    text: String,
    date: Option<NaiveDate>,
    #[serde(rename = "type")]
    ty: Option<String>,
    mode: Option<String>,
    source: Option<Vec<String>>,
    target: Option<Vec<String>>,
    source_sector: Option<String>,
    target_sector: Option<String>,
    location: Option<String>,
    event_date: Option<NaiveDate>,
    negated: Option<bool>,
    hypothetical: Option<bool>,
    future: Option<bool>,
    factual: Option<bool>,
    #[serde(default)]
    also: Vec<String>,
    /// Types that must not be coded at all (as the main event or any other).
    #[serde(default)]
    absent: Vec<String>,
    second: Option<String>,
    second_negated: Option<bool>,
    /// The type of a statement of intent coded before the act ("will withdraw" → AGREE); the
    /// main-event fields then describe the act.
    statement: Option<String>,
}

static CODER: LazyLock<Coder> =
    LazyLock::new(|| Coder::new(Arc::new(forewarn_gazetteer::Gazetteer::builtin())));

fn fixtures() -> Vec<Case> {
    let f: Fixtures =
        toml::from_str(include_str!("fixtures/sentences.toml")).expect("fixture TOML");
    f.case
}

fn countries(v: &[ActorRef]) -> Vec<String> {
    v.iter().filter_map(|a| a.country.clone()).collect()
}

fn check(c: &Case, events: &[Event]) -> Vec<String> {
    let mut bad = Vec::new();
    let mut expect = |what: &str, ok: bool, got: String| {
        if !ok {
            bad.push(format!("{what}: got {got}"));
        }
    };
    if c.ty.as_deref() == Some("NONE") {
        expect("no events", events.is_empty(), format!("{events:?}"));
        return bad;
    }
    for t in &c.absent {
        let found = events.iter().any(|e| e.event_type.as_str() == t);
        expect(
            &format!("absent {t}"),
            !found,
            format!(
                "{:?}",
                events.iter().map(|e| e.event_type).collect::<Vec<_>>()
            ),
        );
    }
    for t in &c.also {
        let ok = events.iter().any(|e| e.event_type.as_str() == t);
        expect(
            &format!("also {t}"),
            ok,
            format!(
                "{:?}",
                events.iter().map(|e| e.event_type).collect::<Vec<_>>()
            ),
        );
    }
    if let Some(second) = &c.second {
        let e = events
            .iter()
            .skip(1)
            .find(|e| e.event_type.as_str() == second);
        expect(&format!("second {second}"), e.is_some(), String::new());
        if let (Some(e), Some(n)) = (e, c.second_negated) {
            expect("second negated", e.negated == n, e.negated.to_string());
        }
    }
    let wants_main = c.ty.is_some()
        || c.mode.is_some()
        || c.source.is_some()
        || c.target.is_some()
        || c.negated.is_some()
        || c.hypothetical.is_some()
        || c.future.is_some()
        || c.factual.is_some()
        || c.location.is_some()
        || c.event_date.is_some();
    if !wants_main {
        return bad;
    }
    match (events.first(), &c.statement) {
        (Some(first), Some(t)) => expect(
            "statement",
            forewarn_code::is_statement(first) && first.event_type.as_str() == t,
            format!("{} ({})", first.event_type, first.rule),
        ),
        (Some(first), None) => expect(
            "no statement",
            !forewarn_code::is_statement(first),
            first.rule.clone(),
        ),
        (None, _) => {}
    }
    let Some(e) = events.iter().find(|e| !forewarn_code::is_statement(e)) else {
        bad.push("main event: none coded".into());
        return bad;
    };
    if let Some(t) = &c.ty {
        expect("type", e.event_type.as_str() == t, e.event_type.to_string());
    }
    if let Some(m) = &c.mode {
        expect(
            "mode",
            e.mode.as_deref() == Some(m),
            format!("{:?}", e.mode),
        );
    }
    if let Some(s) = &c.source {
        expect(
            "source",
            &countries(&e.source) == s,
            format!("{:?}", countries(&e.source)),
        );
    }
    if let Some(s) = &c.target {
        expect(
            "target",
            &countries(&e.target) == s,
            format!("{:?}", countries(&e.target)),
        );
    }
    if let Some(s) = &c.source_sector {
        let got = e.source.first().and_then(|a| a.sector.clone());
        expect(
            "source sector",
            got.as_deref() == Some(s),
            format!("{got:?}"),
        );
    }
    if let Some(s) = &c.target_sector {
        let got = e.target.first().and_then(|a| a.sector.clone());
        expect(
            "target sector",
            got.as_deref() == Some(s),
            format!("{got:?}"),
        );
    }
    if let Some(l) = &c.location {
        let got = e.location.as_ref().and_then(|l| l.country.clone());
        expect("location", got.as_deref() == Some(l), format!("{got:?}"));
    }
    if let Some(d) = c.event_date {
        expect("date", e.date == Some(d), format!("{:?}", e.date));
    }
    if let Some(n) = c.negated {
        expect("negated", e.negated == n, e.negated.to_string());
    }
    if let Some(h) = c.hypothetical {
        expect(
            "hypothetical",
            e.hypothetical == h,
            e.hypothetical.to_string(),
        );
    }
    if let Some(f) = c.future {
        expect("future", e.future == f, e.future.to_string());
    }
    if let Some(f) = c.factual {
        expect("factual", e.is_factual() == f, e.is_factual().to_string());
    }
    bad
}

#[test]
fn fixture_table() {
    let cases = fixtures();
    assert!(cases.len() >= 60, "at least 60 fixture sentences");
    let mut failures = Vec::new();
    for c in &cases {
        let coded = CODER.code_sentence(&c.text, c.date);
        for b in check(c, &coded.events) {
            failures.push(format!(
                "[{}] {b}\n    {}\n    rules: {:?}",
                c.id,
                c.text,
                coded.events.iter().map(|e| &e.rule).collect::<Vec<_>>()
            ));
        }
    }
    let failed_cases = {
        let mut ids: Vec<&str> = failures
            .iter()
            .map(|f| &f[1..f.find(']').unwrap_or(1)])
            .collect();
        ids.dedup();
        ids.len()
    };
    eprintln!(
        "fixture cases: {} passed of {}",
        cases.len() - failed_cases,
        cases.len()
    );
    assert!(
        failures.is_empty(),
        "{} fixture failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[derive(Serialize)]
struct Snap<'a> {
    id: &'a str,
    text: &'a str,
    events: Vec<Event>,
}

#[test]
fn fixture_snapshot() {
    let cases = fixtures();
    let snaps: Vec<Snap<'_>> = cases
        .iter()
        .map(|c| Snap {
            id: &c.id,
            text: &c.text,
            events: CODER.code_sentence(&c.text, c.date).events,
        })
        .collect();
    insta::assert_json_snapshot!("fixtures", snaps);
}
