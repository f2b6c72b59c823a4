use thiserror::Error;

/// Why a gazetteer source could not be loaded.
///
/// Every variant names the `origin` the caller passed (usually a file path) and, where the TOML
/// parser or our own checks know it, the 1-based line and column of the offending value, so a
/// user editing an extension file can jump straight to the mistake.
#[derive(Error, Debug, Clone, PartialEq, Eq)]
pub enum GazetteerError {
    /// The text is not valid TOML or does not fit the schema (unknown field, wrong type,
    /// missing field).
    #[error("{origin}:{line}:{column}: {message}")]
    Syntax {
        origin: String,
        line: usize,
        column: usize,
        message: String,
    },
    /// A date field is not `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    #[error(
        "{origin}:{line}:{column}: `{field}` = \"{value}\" is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)"
    )]
    InvalidDate {
        origin: String,
        line: usize,
        column: usize,
        field: &'static str,
        value: String,
    },
    /// An entry refers to a country or IGO code the gazetteer does not know.
    #[error(
        "{origin}:{line}:{column}: unknown country or organisation code `{code}` (define it in a [[country]] or [[organization]] table first)"
    )]
    UnknownCode {
        origin: String,
        line: usize,
        column: usize,
        code: String,
    },
    /// A value is well-typed but unusable (empty name, coordinates out of range, …).
    #[error("{origin}: {entry}: {message}")]
    Invalid {
        origin: String,
        entry: String,
        message: String,
    },
}

/// 1-based line and column of a byte offset, for error messages.
pub(crate) fn line_column(src: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(src.len());
    let before = &src.as_bytes()[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}
