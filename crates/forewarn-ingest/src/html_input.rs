use forewarn_model::{Diagnostic, Document};

use crate::{FileOutcome, IngestOptions, decode, finish_document};

pub(crate) fn read(label: &str, bytes: &[u8], options: &IngestOptions, outcome: &mut FileOutcome) {
    let (html, charset) = decode::html(bytes);
    if let Some(charset) = charset {
        outcome
            .diagnostics
            .push(Diagnostic::warning(label, format!("decoded as {charset}")));
    }
    let extracted = forewarn_extract::extract_html(&html, None);
    outcome
        .diagnostics
        .extend(extracted.diagnostics.into_iter().map(|mut d| {
            d.location = format!("{label}: {}", d.location)
                .trim_end_matches(": ")
                .to_string();
            d
        }));
    let doc = Document {
        title: extracted.title,
        text: extracted.text,
        url: extracted.canonical_url,
        author: extracted.author,
        published: extracted.published,
        ..Document::default()
    };
    if let Some(doc) = finish_document(doc, label.to_string(), options, &mut outcome.diagnostics) {
        outcome.documents.push(doc);
    }
}
