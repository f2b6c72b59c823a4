//! Round-trips GDELT files: every row is split into its fields and joined again, and the result
//! must equal the file byte for byte; prints the field counts seen and any rejected rows.
//!
//! `cargo run -p forewarn-events --example gdelt_check -- [--kind events|mentions|gkg] FILE…`

use std::io::Read;

use forewarn_events::gdelt::{GdeltKind, RowReader};
use forewarn_events::source::open_input;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut kind = None;
    if let Some(i) = args.iter().position(|a| a == "--kind") {
        kind = GdeltKind::parse(&args[i + 1]);
        args.drain(i..i + 2);
    }
    let mut failed = false;
    for path in &args {
        let kind = kind.unwrap_or_else(|| GdeltKind::from_name(path));
        let mut original = Vec::new();
        open_input(path)?.read_to_end(&mut original)?;
        let mut rebuilt = Vec::with_capacity(original.len());
        let mut counts = std::collections::BTreeMap::new();
        let mut rejected = Vec::new();
        let mut reader = RowReader::new(open_input(path)?, path.clone(), kind);
        loop {
            match reader.next_row() {
                Ok(Some(row)) => {
                    *counts.entry(row.len()).or_insert(0u64) += 1;
                    let fields: Vec<&[u8]> = row.fields().collect();
                    rebuilt.extend(fields.join(&b'\t'));
                    rebuilt.push(b'\n');
                }
                Ok(None) => break,
                Err(e) if e.is_row_error() => rejected.push(e.to_string()),
                Err(e) => return Err(e.into()),
            }
        }
        let normalised: Vec<u8> = {
            // Compare with CR stripped and a final newline, as rows are rebuilt.
            let mut v: Vec<u8> = original.iter().copied().filter(|&b| b != b'\r').collect();
            if v.last() != Some(&b'\n') {
                v.push(b'\n');
            }
            v
        };
        let same = rejected.is_empty() && rebuilt == normalised;
        failed |= !same;
        println!(
            "{path}: {kind:?}, {} rows, field counts {counts:?}, {} rejected, round trip {}",
            reader.lines(),
            rejected.len(),
            if same { "exact" } else { "DIFFERS" }
        );
        for r in rejected.iter().take(3) {
            println!("  {r}");
        }
    }
    if failed {
        std::process::exit(1);
    }
    Ok(())
}
