//! Fitting indicator weights and template priors on resolved questions.
//!
//! The forecast on a date is `q + (1 − q)·(1 − (1 − prior)^((R/T)·exp(Σ_k w_k · f_k)))`, with
//! `f_k` the signal indicator's evidence at unit weight and `q` the probability that the
//! outcome has been reported (see `unit_features`), so for fixed priors and no reports fitting
//! the weights is a complementary log-log regression with an offset. We minimise the time-averaged log loss per
//! question, averaged over questions, plus an L2 penalty pulling every weight toward its
//! default and every template prior (in log-odds) toward its default — with a handful of
//! questions, the defaults are the better-informed guess. Weights stay ≥ 0 so an indicator's
//! direction is never flipped by noise. Priors are chosen on a grid, weights by projected
//! gradient descent, alternating. Leave-one-question-out cross-validation reports whether the
//! fit helps on questions it did not see.
//!
//! Weights are keyed by indicator id (template indicators are `template/name`, so they are
//! shared across questions of a template); priors by template name.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use forewarn_model::Observation;
use serde::{Deserialize, Serialize};

use crate::backtest::{brier, log_loss, replay_dates};
use crate::model::{UnitRow, combine, hazard_probability, logistic, logit, unit_features};
use crate::template::{QuestionFile, TemplateKind};

/// Fitting knobs.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct FitOptions {
    /// L2 penalty strength on (weight − default)² and (logit prior − logit default)².
    pub lambda: f64,
    /// Days between replayed dates.
    pub step_days: u32,
    /// Gradient steps per round.
    pub iterations: usize,
}

impl Default for FitOptions {
    fn default() -> Self {
        Self {
            lambda: 0.5,
            step_days: 1,
            iterations: 400,
        }
    }
}

/// Indicator weights by indicator id and priors by template name.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FittedParams {
    pub weights: BTreeMap<String, f64>,
    pub priors: BTreeMap<String, f64>,
}

/// The held-out score of one question in leave-one-out cross-validation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CvRow {
    pub id: String,
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
    /// Leave-one-question-out: each question scored with parameters fitted on the others.
    pub cv: Vec<CvRow>,
    pub cv_default_brier: f64,
    pub cv_fitted_brier: f64,
    /// Questions not used, with the reason.
    pub skipped: Vec<(String, String)>,
}

/// One question ready for fitting: its replay features.
struct Prepared {
    id: String,
    outcome: bool,
    /// Template name whose prior applies, when the file left the prior to the template.
    template: Option<String>,
    prior: f64,
    question: forewarn_model::Question,
    dates: Vec<NaiveDate>,
    keys: Vec<String>,
    /// Outcome indicators are not fitted: their strength is the reported-state rule.
    fitted: Vec<bool>,
    features: Vec<UnitRow>,
}

impl Prepared {
    /// Each date's forecast and the derivative of that forecast with respect to the hazard
    /// exponent.
    fn path_with_slope(&self, params: &FittedParams, defaults: &FittedParams) -> Vec<(f64, f64)> {
        let prior = self
            .template
            .as_ref()
            .and_then(|t| params.priors.get(t))
            .copied()
            .unwrap_or(self.prior);
        let w: Vec<f64> = self
            .keys
            .iter()
            .map(|k| {
                params
                    .weights
                    .get(k)
                    .or_else(|| defaults.weights.get(k))
                    .copied()
                    .unwrap_or(0.0)
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

/// Replaces a question file's weights (by indicator id) and, where the file left its prior to
/// the template, its prior (by template name).
pub fn apply_params(file: &QuestionFile, params: &FittedParams) -> QuestionFile {
    let mut out = file.clone();
    for ind in &mut out.question.indicators {
        if let Some(w) = params.weights.get(&ind.id) {
            ind.weight = *w;
        }
    }
    if !file.prior_given
        && let Some(t) = &file.template
        && let Some(p) = params.priors.get(t.kind.as_str())
    {
        out.question.prior = *p;
    }
    out
}

fn prepare(
    files: &[QuestionFile],
    observations: &[Observation],
    step_days: u32,
) -> (Vec<Prepared>, Vec<(String, String)>) {
    let mut ready = Vec::new();
    let mut skipped = Vec::new();
    for f in files {
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
            id,
            outcome: res.outcome,
            template: f
                .template
                .as_ref()
                .filter(|_| !f.prior_given)
                .map(|t| t.kind.as_str().to_string()),
            prior: q.prior,
            keys: q.indicators.iter().map(|i| i.id.clone()).collect(),
            fitted: q.indicators.iter().map(|i| i.role.is_signal()).collect(),
            question: q.clone(),
            dates,
            features,
        });
    }
    (ready, skipped)
}

fn defaults_of(files: &[QuestionFile]) -> FittedParams {
    let mut d = FittedParams::default();
    for f in files {
        for ind in f.question.indicators.iter().filter(|i| i.role.is_signal()) {
            d.weights.entry(ind.id.clone()).or_insert(ind.weight);
        }
        // A question that leaves its prior to the template carries the template's current
        // prior (the default, or one applied from an earlier fit).
        if let Some(t) = f.template.as_ref().filter(|_| !f.prior_given) {
            d.priors
                .entry(t.kind.as_str().to_string())
                .or_insert(f.question.prior);
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
        .weights
        .iter()
        .map(|(k, w)| (w - defaults.weights[k]).powi(2))
        .sum();
    let pp: f64 = params
        .priors
        .iter()
        .map(|(k, p)| (logit(*p) - logit(defaults.priors[k])).powi(2))
        .sum();
    data + lambda / 2.0 * (pw + pp)
}

/// Fits on `set`, starting from and regularised toward `defaults`.
fn fit_on(set: &[&Prepared], defaults: &FittedParams, options: FitOptions) -> FittedParams {
    let mut params = defaults.clone();
    // Only parameters some training question uses are moved.
    params
        .weights
        .retain(|k, _| set.iter().any(|p| p.keys.contains(k)));
    params.priors.retain(|k, _| {
        set.iter()
            .any(|p| p.template.as_deref() == Some(k.as_str()))
    });
    if set.is_empty() {
        return params;
    }
    let n = set.len() as f64;
    let grid: Vec<f64> = (0..=24)
        .map(|i| logistic(-4.0 + 0.25 * f64::from(i)))
        .collect();
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
                    for ((k, f), fitted) in p.keys.iter().zip(&row.signals).zip(&p.fitted) {
                        if *fitted {
                            *grad.entry(k.as_str()).or_default() += dloss * f / m / n;
                        }
                    }
                }
            }
            for (k, w) in params.weights.iter_mut() {
                let g = grad.get(k.as_str()).copied().unwrap_or(0.0)
                    + options.lambda * (*w - defaults.weights[k]);
                *w = (*w - rate * g).max(0.0);
            }
        }
        let templates: Vec<String> = params.priors.keys().cloned().collect();
        for t in templates {
            let mut best = (f64::INFINITY, params.priors[&t]);
            // The default is a candidate, so a prior only moves when that pays.
            for &candidate in grid.iter().chain([&defaults.priors[&t]]) {
                params.priors.insert(t.clone(), candidate);
                let j = objective(set, &params, defaults, options.lambda);
                if j < best.0 {
                    best = (j, candidate);
                }
            }
            params.priors.insert(t, best.1);
        }
    }
    params
}

/// Fits weights and template priors on the resolved questions and cross-validates the fit.
pub fn fit(files: &[QuestionFile], observations: &[Observation], options: FitOptions) -> FitReport {
    let (ready, skipped) = prepare(files, observations, options.step_days);
    let defaults = defaults_of(files);
    let all: Vec<&Prepared> = ready.iter().collect();
    let params = fit_on(&all, &defaults, options);
    let mean_brier = |ps: &FittedParams| {
        ready
            .iter()
            .map(|p| p.mean(ps, &defaults, brier))
            .sum::<f64>()
            / ready.len().max(1) as f64
    };
    let cv: Vec<CvRow> = ready
        .iter()
        .enumerate()
        .map(|(i, held)| {
            let train: Vec<&Prepared> = ready
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, p)| p)
                .collect();
            let fitted = fit_on(&train, &defaults, options);
            CvRow {
                id: held.id.clone(),
                default_brier: held.mean(&defaults, &defaults, brier),
                fitted_brier: held.mean(&fitted, &defaults, brier),
                default_log: held.mean(&defaults, &defaults, log_loss),
                fitted_log: held.mean(&fitted, &defaults, log_loss),
            }
        })
        .collect();
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
            "leave-one-question-out cross-validation (time-averaged Brier; λ = {}):",
            self.options.lambda
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
            "{:<width$}  {:>8}  {:>8}",
            "question", "default", "fitted"
        );
        for r in &self.cv {
            let _ = writeln!(
                s,
                "{:<width$}  {:>8.3}  {:>8.3}",
                r.id, r.default_brier, r.fitted_brier
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
        for (k, w) in &self.params.weights {
            let d = self.defaults.weights[k];
            if (w - d).abs() >= 0.005 {
                moved += 1;
                let _ = writeln!(s, "  weight {k}: {d:.3} → {w:.3}");
            }
        }
        for (k, p) in &self.params.priors {
            let d = self.defaults.priors[k];
            if (p - d).abs() >= 0.0005 {
                moved += 1;
                let _ = writeln!(s, "  prior {k}: {d:.3} → {p:.3}");
            }
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
