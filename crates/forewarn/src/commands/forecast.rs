use std::path::Path;
use std::process::ExitCode;

use serde_json::json;

use crate::cli::ForecastArgs;

pub fn run(db: &Path, args: &ForecastArgs) -> anyhow::Result<ExitCode> {
    let mut store = super::open_store(db)?;
    let questions = match &args.id {
        Some(id) => vec![super::load_question(&store, id)?],
        None => store.questions()?,
    };
    if questions.is_empty() {
        anyhow::bail!("no questions in the store; add one with `forewarn question add FILE.toml`");
    }
    for question in &questions {
        forewarn_report::update_matches(&mut store, question)?;
    }
    // Many questions share their matches: read each matched sentence once for all of them.
    let recorded = match questions.len() {
        1 => None,
        _ => Some(store.recorded_matches()?),
    };
    let today = super::today();
    let mut rows = Vec::new();
    for question in &questions {
        let requested = args.as_of.date;
        let (observations, as_of) = match &recorded {
            Some(recorded) => forewarn_report::observations_as_of_recorded(
                &store, question, requested, today, recorded,
            )?,
            None => forewarn_report::observations_as_of(&store, question, requested, today)?,
        };
        let result = super::forecast_with_change(question, &observations, as_of);
        store.save_forecast(&result.forecast)?;
        if args.json {
            rows.push(json!({
                "id": question.id,
                "question": question.question,
                "as_of": as_of,
                "probability": result.forecast.probability,
                "change_7d": result.change_7d,
                "change_30d": result.change_30d,
                "deadline": question.deadline,
                "reported": result.forecast.reported,
            }));
        } else {
            println!(
                "{}",
                forewarn_tell::forecast_line(
                    question,
                    &result.forecast,
                    result.change_7d,
                    result.change_30d
                )
            );
        }
    }
    if args.json {
        if args.id.is_some() {
            super::print_json(&rows[0])?
        } else {
            super::print_json(&rows)?
        }
    }
    Ok(ExitCode::SUCCESS)
}
