//! `forewarn backtest QUESTIONS_DIR`: replay every resolved question as of each day (or week)
//! against the store's documents and score it; `forewarn fit` shares the question loading.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use forewarn_forecast::{BacktestOptions, FittedParams, QuestionFile};
use forewarn_model::IndicatorRole;

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
    if let Some(path) = &args.evidence {
        let written = write_evidence(path, &files, &observations, step_days(args.step))?;
        eprintln!("{written} evidence items written to {}", path.display());
    }
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

/// One evidence item as the replay first counted it.
#[derive(serde::Serialize)]
struct EvidenceItem<'a> {
    question: &'a str,
    resolution: Option<&'static str>,
    indicator: &'a str,
    label: &'a str,
    role: &'static str,
    direction: forewarn_model::Direction,
    first_as_of: chrono::NaiveDate,
    date: chrono::NaiveDate,
    published: chrono::NaiveDate,
    source: Option<&'a str>,
    title: Option<&'a str>,
    sentence: &'a str,
    log_odds: f64,
    actors: Vec<String>,
}

/// Writes each (question, indicator, sentence) the replay counted once, at the first replay
/// date it appeared, as JSON lines; returns how many. Count questions have no sentences.
fn write_evidence(
    path: &Path,
    files: &[QuestionFile],
    observations: &[forewarn_model::Observation],
    step_days: u32,
) -> anyhow::Result<usize> {
    use std::collections::HashSet;
    use std::io::Write;

    let out =
        std::fs::File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
    let mut out = std::io::BufWriter::new(out);
    let mut written = 0;
    for file in files {
        let q = &file.question;
        let resolution = q.resolution.map(|r| if r.outcome { "yes" } else { "no" });
        let mut seen = HashSet::new();
        for date in forewarn_forecast::replay_dates(q, step_days) {
            let f = forewarn_forecast::forecast(q, observations, date);
            for c in &f.contributions {
                if !seen.insert((c.indicator_id.clone(), c.sentence_id)) {
                    continue;
                }
                let role = q
                    .indicators
                    .iter()
                    .find(|i| i.id == c.indicator_id)
                    .map_or(IndicatorRole::Signal, |i| i.role);
                let item = EvidenceItem {
                    question: &q.id,
                    resolution,
                    indicator: &c.indicator_id,
                    label: &c.indicator_label,
                    role: role.as_str(),
                    direction: c.direction,
                    first_as_of: date,
                    date: c.date,
                    published: c.published,
                    source: c.document_source.as_deref(),
                    title: c.document_title.as_deref(),
                    sentence: &c.sentence,
                    log_odds: c.log_odds,
                    actors: c.actors.iter().map(|a| a.text.clone()).collect(),
                };
                serde_json::to_writer(&mut out, &item)?;
                out.write_all(b"\n")?;
                written += 1;
            }
        }
    }
    out.flush()?;
    Ok(written)
}
