//! What a forecast reads: coded sentences as [`Observation`]s, either all of them or the
//! candidates of one question, found through the indexes rather than by reading every sentence.

use std::collections::HashSet;

use chrono::NaiveDate;
use forewarn_model::{CandidateClause, CandidateQuery, Observation};

use crate::db::{Dialect, Exec, Value, vals};
use crate::{Result, Store, date_from_sql, date_to_sql};

/// Sentences a forecast can use: at least one actor or one event. `actors` is written by
/// serde_json, which spells an empty list `[]`; comparing text works on both backends.
const USABLE_SENTENCE: &str = "(s.actors <> '[]'
     OR EXISTS (SELECT 1 FROM events e WHERE e.sentence_id = s.id))";

impl Store {
    /// The evidence a forecast as of `as_of` may use: every sentence with at least one event
    /// or actor, from documents published on or before `as_of` (all dated documents when
    /// `None`). Documents without a publication date are left out, since evidence needs a date.
    /// Ordered by publication date, then document, then sentence.
    pub fn observations(&self, as_of: Option<NaiveDate>) -> Result<Vec<Observation>> {
        self.read_observations(vec![as_of_value(as_of)], None)
    }

    /// The observations of [`Store::observations`] that `query` admits and whose sentence id is
    /// above `after` (0: all), found through the full-text index and the event type and event
    /// country indexes. It returns at least every such observation [`CandidateQuery::admits`],
    /// in the same order, so a forecast over them equals the forecast over all observations.
    pub fn observations_matching(
        &self,
        as_of: Option<NaiveDate>,
        query: &CandidateQuery,
        after: i64,
    ) -> Result<Vec<Observation>> {
        // ?1 is the as-of date, ?2 the id to read after; the clauses number theirs from ?3. Each
        // clause bounds the id itself, so reading what came after a scan stays an index range.
        let mut values = vec![as_of_value(as_of), Value::Int(after)];
        let dialect = self.db.dialect();
        let cte = match query {
            CandidateQuery::Everything => "SELECT id FROM sentences WHERE id > ?2".to_string(),
            CandidateQuery::AnyOf(clauses) if clauses.is_empty() => return Ok(Vec::new()),
            CandidateQuery::AnyOf(clauses) => clauses
                .iter()
                .map(|c| clause_sql(c, dialect, &mut values))
                .collect::<Vec<_>>()
                .join(" UNION "),
        };
        self.read_observations(values, Some(cte))
    }

    /// How far `question_id`'s matches have been stored, if ever.
    pub fn question_scan(&self, question_id: &str) -> Result<Option<QuestionScan>> {
        self.db
            .query_opt(
                "SELECT matcher, through FROM question_scans WHERE question_id = ?1",
                &vals![question_id],
            )?
            .map(|mut row| {
                Ok(QuestionScan {
                    matcher: row.take(0)?,
                    through: row.take(1)?,
                })
            })
            .transpose()
    }

    /// The highest sentence id stored (0 when there is none): a scan that starts by reading
    /// it has seen every sentence up to it, since ids are handed out in increasing order.
    pub fn last_sentence_id(&self) -> Result<i64> {
        self.db
            .query_one("SELECT coalesce(max(id), 0) FROM sentences", &[])?
            .take(0)
    }

    /// Records, in one transaction, that `question_id` under match key `matcher` matched
    /// `sentences` among those up to `through`. With a key other than the stored one, the old
    /// rows are dropped first; with the same key they are added to.
    pub fn record_question_scan(
        &mut self,
        question_id: &str,
        matcher: &str,
        through: i64,
        sentences: &[i64],
    ) -> Result<()> {
        self.db.transaction(|tx| {
            let same: bool = match tx.query_opt(
                "SELECT matcher = ?2 FROM question_scans WHERE question_id = ?1",
                &vals![question_id, matcher],
            )? {
                Some(mut row) => row.take(0)?,
                None => false,
            };
            if !same {
                tx.execute(
                    "DELETE FROM question_matches WHERE question_id = ?1",
                    &vals![question_id],
                )?;
            }
            for id in sentences {
                tx.execute(
                    "INSERT INTO question_matches (question_id, sentence_id) VALUES (?1, ?2)
                     ON CONFLICT DO NOTHING",
                    &vals![question_id, *id],
                )?;
            }
            // The scan only moves forward under the same key; a new key starts from 0.
            tx.execute(
                "INSERT INTO question_scans (question_id, matcher, through) VALUES (?1, ?2, ?3)
                 ON CONFLICT (question_id) DO UPDATE SET matcher = excluded.matcher,
                     through = CASE
                         WHEN question_scans.matcher = excluded.matcher
                              AND question_scans.through > excluded.through
                         THEN question_scans.through
                         ELSE excluded.through END",
                &vals![question_id, matcher, through],
            )?;
            Ok(())
        })
    }

    /// The observations recorded as matches of `question_id` with a sentence id up to
    /// `through`, as of `as_of`, in the order of [`Store::observations`].
    pub fn matched_observations(
        &self,
        question_id: &str,
        through: i64,
        as_of: Option<NaiveDate>,
    ) -> Result<Vec<Observation>> {
        let values = vec![
            as_of_value(as_of),
            Value::Text(question_id.to_string()),
            Value::Int(through),
        ];
        let cte =
            "SELECT sentence_id FROM question_matches WHERE question_id = ?2 AND sentence_id <= ?3";
        self.read_observations(values, Some(cte.to_string()))
    }

    /// Every recorded match of any question, read once for forecasting many questions: they
    /// share most of their matches (100 questions of a large store recorded 46,720 matches of
    /// 6,951 sentences), so reading each sentence once instead of once per question saves most
    /// of the reading. See [`Store::matched_observations_from`].
    pub fn recorded_matches(&self) -> Result<RecordedMatches> {
        // The ids and their observations in one snapshot: a match recorded later is missing
        // from both, so `matched_observations_from` sees it is not covered, while one dropped
        // later is dropped for the question too.
        self.db.read_consistent(|c| {
            let ids = c
                .query("SELECT DISTINCT sentence_id FROM question_matches", &[])?
                .into_iter()
                .map(|mut row| row.take(0))
                .collect::<Result<_>>()?;
            // Not `SELECT DISTINCT sentence_id ...`: SQLite materializes that and then walks
            // every event to join it, four times slower.
            let cte =
                "SELECT id FROM sentences WHERE id IN (SELECT sentence_id FROM question_matches)";
            let observations = read_observations_on(c, &[Value::Null], Some(cte))?;
            Ok(RecordedMatches { ids, observations })
        })
    }

    /// [`Store::matched_observations`], taken from `recorded` when it holds every match of
    /// `question_id` up to `through`, else read from the store.
    pub fn matched_observations_from(
        &self,
        recorded: &RecordedMatches,
        question_id: &str,
        through: i64,
        as_of: Option<NaiveDate>,
    ) -> Result<Vec<Observation>> {
        let ids: HashSet<i64> = self
            .db
            .query(
                "SELECT sentence_id FROM question_matches
                 WHERE question_id = ?1 AND sentence_id <= ?2",
                &vals![question_id, through],
            )?
            .into_iter()
            .map(|mut row| row.take(0))
            .collect::<Result<_>>()?;
        if !ids.is_subset(&recorded.ids) {
            return self.matched_observations(question_id, through, as_of);
        }
        // A subset of a list in the order of `observations` is in that order too.
        Ok(recorded
            .observations
            .iter()
            .filter(|o| ids.contains(&o.sentence_id) && as_of.is_none_or(|d| o.published <= d))
            .cloned()
            .collect())
    }

    /// The publication date of the newest document with an observation (a sentence with an
    /// actor or an event), as the newest of [`Store::observations`]`(None)` would give it.
    pub fn newest_observation_date(&self) -> Result<Option<NaiveDate>> {
        let newest: Option<String> = self
            .db
            .query_opt(
                &format!(
                    "SELECT d.published FROM documents d
                 WHERE d.published IS NOT NULL
                   AND EXISTS (SELECT 1 FROM sentences s
                               WHERE s.document_id = d.id AND {USABLE_SENTENCE})
                 ORDER BY d.published DESC LIMIT 1"
                ),
                &[],
            )?
            .map(|mut row| row.take(0))
            .transpose()?;
        newest
            .map(|d| date_from_sql("documents.published", &d))
            .transpose()
    }

    /// Reads observations: all of them, or those whose sentence id `candidates` selects (a
    /// `SELECT` of one column). `values[0]` is the as-of date (`?1`); the rest are the
    /// candidates' numbered parameters. Events and sentences are read in one snapshot, so a
    /// document committed between the two reads is not seen without its events.
    fn read_observations(
        &self,
        values: Vec<Value>,
        candidates: Option<String>,
    ) -> Result<Vec<Observation>> {
        self.db
            .read_consistent(|c| read_observations_on(c, &values, candidates.as_deref()))
    }
}

/// [`Store::read_observations`] on `exec`, inside the caller's snapshot.
fn read_observations_on(
    exec: &mut dyn Exec,
    values: &[Value],
    candidates: Option<&str>,
) -> Result<Vec<Observation>> {
    let (with, from_events, from_sentences) = match candidates {
        None => (
            String::new(),
            "events e".to_string(),
            "sentences s".to_string(),
        ),
        Some(cte) => (
            format!("WITH candidates(id) AS ({cte}) "),
            "candidates c JOIN events e ON e.sentence_id = c.id".to_string(),
            "candidates c JOIN sentences s ON s.id = c.id".to_string(),
        ),
    };
    let mut events = Store::events_by_sentence(
        exec,
        &format!(
            "{with}SELECT {{EVENT_COLUMNS}} FROM {from_events}
             JOIN documents d ON d.id = e.document_id
             WHERE d.published IS NOT NULL
               AND (CAST(?1 AS TEXT) IS NULL OR d.published <= ?1)
             ORDER BY e.sentence_id, e.ordinal"
        ),
        values,
    )?;
    exec.query(
        &format!(
            "{with}SELECT s.id, s.document_id, d.published, s.text, s.actors, d.title,
                    d.source, d.duplicate_of
             FROM {from_sentences} JOIN documents d ON d.id = s.document_id
             WHERE d.published IS NOT NULL
               AND (CAST(?1 AS TEXT) IS NULL OR d.published <= ?1)
               AND {USABLE_SENTENCE}
             ORDER BY d.published, d.id, s.idx"
        ),
        values,
    )?
    .into_iter()
    .map(|mut row| {
        let sentence_id: i64 = row.take(0)?;
        Ok(Observation {
            sentence_id,
            document_id: row.take(1)?,
            published: date_from_sql("documents.published", &row.take::<String>(2)?)?,
            text: row.take(3)?,
            events: events.remove(&sentence_id).unwrap_or_default(),
            actors: serde_json::from_str(&row.take::<String>(4)?)?,
            document_title: row.take(5)?,
            document_source: row.take(6)?,
            duplicate_of: row.take(7)?,
        })
    })
    .collect()
}

/// The observations of every question's recorded matches as of any date, in the order of
/// [`Store::observations`], and the sentence ids they were read for: [`Store::recorded_matches`].
#[derive(Debug, Clone)]
pub struct RecordedMatches {
    ids: HashSet<i64>,
    observations: Vec<Observation>,
}

/// How far a question's matches are stored: see [`Store::record_question_scan`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionScan {
    /// The match key the rows were computed under.
    pub matcher: String,
    /// Every sentence with an id up to this one has been matched.
    pub through: i64,
}

fn as_of_value(as_of: Option<NaiveDate>) -> Value {
    as_of.map_or(Value::Null, |d| Value::Text(date_to_sql(d)))
}

/// One clause as a `SELECT` of sentence ids, its values appended to `values` as numbered
/// parameters.
fn clause_sql(clause: &CandidateClause, dialect: Dialect, values: &mut Vec<Value>) -> String {
    let mut placeholders = |items: Vec<String>| -> String {
        items
            .into_iter()
            .map(|item| {
                values.push(Value::Text(item));
                format!("?{}", values.len())
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let by_event = (!clause.event_types.is_empty()).then(|| {
        let types = placeholders(
            clause
                .event_types
                .iter()
                .map(|t| t.as_str().to_string())
                .collect(),
        );
        if clause.event_countries.is_empty() {
            format!(
                "SELECT e.sentence_id FROM events e
                 WHERE e.event_type IN ({types}) AND e.sentence_id > ?2"
            )
        } else {
            let countries = placeholders(clause.event_countries.clone());
            format!(
                "SELECT e.sentence_id FROM events e JOIN event_countries ec ON ec.event_id = e.id
                 WHERE e.event_type IN ({types}) AND ec.country IN ({countries})
                   AND e.sentence_id > ?2"
            )
        }
    });
    let by_text = (!clause.phrase_groups.is_empty()).then(|| match dialect {
        Dialect::Sqlite => {
            let expression = every_group(&clause.phrase_groups, |phrase| {
                format!("\"{}\"", phrase.join(" ").replace('"', "\"\""))
            });
            let m = placeholders(vec![expression]);
            format!("SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH {m} AND rowid > ?2")
        }
        // PostgreSQL's text search splits words its own way ("U.S.-led", "pro-Kremlin"), so a
        // phrase query there could miss a sentence the matcher takes. Substrings cannot: a
        // sentence with the phrase has each of its words in it.
        Dialect::Postgres => {
            let expression = every_group(&clause.phrase_groups, |phrase| {
                let likes: Vec<String> = phrase
                    .iter()
                    .flat_map(|w| like_fragments(w))
                    .map(|f| format!("s.text ILIKE {}", placeholders(vec![format!("%{f}%")])))
                    .collect();
                if likes.is_empty() {
                    "TRUE".to_string()
                } else {
                    format!("({})", likes.join(" AND "))
                }
            });
            format!("SELECT s.id FROM sentences s WHERE s.id > ?2 AND {expression}")
        }
    });
    match (by_text, by_event) {
        // The events side filters the text side's ids: the other way round, SQLite hands the
        // id list to FTS5 one lookup at a time, fifty times slower on a large store.
        (Some(text), Some(event)) => format!("{event} AND e.sentence_id IN ({text})"),
        (Some(text), None) => text,
        (None, Some(event)) => event,
        (None, None) => "SELECT id FROM sentences WHERE id > ?2".to_string(),
    }
}

/// Every group holds (AND), each by any of its phrases (OR), as `phrase` writes a phrase: the
/// shape of a clause's text condition in either engine's syntax.
fn every_group(groups: &[Vec<Vec<String>>], mut phrase: impl FnMut(&[String]) -> String) -> String {
    groups
        .iter()
        .map(|group| {
            let phrases: Vec<String> = group.iter().map(|p| phrase(p)).collect();
            format!("({})", phrases.join(" OR "))
        })
        .collect::<Vec<_>>()
        .join(" AND ")
}

/// The parts of an index word (see `forewarn_model::index_words`) that any text holding the
/// word holds too, for `ILIKE` under the byte-wise collation, which folds only ASCII case.
///
/// Two characters lower-case to ASCII: the Kelvin sign (to `k`) and `İ` (to `i` and a combining
/// dot that ends the word). So a word is split at each `k` and loses a final `i`, and a word
/// with anything beyond ASCII letters and digits gives nothing: it cannot be checked this way,
/// and the matcher decides.
fn like_fragments(word: &str) -> Vec<String> {
    if !word.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Vec::new();
    }
    let word = word.strip_suffix('i').unwrap_or(word);
    word.split('k')
        .filter(|part| !part.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::like_fragments;

    #[test]
    fn like_fragments_never_ask_for_more_than_the_word_guarantees() {
        assert_eq!(like_fragments("troops"), ["troops"]);
        assert_eq!(like_fragments("kyiv"), ["yiv"]);
        assert_eq!(like_fragments("strike"), ["stri", "e"]);
        assert_eq!(like_fragments("mali"), ["mal"]);
        assert!(like_fragments("київ").is_empty());
        assert!(like_fragments("k").is_empty());
    }
}
