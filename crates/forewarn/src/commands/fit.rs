//! `forewarn fit QUESTIONS_DIR`: fit indicator weight scales and the prior shift on the
//! resolved questions, with leave-one-conflict-out cross-validation.

use std::path::Path;
use std::process::ExitCode;

use forewarn_forecast::FitOptions;

use crate::cli::FitArgs;

pub fn run(db: &Path, args: &FitArgs) -> anyhow::Result<ExitCode> {
    let files = super::backtest::load_question_files(&args.questions)?;
    let store = super::open_store(db)?;
    let observations = store.observations(None)?;
    let options = FitOptions {
        lambda: args.lambda,
        step_days: super::backtest::step_days(args.step),
        from_library: args.from_library,
        ..FitOptions::default()
    };
    let report = forewarn_forecast::fit(&files, &observations, options);
    if let Some(out) = &args.out {
        std::fs::write(out, serde_json::to_string_pretty(&report.params)?)?;
    }
    if args.json {
        super::print_json(&report)?;
    } else {
        print!("{}", report.table());
        if let Some(out) = &args.out {
            println!(
                "fitted parameters written to {} (use with `forewarn backtest --params`)",
                out.display()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
