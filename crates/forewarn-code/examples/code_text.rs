#![allow(clippy::disallowed_methods)] // tests and examples read their fixtures from disk

//! Codes a text file (or stdin) sentence by sentence and prints the events, one line each.
//!
//! `cargo run -p forewarn-code --example code_text -- FILE [YYYY-MM-DD]`

use std::io::Read;
use std::sync::Arc;

use chrono::NaiveDate;
use forewarn_code::Coder;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut text = String::new();
    match args.first().map(String::as_str) {
        Some("-") | None => {
            std::io::stdin()
                .read_to_string(&mut text)
                .expect("read stdin");
        }
        Some(path) => text = std::fs::read_to_string(path).expect("read file"),
    }
    let day = args
        .get(1)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    let coder = Coder::new(Arc::new(forewarn_gazetteer::Gazetteer::builtin()));
    let (sentences, diags) = coder.code_document(&text, day);
    for s in sentences {
        if s.events.is_empty() {
            continue;
        }
        println!("\n#{} {}", s.index, s.text);
        for e in &s.events {
            let who = |v: &[forewarn_model::ActorRef]| {
                v.iter()
                    .map(|a| {
                        format!(
                            "{}/{}",
                            a.country.as_deref().unwrap_or("?"),
                            a.sector.as_deref().unwrap_or("-")
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("+")
            };
            println!(
                "  {:9} {:14} {} -> {} loc={} date={} neg={} hyp={} fut={} conf={} | {}",
                e.event_type.as_str(),
                e.mode.as_deref().unwrap_or("-"),
                who(&e.source),
                who(&e.target),
                e.location
                    .as_ref()
                    .and_then(|l| l.country.as_deref())
                    .unwrap_or("-"),
                e.date.map(|d| d.to_string()).unwrap_or("-".into()),
                e.negated as u8,
                e.hypothetical as u8,
                e.future as u8,
                e.confidence,
                e.rule
            );
        }
    }
    for d in diags {
        eprintln!("{d}");
    }
}
