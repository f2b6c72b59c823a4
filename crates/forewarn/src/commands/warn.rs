//! `forewarn warn`: region-by-period early warning and its backtest.

use std::path::Path;
use std::process::ExitCode;

use chrono::Duration;
use forewarn_events::warn::{self, RegionHistory, Threshold, WarnParams};
use forewarn_store::CountFilter;
use serde_json::json;

use crate::cli::{WarnArgs, WarnUnit};

pub fn parse_days(s: &str) -> anyhow::Result<i64> {
    let t = s.trim().to_ascii_lowercase();
    let (num, mult) = if let Some(n) = t.strip_suffix('w') {
        (n, 7)
    } else {
        (t.strip_suffix('d').unwrap_or(&t), 1)
    };
    let n: i64 = num
        .parse()
        .map_err(|_| anyhow::anyhow!("cannot read `{s}` as a number of days (e.g. 14d, 2w)"))?;
    anyhow::ensure!(n > 0, "the horizon must be positive, got `{s}`");
    Ok(n * mult)
}

pub fn run(db: &Path, args: &WarnArgs) -> anyhow::Result<ExitCode> {
    let store = super::open_store(db)?;
    let event_types = match &args.event_type {
        Some(t) => vec![t.parse::<forewarn_model::EventType>()?.as_str().to_string()],
        None => vec![],
    };
    let filter = CountFilter {
        datasets: args.dataset.clone(),
        location: args
            .location
            .iter()
            .map(|s| s.to_ascii_uppercase())
            .collect(),
        event_types,
        ..Default::default()
    };
    let rows = store.region_day_counts(&filter, args.unit == WarnUnit::Country)?;
    // Fold spelling variants of a region into one.
    let rows: Vec<_> = rows
        .into_iter()
        .map(|(r, d, n)| match r.split_once('/') {
            Some((country, admin1)) => (
                format!("{country}/{}", warn::normalise_region(admin1)),
                d,
                n,
            ),
            None => (r, d, n),
        })
        .collect();
    let Some(history) = RegionHistory::new(&rows) else {
        anyhow::bail!(
            "no imported events with a date and region for this selection; import events first"
        );
    };
    let threshold: Threshold = args.threshold.parse().map_err(anyhow::Error::msg)?;
    let params = WarnParams {
        horizon_days: parse_days(&args.horizon)?,
        threshold,
        l2: args.l2,
        ..Default::default()
    };
    if args.backtest {
        let from = args.from.unwrap_or(history.start + Duration::days(42));
        let to = args.to.unwrap_or(history.end);
        let b = warn::backtest(&history, from, to, &params);
        if args.json {
            super::print_json(&b)?;
            return Ok(ExitCode::SUCCESS);
        }
        println!(
            "backtest {} – {}: {} forecast dates, {} region forecasts, horizon {} days, threshold {}, base rate {:.3}",
            b.from, b.to, b.weeks, b.forecasts, params.horizon_days, args.threshold, b.base_rate
        );
        println!("\n  forecaster     Brier   log score");
        for s in &b.scores {
            println!("  {:<12} {:>7.4}   {:>8.4}", s.name, s.brier, s.log_score);
        }
        println!("\n  reliability (model)\n  forecast      n   mean   observed");
        for r in &b.reliability {
            println!(
                "  {:.1}–{:.1}  {:>5}  {:>5.2}  {:>8.2}",
                r.from, r.to, r.n, r.mean_forecast, r.observed
            );
        }
        return Ok(ExitCode::SUCCESS);
    }
    let as_of = args.as_of.unwrap_or(history.end + Duration::days(1));
    let (model, warnings) = warn::warn(&history, as_of, &params);
    if args.json {
        super::print_json(
            &json!({"as_of": as_of, "horizon_days": params.horizon_days, "threshold": args.threshold, "model": model, "features": warn::FEATURES, "regions": warnings}),
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "as of {as_of}: probability of more than the limit of events in the next {} days ({})",
        params.horizon_days, args.threshold
    );
    if let Some(m) = &model {
        println!(
            "model: logistic regression on {} examples ({} positive)",
            m.examples, m.positives
        );
    }
    println!("\n  probability  last 7d  last 28d  limit  region");
    for w in warnings.iter().take(args.top) {
        println!(
            "  {:>10.1}%  {:>7}  {:>8}  {:>5}  {}",
            w.probability * 100.0,
            w.last_7d,
            w.last_28d,
            w.limit,
            w.region
        );
    }
    Ok(ExitCode::SUCCESS)
}
