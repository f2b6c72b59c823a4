//! Event lists in CSV: ACLED exports (standard columns) and any other list through a mapping
//! file. Every event keeps its own type verbatim and gets a PLOVER type: from the mapping's
//! rules when one matches, otherwise from our coder reading the free-text description.

use std::io::{self, BufRead, Read};

use forewarn_ingest::limits::{CsvRecord, CsvRecords, MAX_LINE};

use chrono::NaiveDate;
use forewarn_code::Coder;
use forewarn_model::{EventType, ImportedEvent};
use serde::Deserialize;

use crate::countries::name_to_iso3;

/// A mapping file that could not be used.
#[derive(Debug, thiserror::Error)]
pub enum MappingFileError {
    #[error("{origin}: {message}")]
    Toml { origin: String, message: String },
    #[error("{origin}: rule {index}: {source}")]
    BadType {
        origin: String,
        index: usize,
        source: forewarn_model::UnknownEventType,
    },
    #[error("{origin}: column `{column}` (for `{field}`) is not in the CSV header")]
    MissingColumn {
        origin: String,
        field: &'static str,
        column: String,
    },
}

/// One native-type rule: if the native type contains `contains` (case-insensitive), the event
/// gets `plover` (and `mode`). `plover = "CODE"` sends it to the coder instead.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TypeRule {
    pub contains: String,
    pub plover: String,
    #[serde(default)]
    pub mode: Option<String>,
}

/// How the columns of a CSV event list map to an [`ImportedEvent`] (TOML; see
/// `docs/surges.md` for an example). Column names are header names.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// Dataset name stored with each event.
    pub dataset: String,
    /// Column with a unique id; without it the line number is the id.
    #[serde(default)]
    pub id: Option<String>,
    pub date: String,
    /// chrono format of the date column; without it ISO, `10 February 2022`, `20220210`
    /// and `10/02/2022` (day first) are tried.
    #[serde(default)]
    pub date_format: Option<String>,
    /// Column with the list's own event type; several are joined with ` / `.
    #[serde(default, rename = "type")]
    pub native_type: Vec<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub location: Option<String>,
    #[serde(default)]
    pub admin1: Option<String>,
    #[serde(default)]
    pub lat: Option<String>,
    #[serde(default)]
    pub lon: Option<String>,
    /// Column with the country where it happened (a name or ISO3).
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default)]
    pub link: Option<String>,
    #[serde(default, rename = "rule")]
    pub rules: Vec<TypeRule>,
}

impl Mapping {
    pub fn from_toml(text: &str, origin: &str) -> Result<Mapping, MappingFileError> {
        let m: Mapping = toml::from_str(text).map_err(|e| MappingFileError::Toml {
            origin: origin.to_string(),
            message: e.to_string(),
        })?;
        for (index, r) in m.rules.iter().enumerate() {
            if !r.plover.eq_ignore_ascii_case("CODE") {
                r.plover
                    .parse::<EventType>()
                    .map_err(|source| MappingFileError::BadType {
                        origin: origin.to_string(),
                        index,
                        source,
                    })?;
            }
        }
        Ok(m)
    }

    /// The built-in mapping for ACLED exports (`event_id_cnty`, `event_date`, `event_type`,
    /// `sub_event_type`, `notes`, `country`, `admin1`, `location`, `latitude`, `longitude`,
    /// `source`). Strategic developments are coded from their notes.
    pub fn acled() -> Mapping {
        let rule = |contains: &str, plover: &str, mode: Option<&str>| TypeRule {
            contains: contains.into(),
            plover: plover.into(),
            mode: mode.map(str::to_string),
        };
        Mapping {
            dataset: "acled".into(),
            id: Some("event_id_cnty".into()),
            date: "event_date".into(),
            date_format: None,
            native_type: vec!["event_type".into(), "sub_event_type".into()],
            description: Some("notes".into()),
            location: Some("location".into()),
            admin1: Some("admin1".into()),
            lat: Some("latitude".into()),
            lon: Some("longitude".into()),
            country: Some("country".into()),
            link: Some("source".into()),
            rules: vec![
                rule("Air/drone strike", "ASSAULT", Some("aerial")),
                rule("Shelling/artillery/missile", "ASSAULT", Some("artillery")),
                rule("Remote explosive", "ASSAULT", Some("explosive")),
                rule("Battles", "ASSAULT", Some("battle")),
                rule("Explosions/Remote violence", "ASSAULT", None),
                rule("Violence against civilians", "ASSAULT", Some("civilians")),
                rule("Riots", "PROTEST", Some("riot")),
                rule("Protests", "PROTEST", Some("demo")),
                rule("Strategic developments", "CODE", None),
            ],
        }
    }
}

/// The result of reading one CSV event list.
#[derive(Debug, Default)]
pub struct CsvImport {
    pub events: Vec<ImportedEvent>,
    /// `file:line: message` for every row that was skipped.
    pub errors: Vec<String>,
    pub rows: u64,
    /// Reading broke off (an I/O or decompression error, the last of `errors`); the events
    /// before it were delivered.
    pub read_failed: bool,
}

struct Columns {
    id: Option<usize>,
    date: usize,
    types: Vec<usize>,
    description: Option<usize>,
    location: Option<usize>,
    admin1: Option<usize>,
    lat: Option<usize>,
    lon: Option<usize>,
    country: Option<usize>,
    link: Option<usize>,
}

/// Reads a CSV event list with `mapping`, calling `sink` with batches of at most `batch`
/// events so a long list streams into the store. Rows with an unreadable date are skipped and
/// reported; an unknown country name leaves the country empty.
pub fn read_csv_events(
    input: impl Read,
    origin: &str,
    mapping: &Mapping,
    coder: &Coder,
    batch: usize,
    mut sink: impl FnMut(Vec<ImportedEvent>) -> Result<(), String>,
) -> Result<CsvImport, MappingFileError> {
    // Records are read one at a time, and one over `MAX_LINE` is read through and skipped
    // rather than held (the `csv` crate would grow a record without bound).
    let mut input = io::BufReader::with_capacity(256 * 1024, input);
    if input
        .fill_buf()
        .is_ok_and(|b| b.starts_with(b"\xEF\xBB\xBF"))
    {
        input.consume(3);
    }
    let mut rdr = CsvRecords::new(input, MAX_LINE);
    let mut raw = csv::ByteRecord::new();
    let headers = match rdr.next_record(&mut raw) {
        Ok(CsvRecord::Read { .. }) => csv::StringRecord::from_byte_record_lossy(raw.clone()),
        _ => csv::StringRecord::new(),
    };
    let find =
        |field: &'static str, column: &Option<String>| -> Result<Option<usize>, MappingFileError> {
            match column {
                None => Ok(None),
                Some(c) => headers
                    .iter()
                    .position(|h| h.trim().eq_ignore_ascii_case(c.trim()))
                    .map(Some)
                    .ok_or_else(|| MappingFileError::MissingColumn {
                        origin: origin.to_string(),
                        field,
                        column: c.clone(),
                    }),
            }
        };
    let cols = Columns {
        id: find("id", &mapping.id)?,
        date: find("date", &Some(mapping.date.clone()))?.expect("given"),
        types: mapping
            .native_type
            .iter()
            .map(|t| find("type", &Some(t.clone())).map(|c| c.expect("given")))
            .collect::<Result<_, _>>()?,
        description: find("description", &mapping.description)?,
        location: find("location", &mapping.location)?,
        admin1: find("admin1", &mapping.admin1)?,
        lat: find("lat", &mapping.lat)?,
        lon: find("lon", &mapping.lon)?,
        country: find("country", &mapping.country)?,
        link: find("link", &mapping.link)?,
    };
    let mut out = CsvImport::default();
    let mut pending = Vec::with_capacity(batch);
    loop {
        let next = rdr.next_record(&mut raw);
        let line = match next {
            Ok(CsvRecord::End) => break,
            Ok(CsvRecord::Read { line }) => line,
            Ok(CsvRecord::TooLong { line, bytes }) => {
                out.rows += 1;
                out.errors.push(format!(
                    "{origin}:{line}: row of {bytes} bytes is longer than the {} MiB limit; row skipped",
                    MAX_LINE / (1024 * 1024)
                ));
                continue;
            }
            Err(e) => {
                out.errors.push(format!(
                    "{origin}:{}: read error: {e}; the rest of the file was not read",
                    rdr.line()
                ));
                out.read_failed = true;
                break;
            }
        };
        out.rows += 1;
        let record = match csv::StringRecord::from_byte_record(std::mem::take(&mut raw)) {
            Ok(r) => r,
            Err(e) => {
                out.errors
                    .push(format!("{origin}:{line}: {e}; row skipped"));
                continue;
            }
        };
        let get = |c: Option<usize>| {
            c.and_then(|i| record.get(i))
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let Some(date_text) = get(Some(cols.date)) else {
            out.errors
                .push(format!("{origin}:{line}: empty date in `{}`", mapping.date));
            continue;
        };
        let Some(date) = parse_date(&date_text, mapping.date_format.as_deref()) else {
            out.errors.push(format!(
                "{origin}:{line}: cannot read the date `{date_text}` in `{}`",
                mapping.date
            ));
            continue;
        };
        let native_type = cols
            .types
            .iter()
            .filter_map(|&i| get(Some(i)))
            .collect::<Vec<_>>()
            .join(" / ");
        let description = get(cols.description);
        let mut event = ImportedEvent {
            dataset: mapping.dataset.clone(),
            source_id: get(cols.id).unwrap_or_else(|| format!("line-{line}")),
            date: Some(date),
            native_type,
            location_country: get(cols.country)
                .and_then(|c| name_to_iso3(&c))
                .map(str::to_string),
            admin1: get(cols.admin1),
            location: get(cols.location),
            lat: get(cols.lat).and_then(|s| s.parse().ok()),
            lon: get(cols.lon).and_then(|s| s.parse().ok()),
            description,
            url: get(cols.link),
            ..Default::default()
        };
        assign_plover(&mut event, mapping, coder);
        pending.push(event);
        if pending.len() >= batch {
            sink(std::mem::take(&mut pending)).map_err(|message| MappingFileError::Toml {
                origin: origin.to_string(),
                message,
            })?;
        }
    }
    if !pending.is_empty() {
        sink(pending).map_err(|message| MappingFileError::Toml {
            origin: origin.to_string(),
            message,
        })?;
    }
    Ok(out)
}

/// Sets the PLOVER type, mode and actor countries: a matching rule gives the type; the coder
/// reading the description gives the type when no rule does, and the source and target
/// countries (and the location country, if the list has none) either way.
pub fn assign_plover(event: &mut ImportedEvent, mapping: &Mapping, coder: &Coder) {
    let native = event.native_type.to_lowercase();
    let rule = mapping
        .rules
        .iter()
        .find(|r| native.contains(&r.contains.to_lowercase()));
    if let Some(r) = rule
        && let Ok(t) = r.plover.parse::<EventType>()
    {
        event.event_type = Some(t);
        event.mode = r.mode.clone();
    }
    let Some(text) = event.description.as_deref() else {
        return;
    };
    let coded = coder.code_sentence(text, event.date);
    let main = coded
        .events
        .iter()
        .find(|e| e.is_factual())
        .or(coded.events.first());
    if let Some(e) = main {
        if event.event_type.is_none() {
            event.event_type = Some(e.event_type);
            event.mode = e.mode.clone();
        }
        event.source_country = e.source.iter().find_map(|a| a.country.clone());
        event.target_country = e.target.iter().find_map(|a| a.country.clone());
        if event.location_country.is_none() {
            event.location_country = e.location.as_ref().and_then(|l| l.country.clone());
        }
    }
}

/// Reads a date with `format`, or else with the formats event lists commonly use.
pub fn parse_date(text: &str, format: Option<&str>) -> Option<NaiveDate> {
    let t = text.trim();
    if let Some(f) = format {
        return NaiveDate::parse_from_str(t, f).ok();
    }
    // Timestamps such as `2022-02-10T14:00:00Z` count by their day.
    let day = t
        .get(..10)
        .filter(|d| d.as_bytes().get(4) == Some(&b'-'))
        .unwrap_or(t);
    ["%Y-%m-%d", "%d %B %Y", "%d %b %Y", "%Y%m%d", "%d/%m/%Y"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(day, f).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_common_list_formats() {
        let d = NaiveDate::from_ymd_opt(2022, 2, 10);
        assert_eq!(parse_date("2022-02-10", None), d);
        assert_eq!(parse_date("10 February 2022", None), d);
        assert_eq!(parse_date("2022-02-10T14:00:00Z", None), d);
        assert_eq!(parse_date("10/02/2022", None), d);
        assert_eq!(parse_date("02/10/2022", Some("%m/%d/%Y")), d);
        assert_eq!(parse_date("soon", None), None);
    }
}
