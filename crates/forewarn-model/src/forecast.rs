use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{ActorRef, Direction};

/// A probability for a question as of a date, with the terms that produced it.
///
/// Invariant: `log_odds == base_log_odds + Σ contributions[i].log_odds`, and
/// `probability == 1 / (1 + exp(-log_odds))`. The explanation is the model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Forecast {
    pub question_id: String,
    pub as_of: NaiveDate,
    pub probability: f64,
    pub log_odds: f64,
    /// The prior, scaled to the time left before the deadline, as log-odds.
    pub base_log_odds: f64,
    /// Sorted by absolute contribution, largest first.
    pub contributions: Vec<Contribution>,
}

impl Forecast {
    pub fn for_evidence(&self) -> impl Iterator<Item = &Contribution> {
        self.contributions
            .iter()
            .filter(|c| c.direction == Direction::For)
    }

    pub fn against_evidence(&self) -> impl Iterator<Item = &Contribution> {
        self.contributions
            .iter()
            .filter(|c| c.direction == Direction::Against)
    }
}

/// One piece of evidence and how much it moved the log-odds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contribution {
    pub indicator_id: String,
    pub indicator_label: String,
    pub direction: Direction,
    /// Signed change in log-odds this evidence adds to the forecast.
    pub log_odds: f64,
    /// When the development happened (event date, else the publication date).
    pub date: NaiveDate,
    /// When the first report of it was published.
    pub published: NaiveDate,
    /// The sentence that carries the evidence.
    pub sentence: String,
    pub sentence_id: i64,
    pub document_id: i64,
    pub document_title: Option<String>,
    pub document_source: Option<String>,
    pub actors: Vec<ActorRef>,
    /// Multiplier from age, 0–1.
    pub decay: f64,
    /// 1 for the strongest independent report of this indicator, 2 for the next, …
    pub rank: usize,
    /// Near-duplicate reports folded into this one.
    pub duplicates: usize,
}

/// A point on a question's probability path.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TimelinePoint {
    pub date: NaiveDate,
    pub probability: f64,
}
