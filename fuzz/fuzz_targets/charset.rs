//! Raw page bytes: BOM / `<meta charset>` / http-equiv sniffing and decoding, then extraction.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = forewarn_extract::extract_html_bytes(data, None);
});
