//! GDELT tables exported as CSV, as BigQuery writes them: a header row of column names, commas,
//! and quotes around fields that hold commas (`"Gomel, Homyel'skaya Voblasts', Belarus"`).
//!
//! [`raw_or_export`] looks at the first line. A raw GDELT file goes on untouched; an export is
//! turned back into the raw format, a tab-separated line per record with every column in its
//! GDELT position (columns the export left out are empty), so [`RowReader`](crate::RowReader)
//! and the row parsers read both alike. Line numbers stay those of the CSV file: the header and
//! the extra lines of a record with a quoted line break become empty lines, which the row
//! reader counts and skips. A record with fewer or more fields than the header is passed on
//! with its own field count, so it is reported as a truncated row with its file and line.

use std::collections::VecDeque;
use std::io::{self, BufRead, BufReader, Read};

use forewarn_ingest::limits::{Line, MAX_LINE, read_line_capped};

use crate::gdelt::GdeltKind;

/// GDELT 2.0 Events columns, in file order.
pub const EVENT_COLUMNS: [&str; 61] = [
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

/// GDELT 2.0 Mentions columns, in file order.
pub const MENTION_COLUMNS: [&str; 16] = [
    "GLOBALEVENTID",
    "EventTimeDate",
    "MentionTimeDate",
    "MentionType",
    "MentionSourceName",
    "MentionIdentifier",
    "SentenceID",
    "Actor1CharOffset",
    "Actor2CharOffset",
    "ActionCharOffset",
    "InRawText",
    "Confidence",
    "MentionDocLen",
    "MentionDocTone",
    "MentionDocTranslationInfo",
    "Extras",
];

/// GDELT GKG 2.1 columns, in file order (BigQuery's names).
pub const GKG_COLUMNS: [&str; 27] = [
    "GKGRECORDID",
    "DATE",
    "SourceCollectionIdentifier",
    "SourceCommonName",
    "DocumentIdentifier",
    "Counts",
    "V2Counts",
    "Themes",
    "V2Themes",
    "Locations",
    "V2Locations",
    "Persons",
    "V2Persons",
    "Organizations",
    "V2Organizations",
    "V2Tone",
    "Dates",
    "GCAM",
    "SharingImage",
    "RelatedImages",
    "SocialImageEmbeds",
    "SocialVideoEmbeds",
    "Quotations",
    "AllNames",
    "Amounts",
    "TranslationInfo",
    "Extras",
];

impl GdeltKind {
    /// The table's columns in file order (GDELT 2.0 Events and Mentions, GKG 2.1).
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            GdeltKind::Events => &EVENT_COLUMNS,
            GdeltKind::Mentions => &MENTION_COLUMNS,
            GdeltKind::Gkg => &GKG_COLUMNS,
        }
    }
}

/// What [`raw_or_export`] found: the stream to read as a raw GDELT file and, for an export,
/// the field count of its rows.
pub struct GdeltInput {
    pub reader: Box<dyn BufRead + Send>,
    /// For an export, the field count of every converted row (the table's): a row reader
    /// should expect exactly this ([`RowReader::with_fields`](crate::RowReader::with_fields)),
    /// so that a bad record reads as a bad row however many fields it has.
    pub fields: Option<usize>,
}

/// Lines one record may span (quoted line breaks); a quote still open after this many is a
/// stray one.
const MAX_RECORD_LINES: usize = 100;

/// `reader` as a raw GDELT stream of `kind`: unchanged when its first line is not a CSV
/// header naming only columns of the table (any subset, order, case or quoting), else
/// converted from the export (see the module docs).
pub fn raw_or_export(
    mut reader: Box<dyn BufRead + Send>,
    kind: GdeltKind,
) -> io::Result<GdeltInput> {
    let mut first = Vec::new();
    if let Line::TooLong(bytes) = read_line_capped(&mut reader, &mut first, MAX_LINE)? {
        // Not a header. The line was not held; what the row reader reads in its place is
        // as long, so it reports line 1 as too long without the line in memory.
        let stand_in = io::repeat(b' ').take(bytes).chain(&b"\n"[..]);
        return Ok(GdeltInput {
            reader: Box::new(io::BufReader::new(stand_in).chain(reader)),
            fields: None,
        });
    }
    let names: Vec<Vec<u8>> = split_record(trim_line_end(&first))
        .into_iter()
        .map(|name| strip_bom(&name).trim_ascii().to_vec())
        .collect();
    let column_of = |name: &[u8]| {
        kind.columns()
            .iter()
            .position(|c| name.eq_ignore_ascii_case(c.as_bytes()))
    };
    let is_export = !first.contains(&b'\t') && names.iter().all(|n| column_of(n).is_some());
    if !is_export {
        // Not a header: the line is read again as the file's first.
        return Ok(GdeltInput {
            reader: Box::new(io::Cursor::new(first).chain(reader)),
            fields: None,
        });
    }
    // For each GDELT column, the export's column that holds it.
    let columns: Vec<Option<usize>> = (0..kind.columns().len())
        .map(|c| names.iter().position(|n| column_of(n) == Some(c)))
        .collect();
    let fields = columns.len();
    Ok(GdeltInput {
        reader: Box::new(BufReader::new(Export {
            inner: reader,
            header_len: names.len(),
            columns,
            pushed_back: VecDeque::new(),
            // The header's own line, empty.
            out: b"\n".to_vec(),
            at: 0,
        })),
        fields: Some(fields),
    })
}

/// `field` without a UTF-8 byte order mark in front (spreadsheet tools write one).
fn strip_bom(field: &[u8]) -> &[u8] {
    field.strip_prefix(b"\xef\xbb\xbf").unwrap_or(field)
}

fn trim_line_end(mut line: &[u8]) -> &[u8] {
    while let [rest @ .., b'\r' | b'\n'] = line {
        line = rest;
    }
    line
}

/// Where a CSV scan is: inside a quoted field or not, at the start of a field or not. A `"`
/// opens a quoted field only at the field's start (elsewhere it is a plain character, as most
/// readers take it); inside one, `""` is a quote and a lone `"` closes it (RFC 4180).
#[derive(Debug, Clone, Copy)]
struct Scan {
    quoted: bool,
    field_start: bool,
}

impl Scan {
    fn new() -> Scan {
        Scan {
            quoted: false,
            field_start: true,
        }
    }

    /// Scans `bytes`, calling `on` with each byte of field content (`None` at a field's end).
    fn run(&mut self, bytes: &[u8], mut on: impl FnMut(Option<u8>)) {
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if self.quoted {
                if b != b'"' {
                    on(Some(b));
                } else if bytes.get(i + 1) == Some(&b'"') {
                    on(Some(b'"'));
                    i += 1;
                } else {
                    self.quoted = false;
                }
            } else {
                match b {
                    b'"' if self.field_start => self.quoted = true,
                    b',' => on(None),
                    b => on(Some(b)),
                }
                self.field_start = b == b',';
                if b == b'"' {
                    self.field_start = false;
                }
            }
            i += 1;
        }
    }
}

/// The fields of one CSV record.
fn split_record(record: &[u8]) -> Vec<Vec<u8>> {
    let mut fields = Vec::new();
    let mut field = Vec::new();
    Scan::new().run(record, |b| match b {
        Some(b) => field.push(b),
        None => fields.push(std::mem::take(&mut field)),
    });
    fields.push(field);
    fields
}

/// The raw lines of an export, made one record at a time.
struct Export<R> {
    inner: R,
    header_len: usize,
    columns: Vec<Option<usize>>,
    /// Lines read past a stray quote, to be read again as records of their own.
    pushed_back: VecDeque<Vec<u8>>,
    out: Vec<u8>,
    at: usize,
}

impl<R: BufRead> Export<R> {
    fn read_line(&mut self) -> io::Result<Option<Vec<u8>>> {
        if let Some(line) = self.pushed_back.pop_front() {
            return Ok(Some(line));
        }
        let mut line = Vec::new();
        Ok(
            match read_line_capped(&mut self.inner, &mut line, MAX_LINE)? {
                Line::Eof => None,
                Line::Read => Some(line),
                // Read through, not held: a one-field line, so it reads as a bad row.
                Line::TooLong(_) => Some(b"line over the size limit\n".to_vec()),
            },
        )
    }

    /// Makes the next record's raw line, then an empty line for each further line the record
    /// took (a quoted line break); `false` at the end.
    fn next_line(&mut self) -> io::Result<bool> {
        self.out.clear();
        self.at = 0;
        let mut lines: Vec<Vec<u8>> = Vec::new();
        let mut scan = Scan::new();
        let mut bytes = 0;
        while let Some(line) = self.read_line()? {
            scan.run(&line, |_| {});
            bytes += line.len();
            lines.push(line);
            if !scan.quoted || lines.len() == MAX_RECORD_LINES || bytes > MAX_LINE {
                break;
            }
        }
        if lines.is_empty() {
            return Ok(false);
        }
        if scan.quoted {
            // A quote that never closes: the first line is a bad record (one field, which no
            // layout has) and the lines after it are read again as records of their own.
            for line in lines.drain(1..).rev() {
                self.pushed_back.push_front(line);
            }
            self.out.extend_from_slice(b"unclosed quote\n");
            return Ok(true);
        }
        let record = lines.concat();
        let text = trim_line_end(&record);
        if !text.is_empty() {
            let fields = split_record(text);
            let raw: Vec<&[u8]> = if fields.len() == self.header_len {
                self.columns
                    .iter()
                    .map(|c| c.and_then(|i| fields.get(i)).map_or(&[][..], Vec::as_slice))
                    .collect()
            } else if fields.len() == self.columns.len() {
                // The table's own count, from a record that does not fit a smaller header:
                // one field, so that it still reads as a bad row.
                vec![&b"wrong field count"[..]]
            } else {
                // Too few or too many fields: passed on as they are, to be reported.
                fields.iter().map(Vec::as_slice).collect()
            };
            for (i, field) in raw.iter().enumerate() {
                if i > 0 {
                    self.out.push(b'\t');
                }
                // A tab or line break inside a quoted field would split the raw line.
                self.out.extend(field.iter().map(|&b| match b {
                    b'\t' | b'\n' | b'\r' => b' ',
                    b => b,
                }));
            }
        }
        self.out.extend(std::iter::repeat_n(b'\n', lines.len()));
        Ok(true)
    }
}

impl<R: BufRead> Read for Export<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.at == self.out.len() && !self.next_line()? {
            return Ok(0);
        }
        let n = buf.len().min(self.out.len() - self.at);
        buf[..n].copy_from_slice(&self.out[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gdelt::{RowReader, event_from_row, mention_from_row};

    fn rows_of(kind: GdeltKind, text: &str) -> RowReader<Box<dyn BufRead + Send>> {
        let reader: Box<dyn BufRead + Send> = Box::new(io::Cursor::new(text.as_bytes().to_vec()));
        let input = raw_or_export(reader, kind).unwrap();
        let rows = RowReader::new(input.reader, "x.csv", kind);
        match input.fields {
            Some(n) => rows.with_fields(n),
            None => rows,
        }
    }

    /// Each row as `line:` and what `show` makes of it, or the row error.
    fn read_all(
        mut rows: RowReader<Box<dyn BufRead + Send>>,
        show: impl Fn(&crate::gdelt::Row<'_>) -> String,
    ) -> Vec<String> {
        let mut got = Vec::new();
        loop {
            match rows.next_row() {
                Ok(Some(row)) => got.push(format!("{}:{}", row.line, show(&row))),
                Ok(None) => return got,
                Err(e) => got.push(e.to_string()),
            }
        }
    }

    fn mention(row: &crate::gdelt::Row<'_>) -> String {
        let m = mention_from_row(row, "x.csv").unwrap();
        format!("{} {}", m.event_source_id, m.url)
    }

    #[test]
    fn a_raw_file_passes_untouched() {
        let raw = "1\t20220224\tx\n2\t20220225\ty\n";
        let reader: Box<dyn BufRead + Send> = Box::new(io::Cursor::new(raw.as_bytes().to_vec()));
        let input = raw_or_export(reader, GdeltKind::Events).unwrap();
        assert_eq!(input.fields, None);
        let mut out = String::new();
        { input.reader }.read_to_string(&mut out).unwrap();
        assert_eq!(out, raw);
    }

    #[test]
    fn an_events_export_reads_as_raw_rows_with_the_files_line_numbers() {
        // Lower-case names in another order, a quoted comma, a quoted line break, a blank
        // line and a truncated record.
        let text = "globaleventid,sqldate,eventcode,actiongeo_countrycode,actiongeo_fullname,sourceurl\n\
             1,20220210,153,BO,\"Gomel, Homyel'skaya Voblasts', Belarus\",https://a.example/1\n\
             2,20220211,190,UP,\"Kharkiv\nOblast\",https://a.example/2\n\
             \n\
             3,20220212\n\
             4,20220213,043,BO,Minsk,https://a.example/4\n";
        let got = read_all(rows_of(GdeltKind::Events, text), |row| {
            let e = event_from_row(row, "x.csv").unwrap();
            format!(
                "{} {} {:?} {:?}",
                e.source_id, e.native_type, e.location_country, e.location
            )
        });
        assert_eq!(
            got,
            [
                "2:1 153 Some(\"BLR\") Some(\"Gomel, Homyel'skaya Voblasts', Belarus\")",
                "3:2 190 Some(\"UKR\") Some(\"Kharkiv Oblast\")",
                "x.csv:6: expected 61 tab-separated fields, found 2 (truncated or not a GDELT Events file)",
                "7:4 043 Some(\"BLR\") Some(\"Minsk\")",
            ]
        );
    }

    #[test]
    fn a_mentions_export_with_every_column_reads_like_the_raw_file() {
        let header = MENTION_COLUMNS.join(",").to_ascii_lowercase();
        let record = "555924816,20160701210000,20170701234500,1,china.org.cn,http://example.cn/a,4,-1,996,988,1,100,2579,0.8356,srclc:ara;eng:GT-ARA 1.0,";
        let text = format!("\u{feff}{header}\r\n{record}\r\n");
        let mut rows = rows_of(GdeltKind::Mentions, &text);
        let row = rows.next_row().unwrap().unwrap();
        assert_eq!(row.line, 2);
        let m = mention_from_row(&row, "x.csv").unwrap();
        assert_eq!(m.event_source_id, "555924816");
        assert_eq!(m.mentioned_at.to_string(), "2017-07-01 23:45:00");
        assert_eq!((m.sentence, m.confidence), (4, Some(100)));
        assert!(rows.next_row().unwrap().is_none());
    }

    #[test]
    fn quoted_or_reordered_headers_are_exports() {
        for header in [
            "\"GLOBALEVENTID\",\"MentionTimeDate\",\"MentionIdentifier\"",
            "MentionIdentifier, globaleventid ,MentionTimeDate",
        ] {
            let record = if header.starts_with('M') {
                "https://a.example/1,7,20220210151500"
            } else {
                "\"7\",\"20220210151500\",\"https://a.example/1\""
            };
            let got = read_all(
                rows_of(GdeltKind::Mentions, &format!("{header}\n{record}\n")),
                mention,
            );
            assert_eq!(got, ["2:7 https://a.example/1"], "{header}");
        }
        // Only a header: no rows.
        assert!(
            read_all(
                rows_of(GdeltKind::Mentions, "GLOBALEVENTID,MentionIdentifier"),
                mention
            )
            .is_empty()
        );
    }

    #[test]
    fn a_stray_quote_costs_one_row_and_bad_counts_never_change_the_layout() {
        let text = "GLOBALEVENTID,MentionTimeDate,MentionIdentifier\n\
             1,20220210151500,https://a.example/say\"what\"\n\
             2,20220210151500,\"https://a.example/open\n\
             3,20220210151500,https://a.example/3\n\
             4,20220210151500\n\
             5,20220210151500,https://a.example/5\n";
        let got = read_all(rows_of(GdeltKind::Mentions, text), mention);
        assert_eq!(
            got,
            [
                "2:1 https://a.example/say\"what\"",
                "x.csv:3: expected 16 tab-separated fields, found 1 (truncated or not a GDELT Mentions file)",
                "4:3 https://a.example/3",
                "x.csv:5: expected 16 tab-separated fields, found 2 (truncated or not a GDELT Mentions file)",
                "6:5 https://a.example/5",
            ]
        );
        // A first record of 57 fields in a full events export is one bad row; the file keeps
        // the 2.0 layout.
        let header = EVENT_COLUMNS.join(",");
        let mut good = vec![""; 61];
        good[0] = "9";
        good[1] = "20220210";
        let short = good[..57].join(",");
        let text = format!("{header}\n{short}\n{}\n", good.join(","));
        let got = read_all(rows_of(GdeltKind::Events, &text), |row| {
            row.len().to_string()
        });
        assert_eq!(
            got,
            [
                "x.csv:2: expected 61 tab-separated fields, found 57 (truncated or not a GDELT Events file)",
                "3:61",
            ]
        );
    }
}
