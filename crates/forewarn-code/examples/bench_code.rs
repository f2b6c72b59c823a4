//! Throughput of the rules path: codes the fixture sentences repeated and prints sentences/s.
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
    let day = chrono::NaiveDate::from_ymd_opt(2023, 1, 4);
    let rounds = 200;
    // Warm the gazetteer and the lexicon first.
    for s in &sentences {
        std::hint::black_box(coder.code_sentence(s, day));
    }
    let start = Instant::now();
    let mut events = 0usize;
    for _ in 0..rounds {
        for s in &sentences {
            events += std::hint::black_box(coder.code_sentence(s, day))
                .events
                .len();
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let n = rounds * sentences.len();
    println!(
        "{n} sentences ({} distinct) in {secs:.3}s: {:.0} sentences/s on one core, {events} events",
        sentences.len(),
        n as f64 / secs
    );
}
