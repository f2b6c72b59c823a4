//! An SVG of a surge series: daily counts as bars, the baseline's expected count as a line,
//! its band up to the surge limit shaded, and flagged days marked.

use std::fmt::Write;

use crate::surge::SurgeDay;

/// Renders `days` with `title`; pure, so the same input gives the same bytes.
pub fn surge_svg(days: &[SurgeDay], title: &str) -> String {
    let (w, h, left, bottom, top) = (900.0, 320.0, 48.0, 40.0, 30.0);
    let plot_w = w - left - 12.0;
    let plot_h = h - bottom - top;
    let max = days
        .iter()
        .map(|d| (d.count as f64).max(d.upper))
        .fold(1.0f64, f64::max);
    let n = days.len().max(1) as f64;
    let x = |i: usize| left + plot_w * (i as f64 + 0.5) / n;
    let y = |v: f64| top + plot_h * (1.0 - v / max);
    let bar = (plot_w / n * 0.8).max(0.5);
    let mut s = String::new();
    let _ = write!(
        s,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="sans-serif" font-size="11">
<rect width="100%" height="100%" fill="#fff"/>
<text x="{left}" y="18" font-size="13">{}</text>
"##,
        escape(title)
    );
    // Band: expected .. upper.
    let mut band = String::new();
    for (i, d) in days.iter().enumerate() {
        let _ = write!(band, "{:.1},{:.1} ", x(i), y(d.upper));
    }
    for (i, d) in days.iter().enumerate().rev() {
        let _ = write!(band, "{:.1},{:.1} ", x(i), y(d.expected));
    }
    let _ = writeln!(
        s,
        r##"<polygon points="{}" fill="#9ecae1" fill-opacity="0.5"/>"##,
        band.trim()
    );
    for (i, d) in days.iter().enumerate() {
        if d.count > 0 {
            let _ = writeln!(
                s,
                r##"<rect x="{:.1}" y="{:.1}" width="{bar:.1}" height="{:.1}" fill="{}"><title>{} {} events, expected {:.2}, z {:.1}</title></rect>"##,
                x(i) - bar / 2.0,
                y(d.count as f64),
                y(0.0) - y(d.count as f64),
                if d.flagged { "#d62728" } else { "#555" },
                d.date,
                d.count,
                d.expected,
                d.z
            );
        }
    }
    let mut line = String::new();
    for (i, d) in days.iter().enumerate() {
        let _ = write!(line, "{:.1},{:.1} ", x(i), y(d.expected));
    }
    let _ = writeln!(
        s,
        r##"<polyline points="{}" fill="none" stroke="#08519c" stroke-width="1.5"/>"##,
        line.trim()
    );
    for (i, d) in days.iter().enumerate().filter(|(_, d)| d.flagged) {
        let _ = writeln!(
            s,
            r##"<circle cx="{:.1}" cy="{:.1}" r="3.5" fill="#d62728"/>"##,
            x(i),
            y(d.count as f64) - 6.0
        );
    }
    let _ = writeln!(
        s,
        r##"<line x1="{left}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="#000"/>
<text x="4" y="{:.1}">{max:.0}</text><text x="4" y="{:.1}">0</text>"##,
        y(0.0),
        w - 12.0,
        y(0.0),
        y(max) + 4.0,
        y(0.0)
    );
    let ticks = (days.len() / 8).max(1);
    for (i, d) in days.iter().enumerate().step_by(ticks) {
        let _ = writeln!(
            s,
            r##"<text x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"##,
            x(i),
            y(0.0) + 16.0,
            d.date
        );
    }
    let _ = writeln!(
        s,
        r##"<text x="{:.1}" y="{:.1}" text-anchor="end">bars: daily events (red: surge) · line: baseline · band: up to the surge limit</text>"##,
        w - 12.0,
        h - 6.0
    );
    s.push_str("</svg>\n");
    s
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
