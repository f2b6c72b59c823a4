//! One module per subcommand. Shared helpers for loading questions and forecasting live here.

pub mod backtest;
pub mod brief;
pub mod code;
pub mod demo;
pub mod eval;
pub mod events;
pub mod explain;
pub mod export;
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
use chrono::NaiveDate;
use forewarn_model::{Observation, Question};
use forewarn_store::Store;

/// Opens `--db`: a SQLite file, or a PostgreSQL database when it is a `postgresql://` URL.
pub(crate) fn open_store(db: &Path) -> anyhow::Result<Store> {
    Store::open_target(db).with_context(|| format!("cannot open the store {}", shown(db)))
}

/// `--db` as it may be printed: a PostgreSQL URL loses its password.
pub(crate) fn shown(db: &Path) -> String {
    let text = db.display().to_string();
    if !forewarn_store::is_postgres_url(&text) {
        return text;
    }
    let (scheme, rest) = text.split_once("://").unwrap_or(("", &text));
    match rest.split_once('@') {
        Some((user_info, host)) if user_info.contains(':') => {
            let user = user_info.split(':').next().unwrap_or("");
            format!("{scheme}://{user}:***@{host}")
        }
        _ => text,
    }
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

/// Everything a question's forecast reads: news sentences and surge days (see `forewarn-report`).
pub(crate) fn observations_for(
    store: &Store,
    question: &Question,
    as_of: Option<NaiveDate>,
) -> anyhow::Result<Vec<Observation>> {
    Ok(forewarn_report::observations_for(store, question, as_of)?)
}

/// A question's observations and the date its forecast is for: `requested`, or the end of the
/// archive (see `forewarn_report::observations_as_of`), with today read from the clock here.
pub(crate) fn observations_as_of(
    store: &Store,
    question: &Question,
    requested: Option<NaiveDate>,
) -> anyhow::Result<(Vec<Observation>, NaiveDate)> {
    Ok(forewarn_report::observations_as_of(
        store,
        question,
        requested,
        today(),
    )?)
}

pub(crate) use forewarn_report::forecast_with_change;

/// Today's date from the wall clock.
pub(crate) fn today() -> NaiveDate {
    chrono::Utc::now().date_naive()
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
