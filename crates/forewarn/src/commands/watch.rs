//! `forewarn watch`: fetch, then re-forecast every question, in a loop; prints what moved.

use std::path::Path;
use std::process::ExitCode;

use forewarn_store::Store;
use serde::Serialize;

use crate::cli::WatchArgs;

/// How one question's forecast moved in a cycle.
#[derive(Debug, Serialize)]
struct Move {
    id: String,
    /// The latest stored forecast before this cycle, if any.
    before: Option<f64>,
    after: f64,
    as_of: chrono::NaiveDate,
}

pub fn run(db: &Path, args: &WatchArgs) -> anyhow::Result<ExitCode> {
    let mut store = super::open_store(db)?;
    loop {
        // A failed cycle (say, the disk filled up) is logged and the loop goes on: a watch
        // left running overnight must not die on one bad cycle.
        match cycle(&mut store, args) {
            Ok(()) => {}
            Err(err) if !args.once => {
                tracing::error!(error = %format!("{err:#}"), "watch cycle failed")
            }
            Err(err) => return Err(err),
        }
        if args.once {
            return Ok(ExitCode::SUCCESS);
        }
        tracing::info!(
            every_s = args.every.as_secs(),
            "sleeping until the next cycle"
        );
        std::thread::sleep(args.every);
    }
}

fn cycle(store: &mut Store, args: &WatchArgs) -> anyhow::Result<()> {
    let report = super::fetch::fetch(store, &args.fetch)?;
    let moves = reforecast(store)?;
    if args.fetch.json {
        super::print_json(&serde_json::json!({ "fetch": report, "forecasts": moves }))?;
        return Ok(());
    }
    super::fetch::print_report(&report);
    for m in &moves {
        let after = m.after * 100.0;
        match m.before {
            Some(before) if (m.after - before).abs() >= 0.0005 => {
                let before = before * 100.0;
                println!(
                    "{}: {before:.1}% -> {after:.1}% ({:+.1} pp) as of {}",
                    m.id,
                    after - before,
                    m.as_of
                );
                tracing::info!(question = %m.id, before, after, "forecast moved");
            }
            Some(_) => println!("{}: {after:.1}% (unchanged) as of {}", m.id, m.as_of),
            None => println!("{}: {after:.1}% (first forecast) as of {}", m.id, m.as_of),
        }
    }
    Ok(())
}

/// Forecasts every question as of now (the default as-of of `forewarn forecast`, surge days
/// included) and stores it, reporting each against the latest forecast stored before.
fn reforecast(store: &mut Store) -> anyhow::Result<Vec<Move>> {
    let mut moves = Vec::new();
    for question in store.questions()? {
        let before = store.forecasts(&question.id)?.last().map(|f| f.probability);
        forewarn_report::update_matches(store, &question)?;
        let (observations, as_of) = super::observations_as_of(store, &question, None)?;
        let forecast = forewarn_forecast::forecast(&question, &observations, as_of);
        store.save_forecast(&forecast)?;
        moves.push(Move {
            id: question.id.clone(),
            before,
            after: forecast.probability,
            as_of,
        });
    }
    Ok(moves)
}
