//! CAMEO penta-class accuracy: each sentence's main coded event reduced to one of five classes.
//!
//! The classes are CAMEO's quad/penta grouping: 0 statement or appeal (CAMEO 01–02), 1 verbal
//! cooperation (03–05), 2 material cooperation (06–08), 3 verbal conflict (09–13, and 16), 4
//! material conflict (14–15, 17–20). A coded event gives its class by its CAMEO code's root when
//! it has one, else by its PLOVER type ([`penta_of_type`]). A sentence with no coded event is
//! class 0: a news sentence that reports no act between actors is, in this scheme, a statement.
//!
//! Root 16, "reduce relations" (sanctions, embargoes, expelling diplomats, halting aid), is
//! verbal conflict, as in the Phoenix quad classes: it cuts ties rather than using force. The
//! labelled set follows that convention throughout (all 12 of its sentences with "imposed
//! sanctions", all 8 with "expelled", 24 of 28 with "suspended" are class 3).

use serde::Serialize;

/// Why a penta-class file could not be read.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum CameoError {
    #[error("line {line}: expected `sentence<TAB>class` with class 0–4")]
    BadLine { line: usize },
}

/// One labelled sentence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PentaRecord {
    /// 1-based line in the file.
    pub line: usize,
    pub text: String,
    pub class: u8,
}

/// Reads `sentence<TAB>class` lines (blank lines skipped). Bad lines are returned as errors
/// naming their line; the good ones are kept.
pub fn parse_tsv(src: &str) -> (Vec<PentaRecord>, Vec<CameoError>) {
    let mut records = Vec::new();
    let mut errors = Vec::new();
    for (i, raw) in src.lines().enumerate() {
        let line = i + 1;
        if raw.trim().is_empty() {
            continue;
        }
        let parsed = raw.rsplit_once('\t').and_then(|(text, class)| {
            let class: u8 = class.trim().parse().ok()?;
            (class <= 4 && !text.trim().is_empty()).then(|| PentaRecord {
                line,
                text: text.trim().to_string(),
                class,
            })
        });
        match parsed {
            Some(r) => records.push(r),
            None => errors.push(CameoError::BadLine { line }),
        }
    }
    (records, errors)
}

/// The penta class of a CAMEO event code ("0233", "190"); `None` when it is not one.
pub fn penta_of_cameo(code: &str) -> Option<u8> {
    let root: u8 = code.get(..2)?.parse().ok()?;
    match root {
        1..=2 => Some(0),
        3..=5 => Some(1),
        6..=8 => Some(2),
        9..=13 | 16 => Some(3),
        14 | 15 | 17..=20 => Some(4),
        _ => None,
    }
}

/// The penta class of a PLOVER type, for events without a CAMEO code. REQUEST is an appeal
/// (class 0) because most requests in news are calls and appeals (CAMEO 02); a coded demand
/// carries CAMEO 10x and so class 3 through its code. SANCTION reduces relations (CAMEO 16):
/// class 3.
pub fn penta_of_type(event_type: &str) -> Option<u8> {
    Some(match event_type.to_ascii_uppercase().as_str() {
        "REQUEST" => 0,
        "AGREE" | "CONSULT" | "SUPPORT" => 1,
        "COOPERATE" | "AID" | "CONCEDE" | "RETREAT" => 2,
        "ACCUSE" | "REJECT" | "THREATEN" | "SANCTION" => 3,
        "PROTEST" | "MOBILIZE" | "COERCE" | "ASSAULT" => 4,
        _ => return None,
    })
}

/// The class of a sentence from its main event (`None`: nothing coded, class 0).
pub fn penta_of_event(main: Option<(&str, Option<&str>)>) -> u8 {
    match main {
        None => 0,
        Some((ty, cameo)) => cameo
            .and_then(penta_of_cameo)
            .or_else(|| penta_of_type(ty))
            .unwrap_or(0),
    }
}

/// Precision and recall of one class.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassScore {
    pub class: u8,
    pub gold: usize,
    pub predicted: usize,
    pub precision: f64,
    pub recall: f64,
}

/// A miss, for reading.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PentaMiss {
    pub line: usize,
    pub gold: u8,
    pub predicted: u8,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PentaReport {
    pub n: usize,
    pub accuracy: f64,
    /// `confusion[gold][predicted]`.
    pub confusion: [[usize; 5]; 5],
    pub per_class: Vec<ClassScore>,
    /// Sentences with no coded event (scored as class 0).
    pub no_event: usize,
    /// Every miss, in file order.
    pub misses: Vec<PentaMiss>,
}

pub const PENTA_NAMES: [&str; 5] = [
    "statement",
    "verbal coop",
    "material coop",
    "verbal conflict",
    "material conflict",
];

/// How many misses the text report lists (the JSON report has them all).
pub const MISSES_SHOWN: usize = 25;

/// Scores one predicted class per record (`None` = no event coded, counted as class 0).
pub fn score(records: &[PentaRecord], predicted: &[Option<u8>]) -> PentaReport {
    let mut confusion = [[0usize; 5]; 5];
    let mut no_event = 0;
    let mut misses = Vec::new();
    for (r, p) in records.iter().zip(predicted) {
        no_event += usize::from(p.is_none());
        let p = p.unwrap_or(0).min(4);
        confusion[r.class as usize][p as usize] += 1;
        if p != r.class {
            misses.push(PentaMiss {
                line: r.line,
                gold: r.class,
                predicted: p,
                text: r.text.clone(),
            });
        }
    }
    let n = records.len().min(predicted.len());
    let hits: usize = (0..5).map(|c| confusion[c][c]).sum();
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let per_class = (0..5)
        .map(|c| {
            let gold: usize = confusion[c].iter().sum();
            let predicted: usize = (0..5).map(|g| confusion[g][c]).sum();
            ClassScore {
                class: c as u8,
                gold,
                predicted,
                precision: ratio(confusion[c][c], predicted),
                recall: ratio(confusion[c][c], gold),
            }
        })
        .collect();
    PentaReport {
        n,
        accuracy: ratio(hits, n),
        confusion,
        per_class,
        no_event,
        misses,
    }
}

impl PentaReport {
    pub fn summary_line(&self) -> String {
        format!(
            "CAMEO penta-class accuracy={:.3} n={} (no event coded: {})",
            self.accuracy, self.n, self.no_event
        )
    }

    pub fn render(&self, misses: bool) -> String {
        let mut out = self.summary_line();
        out.push_str("\n\nConfusion (rows gold, columns predicted)\n                     ");
        for c in 0..5 {
            out.push_str(&format!("{c:>5}"));
        }
        out.push_str("  precision recall\n");
        for (g, row) in self.confusion.iter().enumerate() {
            out.push_str(&format!("  {g} {:<17}", PENTA_NAMES[g]));
            for cell in row {
                out.push_str(&format!("{cell:>5}"));
            }
            let s = &self.per_class[g];
            out.push_str(&format!("  {:>9.3} {:>6.3}\n", s.precision, s.recall));
        }
        if misses {
            let shown = self.misses.len().min(MISSES_SHOWN);
            out.push_str(&format!(
                "\nMisses ({shown} of {} shown; --json lists them all)\n",
                self.misses.len()
            ));
            for m in &self.misses[..shown] {
                out.push_str(&format!(
                    "  line {}  gold {} → {}\n    {}\n",
                    m.line, m.gold, m.predicted, m.text
                ));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_names_bad_lines() {
        let (records, errors) = parse_tsv(
            "Ruritania shelled Freedonia.\t4\n\nno class here\nX said.\t7\nY met Z.\t1\n",
        );
        assert_eq!(records.len(), 2);
        assert_eq!((records[0].line, records[0].class), (1, 4));
        assert_eq!((records[1].line, records[1].class), (5, 1));
        assert_eq!(
            errors,
            vec![
                CameoError::BadLine { line: 3 },
                CameoError::BadLine { line: 4 }
            ]
        );
    }

    #[test]
    fn classes_come_from_the_code_then_the_type() {
        assert_eq!(penta_of_event(None), 0);
        assert_eq!(penta_of_event(Some(("REQUEST", Some("100")))), 3);
        assert_eq!(penta_of_event(Some(("REQUEST", None))), 0);
        assert_eq!(penta_of_event(Some(("ASSAULT", Some("190")))), 4);
        assert_eq!(penta_of_event(Some(("AID", None))), 2);
        assert_eq!(penta_of_cameo("0233"), Some(0));
        // Reducing relations is verbal conflict; coercion and force are material.
        assert_eq!(penta_of_cameo("163"), Some(3));
        assert_eq!(penta_of_event(Some(("SANCTION", None))), 3);
        assert_eq!(penta_of_cameo("173"), Some(4));
        assert_eq!(penta_of_cameo("145"), Some(4));
        assert_eq!(penta_of_cameo("x"), None);
    }

    #[test]
    fn scores_accuracy_confusion_and_per_class() {
        let (records, _) = parse_tsv("a\t0\nb\t4\nc\t4\nd\t1\n");
        let report = score(&records, &[None, Some(4), Some(3), Some(1)]);
        assert_eq!(report.n, 4);
        assert!((report.accuracy - 0.75).abs() < 1e-12);
        assert_eq!(report.confusion[4][3], 1);
        assert_eq!(report.no_event, 1);
        assert_eq!(report.per_class[4].recall, 0.5);
        assert_eq!(report.per_class[3].precision, 0.0);
        insta::assert_snapshot!(report.render(true));
    }
}
