//! Hand-written HTML: every piece of stored text goes through [`esc`], so a headline with `<`
//! in it is shown, not parsed.

use std::fmt::Write;

/// Escapes text for HTML element content and double-quoted attributes.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
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

/// JSON for a `<script type="application/json">` island: `<` is escaped so the text can never
/// close the script element.
pub fn json_island(id: &str, value: &serde_json::Value) -> String {
    let json = value.to_string().replace('<', "\\u003c");
    format!(r#"<script type="application/json" id="{id}">{json}</script>"#)
}

/// The page frame: navigation, styles, and the scripts a page asks for.
pub fn page(title: &str, active: &str, scripts: &[&str], body: &str) -> String {
    let mut nav = String::new();
    for (href, label) in [
        ("/", "Watch list"),
        ("/events", "Events"),
        ("/alerts", "Alerts"),
        ("/api/openapi.json", "API"),
    ] {
        let class = if label == active {
            r#" class="active""#
        } else {
            ""
        };
        let _ = write!(nav, r#"<a href="{href}"{class}>{label}</a>"#);
    }
    let mut tags = String::new();
    for s in scripts {
        let _ = write!(tags, r#"<script src="/assets/{s}"></script>"#);
    }
    format!(
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · forewarn</title>
<link rel="stylesheet" href="/assets/app.css"><link rel="stylesheet" href="/assets/uplot/uPlot.min.css">
</head><body>
<header><span class="brand">forewarn</span><nav>{nav}</nav></header>
<main>
{body}
</main>
{tags}<script src="/assets/app.js"></script>
</body></html>
"#,
        title = esc(title)
    )
}

/// "18.4%", "<0.1%": the same formatting as every other forewarn output.
pub fn pct(p: f64) -> String {
    forewarn_tell::percent(p)
}

/// A change in points with an arrow and a class for colour: "▲ +3.1", "—" when unknown.
pub fn change(delta: Option<f64>) -> String {
    match delta {
        None => r#"<span class="chg none">—</span>"#.to_string(),
        Some(d) if d.abs() < 0.0005 => r#"<span class="chg flat">±0.0</span>"#.to_string(),
        Some(d) if d > 0.0 => format!(r#"<span class="chg up">▲ +{:.1}</span>"#, d * 100.0),
        Some(d) => format!(r#"<span class="chg down">▼ {:.1}</span>"#, d * 100.0),
    }
}

/// A small inline SVG line of probabilities, scaled to the series' own range so small moves
/// show (the number beside it gives the level).
pub fn sparkline_svg(values: &[f64]) -> String {
    const W: f64 = 120.0;
    const H: f64 = 28.0;
    if values.is_empty() {
        return String::new();
    }
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let span = (hi - lo).max(0.01);
    let step = if values.len() > 1 {
        W / (values.len() - 1) as f64
    } else {
        0.0
    };
    let mut points = String::new();
    for (i, v) in values.iter().enumerate() {
        let x = i as f64 * step;
        let y = H - 2.0 - (v - lo) / span * (H - 4.0);
        let _ = write!(points, "{x:.1},{y:.1} ");
    }
    format!(
        r#"<svg class="spark" width="{W}" height="{H}" viewBox="0 0 {W} {H}" role="img" aria-label="weekly probability"><polyline fill="none" stroke="currentColor" stroke-width="1.5" points="{}"/></svg>"#,
        points.trim_end()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_closes_no_script() {
        assert_eq!(
            esc(r#"<b>"x" & 'y'</b>"#),
            "&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;"
        );
        let island = json_island("d", &serde_json::json!({"s": "</script><script>alert(1)"}));
        assert!(!island[..island.len() - 9].contains("</script><script>"));
    }

    #[test]
    fn sparkline_has_one_point_per_value() {
        let svg = sparkline_svg(&[0.1, 0.2, 0.15]);
        assert_eq!(svg.matches(',').count(), 3);
        assert_eq!(sparkline_svg(&[]), "");
    }
}
