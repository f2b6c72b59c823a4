//! The mapped CSV importer (`import csv` / `import acled`): ACLED's mapping or the CIR
//! mapping we ship, picked by the first byte.
#![no_main]
use std::sync::{Arc, LazyLock};

use forewarn_code::Coder;
use forewarn_events::{Mapping, read_csv_events};
use libfuzzer_sys::fuzz_target;

static CODER: LazyLock<Coder> =
    LazyLock::new(|| Coder::new(Arc::new(forewarn_gazetteer::Gazetteer::builtin())));
static CIR: LazyLock<Mapping> = LazyLock::new(|| {
    Mapping::from_toml(
        include_str!("../../scripts/cir-events.toml"),
        "cir-events.toml",
    )
    .expect("valid mapping")
});
static ACLED: LazyLock<Mapping> = LazyLock::new(Mapping::acled);

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let mapping: &Mapping = if pick % 2 == 0 { &ACLED } else { &CIR };
    let mut batched = 0usize;
    if let Ok(import) = read_csv_events(rest, "fuzz.csv", mapping, &CODER, 16, |batch| {
        assert!(batch.len() <= 16);
        batched += batch.len();
        Ok(())
    }) {
        let _ = import.rows;
    }
});
