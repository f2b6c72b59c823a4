use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use forewarn_model::{Direction, Question, TimelinePoint};
use forewarn_store::Store;
use forewarn_tell::{Briefing, Development, QuoteLine};

use crate::cli::{BriefArgs, BriefFormat};

/// At most this many voices in a briefing; the newest are kept.
const MAX_VOICES: usize = 12;
/// At most this many key developments; the ones that moved the forecast most are kept.
const MAX_DEVELOPMENTS: usize = 14;

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

/// Builds the briefing text for a question as of a date (default: see `resolve_as_of`).
pub(crate) fn render(
    store: &Store,
    question: &Question,
    as_of: Option<chrono::NaiveDate>,
    format: BriefFormat,
) -> anyhow::Result<String> {
    let observations = super::observations_for(store, question, as_of)?;
    let as_of = super::resolve_as_of(question, as_of, &observations);
    let result = super::forecast_with_change(question, &observations, as_of);
    let timeline: Vec<TimelinePoint> =
        forewarn_forecast::timeline(question, &observations, question.opens, as_of, 1);
    let mut quotes: Vec<QuoteLine> = store
        .quotes_until(Some(as_of))?
        .into_iter()
        .filter(|q| q.published.is_none_or(|d| d >= question.opens))
        .map(|q| QuoteLine {
            speaker: q.quote.speaker,
            text: q.quote.text,
            date: q.published,
            source: q.document_title,
        })
        .collect();
    quotes.sort_by_key(|q| q.date);
    let attributed: Vec<QuoteLine> = quotes
        .iter()
        .filter(|q| q.speaker.is_some())
        .cloned()
        .collect();
    let keep_from = attributed.len().saturating_sub(MAX_VOICES);
    let quotes = attributed[keep_from..].to_vec();
    let developments = key_developments(&result.forecast);
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

/// The developments that moved the forecast most when they were reported (before decay), oldest
/// first, so December's news is not crowded out by February's merely for being older. A sentence
/// that matched several indicators is one development, marked by the sign of its net effect.
fn key_developments(forecast: &forewarn_model::Forecast) -> Vec<Development> {
    let mut by_sentence: Vec<(i64, f64, Development)> = Vec::new();
    for c in &forecast.contributions {
        // Undo decay and the corroboration discount: what one fresh report of this kind is worth.
        let discount =
            c.decay * forewarn_forecast::CORROBORATION_RATIO.powi(c.rank.saturating_sub(1) as i32);
        let fresh = if discount > 0.0 {
            c.log_odds / discount
        } else {
            c.log_odds
        };
        if let Some(entry) = by_sentence
            .iter_mut()
            .find(|(id, _, _)| *id == c.sentence_id)
        {
            entry.1 += fresh;
            continue;
        }
        let development = Development {
            date: c.date,
            text: c.sentence.clone(),
            source: c
                .document_title
                .clone()
                .or_else(|| c.document_source.clone()),
            direction: None,
        };
        by_sentence.push((c.sentence_id, fresh, development));
    }
    by_sentence.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()).then(a.0.cmp(&b.0)));
    by_sentence.truncate(MAX_DEVELOPMENTS);
    let mut developments: Vec<Development> = by_sentence
        .into_iter()
        .filter(|(_, net, _)| *net != 0.0)
        .map(|(_, net, mut d)| {
            d.direction = Some(if net > 0.0 {
                Direction::For
            } else {
                Direction::Against
            });
            d
        })
        .collect();
    developments.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.text.cmp(&b.text)));
    developments
}
