//! The small types that the forewarn stages pass to each other.
//!
//! Data flows document → sentence → event → evidence → forecast → briefing. Every stage crate
//! depends on this one and on nothing upstream of it, so the types here are the contracts between
//! stages. This crate does no I/O and reads no clock.
//!
//! ```
//! use forewarn_model::EventType;
//! assert_eq!("MOBILIZE".parse::<EventType>().unwrap(), EventType::Mobilize);
//! assert_eq!(EventType::Consult.as_str(), "CONSULT");
//! ```

mod candidates;
mod diagnostic;
mod document;
mod event;
mod forecast;
mod imported;
mod mention;
mod observation;
mod question;

pub use candidates::{CandidateClause, CandidateQuery, index_words};
pub use diagnostic::{Diagnostic, Severity};
pub use document::{Document, Quote, Sentence};
pub use event::{ActorRef, Event, EventType, Location, UnknownEventType};
pub use forecast::{Contribution, Forecast, Reported, ReportedSentence, TimelinePoint};
pub use imported::{ImportedArticle, ImportedEvent, ImportedMention};
pub use mention::{ActorKind, ActorMention, DateMention, PlaceMention};
pub use observation::{CodedSentence, Observation};
pub use question::{
    Direction, Indicator, IndicatorMatch, IndicatorRole, Measure, Question, Resolution,
    SURGE_RULE_PREFIX, SurgeMatch,
};
