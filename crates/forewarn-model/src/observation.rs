use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{ActorMention, Event, PlaceMention};

/// A sentence after coding: its events and the actors and places it mentions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CodedSentence {
    /// 0-based position in the document.
    pub index: usize,
    pub text: String,
    /// Byte offsets `[start, end)` into the document text.
    pub span: (usize, usize),
    /// The first event is the sentence's main event.
    pub events: Vec<Event>,
    pub actors: Vec<ActorMention>,
    pub places: Vec<PlaceMention>,
}

/// A stored, coded sentence as the forecast stage reads it: the unit of evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Observation {
    pub sentence_id: i64,
    pub document_id: i64,
    /// Publication date of the document; forecasts as of D only see observations published ≤ D.
    pub published: NaiveDate,
    pub text: String,
    pub events: Vec<Event>,
    pub actors: Vec<ActorMention>,
    pub document_title: Option<String>,
    pub document_source: Option<String>,
    /// Set when the whole document is a near-duplicate of an earlier one (its id).
    pub duplicate_of: Option<i64>,
}
