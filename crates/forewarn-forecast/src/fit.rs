//! Fitting indicator weights and the library's priors on resolved questions.
//!
//! The forecast on a date is `q + (1 − q)·(1 − (1 − prior)^((R/T)·exp(Σ_k s_k·d_k·f_k)))`, with
//! `f_k` the signal indicator's evidence at unit weight, `d_k` its weight as written (the
//! kind's or the file's) and `q` the probability that the outcome has been reported (see
//! `unit_features`), so for fixed priors and no reports fitting the scales `s` is a
//! complementary log-log regression with an offset.
//!
//! Parameters are pooled so each has many questions behind it: one scale per indicator
//! *family* (the part of a kind indicator's id after `/`: `announced` scales
//! `invades/announced`, `capture/announced`, … together; a hand-written indicator is its own
//! family), and one log-odds shift added to every prior the library chose (the reference
//! classes' rates come from other tournaments' questions; the shift says how much more often
//! questions written in this style resolve yes).
//! We minimise the time-averaged log loss per question, averaged over questions, plus an L2
//! penalty pulling every scale toward 1 and the shift toward 0. Scales stay ≥ 0 so an
//! indicator's direction is never flipped by noise. The shift is chosen on a grid, scales by
//! projected gradient descent, alternating.
//! Cross-validation leaves out one *conflict* at a time — every question whose sides (acting
//! side and the side acted on, as understood) are the same pair — and reports whether the fit
//! helps on conflicts it did not see. Leaving out one question at a time would let the other
//! questions of the same war carry its answer into the fit.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use forewarn_model::Observation;
use serde::{Deserialize, Serialize};

use crate::backtest::{brier, log_loss, replay_dates};
use crate::model::{UnitRow, combine, hazard_probability, logistic, logit, unit_features};
use crate::template::{QuestionFile, TemplateKind, library_indicators, library_prior};

/// Fitting knobs.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct FitOptions {
    /// L2 penalty strength on (weight − default)² and (logit prior − logit default)².
    pub lambda: f64,
    /// Days between replayed dates.
    pub step_days: u32,
    /// Gradient steps per round.
    pub iterations: usize,
    /// Fit from the library's hand-set weights and priors, taking back the parameters shipped
    /// in `fitted.json` first: how that file is made. Otherwise the fit starts from the
    /// questions as they read today.
    #[serde(default)]
    pub from_library: bool,
}

impl Default for FitOptions {
    fn default() -> Self {
        Self {
            lambda: 0.03,
            step_days: 1,
            iterations: 400,
            from_library: false,
        }
    }
}

/// Weight scales by indicator family and a shift of the library's priors.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FittedParams {
    /// Multiplies the weight of every signal indicator of the family ([`indicator_family`]).
    pub scales: BTreeMap<String, f64>,
    /// Log-odds added to the prior of every question that left its prior to its kind.
    #[serde(default)]
    pub prior_shift: f64,
    /// Fitted from the hand-set library (`FitOptions::from_library`): applying them takes the
    /// shipped parameters back first.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub from_library: bool,
}

/// The family whose scale a signal indicator's weight is fitted under: the name after the
/// kind in a library indicator's id (`capture/announced` → `announced`), else the whole id.
pub fn indicator_family(id: &str) -> &str {
    id.rsplit_once('/').map_or(id, |(_, name)| name)
}

/// The held-out score of one question in leave-one-conflict-out cross-validation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CvRow {
    pub id: String,
    /// The conflict it was held out with ([`conflict_of`]).
    pub conflict: String,
    pub default_brier: f64,
    pub fitted_brier: f64,
    pub default_log: f64,
    pub fitted_log: f64,
}

/// What `fit` found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FitReport {
    pub options: FitOptions,
    /// Fitted on every usable question.
    pub params: FittedParams,
    pub defaults: FittedParams,
    /// Time-averaged Brier, mean over questions, in sample.
    pub in_sample_default_brier: f64,
    pub in_sample_fitted_brier: f64,
    /// Leave-one-conflict-out: each question scored with parameters fitted on the questions of
    /// other conflicts.
    pub cv: Vec<CvRow>,
    pub cv_default_brier: f64,
    pub cv_fitted_brier: f64,
    /// Questions not used, with the reason.
    pub skipped: Vec<(String, String)>,
}

/// One question ready for fitting: its replay features.
struct Prepared {
    id: String,
    conflict: String,
    outcome: bool,
    /// The file left its prior to the library, so the shift applies to it.
    library_prior: bool,
    prior: f64,
    question: forewarn_model::Question,
    dates: Vec<NaiveDate>,
    /// Each indicator's family and its weight as written.
    keys: Vec<String>,
    weights: Vec<f64>,
    /// Outcome indicators are not fitted: their strength is the reported-state rule.
    fitted: Vec<bool>,
    features: Vec<UnitRow>,
}

impl Prepared {
    /// Each date's forecast and the derivative of that forecast with respect to the hazard
    /// exponent.
    fn path_with_slope(&self, params: &FittedParams, defaults: &FittedParams) -> Vec<(f64, f64)> {
        let prior = if self.library_prior {
            shifted(self.prior, params.prior_shift)
        } else {
            self.prior
        };
        let w: Vec<f64> = self
            .keys
            .iter()
            .zip(&self.weights)
            .map(|(k, d)| {
                d * params
                    .scales
                    .get(k)
                    .or_else(|| defaults.scales.get(k))
                    .copied()
                    .unwrap_or(1.0)
            })
            .collect();
        self.dates
            .iter()
            .zip(&self.features)
            .map(|(&d, row)| {
                let signal: f64 = w.iter().zip(&row.signals).map(|(a, b)| a * b).sum();
                let hazard = hazard_probability(&self.question, prior, d, signal);
                let p = combine(hazard, row.happened);
                // d/dS of 1 − exp(−H₀·e^S) is exp(−H)·H with H = −ln(1 − hazard).
                let cumulative = -f64::ln_1p(-hazard);
                let slope = (1.0 - row.happened) * (1.0 - hazard) * cumulative;
                (p, slope)
            })
            .collect()
    }

    fn path(&self, params: &FittedParams, defaults: &FittedParams) -> Vec<f64> {
        self.path_with_slope(params, defaults)
            .into_iter()
            .map(|(p, _)| p)
            .collect()
    }

    fn mean(&self, params: &FittedParams, defaults: &FittedParams, f: fn(f64, bool) -> f64) -> f64 {
        let ps = self.path(params, defaults);
        ps.iter().map(|&p| f(p, self.outcome)).sum::<f64>() / ps.len() as f64
    }
}

/// `logistic(logit(p) + shift)`.
pub(crate) fn shifted(p: f64, shift: f64) -> f64 {
    if shift == 0.0 {
        p
    } else {
        logistic(logit(p) + shift)
    }
}

/// Scales a question file's signal weights by their family's scale and, where the file left
/// its prior to the library, shifts the prior.
pub fn apply_params(file: &QuestionFile, params: &FittedParams) -> QuestionFile {
    let mut out = if params.from_library {
        unfitted(file)
    } else {
        file.clone()
    };
    crate::fitted::scale_weights(&mut out.question.indicators, params);
    if prior_from_library(file) {
        out.question.prior = shifted(out.question.prior, params.prior_shift);
    }
    out
}

/// The file left its prior to the library: the kind it names, or the one read from its words.
/// Count questions keep theirs: the count model is not fitted, and the shipped shift skips them.
fn prior_from_library(file: &QuestionFile) -> bool {
    let kind = file
        .template
        .as_ref()
        .or(file.understanding.as_ref().map(|u| &u.spec))
        .map(|t| t.kind);
    !file.prior_given && kind.is_some_and(|k| k != TemplateKind::EventCountSurge)
}

/// The question as the library alone makes it: the shipped scales and shift taken back from
/// every weight and prior the library chose (a weight the file wrote itself stays).
fn unfitted(file: &QuestionFile) -> QuestionFile {
    let mut out = file.clone();
    let spec = file
        .template
        .as_ref()
        .or(file.understanding.as_ref().map(|u| &u.spec));
    let Some(spec) = spec else {
        return out;
    };
    if file.template.is_some() {
        let library = library_indicators(spec);
        let mut shipped = library.clone();
        crate::fitted::scale_weights(&mut shipped, crate::fitted::shipped());
        for ind in &mut out.question.indicators {
            let by_id = |set: &[forewarn_model::Indicator]| {
                set.iter().find(|i| i.id == ind.id).map(|i| i.weight)
            };
            if let (Some(hand_set), Some(scaled)) = (by_id(&library), by_id(&shipped))
                && ind.weight == scaled
            {
                ind.weight = hand_set;
            }
        }
    }
    if !file.prior_given {
        let q = &file.question;
        out.question.prior = library_prior(spec, (q.deadline - q.opens).num_days() as f64);
    }
    out
}

fn prepare(
    files: &[QuestionFile],
    observations: &[Observation],
    options: FitOptions,
) -> (Vec<Prepared>, Vec<(String, String)>) {
    let step_days = options.step_days;
    let mut ready = Vec::new();
    let mut skipped = Vec::new();
    for f in files {
        let from_library;
        let f = if options.from_library {
            from_library = unfitted(f);
            &from_library
        } else {
            f
        };
        let q = &f.question;
        let id = q.id.clone();
        let Some(res) = q.resolution else {
            skipped.push((id, "not resolved".into()));
            continue;
        };
        if f.template
            .as_ref()
            .is_some_and(|t| t.kind == TemplateKind::EventCountSurge)
        {
            skipped.push((
                id,
                "event-count-surge uses the count model, which has no weights".into(),
            ));
            continue;
        }
        let dates = replay_dates(q, step_days);
        if dates.is_empty() {
            skipped.push((id, "closed before any forecast date".into()));
            continue;
        }
        let features = unit_features(q, observations, &dates);
        ready.push(Prepared {
            conflict: conflict_of(f),
            id,
            outcome: res.outcome,
            library_prior: prior_from_library(f),
            prior: q.prior,
            keys: q
                .indicators
                .iter()
                .map(|i| indicator_family(&i.id).to_string())
                .collect(),
            weights: q.indicators.iter().map(|i| i.weight).collect(),
            fitted: q.indicators.iter().map(|i| i.role.is_signal()).collect(),
            question: q.clone(),
            dates,
            features,
        });
    }
    (ready, skipped)
}

/// The cross-validation group of a question: its sides (acting side, further acting sides and
/// the side acted on), sorted and joined (`RUS-UKR`), so "Russia captures Kherson" and
/// "Ukraine retakes Izium" are one conflict; a question with no sides understood is its own.
pub fn conflict_of(file: &QuestionFile) -> String {
    let Some(spec) = &file.template else {
        return file.question.id.clone();
    };
    let mut sides: Vec<&str> = std::iter::once(spec.actor.as_str())
        .chain(spec.actors.iter().map(String::as_str))
        .chain(spec.opponent.as_deref())
        .filter(|s| !s.is_empty())
        .collect();
    sides.sort_unstable();
    sides.dedup();
    if sides.is_empty() {
        file.question.id.clone()
    } else {
        sides.join("-")
    }
}

fn defaults_of(files: &[QuestionFile]) -> FittedParams {
    let mut d = FittedParams::default();
    for f in files {
        for ind in f.question.indicators.iter().filter(|i| i.role.is_signal()) {
            d.scales.insert(indicator_family(&ind.id).to_string(), 1.0);
        }
    }
    d
}

fn objective(
    set: &[&Prepared],
    params: &FittedParams,
    defaults: &FittedParams,
    lambda: f64,
) -> f64 {
    let data = set
        .iter()
        .map(|p| p.mean(params, defaults, log_loss))
        .sum::<f64>()
        / set.len().max(1) as f64;
    let pw: f64 = params
        .scales
        .iter()
        .map(|(k, w)| (w - defaults.scales[k]).powi(2))
        .sum::<f64>()
        + (params.prior_shift - defaults.prior_shift).powi(2);
    data + lambda / 2.0 * pw
}

/// Fits on `set`, starting from and regularised toward `defaults`.
fn fit_on(set: &[&Prepared], defaults: &FittedParams, options: FitOptions) -> FittedParams {
    let mut params = defaults.clone();
    // Only parameters some training question uses are moved.
    params
        .scales
        .retain(|k, _| set.iter().any(|p| p.keys.contains(k)));
    if set.is_empty() {
        return params;
    }
    let n = set.len() as f64;
    let rate = 0.5;
    for _round in 0..4 {
        for _ in 0..options.iterations {
            let mut grad: BTreeMap<&str, f64> = BTreeMap::new();
            for p in set {
                let ps = p.path_with_slope(&params, defaults);
                let m = ps.len() as f64;
                for ((prob, slope), row) in ps.iter().zip(&p.features) {
                    // d(log loss)/dS: −slope/p when it happened, slope/(1 − p) when not.
                    let dloss = if p.outcome {
                        -slope / prob
                    } else {
                        slope / (1.0 - prob)
                    };
                    for (((k, f), fitted), d) in p
                        .keys
                        .iter()
                        .zip(&row.signals)
                        .zip(&p.fitted)
                        .zip(&p.weights)
                    {
                        if *fitted {
                            *grad.entry(k.as_str()).or_default() += dloss * d * f / m / n;
                        }
                    }
                }
            }
            for (k, w) in params.scales.iter_mut() {
                let g = grad.get(k.as_str()).copied().unwrap_or(0.0)
                    + options.lambda * (*w - defaults.scales[k]);
                *w = (*w - rate * g).max(0.0);
            }
        }
        if set.iter().any(|p| p.library_prior) {
            // The default is on the grid, so the shift only moves when that pays.
            let mut best = (f64::INFINITY, defaults.prior_shift);
            for i in 0..=32 {
                params.prior_shift = defaults.prior_shift - 1.0 + 0.125 * f64::from(i);
                let j = objective(set, &params, defaults, options.lambda);
                if j < best.0 {
                    best = (j, params.prior_shift);
                }
            }
            params.prior_shift = best.1;
        }
    }
    params
}

/// Fits weight scales and the prior shift on the resolved questions and cross-validates the
/// fit.
pub fn fit(files: &[QuestionFile], observations: &[Observation], options: FitOptions) -> FitReport {
    let (ready, skipped) = prepare(files, observations, options);
    let mut defaults = defaults_of(files);
    defaults.from_library = options.from_library;
    let all: Vec<&Prepared> = ready.iter().collect();
    let params = fit_on(&all, &defaults, options);
    let mean_brier = |ps: &FittedParams| {
        ready
            .iter()
            .map(|p| p.mean(ps, &defaults, brier))
            .sum::<f64>()
            / ready.len().max(1) as f64
    };
    let mut conflicts: Vec<&str> = ready.iter().map(|p| p.conflict.as_str()).collect();
    conflicts.sort_unstable();
    conflicts.dedup();
    let mut cv: Vec<(usize, CvRow)> = Vec::with_capacity(ready.len());
    for conflict in conflicts {
        let train: Vec<&Prepared> = ready.iter().filter(|p| p.conflict != conflict).collect();
        let fitted = fit_on(&train, &defaults, options);
        for (i, held) in ready
            .iter()
            .enumerate()
            .filter(|(_, p)| p.conflict == conflict)
        {
            cv.push((
                i,
                CvRow {
                    id: held.id.clone(),
                    conflict: held.conflict.clone(),
                    default_brier: held.mean(&defaults, &defaults, brier),
                    fitted_brier: held.mean(&fitted, &defaults, brier),
                    default_log: held.mean(&defaults, &defaults, log_loss),
                    fitted_log: held.mean(&fitted, &defaults, log_loss),
                },
            ));
        }
    }
    // Rows in the order the questions were given.
    cv.sort_by_key(|(i, _)| *i);
    let cv: Vec<CvRow> = cv.into_iter().map(|(_, row)| row).collect();
    let n = cv.len().max(1) as f64;
    FitReport {
        options,
        in_sample_default_brier: mean_brier(&defaults),
        in_sample_fitted_brier: mean_brier(&params),
        cv_default_brier: cv.iter().map(|r| r.default_brier).sum::<f64>() / n,
        cv_fitted_brier: cv.iter().map(|r| r.fitted_brier).sum::<f64>() / n,
        cv,
        params,
        defaults,
        skipped,
    }
}

impl FitReport {
    /// A plain-text summary: cross-validation per question, then the parameters that moved.
    pub fn table(&self) -> String {
        use std::fmt::Write;
        let mut s = String::new();
        let _ = writeln!(
            s,
            "leave-one-conflict-out cross-validation (time-averaged Brier; λ = {}; {} conflicts):",
            self.options.lambda,
            {
                let mut c: Vec<&str> = self.cv.iter().map(|r| r.conflict.as_str()).collect();
                c.sort_unstable();
                c.dedup();
                c.len()
            }
        );
        let width = self
            .cv
            .iter()
            .map(|r| r.id.chars().count())
            .chain([8])
            .max()
            .unwrap_or(8);
        let _ = writeln!(
            s,
            "{:<width$}  {:>8}  {:>8}  conflict",
            "question", "default", "fitted"
        );
        for r in &self.cv {
            let _ = writeln!(
                s,
                "{:<width$}  {:>8.3}  {:>8.3}  {}",
                r.id, r.default_brier, r.fitted_brier, r.conflict
            );
        }
        let _ = writeln!(
            s,
            "{:<width$}  {:>8.3}  {:>8.3}",
            "mean", self.cv_default_brier, self.cv_fitted_brier
        );
        let _ = writeln!(
            s,
            "in sample: default {:.3}, fitted {:.3}",
            self.in_sample_default_brier, self.in_sample_fitted_brier
        );
        let _ = writeln!(s, "\nparameters that moved (default → fitted):");
        let mut moved = 0;
        for (k, w) in &self.params.scales {
            let d = self.defaults.scales[k];
            if (w - d).abs() >= 0.005 {
                moved += 1;
                let _ = writeln!(s, "  weight scale {k}: {d:.3} → {w:.3}");
            }
        }
        if self.params.prior_shift.abs() >= 0.005 {
            moved += 1;
            let _ = writeln!(
                s,
                "  prior shift (log-odds): {:.2}",
                self.params.prior_shift
            );
        }
        if moved == 0 {
            let _ = writeln!(s, "  none");
        }
        for (id, why) in &self.skipped {
            let _ = writeln!(s, "skipped {id}: {why}");
        }
        s
    }
}
