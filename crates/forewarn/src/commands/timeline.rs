use std::path::Path;
use std::process::ExitCode;

use crate::cli::{Step, TimelineArgs};

pub fn run(db: &Path, args: &TimelineArgs) -> anyhow::Result<ExitCode> {
    let store = super::open_store(db)?;
    let question = super::load_question(&store, &args.id)?;
    let (observations, as_of) = super::observations_as_of(&store, &question, args.as_of.date)?;
    let step = match args.step {
        Step::Day => 1,
        Step::Week => 7,
    };
    let points = forewarn_forecast::timeline(&question, &observations, question.opens, as_of, step);
    if args.json {
        super::print_json(&points)?;
        return Ok(ExitCode::SUCCESS);
    }
    let values: Vec<f64> = points.iter().map(|p| p.probability).collect();
    println!(
        "{}  {} → {}",
        forewarn_tell::sparkline(&values),
        question.opens,
        as_of
    );
    println!("{}", forewarn_tell::timeline_table(&points));
    Ok(ExitCode::SUCCESS)
}
