//! Which stored sentences a question could use, stated so that a store can find them by index.

use serde::{Deserialize, Serialize};

use crate::{EventType, Observation};

/// A superset of the observations that can match a question's indicators. The forecast stage
/// derives it from the question; a store answers it with its indexes (full text, event type,
/// event country) instead of reading every sentence. Because it only ever admits more than the
/// matcher accepts, a forecast over the admitted observations equals the forecast over all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum CandidateQuery {
    /// Some indicator can match sentences no index narrows down: read them all.
    Everything,
    /// A sentence is a candidate when it meets at least one clause (none: no sentence is).
    AnyOf(Vec<CandidateClause>),
}

/// One way a sentence can be a candidate: every condition that is set holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct CandidateClause {
    /// The sentence carries an event of one of these types (empty: no condition) …
    pub event_types: Vec<EventType>,
    /// … and that same event names a source or target actor of one of these upper-case
    /// country codes (empty: no condition; only set with `event_types`).
    pub event_countries: Vec<String>,
    /// Each group needs one of its phrases in the sentence. A phrase is a run of consecutive
    /// words: lower-case, each a maximal run of alphanumeric characters, as a full-text index
    /// splits text. So the phrase `["build", "up"]` is found in "build-up" and "build up".
    pub phrase_groups: Vec<Vec<Vec<String>>>,
}

impl CandidateQuery {
    /// Whether `obs` is admitted, deciding phrases the way a full-text index with a
    /// case-folding, punctuation-splitting tokenizer does. Stores must admit at least these.
    pub fn admits(&self, obs: &Observation) -> bool {
        match self {
            CandidateQuery::Everything => true,
            CandidateQuery::AnyOf(clauses) => {
                let words = index_words(&obs.text);
                clauses.iter().any(|c| c.admits(obs, &words))
            }
        }
    }
}

impl CandidateClause {
    fn admits(&self, obs: &Observation, words: &[String]) -> bool {
        let event_ok = self.event_types.is_empty()
            || obs.events.iter().any(|e| {
                self.event_types.contains(&e.event_type)
                    && (self.event_countries.is_empty()
                        || e.source.iter().chain(&e.target).any(|a| {
                            a.country.as_deref().is_some_and(|c| {
                                self.event_countries
                                    .iter()
                                    .any(|w| w.eq_ignore_ascii_case(c))
                            })
                        }))
            });
        event_ok
            && self
                .phrase_groups
                .iter()
                .all(|group| group.iter().any(|phrase| contains_phrase(words, phrase)))
    }
}

/// The words of `text` as a full-text index sees them: maximal alphanumeric runs, lower-case.
pub fn index_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn contains_phrase(words: &[String], phrase: &[String]) -> bool {
    !phrase.is_empty() && words.windows(phrase.len()).any(|w| w == phrase)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_on_punctuation_and_fold_case() {
        assert_eq!(
            index_words("Russia's build-up, U.S."),
            ["russia", "s", "build", "up", "u", "s"]
        );
    }

    #[test]
    fn phrases_need_consecutive_words() {
        let w = index_words("a military build-up near the border");
        assert!(contains_phrase(&w, &["build".into(), "up".into()]));
        assert!(!contains_phrase(&w, &["military".into(), "up".into()]));
        assert!(!contains_phrase(&w, &[]));
    }
}
