//! Coded events as stored: one row per event with its actors and location as JSON, the
//! countries denormalised for the filters, and the reads that decode them.

use std::collections::HashMap;

use chrono::NaiveDate;
use forewarn_model::{Event, EventType};

use crate::db::{Exec, Row, Value};
use crate::{Result, Store, StoreError, date_to_sql, int, opt_date_from_sql};

/// A stored event with where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredEvent {
    pub id: i64,
    pub sentence_id: i64,
    pub document_id: i64,
    /// Position of the event in its sentence; 0 is the sentence's main event.
    pub ordinal: usize,
    pub event: Event,
    /// The sentence text.
    pub sentence: String,
    pub published: Option<NaiveDate>,
    pub document_title: Option<String>,
}

/// Which events [`Store::events`] returns. Unset fields do not filter; set ones must all hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventFilter {
    /// Country code of any source or target actor.
    pub actor_country: Option<String>,
    pub event_type: Option<EventType>,
    pub location_country: Option<String>,
    /// Inclusive bounds on the event date, or the document's publication date when the event
    /// has none; events with neither are excluded once a bound is set.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// At most this many events; `None` for all.
    pub limit: Option<usize>,
    /// Cursor: only events with an id greater than this (pass the last id of the previous page).
    pub after_id: Option<i64>,
}

impl Store {
    /// Events matching `filter`, in id order.
    pub fn events(&self, filter: &EventFilter) -> Result<Vec<StoredEvent>> {
        // Built clause by clause rather than with `?n IS NULL OR …` so SQLite can use the
        // index of whichever filter is set.
        let mut clauses: Vec<&str> = Vec::new();
        let mut values: Vec<Value> = Vec::new();
        if let Some(after) = filter.after_id {
            clauses.push("e.id > ?");
            values.push(after.into());
        }
        if let Some(t) = filter.event_type {
            clauses.push("e.event_type = ?");
            values.push(t.as_str().into());
        }
        if let Some(c) = &filter.actor_country {
            clauses.push("e.id IN (SELECT event_id FROM event_countries WHERE country = ?)");
            values.push(c.into());
        }
        if let Some(c) = &filter.location_country {
            clauses.push("e.location_country = ?");
            values.push(c.into());
        }
        if let Some(d) = filter.from {
            clauses.push("COALESCE(e.date, d.published) >= ?");
            values.push(date_to_sql(d).into());
        }
        if let Some(d) = filter.to {
            clauses.push("COALESCE(e.date, d.published) <= ?");
            values.push(date_to_sql(d).into());
        }
        let mut sql = format!(
            "SELECT {EVENT_COLUMNS}, s.text, d.published, d.title
             FROM events e JOIN sentences s ON s.id = e.sentence_id
                           JOIN documents d ON d.id = e.document_id"
        );
        if !clauses.is_empty() {
            sql.push_str(" WHERE ");
            sql.push_str(&clauses.join(" AND "));
        }
        sql.push_str(" ORDER BY e.id");
        if let Some(limit) = filter.limit {
            sql.push_str(" LIMIT ?");
            values.push(int(limit).into());
        }
        self.db
            .query(&sql, &values)?
            .into_iter()
            .map(|mut row| {
                let sentence: String = row.take(EVENT_COLUMN_COUNT)?;
                let published = row.take(EVENT_COLUMN_COUNT + 1)?;
                let document_title = row.take(EVENT_COLUMN_COUNT + 2)?;
                let row = EventRow::read(&mut row)?;
                let (id, sentence_id, document_id, ordinal) =
                    (row.id, row.sentence_id, row.document_id, row.ordinal);
                Ok(StoredEvent {
                    id,
                    sentence_id,
                    document_id,
                    ordinal,
                    event: row.into_event()?,
                    sentence,
                    published: opt_date_from_sql("documents.published", published)?,
                    document_title,
                })
            })
            .collect()
    }

    /// Runs an event query (with `{EVENT_COLUMNS}` in place of the column list) and groups the
    /// events by sentence id, in ordinal order.
    pub(crate) fn events_by_sentence(
        exec: &mut dyn Exec,
        sql: &str,
        params: &[Value],
    ) -> Result<HashMap<i64, Vec<Event>>> {
        let rows = exec.query(&sql.replace("{EVENT_COLUMNS}", EVENT_COLUMNS), params)?;
        let mut by_sentence: HashMap<i64, Vec<Event>> = HashMap::new();
        for mut row in rows {
            let row = EventRow::read(&mut row)?;
            by_sentence
                .entry(row.sentence_id)
                .or_default()
                .push(row.into_event()?);
        }
        Ok(by_sentence)
    }
}

const EVENT_COLUMNS: &str = "e.id, e.sentence_id, e.document_id, e.ordinal, e.event_type, e.mode, \
     e.context, e.cameo, e.source, e.target, e.location, e.date, e.negated, e.hypothetical, \
     e.future, e.trigger_text, e.span_start, e.span_end, e.confidence, e.rule";
const EVENT_COLUMN_COUNT: usize = 20;

/// An `events` row as stored; the JSON columns are decoded in [`EventRow::into_event`].
struct EventRow {
    id: i64,
    sentence_id: i64,
    document_id: i64,
    ordinal: usize,
    event_type: String,
    mode: Option<String>,
    context: String,
    cameo: Option<String>,
    source: String,
    target: String,
    location: Option<String>,
    date: Option<String>,
    negated: bool,
    hypothetical: bool,
    future: bool,
    trigger: String,
    span: (usize, usize),
    confidence: f64,
    rule: String,
}

impl EventRow {
    /// Reads the first [`EVENT_COLUMN_COUNT`] columns.
    fn read(row: &mut Row) -> Result<Self> {
        Ok(EventRow {
            id: row.take(0)?,
            sentence_id: row.take(1)?,
            document_id: row.take(2)?,
            ordinal: row.take(3)?,
            event_type: row.take(4)?,
            mode: row.take(5)?,
            context: row.take(6)?,
            cameo: row.take(7)?,
            source: row.take(8)?,
            target: row.take(9)?,
            location: row.take(10)?,
            date: row.take(11)?,
            negated: row.take(12)?,
            hypothetical: row.take(13)?,
            future: row.take(14)?,
            trigger: row.take(15)?,
            span: (row.take(16)?, row.take(17)?),
            confidence: row.take(18)?,
            rule: row.take(19)?,
        })
    }

    fn into_event(self) -> Result<Event> {
        Ok(Event {
            event_type: self.event_type.parse().map_err(|_| StoreError::Corrupt {
                column: "events.event_type",
                value: self.event_type,
            })?,
            mode: self.mode,
            context: serde_json::from_str(&self.context)?,
            cameo: self.cameo,
            source: serde_json::from_str(&self.source)?,
            target: serde_json::from_str(&self.target)?,
            location: self
                .location
                .as_deref()
                .map(serde_json::from_str)
                .transpose()?,
            date: opt_date_from_sql("events.date", self.date)?,
            negated: self.negated,
            hypothetical: self.hypothetical,
            future: self.future,
            trigger: self.trigger,
            span: self.span,
            confidence: self.confidence as f32,
            rule: self.rule,
        })
    }
}
