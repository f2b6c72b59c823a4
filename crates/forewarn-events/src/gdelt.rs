//! GDELT 2.0 events, mentions and GKG files: tab-separated, no header, one record a line.
//!
//! [`RowReader`] streams any [`BufRead`] one line at a time into a reused buffer, so memory
//! stays constant whatever the file size. The first data line fixes the layout (events 2.0 have
//! 61 fields, 1.0 files 57 or 58); every later line must have a field count of that layout, or
//! it is reported with its file and line and skipped — a truncated row never shifts columns.
//! Fields are handed out as raw bytes: event codes stay strings (`043`).

use std::io::BufRead;

use forewarn_ingest::limits::{Line, MAX_LINE, read_line_capped};

use chrono::{NaiveDate, NaiveDateTime};
use forewarn_model::{ImportedArticle, ImportedEvent, ImportedMention};

use crate::cameo::cameo_to_plover;
use crate::countries::fips_to_iso3;
pub use crate::dyads::{
    DyadCounts, DyadKey, DyadMap, DyadTable, count_dyads, count_dyads_file, count_dyads_threads,
};

/// Which GDELT table a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GdeltKind {
    Events,
    Mentions,
    Gkg,
}

impl GdeltKind {
    /// Field counts per layout generation; a file's first line picks one generation.
    pub(crate) fn layouts(self) -> &'static [&'static [usize]] {
        match self {
            // 2.0 (61); 1.0 daily files (58 with SOURCEURL, 57 in the backfile).
            GdeltKind::Events => &[&[61], &[57, 58]],
            GdeltKind::Mentions => &[&[16]],
            // GKG 2.1 (27); GKG 1.0 (11).
            GdeltKind::Gkg => &[&[27], &[11]],
        }
    }

    /// The layout a file's first row picks; the first generation's when no layout has
    /// `fields` (so that row is reported too).
    pub(crate) fn layout_for(self, fields: usize) -> &'static [usize] {
        self.layouts()
            .iter()
            .find(|l| l.contains(&fields))
            .copied()
            .unwrap_or(self.layouts()[0])
    }

    pub(crate) fn field_count_error(
        self,
        origin: &str,
        line: u64,
        found: usize,
        layout: &[usize],
    ) -> GdeltError {
        GdeltError::FieldCount {
            origin: origin.to_string(),
            line,
            expected: layout
                .iter()
                .map(|n| n.to_string())
                .collect::<Vec<_>>()
                .join(" or "),
            found,
            kind: self,
        }
    }

    pub fn parse(s: &str) -> Option<GdeltKind> {
        match s.to_ascii_lowercase().as_str() {
            "events" | "export" => Some(GdeltKind::Events),
            "mentions" => Some(GdeltKind::Mentions),
            "gkg" => Some(GdeltKind::Gkg),
            _ => None,
        }
    }

    /// Guesses the kind from a GDELT file name (`….export.CSV.zip`, `….mentions.CSV.zip`,
    /// `….gkg.csv.zip`); events by default.
    pub fn from_name(name: &str) -> GdeltKind {
        let lower = name.to_ascii_lowercase();
        if lower.contains("mentions") {
            GdeltKind::Mentions
        } else if lower.contains("gkg") {
            GdeltKind::Gkg
        } else {
            GdeltKind::Events
        }
    }
}

/// A problem with one GDELT file or line.
#[derive(Debug, thiserror::Error)]
pub enum GdeltError {
    /// The row has the wrong number of fields (usually a truncated download); skipped.
    #[error(
        "{origin}:{line}: expected {expected} tab-separated fields, found {found} (truncated or not a GDELT {kind:?} file)"
    )]
    FieldCount {
        origin: String,
        line: u64,
        expected: String,
        found: usize,
        kind: GdeltKind,
    },
    /// A field that must hold a value does not; the row is skipped.
    #[error("{origin}:{line}: field {field}: {message}")]
    BadField {
        origin: String,
        line: u64,
        field: &'static str,
        message: String,
    },
    /// The line is longer than [`MAX_LINE`]: it was read through without being held, and
    /// skipped.
    #[error("{origin}:{line}: line of {bytes} bytes is longer than the {} MiB limit; row skipped", MAX_LINE / (1024 * 1024))]
    LineTooLong {
        origin: String,
        line: u64,
        bytes: u64,
    },
    /// Reading failed; the rest of the file is lost.
    #[error("{origin}:{line}: read error: {source}")]
    Io {
        origin: String,
        line: u64,
        source: std::io::Error,
    },
}

impl GdeltError {
    /// Whether reading can go on after this error (a bad row) or not (an I/O failure).
    pub fn is_row_error(&self) -> bool {
        !matches!(self, GdeltError::Io { .. })
    }
}

/// Streams rows from a GDELT file.
pub struct RowReader<R> {
    pub(crate) inner: R,
    pub(crate) origin: String,
    pub(crate) kind: GdeltKind,
    pub(crate) layout: Option<&'static [usize]>,
    buf: Vec<u8>,
    ends: Vec<usize>,
    pub(crate) line: u64,
}

/// One row: the line without its newline, and where each field ends.
#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    pub line: u64,
    raw: &'a [u8],
    ends: &'a [usize],
}

impl<'a> Row<'a> {
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The line as read, without the line ending.
    pub fn raw(&self) -> &'a [u8] {
        self.raw
    }

    /// Field `i` as bytes (empty when out of range).
    pub fn bytes(&self, i: usize) -> &'a [u8] {
        if i >= self.ends.len() {
            return &[];
        }
        let start = if i == 0 { 0 } else { self.ends[i - 1] + 1 };
        &self.raw[start..self.ends[i]]
    }

    /// Field `i` as text; invalid UTF-8 is replaced rather than failing the row.
    pub fn str(&self, i: usize) -> std::borrow::Cow<'a, str> {
        String::from_utf8_lossy(self.bytes(i))
    }

    pub fn fields(&self) -> impl Iterator<Item = &'a [u8]> + '_ {
        (0..self.len()).map(|i| self.bytes(i))
    }
}

impl<R: BufRead> RowReader<R> {
    /// Expects every row to have `fields` fields (rather than taking the layout from the
    /// first row): for input whose layout is known up front, such as a converted export.
    pub fn with_fields(mut self, fields: usize) -> Self {
        self.layout = Some(self.kind.layout_for(fields));
        self
    }

    pub fn new(inner: R, origin: impl Into<String>, kind: GdeltKind) -> Self {
        RowReader {
            inner,
            origin: origin.into(),
            kind,
            layout: None,
            buf: Vec::with_capacity(64 * 1024),
            ends: Vec::with_capacity(64),
            line: 0,
        }
    }

    /// The number of lines read so far.
    pub fn lines(&self) -> u64 {
        self.line
    }

    /// The next row, `Ok(None)` at the end. After a row error (`is_row_error`) call again to
    /// go on with the next line.
    pub fn next_row(&mut self) -> Result<Option<Row<'_>>, GdeltError> {
        loop {
            let read =
                read_line_capped(&mut self.inner, &mut self.buf, MAX_LINE).map_err(|source| {
                    GdeltError::Io {
                        origin: self.origin.clone(),
                        line: self.line + 1,
                        source,
                    }
                })?;
            match read {
                Line::Eof => return Ok(None),
                Line::Read => self.line += 1,
                Line::TooLong(bytes) => {
                    self.line += 1;
                    return Err(GdeltError::LineTooLong {
                        origin: self.origin.clone(),
                        line: self.line,
                        bytes,
                    });
                }
            }
            while matches!(self.buf.last(), Some(b'\n' | b'\r')) {
                self.buf.pop();
            }
            if self.buf.is_empty() {
                continue;
            }
            self.ends.clear();
            self.ends.extend(memchr::memchr_iter(b'\t', &self.buf));
            self.ends.push(self.buf.len());
            let found = self.ends.len();
            let layout = *self
                .layout
                .get_or_insert_with(|| self.kind.layout_for(found));
            if !layout.contains(&found) {
                return Err(self
                    .kind
                    .field_count_error(&self.origin, self.line, found, layout));
            }
            return Ok(Some(Row {
                line: self.line,
                raw: &self.buf,
                ends: &self.ends,
            }));
        }
    }
}

/// Column positions of the event fields we use, for the 2.0 and 1.0 layouts.
struct EventColumns {
    action_geo: usize,
    has_adm2: bool,
}

fn event_columns(fields: usize) -> EventColumns {
    if fields >= 61 {
        EventColumns {
            action_geo: 51,
            has_adm2: true,
        }
    } else {
        EventColumns {
            action_geo: 49,
            has_adm2: false,
        }
    }
}

/// Makes the [`GdeltError::BadField`] of a field of `row`.
fn bad_field<'a>(
    row: &'a Row<'_>,
    origin: &'a str,
) -> impl Fn(&'static str, String) -> GdeltError + 'a {
    move |field, message| GdeltError::BadField {
        origin: origin.to_string(),
        line: row.line,
        field,
        message,
    }
}

fn non_empty(s: std::borrow::Cow<'_, str>) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// `YYYYMMDD` as a date.
pub fn parse_ymd(b: &[u8]) -> Option<NaiveDate> {
    if b.len() < 8 || !b[..8].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let num = |r: std::ops::Range<usize>| {
        b[r].iter()
            .fold(0u32, |acc, &d| acc * 10 + u32::from(d - b'0'))
    };
    NaiveDate::from_ymd_opt(num(0..4) as i32, num(4..6), num(6..8))
}

/// An events row as an [`ImportedEvent`] of dataset `gdelt`: the CAMEO code kept as the
/// native type, PLOVER type and mode from [`cameo_to_plover`], actor countries as GDELT gives
/// them (CAMEO country codes, ISO3 for states), the action location's FIPS code mapped to ISO3
/// and its ADM1 code (`UP23`) as the region.
pub fn event_from_row(row: &Row<'_>, origin: &str) -> Result<ImportedEvent, GdeltError> {
    let bad = bad_field(row, origin);
    let id = non_empty(row.str(0)).ok_or_else(|| bad("GLOBALEVENTID", "empty".into()))?;
    let date = parse_ymd(row.bytes(1))
        .ok_or_else(|| bad("SQLDATE", format!("not a YYYYMMDD date: {:?}", row.str(1))))?;
    let code = row.str(26).trim().to_string();
    let plover = cameo_to_plover(&code);
    let c = event_columns(row.len());
    let g = c.action_geo;
    let (lat_i, lon_i) = if c.has_adm2 {
        (g + 5, g + 6)
    } else {
        (g + 4, g + 5)
    };
    let url_i = if c.has_adm2 { 60 } else { 57 };
    let names = [row.str(6), row.str(16)];
    let description = match (names[0].trim(), names[1].trim()) {
        ("", "") => None,
        (a, "") => Some(format!("{a}: CAMEO {code}")),
        ("", b) => Some(format!("CAMEO {code}: {b}")),
        (a, b) => Some(format!("{a} → {b}: CAMEO {code}")),
    };
    Ok(ImportedEvent {
        dataset: "gdelt".into(),
        source_id: id,
        date: Some(date),
        native_type: code,
        event_type: plover.map(|p| p.0),
        mode: plover.and_then(|p| p.1).map(str::to_string),
        source_country: non_empty(row.str(7)),
        target_country: non_empty(row.str(17)),
        location_country: fips_to_iso3(&row.str(g + 2)).map(str::to_string),
        admin1: non_empty(row.str(g + 3)),
        location: non_empty(row.str(g + 1)),
        lat: row.str(lat_i).trim().parse().ok(),
        lon: row.str(lon_i).trim().parse().ok(),
        description,
        url: non_empty(row.str(url_i)),
    })
}

/// `YYYYMMDDHHMMSS` as a date and time.
pub fn parse_ymdhms(b: &[u8]) -> Option<NaiveDateTime> {
    if b.len() != 14 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let num = |r: std::ops::Range<usize>| {
        b[r].iter()
            .fold(0u32, |acc, &d| acc * 10 + u32::from(d - b'0'))
    };
    parse_ymd(&b[..8])?.and_hms_opt(num(8..10), num(10..12), num(12..14))
}

/// A Mentions row (GDELT 2.0, 16 fields) as an [`ImportedMention`] of a `gdelt` event: the
/// event's id, when and where the article appeared (MentionTimeDate, MentionSourceName,
/// MentionIdentifier), the sentence, GDELT's confidence and the article's tone.
pub fn mention_from_row(row: &Row<'_>, origin: &str) -> Result<ImportedMention, GdeltError> {
    let bad = bad_field(row, origin);
    let id = non_empty(row.str(0)).ok_or_else(|| bad("GLOBALEVENTID", "empty".into()))?;
    let mentioned_at = parse_ymdhms(row.bytes(2)).ok_or_else(|| {
        bad(
            "MentionTimeDate",
            format!("not a YYYYMMDDHHMMSS time: {:?}", row.str(2)),
        )
    })?;
    let url = non_empty(row.str(5)).ok_or_else(|| bad("MentionIdentifier", "empty".into()))?;
    let number = |i: usize, field: &'static str| -> Result<Option<f64>, GdeltError> {
        let text = row.str(i);
        match text.trim() {
            "" => Ok(None),
            t => t
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .map(Some)
                .ok_or_else(|| bad(field, format!("not a number: {t:?}"))),
        }
    };
    let sentence = number(6, "SentenceID")?.unwrap_or(0.0);
    let mention_type = number(3, "MentionType")?;
    if mention_type.is_some_and(|t| !(0.0..=255.0).contains(&t) || t.fract() != 0.0) {
        return Err(bad(
            "MentionType",
            format!("not a collection number: {:?}", row.str(3)),
        ));
    }
    let confidence = number(11, "Confidence")?;
    if !(0.0..=u32::MAX as f64).contains(&sentence) || sentence.fract() != 0.0 {
        return Err(bad(
            "SentenceID",
            format!("not a sentence number: {sentence}"),
        ));
    }
    if confidence.is_some_and(|c| !(0.0..=100.0).contains(&c)) {
        return Err(bad(
            "Confidence",
            format!("outside 0–100: {:?}", row.str(11)),
        ));
    }
    Ok(ImportedMention {
        dataset: "gdelt".into(),
        event_source_id: id,
        mentioned_at,
        mention_type: mention_type.map(|t| t as u8),
        source_name: non_empty(row.str(4)),
        url,
        sentence: sentence as u32,
        confidence: confidence.map(|c| c.round() as u8),
        tone: number(13, "MentionDocTone")?,
    })
}

/// A GKG 2.1 row (27 fields) as an [`ImportedArticle`]: GKGRECORDID, DATE, the source and
/// document identifier, the countries of its locations (V2Locations, else V1 Locations; FIPS
/// codes mapped to ISO3), its V1 themes and the tone (first value of V2Tone). GKG 1.0 rows
/// (11 fields) have no record id and are not read here.
pub fn article_from_row(row: &Row<'_>, origin: &str) -> Result<ImportedArticle, GdeltError> {
    let bad = bad_field(row, origin);
    if row.len() != 27 {
        return Err(bad(
            "GKGRECORDID",
            format!(
                "a GKG 1.0 row ({} fields) has no record id; only GKG 2.1 rows are stored",
                row.len()
            ),
        ));
    }
    let record_id = non_empty(row.str(0)).ok_or_else(|| bad("GKGRECORDID", "empty".into()))?;
    let published = parse_ymdhms(row.bytes(1)).ok_or_else(|| {
        bad(
            "DATE",
            format!("not a YYYYMMDDHHMMSS time: {:?}", row.str(1)),
        )
    })?;
    let locations = match row.str(10).trim() {
        "" => row.str(9),
        _ => row.str(10),
    };
    let mut countries: Vec<String> = locations
        .split(';')
        .filter_map(|location| location.split('#').nth(2))
        .filter_map(|fips| fips_to_iso3(fips.trim()))
        .map(str::to_string)
        .collect();
    countries.sort();
    countries.dedup();
    let mut themes: Vec<String> = Vec::new();
    for theme in row
        .str(7)
        .split(';')
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        if !themes.iter().any(|t| t == theme) {
            themes.push(theme.to_string());
        }
    }
    let tone = row.str(15);
    let tone = match tone.split(',').next().map(str::trim) {
        None | Some("") => None,
        Some(t) => Some(
            t.parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| bad("V2Tone", format!("not a number: {t:?}")))?,
        ),
    };
    Ok(ImportedArticle {
        dataset: "gkg".into(),
        record_id,
        published,
        source_name: non_empty(row.str(3)),
        url: non_empty(row.str(4)),
        countries,
        themes,
        tone,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row61(id: &str, date: &str, a1: &str, a2: &str, code: &str, geo: &str) -> String {
        let mut f = vec![String::new(); 61];
        f[0] = id.into();
        f[1] = date.into();
        f[6] = format!("{a1} NAME");
        f[7] = a1.into();
        f[16] = format!("{a2} NAME");
        f[17] = a2.into();
        f[26] = code.into();
        f[28] = code[..2].into();
        f[52] = "Somewhere".into();
        f[53] = geo.into();
        f[54] = format!("{geo}01");
        f[56] = "53.9".into();
        f[57] = "27.5".into();
        f[60] = "https://example.org/a".into();
        f.join("\t")
    }

    #[test]
    fn reads_rows_and_reports_truncated_ones_with_line() {
        let good = row61("1", "20220210", "RUS", "UKR", "153", "BO");
        let truncated: String = good.split('\t').take(40).collect::<Vec<_>>().join("\t");
        let text = format!("{good}\n{truncated}\n{good}\r\n");
        let mut r = RowReader::new(text.as_bytes(), "x.CSV", GdeltKind::Events);
        let row = r.next_row().unwrap().unwrap();
        assert_eq!(row.len(), 61);
        let e = event_from_row(&row, "x.CSV").unwrap();
        assert_eq!(e.native_type, "153");
        assert_eq!(e.event_type, Some(forewarn_model::EventType::Mobilize));
        assert_eq!(e.location_country.as_deref(), Some("BLR"));
        assert_eq!(e.admin1.as_deref(), Some("BO01"));
        assert_eq!(e.lat, Some(53.9));
        let err = r.next_row().unwrap_err();
        assert_eq!(
            err.to_string(),
            "x.CSV:2: expected 61 tab-separated fields, found 40 (truncated or not a GDELT Events file)"
        );
        assert!(err.is_row_error());
        assert_eq!(r.next_row().unwrap().unwrap().line, 3);
        assert!(r.next_row().unwrap().is_none());
    }

    fn mention_row(id: &str, time: &str, url: &str, confidence: &str) -> String {
        let mut f = vec![String::new(); 16];
        f[0] = id.into();
        f[1] = "20220210000000".into();
        f[2] = time.into();
        f[3] = "1".into();
        f[4] = "example.org".into();
        f[5] = url.into();
        f[6] = "3".into();
        f[11] = confidence.into();
        f[12] = "2048".into();
        f[13] = "-4.25".into();
        f.join("\t")
    }

    #[test]
    fn reads_mentions_and_names_a_bad_field() {
        let rows = [
            mention_row("7", "20220210151500", "https://example.org/a", "80"),
            mention_row("7", "2022021015", "https://example.org/b", "80"),
            mention_row("8", "20220211000000", "", "80"),
            mention_row("9", "20220211000000", "https://example.org/c", "high"),
            mention_row("9", "20220211000000", "https://example.org/c", ""),
        ];
        let text = rows.join("\n");
        let mut r = RowReader::new(text.as_bytes(), "m.CSV", GdeltKind::Mentions);
        let mut got = Vec::new();
        while let Some(row) = r.next_row().unwrap() {
            got.push(mention_from_row(&row, "m.CSV").map_err(|e| e.to_string()));
        }
        let first = got[0].as_ref().unwrap();
        assert_eq!(first.event_source_id, "7");
        assert_eq!(first.mentioned_at.to_string(), "2022-02-10 15:15:00");
        assert_eq!(first.source_name.as_deref(), Some("example.org"));
        assert_eq!(
            (first.sentence, first.confidence, first.tone),
            (3, Some(80), Some(-4.25))
        );
        assert_eq!(
            got[1].as_ref().unwrap_err(),
            "m.CSV:2: field MentionTimeDate: not a YYYYMMDDHHMMSS time: \"2022021015\""
        );
        assert_eq!(
            got[2].as_ref().unwrap_err(),
            "m.CSV:3: field MentionIdentifier: empty"
        );
        assert_eq!(
            got[3].as_ref().unwrap_err(),
            "m.CSV:4: field Confidence: not a number: \"high\""
        );
        assert_eq!(got[4].as_ref().unwrap().confidence, None);
    }

    fn gkg_row(id: &str, date: &str, v1_locations: &str, v2_locations: &str) -> String {
        let mut f = vec![String::new(); 27];
        f[0] = id.into();
        f[1] = date.into();
        f[2] = "1".into();
        f[3] = "example.org".into();
        f[4] = "https://example.org/story".into();
        f[7] = "MILITARY;ARMEDCONFLICT;MILITARY;".into();
        f[9] = v1_locations.into();
        f[10] = v2_locations.into();
        f[15] = "-5.5,1.2,6.7,7.9,20.1,0,812".into();
        f.join("\t")
    }

    #[test]
    fn reads_gkg_articles_with_their_countries() {
        let rows = [
            // V2 locations win; Belarus (BO) twice, Ukraine (UP) once.
            gkg_row(
                "20220224033000-1",
                "20220224033000",
                "1#Russia#RS#RS#60#100#RS",
                "4#Gomel, Homyel'skaya Voblasts', Belarus#BO#BO02#0#52.4#31#-1#120;1#Belarus#BO#BO#0#53#28#BO#300;4#Kharkiv, Kharkivs'ka Oblast', Ukraine#UP#UP07#0#50#36.25#-1#500",
            ),
            // Only V1 locations.
            gkg_row(
                "20220224033000-2",
                "20220224033000",
                "1#Poland#PL#PL#52#20#PL",
                "",
            ),
            gkg_row("20220224033000-3", "0", "", ""),
        ];
        let text = rows.join("\n");
        let mut r = RowReader::new(text.as_bytes(), "g.CSV", GdeltKind::Gkg);
        let mut got = Vec::new();
        while let Some(row) = r.next_row().unwrap() {
            got.push(article_from_row(&row, "g.CSV").map_err(|e| e.to_string()));
        }
        let first = got[0].as_ref().unwrap();
        assert_eq!(first.countries, ["BLR", "UKR"]);
        assert_eq!(first.themes, ["MILITARY", "ARMEDCONFLICT"]);
        assert_eq!(first.tone, Some(-5.5));
        assert_eq!(first.published.to_string(), "2022-02-24 03:30:00");
        assert_eq!(got[1].as_ref().unwrap().countries, ["POL"]);
        assert_eq!(
            got[2].as_ref().unwrap_err(),
            "g.CSV:3: field DATE: not a YYYYMMDDHHMMSS time: \"0\""
        );
    }

    #[test]
    fn counts_dyads_per_day() {
        let text = [
            row61("1", "20220210", "RUS", "UKR", "153", "BO"),
            row61("2", "20220210", "RUS", "UKR", "150", "BO"),
            row61("3", "20220211", "BLR", "", "043", "BO"),
        ]
        .join("\n");
        let mut r = RowReader::new(text.as_bytes(), "x", GdeltKind::Events);
        let c = count_dyads(&mut r).unwrap();
        assert_eq!(c.rows, 3);
        assert_eq!(c.counts.len(), 2);
        let key = DyadKey {
            date: 20220210,
            actor1: *b"RUS",
            actor2: *b"UKR",
            root: *b"15",
        };
        assert_eq!(c.counts.get(&key), Some(2));
    }
}
