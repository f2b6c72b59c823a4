use std::path::{Path, PathBuf};

use serde::Deserialize;

/// Which CSV column holds which document field. Only `text` is required.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CsvMapping {
    pub text: String,
    pub title: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
    pub source: Option<String>,
    pub author: Option<String>,
}

/// Why a column mapping could not be read.
#[derive(Debug, thiserror::Error)]
pub enum MappingError {
    #[error(
        "--map: `{0}` is not FIELD=COLUMN (fields: text, title, published, url, source, author)"
    )]
    NotAPair(String),
    #[error("--map: unknown field `{0}` (fields: text, title, published, url, source, author)")]
    UnknownField(String),
    #[error("--map: the `text` field is required, e.g. --map text=Body")]
    MissingText,
    #[error("{path}: {message}")]
    File { path: String, message: String },
}

impl CsvMapping {
    /// Parses `text=Text,title=Heading,published=Date,url=Url`.
    pub fn parse_pairs(spec: &str) -> Result<CsvMapping, MappingError> {
        let mut mapping = CsvMapping::default();
        for pair in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (field, column) = pair
                .split_once('=')
                .ok_or_else(|| MappingError::NotAPair(pair.to_string()))?;
            let column = column.trim().to_string();
            match field.trim() {
                "text" => mapping.text = column,
                "title" => mapping.title = Some(column),
                "published" | "date" => mapping.published = Some(column),
                "url" => mapping.url = Some(column),
                "source" => mapping.source = Some(column),
                "author" => mapping.author = Some(column),
                other => return Err(MappingError::UnknownField(other.to_string())),
            }
        }
        if mapping.text.is_empty() {
            return Err(MappingError::MissingText);
        }
        Ok(mapping)
    }

    /// Parses a mapping file (`text = "Text"` …); errors name the file, line and column.
    pub fn parse_toml(src: &str, path: &str) -> Result<CsvMapping, MappingError> {
        toml::from_str::<CsvMapping>(src).map_err(|err| {
            let position = err.span().map(|span| line_col(src, span.start));
            let message = err.message().to_string();
            match position {
                Some((line, col)) => MappingError::File {
                    path: format!("{path}:{line}:{col}"),
                    message,
                },
                None => MappingError::File {
                    path: path.to_string(),
                    message,
                },
            }
        })
    }

    /// Reads a mapping file from disk.
    pub fn from_file(path: &Path) -> Result<CsvMapping, MappingError> {
        let label = path.display().to_string();
        let src = std::fs::read_to_string(path).map_err(|err| MappingError::File {
            path: label.clone(),
            message: format!("cannot read mapping file: {err}"),
        })?;
        CsvMapping::parse_toml(&src, &label)
    }

    /// The mapped (field, column) pairs, for checking against a header.
    pub(crate) fn columns(&self) -> Vec<(&'static str, &str)> {
        let mut out = vec![("text", self.text.as_str())];
        let optional = [
            ("title", &self.title),
            ("published", &self.published),
            ("url", &self.url),
            ("source", &self.source),
            ("author", &self.author),
        ];
        out.extend(
            optional
                .into_iter()
                .filter_map(|(field, column)| column.as_deref().map(|c| (field, c))),
        );
        out
    }
}

/// `news.csv` (or `news.csv.gz`) looks for `news.map.toml` beside it.
pub(crate) fn sidecar_for(csv: &Path) -> Result<Option<CsvMapping>, MappingError> {
    let Some(name) = csv.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return Ok(None);
    };
    let lower = name.to_ascii_lowercase();
    let stem_len = if lower.ends_with(".csv.gz") {
        name.len() - 7
    } else {
        name.len() - 4
    };
    let sidecar: PathBuf = csv.with_file_name(format!("{}.map.toml", &name[..stem_len]));
    if sidecar.is_file() {
        CsvMapping::from_file(&sidecar).map(Some)
    } else {
        Ok(None)
    }
}

pub(crate) fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let before = &src[..offset.min(src.len())];
    let line = before.matches('\n').count() + 1;
    let col = before
        .rfind('\n')
        .map_or(before.len(), |p| before.len() - p - 1)
        + 1;
    (line, col)
}
