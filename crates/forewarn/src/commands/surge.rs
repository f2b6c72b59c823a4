//! `forewarn surge`: days whose event count is far above its rolling baseline.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use forewarn_events::surge::{self, SurgeParams};
use forewarn_store::{CountFilter, Measure};
use serde_json::json;

use crate::cli::SurgeArgs;

pub fn filter(args: &SurgeArgs) -> anyhow::Result<CountFilter> {
    let upper = |v: &[String]| {
        v.iter()
            .map(|s| s.trim().to_ascii_uppercase())
            .collect::<Vec<_>>()
    };
    let event_types = match &args.event_type {
        Some(t) => vec![t.parse::<forewarn_model::EventType>()?.as_str().to_string()],
        None => vec![],
    };
    let event_filters = !args.actor.is_empty()
        || !args.target.is_empty()
        || args.event_type.is_some()
        || !args.mode.is_empty();
    if !args.measure.allows(event_filters, args.location.len()) {
        anyhow::bail!(
            "--measure articles counts GKG articles by the country they name: give exactly one --location, and no --actor, --target, --type or --mode"
        );
    }
    Ok(CountFilter {
        datasets: args.dataset.clone(),
        source: upper(&args.actor),
        target: upper(&args.target),
        location: upper(&args.location),
        event_types,
        modes: args.mode.clone(),
        since: None,
        until: args.until,
        measure: args.measure,
    })
}

pub fn run(db: &Path, args: &SurgeArgs) -> anyhow::Result<ExitCode> {
    let store = super::open_store(db)?;
    let f = filter(args)?;
    let params = SurgeParams {
        window: args.window,
        min_z: args.min_z,
        min_count: args.min_count,
        ..Default::default()
    };
    let scored = forewarn_report::scored_series(&store, &f, &params)?;
    if scored.is_empty() {
        match f.measure {
            Measure::Events => anyhow::bail!(
                "no daily counts in the store for this selection; import events first (`forewarn import …`)"
            ),
            Measure::Mentions => anyhow::bail!(
                "no mentions of stored events for this selection; import GDELT events and their mentions (`forewarn import gdelt FILE --kind mentions`)"
            ),
            Measure::Articles => anyhow::bail!(
                "no GKG articles for this selection; import GKG 2.1 files (`forewarn import gdelt FILE --kind gkg`)"
            ),
        }
    }
    let shown: Vec<_> = scored
        .iter()
        .filter(|d| args.since.is_none_or(|s| d.date >= s))
        .cloned()
        .collect();
    let episodes = surge::episodes(&shown, 7);
    let title = describe(args);
    if let Some(path) = &args.plot {
        std::fs::write(path, forewarn_events::plot::surge_svg(&shown, &title))
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    if args.json {
        let days: Vec<_> = shown
            .iter()
            .filter(|d| args.all_days || d.flagged)
            .collect();
        super::print_json(&json!({"series": title, "days": days, "episodes": episodes}))?;
        return Ok(ExitCode::SUCCESS);
    }
    let total: u64 = shown.iter().map(|d| d.count).sum();
    let unit = f.measure.as_str();
    println!(
        "{title}: {total} {unit} over {} days, {} surge day(s) at z ≥ {}",
        shown.len(),
        shown.iter().filter(|d| d.flagged).count(),
        args.min_z
    );
    for e in &episodes {
        println!(
            "  {} – {}  {:>3} flagged day(s), {:>4} {unit}, peak z {:.1} on {}",
            e.start, e.end, e.flagged_days, e.events, e.peak_z, e.peak_date
        );
    }
    println!("\n  date         {unit:>6}  expected  limit      z");
    for d in shown.iter().filter(|d| args.all_days || d.flagged) {
        println!(
            "  {}  {:>6}  {:>8.2}  {:>5.0}  {:>5.1}{}",
            d.date,
            d.count,
            d.expected,
            d.upper,
            d.z,
            if d.flagged { "  SURGE" } else { "" }
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn describe(args: &SurgeArgs) -> String {
    let mut parts = vec![
        args.event_type
            .clone()
            .unwrap_or_else(|| "all events".into()),
    ];
    if !args.actor.is_empty() {
        parts.push(format!("by {}", args.actor.join("/")));
    }
    if !args.target.is_empty() {
        parts.push(format!("against {}", args.target.join("/")));
    }
    if !args.location.is_empty() {
        parts.push(format!("in {}", args.location.join("/")));
    }
    if !args.dataset.is_empty() {
        parts.push(format!("({})", args.dataset.join(", ")));
    }
    match args.measure {
        Measure::Events => {}
        Measure::Mentions => parts.push("— articles mentioning them".into()),
        Measure::Articles => parts[0] = "articles naming the country".into(),
    }
    parts.join(" ")
}
