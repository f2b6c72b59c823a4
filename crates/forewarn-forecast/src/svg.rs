//! SVG charts for backtests: a reliability diagram and a question's probability path. Pure
//! string building with fixed number formatting, so the output is stable enough to snapshot.

use std::fmt::Write;

use crate::backtest::{BacktestReport, PathPoint, QuestionBacktest};

/// A series of the reliability diagram: name, colour and which probability it reads.
type Series = (&'static str, &'static str, fn(&PathPoint) -> f64);

const W: f64 = 480.0;
const H: f64 = 320.0;
const PAD: f64 = 40.0;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn header(s: &mut String, title: &str) {
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" font-family="sans-serif" font-size="11">"#
    );
    let _ = writeln!(s, r#"<rect width="{W}" height="{H}" fill="white"/>"#);
    let _ = writeln!(
        s,
        r#"<text x="{PAD}" y="20" font-size="13">{}</text>"#,
        esc(title)
    );
    let (x0, y0, x1, y1) = (PAD, H - PAD, W - PAD, PAD);
    let _ = writeln!(
        s,
        r##"<rect x="{x0}" y="{y1}" width="{:.1}" height="{:.1}" fill="none" stroke="#999"/>"##,
        x1 - x0,
        y0 - y1
    );
    for v in [0.0, 0.5, 1.0] {
        let y = y0 - v * (y0 - y1);
        let _ = writeln!(
            s,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="end">{v:.1}</text>"#,
            x0 - 4.0,
            y + 4.0
        );
    }
}

/// The reliability diagram over every replayed date of every question: forecasts binned by
/// tenths, observed frequency of "yes" against the mean forecast, for ours and the prior alone.
/// Circle area follows the number of forecasts in the bin.
pub fn reliability_svg(report: &BacktestReport) -> String {
    let mut s = String::new();
    header(&mut s, "Reliability: observed frequency against forecast");
    let (x0, y0) = (PAD, H - PAD);
    let (w, h) = (W - 2.0 * PAD, H - 2.0 * PAD);
    let _ = writeln!(
        s,
        r##"<line x1="{x0}" y1="{y0}" x2="{:.1}" y2="{PAD}" stroke="#bbb" stroke-dasharray="4 3"/>"##,
        x0 + w
    );
    let series: [Series; 2] = [
        ("ours", "#1f5fa8", |p| p.ours),
        ("prior alone", "#c0392b", |p| p.prior),
    ];
    for (i, (name, colour, pick)) in series.iter().enumerate() {
        let mut bins = [(0.0f64, 0.0f64, 0usize); 10];
        for q in &report.questions {
            let y = if q.outcome { 1.0 } else { 0.0 };
            for p in &q.path {
                let v = pick(p);
                let b = ((v * 10.0) as usize).min(9);
                bins[b].0 += v;
                bins[b].1 += y;
                bins[b].2 += 1;
            }
        }
        let mut pts = Vec::new();
        for (sum_p, sum_y, n) in bins.iter().filter(|b| b.2 > 0) {
            let (mx, my) = (sum_p / *n as f64, sum_y / *n as f64);
            let (cx, cy) = (x0 + mx * w, y0 - my * h);
            pts.push(format!("{cx:.1},{cy:.1}"));
            let r = 2.0 + (*n as f64).sqrt();
            let _ = writeln!(
                s,
                r#"<circle cx="{cx:.1}" cy="{cy:.1}" r="{r:.1}" fill="{colour}" fill-opacity="0.5"><title>{name}: {n} forecasts, mean {mx:.3}, observed {my:.3}</title></circle>"#
            );
        }
        if pts.len() > 1 {
            let _ = writeln!(
                s,
                r#"<polyline points="{}" fill="none" stroke="{colour}"/>"#,
                pts.join(" ")
            );
        }
        let ly = 36.0 + 14.0 * i as f64;
        let _ = writeln!(
            s,
            r#"<text x="{:.1}" y="{ly:.1}" fill="{colour}">● {name}</text>"#,
            x0 + 8.0
        );
    }
    let _ = writeln!(
        s,
        r#"<text x="{:.1}" y="{:.1}" text-anchor="middle">forecast probability</text>"#,
        x0 + w / 2.0,
        H - 10.0
    );
    s.push_str("</svg>\n");
    s
}

/// One question's probability path: ours (solid), the prior alone (dashed), crowd values
/// (dots), the 0.5 line, and the outcome as a band along the top (yes) or bottom (no).
pub fn probability_paths_svg(q: &QuestionBacktest) -> String {
    let mut s = String::new();
    header(
        &mut s,
        &format!("{} — {}", q.id, if q.outcome { "yes" } else { "no" }),
    );
    let (x0, y0) = (PAD, H - PAD);
    let (w, h) = (W - 2.0 * PAD, H - 2.0 * PAD);
    let n = q.path.len();
    let x = |i: usize| {
        if n <= 1 {
            x0 + w / 2.0
        } else {
            x0 + w * i as f64 / (n - 1) as f64
        }
    };
    let y = |p: f64| y0 - p * h;
    let _ = writeln!(
        s,
        r##"<line x1="{x0}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="#ddd"/>"##,
        y(0.5),
        x0 + w,
        y(0.5)
    );
    let band = if q.outcome { y(1.0) } else { y(0.0) - 3.0 };
    let _ = writeln!(
        s,
        r##"<rect x="{x0}" y="{band:.1}" width="{w:.1}" height="3" fill="#2e8b57"/>"##
    );
    let line = |pick: fn(&PathPoint) -> f64| {
        q.path
            .iter()
            .enumerate()
            .map(|(i, p)| format!("{:.1},{:.1}", x(i), y(pick(p))))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let _ = writeln!(
        s,
        r##"<polyline points="{}" fill="none" stroke="#c0392b" stroke-dasharray="5 3"/>"##,
        line(|p| p.prior)
    );
    let _ = writeln!(
        s,
        r##"<polyline points="{}" fill="none" stroke="#1f5fa8" stroke-width="2"/>"##,
        line(|p| p.ours)
    );
    for (i, p) in q.path.iter().enumerate() {
        if let Some(c) = p.crowd {
            let _ = writeln!(
                s,
                r##"<circle cx="{:.1}" cy="{:.1}" r="2" fill="#8e44ad"/>"##,
                x(i),
                y(c)
            );
        }
    }
    if let (Some(first), Some(last)) = (q.path.first(), q.path.last()) {
        let _ = writeln!(
            s,
            r#"<text x="{x0}" y="{:.1}">{}</text>"#,
            H - 10.0,
            first.date
        );
        let _ = writeln!(
            s,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
            x0 + w,
            H - 10.0,
            last.date
        );
    }
    let _ = writeln!(
        s,
        r##"<text x="{:.1}" y="36" fill="#1f5fa8">— ours</text><text x="{:.1}" y="50" fill="#c0392b">- - prior alone</text><text x="{:.1}" y="64" fill="#8e44ad">• crowd</text>"##,
        x0 + 8.0,
        x0 + 8.0,
        x0 + 8.0
    );
    s.push_str("</svg>\n");
    s
}
