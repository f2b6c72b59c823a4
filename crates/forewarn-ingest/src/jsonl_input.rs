use forewarn_model::{Diagnostic, Document};
use serde_json::Value;

use std::io::BufRead;

use crate::limits::{Line, MAX_LINE, read_line_capped};
use crate::{FileOutcome, IngestOptions, finish_document, inline, parse_published};

/// One JSON object a line: `title`, `text` (required), `url`, `published` (or `date`), `source`,
/// `author`. A bad line is reported with its number and the others are still read.
/// Lines are read one at a time and one over [`MAX_LINE`] is skipped without being held. A read
/// error (a broken or over-large `.gz`) ends the file: `Err` with the line it happened on.
pub(crate) fn read(
    label: &str,
    reader: &mut dyn BufRead,
    options: &IngestOptions,
    outcome: &mut FileOutcome,
) -> Result<(), (u64, std::io::Error)> {
    let mut buf = Vec::new();
    let mut line_no = 0u64;
    loop {
        let read = read_line_capped(reader, &mut buf, MAX_LINE).map_err(|e| (line_no + 1, e))?;
        line_no += 1;
        let location = format!("{label}:{line_no}");
        match read {
            Line::Eof => return Ok(()),
            Line::Read => {}
            Line::TooLong(bytes) => {
                outcome.diagnostics.push(Diagnostic::error(
                    location,
                    format!(
                        "line of {bytes} bytes is longer than the {} MiB limit; line skipped",
                        MAX_LINE / (1024 * 1024)
                    ),
                ));
                continue;
            }
        }
        let mut raw = buf.strip_suffix(b"\n").unwrap_or(&buf);
        if line_no == 1 {
            raw = raw.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(raw);
        }
        if raw.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let line = match std::str::from_utf8(raw) {
            Ok(line) => line,
            Err(err) => {
                outcome.diagnostics.push(Diagnostic::error(
                    format!("{location}:{}", err.valid_up_to() + 1),
                    "invalid UTF-8; line skipped",
                ));
                continue;
            }
        };
        let value: Value = match serde_json::from_str(line) {
            Ok(value) => value,
            Err(err) => {
                outcome.diagnostics.push(Diagnostic::error(
                    format!("{location}:{}", err.column()),
                    format!("not a JSON object: {err}; line skipped"),
                ));
                continue;
            }
        };
        let Some(object) = value.as_object() else {
            outcome.diagnostics.push(Diagnostic::error(
                location,
                "expected a JSON object; line skipped",
            ));
            continue;
        };
        let field = |name: &str| object.get(name).and_then(Value::as_str).map(str::to_string);
        let Some(text) = field("text").filter(|t| !t.trim().is_empty()) else {
            let message = match object.get("text") {
                None => "missing field `text`; line skipped",
                Some(Value::String(_)) => "field `text` is empty; line skipped",
                Some(_) => "field `text` must be a string; line skipped",
            };
            outcome
                .diagnostics
                .push(Diagnostic::error(location, message));
            continue;
        };
        let mut doc = Document {
            title: field("title").map(|t| inline(&t)).filter(|t| !t.is_empty()),
            url: field("url"),
            source: field("source").map(|s| inline(&s)),
            author: field("author").map(|a| inline(&a)),
            ..Document::default()
        };
        let looks_like_html = text.trim_start().starts_with('<');
        if looks_like_html {
            let extracted = forewarn_extract::extract_html(&text, doc.url.as_deref());
            doc.text = extracted.text;
            doc.title = doc.title.or(extracted.title);
            doc.published = extracted.published;
        }
        // A fragment (`<p>…</p>`, text with `&amp;` or `<br>`) is all text; readability, made
        // for pages, may find no "article" in it.
        if doc.text.is_empty() {
            doc.text = forewarn_extract::clean_text(&forewarn_extract::clean_fragment(&text));
        }
        if let Some(published) = field("published").or_else(|| field("date")) {
            doc.published = parse_published(
                &published,
                &format!("{location} (published)"),
                &mut outcome.diagnostics,
            )
            .or(doc.published);
        }
        if let Some(doc) = finish_document(doc, location, options, &mut outcome.diagnostics) {
            outcome.documents.push(doc);
        }
    }
}
