//! What a forecast reads: coded sentences as [`Observation`]s, either all of them or the
//! candidates of one question, found through the indexes rather than by reading every sentence.

use chrono::NaiveDate;
use forewarn_model::{CandidateClause, CandidateQuery, Observation};
use rusqlite::types::Value;
use rusqlite::{OptionalExtension, ToSql, params};

use crate::{Result, Store, date_from_sql, date_to_sql};

/// Sentences a forecast can use: at least one actor or one event.
const USABLE_SENTENCE: &str = "(json_array_length(s.actors) > 0
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
        let mut values = vec![as_of_value(as_of), Value::Integer(after)];
        let cte = match query {
            CandidateQuery::Everything => "SELECT id FROM sentences WHERE id > ?2".to_string(),
            CandidateQuery::AnyOf(clauses) if clauses.is_empty() => return Ok(Vec::new()),
            CandidateQuery::AnyOf(clauses) => clauses
                .iter()
                .map(|c| clause_sql(c, &mut values))
                .collect::<Vec<_>>()
                .join(" UNION "),
        };
        self.read_observations(values, Some(cte))
    }

    /// How far `question_id`'s matches have been stored, if ever.
    pub fn question_scan(&self, question_id: &str) -> Result<Option<QuestionScan>> {
        Ok(self
            .conn
            .query_row(
                "SELECT matcher, through FROM question_scans WHERE question_id = ?1",
                [question_id],
                |row| {
                    Ok(QuestionScan {
                        matcher: row.get(0)?,
                        through: row.get(1)?,
                    })
                },
            )
            .optional()?)
    }

    /// The highest sentence id stored (0 when there is none): a scan that starts by reading
    /// it has seen every sentence up to it, since ids are handed out in increasing order.
    pub fn last_sentence_id(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT coalesce(max(id), 0) FROM sentences", [], |row| {
                row.get(0)
            })?)
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
        let tx = self.conn.transaction()?;
        let same: bool = tx
            .query_row(
                "SELECT matcher = ?2 FROM question_scans WHERE question_id = ?1",
                params![question_id, matcher],
                |row| row.get(0),
            )
            .optional()?
            .unwrap_or(false);
        if !same {
            tx.execute(
                "DELETE FROM question_matches WHERE question_id = ?1",
                [question_id],
            )?;
        }
        {
            let mut insert = tx.prepare(
                "INSERT OR IGNORE INTO question_matches (question_id, sentence_id) VALUES (?1, ?2)",
            )?;
            for id in sentences {
                insert.execute(params![question_id, id])?;
            }
        }
        tx.execute(
            "INSERT INTO question_scans (question_id, matcher, through) VALUES (?1, ?2, ?3)
             ON CONFLICT (question_id) DO UPDATE SET matcher = excluded.matcher,
                 through = max(excluded.through, CASE WHEN question_scans.matcher = excluded.matcher
                                                      THEN question_scans.through ELSE 0 END)",
            params![question_id, matcher, through],
        )?;
        tx.commit()?;
        Ok(())
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
            Value::Integer(through),
        ];
        let cte =
            "SELECT sentence_id FROM question_matches WHERE question_id = ?2 AND sentence_id <= ?3";
        self.read_observations(values, Some(cte.to_string()))
    }

    /// The publication date of the newest document with an observation (a sentence with an
    /// actor or an event), as the newest of [`Store::observations`]`(None)` would give it.
    pub fn newest_observation_date(&self) -> Result<Option<NaiveDate>> {
        let newest: Option<String> = self
            .conn
            .query_row(
                &format!(
                    "SELECT d.published FROM documents d
                 WHERE d.published IS NOT NULL
                   AND EXISTS (SELECT 1 FROM sentences s
                               WHERE s.document_id = d.id AND {USABLE_SENTENCE})
                 ORDER BY d.published DESC LIMIT 1"
                ),
                [],
                |row| row.get(0),
            )
            .optional()?;
        newest
            .map(|d| date_from_sql("documents.published", &d))
            .transpose()
    }

    /// Reads observations: all of them, or those whose sentence id `candidates` selects (a
    /// `SELECT` of one column). `values[0]` is the as-of date (`?1`); the rest are the
    /// candidates' numbered parameters.
    fn read_observations(
        &self,
        values: Vec<Value>,
        candidates: Option<String>,
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
        let params: Vec<&dyn ToSql> = values.iter().map(|v| v as &dyn ToSql).collect();
        let mut events = self.events_by_sentence(
            &format!(
                "{with}SELECT {{EVENT_COLUMNS}} FROM {from_events}
                 JOIN documents d ON d.id = e.document_id
                 WHERE d.published IS NOT NULL AND (?1 IS NULL OR d.published <= ?1)
                 ORDER BY e.sentence_id, e.ordinal"
            ),
            &params,
        )?;
        let mut stmt = self.conn.prepare(&format!(
            "{with}SELECT s.id, s.document_id, d.published, s.text, s.actors, d.title, d.source,
                    d.duplicate_of
             FROM {from_sentences} JOIN documents d ON d.id = s.document_id
             WHERE d.published IS NOT NULL AND (?1 IS NULL OR d.published <= ?1)
               AND {USABLE_SENTENCE}
             ORDER BY d.published, d.id, s.idx"
        ))?;
        let rows = stmt
            .query_map(params.as_slice(), |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, i64>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, String>(3)?,
                    row.get::<_, String>(4)?,
                    row.get::<_, Option<String>>(5)?,
                    row.get::<_, Option<String>>(6)?,
                    row.get::<_, Option<i64>>(7)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(
                |(sentence_id, document_id, published, text, actors, title, source, dup)| {
                    Ok(Observation {
                        sentence_id,
                        document_id,
                        published: date_from_sql("documents.published", &published)?,
                        text,
                        events: events.remove(&sentence_id).unwrap_or_default(),
                        actors: serde_json::from_str(&actors)?,
                        document_title: title,
                        document_source: source,
                        duplicate_of: dup,
                    })
                },
            )
            .collect()
    }
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
fn clause_sql(clause: &CandidateClause, values: &mut Vec<Value>) -> String {
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
    let by_text = (!clause.phrase_groups.is_empty()).then(|| {
        let expression = clause
            .phrase_groups
            .iter()
            .map(|group| {
                let phrases: Vec<String> = group
                    .iter()
                    .map(|phrase| format!("\"{}\"", phrase.join(" ").replace('"', "\"\"")))
                    .collect();
                format!("({})", phrases.join(" OR "))
            })
            .collect::<Vec<_>>()
            .join(" AND ");
        let m = placeholders(vec![expression]);
        format!("SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH {m} AND rowid > ?2")
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
