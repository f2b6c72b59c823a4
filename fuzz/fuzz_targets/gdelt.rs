//! GDELT rows as `import gdelt` reads them: export detection (a BigQuery CSV header is
//! converted), then rows of events, mentions or GKG (picked by the first byte) into records.
#![no_main]
use std::io::{BufRead, Cursor};

use forewarn_events::csvexport::raw_or_export;
use forewarn_events::gdelt::{article_from_row, mention_from_row};
use forewarn_events::{GdeltKind, RowReader, event_from_row};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let kind = match pick % 3 {
        0 => GdeltKind::Events,
        1 => GdeltKind::Mentions,
        _ => GdeltKind::Gkg,
    };
    let reader: Box<dyn BufRead + Send> = Box::new(Cursor::new(rest.to_vec()));
    let Ok(source) = raw_or_export(reader, kind) else {
        return;
    };
    let mut rows = RowReader::new(source.reader, "fuzz.csv", kind);
    if let Some(fields) = source.fields {
        rows = rows.with_fields(fields);
    }
    loop {
        let row = match rows.next_row() {
            Ok(Some(row)) => row,
            Ok(None) => break,
            Err(e) if e.is_row_error() => continue,
            Err(_) => break,
        };
        let _ = match kind {
            GdeltKind::Events => event_from_row(&row, "fuzz.csv").map(drop),
            GdeltKind::Mentions => mention_from_row(&row, "fuzz.csv").map(drop),
            GdeltKind::Gkg => article_from_row(&row, "fuzz.csv").map(drop),
        };
    }
});
