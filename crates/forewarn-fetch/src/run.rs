//! One fetch run: every feed, then every new item's page, into the store through the pipeline.

use std::sync::Arc;

use forewarn_ingest::IngestOptions;
use forewarn_model::Severity;
use forewarn_pipeline::{Pipeline, PipelineError};
use forewarn_store::Store;
use forewarn_store::feeds::{Feed, FeedUrlUpdate, UrlStatus};
use serde::Serialize;
use url::Url;

use crate::clock::{Clock, SystemClock};
use crate::feed::{FeedItem, parse_feed};
use crate::http::{Client, Response, Validators, check_scheme};
use crate::{FetchConfig, FetchError};

/// What became of one feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FeedStatus {
    /// A fresh copy was read and its new items fetched.
    Fetched,
    /// The server answered 304: nothing new.
    NotModified,
    /// The feed could not be fetched or parsed; see `error`.
    Failed,
}

/// A page that could not be fetched or stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PageFailure {
    pub url: String,
    pub error: String,
}

/// One feed's part of a run.
#[derive(Debug, Clone, Serialize)]
pub struct FeedReport {
    pub feed_id: i64,
    pub url: String,
    pub name: Option<String>,
    pub status: FeedStatus,
    pub error: Option<String>,
    /// The feed's new URL, stored this run because its server redirected it there permanently.
    pub moved_to: Option<String>,
    /// Items in the feed that link to a page.
    pub items: usize,
    /// Items skipped because their URL was fetched or stored before.
    pub known: usize,
    /// Ids of the documents added.
    pub added_ids: Vec<i64>,
    /// Pages fetched whose text was already stored (same content hash or canonical URL).
    pub duplicates: usize,
    /// Pages fetched that held nothing to ingest.
    pub empty: usize,
    pub events: usize,
    pub failed: Vec<PageFailure>,
}

impl FeedReport {
    fn new(feed: &Feed, status: FeedStatus) -> FeedReport {
        FeedReport {
            feed_id: feed.id,
            url: feed.url.clone(),
            name: feed.name.clone(),
            status,
            error: None,
            moved_to: None,
            items: 0,
            known: 0,
            added_ids: Vec::new(),
            duplicates: 0,
            empty: 0,
            events: 0,
            failed: Vec::new(),
        }
    }
}

/// What one run did, feed by feed.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FetchReport {
    pub feeds: Vec<FeedReport>,
}

impl FetchReport {
    /// New documents over all feeds.
    pub fn added(&self) -> usize {
        self.feeds.iter().map(|f| f.added_ids.len()).sum()
    }

    /// Feeds that failed plus pages that failed.
    pub fn failures(&self) -> usize {
        self.feeds
            .iter()
            .map(|f| usize::from(f.status == FeedStatus::Failed) + f.failed.len())
            .sum()
    }
}

/// What became of one item; decides whether the feed's validators may advance.
enum ItemOutcome {
    Done,
    /// Failed in a way a later run may fix, and the page has tries left.
    Retry,
}

/// Fetches feeds and their pages with one polite [`Client`].
#[derive(Debug)]
pub struct Fetcher {
    client: Client,
}

impl Fetcher {
    /// A fetcher on the real clock.
    pub fn new(config: FetchConfig) -> Fetcher {
        Fetcher::with_clock(config, Arc::new(SystemClock))
    }

    /// A fetcher whose delays and backoff sleep on `clock`.
    pub fn with_clock(config: FetchConfig, clock: Arc<dyn Clock>) -> Fetcher {
        Fetcher {
            client: Client::new(config, clock),
        }
    }

    /// The HTTP client, for one-off requests that should share its politeness state.
    pub fn client(&mut self) -> &mut Client {
        &mut self.client
    }

    /// Fetches every subscribed feed in turn. Only a store failure stops the run; a feed or
    /// page that fails is logged, recorded and counted in the report.
    pub fn fetch_all(
        &mut self,
        store: &mut Store,
        pipeline: &mut Pipeline,
        now: &str,
    ) -> Result<FetchReport, PipelineError> {
        let mut report = FetchReport::default();
        for feed in store.feeds()? {
            report
                .feeds
                .push(self.fetch_feed(store, pipeline, &feed, now)?);
        }
        Ok(report)
    }

    /// Fetches one feed (conditionally) and then each of its new items.
    pub fn fetch_feed(
        &mut self,
        store: &mut Store,
        pipeline: &mut Pipeline,
        feed: &Feed,
        now: &str,
    ) -> Result<FeedReport, PipelineError> {
        let failed = |store: &mut Store, error: String| -> Result<FeedReport, PipelineError> {
            tracing::warn!(feed = %feed.url, error = %error, "feed failed");
            store.record_feed_error(feed.id, &error, now)?;
            Ok(FeedReport {
                error: Some(error),
                ..FeedReport::new(feed, FeedStatus::Failed)
            })
        };
        let url = match Url::parse(&feed.url)
            .map_err(|e| e.to_string())
            .and_then(|u| check_scheme(u).map_err(|e| e.to_string()))
        {
            Ok(url) => url,
            Err(err) => return failed(store, format!("{}: invalid URL: {err}", feed.url)),
        };
        let validators = Validators {
            etag: feed.etag.clone(),
            last_modified: feed.last_modified.clone(),
        };
        let limit = self.client.config().max_feed_bytes;
        let response = match self.client.get(&url, &validators, limit) {
            Ok(response) => response,
            Err(err) => return failed(store, err.to_string()),
        };
        let new_location = response.permanent_location().cloned();
        let page = match response {
            Response::NotModified { .. } => {
                tracing::info!(feed = %feed.url, "feed not modified");
                let moved_to = move_feed(store, feed, new_location.as_ref())?;
                store.record_feed_success(
                    feed.id,
                    feed.etag.as_deref(),
                    feed.last_modified.as_deref(),
                    now,
                )?;
                return Ok(FeedReport {
                    moved_to,
                    ..FeedReport::new(feed, FeedStatus::NotModified)
                });
            }
            Response::Page(page) => page,
        };
        let parsed = match parse_feed(&page.body, &page.url) {
            Ok(parsed) => parsed,
            Err(err) => return failed(store, format!("{}: not a readable feed: {err}", page.url)),
        };
        // Moved only once the new address served a feed: a site that sends every old URL to its
        // home page with a 301 must not lose us the feed's address.
        let moved_to = move_feed(store, feed, new_location.as_ref())?;
        let mut report = FeedReport {
            moved_to,
            ..FeedReport::new(feed, FeedStatus::Fetched)
        };
        report.items = parsed.items.len();
        if parsed.without_link > 0 {
            tracing::info!(feed = %feed.url, items = parsed.without_link, "feed items without a link skipped");
        }
        let source = feed
            .name
            .clone()
            .or(parsed.title)
            .or_else(|| url.host_str().map(str::to_string));
        let mut retry_later = false;
        let max_items = self.client.config().max_items_per_feed;
        for item in parsed.items.iter().take(max_items) {
            match self.fetch_item(
                store,
                pipeline,
                feed,
                item,
                source.as_deref(),
                now,
                &mut report,
            )? {
                ItemOutcome::Done => {}
                ItemOutcome::Retry => retry_later = true,
            }
        }
        // Keep the old validators while a page is waiting for a retry: the next run must get
        // the full feed back to see that item again.
        let (etag, last_modified) = if retry_later {
            (feed.etag.as_deref(), feed.last_modified.as_deref())
        } else {
            (
                page.validators.etag.as_deref(),
                page.validators.last_modified.as_deref(),
            )
        };
        store.record_feed_success(feed.id, etag, last_modified, now)?;
        tracing::info!(
            feed = %feed.url,
            items = report.items,
            known = report.known,
            added = report.added_ids.len(),
            duplicates = report.duplicates,
            failed = report.failed.len(),
            "feed fetched"
        );
        Ok(report)
    }

    #[allow(clippy::too_many_arguments)]
    fn fetch_item(
        &mut self,
        store: &mut Store,
        pipeline: &mut Pipeline,
        feed: &Feed,
        item: &FeedItem,
        source: Option<&str>,
        now: &str,
        report: &mut FeedReport,
    ) -> Result<ItemOutcome, PipelineError> {
        let link = item.link.as_str();
        let previous = store.fetched_url(link)?;
        let attempts = previous.as_ref().map_or(0, |r| r.attempts);
        if let Some(record) = &previous
            && (record.status != UrlStatus::Failed
                || record.attempts >= self.client.config().max_page_attempts)
        {
            report.known += 1;
            return Ok(ItemOutcome::Done);
        }
        if let Some(id) = store.document_id_by_url(link)? {
            store.record_fetched_url(
                link,
                Some(feed.id),
                UrlStatus::Duplicate,
                Some(id),
                None,
                now,
            )?;
            report.known += 1;
            return Ok(ItemOutcome::Done);
        }
        let limit = self.client.config().max_page_bytes;
        let page = match self.client.get(&item.link, &Validators::default(), limit) {
            Ok(Response::Page(page)) => page,
            Ok(Response::NotModified { .. }) => {
                // Only a broken server answers 304 to an unconditional GET.
                let err = FetchError::Status {
                    url: link.to_string(),
                    status: 304,
                };
                return self.page_failed(
                    store,
                    feed,
                    item,
                    err.to_string(),
                    false,
                    attempts,
                    now,
                    report,
                );
            }
            Err(err @ FetchError::Disallowed { .. }) => {
                // Not recorded: robots.txt may allow it another day.
                tracing::warn!(feed = %feed.url, page = link, "page disallowed by robots.txt; skipped");
                report.failed.push(PageFailure {
                    url: link.to_string(),
                    error: err.to_string(),
                });
                return Ok(ItemOutcome::Done);
            }
            Err(err) => {
                let transient = err.is_transient();
                return self.page_failed(
                    store,
                    feed,
                    item,
                    err.to_string(),
                    transient,
                    attempts,
                    now,
                    report,
                );
            }
        };
        let final_url = page.url.as_str().to_string();
        let record_all =
            |store: &mut Store, status: UrlStatus, id: Option<i64>, error: Option<&str>| {
                store.record_fetched_url(link, Some(feed.id), status, id, error, now)?;
                if final_url != link {
                    store.record_fetched_url(&final_url, Some(feed.id), status, id, error, now)?;
                }
                Ok::<_, PipelineError>(())
            };
        if final_url != link
            && let Some(id) = store.document_id_by_url(&final_url)?
        {
            record_all(store, UrlStatus::Duplicate, Some(id), None)?;
            report.duplicates += 1;
            return Ok(ItemOutcome::Done);
        }
        let read = match label_for(page.content_type.as_deref()) {
            None => {
                let error = format!(
                    "unsupported content type {:?}",
                    page.content_type.as_deref().unwrap_or("")
                );
                tracing::warn!(feed = %feed.url, page = %final_url, error = %error, "page skipped");
                Err(error)
            }
            Some(label) => read_page(label, page.body, page.content_type.as_deref(), item, source)
                .map_err(|errors| {
                    if errors.is_empty() {
                        "no text".to_string()
                    } else {
                        for error in &errors {
                            tracing::warn!(feed = %feed.url, page = %final_url, error = %error, "page not readable");
                        }
                        errors.join("; ")
                    }
                }),
        };
        let mut doc = match read {
            Ok(doc) => doc,
            // The feed's own text of the item (its description or content) stands in for a
            // page we cannot read.
            Err(error) => match item_document(item, source) {
                Some(doc) => {
                    tracing::info!(feed = %feed.url, page = %final_url, error = %error, "page has no text; the feed item's text is ingested instead");
                    doc
                }
                None => {
                    record_all(store, UrlStatus::Empty, None, Some(&error))?;
                    report.empty += 1;
                    return Ok(ItemOutcome::Done);
                }
            },
        };
        doc.origin = Some(final_url.clone());
        if doc.title.is_none() {
            doc.title.clone_from(&item.title);
        }
        // The page's canonical URL is the better identity (no tracking parameters), so it is
        // kept when the page names one, and a copy already stored under it is a duplicate.
        match doc.url.as_deref() {
            Some(canonical) if canonical != link && canonical != final_url => {
                if let Some(id) = store.document_id_by_url(canonical)? {
                    record_all(store, UrlStatus::Duplicate, Some(id), None)?;
                    report.duplicates += 1;
                    return Ok(ItemOutcome::Done);
                }
            }
            Some(_) => {}
            None => doc.url = Some(final_url.clone()),
        }
        let hash = doc.hash.clone();
        let summary = pipeline.add_documents(store, vec![doc], now)?;
        if let Some(&id) = summary.added_ids.first() {
            record_all(store, UrlStatus::Ingested, Some(id), None)?;
            report.added_ids.push(id);
            report.events += summary.events;
            tracing::info!(feed = %feed.url, page = %final_url, document = id, events = summary.events, "page ingested");
        } else if summary.skipped_duplicate > 0 {
            record_all(store, UrlStatus::Duplicate, store.has_hash(&hash)?, None)?;
            report.duplicates += 1;
            tracing::info!(feed = %feed.url, page = %final_url, "page already stored (same text)");
        } else {
            let error = summary
                .failed
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; ");
            return self.page_failed(store, feed, item, error, false, attempts, now, report);
        }
        Ok(ItemOutcome::Done)
    }

    #[allow(clippy::too_many_arguments)]
    fn page_failed(
        &mut self,
        store: &mut Store,
        feed: &Feed,
        item: &FeedItem,
        error: String,
        transient: bool,
        attempts_before: u32,
        now: &str,
        report: &mut FeedReport,
    ) -> Result<ItemOutcome, PipelineError> {
        let link = item.link.as_str();
        tracing::warn!(feed = %feed.url, page = link, error = %error, transient, "page failed");
        store.record_fetched_url(
            link,
            Some(feed.id),
            UrlStatus::Failed,
            None,
            Some(&error),
            now,
        )?;
        report.failed.push(PageFailure {
            url: link.to_string(),
            error,
        });
        let tries_left = attempts_before + 1 < self.client.config().max_page_attempts;
        Ok(if transient && tries_left {
            ItemOutcome::Retry
        } else {
            ItemOutcome::Done
        })
    }
}

/// The document of a fetched page, or the read errors (empty: the page held no text).
fn read_page(
    label: &str,
    body: Vec<u8>,
    content_type: Option<&str>,
    item: &FeedItem,
    source: Option<&str>,
) -> Result<forewarn_model::Document, Vec<String>> {
    let body = transcode(body, content_type);
    let options = IngestOptions {
        csv_mapping: None,
        default_published: item.published,
        default_source: source.map(str::to_string),
    };
    let outcome = forewarn_ingest::read_bytes(label, &body, &options);
    let mut read_errors = Vec::new();
    for diagnostic in &outcome.diagnostics {
        let message = diagnostic.message.as_str();
        match diagnostic.severity {
            Severity::Error => read_errors.push(message.to_string()),
            Severity::Warning => tracing::debug!(warning = message, "page read"),
        }
    }
    outcome.documents.into_iter().next().ok_or(read_errors)
}

/// A document from the feed item itself (its description or content, already plain text),
/// when it has any text.
fn item_document(item: &FeedItem, source: Option<&str>) -> Option<forewarn_model::Document> {
    let text = forewarn_extract::clean_text(item.text.as_deref()?);
    if text.is_empty() {
        return None;
    }
    Some(forewarn_model::Document {
        hash: forewarn_ingest::content_hash(&text),
        title: item.title.clone(),
        text,
        published: item.published,
        source: source.map(str::to_string),
        ..forewarn_model::Document::default()
    })
}

/// Stores `new_url` as the feed's URL when its server moved it there permanently, so later runs
/// ask there directly. Returns the URL when it was stored; a URL another feed has already is
/// only a warning, and the feed keeps its old one.
fn move_feed(
    store: &mut Store,
    feed: &Feed,
    new_url: Option<&Url>,
) -> Result<Option<String>, PipelineError> {
    let Some(new_url) = new_url else {
        return Ok(None);
    };
    Ok(match store.update_feed_url(feed.id, new_url.as_str())? {
        FeedUrlUpdate::Updated => {
            tracing::info!(feed = %feed.url, moved_to = %new_url, "feed moved permanently; its new URL is stored");
            Some(new_url.to_string())
        }
        FeedUrlUpdate::Taken { by_feed } => {
            tracing::warn!(feed = %feed.url, moved_to = %new_url, other_feed = by_feed, "feed moved permanently to the URL of another feed; keeping the old URL");
            None
        }
        // Removed while this run was reading it; nothing to move.
        FeedUrlUpdate::NoSuchFeed => None,
    })
}

/// The file label that makes ingest read the body in the right format; `None` for types we do
/// not read (PDF, images, video).
fn label_for(content_type: Option<&str>) -> Option<&'static str> {
    let mime = content_type
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match mime.as_str() {
        // Servers that send no type mostly serve HTML.
        "" | "text/html" | "application/xhtml+xml" => Some("page.html"),
        "text/plain" => Some("page.txt"),
        _ => None,
    }
}

/// Transcodes to UTF-8 when the HTTP header names a charset and the body itself is silent:
/// ingest honours a charset the page declares, so that one is left for it to apply.
fn transcode(body: Vec<u8>, content_type: Option<&str>) -> Vec<u8> {
    let Some(label) = content_type.and_then(|ct| {
        ct.split(';').skip(1).find_map(|param| {
            let (key, value) = param.split_once('=')?;
            key.trim()
                .eq_ignore_ascii_case("charset")
                .then(|| value.trim().trim_matches('"').to_string())
        })
    }) else {
        return body;
    };
    let Some(encoding) = encoding_rs::Encoding::for_label(label.as_bytes()) else {
        return body;
    };
    let head = String::from_utf8_lossy(&body[..body.len().min(4096)]).to_ascii_lowercase();
    if encoding == encoding_rs::UTF_8 || head.contains("charset=") {
        return body;
    }
    encoding.decode(&body).0.into_owned().into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_by_content_type() {
        assert_eq!(
            label_for(Some("text/html; charset=utf-8")),
            Some("page.html")
        );
        assert_eq!(label_for(None), Some("page.html"));
        assert_eq!(label_for(Some("text/plain")), Some("page.txt"));
        assert_eq!(label_for(Some("application/pdf")), None);
    }

    #[test]
    fn header_charset_applies_only_when_the_page_is_silent() {
        let cyrillic = b"<p>\xcc\xe8\xed\xf1\xea</p>".to_vec();
        let out = transcode(cyrillic.clone(), Some("text/html; charset=windows-1251"));
        assert_eq!(String::from_utf8(out).unwrap(), "<p>Минск</p>");
        let declared = [b"<meta charset=windows-1251>".as_slice(), &cyrillic].concat();
        assert_eq!(
            transcode(declared.clone(), Some("text/html; charset=koi8-r")),
            declared
        );
        assert_eq!(transcode(cyrillic.clone(), Some("text/html")), cyrillic);
    }
}
