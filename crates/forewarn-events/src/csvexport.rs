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

use std::io::{self, BufRead, BufReader, Read};

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

/// `reader` as a raw GDELT stream of `kind`: unchanged when its first line is not a CSV header
/// of the table, else converted from the export (see the module docs). Only the first line is
/// looked at before reading starts.
pub fn raw_or_export(
    mut reader: Box<dyn BufRead + Send>,
    kind: GdeltKind,
) -> io::Result<Box<dyn BufRead + Send>> {
    let head = reader.fill_buf()?;
    let first_line = head.split(|&b| b == b'\n').next().unwrap_or_default();
    let first_field = strip_bom(first_line.split(|&b| b == b',').next().unwrap_or_default());
    let is_export = !first_line.contains(&b'\t')
        && first_field
            .trim_ascii()
            .eq_ignore_ascii_case(kind.columns()[0].as_bytes());
    if !is_export {
        return Ok(reader);
    }
    let mut header = Vec::new();
    reader.read_until(b'\n', &mut header)?;
    let names = split_record(trim_line_end(&header));
    // For each GDELT column, the export's column that holds it.
    let columns: Vec<Option<usize>> = kind
        .columns()
        .iter()
        .map(|name| {
            names.iter().position(|h| {
                strip_bom(h)
                    .trim_ascii()
                    .eq_ignore_ascii_case(name.as_bytes())
            })
        })
        .collect();
    Ok(Box::new(BufReader::new(Export {
        inner: reader,
        header_len: names.len(),
        columns,
        // The header's own line, empty.
        out: b"\n".to_vec(),
        at: 0,
    })))
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

/// The fields of one CSV record (RFC 4180: `"` quotes a field, `""` is a quote inside one).
fn split_record(record: &[u8]) -> Vec<Vec<u8>> {
    let mut fields = Vec::new();
    let mut field = Vec::new();
    let mut quoted = false;
    let mut bytes = record.iter().copied().peekable();
    while let Some(b) = bytes.next() {
        match (quoted, b) {
            (true, b'"') if bytes.peek() == Some(&b'"') => {
                field.push(b'"');
                bytes.next();
            }
            (true, b'"') => quoted = false,
            (false, b'"') => quoted = true,
            (false, b',') => fields.push(std::mem::take(&mut field)),
            (_, b) => field.push(b),
        }
    }
    fields.push(field);
    fields
}

/// The raw lines of an export, made one record at a time.
struct Export<R> {
    inner: R,
    header_len: usize,
    columns: Vec<Option<usize>>,
    out: Vec<u8>,
    at: usize,
}

impl<R: BufRead> Export<R> {
    /// Makes the next record's raw line, then an empty line for each further line the record
    /// took (a quoted line break); `false` at the end.
    fn next_line(&mut self) -> io::Result<bool> {
        self.out.clear();
        self.at = 0;
        let mut record = Vec::new();
        let mut lines = 0;
        // A record goes on while a quote is open: an odd count of `"` so far.
        while lines == 0 || record.iter().filter(|&&b| b == b'"').count() % 2 == 1 {
            if self.inner.read_until(b'\n', &mut record)? == 0 {
                break;
            }
            lines += 1;
        }
        if lines == 0 {
            return Ok(false);
        }
        let text = trim_line_end(&record);
        if !text.is_empty() {
            let fields = split_record(text);
            let raw: Vec<&[u8]> = if fields.len() == self.header_len {
                self.columns
                    .iter()
                    .map(|c| c.and_then(|i| fields.get(i)).map_or(&[][..], Vec::as_slice))
                    .collect()
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
        self.out.extend(std::iter::repeat_n(b'\n', lines));
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

    fn export_of(kind: GdeltKind, text: &str) -> Box<dyn BufRead + Send> {
        let reader: Box<dyn BufRead + Send> = Box::new(io::Cursor::new(text.as_bytes().to_vec()));
        raw_or_export(reader, kind).unwrap()
    }

    #[test]
    fn a_raw_file_passes_untouched() {
        let raw = "1\t20220224\tx\n";
        let mut out = String::new();
        export_of(GdeltKind::Events, raw)
            .read_to_string(&mut out)
            .unwrap();
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
        let mut rows = RowReader::new(
            export_of(GdeltKind::Events, text),
            "x.csv",
            GdeltKind::Events,
        );
        let mut got = Vec::new();
        loop {
            match rows.next_row() {
                Ok(Some(row)) => {
                    let e = event_from_row(&row, "x.csv").unwrap();
                    got.push(format!(
                        "{}:{} {} {:?} {:?}",
                        row.line, e.source_id, e.native_type, e.location_country, e.location
                    ));
                }
                Ok(None) => break,
                Err(e) => got.push(e.to_string()),
            }
        }
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
        let text = format!("\u{feff}{header}\n{record}\n");
        let mut rows = RowReader::new(
            export_of(GdeltKind::Mentions, &text),
            "m.csv",
            GdeltKind::Mentions,
        );
        let row = rows.next_row().unwrap().unwrap();
        assert_eq!(row.line, 2);
        let m = mention_from_row(&row, "m.csv").unwrap();
        assert_eq!(m.event_source_id, "555924816");
        assert_eq!(m.mentioned_at.to_string(), "2017-07-01 23:45:00");
        assert_eq!((m.sentence, m.confidence), (4, Some(100)));
        assert!(rows.next_row().unwrap().is_none());
    }
}
