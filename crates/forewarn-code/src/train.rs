//! Training the learned layer: stochastic gradient descent on the softmax loss (plus three
//! logistic flag heads), with sparse L2 and weight averaging, in a fixed order drawn from a
//! seeded generator, so the same sentences always give the same model, byte for byte.
//!
//! Pure: `examples/train_coder.rs` reads `train/*.jsonl`, calls [`featurize`], [`train`] and
//! [`cross_validate`], and writes the model file.

use crate::Coder;
use crate::ensemble::{self, Decision};
use crate::learned::{self, CLASSES, FLAGS, LinearModel, NONE, OUTPUTS};

/// One training sentence after the rule coder has seen it.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    pub id: String,
    /// Hashed features ([`learned::features`]).
    pub features: Vec<u64>,
    /// Gold class: the main event's type, or [`NONE`].
    pub class: usize,
    /// Gold negated / hypothetical / future of the main event (`None` without an event).
    pub flags: Option<[bool; FLAGS]>,
    /// What the rules alone coded as the main event (class), for comparison.
    pub rule_class: usize,
    /// The rule coder's main-event confidence, when it coded one.
    pub rule_confidence: Option<f32>,
    /// Near-miss tags (disaster, crime, metaphor, …) for the false-event rate.
    pub near_miss: bool,
}

/// Runs the rules on `text` and builds an example.
pub fn featurize(
    coder: &Coder,
    id: &str,
    text: &str,
    class: usize,
    flags: Option<[bool; FLAGS]>,
    near_miss: bool,
) -> Example {
    let coded = coder.code_rules(text, None);
    let mut features = Vec::new();
    learned::features(text, &coded.events, &coded.actors, &mut features);
    let main = coded.events.first();
    Example {
        id: id.to_string(),
        features,
        class,
        flags,
        rule_class: learned::class_of(main.map(|e| e.event_type)),
        // As the coder does: statements of intent and non-factual events are never overruled.
        rule_confidence: main.map(|e| {
            if crate::is_statement(e) || !e.is_factual() {
                1.0
            } else {
                e.confidence
            }
        }),
        near_miss,
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct TrainConfig {
    pub dim_bits: u32,
    pub epochs: usize,
    pub learning_rate: f32,
    pub l2: f32,
    pub seed: u64,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            dim_bits: 16,
            epochs: 12,
            learning_rate: 0.2,
            l2: 1e-4,
            seed: 20_230_104,
        }
    }
}

/// xorshift64*: a small deterministic generator for the example order.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

/// Trains a model on `examples` (all of them, in a seeded order each epoch).
pub fn train(examples: &[Example], cfg: &TrainConfig) -> LinearModel {
    let dim = 1usize << cfg.dim_bits;
    let mask = (dim - 1) as u64;
    let mut w = vec![0f32; dim * OUTPUTS];
    // Running sum for averaging: avg = w - u / t.
    let mut u = vec![0f32; dim * OUTPUTS];
    let mut bias = [0f32; OUTPUTS];
    let mut ubias = [0f32; OUTPUTS];
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = Rng(cfg.seed | 1);
    let mut t = 1f32;
    let mut grad = [0f32; OUTPUTS];
    for epoch in 0..cfg.epochs {
        for i in (1..order.len()).rev() {
            let j = (rng.next() % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        let lr = cfg.learning_rate / (1.0 + epoch as f32 * 0.5);
        for &ix in &order {
            let ex = &examples[ix];
            let mut s = bias;
            for &h in &ex.features {
                let row = &w[((h & mask) as usize) * OUTPUTS..][..OUTPUTS];
                for (a, &x) in s.iter_mut().zip(row) {
                    *a += x;
                }
            }
            let mut p = [0f32; CLASSES];
            learned::softmax(&s[..CLASSES], &mut p);
            for c in 0..CLASSES {
                grad[c] = p[c] - f32::from(u8::from(c == ex.class));
            }
            for k in 0..FLAGS {
                grad[CLASSES + k] = match ex.flags {
                    Some(f) => learned::sigmoid(s[CLASSES + k]) - f32::from(u8::from(f[k])),
                    None => 0.0,
                };
            }
            for o in 0..OUTPUTS {
                let d = lr * grad[o];
                bias[o] -= d;
                ubias[o] -= t * d;
            }
            for &h in &ex.features {
                let base = ((h & mask) as usize) * OUTPUTS;
                for o in 0..OUTPUTS {
                    let d = lr * (grad[o] + cfg.l2 * w[base + o]);
                    w[base + o] -= d;
                    u[base + o] -= t * d;
                }
            }
            t += 1.0;
        }
    }
    for (x, y) in w.iter_mut().zip(&u) {
        *x -= y / t;
    }
    for (x, y) in bias.iter_mut().zip(&ubias) {
        *x -= y / t;
    }
    LinearModel::from_floats(cfg.dim_bits, bias, &w)
}

/// The figures of one cross-validation run (out-of-fold predictions over every example).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CvReport {
    pub k: usize,
    pub n: usize,
    /// Main class right (type or none), by the rules alone, the model alone, the ensemble.
    pub rules: f64,
    pub model: f64,
    pub ensemble: f64,
    /// Near-miss sentences given an event, by the rules and by the ensemble.
    pub near_miss_n: usize,
    pub near_miss_rules: f64,
    pub near_miss_ensemble: f64,
    /// Per fold ensemble accuracy.
    pub folds: Vec<f64>,
    /// The ensemble setting scored.
    pub thresholds: Option<ensemble::Thresholds>,
}

/// The fold of an example: a hash of its id, so adding sentences does not reshuffle the others.
pub fn fold_of(id: &str, k: usize) -> usize {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in id.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    (h % k as u64) as usize
}

/// k-fold cross-validation: trains on k−1 folds, predicts the held-out one.
pub fn cross_validate(examples: &[Example], k: usize, cfg: &TrainConfig) -> CvReport {
    cross_validate_with(examples, k, cfg, &[ensemble::Thresholds::DEFAULT]).remove(0)
}

/// Cross-validation scoring several ensemble settings on the same out-of-fold predictions.
pub fn cross_validate_with(
    examples: &[Example],
    k: usize,
    cfg: &TrainConfig,
    settings: &[ensemble::Thresholds],
) -> Vec<CvReport> {
    let mut reports = Vec::new();
    let mut preds: Vec<Option<learned::Prediction>> = vec![None; examples.len()];
    for fold in 0..k {
        let trainset: Vec<Example> = examples
            .iter()
            .filter(|e| fold_of(&e.id, k) != fold)
            .cloned()
            .collect();
        let m = train(&trainset, cfg);
        for (i, e) in examples.iter().enumerate() {
            if fold_of(&e.id, k) == fold {
                preds[i] = Some(m.predict(&e.features));
            }
        }
    }
    for th in settings {
        reports.push(score_cv(examples, k, &preds, th));
    }
    reports
}

fn score_cv(
    examples: &[Example],
    k: usize,
    preds: &[Option<learned::Prediction>],
    th: &ensemble::Thresholds,
) -> CvReport {
    let mut r = CvReport {
        k,
        n: examples.len(),
        thresholds: Some(*th),
        ..CvReport::default()
    };
    let (mut rules, mut model, mut ens) = (0usize, 0usize, 0usize);
    let (mut nm, mut nm_rules, mut nm_ens) = (0usize, 0usize, 0usize);
    let mut fold_hits = vec![(0usize, 0usize); k];
    for (ex, pred) in examples.iter().zip(preds) {
        let Some(pred) = pred else { continue };
        let ens_class = match ensemble::decide_with(th, type_and_conf(ex), pred) {
            Decision::Keep => ex.rule_class,
            Decision::Veto { .. } => NONE,
            Decision::Retype { class, .. } | Decision::Supply { class, .. } => class,
        };
        rules += usize::from(ex.rule_class == ex.class);
        model += usize::from(pred.best().0 == ex.class);
        ens += usize::from(ens_class == ex.class);
        let f = &mut fold_hits[fold_of(&ex.id, k)];
        f.0 += usize::from(ens_class == ex.class);
        f.1 += 1;
        if ex.near_miss {
            nm += 1;
            nm_rules += usize::from(ex.rule_class != NONE);
            nm_ens += usize::from(ens_class != NONE);
        }
    }
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    r.folds = fold_hits.iter().map(|&(h, n)| ratio(h, n)).collect();
    r.rules = ratio(rules, r.n);
    r.model = ratio(model, r.n);
    r.ensemble = ratio(ens, r.n);
    r.near_miss_n = nm;
    r.near_miss_rules = ratio(nm_rules, nm);
    r.near_miss_ensemble = ratio(nm_ens, nm);
    r
}

fn type_and_conf(ex: &Example) -> Option<(usize, f32)> {
    (ex.rule_class != NONE).then(|| (ex.rule_class, ex.rule_confidence.unwrap_or(0.5)))
}
