//! Sentences coded per second with and without the model, on the same sentences (the
//! forewarn-code fixtures), one core. Run with `RAYON_NUM_THREADS=1` so candle uses one thread:
//!
//! `RAYON_NUM_THREADS=1 cargo run --release -p forewarn-embed --features model --example bench_model -- MODEL_DIR`
//!
//! Prints three numbers: rules only; rules + model as the fallback (the model runs only on the
//! sentences the rules left without an event, batched); and rules + an embedding of every
//! sentence (the cost if the model had to see everything).

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use forewarn_code::Coder;
use forewarn_embed::ModelCoder;

fn main() {
    let dir: PathBuf = std::env::args_os()
        .nth(1)
        .expect("usage: bench_model MODEL_DIR")
        .into();
    let fixtures = include_str!("../../forewarn-code/tests/fixtures/sentences.toml");
    let sentences: Vec<&str> = fixtures
        .lines()
        .filter_map(|l| l.strip_prefix("text = \"")?.strip_suffix('"'))
        .collect();
    let day = chrono::NaiveDate::from_ymd_opt(2023, 1, 4);
    let coder = Coder::new(Arc::new(forewarn_gazetteer::Gazetteer::builtin()));
    let started = Instant::now();
    let model = ModelCoder::load(coder.clone(), &dir).expect("model loads");
    println!(
        "loaded the model and embedded {} examples in {:.2}s (candle threads: {})",
        model.head.len(),
        started.elapsed().as_secs_f64(),
        std::env::var("RAYON_NUM_THREADS").unwrap_or_else(|_| "default".into())
    );

    // Rules only.
    let rounds = 200;
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
        "rules only:            {n} sentences in {secs:.3}s: {:.0} sentences/s, {events} events",
        n as f64 / secs
    );

    // Rules + model fallback.
    let rounds = 10;
    let start = Instant::now();
    let mut events = 0usize;
    let mut by_model = 0usize;
    for _ in 0..rounds {
        let coded = model.code_sentences(&sentences, day).expect("codes");
        for c in &coded {
            events += c.events.len();
            by_model += c
                .events
                .iter()
                .filter(|e| e.rule.starts_with("knn:"))
                .count();
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let n = rounds * sentences.len();
    let fallback = sentences
        .iter()
        .filter(|s| coder.code_sentence(s, day).events.is_empty())
        .count();
    println!(
        "rules + model fallback: {n} sentences in {secs:.3}s: {:.0} sentences/s, {events} events ({by_model} from the model; {fallback}/{} sentences reach the model)",
        n as f64 / secs,
        sentences.len()
    );

    // Rules + embedding every sentence.
    let rounds = 3;
    let start = Instant::now();
    let mut dims = 0usize;
    for _ in 0..rounds {
        for s in &sentences {
            std::hint::black_box(coder.code_sentence(s, day));
        }
        let vectors = model.embedder.embed(&sentences).expect("embeds");
        dims += vectors.len();
        for v in &vectors {
            std::hint::black_box(model.head.vote(v));
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let n = rounds * sentences.len();
    println!(
        "rules + model on all:  {n} sentences in {secs:.3}s: {:.0} sentences/s ({dims} embeddings, batch 32)",
        n as f64 / secs
    );
}
