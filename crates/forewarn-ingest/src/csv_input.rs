use forewarn_model::{Diagnostic, Document};

use crate::{FileOutcome, IngestOptions, finish_document, inline, parse_published};

/// CSV with a header row, read through the column mapping. A missing mapped column stops the file
/// (every row would be wrong); a bad row is reported with its line and the others are read.
pub(crate) fn read(label: &str, bytes: &[u8], options: &IngestOptions, outcome: &mut FileOutcome) {
    let Some(mapping) = &options.csv_mapping else {
        outcome.diagnostics.push(Diagnostic::error(
            label,
            "CSV needs a column mapping: pass --map text=Text,title=Heading,published=Date,url=Url, --map-file FILE, or put a sidecar `<name>.map.toml` beside it",
        ));
        return;
    };
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let header = match reader.byte_headers() {
        Ok(header) => header
            .iter()
            .map(|h| String::from_utf8_lossy(h).trim().to_string())
            .collect::<Vec<_>>(),
        Err(err) => {
            outcome.diagnostics.push(Diagnostic::error(
                format!("{label}:1"),
                format!("cannot read the CSV header: {err}"),
            ));
            return;
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
                return;
            }
        }
    }
    let mut record = csv::ByteRecord::new();
    loop {
        let line_no = reader.position().line() + u64::from(reader.position().line() == 0);
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(err) => {
                outcome.diagnostics.push(Diagnostic::error(
                    format!("{label}:{line_no}"),
                    format!("bad CSV row: {err}"),
                ));
                continue;
            }
        }
        let line_no = record.position().map_or(line_no, |p| p.line());
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
