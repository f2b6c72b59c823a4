//! `.html` files as ingest reads them: ingest's own charset sniffing, then extraction.
#![no_main]
use forewarn_ingest::{IngestOptions, read_bytes};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let out = read_bytes("fuzz.html", data, &IngestOptions::default());
    assert!(out.documents.len() <= 1);
});
