use std::path::Path;
use std::process::ExitCode;

use forewarn_ingest::{CsvMapping, IngestOptions};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::cli::IngestArgs;
use forewarn_pipeline::{IngestSummary, Pipeline};

pub fn run(db: &Path, args: &IngestArgs) -> anyhow::Result<ExitCode> {
    let csv_mapping = match (&args.map, &args.map_file) {
        (Some(spec), _) => Some(CsvMapping::parse_pairs(spec)?),
        (None, Some(file)) => Some(CsvMapping::from_file(file)?),
        (None, None) => None,
    };
    let options = IngestOptions {
        csv_mapping,
        default_published: args.published,
        default_source: args.source.clone(),
    };
    let (files, missing) = forewarn_ingest::discover(&args.paths);
    let mut store = super::open_store(db)?;
    let mut pipeline = Pipeline::new(&store)?;
    let progress =
        ProgressBar::with_draw_target(Some(files.len() as u64), ProgressDrawTarget::stderr());
    progress.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} files  {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let now = super::now();
    let mut summary = pipeline.ingest_files(&mut store, &files, &options, &now, |path| {
        progress.set_message(path.display().to_string());
        progress.inc(1);
    })?;
    progress.finish_and_clear();
    summary.failed.splice(0..0, missing);
    if summary.added > 0 {
        super::serve::after_ingest(&mut store)?;
    }
    if args.json {
        super::print_json(&summary)?;
    } else {
        print_summary(&summary);
    }
    Ok(if summary.failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

pub(crate) fn print_summary(summary: &IngestSummary) {
    println!(
        "{} files: {} added ({} near-duplicates of earlier stories), {} skipped as duplicate, {} failed",
        summary.files,
        summary.added,
        summary.near_duplicates,
        summary.skipped_duplicate,
        summary.failed.len()
    );
    println!(
        "coded {} sentences: {} events, {} quotes",
        summary.sentences, summary.events, summary.quotes
    );
    for failure in &summary.failed {
        println!("  {failure}");
    }
    for warning in &summary.warnings {
        tracing::info!("{warning}");
    }
    if !summary.warnings.is_empty() {
        println!("{} warnings (see them with -v)", summary.warnings.len());
    }
}
