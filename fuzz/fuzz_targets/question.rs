//! Question TOML files (`question add`, `POST /api/questions`).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(src) = std::str::from_utf8(data) {
        let _ = forewarn_forecast::parse_question_file(src, "fuzz.toml");
    }
});
