//! Codes JSON lines `{"id": …, "text": …, "date": "YYYY-MM-DD"}` from stdin and prints
//! `{"id": …, "events": […]}` lines, the predictions format of `shared/bench/plover_score.py`.
//! Used to measure the coder without building the CLI:
//!
//! `cargo run --release -p forewarn-code --example code_jsonl < records.jsonl > pred.jsonl`

use std::io::{BufRead, Write};
use std::sync::Arc;

use chrono::NaiveDate;
use forewarn_code::Coder;
use serde_json::{Value, json};

fn main() {
    let coder = Coder::new(Arc::new(forewarn_gazetteer::Gazetteer::builtin()));
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for line in std::io::stdin().lock().lines() {
        let Ok(line) = line else { break };
        let Ok(record) = serde_json::from_str::<Value>(&line) else {
            continue;
        };
        let text = record.get("text").and_then(Value::as_str).unwrap_or("");
        let date = record
            .get("date")
            .and_then(Value::as_str)
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        let (sentences, _) = coder.code_document(text, date);
        let events: Vec<_> = sentences.iter().flat_map(|s| s.events.iter()).collect();
        let o = json!({"id": record.get("id"), "events": events});
        writeln!(out, "{o}").expect("write stdout");
    }
}
