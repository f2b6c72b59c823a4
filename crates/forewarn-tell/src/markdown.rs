use std::fmt::Write as _;

use forewarn_model::Direction;

use crate::Briefing;
use crate::doc::{Block, Doc, Span, build};
use crate::num::pct;
use crate::sparkline;

/// CommonMark backslash-escapes every ASCII punctuation character, so escaping the ones that
/// start emphasis, links, code or raw HTML keeps reported text inert (`<script>` stays text).
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        if matches!(
            ch,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '|'
        ) {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

fn spans(out: &mut String, spans: &[Span]) {
    for s in spans {
        match s {
            Span::Text(x) => out.push_str(&escape(x)),
            Span::Strong(x) => {
                let _ = write!(out, "**{}**", escape(x));
            }
            Span::Em(x) => {
                let _ = write!(out, "*{}*", escape(x));
            }
            Span::Code(x) => {
                let _ = write!(out, "`{}`", x.replace('`', "'"));
            }
            Span::Quote(x) => {
                let _ = write!(out, "\u{201c}{}\u{201d}", escape(x));
            }
            Span::Date(d) => {
                let _ = write!(out, "{d}");
            }
            Span::Marker(Direction::For) => out.push('▲'),
            Span::Marker(Direction::Against) => out.push('▼'),
        }
    }
}

pub(crate) fn render(b: &Briefing) -> String {
    let doc: Doc = build(b);
    let mut out = format!("# {}\n\n", escape(&doc.title));
    spans(&mut out, &doc.meta);
    out.push_str("\n\n");
    for section in &doc.sections {
        let _ = write!(out, "## {}\n\n", section.title);
        for block in &section.blocks {
            match block {
                Block::Lead(s) | Block::Para(s) => {
                    spans(&mut out, s);
                    out.push_str("\n\n");
                }
                Block::List { ordered, items, .. } => {
                    for (i, item) in items.iter().enumerate() {
                        if *ordered {
                            let _ = write!(out, "{}. ", i + 1);
                        } else {
                            out.push_str("- ");
                        }
                        spans(&mut out, item);
                        out.push('\n');
                    }
                    out.push('\n');
                }
                Block::Chart => chart(&mut out, b),
            }
        }
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

fn chart(out: &mut String, b: &Briefing) {
    let mut points = b.timeline.to_vec();
    points.sort_by_key(|p| p.date);
    let (Some(first), Some(last)) = (points.first(), points.last()) else {
        return;
    };
    let values: Vec<f64> = points.iter().map(|p| p.probability).collect();
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let _ = write!(
        out,
        "Path {} to {}: `{}` {} → {} (range {}–{}).\n\n",
        first.date,
        last.date,
        sparkline(&values),
        pct(first.probability),
        pct(last.probability),
        pct(lo),
        pct(hi)
    );
}
