//! The Rust twin of `shared/bench/aeb_score.py`, for checking that both give the same figures:
//! `cargo run -p forewarn-eval --example aeb_score -- GROUND_TRUTH.json PREDICTIONS.json`.
#![allow(clippy::disallowed_methods)] // an example at the edge reads files

use std::collections::HashMap;

use serde_json::Value;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [truth, predictions] = &args[..] else {
        return Err("usage: aeb_score GROUND_TRUTH.json PREDICTIONS.json".into());
    };
    let truth: HashMap<String, Value> = serde_json::from_str(&std::fs::read_to_string(truth)?)?;
    let predictions: HashMap<String, Value> =
        serde_json::from_str(&std::fs::read_to_string(predictions)?)?;
    let body = |v: Option<&Value>| {
        v.and_then(|v| v.get("articleBody"))
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    let rows: Vec<(String, String, Option<String>)> = truth
        .iter()
        .map(|(id, v)| {
            (
                id.clone(),
                body(Some(v)).unwrap_or_default(),
                body(predictions.get(id)),
            )
        })
        .collect();
    let (score, _) = forewarn_eval::aeb::score(
        rows.iter()
            .map(|(id, t, p)| (id.as_str(), t.as_str(), p.as_deref())),
    );
    println!(
        "AEB F1={:.3} precision={:.3} recall={:.3} n={} missing={}  (unrounded P={:.5} R={:.5})",
        score.f1,
        score.precision,
        score.recall,
        score.n,
        score.missing,
        score.precision,
        score.recall
    );
    Ok(())
}
