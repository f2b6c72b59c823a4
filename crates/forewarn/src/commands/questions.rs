//! `forewarn questions generate`: ForecastBench-style questions from the event history.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use chrono::Duration;
use forewarn_events::questions::question_for;
use forewarn_events::surge::dense;
use forewarn_model::EventType;
use forewarn_store::CountFilter;

use crate::cli::QuestionsCommand;

pub fn run(db: &Path, command: &QuestionsCommand) -> anyhow::Result<ExitCode> {
    let QuestionsCommand::Generate {
        dataset,
        event_type,
        location,
        as_of,
        horizon,
        min_events,
        out,
    } = command;
    let store = super::open_store(db)?;
    let horizon = super::warn::parse_days(horizon)?;
    let types: Vec<Option<EventType>> = match event_type {
        Some(t) => vec![Some(t.parse()?)],
        None => EventType::ALL.into_iter().map(Some).collect(),
    };
    // Places: the given ones, else every location country with events.
    let span = store.daily_counts(&CountFilter {
        datasets: dataset.clone(),
        ..Default::default()
    })?;
    let (Some(first), Some(last)) = (span.first(), span.last()) else {
        anyhow::bail!("no daily counts in the store; import events first");
    };
    let (start, end) = (first.0, last.0);
    let as_of = as_of.unwrap_or(end - Duration::days(horizon - 1));
    let places: Vec<String> = if location.is_empty() {
        store
            .region_day_counts(
                &CountFilter {
                    datasets: dataset.clone(),
                    ..Default::default()
                },
                true,
            )?
            .into_iter()
            .map(|r| r.0)
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect()
    } else {
        location.iter().map(|s| s.to_ascii_uppercase()).collect()
    };
    let mut lines = Vec::new();
    for place in &places {
        for t in &types {
            let f = CountFilter {
                datasets: dataset.clone(),
                location: vec![place.clone()],
                event_types: t.iter().map(|t| t.as_str().to_string()).collect(),
                ..Default::default()
            };
            let counts = store.daily_counts(&f)?;
            let total: u64 = counts.iter().filter(|(d, _)| *d < as_of).map(|c| c.1).sum();
            if total < *min_events {
                continue;
            }
            let series: Vec<u64> = dense(&counts, start, end)
                .into_iter()
                .map(|c| c.1)
                .collect();
            let name = forewarn_events::countries::iso3_name(place).unwrap_or(place);
            let label = match t {
                Some(t) => format!("{t} events in {name}"),
                None => format!("events in {name}"),
            };
            let id = format!(
                "{}/{}/{place}",
                if dataset.is_empty() {
                    "all".to_string()
                } else {
                    dataset.join("+")
                },
                t.map_or("ANY", |t| t.as_str())
            );
            if let Some(q) = question_for(&id, &label, &series, start, as_of, horizon, 30) {
                lines.push(serde_json::to_string(&q)?);
            }
        }
    }
    let mut w: Box<dyn Write> = match out {
        Some(p) => Box::new(
            std::fs::File::create(p).with_context(|| format!("cannot write {}", p.display()))?,
        ),
        None => Box::new(std::io::stdout().lock()),
    };
    for l in &lines {
        writeln!(w, "{l}")?;
    }
    eprintln!(
        "{} question(s) as of {as_of}, horizon {horizon} days",
        lines.len()
    );
    Ok(ExitCode::SUCCESS)
}
