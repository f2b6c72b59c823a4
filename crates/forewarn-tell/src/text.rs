//! Plain-text outputs for the terminal: sparkline, tables, the one-line forecast.

use std::fmt::Write as _;

use forewarn_model::{ActorRef, Contribution, Direction, Forecast, Question, TimelinePoint};

use crate::num::{log_odds, marginal_pts, pct, pts};

const BLOCKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
/// Eighth-width blocks for bars, index = eighths filled.
const EIGHTHS: [char; 8] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
/// Columns a 100% bar takes. Bars use an absolute 0–100% scale so that two tables compare.
const BAR_WIDTH: usize = 40;
/// Columns for wrapped sentences in the evidence table.
const WRAP: usize = 76;
/// Longest sentence shown in full; longer ones are cut at a word boundary.
const MAX_SENTENCE: usize = 400;

/// A Unicode block sparkline, one character per value, scaled to the series' min..max.
///
/// A flat series prints middle blocks (it says "no movement", not "at the top"); non-finite
/// values print as spaces so gaps stay visible.
///
/// ```
/// assert_eq!(forewarn_tell::sparkline(&[1.0, 2.0, 8.0]), "▁▂█");
/// assert_eq!(forewarn_tell::sparkline(&[0.5, 0.5]), "▄▄");
/// ```
pub fn sparkline(values: &[f64]) -> String {
    let finite = values.iter().copied().filter(|v| v.is_finite());
    let min = finite.clone().fold(f64::INFINITY, f64::min);
    let max = finite.fold(f64::NEG_INFINITY, f64::max);
    let range = max - min;
    values
        .iter()
        .map(|&v| {
            if !v.is_finite() {
                ' '
            } else if range <= f64::EPSILON * max.abs().max(1.0) {
                BLOCKS[3]
            } else {
                let idx = ((v - min) / range * 7.0).round() as usize;
                BLOCKS[idx.min(7)]
            }
        })
        .collect()
}

fn bar(p: f64) -> String {
    let eighths = (p.clamp(0.0, 1.0) * (BAR_WIDTH * 8) as f64).round() as usize;
    let mut s = "█".repeat(eighths / 8);
    let rem = eighths % 8;
    if rem > 0 {
        s.push(EIGHTHS[rem]);
    }
    s
}

/// An aligned plain-text table of a probability path: date, probability, and a bar on a fixed
/// 0–100% scale (40 columns at 100%).
///
/// ```
/// use chrono::NaiveDate;
/// use forewarn_model::TimelinePoint;
/// let d = NaiveDate::from_ymd_opt(2023, 1, 1).unwrap();
/// let t = forewarn_tell::timeline_table(&[TimelinePoint { date: d, probability: 0.25 }]);
/// assert!(t.contains("2023-01-01   25.0%  ██████████"));
/// ```
pub fn timeline_table(points: &[TimelinePoint]) -> String {
    let mut out = format!("{:<10}  {:>6}  0%", "date", "prob");
    out.push_str(&" ".repeat(BAR_WIDTH - 6));
    out.push_str("100%\n");
    for p in points {
        let line = format!(
            "{}  {:>6}  {}",
            p.date,
            pct(p.probability),
            bar(p.probability)
        );
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// One line per forecast: `belarus-joins-war  18.4%  (+3.1 pts 7d, −2.0 pts 30d)  as of 2023-02-28`.
/// Changes that are `None` are left out, and so are the brackets when both are.
pub fn forecast_line(
    question: &Question,
    forecast: &Forecast,
    change_7d: Option<f64>,
    change_30d: Option<f64>,
) -> String {
    let changes: Vec<String> = [(change_7d, "7d"), (change_30d, "30d")]
        .into_iter()
        .filter_map(|(c, label)| c.map(|c| format!("{} {label}", pts(c))))
        .collect();
    let mut line = format!("{}  {}", question.id, pct(forecast.probability));
    if !changes.is_empty() {
        let _ = write!(line, "  ({})", changes.join(", "));
    }
    let _ = write!(line, "  as of {}", forecast.as_of);
    if let Some(r) = &forecast.reported {
        let _ = write!(line, "  — {}", r.summary());
    }
    line
}

/// The reports that the outcome happened, one per line: `2022-02-24 (bbc) "…"`. Empty when
/// nothing reports it.
pub fn reported_lines(forecast: &Forecast, limit: usize) -> String {
    let Some(r) = &forecast.reported else {
        return String::new();
    };
    let mut out = format!("Outcome {} (happened: {})\n", r.summary(), pct(r.happened));
    for s in r.reports.iter().take(limit) {
        let _ = writeln!(
            out,
            "  {} {}{}\"{}\"",
            s.published,
            s.document_source
                .as_deref()
                .map(|src| format!("({src}) "))
                .unwrap_or_default(),
            if s.denial { "denial: " } else { "" },
            truncate(&collapse(&s.sentence), 200)
        );
    }
    out
}

/// Contributions in one direction, strongest first. Sorted here rather than trusting the input
/// order, with date and indicator as tie-breaks, so output never depends on caller order.
pub(crate) fn ranked(forecast: &Forecast, direction: Direction) -> Vec<&Contribution> {
    let mut v: Vec<&Contribution> = forecast
        .contributions
        .iter()
        .filter(|c| c.direction == direction)
        .collect();
    v.sort_by(|a, b| {
        b.log_odds
            .abs()
            .total_cmp(&a.log_odds.abs())
            .then(a.date.cmp(&b.date))
            .then(a.indicator_id.cmp(&b.indicator_id))
            .then(a.sentence_id.cmp(&b.sentence_id))
    });
    v
}

/// `Alexander Lukashenko (BLR GOV)`; duplicates dropped, order kept.
pub(crate) fn actors(list: &[ActorRef]) -> String {
    let mut seen: Vec<String> = Vec::new();
    for a in list {
        let name = a.name.as_deref().unwrap_or(&a.text).trim();
        let codes: Vec<&str> = [a.country.as_deref(), a.sector.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        let s = if codes.is_empty() {
            name.to_string()
        } else {
            format!("{name} ({})", codes.join(" "))
        };
        if !s.is_empty() && !seen.contains(&s) {
            seen.push(s);
        }
    }
    seen.join("; ")
}

/// `Title (source)`, or whichever half exists.
pub(crate) fn document(c: &Contribution) -> Option<String> {
    match (
        clean(c.document_title.as_deref()),
        clean(c.document_source.as_deref()),
    ) {
        (Some(t), Some(s)) => Some(format!("{t} ({s})")),
        (Some(t), None) => Some(t),
        (None, Some(s)) => Some(s),
        (None, None) => None,
    }
}

fn clean(s: Option<&str>) -> Option<String> {
    s.map(collapse).filter(|s| !s.is_empty())
}

/// Runs of whitespace (including newlines from extraction) become one space.
pub(crate) fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Collapse whitespace and cut at a word boundary after `max` characters, marking the cut.
pub(crate) fn truncate(s: &str, max: usize) -> String {
    let s = collapse(s);
    if s.chars().count() <= max {
        return s;
    }
    let cut: String = s.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ']))
}

/// Greedy word wrap by characters; a word longer than the width gets a line of its own.
fn wrap(s: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in s.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// The evidence behind a forecast in one direction, for `forewarn explain`: one record per
/// contribution, strongest first, at most `limit`.
///
/// Each record gives rank, date, the contribution in log-odds and in percentage points (the
/// forecast with it minus without it), the indicator, the sentence wrapped to 76 columns
/// (cut at 400 characters), the source document, the actors, and how the report was weighed.
pub fn evidence_table(forecast: &Forecast, direction: Direction, limit: usize) -> String {
    let all = ranked(forecast, direction);
    if all.is_empty() {
        return format!(
            "No evidence {} as of {}.\n",
            direction.as_str(),
            forecast.as_of
        );
    }
    let shown = &all[..limit.min(all.len())];
    let width = shown.len().to_string().len().max(1);
    let pad = " ".repeat(width + 2);
    let mut out = format!(
        "{:>width$}  date        log-odds      pts  indicator\n",
        "#",
        width = width
    );
    for (i, c) in shown.iter().enumerate() {
        let _ = writeln!(
            out,
            "{:>width$}  {}  {:>8}  {:>7}  {}",
            i + 1,
            c.date,
            log_odds(c.log_odds),
            pts(marginal_pts(forecast.log_odds, c.log_odds)).trim_end_matches(" pts"),
            collapse(&c.indicator_label),
            width = width
        );
        let sentence = format!("\u{201c}{}\u{201d}", truncate(&c.sentence, MAX_SENTENCE));
        for line in wrap(&sentence, WRAP) {
            let _ = writeln!(out, "{pad}{line}");
        }
        if let Some(doc) = document(c) {
            let _ = writeln!(out, "{pad}source: {}", truncate(&doc, WRAP));
        }
        let who = actors(&c.actors);
        if !who.is_empty() {
            let _ = writeln!(out, "{pad}actors: {}", truncate(&who, WRAP));
        }
        for (j, line) in wrap(&format!("weighed: {}", weighing(c)), WRAP)
            .iter()
            .enumerate()
        {
            let indent = if j == 0 { "" } else { "         " };
            let _ = writeln!(out, "{pad}{indent}{line}");
        }
    }
    if all.len() > shown.len() {
        let rest = &all[shown.len()..];
        let sum: f64 = rest.iter().map(|c| c.log_odds).sum();
        let _ = writeln!(
            out,
            "… {} more, together {} log-odds",
            rest.len(),
            log_odds(sum)
        );
    }
    out
}

/// How the model treated a report: its rank within the indicator, decay and folded duplicates.
pub(crate) fn weighing(c: &Contribution) -> String {
    let mut parts = vec![format!("published {}", c.published)];
    parts.push(if c.rank <= 1 {
        "first independent report".to_string()
    } else {
        format!("independent report #{}", c.rank)
    });
    if c.decay < 0.995 {
        parts.push(format!(
            "{:.0}% weight left after decay",
            c.decay.clamp(0.0, 1.0) * 100.0
        ));
    }
    if c.novelty < 0.995 {
        parts.push(format!(
            "{:.0}% counted as above its usual level",
            c.novelty.clamp(0.0, 1.0) * 100.0
        ));
    }
    match c.duplicates {
        0 => {}
        1 => parts.push("1 near-duplicate counted once".to_string()),
        n => parts.push(format!("{n} near-duplicates counted once")),
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncates_at_word_boundary() {
        assert_eq!(truncate("one two three four", 9), "one two…");
        assert_eq!(truncate("short", 9), "short");
        assert_eq!(truncate("a\n  b", 9), "a b");
    }

    #[test]
    fn wraps_long_words_alone() {
        assert_eq!(wrap("aa bbbbbbbbbb c", 4), vec!["aa", "bbbbbbbbbb", "c"]);
    }

    #[test]
    fn bar_uses_eighths() {
        assert_eq!(bar(0.0), "");
        assert_eq!(bar(1.0).chars().count(), BAR_WIDTH);
        assert_eq!(bar(0.25 + 1.0 / 320.0), "██████████▏");
    }
}
