use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::EventType;

/// One event from an external event dataset (GDELT, ACLED, an incident list), as the store
/// keeps it: its own taxonomy verbatim, plus the PLOVER type we assigned.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ImportedEvent {
    /// Which dataset: `gdelt`, `acled`, or the name given to a mapped CSV.
    pub dataset: String,
    /// The dataset's own id for the event; unique within the dataset, so imports are idempotent.
    pub source_id: String,
    pub date: Option<NaiveDate>,
    /// The dataset's own type, verbatim (a CAMEO code such as `043` keeps its leading zero).
    pub native_type: String,
    /// The PLOVER type we assigned (from a code table, a mapping file or our coder).
    pub event_type: Option<EventType>,
    pub mode: Option<String>,
    /// ISO 3166 alpha-3 (or an IGO code) of the acting side.
    pub source_country: Option<String>,
    pub target_country: Option<String>,
    /// ISO 3166 alpha-3 of where it happened.
    pub location_country: Option<String>,
    /// First-level administrative region (province, oblast, state) as the dataset names it.
    pub admin1: Option<String>,
    pub location: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub description: Option<String>,
    pub url: Option<String>,
}

/// One article's mention of an imported event: a row of a GDELT Mentions file. The store
/// counts mentions by the day they appeared, under the attributes of the event they mention,
/// as a second measure beside the event counts (media attention rather than events). A
/// mention is one (event, article, sentence, time): re-importing a file adds nothing, and two
/// citation-only articles of one source (same citation text) at different times stay two.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportedMention {
    /// The dataset of the mentioned event (`gdelt`).
    pub dataset: String,
    /// The mentioned event's id in that dataset.
    pub event_source_id: String,
    /// When the article appeared (UTC).
    pub mentioned_at: NaiveDateTime,
    /// GDELT's source collection: 1 web (`url` is a URL), 2 citation only (`url` is a textual
    /// citation), 3 CORE, 4 DTIC, 5 JSTOR, 6 non-textual source.
    pub mention_type: Option<u8>,
    /// The publisher, e.g. `bbc.co.uk`.
    pub source_name: Option<String>,
    /// The article's URL (for web mentions) or citation.
    pub url: String,
    /// The sentence of the article the event was found in (1-based; 0 when not given).
    pub sentence: u32,
    /// GDELT's confidence in the extraction, 0–100.
    pub confidence: Option<u8>,
    /// The article's average tone.
    pub tone: Option<f64>,
}

/// One article from a GDELT Global Knowledge Graph file (GKG 2.1): when and where it was
/// published, the countries it names and its themes and tone. The store counts articles per
/// day and country they name, a third measure: attention to a country, whatever the event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportedArticle {
    /// `gkg`.
    pub dataset: String,
    /// GKGRECORDID, e.g. `20220224033000-17`.
    pub record_id: String,
    /// Publication time (UTC).
    pub published: NaiveDateTime,
    pub source_name: Option<String>,
    /// The article's URL (or citation).
    pub url: Option<String>,
    /// ISO 3166 alpha-3 codes of the countries its locations lie in, sorted, each once.
    pub countries: Vec<String>,
    /// GKG themes, e.g. `ARMEDCONFLICT`, each once, in the file's order.
    pub themes: Vec<String>,
    /// Average tone of the article.
    pub tone: Option<f64>,
}
