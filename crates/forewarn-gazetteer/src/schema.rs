//! The TOML file format, shared by the shipped data and user extensions.

use chrono::NaiveDate;
use forewarn_model::ActorKind;
use serde::Deserialize;
use toml::Spanned;

use crate::entries::{Country, Organization, Person, Place, PlaceKind, Term};
use crate::error::{GazetteerError, line_column};
use crate::nouns::canonical_office;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    country: Vec<RawCountry>,
    #[serde(default)]
    person: Vec<RawPerson>,
    #[serde(default)]
    organization: Vec<RawOrganization>,
    #[serde(default)]
    place: Vec<RawPlace>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCountry {
    iso3: String,
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    demonyms: Vec<String>,
    capital: Option<String>,
    #[serde(default)]
    capital_aliases: Vec<String>,
    /// `[lat, lon]`
    capital_at: Option<[f64; 2]>,
    leader: Option<String>,
    #[serde(default = "yes")]
    un_member: bool,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPerson {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    country: Spanned<String>,
    sector: Option<String>,
    #[serde(default)]
    terms: Vec<RawTerm>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTerm {
    office: String,
    from: Spanned<String>,
    to: Option<Spanned<String>>,
    country: Option<Spanned<String>>,
    sector: Option<String>,
}

#[derive(Deserialize, Clone, Copy, Default)]
#[serde(rename_all = "snake_case")]
enum RawOrgKind {
    #[default]
    Organization,
    Igo,
    ArmedGroup,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOrganization {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    country: Option<Spanned<String>>,
    sector: String,
    #[serde(default)]
    kind: RawOrgKind,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlace {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    country: Spanned<String>,
    admin1: Option<String>,
    #[serde(default = "city")]
    kind: PlaceKind,
    /// `[lat, lon]`
    at: [f64; 2],
}

fn city() -> PlaceKind {
    PlaceKind::City
}

/// Entries parsed and checked from one source, ready to merge.
#[derive(Default)]
pub(crate) struct Parsed {
    pub countries: Vec<Country>,
    pub persons: Vec<Person>,
    pub organizations: Vec<Organization>,
    pub places: Vec<Place>,
}

/// Parses `src`; `known_code` says whether a country/IGO code defined elsewhere exists.
pub(crate) fn parse(
    src: &str,
    origin: &str,
    known_code: &dyn Fn(&str) -> bool,
) -> Result<Parsed, GazetteerError> {
    let raw: RawFile = toml::from_str(src).map_err(|e| {
        let (line, column) = e.span().map_or((1, 1), |s| line_column(src, s.start));
        GazetteerError::Syntax {
            origin: origin.to_string(),
            line,
            column,
            message: e.message().trim().to_string(),
        }
    })?;
    let ctx = Ctx { src, origin };

    let countries: Vec<Country> = raw
        .country
        .into_iter()
        .map(|c| ctx.country(c))
        .collect::<Result<_, _>>()?;
    // Codes defined in this same file count as known, so one extension can add a state and
    // its leaders together.
    let local_codes: Vec<String> = countries
        .iter()
        .map(|c| c.iso3.clone())
        .chain(
            raw.organization
                .iter()
                .filter_map(|o| o.country.as_ref().map(|c| c.get_ref().clone())),
        )
        .collect();
    let known = |code: &str| known_code(code) || local_codes.iter().any(|c| c == code);

    let organizations = raw
        .organization
        .into_iter()
        .map(|o| ctx.organization(o))
        .collect::<Result<_, _>>()?;
    let persons = raw
        .person
        .into_iter()
        .map(|p| ctx.person(p, &known))
        .collect::<Result<_, _>>()?;
    let places = raw
        .place
        .into_iter()
        .map(|p| ctx.place(p, &known))
        .collect::<Result<_, _>>()?;
    Ok(Parsed {
        countries,
        persons,
        organizations,
        places,
    })
}

struct Ctx<'a> {
    src: &'a str,
    origin: &'a str,
}

impl Ctx<'_> {
    fn invalid(&self, entry: &str, message: impl Into<String>) -> GazetteerError {
        GazetteerError::Invalid {
            origin: self.origin.to_string(),
            entry: entry.to_string(),
            message: message.into(),
        }
    }

    fn check_name(&self, kind: &str, name: &str) -> Result<(), GazetteerError> {
        if name.trim().is_empty() {
            return Err(self.invalid(kind, "`name` must not be empty"));
        }
        Ok(())
    }

    fn code(
        &self,
        code: &Spanned<String>,
        known: &dyn Fn(&str) -> bool,
    ) -> Result<String, GazetteerError> {
        if known(code.get_ref()) {
            return Ok(code.get_ref().clone());
        }
        let (line, column) = line_column(self.src, code.span().start);
        Err(GazetteerError::UnknownCode {
            origin: self.origin.to_string(),
            line,
            column,
            code: code.get_ref().clone(),
        })
    }

    fn date(
        &self,
        field: &'static str,
        value: &Spanned<String>,
        end_of_period: bool,
    ) -> Result<NaiveDate, GazetteerError> {
        parse_loose_date(value.get_ref(), end_of_period).ok_or_else(|| {
            let (line, column) = line_column(self.src, value.span().start);
            GazetteerError::InvalidDate {
                origin: self.origin.to_string(),
                line,
                column,
                field,
                value: value.get_ref().clone(),
            }
        })
    }

    fn location(&self, entry: &str, at: [f64; 2]) -> Result<(f64, f64), GazetteerError> {
        let [lat, lon] = at;
        if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
            return Err(self.invalid(entry, format!("coordinates [{lat}, {lon}] out of range")));
        }
        Ok((lat, lon))
    }

    fn country(&self, c: RawCountry) -> Result<Country, GazetteerError> {
        self.check_name("country", &c.name)?;
        let code_ok =
            (2..=4).contains(&c.iso3.len()) && c.iso3.chars().all(|ch| ch.is_ascii_uppercase());
        if !code_ok {
            return Err(self.invalid(
                &c.name,
                format!("iso3 `{}` must be 3 capital letters", c.iso3),
            ));
        }
        let capital_location = c
            .capital_at
            .map(|at| self.location(&c.name, at))
            .transpose()?;
        Ok(Country {
            iso3: c.iso3,
            name: c.name,
            aliases: c.aliases,
            demonyms: c.demonyms,
            capital: c.capital,
            capital_aliases: c.capital_aliases,
            capital_location,
            leader_office: canonical_office(c.leader.as_deref().unwrap_or("president")),
            un_member: c.un_member,
        })
    }

    fn person(&self, p: RawPerson, known: &dyn Fn(&str) -> bool) -> Result<Person, GazetteerError> {
        self.check_name("person", &p.name)?;
        let country = self.code(&p.country, known)?;
        let sector = p.sector.unwrap_or_else(|| "GOV".to_string());
        let mut terms = Vec::with_capacity(p.terms.len());
        for t in p.terms {
            let from = self.date("from", &t.from, false)?;
            let to =
                t.to.as_ref()
                    .map(|v| self.date("to", v, true))
                    .transpose()?;
            if to.is_some_and(|to| to < from) {
                return Err(self.invalid(
                    &p.name,
                    format!("term `{}` ends before it starts", t.office),
                ));
            }
            let term_country = match &t.country {
                Some(c) => self.code(c, known)?,
                None => country.clone(),
            };
            terms.push(Term {
                office: canonical_office(&t.office),
                country: term_country,
                sector: t.sector.unwrap_or_else(|| sector.clone()),
                from,
                to,
            });
        }
        Ok(Person {
            name: p.name,
            aliases: p.aliases,
            country,
            sector,
            terms,
        })
    }

    fn organization(&self, o: RawOrganization) -> Result<Organization, GazetteerError> {
        self.check_name("organization", &o.name)?;
        let kind = match o.kind {
            RawOrgKind::Organization => ActorKind::Organization,
            RawOrgKind::Igo => ActorKind::Igo,
            RawOrgKind::ArmedGroup => ActorKind::ArmedGroup,
        };
        Ok(Organization {
            name: o.name,
            aliases: o.aliases,
            // An organisation may introduce its own code (an IGO), so it is not checked.
            country: o.country.map(Spanned::into_inner),
            sector: o.sector,
            kind,
        })
    }

    fn place(&self, p: RawPlace, known: &dyn Fn(&str) -> bool) -> Result<Place, GazetteerError> {
        self.check_name("place", &p.name)?;
        let country = self.code(&p.country, known)?;
        let (lat, lon) = self.location(&p.name, p.at)?;
        Ok(Place {
            name: p.name,
            aliases: p.aliases,
            country,
            admin1: p.admin1,
            kind: p.kind,
            lat,
            lon,
        })
    }
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; a partial date means the start of the period, or its end
/// when `end_of_period` (so `to = "2012"` covers all of 2012).
pub(crate) fn parse_loose_date(s: &str, end_of_period: bool) -> Option<NaiveDate> {
    let parts: Vec<&str> = s.trim().split('-').collect();
    let num = |p: &str| -> Option<u32> {
        (!p.is_empty() && p.chars().all(|c| c.is_ascii_digit())).then(|| p.parse().ok())?
    };
    match parts.as_slice() {
        [y] if y.len() == 4 => {
            let y = num(y)? as i32;
            if end_of_period {
                NaiveDate::from_ymd_opt(y, 12, 31)
            } else {
                NaiveDate::from_ymd_opt(y, 1, 1)
            }
        }
        [y, m] if y.len() == 4 => {
            let (y, m) = (num(y)? as i32, num(m)?);
            let first = NaiveDate::from_ymd_opt(y, m, 1)?;
            if end_of_period {
                let next = if m == 12 {
                    NaiveDate::from_ymd_opt(y + 1, 1, 1)?
                } else {
                    NaiveDate::from_ymd_opt(y, m + 1, 1)?
                };
                next.pred_opt()
            } else {
                Some(first)
            }
        }
        [y, m, d] if y.len() == 4 => NaiveDate::from_ymd_opt(num(y)? as i32, num(m)?, num(d)?),
        _ => None,
    }
}
