//! Number formatting shared by every output, so a figure reads the same in the terminal, the
//! Markdown and the HTML.

/// Unicode minus: lines up with `+` in monospace and is what style guides ask for in prose.
pub(crate) const MINUS: char = '\u{2212}';

pub(crate) fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// `0.1843` → `18.4%`. Clamped so rounding noise never prints `-0.0%` or `100.1%`; a
/// probability that rounds to 0 or 100 but is not exactly that prints as `<0.1%` or `>99.9%`,
/// because "0.0%" reads as "impossible", which the model never says.
pub(crate) fn pct(p: f64) -> String {
    if p.is_nan() {
        return "n/a".to_string();
    }
    let p = p.clamp(0.0, 1.0);
    if p > 0.0 && p < 0.0005 {
        return "<0.1%".to_string();
    }
    if (0.9995..1.0).contains(&p) {
        return ">99.9%".to_string();
    }
    format!("{:.1}%", p * 100.0)
}

/// A signed number with a fixed number of decimals; a value that rounds to zero gets no sign,
/// because "+0.0" and "−0.0" both suggest a movement that did not happen.
pub(crate) fn signed(x: f64, decimals: usize) -> String {
    let magnitude = format!("{:.*}", decimals, x.abs());
    if x.is_nan() {
        "n/a".to_string()
    } else if magnitude.chars().all(|c| c == '0' || c == '.') {
        magnitude
    } else if x > 0.0 {
        format!("+{magnitude}")
    } else {
        format!("{MINUS}{magnitude}")
    }
}

/// A probability difference in percentage points: `0.031` → `+3.1 pts`.
pub(crate) fn pts(delta: f64) -> String {
    format!("{} pts", signed(delta * 100.0, 1))
}

/// Log-odds to two decimals: `+0.52`.
pub(crate) fn log_odds(x: f64) -> String {
    signed(x, 2)
}

/// How far one contribution moved the probability: the forecast with it minus the forecast
/// without it, everything else held. Log-odds add up, points do not, so this is a marginal view.
pub(crate) fn marginal_pts(total_log_odds: f64, contribution: f64) -> f64 {
    sigmoid(total_log_odds) - sigmoid(total_log_odds - contribution)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signs_and_rounding() {
        assert_eq!(pct(0.1843), "18.4%");
        assert_eq!(pct(-1e-9), "0.0%");
        assert_eq!(pct(0.0004), "<0.1%");
        assert_eq!(pct(0.0006), "0.1%");
        assert_eq!(pct(0.99951), ">99.9%");
        assert_eq!(pts(0.031), "+3.1 pts");
        assert_eq!(pts(-0.02), "\u{2212}2.0 pts");
        assert_eq!(pts(-0.0001), "0.0 pts");
        assert_eq!(log_odds(0.5249), "+0.52");
        assert_eq!(log_odds(-0.4), "\u{2212}0.40");
    }
}
