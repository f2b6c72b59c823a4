//! PETRARCH2's validation records as a PLOVER type test, through the CAMEO→PLOVER table.
//!
//! Each record is a sentence with one or more gold CAMEO codings (or `noevents`). Its actors are
//! fictional (Arnor, Gondor), so only types are scored. A gold code maps to PLOVER by the table's
//! longest matching entry (the code itself, then its three- and two-digit prefixes). Codes the
//! table lacks — CAMEO 01 statements and 02 appeals, which PLOVER leaves uncoded, and the suite's
//! own test codes — leave a record unscored unless another of its codings maps.
//!
//! Figures: `type_acc` (main event's type among the record's gold types), `any_acc` (some coded
//! type among them), over records with a mapped coding; `no_event_acc` (nothing coded) over the
//! `noevents` records, which are near-misses by design.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

/// The CAMEO→PLOVER table: code → PLOVER type.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CameoToPlover {
    map: HashMap<String, String>,
}

impl CameoToPlover {
    /// Reads `CODE: TYPE, mode, context # comment` lines; other lines are skipped. When a code
    /// appears twice (the table lists `08` for CONCEDE and RETREAT) the first wins.
    pub fn parse(src: &str) -> CameoToPlover {
        let mut map = HashMap::new();
        for line in src.lines() {
            let Some((code, rest)) = line.split_once(':') else {
                continue;
            };
            let code = code.trim();
            if code.is_empty() || !code.bytes().all(|b| b.is_ascii_digit()) {
                continue;
            }
            let ty = rest.split([',', '#']).next().unwrap_or("").trim();
            if !ty.is_empty() && ty.bytes().all(|b| b.is_ascii_uppercase()) {
                map.entry(code.to_string())
                    .or_insert_with(|| ty.to_string());
            }
        }
        CameoToPlover { map }
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// The PLOVER type of a CAMEO code by its longest listed prefix (at least two digits).
    pub fn plover(&self, code: &str) -> Option<&str> {
        let code = code.trim();
        (2..=code.len())
            .rev()
            .filter_map(|n| code.get(..n))
            .find_map(|p| self.map.get(p))
            .map(String::as_str)
    }
}

/// One validation record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PetrarchRecord {
    pub id: String,
    pub date: Option<String>,
    pub text: String,
    /// Gold CAMEO codes, in file order; empty with `no_events`.
    pub codes: Vec<String>,
    pub no_events: bool,
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let at = tag.find(&format!("{name}="))? + name.len() + 1;
    let rest = tag[at..].trim_start();
    let quote = rest.chars().next()?;
    let body = &rest[quote.len_utf8()..];
    let end = body.find(quote)?;
    Some(body[..end].to_string())
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Reads the `<Sentence>` records (comments dropped first). `noevents = "True"` codings and
/// attribute spacing are accepted as the file writes them.
pub fn parse_records(src: &str) -> Vec<PetrarchRecord> {
    let mut clean = String::with_capacity(src.len());
    let mut rest = src;
    while let Some(i) = rest.find("<!--") {
        clean.push_str(&rest[..i]);
        rest = rest[i..].find("-->").map_or("", |j| &rest[i + j + 3..]);
    }
    clean.push_str(rest);
    let mut out = Vec::new();
    for chunk in clean.split("<Sentence ").skip(1) {
        let Some(tag_end) = chunk.find('>') else {
            continue;
        };
        let tag = &chunk[..tag_end];
        let body = chunk[tag_end..]
            .split("</Sentence>")
            .next()
            .unwrap_or_default();
        let Some(id) = attr(tag, "id") else { continue };
        let text = body
            .split_once("<Text>")
            .and_then(|(_, t)| t.split_once("</Text>"))
            .map(|(t, _)| unescape(&t.split_whitespace().collect::<Vec<_>>().join(" ")))
            .unwrap_or_default();
        let mut codes = Vec::new();
        let mut no_events = false;
        for coding in body.split("<EventCoding").skip(1) {
            let tag = coding.split('>').next().unwrap_or_default();
            let compact: String = tag.chars().filter(|c| !c.is_whitespace()).collect();
            if compact.to_ascii_lowercase().contains("noevents=\"true\"") {
                no_events = true;
            } else if let Some(code) = attr(&compact, "eventcode") {
                codes.push(code);
            }
        }
        out.push(PetrarchRecord {
            id,
            date: attr(tag, "date"),
            text,
            codes,
            no_events,
        });
    }
    out
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PetrarchMiss {
    pub id: String,
    pub gold: Vec<String>,
    pub predicted: Option<String>,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PetrarchReport {
    pub records: usize,
    pub scored: usize,
    pub unmapped: usize,
    pub type_accuracy: f64,
    pub any_type_accuracy: f64,
    pub no_event_records: usize,
    pub no_event_accuracy: f64,
    /// gold type (the one matched, else the first mapped) → predicted main type (`NONE`) → count.
    pub confusion: BTreeMap<String, BTreeMap<String, usize>>,
    pub misses: Vec<PetrarchMiss>,
}

pub const MISSES_SHOWN: usize = 25;

/// Scores predicted types (main first) aligned with `records`.
pub fn score(
    records: &[PetrarchRecord],
    table: &CameoToPlover,
    predicted: &[Vec<String>],
) -> PetrarchReport {
    let (mut scored, mut unmapped, mut hits, mut any, mut none_n, mut none_hits) =
        (0, 0, 0, 0, 0, 0);
    let mut confusion: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    let mut misses = Vec::new();
    for (r, types) in records.iter().zip(predicted) {
        let main = types.first();
        if r.no_events && r.codes.is_empty() {
            none_n += 1;
            none_hits += usize::from(main.is_none());
            if let Some(m) = main
                && misses.len() < MISSES_SHOWN
            {
                misses.push(PetrarchMiss {
                    id: r.id.clone(),
                    gold: vec!["NONE".into()],
                    predicted: Some(m.clone()),
                    text: r.text.clone(),
                });
            }
            continue;
        }
        let mut gold: Vec<String> = Vec::new();
        for c in &r.codes {
            if let Some(t) = table.plover(c)
                && !gold.iter().any(|g| g == t)
            {
                gold.push(t.to_string());
            }
        }
        if gold.is_empty() {
            unmapped += 1;
            continue;
        }
        scored += 1;
        let set: BTreeSet<&str> = gold.iter().map(String::as_str).collect();
        let ok = main.is_some_and(|m| set.contains(m.to_ascii_uppercase().as_str()));
        hits += usize::from(ok);
        any += usize::from(
            types
                .iter()
                .any(|t| set.contains(t.to_ascii_uppercase().as_str())),
        );
        // A right answer is counted under the gold type it matched.
        let row = match main {
            Some(m) if ok => m.to_ascii_uppercase(),
            _ => gold[0].clone(),
        };
        *confusion
            .entry(row)
            .or_default()
            .entry(main.cloned().unwrap_or_else(|| "NONE".into()))
            .or_default() += 1;
        if !ok && misses.len() < MISSES_SHOWN {
            misses.push(PetrarchMiss {
                id: r.id.clone(),
                gold,
                predicted: main.cloned(),
                text: r.text.clone(),
            });
        }
    }
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    PetrarchReport {
        records: records.len(),
        scored,
        unmapped,
        type_accuracy: ratio(hits, scored),
        any_type_accuracy: ratio(any, scored),
        no_event_records: none_n,
        no_event_accuracy: ratio(none_hits, none_n),
        confusion,
        misses,
    }
}

impl PetrarchReport {
    pub fn summary_line(&self) -> String {
        format!(
            "PETRARCH type_acc={:.3} any_acc={:.3} n={} (unmapped {}) no_event_acc={:.3} n={}",
            self.type_accuracy,
            self.any_type_accuracy,
            self.scored,
            self.unmapped,
            self.no_event_accuracy,
            self.no_event_records
        )
    }

    pub fn render(&self, misses: bool) -> String {
        let mut out = self.summary_line();
        out.push_str("\n\nConfusion (first gold type → predicted main type: count)\n");
        for (gold, row) in &self.confusion {
            let total: usize = row.values().sum();
            let hits = row.get(gold).copied().unwrap_or(0);
            let cells: Vec<String> = row
                .iter()
                .filter(|(p, _)| *p != gold)
                .map(|(p, c)| format!("{p} {c}"))
                .collect();
            out.push_str(&format!(
                "  {gold:<10} {hits:>3}/{total:<3} right   {}\n",
                cells.join(", ")
            ));
        }
        if misses {
            out.push_str(&format!("\nMisses ({} shown)\n", self.misses.len()));
            for m in &self.misses {
                out.push_str(&format!(
                    "  {}  gold {} → {}\n    {}\n",
                    m.id,
                    m.gold.join("/"),
                    m.predicted.as_deref().unwrap_or("NONE"),
                    m.text
                ));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &str = "# header\n03: AGREE\n036: AGREE,  , diplomatic # intent to meet\n\
        04: CONSULT\n041: CONSULT, phone, # phone\n08: CONCEDE\n08: RETREAT\n084: RETREAT, , # return\n~~~~\n";

    const XML: &str = r#"<Sentences>
<!-- <Sentence id="COMMENTED" date="1"> -->
<Sentence date="19950101" id="T-1" category="DEMO" sentence="true">
<EventCoding sourcecode="ARN" targetcode="GON" eventcode="041"></EventCoding>
<EventCoding sourcecode="GON" targetcode="ARN" eventcode="0842"></EventCoding>
<Text>
Arnor phoned Gondor &amp; Rohan.
</Text>
</Sentence>
<Sentence date="19950101" id="T-2" category="DEMO" sentence="true">
<EventCoding noevents = "True"></EventCoding>
<Text>A volleyball match.</Text>
</Sentence>
<Sentence date="19950101" id="T-3" category="DEMO" sentence="true">
<EventCoding sourcecode="ARN" targetcode="GON" eventcode="023"></EventCoding>
<Text>Arnor appealed to Gondor.</Text>
</Sentence>
</Sentences>"#;

    #[test]
    fn table_uses_the_longest_prefix_and_the_first_duplicate() {
        let t = CameoToPlover::parse(TABLE);
        assert_eq!(t.plover("036"), Some("AGREE"));
        assert_eq!(t.plover("0842"), Some("RETREAT"));
        assert_eq!(t.plover("081"), Some("CONCEDE"));
        assert_eq!(t.plover("023"), None);
    }

    #[test]
    fn reads_records_and_scores_types_and_near_misses() {
        let records = parse_records(XML);
        assert_eq!(records.len(), 3);
        assert_eq!(records[0].text, "Arnor phoned Gondor & Rohan.");
        assert_eq!(records[0].codes, vec!["041", "0842"]);
        assert!(records[1].no_events && records[1].codes.is_empty());
        let t = CameoToPlover::parse(TABLE);
        let p = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let report = score(&records, &t, &[p(&["RETREAT"]), p(&["ASSAULT"]), p(&[])]);
        assert_eq!((report.scored, report.unmapped), (1, 1));
        assert_eq!(report.type_accuracy, 1.0);
        assert_eq!(report.no_event_accuracy, 0.0);
        insta::assert_snapshot!(report.render(true));
    }
}
