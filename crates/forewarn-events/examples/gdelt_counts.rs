//! Parses a GDELT events file (plain, .gz or .zip) into daily dyad counts and prints one JSON
//! line with the row count, the time and rows per second — the Rust side of
//! `scripts/bench-events`.
//!
//! `cargo run --release -p forewarn-events --example gdelt_counts -- FILE [THREADS]` (all
//! cores by default)

#![allow(clippy::disallowed_methods)] // a bench driver: it opens the file it times

use std::fs::File;
use std::time::Instant;

use forewarn_events::gdelt::{GdeltKind, RowReader, count_dyads_file, count_dyads_threads};
use forewarn_events::source::{is_plain_file, open_input};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: gdelt_counts FILE [THREADS]")?;
    let threads = match std::env::args().nth(2) {
        Some(n) => n.parse()?,
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    let start = Instant::now();
    let counts = if is_plain_file(&path) {
        count_dyads_file(&File::open(&path)?, &path, threads)?
    } else {
        let mut rows = RowReader::new(open_input(&path)?, path.clone(), GdeltKind::Events);
        count_dyads_threads(&mut rows, threads)?
    };
    let secs = start.elapsed().as_secs_f64();
    for e in counts.errors.iter().take(5) {
        eprintln!("{e}");
    }
    let total: u64 = counts.counts.iter().map(|(_, n)| n).sum();
    println!(
        "{{\"tool\":\"forewarn\",\"rows\":{},\"groups\":{},\"counted\":{},\"bad_rows\":{},\"threads\":{},\"seconds\":{:.4},\"rows_per_s\":{:.0}}}",
        counts.rows,
        counts.counts.len(),
        total,
        counts.error_count,
        threads,
        secs,
        counts.rows as f64 / secs
    );
    Ok(())
}
