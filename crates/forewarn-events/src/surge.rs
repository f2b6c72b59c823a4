//! Surges in a daily count series against a rolling baseline. `docs/surges.md` explains the
//! method; in short: the expected count for a day is the previous `window` days' mean, scaled
//! by a smoothed day-of-week factor and shrunk towards a small prior rate so that an all-zero
//! history does not make the first event infinitely surprising; the count is then scored by
//! its upper tail under a negative binomial whose dispersion is estimated from the window
//! (Poisson when the window is not over-dispersed), and the tail probability is reported as a
//! one-sided normal z-score. Exact tails keep zero-heavy series honest, where `(x − μ)/√μ` is
//! not.

use chrono::{Datelike, Duration, NaiveDate};
use serde::Serialize;

/// The knobs of the surge test.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SurgeParams {
    /// Days of history in the baseline.
    pub window: usize,
    /// Days of history needed before a day can be flagged.
    pub min_history: usize,
    /// Flag days at or above this z-score…
    pub min_z: f64,
    /// …that have at least this many events.
    pub min_count: u64,
    /// Gamma prior on the daily rate: `prior_events` events over `prior_days` days.
    pub prior_events: f64,
    pub prior_days: f64,
    /// Pseudo-count per weekday when estimating day-of-week factors.
    pub weekday_pseudo: f64,
}

impl Default for SurgeParams {
    fn default() -> Self {
        SurgeParams {
            window: 28,
            min_history: 14,
            min_z: 3.0,
            min_count: 3,
            prior_events: 0.5,
            prior_days: 1.0,
            weekday_pseudo: 2.0,
        }
    }
}

/// One day of a scored series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SurgeDay {
    pub date: NaiveDate,
    pub count: u64,
    /// Expected count from the baseline.
    pub expected: f64,
    /// Counts above this are beyond `min_z` (the top of the baseline band).
    pub upper: f64,
    /// One-sided z-score of the count's upper tail; 0 when not scored (too little history).
    pub z: f64,
    pub flagged: bool,
}

/// Consecutive flagged days, with gaps of at most `gap` days merged.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SurgeEpisode {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub flagged_days: usize,
    pub events: u64,
    pub peak_z: f64,
    pub peak_date: NaiveDate,
}

/// Fills a sparse `(date, count)` list into a dense daily series over `[start, end]`.
pub fn dense(
    counts: &[(NaiveDate, u64)],
    start: NaiveDate,
    end: NaiveDate,
) -> Vec<(NaiveDate, u64)> {
    let mut out = Vec::new();
    let mut it = counts.iter().peekable();
    let mut d = start;
    while d <= end {
        while it.peek().is_some_and(|(x, _)| *x < d) {
            it.next();
        }
        let n = match it.peek() {
            Some((x, n)) if *x == d => *n,
            _ => 0,
        };
        out.push((d, n));
        d += Duration::days(1);
    }
    out
}

/// Scores every day of a dense daily series.
pub fn score(series: &[(NaiveDate, u64)], p: &SurgeParams) -> Vec<SurgeDay> {
    (0..series.len()).map(|i| score_day(series, i, p)).collect()
}

/// The flagged days of [`score`], each exactly as `score` gives it. Only days that can be
/// flagged (enough history, at least `min_count` events) are scored: a forecast needs no
/// band and no z-score of a quiet day, and those tails were most of its surge cost.
pub fn flagged(series: &[(NaiveDate, u64)], p: &SurgeParams) -> Vec<SurgeDay> {
    (p.min_history..series.len())
        .filter(|&i| series[i].1 >= p.min_count)
        .map(|i| score_day(series, i, p))
        .filter(|d| d.flagged)
        .collect()
}

/// Day `i` of `series` scored against the days before it.
fn score_day(series: &[(NaiveDate, u64)], i: usize, p: &SurgeParams) -> SurgeDay {
    let (date, count) = series[i];
    let from = i.saturating_sub(p.window);
    let hist = &series[from..i];
    let (expected, k) = baseline(hist, date, p);
    let scored = i >= p.min_history;
    let z = if scored {
        tail_z(count, expected, k)
    } else {
        0.0
    };
    let upper = band_upper(expected, k, p.min_z);
    SurgeDay {
        date,
        count,
        expected,
        upper,
        z,
        flagged: scored && z >= p.min_z && count >= p.min_count,
    }
}

/// Expected count for `date` and the negative-binomial size `k` (infinite: Poisson).
fn baseline(hist: &[(NaiveDate, u64)], date: NaiveDate, p: &SurgeParams) -> (f64, f64) {
    let n = hist.len() as f64;
    let sum: f64 = hist.iter().map(|&(_, c)| c as f64).sum();
    let rate = (sum + p.prior_events) / (n + p.prior_days);
    // Day-of-week factor: this weekday's share of the window, smoothed towards 1.
    let wd = date.weekday().num_days_from_monday();
    let (same_sum, same_n) = hist
        .iter()
        .filter(|(d, _)| d.weekday().num_days_from_monday() == wd)
        .fold((0.0, 0.0), |(s, m), &(_, c)| (s + c as f64, m + 1.0));
    let factor = if same_n > 0.0 && sum > 0.0 {
        let same_rate = same_sum / same_n;
        let all_rate = sum / n;
        (same_rate * same_n + p.weekday_pseudo * all_rate)
            / ((same_n + p.weekday_pseudo) * all_rate)
    } else {
        1.0
    };
    let expected = rate * factor;
    // Over-dispersion by the method of moments; never below Poisson.
    let k = if n >= 2.0 {
        let mean = sum / n;
        let var = hist
            .iter()
            .map(|&(_, c)| (c as f64 - mean).powi(2))
            .sum::<f64>()
            / (n - 1.0);
        if var > mean * 1.05 && mean > 0.0 {
            (mean * mean / (var - mean)).max(0.5)
        } else {
            f64::INFINITY
        }
    } else {
        f64::INFINITY
    };
    (expected, k)
}

fn ln_gamma(x: f64) -> f64 {
    // Lanczos approximation (g = 7, n = 9); accurate to ~1e-15 for x > 0.
    const C: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        return (std::f64::consts::PI / (std::f64::consts::PI * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut a = C[0];
    let t = x + 7.5;
    for (i, c) in C.iter().enumerate().skip(1) {
        a += c / (x + i as f64);
    }
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + a.ln()
}

/// ln P(X = x) for a negative binomial with mean `mu` and size `k` (Poisson when infinite).
fn ln_pmf(x: u64, mu: f64, k: f64) -> f64 {
    let xf = x as f64;
    if k.is_infinite() {
        xf * mu.ln() - mu - ln_gamma(xf + 1.0)
    } else {
        ln_gamma(xf + k) - ln_gamma(k) - ln_gamma(xf + 1.0)
            + k * (k / (k + mu)).ln()
            + xf * (mu / (k + mu)).ln()
    }
}

/// P(X ≥ x), summed upward from x so tiny tails keep their precision.
pub fn upper_tail(x: u64, mu: f64, k: f64) -> f64 {
    if x == 0 {
        return 1.0;
    }
    let mu = mu.max(1e-9);
    if (x as f64) < mu {
        // Below the mean the complement is small and safe to sum.
        let below: f64 = (0..x).map(|j| ln_pmf(j, mu, k).exp()).sum();
        return (1.0 - below).clamp(0.0, 1.0);
    }
    let mut total = 0.0;
    let mut j = x;
    loop {
        let term = ln_pmf(j, mu, k).exp();
        total += term;
        if term < total * 1e-12 || term == 0.0 || j > x + 100_000 {
            break;
        }
        j += 1;
    }
    total.min(1.0)
}

/// The cap on a day's z-score (both ways): a surge threshold above it can never be met.
pub const MAX_Z: f64 = 40.0;

/// Whether a surge threshold can be met: above 0 and at most [`MAX_Z`] (NaN is not).
pub fn reachable_min_z(min_z: f64) -> bool {
    min_z > 0.0 && min_z <= MAX_Z
}

/// One-sided z for a count: Φ⁻¹(1 − P(X ≥ x)), capped at ±[`MAX_Z`].
pub fn tail_z(x: u64, mu: f64, k: f64) -> f64 {
    let p = upper_tail(x, mu, k);
    if p <= 0.0 {
        return MAX_Z;
    }
    (-normal_quantile(p)).clamp(-MAX_Z, MAX_Z)
}

/// The largest count that is not yet a surge at `min_z`, for plotting the band. `tail_z` grows
/// with the count, so the edge is found by doubling then halving: a step per count would take a
/// million steps a day for a threshold above the z cap, and thousands on a busy series.
fn band_upper(mu: f64, k: f64, min_z: f64) -> f64 {
    const LIMIT: u64 = 1_000_000;
    let below = |c: u64| tail_z(c + 1, mu, k) < min_z;
    let start = mu.floor() as u64;
    if start >= LIMIT || !below(start) {
        return start as f64;
    }
    // `below(lo)` holds throughout; `hi` is the first count found where it does not.
    let (mut lo, mut step) = (start, 1u64);
    let mut hi = loop {
        let next = lo.saturating_add(step).min(LIMIT);
        if !below(next) {
            break next;
        }
        if next == LIMIT {
            return LIMIT as f64;
        }
        lo = next;
        step = step.saturating_mul(2);
    };
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if below(mid) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    hi as f64
}

/// Φ⁻¹(p) by Acklam's rational approximation with one Newton refinement step.
pub fn normal_quantile(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    let p = p.clamp(1e-300, 1.0 - 1e-16);
    let tail = |q: f64| {
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    if p < 0.02425 {
        tail((-2.0 * p.ln()).sqrt())
    } else if p > 1.0 - 0.02425 {
        -tail((-2.0 * (1.0 - p).ln()).sqrt())
    } else {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    }
}

/// Groups flagged days into episodes, merging flags at most `gap` days apart.
pub fn episodes(days: &[SurgeDay], gap: i64) -> Vec<SurgeEpisode> {
    let mut out: Vec<SurgeEpisode> = Vec::new();
    for d in days.iter().filter(|d| d.flagged) {
        match out.last_mut() {
            Some(e) if (d.date - e.end).num_days() <= gap => {
                e.end = d.date;
                e.flagged_days += 1;
                e.events += d.count;
                if d.z > e.peak_z {
                    e.peak_z = d.z;
                    e.peak_date = d.date;
                }
            }
            _ => out.push(SurgeEpisode {
                start: d.date,
                end: d.date,
                flagged_days: 1,
                events: d.count,
                peak_z: d.z,
                peak_date: d.date,
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The search gives what stepping one count at a time gives, on calm and busy series,
    /// Poisson and overdispersed, and for thresholds up to and beyond the z cap.
    #[test]
    fn band_edge_is_the_first_count_that_is_a_surge() {
        let stepwise = |mu: f64, k: f64, min_z: f64| {
            let mut c = mu.floor() as u64;
            while tail_z(c + 1, mu, k) < min_z && c < 1_000_000 {
                c += 1;
            }
            c as f64
        };
        for mu in [0.0, 0.3, 2.5, 17.0, 240.0] {
            for k in [f64::INFINITY, 0.8, 5.0, 60.0] {
                for min_z in [0.5, 2.0, 3.0, 6.5, 12.0] {
                    let edge = band_upper(mu, k, min_z);
                    if edge - mu.floor() <= 300.0 {
                        assert_eq!(
                            edge,
                            stepwise(mu, k, min_z),
                            "mu {mu}, k {k}, min_z {min_z}"
                        );
                    } else {
                        // Too far to step to (heavy tails): check the edge itself.
                        let c = edge as u64;
                        assert!(
                            tail_z(c, mu, k) < min_z && tail_z(c + 1, mu, k) >= min_z,
                            "mu {mu}, k {k}, min_z {min_z}: edge {edge}"
                        );
                    }
                }
            }
        }
        // Beyond the cap of 40 no count is a surge: the band ends at the search limit.
        assert_eq!(band_upper(3.0, f64::INFINITY, 1e122), 1_000_000.0);
    }

    fn day(i: i64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2022, 1, 3).unwrap() + Duration::days(i)
    }

    #[test]
    fn quantiles_and_tails() {
        assert!((normal_quantile(0.975) - 1.959_964).abs() < 1e-5);
        assert!((normal_quantile(1e-10) + 6.361_340).abs() < 1e-4);
        // Poisson(1): P(X ≥ 3) = 1 − e⁻¹(1 + 1 + 0.5).
        let p = upper_tail(3, 1.0, f64::INFINITY);
        assert!((p - (1.0 - (-1f64).exp() * 2.5)).abs() < 1e-9);
        assert_eq!(upper_tail(0, 3.0, 2.0), 1.0);
    }

    #[test]
    fn a_jump_in_a_sparse_series_is_flagged_and_noise_is_not() {
        // One event every few days, then eight on one day.
        let mut counts: Vec<(NaiveDate, u64)> =
            (0..40).map(|i| (day(i), u64::from(i % 4 == 0))).collect();
        counts[35].1 = 8;
        let scored = score(&counts, &SurgeParams::default());
        let flagged: Vec<_> = scored
            .iter()
            .filter(|d| d.flagged)
            .map(|d| d.date)
            .collect();
        assert_eq!(flagged, vec![day(35)]);
        assert!(scored[35].z > 3.0 && scored[35].upper < 8.0);
        let eps = episodes(&scored, 7);
        assert_eq!(eps.len(), 1);
        assert_eq!(eps[0].events, 8);
    }

    /// `flagged` skips the days that cannot be flagged and keeps the rest as `score` has them.
    #[test]
    fn flagged_days_are_the_flagged_days_of_the_score() {
        // Sparse noise with a jump every few weeks, of 2 to 13 events.
        let counts: Vec<(NaiveDate, u64)> = (0..120)
            .map(|i| {
                let n = if i % 17 == 16 {
                    2 + (i as u64 % 12)
                } else {
                    u64::from(i % 5 == 0)
                };
                (day(i), n)
            })
            .collect();
        for min_count in [0, 1, 3, 10] {
            for min_z in [0.5, 1.5, 3.0] {
                let p = SurgeParams {
                    min_count,
                    min_z,
                    ..SurgeParams::default()
                };
                let all: Vec<SurgeDay> = score(&counts, &p)
                    .into_iter()
                    .filter(|d| d.flagged)
                    .collect();
                assert!(!all.is_empty(), "min_count {min_count}, min_z {min_z}");
                assert_eq!(
                    flagged(&counts, &p),
                    all,
                    "min_count {min_count}, min_z {min_z}"
                );
            }
        }
    }

    #[test]
    fn weekday_pattern_is_not_a_surge() {
        // Ten events every Monday, none otherwise.
        let counts: Vec<(NaiveDate, u64)> = (0..70)
            .map(|i| (day(i), if i % 7 == 0 { 10 } else { 0 }))
            .collect();
        let scored = score(&counts, &SurgeParams::default());
        assert!(scored.iter().all(|d| !d.flagged), "{scored:?}");
    }

    #[test]
    fn dense_fills_gaps_with_zeros() {
        let d = dense(&[(day(1), 2), (day(3), 1)], day(0), day(4));
        assert_eq!(
            d.iter().map(|x| x.1).collect::<Vec<_>>(),
            vec![0, 2, 0, 1, 0]
        );
    }
}
