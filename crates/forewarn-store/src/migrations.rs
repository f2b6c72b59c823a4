//! The schema as an ordered list of migrations. Version `n` of a database means the first `n`
//! entries of [`MIGRATIONS`] have been applied; the number lives in `PRAGMA user_version`, which
//! SQLite keeps in the file header and updates inside the migrating transaction.
//!
//! Append only: never edit a migration that has shipped, add a new one.

use rusqlite::{Connection, TransactionBehavior};

use crate::StoreError;

/// Version 1: documents and everything coded from them, questions and forecasts.
const V1: &str = r#"
CREATE TABLE documents (
    id           INTEGER PRIMARY KEY,
    hash         TEXT NOT NULL UNIQUE,
    title        TEXT,
    text         TEXT NOT NULL,
    url          TEXT,
    source       TEXT,
    author       TEXT,
    published    TEXT,              -- YYYY-MM-DD, so text order is date order
    origin       TEXT,
    duplicate_of INTEGER REFERENCES documents(id) ON DELETE SET NULL,
    ingested_at  TEXT NOT NULL
);
CREATE INDEX documents_published ON documents(published);
CREATE INDEX documents_duplicate_of ON documents(duplicate_of);

CREATE TABLE sentences (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx         INTEGER NOT NULL,
    text        TEXT NOT NULL,
    span_start  INTEGER NOT NULL,
    span_end    INTEGER NOT NULL,
    actors      TEXT NOT NULL,      -- JSON [ActorMention]
    places      TEXT NOT NULL,      -- JSON [PlaceMention]
    UNIQUE (document_id, idx)
);

CREATE TABLE events (
    id               INTEGER PRIMARY KEY,
    sentence_id      INTEGER NOT NULL REFERENCES sentences(id) ON DELETE CASCADE,
    document_id      INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ordinal          INTEGER NOT NULL,
    event_type       TEXT NOT NULL,
    mode             TEXT,
    context          TEXT NOT NULL, -- JSON [String]
    cameo            TEXT,
    source           TEXT NOT NULL, -- JSON [ActorRef]
    target           TEXT NOT NULL, -- JSON [ActorRef]
    location         TEXT,          -- JSON Location
    date             TEXT,
    negated          INTEGER NOT NULL,
    hypothetical     INTEGER NOT NULL,
    future           INTEGER NOT NULL,
    trigger_text     TEXT NOT NULL,
    span_start       INTEGER NOT NULL,
    span_end         INTEGER NOT NULL,
    confidence       REAL NOT NULL,
    rule             TEXT NOT NULL,
    -- Denormalised from the JSON columns: first source/target actor with a country.
    source_country   TEXT,
    target_country   TEXT,
    location_country TEXT,
    UNIQUE (sentence_id, ordinal)
);
CREATE INDEX events_document ON events(document_id);
CREATE INDEX events_type ON events(event_type);
CREATE INDEX events_source_country ON events(source_country);
CREATE INDEX events_target_country ON events(target_country);
CREATE INDEX events_location_country ON events(location_country);
CREATE INDEX events_date ON events(date);

-- Every country of every source/target actor, because an event often has several
-- ("Russia and Belarus held exercises") and the single denormalised column keeps only one.
CREATE TABLE event_countries (
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    role     TEXT NOT NULL CHECK (role IN ('source', 'target')),
    country  TEXT NOT NULL,
    PRIMARY KEY (event_id, role, country)
) WITHOUT ROWID;
CREATE INDEX event_countries_country ON event_countries(country, event_id);

CREATE TABLE quotes (
    id           INTEGER PRIMARY KEY,
    document_id  INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    sentence_idx INTEGER NOT NULL,
    speaker      TEXT,
    text         TEXT NOT NULL
);
CREATE INDEX quotes_document ON quotes(document_id);

CREATE TABLE questions (
    id       TEXT PRIMARY KEY,
    toml     TEXT NOT NULL,
    question TEXT NOT NULL,         -- JSON Question
    added_at TEXT NOT NULL
);

-- No foreign key to questions: a forecast run from a TOML file need not store the question first.
CREATE TABLE forecasts (
    question_id TEXT NOT NULL,
    as_of       TEXT NOT NULL,
    probability REAL NOT NULL,
    log_odds    REAL NOT NULL,
    payload     TEXT NOT NULL,      -- JSON Forecast
    PRIMARY KEY (question_id, as_of)
);
"#;

/// Version 2: full-text search over sentences, kept in step by triggers and backfilled.
const V2: &str = r#"
CREATE VIRTUAL TABLE sentences_fts USING fts5(text, content='sentences', content_rowid='id');
CREATE TRIGGER sentences_fts_insert AFTER INSERT ON sentences BEGIN
    INSERT INTO sentences_fts(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER sentences_fts_delete AFTER DELETE ON sentences BEGIN
    INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER sentences_fts_update AFTER UPDATE OF text ON sentences BEGIN
    INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO sentences_fts(rowid, text) VALUES (new.id, new.text);
END;
INSERT INTO sentences_fts(sentences_fts) VALUES ('rebuild');
"#;

pub(crate) const MIGRATIONS: &[&str] = &[V1, V2];

/// The schema version this build writes and the newest it can read.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// The version recorded in the database file.
pub(crate) fn current_version(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn.pragma_query_value(None, "user_version", |row| row.get(0))?)
}

/// Applies every pending migration up to `target` in one transaction: a failure leaves the
/// database at the version it had.
pub(crate) fn migrate_to(conn: &mut Connection, target: i64) -> Result<(), StoreError> {
    // IMMEDIATE takes the write lock before reading the version, so two processes opening a
    // fresh file at once cannot both run the same migration.
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let found = current_version(&tx)?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema {
            found,
            supported: SCHEMA_VERSION,
        });
    }
    if found < 0 {
        return Err(StoreError::Corrupt {
            column: "user_version",
            value: found.to_string(),
        });
    }
    for version in found + 1..=target.min(SCHEMA_VERSION) {
        tx.execute_batch(MIGRATIONS[(version - 1) as usize])?;
        tx.pragma_update(None, "user_version", version)?;
    }
    tx.commit()?;
    Ok(())
}
