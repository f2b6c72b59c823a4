//! The schema as an ordered list of migrations. Version `n` of a database means the first `n`
//! entries of [`MIGRATIONS`] have been applied; the number lives in `PRAGMA user_version`, which
//! SQLite keeps in the file header and updates inside the migrating transaction.
//!
//! Append only: never edit a migration that has shipped, add a new one. Each has its twin for
//! PostgreSQL in [`pg`], under the same number: same tables, columns, keys and invariants.

use rusqlite::{Connection, TransactionBehavior};

pub(crate) mod pg;

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

/// Version 3: events imported from event datasets (GDELT, ACLED, mapped CSV lists) and daily
/// counts per (day, dataset, source, target, location country, PLOVER type, mode), kept
/// incrementally by triggers on both imported and news-coded events and backfilled here.
/// News events count only when factual, on their own date or else the document's; `''` stands
/// for "none" so the key columns can be a primary key.
const V3: &str = r#"
CREATE TABLE imported_events (
    id               INTEGER PRIMARY KEY,
    dataset          TEXT NOT NULL,
    source_id        TEXT NOT NULL,
    date             TEXT,
    native_type      TEXT NOT NULL,
    event_type       TEXT,
    mode             TEXT,
    source_country   TEXT,
    target_country   TEXT,
    location_country TEXT,
    admin1           TEXT,
    location         TEXT,
    lat              REAL,
    lon              REAL,
    description      TEXT,
    url              TEXT,
    UNIQUE (dataset, source_id)
);
CREATE INDEX imported_events_date ON imported_events(date);

CREATE TABLE daily_counts (
    day              TEXT NOT NULL,
    dataset          TEXT NOT NULL,
    source_country   TEXT NOT NULL,
    target_country   TEXT NOT NULL,
    location_country TEXT NOT NULL,
    event_type       TEXT NOT NULL,
    mode             TEXT NOT NULL,
    n                INTEGER NOT NULL,
    PRIMARY KEY (day, dataset, source_country, target_country, location_country, event_type, mode)
) WITHOUT ROWID;

CREATE TRIGGER imported_events_count AFTER INSERT ON imported_events
WHEN new.date IS NOT NULL BEGIN
    INSERT INTO daily_counts VALUES (new.date, new.dataset, coalesce(new.source_country, ''),
        coalesce(new.target_country, ''), coalesce(new.location_country, ''),
        coalesce(new.event_type, ''), coalesce(new.mode, ''), 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER imported_events_uncount AFTER DELETE ON imported_events
WHEN old.date IS NOT NULL BEGIN
    UPDATE daily_counts SET n = n - 1 WHERE day = old.date AND dataset = old.dataset
        AND source_country = coalesce(old.source_country, '')
        AND target_country = coalesce(old.target_country, '')
        AND location_country = coalesce(old.location_country, '')
        AND event_type = coalesce(old.event_type, '') AND mode = coalesce(old.mode, '');
END;
CREATE TRIGGER events_count AFTER INSERT ON events
WHEN new.negated = 0 AND new.hypothetical = 0 AND new.future = 0 BEGIN
    INSERT INTO daily_counts
    SELECT coalesce(new.date, d.published), 'news', coalesce(new.source_country, ''),
        coalesce(new.target_country, ''), coalesce(new.location_country, ''), new.event_type,
        coalesce(new.mode, ''), 1
    FROM documents d WHERE d.id = new.document_id AND coalesce(new.date, d.published) IS NOT NULL
    ON CONFLICT DO UPDATE SET n = n + 1;
END;
INSERT INTO daily_counts
SELECT coalesce(e.date, d.published), 'news', coalesce(e.source_country, ''),
    coalesce(e.target_country, ''), coalesce(e.location_country, ''), e.event_type,
    coalesce(e.mode, ''), count(*)
FROM events e JOIN documents d ON d.id = e.document_id
WHERE e.negated = 0 AND e.hypothetical = 0 AND e.future = 0
    AND coalesce(e.date, d.published) IS NOT NULL
GROUP BY 1, 3, 4, 5, 6, 7;
"#;

/// Version 4: the server's API tokens (SHA-256 of the token, never the token), alert rules with
/// the evaluator's memory, and fired alerts with their webhook delivery state (an outbox: ingest
/// only writes a row, a background worker delivers it).
const V4: &str = r#"
CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    hash         TEXT NOT NULL UNIQUE,   -- hex SHA-256 of the bearer token
    created_at   TEXT NOT NULL
);

CREATE TABLE alert_rules (
    id             INTEGER PRIMARY KEY,
    question_id    TEXT,                 -- NULL for rules that watch no question (surges)
    kind           TEXT NOT NULL,        -- crosses | moves | indicator | surge
    params         TEXT NOT NULL,        -- JSON, read by the evaluator
    webhook_url    TEXT,
    webhook_secret TEXT,                 -- HMAC key; the receiver holds the same secret
    state          TEXT,                 -- JSON, what the evaluator saw last time
    created_at     TEXT NOT NULL
);

CREATE TABLE alert_events (
    id              INTEGER PRIMARY KEY,
    rule_id         INTEGER NOT NULL REFERENCES alert_rules(id) ON DELETE CASCADE,
    fired_at        TEXT NOT NULL,
    message         TEXT NOT NULL,
    payload         TEXT NOT NULL,       -- JSON body of the webhook
    acknowledged_at TEXT,
    delivery        TEXT NOT NULL,       -- none | pending | delivered | failed
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,                -- RFC 3339; due when <= now
    last_error      TEXT
);
CREATE INDEX alert_events_delivery ON alert_events(delivery, next_attempt_at);
"#;

/// Version 5: subscribed feeds with their HTTP validators, and every article URL fetched from
/// them with what became of it, so a fetch is conditional and never stores a page twice.
const V5: &str = r#"
CREATE TABLE feeds (
    id            INTEGER PRIMARY KEY,
    url           TEXT NOT NULL UNIQUE,
    name          TEXT,
    etag          TEXT,
    last_modified TEXT,                -- as the server sent it, echoed in If-Modified-Since
    last_fetched  TEXT,                -- RFC 3339, last try whatever its outcome
    last_error    TEXT,                -- NULL after a success
    added_at      TEXT NOT NULL
);

CREATE TABLE fetched_urls (
    url         TEXT PRIMARY KEY,
    feed_id     INTEGER REFERENCES feeds(id) ON DELETE SET NULL,
    status      TEXT NOT NULL,         -- ingested | duplicate | empty | failed
    document_id INTEGER REFERENCES documents(id) ON DELETE SET NULL,
    error       TEXT,
    attempts    INTEGER NOT NULL,
    fetched_at  TEXT NOT NULL
) WITHOUT ROWID;

-- A feed item is skipped when any stored document already has its URL.
CREATE INDEX documents_url ON documents(url);
"#;

/// Version 6: mentions of imported events (GDELT Mentions files) and their daily counts, a
/// second measure beside `daily_counts` with the same key: a mention counts on the day the
/// article appeared, under the attributes of the event it mentions. And GKG articles, a third
/// measure: an article counts on its day once for each country it names. Triggers on both tables
/// keep the counts whatever the import order (mentions before their events count when the
/// events arrive). Like the triggers of version 3 they count inserts and deletes only: imported
/// rows are written with `INSERT OR IGNORE` and never updated or replaced (a replace would
/// count twice, since recursive triggers are off).
const V6: &str = r#"
CREATE TABLE imported_mentions (
    dataset         TEXT NOT NULL,
    event_source_id TEXT NOT NULL,
    mentioned_at    TEXT NOT NULL,     -- YYYY-MM-DDTHH:MM:SS, UTC
    mention_type    INTEGER,           -- 1 web, 2 citation only, 3 CORE, 4 DTIC, 5 JSTOR, 6 non-textual
    source_name     TEXT,
    url             TEXT NOT NULL,
    sentence        INTEGER NOT NULL,
    confidence      INTEGER,
    tone            REAL,
    PRIMARY KEY (dataset, event_source_id, url, sentence, mentioned_at)
) WITHOUT ROWID;

CREATE TABLE daily_mention_counts (
    day              TEXT NOT NULL,
    dataset          TEXT NOT NULL,
    source_country   TEXT NOT NULL,
    target_country   TEXT NOT NULL,
    location_country TEXT NOT NULL,
    event_type       TEXT NOT NULL,
    mode             TEXT NOT NULL,
    n                INTEGER NOT NULL,
    PRIMARY KEY (day, dataset, source_country, target_country, location_country, event_type, mode)
) WITHOUT ROWID;

CREATE TABLE imported_articles (
    dataset     TEXT NOT NULL,
    record_id   TEXT NOT NULL,
    published   TEXT NOT NULL,         -- YYYY-MM-DDTHH:MM:SS, UTC
    source_name TEXT,
    url         TEXT,
    countries   TEXT NOT NULL,         -- JSON array of ISO3 codes, each once
    themes      TEXT NOT NULL,         -- JSON array of GKG themes
    tone        REAL,
    PRIMARY KEY (dataset, record_id)
) WITHOUT ROWID;

CREATE TABLE daily_article_counts (
    day              TEXT NOT NULL,
    dataset          TEXT NOT NULL,
    source_country   TEXT NOT NULL,    -- always '': articles are counted by country alone
    target_country   TEXT NOT NULL,
    location_country TEXT NOT NULL,
    event_type       TEXT NOT NULL,
    mode             TEXT NOT NULL,
    n                INTEGER NOT NULL,
    PRIMARY KEY (day, dataset, source_country, target_country, location_country, event_type, mode)
) WITHOUT ROWID;

CREATE TRIGGER imported_articles_count AFTER INSERT ON imported_articles BEGIN
    INSERT INTO daily_article_counts
    SELECT substr(new.published, 1, 10), new.dataset, '', '', c.value, '', '', 1
    FROM json_each(new.countries) c WHERE true
    ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER imported_articles_uncount AFTER DELETE ON imported_articles BEGIN
    UPDATE daily_article_counts SET n = n - 1
    WHERE day = substr(old.published, 1, 10) AND dataset = old.dataset
        AND location_country IN (SELECT value FROM json_each(old.countries));
END;

CREATE TRIGGER imported_mentions_count AFTER INSERT ON imported_mentions BEGIN
    INSERT INTO daily_mention_counts
    SELECT substr(new.mentioned_at, 1, 10), e.dataset, coalesce(e.source_country, ''),
        coalesce(e.target_country, ''), coalesce(e.location_country, ''),
        coalesce(e.event_type, ''), coalesce(e.mode, ''), 1
    FROM imported_events e WHERE e.dataset = new.dataset AND e.source_id = new.event_source_id
    ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER imported_mentions_uncount AFTER DELETE ON imported_mentions BEGIN
    UPDATE daily_mention_counts SET n = n - 1
    WHERE day = substr(old.mentioned_at, 1, 10) AND dataset = old.dataset
        AND (source_country, target_country, location_country, event_type, mode) IN (
            SELECT coalesce(e.source_country, ''), coalesce(e.target_country, ''),
                coalesce(e.location_country, ''), coalesce(e.event_type, ''),
                coalesce(e.mode, '')
            FROM imported_events e
            WHERE e.dataset = old.dataset AND e.source_id = old.event_source_id);
END;
CREATE TRIGGER imported_events_count_mentions AFTER INSERT ON imported_events BEGIN
    INSERT INTO daily_mention_counts
    SELECT substr(m.mentioned_at, 1, 10), new.dataset, coalesce(new.source_country, ''),
        coalesce(new.target_country, ''), coalesce(new.location_country, ''),
        coalesce(new.event_type, ''), coalesce(new.mode, ''), count(*)
    FROM imported_mentions m
    WHERE m.dataset = new.dataset AND m.event_source_id = new.source_id
    GROUP BY 1
    ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER imported_events_uncount_mentions AFTER DELETE ON imported_events BEGIN
    UPDATE daily_mention_counts SET n = n - (
        SELECT count(*) FROM imported_mentions m
        WHERE m.dataset = old.dataset AND m.event_source_id = old.source_id
            AND substr(m.mentioned_at, 1, 10) = daily_mention_counts.day)
    WHERE dataset = old.dataset AND source_country = coalesce(old.source_country, '')
        AND target_country = coalesce(old.target_country, '')
        AND location_country = coalesce(old.location_country, '')
        AND event_type = coalesce(old.event_type, '') AND mode = coalesce(old.mode, '');
END;
"#;

/// Version 7: per question, the stored sentences its indicators matched and how far the
/// sentences have been scanned, so a forecast reads what matched instead of matching again.
/// `matcher` is the question's match key (its indicators and the matcher's build): a different
/// key means the rows are stale. Sentence ids only grow while nothing is deleted; a deletion
/// could hand an id out again, so it forgets every scan.
const V7: &str = r#"
CREATE TABLE question_matches (
    question_id TEXT NOT NULL,
    sentence_id INTEGER NOT NULL REFERENCES sentences(id) ON DELETE CASCADE,
    PRIMARY KEY (question_id, sentence_id)
) WITHOUT ROWID;
CREATE INDEX question_matches_sentence ON question_matches(sentence_id);

CREATE TABLE question_scans (
    question_id TEXT PRIMARY KEY,
    matcher     TEXT NOT NULL,
    through     INTEGER NOT NULL    -- every sentence with an id up to this one was matched
);

CREATE TRIGGER sentences_forget_scans AFTER DELETE ON sentences BEGIN
    DELETE FROM question_scans;
END;
"#;

pub(crate) const MIGRATIONS: &[&str] = &[V1, V2, V3, V4, V5, V6, V7];

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
