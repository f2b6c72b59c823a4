//! Parses a GDELT events file (plain, .gz or .zip) into daily dyad counts and prints one JSON
//! line with the row count, the time and rows per second — the Rust side of
//! `scripts/bench-events`.
//!
//! `cargo run --release -p forewarn-events --example gdelt_counts -- FILE [THREADS]` (all
//! cores by default)
//!
//! `... -- FILE THREADS --read-only` only copies the file out of the page cache, in 256 KiB
//! blocks read by position on THREADS threads, as the counter does, and prints the time: a
//! floor under any count of that file on this machine.

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
    if std::env::args().nth(3).as_deref() == Some("--read-only") {
        let secs = read_only(&File::open(&path)?, threads)?;
        println!("{{\"tool\":\"read-only\",\"threads\":{threads},\"seconds\":{secs:.4}}}");
        return Ok(());
    }
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

/// Seconds to read all of `file` in 256 KiB blocks by position on `threads` threads.
fn read_only(file: &File, threads: usize) -> std::io::Result<f64> {
    use std::os::unix::fs::FileExt;
    use std::sync::atomic::{AtomicU64, Ordering};
    const BLOCK: u64 = 256 * 1024;
    let len = file.metadata()?.len();
    let next = AtomicU64::new(0);
    let start = Instant::now();
    std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads.max(1))
            .map(|_| {
                s.spawn(|| {
                    let mut buf = vec![0u8; BLOCK as usize];
                    loop {
                        let at = next.fetch_add(BLOCK, Ordering::Relaxed);
                        if at >= len {
                            return Ok::<(), std::io::Error>(());
                        }
                        let n = BLOCK.min(len - at) as usize;
                        file.read_exact_at(&mut buf[..n], at)?;
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .try_for_each(|w| w.join().expect("reader panicked"))
    })?;
    Ok(start.elapsed().as_secs_f64())
}
