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
//! columns mapped (decompression, CSV parsing, cleaning, hashing).

#![allow(clippy::disallowed_methods)] // an edge tool: reads files, times itself

use std::io::Read;
use std::time::Instant;

use forewarn_extract::{clean_fragment, clean_inline, looks_like_markup};
use forewarn_ingest::{CsvMapping, IngestOptions, read_bytes};

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
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

    let mut rates = Vec::new();
    let mut out_bytes = 0usize;
    for _ in 0..rounds {
        let start = Instant::now();
        out_bytes = 0;
        for (title, description) in &items {
            out_bytes += clean_inline(title).len() + clean_fragment(description).len();
        }
        rates.push(n as f64 / start.elapsed().as_secs_f64());
    }
    let in_bytes: usize = items.iter().map(|(t, d)| t.len() + d.len()).sum();
    println!(
        "clean_inline(title) + clean_fragment(description): {:.0} items/s (median of {rounds}); {in_bytes} bytes in, {out_bytes} out",
        median(rates)
    );

    let only_marked: Vec<&(String, String)> =
        items.iter().filter(|(_, d)| looks_like_markup(d)).collect();
    let mut rates = Vec::new();
    for _ in 0..rounds {
        let start = Instant::now();
        for (_, description) in &only_marked {
            std::hint::black_box(clean_fragment(description));
        }
        rates.push(only_marked.len() as f64 / start.elapsed().as_secs_f64());
    }
    println!(
        "clean_fragment on the {} descriptions with markup: {:.0} items/s",
        only_marked.len(),
        median(rates)
    );

    let mut rates = Vec::new();
    for _ in 0..rounds {
        let start = Instant::now();
        for (title, description) in &items {
            std::hint::black_box(looks_like_markup(title) | looks_like_markup(description));
        }
        rates.push(n as f64 / start.elapsed().as_secs_f64());
    }
    println!("detection alone: {:.0} items/s", median(rates));

    let options = IngestOptions {
        csv_mapping: Some(CsvMapping::parse_pairs(
            "text=description,title=title,published=date_published,url=link",
        )?),
        ..IngestOptions::default()
    };
    let mut rates = Vec::new();
    let mut docs = 0;
    for _ in 0..rounds.min(3) {
        let start = Instant::now();
        let outcome = read_bytes(&path, &raw, &options);
        docs = outcome.documents.len();
        rates.push(docs as f64 / start.elapsed().as_secs_f64());
    }
    println!(
        "read_bytes on the whole file (gunzip, CSV, cleaning, hashing): {docs} documents, {:.0} documents/s",
        median(rates)
    );
    Ok(())
}
