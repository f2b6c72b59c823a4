#![allow(clippy::disallowed_methods)] // tests and examples read their fixtures from disk

//! Every endpoint through `app(state)` with tower's `oneshot`: no port, no network (except the
//! webhook receiver, which listens on 127.0.0.1).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use chrono::{DateTime, TimeZone, Utc};
use forewarn_fetch::AddressPolicy;
use forewarn_pipeline::Pipeline;
use forewarn_server::{AppState, BODY_LIMIT, app};
use forewarn_store::Store;
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn clock() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2023, 6, 1, 9, 0, 0).unwrap()
}

/// A store with the fixture corpus and question, its state, and a write token.
fn setup() -> (AppState, String) {
    let (store, token) = fixture_store();
    // Webhook receivers here listen on loopback, which the default policy refuses.
    let state = AppState::with_clock(store, clock).with_outbound(AddressPolicy::allow_private());
    (state, token)
}

/// The store behind [`setup`], for tests that add to it first.
fn fixture_store() -> (Store, String) {
    let mut store = Store::open_in_memory().unwrap();
    let mut pipeline = Pipeline::new(&store).unwrap();
    let (files, missing) = forewarn_ingest::discover(&[fixtures().join("corpus")]);
    assert!(missing.is_empty());
    let summary = pipeline
        .ingest_files(
            &mut store,
            &files,
            &Default::default(),
            "2023-01-01T00:00:00Z",
            |_| {},
        )
        .unwrap();
    assert_eq!(summary.added, 3, "{:?}", summary.failed);
    for file in ["question.toml", "second.toml"] {
        let src = std::fs::read_to_string(fixtures().join(file)).unwrap();
        let q = forewarn_forecast::parse_question(&src, file).unwrap();
        store
            .put_question(&q, &src, "2023-01-01T00:00:00Z")
            .unwrap();
    }
    let token =
        forewarn_server::auth::create_token(&mut store, "test", "2023-01-01T00:00:00Z").unwrap();
    (store, token)
}

/// An optional request body: content type and bytes.
type MaybeBody = Option<(&'static str, Vec<u8>)>;
/// What the webhook receiver saw: headers (lower-cased names) and body.
type Received = (Vec<(String, String)>, Vec<u8>);

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    fn error_code(&self) -> String {
        self.json()["error"]["code"].as_str().unwrap().to_string()
    }
}

async fn call(
    state: &AppState,
    method: Method,
    uri: &str,
    token: Option<&str>,
    body: Option<(&str, Vec<u8>)>,
) -> Reply {
    let mut request = Request::builder().method(method).uri(uri);
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    let body = match body {
        Some((content_type, bytes)) => {
            request = request.header(header::CONTENT_TYPE, content_type);
            Body::from(bytes)
        }
        None => Body::empty(),
    };
    let response = app(state.clone())
        .oneshot(request.body(body).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    Reply {
        status,
        headers,
        body,
    }
}

async fn get(state: &AppState, uri: &str) -> Reply {
    call(state, Method::GET, uri, None, None).await
}

#[tokio::test]
async fn questions_list_with_probability_changes_and_paging() {
    let (state, _) = setup();
    let reply = get(&state, "/api/questions").await;
    assert_eq!(reply.status, StatusCode::OK);
    let body = reply.json();
    let items = body["items"].as_array().unwrap();
    let ids: Vec<&str> = items.iter().map(|q| q["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["a-second-question", "belarus-fixture"]);
    let q = &items[1];
    let p = q["probability"].as_f64().unwrap();
    assert!(p > 0.0 && p < 1.0);
    assert_eq!(q["as_of"], "2022-11-20", "the newest document's date");
    for key in ["change_24h", "change_7d", "change_30d"] {
        assert!(q[key].is_number(), "{key}: {q}");
    }
    assert!(q["sparkline"].as_array().unwrap().len() > 3);
    assert_eq!(q["last_development"]["date"], "2022-11-20");

    let page1 = get(&state, "/api/questions?limit=1").await.json();
    assert_eq!(page1["items"].as_array().unwrap().len(), 1);
    let cursor = page1["next_cursor"].as_str().unwrap();
    let page2 = get(&state, &format!("/api/questions?limit=1&cursor={cursor}"))
        .await
        .json();
    assert_eq!(page2["items"][0]["id"], "belarus-fixture");
    assert!(page2["next_cursor"].is_null());

    let belarus = get(&state, "/api/questions?tag=belarus").await.json();
    assert_eq!(belarus["items"].as_array().unwrap().len(), 1);
    let bad = get(&state, "/api/questions?limit=0").await;
    assert_eq!(
        (bad.status, bad.error_code().as_str()),
        (StatusCode::BAD_REQUEST, "bad_request")
    );
}

#[tokio::test]
async fn question_detail_timeline_evidence_and_briefing() {
    let (state, _) = setup();
    let q = get(&state, "/api/questions/belarus-fixture").await.json();
    assert_eq!(q["evidence_for"][0]["indicator_id"], "troops-border");
    assert!(
        q["evidence_against"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["sentence"].as_str().unwrap().contains("no strike group"))
    );
    assert_eq!(q["backtest"]["outcome"], false);
    assert!(q["backtest"]["brier"].as_f64().unwrap() < 0.05);
    // The explanation is the model: base plus contributions is the log-odds.
    let sum: f64 = ["evidence_for", "evidence_against"]
        .iter()
        .flat_map(|k| {
            q[*k]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["log_odds"].as_f64().unwrap())
        })
        .sum();
    assert!(
        (q["base_log_odds"].as_f64().unwrap() + sum - q["log_odds"].as_f64().unwrap()).abs() < 1e-9
    );

    let timeline = get(&state, "/api/questions/belarus-fixture/timeline")
        .await
        .json();
    let points = timeline["points"].as_array().unwrap();
    assert_eq!(points.first().unwrap()["date"], "2022-10-01");
    assert_eq!(points.last().unwrap()["date"], "2022-11-20");
    assert_eq!(points.len(), 51);
    assert!(!timeline["markers"].as_array().unwrap().is_empty());

    let against = get(
        &state,
        "/api/questions/belarus-fixture/evidence?direction=against&limit=1",
    )
    .await
    .json();
    assert_eq!(against["items"].as_array().unwrap().len(), 1);
    assert_eq!(against["items"][0]["direction"], "against");
    let cursor = against["next_cursor"]
        .as_str()
        .expect("two reports against");
    let rest = get(
        &state,
        &format!("/api/questions/belarus-fixture/evidence?direction=against&cursor={cursor}"),
    )
    .await
    .json();
    assert_eq!(rest["items"][0]["direction"], "against");
    let bad = get(
        &state,
        "/api/questions/belarus-fixture/evidence?direction=sideways",
    )
    .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);

    let md = get(&state, "/api/questions/belarus-fixture/briefing").await;
    assert_eq!(
        md.headers[header::CONTENT_TYPE],
        "text/markdown; charset=utf-8"
    );
    assert!(
        md.text()
            .starts_with("# Will Belarusian forces fight in Ukraine")
    );
    let html = get(
        &state,
        "/api/questions/belarus-fixture/briefing?format=html",
    )
    .await;
    assert!(html.text().contains("<svg"));
    assert_eq!(
        get(&state, "/api/questions/belarus-fixture/briefing?format=pdf")
            .await
            .status,
        StatusCode::BAD_REQUEST
    );

    for uri in [
        "/api/questions/nope",
        "/api/questions/nope/timeline",
        "/api/questions/nope/evidence",
        "/api/questions/nope/briefing",
    ] {
        let reply = get(&state, uri).await;
        assert_eq!(
            (reply.status, reply.error_code().as_str()),
            (StatusCode::NOT_FOUND, "not_found"),
            "{uri}"
        );
    }
}

#[tokio::test]
async fn events_filter_by_actor_type_place_date_and_page() {
    let (state, _) = setup();
    let all = get(&state, "/api/events?limit=500").await.json();
    let events = all["items"].as_array().unwrap();
    assert!(!events.is_empty());
    let first_type = events[0]["event"]["event_type"]
        .as_str()
        .unwrap()
        .to_string();
    let by_type = get(
        &state,
        &format!("/api/events?type={}", first_type.to_lowercase()),
    )
    .await
    .json();
    assert!(
        by_type["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["event"]["event_type"] == first_type.as_str())
    );

    let by_actor = get(&state, "/api/events?actor=blr").await.json();
    for e in by_actor["items"].as_array().unwrap() {
        let countries: Vec<&str> = ["source", "target"]
            .iter()
            .flat_map(|k| {
                e["event"][*k]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter_map(|a| a["country"].as_str())
            })
            .collect();
        assert!(countries.contains(&"BLR"), "{e}");
    }
    let none = get(&state, "/api/events?place=ATA").await.json();
    assert!(none["items"].as_array().unwrap().is_empty());
    let dated = get(&state, "/api/events?from=2022-11-01&to=2022-11-30")
        .await
        .json();
    for e in dated["items"].as_array().unwrap() {
        let date = e["event"]["date"]
            .as_str()
            .or(e["published"].as_str())
            .unwrap();
        assert!(("2022-11-01"..="2022-11-30").contains(&date), "{e}");
    }

    if events.len() > 1 {
        let page = get(&state, "/api/events?limit=1").await.json();
        let cursor = page["next_cursor"].as_str().unwrap();
        let next = get(&state, &format!("/api/events?limit=1&cursor={cursor}"))
            .await
            .json();
        assert_eq!(next["items"][0]["id"], events[1]["id"]);
    }
    for uri in [
        "/api/events?type=PARADE",
        "/api/events?from=yesterday",
        "/api/events?cursor=x",
    ] {
        let reply = get(&state, uri).await;
        assert_eq!(
            (reply.status, reply.error_code().as_str()),
            (StatusCode::BAD_REQUEST, "bad_request"),
            "{uri}"
        );
    }
}

#[tokio::test]
async fn documents_list_and_one_with_coded_sentences() {
    let (state, _) = setup();
    let list = get(&state, "/api/documents?limit=2").await.json();
    assert_eq!(list["items"].as_array().unwrap().len(), 2);
    let next = get(
        &state,
        &format!(
            "/api/documents?cursor={}",
            list["next_cursor"].as_str().unwrap()
        ),
    )
    .await
    .json();
    assert_eq!(next["items"].as_array().unwrap().len(), 1);
    assert!(next["next_cursor"].is_null());

    let id = list["items"][0]["id"].as_i64().unwrap();
    let doc = get(&state, &format!("/api/documents/{id}")).await.json();
    assert_eq!(doc["title"], "Lukashenko announces a joint grouping");
    let sentences = doc["sentences"].as_array().unwrap();
    assert!(
        sentences
            .iter()
            .any(|s| s["coded"] == true && !s["events"].as_array().unwrap().is_empty())
    );
    let text = doc["text"].as_str().unwrap();
    for s in sentences {
        let (a, b) = (
            s["span"][0].as_u64().unwrap() as usize,
            s["span"][1].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[a..b], s["text"].as_str().unwrap());
    }
    let missing = get(&state, "/api/documents/9999").await;
    assert_eq!(
        (missing.status, missing.error_code().as_str()),
        (StatusCode::NOT_FOUND, "not_found")
    );
}

#[tokio::test]
async fn writes_need_a_valid_token() {
    let (state, token) = setup();
    let writes: [(&str, MaybeBody); 5] = [
        (
            "/api/documents",
            Some(("text/plain", b"Troops moved.".to_vec())),
        ),
        (
            "/api/questions",
            Some(("application/toml", b"id = 'x'".to_vec())),
        ),
        (
            "/api/alert-rules",
            Some(("application/json", b"{}".to_vec())),
        ),
        ("/api/alerts/1/ack", None),
        ("/api/feeds", Some(("application/json", b"{}".to_vec()))),
    ];
    for (uri, body) in &writes {
        let none = call(&state, Method::POST, uri, None, body.clone()).await;
        assert_eq!(
            (none.status, none.error_code().as_str()),
            (StatusCode::UNAUTHORIZED, "unauthorized"),
            "{uri}"
        );
        let wrong = call(
            &state,
            Method::POST,
            uri,
            Some("fw_not-a-real-token"),
            body.clone(),
        )
        .await;
        assert_eq!(
            (wrong.status, wrong.error_code().as_str()),
            (StatusCode::UNAUTHORIZED, "unauthorized"),
            "{uri}"
        );
    }
    // Not a bearer token at all.
    let request = Request::post("/api/documents")
        .header(header::AUTHORIZATION, format!("Basic {token}"))
        .body(Body::from("x"))
        .unwrap();
    assert_eq!(
        app(state.clone()).oneshot(request).await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    // Nothing was written.
    assert_eq!(
        get(&state, "/api/documents").await.json()["items"]
            .as_array()
            .unwrap()
            .len(),
        3
    );

    let feed = json!({"url": "http://127.0.0.1:9/feed.xml", "name": "local"}).to_string();
    let added = call(
        &state,
        Method::POST,
        "/api/feeds",
        Some(&token),
        Some(("application/json", feed.clone().into_bytes())),
    )
    .await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.text());
    let again = call(
        &state,
        Method::POST,
        "/api/feeds",
        Some(&token),
        Some(("application/json", feed.into_bytes())),
    )
    .await;
    assert_eq!(
        (again.status, again.json()["new"].as_bool()),
        (StatusCode::OK, Some(false))
    );
    assert_eq!(
        get(&state, "/api/feeds").await.json()["items"][0]["name"],
        "local"
    );
    let bad = json!({"url": "file:///etc/passwd"}).to_string();
    let rejected = call(
        &state,
        Method::POST,
        "/api/feeds",
        Some(&token),
        Some(("application/json", bad.into_bytes())),
    )
    .await;
    assert_eq!(
        (rejected.status, rejected.error_code().as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid_feed")
    );
}

#[tokio::test]
async fn oversized_body_is_413_as_json() {
    let (state, token) = setup();
    let big = vec![b'a'; BODY_LIMIT + 1];
    for uri in ["/api/documents", "/api/questions", "/api/alert-rules"] {
        let reply = call(
            &state,
            Method::POST,
            uri,
            Some(&token),
            Some(("text/plain", big.clone())),
        )
        .await;
        assert_eq!(
            (reply.status, reply.error_code().as_str()),
            (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"),
            "{uri}"
        );
    }
}

#[tokio::test]
async fn ingest_add_question_and_alerts_fire_and_acknowledge() {
    let (state, token) = setup();
    let rule = json!({"question": "belarus-fixture", "kind": "crosses", "threshold": 0.2});
    let created = call(
        &state,
        Method::POST,
        "/api/alert-rules",
        Some(&token),
        Some(("application/json", rule.to_string().into_bytes())),
    )
    .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    let indicator =
        json!({"question": "belarus-fixture", "kind": "indicator", "indicator": "inspection"});
    call(
        &state,
        Method::POST,
        "/api/alert-rules",
        Some(&token),
        Some(("application/json", indicator.to_string().into_bytes())),
    )
    .await;
    assert!(
        get(&state, "/api/alerts").await.json()["items"]
            .as_array()
            .unwrap()
            .is_empty(),
        "below the line and no inspection yet"
    );
    let rules = get(&state, "/api/alert-rules").await.json();
    assert_eq!(rules["items"][0]["kind"], "crosses");
    assert_eq!(rules["items"][0]["threshold"], 0.2);

    let before = get(&state, "/api/questions/belarus-fixture").await.json()["probability"]
        .as_f64()
        .unwrap();
    let text = std::fs::read(fixtures().join("inspection.txt")).unwrap();
    let ingested = call(
        &state,
        Method::POST,
        "/api/documents?format=txt",
        Some(&token),
        Some(("text/plain", text.clone())),
    )
    .await;
    assert_eq!(ingested.status, StatusCode::CREATED, "{}", ingested.text());
    assert_eq!(ingested.json()["added"], 1);
    let again = call(
        &state,
        Method::POST,
        "/api/documents?format=txt",
        Some(&token),
        Some(("text/plain", text)),
    )
    .await;
    assert_eq!(
        (again.status, again.json()["skipped_duplicate"].as_u64()),
        (StatusCode::OK, Some(1))
    );

    // The cached views saw the write.
    let after = get(&state, "/api/questions/belarus-fixture").await.json();
    assert_eq!(after["as_of"], "2022-12-13");
    assert!(
        after["probability"].as_f64().unwrap() > 0.2 && before < 0.2,
        "{before} → {}",
        after["probability"]
    );

    let alerts = get(&state, "/api/alerts").await.json();
    let items = alerts["items"].as_array().unwrap();
    let messages: Vec<&str> = items
        .iter()
        .map(|a| a["message"].as_str().unwrap())
        .collect();
    assert_eq!(items.len(), 2, "{messages:?}");
    assert!(
        messages.iter().any(|m| m.contains("rose above 20.0%")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("indicator `inspection` fired")),
        "{messages:?}"
    );
    assert_eq!(items[0]["delivery"], "none");

    let id = items[0]["id"].as_i64().unwrap();
    let ack = call(
        &state,
        Method::POST,
        &format!("/api/alerts/{id}/ack"),
        Some(&token),
        None,
    )
    .await;
    assert_eq!(ack.status, StatusCode::OK);
    assert!(get(&state, "/api/alerts").await.json()["items"][0]["acknowledged_at"].is_string());
    let unknown = call(
        &state,
        Method::POST,
        "/api/alerts/999/ack",
        Some(&token),
        None,
    )
    .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);

    // JSON lines ingest and a bad body.
    let line = json!({"text": "Belarusian troops returned to their barracks.", "title": "Back", "published": "2022-12-20"}).to_string();
    let jsonl = call(
        &state,
        Method::POST,
        "/api/documents",
        Some(&token),
        Some(("application/json", line.into_bytes())),
    )
    .await;
    assert_eq!(jsonl.status, StatusCode::CREATED, "{}", jsonl.text());
    let empty = call(
        &state,
        Method::POST,
        "/api/documents",
        Some(&token),
        Some(("text/plain", b"   ".to_vec())),
    )
    .await;
    assert_eq!(empty.status, StatusCode::BAD_REQUEST);

    // Questions: add, then reject a bad one and a bad rule.
    let toml = "id = \"new-q\"\nquestion = \"Will it?\"\nopens = 2022-10-01\ndeadline = 2023-01-01\nprior = 0.2\n";
    let added = call(
        &state,
        Method::POST,
        "/api/questions",
        Some(&token),
        Some(("application/toml", toml.as_bytes().to_vec())),
    )
    .await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.text());
    assert_eq!(
        get(&state, "/api/questions/new-q").await.status,
        StatusCode::OK
    );
    let invalid = call(
        &state,
        Method::POST,
        "/api/questions",
        Some(&token),
        Some(("application/toml", b"id = 3".to_vec())),
    )
    .await;
    assert_eq!(
        (invalid.status, invalid.error_code().as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid_question")
    );
    let bad_rule = json!({"question": "new-q", "kind": "crosses", "threshold": 2.0}).to_string();
    let bad = call(
        &state,
        Method::POST,
        "/api/alert-rules",
        Some(&token),
        Some(("application/json", bad_rule.into_bytes())),
    )
    .await;
    assert_eq!(
        (bad.status, bad.error_code().as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid_rule")
    );
    let no_question =
        json!({"question": "nope", "kind": "moves", "points": 0.05, "days": 7}).to_string();
    let missing = call(
        &state,
        Method::POST,
        "/api/alert-rules",
        Some(&token),
        Some(("application/json", no_question.into_bytes())),
    )
    .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

/// A one-shot HTTP receiver on 127.0.0.1: returns its URL and a handle yielding the request's
/// headers (lower-cased) and body.
fn receiver(status: u16) -> (String, std::thread::JoinHandle<Received>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream);
        let mut headers = Vec::new();
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        assert!(line.starts_with("POST /hook "), "{line}");
        loop {
            line.clear();
            reader.read_line(&mut line).unwrap();
            let trimmed = line.trim_end();
            if trimmed.is_empty() {
                break;
            }
            let (k, v) = trimmed.split_once(':').unwrap();
            headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
        let length: usize = headers
            .iter()
            .find(|(k, _)| k == "content-length")
            .unwrap()
            .1
            .parse()
            .unwrap();
        let mut body = vec![0; length];
        reader.read_exact(&mut body).unwrap();
        let reply =
            format!("HTTP/1.1 {status} X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        reader.get_mut().write_all(reply.as_bytes()).unwrap();
        (headers, body)
    });
    (url, handle)
}

#[tokio::test]
async fn webhook_is_signed_and_verified_by_a_receiver_and_failures_retry() {
    let (state, token) = setup();
    let (url, handle) = receiver(200);
    let rule = json!({"question": "belarus-fixture", "kind": "crosses", "threshold": 0.2, "webhook_url": url, "webhook_secret": "s3cret"});
    let created = call(
        &state,
        Method::POST,
        "/api/alert-rules",
        Some(&token),
        Some(("application/json", rule.to_string().into_bytes())),
    )
    .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    // The secret is write-only.
    assert!(
        !get(&state, "/api/alert-rules")
            .await
            .text()
            .contains("s3cret")
    );

    let text = std::fs::read(fixtures().join("inspection.txt")).unwrap();
    let ingested = call(
        &state,
        Method::POST,
        "/api/documents?format=txt",
        Some(&token),
        Some(("text/plain", text)),
    )
    .await;
    assert_eq!(ingested.status, StatusCode::CREATED);
    // Ingest only queued the delivery.
    assert_eq!(
        get(&state, "/api/alerts").await.json()["items"][0]["delivery"],
        "pending"
    );

    let s = state.clone();
    let attempted = tokio::task::spawn_blocking(move || s.deliver_webhooks())
        .await
        .unwrap();
    assert_eq!(attempted, 1);
    let (headers, body) = handle.join().unwrap();
    let signature = &headers
        .iter()
        .find(|(k, _)| k == "x-forewarn-signature")
        .expect("signed")
        .1;
    assert!(
        forewarn_server::alerts::verify("s3cret", &body, signature),
        "{signature}"
    );
    assert!(!forewarn_server::alerts::verify("wrong", &body, signature));
    let payload: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(payload["question"], "belarus-fixture");
    assert_eq!(payload["kind"], "crosses");
    assert_eq!(
        get(&state, "/api/alerts").await.json()["items"][0]["delivery"],
        "delivered"
    );

    // A receiver that answers 500: the delivery stays pending with a later retry time.
    let (url, handle) = receiver(500);
    let rule = json!({"question": "belarus-fixture", "kind": "indicator", "indicator": "inspection", "webhook_url": url});
    call(
        &state,
        Method::POST,
        "/api/alert-rules",
        Some(&token),
        Some(("application/json", rule.to_string().into_bytes())),
    )
    .await;
    let s = state.clone();
    assert_eq!(
        tokio::task::spawn_blocking(move || s.deliver_webhooks())
            .await
            .unwrap(),
        1
    );
    handle.join().unwrap();
    let alert = &get(&state, "/api/alerts").await.json()["items"][0];
    assert_eq!(
        (alert["delivery"].as_str(), alert["attempts"].as_u64()),
        (Some("pending"), Some(1)),
        "{alert}"
    );
    assert!(alert["last_error"].as_str().unwrap().contains("500"));
    // Not due again until the backoff has passed (the clock is fixed).
    let s = state.clone();
    assert_eq!(
        tokio::task::spawn_blocking(move || s.deliver_webhooks())
            .await
            .unwrap(),
        0
    );

    for (url, status) in [
        ("https://hooks.example.org/x", StatusCode::CREATED),
        ("ftp://example.org/x", StatusCode::UNPROCESSABLE_ENTITY),
    ] {
        let rule = json!({"question": "belarus-fixture", "kind": "crosses", "threshold": 0.5, "webhook_url": url}).to_string();
        let reply = call(
            &state,
            Method::POST,
            "/api/alert-rules",
            Some(&token),
            Some(("application/json", rule.into_bytes())),
        )
        .await;
        assert_eq!(reply.status, status, "{url}: {}", reply.text());
    }
}

#[tokio::test]
async fn a_webhook_to_a_private_address_is_refused_and_marked_failed_with_the_reason() {
    let (store, token) = fixture_store();
    // The default policy, as `forewarn serve` runs without --allow-private-hosts.
    let state = AppState::with_clock(store, clock);
    for url in [
        "http://169.254.169.254/latest/meta-data/",
        "http://[::ffff:10.0.0.1]:8080/hook",
    ] {
        let rule = json!({"question": "belarus-fixture", "kind": "crosses", "threshold": 0.2, "webhook_url": url});
        let created = call(
            &state,
            Method::POST,
            "/api/alert-rules",
            Some(&token),
            Some(("application/json", rule.to_string().into_bytes())),
        )
        .await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    }
    let text = std::fs::read(fixtures().join("inspection.txt")).unwrap();
    let ingested = call(
        &state,
        Method::POST,
        "/api/documents?format=txt",
        Some(&token),
        Some(("text/plain", text)),
    )
    .await;
    assert_eq!(ingested.status, StatusCode::CREATED);

    let s = state.clone();
    let attempted = tokio::task::spawn_blocking(move || s.deliver_webhooks())
        .await
        .unwrap();
    assert_eq!(attempted, 2);
    let alerts = get(&state, "/api/alerts").await.json();
    let items = alerts["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{alerts}");
    for alert in items {
        // Still in the outbox, failed at once: a refused address is not retried.
        assert_eq!(alert["delivery"], "failed", "{alert}");
        assert_eq!(alert["attempts"], 1, "{alert}");
        let error = alert["last_error"].as_str().unwrap();
        assert!(
            error.contains("169.254.169.254 is link-local")
                || error.contains("::ffff:10.0.0.1 is IPv4-mapped"),
            "{error}"
        );
    }
    let s = state.clone();
    assert_eq!(
        tokio::task::spawn_blocking(move || s.deliver_webhooks())
            .await
            .unwrap(),
        0
    );
}

/// An https webhook goes out over TLS: a listener on 127.0.0.1 sees a TLS handshake record
/// (the client hello, content type 22) where an http webhook would send `POST`. The listener
/// speaks no TLS, so the post fails with a transport error, which is all this needs: the
/// certificate check against a real receiver is rustls' job.
#[test]
fn https_webhooks_speak_tls() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let handle = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut head = [0u8; 3];
        stream.read_exact(&mut head).unwrap();
        head
    });
    let delivery = forewarn_store::alerts::PendingDelivery {
        alert: forewarn_store::alerts::StoredAlert {
            id: 1,
            rule_id: 1,
            fired_at: "2023-06-01T09:00:00Z".into(),
            message: "m".into(),
            payload: "{}".into(),
            acknowledged_at: None,
            delivery: forewarn_store::alerts::Delivery::Pending,
            attempts: 0,
            next_attempt_at: None,
            last_error: None,
        },
        url: format!("https://127.0.0.1:{port}/hook"),
        secret: Some("s".into()),
    };
    let outcome = forewarn_server::alerts::post(
        &delivery,
        std::time::Duration::from_secs(10),
        &AddressPolicy::allow_private(),
    );
    let head = handle.join().unwrap();
    assert_eq!(head[0], 0x16, "a TLS handshake record, got {head:?}");
    assert_eq!(head[1], 0x03, "TLS record version 3.x");
    assert!(outcome.is_err(), "the listener speaks no TLS");
}

/// `count` MOBILIZE events in BLR, `day` days after 2023-01-01, in an imported dataset.
fn incidents(day: u64, count: usize) -> Vec<forewarn_model::ImportedEvent> {
    let date = chrono::NaiveDate::from_ymd_opt(2023, 1, 1).unwrap() + chrono::Days::new(day);
    (0..count)
        .map(|i| forewarn_model::ImportedEvent {
            dataset: "incidents".into(),
            source_id: format!("{date}-{i}"),
            date: Some(date),
            native_type: "presence".into(),
            event_type: Some(forewarn_model::EventType::Mobilize),
            location_country: Some("BLR".into()),
            ..Default::default()
        })
        .collect()
}

#[tokio::test]
async fn surge_rule_fires_once_per_surge_day_with_a_signed_webhook() {
    let (mut store, token) = fixture_store();
    // A quiet baseline (an event every fourth day) and then three busy days.
    for day in (0..40).step_by(4) {
        store.insert_imported_events(&incidents(day, 1)).unwrap();
    }
    for day in 40..43 {
        store.insert_imported_events(&incidents(day, 7)).unwrap();
    }
    let state = AppState::with_clock(store, clock).with_outbound(AddressPolicy::allow_private());
    let flagged = get(
        &state,
        "/api/surges?type=MOBILIZE&location=BLR&dataset=incidents",
    )
    .await
    .json()["days"]
        .as_array()
        .unwrap()
        .len();
    assert!(flagged >= 1, "the fixture has a surge");

    let (url, handle) = receiver(200);
    // Codes in any case, as `/api/surges` takes them.
    let rule = json!({"kind": "surge", "type": "mobilize", "location": "blr", "dataset": "incidents",
        "min_z": 3, "webhook_url": url, "webhook_secret": "s3cret"});
    let created = call(
        &state,
        Method::POST,
        "/api/alert-rules",
        Some(&token),
        Some(("application/json", rule.to_string().into_bytes())),
    )
    .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    let rule_id = created.json()["id"].clone();
    let rules = get(&state, "/api/alert-rules").await.json();
    let listed = rules["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == rule_id)
        .unwrap()
        .clone();
    assert_eq!(
        (&listed["kind"], &listed["type"], &listed["location"]),
        (&json!("surge"), &json!("MOBILIZE"), &json!("BLR")),
        "{listed}"
    );
    assert!(listed["question"].is_null());

    let surge_alerts = |alerts: &Value| -> Vec<Value> {
        alerts["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["rule_id"] == rule_id)
            .cloned()
            .collect()
    };
    let fired = surge_alerts(&get(&state, "/api/alerts").await.json());
    assert_eq!(fired.len(), 1, "{fired:?}");
    let message = fired[0]["message"].as_str().unwrap();
    assert!(
        message.starts_with("surge in MOBILIZE events in BLR (incidents): "),
        "{message}"
    );
    assert_eq!(fired[0]["delivery"], "pending");
    assert_eq!(fired[0]["payload"]["detail"]["new_days"], flagged);

    let s = state.clone();
    let attempted = tokio::task::spawn_blocking(move || s.deliver_webhooks())
        .await
        .unwrap();
    assert_eq!(attempted, 1);
    let (headers, body) = handle.join().unwrap();
    let signature = &headers
        .iter()
        .find(|(k, _)| k == "x-forewarn-signature")
        .expect("signed")
        .1;
    assert!(forewarn_server::alerts::verify("s3cret", &body, signature));
    let payload: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(payload["kind"], "surge");
    assert!(payload["question"].is_null());

    // Another ingest evaluates the rules again: the same surge days are not reported twice.
    let text = std::fs::read(fixtures().join("inspection.txt")).unwrap();
    let ingested = call(
        &state,
        Method::POST,
        "/api/documents?format=txt",
        Some(&token),
        Some(("text/plain", text)),
    )
    .await;
    assert_eq!(ingested.status, StatusCode::CREATED);
    assert_eq!(
        surge_alerts(&get(&state, "/api/alerts").await.json()).len(),
        1
    );

    // The dashboard lists the alert and the rule.
    let page = get(&state, "/alerts").await.text();
    assert!(page.contains("surge in MOBILIZE events in BLR (incidents)"));
    assert!(
        page.contains(
            "/api/surges?min_z=3&amp;type=MOBILIZE&amp;location=BLR&amp;dataset=incidents"
        )
    );

    for bad in [
        json!({"kind": "surge", "question": "belarus-fixture", "location": "BLR"}),
        json!({"kind": "surge", "type": "PARADE"}),
        json!({"kind": "surge", "min_z": 0}),
        json!({"kind": "crosses", "threshold": 0.5}),
    ] {
        let reply = call(
            &state,
            Method::POST,
            "/api/alert-rules",
            Some(&token),
            Some(("application/json", bad.to_string().into_bytes())),
        )
        .await;
        assert_eq!(
            (reply.status, reply.error_code().as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, "invalid_rule"),
            "{bad}"
        );
    }
}

#[tokio::test]
async fn surges_score_daily_counts() {
    let (state, _) = setup();
    let all = get(&state, "/api/surges?all_days=true").await;
    assert_eq!(all.status, StatusCode::OK, "{}", all.text());
    let body = all.json();
    let days = body["days"].as_array().unwrap();
    assert!(!days.is_empty(), "news events are counted by day");
    // The 2022-10-10 report only says troops *would* deploy, and future events are not
    // counted, so the news series starts with the 10-16 report.
    assert_eq!(days[0]["date"], "2022-10-16");
    // Three small documents make no surge.
    let flagged = get(&state, "/api/surges?actor=BLR&type=mobilize")
        .await
        .json();
    assert!(flagged["days"].as_array().unwrap().is_empty());
    assert_eq!(flagged["measure"], "events");
    // No mentions are imported here: the mentions measure has no days.
    let mentions = get(&state, "/api/surges?all_days=true&measure=mentions").await;
    assert_eq!(mentions.status, StatusCode::OK, "{}", mentions.text());
    assert_eq!(mentions.json()["measure"], "mentions");
    assert!(mentions.json()["days"].as_array().unwrap().is_empty());
    for uri in [
        "/api/surges?type=PARADE",
        "/api/surges?min_z=0",
        "/api/surges?window=2",
        "/api/surges?measure=tweets",
        "/api/surges?measure=articles&type=MOBILIZE",
        "/api/surges?measure=articles",
    ] {
        assert_eq!(
            get(&state, uri).await.status,
            StatusCode::BAD_REQUEST,
            "{uri}"
        );
    }
}

#[tokio::test]
async fn backtests_score_resolved_questions() {
    let (state, _) = setup();
    let body = get(&state, "/api/backtests").await.json();
    let items = body["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["question"], "belarus-fixture");
    assert!(
        items[0]["brier"].as_f64().unwrap() <= items[0]["brier_prior"].as_f64().unwrap() + 0.05
    );
}

#[tokio::test]
async fn openapi_lists_every_route_and_every_listed_route_answers() {
    let (state, _) = setup();
    let doc = get(&state, "/api/openapi.json").await.json();
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().unwrap();
    let mut listed: Vec<String> = Vec::new();
    for (path, methods) in paths {
        for method in methods.as_object().unwrap().keys() {
            listed.push(format!("{} {path}", method.to_uppercase()));
            let uri = path.replace(
                "{id}",
                if path.contains("documents") {
                    "1"
                } else {
                    "belarus-fixture"
                },
            );
            let reply = call(
                &state,
                Method::from_bytes(method.to_uppercase().as_bytes()).unwrap(),
                &uri,
                None,
                None,
            )
            .await;
            let secured = methods[method.as_str()].get("security").is_some();
            if secured {
                assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{method} {uri}");
            } else {
                assert_eq!(
                    reply.status,
                    StatusCode::OK,
                    "{method} {uri}: {}",
                    reply.text()
                );
            }
        }
    }
    listed.sort();
    insta::assert_yaml_snapshot!(listed);
    let unknown = get(&state, "/api/nothing/here").await;
    assert_eq!(
        (unknown.status, unknown.error_code().as_str()),
        (StatusCode::NOT_FOUND, "not_found")
    );
}

#[tokio::test]
async fn pages_render_with_escaped_text_and_assets_are_served() {
    let (state, _) = setup();
    let watch = get(&state, "/").await;
    assert_eq!(watch.status, StatusCode::OK);
    let html = watch.text();
    assert!(html.contains(r#"<a class="q-link" href="/questions/belarus-fixture">Will Belarusian forces fight in Ukraine before March 2023?</a>"#));
    assert!(
        html.contains(r#"<h2 class="tag">belarus</h2>"#)
            && html.contains(r#"<h2 class="tag">fixture</h2>"#)
    );
    assert!(html.contains(r#"<svg class="spark""#));

    let question = get(&state, "/questions/belarus-fixture").await.text();
    assert!(question.contains(r#"id="chart-data""#) && question.contains(r#"id="probability""#));
    assert!(
        question.contains(r#"class="card for""#) && question.contains(r#"class="card against""#)
    );
    assert!(question.contains("Backtest"));
    assert!(
        question.contains("“Nobody wants a war,”") || question.contains("Voices"),
        "voices"
    );
    assert!(
        get(&state, "/questions/belarus-fixture/briefing")
            .await
            .text()
            .contains("<svg")
    );

    let doc = get(&state, "/documents/1").await.text();
    assert!(doc.contains(r#"<mark id="s"#) && doc.contains(r#"class="pop""#));
    let events = get(&state, "/events?actor=BLR").await.text();
    assert!(events.contains(r#"id="map-data""#) && !events.contains(r#"<option selected>"#));
    let filtered = get(&state, "/events?type=MOBILIZE").await.text();
    assert!(filtered.contains("<option selected>MOBILIZE</option>"));
    assert!(
        get(&state, "/alerts")
            .await
            .text()
            .contains("<h1>Alerts</h1>")
    );

    let missing = get(&state, "/questions/nope").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.text().contains("no question `nope`"));
    assert_eq!(
        get(&state, "/no/such/page").await.status,
        StatusCode::NOT_FOUND
    );
    let bad = get(&state, "/events?type=%3Cscript%3E").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(!bad.text().contains("<script>") || bad.text().contains("&lt;script&gt;"));

    for (asset, content_type) in [
        ("/assets/app.js", "text/javascript; charset=utf-8"),
        (
            "/assets/uplot/uPlot.iife.min.js",
            "text/javascript; charset=utf-8",
        ),
        (
            "/assets/world-atlas/countries-110m.json",
            "application/json",
        ),
    ] {
        let reply = get(&state, asset).await;
        assert_eq!(
            (
                reply.status,
                reply.headers[header::CONTENT_TYPE].to_str().unwrap()
            ),
            (StatusCode::OK, content_type)
        );
        assert!(reply.body.len() > 1000 || asset.ends_with("app.js"));
    }
    assert_eq!(
        get(&state, "/assets/nope.js").await.status,
        StatusCode::NOT_FOUND
    );
}
