use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The 16 event types of the current PLOVER ontology.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum EventType {
    Agree,
    Consult,
    Support,
    Concede,
    Cooperate,
    Aid,
    Retreat,
    Request,
    Accuse,
    Reject,
    Threaten,
    Protest,
    Sanction,
    Mobilize,
    Coerce,
    Assault,
}

impl EventType {
    pub const ALL: [EventType; 16] = [
        EventType::Agree,
        EventType::Consult,
        EventType::Support,
        EventType::Concede,
        EventType::Cooperate,
        EventType::Aid,
        EventType::Retreat,
        EventType::Request,
        EventType::Accuse,
        EventType::Reject,
        EventType::Threaten,
        EventType::Protest,
        EventType::Sanction,
        EventType::Mobilize,
        EventType::Coerce,
        EventType::Assault,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EventType::Agree => "AGREE",
            EventType::Consult => "CONSULT",
            EventType::Support => "SUPPORT",
            EventType::Concede => "CONCEDE",
            EventType::Cooperate => "COOPERATE",
            EventType::Aid => "AID",
            EventType::Retreat => "RETREAT",
            EventType::Request => "REQUEST",
            EventType::Accuse => "ACCUSE",
            EventType::Reject => "REJECT",
            EventType::Threaten => "THREATEN",
            EventType::Protest => "PROTEST",
            EventType::Sanction => "SANCTION",
            EventType::Mobilize => "MOBILIZE",
            EventType::Coerce => "COERCE",
            EventType::Assault => "ASSAULT",
        }
    }

    /// The CAMEO root code closest to this PLOVER type, used when a rule gives no finer code.
    pub fn cameo_root(self) -> &'static str {
        match self {
            EventType::Agree => "057",
            EventType::Consult => "040",
            EventType::Support => "050",
            EventType::Concede => "080",
            EventType::Cooperate => "060",
            EventType::Aid => "070",
            EventType::Retreat => "087",
            EventType::Request => "020",
            EventType::Accuse => "112",
            EventType::Reject => "120",
            EventType::Threaten => "130",
            EventType::Protest => "140",
            EventType::Sanction => "160",
            EventType::Mobilize => "150",
            EventType::Coerce => "170",
            EventType::Assault => "190",
        }
    }

    /// Whether the type is a form of conflict (the "material conflict" and "verbal conflict"
    /// quadrants); used for summaries and default context tags.
    pub fn is_conflict(self) -> bool {
        matches!(
            self,
            EventType::Accuse
                | EventType::Reject
                | EventType::Threaten
                | EventType::Protest
                | EventType::Sanction
                | EventType::Mobilize
                | EventType::Coerce
                | EventType::Assault
        )
    }
}

impl std::fmt::Display for EventType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Returned when a string names no PLOVER type.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown PLOVER event type `{0}` (expected one of AGREE, CONSULT, SUPPORT, CONCEDE, COOPERATE, AID, RETREAT, REQUEST, ACCUSE, REJECT, THREATEN, PROTEST, SANCTION, MOBILIZE, COERCE, ASSAULT)"
)]
pub struct UnknownEventType(pub String);

impl std::str::FromStr for EventType {
    type Err = UnknownEventType;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let upper = s.trim().to_ascii_uppercase();
        EventType::ALL
            .into_iter()
            .find(|t| t.as_str() == upper)
            .ok_or(UnknownEventType(s.to_string()))
    }
}

/// An actor as it appears in an event: the words used and what they resolve to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ActorRef {
    /// The words in the sentence ("the Belarusian president", "Moscow").
    pub text: String,
    /// ISO 3166 alpha-3 code, or an IGO code such as `NATO`.
    pub country: Option<String>,
    /// Sector code: GOV, MIL, POL, REB, IGO, CVL, MED, OPP, BUS, …
    pub sector: Option<String>,
    /// Canonical name when the actor is a known person or body ("Alexander Lukashenko").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// Where an event happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Location {
    pub name: String,
    pub country: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

/// One coded event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub event_type: EventType,
    /// PLOVER mode, e.g. `troops`, `visit`, `aerial`.
    pub mode: Option<String>,
    /// PLOVER context tags, e.g. `military`, `diplomatic`, `territory`.
    pub context: Vec<String>,
    pub cameo: Option<String>,
    pub source: Vec<ActorRef>,
    pub target: Vec<ActorRef>,
    pub location: Option<Location>,
    /// When it happened, resolved against the document's date; `None` when the text gives no date.
    pub date: Option<NaiveDate>,
    /// "did not deploy", "won't get involved".
    pub negated: bool,
    /// "if they go", "may be preparing", "fears that".
    pub hypothetical: bool,
    /// "will send", "plans to".
    pub future: bool,
    /// The words that triggered the event.
    pub trigger: String,
    /// Byte span of the trigger in the sentence.
    pub span: (usize, usize),
    /// 0–1, how sure the coder is.
    pub confidence: f32,
    /// Why it was coded: the rule or the nearest examples.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub rule: String,
}

impl Event {
    /// True when the text asserts that the event actually happened (or is happening).
    pub fn is_factual(&self) -> bool {
        !self.negated && !self.hypothetical && !self.future
    }
}
