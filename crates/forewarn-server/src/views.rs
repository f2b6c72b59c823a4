//! What the API and the pages show about questions, computed once per store generation.
//!
//! Forecasting a question means replaying its evidence day by day, which is too slow to do on
//! every request of a watch floor refreshing every minute. A [`Snapshot`] holds every
//! question's forecast, changes and daily path; the state rebuilds it only when the store
//! changed (see `AppState::snapshot`).

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use forewarn_model::{Contribution, Direction, Forecast, Observation, Question, TimelinePoint};
use forewarn_store::Store;
use forewarn_tell::{Briefing, QuoteLine};
use serde::Serialize;

/// At most this many voices per question; the newest are kept (as in the CLI's briefing).
const MAX_VOICES: usize = 12;

/// Every question's current view.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// By question id.
    pub questions: BTreeMap<String, QuestionView>,
}

/// One question: its forecast now, how it moved, and why.
#[derive(Debug, Clone, Serialize)]
pub struct QuestionView {
    pub question: Question,
    pub as_of: NaiveDate,
    pub forecast: Forecast,
    /// Probability now minus 1, 7 and 30 days before (fractions; `None` before the window).
    pub change_24h: Option<f64>,
    pub change_7d: Option<f64>,
    pub change_30d: Option<f64>,
    /// Daily from `opens` to `as_of`.
    pub timeline: Vec<TimelinePoint>,
    pub voices: Vec<QuoteLine>,
    pub last_development: Option<Contribution>,
    pub backtest: Option<Backtest>,
}

/// How a resolved question's daily forecasts scored against the outcome.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Backtest {
    pub outcome: bool,
    pub resolved_on: NaiveDate,
    /// Mean Brier score over the daily forecasts up to resolution (0 best, 1 worst).
    pub brier: f64,
    /// The Brier score of the prior alone, for comparison.
    pub brier_prior: f64,
    /// Days scored.
    pub days: usize,
}

impl Snapshot {
    /// Forecasts every stored question. `today` is the caller's clock (the edge reads it).
    pub fn build(store: &Store, today: NaiveDate) -> Result<Snapshot, forewarn_store::StoreError> {
        let questions = store.questions()?;
        if questions.is_empty() {
            return Ok(Snapshot::default());
        }
        let quotes = store.quotes_until(None)?;
        // Questions share most of their matches: read each matched sentence once for all of
        // them, as `forewarn forecast` does.
        let recorded = match questions.len() {
            1 => None,
            _ => Some(store.recorded_matches()?),
        };
        let mut views = BTreeMap::new();
        for question in questions {
            // Per question: surge indicators add that question's own surge days.
            let (observations, as_of) = match &recorded {
                Some(recorded) => forewarn_report::observations_as_of_recorded(
                    store, &question, None, today, recorded,
                )?,
                None => forewarn_report::observations_as_of(store, &question, None, today)?,
            };
            let view = question_view(question, &observations, as_of, &quotes);
            views.insert(view.question.id.clone(), view);
        }
        Ok(Snapshot { questions: views })
    }
}

fn question_view(
    question: Question,
    observations: &[Observation],
    as_of: NaiveDate,
    quotes: &[forewarn_store::StoredQuote],
) -> QuestionView {
    let forecast = forewarn_forecast::forecast(&question, observations, as_of);
    let timeline = forewarn_forecast::timeline(&question, observations, question.opens, as_of, 1);
    let change = |days: u64| {
        let then = as_of.checked_sub_days(Days::new(days))?;
        if then < question.opens {
            return None;
        }
        // The daily path already has the value; fall back to a forecast if it does not.
        let past = timeline
            .iter()
            .find(|p| p.date == then)
            .map(|p| p.probability)
            .unwrap_or_else(|| {
                forewarn_forecast::forecast(&question, observations, then).probability
            });
        Some(forecast.probability - past)
    };
    let (change_24h, change_7d, change_30d) = (change(1), change(7), change(30));
    let mut voices: Vec<QuoteLine> = quotes
        .iter()
        .filter(|q| q.quote.speaker.is_some())
        .filter(|q| {
            q.published
                .is_some_and(|d| d >= question.opens && d <= as_of)
        })
        .map(|q| QuoteLine {
            speaker: q.quote.speaker.clone(),
            text: q.quote.text.clone(),
            date: q.published,
            source: q.document_title.clone(),
        })
        .collect();
    voices.sort_by_key(|a| a.date);
    let voices = voices.split_off(voices.len().saturating_sub(MAX_VOICES));
    let last_development = forecast
        .contributions
        .iter()
        .max_by(|a, b| a.date.cmp(&b.date).then(b.sentence_id.cmp(&a.sentence_id)))
        .cloned();
    let backtest = backtest(&question, observations);
    QuestionView {
        question,
        as_of,
        forecast,
        change_24h,
        change_7d,
        change_30d,
        timeline,
        voices,
        last_development,
        backtest,
    }
}

/// Scores a resolved question's daily forecasts from `opens` to the day before resolution.
fn backtest(question: &Question, observations: &[Observation]) -> Option<Backtest> {
    let resolution = question.resolution?;
    let last = resolution.resolved_on.pred_opt()?.min(question.deadline);
    if last < question.opens {
        return None;
    }
    let path = forewarn_forecast::timeline(question, observations, question.opens, last, 1);
    if path.is_empty() {
        return None;
    }
    let outcome = if resolution.outcome { 1.0 } else { 0.0 };
    let brier = |p: f64| (p - outcome) * (p - outcome);
    let n = path.len() as f64;
    let mean = path.iter().map(|p| brier(p.probability)).sum::<f64>() / n;
    let prior = path
        .iter()
        .map(|p| brier(forewarn_forecast::forecast(question, &[], p.date).probability))
        .sum::<f64>()
        / n;
    Some(Backtest {
        outcome: resolution.outcome,
        resolved_on: resolution.resolved_on,
        brier: mean,
        brier_prior: prior,
        days: path.len(),
    })
}

impl QuestionView {
    /// The contributions on one side, strongest first.
    pub fn evidence(&self, direction: Direction) -> impl Iterator<Item = &Contribution> {
        self.forecast
            .contributions
            .iter()
            .filter(move |c| c.direction == direction)
    }

    /// The weekly path (for sparklines): every seventh day ending on `as_of`.
    pub fn weekly(&self) -> Vec<f64> {
        let n = self.timeline.len();
        let mut values: Vec<f64> = self
            .timeline
            .iter()
            .enumerate()
            .filter(|(i, _)| (n - 1 - i).is_multiple_of(7))
            .map(|(_, p)| p.probability)
            .collect();
        if values.is_empty() {
            values.push(self.forecast.probability);
        }
        values
    }

    /// The briefing, in Markdown or as a standalone HTML page.
    pub fn briefing(&self, html: bool) -> String {
        let developments =
            forewarn_report::key_developments(&self.forecast, forewarn_report::MAX_DEVELOPMENTS);
        let briefing = Briefing {
            question: &self.question,
            forecast: &self.forecast,
            timeline: &self.timeline,
            change_7d: self.change_7d,
            change_30d: self.change_30d,
            quotes: &self.voices,
            developments: &developments,
        };
        if html {
            forewarn_tell::html(&briefing)
        } else {
            forewarn_tell::markdown(&briefing)
        }
    }
}
