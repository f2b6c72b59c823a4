//! Throughput of the default path (rules + learned layer) and of the rules alone: codes the
//! fixture sentences repeated, alternating the two coders round by round so machine load hits
//! both alike, and prints sentences/s for each.
//!
//! `cargo run -p forewarn-code --example bench_code --release`

use std::sync::Arc;
use std::time::Instant;

use forewarn_code::Coder;

fn main() {
    let fixtures = include_str!("../tests/fixtures/sentences.toml");
    let sentences: Vec<&str> = fixtures
        .lines()
        .filter_map(|l| l.strip_prefix("text = \"")?.strip_suffix('"'))
        .collect();
    let coder = Coder::new(Arc::new(forewarn_gazetteer::Gazetteer::builtin()));
    let rules = coder.clone().rules_only();
    let day = chrono::NaiveDate::from_ymd_opt(2023, 1, 4);
    let rounds = 200;
    // Warm the gazetteer, the lexicon and the model first.
    for s in &sentences {
        std::hint::black_box(coder.code_sentence(s, day));
    }
    let mut secs = [0f64; 2];
    let mut events = [0usize; 2];
    for round in 0..rounds {
        let order = if round % 2 == 0 { [0, 1] } else { [1, 0] };
        for k in order {
            let c = if k == 0 { &coder } else { &rules };
            let start = Instant::now();
            for s in &sentences {
                events[k] += std::hint::black_box(c.code_sentence(s, day)).events.len();
            }
            secs[k] += start.elapsed().as_secs_f64();
        }
    }
    let n = rounds * sentences.len();
    for (k, name) in ["default (rules + learned layer)", "rules only"]
        .iter()
        .enumerate()
    {
        println!(
            "{name}: {n} sentences ({} distinct) in {:.3}s: {:.0} sentences/s on one core, {} events",
            sentences.len(),
            secs[k],
            n as f64 / secs[k],
            events[k]
        );
    }
}
