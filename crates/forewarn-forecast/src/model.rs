//! The evidence-decay forecast model. The maths and the reasons for each choice are in
//! `docs/forecasting.md`; the constants below are the knobs it describes.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate};
use forewarn_detect::{NearDuplicateIndex, shingles};
use forewarn_model::{ActorRef, Contribution, Forecast, Observation, Question, TimelinePoint};

use crate::matching::matches;

/// Each further independent report of one indicator counts this much less than the previous
/// one, so an indicator's total is below `weight / (1 − r)` = 2·weight.
pub const CORROBORATION_RATIO: f64 = 0.5;
/// Sentences with word-3-gram Jaccard similarity at or above this are one report.
pub const SENTENCE_DUPLICATE_THRESHOLD: f64 = 0.5;
/// Probabilities are kept within [ε, 1 − ε] so log-odds stay finite (at the deadline the
/// remaining window, and so the base probability, would otherwise be exactly 0).
pub const PROBABILITY_EPSILON: f64 = 1e-6;

/// The probability, with no evidence, that the event happens between `t` and the deadline.
///
/// A constant hazard λ is fitted so that `1 − exp(−λ·T) = prior` over the whole window
/// `T = deadline − opens`; the remaining window from `t` (at most `T`, at least 0) then has
/// `1 − exp(−λ·(deadline − t)) = 1 − (1 − prior)^((deadline − t)/T)`.
pub fn base_probability(question: &Question, t: NaiveDate) -> f64 {
    base_with_prior(question, question.prior, t)
}

/// [`base_probability`] with another prior for the window (fitting tries several).
pub(crate) fn base_with_prior(question: &Question, prior: f64, t: NaiveDate) -> f64 {
    let prior = prior.clamp(PROBABILITY_EPSILON, 1.0 - PROBABILITY_EPSILON);
    let total = ((question.deadline - question.opens).num_days() as f64).max(1.0);
    let remaining = ((question.deadline - t).num_days() as f64).clamp(0.0, total);
    // expm1/ln1p keep precision for small priors and short remaining windows.
    let p = -(f64::ln_1p(-prior) * remaining / total).exp_m1();
    p.clamp(PROBABILITY_EPSILON, 1.0 - PROBABILITY_EPSILON)
}

/// `ln(p / (1 − p))`.
pub fn logit(p: f64) -> f64 {
    (p / (1.0 - p)).ln()
}

/// `1 / (1 + exp(−x))`.
pub fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// The forecast for `question` as of `as_of`, from the observations published on or before it.
///
/// The result satisfies [`Forecast`]'s invariant exactly as computed: `log_odds` is
/// `base_log_odds` plus each contribution in the order listed.
pub fn forecast(question: &Question, observations: &[Observation], as_of: NaiveDate) -> Forecast {
    let mut engine = Engine::new(question, observations);
    engine.advance_to(as_of);
    let terms = engine.evaluate(as_of);
    let base_log_odds = logit(base_probability(question, as_of));
    let mut log_odds = base_log_odds;
    let contributions: Vec<Contribution> = terms
        .into_iter()
        .map(|t| {
            log_odds += t.log_odds;
            engine.contribution(t)
        })
        .collect();
    Forecast {
        question_id: question.id.clone(),
        as_of,
        probability: logistic(log_odds),
        log_odds,
        base_log_odds,
        contributions,
    }
}

/// The probability path from `from` to `to` (inclusive) every `step_days` days (0 is treated
/// as 1). Each point equals `forecast(question, observations, date).probability`; observations
/// are matched once and the duplicate grouping grows as days pass, so long daily timelines stay
/// cheap.
pub fn timeline(
    question: &Question,
    observations: &[Observation],
    from: NaiveDate,
    to: NaiveDate,
    step_days: u32,
) -> Vec<TimelinePoint> {
    let step = Duration::days(i64::from(step_days.max(1)));
    let mut engine = Engine::new(question, observations);
    let mut out = Vec::new();
    let mut date = from;
    while date <= to {
        engine.advance_to(date);
        let log_odds = engine
            .evaluate(date)
            .iter()
            .fold(logit(base_probability(question, date)), |acc, t| {
                acc + t.log_odds
            });
        out.push(TimelinePoint {
            date,
            probability: logistic(log_odds),
        });
        date += step;
    }
    out
}

/// For each date (ascending), each indicator's signed evidence at unit weight: the forecast's
/// log-odds on that date is `logit(base) + Σ_k weight_k · features[k]` exactly, because an
/// indicator's ranking and decay do not depend on its weight. Fitting uses this to vary weights
/// without matching again.
pub(crate) fn unit_features(
    question: &Question,
    observations: &[Observation],
    dates: &[NaiveDate],
) -> Vec<Vec<f64>> {
    let mut unit = question.clone();
    for ind in &mut unit.indicators {
        ind.weight = 1.0;
    }
    let mut engine = Engine::new(&unit, observations);
    dates
        .iter()
        .map(|&date| {
            engine.advance_to(date);
            let mut row = vec![0.0; unit.indicators.len()];
            for t in engine.evaluate(date) {
                row[t.indicator] += t.log_odds;
            }
            row
        })
        .collect()
}

/// One observation matched to one indicator.
struct Candidate {
    obs: usize,
    /// Development date as matched (may lie after a given as-of; clamped when evaluated).
    date: NaiveDate,
    published: NaiveDate,
    sentence_id: i64,
    actors: Vec<ActorRef>,
}

/// The matched candidates of one indicator, in publication order, and their grouping into
/// independent reports among those visible so far.
struct IndicatorState {
    candidates: Vec<Candidate>,
    visible: usize,
    sentences: NearDuplicateIndex,
    /// Union-find over candidate positions; a root is always its group's earliest member.
    parent: Vec<usize>,
    size: Vec<usize>,
    /// Original document id → first visible candidate from it or a copy of it.
    documents: HashMap<i64, usize>,
}

impl IndicatorState {
    fn find(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            let (root, child) = if a < b { (a, b) } else { (b, a) };
            self.parent[child] = root;
            self.size[root] += self.size[child];
        }
    }
}

/// A contribution before its display fields are filled in.
struct Term {
    indicator: usize,
    candidate: usize,
    log_odds: f64,
    date: NaiveDate,
    decay: f64,
    rank: usize,
    duplicates: usize,
}

struct Engine<'a> {
    question: &'a Question,
    observations: &'a [Observation],
    indicators: Vec<IndicatorState>,
}

impl<'a> Engine<'a> {
    fn new(question: &'a Question, observations: &'a [Observation]) -> Self {
        // Input order must not matter: sort by a total key before anything order-dependent.
        let mut order: Vec<usize> = (0..observations.len()).collect();
        order.sort_by_key(|&i| {
            let o = &observations[i];
            (o.published, o.sentence_id, o.document_id)
        });
        let indicators = question
            .indicators
            .iter()
            .map(|ind| {
                let candidates: Vec<Candidate> = order
                    .iter()
                    .filter_map(|&i| {
                        let o = &observations[i];
                        matches(ind, o).map(|m| Candidate {
                            obs: i,
                            date: m.date,
                            published: o.published,
                            sentence_id: o.sentence_id,
                            actors: m.actors,
                        })
                    })
                    .collect();
                let n = candidates.len();
                IndicatorState {
                    candidates,
                    visible: 0,
                    sentences: NearDuplicateIndex::new(SENTENCE_DUPLICATE_THRESHOLD),
                    parent: (0..n).collect(),
                    size: vec![1; n],
                    documents: HashMap::new(),
                }
            })
            .collect();
        Self {
            question,
            observations,
            indicators,
        }
    }

    /// Makes every candidate published on or before `as_of` visible and groups it with earlier
    /// reports of the same development. Grouping only ever looks at visible candidates, so a
    /// later copy can never merge two earlier reports before it is published.
    fn advance_to(&mut self, as_of: NaiveDate) {
        for state in &mut self.indicators {
            while state.visible < state.candidates.len()
                && state.candidates[state.visible].published <= as_of
            {
                let pos = state.visible;
                let obs = &self.observations[state.candidates[pos].obs];
                let original = obs.duplicate_of.unwrap_or(obs.document_id);
                let same_doc = *state.documents.entry(original).or_insert(pos);
                let similar = state
                    .sentences
                    .insert_shingles(pos as i64, shingles(&obs.text));
                state.union(same_doc, pos);
                for other in similar {
                    state.union(other as usize, pos);
                }
                state.visible += 1;
            }
        }
    }

    /// The evidence terms as of `as_of` (after `advance_to(as_of)`), in display order.
    fn evaluate(&mut self, as_of: NaiveDate) -> Vec<Term> {
        let mut terms = Vec::new();
        for (k, state) in self.indicators.iter_mut().enumerate() {
            let indicator = &self.question.indicators[k];
            let mut reports: Vec<(f64, NaiveDate, usize, usize)> = Vec::new();
            for pos in 0..state.visible {
                if state.find(pos) == pos {
                    let date = state.candidates[pos].date.min(as_of);
                    let age = (as_of - date).num_days() as f64;
                    let decay = 0.5f64.powf(age / indicator.half_life_days);
                    reports.push((decay, date, pos, state.size[pos] - 1));
                }
            }
            // Strongest first; equal strength goes to the earlier development, then the
            // earlier report (positions follow publication order).
            reports.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
            let mut factor = 1.0;
            for (i, (decay, date, pos, duplicates)) in reports.into_iter().enumerate() {
                terms.push(Term {
                    indicator: k,
                    candidate: pos,
                    log_odds: indicator.direction.sign() * indicator.weight * decay * factor,
                    date,
                    decay,
                    rank: i + 1,
                    duplicates,
                });
                factor *= CORROBORATION_RATIO;
            }
        }
        let key = |t: &Term| {
            let c = &self.indicators[t.indicator].candidates[t.candidate];
            (
                t.date,
                c.sentence_id,
                &self.question.indicators[t.indicator].id,
            )
        };
        terms.sort_by(|a, b| {
            b.log_odds
                .abs()
                .total_cmp(&a.log_odds.abs())
                .then_with(|| key(a).cmp(&key(b)))
        });
        terms
    }

    fn contribution(&self, t: Term) -> Contribution {
        let indicator = &self.question.indicators[t.indicator];
        let c = &self.indicators[t.indicator].candidates[t.candidate];
        let o = &self.observations[c.obs];
        Contribution {
            indicator_id: indicator.id.clone(),
            indicator_label: indicator.label.clone(),
            direction: indicator.direction,
            log_odds: t.log_odds,
            date: t.date,
            published: c.published,
            sentence: o.text.clone(),
            sentence_id: o.sentence_id,
            document_id: o.document_id,
            document_title: o.document_title.clone(),
            document_source: o.document_source.clone(),
            actors: c.actors.clone(),
            decay: t.decay,
            rank: t.rank,
            duplicates: t.duplicates,
        }
    }
}
