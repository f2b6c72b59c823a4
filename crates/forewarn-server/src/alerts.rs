//! Alert rules, their evaluation after each ingest, and webhook delivery.
//!
//! Evaluation only writes rows (the rule's new state and any fired alerts, in one transaction),
//! so it costs an ingest a few forecasts and never waits on the network. Fired alerts whose
//! rule has a webhook are left `pending`; [`deliver_due`] posts them, signs each body with
//! HMAC-SHA256 (`X-Forewarn-Signature: sha256=HEX`), and retries with exponential backoff.

use std::time::Duration;

use chrono::{DateTime, Days, NaiveDate, Utc};
use forewarn_model::Question;
use forewarn_store::Store;
use forewarn_store::alerts::{NewAlertRule, PendingDelivery, StoredAlertRule};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::Sha256;

use crate::views::resolve_as_of;

/// The signature header on webhook POSTs.
pub const SIGNATURE_HEADER: &str = "X-Forewarn-Signature";
/// Attempts before a delivery is marked failed.
pub const MAX_ATTEMPTS: usize = 6;
/// The first retry waits this long; each later one twice as long as the one before.
pub const FIRST_BACKOFF: Duration = Duration::from_secs(2);

/// What an alert rule watches for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Rule {
    /// The probability crosses `threshold` in either direction.
    Crosses { threshold: f64 },
    /// The probability moved more than `points` (a fraction: 0.05 = 5 points) over `days`.
    Moves { points: f64, days: u32 },
    /// New evidence matched this indicator.
    Indicator { indicator: String },
}

impl Rule {
    fn kind(&self) -> &'static str {
        match self {
            Rule::Crosses { .. } => "crosses",
            Rule::Moves { .. } => "moves",
            Rule::Indicator { .. } => "indicator",
        }
    }

    /// Checks parameters a rule could never fire with.
    pub fn validate(&self) -> Result<(), String> {
        match self {
            Rule::Crosses { threshold } if !(0.0 < *threshold && *threshold < 1.0) => Err(format!(
                "threshold must be between 0 and 1, got {threshold}"
            )),
            Rule::Moves { points, .. } if !(0.0 < *points && *points < 1.0) => Err(format!(
                "points must be a fraction between 0 and 1 (0.05 = 5 points), got {points}"
            )),
            Rule::Moves { days: 0, .. } => Err("days must be at least 1".into()),
            _ => Ok(()),
        }
    }
}

/// A rule as the API shows and accepts it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlertRule {
    #[serde(default, skip_deserializing)]
    pub id: i64,
    pub question: String,
    #[serde(flatten)]
    pub rule: Rule,
    #[serde(default)]
    pub webhook_url: Option<String>,
    /// Write-only: never serialized back.
    #[serde(default, skip_serializing)]
    pub webhook_secret: Option<String>,
}

impl AlertRule {
    fn from_stored(stored: &StoredAlertRule) -> Option<AlertRule> {
        let mut params: serde_json::Value = serde_json::from_str(&stored.params).ok()?;
        params
            .as_object_mut()?
            .insert("kind".into(), stored.kind.clone().into());
        Some(AlertRule {
            id: stored.id,
            question: stored.question_id.clone()?,
            rule: serde_json::from_value(params).ok()?,
            webhook_url: stored.webhook_url.clone(),
            webhook_secret: stored.webhook_secret.clone(),
        })
    }
}

/// Checks and stores a rule; returns its id.
pub fn add_rule(store: &mut Store, rule: &AlertRule, now: &str) -> Result<i64, String> {
    rule.rule.validate()?;
    if let Some(url) = &rule.webhook_url
        && !url.starts_with("http://")
    {
        // The webhook client is built without TLS (no OpenSSL, no ring in the build); a
        // local relay can forward to an https endpoint.
        return Err(format!(
            "webhook URL must be http:// (this build has no TLS): {url}"
        ));
    }
    let mut params = serde_json::to_value(&rule.rule).map_err(|e| e.to_string())?;
    if let Some(map) = params.as_object_mut() {
        map.remove("kind");
    }
    store
        .add_alert_rule(&NewAlertRule {
            question_id: Some(rule.question.clone()),
            kind: rule.rule.kind().to_string(),
            params: params.to_string(),
            webhook_url: rule.webhook_url.clone(),
            webhook_secret: rule.webhook_secret.clone(),
            created_at: now.to_string(),
        })
        .map_err(|e| e.to_string())
}

/// Every stored rule the server understands.
pub fn rules(store: &Store) -> Result<Vec<AlertRule>, forewarn_store::StoreError> {
    Ok(store
        .alert_rules()?
        .iter()
        .filter_map(AlertRule::from_stored)
        .collect())
}

/// What a rule remembers between evaluations.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct RuleState {
    /// The probability last seen.
    #[serde(default)]
    probability: Option<f64>,
    /// `moves`: whether the move was already over the line (fire once per excursion).
    #[serde(default)]
    active: bool,
    /// `indicator`: sentences already reported.
    #[serde(default)]
    seen: Vec<i64>,
}

/// Evaluates every rule against the store's current forecasts, records the new states and the
/// alerts fired, and logs each alert. Returns how many fired. `now` is RFC 3339 and `today`
/// its date: the clock belongs to the caller.
pub fn evaluate(
    store: &mut Store,
    now: &str,
    today: NaiveDate,
) -> Result<usize, forewarn_store::StoreError> {
    let stored = store.alert_rules()?;
    if stored.is_empty() {
        return Ok(0);
    }
    let observations = store.observations(None)?;
    let mut fired_total = 0;
    for stored_rule in &stored {
        let Some(rule) = AlertRule::from_stored(stored_rule) else {
            continue;
        };
        let Some((question, _)) = store.question(&rule.question)? else {
            continue;
        };
        let state: RuleState = stored_rule
            .state
            .as_deref()
            .and_then(|s| serde_json::from_str(s).ok())
            .unwrap_or_default();
        let (state, fired) = check(&rule, &question, &observations, today, state);
        for (message, _) in &fired {
            tracing::warn!(rule = rule.id, question = %rule.question, "alert: {message}");
        }
        fired_total += fired.len();
        let state = serde_json::to_string(&state)?;
        store.record_evaluation(stored_rule.id, &state, &fired, now)?;
    }
    Ok(fired_total)
}

/// One rule against one question: the new state and the `(message, payload)` of each alert.
fn check(
    rule: &AlertRule,
    question: &Question,
    observations: &[forewarn_model::Observation],
    today: NaiveDate,
    mut state: RuleState,
) -> (RuleState, Vec<(String, String)>) {
    let as_of = resolve_as_of(question, observations, today);
    let forecast = forewarn_forecast::forecast(question, observations, as_of);
    let p = forecast.probability;
    let pct = |x: f64| format!("{:.1}%", x * 100.0);
    let mut fired = Vec::new();
    let mut fire = |message: String, extra: serde_json::Value| {
        let payload = json!({
            "rule": rule.id,
            "kind": rule.rule.kind(),
            "question": question.id,
            "as_of": as_of,
            "probability": p,
            "message": message,
            "detail": extra,
        });
        fired.push((message, payload.to_string()));
    };
    match &rule.rule {
        Rule::Crosses { threshold } => {
            // Before the first evaluation the question stood at its prior.
            let before = state.probability.unwrap_or(question.prior);
            if (before < *threshold) != (p < *threshold) {
                let way = if p >= *threshold {
                    "rose above"
                } else {
                    "fell below"
                };
                fire(
                    format!(
                        "{}: {way} {} ({} → {})",
                        question.id,
                        pct(*threshold),
                        pct(before),
                        pct(p)
                    ),
                    json!({"threshold": threshold, "before": before}),
                );
            }
        }
        Rule::Moves { points, days } => {
            let then = as_of
                .checked_sub_days(Days::new(u64::from(*days)))
                .unwrap_or(question.opens)
                .max(question.opens);
            let past = forewarn_forecast::forecast(question, observations, then).probability;
            let moved = p - past;
            let over = moved.abs() > *points;
            if over && !state.active {
                fire(
                    format!(
                        "{}: moved {:+.1} points in {days} days ({} → {})",
                        question.id,
                        moved * 100.0,
                        pct(past),
                        pct(p)
                    ),
                    json!({"points": points, "days": days, "from": past, "since": then}),
                );
            }
            state.active = over;
        }
        Rule::Indicator { indicator } => {
            let new: Vec<_> = forecast
                .contributions
                .iter()
                .filter(|c| &c.indicator_id == indicator && !state.seen.contains(&c.sentence_id))
                .collect();
            if let Some(newest) = new.iter().max_by_key(|c| (c.date, c.sentence_id)) {
                fire(
                    format!(
                        "{}: indicator `{indicator}` fired ({} new report{}; latest {}: {})",
                        question.id,
                        new.len(),
                        if new.len() == 1 { "" } else { "s" },
                        newest.date,
                        newest.sentence
                    ),
                    json!({
                        "indicator": indicator,
                        "reports": new.iter().map(|c| json!({
                            "date": c.date, "sentence": c.sentence, "document": c.document_id,
                            "log_odds": c.log_odds,
                        })).collect::<Vec<_>>(),
                    }),
                );
                state.seen.extend(new.iter().map(|c| c.sentence_id));
                state.seen.sort_unstable();
                state.seen.dedup();
            }
        }
    }
    state.probability = Some(p);
    (state, fired)
}

/// `sha256=HEX` of the HMAC-SHA256 of `body` under `secret`.
pub fn sign(secret: &str, body: &[u8]) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(body);
    format!("sha256={}", crate::auth::hex(&mac.finalize().into_bytes()))
}

/// Checks a signature header the way a receiver would, in constant time.
pub fn verify(secret: &str, body: &[u8], header: &str) -> bool {
    let Some(hex) = header.strip_prefix("sha256=") else {
        return false;
    };
    let Some(expected) = unhex(hex) else {
        return false;
    };
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(body);
    mac.verify_slice(&expected).is_ok()
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

/// Posts one alert. Errors are returned as text for the store's `last_error`.
pub fn post(delivery: &PendingDelivery, timeout: Duration) -> Result<(), String> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .build()
        .into();
    let body = delivery.alert.payload.as_bytes();
    let mut request = agent
        .post(&delivery.url)
        .header("Content-Type", "application/json")
        .header(
            "User-Agent",
            concat!("forewarn/", env!("CARGO_PKG_VERSION")),
        )
        .header("X-Forewarn-Alert", delivery.alert.id.to_string());
    if let Some(secret) = &delivery.secret {
        request = request.header(SIGNATURE_HEADER, sign(secret, body));
    }
    request.send(body).map(|_| ()).map_err(|e| e.to_string())
}

/// Posts every delivery due at `now`, recording each outcome; a failure is retried after
/// `FIRST_BACKOFF · 2^(attempts)` until [`MAX_ATTEMPTS`]. Returns how many were attempted.
pub fn deliver_due(
    store: &std::sync::Mutex<Store>,
    now: DateTime<Utc>,
    timeout: Duration,
) -> usize {
    // The same format as every other stamp in the store, so text order is time order.
    let stamp = |t: DateTime<Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let due = match lock(store).due_deliveries(&stamp(now), 16) {
        Ok(due) => due,
        Err(err) => {
            tracing::error!(error = %err, "cannot read pending webhook deliveries");
            return 0;
        }
    };
    for delivery in &due {
        // The store lock is not held while posting: a slow receiver must not stall the API.
        let outcome = post(delivery, timeout);
        let attempts = delivery.alert.attempts + 1;
        let next = match &outcome {
            Ok(()) => None,
            Err(_) if attempts >= MAX_ATTEMPTS => None,
            Err(_) => {
                let wait = FIRST_BACKOFF
                    * 2u32.saturating_pow(u32::try_from(attempts - 1).unwrap_or(u32::MAX));
                Some(stamp(
                    now + chrono::Duration::from_std(wait).unwrap_or(chrono::Duration::MAX),
                ))
            }
        };
        match &outcome {
            Ok(()) => {
                tracing::info!(alert = delivery.alert.id, url = %delivery.url, "webhook delivered")
            }
            Err(err) => {
                tracing::warn!(alert = delivery.alert.id, url = %delivery.url, attempts, error = %err, retry_at = ?next, "webhook failed")
            }
        }
        if let Err(err) = lock(store).record_delivery(
            delivery.alert.id,
            outcome.err().as_deref(),
            next.as_deref(),
        ) {
            tracing::error!(error = %err, "cannot record a webhook delivery");
        }
    }
    due.len()
}

/// A poisoned lock only means another request panicked; the connection itself is fine.
pub(crate) fn lock(store: &std::sync::Mutex<Store>) -> std::sync::MutexGuard<'_, Store> {
    store
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_verify_and_reject_tampering() {
        let sig = sign("secret", b"{\"a\":1}");
        assert!(sig.starts_with("sha256=") && sig.len() == 7 + 64);
        assert!(verify("secret", b"{\"a\":1}", &sig));
        assert!(!verify("secret", b"{\"a\":2}", &sig));
        assert!(!verify("other", b"{\"a\":1}", &sig));
        assert!(!verify("secret", b"{\"a\":1}", "sha256=zz"));
    }

    #[test]
    fn rules_round_trip_through_json() {
        for (json, rule) in [
            (
                r#"{"question":"q","kind":"crosses","threshold":0.2}"#,
                Rule::Crosses { threshold: 0.2 },
            ),
            (
                r#"{"question":"q","kind":"moves","points":0.05,"days":7}"#,
                Rule::Moves {
                    points: 0.05,
                    days: 7,
                },
            ),
            (
                r#"{"question":"q","kind":"indicator","indicator":"troops"}"#,
                Rule::Indicator {
                    indicator: "troops".into(),
                },
            ),
        ] {
            let parsed: AlertRule = serde_json::from_str(json).unwrap();
            assert_eq!(parsed.rule, rule, "{json}");
        }
        assert!(Rule::Crosses { threshold: 1.5 }.validate().is_err());
        assert!(
            Rule::Moves {
                points: 0.05,
                days: 0
            }
            .validate()
            .is_err()
        );
    }
}
