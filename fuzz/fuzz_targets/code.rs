//! The event coder on any text: sentence splitting, actors, rules, negation and dates.
#![no_main]
use std::sync::{Arc, LazyLock};

use chrono::NaiveDate;
use forewarn_code::Coder;
use libfuzzer_sys::fuzz_target;

static CODER: LazyLock<Coder> =
    LazyLock::new(|| Coder::new(Arc::new(forewarn_gazetteer::Gazetteer::builtin())));

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let reference = NaiveDate::from_ymd_opt(2023, 1, 4);
    let _ = CODER.code_document(&text, reference);
});
