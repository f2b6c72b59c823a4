//! Briefings, tables and sparklines from forecasts: the last stage, where numbers become
//! something an analyst can read, check and forward.
//!
//! A [`Briefing`] gathers everything one report needs — question, forecast, probability path,
//! changes, quotes and dated developments — and [`markdown`] or [`html`] render it in the
//! order of an analyst's product: bottom line, key developments, the case for, the case
//! against, voices, what would change the view, method. The terminal helpers
//! ([`forecast_line`], [`timeline_table`], [`evidence_table`], [`sparkline`]) serve the CLI.
//!
//! Everything here is pure: no clock, no I/O. The briefing date is the forecast's `as_of`,
//! and developments or quotes dated after it are left out.
//!
//! ```
//! use chrono::NaiveDate;
//! use forewarn_model::{Forecast, Question};
//! use forewarn_tell::{Briefing, forecast_line, markdown};
//!
//! let d = |m, day| NaiveDate::from_ymd_opt(2023, m, day).unwrap();
//! let question = Question {
//!     id: "belarus-joins-war".into(),
//!     question: "Will Belarus join the war against Ukraine?".into(),
//!     opens: d(1, 1), deadline: d(6, 30), prior: 0.2,
//!     tags: vec![], resolution: None, indicators: vec![],
//! };
//! let forecast = Forecast {
//!     question_id: question.id.clone(), as_of: d(2, 28),
//!     probability: 0.184, log_odds: (0.184f64 / 0.816).ln(), base_log_odds: (0.184f64 / 0.816).ln(),
//!     contributions: vec![],
//!     reported: None,
//! };
//! assert_eq!(
//!     forecast_line(&question, &forecast, Some(0.031), Some(-0.02)),
//!     "belarus-joins-war  18.4%  (+3.1 pts 7d, −2.0 pts 30d)  as of 2023-02-28",
//! );
//! let brief = Briefing {
//!     question: &question, forecast: &forecast, timeline: &[],
//!     change_7d: None, change_30d: None, quotes: &[], developments: &[],
//! };
//! assert!(markdown(&brief).starts_with("# Will Belarus join the war against Ukraine?"));
//! ```

mod doc;
mod html;
mod markdown;
mod num;
mod text;
mod words;

use chrono::NaiveDate;
use forewarn_model::{Direction, Forecast, Question, TimelinePoint};
use serde::{Deserialize, Serialize};

pub use text::{evidence_table, forecast_line, reported_lines, sparkline, timeline_table};
pub use words::words_of_estimative_probability;

/// A probability as people read it: `18.4%`, and `<0.1%` / `>99.9%` rather than a misleading
/// `0.0%` / `100.0%`. Every forewarn output formats probabilities with this.
pub fn percent(p: f64) -> String {
    num::pct(p)
}

/// A quotation for the "Voices" section.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteLine {
    /// Who said it; quotes without a speaker are listed last as "unattributed".
    pub speaker: Option<String>,
    /// The quoted words, without quotation marks.
    pub text: String,
    pub date: Option<NaiveDate>,
    /// Where it was reported ("Foreign Policy").
    pub source: Option<String>,
}

/// A dated key development for the timeline section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Development {
    pub date: NaiveDate,
    /// One sentence saying what happened.
    pub text: String,
    pub source: Option<String>,
    /// Whether it pushed the forecast up (`For`) or down (`Against`); `None` for context only.
    pub direction: Option<Direction>,
}

/// Everything one briefing shows. Callers compute the changes and pick the quotes and
/// developments; this crate only arranges and words them.
#[derive(Debug, Clone, Copy)]
pub struct Briefing<'a> {
    pub question: &'a Question,
    /// The forecast as of the briefing date.
    pub forecast: &'a Forecast,
    /// Daily or weekly path up to `forecast.as_of`.
    pub timeline: &'a [TimelinePoint],
    /// Probability now minus 7 days ago (0.031 = +3.1 points).
    pub change_7d: Option<f64>,
    /// Probability now minus 30 days ago.
    pub change_30d: Option<f64>,
    pub quotes: &'a [QuoteLine],
    pub developments: &'a [Development],
}

/// The briefing as Markdown (CommonMark; reported text is escaped so it renders as text).
pub fn markdown(b: &Briefing) -> String {
    markdown::render(b)
}

/// The briefing as one standalone HTML page: inline CSS with a print style, escaped text, and
/// an inline SVG chart of the timeline. No scripts and no external assets.
pub fn html(b: &Briefing) -> String {
    html::render(b)
}
