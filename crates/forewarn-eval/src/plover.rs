//! PLOVER coding accuracy against a gold-standard file in the `PLOVER_GSR` JSON format.
//!
//! The rules follow `shared/bench/plover_score.py` exactly, so both give the same figures:
//! - records whose `event` is missing or `DOCUMENT` are skipped;
//! - PLOVER 0.5b1 types map to the current 16 (DEMAND→REQUEST, DISAPPROVE→ACCUSE,
//!   INVESTIGATE→ACCUSE, FIGHT→ASSAULT);
//! - CAMEO country codes map to ISO 3166 alpha-3 (JAP→JPN, ITL→ITA, VTN→VNM), and non-state codes
//!   (IGO, NGO, IMG, ISM, MNC) do not count as countries;
//! - the first predicted event is the main event; source accuracy is over gold records with a state
//!   source actor and asks whether the main event names one of the gold source countries
//!   (likewise target).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;
use serde_json::Value;

/// Why a gold file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum GoldError {
    #[error("not JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("expected a JSON array of records")]
    NotAnArray,
    #[error("record {index}: missing string field `{field}`")]
    MissingField { index: usize, field: &'static str },
}

/// One gold record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoldRecord {
    pub id: String,
    pub text: String,
    pub date: Option<String>,
    /// Mapped to the current 16 types.
    pub event_type: String,
    pub source: BTreeSet<String>,
    pub target: BTreeSet<String>,
}

/// One predicted event, reduced to what is scored.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PredictedEvent {
    pub event_type: String,
    pub source: Vec<String>,
    pub target: Vec<String>,
}

/// Maps a PLOVER 0.5b1 type to the current ontology.
pub fn current_type(gold: &str) -> &str {
    match gold {
        "DEMAND" => "REQUEST",
        "DISAPPROVE" | "INVESTIGATE" => "ACCUSE",
        "FIGHT" => "ASSAULT",
        other => other,
    }
}

/// CAMEO country code to ISO 3166 alpha-3 where they differ; `None` for non-state codes.
pub fn country_code(code: &str) -> Option<String> {
    let upper = code.trim().to_ascii_uppercase();
    let iso = match upper.as_str() {
        "JAP" => "JPN".to_string(),
        "ITL" => "ITA".to_string(),
        "VTN" => "VNM".to_string(),
        "" | "IGO" | "NGO" | "IMG" | "ISM" | "MNC" => return None,
        _ => upper,
    };
    Some(iso)
}

fn actor_codes(value: Option<&Value>) -> BTreeSet<String> {
    let items: Vec<&Value> = match value {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(object @ Value::Object(_)) => vec![object],
        _ => Vec::new(),
    };
    items
        .into_iter()
        .filter_map(|a| {
            a.get("code")
                .or_else(|| a.get("country"))
                .and_then(Value::as_str)
        })
        .filter_map(country_code)
        .collect()
}

/// Reads a gold file's records, skipping `DOCUMENT` entries.
pub fn parse_gold(src: &str) -> Result<Vec<GoldRecord>, GoldError> {
    let value: Value = serde_json::from_str(src)?;
    let records = value.as_array().ok_or(GoldError::NotAnArray)?;
    let mut gold = Vec::new();
    for (index, record) in records.iter().enumerate() {
        let Some(event) = record.get("event").and_then(Value::as_str) else {
            continue;
        };
        if event == "DOCUMENT" {
            continue;
        }
        let field = |name: &'static str| {
            record
                .get(name)
                .and_then(Value::as_str)
                .map(str::to_string)
                .ok_or(GoldError::MissingField { index, field: name })
        };
        gold.push(GoldRecord {
            id: field("id")?,
            text: field("text")?,
            date: record
                .get("date")
                .and_then(Value::as_str)
                .map(str::to_string),
            event_type: current_type(event).to_string(),
            source: actor_codes(record.get("source")),
            target: actor_codes(record.get("target")),
        });
    }
    Ok(gold)
}

/// One record the coder got wrong.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Miss {
    pub id: String,
    pub gold_type: String,
    pub predicted_type: Option<String>,
    pub type_ok: bool,
    pub source_ok: Option<bool>,
    pub target_ok: Option<bool>,
    pub text: String,
}

/// The scores and the material to improve them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PloverReport {
    pub n: usize,
    pub type_accuracy: f64,
    pub any_type_accuracy: f64,
    pub source_accuracy: f64,
    pub source_n: usize,
    pub target_accuracy: f64,
    pub target_n: usize,
    /// gold type → predicted main type (`NONE` when nothing was coded) → count.
    pub confusion: BTreeMap<String, BTreeMap<String, usize>>,
    /// Type misses first, then actor misses, in gold order; at most [`WORST_MISSES`].
    pub worst_misses: Vec<Miss>,
}

/// How many misses a report lists.
pub const WORST_MISSES: usize = 20;

/// Scores predictions (by gold id) against gold records.
pub fn score(
    gold: &[GoldRecord],
    predictions: &HashMap<String, Vec<PredictedEvent>>,
) -> PloverReport {
    let empty = Vec::new();
    let (mut type_hits, mut any_hits, mut source_n, mut source_hits, mut target_n, mut target_hits) =
        (0, 0, 0, 0, 0, 0);
    let mut confusion: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    let mut type_misses = Vec::new();
    let mut actor_misses = Vec::new();
    for record in gold {
        let events = predictions.get(&record.id).unwrap_or(&empty);
        let types: Vec<String> = events
            .iter()
            .map(|e| e.event_type.to_ascii_uppercase())
            .collect();
        let main_type = types.first().cloned();
        let type_ok = main_type.as_deref() == Some(record.event_type.as_str());
        type_hits += usize::from(type_ok);
        any_hits += usize::from(types.contains(&record.event_type));
        *confusion
            .entry(record.event_type.clone())
            .or_default()
            .entry(main_type.clone().unwrap_or_else(|| "NONE".to_string()))
            .or_insert(0) += 1;
        let main = events.first();
        let names = |codes: Option<&Vec<String>>| -> BTreeSet<String> {
            codes
                .into_iter()
                .flatten()
                .filter_map(|c| country_code(c))
                .collect()
        };
        let source_ok = (!record.source.is_empty())
            .then(|| !record.source.is_disjoint(&names(main.map(|m| &m.source))));
        let target_ok = (!record.target.is_empty())
            .then(|| !record.target.is_disjoint(&names(main.map(|m| &m.target))));
        if let Some(ok) = source_ok {
            source_n += 1;
            source_hits += usize::from(ok);
        }
        if let Some(ok) = target_ok {
            target_n += 1;
            target_hits += usize::from(ok);
        }
        let miss = Miss {
            id: record.id.clone(),
            gold_type: record.event_type.clone(),
            predicted_type: main_type,
            type_ok,
            source_ok,
            target_ok,
            text: record.text.clone(),
        };
        if !type_ok {
            type_misses.push(miss);
        } else if source_ok == Some(false) || target_ok == Some(false) {
            actor_misses.push(miss);
        }
    }
    let ratio = |hits: usize, n: usize| if n == 0 { 0.0 } else { hits as f64 / n as f64 };
    let n = gold.len();
    let mut worst_misses = type_misses;
    worst_misses.extend(actor_misses);
    worst_misses.truncate(WORST_MISSES);
    PloverReport {
        n,
        type_accuracy: ratio(type_hits, n),
        any_type_accuracy: ratio(any_hits, n),
        source_accuracy: ratio(source_hits, source_n),
        source_n,
        target_accuracy: ratio(target_hits, target_n),
        target_n,
        confusion,
        worst_misses,
    }
}

impl PloverReport {
    /// The one-line summary, in the reference scorer's format.
    pub fn summary_line(&self) -> String {
        format!(
            "PLOVER type_acc={:.3} any_acc={:.3} source_acc={:.3} target_acc={:.3} n={}",
            self.type_accuracy,
            self.any_type_accuracy,
            self.source_accuracy,
            self.target_accuracy,
            self.n
        )
    }

    /// The summary, the confusion matrix and the worst misses as plain text.
    pub fn render(&self) -> String {
        let mut out = self.summary_line();
        out.push_str(&format!(
            "\nsource over {} records with a state source; target over {}\n",
            self.source_n, self.target_n
        ));
        out.push_str("\nConfusion (gold type → predicted main type: count)\n");
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
        out.push_str(&format!(
            "\nWorst misses ({} shown)\n",
            self.worst_misses.len()
        ));
        for miss in &self.worst_misses {
            let flag = |ok: Option<bool>| match ok {
                Some(true) => "ok",
                Some(false) => "MISS",
                None => "-",
            };
            out.push_str(&format!(
                "  {}  gold {} → {}  source {}  target {}\n    {}\n",
                miss.id,
                miss.gold_type,
                miss.predicted_type.as_deref().unwrap_or("NONE"),
                flag(miss.source_ok),
                flag(miss.target_ok),
                miss.text
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOLD: &str = r#"[
      {"id": "doc", "event": "DOCUMENT"},
      {"id": "a", "event": "DEMAND", "text": "Ruritania demanded that Freedonia withdraw.", "source": [{"code": "RUR"}], "target": [{"code": "FRE"}]},
      {"id": "b", "event": "FIGHT", "text": "Troops clashed.", "source": {"code": "JAP"}},
      {"id": "c", "event": "AGREE", "text": "The UN agreed.", "source": [{"code": "IGO"}]}
    ]"#;

    #[test]
    fn maps_types_and_codes_like_the_reference() {
        let gold = parse_gold(GOLD).unwrap();
        assert_eq!(gold.len(), 3);
        assert_eq!(gold[0].event_type, "REQUEST");
        assert_eq!(gold[1].event_type, "ASSAULT");
        assert!(gold[1].source.contains("JPN"));
        assert!(gold[2].source.is_empty());
    }

    #[test]
    fn scores_main_and_any_type_and_actors() {
        let gold = parse_gold(GOLD).unwrap();
        let ev = |t: &str, s: &[&str], g: &[&str]| PredictedEvent {
            event_type: t.into(),
            source: s.iter().map(|x| x.to_string()).collect(),
            target: g.iter().map(|x| x.to_string()).collect(),
        };
        let predictions = HashMap::from([
            ("a".to_string(), vec![ev("REQUEST", &["RUR"], &["XXX"])]),
            (
                "b".to_string(),
                vec![ev("MOBILIZE", &["JPN"], &[]), ev("ASSAULT", &[], &[])],
            ),
        ]);
        let report = score(&gold, &predictions);
        assert_eq!(report.n, 3);
        assert!((report.type_accuracy - 1.0 / 3.0).abs() < 1e-12);
        assert!((report.any_type_accuracy - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!((report.source_n, report.source_accuracy), (2, 1.0));
        assert_eq!((report.target_n, report.target_accuracy), (1, 0.0));
        assert_eq!(report.confusion["AGREE"]["NONE"], 1);
        assert_eq!(report.worst_misses[0].id, "b");
        insta::assert_snapshot!(report.render());
    }
}
