//! The forecast model: a proportional hazard that evidence scales, plus a *reported* state
//! when the news says the outcome has happened. The maths and the reasons for each choice are
//! in `docs/forecasting.md`; the constants below are the knobs it describes.

use std::collections::{HashMap, HashSet};

use chrono::{Duration, NaiveDate};
use forewarn_detect::{NearDuplicateIndex, Shingled};
use forewarn_model::{
    ActorRef, Contribution, Direction, Forecast, IndicatorRole, Observation, Question, Reported,
    ReportedSentence, TimelinePoint,
};

use crate::matching::{Prepared, matches_prepared, reads_as_report, refers_to_earlier_event};

/// Each further independent report of one indicator counts this much less than the previous
/// one, so an indicator's total is below `weight / (1 − r)` ≈ 3.3·weight: corroboration keeps
/// adding, but ten outlets repeating one signal never outweigh three different signals.
pub const CORROBORATION_RATIO: f64 = 0.7;
/// Sentences with word-3-gram Jaccard similarity at or above this are one report.
pub const SENTENCE_DUPLICATE_THRESHOLD: f64 = 0.5;
/// Probabilities are kept within [ε, 1 − ε] so log-odds stay finite (at the deadline the
/// remaining window, and so the base probability, would otherwise be exactly 0).
pub const PROBABILITY_EPSILON: f64 = 1e-6;
/// Log-odds that the outcome happened, per independent report beyond the first: one report
/// makes it even, two independent outlets make it 9 to 1 (ln 9).
pub const REPORT_LOG_ODDS: f64 = 2.197_224_577_336_219_6;
/// A further distinct report from an outlet already counted is worth this many reports: the
/// same newsroom repeating itself is weaker corroboration than a second newsroom.
pub const SAME_OUTLET_REPORT: f64 = 0.5;
/// A later denial or correction from a new outlet takes back this many reports (a quarter
/// from an outlet already counted).
pub const DENIAL_REPORTS: f64 = 0.5;
/// How far back (days) the usual level of a signal is read: an indicator counts only as far as
/// its level now exceeds the mean of its levels on these earlier dates. In a war already under
/// way, strikes and troop moves are the background, not a warning.
pub const USUAL_LEVEL_LAGS: [i64; 3] = [30, 60, 90];

/// The probability, with no evidence, that the event happens between `t` and the deadline.
///
/// A constant base hazard λ₀ is fitted so that `1 − exp(−λ₀·T) = prior` over the whole window
/// `T = deadline − opens`; the remaining window from `t` (at most `T`, at least 0) then has
/// `1 − exp(−λ₀·(deadline − t)) = 1 − (1 − prior)^((deadline − t)/T)`.
pub fn base_probability(question: &Question, t: NaiveDate) -> f64 {
    hazard_probability(question, question.prior, t, 0.0)
}

/// The chance the event happens in the rest of the window when evidence scales the hazard by
/// `exp(signal)`: `1 − (1 − prior)^((R/T)·e^signal)`, the complementary log-log model.
pub fn hazard_probability(question: &Question, prior: f64, t: NaiveDate, signal: f64) -> f64 {
    let prior = prior.clamp(PROBABILITY_EPSILON, 1.0 - PROBABILITY_EPSILON);
    let total = ((question.deadline - question.opens).num_days() as f64).max(1.0);
    let remaining = ((question.deadline - t).num_days() as f64).clamp(0.0, total);
    // expm1/ln1p keep precision for small priors and short remaining windows.
    let cumulative_hazard = -f64::ln_1p(-prior) * remaining / total * signal.exp();
    let p = -(-cumulative_hazard).exp_m1();
    p.clamp(PROBABILITY_EPSILON, 1.0 - PROBABILITY_EPSILON)
}

/// The probability that the outcome has already happened, given `reports` effective
/// independent reports (see [`REPORT_LOG_ODDS`]); 0 when there are none.
pub fn happened_probability(reports: f64) -> f64 {
    if reports <= 0.0 {
        0.0
    } else {
        logistic(REPORT_LOG_ODDS * (reports - 1.0))
    }
}

/// The forecast when the outcome has happened with probability `happened` and otherwise
/// happens in the rest of the window with probability `hazard`.
pub fn combine(hazard: f64, happened: f64) -> f64 {
    (happened + (1.0 - happened) * hazard).clamp(PROBABILITY_EPSILON, 1.0 - PROBABILITY_EPSILON)
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
/// `base_log_odds` plus each contribution in the order listed. A contribution is the change in
/// log-odds its evidence makes when added after the ones listed before it, so the list is an
/// exact decomposition of the forecast.
pub fn forecast(question: &Question, observations: &[Observation], as_of: NaiveDate) -> Forecast {
    let mut engine = Engine::new(question, observations);
    forecast_on(&mut engine, question, as_of)
}

/// [`forecast`] as of `as_of` and the probabilities on `earlier` dates (ascending, none after
/// `as_of`) from one replay; each equals `forecast(question, observations, date).probability`.
/// A forecast with its change over a week is one matching pass instead of two.
pub fn forecast_with_earlier(
    question: &Question,
    observations: &[Observation],
    earlier: &[NaiveDate],
    as_of: NaiveDate,
) -> (Forecast, Vec<f64>) {
    let mut engine = Engine::new(question, observations);
    let past = earlier
        .iter()
        .map(|&date| {
            engine.advance_to(date);
            let evaluation = engine.evaluate(date);
            logistic(fold(question, &evaluation, date, |_, _| {}).log_odds)
        })
        .collect();
    (forecast_on(&mut engine, question, as_of), past)
}

fn forecast_on(engine: &mut Engine<'_>, question: &Question, as_of: NaiveDate) -> Forecast {
    engine.advance_to(as_of);
    let evaluation = engine.evaluate(as_of);
    let mut contributions = Vec::new();
    let folded = fold(question, &evaluation, as_of, |term, delta| {
        contributions.push(engine.contribution(term, delta));
    });
    let reported = (!evaluation.outcome.is_empty()).then(|| Reported {
        first_date: evaluation.outcome[0].term.date,
        sources: evaluation
            .outcome
            .iter()
            .filter(|s| s.new_outlet && !s.denial)
            .count(),
        denials: evaluation.outcome.iter().filter(|s| s.denial).count(),
        happened: evaluation.happened(),
        reports: evaluation
            .outcome
            .iter()
            .map(|s| engine.reported_sentence(&s.term, s.denial))
            .collect(),
    });
    Forecast {
        question_id: question.id.clone(),
        as_of,
        probability: logistic(folded.log_odds),
        log_odds: folded.log_odds,
        base_log_odds: folded.base_log_odds,
        contributions,
        reported,
    }
}

struct Folded {
    base_log_odds: f64,
    log_odds: f64,
}

/// Adds the evidence onto the base one term at a time, calling `each` with every term and the
/// change in log-odds it makes. `forecast` and `timeline` share it, so a timeline point is
/// the forecast's probability to the last bit.
fn fold(
    question: &Question,
    evaluation: &Evaluation,
    as_of: NaiveDate,
    mut each: impl FnMut(&Term, f64),
) -> Folded {
    let base_log_odds = logit(base_probability(question, as_of));
    let mut log_odds = base_log_odds;
    let mut previous = base_log_odds;
    let mut signal = 0.0;
    for term in &evaluation.signals {
        signal += term.strength;
        let now = logit(hazard_probability(question, question.prior, as_of, signal));
        let delta = now - previous;
        previous = now;
        log_odds += delta;
        each(term, delta);
    }
    let hazard = hazard_probability(question, question.prior, as_of, signal);
    let mut reports = 0.0f64;
    for step in &evaluation.outcome {
        reports = (reports + step.reports).max(0.0);
        let now = logit(combine(hazard, happened_probability(reports)));
        let delta = now - previous;
        previous = now;
        log_odds += delta;
        each(&step.term, delta);
    }
    Folded {
        base_log_odds,
        log_odds,
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
        let evaluation = engine.evaluate(date);
        out.push(TimelinePoint {
            date,
            probability: logistic(fold(question, &evaluation, date, |_, _| {}).log_odds),
        });
        date += step;
    }
    out
}

/// The forecast probability on each of `dates` (ascending), as [`forecast`] gives it.
pub(crate) fn probabilities(
    question: &Question,
    observations: &[Observation],
    dates: &[NaiveDate],
) -> Vec<f64> {
    let mut engine = Engine::new(question, observations);
    dates
        .iter()
        .map(|&date| {
            engine.advance_to(date);
            let evaluation = engine.evaluate(date);
            logistic(fold(question, &evaluation, date, |_, _| {}).log_odds)
        })
        .collect()
}

/// One replayed date for fitting: each indicator's signal at unit weight (the hazard's
/// exponent is `Σ_k weight_k · signals[k]` exactly, because an indicator's ranking and decay
/// do not depend on its weight) and the probability that the outcome has happened.
pub(crate) struct UnitRow {
    pub signals: Vec<f64>,
    pub happened: f64,
}

/// [`UnitRow`]s for the dates (ascending). Fitting uses them to vary weights without matching
/// again.
pub(crate) fn unit_features(
    question: &Question,
    observations: &[Observation],
    dates: &[NaiveDate],
) -> Vec<UnitRow> {
    let mut unit = question.clone();
    for ind in &mut unit.indicators {
        if ind.role == IndicatorRole::Signal {
            ind.weight = 1.0;
        }
    }
    let mut engine = Engine::new(&unit, observations);
    dates
        .iter()
        .map(|&date| {
            engine.advance_to(date);
            let evaluation = engine.evaluate(date);
            let mut signals = vec![0.0; unit.indicators.len()];
            for t in &evaluation.signals {
                signals[t.indicator] += t.strength;
            }
            UnitRow {
                signals,
                happened: evaluation.happened(),
            }
        })
        .collect()
}

/// The newsroom behind a document's source label: one paper's feeds and sites are one outlet
/// ("bbc_news" and "bbc.co.uk" are "bbc", "guardian_intl" is "guardian"), so a story in two of
/// its feeds is not corroboration.
fn newsroom(source: &str) -> String {
    let s = source.trim().to_lowercase();
    let s = s.strip_prefix("www.").unwrap_or(&s);
    s.split(['_', '.']).next().unwrap_or(s).trim().to_string()
}

/// An indicator's level at unit weight from its reports' decays, strongest first: the k-th
/// counts `CORROBORATION_RATIO^(k−1)`.
fn corroborated(decays: impl Iterator<Item = f64>) -> f64 {
    let mut factor = 1.0;
    let mut level = 0.0;
    for decay in decays {
        level += decay * factor;
        factor *= CORROBORATION_RATIO;
    }
    level
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
    /// Signed, decayed and corroboration-discounted strength: the term's share of the hazard
    /// exponent (signals) or unused (outcome reports).
    strength: f64,
    date: NaiveDate,
    decay: f64,
    /// The share of the indicator's level above its usual level (1 for outcome reports).
    novelty: f64,
    rank: usize,
    duplicates: usize,
}

/// One outcome report (or denial) in the order it is folded into the reported state.
struct OutcomeStep {
    term: Term,
    /// Effective reports it adds (negative for a denial).
    reports: f64,
    denial: bool,
    /// Its outlet was not counted before.
    new_outlet: bool,
}

/// The evidence visible on a date: signal terms in display order, then outcome steps.
struct Evaluation {
    signals: Vec<Term>,
    outcome: Vec<OutcomeStep>,
}

impl Evaluation {
    fn happened(&self) -> f64 {
        let reports = self
            .outcome
            .iter()
            .fold(0.0f64, |n, s| (n + s.reports).max(0.0));
        happened_probability(reports)
    }
}

struct Engine<'a> {
    question: &'a Question,
    observations: &'a [Observation],
    indicators: Vec<IndicatorState>,
    /// Each observation's shingles, made when it first becomes some indicator's candidate.
    shingled: Vec<Option<Shingled>>,
}

impl<'a> Engine<'a> {
    fn new(question: &'a Question, observations: &'a [Observation]) -> Self {
        // Input order must not matter: sort by a total key before anything order-dependent.
        let mut order: Vec<usize> = (0..observations.len()).collect();
        order.sort_by_key(|&i| {
            let o = &observations[i];
            (o.published, o.sentence_id, o.document_id)
        });
        // Each sentence is lower-cased and split into words once, for every indicator.
        let prepared: Vec<Prepared> = observations
            .iter()
            .map(|o| Prepared::new(&o.text))
            .collect();
        let indicators = question
            .indicators
            .iter()
            .map(|ind| {
                let outcome = ind.role == IndicatorRole::Outcome;
                let candidates: Vec<Candidate> = order
                    .iter()
                    .filter_map(|&i| {
                        let o = &observations[i];
                        if outcome && o.published < question.opens {
                            return None;
                        }
                        let m = matches_prepared(ind, o, &prepared[i])?;
                        // An outcome report must be news of this window: published in it
                        // and not about an earlier event ("since the 2014 annexation").
                        if outcome && refers_to_earlier_event(&o.text, question.opens) {
                            return None;
                        }
                        if outcome
                            && ind.direction == Direction::For
                            && !reads_as_report(&ind.matcher, o)
                        {
                            return None;
                        }
                        Some(Candidate {
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
            shingled: vec![None; observations.len()],
        }
    }

    /// Makes visible every candidate published on or before `as_of` and groups it with the
    /// reports it duplicates. Dates only move forward.
    fn advance_to(&mut self, as_of: NaiveDate) {
        for state in &mut self.indicators {
            while state.visible < state.candidates.len()
                && state.candidates[state.visible].published <= as_of
            {
                let pos = state.visible;
                let i = state.candidates[pos].obs;
                let obs = &self.observations[i];
                let original = obs.duplicate_of.unwrap_or(obs.document_id);
                let same_doc = *state.documents.entry(original).or_insert(pos);
                let text = self.shingled[i].get_or_insert_with(|| Shingled::new(&obs.text));
                let similar = state.sentences.insert_shingled(pos as i64, text);
                state.union(same_doc, pos);
                for other in similar {
                    state.union(other as usize, pos);
                }
                state.visible += 1;
            }
        }
    }

    /// The independent reports of indicator `k` visible now: (decay, development date,
    /// candidate position, duplicates folded in), strongest first.
    fn reports(&mut self, k: usize, as_of: NaiveDate) -> Vec<(f64, NaiveDate, usize, usize)> {
        let half_life = self.question.indicators[k].half_life_days;
        let state = &mut self.indicators[k];
        let mut reports = Vec::new();
        for pos in 0..state.visible {
            if state.find(pos) == pos {
                let date = state.candidates[pos].date.min(as_of);
                let age = (as_of - date).num_days() as f64;
                let decay = 0.5f64.powf(age / half_life);
                reports.push((decay, date, pos, state.size[pos] - 1));
            }
        }
        // Strongest first; equal strength goes to the earlier development, then the earlier
        // report (positions follow publication order).
        reports.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        reports
    }

    /// The mean level, at unit weight, of indicator `k` on the [`USUAL_LEVEL_LAGS`] dates before
    /// `as_of`, from its `reports` (as [`Self::reports`] groups them now) published by then.
    fn usual_level(
        &self,
        k: usize,
        as_of: NaiveDate,
        reports: &[(f64, NaiveDate, usize, usize)],
    ) -> f64 {
        let half_life = self.question.indicators[k].half_life_days;
        let state = &self.indicators[k];
        let mut total = 0.0;
        let mut decays = Vec::new();
        for lag in USUAL_LEVEL_LAGS {
            let then = as_of - Duration::days(lag);
            decays.clear();
            decays.extend(
                reports
                    .iter()
                    .map(|&(_, _, p, _)| &state.candidates[p])
                    .filter(|c| c.published <= then)
                    .map(|c| 0.5f64.powf((then - c.date.min(then)).num_days() as f64 / half_life)),
            );
            decays.sort_by(|a, b| b.total_cmp(a));
            total += corroborated(decays.iter().copied());
        }
        total / USUAL_LEVEL_LAGS.len() as f64
    }

    /// The evidence as of `as_of` (after `advance_to(as_of)`), in display order.
    fn evaluate(&mut self, as_of: NaiveDate) -> Evaluation {
        let mut signals = Vec::new();
        let mut outcome_reports = Vec::new();
        for k in 0..self.indicators.len() {
            let indicator = &self.question.indicators[k];
            let (role, sign, weight) =
                (indicator.role, indicator.direction.sign(), indicator.weight);
            let reports = self.reports(k, as_of);
            if role == IndicatorRole::Outcome {
                for (_, date, pos, duplicates) in reports {
                    outcome_reports.push(Term {
                        indicator: k,
                        candidate: pos,
                        strength: 0.0,
                        date,
                        decay: 1.0,
                        novelty: 1.0,
                        rank: 0,
                        duplicates,
                    });
                }
                continue;
            }
            let level = corroborated(reports.iter().map(|r| r.0));
            let usual = self.usual_level(k, as_of, &reports);
            let novelty = if level > 0.0 {
                ((level - usual) / level).clamp(0.0, 1.0)
            } else {
                1.0
            };
            let mut factor = 1.0;
            for (i, (decay, date, pos, duplicates)) in reports.into_iter().enumerate() {
                signals.push(Term {
                    indicator: k,
                    candidate: pos,
                    strength: sign * weight * decay * factor * novelty,
                    date,
                    decay,
                    novelty,
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
        signals.sort_by(|a, b| {
            b.strength
                .abs()
                .total_cmp(&a.strength.abs())
                .then_with(|| key(a).cmp(&key(b)))
        });
        let outcome = self.outcome_steps(outcome_reports, as_of);
        Evaluation { signals, outcome }
    }

    /// Orders outcome reports and denials by publication and turns them into steps: one per
    /// original document (a report matched by two outcome indicators, or repeated in a copy,
    /// counts once), each outlet counted in full once. Denials count only after a report, and
    /// only reports dated inside the window count.
    fn outcome_steps(&self, mut reports: Vec<Term>, as_of: NaiveDate) -> Vec<OutcomeStep> {
        let window_end = self.question.deadline.min(as_of);
        reports.retain(|t| {
            let denial = self.question.indicators[t.indicator].direction == Direction::Against;
            denial || (t.date >= self.question.opens && t.date <= window_end)
        });
        let published = |t: &Term| self.indicators[t.indicator].candidates[t.candidate].published;
        let sentence = |t: &Term| self.indicators[t.indicator].candidates[t.candidate].sentence_id;
        reports.sort_by(|a, b| {
            (published(a), a.date, sentence(a), a.indicator).cmp(&(
                published(b),
                b.date,
                sentence(b),
                b.indicator,
            ))
        });
        let mut documents = HashSet::new();
        let mut outlets = HashSet::new();
        let mut steps: Vec<OutcomeStep> = Vec::new();
        for term in reports {
            let o =
                &self.observations[self.indicators[term.indicator].candidates[term.candidate].obs];
            if !documents.insert(o.duplicate_of.unwrap_or(o.document_id)) {
                continue;
            }
            let denial = self.question.indicators[term.indicator].direction == Direction::Against;
            let any_report = steps.iter().any(|s| !s.denial);
            if denial && !any_report {
                continue;
            }
            let outlet = o
                .document_source
                .as_deref()
                .map(newsroom)
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| format!("document {}", o.document_id));
            let new_outlet = outlets.insert((denial, outlet));
            let reports = match (denial, new_outlet) {
                (false, true) => 1.0,
                (false, false) => SAME_OUTLET_REPORT,
                (true, true) => -DENIAL_REPORTS,
                (true, false) => -DENIAL_REPORTS / 2.0,
            };
            let rank = steps.len() + 1;
            steps.push(OutcomeStep {
                term: Term { rank, ..term },
                reports,
                denial,
                new_outlet,
            });
        }
        steps
    }

    fn contribution(&self, t: &Term, log_odds: f64) -> Contribution {
        let indicator = &self.question.indicators[t.indicator];
        let c = &self.indicators[t.indicator].candidates[t.candidate];
        let o = &self.observations[c.obs];
        Contribution {
            indicator_id: indicator.id.clone(),
            indicator_label: indicator.label.clone(),
            direction: indicator.direction,
            log_odds,
            date: t.date,
            published: c.published,
            sentence: o.text.clone(),
            sentence_id: o.sentence_id,
            document_id: o.document_id,
            document_title: o.document_title.clone(),
            document_source: o.document_source.clone(),
            actors: c.actors.clone(),
            decay: t.decay,
            novelty: t.novelty,
            rank: t.rank,
            duplicates: t.duplicates,
        }
    }

    fn reported_sentence(&self, t: &Term, denial: bool) -> ReportedSentence {
        let c = &self.indicators[t.indicator].candidates[t.candidate];
        let o = &self.observations[c.obs];
        ReportedSentence {
            date: t.date,
            published: c.published,
            sentence: o.text.clone(),
            sentence_id: o.sentence_id,
            document_id: o.document_id,
            document_title: o.document_title.clone(),
            document_source: o.document_source.clone(),
            denial,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::newsroom;

    #[test]
    fn one_papers_feeds_are_one_newsroom() {
        assert_eq!(newsroom("bbc_news"), "bbc");
        assert_eq!(newsroom("www.bbc.co.uk"), "bbc");
        assert_eq!(newsroom(" Guardian_Intl "), "guardian");
        assert_eq!(newsroom("aljazeera.com"), "aljazeera");
        // Labels without a feed or domain part stay whole.
        assert_eq!(newsroom("Reuters"), "reuters");
        assert_eq!(newsroom("Ukraine"), "ukraine");
    }
}
