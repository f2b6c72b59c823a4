//! The forewarn watch floor: a JSON API, a server-rendered dashboard and alerts, over the same
//! SQLite store the command line writes.
//!
//! [`app`] builds the whole router from an [`AppState`], so tests drive it with tower's
//! `oneshot` and no port; [`serve`] binds it and runs the webhook worker. Reads are open;
//! writes (a question, a document, an alert rule, an acknowledgement) need a bearer token made
//! by `forewarn token create`, stored hashed. Bodies are capped at [`BODY_LIMIT`], requests at
//! [`REQUEST_TIMEOUT`], and every request is logged with its method, path, status and latency.
//!
//! Forecasts are replayed from evidence, which is too slow to repeat per request, so the state
//! caches a [`views::Snapshot`] of every question and rebuilds it only when the store changed
//! (SQLite's `data_version` for other processes, a counter for this one's writes).
//!
//! ```
//! use axum::body::Body;
//! use axum::http::{Request, StatusCode};
//! use forewarn_server::{AppState, app};
//! use tower::ServiceExt;
//!
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! let state = AppState::new(forewarn_store::Store::open_in_memory().unwrap());
//! let response = app(state)
//!     .oneshot(Request::get("/api/questions").body(Body::empty()).unwrap())
//!     .await
//!     .unwrap();
//! assert_eq!(response.status(), StatusCode::OK);
//! # });
//! ```

#![allow(clippy::disallowed_methods)] // the server is an edge: it reads the clock for "today"

pub mod alerts;
mod api;
mod assets;
pub mod auth;
mod error;
mod html;
mod openapi;
mod pages;
mod security;
pub mod views;

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, MatchedPath};
use axum::http::{Request, StatusCode};
use chrono::{DateTime, Utc};
use forewarn_pipeline::Pipeline;
use forewarn_store::Store;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

pub use error::ApiError;
pub use openapi::openapi;

/// The largest request body accepted (a long article as JSON fits many times over).
pub const BODY_LIMIT: usize = 1024 * 1024;
/// A request taking longer than this is answered with 408.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(20);
/// How long one webhook POST may take.
pub const WEBHOOK_TIMEOUT: Duration = Duration::from_secs(10);

/// What every handler shares: the store, the ingest pipeline and the cached views.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

struct Inner {
    /// The writer's connection (and the reader's too, unless [`AppState::with_reader`] gave
    /// reads their own).
    store: Mutex<Store>,
    /// A second connection to the same file for reads, so a long ingest holding the writer
    /// does not stall the dashboard (WAL lets readers go on beside a writer).
    reader: Option<Mutex<Store>>,
    /// Built on the first ingest: loading the gazetteer and indexing documents takes a while.
    pipeline: Mutex<Option<Pipeline>>,
    cache: Mutex<Option<(Generation, Arc<views::Snapshot>)>>,
    /// Bumped on every write through this state; `data_version` does not see our own commits.
    local_writes: AtomicU64,
    clock: fn() -> DateTime<Utc>,
    /// Wakes the webhook worker after an ingest fired alerts.
    deliveries: tokio::sync::Notify,
    /// Where webhooks may connect: public addresses unless the server was told otherwise.
    outbound: Mutex<forewarn_fetch::AddressPolicy>,
}

type Generation = (i64, u64);

impl AppState {
    pub fn new(store: Store) -> AppState {
        AppState::with_clock(store, Utc::now)
    }

    /// As [`AppState::new`] with a fixed clock, for tests.
    pub fn with_clock(store: Store, clock: fn() -> DateTime<Utc>) -> AppState {
        AppState(Arc::new(Inner {
            store: Mutex::new(store),
            reader: None,
            pipeline: Mutex::new(None),
            cache: Mutex::new(None),
            local_writes: AtomicU64::new(0),
            clock,
            deliveries: tokio::sync::Notify::new(),
            outbound: Mutex::new(forewarn_fetch::AddressPolicy::public_only()),
        }))
    }

    /// Gives reads their own connection to the same database file (`forewarn serve` does):
    /// reads then never wait for an ingest. Call before the state is cloned; later calls on a
    /// shared state are ignored with a warning.
    pub fn with_reader(mut self, reader: Store) -> AppState {
        match Arc::get_mut(&mut self.0) {
            Some(inner) => inner.reader = Some(Mutex::new(reader)),
            None => {
                tracing::warn!("with_reader on a shared state: reads keep the writer's connection")
            }
        }
        self
    }

    fn reader(&self) -> &Mutex<Store> {
        self.0.reader.as_ref().unwrap_or(&self.0.store)
    }

    /// Sets which addresses webhooks may reach (`serve --allow-private-hosts` opens private
    /// ones for local receivers).
    pub fn with_outbound(self, policy: forewarn_fetch::AddressPolicy) -> AppState {
        *self
            .0
            .outbound
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = policy;
        self
    }

    fn now(&self) -> DateTime<Utc> {
        (self.0.clock)()
    }

    fn now_rfc3339(&self) -> String {
        self.now()
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    }

    /// Runs `f` on the store off the async threads (SQLite blocks).
    pub(crate) async fn read<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let state = self.clone();
        tokio::task::spawn_blocking(move || f(&alerts::lock(state.reader())))
            .await
            .map_err(ApiError::internal)?
    }

    /// As [`AppState::read`] for writes; marks the cached views stale.
    pub(crate) async fn write<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Store, &AppState) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let state = self.clone();
        tokio::task::spawn_blocking(move || {
            let mut store = alerts::lock(&state.0.store);
            let result = f(&mut store, &state);
            state.0.local_writes.fetch_add(1, Ordering::SeqCst);
            result
        })
        .await
        .map_err(ApiError::internal)?
    }

    /// The question views, rebuilt when the store changed since the last call.
    pub(crate) async fn snapshot(&self) -> Result<Arc<views::Snapshot>, ApiError> {
        let state = self.clone();
        tokio::task::spawn_blocking(move || {
            // Holding the store lock while building makes concurrent misses wait for one
            // build instead of each doing their own.
            let store = alerts::lock(state.reader());
            let generation = (
                store.data_version()?,
                state.0.local_writes.load(Ordering::SeqCst),
            );
            let mut cache = state
                .0
                .cache
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if let Some((cached, snapshot)) = cache.as_ref()
                && *cached == generation
            {
                return Ok(snapshot.clone());
            }
            let snapshot = Arc::new(views::Snapshot::build(&store, state.now().date_naive())?);
            *cache = Some((generation, snapshot.clone()));
            Ok(snapshot)
        })
        .await
        .map_err(ApiError::internal)?
    }

    /// Codes and stores documents through the shared pipeline, then evaluates the alert rules.
    pub(crate) fn ingest(
        &self,
        store: &mut Store,
        documents: Vec<forewarn_model::Document>,
    ) -> Result<forewarn_pipeline::IngestSummary, ApiError> {
        let mut pipeline = self
            .0
            .pipeline
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if pipeline.is_none() {
            *pipeline = Some(Pipeline::new(store)?);
        }
        let pipeline = pipeline.as_mut().expect("just built");
        let summary = pipeline.add_documents(store, documents, &self.now_rfc3339())?;
        if summary.added > 0 {
            self.after_ingest(store)?;
        }
        Ok(summary)
    }

    /// Evaluates alert rules and wakes the webhook worker if any fired.
    pub(crate) fn after_ingest(&self, store: &mut Store) -> Result<(), ApiError> {
        let fired = alerts::evaluate(store, &self.now_rfc3339(), self.now().date_naive())?;
        if fired > 0 {
            self.0.deliveries.notify_one();
        }
        Ok(())
    }

    /// Posts the webhooks that are due; the worker in [`serve`] calls this in a loop.
    pub fn deliver_webhooks(&self) -> usize {
        let policy = self
            .0
            .outbound
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone();
        alerts::deliver_due(&self.0.store, self.now(), WEBHOOK_TIMEOUT, &policy)
    }
}

/// The whole application: API, pages and assets, with limits, timeout and request logs.
pub fn app(state: AppState) -> Router {
    Router::new()
        .merge(api::routes())
        .merge(pages::routes())
        .merge(assets::routes())
        .fallback(pages::not_found)
        .with_state(state)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        // Inside the trace and timeout layers' reach too: a 408 or 413 carries the headers.
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, REQUEST_TIMEOUT))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|request: &Request<_>| {
                    let route = request
                        .extensions()
                        .get::<MatchedPath>()
                        .map(MatchedPath::as_str)
                        .unwrap_or("-");
                    tracing::info_span!("request", method = %request.method(), path = %request.uri().path(), route)
                })
                .on_request(())
                .on_response(
                    |response: &axum::http::Response<_>, latency: Duration, _span: &tracing::Span| {
                        tracing::info!(
                            status = response.status().as_u16(),
                            latency_us = u64::try_from(latency.as_micros()).unwrap_or(u64::MAX),
                            "served"
                        );
                    },
                ),
        )
        .layer(axum::middleware::map_response(json_timeout))
        .layer(axum::middleware::map_response(security::headers))
}

/// The timeout layer answers 408 with an empty body; make it the API's JSON error, as the
/// OpenAPI document promises for every status.
async fn json_timeout(response: axum::response::Response) -> axum::response::Response {
    use axum::response::IntoResponse;
    if response.status() == StatusCode::REQUEST_TIMEOUT
        && !response
            .headers()
            .contains_key(axum::http::header::CONTENT_TYPE)
    {
        return ApiError {
            status: StatusCode::REQUEST_TIMEOUT,
            code: "timeout",
            message: format!(
                "the request took longer than {} s",
                REQUEST_TIMEOUT.as_secs()
            ),
        }
        .into_response();
    }
    response
}

/// Serves the app on `addr` until Ctrl-C, with the webhook worker running beside it.
pub async fn serve(addr: SocketAddr, state: AppState) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| anyhow::anyhow!("cannot listen on {addr}: {e}"))?;
    serve_on(listener, state).await
}

/// As [`serve`], on a listener the caller bound (port 0 in tests and scripts).
pub async fn serve_on(listener: tokio::net::TcpListener, state: AppState) -> anyhow::Result<()> {
    let worker_state = state.clone();
    let worker = tokio::spawn(async move {
        loop {
            let s = worker_state.clone();
            let _ = tokio::task::spawn_blocking(move || s.deliver_webhooks()).await;
            // Due retries are picked up within a second; fresh alerts at once.
            tokio::select! {
                () = worker_state.0.deliveries.notified() => {}
                () = tokio::time::sleep(Duration::from_secs(1)) => {}
            }
        }
    });
    let result = axum::serve(listener, app(state))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await;
    worker.abort();
    result.map_err(Into::into)
}

/// The address a listener got, for logs ("listening on http://127.0.0.1:8080").
pub fn url_of(addr: SocketAddr) -> String {
    format!("http://{addr}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use std::sync::mpsc;
    use tower::ServiceExt;

    /// A write that holds the writer's connection (as a long ingest does) must not stop a read:
    /// the read is served while the write is still waiting to be let go.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn reads_are_served_while_a_write_holds_the_writer() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("forewarn.db");
        let state =
            AppState::new(Store::open(&path).unwrap()).with_reader(Store::open(&path).unwrap());
        let (held_tx, held_rx) = mpsc::channel();
        let (release_tx, release_rx) = mpsc::channel::<()>();
        let writer = {
            let state = state.clone();
            tokio::spawn(async move {
                state
                    .write(move |store, _| {
                        held_tx.send(()).unwrap();
                        // Only a hang guard: the read below releases it at once.
                        release_rx
                            .recv_timeout(Duration::from_secs(120))
                            .map_err(ApiError::internal)?;
                        Ok(store.counts()?.documents)
                    })
                    .await
            })
        };
        tokio::task::spawn_blocking(move || held_rx.recv().unwrap())
            .await
            .unwrap();
        for uri in ["/api/questions", "/api/documents", "/"] {
            let response = app(state.clone())
                .oneshot(Request::get(uri).body(Body::empty()).unwrap())
                .await
                .unwrap();
            assert_eq!(response.status(), StatusCode::OK, "{uri}");
        }
        release_tx.send(()).unwrap();
        assert_eq!(writer.await.unwrap().unwrap(), 0);
    }

    /// Found by schemathesis: the timeout layer's bare 408 had no body and no content type.
    #[tokio::test]
    async fn a_timeout_is_the_json_error_the_schema_promises() {
        let bare = axum::response::Response::builder()
            .status(StatusCode::REQUEST_TIMEOUT)
            .body(Body::empty())
            .unwrap();
        let response = json_timeout(bare).await;
        assert_eq!(response.status(), StatusCode::REQUEST_TIMEOUT);
        assert_eq!(
            response.headers()[axum::http::header::CONTENT_TYPE],
            "application/json"
        );
        let body = http_body_util::BodyExt::collect(response.into_body())
            .await
            .unwrap()
            .to_bytes();
        let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(json["error"]["code"], "timeout");
    }
}
