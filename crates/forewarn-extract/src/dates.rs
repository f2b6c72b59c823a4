//! Document dates and date expressions in running text.

use std::sync::LazyLock;

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use forewarn_model::DateMention;
use regex::{Captures, Regex};

const MONTHS_FULL: &str =
    "January|February|March|April|May|June|July|August|September|October|November|December";
const MONTHS_ABBR: &str = r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec";
const WEEKDAYS: &str = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tues|Tue|Wed|Thurs|Thu|Fri|Sat|Sun";
const WEEKDAYS_FULL: &str = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday";

fn month_pattern() -> String {
    format!(r"(?P<mon>(?:{MONTHS_FULL}|{MONTHS_ABBR})\b\.?)")
}

fn mdy_pattern() -> String {
    format!(
        r"\b(?:(?P<wd>{WEEKDAYS})\b\.?,?\s+)?{}\s*(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>\d{{4}})\b)?",
        month_pattern()
    )
}

fn dmy_pattern() -> String {
    format!(
        r"\b(?:(?P<wd>{WEEKDAYS})\b\.?,?\s+)?(?:the\s+)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{}(?:,?\s+(?P<year>\d{{4}})\b)?",
        month_pattern()
    )
}

/// Month names in metadata are matched in any case; in running text only capitalised, so the
/// verb "may" and the verb "march" are never dates.
static DOC_MDY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("(?i){}", mdy_pattern())).expect("valid regex"));
static DOC_DMY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("(?i){}", dmy_pattern())).expect("valid regex"));
static ISO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?P<y>\d{4})[-/](?P<m>\d{1,2})[-/](?P<d>\d{1,2})(?:\b|T)").expect("valid regex")
});
static NUMERIC_DMY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?P<a>\d{1,2})[/.-](?P<b>\d{1,2})[/.-](?P<y>\d{4})\b").expect("valid regex")
});
static COMPACT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})(?:\D|$)").expect("valid regex")
});

static TEXT_MDY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&mdy_pattern()).expect("valid regex"));
static TEXT_DMY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&dmy_pattern()).expect("valid regex"));
static TEXT_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:\b(?P<cue>(?i:in|on|since|during|by|until|through|from|of|before|after|last|next|this))\s+)?(?:\b(?:(?i:the)\s+)?(?P<part>(?i:early|mid|late|end\s+of|beginning\s+of|start\s+of|middle\s+of))[\s-]*)?\b(?P<mon>{MONTHS_FULL}|Sept\.)(?:\b|$)(?:,?\s+(?P<year>\d{{4}})\b)?"
    ))
    .expect("valid regex")
});
static TEXT_WEEKDAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:\b(?P<rel>(?i:last|next|this|on|since|by|until|before|after))\s+)?\b(?P<wd>{WEEKDAYS_FULL})\b"
    ))
    .expect("valid regex")
});
static TEXT_RELATIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:(?P<word>yesterday|today|tomorrow|tonight|last\s+night|this\s+(?:morning|afternoon|evening|week|month)|last\s+week|last\s+month|next\s+week|next\s+month)|(?P<n>\d{1,3}|a|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?P<unit>days?|weeks?)\s+ago)\b",
    )
    .expect("valid regex")
});

/// Parses a document date as found in metadata or a dateline.
///
/// Accepts RFC 3339 / ISO 8601 ("2022-12-19", "2022-12-19 10:00", "2022-12-19T10:00:00+03:00"
/// → the date as written, not converted to UTC), RFC 2822, "Thursday, 24 February 2022",
/// "24 February 2022", "February 24, 2022", "Dec. 7, 2022", "7th of December 2022",
/// "19/12/2022" and "19.12.2022" (day first unless the second number cannot be a month),
/// "20221219". The first date found in the string wins, so "Published 24 Feb 2022, 10:00 GMT"
/// works. A date needs a year; anything else gives `None`.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(dt) = chrono::DateTime::parse_from_rfc2822(s) {
        return Some(dt.date_naive());
    }
    if let Some(c) = COMPACT.captures(s)
        && let Some(d) = ymd(&c["y"], &c["m"], &c["d"])
    {
        return Some(d);
    }
    // Earliest match in the string wins, whatever its shape.
    let mut best: Option<(usize, NaiveDate)> = None;
    let mut consider = |pos: usize, date: Option<NaiveDate>| {
        if let Some(d) = date
            && best.is_none_or(|(p, _)| pos < p)
        {
            best = Some((pos, d));
        }
    };
    for c in ISO.captures_iter(s) {
        consider(
            c.get(0).map_or(0, |m| m.start()),
            ymd(&c["y"], &c["m"], &c["d"]),
        );
    }
    for c in NUMERIC_DMY.captures_iter(s) {
        let (Ok(a), Ok(b), Ok(year)) = (
            c["a"].parse::<u32>(),
            c["b"].parse::<u32>(),
            c["y"].parse::<i32>(),
        ) else {
            continue;
        };
        let (day, month) = if b > 12 && a <= 12 { (b, a) } else { (a, b) };
        consider(
            c.get(0).map_or(0, |m| m.start()),
            NaiveDate::from_ymd_opt(year, month, day),
        );
    }
    for re in [&*DOC_MDY, &*DOC_DMY] {
        for c in re.captures_iter(s) {
            if c.name("year").is_some() {
                consider(c.get(0).map_or(0, |m| m.start()), full_date(&c));
            }
        }
    }
    best.map(|(_, d)| d)
}

fn ymd(y: &str, m: &str, d: &str) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

fn full_date(c: &Captures) -> Option<NaiveDate> {
    let month = month_number(c.name("mon")?.as_str())?;
    let day = c.name("day")?.as_str().parse().ok()?;
    let year = c.name("year")?.as_str().parse().ok()?;
    NaiveDate::from_ymd_opt(year, month, day)
}

fn month_number(name: &str) -> Option<u32> {
    let lower = name.trim_end_matches('.').to_ascii_lowercase();
    let prefix = lower.get(..3)?;
    let n = match prefix {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    Some(n)
}

fn weekday(name: &str) -> Option<Weekday> {
    let lower = name.trim_end_matches('.').to_ascii_lowercase();
    let w = match lower.get(..3)? {
        "mon" => Weekday::Mon,
        "tue" => Weekday::Tue,
        "wed" => Weekday::Wed,
        "thu" => Weekday::Thu,
        "fri" => Weekday::Fri,
        "sat" => Weekday::Sat,
        "sun" => Weekday::Sun,
        _ => return None,
    };
    Some(w)
}

/// Finds date expressions in running text and resolves them against `reference` (normally
/// the document's publication date).
///
/// * Full and partial calendar dates: "December 29th", "Dec. 7", "7 December",
///   "on 19 December 2022", "Tuesday, December 13", "2022-12-19", "19/12/2022". Without a year
///   the year is chosen so that the date lies nearest the reference, the past winning a tie
///   (reference 2023-01-04: "December 29th" → 2022-12-29, "January 15" → 2023-01-15); a weekday
///   given with the date, when it fits one candidate year, picks that year.
/// * Months: "in January", "December 2022", "last December". These are approximate and resolve
///   to a fixed day: the 1st of the month; "early November" → the 5th, "mid-November" and
///   "the middle of November" → the 15th, "late November" and "the end of November" → the
///   25th. The month is the one nearest the reference (ties to the past), or the one before
///   or after it for "last"/"next".
/// * Weekdays: "on Tuesday", "Tuesday" → the reference day if it is a Tuesday, else the most
///   recent Tuesday before it (news says "on Monday" of the day it is published); "last Tuesday" →
///   strictly before the reference; "next Tuesday" → the first one strictly after it.
/// * Relative words: "today", "tonight", "this morning", "this week" → the reference;
///   "yesterday", "last night" → the day before; "tomorrow" → the day after; "last week",
///   "a week ago" → 7 days before; "three days ago" → 3 days before; "last month" → the 1st
///   of the previous month.
///
/// Spans are byte offsets into `text`; a leading preposition ("on", "in") is not part of the
/// span, a modifier ("last", "late") is. Mentions come in text order and never overlap.
pub fn find_dates(text: &str, reference: NaiveDate) -> Vec<DateMention> {
    let mut found: Vec<DateMention> = Vec::new();
    let mut push = |start: usize, end: usize, date: Option<NaiveDate>| {
        let Some(date) = date else { return };
        if found.iter().any(|m| start < m.span.1 && m.span.0 < end) {
            return;
        }
        found.push(DateMention {
            span: (start, end),
            text: text[start..end].to_string(),
            date,
        });
    };

    for c in ISO.captures_iter(text) {
        let m = c.get(0).expect("whole match");
        let end = m.start() + m.as_str().trim_end_matches('T').len();
        push(m.start(), end, ymd(&c["y"], &c["m"], &c["d"]));
    }
    for c in NUMERIC_DMY.captures_iter(text) {
        let m = c.get(0).expect("whole match");
        push(m.start(), m.end(), parse_date(m.as_str()));
    }
    for re in [&*TEXT_MDY, &*TEXT_DMY] {
        for c in re.captures_iter(text) {
            let m = c.get(0).expect("whole match");
            push(m.start(), m.end(), calendar_date(&c, reference));
        }
    }
    for c in TEXT_MONTH.captures_iter(text) {
        let m = c.get(0).expect("whole match");
        let cue = c.name("cue").map(|x| x.as_str().to_ascii_lowercase());
        let relative = matches!(cue.as_deref(), Some("last" | "next" | "this"));
        if cue.is_none() && c.name("part").is_none() && c.name("year").is_none() {
            continue;
        }
        let start = if relative {
            m.start()
        } else {
            c.name("part")
                .or(c.name("mon"))
                .map_or(m.start(), |x| x.start())
        };
        push(start, m.end(), month_date(&c, cue.as_deref(), reference));
    }
    for c in TEXT_WEEKDAY.captures_iter(text) {
        let m = c.get(0).expect("whole match");
        let rel = c.name("rel").map(|x| x.as_str().to_ascii_lowercase());
        // News published on a Monday saying "on Monday" means that day; "last Monday" never does.
        let (start, direction) = match rel.as_deref() {
            Some("next") => (m.start(), WeekdayDirection::After),
            Some("last") => (m.start(), WeekdayDirection::Before),
            Some("this") => (m.start(), WeekdayDirection::OnOrBefore),
            _ => (
                c.name("wd").map_or(m.start(), |x| x.start()),
                WeekdayDirection::OnOrBefore,
            ),
        };
        let date = weekday(&c["wd"]).and_then(|wd| nearest_weekday(reference, wd, direction));
        push(start, m.end(), date);
    }
    for c in TEXT_RELATIVE.captures_iter(text) {
        let m = c.get(0).expect("whole match");
        push(m.start(), m.end(), relative_date(&c, reference));
    }

    found.sort_by_key(|m| m.span);
    found
}

fn calendar_date(c: &Captures, reference: NaiveDate) -> Option<NaiveDate> {
    let month = month_number(c.name("mon")?.as_str())?;
    let day: u32 = c.name("day")?.as_str().parse().ok()?;
    if let Some(year) = c.name("year") {
        return NaiveDate::from_ymd_opt(year.as_str().parse().ok()?, month, day);
    }
    let candidates: Vec<NaiveDate> = (reference.year() - 1..=reference.year() + 1)
        .filter_map(|y| NaiveDate::from_ymd_opt(y, month, day))
        .collect();
    let wd = c.name("wd").and_then(|w| weekday(w.as_str()));
    let fitting: Vec<NaiveDate> = match wd {
        Some(wd) => candidates
            .iter()
            .copied()
            .filter(|d| d.weekday() == wd)
            .collect(),
        None => Vec::new(),
    };
    let pool = if fitting.is_empty() {
        candidates
    } else {
        fitting
    };
    pool.into_iter().min_by_key(|d| {
        let diff = (*d - reference).num_days();
        (diff.abs(), diff > 0)
    })
}

fn month_date(c: &Captures, cue: Option<&str>, reference: NaiveDate) -> Option<NaiveDate> {
    let month = month_number(c.name("mon")?.as_str())?;
    let part = c.name("part").map(|p| p.as_str().to_ascii_lowercase());
    let day = match part
        .as_deref()
        .map(|p| p.split_whitespace().next().unwrap_or(""))
    {
        Some("early" | "beginning" | "start") => 5,
        Some("mid" | "middle") => 15,
        Some("late" | "end") => 25,
        _ => 1,
    };
    let year = match c.name("year") {
        Some(y) => y.as_str().parse().ok()?,
        None => {
            let here = reference.year() * 12 + reference.month0() as i32;
            let offsets = (reference.year() - 1..=reference.year() + 1)
                .map(|y| (y, y * 12 + month as i32 - 1 - here));
            let pick = match cue {
                Some("last") => offsets.filter(|&(_, o)| o < 0).max_by_key(|&(_, o)| o),
                Some("next") => offsets.filter(|&(_, o)| o > 0).min_by_key(|&(_, o)| o),
                _ => offsets.min_by_key(|&(_, o)| (o.abs(), o > 0)),
            };
            pick?.0
        }
    };
    NaiveDate::from_ymd_opt(year, month, day)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WeekdayDirection {
    /// "on Tuesday": the reference day itself or the latest one before it.
    OnOrBefore,
    /// "last Tuesday": strictly before the reference.
    Before,
    /// "next Tuesday": strictly after the reference.
    After,
}

/// The nearest `wd` to `reference` in the given direction.
fn nearest_weekday(
    reference: NaiveDate,
    wd: Weekday,
    direction: WeekdayDirection,
) -> Option<NaiveDate> {
    let here = reference.weekday().num_days_from_monday() as i64;
    let there = wd.num_days_from_monday() as i64;
    match direction {
        WeekdayDirection::After => {
            let ahead = (there - here).rem_euclid(7);
            reference.checked_add_days(Days::new(if ahead == 0 { 7 } else { ahead } as u64))
        }
        WeekdayDirection::Before | WeekdayDirection::OnOrBefore => {
            let back = (here - there).rem_euclid(7);
            let back = if back == 0 && direction == WeekdayDirection::Before {
                7
            } else {
                back
            };
            reference.checked_sub_days(Days::new(back as u64))
        }
    }
}

fn relative_date(c: &Captures, reference: NaiveDate) -> Option<NaiveDate> {
    if let Some(word) = c.name("word") {
        let word = word.as_str().to_ascii_lowercase();
        let word: Vec<&str> = word.split_whitespace().collect();
        return match word.as_slice() {
            ["yesterday"] | ["last", "night"] => reference.pred_opt(),
            ["tomorrow"] => reference.succ_opt(),
            ["last", "week"] => reference.checked_sub_days(Days::new(7)),
            ["next", "week"] => reference.checked_add_days(Days::new(7)),
            ["last", "month"] => reference.with_day(1)?.checked_sub_months(Months::new(1)),
            ["next", "month"] => reference.with_day(1)?.checked_add_months(Months::new(1)),
            ["this", "month"] => reference.with_day(1),
            _ => Some(reference),
        };
    }
    let n: u64 = match c.name("n")?.as_str().to_ascii_lowercase().as_str() {
        "a" | "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        digits => digits.parse().ok()?,
    };
    let days = if c
        .name("unit")?
        .as_str()
        .to_ascii_lowercase()
        .starts_with("week")
    {
        n * 7
    } else {
        n
    };
    reference.checked_sub_days(Days::new(days))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn document_dates() {
        let cases = [
            ("Thursday, 24 February 2022", Some(d(2022, 2, 24))),
            ("24 February 2022", Some(d(2022, 2, 24))),
            ("February 24, 2022", Some(d(2022, 2, 24))),
            ("2022-12-19T23:30:00+03:00", Some(d(2022, 12, 19))),
            ("2022-12-19T10:00:00.000Z", Some(d(2022, 12, 19))),
            ("Mon, 19 Dec 2022 10:00:00 +0000", Some(d(2022, 12, 19))),
            ("2022-12-19", Some(d(2022, 12, 19))),
            ("2022-12-19 10:00", Some(d(2022, 12, 19))),
            ("19/12/2022", Some(d(2022, 12, 19))),
            ("12/19/2022", Some(d(2022, 12, 19))),
            ("05.01.2023", Some(d(2023, 1, 5))),
            ("Dec. 7, 2022", Some(d(2022, 12, 7))),
            ("7th of December 2022", Some(d(2022, 12, 7))),
            ("Published 24 Feb 2022, 10:00 GMT", Some(d(2022, 2, 24))),
            ("20221219", Some(d(2022, 12, 19))),
            ("December 7", None),
            ("2022-02-30", None),
            ("", None),
            ("yesterday", None),
            ("\u{0}\u{ffff}", None),
        ];
        for (input, want) in cases {
            assert_eq!(parse_date(input), want, "{input}");
        }
    }

    #[test]
    fn weekday_directions() {
        use WeekdayDirection::*;
        // 2023-01-03 is a Tuesday.
        let r = d(2023, 1, 3);
        assert_eq!(
            nearest_weekday(r, Weekday::Tue, Before),
            Some(d(2022, 12, 27))
        );
        assert_eq!(nearest_weekday(r, Weekday::Tue, OnOrBefore), Some(r));
        assert_eq!(
            nearest_weekday(r, Weekday::Mon, OnOrBefore),
            Some(d(2023, 1, 2))
        );
        assert_eq!(
            nearest_weekday(r, Weekday::Tue, After),
            Some(d(2023, 1, 10))
        );
    }
}
