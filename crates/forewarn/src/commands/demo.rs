use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use forewarn_ingest::IngestOptions;
use forewarn_model::{Contribution, Direction};
use serde_json::json;

use crate::cli::{BriefFormat, DemoArgs};
use forewarn_pipeline::Pipeline;

/// Evidence items per side shown by the demo.
const TOP_EVIDENCE: usize = 5;
/// Evidence items per side shown for the seed date, where the story starts.
const TOP_SEED_EVIDENCE: usize = 3;

/// The date of the seed article (the December slideshow of Belarusian military activity that
/// asked "does this flurry mean war?"): the demo shows what forewarn said then, before the
/// answer was known, as well as what it says at the end of the archive.
fn seed_date() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2023, 1, 4).expect("valid date")
}

/// The repository's `demo/` folder, found from the source tree this binary was built from.
fn default_demo_dir() -> PathBuf {
    let from_build = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../demo");
    if from_build.join("corpus").is_dir() {
        from_build
    } else {
        PathBuf::from("demo")
    }
}

pub fn run(args: &DemoArgs) -> anyhow::Result<ExitCode> {
    let demo_dir = args.demo_dir.clone().unwrap_or_else(default_demo_dir);
    let corpus = demo_dir.join("corpus");
    anyhow::ensure!(
        corpus.is_dir(),
        "no demo corpus at {}; pass --demo-dir",
        corpus.display()
    );
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create {}", args.out.display()))?;
    let db = args.out.join("forewarn-demo.db");
    for suffix in ["", "-wal", "-shm"] {
        let path = PathBuf::from(format!("{}{suffix}", db.display()));
        if path.exists() {
            std::fs::remove_file(&path)
                .with_context(|| format!("cannot remove the old {}", path.display()))?;
        }
    }
    let mut store = super::open_store(&db)?;
    let mut pipeline = Pipeline::new(&store)?;
    let (files, missing) = forewarn_ingest::discover(std::slice::from_ref(&corpus));
    let now = super::now();
    let mut summary =
        pipeline.ingest_files(&mut store, &files, &IngestOptions::default(), &now, |_| {})?;
    summary.failed.splice(0..0, missing);

    let mut question_files: Vec<PathBuf> = std::fs::read_dir(demo_dir.join("questions"))
        .with_context(|| format!("cannot list {}", demo_dir.join("questions").display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    question_files.sort();
    let mut questions = Vec::new();
    for file in &question_files {
        let src = std::fs::read_to_string(file)?;
        let question = forewarn_forecast::parse_question(&src, &file.display().to_string())?;
        store.put_question(&question, &src, &now)?;
        questions.push(question);
    }

    let mut reports = Vec::new();
    let mut seeds = Vec::new();
    for question in &questions {
        let seed = seed_date();
        seeds.push(if (question.opens..=question.deadline).contains(&seed) {
            let observations = super::observations_for(&store, question, Some(seed))?;
            Some(super::forecast_with_change(question, &observations, seed))
        } else {
            None
        });
        let (observations, as_of) = super::observations_as_of(&store, question, None)?;
        let result = super::forecast_with_change(question, &observations, as_of);
        store.save_forecast(&result.forecast)?;
        let weekly = forewarn_forecast::timeline(question, &observations, question.opens, as_of, 7);
        let md_path = args.out.join(format!("{}.md", question.id));
        let html_path = args.out.join(format!("{}.html", question.id));
        std::fs::write(
            &md_path,
            super::brief::render(&store, question, Some(as_of), BriefFormat::Md)?,
        )?;
        std::fs::write(
            &html_path,
            super::brief::render(&store, question, Some(as_of), BriefFormat::Html)?,
        )?;
        reports.push((question, as_of, result, weekly, md_path, html_path));
    }

    if args.json {
        let counts = store.counts()?;
        let questions_json: Vec<_> = reports
            .iter()
            .zip(&seeds)
            .map(|((question, as_of, result, weekly, md, html), seed)| {
                let side = |direction: Direction| -> Vec<_> {
                    result.forecast.contributions.iter().filter(|c| c.direction == direction).take(TOP_EVIDENCE).map(evidence_json).collect()
                };
                let seed = seed.as_ref().map(|s| {
                    let side = |direction: Direction| -> Vec<_> {
                        s.forecast.contributions.iter().filter(|c| c.direction == direction).take(TOP_SEED_EVIDENCE).map(evidence_json).collect()
                    };
                    json!({
                        "as_of": s.forecast.as_of,
                        "probability": round(s.forecast.probability),
                        "change_7d": s.change_7d.map(round),
                        "change_30d": s.change_30d.map(round),
                        "evidence_for": s.forecast.for_evidence().count(),
                        "evidence_against": s.forecast.against_evidence().count(),
                        "top_for": side(Direction::For),
                        "top_against": side(Direction::Against),
                    })
                });
                json!({
                    "id": question.id,
                    "question": question.question,
                    "seed": seed,
                    "as_of": as_of,
                    "probability": round(result.forecast.probability),
                    "change_7d": result.change_7d.map(round),
                    "change_30d": result.change_30d.map(round),
                    "base_log_odds": round(result.forecast.base_log_odds),
                    "log_odds": round(result.forecast.log_odds),
                    "evidence_for": result.forecast.for_evidence().count(),
                    "evidence_against": result.forecast.against_evidence().count(),
                    "top_for": side(Direction::For),
                    "top_against": side(Direction::Against),
                    "timeline": weekly.iter().map(|p| json!({"date": p.date, "probability": round(p.probability)})).collect::<Vec<_>>(),
                    "briefing": [file_name(md), file_name(html)],
                })
            })
            .collect();
        super::print_json(&json!({
            "ingest": {
                "files": summary.files,
                "added": summary.added,
                "skipped_duplicate": summary.skipped_duplicate,
                "near_duplicates": summary.near_duplicates,
                "failed": summary.failed.iter().map(ToString::to_string).collect::<Vec<_>>(),
            },
            "store": {"documents": counts.documents, "sentences": counts.sentences, "events": counts.events, "quotes": counts.quotes},
            "questions": questions_json,
        }))?;
        return Ok(ExitCode::SUCCESS);
    }

    println!("forewarn demo: ingesting {}", corpus.display());
    super::ingest::print_summary(&summary);
    for ((question, as_of, result, weekly, md, html), seed) in reports.iter().zip(&seeds) {
        println!("\n== {} ==\n{}", question.id, question.question);
        if let Some(seed) = seed {
            println!(
                "\nAs of {}, the date of the seed article (only what was published by then):",
                seed.forecast.as_of
            );
            println!(
                "{}",
                forewarn_tell::forecast_line(
                    question,
                    &seed.forecast,
                    seed.change_7d,
                    seed.change_30d
                )
            );
            println!("\nTop evidence for, as of {}\n", seed.forecast.as_of);
            println!(
                "{}",
                forewarn_tell::evidence_table(&seed.forecast, Direction::For, TOP_SEED_EVIDENCE)
            );
            println!("Top evidence against, as of {}\n", seed.forecast.as_of);
            println!(
                "{}",
                forewarn_tell::evidence_table(
                    &seed.forecast,
                    Direction::Against,
                    TOP_SEED_EVIDENCE
                )
            );
            println!("Latest, as of {as_of} (the end of the archive):");
        }
        println!(
            "{}",
            forewarn_tell::forecast_line(
                question,
                &result.forecast,
                result.change_7d,
                result.change_30d
            )
        );
        let values: Vec<f64> = weekly.iter().map(|p| p.probability).collect();
        println!("\nTimeline by week  {}", forewarn_tell::sparkline(&values));
        println!("{}", forewarn_tell::timeline_table(weekly));
        println!("Top evidence for\n");
        println!(
            "{}",
            forewarn_tell::evidence_table(&result.forecast, Direction::For, TOP_EVIDENCE)
        );
        println!("Top evidence against\n");
        println!(
            "{}",
            forewarn_tell::evidence_table(&result.forecast, Direction::Against, TOP_EVIDENCE)
        );
        println!(
            "Briefing written to {} and {}",
            md.display(),
            html.display()
        );
    }
    println!(
        "\nThe demo store is {}; try `forewarn --db {} explain belarus-joins-war`, or \
         `forewarn --db {} brief belarus-joins-war --as-of {}` for the briefing as of the seed date.",
        db.display(),
        db.display(),
        db.display(),
        seed_date()
    );
    Ok(ExitCode::SUCCESS)
}

fn evidence_json(c: &Contribution) -> serde_json::Value {
    json!({
        "indicator": c.indicator_id,
        "date": c.date,
        "published": c.published,
        "log_odds": round(c.log_odds),
        "sentence": c.sentence,
        "document": c.document_title,
        "duplicates": c.duplicates,
    })
}

/// Four decimals keep snapshots stable across platforms' last-bit float differences.
fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
