use std::path::Path;
use std::process::ExitCode;

use forewarn_model::Direction;

use crate::cli::ExplainArgs;

pub fn run(db: &Path, args: &ExplainArgs) -> anyhow::Result<ExitCode> {
    let store = super::open_store(db)?;
    let question = super::load_question(&store, &args.id)?;
    let (observations, as_of) = super::observations_as_of(&store, &question, args.as_of.date)?;
    let result = super::forecast_with_change(&question, &observations, as_of);
    if args.json {
        super::print_json(&result.forecast)?;
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "{}",
        forewarn_tell::forecast_line(
            &question,
            &result.forecast,
            result.change_7d,
            result.change_30d
        )
    );
    let reported = forewarn_tell::reported_lines(&result.forecast, args.limit);
    if !reported.is_empty() {
        println!("\n{reported}");
    }
    println!("\nThe case for\n");
    println!(
        "{}",
        forewarn_tell::evidence_table(&result.forecast, Direction::For, args.limit)
    );
    println!("The case against\n");
    println!(
        "{}",
        forewarn_tell::evidence_table(&result.forecast, Direction::Against, args.limit)
    );
    Ok(ExitCode::SUCCESS)
}
