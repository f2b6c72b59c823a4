//! The dashboard pages, rendered on the server; `assets/app.js` only draws the chart and map.

use std::collections::BTreeMap;
use std::fmt::Write;

use axum::Router;
use axum::extract::State;
use axum::http::{Uri, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use forewarn_model::{Contribution, Direction, Event, EventType};
use serde_json::json;

use crate::api::{EventsQuery, P, Q, events_page, markers};
use crate::html::{change, esc, json_island, page, pct, sparkline_svg};
use crate::views::QuestionView;
use crate::{ApiError, AppState};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(watch_list))
        .route("/questions/{id}", get(question_page))
        .route("/questions/{id}/briefing", get(briefing_page))
        .route("/events", get(events_page_html))
        .route("/documents/{id}", get(document_page))
        .route("/alerts", get(alerts_page))
}

/// An error as a page (the API's errors are JSON; people get HTML).
struct PageError(ApiError);

impl From<ApiError> for PageError {
    fn from(e: ApiError) -> PageError {
        PageError(e)
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let body = format!(
            r#"<h1>{}</h1><p class="error" data-code="{}">{}</p><p><a href="/">Back to the watch list</a></p>"#,
            self.0.status.as_u16(),
            self.0.code,
            esc(&self.0.message)
        );
        (self.0.status, Html(page("Error", "", &[], &body))).into_response()
    }
}

type PageResult = Result<Html<String>, PageError>;

pub(crate) async fn not_found(uri: Uri) -> Response {
    let path = uri.path();
    if path.starts_with("/api/") {
        return ApiError::not_found(format!("no API endpoint {path}; see /api/openapi.json"))
            .into_response();
    }
    PageError(ApiError::not_found(format!("nothing at {path}"))).into_response()
}

async fn watch_list(State(state): State<AppState>) -> PageResult {
    let snapshot = state.snapshot().await?;
    let recent = state.read(|store| Ok(store.alerts(5, None)?)).await?;
    let mut body = String::from("<h1>Watch list</h1>\n");
    let open: Vec<_> = recent
        .iter()
        .filter(|a| a.acknowledged_at.is_none())
        .collect();
    if !open.is_empty() {
        body.push_str(r#"<section class="alert-strip"><h2>Open alerts</h2><ul>"#);
        for a in open {
            let _ = write!(
                body,
                "<li><time>{}</time> {}</li>",
                esc(&a.fired_at),
                esc(&a.message)
            );
        }
        body.push_str(r#"</ul><a href="/alerts">All alerts</a></section>"#);
    }
    if snapshot.questions.is_empty() {
        body.push_str(
            "<p>No questions yet. Add one with <code>forewarn question add FILE.toml</code>.</p>",
        );
    }
    let mut groups: BTreeMap<&str, Vec<&QuestionView>> = BTreeMap::new();
    for view in snapshot.questions.values() {
        if view.question.tags.is_empty() {
            groups.entry("untagged").or_default().push(view);
        }
        for tag in &view.question.tags {
            groups.entry(tag.as_str()).or_default().push(view);
        }
    }
    for (tag, views) in groups {
        let _ = write!(
            body,
            r#"<section class="group"><h2 class="tag">{}</h2><table class="watch"><thead><tr><th>Question</th><th>Probability</th><th>Trend</th><th>24 h</th><th>7 d</th><th>30 d</th><th>Last development</th></tr></thead><tbody>"#,
            esc(tag)
        );
        for v in views {
            let last = v.last_development.as_ref().map_or_else(String::new, |c| {
                format!(
                    r#"<time>{}</time> <span class="dir {dir}">{arrow}</span> {}"#,
                    c.date,
                    esc(&c.sentence),
                    dir = c.direction.as_str(),
                    arrow = if c.direction == Direction::For {
                        "▲"
                    } else {
                        "▼"
                    },
                )
            });
            let _ = write!(
                body,
                r#"<tr class="q-row" data-id="{id}"><td><a class="q-link" href="/questions/{id}">{q}</a><div class="sub">{id} · as of {as_of}</div></td><td class="prob">{p}</td><td>{spark}</td><td>{c1}</td><td>{c7}</td><td>{c30}</td><td class="last">{last}</td></tr>"#,
                id = esc(&v.question.id),
                q = esc(&v.question.question),
                as_of = v.as_of,
                p = pct(v.forecast.probability),
                spark = sparkline_svg(&v.weekly()),
                c1 = change(v.change_24h),
                c7 = change(v.change_7d),
                c30 = change(v.change_30d),
            );
        }
        body.push_str("</tbody></table></section>\n");
    }
    Ok(Html(page("Watch list", "Watch list", &[], &body)))
}

fn card(c: &Contribution, label: &str) -> String {
    let source = c
        .document_title
        .as_deref()
        .or(c.document_source.as_deref())
        .unwrap_or("untitled");
    let dup = if c.duplicates > 0 {
        format!(
            r#" · <span class="dups">{} similar report{}</span>"#,
            c.duplicates,
            if c.duplicates == 1 { "" } else { "s" }
        )
    } else {
        String::new()
    };
    format!(
        r#"<article class="card {dir}"><div class="meta"><time>{date}</time> · {label} · <span class="contrib">{lo:+.2} log-odds</span>{dup}</div><p class="evidence-sentence"><a href="/documents/{doc}#s{sid}">{sentence}</a></p><div class="src">{source} · published {published}</div></article>"#,
        dir = c.direction.as_str(),
        date = c.date,
        label = esc(label),
        lo = c.log_odds,
        doc = c.document_id,
        sid = c.sentence_id,
        sentence = esc(&c.sentence),
        source = esc(source),
        published = c.published,
    )
}

async fn question_page(
    State(state): State<AppState>,
    id: Result<P<String>, ApiError>,
) -> PageResult {
    // A bad path is shown as an error page, not the API's JSON.
    let P(id) = id?;
    let snapshot = state.snapshot().await?;
    let view = snapshot
        .questions
        .get(&id)
        .ok_or_else(|| ApiError::not_found(format!("no question `{id}`")))?;
    let q = &view.question;
    let mut body = format!(
        r#"<p class="crumbs"><a href="/">Watch list</a> › {id}</p>
<h1 id="question-title">{question}</h1>
<div class="headline"><span class="prob-big" id="probability" data-probability="{p:.6}">{pct}</span>
<span class="words">{words}</span><span class="sub">as of {as_of} · prior {prior} from {opens} to {deadline}</span>
<span class="changes">24 h {c1} · 7 d {c7} · 30 d {c30}</span></div>
<div id="chart" class="chart" aria-label="probability timeline"></div>
"#,
        id = esc(&q.id),
        question = esc(&q.question),
        p = view.forecast.probability,
        pct = pct(view.forecast.probability),
        words = esc(forewarn_tell::words_of_estimative_probability(
            view.forecast.probability
        )),
        as_of = view.as_of,
        prior = pct(q.prior),
        opens = q.opens,
        deadline = q.deadline,
        c1 = change(view.change_24h),
        c7 = change(view.change_7d),
        c30 = change(view.change_30d),
    );
    // Once the news says it happened, the page says so before anything else.
    if let Some(r) = &view.forecast.reported {
        body.push_str(&format!(
            "<section class=\"reported\" id=\"reported\"><h2>Outcome {}</h2><ul>",
            esc(&r.summary())
        ));
        for s in r.reports.iter().take(6) {
            body.push_str(&format!(
                "<li>{} {}{}<q>{}</q></li>",
                s.published,
                s.document_source
                    .as_deref()
                    .map(|src| format!("({}) ", esc(src)))
                    .unwrap_or_default(),
                if s.denial { "denial: " } else { "" },
                esc(&s.sentence)
            ));
        }
        body.push_str("</ul></section>\n");
    }
    let chart = json!({
        "dates": view.timeline.iter().map(|p| p.date.to_string()).collect::<Vec<_>>(),
        "probabilities": view.timeline.iter().map(|p| p.probability).collect::<Vec<_>>(),
        "markers": markers(view),
    });
    body.push_str(&json_island("chart-data", &chart));
    if let Some(b) = view.backtest {
        let _ = write!(
            body,
            r#"<section class="backtest"><h2>Backtest</h2><p>Resolved <b>{}</b> on {}. Mean Brier score of the daily forecasts: <b id="brier">{:.3}</b> over {} days (the prior alone: {:.3}; lower is better).</p></section>"#,
            if b.outcome { "yes" } else { "no" },
            b.resolved_on,
            b.brier,
            b.days,
            b.brier_prior
        );
    }
    let labels: BTreeMap<&str, &str> = q
        .indicators
        .iter()
        .map(|i| (i.id.as_str(), i.label.as_str()))
        .collect();
    body.push_str(r#"<div class="cases">"#);
    for (direction, title) in [
        (Direction::For, "The case for"),
        (Direction::Against, "The case against"),
    ] {
        let _ = write!(
            body,
            r#"<section class="case {}"><h2>{title}</h2>"#,
            direction.as_str()
        );
        let mut any = false;
        for c in view.evidence(direction) {
            any = true;
            body.push_str(&card(
                c,
                labels
                    .get(c.indicator_id.as_str())
                    .copied()
                    .unwrap_or(&c.indicator_id),
            ));
        }
        if !any {
            body.push_str(r#"<p class="none">No evidence on this side yet.</p>"#);
        }
        body.push_str("</section>");
    }
    body.push_str("</div>");
    if !view.voices.is_empty() {
        body.push_str(r#"<section class="voices"><h2>Voices</h2>"#);
        for v in view.voices.iter().rev() {
            let _ = write!(
                body,
                r#"<blockquote><p>“{}”</p><footer>— {}{}{}</footer></blockquote>"#,
                esc(&v.text),
                esc(v.speaker.as_deref().unwrap_or("unattributed")),
                v.source
                    .as_deref()
                    .map(|s| format!(", {}", esc(s)))
                    .unwrap_or_default(),
                v.date.map(|d| format!(", {d}")).unwrap_or_default(),
            );
        }
        body.push_str("</section>");
    }
    let _ = write!(
        body,
        r#"<section class="briefing"><h2>Briefing</h2><p><a href="/questions/{id}/briefing">Open</a> · <a href="/api/questions/{id}/briefing?format=md">Markdown</a></p><iframe src="/questions/{id}/briefing" title="briefing"></iframe></section>"#,
        id = esc(&q.id)
    );
    Ok(Html(page(
        &q.question,
        "Watch list",
        &["uplot/uPlot.iife.min.js"],
        &body,
    )))
}

async fn briefing_page(
    State(state): State<AppState>,
    id: Result<P<String>, ApiError>,
) -> Result<Response, PageError> {
    let P(id) = id?;
    let snapshot = state.snapshot().await?;
    let view = snapshot
        .questions
        .get(&id)
        .ok_or_else(|| ApiError::not_found(format!("no question `{id}`")))?;
    let html = view.briefing(true);
    // The briefing is a standalone document with its own inline stylesheet, framed by the
    // question page: its policy allows that stylesheet by hash, no script, and our frame only.
    let csp = crate::security::briefing_csp(&html);
    Ok((
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8".to_string()),
            (header::CONTENT_SECURITY_POLICY, csp),
            (header::X_FRAME_OPTIONS, "SAMEORIGIN".to_string()),
        ],
        html,
    )
        .into_response())
}

/// "BLR GOV (Lukashenko)", the way an analyst reads an actor.
fn actors(list: &[forewarn_model::ActorRef]) -> String {
    let names: Vec<String> = list
        .iter()
        .map(|a| {
            let code = [a.country.as_deref(), a.sector.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ");
            match (&a.name, code.is_empty()) {
                (Some(n), false) => format!("{code} ({n})"),
                (Some(n), true) => n.clone(),
                (None, false) => code,
                (None, true) => a.text.clone(),
            }
        })
        .collect();
    if names.is_empty() {
        "—".into()
    } else {
        names.join(", ")
    }
}

fn flags(e: &Event) -> String {
    let mut f = Vec::new();
    if e.negated {
        f.push("negated");
    }
    if e.hypothetical {
        f.push("hypothetical");
    }
    if e.future {
        f.push("future");
    }
    f.join(", ")
}

fn describe_event(e: &Event) -> String {
    let mut s = format!(r#"<b class="etype">{}</b>"#, e.event_type);
    if let Some(m) = &e.mode {
        let _ = write!(s, " ({})", esc(m));
    }
    let _ = write!(
        s,
        " · {} → {}",
        esc(&actors(&e.source)),
        esc(&actors(&e.target))
    );
    if let Some(l) = &e.location {
        let _ = write!(s, " · at {}", esc(&l.name));
    }
    if let Some(d) = e.date {
        let _ = write!(s, " · {d}");
    }
    let _ = write!(s, " · trigger “{}”", esc(&e.trigger));
    let fl = flags(e);
    if !fl.is_empty() {
        let _ = write!(s, r#" · <i>{fl}</i>"#);
    }
    s
}

async fn events_page_html(State(state): State<AppState>, Q(q): Q<EventsQuery>) -> PageResult {
    q.filter()?;
    let form_value = |v: &Option<String>| esc(v.as_deref().unwrap_or(""));
    let mut options = String::from(r#"<option value="">any type</option>"#);
    for t in EventType::ALL {
        let selected = if q
            .event_type
            .as_deref()
            .is_some_and(|s| s.eq_ignore_ascii_case(t.as_str()))
        {
            " selected"
        } else {
            ""
        };
        let _ = write!(options, r#"<option{selected}>{t}</option>"#);
    }
    let mut body = format!(
        r#"<h1>Events</h1>
<form class="filters" method="get" action="/events">
<label>Actor <input name="actor" placeholder="BLR" size="6" value="{actor}"></label>
<label>Type <select name="type">{options}</select></label>
<label>Place <input name="place" placeholder="UKR" size="6" value="{place}"></label>
<label>From <input name="from" type="date" value="{from}"></label>
<label>To <input name="to" type="date" value="{to}"></label>
<button type="submit">Filter</button></form>
<div id="map" class="map" aria-label="map of geolocated events"></div>
"#,
        actor = form_value(&q.actor),
        place = form_value(&q.place),
        from = form_value(&q.from),
        to = form_value(&q.to),
    );
    let query_string = {
        let mut parts = Vec::new();
        for (k, v) in [
            ("actor", &q.actor),
            ("type", &q.event_type),
            ("place", &q.place),
            ("from", &q.from),
            ("to", &q.to),
        ] {
            if let Some(v) = v.as_deref().filter(|v| !v.is_empty()) {
                parts.push(format!("{k}={}", esc(&url_encode(v))));
            }
        }
        parts.join("&amp;")
    };
    let (found, next) = state.read(move |store| events_page(store, &q)).await?;
    let points: Vec<_> = found
        .iter()
        .filter_map(|e| {
            let l = e.event.location.as_ref()?;
            Some(json!({
                "lat": l.lat?, "lon": l.lon?, "name": l.name, "type": e.event.event_type,
                "date": e.event.date.or(e.published), "document_id": e.document_id,
                "sentence": e.sentence,
            }))
        })
        .collect();
    body.push_str(&json_island("map-data", &json!({"points": points})));
    body.push_str(r#"<table class="events"><thead><tr><th>Date</th><th>Type</th><th>Source</th><th>Target</th><th>Place</th><th>Sentence</th></tr></thead><tbody>"#);
    for e in &found {
        let date = e
            .event
            .date
            .or(e.published)
            .map(|d| d.to_string())
            .unwrap_or_default();
        let fl = flags(&e.event);
        let _ = write!(
            body,
            r#"<tr><td>{date}</td><td><b>{t}</b>{mode}{fl}</td><td>{src}</td><td>{tgt}</td><td>{place}</td><td><a href="/documents/{doc}#s{sid}">{sentence}</a></td></tr>"#,
            t = e.event.event_type,
            mode = e
                .event
                .mode
                .as_deref()
                .map(|m| format!(" ({})", esc(m)))
                .unwrap_or_default(),
            fl = if fl.is_empty() {
                String::new()
            } else {
                format!(r#"<div class="sub">{fl}</div>"#)
            },
            src = esc(&actors(&e.event.source)),
            tgt = esc(&actors(&e.event.target)),
            place = e
                .event
                .location
                .as_ref()
                .map(|l| esc(&l.name))
                .unwrap_or_default(),
            doc = e.document_id,
            sid = e.sentence_id,
            sentence = esc(&e.sentence),
        );
    }
    body.push_str("</tbody></table>");
    if found.is_empty() {
        body.push_str(r#"<p class="none">No events match.</p>"#);
    }
    if let Some(cursor) = next {
        let sep = if query_string.is_empty() { "" } else { "&amp;" };
        let _ = write!(
            body,
            r#"<p><a class="next" href="/events?{query_string}{sep}cursor={cursor}">Next page →</a></p>"#
        );
    }
    Ok(Html(page(
        "Events",
        "Events",
        &[
            "d3/d3-array.min.js",
            "d3/d3-geo.min.js",
            "topojson/topojson-client.min.js",
        ],
        &body,
    )))
}

/// A stored URL as a link when it is plain http(s), else as inert text: a `javascript:` or
/// `data:` URL from a hostile page must never become something to click.
fn url_link(url: &str) -> String {
    match crate::security::safe_href(url) {
        Some(href) => format!(
            r#"<a href="{0}" rel="noreferrer noopener nofollow">{0}</a>"#,
            esc(href)
        ),
        None => format!(r#"<span class="url inert">{}</span>"#, esc(url)),
    }
}

fn url_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

async fn document_page(State(state): State<AppState>, id: Result<P<i64>, ApiError>) -> PageResult {
    let P(id) = id?;
    let (doc, sentences) = state
        .read(move |store| {
            let doc = store
                .document(id)?
                .ok_or_else(|| ApiError::not_found(format!("no document {id}")))?;
            Ok((doc, store.sentences(id)?))
        })
        .await?;
    let d = &doc.document;
    let title = d.title.clone().unwrap_or_else(|| format!("Document {id}"));
    let mut meta = Vec::new();
    if let Some(s) = &d.source {
        meta.push(esc(s));
    }
    if let Some(a) = &d.author {
        meta.push(format!("by {}", esc(a)));
    }
    if let Some(p) = d.published {
        meta.push(format!("published {p}"));
    }
    if let Some(u) = &d.url {
        meta.push(url_link(u));
    }
    if let Some(dup) = doc.duplicate_of {
        meta.push(format!(
            r#"near-duplicate of <a href="/documents/{dup}">document {dup}</a>"#
        ));
    }
    let coded = sentences
        .iter()
        .filter(|s| !s.sentence.events.is_empty())
        .count();
    let mut body = format!(
        r#"<p class="crumbs"><a href="/">Watch list</a> › document {id}</p><h1 id="doc-title">{}</h1><p class="sub">{}</p><p class="sub">{} sentences, <span id="coded-count">{coded}</span> coded · hover a marked sentence for its events</p><article class="doc">"#,
        esc(&title),
        meta.join(" · "),
        sentences.len(),
    );
    // Walk the text by sentence spans so the gaps (paragraph breaks) survive; spans that do
    // not fit the text (an older coder) fall back to the sentence text alone.
    let text = &d.text;
    let mut pos = 0;
    for s in &sentences {
        let (start, end) = s.sentence.span;
        let fits = start >= pos && text.get(start..end).is_some();
        if fits {
            body.push_str(&esc(&text[pos..start]));
            pos = end;
        } else {
            body.push(' ');
        }
        let inner = esc(&s.sentence.text);
        if s.sentence.events.is_empty() {
            let _ = write!(body, r#"<span id="s{}" class="sent">{inner}</span>"#, s.id);
        } else {
            let mut pop = String::new();
            for e in &s.sentence.events {
                let _ = write!(pop, "<div>{}</div>", describe_event(e));
            }
            let main = s.sentence.events[0].event_type;
            let _ = write!(
                body,
                r#"<mark id="s{}" class="sent coded" tabindex="0" data-event="{main}">{inner}<span class="pop" role="tooltip">{pop}</span></mark>"#,
                s.id
            );
        }
    }
    if let Some(rest) = text.get(pos..) {
        body.push_str(&esc(rest));
    }
    body.push_str("</article>");
    Ok(Html(page(&title, "", &[], &body)))
}

/// `/api/surges` with a surge rule's selection, every value percent-encoded.
fn surges_link(watch: &crate::alerts::SurgeRule) -> String {
    let encode = |v: &str| {
        v.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => {
                    char::from(b).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    let mut link = format!("/api/surges?min_z={}", watch.min_z);
    for (key, value) in [
        ("type", &watch.event_type),
        ("actor", &watch.actor),
        ("target", &watch.target),
        ("location", &watch.location),
        ("dataset", &watch.dataset),
    ] {
        if let Some(v) = value {
            link.push_str(&format!("&{key}={}", encode(v)));
        }
    }
    if !watch.measure.is_events() {
        link.push_str(&format!("&measure={}", watch.measure.as_str()));
    }
    link
}

async fn alerts_page(State(state): State<AppState>) -> PageResult {
    let (alerts, rules) = state
        .read(|store| Ok((store.alerts(200, None)?, crate::alerts::rules(store)?)))
        .await?;
    let mut body = String::from(
        r#"<h1>Alerts</h1><table class="alerts"><thead><tr><th>Fired</th><th>Alert</th><th>Webhook</th><th>Acknowledged</th></tr></thead><tbody>"#,
    );
    for a in &alerts {
        let _ = write!(
            body,
            r#"<tr class="{cls}"><td><time>{}</time></td><td>{}</td><td>{}{}</td><td>{}</td></tr>"#,
            esc(&a.fired_at),
            esc(&a.message),
            a.delivery.as_str(),
            a.last_error
                .as_deref()
                .map(|e| format!(r#"<div class="sub">{}</div>"#, esc(e)))
                .unwrap_or_default(),
            a.acknowledged_at
                .as_deref()
                .map(esc)
                .unwrap_or_else(|| "open".into()),
            cls = if a.acknowledged_at.is_some() {
                "acked"
            } else {
                "open"
            },
        );
    }
    body.push_str("</tbody></table>");
    if alerts.is_empty() {
        body.push_str(r#"<p class="none">No alerts have fired.</p>"#);
    }
    body.push_str(r#"<h2>Rules</h2><table class="rules"><thead><tr><th>#</th><th>Question</th><th>Rule</th><th>Webhook</th></tr></thead><tbody>"#);
    for r in &rules {
        let rule = match &r.rule {
            crate::alerts::Rule::Crosses { threshold } => {
                format!("probability crosses {}", pct(*threshold))
            }
            crate::alerts::Rule::Moves { points, days } => format!(
                "moves more than {:.1} points in {days} days",
                points * 100.0
            ),
            crate::alerts::Rule::Indicator { indicator } => format!("indicator {indicator} fires"),
            crate::alerts::Rule::Surge(watch) => format!(
                "surge in {} (z ≥ {}); each day once",
                watch.describe(),
                watch.min_z
            ),
        };
        // A surge rule watches event counts: link to the scored days it watches.
        let watched = match (&r.question, &r.rule) {
            (Some(q), _) => format!(r#"<a href="/questions/{q}">{q}</a>"#, q = esc(q)),
            (None, crate::alerts::Rule::Surge(watch)) => {
                format!(r#"<a href="{}">event counts</a>"#, esc(&surges_link(watch)))
            }
            (None, _) => "—".to_string(),
        };
        let _ = write!(
            body,
            r#"<tr><td>{}</td><td>{watched}</td><td>{}</td><td>{}</td></tr>"#,
            r.id,
            esc(&rule),
            r.webhook_url
                .as_deref()
                .map(esc)
                .unwrap_or_else(|| "—".into()),
        );
    }
    body.push_str("</tbody></table><p class=\"sub\">Add rules with <code>forewarn alert add</code> or <code>POST /api/alert-rules</code>; acknowledge with <code>POST /api/alerts/ID/ack</code>.</p>");
    Ok(Html(page("Alerts", "Alerts", &[], &body)))
}
