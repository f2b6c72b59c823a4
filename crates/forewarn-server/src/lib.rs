//! The forewarn watch floor: a JSON API, a server-rendered dashboard and alerts, over the same
//! SQLite store the command line writes.
//!
//! [`app`] builds the whole router from an [`AppState`], so tests drive it with tower's
//! `oneshot` and no port; [`serve`] binds it and runs the webhook worker. Reads are open;
//! writes (a question, a document, an alert rule, an acknowledgement) need a bearer token made
//! by `forewarn token create`, stored hashed. Bodies are capped at [`BODY_LIMIT`], reads at
//! [`REQUEST_TIMEOUT`] and writes at [`WRITE_TIMEOUT`], and every request is logged with its
//! method, path, status and latency.
//!
//! Forecasts are replayed from evidence, which is too slow to repeat per request, so the state
//! caches a [`views::Snapshot`] of every question and rebuilds it only when the store changed
//! (SQLite's `data_version` for other processes, a counter for this one's writes). One rebuild
//! runs at a time, on a connection of its own; a read that arrives meanwhile is answered from
//! the previous snapshot instead of queueing behind it, so a long ingest never stalls the
//! dashboard. After an ingest the writer brings each question's recorded matches up to date, so
//! a rebuild loads what matched rather than searching the new documents again.
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
use tower_http::trace::TraceLayer;

pub use error::ApiError;
pub use openapi::openapi;

/// The largest request body accepted (a long article as JSON fits many times over).
pub const BODY_LIMIT: usize = 1024 * 1024;
/// A read taking longer than this is answered with 408.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(20);
/// A write (a batch of documents to code and store) taking longer than this is answered with
/// 408. Longer than a read's: a full batch takes tens of seconds on a busy large store, and a
/// write cut off by the timeout still commits, so a short one would only misreport success.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(300);
/// How long a read waits for a rebuild of the question views before it is answered from the
/// previous ones: the rebuild takes seconds on a large store whose questions all moved.
pub const REBUILD_WAIT: Duration = Duration::from_secs(1);
/// How long a read waits for the first build of the question views (at start, when there is
/// nothing older to show) before it is answered 503 `warming_up`.
pub const FIRST_BUILD_WAIT: Duration = Duration::from_secs(5);
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
    /// A connection for rebuilding the snapshot (the reader's, unless
    /// [`AppState::with_view_builder`] gave it one): a rebuild takes seconds on a large store,
    /// and must hold neither the writer's connection nor the one short reads use.
    builder: Option<Mutex<Store>>,
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
            builder: None,
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
    pub fn with_reader(self, reader: Store) -> AppState {
        self.configure("with_reader", |inner| {
            inner.reader = Some(Mutex::new(reader))
        })
    }

    /// Gives snapshot rebuilds a connection of their own (`forewarn serve` does), so reads that
    /// need no rebuild never wait for one. Call before the state is cloned, as
    /// [`AppState::with_reader`].
    pub fn with_view_builder(self, builder: Store) -> AppState {
        self.configure("with_view_builder", |inner| {
            inner.builder = Some(Mutex::new(builder))
        })
    }

    /// Applies `set` while the state is not yet shared; on a shared one it is ignored with a
    /// warning, and the connections stay as they were.
    fn configure(mut self, what: &str, set: impl FnOnce(&mut Inner)) -> AppState {
        match Arc::get_mut(&mut self.0) {
            Some(inner) => set(inner),
            None => tracing::warn!("{what} on a shared state is ignored"),
        }
        self
    }

    fn reader(&self) -> &Mutex<Store> {
        self.0.reader.as_ref().unwrap_or(&self.0.store)
    }

    fn builder(&self) -> &Mutex<Store> {
        self.0.builder.as_ref().unwrap_or_else(|| self.reader())
    }

    fn cache(&self) -> std::sync::MutexGuard<'_, Option<(Generation, Arc<views::Snapshot>)>> {
        self.0
            .cache
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn cached(&self) -> Option<(Generation, Arc<views::Snapshot>)> {
        self.cache().clone()
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

    /// The question views, rebuilt when the store changed since the last call. A read waits
    /// at most [`REBUILD_WAIT`] for the rebuild (which goes on and fills the cache), and none
    /// while another request is rebuilding: it gets the previous views instead. So a read
    /// during a large ingest is answered at once, one rebuild behind, and a read after a
    /// write has finished sees it whenever the rebuild is quick.
    pub(crate) async fn snapshot(&self) -> Result<Arc<views::Snapshot>, ApiError> {
        let state = self.clone();
        let rebuild = tokio::task::spawn_blocking(move || state.current_snapshot());
        match self.cached() {
            Some((_, previous)) => match tokio::time::timeout(REBUILD_WAIT, rebuild).await {
                Ok(done) => done.map_err(ApiError::internal)?,
                Err(_) => Ok(previous),
            },
            None => rebuild.await.map_err(ApiError::internal)?,
        }
    }

    /// The snapshot for the store as it is now, built on the builder's connection unless the
    /// cache has it, or the previous one while another build holds that connection.
    fn current_snapshot(&self) -> Result<Arc<views::Snapshot>, ApiError> {
        let store = match self.builder().try_lock() {
            Ok(store) => store,
            Err(std::sync::TryLockError::Poisoned(poisoned)) => poisoned.into_inner(),
            Err(std::sync::TryLockError::WouldBlock) => match self.cached() {
                Some((_, snapshot)) => return Ok(snapshot),
                // Nothing to show yet: wait a little for the first build, then say so rather
                // than hold a thread until the request times out (it takes minutes on a
                // large store).
                None => {
                    let deadline = std::time::Instant::now() + FIRST_BUILD_WAIT;
                    while std::time::Instant::now() < deadline {
                        std::thread::sleep(Duration::from_millis(50));
                        if let Some((_, snapshot)) = self.cached() {
                            return Ok(snapshot);
                        }
                    }
                    return Err(ApiError::new(
                        StatusCode::SERVICE_UNAVAILABLE,
                        "warming_up",
                        "the question views are being built for the first time; try again in a few seconds",
                    ));
                }
            },
        };
        // Read before building: a write committed during the build leaves the cache one
        // generation behind, and the next read rebuilds.
        let generation = (
            store.data_version()?,
            self.0.local_writes.load(Ordering::SeqCst),
        );
        if let Some((cached, snapshot)) = self.cached()
            && cached == generation
        {
            return Ok(snapshot);
        }
        let snapshot = Arc::new(views::Snapshot::build(&store, self.now().date_naive())?);
        *self.cache() = Some((generation, snapshot.clone()));
        Ok(snapshot)
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

    /// Records each question's new matches, evaluates alert rules and wakes the webhook worker
    /// if any fired.
    pub(crate) fn after_ingest(&self, store: &mut Store) -> Result<(), ApiError> {
        for question in store.questions()? {
            forewarn_report::update_matches(store, &question)?;
        }
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
        .layer(axum::middleware::from_fn(timeout_by_method))
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

/// Answers 408 (with an empty body, which [`json_timeout`] fills) when a request outlasts its
/// limit: [`REQUEST_TIMEOUT`] for reads, [`WRITE_TIMEOUT`] for the rest.
async fn timeout_by_method(
    request: Request<axum::body::Body>,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let limit = if request.method().is_safe() {
        REQUEST_TIMEOUT
    } else {
        WRITE_TIMEOUT
    };
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => StatusCode::REQUEST_TIMEOUT.into_response(),
    }
}

/// [`timeout_by_method`] answers 408 with an empty body; make it the API's JSON error, as the
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
                "the request took longer than the limit ({} s for reads, {} s for writes)",
                REQUEST_TIMEOUT.as_secs(),
                WRITE_TIMEOUT.as_secs()
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
    // The first build of the question views starts now, not with the first visitor.
    let warm = state.clone();
    tokio::task::spawn_blocking(move || {
        if let Err(e) = warm.current_snapshot() {
            tracing::warn!("building the question views at start: {}", e.message);
        }
    });
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

    fn put_question(store: &mut Store, id: &str) {
        let src = format!(
            "id = \"{id}\"\nquestion = \"Will Belarus send troops?\"\nopens = 2022-10-01\ndeadline = 2023-03-01\nprior = 0.1\n"
        );
        let question = forewarn_forecast::parse_question(&src, "q.toml").unwrap();
        store
            .put_question(&question, &src, "2022-12-01T00:00:00Z")
            .unwrap();
    }

    /// Holds the builder's connection from another thread, as a rebuild under way does, until
    /// the returned function is called.
    fn hold_builder(state: &AppState) -> impl FnOnce() {
        let (held_tx, held_rx) = mpsc::channel();
        let (release_tx, release_rx) = mpsc::channel::<()>();
        let state = state.clone();
        let holder = std::thread::spawn(move || {
            let _builder = alerts::lock(state.builder());
            held_tx.send(()).unwrap();
            // Only a hang guard: the test releases it at once.
            let _ = release_rx.recv_timeout(Duration::from_secs(120));
        });
        held_rx.recv().unwrap();
        move || {
            release_tx.send(()).unwrap();
            holder.join().unwrap();
        }
    }

    /// Before the first build is done, other reads wait [`FIRST_BUILD_WAIT`] and are then told
    /// to come back (503), not queued until they time out.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_read_during_the_first_build_is_told_to_retry() {
        let state = AppState::new(Store::open_in_memory().unwrap());
        let release = hold_builder(&state);
        let error = state.snapshot().await.unwrap_err();
        assert_eq!(
            (error.status, error.code),
            (StatusCode::SERVICE_UNAVAILABLE, "warming_up")
        );
        release();
        assert!(state.snapshot().await.unwrap().questions.is_empty());
    }

    /// While a rebuild holds the builder's connection, a read gets the last snapshot at once
    /// instead of queueing; once the rebuild is done, the next read sees the write.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_read_during_a_rebuild_gets_the_previous_snapshot() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("forewarn.db");
        let mut writer = Store::open(&path).unwrap();
        put_question(&mut writer, "first");
        let state = AppState::new(writer)
            .with_reader(Store::open(&path).unwrap())
            .with_view_builder(Store::open(&path).unwrap());
        let before = state.snapshot().await.unwrap();
        assert_eq!(before.questions.len(), 1);
        state
            .write(|store, _| {
                put_question(store, "second");
                Ok(())
            })
            .await
            .unwrap();

        let release = hold_builder(&state);
        let during = state.snapshot().await.unwrap();
        assert!(
            Arc::ptr_eq(&before, &during),
            "served the previous snapshot"
        );
        release();

        let after = state.snapshot().await.unwrap();
        assert_eq!(
            after.questions.keys().collect::<Vec<_>>(),
            ["first", "second"]
        );
        assert!(Arc::ptr_eq(&after, &state.snapshot().await.unwrap()));
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
