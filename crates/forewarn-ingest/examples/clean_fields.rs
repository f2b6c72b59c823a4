//! Speed of the markup cleaner on real feed items, and of CSV ingest that calls it.
//!
//! ```sh
//! cargo run --release -p forewarn-ingest --example clean_fields -- \
//!     ../shared/data/news/rss_worldnews_headlines_2021_2022.csv.gz [ROUNDS]
//! ```
//!
//! The file is a CSV (plain or .gz) with `title` and `description` columns. Prints how many
//! fields carry markup, the median items/s of `clean_inline(title)` + `clean_fragment(description)`
//! over ROUNDS passes (default 5), and documents/s of `read_bytes` on the whole file with the
//! columns mapped (decompression, CSV parsing, cleaning, hashing). The machine is often shared,
//! so each rate is given per wall-clock second and per second of this thread's CPU time (from
//! `/proc/thread-self/schedstat`, on Linux).

#![allow(clippy::disallowed_methods)] // an edge tool: reads files, times itself

use std::io::Read;
use std::time::Instant;

use forewarn_extract::{clean_fragment, clean_inline, looks_like_markup};
use forewarn_ingest::{CsvMapping, IngestOptions, read_bytes};

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Nanoseconds this thread has run on a CPU, where the kernel says.
fn cpu_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// Times `f` over `rounds` runs: median items per wall-clock second and per CPU second.
fn rate(rounds: usize, items: usize, mut f: impl FnMut()) -> String {
    let (mut wall, mut cpu) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        let (start, cpu_start) = (Instant::now(), cpu_ns());
        f();
        wall.push(items as f64 / start.elapsed().as_secs_f64());
        if let (Some(a), Some(b)) = (cpu_start, cpu_ns()) {
            cpu.push(items as f64 / ((b - a) as f64 / 1e9));
        }
    }
    let cpu = if cpu.is_empty() {
        String::new()
    } else {
        format!(", {:.0} per CPU second", median(cpu))
    };
    format!(
        "{:.0} per wall-clock second{cpu} (median of {rounds})",
        median(wall)
    )
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .ok_or("usage: clean_fields FILE.csv[.gz] [ROUNDS]")?;
    let rounds: usize = args.next().map_or(Ok(5), |r| r.parse())?;
    let raw = std::fs::read(&path)?;
    let bytes = if path.ends_with(".gz") {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(&raw[..]).read_to_end(&mut out)?;
        out
    } else {
        raw.clone()
    };
    let mut reader = csv::Reader::from_reader(&bytes[..]);
    let header = reader.headers()?.clone();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .ok_or(format!("no `{name}` column"))
    };
    let (ti, di) = (col("title")?, col("description")?);
    let mut items: Vec<(String, String)> = Vec::new();
    for record in reader.records() {
        let record = record?;
        items.push((
            record.get(ti).unwrap_or("").to_string(),
            record.get(di).unwrap_or("").to_string(),
        ));
    }
    let n = items.len();
    let marked_titles = items.iter().filter(|(t, _)| looks_like_markup(t)).count();
    let marked = items.iter().filter(|(_, d)| looks_like_markup(d)).count();
    println!("{n} items; markup in {marked_titles} titles and {marked} descriptions");
    // SHOW=N prints N cleaned descriptions with markup, spread over the file, to read by eye.
    let show: usize = std::env::var("SHOW")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    if show > 0 {
        let marked: Vec<&String> = items
            .iter()
            .map(|(_, d)| d)
            .filter(|d| looks_like_markup(d))
            .collect();
        for d in marked
            .iter()
            .step_by(marked.len().checked_div(show).unwrap_or(1).max(1))
            .take(show)
        {
            println!("---\n{}", clean_fragment(d));
        }
    }

    let in_bytes: usize = items.iter().map(|(t, d)| t.len() + d.len()).sum();
    let mut out_bytes = 0usize;
    let all = rate(rounds, n, || {
        out_bytes = 0;
        for (title, description) in &items {
            out_bytes += clean_inline(title).len() + clean_fragment(description).len();
        }
    });
    println!(
        "clean_inline(title) + clean_fragment(description), items/s: {all}; {in_bytes} bytes in, {out_bytes} out"
    );

    let marked: Vec<&str> = items
        .iter()
        .map(|(_, d)| d.as_str())
        .filter(|d| looks_like_markup(d))
        .collect();
    let only = rate(rounds, marked.len(), || {
        for description in &marked {
            std::hint::black_box(clean_fragment(description));
        }
    });
    println!(
        "clean_fragment on the {} descriptions with markup, items/s: {only}",
        marked.len()
    );

    let detect = rate(rounds, n, || {
        for (title, description) in &items {
            std::hint::black_box(looks_like_markup(title) | looks_like_markup(description));
        }
    });
    println!("detection alone, items/s: {detect}");

    let options = IngestOptions {
        csv_mapping: Some(CsvMapping::parse_pairs(
            "text=description,title=title,published=date_published,url=link",
        )?),
        ..IngestOptions::default()
    };
    let mut docs = 0;
    let ingest = rate(rounds.min(3), n, || {
        docs = read_bytes(&path, &raw, &options).documents.len();
    });
    println!(
        "read_bytes on the whole file (gunzip, CSV, cleaning, hashing; {docs} documents), rows/s: {ingest}"
    );
    Ok(())
}
