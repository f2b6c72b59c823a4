//! The forewarn store: one SQLite file, or one PostgreSQL database, holding documents, their
//! coded sentences, events and quotes, the forecasting questions, and the forecasts made for
//! them. Both backends have the same tables and the same invariants; [`Store::open_target`]
//! picks one from what `--db` names.
//!
//! # Schema
//!
//! - `documents` — one row per ingested document; `hash` is unique, `published` is
//!   `YYYY-MM-DD`, `duplicate_of` points at an earlier near-duplicate document.
//! - `sentences` — `(document_id, idx)` unique; actors and places as JSON columns.
//! - `events` — one row per coded event, `ordinal` is its position in the sentence (0 is the
//!   main event); actors and location as JSON plus denormalised `source_country`,
//!   `target_country` and `location_country` columns for filtering.
//! - `event_countries` — every source/target country of every event, for the actor filter.
//! - `quotes` — direct quotations with their document and sentence index.
//! - `questions` — the question's TOML source and its validated form as JSON.
//! - `forecasts` — keyed by `(question_id, as_of)`; the whole forecast as JSON.
//! - `sentences_fts` — FTS5 index over sentence text, maintained by triggers (on PostgreSQL, a
//!   GIN index over the text's `tsvector`).
//!
//! The schema is versioned by `PRAGMA user_version` (on PostgreSQL, the table
//! `forewarn_schema`); opening applies pending migrations and refuses a database written by a
//! newer build ([`StoreError::NewerSchema`]).
//!
//! # Invariants
//!
//! - A document is present with all its sentences, events and quotes, or not at all: each
//!   [`Store::insert_document`] is one transaction.
//! - Document hashes are unique; inserting a known hash writes nothing and returns
//!   [`Inserted::Duplicate`].
//!
//! ```
//! use forewarn_model::Document;
//! use forewarn_store::{Inserted, Store};
//!
//! let mut store = Store::open_in_memory()?;
//! let doc = Document { hash: "abc".into(), text: "Troops moved.".into(), ..Default::default() };
//! let first = store.insert_document(&doc, &[], &[], None, "2025-01-01T00:00:00Z")?;
//! let again = store.insert_document(&doc, &[], &[], None, "2025-01-02T00:00:00Z")?;
//! let Inserted::New(id) = first else { panic!("fresh store") };
//! assert_eq!(again, Inserted::Duplicate(id));
//! assert_eq!(store.counts()?.documents, 1);
//! # Ok::<(), forewarn_store::StoreError>(())
//! ```

pub mod alerts;
mod db;
mod events;
pub mod feeds;
mod imported;
mod migrations;
mod observations;

pub use observations::{QuestionScan, RecordedMatches};

use std::path::Path;
use std::time::Duration;

use chrono::NaiveDate;
use forewarn_model::{
    ActorMention, CodedSentence, Document, Forecast, PlaceMention, Question, Quote,
};
use rusqlite::Connection;

use db::{Db, Dialect, Exec, Row, vals};

/// The advisory lock a PostgreSQL writer holds while it writes a document (any fixed number,
/// the same in every build, other than the migrations' lock): see [`Store::insert_document`].
const DOCUMENT_WRITE_LOCK: i64 = 0x666f_7265_646f_6373; // "foredocs"

pub use db::Value;
pub use events::{EventFilter, StoredEvent};
pub use forewarn_model::Measure;
pub use imported::CountFilter;
pub use migrations::SCHEMA_VERSION;

/// Everything that can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("postgresql: {}", postgres_message(.0))]
    Postgres(#[from] postgres::Error),
    #[error("column {index}: expected {expected}, found {found}")]
    ColumnType {
        index: usize,
        expected: &'static str,
        found: String,
    },
    #[error("no row returned by `{0}`")]
    NoRow(String),
    #[error("JSON column: {0}")]
    Json(#[from] serde_json::Error),
    #[error(
        "database schema version {found} is newer than this build supports ({supported}); \
         use a newer forewarn"
    )]
    NewerSchema { found: i64, supported: i64 },
    #[error("corrupt value in `{column}`: {value:?}")]
    Corrupt { column: &'static str, value: String },
}

impl StoreError {
    /// A PostgreSQL transaction aborted by a concurrent one (a deadlock, a serialization
    /// failure): running it again reads what the other committed. Keys two writers may both
    /// claim are written with `ON CONFLICT`, so a unique violation is a real error.
    fn is_transient(&self) -> bool {
        use postgres::error::SqlState;
        let StoreError::Postgres(e) = self else {
            return false;
        };
        e.code().is_some_and(|code| {
            [
                SqlState::T_R_DEADLOCK_DETECTED,
                SqlState::T_R_SERIALIZATION_FAILURE,
            ]
            .contains(code)
        })
    }
}

/// The server's own message and detail where there is one: `postgres::Error`'s `Display`
/// says only "db error".
fn postgres_message(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => match db.detail() {
            Some(detail) => format!("{} ({detail})", db.message()),
            None => db.message().to_string(),
        },
        None => e.to_string(),
    }
}

type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The outcome of [`Store::insert_document`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inserted {
    /// The document was new and got this id.
    New(i64),
    /// A document with the same hash was already stored under this id; nothing was written.
    Duplicate(i64),
}

impl Inserted {
    /// The document's id, whether it was just written or already there.
    pub fn id(self) -> i64 {
        match self {
            Inserted::New(id) | Inserted::Duplicate(id) => id,
        }
    }
}

/// A stored document.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredDocument {
    pub id: i64,
    pub document: Document,
    pub duplicate_of: Option<i64>,
    /// As given by the caller at insert time.
    pub ingested_at: String,
}

/// A stored sentence with its events.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredSentence {
    pub id: i64,
    pub document_id: i64,
    pub sentence: CodedSentence,
}

/// A stored quote with the document it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredQuote {
    pub id: i64,
    pub document_id: i64,
    pub document_title: Option<String>,
    pub published: Option<NaiveDate>,
    pub quote: Quote,
}

/// A sentence found by [`Store::search_sentences`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentenceHit {
    pub sentence_id: i64,
    pub document_id: i64,
    pub text: String,
    pub published: Option<NaiveDate>,
}

/// Row counts per table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StoreCounts {
    pub documents: usize,
    pub sentences: usize,
    pub events: usize,
    pub quotes: usize,
    pub questions: usize,
    pub forecasts: usize,
}

/// A handle on one store: a SQLite file, or a PostgreSQL database.
#[derive(Debug)]
pub struct Store {
    db: Db,
}

/// Whether `target` names a PostgreSQL database (`postgresql://…` or `postgres://…`) rather
/// than a SQLite file.
pub fn is_postgres_url(target: &str) -> bool {
    target.starts_with("postgresql://") || target.starts_with("postgres://")
}

impl Store {
    /// Opens (creating if needed) the store at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store> {
        let conn = Connection::open(path)?;
        // WAL lets readers (a briefing) run while a writer (an ingest) works.
        conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get::<_, String>(0))?;
        // Under WAL, NORMAL only risks the last commits on power loss, never corruption.
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        // Forecasting many questions reads the same sentence and event pages again and again;
        // SQLite's default 2 MB cache sent each back to the kernel (176,000 page reads for 100
        // questions on a 155,000-item store). 32 MB holds a busy question set's pages.
        conn.pragma_update(None, "cache_size", -32_768)?;
        Store::init_sqlite(conn)
    }

    /// Opens the store `target` names: a PostgreSQL URL ([`is_postgres_url`]) or else the path
    /// of a SQLite file.
    pub fn open_target(target: &Path) -> Result<Store> {
        match target.to_str() {
            Some(url) if is_postgres_url(url) => Store::connect_postgres(url),
            _ => Store::open(target),
        }
    }

    /// Connects to the PostgreSQL database at `url` (`postgresql://user@host:port/db`, or any
    /// form libpq's key=value strings take) and brings its schema up to date. The database
    /// must exist; the schema's tables are created in it on first use.
    pub fn connect_postgres(url: &str) -> Result<Store> {
        let mut db = Db::Postgres(Box::new(db::Pg::connect(url)?));
        migrations::pg::migrate_to(&mut db, SCHEMA_VERSION)?;
        Ok(Store { db })
    }

    /// A private store that lives as long as the handle; for tests and one-off runs.
    pub fn open_in_memory() -> Result<Store> {
        Store::init_sqlite(Connection::open_in_memory()?)
    }

    fn init_sqlite(mut conn: Connection) -> Result<Store> {
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(Duration::from_secs(5))?;
        // Statements are built from filters as well as written out; room for the variants.
        conn.set_prepared_statement_cache_capacity(64);
        migrations::migrate_to(&mut conn, SCHEMA_VERSION)?;
        Ok(Store {
            db: Db::Sqlite(conn),
        })
    }

    /// Reads every row of each query (a `SELECT` over the store's tables, which have the same
    /// names and columns on both backends) in one read-only snapshot, so the tables agree with
    /// each other while other connections write. `f` gets the query's index and one row at a
    /// time; nothing is held. For exporters, which read whole tables.
    pub fn read_snapshot<E: From<StoreError>>(
        &mut self,
        queries: &[&str],
        f: impl FnMut(usize, &[Value]) -> Result<(), E>,
    ) -> Result<(), E> {
        self.db.read_snapshot(queries, f)
    }

    /// The schema version of the open database (always [`SCHEMA_VERSION`] after opening).
    pub fn schema_version(&self) -> Result<i64> {
        match &self.db {
            Db::Sqlite(conn) => migrations::current_version(conn),
            Db::Postgres(_) => migrations::pg::current_version(&self.db),
        }
    }

    /// Stores a document with its coded sentences and quotes in one transaction.
    ///
    /// Idempotent by `doc.hash`. `duplicate_of` marks the document as a near-duplicate of an
    /// existing one and must name a stored document. On any error nothing is written.
    pub fn insert_document(
        &mut self,
        doc: &Document,
        sentences: &[CodedSentence],
        quotes: &[Quote],
        duplicate_of: Option<i64>,
        ingested_at: &str,
    ) -> Result<Inserted> {
        let postgres = self.db.dialect() == Dialect::Postgres;
        self.db.transaction(|tx| {
            if postgres {
                // Writers commit in the order they take ids. PostgreSQL hands an id out at
                // insert and shows it at commit, so two writers could commit ids 2 then 1, and
                // a reader that read "everything up to 2" in between (a question's scan, the
                // near-duplicate index) would never read 1. SQLite's one writer gives this
                // order already.
                tx.execute(
                    "SELECT pg_advisory_xact_lock(?1)",
                    &vals![DOCUMENT_WRITE_LOCK],
                )?;
            }
            // ON CONFLICT rather than a look first: two writers racing with the same document
            // (two ingests of overlapping corpora on one PostgreSQL database) both get here,
            // and the second's insert waits for the first, then writes nothing.
            let inserted = tx.query_opt(
                "INSERT INTO documents
                     (hash, title, text, url, source, author, published, origin, duplicate_of,
                      ingested_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                 ON CONFLICT (hash) DO NOTHING RETURNING id",
                &vals![
                    &doc.hash,
                    &doc.title,
                    &doc.text,
                    &doc.url,
                    &doc.source,
                    &doc.author,
                    doc.published.map(date_to_sql),
                    &doc.origin,
                    duplicate_of,
                    ingested_at,
                ],
            )?;
            let document_id: i64 = match inserted {
                Some(mut row) => row.take(0)?,
                None => {
                    let id = find_hash(tx, &doc.hash)?.ok_or(StoreError::NoRow(
                        "a document whose hash conflicted".to_string(),
                    ))?;
                    return Ok(Inserted::Duplicate(id));
                }
            };
            for s in sentences {
                let sentence_id: i64 = tx
                    .query_one(
                        "INSERT INTO sentences
                             (document_id, idx, text, span_start, span_end, actors, places)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
                        &vals![
                            document_id,
                            int(s.index),
                            &s.text,
                            int(s.span.0),
                            int(s.span.1),
                            serde_json::to_string(&s.actors)?,
                            serde_json::to_string(&s.places)?,
                        ],
                    )?
                    .take(0)?;
                for (ordinal, e) in s.events.iter().enumerate() {
                    let first_country = |actors: &[forewarn_model::ActorRef]| {
                        actors.iter().find_map(|a| a.country.clone())
                    };
                    let event_id: i64 = tx
                        .query_one(
                            "INSERT INTO events
                                 (sentence_id, document_id, ordinal, event_type, mode, context,
                                  cameo, source, target, location, date, negated, hypothetical,
                                  future, trigger_text, span_start, span_end, confidence, rule,
                                  source_country, target_country, location_country)
                             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,
                                     ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)
                             RETURNING id",
                            &vals![
                                sentence_id,
                                document_id,
                                int(ordinal),
                                e.event_type.as_str(),
                                &e.mode,
                                serde_json::to_string(&e.context)?,
                                &e.cameo,
                                serde_json::to_string(&e.source)?,
                                serde_json::to_string(&e.target)?,
                                e.location.as_ref().map(serde_json::to_string).transpose()?,
                                e.date.map(date_to_sql),
                                e.negated,
                                e.hypothetical,
                                e.future,
                                &e.trigger,
                                int(e.span.0),
                                int(e.span.1),
                                f64::from(e.confidence),
                                &e.rule,
                                first_country(&e.source),
                                first_country(&e.target),
                                e.location.as_ref().and_then(|l| l.country.clone()),
                            ],
                        )?
                        .take(0)?;
                    for (role, actors) in [("source", &e.source), ("target", &e.target)] {
                        for country in actors.iter().filter_map(|a| a.country.as_deref()) {
                            tx.execute(
                                "INSERT INTO event_countries (event_id, role, country)
                                 VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
                                &vals![event_id, role, country],
                            )?;
                        }
                    }
                }
            }
            for q in quotes {
                tx.execute(
                    "INSERT INTO quotes (document_id, sentence_idx, speaker, text)
                     VALUES (?1, ?2, ?3, ?4)",
                    &vals![document_id, int(q.sentence_index), &q.speaker, &q.text],
                )?;
            }
            Ok(Inserted::New(document_id))
        })
    }

    /// Stores a question, replacing an earlier one with the same id. `added_at` is kept from
    /// the first time the question was stored.
    pub fn put_question(&mut self, q: &Question, toml_source: &str, added_at: &str) -> Result<()> {
        self.db.execute(
            "INSERT INTO questions (id, toml, question, added_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (id) DO UPDATE SET toml = excluded.toml, question = excluded.question",
            &vals![&q.id, toml_source, serde_json::to_string(q)?, added_at],
        )?;
        Ok(())
    }

    /// Stores a forecast, replacing one for the same question and date.
    pub fn save_forecast(&mut self, f: &Forecast) -> Result<()> {
        self.db.execute(
            "INSERT INTO forecasts (question_id, as_of, probability, log_odds, payload)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (question_id, as_of) DO UPDATE SET probability = excluded.probability,
                 log_odds = excluded.log_odds, payload = excluded.payload",
            &vals![
                &f.question_id,
                date_to_sql(f.as_of),
                f.probability,
                f.log_odds,
                serde_json::to_string(f)?
            ],
        )?;
        Ok(())
    }

    /// The id of the document with this hash, if stored.
    pub fn has_hash(&self, hash: &str) -> Result<Option<i64>> {
        self.db.with(|c| find_hash(c, hash))
    }

    pub fn document(&self, id: i64) -> Result<Option<StoredDocument>> {
        self.db
            .query_opt(
                &format!("SELECT {DOCUMENT_COLUMNS} FROM documents WHERE id = ?1"),
                &vals![id],
            )?
            .map(|row| DocumentRow::read(row)?.into_stored())
            .transpose()
    }

    /// Up to `limit` documents in id order, starting after `after_id` (a cursor: pass the last
    /// id of the previous page).
    pub fn documents(&self, limit: usize, after_id: Option<i64>) -> Result<Vec<StoredDocument>> {
        self.db
            .query(
                &format!(
                    "SELECT {DOCUMENT_COLUMNS} FROM documents WHERE id > ?1 ORDER BY id LIMIT ?2"
                ),
                &vals![after_id.unwrap_or(i64::MIN), int(limit)],
            )?
            .into_iter()
            .map(|row| DocumentRow::read(row)?.into_stored())
            .collect()
    }

    /// `(id, text)` of every stored document with an id above `after_id`, in id order, for
    /// near-duplicate detection (0 gives them all). Documents are never deleted, so ids only
    /// grow and a caller that remembers the last id it saw picks up what other connections
    /// stored since.
    pub fn document_texts_for_dedup(&self, after_id: i64) -> Result<Vec<(i64, String)>> {
        self.db
            .query(
                "SELECT id, text FROM documents WHERE id > ?1 ORDER BY id",
                &vals![after_id],
            )?
            .into_iter()
            .map(|mut row| Ok((row.take(0)?, row.take(1)?)))
            .collect()
    }

    /// The sentences of a document in order, each with its events.
    pub fn sentences(&self, document_id: i64) -> Result<Vec<StoredSentence>> {
        // A document is written in one transaction, so its sentences and events are seen
        // together without a snapshot.
        let mut events = self.db.with(|c| {
            Store::events_by_sentence(
                c,
                "SELECT {EVENT_COLUMNS} FROM events e WHERE e.document_id = ?1
                 ORDER BY e.sentence_id, e.ordinal",
                &vals![document_id],
            )
        })?;
        self.db
            .query(
                "SELECT id, document_id, idx, text, span_start, span_end, actors, places
                 FROM sentences WHERE document_id = ?1 ORDER BY idx",
                &vals![document_id],
            )?
            .into_iter()
            .map(|mut row| {
                let id: i64 = row.take(0)?;
                Ok(StoredSentence {
                    id,
                    document_id: row.take(1)?,
                    sentence: CodedSentence {
                        index: row.take(2)?,
                        text: row.take(3)?,
                        span: (row.take(4)?, row.take(5)?),
                        events: events.remove(&id).unwrap_or_default(),
                        actors: serde_json::from_str::<Vec<ActorMention>>(&row.take::<String>(6)?)?,
                        places: serde_json::from_str::<Vec<PlaceMention>>(&row.take::<String>(7)?)?,
                    },
                })
            })
            .collect()
    }

    /// Quotes from documents published on or before `as_of` (every quote when `None`, undated
    /// documents included), ordered by publication date.
    pub fn quotes_until(&self, as_of: Option<NaiveDate>) -> Result<Vec<StoredQuote>> {
        self.db
            .query(
                "SELECT q.id, q.document_id, d.title, d.published, q.sentence_idx, q.speaker, q.text
                 FROM quotes q JOIN documents d ON d.id = q.document_id
                 WHERE CAST(?1 AS TEXT) IS NULL
                    OR (d.published IS NOT NULL AND d.published <= ?1)
                 ORDER BY d.published, q.document_id, q.id",
                &vals![as_of.map(date_to_sql)],
            )?
            .into_iter()
            .map(|mut row| {
                Ok(StoredQuote {
                    id: row.take(0)?,
                    document_id: row.take(1)?,
                    document_title: row.take(2)?,
                    published: opt_date_from_sql("documents.published", row.take(3)?)?,
                    quote: Quote {
                        sentence_index: row.take(4)?,
                        speaker: row.take(5)?,
                        text: row.take(6)?,
                    },
                })
            })
            .collect()
    }

    /// Sentences containing all the words of `query` (plain words, not FTS syntax), best
    /// match first.
    pub fn search_sentences(&self, query: &str, limit: usize) -> Result<Vec<SentenceHit>> {
        let words: Vec<&str> = query.split_whitespace().collect();
        if words.is_empty() {
            return Ok(Vec::new());
        }
        let (sql, search) = match self.db.dialect() {
            // Quoting each word keeps user text ("U.S.-led", "NOT") from being read as FTS5
            // syntax.
            Dialect::Sqlite => (
                "SELECT s.id, s.document_id, s.text, d.published
                 FROM sentences_fts f JOIN sentences s ON s.id = f.rowid
                                      JOIN documents d ON d.id = s.document_id
                 WHERE sentences_fts MATCH ?1 ORDER BY f.rank LIMIT ?2",
                words
                    .iter()
                    .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
            // plainto_tsquery reads plain words and ANDs them: no syntax to escape. The
            // 'simple' configuration lower-cases and does not stem, as FTS5's default does.
            Dialect::Postgres => (
                "SELECT s.id, s.document_id, s.text, d.published
                 FROM sentences s JOIN documents d ON d.id = s.document_id
                 WHERE to_tsvector('simple', s.text) @@ plainto_tsquery('simple', ?1)
                 ORDER BY ts_rank(to_tsvector('simple', s.text), plainto_tsquery('simple', ?1))
                     DESC, s.id
                 LIMIT ?2",
                words.join(" "),
            ),
        };
        self.db
            .query(sql, &vals![search, int(limit)])?
            .into_iter()
            .map(|mut row| {
                Ok(SentenceHit {
                    sentence_id: row.take(0)?,
                    document_id: row.take(1)?,
                    text: row.take(2)?,
                    published: opt_date_from_sql("documents.published", row.take(3)?)?,
                })
            })
            .collect()
    }

    /// A question and the TOML it was read from.
    pub fn question(&self, id: &str) -> Result<Option<(Question, String)>> {
        self.db
            .query_opt(
                "SELECT question, toml FROM questions WHERE id = ?1",
                &vals![id],
            )?
            .map(|mut row| {
                let json: String = row.take(0)?;
                Ok((serde_json::from_str(&json)?, row.take(1)?))
            })
            .transpose()
    }

    /// Every stored question, by id.
    pub fn questions(&self) -> Result<Vec<Question>> {
        self.db
            .query("SELECT question FROM questions ORDER BY id", &[])?
            .into_iter()
            .map(|mut row| Ok(serde_json::from_str(&row.take::<String>(0)?)?))
            .collect()
    }

    /// The forecasts made for a question, oldest `as_of` first.
    pub fn forecasts(&self, question_id: &str) -> Result<Vec<Forecast>> {
        self.db
            .query(
                "SELECT payload FROM forecasts WHERE question_id = ?1 ORDER BY as_of",
                &vals![question_id],
            )?
            .into_iter()
            .map(|mut row| Ok(serde_json::from_str(&row.take::<String>(0)?)?))
            .collect()
    }

    pub fn counts(&self) -> Result<StoreCounts> {
        let mut row = self.db.query_one(
            "SELECT (SELECT COUNT(*) FROM documents), (SELECT COUNT(*) FROM sentences),
                    (SELECT COUNT(*) FROM events), (SELECT COUNT(*) FROM quotes),
                    (SELECT COUNT(*) FROM questions), (SELECT COUNT(*) FROM forecasts)",
            &[],
        )?;
        Ok(StoreCounts {
            documents: row.take(0)?,
            sentences: row.take(1)?,
            events: row.take(2)?,
            quotes: row.take(3)?,
            questions: row.take(4)?,
            forecasts: row.take(5)?,
        })
    }
}

fn find_hash(conn: &mut dyn Exec, hash: &str) -> Result<Option<i64>> {
    conn.query_opt("SELECT id FROM documents WHERE hash = ?1", &vals![hash])?
        .map(|mut row| row.take(0))
        .transpose()
}

/// Indexes, offsets and limits as SQL integers; nothing real comes near `i64::MAX`.
fn int(value: usize) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

fn date_to_sql(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

fn date_from_sql(column: &'static str, value: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(value, "%Y-%m-%d").map_err(|_| StoreError::Corrupt {
        column,
        value: value.to_string(),
    })
}

fn opt_date_from_sql(column: &'static str, value: Option<String>) -> Result<Option<NaiveDate>> {
    value.map(|v| date_from_sql(column, &v)).transpose()
}

const DOCUMENT_COLUMNS: &str =
    "id, hash, title, text, url, source, author, published, origin, duplicate_of, ingested_at";

/// A `documents` row as stored.
struct DocumentRow {
    id: i64,
    hash: String,
    title: Option<String>,
    text: String,
    url: Option<String>,
    source: Option<String>,
    author: Option<String>,
    published: Option<String>,
    origin: Option<String>,
    duplicate_of: Option<i64>,
    ingested_at: String,
}

impl DocumentRow {
    fn read(mut row: Row) -> Result<Self> {
        Ok(DocumentRow {
            id: row.take(0)?,
            hash: row.take(1)?,
            title: row.take(2)?,
            text: row.take(3)?,
            url: row.take(4)?,
            source: row.take(5)?,
            author: row.take(6)?,
            published: row.take(7)?,
            origin: row.take(8)?,
            duplicate_of: row.take(9)?,
            ingested_at: row.take(10)?,
        })
    }

    fn into_stored(self) -> Result<StoredDocument> {
        Ok(StoredDocument {
            id: self.id,
            document: Document {
                hash: self.hash,
                title: self.title,
                text: self.text,
                url: self.url,
                source: self.source,
                author: self.author,
                published: opt_date_from_sql("documents.published", self.published)?,
                origin: self.origin,
            },
            duplicate_of: self.duplicate_of,
            ingested_at: self.ingested_at,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A database left at version 1 (before full-text search) with a document in it is
    /// brought to the current version on open, and the new index covers the old rows.
    #[test]
    fn opens_v1_database_and_migrates_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        {
            let mut conn = Connection::open(&path).unwrap();
            migrations::migrate_to(&mut conn, 1).unwrap();
            assert_eq!(migrations::current_version(&conn).unwrap(), 1);
            conn.execute_batch(
                "INSERT INTO documents (id, hash, text, published, ingested_at)
                     VALUES (1, 'h1', 'Columns crossed the border.', '2025-03-01', 'then');
                 INSERT INTO sentences (document_id, idx, text, span_start, span_end, actors, places)
                     VALUES (1, 0, 'Columns crossed the border.', 0, 27, '[]', '[]');",
            )
            .unwrap();
        }
        let store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
        let hits = store.search_sentences("border", 10).unwrap();
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].document_id, 1);
        assert_eq!(store.has_hash("h1").unwrap(), Some(1));
    }

    /// Deleting an event, a mention or an article takes it out of the daily counts (no
    /// command deletes imported rows yet; the triggers keep the counts true if one does).
    #[test]
    fn deleting_events_or_mentions_uncounts_their_mentions() {
        let mut store = Store::open_in_memory().unwrap();
        let event = |id: &str| forewarn_model::ImportedEvent {
            dataset: "gdelt".into(),
            source_id: id.into(),
            date: chrono::NaiveDate::from_ymd_opt(2022, 2, 10),
            native_type: "153".into(),
            location_country: Some("BLR".into()),
            ..Default::default()
        };
        store
            .insert_imported_events(&[event("1"), event("2")])
            .unwrap();
        let mention = |id: &str, url: &str| forewarn_model::ImportedMention {
            dataset: "gdelt".into(),
            event_source_id: id.into(),
            mentioned_at: "2022-02-11T10:00:00".parse().unwrap(),
            mention_type: Some(1),
            source_name: None,
            url: url.into(),
            sentence: 0,
            confidence: None,
            tone: None,
        };
        store
            .insert_imported_mentions(&[mention("1", "u1"), mention("1", "u2"), mention("2", "u3")])
            .unwrap();
        // The sum of a daily count table after running `sql`.
        let total_after = |store: &Store, sql: &str, table: &str| -> i64 {
            let sum = format!("SELECT CAST(coalesce(sum(n), 0) AS BIGINT) FROM {table}");
            store
                .db
                .with(|c| {
                    c.batch(sql)?;
                    c.query_one(&sum, &[])?.take(0)
                })
                .unwrap()
        };
        assert_eq!(total_after(&store, "", "daily_mention_counts"), 3);
        let delete_event = "DELETE FROM imported_events WHERE source_id = '1'";
        assert_eq!(total_after(&store, delete_event, "daily_mention_counts"), 1);
        let delete_mention = "DELETE FROM imported_mentions WHERE url = 'u3'";
        assert_eq!(
            total_after(&store, delete_mention, "daily_mention_counts"),
            0
        );

        let article = forewarn_model::ImportedArticle {
            dataset: "gkg".into(),
            record_id: "r1".into(),
            published: "2022-02-11T10:00:00".parse().unwrap(),
            source_name: None,
            url: None,
            countries: vec!["BLR".into(), "UKR".into()],
            themes: vec![],
            tone: None,
        };
        store.insert_imported_articles(&[article]).unwrap();
        assert_eq!(total_after(&store, "", "daily_article_counts"), 2);
        let delete_article = "DELETE FROM imported_articles";
        assert_eq!(
            total_after(&store, delete_article, "daily_article_counts"),
            0
        );
    }

    #[test]
    fn refuses_newer_schema() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.db");
        Connection::open(&path)
            .unwrap()
            .pragma_update(None, "user_version", 99)
            .unwrap();
        match Store::open(&path) {
            Err(StoreError::NewerSchema {
                found: 99,
                supported,
            }) => {
                assert_eq!(supported, SCHEMA_VERSION)
            }
            other => panic!("expected NewerSchema, got {other:?}"),
        }
    }
}
