//! Actor dictionaries in the PETRARCH / TABARI format (`Phoenix.Countries.actors.txt`), so users
//! keep the dictionaries they already maintain.
//!
//! The format, one entry per block:
//!
//! ```text
//! AFGHANISTAN_  [AFG]              # a name and its code on one line
//! +AFGHAN_                          # '+' adds a synonym to the entry above
//! YOWERI_MUSEVENI_  # comment       # a name whose codes follow on indented lines
//! +YOWERI_KAGUTA_MUSEVENI_
//!     [UGAELI 620101-000101]        # role from 1962-01-01 to 2000-01-01
//!     [UGAGOV >860126]              # role from 1986-01-26 on
//!     [UGAELI]                      # role with no dates: the fallback
//! ```
//!
//! Underscores join words; a trailing underscore (PETRARCH's "whole word") is dropped. Codes are
//! CAMEO actor codes: three letters of country, then sector letters (`UGAGOV` is Uganda's
//! government). Dates are `YYMMDD` (years up to 30 are 20xx) or `YYYYMMDD`; `>D` means from D on,
//! `<D` until D, `A-B` from A to B. Lines starting `#` or `<!--` are comments.
//!
//! A block whose only code is a bare known country code (`[AFG]`) adds its names as aliases of
//! that country. A block with dated roles becomes a person with one term per role. Any other
//! block becomes an organisation. Codes whose country the gazetteer does not know become
//! organisations without a country (`IGO…`, `IMG…`), since they name no state.
//!
//! The parser never fails: unreadable lines and roles are skipped and counted.

use std::fmt::Write as _;

use chrono::NaiveDate;

/// What a PETRARCH dictionary added, and what it could not read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PetrarchSummary {
    /// Country blocks whose names became aliases of a known country.
    pub countries: usize,
    pub persons: usize,
    pub organizations: usize,
    /// Lines or roles that could not be read (malformed codes or dates, unknown countries).
    pub skipped: usize,
}

#[derive(Debug, Default)]
struct Block {
    names: Vec<String>,
    roles: Vec<Role>,
}

#[derive(Debug, Clone, PartialEq)]
struct Role {
    country: String,
    sector: String,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    dated: bool,
}

/// True when `src` reads as a PETRARCH actor dictionary rather than a forewarn TOML file: some
/// line pairs a name with a bracketed CAMEO code, and no line is a TOML table header.
pub fn looks_like_petrarch(src: &str) -> bool {
    let mut coded = 0;
    for line in src.lines().take(5000) {
        let t = line.trim();
        if t.starts_with("[[") || t.starts_with("name =") || t.starts_with("name=") {
            return false;
        }
        if t.contains('[') && t.ends_with(']') || t.starts_with('[') && !t.contains('=') {
            coded += 1;
        }
    }
    coded > 0
}

/// A name as written in the dictionary, in the gazetteer's spelling: "YOWERI_MUSEVENI_" →
/// "Yoweri Museveni".
fn display_name(raw: &str) -> String {
    let spaced = raw.trim().trim_end_matches('_').replace('_', " ");
    spaced
        .split_whitespace()
        .map(|w| {
            let lower = w.to_lowercase();
            let mut c = lower.chars();
            match c.next() {
                Some(first) => first.to_uppercase().chain(c).collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<String>>()
        .join(" ")
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n = |a: usize, b: usize| s[a..b].parse::<i32>().ok();
    let (y, m, d) = match s.len() {
        6 => {
            let yy = n(0, 2)?;
            (
                if yy <= 30 { 2000 + yy } else { 1900 + yy },
                n(2, 4)?,
                n(4, 6)?,
            )
        }
        8 => (n(0, 4)?, n(4, 6)?, n(6, 8)?),
        _ => return None,
    };
    NaiveDate::from_ymd_opt(y, u32::try_from(m).ok()?, u32::try_from(d).ok()?)
}

/// `[UGAGOV >860126]` → the role; `None` when the code or the dates cannot be read.
fn parse_role(inner: &str) -> Option<Role> {
    let mut parts = inner.split_whitespace();
    let code = parts.next()?.to_ascii_uppercase();
    if code.len() < 3 || !code.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let (country, rest) = code.split_at(3);
    let sector = rest.get(..3.min(rest.len())).unwrap_or("").to_string();
    let mut role = Role {
        country: country.to_string(),
        sector,
        from: None,
        to: None,
        dated: false,
    };
    if let Some(dates) = parts.next() {
        role.dated = true;
        if let Some(d) = dates.strip_prefix('>') {
            role.from = Some(parse_date(d)?);
        } else if let Some(d) = dates.strip_prefix('<') {
            role.to = Some(parse_date(d)?);
        } else {
            let (a, b) = dates.split_once('-')?;
            role.from = Some(parse_date(a)?);
            role.to = Some(parse_date(b)?);
        }
    }
    // A role that ends before it starts is a typo in the dictionary; it cannot be placed.
    if let (Some(from), Some(to)) = (role.from, role.to)
        && to < from
    {
        return None;
    }
    Some(role)
}

fn parse_blocks(src: &str, skipped: &mut usize) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut in_html_comment = false;
    for line in src.lines() {
        let t = line.trim();
        if in_html_comment {
            in_html_comment = !t.contains("-->");
            continue;
        }
        if t.starts_with("<!--") {
            in_html_comment = !t.contains("-->");
            continue;
        }
        let t = t.split('#').next().unwrap_or("").trim();
        if t.is_empty() {
            continue;
        }
        let (name_part, code_part) = match t.find('[') {
            Some(i) => (t[..i].trim(), Some(&t[i..])),
            None => (t, None),
        };
        if let Some(syn) = name_part.strip_prefix('+') {
            match blocks.last_mut() {
                Some(b) if !syn.trim().is_empty() => b.names.push(display_name(syn)),
                _ => *skipped += 1,
            }
        } else if !name_part.is_empty() {
            blocks.push(Block {
                names: vec![display_name(name_part)],
                roles: Vec::new(),
            });
        }
        if let Some(code) = code_part {
            let inner = code.trim_start_matches('[').split(']').next().unwrap_or("");
            match (parse_role(inner), blocks.last_mut()) {
                (Some(role), Some(b)) => b.roles.push(role),
                _ => *skipped += 1,
            }
        }
    }
    blocks.retain(|b| !b.names.is_empty() && !b.names[0].is_empty());
    blocks
}

fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn list(items: &[String]) -> String {
    let q: Vec<String> = items.iter().map(|s| quote(s)).collect();
    format!("[{}]", q.join(", "))
}

fn sector_or_gov(s: &str) -> &str {
    if s.is_empty() { "GOV" } else { s }
}

/// Converts a PETRARCH dictionary to the gazetteer's TOML schema. `known` says whether a country
/// code exists; `country_name` gives its canonical name (kept, since merging a country entry
/// replaces the name).
pub(crate) fn to_toml(
    src: &str,
    known: &dyn Fn(&str) -> bool,
    country_name: &dyn Fn(&str) -> Option<String>,
) -> (String, PetrarchSummary) {
    let mut summary = PetrarchSummary::default();
    let blocks = parse_blocks(src, &mut summary.skipped);
    let mut out = String::new();
    for b in blocks {
        let name = &b.names[0];
        let aliases: Vec<String> = b.names[1..]
            .iter()
            .filter(|a| !a.is_empty() && *a != name)
            .cloned()
            .collect();
        let roles: Vec<&Role> = b.roles.iter().filter(|r| known(&r.country)).collect();
        // A bare country code: the names are that country's.
        if let [r] = b.roles.as_slice()
            && r.sector.is_empty()
            && !r.dated
        {
            if let Some(canonical) = country_name(&r.country) {
                let mut all = b.names.clone();
                all.retain(|a| !a.is_empty());
                let _ = writeln!(
                    out,
                    "[[country]]\niso3 = {}\nname = {}\naliases = {}\n",
                    quote(&r.country),
                    quote(&canonical),
                    list(&all)
                );
                summary.countries += 1;
            } else {
                summary.skipped += 1;
            }
            continue;
        }
        if roles.iter().any(|r| r.dated) {
            // Roles in states the gazetteer does not know cannot be resolved.
            summary.skipped += b.roles.len() - roles.len();
            // The latest role gives the fallback country and sector.
            let last = roles
                .iter()
                .max_by_key(|r| r.from.or(r.to).unwrap_or(NaiveDate::MIN))
                .copied()
                .unwrap_or(roles[0]);
            let _ = writeln!(
                out,
                "[[person]]\nname = {}\naliases = {}\ncountry = {}\nsector = {}",
                quote(name),
                list(&aliases),
                quote(&last.country),
                quote(sector_or_gov(&last.sector))
            );
            for r in &roles {
                let from = r
                    .from
                    .unwrap_or(NaiveDate::from_ymd_opt(1900, 1, 1).expect("valid date"));
                let to = r.to.map_or(String::new(), |d| format!("\nto = \"{d}\""));
                let sector = sector_or_gov(&r.sector);
                // PETRARCH roles name a sector, not an office; the office is that sector so it
                // never answers "the Ugandan president".
                let _ = writeln!(
                    out,
                    "[[person.terms]]\noffice = {}\nfrom = \"{from}\"{to}\ncountry = {}\nsector = {}",
                    quote(&format!("{} member", sector.to_ascii_lowercase())),
                    quote(&r.country),
                    quote(sector)
                );
            }
            out.push('\n');
            summary.persons += 1;
            continue;
        }
        // Everything else is a body: "ISRAELI_TROOPS [ISRMIL]", "AL-QAEDA [IMGMOSALQ]".
        let (country, sector, kind) = match (roles.first(), b.roles.first()) {
            (Some(r), _) => (
                Some(r.country.clone()),
                sector_or_gov(&r.sector).to_string(),
                "organization",
            ),
            (None, Some(r)) => {
                let kind = match r.country.as_str() {
                    "IGO" => "igo",
                    "IMG" | "REB" | "INS" => "armed_group",
                    _ => "organization",
                };
                (None, r.country.clone(), kind)
            }
            (None, None) => {
                summary.skipped += 1;
                continue;
            }
        };
        let _ = write!(
            out,
            "[[organization]]\nname = {}\naliases = {}\nsector = {}\nkind = {}\n",
            quote(name),
            list(&aliases),
            quote(&sector),
            quote(kind)
        );
        if let Some(c) = country {
            let _ = writeln!(out, "country = {}", quote(&c));
        }
        out.push('\n');
        summary.organizations += 1;
    }
    (out, summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_roles() {
        assert_eq!(parse_date("860126"), NaiveDate::from_ymd_opt(1986, 1, 26));
        assert_eq!(parse_date("070723"), NaiveDate::from_ymd_opt(2007, 7, 23));
        assert_eq!(parse_date("19270101"), NaiveDate::from_ymd_opt(1927, 1, 1));
        assert_eq!(parse_date("9008223"), None);
        let r = parse_role("UGAGOV >860126").unwrap();
        assert_eq!((r.country.as_str(), r.sector.as_str()), ("UGA", "GOV"));
        assert_eq!(r.from, NaiveDate::from_ymd_opt(1986, 1, 26));
        assert_eq!(r.to, None);
        assert!(parse_role("UGAGOV 860126").is_none());
        assert_eq!(
            display_name("YOWERI_KAGUTA_MUSEVENI_"),
            "Yoweri Kaguta Museveni"
        );
    }

    #[test]
    fn detects_format() {
        assert!(looks_like_petrarch("FREEDONIA_ [FRD]\n+FREEDONIAN_\n"));
        assert!(!looks_like_petrarch(
            "[[country]]\niso3 = \"FRD\"\nname = \"Freedonia\"\n"
        ));
    }
}
