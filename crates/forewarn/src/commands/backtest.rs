//! `forewarn backtest QUESTIONS_DIR`: replay every resolved question as of each day (or week)
//! against the store's documents and score it; `forewarn fit` shares the question loading.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use forewarn_forecast::{BacktestOptions, FittedParams, QuestionFile};

use crate::cli::{BacktestArgs, Step};

/// Every `*.toml` question file in `dir` (not recursive), sorted by file name.
pub(crate) fn load_question_files(dir: &Path) -> anyhow::Result<Vec<QuestionFile>> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read the question folder {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    if paths.is_empty() {
        anyhow::bail!("no .toml question files in {}", dir.display());
    }
    paths
        .iter()
        .map(|p| {
            let src = std::fs::read_to_string(p)
                .with_context(|| format!("cannot read {}", p.display()))?;
            Ok(forewarn_forecast::parse_question_file(
                &src,
                &p.display().to_string(),
            )?)
        })
        .collect()
}

pub(crate) fn step_days(step: Step) -> u32 {
    match step {
        Step::Day => 1,
        Step::Week => 7,
    }
}

pub fn run(db: &Path, args: &BacktestArgs) -> anyhow::Result<ExitCode> {
    let mut files = load_question_files(&args.questions)?;
    if let Some(path) = &args.params {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let params: FittedParams = serde_json::from_str(&text)
            .with_context(|| format!("{} is not a `forewarn fit --out` file", path.display()))?;
        files = files
            .iter()
            .map(|f| forewarn_forecast::apply_params(f, &params))
            .collect();
    }
    let store = super::open_store(db)?;
    let observations = store.observations(None)?;
    let report = forewarn_forecast::backtest(
        &files,
        &observations,
        BacktestOptions {
            step_days: step_days(args.step),
        },
    );
    if let Some(dir) = &args.plot {
        let paths = dir.join("paths");
        std::fs::create_dir_all(&paths)
            .with_context(|| format!("cannot create {}", paths.display()))?;
        std::fs::write(
            dir.join("reliability.svg"),
            forewarn_forecast::reliability_svg(&report),
        )?;
        for q in &report.questions {
            std::fs::write(
                paths.join(format!("{}.svg", q.id)),
                forewarn_forecast::probability_paths_svg(q),
            )?;
        }
    }
    if args.json {
        super::print_json(&report)?;
    } else {
        print!("{}", report.table());
        if let Some(dir) = &args.plot {
            println!(
                "charts: {}/reliability.svg and {}/paths/*.svg",
                dir.display(),
                dir.display()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
