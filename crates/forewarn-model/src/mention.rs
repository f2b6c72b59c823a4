use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What kind of gazetteer entry an actor mention matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ActorKind {
    /// A state by name ("Belarus").
    State,
    /// A demonym or adjective ("Belarusian").
    Demonym,
    /// A capital used as a metonym ("Moscow said").
    Capital,
    /// A named person holding an office ("Lukashenko").
    Leader,
    /// An office resolved through its holder on a date ("the Belarusian president").
    Office,
    /// A ministry, armed force or other state body.
    Organization,
    /// An intergovernmental organisation.
    Igo,
    /// A non-state armed group.
    ArmedGroup,
}

/// An actor found in text by the gazetteer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActorMention {
    /// Byte span `[start, end)` in the searched text.
    pub span: (usize, usize),
    pub text: String,
    pub kind: ActorKind,
    /// ISO 3166 alpha-3, or an IGO code.
    pub country: Option<String>,
    /// GOV, MIL, POL, IGO, REB, …
    pub sector: Option<String>,
    /// Canonical name of the entry ("Alexander Lukashenko", "Belarus").
    pub name: String,
}

/// A place found in text by the gazetteer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlaceMention {
    pub span: (usize, usize),
    pub text: String,
    pub name: String,
    /// ISO 3166 alpha-3 of the country the place is in.
    pub country: String,
    pub lat: f64,
    pub lon: f64,
}

/// A date expression found in text and resolved against a reference date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateMention {
    pub span: (usize, usize),
    pub text: String,
    pub date: NaiveDate,
}
