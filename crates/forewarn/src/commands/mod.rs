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
