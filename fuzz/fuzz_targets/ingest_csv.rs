//! `.csv` files through a column mapping (every field mapped, so every field is read).
#![no_main]
use std::sync::LazyLock;

use forewarn_ingest::{CsvMapping, IngestOptions, read_bytes};
use libfuzzer_sys::fuzz_target;

static OPTIONS: LazyLock<IngestOptions> = LazyLock::new(|| IngestOptions {
    csv_mapping: Some(
        CsvMapping::parse_pairs(
            "text=Text,title=Title,published=Date,url=Url,source=Source,author=Author",
        )
        .expect("valid mapping"),
    ),
    ..IngestOptions::default()
});

fuzz_target!(|data: &[u8]| {
    let _ = read_bytes("fuzz.csv", data, &OPTIONS);
});
