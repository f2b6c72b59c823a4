//! The count model behind `event-count-surge` questions: will more matching events happen in
//! the last `window_days` before the deadline than `ratio` × the baseline average?
//!
//! As of t it counts the matching events already seen in the window, projects the rest of the
//! window at a rate that blends the last 14 days with the baseline (the nearer the window, the
//! more the recent rate counts), and asks a negative binomial how likely the total is to pass the
//! threshold. Counts come from the observations in the store (one per original document), so
//! the model sees exactly what a forecast as of t could: nothing published after t.

use chrono::{Duration, NaiveDate};
use forewarn_model::{
    Contribution, Direction, Forecast, Indicator, IndicatorMatch, Observation, Question,
};
use serde::{Deserialize, Serialize};

use crate::matching::matches;
use crate::model::{base_probability, logistic, logit};
use crate::template::{CountSpec, country_name};

/// Days of recent history that give the current rate.
const RECENT_DAYS: i64 = 14;
/// How fast the projection falls back from the recent rate to the baseline rate with distance
/// (days): after this many days the recent rate counts half.
const PERSISTENCE_HALF_LIFE: f64 = 30.0;
/// Negative binomial shape: event counts are overdispersed (variance μ + μ²/k).
const DISPERSION: f64 = 2.0;
/// A count model is never certain: coding misses and double counts move totals.
const COUNT_FLOOR: f64 = 0.01;

/// What the count model saw as of a date; shown in the forecast's one contribution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CountState {
    pub baseline_count: usize,
    /// The count the window must exceed.
    pub threshold: f64,
    /// Matching events dated in the window and published by the as-of date.
    pub in_window: usize,
    /// Matching events per day over the last 14 days.
    pub recent_rate: f64,
    /// Days of the window still to come.
    pub days_left: i64,
    /// Expected further events in the window.
    pub expected_more: f64,
    pub probability: f64,
}

/// Dates of the matching events, one per original document, published on or before `as_of`
/// (dates clamped to `as_of`).
fn event_dates(
    spec: &CountSpec,
    actor: &str,
    observations: &[Observation],
    as_of: NaiveDate,
) -> Vec<NaiveDate> {
    let mut location = spec.location.clone();
    // With `sources` and no `location`, the source label names the place (an incident list
    // ingested with its country column as the source), so no place test is made.
    if location.is_empty() && spec.sources.is_empty() {
        location.push(actor.to_string());
        if let Some(name) = country_name(actor) {
            location.push(name.to_string());
        }
    }
    let indicator = Indicator {
        id: "count".into(),
        label: "count".into(),
        direction: Direction::For,
        weight: 0.0,
        half_life_days: 1.0,
        matcher: IndicatorMatch {
            location,
            ..IndicatorMatch::default()
        },
        role: Default::default(),
    };
    let mut seen = std::collections::HashMap::new();
    for o in observations.iter().filter(|o| o.published <= as_of) {
        if !spec.sources.is_empty()
            && !o
                .document_source
                .as_deref()
                .is_some_and(|s| spec.sources.iter().any(|w| w.eq_ignore_ascii_case(s)))
        {
            continue;
        }
        let typed = spec.event_types.is_empty()
            || o.events
                .iter()
                .any(|e| e.is_factual() && spec.event_types.contains(&e.event_type));
        if !typed || matches(&indicator, o).is_none() {
            continue;
        }
        let date = o
            .events
            .iter()
            .find_map(|e| e.date)
            .unwrap_or(o.published)
            .min(as_of);
        let key = o.duplicate_of.unwrap_or(o.document_id);
        // One event per document: the earliest date any of its sentences gives.
        seen.entry(key)
            .and_modify(|d: &mut NaiveDate| *d = (*d).min(date))
            .or_insert(date);
    }
    seen.into_values().collect()
}

/// P(X ≥ m) for X negative binomial with mean `mu` and shape [`DISPERSION`].
fn tail_at_least(mu: f64, m: i64) -> f64 {
    if m <= 0 {
        return 1.0;
    }
    if mu <= 0.0 {
        return 0.0;
    }
    let k = DISPERSION;
    let q = mu / (k + mu);
    let mut pmf = (k / (k + mu)).powf(k);
    let mut below = pmf;
    for j in 1..m {
        pmf *= (j as f64 - 1.0 + k) / j as f64 * q;
        below += pmf;
    }
    (1.0 - below).clamp(0.0, 1.0)
}

/// The count model's state and forecast for an `event-count-surge` question as of `as_of`.
///
/// The forecast has one contribution (id `event-count-surge/count`) that carries the whole
/// move from the time-scaled prior to the count model's probability, so its invariant (base
/// plus contributions) holds exactly; the numbers behind it are in the contribution's text.
pub fn count_forecast(
    question: &Question,
    spec: &CountSpec,
    actor: &str,
    observations: &[Observation],
    as_of: NaiveDate,
) -> (Forecast, CountState) {
    let dates = event_dates(spec, actor, observations, as_of);
    let window = i64::from(spec.window_days);
    let window_start = question.deadline - Duration::days(window - 1);
    let baseline_start = question.opens - Duration::days(i64::from(spec.baseline_days));
    let count_in =
        |from: NaiveDate, to: NaiveDate| dates.iter().filter(|d| **d >= from && **d <= to).count();
    let baseline_count = count_in(baseline_start, question.opens - Duration::days(1));
    let baseline_rate = baseline_count as f64 / f64::from(spec.baseline_days);
    let threshold = spec.ratio * baseline_rate * window as f64;
    let in_window = count_in(window_start, as_of.min(question.deadline));
    let recent_rate =
        count_in(as_of - Duration::days(RECENT_DAYS - 1), as_of) as f64 / RECENT_DAYS as f64;
    let days_left = (question.deadline - as_of.max(window_start - Duration::days(1)))
        .num_days()
        .clamp(0, window);
    let gap = (window_start - as_of).num_days().max(0) as f64 + days_left as f64 / 2.0;
    let alpha = 0.5f64.powf(gap / PERSISTENCE_HALF_LIFE);
    let rate = alpha * recent_rate + (1.0 - alpha) * baseline_rate;
    let expected_more = rate * days_left as f64;
    // More than the threshold: at least floor(threshold) + 1 in all.
    let needed = threshold.floor() as i64 + 1 - in_window as i64;
    let probability = tail_at_least(expected_more, needed).clamp(COUNT_FLOOR, 1.0 - COUNT_FLOOR);

    let base_log_odds = logit(base_probability(question, as_of));
    let term = logit(probability) - base_log_odds;
    let log_odds = base_log_odds + term;
    let state = CountState {
        baseline_count,
        threshold,
        in_window,
        recent_rate,
        days_left,
        expected_more,
        probability,
    };
    let text = format!(
        "{in_window} matching events in the window so far, {days_left} days left, about {expected_more:.1} more expected; \
         the window must exceed {threshold:.1} ({baseline_count} events in the {} baseline days × {} / {} × ratio {})",
        spec.baseline_days, spec.window_days, spec.baseline_days, spec.ratio
    );
    let contribution = Contribution {
        indicator_id: "event-count-surge/count".into(),
        indicator_label: "event count against the baseline".into(),
        direction: if term >= 0.0 {
            Direction::For
        } else {
            Direction::Against
        },
        log_odds: term,
        date: as_of,
        published: as_of,
        sentence: text,
        sentence_id: 0,
        document_id: 0,
        document_title: None,
        document_source: None,
        actors: Vec::new(),
        decay: 1.0,
        novelty: 1.0,
        rank: 1,
        duplicates: 0,
    };
    let forecast = Forecast {
        question_id: question.id.clone(),
        as_of,
        probability: logistic(log_odds),
        log_odds,
        base_log_odds,
        contributions: vec![contribution],
        reported: None,
    };
    (forecast, state)
}

#[cfg(test)]
mod tests {
    use super::tail_at_least;

    #[test]
    fn negative_binomial_tail() {
        assert_eq!(tail_at_least(3.0, 0), 1.0);
        assert_eq!(tail_at_least(0.0, 1), 0.0);
        // P(X ≥ 1) = 1 − (k/(k+μ))^k with k = 2, μ = 2: 1 − 0.25.
        assert!((tail_at_least(2.0, 1) - 0.75).abs() < 1e-12);
        assert!(tail_at_least(10.0, 5) > tail_at_least(10.0, 15));
    }
}
