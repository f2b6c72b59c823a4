use forewarn_model::{Diagnostic, Document};
use serde_json::Value;

use crate::{FileOutcome, IngestOptions, finish_document, inline, parse_published};

/// One JSON object a line: `title`, `text` (required), `url`, `published` (or `date`), `source`,
/// `author`. A bad line is reported with its number and the others are still read.
pub(crate) fn read(label: &str, bytes: &[u8], options: &IngestOptions, outcome: &mut FileOutcome) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    for (i, raw) in bytes.split(|&b| b == b'\n').enumerate() {
        let line_no = i + 1;
        let location = format!("{label}:{line_no}");
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
