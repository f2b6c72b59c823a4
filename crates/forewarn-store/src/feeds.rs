//! Subscribed feeds with their HTTP validators, and the article URLs fetched from them, so a
//! later fetch sends a conditional GET and never fetches or stores the same page twice.

use crate::db::{Row, vals};
use crate::{Result, Store};

/// A subscribed RSS or Atom feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feed {
    pub id: i64,
    pub url: String,
    pub name: Option<String>,
    /// Validators from the last successful fetch, sent back as `If-None-Match` and
    /// `If-Modified-Since`.
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// When the feed was last tried, successfully or not (RFC 3339, as given by the caller).
    pub last_fetched: Option<String>,
    /// Why the last try failed; `None` after a success.
    pub last_error: Option<String>,
    pub added_at: String,
}

/// What [`Store::update_feed_url`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedUrlUpdate {
    Updated,
    /// Another feed is subscribed at the new URL already (URLs are unique), so this one keeps
    /// its old URL.
    Taken {
        by_feed: i64,
    },
    NoSuchFeed,
}

/// What became of one article URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlStatus {
    /// Stored as a new document.
    Ingested,
    /// Fetched, but its text was already stored (same content hash) or it was the same page
    /// under another URL.
    Duplicate,
    /// Fetched, but it held no text to ingest (or a type we do not read).
    Empty,
    /// The fetch failed; tried again on later runs up to a limit the caller sets.
    Failed,
}

impl UrlStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            UrlStatus::Ingested => "ingested",
            UrlStatus::Duplicate => "duplicate",
            UrlStatus::Empty => "empty",
            UrlStatus::Failed => "failed",
        }
    }

    fn parse(value: &str) -> Option<UrlStatus> {
        Some(match value {
            "ingested" => UrlStatus::Ingested,
            "duplicate" => UrlStatus::Duplicate,
            "empty" => UrlStatus::Empty,
            "failed" => UrlStatus::Failed,
            _ => return None,
        })
    }
}

/// The record of one article URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchedUrl {
    pub url: String,
    pub feed_id: Option<i64>,
    pub status: UrlStatus,
    /// The document the page became, or the stored document it duplicated.
    pub document_id: Option<i64>,
    pub error: Option<String>,
    /// How many times the URL was tried.
    pub attempts: u32,
    pub fetched_at: String,
}

impl Store {
    /// Subscribes to a feed. Adding a known URL again keeps its fetch state and only replaces
    /// the name when one is given. Returns the feed's id and whether it was new.
    pub fn add_feed(
        &mut self,
        url: &str,
        name: Option<&str>,
        added_at: &str,
    ) -> Result<(i64, bool)> {
        self.db.transaction(|tx| {
            // ON CONFLICT, not a look first: two processes adding the same feed at once both
            // get here, and the second's insert waits for the first, then writes nothing.
            let inserted = tx.query_opt(
                "INSERT INTO feeds (url, name, added_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (url) DO NOTHING RETURNING id",
                &vals![url, name, added_at],
            )?;
            if let Some(mut row) = inserted {
                return Ok((row.take(0)?, true));
            }
            let id: i64 = tx
                .query_one("SELECT id FROM feeds WHERE url = ?1", &vals![url])?
                .take(0)?;
            if name.is_some() {
                tx.execute("UPDATE feeds SET name = ?2 WHERE id = ?1", &vals![id, name])?;
            }
            Ok((id, false))
        })
    }

    /// Every subscribed feed, oldest first.
    pub fn feeds(&self) -> Result<Vec<Feed>> {
        self.db
            .query(
                &format!("SELECT {FEED_COLUMNS} FROM feeds ORDER BY id"),
                &[],
            )?
            .into_iter()
            .map(read_feed)
            .collect()
    }

    pub fn feed(&self, id: i64) -> Result<Option<Feed>> {
        self.db
            .query_opt(
                &format!("SELECT {FEED_COLUMNS} FROM feeds WHERE id = ?1"),
                &vals![id],
            )?
            .map(read_feed)
            .transpose()
    }

    /// Moves a feed to a new URL (its server redirected it there for good), keeping its name,
    /// validators and history.
    pub fn update_feed_url(&mut self, id: i64, new_url: &str) -> Result<FeedUrlUpdate> {
        self.db.transaction(|tx| {
            let holder: Option<i64> = tx
                .query_opt(
                    "SELECT id FROM feeds WHERE url = ?1 AND id != ?2",
                    &vals![new_url, id],
                )?
                .map(|mut row| row.take(0))
                .transpose()?;
            Ok(match holder {
                Some(by_feed) => FeedUrlUpdate::Taken { by_feed },
                None => match tx.execute(
                    "UPDATE feeds SET url = ?2 WHERE id = ?1",
                    &vals![id, new_url],
                )? {
                    0 => FeedUrlUpdate::NoSuchFeed,
                    _ => FeedUrlUpdate::Updated,
                },
            })
        })
    }

    /// Records a successful fetch (a fresh body or a 304): the validators to send next time
    /// replace the old ones and the last error is cleared.
    pub fn record_feed_success(
        &mut self,
        id: i64,
        etag: Option<&str>,
        last_modified: Option<&str>,
        fetched_at: &str,
    ) -> Result<()> {
        self.db.execute(
            "UPDATE feeds SET etag = ?2, last_modified = ?3, last_fetched = ?4, last_error = NULL
             WHERE id = ?1",
            &vals![id, etag, last_modified, fetched_at],
        )?;
        Ok(())
    }

    /// Records a failed fetch; the validators are kept so the next try is still conditional.
    pub fn record_feed_error(&mut self, id: i64, error: &str, fetched_at: &str) -> Result<()> {
        self.db.execute(
            "UPDATE feeds SET last_fetched = ?2, last_error = ?3 WHERE id = ?1",
            &vals![id, fetched_at, error],
        )?;
        Ok(())
    }

    /// The record of an article URL, if it was ever tried.
    pub fn fetched_url(&self, url: &str) -> Result<Option<FetchedUrl>> {
        self.db
            .query_opt(
                "SELECT url, feed_id, status, document_id, error, attempts, fetched_at
                 FROM fetched_urls WHERE url = ?1",
                &vals![url],
            )?
            .map(|mut row| {
                let status: String = row.take(2)?;
                let status = UrlStatus::parse(&status).ok_or(crate::StoreError::Corrupt {
                    column: "fetched_urls.status",
                    value: status,
                })?;
                Ok(FetchedUrl {
                    url: row.take(0)?,
                    feed_id: row.take(1)?,
                    status,
                    document_id: row.take(3)?,
                    error: row.take(4)?,
                    attempts: row.take(5)?,
                    fetched_at: row.take(6)?,
                })
            })
            .transpose()
    }

    /// Records what became of an article URL; trying a URL again counts one more attempt.
    pub fn record_fetched_url(
        &mut self,
        url: &str,
        feed_id: Option<i64>,
        status: UrlStatus,
        document_id: Option<i64>,
        error: Option<&str>,
        fetched_at: &str,
    ) -> Result<()> {
        self.db.execute(
            "INSERT INTO fetched_urls (url, feed_id, status, document_id, error, attempts, fetched_at)
             VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6)
             ON CONFLICT (url) DO UPDATE SET status = excluded.status,
                 document_id = excluded.document_id, error = excluded.error,
                 attempts = fetched_urls.attempts + 1, fetched_at = excluded.fetched_at",
            &vals![url, feed_id, status.as_str(), document_id, error, fetched_at],
        )?;
        Ok(())
    }

    /// The first stored document whose `url` is this one (from any ingest path, so a page
    /// saved to disk and ingested earlier is not fetched again).
    pub fn document_id_by_url(&self, url: &str) -> Result<Option<i64>> {
        self.db
            .query_one("SELECT MIN(id) FROM documents WHERE url = ?1", &vals![url])?
            .take(0)
    }
}

const FEED_COLUMNS: &str = "id, url, name, etag, last_modified, last_fetched, last_error, added_at";

fn read_feed(mut row: Row) -> Result<Feed> {
    Ok(Feed {
        id: row.take(0)?,
        url: row.take(1)?,
        name: row.take(2)?,
        etag: row.take(3)?,
        last_modified: row.take(4)?,
        last_fetched: row.take(5)?,
        last_error: row.take(6)?,
        added_at: row.take(7)?,
    })
}

#[cfg(test)]
mod tests {
    use forewarn_model::Document;

    use super::*;

    #[test]
    fn feeds_keep_validators_across_errors() {
        let mut store = Store::open_in_memory().unwrap();
        let (id, new) = store.add_feed("http://a/feed", Some("A"), "t0").unwrap();
        assert!(new);
        assert_eq!(
            store.add_feed("http://a/feed", None, "t1").unwrap(),
            (id, false)
        );
        store
            .record_feed_success(
                id,
                Some("\"v1\""),
                Some("Mon, 01 Jan 2024 00:00:00 GMT"),
                "t2",
            )
            .unwrap();
        store.record_feed_error(id, "HTTP 500", "t3").unwrap();
        let feed = store.feed(id).unwrap().unwrap();
        assert_eq!(feed.name.as_deref(), Some("A"));
        assert_eq!(feed.etag.as_deref(), Some("\"v1\""));
        assert_eq!(feed.last_error.as_deref(), Some("HTTP 500"));
        assert_eq!(feed.last_fetched.as_deref(), Some("t3"));
        store
            .record_feed_success(id, Some("\"v1\""), None, "t4")
            .unwrap();
        assert_eq!(store.feeds().unwrap()[0].last_error, None);
    }

    #[test]
    fn a_feed_moves_to_a_free_url_only() {
        let mut store = Store::open_in_memory().unwrap();
        let (old, _) = store.add_feed("http://a/old", Some("A"), "t0").unwrap();
        let (other, _) = store.add_feed("http://b/feed", None, "t0").unwrap();
        store
            .record_feed_success(old, Some("\"v1\""), None, "t1")
            .unwrap();
        let cases: &[(i64, &str, FeedUrlUpdate, &str)] = &[
            (old, "http://a/new", FeedUrlUpdate::Updated, "http://a/new"),
            // Moving to where it already is changes nothing and is not a clash with itself.
            (old, "http://a/new", FeedUrlUpdate::Updated, "http://a/new"),
            (
                old,
                "http://b/feed",
                FeedUrlUpdate::Taken { by_feed: other },
                "http://a/new",
            ),
        ];
        for (id, new_url, outcome, stored) in cases {
            assert_eq!(
                store.update_feed_url(*id, new_url).unwrap(),
                *outcome,
                "{new_url}"
            );
            assert_eq!(store.feed(*id).unwrap().unwrap().url, *stored);
        }
        let moved = store.feed(old).unwrap().unwrap();
        assert_eq!(
            (moved.name.as_deref(), moved.etag.as_deref()),
            (Some("A"), Some("\"v1\""))
        );
        assert_eq!(
            store.update_feed_url(999, "http://c/feed").unwrap(),
            FeedUrlUpdate::NoSuchFeed
        );
        assert_eq!(store.feeds().unwrap().len(), 2);
    }

    #[test]
    fn fetched_urls_count_attempts() {
        let mut store = Store::open_in_memory().unwrap();
        assert_eq!(store.fetched_url("http://a/1").unwrap(), None);
        store
            .record_fetched_url(
                "http://a/1",
                None,
                UrlStatus::Failed,
                None,
                Some("HTTP 503"),
                "t0",
            )
            .unwrap();
        store
            .record_fetched_url(
                "http://a/1",
                None,
                UrlStatus::Failed,
                None,
                Some("HTTP 503"),
                "t1",
            )
            .unwrap();
        let record = store.fetched_url("http://a/1").unwrap().unwrap();
        assert_eq!((record.status, record.attempts), (UrlStatus::Failed, 2));

        let doc = Document {
            hash: "h".into(),
            text: "x".into(),
            url: Some("http://a/2".into()),
            ..Default::default()
        };
        let id = store
            .insert_document(&doc, &[], &[], None, "t")
            .unwrap()
            .id();
        assert_eq!(store.document_id_by_url("http://a/2").unwrap(), Some(id));
        assert_eq!(store.document_id_by_url("http://a/3").unwrap(), None);
    }
}
