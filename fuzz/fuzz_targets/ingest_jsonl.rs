//! `.jsonl` files: one document a line, text or HTML in `text`.
#![no_main]
use forewarn_ingest::{IngestOptions, read_bytes};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let out = read_bytes("fuzz.jsonl", data, &IngestOptions::default());
    let lines = data.split(|&b| b == b'\n').count();
    assert!(out.documents.len() <= lines);
});
