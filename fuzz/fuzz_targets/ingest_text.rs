//! `.txt` / `.md` files with or without front matter; the first byte picks the extension and
//! whether the bytes are gzipped first-class (`.gz` is read like any other input).
#![no_main]
use forewarn_ingest::{IngestOptions, read_bytes};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let label = match pick % 3 {
        0 => "fuzz.txt",
        1 => "fuzz.md",
        _ => "fuzz.txt.gz",
    };
    let out = read_bytes(label, rest, &IngestOptions::default());
    for doc in &out.documents {
        assert!(!doc.text.trim().is_empty());
        assert!(!doc.hash.is_empty());
    }
});
