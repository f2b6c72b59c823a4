use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use forewarn_model::Question;
use forewarn_report::Format;
use forewarn_store::Store;

use crate::cli::{BriefArgs, BriefFormat};

pub fn run(db: &Path, args: &BriefArgs) -> anyhow::Result<ExitCode> {
    let store = super::open_store(db)?;
    let question = super::load_question(&store, &args.id)?;
    let text = render(&store, &question, args.as_of.date, args.format)?;
    match &args.out {
        Some(path) => {
            std::fs::write(path, text)
                .with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!("wrote {}", path.display());
        }
        None => print!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}

/// The briefing for a question as of a date (default: the end of the archive).
pub(crate) fn render(
    store: &Store,
    question: &Question,
    as_of: Option<chrono::NaiveDate>,
    format: BriefFormat,
) -> anyhow::Result<String> {
    let format = match format {
        BriefFormat::Md => Format::Markdown,
        BriefFormat::Html => Format::Html,
    };
    Ok(forewarn_report::briefing(
        store,
        question,
        as_of,
        super::today(),
        format,
    )?)
}
