//! The OpenAPI 3.1 description served at `/api/openapi.json`, written by hand: it is small,
//! and a derive crate would cost more build time than the document is long. A test checks
//! that every route in it answers and every API route is in it.

use serde_json::{Value, json};

fn param(name: &str, location: &str, description: &str, schema: Value) -> Value {
    json!({"name": name, "in": location, "required": location == "path", "description": description, "schema": schema})
}

fn page_params() -> Vec<Value> {
    vec![
        param(
            "limit",
            "query",
            "Items per page, 1 to 500 (default 50).",
            json!({"type": "integer", "minimum": 1, "maximum": 500}),
        ),
        param(
            "cursor",
            "query",
            "Opaque cursor: pass back `next_cursor` from the previous page.",
            json!({"type": "string"}),
        ),
    ]
}

fn ok(description: &str, schema: Value) -> Value {
    json!({
        "200": {"description": description, "content": {"application/json": {"schema": schema}}},
        "default": {"$ref": "#/components/responses/Error"},
    })
}

fn created(description: &str) -> Value {
    json!({
        "201": {"description": description, "content": {"application/json": {"schema": {"type": "object"}}}},
        "401": {"$ref": "#/components/responses/Error"},
        "413": {"$ref": "#/components/responses/Error"},
        "default": {"$ref": "#/components/responses/Error"},
    })
}

/// As [`created`], for writes that answer 200 when nothing was new (a duplicate document, a
/// feed already subscribed).
fn created_or_ok(description: &str) -> Value {
    let mut responses = created(description);
    responses["200"] = json!({"description": "Nothing new: already stored", "content": {"application/json": {"schema": {"type": "object"}}}});
    responses
}

fn page_of(item: &str) -> Value {
    json!({"type": "object", "required": ["items", "next_cursor"], "properties": {
        "items": {"type": "array", "items": {"$ref": format!("#/components/schemas/{item}")}},
        "next_cursor": {"type": ["string", "null"]},
    }})
}

fn id_param(description: &str, integer: bool) -> Value {
    param(
        "id",
        "path",
        description,
        json!({"type": if integer { "integer" } else { "string" }}),
    )
}

/// The API description.
pub fn openapi() -> Value {
    let secured = json!([{"bearer": []}]);
    let mut events_params = vec![
        param(
            "actor",
            "query",
            "ISO 3166 alpha-3 (or IGO) code of any source or target actor.",
            json!({"type": "string"}),
        ),
        param(
            "type",
            "query",
            "PLOVER event type, e.g. MOBILIZE.",
            json!({"type": "string"}),
        ),
        param(
            "place",
            "query",
            "Country code where the event happened.",
            json!({"type": "string"}),
        ),
        param(
            "from",
            "query",
            "Earliest event date (YYYY-MM-DD), inclusive.",
            json!({"type": "string", "format": "date"}),
        ),
        param(
            "to",
            "query",
            "Latest event date (YYYY-MM-DD), inclusive.",
            json!({"type": "string", "format": "date"}),
        ),
    ];
    events_params.extend(page_params());
    let mut question_list_params = vec![param(
        "tag",
        "query",
        "Only questions with this tag.",
        json!({"type": "string"}),
    )];
    question_list_params.extend(page_params());
    let mut evidence_params = vec![
        id_param("Question id.", false),
        param(
            "direction",
            "query",
            "`for` or `against`; both when omitted.",
            json!({"type": "string", "enum": ["for", "against"]}),
        ),
    ];
    evidence_params.extend(page_params());
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "forewarn API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Questions with their probability and why, events, documents, alerts. Reads are open; writes need `Authorization: Bearer TOKEN` from `forewarn token create`. Lists page by cursor. Errors are {\"error\": {\"code\", \"message\"}}. Bodies are limited to 1 MiB.",
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "responses": {"Error": {"description": "An error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}},
            "schemas": {
                "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "object", "required": ["code", "message"], "properties": {
                    "code": {"type": "string", "examples": ["not_found", "unauthorized", "payload_too_large", "bad_request"]},
                    "message": {"type": "string"}}}}},
                "QuestionSummary": {"type": "object", "required": ["id", "question", "probability", "as_of"], "properties": {
                    "id": {"type": "string"}, "question": {"type": "string"}, "tags": {"type": "array", "items": {"type": "string"}},
                    "probability": {"type": "number"}, "as_of": {"type": "string", "format": "date"},
                    "change_24h": {"type": ["number", "null"], "description": "Probability now minus a day before (fraction)."},
                    "change_7d": {"type": ["number", "null"]}, "change_30d": {"type": ["number", "null"]},
                    "sparkline": {"type": "array", "items": {"type": "number"}, "description": "Weekly probabilities ending at as_of."},
                    "last_development": {"type": ["object", "null"]}, "url": {"type": "string"}}},
                "Contribution": {"type": "object", "description": "One piece of evidence: indicator, direction, log-odds added, date, sentence, document."},
                "Event": {"type": "object", "properties": {"id": {"type": "integer"}, "document_id": {"type": "integer"}, "sentence_id": {"type": "integer"},
                    "event": {"type": "object", "description": "PLOVER event: event_type, mode, source, target, location, date, negated, hypothetical, future, trigger."},
                    "sentence": {"type": "string"}, "published": {"type": ["string", "null"], "format": "date"}}},
                "DocumentSummary": {"type": "object", "properties": {"id": {"type": "integer"}, "title": {"type": ["string", "null"]}, "published": {"type": ["string", "null"]}}},
                "Alert": {"type": "object", "properties": {"id": {"type": "integer"}, "rule_id": {"type": "integer"}, "fired_at": {"type": "string"}, "message": {"type": "string"},
                    "payload": {"type": "object"}, "acknowledged_at": {"type": ["string", "null"]}, "delivery": {"type": "string", "enum": ["none", "pending", "delivered", "failed"]}}},
                "AlertRule": {"type": "object", "required": ["kind"], "properties": {
                    "question": {"type": ["string", "null"], "description": "The question watched; required for crosses, moves and indicator, absent for surge."},
                    "kind": {"type": "string", "enum": ["crosses", "moves", "indicator", "surge"]},
                    "threshold": {"type": "number", "description": "crosses: probability line, 0–1."},
                    "points": {"type": "number", "description": "moves: fraction, 0.05 = 5 points."}, "days": {"type": "integer", "description": "moves: window in days."},
                    "indicator": {"type": "string", "description": "indicator: the indicator id."},
                    "type": {"type": "string", "description": "surge: PLOVER event type, e.g. MOBILIZE."},
                    "actor": {"type": "string", "description": "surge: source actor's country code."}, "target": {"type": "string", "description": "surge: target's country code."},
                    "location": {"type": "string", "description": "surge: country code where the events happened."},
                    "dataset": {"type": "string", "description": "surge: news, gdelt, acled, …; all when absent."},
                    "min_z": {"type": "number", "exclusiveMinimum": 0, "maximum": 40, "description": "surge: a day at or above this z-score is a surge (default 3; a day's z is capped at 40). Each surge day is reported once."},
                    "measure": {"type": "string", "enum": ["events", "mentions", "articles"], "description": "surge: count events (default), the articles mentioning them, or GKG articles naming the location (then no type, actor or target)."},
                    "webhook_url": {"type": ["string", "null"], "description": "http:// or https:// URL; POSTed the alert with X-Forewarn-Signature: sha256=HMAC-SHA256(secret, body)."},
                    "webhook_secret": {"type": "string", "writeOnly": true}}},
                "Backtest": {"type": "object", "properties": {"question": {"type": "string"}, "outcome": {"type": "boolean"}, "resolved_on": {"type": "string"},
                    "brier": {"type": "number"}, "brier_prior": {"type": "number"}, "days": {"type": "integer"}}},
            },
        },
        "paths": {
            "/api/openapi.json": {"get": {"summary": "This document.", "responses": ok("OpenAPI document", json!({"type": "object"}))}},
            "/api/questions": {
                "get": {"summary": "Questions with probability and 24 h / 7 d / 30 d change.", "parameters": question_list_params, "responses": ok("A page of questions", page_of("QuestionSummary"))},
                "post": {"summary": "Add or replace a question (TOML body, see docs/forecasting.md).", "security": secured,
                    "requestBody": {"required": true, "content": {"application/toml": {"schema": {"type": "string"}}, "text/plain": {"schema": {"type": "string"}}}}, "responses": created("The question's id")},
            },
            "/api/questions/{id}": {"get": {"summary": "One question: forecast, evidence for and against, voices, backtest.", "parameters": [id_param("Question id.", false)],
                "responses": ok("The question", json!({"$ref": "#/components/schemas/QuestionSummary"}))}},
            "/api/questions/{id}/timeline": {"get": {"summary": "Daily probability path with evidence markers.", "parameters": [id_param("Question id.", false)],
                "responses": ok("Points and markers", json!({"type": "object", "properties": {"points": {"type": "array"}, "markers": {"type": "array"}}}))}},
            "/api/questions/{id}/evidence": {"get": {"summary": "Evidence, strongest first.", "parameters": evidence_params, "responses": ok("A page of contributions", page_of("Contribution"))}},
            "/api/questions/{id}/briefing": {"get": {"summary": "The briefing as Markdown or HTML.",
                "parameters": [id_param("Question id.", false), param("format", "query", "`md` (default) or `html`.", json!({"type": "string", "enum": ["md", "html"]}))],
                "responses": {"200": {"description": "The briefing", "content": {"text/markdown": {}, "text/html": {}}}, "default": {"$ref": "#/components/responses/Error"}}}},
            "/api/events": {"get": {"summary": "Coded events filtered by actor, type, place and date.", "parameters": events_params, "responses": ok("A page of events", page_of("Event"))}},
            "/api/documents": {
                "get": {"summary": "Stored documents in id order.", "parameters": page_params(), "responses": ok("A page of documents", page_of("DocumentSummary"))},
                "post": {"summary": "Ingest a document: JSON lines (text, title, published, url, source, author), text with front matter, or HTML. Coded like `forewarn ingest`; alert rules are evaluated after.",
                    "security": secured, "parameters": [param("format", "query", "jsonl, txt, md or html; from Content-Type when omitted.", json!({"type": "string"}))],
                    "requestBody": {"required": true, "content": {"application/json": {}, "text/plain": {}, "text/html": {}}}, "responses": created_or_ok("The ingest summary")},
            },
            "/api/documents/{id}": {"get": {"summary": "A document with its sentences; coded sentences carry their events.", "parameters": [id_param("Document id.", true)],
                "responses": ok("The document", json!({"type": "object"}))}},
            "/api/alerts": {"get": {"summary": "Fired alerts, newest first.", "parameters": page_params(), "responses": ok("A page of alerts", page_of("Alert"))}},
            "/api/alerts/{id}/ack": {"post": {"summary": "Acknowledge an alert.", "security": secured, "parameters": [id_param("Alert id.", true)],
                "responses": ok("Acknowledged", json!({"type": "object"}))}},
            "/api/alert-rules": {
                "get": {"summary": "Alert rules (secrets are never shown).", "responses": ok("All rules", page_of("AlertRule"))},
                "post": {"summary": "Add an alert rule; it is evaluated at once and after every ingest.", "security": secured,
                    "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AlertRule"}}}}, "responses": created("The rule's id")},
            },
            "/api/backtests": {"get": {"summary": "Scores of resolved questions: mean Brier of the daily forecasts, and of the prior alone.", "responses": ok("Backtests", page_of("Backtest"))}},
            "/api/surges": {"get": {"summary": "Days whose event count is far above its rolling baseline (negative-binomial upper tail with weekday factors), and the episodes they form.",
                "parameters": [
                    param("actor", "query", "Source actor country code.", json!({"type": "string"})),
                    param("target", "query", "Target actor country code.", json!({"type": "string"})),
                    param("location", "query", "Country code where the events happened.", json!({"type": "string"})),
                    param("type", "query", "PLOVER event type.", json!({"type": "string"})),
                    param("dataset", "query", "news, gdelt, acled or a mapped CSV's name; all when omitted.", json!({"type": "string"})),
                    param("min_z", "query", "Flag days at or above this z-score (default 3; a day's z is capped at 40).", json!({"type": "number", "exclusiveMinimum": 0, "maximum": 40})),
                    param("window", "query", "Baseline window in days (default 28).", json!({"type": "integer"})),
                    param("measure", "query", "events (default); mentions: the articles mentioning the events (imported GDELT Mentions), each on the day it appeared; articles: GKG articles naming one country (give exactly one location, no type, actor or target).", json!({"type": "string", "enum": ["events", "mentions", "articles"]})),
                    param("all_days", "query", "Every scored day, not only flagged ones.", json!({"type": "boolean"})),
                ],
                "responses": ok("Flagged days and episodes", json!({"type": "object", "properties": {"days": {"type": "array"}, "episodes": {"type": "array"}}}))}},
            "/api/feeds": {
                "get": {"summary": "Subscribed feeds with their last fetch.", "responses": ok("All feeds", json!({"type": "object"}))},
                "post": {"summary": "Subscribe to an RSS or Atom feed: {\"url\", \"name\"?}. 201 when new, 200 when already subscribed.", "security": secured,
                    "requestBody": {"required": true, "content": {"application/json": {}}}, "responses": created_or_ok("The feed's id")},
            },
        },
    })
}
