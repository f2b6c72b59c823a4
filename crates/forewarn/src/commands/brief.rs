use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use forewarn_model::{Question, TimelinePoint};
use forewarn_store::Store;
use forewarn_tell::{Briefing, Development, QuoteLine};

use crate::cli::{BriefArgs, BriefFormat};

/// At most this many voices in a briefing; the newest are kept.
const MAX_VOICES: usize = 12;

pub fn run(db: &Path, args: &BriefArgs) -> anyhow::Result<ExitCode> {
    let store = super::open_store(db)?;
    let question = super::load_question(&store, &args.id)?;
    let text = render(&store, &question, args.as_of.date, args.format)?;
    match &args.out {
        Some(path) => {
            std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!("wrote {}", path.display());
        }
        None => print!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}

/// Builds the briefing text for a question as of a date (default: see `resolve_as_of`).
pub(crate) fn render(
    store: &Store,
    question: &Question,
    as_of: Option<chrono::NaiveDate>,
    format: BriefFormat,
) -> anyhow::Result<String> {
    let observations = store.observations(as_of)?;
    let as_of = super::resolve_as_of(question, as_of, &observations);
    let result = super::forecast_with_change(question, &observations, as_of);
    let timeline: Vec<TimelinePoint> = forewarn_forecast::timeline(question, &observations, question.opens, as_of, 1);
    let mut quotes: Vec<QuoteLine> = store
        .quotes_until(Some(as_of))?
        .into_iter()
        .filter(|q| q.published.is_none_or(|d| d >= question.opens))
        .map(|q| QuoteLine { speaker: q.quote.speaker, text: q.quote.text, date: q.published, source: q.document_title })
        .collect();
    quotes.sort_by(|a, b| a.date.cmp(&b.date));
    let attributed: Vec<QuoteLine> = quotes.iter().filter(|q| q.speaker.is_some()).cloned().collect();
    let keep_from = attributed.len().saturating_sub(MAX_VOICES);
    let quotes = attributed[keep_from..].to_vec();
    let mut developments: Vec<Development> = result
        .forecast
        .contributions
        .iter()
        .map(|c| Development {
            date: c.date,
            text: c.sentence.clone(),
            source: c.document_title.clone().or_else(|| c.document_source.clone()),
            direction: Some(c.direction),
        })
        .collect();
    developments.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.text.cmp(&b.text)));
    let briefing = Briefing {
        question,
        forecast: &result.forecast,
        timeline: &timeline,
        change_7d: result.change_7d,
        change_30d: result.change_30d,
        quotes: &quotes,
        developments: &developments,
    };
    Ok(match format {
        BriefFormat::Md => forewarn_tell::markdown(&briefing),
        BriefFormat::Html => forewarn_tell::html(&briefing),
    })
}
