//! Stored pages are other people's text: a document with script in every field must come back
//! inert on every page, and every response carries the security headers. (The browser test,
//! `scripts/browser_test.py`, checks the same in Chromium, where the policy is enforced.)

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use forewarn_server::{AppState, app};
use forewarn_store::Store;
use http_body_util::BodyExt;
use serde_json::json;
use tower::ServiceExt;

const PAYLOADS: [&str; 3] = [
    r#"<script>document.title='pwned'</script>"#,
    r#"<img src=x onerror="document.title='pwned'">"#,
    r#""><svg onload=alert(1)>"#,
];

async fn send(
    state: &AppState,
    method: Method,
    uri: &str,
    token: Option<&str>,
    body: Option<String>,
) -> (StatusCode, axum::http::HeaderMap, String) {
    let mut request = Request::builder().method(method).uri(uri);
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    let response = app(state.clone())
        .oneshot(
            request
                .body(body.map_or_else(Body::empty, Body::from))
                .unwrap(),
        )
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        headers,
        String::from_utf8_lossy(&bytes).into_owned(),
    )
}

/// A store with one question and hostile documents posted through the API.
async fn hostile_state() -> (AppState, Vec<i64>) {
    let mut store = Store::open_in_memory().unwrap();
    let token =
        forewarn_server::auth::create_token(&mut store, "t", "2023-01-01T00:00:00Z").unwrap();
    let state = AppState::new(store);
    let question = r#"
id = "hostile"
question = "Will <script>document.title='pwned'</script> forces mobilize?"
opens = 2023-01-01
deadline = 2023-12-31
prior = 0.1
tags = ["<b onmouseover=alert(1)>x</b>"]

[[indicator]]
id = "mobilize"
label = "<img src=x onerror=alert(1)>"
direction = "for"
weight = 1.0
half_life_days = 30
match = { keywords = ["mobilized"] }
"#;
    let (status, _, body) = send(
        &state,
        Method::POST,
        "/api/questions",
        Some(&token),
        Some(question.to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let mut lines = String::new();
    for (i, url) in [
        "javascript:document.title='pwned'",
        "data:text/html,<script>alert(1)</script>",
        " JaVaScRiPt:alert(1)",
    ]
    .iter()
    .enumerate()
    {
        let p = PAYLOADS[i % PAYLOADS.len()];
        let doc = json!({
            "title": format!("Headline {p}"),
            // Markup is cleaned out of the text on ingest, so each text needs words of its own
            // or the three would be one document.
            "text": format!("Belarus mobilized reserve unit {i} on 3 March 2023. {p} The army said {p}."),
            "url": url,
            "source": format!("Wire {p}"),
            "author": format!("{p} Reporter"),
            "published": "2023-03-04",
        });
        lines.push_str(&doc.to_string());
        lines.push('\n');
    }
    let (status, _, body) = send(
        &state,
        Method::POST,
        "/api/documents?format=jsonl",
        Some(&token),
        Some(lines),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let reply: serde_json::Value = serde_json::from_str(&body).unwrap();
    let ids = reply["added_ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_i64().unwrap())
        .collect();
    (state, ids)
}

/// No payload survives as markup: escaped text has no `<`, so every `<…>` left is a tag we
/// wrote, and none of those may carry a handler, a script body or a non-http(s) link.
fn assert_inert(page: &str, html: &str) {
    for p in PAYLOADS {
        assert!(!html.contains(p), "{page}: raw payload {p:?}");
    }
    for tag in html.split('<').skip(1) {
        let tag = tag.split('>').next().unwrap_or_default();
        let name = tag.split_whitespace().next().unwrap_or_default();
        match name {
            "script" => assert!(
                tag.contains(r#"src="/assets/"#) || tag.contains(r#"type="application/json""#),
                "{page}: inline script <{tag}>"
            ),
            "iframe" => assert!(tag.contains(r#"src="/questions/"#), "{page}: <{tag}>"),
            "img" | "object" | "embed" | "base" | "meta"
                if !tag.contains("charset")
                    && !tag.contains("viewport")
                    && !tag.contains("generator") =>
            {
                panic!("{page}: <{tag}>")
            }
            _ => {}
        }
        let lower = tag.to_ascii_lowercase();
        for (i, _) in lower.match_indices(" on") {
            let rest = &lower[i + 3..];
            let word: String = rest.chars().take_while(char::is_ascii_alphabetic).collect();
            assert!(
                word.is_empty() || !rest[word.len()..].starts_with('='),
                "{page}: handler in <{tag}>"
            );
        }
        for attr in ["href=\"", "src=\""] {
            for (i, _) in lower.match_indices(attr) {
                let value = &lower[i + attr.len()..];
                assert!(
                    value.starts_with("http://")
                        || value.starts_with("https://")
                        || value.starts_with('/')
                        || value.starts_with('#'),
                    "{page}: link in <{tag}>"
                );
            }
        }
    }
}

#[tokio::test]
async fn hostile_documents_render_inert_on_every_page() {
    let (state, ids) = hostile_state().await;
    assert_eq!(ids.len(), 3, "{ids:?}");
    let mut pages = vec![
        "/".to_string(),
        "/questions/hostile".to_string(),
        "/questions/hostile/briefing".to_string(),
        "/api/questions/hostile/briefing?format=html".to_string(),
        "/events".to_string(),
        "/alerts".to_string(),
    ];
    pages.extend(ids.iter().map(|id| format!("/documents/{id}")));
    for page in &pages {
        let (status, _, html) = send(&state, Method::GET, page, None, None).await;
        assert_eq!(status, StatusCode::OK, "{page}: {html}");
        assert_inert(page, &html);
    }
    // The document pages show the non-http URLs as text, not as links.
    for id in &ids {
        let (_, _, html) = send(&state, Method::GET, &format!("/documents/{id}"), None, None).await;
        assert!(html.contains(r#"<span class="url inert">"#), "{html}");
        assert!(!html.contains(r#"rel="noreferrer noopener nofollow""#));
    }
}

#[tokio::test]
async fn every_response_sends_the_security_headers() {
    let (state, ids) = hostile_state().await;
    let doc = format!("/documents/{}", ids[0]);
    for (method, uri) in [
        (Method::GET, "/"),
        (Method::GET, "/questions/hostile"),
        (Method::GET, "/events"),
        (Method::GET, doc.as_str()),
        (Method::GET, "/alerts"),
        (Method::GET, "/no/such/page"),
        (Method::GET, "/api/questions"),
        (Method::GET, "/api/openapi.json"),
        (Method::GET, "/api/nope"),
        (Method::GET, "/assets/app.js"),
        (Method::POST, "/api/questions"),
    ] {
        let (status, headers, _) = send(&state, method.clone(), uri, None, None).await;
        let csp = headers
            .get(header::CONTENT_SECURITY_POLICY)
            .unwrap_or_else(|| panic!("{method} {uri} ({status}): no CSP"))
            .to_str()
            .unwrap();
        for directive in [
            "script-src 'self'",
            "style-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        ] {
            assert!(csp.contains(directive), "{uri}: {csp}");
        }
        assert!(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"));
        assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff", "{uri}");
        assert_eq!(headers[header::REFERRER_POLICY], "no-referrer", "{uri}");
    }
    // The briefing is framed by its question page: no script, its stylesheet by hash.
    for uri in [
        "/questions/hostile/briefing",
        "/api/questions/hostile/briefing?format=html",
    ] {
        let (_, headers, _) = send(&state, Method::GET, uri, None, None).await;
        let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(
            csp.contains("script-src 'none'")
                && csp.contains("style-src 'sha256-")
                && csp.contains("frame-ancestors 'self'")
                && csp.contains("object-src 'none'"),
            "{uri}: {csp}"
        );
        assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    }
}

#[tokio::test]
async fn an_http_url_stays_a_link() {
    let mut store = Store::open_in_memory().unwrap();
    let token =
        forewarn_server::auth::create_token(&mut store, "t", "2023-01-01T00:00:00Z").unwrap();
    let state = AppState::new(store);
    let doc = json!({"title": "Plain", "text": "Belarus mobilized its reserve troops.", "url": "https://news.example/a?b=1&c=2", "published": "2023-03-04"});
    let (status, _, body) = send(
        &state,
        Method::POST,
        "/api/documents?format=jsonl",
        Some(&token),
        Some(doc.to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (_, _, html) = send(&state, Method::GET, "/documents/1", None, None).await;
    assert!(
        html.contains(
            r#"<a href="https://news.example/a?b=1&amp;c=2" rel="noreferrer noopener nofollow">"#
        ),
        "{html}"
    );
}

/// Found by schemathesis: a path parameter of the wrong type was axum's plain-text 400.
#[tokio::test]
async fn a_bad_path_parameter_is_a_json_error_in_the_api_and_an_error_page_on_a_page() {
    let mut store = Store::open_in_memory().unwrap();
    let token =
        forewarn_server::auth::create_token(&mut store, "t", "2023-01-01T00:00:00Z").unwrap();
    let state = AppState::new(store);
    for (method, uri) in [
        (Method::GET, "/api/documents/null%2Cnull"),
        (Method::POST, "/api/alerts/abc/ack"),
    ] {
        let (status, headers, body) = send(&state, method, uri, Some(&token), None).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}: {body}");
        assert_eq!(headers[header::CONTENT_TYPE], "application/json", "{uri}");
        let json: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(json["error"]["code"], "bad_request", "{uri}: {body}");
    }
    let (status, headers, body) = send(&state, Method::GET, "/documents/abc", None, None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/html"),
        "{body}"
    );
    assert!(body.contains(r#"data-code="bad_request""#), "{body}");
}

/// Found by schemathesis: a rule without a webhook has `webhook_url: null`, and an ingest of
/// only known documents answers 200; the OpenAPI document now says both.
#[test]
fn the_openapi_document_admits_a_null_webhook_and_a_200_for_duplicate_writes() {
    let doc = forewarn_server::openapi();
    let webhook = &doc["components"]["schemas"]["AlertRule"]["properties"]["webhook_url"]["type"];
    assert_eq!(webhook, &json!(["string", "null"]));
    for path in ["/api/documents", "/api/feeds"] {
        let responses = &doc["paths"][path]["post"]["responses"];
        assert!(
            responses["200"].is_object() && responses["201"].is_object(),
            "{path}"
        );
    }
}
