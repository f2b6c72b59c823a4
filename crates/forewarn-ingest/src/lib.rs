//! Reads files and folders of news into [`Document`]s.
//!
//! Formats: `.txt` and `.md` (with an optional `---` front-matter block), `.html`/`.htm`, `.jsonl`
//! (one document a line: `title`, `text`, `url`, `published`, `source`), and `.csv` through a
//! [`CsvMapping`]. Any of them may be gzipped (`.html.gz`). Every file yields the documents it could
//! read plus [`Diagnostic`]s naming the file and line of whatever it could not: one bad line never
//! costs the rest of the file, and one bad file never costs the batch.
//!
//! This crate reads files; it does not code or store anything.
//!
//! ```
//! use forewarn_ingest::{read_bytes, IngestOptions};
//! let text = b"---\ntitle: Drills\npublished: 2022-12-13\n---\nBelarus ordered a snap inspection.\n";
//! let out = read_bytes("note.txt", text, &IngestOptions::default());
//! assert_eq!(out.documents.len(), 1);
//! assert_eq!(out.documents[0].title.as_deref(), Some("Drills"));
//! assert!(out.diagnostics.is_empty());
//! ```

#![allow(clippy::disallowed_methods)] // ingest is the edge that reads files

mod csv_input;
mod decode;
mod discover;
mod html_input;
mod jsonl_input;
pub mod limits;
mod mapping;
mod text_input;

use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use chrono::NaiveDate;
use forewarn_model::{Diagnostic, Document};
use sha2::{Digest, Sha256};

pub use discover::{discover, is_supported};
pub use mapping::{CsvMapping, MappingError};

/// Options that apply to every file of one ingest run.
#[derive(Debug, Clone, Default)]
pub struct IngestOptions {
    /// Column mapping for CSV files without a sidecar `<name>.map.toml`.
    pub csv_mapping: Option<CsvMapping>,
    /// Publication date for documents that carry none of their own.
    pub default_published: Option<NaiveDate>,
    /// Source label for documents that carry none of their own.
    pub default_source: Option<String>,
}

/// What reading one file produced.
#[derive(Debug, Default)]
pub struct FileOutcome {
    pub documents: Vec<Document>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads one file from disk, streaming: a `.gz` is decompressed as it is read (capped by size
/// and ratio, see [`limits`]), JSONL and CSV are read a line or record at a time, so memory
/// stays small whatever the file. I/O errors become diagnostics naming the file.
pub fn read_path(path: &Path, options: &IngestOptions) -> FileOutcome {
    let label = path.display().to_string();
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(err) => {
            return FileOutcome {
                documents: Vec::new(),
                diagnostics: vec![Diagnostic::error(label, format!("cannot read file: {err}"))],
            };
        }
    };
    let mut options = options.clone();
    if options.csv_mapping.is_none() && format_of(&label) == Some(Format::Csv) {
        match mapping::sidecar_for(path) {
            Ok(Some(mapping)) => options.csv_mapping = Some(mapping),
            Ok(None) => {}
            Err(err) => {
                return FileOutcome {
                    documents: Vec::new(),
                    diagnostics: vec![Diagnostic::error(label, err.to_string())],
                };
            }
        }
    }
    read_stream(
        &label,
        Box::new(BufReader::with_capacity(64 * 1024, file)),
        &options,
    )
}

/// Reads one file's bytes; `label` names it in documents' `origin` and in diagnostics, and its
/// extension picks the format.
pub fn read_bytes(label: &str, bytes: &[u8], options: &IngestOptions) -> FileOutcome {
    read_stream(label, Box::new(bytes), options)
}

fn read_stream<'a>(
    label: &str,
    raw: Box<dyn BufRead + 'a>,
    options: &IngestOptions,
) -> FileOutcome {
    let mut outcome = FileOutcome::default();
    let Some(format) = format_of(label) else {
        let message = if label.to_ascii_lowercase().ends_with(".zip") {
            "zip archives are not read by ingest: unzip it and ingest the folder"
        } else {
            "unsupported file type (expected .txt, .md, .html, .htm, .jsonl or .csv, optionally .gz)"
        };
        outcome.diagnostics.push(Diagnostic::error(label, message));
        return outcome;
    };
    let gz = has_gz_suffix(label);
    let mut reader = if gz { decode::gunzip(raw) } else { raw };
    let describe = |err: &std::io::Error| decode::describe_read_error(err, gz);
    match format {
        Format::Text | Format::Html => {
            let mut bytes = Vec::new();
            if let Err(err) = (&mut reader)
                .take(limits::MAX_DOCUMENT + 1)
                .read_to_end(&mut bytes)
            {
                outcome
                    .diagnostics
                    .push(Diagnostic::error(label, describe(&err)));
                return outcome;
            }
            if bytes.len() as u64 > limits::MAX_DOCUMENT {
                outcome.diagnostics.push(Diagnostic::error(
                    label,
                    format!(
                        "larger than {} MiB, the limit for one document; the file was skipped",
                        limits::MAX_DOCUMENT / (1024 * 1024)
                    ),
                ));
                return outcome;
            }
            if bytes.iter().all(u8::is_ascii_whitespace) {
                outcome.diagnostics.push(empty_file(label));
            } else if format == Format::Text {
                text_input::read(label, &bytes, options, &mut outcome);
            } else {
                html_input::read(label, &bytes, options, &mut outcome);
            }
        }
        Format::Jsonl | Format::Csv => {
            let mut reader = match decode::skip_if_blank(reader) {
                Ok(Some(reader)) => reader,
                Ok(None) => {
                    outcome.diagnostics.push(empty_file(label));
                    return outcome;
                }
                Err(err) => {
                    outcome
                        .diagnostics
                        .push(Diagnostic::error(label, describe(&err)));
                    return outcome;
                }
            };
            let result = if format == Format::Jsonl {
                jsonl_input::read(label, &mut reader, options, &mut outcome)
            } else {
                csv_input::read(label, &mut reader, options, &mut outcome)
            };
            if let Err((line, err)) = result {
                outcome.diagnostics.push(Diagnostic::error(
                    format!("{label}:{line}"),
                    format!("{}; the rest of the file was not read", describe(&err)),
                ));
            }
        }
    }
    outcome
}

fn empty_file(label: &str) -> Diagnostic {
    Diagnostic::error(label, "empty file: nothing to ingest")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Html,
    Jsonl,
    Csv,
}

fn has_gz_suffix(label: &str) -> bool {
    label.to_ascii_lowercase().ends_with(".gz")
}

fn format_of(label: &str) -> Option<Format> {
    let lower = label.to_ascii_lowercase();
    let name = lower.strip_suffix(".gz").unwrap_or(&lower);
    let ext = name.rsplit_once('.').map(|(_, ext)| ext)?;
    match ext {
        "txt" | "md" | "markdown" => Some(Format::Text),
        "html" | "htm" | "xhtml" => Some(Format::Html),
        "jsonl" | "ndjson" => Some(Format::Jsonl),
        "csv" => Some(Format::Csv),
        _ => None,
    }
}

/// The identity of a document for idempotent ingest: SHA-256 of its text with whitespace folded,
/// so re-wrapped copies of one file hash alike.
pub fn content_hash(text: &str) -> String {
    let mut hasher = Sha256::new();
    for (i, word) in text.split_whitespace().enumerate() {
        if i > 0 {
            hasher.update(b" ");
        }
        hasher.update(word.as_bytes());
    }
    let digest = hasher.finalize();
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Builds a document from extracted parts, filling defaults and the hash. Returns `None` (and a
/// diagnostic) when no text is left.
/// A single-line field (title, author, source) as plain text: markup dropped, entities
/// decoded, whitespace collapsed and trimmed.
pub(crate) fn inline(value: &str) -> String {
    forewarn_extract::clean_inline(value).trim().to_string()
}

pub(crate) fn finish_document(
    mut doc: Document,
    origin: String,
    options: &IngestOptions,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Document> {
    let text = doc.text.trim();
    if text.is_empty() {
        diagnostics.push(Diagnostic::error(origin, "no text left after extraction"));
        return None;
    }
    doc.text = text.to_string();
    if doc.published.is_none() {
        doc.published = options.default_published;
    }
    if doc.published.is_none() {
        diagnostics.push(Diagnostic::warning(
            &origin,
            "no publication date: the document is stored but forecasts (which need a date) will not use it; pass --published DATE",
        ));
    }
    if doc.source.is_none() {
        doc.source.clone_from(&options.default_source);
    }
    doc.title = doc
        .title
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty());
    doc.hash = content_hash(&doc.text);
    doc.origin = Some(origin);
    Some(doc)
}

/// Parses a user-supplied date field, with a diagnostic naming where it came from when it does
/// not parse.
pub(crate) fn parse_published(
    value: &str,
    location: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<NaiveDate> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    let parsed = forewarn_extract::parse_date(value);
    if parsed.is_none() {
        diagnostics.push(Diagnostic::warning(
            location,
            format!("cannot read the date `{value}`; expected e.g. 2022-12-19, 19 December 2022, RFC 3339 or RFC 2822"),
        ));
    }
    parsed
}

#[cfg(test)]
mod tests;
