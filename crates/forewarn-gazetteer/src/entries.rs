use chrono::NaiveDate;
use forewarn_model::ActorKind;
use serde::{Deserialize, Serialize};

/// A state: UN member, observer or widely reported entity (Kosovo, Taiwan).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Country {
    /// ISO 3166-1 alpha-3 (`XKX` for Kosovo, which has no official code).
    pub iso3: String,
    pub name: String,
    /// Other names: short forms, former names, formal names ("Czech Republic", "Burma").
    pub aliases: Vec<String>,
    /// Adjectives and nouns for the people ("Belarusian", "Byelorussian"); plurals are derived.
    pub demonyms: Vec<String>,
    pub capital: Option<String>,
    /// Other spellings of the capital ("Kiev").
    pub capital_aliases: Vec<String>,
    /// `(lat, lon)` of the capital.
    pub capital_location: Option<(f64, f64)>,
    /// The office "the X leader" means: `president`, `prime minister`, `chancellor`, …
    pub leader_office: String,
    /// Whether the state is one of the 193 UN members.
    pub un_member: bool,
}

/// A named person, with the offices they held.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Person {
    pub name: String,
    /// Other spellings and the surname when it is unambiguous ("Lukashenka", "Lukashenko").
    pub aliases: Vec<String>,
    /// Country used when no term covers the date asked about.
    pub country: String,
    /// Sector used when no term covers the date asked about (GOV, MIL, OPP, …).
    pub sector: String,
    pub terms: Vec<Term>,
}

/// One period in one office.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Term {
    /// Canonical office name (see [`crate::canonical_office`]).
    pub office: String,
    /// Country or IGO code the office belongs to (`NATO` for its secretary-general).
    pub country: String,
    pub sector: String,
    pub from: NaiveDate,
    /// Last day in office; `None` while still serving.
    pub to: Option<NaiveDate>,
}

impl Term {
    pub fn covers(&self, date: NaiveDate) -> bool {
        self.from <= date && self.to.is_none_or(|to| date <= to)
    }
}

/// A ministry, armed force, agency, IGO or non-state armed group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Organization {
    pub name: String,
    pub aliases: Vec<String>,
    /// ISO3 of the state it belongs to, or the IGO's own code (`NATO`, `EU`); `None` for
    /// transnational groups.
    pub country: Option<String>,
    pub sector: String,
    /// [`ActorKind::Organization`], [`ActorKind::Igo`] or [`ActorKind::ArmedGroup`].
    pub kind: ActorKind,
}

/// What sort of place an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlaceKind {
    Capital,
    City,
    Town,
    Village,
    /// An oblast, province or other region.
    Region,
    /// A military base or airfield.
    Base,
    /// A border crossing.
    Crossing,
    /// A named area that is not an administrative unit ("Suwałki gap", "Donbas").
    Area,
    /// A facility such as a power plant.
    Site,
}

/// A place with coordinates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    pub name: String,
    pub aliases: Vec<String>,
    /// ISO3 of the country the place is in.
    pub country: String,
    /// First-level administrative region ("Gomel Region", "Chernihiv Oblast"), when known.
    pub admin1: Option<String>,
    pub kind: PlaceKind,
    pub lat: f64,
    pub lon: f64,
}
