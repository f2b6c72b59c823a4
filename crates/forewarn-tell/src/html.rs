use std::fmt::Write as _;

use forewarn_model::{Direction, TimelinePoint};

use crate::Briefing;
use crate::doc::{Block, Doc, Span, build};
use crate::num::pct;
use crate::text::collapse;

const CSS: &str = "\
:root{--ink:#1f2328;--muted:#59636e;--rule:#d0d7de;--up:#b42318;--down:#1d5fa8;--bg:#fff}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:16px/1.55 Georgia,'Times New Roman',serif}
article{max-width:46rem;margin:0 auto;padding:2rem 1.25rem 3rem}
header{border-bottom:2px solid var(--ink);margin-bottom:1.5rem}
.kicker{font:600 .75rem/1 system-ui,sans-serif;letter-spacing:.08em;text-transform:uppercase;color:var(--muted);margin:0 0 .5rem}
h1{font-size:1.9rem;line-height:1.2;margin:0 0 .5rem}
h2{font:600 .85rem/1.2 system-ui,sans-serif;letter-spacing:.06em;text-transform:uppercase;color:var(--muted);border-top:1px solid var(--rule);padding-top:1rem;margin:2rem 0 .75rem}
.meta{font:.85rem/1.4 system-ui,sans-serif;color:var(--muted)}
.lead{font-size:1.25rem}
code{font:.85em ui-monospace,Menlo,Consolas,monospace}
time{font:.85em ui-monospace,Menlo,Consolas,monospace;white-space:nowrap}
ul,ol{padding-left:1.4rem}
li{margin:.35rem 0}
ul.timeline{list-style:none;padding-left:0}
ul.timeline li{padding-left:.75rem;border-left:2px solid var(--rule)}
ul.change{list-style:none;padding-left:0}
.up{color:var(--up)}
.down{color:var(--down)}
q{font-style:italic}
figure{margin:1rem 0}
figcaption{font:.8rem/1.4 system-ui,sans-serif;color:var(--muted)}
svg{width:100%;height:auto;font:11px system-ui,sans-serif}
svg .grid{stroke:var(--rule);stroke-width:1}
svg .axis{fill:var(--muted)}
svg .line{fill:none;stroke:var(--ink);stroke-width:2;stroke-linejoin:round}
svg .dot{fill:var(--ink)}
svg .up{fill:var(--up)}
svg .down{fill:var(--down)}
@media print{body{font-size:11pt}article{max-width:none;padding:0}h2{break-after:avoid}li,figure{break-inside:avoid}}
";

/// Escapes the five characters that can end text or attribute context.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn spans(out: &mut String, spans: &[Span]) {
    for s in spans {
        match s {
            Span::Text(x) => out.push_str(&escape(x)),
            Span::Strong(x) => {
                let _ = write!(out, "<strong>{}</strong>", escape(x));
            }
            Span::Em(x) => {
                let _ = write!(out, "<em>{}</em>", escape(x));
            }
            Span::Code(x) => {
                let _ = write!(out, "<code>{}</code>", escape(x));
            }
            Span::Quote(x) => {
                let _ = write!(out, "<q>{}</q>", escape(x));
            }
            Span::Date(d) => {
                let _ = write!(out, "<time datetime=\"{d}\">{d}</time>");
            }
            Span::Marker(Direction::For) => {
                out.push_str("<span class=\"up\" title=\"up\">▲</span>")
            }
            Span::Marker(Direction::Against) => {
                out.push_str("<span class=\"down\" title=\"down\">▼</span>")
            }
        }
    }
}

pub(crate) fn render(b: &Briefing) -> String {
    let doc: Doc = build(b);
    let mut out = String::from(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"forewarn\">\n",
    );
    let _ = writeln!(
        out,
        "<title>{} — forewarn briefing, {}</title>",
        escape(&doc.title),
        b.forecast.as_of
    );
    let _ = write!(
        out,
        "<style>\n{CSS}</style>\n</head>\n<body>\n<article>\n<header>\n"
    );
    out.push_str("<p class=\"kicker\">forewarn briefing</p>\n");
    let _ = writeln!(out, "<h1>{}</h1>", escape(&doc.title));
    out.push_str("<p class=\"meta\">");
    spans(&mut out, &doc.meta);
    out.push_str("</p>\n</header>\n");
    for section in &doc.sections {
        let _ = write!(
            out,
            "<section id=\"{id}\" aria-labelledby=\"{id}-h\">\n<h2 id=\"{id}-h\">{}</h2>\n",
            escape(section.title),
            id = section.id
        );
        for block in &section.blocks {
            match block {
                Block::Lead(s) => {
                    out.push_str("<p class=\"lead\">");
                    spans(&mut out, s);
                    out.push_str("</p>\n");
                }
                Block::Para(s) => {
                    out.push_str("<p>");
                    spans(&mut out, s);
                    out.push_str("</p>\n");
                }
                Block::List {
                    ordered,
                    class,
                    items,
                } => {
                    let tag = if *ordered { "ol" } else { "ul" };
                    let _ = writeln!(out, "<{tag} class=\"{class}\">");
                    for item in items {
                        out.push_str("<li>");
                        spans(&mut out, item);
                        out.push_str("</li>\n");
                    }
                    let _ = writeln!(out, "</{tag}>");
                }
                Block::Chart => chart(&mut out, b),
            }
        }
        out.push_str("</section>\n");
    }
    out.push_str("</article>\n</body>\n</html>\n");
    out
}

// Plot geometry in SVG user units; the viewBox scales it to the page width.
const W: f64 = 640.0;
const H: f64 = 220.0;
const LEFT: f64 = 44.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 28.0;

/// The y-axis top: the next 10% step above the highest point, so low probabilities are not
/// squashed flat against a 0–100% axis, yet the axis always starts at zero to keep slopes honest.
fn y_max(points: &[TimelinePoint]) -> f64 {
    let hi = points
        .iter()
        .map(|p| p.probability)
        .filter(|p| p.is_finite())
        .fold(0.0, f64::max);
    ((hi.clamp(0.0, 1.0) * 10.0 - 1e-9).ceil().max(1.0) / 10.0).min(1.0)
}

fn chart(out: &mut String, b: &Briefing) {
    let mut points: Vec<TimelinePoint> = b
        .timeline
        .iter()
        .copied()
        .filter(|p| p.probability.is_finite())
        .collect();
    points.sort_by_key(|p| p.date);
    let (Some(first), Some(last)) = (points.first().copied(), points.last().copied()) else {
        return;
    };
    let ymax = y_max(&points);
    let span = last.date.signed_duration_since(first.date).num_days() as f64;
    let pw = W - LEFT - RIGHT;
    let ph = H - TOP - BOTTOM;
    let x = |d: chrono::NaiveDate| {
        if span > 0.0 {
            LEFT + d.signed_duration_since(first.date).num_days() as f64 / span * pw
        } else {
            LEFT + pw / 2.0
        }
    };
    let y = |p: f64| TOP + ph - p.clamp(0.0, ymax) / ymax * ph;
    let step = if ymax <= 0.2 {
        0.05
    } else if ymax <= 0.5 {
        0.1
    } else {
        0.2
    };
    let title = format!("Probability from {} to {}", first.date, last.date);
    let _ = write!(
        out,
        "<figure>\n<svg viewBox=\"0 0 {W} {H}\" role=\"img\" aria-labelledby=\"chart-title\" xmlns=\"http://www.w3.org/2000/svg\">\n<title id=\"chart-title\">{}</title>\n",
        escape(&title)
    );
    let ticks = (ymax / step + 1e-6).floor() as usize;
    for k in 0..=ticks {
        let v = k as f64 * step;
        let yy = y(v);
        let _ = writeln!(
            out,
            "<line class=\"grid\" x1=\"{LEFT:.1}\" y1=\"{yy:.1}\" x2=\"{:.1}\" y2=\"{yy:.1}\"/><text class=\"axis\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{:.0}%</text>",
            W - RIGHT,
            LEFT - 6.0,
            yy + 4.0,
            v * 100.0
        );
    }
    let base = TOP + ph;
    let _ = writeln!(
        out,
        "<text class=\"axis\" x=\"{LEFT:.1}\" y=\"{:.1}\" text-anchor=\"start\">{}</text>",
        base + 18.0,
        first.date
    );
    if span > 0.0 {
        let _ = writeln!(
            out,
            "<text class=\"axis\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            W - RIGHT,
            base + 18.0,
            last.date
        );
    }
    let coords: Vec<String> = points
        .iter()
        .map(|p| format!("{:.1},{:.1}", x(p.date), y(p.probability)))
        .collect();
    let _ = writeln!(
        out,
        "<polyline class=\"line\" points=\"{}\"/>",
        coords.join(" ")
    );
    let (lx, ly) = (x(last.date), y(last.probability));
    let _ = writeln!(
        out,
        "<circle class=\"dot\" cx=\"{lx:.1}\" cy=\"{ly:.1}\" r=\"3.5\"><title>{}: {}</title></circle>",
        last.date,
        pct(last.probability)
    );
    // Developments as small triangles on the baseline, so jumps in the line can be read
    // against what happened; hover text carries the development itself.
    let mut devs: Vec<_> = b
        .developments
        .iter()
        .filter(|d| d.date >= first.date && d.date <= last.date)
        .filter_map(|d| d.direction.map(|dir| (d, dir)))
        .collect();
    devs.sort_by_key(|(d, _)| d.date);
    let marked = !devs.is_empty();
    for (d, dir) in devs {
        let dx = x(d.date);
        let (class, pts) = match dir {
            Direction::For => (
                "up",
                format!(
                    "{:.1},{:.1} {:.1},{:.1} {dx:.1},{:.1}",
                    dx - 4.5,
                    base - 1.0,
                    dx + 4.5,
                    base - 1.0,
                    base - 9.0
                ),
            ),
            Direction::Against => (
                "down",
                format!(
                    "{:.1},{:.1} {:.1},{:.1} {dx:.1},{:.1}",
                    dx - 4.5,
                    base - 9.0,
                    dx + 4.5,
                    base - 9.0,
                    base - 1.0
                ),
            ),
        };
        let _ = writeln!(
            out,
            "<polygon class=\"{class}\" points=\"{pts}\"><title>{}: {}</title></polygon>",
            d.date,
            escape(&collapse(&d.text))
        );
    }
    let _ = write!(
        out,
        "</svg>\n<figcaption>Forecast probability, {} to {}: {} → {}.{}</figcaption>\n</figure>\n",
        first.date,
        last.date,
        pct(first.probability),
        pct(last.probability),
        if marked {
            " Triangles mark key developments (▲ up, ▼ down)."
        } else {
            ""
        }
    );
}
