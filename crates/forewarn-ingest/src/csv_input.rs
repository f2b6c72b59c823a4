use forewarn_model::{Diagnostic, Document};

use std::io::BufRead;

use crate::limits::{CsvRecord, CsvRecords, MAX_LINE};
use crate::{FileOutcome, IngestOptions, finish_document, inline, parse_published};

/// CSV with a header row, read through the column mapping. A missing mapped column stops the file
/// (every row would be wrong); a bad row is reported with its line and the others are read.
/// Records are read one at a time and one over [`MAX_LINE`] is skipped without being held. A
/// read error (a broken or over-large `.gz`) ends the file: `Err` with the line it happened on.
pub(crate) fn read(
    label: &str,
    reader: &mut dyn BufRead,
    options: &IngestOptions,
    outcome: &mut FileOutcome,
) -> Result<(), (u64, std::io::Error)> {
    let Some(mapping) = &options.csv_mapping else {
        outcome.diagnostics.push(Diagnostic::error(
            label,
            "CSV needs a column mapping: pass --map text=Text,title=Heading,published=Date,url=Url, --map-file FILE, or put a sidecar `<name>.map.toml` beside it",
        ));
        return Ok(());
    };
    if reader
        .fill_buf()
        .map_err(|e| (1, e))?
        .starts_with(b"\xEF\xBB\xBF")
    {
        reader.consume(3);
    }
    let mut reader = CsvRecords::new(reader, MAX_LINE);
    let mut record = csv::ByteRecord::new();
    let header = match reader.next_record(&mut record).map_err(|e| (1, e))? {
        CsvRecord::Read { .. } | CsvRecord::End => record
            .iter()
            .map(|h| String::from_utf8_lossy(h).trim().to_string())
            .collect::<Vec<_>>(),
        CsvRecord::TooLong { line, .. } => {
            outcome.diagnostics.push(Diagnostic::error(
                format!("{label}:{line}"),
                format!(
                    "the CSV header is longer than the {} MiB limit",
                    MAX_LINE / (1024 * 1024)
                ),
            ));
            return Ok(());
        }
    };
    let mut indices = Vec::new();
    for (field, column) in mapping.columns() {
        match header.iter().position(|h| h == column) {
            Some(index) => indices.push((field, index)),
            None => {
                outcome.diagnostics.push(Diagnostic::error(
                    format!("{label}:1"),
                    format!(
                        "mapped column `{column}` (for field `{field}`) is not in the header; the columns are: {}",
                        header.join(", ")
                    ),
                ));
                return Ok(());
            }
        }
    }
    loop {
        let next = reader.next_record(&mut record);
        let line_no = match next.map_err(|e| (reader.line(), e))? {
            CsvRecord::End => return Ok(()),
            CsvRecord::Read { line } => line,
            CsvRecord::TooLong { line, bytes } => {
                outcome.diagnostics.push(Diagnostic::error(
                    format!("{label}:{line}"),
                    format!(
                        "row of {bytes} bytes is longer than the {} MiB limit; row skipped",
                        MAX_LINE / (1024 * 1024)
                    ),
                ));
                continue;
            }
        };
        let location = format!("{label}:{line_no}");
        let mut doc = Document::default();
        let mut ok = true;
        for &(field, index) in &indices {
            let raw = record.get(index).unwrap_or_default();
            let value = match std::str::from_utf8(raw) {
                Ok(value) => value.trim().to_string(),
                Err(_) => {
                    outcome.diagnostics.push(Diagnostic::error(
                        &location,
                        format!("field `{field}` is not valid UTF-8; row skipped"),
                    ));
                    ok = false;
                    break;
                }
            };
            match field {
                // Exports often carry the site's HTML in their fields.
                "text" => {
                    doc.text =
                        forewarn_extract::clean_text(&forewarn_extract::clean_fragment(&value))
                }
                "title" => doc.title = Some(inline(&value)).filter(|v| !v.is_empty()),
                "published" => {
                    doc.published = parse_published(
                        &value,
                        &format!("{location} (published)"),
                        &mut outcome.diagnostics,
                    )
                }
                "url" => doc.url = Some(value).filter(|v| !v.is_empty()),
                "source" => doc.source = Some(value).filter(|v| !v.is_empty()),
                "author" => doc.author = Some(inline(&value)).filter(|v| !v.is_empty()),
                _ => {}
            }
        }
        if ok && let Some(doc) = finish_document(doc, location, options, &mut outcome.diagnostics) {
            outcome.documents.push(doc);
        }
    }
}
