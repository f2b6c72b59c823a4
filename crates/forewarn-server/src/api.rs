//! The JSON API under `/api`. Lists page by an opaque `cursor` (pass back `next_cursor`);
//! errors are `{"error": {"code", "message"}}`.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::NaiveDate;
use forewarn_model::{Contribution, Direction, EventType};
use forewarn_store::EventFilter;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::alerts::AlertRule;
use crate::auth::Writer;
use crate::views::QuestionView;
use crate::{ApiError, AppState};

type ApiResult<T = Response> = Result<T, ApiError>;

/// Items per page when the client does not say.
const DEFAULT_LIMIT: usize = 50;
/// Items per page at most.
const MAX_LIMIT: usize = 500;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/openapi.json", get(openapi))
        .route("/api/questions", get(questions).post(add_question))
        .route("/api/questions/{id}", get(question))
        .route("/api/questions/{id}/timeline", get(timeline))
        .route("/api/questions/{id}/evidence", get(evidence))
        .route("/api/questions/{id}/briefing", get(briefing))
        .route("/api/events", get(events))
        .route("/api/documents", get(documents).post(ingest_document))
        .route("/api/documents/{id}", get(document))
        .route("/api/alerts", get(alerts))
        .route("/api/alerts/{id}/ack", post(acknowledge))
        .route("/api/alert-rules", get(alert_rules).post(add_alert_rule))
        .route("/api/backtests", get(backtests))
        .route("/api/surges", get(surges))
        .route("/api/feeds", get(feeds).post(add_feed))
        .route("/api/{*rest}", get(api_not_found).post(api_not_found))
}

async fn openapi() -> Json<Value> {
    Json(crate::openapi())
}

async fn api_not_found(Path(rest): Path<String>) -> ApiError {
    ApiError::not_found(format!(
        "no API endpoint /api/{rest}; see /api/openapi.json"
    ))
}

/// Paging parameters. Query structs carry `limit` and `cursor` themselves and hand out a
/// `Page`, because `#[serde(flatten)]` loses the numbers' types in query strings.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Page {
    pub limit: Option<usize>,
    pub cursor: Option<String>,
}

/// `Query` whose rejection is a JSON error like every other.
pub(crate) struct Q<T>(pub T);

impl<T: serde::de::DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Q<T> {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, ApiError> {
        Query::<T>::from_request_parts(parts, state)
            .await
            .map(|Query(q)| Q(q))
            .map_err(|e| ApiError::bad_request(e.body_text()))
    }
}

/// A path parameter whose rejection (`/api/documents/abc`) is a JSON [`ApiError`] like every
/// other API error, not axum's plain-text 400.
pub(crate) struct P<T>(pub T);

impl<T: serde::de::DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for P<T> {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, ApiError> {
        Path::<T>::from_request_parts(parts, state)
            .await
            .map(|Path(p)| P(p))
            .map_err(|e| ApiError::bad_request(e.body_text()))
    }
}

impl Page {
    fn limit(&self) -> Result<usize, ApiError> {
        match self.limit {
            None => Ok(DEFAULT_LIMIT),
            Some(n @ 1..=MAX_LIMIT) => Ok(n),
            Some(n) => Err(ApiError::bad_request(format!(
                "limit must be 1 to {MAX_LIMIT}, got {n}"
            ))),
        }
    }

    fn cursor_i64(&self) -> Result<Option<i64>, ApiError> {
        self.cursor
            .as_deref()
            .map(|c| {
                c.parse()
                    .map_err(|_| ApiError::bad_request(format!("bad cursor `{c}`")))
            })
            .transpose()
    }
}

fn page_json(items: Vec<Value>, next_cursor: Option<String>) -> Json<Value> {
    Json(json!({"items": items, "next_cursor": next_cursor}))
}

/// A question's line on the watch list.
pub(crate) fn summary_json(view: &QuestionView) -> Value {
    json!({
        "id": view.question.id,
        "question": view.question.question,
        "tags": view.question.tags,
        "probability": view.forecast.probability,
        "as_of": view.as_of,
        "change_24h": view.change_24h,
        "change_7d": view.change_7d,
        "change_30d": view.change_30d,
        "sparkline": view.weekly(),
        "last_development": view.last_development.as_ref().map(development_json),
        "resolution": view.question.resolution,
        "url": format!("/questions/{}", view.question.id),
    })
}

fn development_json(c: &Contribution) -> Value {
    json!({
        "date": c.date,
        "sentence": c.sentence,
        "direction": c.direction,
        "log_odds": c.log_odds,
        "document_id": c.document_id,
        "sentence_id": c.sentence_id,
        "source": c.document_title.as_ref().or(c.document_source.as_ref()),
    })
}

#[derive(Debug, Deserialize)]
struct QuestionsQuery {
    tag: Option<String>,
    limit: Option<usize>,
    cursor: Option<String>,
}

async fn questions(
    State(state): State<AppState>,
    Q(q): Q<QuestionsQuery>,
) -> ApiResult<Json<Value>> {
    let limit = q.page().limit()?;
    let snapshot = state.snapshot().await?;
    let after = q.cursor.as_deref();
    let mut matching = snapshot
        .questions
        .values()
        .filter(|v| after.is_none_or(|a| v.question.id.as_str() > a))
        .filter(|v| q.tag.as_ref().is_none_or(|t| v.question.tags.contains(t)));
    let items: Vec<&QuestionView> = matching.by_ref().take(limit).collect();
    let next = (matching.next().is_some())
        .then(|| items.last().map(|v| v.question.id.clone()))
        .flatten();
    Ok(page_json(
        items.into_iter().map(summary_json).collect(),
        next,
    ))
}

async fn view_of(state: &AppState, id: &str) -> ApiResult<std::sync::Arc<crate::views::Snapshot>> {
    let snapshot = state.snapshot().await?;
    if !snapshot.questions.contains_key(id) {
        return Err(ApiError::not_found(format!("no question `{id}`")));
    }
    Ok(snapshot)
}

async fn question(State(state): State<AppState>, P(id): P<String>) -> ApiResult<Json<Value>> {
    let snapshot = view_of(&state, &id).await?;
    let view = &snapshot.questions[&id];
    let mut body = summary_json(view);
    let extra = json!({
        "opens": view.question.opens,
        "deadline": view.question.deadline,
        "prior": view.question.prior,
        "base_log_odds": view.forecast.base_log_odds,
        "log_odds": view.forecast.log_odds,
        "words": forewarn_tell::words_of_estimative_probability(view.forecast.probability),
        "indicators": view.question.indicators,
        "evidence_for": view.evidence(Direction::For).collect::<Vec<_>>(),
        "evidence_against": view.evidence(Direction::Against).collect::<Vec<_>>(),
        "voices": view.voices,
        "backtest": view.backtest,
    });
    if let (Some(body), Value::Object(extra)) = (body.as_object_mut(), extra) {
        body.extend(extra);
    }
    Ok(Json(body))
}

async fn timeline(State(state): State<AppState>, P(id): P<String>) -> ApiResult<Json<Value>> {
    let snapshot = view_of(&state, &id).await?;
    let view = &snapshot.questions[&id];
    Ok(Json(json!({
        "question": id,
        "points": view.timeline,
        "markers": markers(view),
    })))
}

/// Evidence markers for the chart: each contribution at its development date, with the
/// probability of that day.
pub(crate) fn markers(view: &QuestionView) -> Vec<Value> {
    let mut markers: Vec<Value> = view
        .forecast
        .contributions
        .iter()
        .map(|c| {
            let p = view
                .timeline
                .iter()
                .find(|p| p.date == c.date)
                .map(|p| p.probability);
            json!({
                "date": c.date,
                "probability": p,
                "direction": c.direction,
                "log_odds": c.log_odds,
                "indicator": c.indicator_id,
                "sentence": c.sentence,
                "document_id": c.document_id,
            })
        })
        .collect();
    markers.sort_by(|a, b| a["date"].as_str().cmp(&b["date"].as_str()));
    markers
}

#[derive(Debug, Deserialize)]
struct EvidenceQuery {
    direction: Option<String>,
    limit: Option<usize>,
    cursor: Option<String>,
}

async fn evidence(
    State(state): State<AppState>,
    P(id): P<String>,
    Q(q): Q<EvidenceQuery>,
) -> ApiResult<Json<Value>> {
    let direction = match q.direction.as_deref() {
        None => None,
        Some("for") => Some(Direction::For),
        Some("against") => Some(Direction::Against),
        Some(other) => {
            return Err(ApiError::bad_request(format!(
                "direction must be `for` or `against`, got `{other}`"
            )));
        }
    };
    let limit = q.page().limit()?;
    let offset = usize::try_from(q.page().cursor_i64()?.unwrap_or(0))
        .map_err(|_| ApiError::bad_request("bad cursor"))?;
    let snapshot = view_of(&state, &id).await?;
    let view = &snapshot.questions[&id];
    let all: Vec<&Contribution> = view
        .forecast
        .contributions
        .iter()
        .filter(|c| direction.is_none_or(|d| c.direction == d))
        .collect();
    let items: Vec<Value> = all
        .iter()
        .skip(offset)
        .take(limit)
        .map(|c| serde_json::to_value(c).unwrap_or(Value::Null))
        .collect();
    let next = (offset + limit < all.len()).then(|| (offset + limit).to_string());
    Ok(page_json(items, next))
}

#[derive(Debug, Deserialize)]
struct BriefingQuery {
    format: Option<String>,
}

async fn briefing(
    State(state): State<AppState>,
    P(id): P<String>,
    Q(q): Q<BriefingQuery>,
) -> ApiResult {
    let html = match q.format.as_deref() {
        None | Some("md") | Some("markdown") => false,
        Some("html") => true,
        Some(other) => {
            return Err(ApiError::bad_request(format!(
                "format must be `md` or `html`, got `{other}`"
            )));
        }
    };
    let snapshot = view_of(&state, &id).await?;
    let text = snapshot.questions[&id].briefing(html);
    if html {
        // As the briefing page: its own stylesheet by hash, no script.
        let csp = crate::security::briefing_csp(&text);
        return Ok((
            [
                (header::CONTENT_TYPE, "text/html; charset=utf-8".to_string()),
                (header::CONTENT_SECURITY_POLICY, csp),
            ],
            text,
        )
            .into_response());
    }
    Ok((
        [(header::CONTENT_TYPE, "text/markdown; charset=utf-8")],
        text,
    )
        .into_response())
}

#[derive(Debug, Deserialize)]
pub(crate) struct EventsQuery {
    /// Country code of any source or target actor.
    pub actor: Option<String>,
    #[serde(rename = "type")]
    pub event_type: Option<String>,
    /// Country code where the event happened.
    pub place: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub limit: Option<usize>,
    pub cursor: Option<String>,
}

impl EventsQuery {
    pub(crate) fn page(&self) -> Page {
        Page {
            limit: self.limit,
            cursor: self.cursor.clone(),
        }
    }

    pub(crate) fn filter(&self) -> Result<EventFilter, ApiError> {
        let date = |name: &str, v: &Option<String>| -> Result<Option<NaiveDate>, ApiError> {
            v.as_deref()
                .filter(|s| !s.is_empty())
                .map(|s| {
                    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| {
                        ApiError::bad_request(format!("{name} must be YYYY-MM-DD, got `{s}`"))
                    })
                })
                .transpose()
        };
        let nonempty = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_ascii_uppercase)
        };
        Ok(EventFilter {
            actor_country: nonempty(&self.actor),
            event_type: nonempty(&self.event_type)
                .map(|t| {
                    t.parse::<EventType>()
                        .map_err(|e| ApiError::bad_request(e.to_string()))
                })
                .transpose()?,
            location_country: nonempty(&self.place),
            from: date("from", &self.from)?,
            to: date("to", &self.to)?,
            limit: Some(self.page().limit()? + 1),
            after_id: self.page().cursor_i64()?,
        })
    }
}

pub(crate) fn event_json(e: &forewarn_store::StoredEvent) -> Value {
    json!({
        "id": e.id,
        "sentence_id": e.sentence_id,
        "document_id": e.document_id,
        "ordinal": e.ordinal,
        "event": e.event,
        "sentence": e.sentence,
        "published": e.published,
        "document_title": e.document_title,
    })
}

/// One page of events plus the cursor of the next (the query asks for one extra to know).
pub(crate) fn events_page(
    store: &forewarn_store::Store,
    query: &EventsQuery,
) -> Result<(Vec<forewarn_store::StoredEvent>, Option<String>), ApiError> {
    let filter = query.filter()?;
    let limit = query.page().limit()?;
    let mut found = store.events(&filter)?;
    let more = found.len() > limit;
    found.truncate(limit);
    let next = more
        .then(|| found.last().map(|e| e.id.to_string()))
        .flatten();
    Ok((found, next))
}

async fn events(State(state): State<AppState>, Q(q): Q<EventsQuery>) -> ApiResult<Json<Value>> {
    q.filter()?;
    let (found, next) = state.read(move |store| events_page(store, &q)).await?;
    Ok(page_json(found.iter().map(event_json).collect(), next))
}

async fn documents(State(state): State<AppState>, Q(page): Q<Page>) -> ApiResult<Json<Value>> {
    let limit = page.limit()?;
    let after = page.cursor_i64()?;
    let mut docs = state
        .read(move |store| Ok(store.documents(limit + 1, after)?))
        .await?;
    let more = docs.len() > limit;
    docs.truncate(limit);
    let next = more
        .then(|| docs.last().map(|d| d.id.to_string()))
        .flatten();
    let items = docs
        .iter()
        .map(|d| {
            json!({
                "id": d.id,
                "title": d.document.title,
                "published": d.document.published,
                "source": d.document.source,
                "url": d.document.url,
                "duplicate_of": d.duplicate_of,
                "ingested_at": d.ingested_at,
            })
        })
        .collect();
    Ok(page_json(items, next))
}

async fn document(State(state): State<AppState>, P(id): P<i64>) -> ApiResult<Json<Value>> {
    let (doc, sentences) = state
        .read(move |store| {
            let doc = store
                .document(id)?
                .ok_or_else(|| ApiError::not_found(format!("no document {id}")))?;
            Ok((doc, store.sentences(id)?))
        })
        .await?;
    Ok(Json(json!({
        "id": doc.id,
        "title": doc.document.title,
        "text": doc.document.text,
        "url": doc.document.url,
        "source": doc.document.source,
        "author": doc.document.author,
        "published": doc.document.published,
        "duplicate_of": doc.duplicate_of,
        "sentences": sentences.iter().map(|s| json!({
            "id": s.id,
            "index": s.sentence.index,
            "text": s.sentence.text,
            "span": s.sentence.span,
            "coded": !s.sentence.events.is_empty(),
            "events": s.sentence.events,
            "actors": s.sentence.actors,
            "places": s.sentence.places,
        })).collect::<Vec<_>>(),
    })))
}

#[derive(Debug, Deserialize)]
struct IngestQuery {
    /// `jsonl` (one or more JSON objects, one per line), `txt` (front matter allowed) or `html`.
    format: Option<String>,
}

async fn ingest_document(
    State(state): State<AppState>,
    _writer: Writer,
    Q(q): Q<IngestQuery>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let body = body?;
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let ext = match q.format.as_deref() {
        Some(f @ ("jsonl" | "txt" | "md" | "html")) => f,
        Some(other) => {
            return Err(ApiError::bad_request(format!(
                "format must be jsonl, txt, md or html, got `{other}`"
            )));
        }
        None if content_type.starts_with("application/json") || content_type.contains("ndjson") => {
            "jsonl"
        }
        None if content_type.starts_with("text/html") => "html",
        None => "txt",
    };
    let outcome =
        forewarn_ingest::read_bytes(&format!("api-request.{ext}"), &body, &Default::default());
    if outcome.documents.is_empty() {
        let messages: Vec<String> = outcome
            .diagnostics
            .iter()
            .map(ToString::to_string)
            .collect();
        return Err(ApiError::bad_request(format!(
            "no document in the body: {}",
            messages.join("; ")
        )));
    }
    let read_diagnostics = outcome.diagnostics;
    let summary = state
        .write(move |store, state| state.ingest(store, outcome.documents))
        .await?;
    let mut body = serde_json::to_value(&summary).map_err(ApiError::internal)?;
    if let Some(warnings) = body.get_mut("warnings").and_then(Value::as_array_mut) {
        warnings.extend(
            read_diagnostics
                .iter()
                .filter_map(|d| serde_json::to_value(d).ok()),
        );
    }
    let status = if summary.added > 0 {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(body)))
}

async fn add_question(
    State(state): State<AppState>,
    _writer: Writer,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let body = body?;
    let src = std::str::from_utf8(&body)
        .map_err(|_| ApiError::bad_request("the question must be UTF-8 TOML"))?
        .to_string();
    let question = forewarn_forecast::parse_question(&src, "request body").map_err(|e| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_question",
            e.to_string(),
        )
    })?;
    let id = question.id.clone();
    state
        .write(move |store, state| {
            store.put_question(&question, &src, &state.now_rfc3339())?;
            state.after_ingest(store)
        })
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({"id": id, "url": format!("/questions/{id}")})),
    ))
}

pub(crate) fn alert_json(a: &forewarn_store::alerts::StoredAlert) -> Value {
    json!({
        "id": a.id,
        "rule_id": a.rule_id,
        "fired_at": a.fired_at,
        "message": a.message,
        "payload": serde_json::from_str::<Value>(&a.payload).unwrap_or(Value::Null),
        "acknowledged_at": a.acknowledged_at,
        "delivery": a.delivery.as_str(),
        "attempts": a.attempts,
        "last_error": a.last_error,
    })
}

async fn alerts(State(state): State<AppState>, Q(page): Q<Page>) -> ApiResult<Json<Value>> {
    let limit = page.limit()?;
    let before = page.cursor_i64()?;
    let mut found = state
        .read(move |store| Ok(store.alerts(limit + 1, before)?))
        .await?;
    let more = found.len() > limit;
    found.truncate(limit);
    let next = more
        .then(|| found.last().map(|a| a.id.to_string()))
        .flatten();
    Ok(page_json(found.iter().map(alert_json).collect(), next))
}

async fn acknowledge(
    State(state): State<AppState>,
    _writer: Writer,
    P(id): P<i64>,
) -> ApiResult<Json<Value>> {
    let at = state.now_rfc3339();
    let found = state
        .write(move |store, _| Ok(store.acknowledge_alert(id, &at)?))
        .await?;
    if !found {
        return Err(ApiError::not_found(format!("no alert {id}")));
    }
    Ok(Json(json!({"id": id, "acknowledged": true})))
}

async fn alert_rules(State(state): State<AppState>) -> ApiResult<Json<Value>> {
    let rules = state.read(|store| Ok(crate::alerts::rules(store)?)).await?;
    let items = rules
        .iter()
        .map(|r| serde_json::to_value(r).unwrap_or(Value::Null))
        .collect();
    Ok(page_json(items, None))
}

async fn add_alert_rule(
    State(state): State<AppState>,
    _writer: Writer,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let body = body?;
    let rule: AlertRule = serde_json::from_slice(&body).map_err(|e| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_rule",
            e.to_string(),
        )
    })?;
    let invalid = |e: String| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_rule", e);
    rule.validate().map_err(invalid)?;
    let id = state
        .write(move |store, state| {
            if let Some(question) = &rule.question
                && store.question(question)?.is_none()
            {
                return Err(ApiError::not_found(format!("no question `{question}`")));
            }
            let id = match crate::alerts::add_rule(store, &rule, &state.now_rfc3339()) {
                Ok(id) => id,
                Err(crate::alerts::RuleError::Invalid(e)) => return Err(invalid(e)),
                Err(crate::alerts::RuleError::Store(e)) => return Err(e.into()),
            };
            // Evaluate at once so the rule starts from today's state.
            state.after_ingest(store)?;
            Ok(id)
        })
        .await?;
    Ok((StatusCode::CREATED, Json(json!({"id": id}))))
}

async fn backtests(State(state): State<AppState>) -> ApiResult<Json<Value>> {
    let snapshot = state.snapshot().await?;
    let items = snapshot
        .questions
        .values()
        .filter_map(|v| {
            let b = v.backtest?;
            Some(json!({
                "question": v.question.id,
                "outcome": b.outcome,
                "resolved_on": b.resolved_on,
                "brier": b.brier,
                "brier_prior": b.brier_prior,
                "days": b.days,
            }))
        })
        .collect();
    Ok(page_json(items, None))
}

#[derive(Debug, Deserialize)]
struct NewFeed {
    url: String,
    name: Option<String>,
}

/// Subscribes to an RSS or Atom feed; `forewarn fetch` fetches it. 201 when new, 200 when the
/// URL was already subscribed (its fetch state is kept).
async fn add_feed(
    State(state): State<AppState>,
    _writer: Writer,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let body = body?;
    let feed: NewFeed = serde_json::from_slice(&body).map_err(|e| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_feed",
            e.to_string(),
        )
    })?;
    let url = feed.url.trim().to_string();
    if !(url.starts_with("http://") || url.starts_with("https://"))
        || url.contains(char::is_whitespace)
    {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_feed",
            format!("a feed URL must be http:// or https://, got `{url}`"),
        ));
    }
    let (id, new) = state
        .write(move |store, state| {
            Ok(store.add_feed(&url, feed.name.as_deref(), &state.now_rfc3339())?)
        })
        .await?;
    let status = if new {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(json!({"id": id, "new": new}))))
}

async fn feeds(State(state): State<AppState>) -> ApiResult<Json<Value>> {
    let feeds = state.read(|store| Ok(store.feeds()?)).await?;
    let items = feeds
        .iter()
        .map(|f| {
            json!({
                "id": f.id, "url": f.url, "name": f.name, "added_at": f.added_at,
                "last_fetched": f.last_fetched, "last_error": f.last_error,
            })
        })
        .collect();
    Ok(page_json(items, None))
}

impl QuestionsQuery {
    fn page(&self) -> Page {
        Page {
            limit: self.limit,
            cursor: self.cursor.clone(),
        }
    }
}

impl EvidenceQuery {
    fn page(&self) -> Page {
        Page {
            limit: self.limit,
            cursor: self.cursor.clone(),
        }
    }
}

#[derive(Debug, Deserialize)]
struct SurgesQuery {
    /// Source actor country code.
    actor: Option<String>,
    target: Option<String>,
    /// Country code where the events happened.
    location: Option<String>,
    #[serde(rename = "type")]
    event_type: Option<String>,
    /// `news` (coded from ingested documents), `gdelt`, `acled`, …; all when omitted.
    dataset: Option<String>,
    min_z: Option<f64>,
    window: Option<usize>,
    /// `events` (the default), `mentions` (the articles mentioning the events) or `articles`
    /// (GKG articles per country they name; with `location` only).
    measure: Option<String>,
    /// Every scored day, not only the flagged ones.
    #[serde(default)]
    all_days: bool,
}

/// Days whose count of events is far above its rolling baseline (as `forewarn surge`).
async fn surges(State(state): State<AppState>, Q(q): Q<SurgesQuery>) -> ApiResult<Json<Value>> {
    use forewarn_events::surge::{self, SurgeParams};
    let upper = |v: &Option<String>| -> Vec<String> {
        v.iter()
            .map(|s| s.trim().to_ascii_uppercase())
            .filter(|s| !s.is_empty())
            .collect()
    };
    let event_types = upper(&q.event_type)
        .into_iter()
        .map(|t| {
            t.parse::<EventType>()
                .map(|t| t.as_str().to_string())
                .map_err(|e| ApiError::bad_request(e.to_string()))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let defaults = SurgeParams::default();
    let params = SurgeParams {
        min_z: q.min_z.unwrap_or(defaults.min_z),
        window: q.window.unwrap_or(defaults.window),
        ..defaults
    };
    if !forewarn_events::surge::reachable_min_z(params.min_z) || !(7..=365).contains(&params.window)
    {
        return Err(ApiError::bad_request(format!(
            "min_z must be above 0 and at most {}, and window 7 to 365 days",
            forewarn_events::surge::MAX_Z
        )));
    }
    let measure = match &q.measure {
        None => forewarn_store::Measure::Events,
        Some(m) => m
            .parse::<forewarn_store::Measure>()
            .map_err(ApiError::bad_request)?,
    };
    let (source, target, location) = (upper(&q.actor), upper(&q.target), upper(&q.location));
    let event_filters = !source.is_empty() || !target.is_empty() || !event_types.is_empty();
    if !measure.allows(event_filters, location.len()) {
        return Err(ApiError::bad_request(
            "measure=articles counts GKG articles by the country they name: give one location and no actor, target or type",
        ));
    }
    let filter = forewarn_store::CountFilter {
        datasets: q.dataset.iter().cloned().collect(),
        source,
        target,
        location,
        event_types,
        measure,
        ..Default::default()
    };
    let scored = state
        .read(move |store| Ok(forewarn_report::scored_series(store, &filter, &params)?))
        .await?;
    let episodes = surge::episodes(&scored, 7);
    let days: Vec<&surge::SurgeDay> = scored.iter().filter(|d| q.all_days || d.flagged).collect();
    Ok(Json(json!({
        "min_z": params.min_z,
        "window": params.window,
        "measure": measure.as_str(),
        "days": days,
        "episodes": episodes,
    })))
}
