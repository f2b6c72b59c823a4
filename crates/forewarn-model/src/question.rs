use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::EventType;

/// A forecasting question with its indicators, as the forecast stage sees it. The on-disk TOML
/// format lives in `forewarn-forecast`; this is the validated domain type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Question {
    pub id: String,
    pub question: String,
    pub opens: NaiveDate,
    pub deadline: NaiveDate,
    /// Probability that the event happens between `opens` and `deadline`, with no evidence.
    pub prior: f64,
    #[serde(default)]
    pub tags: Vec<String>,
    pub resolution: Option<Resolution>,
    pub indicators: Vec<Indicator>,
}

/// How a question resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resolution {
    pub outcome: bool,
    pub resolved_on: NaiveDate,
}

/// Whether an indicator raises or lowers the probability.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    For,
    Against,
}

impl Direction {
    pub fn sign(self) -> f64 {
        match self {
            Direction::For => 1.0,
            Direction::Against => -1.0,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Direction::For => "for",
            Direction::Against => "against",
        }
    }
}

/// A signal the analyst watches for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    pub id: String,
    pub label: String,
    pub direction: Direction,
    /// Natural-log likelihood ratio carried by one independent report.
    pub weight: f64,
    /// Days after which a report's weight has halved.
    pub half_life_days: f64,
    #[serde(rename = "match")]
    pub matcher: IndicatorMatch,
    /// What a match means: a signal that shifts the chance of the outcome (the default), or a
    /// report that the outcome itself has happened.
    #[serde(default, skip_serializing_if = "IndicatorRole::is_signal")]
    pub role: IndicatorRole,
}

/// How the forecast reads an indicator's matches (`docs/forecasting.md`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IndicatorRole {
    /// A precursor or counter-indicator: it scales the hazard of the outcome.
    #[default]
    Signal,
    /// A report that the outcome happened inside the question's window; with `direction =
    /// "against"`, a denial or correction of such a report.
    Outcome,
}

impl IndicatorRole {
    pub fn is_signal(&self) -> bool {
        *self == IndicatorRole::Signal
    }

    pub fn as_str(self) -> &'static str {
        match self {
            IndicatorRole::Signal => "signal",
            IndicatorRole::Outcome => "outcome",
        }
    }
}

/// What a sentence (and its events) must show to count for an indicator. Empty lists match
/// anything; all non-empty conditions must hold.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct IndicatorMatch {
    /// The sentence must carry an event of one of these types. Empty: the sentence itself is
    /// the evidence (keywords and actors decide).
    #[serde(default)]
    pub event_types: Vec<EventType>,
    /// PLOVER modes, e.g. `troops`, `visit`.
    #[serde(default)]
    pub modes: Vec<String>,
    /// Country codes of the event's source actors (or, without event types, any actor in the sentence).
    #[serde(default)]
    pub source: Vec<String>,
    /// Country codes of the event's target actors.
    #[serde(default)]
    pub target: Vec<String>,
    /// Country codes or place names where the event happened.
    #[serde(default)]
    pub location: Vec<String>,
    /// At least one of these words or phrases must appear in the sentence (case-insensitive).
    #[serde(default)]
    pub keywords: Vec<String>,
    /// None of these may appear in the sentence.
    #[serde(default)]
    pub exclude_keywords: Vec<String>,
    /// When given, at least one of these must appear as well as a keyword: the context that
    /// gives a keyword its meaning ("will not" counts as a denial of war only beside "troops",
    /// "invade" or "attack", never beside "travel bans").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub context_keywords: Vec<String>,
    /// When given, every one of these must appear (whole words, any case): the people a
    /// question names ("Will Putin and Zelensky meet" needs both, not any Russia–Ukraine talks).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub all_keywords: Vec<String>,
    /// Sentence indicators only: `source` must be the side that speaks or acts — the actor
    /// mentioned nearest before the keyword — not any actor the sentence names.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub subject: bool,
    /// Sector codes (MIL, GOV, REB, …) of which a matching source actor must have one: a
    /// withdrawal by forces, not by prices or a football club.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sectors: Vec<String>,
    /// `true`: match only negated events ("will not send troops"); `false`: only asserted ones.
    #[serde(default)]
    pub negated: bool,
    /// Also accept events stated as future ("will hold exercises").
    #[serde(default)]
    pub allow_future: bool,
    /// Also accept hypothetical events ("may be preparing").
    #[serde(default)]
    pub allow_hypothetical: bool,
    /// Accept only future or hypothetical events: what is announced, planned or threatened,
    /// not what is already done ("Russia will mobilise", not "Russia mobilised troops"). Needs
    /// `allow_future` or `allow_hypothetical` to match anything.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub planned: bool,
    /// The event (or, without event types, the sentence) must run between two different
    /// countries: a source actor of one listed country and a target actor (or another
    /// mentioned actor) of a different listed one. For two-sided questions ("talks between A
    /// and O") whose `source` and `target` both list A and O, so a government's dealings with
    /// its own officials ("the Kremlin declined to comment") do not count as A–O contact.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub between: bool,
    /// Events only: `target` binds only an event that names a target; one that names none
    /// still matches. "Russian troops pulled out" is a pullback in a question about Ukraine;
    /// "China withdrew its troops from the India border" is none in a question about Taiwan.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub target_if_named: bool,
    /// Match a surge in daily event counts instead of single sentences. When set, only surge
    /// observations (see [`SURGE_RULE_PREFIX`]) can match this indicator, and they match no
    /// other indicator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub surge: Option<SurgeMatch>,
}

/// The rule of the one event a surge observation carries: `surge z=4.20`. The z-score after the
/// prefix is what [`SurgeMatch::min_z`] is compared with.
pub const SURGE_RULE_PREFIX: &str = "surge z=";

/// A surge indicator: days whose count of events is far above its rolling baseline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SurgeMatch {
    /// The PLOVER type counted; any type when `None`.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub event_type: Option<EventType>,
    /// Country codes of the source actor; any when empty.
    #[serde(default)]
    pub source: Vec<String>,
    /// Country codes where the events happened; any when empty.
    #[serde(default)]
    pub location: Vec<String>,
    /// The smallest surge z-score that counts.
    pub min_z: f64,
    /// Count events (the default) or the articles that mention them.
    #[serde(default, skip_serializing_if = "Measure::is_events")]
    pub measure: Measure,
}

/// What a daily count counts: events; the articles that mention them (GDELT Mentions), each
/// on the day it appeared; or articles per country they name (GDELT GKG), whatever the event.
/// A surge in mentions or articles is a surge in attention.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Measure {
    #[default]
    Events,
    Mentions,
    Articles,
}

impl Measure {
    pub fn as_str(self) -> &'static str {
        match self {
            Measure::Events => "events",
            Measure::Mentions => "mentions",
            Measure::Articles => "articles",
        }
    }

    /// Whether a count of this measure can be selected this way. GKG articles are counted by
    /// the one country they name, so they take exactly one location and no event type, mode
    /// or actors (an article naming two countries would otherwise count twice); the other
    /// measures take any selection.
    pub fn allows(self, event_filters: bool, locations: usize) -> bool {
        self != Measure::Articles || (!event_filters && locations == 1)
    }

    pub fn is_events(&self) -> bool {
        *self == Measure::Events
    }
}

impl std::str::FromStr for Measure {
    type Err = String;

    fn from_str(s: &str) -> Result<Measure, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "events" => Ok(Measure::Events),
            "mentions" => Ok(Measure::Mentions),
            "articles" => Ok(Measure::Articles),
            other => Err(format!(
                "unknown measure `{other}` (events, mentions, articles)"
            )),
        }
    }
}
