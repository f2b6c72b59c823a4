//! As-of backtests: replay a resolved question's forecast day by day (or week by week) using
//! only what was published by each date, and score it against the prior alone (the model with
//! no evidence), a constant 0.3 and any crowd forecasts. `docs/backtest.md` explains the choices.

use chrono::{Duration, NaiveDate};
use forewarn_model::{Observation, Question};
use serde::{Deserialize, Serialize};

use crate::count::count_forecast;
use crate::model::{PROBABILITY_EPSILON, forecast, probabilities};
use crate::template::{QuestionFile, TemplateKind};

/// The constant forecast every question is also scored against: a forecaster who says 0.3 to
/// everything, whatever the question and the news.
pub const CONSTANT_FORECAST: f64 = 0.3;
/// "Noticed" is read this many days after a yes question's `resolved_on`.
pub const NOTICED_AFTER_DAYS: i64 = 3;
/// The probability a forecast must reach by then for the outcome to count as noticed.
pub const NOTICED_AT: f64 = 0.9;

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
    /// The prior alone: the model's forecast as of the date with no evidence at all.
    pub prior: f64,
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

/// One forecaster's probability on a check date, and whether it passed the check.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Check {
    pub p: f64,
    pub pass: bool,
}

/// A check on one date for ours, the prior alone and the constant 0.3.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Checks {
    pub date: NaiveDate,
    pub ours: Check,
    pub prior: Check,
    pub constant: Check,
}

/// How many questions passed a check, per forecaster, out of how many it applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Tally {
    pub ours: usize,
    pub prior: usize,
    pub constant: usize,
    pub of: usize,
}

/// Relative improvement of ours over a baseline, in percent of the baseline's score
/// (`100 · (baseline − ours) / baseline`): positive when ours is better (lower).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Improvement {
    pub brier_vs_prior_pct: Option<f64>,
    pub brier_vs_constant_pct: Option<f64>,
    pub log_vs_prior_pct: Option<f64>,
    pub log_vs_constant_pct: Option<f64>,
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
    /// The prior alone (the model with no evidence) on the same dates.
    pub prior: Scores,
    /// The constant [`CONSTANT_FORECAST`] on the same dates.
    pub constant: Scores,
    /// Over the dates where a crowd forecast exists; `None` without crowd values.
    pub crowd: Option<Scores>,
    /// Ours over the same dates as the crowd, for a like-for-like comparison.
    pub ours_on_crowd_dates: Option<Scores>,
    /// On the right side of 0.5 a week before the deadline (or the day before resolution if
    /// that is earlier).
    pub week_before: Checks,
    /// For questions resolved yes: p ≥ [`NOTICED_AT`] as of `resolved_on` + [`NOTICED_AFTER_DAYS`].
    /// That date is replayed for this check only; it is not in `path` nor in the scores.
    pub noticed: Option<Checks>,
}

/// Means and counts over questions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BacktestReport {
    pub step_days: u32,
    pub questions: Vec<QuestionBacktest>,
    /// Questions not scored, with the reason (unresolved, closed before opening).
    pub skipped: Vec<(String, String)>,
    pub ours: Option<Scores>,
    pub prior: Option<Scores>,
    pub constant: Option<Scores>,
    /// Ours against the prior alone and the constant, on the mean time-averaged scores.
    pub improvement: Option<Improvement>,
    /// Over the questions with crowd values only, with ours on the same questions and dates.
    pub crowd: Option<Scores>,
    pub ours_on_crowd: Option<Scores>,
    pub crowd_questions: usize,
    /// Questions on the right side of 0.5 a week before their deadline, of all scored.
    pub right_side_week_before: Tally,
    /// Yes questions noticed three days after resolution, of the yes questions.
    pub noticed: Tally,
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

/// Our probability on each date (ascending, not empty), through the public forecast API:
/// ordinary questions read one daily [`timeline`] (each point equals [`forecast`] on its date,
/// and matching happens once); event-count-surge questions use the count model.
fn our_probabilities(
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

/// The prior alone: the model's own forecast as of `date` when it has read nothing.
fn prior_alone(question: &Question, date: NaiveDate) -> f64 {
    forecast(question, &[], date).probability
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

/// `100 · (baseline − ours) / baseline`; `None` when the baseline scored a perfect 0.
fn gain_pct(ours: f64, baseline: f64) -> Option<f64> {
    (baseline > 0.0).then(|| 100.0 * (baseline - ours) / baseline)
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
    let outcome = resolution.outcome;
    let close = closes(q).unwrap_or(q.deadline);
    let dates = replay_dates(q, options.step_days);
    if dates.is_empty() {
        return Err(format!("closed on {close}, before any forecast date"));
    }
    // The week-before date is checked even when the step skips it, and the noticed date lies
    // after the close; both are replayed with the path but kept out of its scores.
    let week = (q.deadline - Duration::days(7))
        .min(close - Duration::days(1))
        .max(q.opens);
    let noticed_on = outcome.then(|| resolution.resolved_on + Duration::days(NOTICED_AFTER_DAYS));
    let mut all_dates = dates.clone();
    all_dates.extend([Some(week), noticed_on].into_iter().flatten());
    all_dates.sort();
    all_dates.dedup();
    let all = our_probabilities(file, observations, &all_dates);
    let ours_on = |d: NaiveDate| {
        all_dates
            .iter()
            .position(|x| *x == d)
            .map_or(f64::NAN, |i| all[i])
    };
    let ours: Vec<f64> = dates.iter().map(|&d| ours_on(d)).collect();

    let crowd_at = |d: NaiveDate| file.crowd.iter().rev().find(|c| c.date <= d).map(|c| c.p);
    let path: Vec<PathPoint> = dates
        .iter()
        .zip(&ours)
        .map(|(&date, &p)| PathPoint {
            date,
            ours: p,
            prior: prior_alone(q, date),
            crowd: crowd_at(date),
        })
        .collect();
    let prior: Vec<f64> = path.iter().map(|p| p.prior).collect();
    let constant = vec![CONSTANT_FORECAST; path.len()];
    let with_crowd: Vec<&PathPoint> = path.iter().filter(|p| p.crowd.is_some()).collect();
    let crowd_ps: Vec<f64> = with_crowd.iter().filter_map(|p| p.crowd).collect();
    let ours_there: Vec<f64> = with_crowd.iter().map(|p| p.ours).collect();
    let checks = |date: NaiveDate, pass: &dyn Fn(f64) -> bool| {
        let check = |p: f64| Check { p, pass: pass(p) };
        Checks {
            date,
            ours: check(ours_on(date)),
            prior: check(prior_alone(q, date)),
            constant: check(CONSTANT_FORECAST),
        }
    };
    Ok(QuestionBacktest {
        id: q.id.clone(),
        question: q.question.clone(),
        template: file.template.as_ref().map(|t| t.kind),
        outcome,
        closes: close,
        ours: scores(&ours, outcome).expect("dates are not empty"),
        prior: scores(&prior, outcome).expect("dates are not empty"),
        constant: scores(&constant, outcome).expect("dates are not empty"),
        crowd: scores(&crowd_ps, outcome),
        ours_on_crowd_dates: scores(&ours_there, outcome),
        week_before: checks(week, &|p| (p > 0.5) == outcome),
        noticed: noticed_on.map(|d| checks(d, &|p| p >= NOTICED_AT)),
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
    let ours = mean_scores(questions.iter().map(|q| &q.ours));
    let prior = mean_scores(questions.iter().map(|q| &q.prior));
    let constant = mean_scores(questions.iter().map(|q| &q.constant));
    let improvement = match (ours, prior, constant) {
        (Some(o), Some(p), Some(c)) => Some(Improvement {
            brier_vs_prior_pct: gain_pct(o.brier_mean, p.brier_mean),
            brier_vs_constant_pct: gain_pct(o.brier_mean, c.brier_mean),
            log_vs_prior_pct: gain_pct(o.log_mean, p.log_mean),
            log_vs_constant_pct: gain_pct(o.log_mean, c.log_mean),
        }),
        _ => None,
    };
    let tally = |checks: Vec<&Checks>| Tally {
        ours: checks.iter().filter(|c| c.ours.pass).count(),
        prior: checks.iter().filter(|c| c.prior.pass).count(),
        constant: checks.iter().filter(|c| c.constant.pass).count(),
        of: checks.len(),
    };
    BacktestReport {
        step_days: options.step_days.max(1),
        ours,
        prior,
        constant,
        improvement,
        crowd: mean_scores(crowd_qs.iter().filter_map(|q| q.crowd.as_ref())),
        ours_on_crowd: mean_scores(
            crowd_qs
                .iter()
                .filter_map(|q| q.ours_on_crowd_dates.as_ref()),
        ),
        crowd_questions: crowd_qs.len(),
        right_side_week_before: tally(questions.iter().map(|q| &q.week_before).collect()),
        noticed: tally(
            questions
                .iter()
                .filter_map(|q| q.noticed.as_ref())
                .collect(),
        ),
        questions,
        skipped,
    }
}

fn tick(pass: bool) -> &'static str {
    if pass { "✓" } else { "✗" }
}

fn ticks(c: &Checks) -> String {
    format!(
        "{} {} {}",
        tick(c.ours.pass),
        tick(c.prior.pass),
        tick(c.constant.pass)
    )
}

fn pct(x: Option<f64>) -> String {
    x.map_or_else(|| "—".to_string(), |v| format!("{v:+.1}%"))
}

impl BacktestReport {
    /// The report as a plain-text table: per question, then overall.
    pub fn table(&self) -> String {
        use std::fmt::Write;
        let mut s = String::new();
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
            "Brier and log: time-averaged over the replayed dates, lower is better; \
             ours / prior alone / constant {CONSTANT_FORECAST} / crowd."
        );
        let _ = writeln!(
            s,
            "right: on the right side of 0.5 a week before; noticed: p ≥ {NOTICED_AT} as of \
             resolved_on + {NOTICED_AFTER_DAYS} days (yes only); ticks are ours, prior alone, constant {CONSTANT_FORECAST}.\n"
        );
        let _ = writeln!(
            s,
            "{:<width$}  {:>3}  {:>10}  {:>23}  {:>23}  {:>10}  {:>11}  {:>5}  {:>10}  {:>11}  {:>7}",
            "question",
            "y",
            "closes",
            "Brier o/p/0.3/c",
            "log o/p/0.3/c",
            "wk before",
            "p ours/prior",
            "right",
            "noticed on",
            "p ours/prior",
            "noticed",
        );
        for q in &self.questions {
            let c = q.crowd.as_ref();
            let (noticed_on, noticed_p, noticed) = q.noticed.as_ref().map_or_else(
                || ("—".to_string(), "—".to_string(), "—".to_string()),
                |n| {
                    (
                        n.date.to_string(),
                        format!("{:.3}/{:.3}", n.ours.p, n.prior.p),
                        ticks(n),
                    )
                },
            );
            let _ = writeln!(
                s,
                "{:<width$}  {:>3}  {:>10}  {:>23}  {:>23}  {:>10}  {:>11}  {:>5}  {:>10}  {:>11}  {:>7}",
                q.id,
                if q.outcome { "yes" } else { "no" },
                q.closes.to_string(),
                format!(
                    "{:.3}/{:.3}/{:.3}/{}",
                    q.ours.brier_mean,
                    q.prior.brier_mean,
                    q.constant.brier_mean,
                    opt(c.map(|c| c.brier_mean))
                ),
                format!(
                    "{:.3}/{:.3}/{:.3}/{}",
                    q.ours.log_mean,
                    q.prior.log_mean,
                    q.constant.log_mean,
                    opt(c.map(|c| c.log_mean))
                ),
                q.week_before.date.to_string(),
                format!("{:.3}/{:.3}", q.week_before.ours.p, q.week_before.prior.p),
                ticks(&q.week_before),
                noticed_on,
                noticed_p,
                noticed,
            );
        }
        let _ = writeln!(s);
        let n = self.questions.len();
        let _ = writeln!(
            s,
            "overall, {n} questions (step {} day{}):",
            self.step_days,
            if self.step_days == 1 { "" } else { "s" }
        );
        let row = |s: &mut String, name: &str, cells: [String; 3]| {
            let _ = writeln!(
                s,
                "  {name:<36}{:>22}{:>22}{:>22}",
                cells[0], cells[1], cells[2]
            );
        };
        row(
            &mut s,
            "",
            [
                "ours".into(),
                "prior alone".into(),
                format!("constant {CONSTANT_FORECAST}"),
            ],
        );
        if let (Some(o), Some(p), Some(c)) = (self.ours, self.prior, self.constant) {
            let f3 = |x: f64| format!("{x:.3}");
            let imp = self.improvement;
            row(
                &mut s,
                "mean time-averaged Brier",
                [f3(o.brier_mean), f3(p.brier_mean), f3(c.brier_mean)],
            );
            row(
                &mut s,
                "  ours better by (+) or worse (−)",
                [
                    String::new(),
                    pct(imp.and_then(|i| i.brier_vs_prior_pct)),
                    pct(imp.and_then(|i| i.brier_vs_constant_pct)),
                ],
            );
            row(
                &mut s,
                "mean time-averaged log score",
                [f3(o.log_mean), f3(p.log_mean), f3(c.log_mean)],
            );
            row(
                &mut s,
                "  ours better by (+) or worse (−)",
                [
                    String::new(),
                    pct(imp.and_then(|i| i.log_vs_prior_pct)),
                    pct(imp.and_then(|i| i.log_vs_constant_pct)),
                ],
            );
        }
        let t = self.right_side_week_before;
        row(
            &mut s,
            "right side of 0.5 a week before",
            [t.ours, t.prior, t.constant].map(|k| format!("{k} of {}", t.of)),
        );
        let t = self.noticed;
        row(
            &mut s,
            &format!("noticed (p ≥ {NOTICED_AT}, {NOTICED_AFTER_DAYS} days after a yes)"),
            [t.ours, t.prior, t.constant].map(|k| format!("{k} of {} yes questions", t.of)),
        );
        if self.crowd_questions > 0 {
            let _ = writeln!(
                s,
                "on the {} question(s) with crowd values, dates with a crowd value:",
                self.crowd_questions
            );
            for (name, sc) in [("ours", &self.ours_on_crowd), ("crowd", &self.crowd)] {
                if let Some(x) = sc {
                    let _ = writeln!(
                        s,
                        "  {name:<6} Brier mean {:.3}  log mean {:.3}",
                        x.brier_mean, x.log_mean
                    );
                }
            }
        }
        for (id, why) in &self.skipped {
            let _ = writeln!(s, "skipped {id}: {why}");
        }
        s
    }
}
