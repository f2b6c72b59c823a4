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
    /// Sorted by absolute contribution, largest first; the outcome reports (if any) come
    /// last, in the order they were folded in.
    pub contributions: Vec<Contribution>,
    /// Set when reports that the outcome happened inside the window are visible: the
    /// question is in the *reported* state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reported: Option<Reported>,
}

/// The reported state: news says the event asked about has happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reported {
    /// Development date of the earliest report.
    pub first_date: NaiveDate,
    /// Independent sources that report it (distinct outlets; a document without a source
    /// label counts as its own outlet).
    pub sources: usize,
    /// Independent denials or corrections published after the first report.
    pub denials: usize,
    /// Probability that the outcome has already happened, from the reports alone.
    pub happened: f64,
    /// One sentence per independent report or denial, earliest first.
    pub reports: Vec<ReportedSentence>,
}

/// A sentence that reports (or denies) the outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportedSentence {
    pub date: NaiveDate,
    pub published: NaiveDate,
    pub sentence: String,
    pub sentence_id: i64,
    pub document_id: i64,
    pub document_title: Option<String>,
    pub document_source: Option<String>,
    /// A denial or correction rather than a report.
    pub denial: bool,
}

impl Reported {
    /// "reported on 2022-02-24 by 3 independent sources".
    pub fn summary(&self) -> String {
        let mut s = format!(
            "reported on {} by {} independent source{}",
            self.first_date,
            self.sources,
            if self.sources == 1 { "" } else { "s" }
        );
        if self.denials > 0 {
            s.push_str(&format!(
                ", denied or corrected {} time{}",
                self.denials,
                if self.denials == 1 { "" } else { "s" }
            ));
        }
        s
    }
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
    /// The share of its indicator's level that is above the indicator's usual level in the
    /// months before, 0–1: what is background in a crisis already under way counts for less.
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub novelty: f64,
    /// 1 for the strongest independent report of this indicator, 2 for the next, …
    pub rank: usize,
    /// Near-duplicate reports folded into this one.
    pub duplicates: usize,
}

fn one() -> f64 {
    1.0
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
fn is_one(x: &f64) -> bool {
    *x == 1.0
}

/// A point on a question's probability path.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TimelinePoint {
    pub date: NaiveDate,
    pub probability: f64,
}
