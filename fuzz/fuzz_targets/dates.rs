//! Dates: document date fields (`parse_date`) and dates in running text (`find_dates`).
#![no_main]
use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = forewarn_extract::parse_date(&text);
    let reference = NaiveDate::from_ymd_opt(2023, 1, 4).expect("valid");
    for mention in forewarn_extract::find_dates(&text, reference) {
        let (start, end) = mention.span;
        assert!(start <= end && text.get(start..end).is_some());
    }
});
