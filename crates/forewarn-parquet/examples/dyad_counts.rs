//! forewarn's own daily dyad counts of a GDELT events file, one tab-separated line per key
//! (`YYYYMMDD`, actor 1 country, actor 2 country, CAMEO root, count), sorted: what
//! `scripts/parquet-check` sets beside the counts polars and pyspark compute from the Parquet
//! files. The counter is forewarn-events' multi-threaded one, as `scripts/bench-events` runs it.
//!
//! `cargo run --release -p forewarn-parquet --example dyad_counts -- FILE`

#![allow(clippy::disallowed_methods)] // a driver: it opens the file it counts

use std::fs::File;
use std::io::{BufWriter, Write};

use forewarn_events::count_dyads_file;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: dyad_counts FILE")?;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let counts = count_dyads_file(&File::open(&path)?, &path, threads)?;
    for e in &counts.errors {
        eprintln!("{e}");
    }
    let mut keys: Vec<_> = counts.counts.iter().collect();
    keys.sort();
    let text = |b: &[u8]| {
        String::from_utf8_lossy(b)
            .trim_end_matches('\0')
            .to_string()
    };
    let mut out = BufWriter::new(std::io::stdout().lock());
    for (k, n) in keys {
        writeln!(
            out,
            "{}\t{}\t{}\t{}\t{n}",
            k.date,
            text(&k.actor1),
            text(&k.actor2),
            text(&k.root)
        )?;
    }
    out.flush()?;
    Ok(())
}
