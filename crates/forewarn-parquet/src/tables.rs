//! The exported tables: each one's columns, partition key and the query that reads it.
//!
//! Columns keep the store's names. JSON columns (actors, places, an event's actors and
//! location, a forecast's payload) stay JSON text; flags become booleans. The partition key is
//! the last column a query selects and is not repeated inside the files (engines read it from
//! the path, and Spark refuses a column that is in both). Store row ids are kept where other
//! tables refer to them; imported events are keyed by `(dataset, source_id)` instead, so a
//! GDELT file streamed past the store has the same layout.

use std::path::Path;

use forewarn_store::{Store, Value};

use crate::ExportError;
use crate::columns::{Buffer, Col, Kind, col};
use crate::partitioned::{PartitionedWriter, TableSummary};

use Kind::{Bool, Int, Real, Text};

/// One exported table.
pub(crate) struct Table {
    pub name: &'static str,
    /// The Hive partition key, selected as the query's last column.
    pub key: Option<&'static str>,
    pub cols: &'static [Col],
    pub sql: &'static str,
    /// Whether the query returns rows in key order (an index serves it), so one partition is
    /// open at a time; otherwise the writer keeps several open.
    pub sorted: bool,
}

const DOCUMENTS: &[Col] = &[
    col("id", Int, false),
    col("hash", Text, false),
    col("title", Text, true),
    col("text", Text, false),
    col("url", Text, true),
    col("source", Text, true),
    col("author", Text, true),
    col("origin", Text, true),
    col("duplicate_of", Int, true),
    col("ingested_at", Text, false),
];

const SENTENCES: &[Col] = &[
    col("id", Int, false),
    col("document_id", Int, false),
    col("idx", Int, false),
    col("text", Text, false),
    col("span_start", Int, false),
    col("span_end", Int, false),
    col("actors", Text, false),
    col("places", Text, false),
];

const EVENTS: &[Col] = &[
    col("id", Int, false),
    col("sentence_id", Int, false),
    col("document_id", Int, false),
    col("ordinal", Int, false),
    col("event_type", Text, false),
    col("mode", Text, true),
    col("cameo", Text, true),
    col("source_country", Text, true),
    col("target_country", Text, true),
    col("location_country", Text, true),
    col("negated", Bool, false),
    col("hypothetical", Bool, false),
    col("future", Bool, false),
    col("confidence", Real, false),
    col("rule", Text, false),
    col("trigger_text", Text, false),
    col("span_start", Int, false),
    col("span_end", Int, false),
    col("context", Text, false),
    col("source", Text, false),
    col("target", Text, false),
    col("location", Text, true),
];

const QUOTES: &[Col] = &[
    col("id", Int, false),
    col("document_id", Int, false),
    col("sentence_idx", Int, false),
    col("speaker", Text, true),
    col("text", Text, false),
];

const QUESTIONS: &[Col] = &[
    col("id", Text, false),
    col("question", Text, false),
    col("toml", Text, false),
    col("added_at", Text, false),
];

const FORECASTS: &[Col] = &[
    col("question_id", Text, false),
    col("probability", Real, false),
    col("log_odds", Real, false),
    col("payload", Text, false),
];

/// Shared with [`crate::ImportedEventsWriter`], which fills it from parsed GDELT rows.
pub(crate) const IMPORTED_EVENTS: &[Col] = &[
    col("dataset", Text, false),
    col("source_id", Text, false),
    col("native_type", Text, false),
    col("event_type", Text, true),
    col("mode", Text, true),
    col("source_country", Text, true),
    col("target_country", Text, true),
    col("location_country", Text, true),
    col("admin1", Text, true),
    col("location", Text, true),
    col("lat", Real, true),
    col("lon", Real, true),
    col("description", Text, true),
    col("url", Text, true),
];

const IMPORTED_MENTIONS: &[Col] = &[
    col("dataset", Text, false),
    col("event_source_id", Text, false),
    col("mentioned_at", Text, false),
    col("mention_type", Int, true),
    col("source_name", Text, true),
    col("url", Text, false),
    col("sentence", Int, false),
    col("confidence", Int, true),
    col("tone", Real, true),
];

const IMPORTED_ARTICLES: &[Col] = &[
    col("dataset", Text, false),
    col("record_id", Text, false),
    col("published", Text, false),
    col("source_name", Text, true),
    col("url", Text, true),
    col("countries", Text, false),
    col("themes", Text, false),
    col("tone", Real, true),
];

/// Every table the export writes, in this order. Not exported: the derived daily count
/// tables (a recount of these rows), the FTS index, and the operational tables (feeds,
/// fetched URLs, API token hashes, alert rules with their webhook secrets, fired alerts).
pub(crate) const TABLES: &[Table] = &[
    Table {
        name: "documents",
        key: Some("published"),
        cols: DOCUMENTS,
        sql: "SELECT id, hash, title, text, url, source, author, origin, duplicate_of, \
              ingested_at, published FROM documents ORDER BY published, id",
        sorted: true,
    },
    Table {
        name: "sentences",
        key: None,
        cols: SENTENCES,
        sql: "SELECT id, document_id, idx, text, span_start, span_end, actors, places \
              FROM sentences ORDER BY id",
        sorted: true,
    },
    Table {
        name: "events",
        key: Some("date"),
        cols: EVENTS,
        sql: "SELECT id, sentence_id, document_id, ordinal, event_type, mode, cameo, \
              source_country, target_country, location_country, negated, hypothetical, future, \
              confidence, rule, trigger_text, span_start, span_end, context, source, target, \
              location, date FROM events ORDER BY date, id",
        sorted: true,
    },
    Table {
        name: "quotes",
        key: None,
        cols: QUOTES,
        sql: "SELECT id, document_id, sentence_idx, speaker, text FROM quotes ORDER BY id",
        sorted: true,
    },
    Table {
        name: "questions",
        key: None,
        cols: QUESTIONS,
        sql: "SELECT id, question, toml, added_at FROM questions ORDER BY id",
        sorted: true,
    },
    Table {
        name: "forecasts",
        key: Some("as_of"),
        cols: FORECASTS,
        sql: "SELECT question_id, probability, log_odds, payload, as_of FROM forecasts \
              ORDER BY as_of, question_id",
        sorted: true,
    },
    Table {
        name: "imported_events",
        key: Some("date"),
        cols: IMPORTED_EVENTS,
        sql: "SELECT dataset, source_id, native_type, event_type, mode, source_country, \
              target_country, location_country, admin1, location, lat, lon, description, url, \
              date FROM imported_events ORDER BY date, id",
        sorted: true,
    },
    // No index on the day: read in stored order, which is mostly import (so time) order.
    Table {
        name: "imported_mentions",
        key: Some("day"),
        cols: IMPORTED_MENTIONS,
        sql: "SELECT dataset, event_source_id, mentioned_at, mention_type, source_name, url, \
              sentence, confidence, tone, substr(mentioned_at, 1, 10) FROM imported_mentions",
        sorted: false,
    },
    Table {
        name: "imported_articles",
        key: Some("day"),
        cols: IMPORTED_ARTICLES,
        sql: "SELECT dataset, record_id, published, source_name, url, countries, themes, tone, \
              substr(published, 1, 10) FROM imported_articles",
        sorted: false,
    },
];

/// Partitions open at once for input that is not in key order. A GDELT file's dates have a
/// long tail (events reported years later), and a partition closed to open another starts a
/// new file when it comes back, so this is generous: a rarely used partition holds a small
/// row group, and the budget bounds the rest.
pub(crate) const UNSORTED_OPEN: usize = 256;

/// Writes every table of `store` under `out`, in one read-only snapshot, so the tables agree
/// with each other even while an ingest writes.
pub(crate) fn export(store: &mut Store, out: &Path) -> Result<Vec<TableSummary>, ExportError> {
    let found = store.schema_version()?;
    if found != forewarn_store::SCHEMA_VERSION {
        return Err(ExportError::Schema {
            found,
            expected: forewarn_store::SCHEMA_VERSION,
        });
    }
    for t in TABLES {
        let dir = out.join(t.name);
        if dir.exists() {
            return Err(ExportError::Exists { path: dir });
        }
    }
    let mut writers: Vec<Option<PartitionedWriter>> = TABLES
        .iter()
        .map(|t| {
            let open = if t.sorted { 1 } else { UNSORTED_OPEN };
            PartitionedWriter::create(out, t.name, t.key, t.cols, open).map(Some)
        })
        .collect::<Result<_, _>>()?;
    let mut done: Vec<TableSummary> = Vec::with_capacity(TABLES.len());
    // Tables are read one after another: a table's files are finished when the next begins.
    let mut finish_before = |i: usize, writers: &mut [Option<PartitionedWriter>]| {
        for w in writers[..i].iter_mut() {
            if let Some(w) = w.take() {
                done.push(w.finish()?);
            }
        }
        Ok::<(), ExportError>(())
    };
    let mut rows = vec![0u64; TABLES.len()];
    let queries: Vec<&str> = TABLES.iter().map(|t| t.sql).collect();
    store.read_snapshot(&queries, |i, row: &[Value]| {
        finish_before(i, &mut writers)?;
        let t = &TABLES[i];
        rows[i] += 1;
        let n = rows[i];
        let key = match t.key {
            Some(_) => match &row[t.cols.len()] {
                Value::Null => None,
                Value::Text(s) => Some(s.clone()),
                other => Some(format!("{other:?}")),
            },
            None => None,
        };
        let writer = writers[i]
            .as_mut()
            .expect("a table's writer lives until the next table");
        writer.push(key.as_deref(), |buf| {
            for (c, col) in t.cols.iter().enumerate() {
                push_value(buf, c, col, &row[c]).map_err(|found| ExportError::Value {
                    table: t.name,
                    column: col.name,
                    row: n,
                    found,
                })?;
            }
            Ok(())
        })
    })?;
    finish_before(TABLES.len(), &mut writers)?;
    Ok(done)
}

/// Pushes one stored value; `Err` names the type found when it does not fit the column.
fn push_value(buf: &mut Buffer, i: usize, c: &Col, v: &Value) -> Result<(), &'static str> {
    match (c.kind, v) {
        (_, Value::Null) if c.nullable => match c.kind {
            Int => buf.int(i, None),
            Real => buf.real(i, None),
            Text => buf.text(i, None),
            Bool => buf.bool(i, None),
        },
        (Int, Value::Int(x)) => buf.int(i, Some(*x)),
        (Real, Value::Real(x)) => buf.real(i, Some(*x)),
        (Real, Value::Int(x)) => buf.real(i, Some(*x as f64)),
        (Bool, Value::Int(x)) => buf.bool(i, Some(*x != 0)),
        (Text, Value::Text(s)) => buf.text(i, Some(s)),
        (_, other) => return Err(value_type(other)),
    }
    Ok(())
}

fn value_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "NULL",
        Value::Int(_) => "an integer",
        Value::Real(_) => "a real",
        Value::Text(_) => "text",
    }
}
