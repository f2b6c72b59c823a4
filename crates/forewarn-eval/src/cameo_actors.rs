//! Source and target of each sentence's main event against the actor spans of ConfliBERT's
//! CAMEO file (`cameo_ner_train.txt`: one token and its BIO tag a line, `S` the source, `T` the
//! target, `R` an actor on both sides of a two-sided event such as a meeting, a blank line
//! between sentences).
//!
//! The spans carry no country codes, so an actor is matched by its words: a predicted source
//! (or target) is right when its text or name shares a content word with a gold span of that
//! role ("Iraqi troops" for "Iraqi troops", "Kremlin" for "the Kremlin's spokesman"). A sentence
//! counts for the source score when it has a gold source span, and for the target score when it
//! has a gold target span; a sentence with no coded event, or a main event without that role,
//! is a miss. A two-sided span is right when the main event names it in either role.

use std::collections::HashSet;

use serde::Serialize;

/// Why a BIO file could not be read.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum BioError {
    #[error("line {line}: expected `token<SPACE>tag` with tag O, B-S, I-S, B-T, I-T, B-R or I-R")]
    BadLine { line: usize },
}

/// One sentence with its gold actor spans.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActorRecord {
    /// 1-based line of the sentence's first token.
    pub line: usize,
    /// The tokens joined back into running text.
    pub text: String,
    pub sources: Vec<String>,
    pub targets: Vec<String>,
    /// Actors of a two-sided event (`R`).
    pub both: Vec<String>,
}

/// Reads the token-per-line file. A bad line is reported by its number and the sentence it is
/// in is dropped; the other sentences are kept.
pub fn parse_bio(src: &str) -> (Vec<ActorRecord>, Vec<BioError>) {
    let mut records = Vec::new();
    let mut errors = Vec::new();
    let mut sentence = Sentence::default();
    for (i, raw) in src.lines().enumerate() {
        let line = i + 1;
        let raw = raw.trim_end();
        if raw.trim().is_empty() {
            sentence.finish(&mut records);
            continue;
        }
        let parsed = raw.rsplit_once([' ', '\t']).and_then(|(token, tag)| {
            let role = match tag {
                "O" => None,
                "B-S" => Some((Role::Source, true)),
                "I-S" => Some((Role::Source, false)),
                "B-T" => Some((Role::Target, true)),
                "I-T" => Some((Role::Target, false)),
                "B-R" => Some((Role::Both, true)),
                "I-R" => Some((Role::Both, false)),
                _ => return None,
            };
            (!token.is_empty()).then_some((token, role))
        });
        match parsed {
            Some((token, role)) => sentence.push(line, token, role),
            None => {
                errors.push(BioError::BadLine { line });
                sentence.broken = true;
            }
        }
    }
    sentence.finish(&mut records);
    (records, errors)
}

#[derive(Clone, Copy, PartialEq)]
enum Role {
    Source,
    Target,
    Both,
}

#[derive(Default)]
struct Sentence {
    first_line: usize,
    tokens: Vec<String>,
    sources: Vec<Vec<String>>,
    targets: Vec<Vec<String>>,
    both: Vec<Vec<String>>,
    /// The role of the span the previous token was in.
    open: Option<Role>,
    broken: bool,
}

impl Sentence {
    fn push(&mut self, line: usize, token: &str, role: Option<(Role, bool)>) {
        if self.tokens.is_empty() {
            self.first_line = line;
        }
        self.tokens.push(token.to_string());
        match role {
            None => self.open = None,
            Some((role, begins)) => {
                let spans = match role {
                    Role::Source => &mut self.sources,
                    Role::Target => &mut self.targets,
                    Role::Both => &mut self.both,
                };
                // An I- tag with no open span of its role starts one, as conlleval reads it.
                if begins || self.open != Some(role) || spans.is_empty() {
                    spans.push(Vec::new());
                }
                if let Some(span) = spans.last_mut() {
                    span.push(token.to_string());
                }
                self.open = Some(role);
            }
        }
    }

    fn finish(&mut self, records: &mut Vec<ActorRecord>) {
        let done = std::mem::take(self);
        if done.broken || done.tokens.is_empty() {
            return;
        }
        records.push(ActorRecord {
            line: done.first_line,
            text: detokenize(&done.tokens),
            sources: done.sources.iter().map(|s| detokenize(s)).collect(),
            targets: done.targets.iter().map(|s| detokenize(s)).collect(),
            both: done.both.iter().map(|s| detokenize(s)).collect(),
        });
    }
}

/// Tokens back into text: no space before closing punctuation and clitics, none after an
/// opening bracket or a currency sign.
fn detokenize(tokens: &[String]) -> String {
    let mut out = String::new();
    for t in tokens {
        let glued_left = matches!(
            t.as_str(),
            "," | "." | ";" | ":" | "!" | "?" | ")" | "]" | "%" | "'s" | "'" | "n't" | "’s"
        );
        let after_opener = out.ends_with('(') || out.ends_with('[') || out.ends_with('$');
        if !out.is_empty() && !glued_left && !after_opener {
            out.push(' ');
        }
        out.push_str(t);
    }
    out
}

/// Words that name no one: a shared "the" or "of" is no match.
const NOT_CONTENT: &[&str] = &[
    "the", "a", "an", "of", "'s", "’s", "and", "in", "on", "for", "to", "its", "his", "her",
    "their", "with", "by", "at", "from", "who", "that", "which", "this", "these", "those", "some",
    "all", "other", "another", "former", "new",
];

fn content_words(text: &str) -> HashSet<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !NOT_CONTENT.contains(&w.as_str()))
        .collect()
}

/// Whether a predicted actor (its text and name) names the gold span: a content word in common.
pub fn names_span(predicted: &[&str], gold: &str) -> bool {
    let gold = content_words(gold);
    predicted
        .iter()
        .any(|p| !content_words(p).is_disjoint(&gold))
}

/// The main event's actors, as the texts and names of its sources and targets; [`score`] takes
/// `None` where no event was coded.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PredictedActors {
    pub sources: Vec<String>,
    pub targets: Vec<String>,
}

/// A miss, for reading.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActorMiss {
    pub line: usize,
    pub role: &'static str,
    pub gold: Vec<String>,
    pub predicted: Vec<String>,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActorReport {
    pub n: usize,
    /// Sentences with a gold source span, and how many of them the main event's source names.
    pub with_source: usize,
    pub source_acc: f64,
    pub with_target: usize,
    pub target_acc: f64,
    /// Sentences with a two-sided span, and how many of them the main event names in a role.
    pub with_both: usize,
    pub both_acc: f64,
    /// Sentences with no coded event.
    pub no_event: usize,
    /// Every miss, in file order.
    pub misses: Vec<ActorMiss>,
}

/// How many misses the text report lists.
pub const MISSES_SHOWN: usize = 25;

/// Scores one prediction per record (`None`: no event coded).
pub fn score(records: &[ActorRecord], predicted: &[Option<PredictedActors>]) -> ActorReport {
    let (mut with_source, mut source_hits, mut with_target, mut target_hits) = (0, 0, 0, 0);
    let (mut with_both, mut both_hits) = (0, 0);
    let mut no_event = 0;
    let mut misses = Vec::new();
    let empty = PredictedActors::default();
    for (r, p) in records.iter().zip(predicted) {
        no_event += usize::from(p.is_none());
        let p = p.as_ref().unwrap_or(&empty);
        let mut check = |role: &'static str, gold: &[String], said: &[String]| -> Option<bool> {
            if gold.is_empty() {
                return None;
            }
            let said_refs: Vec<&str> = said.iter().map(String::as_str).collect();
            let hit = gold.iter().any(|g| names_span(&said_refs, g));
            if !hit {
                misses.push(ActorMiss {
                    line: r.line,
                    role,
                    gold: gold.to_vec(),
                    predicted: said.to_vec(),
                    text: r.text.clone(),
                });
            }
            Some(hit)
        };
        if let Some(hit) = check("source", &r.sources, &p.sources) {
            with_source += 1;
            source_hits += usize::from(hit);
        }
        if let Some(hit) = check("target", &r.targets, &p.targets) {
            with_target += 1;
            target_hits += usize::from(hit);
        }
        let either: Vec<String> = p.sources.iter().chain(&p.targets).cloned().collect();
        if let Some(hit) = check("both", &r.both, &either) {
            with_both += 1;
            both_hits += usize::from(hit);
        }
    }
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    ActorReport {
        n: records.len().min(predicted.len()),
        with_source,
        source_acc: ratio(source_hits, with_source),
        with_target,
        target_acc: ratio(target_hits, with_target),
        with_both,
        both_acc: ratio(both_hits, with_both),
        no_event,
        misses,
    }
}

impl ActorReport {
    pub fn summary_line(&self) -> String {
        format!(
            "CAMEO actors source_acc={:.3} (n={}) target_acc={:.3} (n={}) two-sided={:.3} (n={}) sentences={} (no event coded: {})",
            self.source_acc,
            self.with_source,
            self.target_acc,
            self.with_target,
            self.both_acc,
            self.with_both,
            self.n,
            self.no_event
        )
    }

    pub fn render(&self, misses: bool) -> String {
        let mut out = self.summary_line();
        out.push_str(
            "\n(an actor is right when it shares a content word with the gold span of its role)\n",
        );
        if misses {
            let shown = self.misses.len().min(MISSES_SHOWN);
            out.push_str(&format!(
                "\nMisses ({shown} of {} shown; --json lists them all)\n",
                self.misses.len()
            ));
            for m in &self.misses[..shown] {
                out.push_str(&format!(
                    "  line {}  {}: gold {:?} → {:?}\n    {}\n",
                    m.line, m.role, m.gold, m.predicted, m.text
                ));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "Ruritanian B-S\ntroops I-S\nshelled O\nthe B-T\ntown I-T\nof I-T\nTarsk I-T\n. O\n\n\
                        The O\nminister B-S\nsaid O\nit O\nwas O\nfine O\n. O\n\n\
                        broken\n\nAll O\nquiet O\n\nX B-R\nmet O\nY B-R\n";

    #[test]
    fn reads_spans_and_names_bad_lines() {
        let (records, errors) = parse_bio(FILE);
        assert_eq!(errors, vec![BioError::BadLine { line: 18 }]);
        assert_eq!(records.len(), 4);
        assert_eq!(records[3].both, vec!["X", "Y"]);
        assert_eq!(
            records[0].text,
            "Ruritanian troops shelled the town of Tarsk."
        );
        assert_eq!(records[0].sources, vec!["Ruritanian troops"]);
        assert_eq!(records[0].targets, vec!["the town of Tarsk"]);
        assert_eq!(records[1].line, 10);
        assert!(records[1].targets.is_empty());
        assert!(records[2].sources.is_empty() && records[2].targets.is_empty());
    }

    #[test]
    fn an_actor_is_right_by_a_shared_content_word() {
        assert!(names_span(
            &["Ruritania's army", "Ruritanian troops"],
            "Ruritanian troops"
        ));
        assert!(!names_span(&["the town"], "the minister"));
        // Function words alone are no match.
        assert!(!names_span(&["the ministry of"], "the town of Tarsk"));
        assert!(!names_span(&[""], "Tarsk"));
    }

    #[test]
    fn scores_each_role_over_sentences_that_have_it() {
        let (records, _) = parse_bio(FILE);
        let predicted = vec![
            Some(PredictedActors {
                sources: vec!["Ruritanian troops".into()],
                targets: vec![],
            }),
            Some(PredictedActors {
                sources: vec!["The minister".into()],
                targets: vec![],
            }),
            None,
        ];
        let r = score(&records, &predicted);
        assert_eq!((r.with_source, r.with_target, r.no_event), (2, 1, 1));
        assert_eq!(r.source_acc, 1.0);
        assert_eq!(r.target_acc, 0.0);
        assert_eq!(r.misses.len(), 1);
        assert_eq!(r.misses[0].role, "target");
    }
}
