//! Region-by-period early warning: for every region, the probability that the events of a
//! chosen kind in the next `horizon` days exceed a threshold. `docs/warn.md` gives the model:
//! an L2-regularised logistic regression on the region's recent count history, refitted at
//! every forecast date on the outcomes already known then, so a backtest never looks ahead.

use std::collections::{BTreeMap, HashMap};

use chrono::{Duration, NaiveDate};
use serde::Serialize;

/// What "exceeds" means.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub enum Threshold {
    /// At least one event.
    Any,
    /// More than the region's trailing 30-day daily mean times the horizon, times `factor`
    /// (1: "more than the 30-day mean"; 10: "ten times the mean"). With a zero mean, any event.
    MeanTimes(f64),
    /// More than this many events.
    Count(u64),
}

impl std::str::FromStr for Threshold {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let s = s.trim().to_ascii_lowercase();
        match s.as_str() {
            "any" => Ok(Threshold::Any),
            "mean" => Ok(Threshold::MeanTimes(1.0)),
            _ => {
                if let Some(f) = s.strip_suffix("x").or_else(|| s.strip_suffix("xmean")) {
                    return f
                        .parse()
                        .map(Threshold::MeanTimes)
                        .map_err(|_| format!("bad threshold `{s}`"));
                }
                s.parse()
                    .map(Threshold::Count)
                    .map_err(|_| format!("threshold must be any, mean, 10x or a count; got `{s}`"))
            }
        }
    }
}

/// Daily counts per region, dense from `start` to `end`.
#[derive(Debug, Clone)]
pub struct RegionHistory {
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// Region → counts per day since `start` (index = days since start).
    pub regions: BTreeMap<String, Vec<u64>>,
}

impl RegionHistory {
    /// From `(region, date, count)` rows; `start`/`end` default to the data's span.
    pub fn new(rows: &[(String, NaiveDate, u64)]) -> Option<RegionHistory> {
        let start = rows.iter().map(|r| r.1).min()?;
        let end = rows.iter().map(|r| r.1).max()?;
        let days = (end - start).num_days() as usize + 1;
        let mut regions: BTreeMap<String, Vec<u64>> = BTreeMap::new();
        for (region, date, n) in rows {
            let v = regions
                .entry(region.clone())
                .or_insert_with(|| vec![0; days]);
            v[(*date - start).num_days() as usize] += n;
        }
        Some(RegionHistory {
            start,
            end,
            regions,
        })
    }

    fn idx(&self, d: NaiveDate) -> i64 {
        (d - self.start).num_days()
    }

    /// Sum of a region's counts over `[from, to)` (clipped to the data).
    fn sum(&self, v: &[u64], from: NaiveDate, to: NaiveDate) -> u64 {
        let a = self.idx(from).max(0) as usize;
        let b = (self.idx(to).max(0) as usize).min(v.len());
        if a >= b { 0 } else { v[a..b].iter().sum() }
    }

    /// Whether the region had its first event before `t`.
    fn known_at(&self, v: &[u64], t: NaiveDate) -> bool {
        self.sum(v, self.start, t) > 0
    }
}

/// Model settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WarnParams {
    pub horizon_days: i64,
    pub threshold: Threshold,
    /// L2 penalty on the coefficients (not the intercept).
    pub l2: f64,
    /// Forecast dates are this many days apart in backtests and training.
    pub step_days: i64,
    /// History needed before a region-date can be a training example.
    pub warmup_days: i64,
}

impl Default for WarnParams {
    fn default() -> Self {
        WarnParams {
            horizon_days: 14,
            threshold: Threshold::Any,
            l2: 1.0,
            step_days: 7,
            warmup_days: 14,
        }
    }
}

pub const FEATURES: [&str; 5] = [
    "intercept",
    "ln(1+events last 7d)",
    "ln(1+events last 28d)",
    "any event last 7d",
    "ln(1+all regions' events last 7d / regions)",
];

fn features(h: &RegionHistory, v: &[u64], t: NaiveDate, global7: f64) -> [f64; 5] {
    let last7 = h.sum(v, t - Duration::days(7), t) as f64;
    let last28 = h.sum(v, t - Duration::days(28), t) as f64;
    [
        1.0,
        last7.ln_1p(),
        last28.ln_1p(),
        f64::from(last7 > 0.0),
        global7.ln_1p(),
    ]
}

/// Whether the region exceeds the threshold in `[t, t + horizon)`.
fn outcome(h: &RegionHistory, v: &[u64], t: NaiveDate, p: &WarnParams) -> bool {
    let next = h.sum(v, t, t + Duration::days(p.horizon_days));
    next > limit(h, v, t, p)
}

/// The count the next period must exceed, known at `t`.
pub fn limit_at(h: &RegionHistory, region: &str, t: NaiveDate, p: &WarnParams) -> u64 {
    h.regions.get(region).map_or(0, |v| limit(h, v, t, p))
}

fn limit(h: &RegionHistory, v: &[u64], t: NaiveDate, p: &WarnParams) -> u64 {
    match p.threshold {
        Threshold::Any => 0,
        Threshold::Count(n) => n,
        Threshold::MeanTimes(f) => {
            let mean = h.sum(v, t - Duration::days(30), t) as f64 / 30.0;
            (mean * p.horizon_days as f64 * f).floor() as u64
        }
    }
}

fn global7(h: &RegionHistory, t: NaiveDate) -> f64 {
    let known: Vec<&Vec<u64>> = h.regions.values().filter(|v| h.known_at(v, t)).collect();
    if known.is_empty() {
        return 0.0;
    }
    known
        .iter()
        .map(|v| h.sum(v, t - Duration::days(7), t) as f64)
        .sum::<f64>()
        / known.len() as f64
}

/// A fitted logistic model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Model {
    pub coefficients: [f64; 5],
    pub examples: usize,
    pub positives: usize,
}

impl Model {
    pub fn predict(&self, x: &[f64; 5]) -> f64 {
        let z: f64 = self.coefficients.iter().zip(x).map(|(b, x)| b * x).sum();
        1.0 / (1.0 + (-z).exp())
    }
}

/// Fits on every (region, date) whose outcome window ended by `as_of`: dates on the weekly
/// grid back from `as_of`, after the warm-up. `None` without examples.
pub fn fit(h: &RegionHistory, as_of: NaiveDate, p: &WarnParams) -> Option<Model> {
    let mut xs = Vec::new();
    let mut ys = Vec::new();
    let mut t = as_of - Duration::days(p.horizon_days);
    let first = h.start + Duration::days(p.warmup_days);
    while t >= first {
        let g = global7(h, t);
        for v in h.regions.values().filter(|v| h.known_at(v, t)) {
            xs.push(features(h, v, t, g));
            ys.push(outcome(h, v, t, p));
        }
        t -= Duration::days(p.step_days);
    }
    if xs.is_empty() {
        return None;
    }
    let coefficients = newton(&xs, &ys, p.l2);
    Some(Model {
        coefficients,
        examples: xs.len(),
        positives: ys.iter().filter(|&&y| y).count(),
    })
}

/// Penalised logistic regression by Newton–Raphson (IRLS); 5 features, so a dense solve.
fn newton(xs: &[[f64; 5]], ys: &[bool], l2: f64) -> [f64; 5] {
    let mut b = [0.0; 5];
    for _ in 0..50 {
        let mut grad = [0.0; 5];
        let mut hess = [[0.0; 5]; 5];
        for (x, &y) in xs.iter().zip(ys) {
            let z: f64 = b.iter().zip(x).map(|(b, x)| b * x).sum();
            let pr = 1.0 / (1.0 + (-z).exp());
            let w = (pr * (1.0 - pr)).max(1e-9);
            for i in 0..5 {
                grad[i] += (pr - f64::from(u8::from(y))) * x[i];
                for j in 0..5 {
                    hess[i][j] += w * x[i] * x[j];
                }
            }
        }
        for i in 1..5 {
            grad[i] += l2 * b[i];
            hess[i][i] += l2;
        }
        // A tiny ridge on the intercept keeps the system solvable when every label is equal.
        hess[0][0] += 1e-6;
        let step = solve(hess, grad);
        let mut change: f64 = 0.0;
        for i in 0..5 {
            b[i] -= step[i];
            change = change.max(step[i].abs());
        }
        if change < 1e-8 {
            break;
        }
    }
    b
}

fn solve(mut a: [[f64; 5]; 5], mut y: [f64; 5]) -> [f64; 5] {
    for col in 0..5 {
        let pivot = (col..5)
            .max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))
            .unwrap_or(col);
        a.swap(col, pivot);
        y.swap(col, pivot);
        let d = a[col][col];
        if d.abs() < 1e-300 {
            continue;
        }
        for row in col + 1..5 {
            let f = a[row][col] / d;
            let pivot_row = a[col];
            for (x, p) in a[row].iter_mut().zip(pivot_row).skip(col) {
                *x -= f * p;
            }
            y[row] -= f * y[col];
        }
    }
    let mut x = [0.0; 5];
    for row in (0..5).rev() {
        let s: f64 = (row + 1..5).map(|k| a[row][k] * x[k]).sum();
        x[row] = if a[row][row].abs() < 1e-300 {
            0.0
        } else {
            (y[row] - s) / a[row][row]
        };
    }
    x
}

/// One region's warning as of a date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegionWarning {
    pub region: String,
    pub probability: f64,
    pub last_7d: u64,
    pub last_28d: u64,
    /// The next period must have more events than this.
    pub limit: u64,
}

/// Probabilities for every region known at `as_of`, highest first.
pub fn warn(
    h: &RegionHistory,
    as_of: NaiveDate,
    p: &WarnParams,
) -> (Option<Model>, Vec<RegionWarning>) {
    let model = fit(h, as_of, p);
    let g = global7(h, as_of);
    let mut out: Vec<RegionWarning> = h
        .regions
        .iter()
        .filter(|(_, v)| h.known_at(v, as_of))
        .map(|(r, v)| {
            let x = features(h, v, as_of, g);
            RegionWarning {
                region: r.clone(),
                probability: model.as_ref().map_or(0.5, |m| m.predict(&x)),
                last_7d: h.sum(v, as_of - Duration::days(7), as_of),
                last_28d: h.sum(v, as_of - Duration::days(28), as_of),
                limit: limit(h, v, as_of, p),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.probability
            .total_cmp(&a.probability)
            .then(a.region.cmp(&b.region))
    });
    (model, out)
}

/// Brier and log score of one forecaster.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Score {
    pub name: String,
    pub brier: f64,
    /// Mean −ln p(outcome), probabilities clipped to [0.01, 0.99].
    pub log_score: f64,
    pub n: usize,
}

/// One bin of the reliability table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReliabilityBin {
    pub from: f64,
    pub to: f64,
    pub n: usize,
    pub mean_forecast: f64,
    pub observed: f64,
}

/// Model, persistence and base-rate probabilities, and what happened.
type ScoredRow = (f64, f64, f64, bool);

/// What a backtest found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Backtest {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub weeks: usize,
    pub forecasts: usize,
    pub base_rate: f64,
    /// Model first, then persistence, then the historical base rate.
    pub scores: Vec<Score>,
    pub reliability: Vec<ReliabilityBin>,
}

/// Replays the model every `step_days` from `from` to `to`: at each date t it fits on outcomes
/// known by t, forecasts `[t, t + horizon)` for every region known by t, and is scored when
/// that window is over. Only dates whose window ends inside the data are scored.
///
/// Baselines: persistence says 1 if the region exceeded the threshold in the `horizon` days
/// before t, else 0; the base rate is the region's past frequency of exceeding, shrunk towards
/// the all-region rate (`(k + 2g) / (n + 2)`).
pub fn backtest(h: &RegionHistory, from: NaiveDate, to: NaiveDate, p: &WarnParams) -> Backtest {
    let mut rows: Vec<ScoredRow> = Vec::new();
    let mut weeks = 0;
    let mut t = from;
    let last = h.end - Duration::days(p.horizon_days - 1);
    while t <= to && t <= last {
        weeks += 1;
        let model = fit(h, t, p);
        let g = global7(h, t);
        // Past outcomes per region (known by t), for the base rate.
        let mut past: HashMap<&str, (usize, usize)> = HashMap::new();
        let mut s = t - Duration::days(p.horizon_days);
        let first = h.start + Duration::days(p.warmup_days);
        while s >= first {
            for (r, v) in h.regions.iter().filter(|(_, v)| h.known_at(v, s)) {
                let e = past.entry(r.as_str()).or_default();
                e.0 += usize::from(outcome(h, v, s, p));
                e.1 += 1;
            }
            s -= Duration::days(p.step_days);
        }
        let (k_all, n_all) = past.values().fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
        let global = if n_all == 0 {
            0.5
        } else {
            k_all as f64 / n_all as f64
        };
        for (r, v) in h.regions.iter().filter(|(_, v)| h.known_at(v, t)) {
            let x = features(h, v, t, g);
            let pm = model.as_ref().map_or(global, |m| m.predict(&x));
            let before = t - Duration::days(p.horizon_days);
            let prev = h.sum(v, before, t) > limit(h, v, before, p);
            let pp = f64::from(u8::from(prev));
            let (k, n) = past.get(r.as_str()).copied().unwrap_or((0, 0));
            let pb = (k as f64 + 2.0 * global) / (n as f64 + 2.0);
            rows.push((pm, pp, pb, outcome(h, v, t, p)));
        }
        t += Duration::days(p.step_days);
    }
    let score = |name: &str, f: &dyn Fn(&ScoredRow) -> f64| {
        let n = rows.len();
        let (mut brier, mut log) = (0.0, 0.0);
        for r in &rows {
            let q = f(r);
            let y = f64::from(u8::from(r.3));
            brier += (q - y).powi(2);
            let c = q.clamp(0.01, 0.99);
            log -= if r.3 { c.ln() } else { (1.0 - c).ln() };
        }
        let d = n.max(1) as f64;
        Score {
            name: name.into(),
            brier: brier / d,
            log_score: log / d,
            n,
        }
    };
    let scores = vec![
        score("model", &|r| r.0),
        score("persistence", &|r| r.1),
        score("base rate", &|r| r.2),
    ];
    let reliability = (0..10)
        .filter_map(|b| {
            let lo = b as f64 / 10.0;
            let hi = lo + 0.1;
            let inbin: Vec<_> = rows
                .iter()
                .filter(|r| r.0 >= lo && (r.0 < hi || (b == 9 && r.0 <= 1.0)))
                .collect();
            (!inbin.is_empty()).then(|| ReliabilityBin {
                from: lo,
                to: hi,
                n: inbin.len(),
                mean_forecast: inbin.iter().map(|r| r.0).sum::<f64>() / inbin.len() as f64,
                observed: inbin.iter().filter(|r| r.3).count() as f64 / inbin.len() as f64,
            })
        })
        .collect();
    let positives = rows.iter().filter(|r| r.3).count();
    Backtest {
        from,
        to,
        weeks,
        forecasts: rows.len(),
        base_rate: positives as f64 / rows.len().max(1) as f64,
        scores,
        reliability,
    }
}

/// Region names as lists spell them vary in case and spacing ("Kharkiv Oblast", "Kharkiv
/// oblast"); this folds those together.
pub fn normalise_region(name: &str) -> String {
    let words: Vec<String> = name
        .split_whitespace()
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f
                    .to_uppercase()
                    .chain(c.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            }
        })
        .collect();
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(i: i64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2022, 1, 3).unwrap() + Duration::days(i)
    }

    /// Region A is busy from day 40 on; B is quiet with rare events.
    fn history() -> RegionHistory {
        let mut rows = Vec::new();
        for i in 0..120 {
            if i >= 40 && i % 2 == 0 {
                rows.push(("A".to_string(), d(i), 3));
            }
            if i % 30 == 5 {
                rows.push(("B".to_string(), d(i), 1));
            }
        }
        rows.push(("A".to_string(), d(1), 1));
        RegionHistory::new(&rows).unwrap()
    }

    #[test]
    fn busy_regions_get_high_probabilities() {
        let h = history();
        let (model, w) = warn(&h, d(100), &WarnParams::default());
        assert!(model.unwrap().examples > 10);
        assert_eq!(w[0].region, "A");
        assert!(w[0].probability > 0.8 && w[1].probability < 0.6, "{w:?}");
    }

    #[test]
    fn backtest_scores_model_and_baselines_without_lookahead() {
        let h = history();
        let b = backtest(&h, d(56), d(105), &WarnParams::default());
        assert_eq!(b.scores.len(), 3);
        assert!(b.forecasts > 0 && b.weeks > 0);
        // The model forecasting before A's burst has never seen a busy week.
        let early = fit(&h, d(42), &WarnParams::default()).unwrap();
        assert!(early.examples > 0);
        assert!(b.scores[0].brier <= b.scores[1].brier + 1e-9, "{b:?}");
    }

    #[test]
    fn thresholds_parse() {
        assert_eq!("any".parse::<Threshold>(), Ok(Threshold::Any));
        assert_eq!("10x".parse::<Threshold>(), Ok(Threshold::MeanTimes(10.0)));
        assert_eq!("mean".parse::<Threshold>(), Ok(Threshold::MeanTimes(1.0)));
        assert_eq!("5".parse::<Threshold>(), Ok(Threshold::Count(5)));
        assert!("lots".parse::<Threshold>().is_err());
        assert_eq!(normalise_region(" kharkiv  OBLAST"), "Kharkiv Oblast");
    }
}
