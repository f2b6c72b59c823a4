use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One news item after ingest and extraction: clean main text plus metadata.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Hex SHA-256 of the normalised text; the identity used for idempotent ingest.
    pub hash: String,
    pub title: Option<String>,
    pub text: String,
    pub url: Option<String>,
    /// Who published it, by kind or name ("wire report", "defence ministry statement").
    pub source: Option<String>,
    pub author: Option<String>,
    /// The date relative expressions in the text are resolved against.
    pub published: Option<NaiveDate>,
    /// Where the document came from on disk (`path` or `path:line`).
    pub origin: Option<String>,
}

/// A sentence of a document, with its byte span in the document text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    /// 0-based position in the document.
    pub index: usize,
    pub text: String,
    /// Byte offsets `[start, end)` into the document text.
    pub span: (usize, usize),
}

/// A direct quotation and who said it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// The speaker as written ("Artyom", "Hanna Liubakova", "officials from the Belarusian
    /// Defense Ministry"); `None` when no speaker could be found.
    pub speaker: Option<String>,
    /// The quoted words, without the quotation marks.
    pub text: String,
    /// Index of the sentence where the quote starts.
    pub sentence_index: usize,
}
