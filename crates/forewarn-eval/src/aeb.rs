//! The AEB article-body metric: `\w+` tokens, 4-gram shingles counted per document, per-document
//! TP/FP/FN normalised to sum to 1, precision and recall averaged over documents, F1 their
//! harmonic mean. Also the trafilatura test-set check (snippets that must and must not appear).

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

// Python's `\w` (which the reference scorer uses) is letters, numbers and `_`; Rust's `\w` also
// takes combining marks, which splits Devanagari or Thai words differently.
static TOKEN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[\p{L}\p{N}_]+").expect("valid regex"));

const SHINGLE: usize = 4;

fn shingles(text: &str) -> HashMap<Vec<&str>, usize> {
    let tokens: Vec<&str> = TOKEN.find_iter(text).map(|m| m.as_str()).collect();
    let mut counts = HashMap::new();
    if tokens.is_empty() {
        return counts;
    }
    // A text shorter than one shingle still counts as one (shorter) shingle, as in the reference.
    let windows = tokens.len().saturating_sub(SHINGLE - 1).max(1);
    for i in 0..windows {
        let end = (i + SHINGLE).min(tokens.len());
        *counts.entry(tokens[i..end].to_vec()).or_insert(0) += 1;
    }
    counts
}

/// True positives, false positives and false negatives of one prediction, normalised to sum to 1
/// (all zero when both texts are empty).
pub fn tp_fp_fn(truth: &str, predicted: &str) -> (f64, f64, f64) {
    let truth = shingles(truth);
    let predicted = shingles(predicted);
    let (mut tp, mut fp, mut fn_) = (0.0, 0.0, 0.0);
    for (key, &a) in &truth {
        let b = predicted.get(key).copied().unwrap_or(0);
        tp += a.min(b) as f64;
        fn_ += a.saturating_sub(b) as f64;
    }
    for (key, &b) in &predicted {
        let a = truth.get(key).copied().unwrap_or(0);
        fp += b.saturating_sub(a) as f64;
    }
    let sum = tp + fp + fn_;
    if sum == 0.0 {
        (0.0, 0.0, 0.0)
    } else {
        (tp / sum, fp / sum, fn_ / sum)
    }
}

#[allow(clippy::float_cmp)] // exact zeros: the reference compares the same way
fn precision(tp: f64, fp: f64, fn_: f64) -> f64 {
    if fp == 0.0 && fn_ == 0.0 {
        1.0
    } else if tp == 0.0 && fp == 0.0 {
        0.0
    } else {
        tp / (tp + fp)
    }
}

#[allow(clippy::float_cmp)]
fn recall(tp: f64, fp: f64, fn_: f64) -> f64 {
    if fp == 0.0 && fn_ == 0.0 {
        1.0
    } else if tp == 0.0 && fn_ == 0.0 {
        0.0
    } else {
        tp / (tp + fn_)
    }
}

/// The benchmark's summary over many pages.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AebScore {
    pub f1: f64,
    pub precision: f64,
    pub recall: f64,
    pub n: usize,
    pub missing: usize,
}

/// One page's score, for listing the worst pages.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageScore {
    pub id: String,
    pub precision: f64,
    pub recall: f64,
}

/// Scores `(id, truth, prediction)` triples; a `None` prediction is a page the extractor did not
/// return, scored as empty and counted in `missing`.
pub fn score<'a>(
    pages: impl IntoIterator<Item = (&'a str, &'a str, Option<&'a str>)>,
) -> (AebScore, Vec<PageScore>) {
    let (mut p_sum, mut p_n, mut r_sum, mut r_n, mut n, mut missing) =
        (0.0, 0usize, 0.0, 0usize, 0, 0);
    let mut per_page = Vec::new();
    for (id, truth, predicted) in pages {
        n += 1;
        missing += usize::from(predicted.is_none());
        let (tp, fp, fn_) = tp_fp_fn(truth, predicted.unwrap_or(""));
        let (p, r) = (precision(tp, fp, fn_), recall(tp, fp, fn_));
        if tp + fp > 0.0 {
            p_sum += p;
            p_n += 1;
        }
        if tp + fn_ > 0.0 {
            r_sum += r;
            r_n += 1;
        }
        per_page.push(PageScore {
            id: id.to_string(),
            precision: p,
            recall: r,
        });
    }
    let precision = if p_n > 0 { p_sum / p_n as f64 } else { 0.0 };
    let recall = if r_n > 0 { r_sum / r_n as f64 } else { 0.0 };
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    (
        AebScore {
            f1,
            precision,
            recall,
            n,
            missing,
        },
        per_page,
    )
}

/// The trafilatura test set's check: the share of "with" snippets found in the extraction and the
/// share of "without" snippets kept out of it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SnippetScore {
    pub with_found: usize,
    pub with_total: usize,
    pub without_kept_out: usize,
    pub without_total: usize,
}

impl SnippetScore {
    /// Adds one page. Matching folds whitespace, as the snippets were cut from rendered text.
    pub fn add(&mut self, extracted: &str, with: &[String], without: &[String]) {
        let haystack = fold(extracted);
        for snippet in with {
            self.with_total += 1;
            self.with_found += usize::from(haystack.contains(&fold(snippet)));
        }
        for snippet in without {
            self.without_total += 1;
            self.without_kept_out += usize::from(!haystack.contains(&fold(snippet)));
        }
    }

    pub fn with_share(&self) -> f64 {
        share(self.with_found, self.with_total)
    }

    pub fn without_share(&self) -> f64 {
        share(self.without_kept_out, self.without_total)
    }
}

fn share(part: usize, total: usize) -> f64 {
    if total == 0 {
        0.0
    } else {
        part as f64 / total as f64
    }
}

fn fold(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perfect_and_empty() {
        let (s, _) = score([(
            "a",
            "alpha beta gamma delta epsilon",
            Some("alpha beta gamma delta epsilon"),
        )]);
        assert_eq!((s.f1, s.precision, s.recall), (1.0, 1.0, 1.0));
        let (s, _) = score([("a", "alpha beta gamma delta epsilon", None)]);
        assert_eq!(s.missing, 1);
        assert_eq!(s.recall, 0.0);
    }

    #[test]
    fn short_texts_are_one_shingle() {
        assert_eq!(tp_fp_fn("two words", "two words"), (1.0, 0.0, 0.0));
        assert_eq!(tp_fp_fn("", ""), (0.0, 0.0, 0.0));
    }

    #[test]
    fn boilerplate_lowers_precision_only() {
        let truth = "the army moved troops to the border on monday";
        let predicted = "menu home world the army moved troops to the border on monday";
        let (s, _) = score([("a", truth, Some(predicted))]);
        assert_eq!(s.recall, 1.0);
        assert!(s.precision < 1.0 && s.precision > 0.6, "{s:?}");
    }

    #[test]
    fn snippets() {
        let mut score = SnippetScore::default();
        score.add(
            "Main text  here.\nMore text.",
            &["Main text here.".into()],
            &["Cookie banner".into()],
        );
        assert_eq!((score.with_share(), score.without_share()), (1.0, 1.0));
    }
}
