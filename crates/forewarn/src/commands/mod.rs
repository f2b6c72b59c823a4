//! One module per subcommand. Shared helpers for loading questions and forecasting live here.

pub mod backtest;
pub mod brief;
pub mod code;
pub mod demo;
pub mod eval;
pub mod events;
pub mod explain;
pub mod extract;
pub mod feed;
pub mod fetch;
pub mod fit;
pub mod forecast;
pub mod import;
pub mod ingest;
pub mod question;
pub mod questions;
pub mod serve;
pub mod surge;
pub mod timeline;
pub mod warn;
pub mod watch;

use std::path::Path;

use anyhow::Context;
use chrono::{Days, NaiveDate};
use forewarn_model::{Forecast, Observation, Question};
use forewarn_store::Store;

pub(crate) fn open_store(path: &Path) -> anyhow::Result<Store> {
    Store::open(path).with_context(|| format!("cannot open the store {}", path.display()))
}

pub(crate) fn load_question(store: &Store, id: &str) -> anyhow::Result<Question> {
    match store.question(id)? {
        Some((question, _)) => Ok(question),
        None => {
            let known: Vec<String> = store.questions()?.into_iter().map(|q| q.id).collect();
            anyhow::bail!(
                "no question `{id}` in the store (known: {}); add one with `forewarn question add FILE.toml`",
                if known.is_empty() {
                    "none".to_string()
                } else {
                    known.join(", ")
                }
            )
        }
    }
}

/// Everything a question's forecast reads as of a date: the coded news sentences, plus one
/// observation per surge day for each `match.surge` indicator, built from the daily counts.
/// A surge day is "published" on its own date and its z-score only looks back, so replaying
/// as of any date stays free of lookahead.
pub(crate) fn observations_for(
    store: &Store,
    question: &Question,
    as_of: Option<NaiveDate>,
) -> anyhow::Result<Vec<Observation>> {
    let mut observations = store.observations(as_of)?;
    observations.extend(surge_observations(store, question, as_of)?);
    Ok(observations)
}

fn surge_observations(
    store: &Store,
    question: &Question,
    as_of: Option<NaiveDate>,
) -> anyhow::Result<Vec<Observation>> {
    use forewarn_model::{ActorRef, Event, Location, SURGE_RULE_PREFIX};
    let mut out = Vec::new();
    for (i, indicator) in question.indicators.iter().enumerate() {
        let Some(surge) = &indicator.matcher.surge else {
            continue;
        };
        let upper = |v: &[String]| {
            v.iter()
                .map(|c| c.trim().to_ascii_uppercase())
                .collect::<Vec<_>>()
        };
        let filter = forewarn_store::CountFilter {
            source: upper(&surge.source),
            location: upper(&surge.location),
            event_types: surge
                .event_type
                .map(|t| vec![t.as_str().to_string()])
                .unwrap_or_default(),
            until: as_of,
            ..Default::default()
        };
        let params = forewarn_events::surge::SurgeParams {
            min_z: surge.min_z,
            ..Default::default()
        };
        let days = surge::scored_series(store, &filter, &params)?;
        for (j, day) in days.iter().filter(|d| d.flagged).enumerate() {
            let event_type = surge
                .event_type
                .unwrap_or(forewarn_model::EventType::Assault);
            let place = filter.location.join("+");
            let text = format!(
                "Surge: {} {} events{} on {} against about {:.1} expected (z = {:.1}).",
                day.count,
                surge.event_type.map_or("", |t| t.as_str()),
                if place.is_empty() {
                    String::new()
                } else {
                    format!(" in {place}")
                },
                day.date,
                day.expected,
                day.z
            );
            let event = Event {
                event_type,
                mode: None,
                context: vec!["surge".to_string()],
                cameo: None,
                source: filter
                    .source
                    .iter()
                    .map(|c| ActorRef {
                        text: c.clone(),
                        country: Some(c.clone()),
                        ..ActorRef::default()
                    })
                    .collect(),
                target: Vec::new(),
                location: filter.location.first().map(|c| Location {
                    name: c.clone(),
                    country: Some(c.clone()),
                    lat: None,
                    lon: None,
                }),
                date: Some(day.date),
                negated: false,
                hypothetical: false,
                future: false,
                trigger: "surge".to_string(),
                span: (0, 0),
                confidence: 1.0,
                rule: format!("{SURGE_RULE_PREFIX}{:.2}", day.z),
            };
            // Negative ids keep surge days apart from stored sentences and documents.
            let id = -((i as i64 + 1) * 1_000_000 + j as i64);
            out.push(Observation {
                sentence_id: id,
                document_id: id,
                published: day.date,
                text,
                events: vec![event],
                actors: Vec::new(),
                document_title: Some(format!("daily event counts ({})", indicator.label)),
                document_source: Some("event counts".to_string()),
                duplicate_of: None,
            });
        }
    }
    Ok(out)
}

/// The default as-of date: the newest document's date, or today if earlier, kept inside the
/// question's window. Analysts replaying an archive want "now" to mean the end of the archive.
pub(crate) fn resolve_as_of(
    question: &Question,
    requested: Option<NaiveDate>,
    observations: &[Observation],
) -> NaiveDate {
    if let Some(date) = requested {
        return date;
    }
    let today = chrono::Utc::now().date_naive();
    let newest = observations
        .iter()
        .map(|o| o.published)
        .max()
        .unwrap_or(today);
    newest.min(today).clamp(question.opens, question.deadline)
}

/// A forecast plus its change over 7 and 30 days (probability points, as fractions).
pub(crate) struct ForecastWithChange {
    pub forecast: Forecast,
    pub change_7d: Option<f64>,
    pub change_30d: Option<f64>,
}

pub(crate) fn forecast_with_change(
    question: &Question,
    observations: &[Observation],
    as_of: NaiveDate,
) -> ForecastWithChange {
    let forecast = forewarn_forecast::forecast(question, observations, as_of);
    let change = |days: u64| {
        let then = as_of.checked_sub_days(Days::new(days))?;
        (then >= question.opens).then(|| {
            forecast.probability
                - forewarn_forecast::forecast(question, observations, then).probability
        })
    };
    ForecastWithChange {
        change_7d: change(7),
        change_30d: change(30),
        forecast,
    }
}

/// The wall clock, read here at the edge so the stages below stay deterministic.
pub(crate) fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

pub(crate) fn print_json(value: &impl serde::Serialize) -> anyhow::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)?;
    Ok(())
}
