//! As-of backtests: replay a resolved question's forecast day by day (or week by week) using
//! only what was published by each date, and score it — with the no-evidence base rate and any
//! crowd forecasts beside it. `docs/backtest.md` explains the choices.

use chrono::{Duration, NaiveDate};
use forewarn_model::{Observation, Question};
use serde::{Deserialize, Serialize};

use crate::count::count_forecast;
use crate::model::{PROBABILITY_EPSILON, base_probability, probabilities};
use crate::template::{QuestionFile, TemplateKind};

/// How to replay.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BacktestOptions {
    /// Days between forecasts (1: daily, 7: weekly). The last date before the question closed
    /// is always included.
    pub step_days: u32,
}

impl Default for BacktestOptions {
    fn default() -> Self {
        Self { step_days: 1 }
    }
}

/// One replayed date.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PathPoint {
    pub date: NaiveDate,
    /// Our forecast as of the date.
    pub ours: f64,
    /// The no-evidence baseline: the question's prior spread over the time left.
    pub base: f64,
    /// The latest crowd forecast on or before the date, if any.
    pub crowd: Option<f64>,
}

/// Brier score and log loss (natural log, lower is better), at the final date and averaged
/// over the replayed dates.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Scores {
    pub brier_final: f64,
    pub brier_mean: f64,
    pub log_final: f64,
    pub log_mean: f64,
}

/// Whether the forecast a week before the deadline was on the right side of 0.5.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct WeekBefore {
    pub date: NaiveDate,
    pub p: f64,
    pub right_side: bool,
}

/// The replay and scores of one question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionBacktest {
    pub id: String,
    pub question: String,
    pub template: Option<TemplateKind>,
    pub outcome: bool,
    /// The question stopped being open on this date (resolution or deadline, the earlier);
    /// forecasts run up to the day before.
    pub closes: NaiveDate,
    pub path: Vec<PathPoint>,
    pub ours: Scores,
    pub base: Scores,
    /// Over the dates where a crowd forecast exists; `None` without crowd values.
    pub crowd: Option<Scores>,
    /// Ours over the same dates as the crowd, for a like-for-like comparison.
    pub ours_on_crowd_dates: Option<Scores>,
    pub week_before: WeekBefore,
}

/// Means over questions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BacktestReport {
    pub step_days: u32,
    pub questions: Vec<QuestionBacktest>,
    /// Questions not scored, with the reason (unresolved, closed before opening).
    pub skipped: Vec<(String, String)>,
    pub ours: Option<Scores>,
    pub base: Option<Scores>,
    /// Over the questions with crowd values only, with ours on the same questions and dates.
    pub crowd: Option<Scores>,
    pub ours_on_crowd: Option<Scores>,
    pub crowd_questions: usize,
    /// Questions on the right side of 0.5 a week before their deadline.
    pub right_side_week_before: usize,
}

/// The date a question stops being forecast: its resolution date or deadline, the earlier.
fn closes(question: &Question) -> Option<NaiveDate> {
    question
        .resolution
        .map(|r| r.resolved_on.min(question.deadline))
}

/// The replay dates: `opens`, then every `step_days`, strictly before the question closed;
/// the day before it closed is always the last. Empty when unresolved or closed at opening.
pub fn replay_dates(question: &Question, step_days: u32) -> Vec<NaiveDate> {
    let Some(close) = closes(question) else {
        return Vec::new();
    };
    let last = close - Duration::days(1);
    let step = Duration::days(i64::from(step_days.max(1)));
    let mut out = Vec::new();
    let mut d = question.opens;
    while d <= last {
        out.push(d);
        d += step;
    }
    if out.last().is_some_and(|l| *l < last) {
        out.push(last);
    }
    out
}

/// Our probability on each date (ascending). Ordinary questions use the forecast model (via
/// unit-weight features, which reproduce `forecast` to rounding); event-count-surge questions use
/// the count model.
pub(crate) fn our_path(
    file: &QuestionFile,
    observations: &[Observation],
    dates: &[NaiveDate],
) -> Vec<f64> {
    let q = &file.question;
    if let Some(spec) = &file.template
        && spec.kind == TemplateKind::EventCountSurge
    {
        let count = spec.count.clone().unwrap_or_default();
        return dates
            .iter()
            .map(|&d| {
                count_forecast(q, &count, &spec.actor, observations, d)
                    .0
                    .probability
            })
            .collect();
    }
    probabilities(q, observations, dates)
}

fn clamp(p: f64) -> f64 {
    p.clamp(PROBABILITY_EPSILON, 1.0 - PROBABILITY_EPSILON)
}

pub(crate) fn brier(p: f64, outcome: bool) -> f64 {
    let y = if outcome { 1.0 } else { 0.0 };
    (p - y).powi(2)
}

pub(crate) fn log_loss(p: f64, outcome: bool) -> f64 {
    let p = clamp(p);
    -if outcome { p.ln() } else { (1.0 - p).ln() }
}

fn scores(ps: &[f64], outcome: bool) -> Option<Scores> {
    let last = *ps.last()?;
    let n = ps.len() as f64;
    Some(Scores {
        brier_final: brier(last, outcome),
        brier_mean: ps.iter().map(|&p| brier(p, outcome)).sum::<f64>() / n,
        log_final: log_loss(last, outcome),
        log_mean: ps.iter().map(|&p| log_loss(p, outcome)).sum::<f64>() / n,
    })
}

fn mean_scores<'a>(all: impl Iterator<Item = &'a Scores>) -> Option<Scores> {
    let v: Vec<&Scores> = all.collect();
    if v.is_empty() {
        return None;
    }
    let n = v.len() as f64;
    let m = |f: fn(&Scores) -> f64| v.iter().map(|s| f(s)).sum::<f64>() / n;
    Some(Scores {
        brier_final: m(|s| s.brier_final),
        brier_mean: m(|s| s.brier_mean),
        log_final: m(|s| s.log_final),
        log_mean: m(|s| s.log_mean),
    })
}

/// Replays and scores one question; `Err` names why it cannot be scored.
pub fn backtest_question(
    file: &QuestionFile,
    observations: &[Observation],
    options: BacktestOptions,
) -> Result<QuestionBacktest, String> {
    let q = &file.question;
    let Some(resolution) = q.resolution else {
        return Err("not resolved".into());
    };
    let close = closes(q).unwrap_or(q.deadline);
    let mut dates = replay_dates(q, options.step_days);
    if dates.is_empty() {
        return Err(format!("closed on {close}, before any forecast date"));
    }
    // The week-before date is scored even when the step skips it.
    let week = (q.deadline - Duration::days(7))
        .min(close - Duration::days(1))
        .max(q.opens);
    let week_extra = !dates.contains(&week);
    if week_extra {
        dates.push(week);
        dates.sort();
    }
    let all = our_path(file, observations, &dates);
    let week_p = all[dates.iter().position(|d| *d == week).unwrap_or(0)];
    let (dates, ours): (Vec<NaiveDate>, Vec<f64>) = dates
        .into_iter()
        .zip(all)
        .filter(|(d, _)| !week_extra || *d != week)
        .unzip();

    let crowd_at = |d: NaiveDate| file.crowd.iter().rev().find(|c| c.date <= d).map(|c| c.p);
    let path: Vec<PathPoint> = dates
        .iter()
        .zip(&ours)
        .map(|(&date, &p)| PathPoint {
            date,
            ours: p,
            base: base_probability(q, date),
            crowd: crowd_at(date),
        })
        .collect();
    let outcome = resolution.outcome;
    let base: Vec<f64> = path.iter().map(|p| p.base).collect();
    let with_crowd: Vec<&PathPoint> = path.iter().filter(|p| p.crowd.is_some()).collect();
    let crowd_ps: Vec<f64> = with_crowd.iter().filter_map(|p| p.crowd).collect();
    let ours_there: Vec<f64> = with_crowd.iter().map(|p| p.ours).collect();
    Ok(QuestionBacktest {
        id: q.id.clone(),
        question: q.question.clone(),
        template: file.template.as_ref().map(|t| t.kind),
        outcome,
        closes: close,
        ours: scores(&ours, outcome).expect("dates are not empty"),
        base: scores(&base, outcome).expect("dates are not empty"),
        crowd: scores(&crowd_ps, outcome),
        ours_on_crowd_dates: scores(&ours_there, outcome),
        week_before: WeekBefore {
            date: week,
            p: week_p,
            right_side: (week_p > 0.5) == outcome,
        },
        path,
    })
}

/// Backtests every resolved question; unresolved ones are listed in `skipped`.
pub fn backtest(
    files: &[QuestionFile],
    observations: &[Observation],
    options: BacktestOptions,
) -> BacktestReport {
    let mut questions = Vec::new();
    let mut skipped = Vec::new();
    for f in files {
        match backtest_question(f, observations, options) {
            Ok(b) => questions.push(b),
            Err(reason) => skipped.push((f.question.id.clone(), reason)),
        }
    }
    let crowd_qs: Vec<&QuestionBacktest> = questions.iter().filter(|q| q.crowd.is_some()).collect();
    BacktestReport {
        step_days: options.step_days.max(1),
        ours: mean_scores(questions.iter().map(|q| &q.ours)),
        base: mean_scores(questions.iter().map(|q| &q.base)),
        crowd: mean_scores(crowd_qs.iter().filter_map(|q| q.crowd.as_ref())),
        ours_on_crowd: mean_scores(
            crowd_qs
                .iter()
                .filter_map(|q| q.ours_on_crowd_dates.as_ref()),
        ),
        crowd_questions: crowd_qs.len(),
        right_side_week_before: questions
            .iter()
            .filter(|q| q.week_before.right_side)
            .count(),
        questions,
        skipped,
    }
}

impl BacktestReport {
    /// The report as a plain-text table: per question, then overall.
    pub fn table(&self) -> String {
        use std::fmt::Write;
        let mut s = String::new();
        let f3 = |x: f64| format!("{x:.3}");
        let opt = |x: Option<f64>| x.map_or_else(|| "—".to_string(), |v| format!("{v:.3}"));
        let width = self
            .questions
            .iter()
            .map(|q| q.id.chars().count())
            .chain([8])
            .max()
            .unwrap_or(8);
        let _ = writeln!(
            s,
            "{:<width$}  {:>3}  {:>10}  {:>17}  {:>17}  {:>17}  {:>17}  {:>10} {:>5} {:>3}",
            "question",
            "y",
            "closes",
            "p final ours/base",
            "Brier final o/b/c",
            "Brier mean o/b/c",
            "log mean o/b/c",
            "wk before",
            "p",
            "ok"
        );
        for q in &self.questions {
            let last = q.path.last().expect("scored questions have a path");
            let c = q.crowd.as_ref();
            let _ = writeln!(
                s,
                "{:<width$}  {:>3}  {:>10}  {:>17}  {:>17}  {:>17}  {:>17}  {:>10} {:>5} {:>3}",
                q.id,
                if q.outcome { "yes" } else { "no" },
                q.closes.to_string(),
                format!("{}/{}", f3(last.ours), f3(last.base)),
                format!(
                    "{}/{}/{}",
                    f3(q.ours.brier_final),
                    f3(q.base.brier_final),
                    opt(c.map(|c| c.brier_final))
                ),
                format!(
                    "{}/{}/{}",
                    f3(q.ours.brier_mean),
                    f3(q.base.brier_mean),
                    opt(c.map(|c| c.brier_mean))
                ),
                format!(
                    "{}/{}/{}",
                    f3(q.ours.log_mean),
                    f3(q.base.log_mean),
                    opt(c.map(|c| c.log_mean))
                ),
                q.week_before.date.to_string(),
                f3(q.week_before.p),
                if q.week_before.right_side {
                    "✓"
                } else {
                    "✗"
                }
            );
        }
        let _ = writeln!(s);
        let n = self.questions.len();
        let line = |name: &str, sc: &Option<Scores>, s: &mut String| {
            if let Some(x) = sc {
                let _ = writeln!(
                    s,
                    "{name:<26} Brier final {:.3}  Brier mean {:.3}  log final {:.3}  log mean {:.3}",
                    x.brier_final, x.brier_mean, x.log_final, x.log_mean
                );
            }
        };
        let _ = writeln!(
            s,
            "overall, {n} questions (step {} day{}):",
            self.step_days,
            if self.step_days == 1 { "" } else { "s" }
        );
        line("  ours", &self.ours, &mut s);
        line("  base rate", &self.base, &mut s);
        if self.crowd_questions > 0 {
            let _ = writeln!(
                s,
                "on the {} question(s) with crowd values, dates with a crowd value:",
                self.crowd_questions
            );
            line("  ours", &self.ours_on_crowd, &mut s);
            line("  crowd", &self.crowd, &mut s);
        }
        let _ = writeln!(
            s,
            "right side of 0.5 a week before the deadline: {}/{n}",
            self.right_side_week_before
        );
        for (id, why) in &self.skipped {
            let _ = writeln!(s, "skipped {id}: {why}");
        }
        s
    }
}
