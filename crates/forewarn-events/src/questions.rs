//! ForecastBench-style questions written from event history: "Will there be more ASSAULT
//! events in Ukraine in the 30 days after 2022-03-01 than the 30-day average over the past 360
//! days?" Each question carries the numbers it will be resolved with, and its outcome once the
//! data covers its window.

use chrono::{Duration, NaiveDate};
use serde::Serialize;

/// A generated question.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GeneratedQuestion {
    pub id: String,
    pub question: String,
    /// The series: dataset, PLOVER type (or any) and place.
    pub series: String,
    pub as_of: NaiveDate,
    pub resolution_date: NaiveDate,
    /// The 30-day total to beat: the mean 30-day total over the lookback (up to 360 days,
    /// shorter when the data starts later).
    pub threshold: f64,
    pub lookback_days: i64,
    pub last_30d: u64,
    /// `Some` once the data reaches the resolution date.
    pub resolved: Option<bool>,
    pub resolved_count: Option<u64>,
}

/// One question for a dense daily series (index 0 = `start`), or `None` when there is less
/// than `min_lookback` days of history before `as_of`.
pub fn question_for(
    series: &str,
    label: &str,
    counts: &[u64],
    start: NaiveDate,
    as_of: NaiveDate,
    horizon: i64,
    min_lookback: i64,
) -> Option<GeneratedQuestion> {
    let t = (as_of - start).num_days();
    let lookback = t.min(360);
    if lookback < min_lookback {
        return None;
    }
    let sum = |a: i64, b: i64| -> u64 {
        let a = a.clamp(0, counts.len() as i64) as usize;
        let b = b.clamp(0, counts.len() as i64) as usize;
        counts[a..b].iter().sum()
    };
    let threshold = sum(t - lookback, t) as f64 / lookback as f64 * horizon as f64;
    let end = t + horizon;
    let known = end <= counts.len() as i64;
    let resolved_count = known.then(|| sum(t, end));
    let resolution_date = as_of + Duration::days(horizon);
    Some(GeneratedQuestion {
        id: format!(
            "{}-{}-{}d",
            series.to_lowercase().replace(['/', ' '], "-"),
            as_of,
            horizon
        ),
        question: format!(
            "Will there be more {label} in the {horizon} days from {as_of} to {resolution_date} \
             than the {horizon}-day average over the past {lookback} days ({threshold:.1})?"
        ),
        series: series.to_string(),
        as_of,
        resolution_date,
        threshold,
        lookback_days: lookback,
        last_30d: sum(t - 30, t),
        resolved: resolved_count.map(|c| c as f64 > threshold),
        resolved_count,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn question_resolves_when_data_covers_it() {
        let start = NaiveDate::from_ymd_opt(2022, 1, 1).unwrap();
        let mut counts = vec![1u64; 120];
        for c in counts.iter_mut().skip(60) {
            *c = 3;
        }
        let q = question_for(
            "acled/ASSAULT/UKR",
            "ASSAULT events in Ukraine",
            &counts,
            start,
            start + Duration::days(60),
            30,
            30,
        )
        .unwrap();
        assert_eq!(q.threshold, 30.0);
        assert_eq!(q.resolved, Some(true));
        assert_eq!(q.resolved_count, Some(90));
        let open = question_for(
            "x",
            "x",
            &counts,
            start,
            start + Duration::days(100),
            30,
            30,
        )
        .unwrap();
        assert_eq!(open.resolved, None);
        assert!(
            question_for("x", "x", &counts, start, start + Duration::days(10), 30, 30).is_none()
        );
    }
}
