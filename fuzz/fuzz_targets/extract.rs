//! HTML main-text extraction on any text (the page as decoded, before extraction).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let html = String::from_utf8_lossy(data);
    let _ = forewarn_extract::extract_html(&html, Some("https://news.example/a/b.html"));
});
