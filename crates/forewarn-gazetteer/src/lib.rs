//! Actor and place gazetteer for forewarn: every state with its aliases, demonyms and capital;
//! leaders and ministers with their years in office; armed forces, ministries, IGOs and armed
//! groups; and the towns, bases and regions around the Belarus–Ukraine–Russia borders.
//!
//! The data ships as TOML files in `data/`, compiled into the binary. [`Gazetteer::actors`]
//! finds actors in one Aho–Corasick pass plus cheap look-ahead, so it keeps up with thousands of
//! sentences a second. Besides plain names it understands:
//!
//! * demonym + sector noun as one actor: "Belarusian troops" (BLR, MIL), "Hungarian and Romanian
//!   officials" (HUN GOV, ROU GOV), "Russia's army", "the army of Belarus";
//! * offices resolved by date: "the Belarusian president" in 2022 is Alexander Lukashenko;
//! * title + name as one actor: "Russian President Vladimir Putin";
//! * capitals as metonyms: "Moscow said" (RUS, GOV).
//!
//! ```
//! use chrono::NaiveDate;
//! use forewarn_gazetteer::Gazetteer;
//! use forewarn_model::ActorKind;
//!
//! let gaz = Gazetteer::builtin();
//! let date = NaiveDate::from_ymd_opt(2022, 12, 1);
//! let found = gaz.actors("The Belarusian president met Russian troops near Gomel.", date);
//! assert_eq!(found[0].kind, ActorKind::Office);
//! assert_eq!(found[0].name, "Alexander Lukashenko");
//! assert_eq!(found[1].country.as_deref(), Some("RUS"));
//! assert_eq!(found[1].sector.as_deref(), Some("MIL"));
//!
//! let places = gaz.places("Shelling was reported near Gomel and Kiev.");
//! assert_eq!(places[0].country, "BLR");
//! assert_eq!(places[1].name, "Kyiv");
//! ```
//!
//! # Extension files
//!
//! [`Gazetteer::extend_from_toml`] takes the same format as the shipped data. Every table and
//! field is optional except where noted; unknown fields are errors.
//!
//! ```toml
//! [[country]]            # a new state, or more names for a known one (matched by iso3)
//! iso3 = "BLR"           # required
//! name = "Belarus"       # required
//! aliases = ["White Russia"]
//! demonyms = ["Belarusan"]
//! capital = "Minsk"
//! capital_aliases = ["Mensk"]
//! capital_at = [53.90, 27.56]     # [lat, lon]
//! leader = "president"            # the office "the Belarusian leader" means
//! un_member = true
//!
//! [[person]]
//! name = "Ivan Example"  # required
//! aliases = ["Example"]  # include the surname only when it is unambiguous
//! country = "BLR"        # required: ISO3 or an organisation code
//! sector = "GOV"         # default GOV
//! terms = [
//!   { office = "interior minister", from = "2031-05", to = "2033" },
//!   { office = "secretary-general", from = "2034-01-01", country = "CSTO", sector = "IGO" },
//! ]
//!
//! [[organization]]
//! name = "Example Brigade"   # required
//! aliases = ["the Brigade"]
//! country = "BLR"            # optional; an IGO uses its own code
//! sector = "REB"             # required
//! kind = "armed_group"       # organization (default) | igo | armed_group
//!
//! [[place]]
//! name = "Examplevo"         # required
//! aliases = ["Ekzamplevo"]
//! country = "BLR"            # required
//! admin1 = "Gomel Region"
//! kind = "village"           # capital | city (default) | town | village | region | base | crossing | area | site
//! at = [52.1, 30.2]          # required: [lat, lon]
//! ```
//!
//! Dates are `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; a partial `to` means the end of that period.
//! A person or place with the name of an existing one replaces it.

mod entries;
mod error;
mod nouns;
mod petrarch;
mod schema;
mod text;

use std::collections::HashMap;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, Input, MatchKind};
use chrono::NaiveDate;
use forewarn_model::{ActorKind, ActorMention, PlaceMention};

pub use entries::{Country, Organization, Person, Place, PlaceKind, Term};
pub use error::GazetteerError;
pub use nouns::canonical_office;
pub use petrarch::{PetrarchSummary, looks_like_petrarch};

use nouns::Noun;
use schema::Parsed;

const COUNTRIES_TOML: &str = include_str!("../data/countries.toml");
const ORGANIZATIONS_TOML: &str = include_str!("../data/organizations.toml");
const PEOPLE_TOML: &str = include_str!("../data/people.toml");
const PLACES_TOML: &str = include_str!("../data/places.toml");

/// What an automaton pattern stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    CountryName(usize),
    Demonym(usize),
    Organization(usize),
    Person(usize),
    Capital(usize),
    /// In the actor automaton, a place only blocks shorter actor matches inside it
    /// ("Minsk Region" is not the government in Minsk).
    Place(usize),
}

impl Target {
    /// When two entries share a spelling, the lower rank wins.
    fn rank(self) -> u8 {
        match self {
            Target::CountryName(_) => 0,
            Target::Demonym(_) => 1,
            Target::Organization(_) => 2,
            Target::Person(_) => 3,
            Target::Capital(_) => 4,
            Target::Place(_) => 5,
        }
    }
}

#[derive(Debug, Clone)]
struct Index {
    automaton: AhoCorasick,
    targets: Vec<Target>,
}

#[derive(Debug, Clone, Copy)]
struct Hit {
    start: usize,
    end: usize,
    target: Target,
}

/// Collects patterns, keeping one target per spelling.
#[derive(Default)]
struct PatternSet {
    by_pattern: HashMap<String, Target>,
}

impl PatternSet {
    fn add(&mut self, pattern: &str, target: Target) {
        let pattern = pattern.trim();
        if pattern.is_empty() {
            return;
        }
        for variant in text::spelling_variants(pattern) {
            match self.by_pattern.get(&variant) {
                // Equal rank: the later entry wins, so extensions override shipped data.
                Some(existing) if existing.rank() < target.rank() => {}
                _ => {
                    self.by_pattern.insert(variant, target);
                }
            }
        }
    }

    fn build(self) -> Index {
        let mut pairs: Vec<(String, Target)> = self.by_pattern.into_iter().collect();
        // HashMap order is random; sort so builds are reproducible.
        pairs.sort_by(|a, b| a.0.cmp(&b.0));
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(pairs.iter().map(|(p, _)| p.as_str()))
            .expect("gazetteer patterns are few and short enough for aho-corasick");
        Index {
            automaton,
            targets: pairs.into_iter().map(|(_, t)| t).collect(),
        }
    }

    /// Non-overlapping, leftmost-longest matches that sit on word boundaries.
    fn search(index: &Index, text: &str) -> Vec<Hit> {
        let mut hits = Vec::new();
        let mut pos = 0;
        while pos < text.len() {
            let Some(m) = index.automaton.find(Input::new(text).span(pos..text.len())) else {
                break;
            };
            if text::on_word_boundaries(text, m.start(), m.end()) {
                hits.push(Hit {
                    start: m.start(),
                    end: m.end(),
                    target: index.targets[m.pattern().as_usize()],
                });
                pos = m.end();
            } else {
                // A shorter or later match may still start inside the rejected one.
                pos = m.start() + 1;
            }
        }
        hits
    }
}

/// The actor and place gazetteer. Cheap to clone (the automata are reference-counted) and
/// `Send + Sync`, so share one via `Arc` or clones.
#[derive(Debug, Clone)]
pub struct Gazetteer {
    countries: Vec<Country>,
    persons: Vec<Person>,
    organizations: Vec<Organization>,
    /// Places as given in the data, before capitals are added.
    listed_places: Vec<Place>,
    /// Listed places plus every capital not listed.
    places: Vec<Place>,
    country_by_code: HashMap<String, usize>,
    country_by_name: HashMap<String, usize>,
    place_by_name: HashMap<String, usize>,
    /// `(country code, canonical office)` → `(person, term)` pairs.
    offices: HashMap<(String, String), Vec<(usize, usize)>>,
    actor_index: Index,
    place_index: Index,
}

impl Gazetteer {
    /// The data shipped with forewarn. Parsed and compiled once per process; later calls clone.
    pub fn builtin() -> Gazetteer {
        static BUILTIN: OnceLock<Gazetteer> = OnceLock::new();
        BUILTIN
            .get_or_init(|| {
                let mut gaz = Gazetteer::empty();
                for (src, origin) in [
                    (COUNTRIES_TOML, "data/countries.toml"),
                    (ORGANIZATIONS_TOML, "data/organizations.toml"),
                    (PEOPLE_TOML, "data/people.toml"),
                    (PLACES_TOML, "data/places.toml"),
                ] {
                    let parsed = gaz
                        .parse(src, origin)
                        .unwrap_or_else(|e| panic!("shipped gazetteer data is invalid: {e}"));
                    gaz.absorb(parsed);
                }
                gaz.rebuild();
                gaz
            })
            .clone()
    }

    fn empty() -> Gazetteer {
        let empty_index = PatternSet::default().build();
        Gazetteer {
            countries: Vec::new(),
            persons: Vec::new(),
            organizations: Vec::new(),
            listed_places: Vec::new(),
            places: Vec::new(),
            country_by_code: HashMap::new(),
            country_by_name: HashMap::new(),
            place_by_name: HashMap::new(),
            offices: HashMap::new(),
            actor_index: empty_index.clone(),
            place_index: empty_index,
        }
    }

    /// Adds the entries of a TOML source in the format described in the crate docs. On error
    /// the gazetteer is unchanged; the error names `origin` and, where known, line and column.
    pub fn extend_from_toml(&mut self, src: &str, origin: &str) -> Result<(), GazetteerError> {
        let parsed = self.parse(src, origin)?;
        self.absorb(parsed);
        self.rebuild();
        Ok(())
    }

    /// Adds the actors of a PETRARCH/TABARI actor dictionary (for example PETRARCH2's
    /// `Phoenix.Countries.actors.txt`), with date-bounded roles as terms. Format and mapping are
    /// described in `petrarch.rs`; unreadable lines are skipped and counted in the summary.
    pub fn extend_from_petrarch(
        &mut self,
        src: &str,
        origin: &str,
    ) -> Result<PetrarchSummary, GazetteerError> {
        let known = |code: &str| self.country_by_code.contains_key(code);
        let name = |code: &str| self.country(code).map(|c| c.name.clone());
        let (toml, summary) = petrarch::to_toml(src, &known, &name);
        self.extend_from_toml(&toml, origin)?;
        Ok(summary)
    }

    /// Adds an actor file in either format: a PETRARCH/TABARI dictionary when `origin` ends in
    /// `.actors`/`.actors.txt` or the text reads like one, else a forewarn TOML extension.
    pub fn extend_from_actor_file(
        &mut self,
        src: &str,
        origin: &str,
    ) -> Result<(), GazetteerError> {
        let lower = origin.to_ascii_lowercase();
        let by_name = lower.ends_with(".actors") || lower.ends_with(".actors.txt");
        if !lower.ends_with(".toml") && (by_name || looks_like_petrarch(src)) {
            self.extend_from_petrarch(src, origin).map(|_| ())
        } else {
            self.extend_from_toml(src, origin)
        }
    }

    fn parse(&self, src: &str, origin: &str) -> Result<Parsed, GazetteerError> {
        let known = |code: &str| {
            self.country_by_code.contains_key(code)
                || self
                    .organizations
                    .iter()
                    .any(|o| o.country.as_deref() == Some(code))
        };
        schema::parse(src, origin, &known)
    }

    fn absorb(&mut self, parsed: Parsed) {
        for country in parsed.countries {
            match self.country_by_code.get(&country.iso3) {
                Some(&i) => {
                    let known = &mut self.countries[i];
                    known.name = country.name;
                    append_new(&mut known.aliases, country.aliases);
                    append_new(&mut known.demonyms, country.demonyms);
                    append_new(&mut known.capital_aliases, country.capital_aliases);
                    if country.capital.is_some() {
                        known.capital = country.capital;
                    }
                    if country.capital_location.is_some() {
                        known.capital_location = country.capital_location;
                    }
                }
                None => {
                    self.country_by_code
                        .insert(country.iso3.clone(), self.countries.len());
                    self.countries.push(country);
                }
            }
        }
        for org in parsed.organizations {
            replace_or_push(&mut self.organizations, org, |a, b| a.name == b.name);
        }
        for person in parsed.persons {
            replace_or_push(&mut self.persons, person, |a, b| a.name == b.name);
        }
        for place in parsed.places {
            replace_or_push(&mut self.listed_places, place, |a, b| a.name == b.name);
        }
    }

    /// Recomputes the lookup tables and automata after the entries changed.
    fn rebuild(&mut self) {
        self.country_by_name.clear();
        for (i, c) in self.countries.iter().enumerate() {
            for name in std::iter::once(&c.name)
                .chain(&c.aliases)
                .chain(&c.demonyms)
            {
                self.country_by_name.entry(name.to_lowercase()).or_insert(i);
            }
        }

        self.places = self.listed_places.clone();
        for c in &self.countries {
            let (Some(capital), Some((lat, lon))) = (&c.capital, c.capital_location) else {
                continue;
            };
            if self.places.iter().any(|p| &p.name == capital) {
                continue;
            }
            self.places.push(Place {
                name: capital.clone(),
                aliases: c.capital_aliases.clone(),
                country: c.iso3.clone(),
                admin1: None,
                kind: PlaceKind::Capital,
                lat,
                lon,
            });
        }
        self.place_by_name.clear();
        for (i, p) in self.places.iter().enumerate() {
            for name in text::place_spellings(p) {
                self.place_by_name.entry(name.to_lowercase()).or_insert(i);
            }
        }

        self.offices.clear();
        for (p, person) in self.persons.iter().enumerate() {
            for (t, term) in person.terms.iter().enumerate() {
                self.offices
                    .entry((term.country.clone(), term.office.clone()))
                    .or_default()
                    .push((p, t));
            }
        }

        let mut places = PatternSet::default();
        let mut actors = PatternSet::default();
        for (i, p) in self.places.iter().enumerate() {
            for name in text::place_spellings(p) {
                places.add(&name, Target::Place(i));
                actors.add(&name, Target::Place(i));
            }
        }
        for (i, c) in self.countries.iter().enumerate() {
            for name in std::iter::once(&c.name).chain(&c.aliases) {
                actors.add(name, Target::CountryName(i));
            }
            for demonym in &c.demonyms {
                actors.add(demonym, Target::Demonym(i));
                if let Some(plural) = text::plural(demonym) {
                    actors.add(&plural, Target::Demonym(i));
                }
            }
            for capital in c.capital.iter().chain(&c.capital_aliases) {
                actors.add(capital, Target::Capital(i));
            }
        }
        for (i, o) in self.organizations.iter().enumerate() {
            for name in std::iter::once(&o.name).chain(&o.aliases) {
                actors.add(name, Target::Organization(i));
            }
        }
        for (i, p) in self.persons.iter().enumerate() {
            for name in std::iter::once(&p.name).chain(&p.aliases) {
                actors.add(name, Target::Person(i));
            }
        }
        self.actor_index = actors.build();
        self.place_index = places.build();
    }

    /// All countries, UN members first in the order of the data file.
    pub fn countries(&self) -> &[Country] {
        &self.countries
    }

    /// All named people.
    pub fn persons(&self) -> &[Person] {
        &self.persons
    }

    /// All organisations, IGOs and armed groups.
    pub fn organizations(&self) -> &[Organization] {
        &self.organizations
    }

    /// All places, capitals included.
    pub fn all_places(&self) -> &[Place] {
        &self.places
    }

    /// The country with this ISO 3166 alpha-3 code (`XKX` for Kosovo).
    pub fn country(&self, iso3: &str) -> Option<&Country> {
        self.country_by_code.get(iso3).map(|&i| &self.countries[i])
    }

    /// The country with this name, alias or demonym, ignoring case.
    pub fn country_by_name(&self, name: &str) -> Option<&Country> {
        self.country_by_name
            .get(&name.trim().to_lowercase())
            .map(|&i| &self.countries[i])
    }

    /// The place with this name or alias, ignoring case.
    pub fn place(&self, name: &str) -> Option<&Place> {
        self.place_by_name
            .get(&name.trim().to_lowercase())
            .map(|&i| &self.places[i])
    }

    /// Who held `office` of `iso3` (a country or IGO code) on `date`. Offices are matched
    /// loosely ("Defense Secretary" = "defence minister"); `"leader"` means the country's head
    /// of government or state as set in its `leader` field.
    pub fn office_holder(&self, iso3: &str, office: &str, date: NaiveDate) -> Option<&str> {
        self.holder(iso3, &canonical_office(office), Some(date))
            .map(|(p, _)| p.name.as_str())
    }

    /// The person and term for an office; without a date, the most recent holder.
    fn holder(
        &self,
        code: &str,
        office: &str,
        date: Option<NaiveDate>,
    ) -> Option<(&Person, &Term)> {
        if office == "leader" {
            return match self.country(code) {
                Some(c) if c.leader_office != "leader" => self.holder(code, &c.leader_office, date),
                _ => ["leader", "secretary-general", "president", "prime minister"]
                    .into_iter()
                    .find_map(|o| self.holder_exact(code, o, date)),
            };
        }
        self.holder_exact(code, office, date)
    }

    fn holder_exact(
        &self,
        code: &str,
        office: &str,
        date: Option<NaiveDate>,
    ) -> Option<(&Person, &Term)> {
        let terms = self.offices.get(&(code.to_string(), office.to_string()))?;
        terms
            .iter()
            .map(|&(p, t)| (&self.persons[p], &self.persons[p].terms[t]))
            .filter(|(_, term)| date.is_none_or(|d| term.covers(d)))
            // Overlapping terms (year-precision data) resolve to whoever started last.
            .max_by_key(|(_, term)| term.from)
    }

    /// Country and sector a person acts for on `date` (their latest office without a date).
    fn person_role<'a>(
        &'a self,
        person: &'a Person,
        date: Option<NaiveDate>,
    ) -> (&'a str, &'a str) {
        person
            .terms
            .iter()
            .filter(|t| date.is_none_or(|d| t.covers(d)))
            .max_by_key(|t| t.from)
            .map_or((&person.country, &person.sector), |t| {
                (&t.country, &t.sector)
            })
    }

    /// Places named in `text`, sorted by span, non-overlapping, longest first at each position.
    /// States themselves are not places here; use [`Gazetteer::country_by_name`].
    pub fn places(&self, text: &str) -> Vec<PlaceMention> {
        PatternSet::search(&self.place_index, text)
            .into_iter()
            .filter_map(|hit| {
                let Target::Place(i) = hit.target else {
                    return None;
                };
                let place = &self.places[i];
                Some(PlaceMention {
                    span: (hit.start, hit.end),
                    text: text[hit.start..hit.end].to_string(),
                    name: place.name.clone(),
                    country: place.country.clone(),
                    lat: place.lat,
                    lon: place.lon,
                })
            })
            .collect()
    }

    /// Actors named in `text`, sorted by span and non-overlapping. `date` (usually the
    /// document's) resolves offices and people's roles; without it the latest holder is used.
    pub fn actors(&self, text: &str, date: Option<NaiveDate>) -> Vec<ActorMention> {
        let hits = PatternSet::search(&self.actor_index, text);
        let mut out = Vec::new();
        let mut i = 0;
        while i < hits.len() {
            let floor = out.last().map_or(0, |m: &ActorMention| m.span.1);
            if hits[i].start < floor {
                // Swallowed by a compound ("Belarusian Defense Ministry").
                i += 1;
                continue;
            }
            let hit = hits[i];
            let cx = Cx {
                gaz: self,
                text,
                hits: &hits,
                date,
                floor,
            };
            i = match hit.target {
                Target::Place(_) => i + 1,
                Target::Person(p) => {
                    let start = text::title_start(text, hit.start, floor);
                    out.push(cx.leader(start, hit.end, p));
                    i + 1
                }
                Target::Capital(c) => {
                    let country = &self.countries[c];
                    out.push(cx.mention(
                        (hit.start, hit.end),
                        ActorKind::Capital,
                        Some(&country.iso3),
                        Some("GOV"),
                        country.capital.as_deref().unwrap_or(&country.name),
                    ));
                    i + 1
                }
                Target::Organization(_) => cx.organization(i, hit.start, None, &mut out),
                Target::CountryName(c) => cx.state(i, c, &mut out),
                Target::Demonym(_) => cx.demonyms(i, &mut out),
            };
        }
        out
    }
}

/// The state of one `actors` call, so the compound rules can share it.
struct Cx<'a> {
    gaz: &'a Gazetteer,
    text: &'a str,
    hits: &'a [Hit],
    date: Option<NaiveDate>,
    /// No new mention may start before this (the end of the last one).
    floor: usize,
}

impl Cx<'_> {
    fn mention(
        &self,
        span: (usize, usize),
        kind: ActorKind,
        country: Option<&str>,
        sector: Option<&str>,
        name: &str,
    ) -> ActorMention {
        ActorMention {
            span,
            text: self.text[span.0..span.1].to_string(),
            kind,
            country: country.map(str::to_string),
            sector: sector.map(str::to_string),
            name: name.to_string(),
        }
    }

    fn leader(&self, start: usize, end: usize, p: usize) -> ActorMention {
        let person = &self.gaz.persons[p];
        let (country, sector) = self.gaz.person_role(person, self.date);
        self.mention(
            (start, end),
            ActorKind::Leader,
            Some(country),
            Some(sector),
            &person.name,
        )
    }

    /// The person hit right after `pos` (separated only by spaces), if any.
    fn person_after(&self, next_hit: usize, pos: usize) -> Option<(usize, Hit)> {
        let hit = *self.hits.get(next_hit)?;
        let gap = &self.text[pos.min(hit.start)..hit.start];
        match hit.target {
            Target::Person(p) if hit.start > pos && text::is_blank(gap) => Some((p, hit)),
            _ => None,
        }
    }

    /// Index of the first hit starting at or after `pos`.
    fn next_hit_from(&self, pos: usize) -> usize {
        self.hits.partition_point(|h| h.start < pos)
    }

    fn office(
        &self,
        span: (usize, usize),
        code: &str,
        owner: &str,
        office: &str,
        sector: &str,
    ) -> ActorMention {
        match self.gaz.holder(code, office, self.date) {
            Some((person, term)) => self.mention(
                span,
                ActorKind::Office,
                Some(code),
                Some(&term.sector),
                &person.name,
            ),
            None => self.mention(
                span,
                ActorKind::Office,
                Some(code),
                Some(sector),
                &format!("{office} of {owner}"),
            ),
        }
    }

    /// One head (state, demonym) + noun ending at `end`.
    #[allow(clippy::too_many_arguments)]
    fn compound(
        &self,
        start: usize,
        end: usize,
        head_kind: ActorKind,
        country: &Country,
        noun: Noun,
        out: &mut Vec<ActorMention>,
    ) -> usize {
        match noun {
            Noun::Office { office, sector } => {
                if let Some((p, person_hit)) = self.person_after(self.next_hit_from(end), end) {
                    out.push(self.leader(start, person_hit.end, p));
                    return self.next_hit_from(person_hit.end);
                }
                out.push(self.office((start, end), &country.iso3, &country.name, office, sector));
            }
            Noun::Sector {
                sector,
                institution,
            } => {
                out.push(self.sector_mention((start, end), head_kind, country, sector, institution))
            }
        }
        self.next_hit_from(end)
    }

    fn sector_mention(
        &self,
        span: (usize, usize),
        head_kind: ActorKind,
        country: &Country,
        sector: &str,
        institution: Option<&str>,
    ) -> ActorMention {
        match institution {
            Some(label) => self.mention(
                span,
                ActorKind::Organization,
                Some(&country.iso3),
                Some(sector),
                &format!("{} {label}", country.name),
            ),
            None => self.mention(
                span,
                head_kind,
                Some(&country.iso3),
                Some(sector),
                &country.name,
            ),
        }
    }

    /// A state name: "the army of Belarus", "Russia's defence minister", "Belarus Defence
    /// Ministry", or the bare state.
    fn state(&self, i: usize, c: usize, out: &mut Vec<ActorMention>) -> usize {
        let hit = self.hits[i];
        let country = &self.gaz.countries[c];
        if let Some((start, noun)) = text::noun_before_of(self.text, hit.start, self.floor) {
            let start = text::with_article(self.text, start, self.floor);
            return self.compound(start, hit.end, ActorKind::State, country, noun, out);
        }
        let possessive_end = text::possessive_end(self.text, hit.end);
        let after = possessive_end.unwrap_or(hit.end);
        if let Some((noun_end, noun)) = text::noun_after(self.text, after) {
            // Without a possessive only a capitalised noun joins ("Belarus Defence Ministry"),
            // so "war in Ukraine forces prices up" stays a bare state. Acronyms work like
            // adjectives: "US troops", "UK officials".
            let acronym = !self.text[hit.start..hit.end]
                .chars()
                .any(char::is_lowercase);
            if possessive_end.is_some() || acronym || text::next_word_capitalised(self.text, after)
            {
                return self.compound(hit.start, noun_end, ActorKind::State, country, noun, out);
            }
        }
        out.push(self.mention(
            (hit.start, hit.end),
            ActorKind::State,
            Some(&country.iso3),
            None,
            &country.name,
        ));
        i + 1
    }

    /// One demonym, or several joined by "and", commas or hyphens, with an optional noun that
    /// applies to all of them ("Hungarian and Romanian officials").
    fn demonyms(&self, i: usize, out: &mut Vec<ActorMention>) -> usize {
        let mut chain = vec![i];
        let mut j = i;
        while let Some(next) = self.hits.get(j + 1) {
            let gap = &self.text[self.hits[j].end..next.start];
            if matches!(next.target, Target::Demonym(_)) && text::is_connector(gap) {
                j += 1;
                chain.push(j);
            } else {
                break;
            }
        }
        let country_of = |k: usize| match self.hits[k].target {
            Target::Demonym(c) => &self.gaz.countries[c],
            _ => unreachable!("the chain holds only demonyms"),
        };
        let tail = self.hits[j].end;

        // "Belarusian KGB": the demonym only confirms the organisation's country.
        if chain.len() == 1
            && let Some(next) = self.hits.get(j + 1)
            && matches!(next.target, Target::Organization(o) if self.gaz.organizations[o].kind != ActorKind::Igo)
            && next.start > tail
            && text::is_blank(&self.text[tail..next.start])
        {
            return self.organization(j + 1, self.hits[i].start, Some(&country_of(i).iso3), out);
        }

        let Some((noun_end, noun)) = text::noun_after(self.text, tail) else {
            for &k in &chain {
                let country = country_of(k);
                let hit = self.hits[k];
                out.push(self.mention(
                    (hit.start, hit.end),
                    ActorKind::Demonym,
                    Some(&country.iso3),
                    None,
                    &country.name,
                ));
            }
            return j + 1;
        };
        let first_start = text::with_article(self.text, self.hits[i].start, self.floor);
        if chain.len() == 1 {
            return self.compound(
                first_start,
                noun_end,
                ActorKind::Demonym,
                country_of(i),
                noun,
                out,
            );
        }
        for (n, &k) in chain.iter().enumerate() {
            let country = country_of(k);
            let start = if n == 0 {
                first_start
            } else {
                self.hits[k].start
            };
            let end = if k == j { noun_end } else { self.hits[k].end };
            out.push(match noun {
                Noun::Office { office, sector } => {
                    self.office((start, end), &country.iso3, &country.name, office, sector)
                }
                Noun::Sector {
                    sector,
                    institution,
                } => self.sector_mention(
                    (start, end),
                    ActorKind::Demonym,
                    country,
                    sector,
                    institution,
                ),
            });
        }
        self.next_hit_from(noun_end)
    }

    /// An organisation, possibly introduced by a demonym (`start` before the hit) and followed
    /// by an office: "Kremlin spokesman Dmitry Peskov", "NATO chief".
    fn organization(
        &self,
        i: usize,
        start: usize,
        fallback_country: Option<&str>,
        out: &mut Vec<ActorMention>,
    ) -> usize {
        let hit = self.hits[i];
        let Target::Organization(o) = hit.target else {
            unreachable!("called for organisation hits only");
        };
        let org = &self.gaz.organizations[o];
        let country = org.country.as_deref().or(fallback_country);
        if let Some((noun_end, Noun::Office { office, sector })) =
            text::noun_after(self.text, hit.end)
        {
            if let Some((p, person_hit)) = self.person_after(self.next_hit_from(noun_end), noun_end)
            {
                out.push(self.leader(start, person_hit.end, p));
                return self.next_hit_from(person_hit.end);
            }
            // Only bodies that speak for a whole state or IGO have offices we can resolve:
            // "KGB chief" is not the Belarusian leader.
            let resolvable =
                org.kind == ActorKind::Igo || (org.sector == "GOV" && office == "spokesperson");
            if let (true, Some(code)) = (resolvable, country) {
                out.push(self.office((start, noun_end), code, &org.name, office, sector));
                return self.next_hit_from(noun_end);
            }
        }
        out.push(self.mention(
            (start, hit.end),
            org.kind,
            country,
            Some(&org.sector),
            &org.name,
        ));
        i + 1
    }
}

fn append_new(list: &mut Vec<String>, more: Vec<String>) {
    for item in more {
        if !list.contains(&item) {
            list.push(item);
        }
    }
}

fn replace_or_push<T>(list: &mut Vec<T>, item: T, same: impl Fn(&T, &T) -> bool) {
    match list.iter_mut().find(|x| same(x, &item)) {
        Some(slot) => *slot = item,
        None => list.push(item),
    }
}
