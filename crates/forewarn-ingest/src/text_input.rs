use std::sync::LazyLock;

use forewarn_model::{Diagnostic, Document};
use regex::Regex;

use crate::{FileOutcome, IngestOptions, decode, finish_document, parse_published};

/// Plain text and Markdown, with an optional front-matter block:
///
/// ```text
/// ---
/// title: Belarus announces a joint grouping of forces
/// published: 2022-10-10
/// source: wire report
/// url: https://example.org/a
/// ---
/// ```
pub(crate) fn read(label: &str, bytes: &[u8], options: &IngestOptions, outcome: &mut FileOutcome) {
    let text = match decode::utf8(label, bytes) {
        Ok(text) => text,
        Err(diagnostic) => {
            outcome.diagnostics.push(diagnostic);
            return;
        }
    };
    let is_markdown = {
        let lower = label.to_ascii_lowercase();
        lower.ends_with(".md") || lower.ends_with(".md.gz") || lower.ends_with(".markdown")
    };
    let mut doc = Document::default();
    let body = front_matter(label, &text, &mut doc, &mut outcome.diagnostics);
    let body = if is_markdown {
        strip_markdown(body, &mut doc)
    } else {
        body.to_string()
    };
    if doc.title.is_none() {
        doc.title = leading_title(&body);
    }
    doc.text = forewarn_extract::clean_text(&body);
    if let Some(doc) = finish_document(doc, label.to_string(), options, &mut outcome.diagnostics) {
        outcome.documents.push(doc);
    }
}

/// Splits off a `---` block, fills the document's metadata from it and returns the body.
fn front_matter<'a>(
    label: &str,
    text: &'a str,
    doc: &mut Document,
    diagnostics: &mut Vec<Diagnostic>,
) -> &'a str {
    let trimmed = text.trim_start_matches('\n');
    let skipped_lines = text.len() - trimmed.len();
    let Some(rest) = trimmed.strip_prefix("---\n") else {
        return text;
    };
    let Some(end) = rest.find("\n---") else {
        diagnostics.push(Diagnostic::warning(
            format!("{label}:{}", skipped_lines + 1),
            "front matter opened with `---` but never closed; read as plain text",
        ));
        return text;
    };
    let block = &rest[..end];
    let after = &rest[end + 4..];
    let after = after.strip_prefix('\n').unwrap_or(after);
    for (i, line) in block.lines().enumerate() {
        let line_no = skipped_lines + 2 + i;
        let location = format!("{label}:{line_no}");
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            diagnostics.push(Diagnostic::warning(
                location,
                format!("front matter line is not `key: value`: `{line}`"),
            ));
            continue;
        };
        let value = value
            .trim()
            .trim_matches('"')
            .trim_matches('\'')
            .to_string();
        match key.trim().to_ascii_lowercase().as_str() {
            "title" => doc.title = Some(value),
            "published" | "date" => doc.published = parse_published(&value, &format!("{location} (published)"), diagnostics),
            "source" => doc.source = Some(value),
            "url" => doc.url = Some(value),
            "author" => doc.author = Some(value),
            other => diagnostics.push(Diagnostic::warning(
                location,
                format!("unknown front matter field `{other}` ignored (fields: title, published, source, url, author)"),
            )),
        }
    }
    after
}

static MD_LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"!?\[([^\]]*)\]\([^)]*\)").expect("valid regex"));
static MD_EMPHASIS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\*\*|__|\*|`)").expect("valid regex"));

/// Markdown to plain paragraphs: the first `# ` heading becomes the title when none is set; other
/// headings stay as their own paragraph; links keep their text.
fn strip_markdown(body: &str, doc: &mut Document) -> String {
    let mut out = Vec::new();
    for line in body.lines() {
        let trimmed = line.trim_start();
        let heading = trimmed.trim_start_matches('#');
        let is_heading = trimmed.starts_with('#') && heading.starts_with(' ');
        let mut line = if is_heading {
            heading.trim().to_string()
        } else {
            line.to_string()
        };
        if is_heading && trimmed.starts_with("# ") && doc.title.is_none() {
            doc.title = Some(line.clone());
            continue;
        }
        for prefix in ["> ", "- ", "* ", "+ "] {
            if let Some(rest) = line.trim_start().strip_prefix(prefix) {
                line = rest.to_string();
            }
        }
        let line = MD_LINK.replace_all(&line, "$1");
        let line = MD_EMPHASIS.replace_all(&line, "");
        out.push(line.into_owned());
        if is_heading {
            out.push(String::new());
        }
    }
    out.join("\n")
}

/// A short first line followed by a blank line reads as a title in plain-text news files.
fn leading_title(body: &str) -> Option<String> {
    let body = body.trim_start();
    let (first, rest) = body.split_once('\n')?;
    let first = first.trim();
    let looks_like_title =
        !first.is_empty() && first.len() <= 160 && !first.ends_with('.') && rest.starts_with('\n');
    looks_like_title.then(|| first.to_string())
}
