#![allow(clippy::disallowed_methods)] // the training command reads train/*.jsonl and writes the model file
//! Trains the learned coder layer on our own sentences and writes the model the crate compiles in.
//!
//! `cargo run --release -p forewarn-code --example train_coder -- crates/forewarn-code/train crates/forewarn-code/model/coder-linear.bin`
//!
//! Prints 5-fold cross-validation first (rules alone, model alone, ensemble; near-miss sentences
//! given an event), then trains on everything. Deterministic: the same files give the same
//! bytes. The rules run with whatever model the crate was built with switched off, so the
//! features never depend on an earlier model. A bad line is reported with its file and line
//! and skipped.

use std::path::PathBuf;
use std::sync::Arc;

use forewarn_code::learned::{self, FLAGS, NONE};
use forewarn_code::train::{self, Example, TrainConfig};
use forewarn_code::{Coder, ensemble};
use forewarn_model::EventType;
use serde_json::Value;

const NEAR_MISS_TAGS: &[&str] = &[
    "near-miss",
    "metaphor",
    "disaster",
    "crime",
    "reporting-verb",
];

fn parse_type(s: &str) -> Option<EventType> {
    EventType::ALL.into_iter().find(|t| t.as_str() == s)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = PathBuf::from(
        args.first()
            .map_or("crates/forewarn-code/train", String::as_str),
    );
    let out = args.get(1).map(PathBuf::from);
    let coder = Coder::new(Arc::new(forewarn_gazetteer::Gazetteer::builtin())).rules_only();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    let mut examples: Vec<Example> = Vec::new();
    let mut bad = 0;
    let mut seen = std::collections::HashSet::new();
    for path in &files {
        let src = std::fs::read_to_string(path).unwrap_or_default();
        for (i, line) in src.lines().enumerate() {
            let at = format!("{}:{}", path.display(), i + 1);
            let v: Value = match serde_json::from_str(line) {
                Ok(v) => v,
                Err(e) => {
                    eprintln!("{at}: not JSON: {e}");
                    bad += 1;
                    continue;
                }
            };
            let (Some(id), Some(text), Some(events)) =
                (v["id"].as_str(), v["text"].as_str(), v["events"].as_array())
            else {
                eprintln!("{at}: needs id, text and events");
                bad += 1;
                continue;
            };
            if !seen.insert(id.to_string()) {
                eprintln!("{at}: duplicate id {id}");
                bad += 1;
                continue;
            }
            let main = events.first();
            // Releases and returns are RETREAT in CAMEO→PLOVER (0841, 0842) and in the rules;
            // the writers' brief listed them under CONCEDE. One convention for both.
            let ty = main.and_then(|e| match (e["type"].as_str(), e["mode"].as_str()) {
                (Some("CONCEDE"), Some("release" | "return")) => Some("RETREAT"),
                (t, _) => t,
            });
            let class = match ty {
                None => NONE,
                Some(t) => match parse_type(t) {
                    Some(t) => learned::class_of(Some(t)),
                    None => {
                        eprintln!("{at}: unknown type {t}");
                        bad += 1;
                        continue;
                    }
                },
            };
            let flags = main.map(|e| {
                let f = |k: &str| e[k].as_bool().unwrap_or(false);
                let flags: [bool; FLAGS] = [f("negated"), f("hypothetical"), f("future")];
                flags
            });
            let tags: Vec<&str> = v["tags"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            let near_miss = events.is_empty() && tags.iter().any(|t| NEAR_MISS_TAGS.contains(t));
            examples.push(train::featurize(&coder, id, text, class, flags, near_miss));
        }
    }
    println!(
        "{} training sentences from {} files ({bad} bad lines skipped)",
        examples.len(),
        files.len()
    );
    let cfg = TrainConfig::default();
    // The default setting first, then a few others for comparison.
    let d = ensemble::Thresholds::DEFAULT;
    let settings = [
        d,
        ensemble::Thresholds { sure: 2.0, ..d },
        ensemble::Thresholds { supply: 0.4, ..d },
        ensemble::Thresholds {
            veto: 0.7,
            retype: 0.6,
            ..d
        },
        ensemble::Thresholds {
            sure: 2.0,
            veto: 0.7,
            retype: 0.6,
            supply: 0.4,
            doubt: 0.2,
        },
    ];
    let mut reports = train::cross_validate_with(&examples, 5, &cfg, &settings);
    for r in &reports[1..] {
        println!(
            "  other setting {:?}: ensemble {:.3}, near-miss given an event {:.3}",
            r.thresholds, r.ensemble, r.near_miss_ensemble
        );
    }
    let cv = reports.swap_remove(0);
    println!(
        "{}-fold CV main type (16 types + none): rules {:.3}  model {:.3}  ensemble {:.3}  (folds {})",
        cv.k,
        cv.rules,
        cv.model,
        cv.ensemble,
        cv.folds
            .iter()
            .map(|f| format!("{f:.3}"))
            .collect::<Vec<_>>()
            .join(" ")
    );
    println!(
        "near-miss sentences (disaster, crime, metaphor, reporting verb; n={}) given an event: rules {:.3}  ensemble {:.3}",
        cv.near_miss_n, cv.near_miss_rules, cv.near_miss_ensemble
    );
    if let Some(out) = out {
        let model = train::train(&examples, &cfg);
        let bytes = model.to_bytes();
        std::fs::write(&out, &bytes)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", out.display()));
        println!(
            "wrote {} ({} bytes, 2^{} buckets)",
            out.display(),
            bytes.len(),
            model.dim_bits()
        );
    }
}
