//! The CIR Russia–Ukraine incident list as a coding test: does the coder give each incident's
//! brief description the PLOVER type its event group implies?
//!
//! The rows are short captions written by monitors ("Russian military equipment moving in
//! Belarus", "Damage to residences after shelling"), not newswire, and many name no actor, so
//! only the type is scored. Event groups map to PLOVER as follows; the others ("Other",
//! "Munitions" (remnants found), "Mass grave or Burial", "Russian Firing Positions" and
//! "Russian Allies Presence/Losses", which mix posture with fighting) are not scored:
//!
//! | event group (month suffix dropped) | PLOVER |
//! |---|---|
//! | Russian Military Presence | MOBILIZE |
//! | Bombing or Explosion, Civilian Infrastructure Damage, Civilian Casualty, Ground Battle, Military Infrastructure Damage, Russian Military Losses, Ukrainian Military Losses | ASSAULT |
//! | Detentions or Arrests | COERCE |
//!
//! Figures: `coded` is the share of scored rows with any event; `type_among_coded` is the share
//! of coded rows whose main event has the group's type (the measure used for ACLED-style
//! snippets); `any_among_coded` accepts the type anywhere among the row's events.

use std::collections::BTreeMap;

use serde::Serialize;

/// Why the file could not be read.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum CirError {
    #[error("the header has no `{0}` column")]
    MissingColumn(&'static str),
    #[error("the file is empty")]
    Empty,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CirRow {
    /// 1-based record number after the header.
    pub row: usize,
    pub entry: String,
    pub date: String,
    pub group: String,
    pub description: String,
}

/// Splits CSV text into records of fields (RFC 4180: quoted fields, doubled quotes, newlines
/// inside quotes).
pub fn csv_records(src: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = src.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    field.push('"');
                    chars.next();
                }
                '"' => quoted = false,
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' => quoted = true,
            ',' => record.push(std::mem::take(&mut field)),
            '\r' => {}
            '\n' => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            _ => field.push(c),
        }
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push(record);
    }
    records
}

/// Reads the rows (the columns are found by header name).
pub fn parse_csv(src: &str) -> Result<Vec<CirRow>, CirError> {
    let mut records = csv_records(src).into_iter();
    let header = records.next().ok_or(CirError::Empty)?;
    let col = |name: &'static str| {
        header
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
            .ok_or(CirError::MissingColumn(name))
    };
    let (entry, date, group, desc) = (
        col("entry")?,
        col("date")?,
        col("event_group")?,
        col("brief description")?,
    );
    let get = |r: &[String], i: usize| r.get(i).map(|s| s.trim().to_string()).unwrap_or_default();
    Ok(records
        .enumerate()
        .filter(|(_, r)| r.iter().any(|f| !f.trim().is_empty()))
        .map(|(i, r)| CirRow {
            row: i + 1,
            entry: get(&r, entry),
            date: get(&r, date),
            group: get(&r, group),
            description: get(&r, desc),
        })
        .collect())
}

/// The event group without its month or date-range suffix.
pub fn group_name(group: &str) -> &str {
    let g = group.trim();
    for suffix in [" Feb - June", " Feb - Jun", " Feb -"] {
        if let Some(base) = g.strip_suffix(suffix) {
            return base;
        }
    }
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let Some((head, year)) = g.rsplit_once(' ') else {
        return g;
    };
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return g;
    }
    match head.rsplit_once(' ') {
        Some((base, month)) if MONTHS.contains(&month) => base,
        _ => head,
    }
}

/// The PLOVER type an event group implies; `None` for groups that are not scored.
pub fn group_type(group: &str) -> Option<&'static str> {
    Some(match group_name(group) {
        "Russian Military Presence" => "MOBILIZE",
        "Bombing or Explosion"
        | "Civilian Infrastructure Damage"
        | "Civilian Casualty"
        | "Ground Battle"
        | "Military Infrastructure Damage"
        | "Russian Military Losses"
        | "Ukrainian Military Losses" => "ASSAULT",
        "Detentions or Arrests" => "COERCE",
        _ => return None,
    })
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct GroupScore {
    pub expected: String,
    pub n: usize,
    pub coded: usize,
    pub right: usize,
    pub any_right: usize,
    /// predicted main type → count, over coded rows.
    pub predicted: BTreeMap<String, usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CirMiss {
    pub entry: String,
    pub expected: String,
    pub predicted: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CirReport {
    pub rows: usize,
    pub scored: usize,
    pub coded_share: f64,
    pub type_among_coded: f64,
    pub any_among_coded: f64,
    pub groups: BTreeMap<String, GroupScore>,
    pub misses: Vec<CirMiss>,
}

pub const MISSES_SHOWN: usize = 25;

/// Scores each row's predicted event types (main first), aligned with `rows`.
pub fn score(rows: &[CirRow], predicted: &[Vec<String>]) -> CirReport {
    let mut groups: BTreeMap<String, GroupScore> = BTreeMap::new();
    let mut misses = Vec::new();
    let (mut scored, mut coded, mut right, mut any) = (0, 0, 0, 0);
    for (row, types) in rows.iter().zip(predicted) {
        let Some(expected) = group_type(&row.group) else {
            continue;
        };
        scored += 1;
        let g = groups
            .entry(group_name(&row.group).to_string())
            .or_default();
        g.expected = expected.to_string();
        g.n += 1;
        let Some(main) = types.first() else {
            continue;
        };
        coded += 1;
        g.coded += 1;
        *g.predicted.entry(main.clone()).or_default() += 1;
        let ok = main.eq_ignore_ascii_case(expected);
        let any_ok = types.iter().any(|t| t.eq_ignore_ascii_case(expected));
        right += usize::from(ok);
        any += usize::from(any_ok);
        g.right += usize::from(ok);
        g.any_right += usize::from(any_ok);
        if !ok && misses.len() < MISSES_SHOWN {
            misses.push(CirMiss {
                entry: row.entry.clone(),
                expected: expected.to_string(),
                predicted: main.clone(),
                text: row.description.clone(),
            });
        }
    }
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    CirReport {
        rows: rows.len(),
        scored,
        coded_share: ratio(coded, scored),
        type_among_coded: ratio(right, coded),
        any_among_coded: ratio(any, coded),
        groups,
        misses,
    }
}

impl CirReport {
    pub fn summary_line(&self) -> String {
        format!(
            "CIR type_among_coded={:.3} any_among_coded={:.3} coded={:.3} scored={} rows={}",
            self.type_among_coded, self.any_among_coded, self.coded_share, self.scored, self.rows
        )
    }

    pub fn render(&self, misses: bool) -> String {
        let mut out = self.summary_line();
        out.push_str("\n\nBy event group (expected type: coded/n, right among coded; predicted main types)\n");
        for (name, g) in &self.groups {
            let cells: Vec<String> = g
                .predicted
                .iter()
                .map(|(t, c)| format!("{t} {c}"))
                .collect();
            let line = format!(
                "  {name:<32} {:<8} {:>4}/{:<4} right {:>4}   {}",
                g.expected,
                g.coded,
                g.n,
                g.right,
                cells.join(", ")
            );
            out.push_str(line.trim_end());
            out.push('\n');
        }
        if misses {
            out.push_str(&format!(
                "\nMisses among coded rows ({} shown)\n",
                self.misses.len()
            ));
            for m in &self.misses {
                out.push_str(&format!(
                    "  {}  {} → {}\n    {}\n",
                    m.entry, m.expected, m.predicted, m.text
                ));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CSV: &str = "entry,date,event_group,title,brief description\n\
        A1,2022-01-02,Russian Military Presence January 2022,t,\"Tanks, trucks moving\"\n\
        A2,2022-03-01,Bombing or Explosion Feb - June,t,\"A \"\"strike\"\" on a depot\"\n\
        A3,2022-03-02,Other,t,Rally in a square\n\
        A4,2022-04-02,Civilian Infrastructure Damage April 2022,t,Image 1\n";

    #[test]
    fn reads_quoted_fields_and_maps_groups() {
        let rows = parse_csv(CSV).unwrap();
        assert_eq!(rows.len(), 4);
        assert_eq!(rows[0].description, "Tanks, trucks moving");
        assert_eq!(rows[1].description, "A \"strike\" on a depot");
        assert_eq!(group_name(&rows[0].group), "Russian Military Presence");
        assert_eq!(group_name(&rows[1].group), "Bombing or Explosion");
        assert_eq!(group_type(&rows[3].group), Some("ASSAULT"));
        assert_eq!(group_type(&rows[2].group), None);
        assert_eq!(
            parse_csv("a,b\n1,2\n"),
            Err(CirError::MissingColumn("entry"))
        );
    }

    #[test]
    fn scores_among_coded_rows() {
        let rows = parse_csv(CSV).unwrap();
        let p = |t: &[&str]| t.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let report = score(
            &rows,
            &[
                p(&["MOBILIZE"]),
                p(&["COERCE", "ASSAULT"]),
                p(&["PROTEST"]),
                p(&[]),
            ],
        );
        assert_eq!(report.scored, 3);
        assert!((report.coded_share - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(report.type_among_coded, 0.5);
        assert_eq!(report.any_among_coded, 1.0);
        insta::assert_snapshot!(report.render(true));
    }
}
