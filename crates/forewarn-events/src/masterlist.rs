//! The GDELT master file list (`masterfilelist.txt`, `lastupdate.txt`): one line per
//! 15-minute file, `SIZE MD5 URL`. Other tools skip a missing 15-minute file silently; here a
//! date range is checked slot by slot, so every gap and every checksum failure is reported.

use std::collections::BTreeMap;
use std::io::{BufRead, Read};

use chrono::{Duration, NaiveDate, NaiveDateTime};
use md5::{Digest, Md5};

use crate::gdelt::GdeltKind;

/// One entry of the master list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MasterEntry {
    pub size: u64,
    pub md5: String,
    pub url: String,
    /// The 15-minute slot from the file name (`20220210151500.export.CSV.zip`).
    pub slot: NaiveDateTime,
    pub kind: GdeltKind,
}

impl MasterEntry {
    pub fn file_name(&self) -> &str {
        self.url.rsplit('/').next().unwrap_or(&self.url)
    }
}

/// The files of one kind in `[from, to]` (whole days) and the 15-minute slots that have none.
#[derive(Debug, Clone, Default)]
pub struct MasterSelection {
    pub entries: Vec<MasterEntry>,
    pub missing_slots: Vec<NaiveDateTime>,
    /// Lines that could not be read, with their line number.
    pub bad_lines: Vec<String>,
}

/// Reads a master list and selects the files of `kind` dated `from..=to`.
pub fn select(
    list: impl BufRead,
    origin: &str,
    kind: GdeltKind,
    from: NaiveDate,
    to: NaiveDate,
) -> std::io::Result<MasterSelection> {
    let mut out = MasterSelection::default();
    let mut by_slot = BTreeMap::new();
    for (i, line) in list.lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        match parse_line(&line) {
            Some(e) if e.kind == kind => {
                let day = e.slot.date();
                if day >= from && day <= to {
                    by_slot.insert(e.slot, e);
                }
            }
            Some(_) => {}
            None => out
                .bad_lines
                .push(format!("{origin}:{}: cannot read `{line}`", i + 1)),
        }
    }
    let mut slot = from.and_hms_opt(0, 0, 0).expect("midnight");
    let end = to.and_hms_opt(23, 45, 0).expect("last slot");
    while slot <= end {
        if !by_slot.contains_key(&slot) {
            out.missing_slots.push(slot);
        }
        slot += Duration::minutes(15);
    }
    out.entries = by_slot.into_values().collect();
    Ok(out)
}

fn parse_line(line: &str) -> Option<MasterEntry> {
    let mut parts = line.split_whitespace();
    let size = parts.next()?.parse().ok()?;
    let md5 = parts.next()?.to_ascii_lowercase();
    let url = parts.next()?.to_string();
    let name = url.rsplit('/').next()?;
    let stamp = name.get(..14)?;
    let slot = NaiveDateTime::parse_from_str(stamp, "%Y%m%d%H%M%S").ok()?;
    let lower = name.to_ascii_lowercase();
    let kind = if lower.contains(".export.") {
        GdeltKind::Events
    } else if lower.contains(".mentions.") {
        GdeltKind::Mentions
    } else if lower.contains(".gkg.") {
        GdeltKind::Gkg
    } else {
        return None;
    };
    Some(MasterEntry {
        size,
        md5,
        url,
        slot,
        kind,
    })
}

/// The MD5 of a stream, lower-case hex, and its length.
pub fn md5_hex(mut r: impl Read) -> std::io::Result<(String, u64)> {
    let mut hasher = Md5::new();
    let mut buf = vec![0u8; 256 * 1024];
    let mut total = 0u64;
    loop {
        let n = r.read(&mut buf)?;
        if n == 0 {
            break;
        }
        total += n as u64;
        hasher.update(&buf[..n]);
    }
    let digest = hasher.finalize();
    Ok((digest.iter().map(|b| format!("{b:02x}")).collect(), total))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selects_a_range_and_reports_missing_slots() {
        let list = "\
100 aaaa http://data.example/gdeltv2/20220210000000.export.CSV.zip
90 bbbb http://data.example/gdeltv2/20220210000000.mentions.CSV.zip
100 cccc http://data.example/gdeltv2/20220210003000.export.CSV.zip
oops
";
        let day = NaiveDate::from_ymd_opt(2022, 2, 10).unwrap();
        let s = select(list.as_bytes(), "master.txt", GdeltKind::Events, day, day).unwrap();
        assert_eq!(s.entries.len(), 2);
        assert_eq!(s.entries[1].file_name(), "20220210003000.export.CSV.zip");
        assert_eq!(s.missing_slots.len(), 96 - 2);
        assert_eq!(s.missing_slots[0].to_string(), "2022-02-10 00:15:00");
        assert_eq!(s.bad_lines, vec!["master.txt:4: cannot read `oops`"]);
        assert_eq!(
            md5_hex(&b"abc"[..]).unwrap().0,
            "900150983cd24fb0d6963f7d28e17f72"
        );
    }
}
