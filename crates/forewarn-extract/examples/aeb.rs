#![allow(clippy::disallowed_methods)] // tests and examples read their fixtures from disk

//! Times the extractor on a folder of AEB pages and writes predictions for the reference scorer.
//!
//! usage: cargo run --release -p forewarn-extract --example aeb -- GROUND_TRUTH.json HTML_DIR OUT.json [ROUNDS]
//! `HTML_DIR` holds `{id}.html` (already gunzipped), so the example needs no gzip dependency.

use std::collections::BTreeMap;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let truth: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&args[1]).expect("ground truth"))
            .expect("json");
    let rounds: usize = args.get(4).and_then(|r| r.parse().ok()).unwrap_or(1);
    let ids: Vec<&String> = truth.as_object().expect("object").keys().collect();
    let pages: Vec<(String, Vec<u8>)> = ids
        .iter()
        .map(|id| {
            let bytes = std::fs::read(format!("{}/{id}.html", args[2])).expect("page");
            ((*id).clone(), bytes)
        })
        .collect();
    let mut out = BTreeMap::new();
    let mut rates = Vec::new();
    for _ in 0..rounds {
        let started = Instant::now();
        for (id, bytes) in &pages {
            let e = forewarn_extract::extract_html_bytes(bytes, None);
            out.insert(id.clone(), serde_json::json!({"articleBody": e.text}));
        }
        rates.push(pages.len() as f64 / started.elapsed().as_secs_f64());
    }
    rates.sort_by(f64::total_cmp);
    eprintln!(
        "pages/s median {:.0} (min {:.0}, max {:.0})",
        rates[rates.len() / 2],
        rates[0],
        rates[rates.len() - 1]
    );
    std::fs::write(&args[3], serde_json::to_string(&out).expect("json")).expect("write");
}
