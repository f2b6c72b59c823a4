//! Alert rules, their evaluation after each ingest, and webhook delivery.
//!
//! Evaluation only writes rows (the rule's new state and any fired alerts, in one transaction),
//! so it costs an ingest a few forecasts and never waits on the network. Fired alerts whose
//! rule has a webhook are left `pending`; [`deliver_due`] posts them (http or https), signs each
//! body with HMAC-SHA256 (`X-Forewarn-Signature: sha256=HEX`), and retries with exponential
//! backoff.
//!
//! Most rules watch one question's forecast. A `surge` rule watches the store's daily event
//! counts instead (news events and imported datasets, as `forewarn surge` scores them), so it
//! has no question and remembers which surge days it has already reported.

use std::time::Duration;

use chrono::{DateTime, Days, NaiveDate, Utc};
use forewarn_events::surge::{SurgeDay, SurgeParams};
use forewarn_fetch::{AddressPolicy, Refused};
use forewarn_model::Question;
use forewarn_store::alerts::{NewAlertRule, PendingDelivery, StoredAlertRule};
use forewarn_store::{CountFilter, Measure, Store, StoreError};
use hmac::{Hmac, KeyInit, Mac};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::Sha256;

/// The signature header on webhook POSTs.
pub const SIGNATURE_HEADER: &str = "X-Forewarn-Signature";
/// Attempts before a delivery is marked failed.
pub const MAX_ATTEMPTS: usize = 6;
/// The first retry waits this long; each later one twice as long as the one before.
pub const FIRST_BACKOFF: Duration = Duration::from_secs(2);
/// A surge alert's payload lists at most this many of its new days (the latest): the first
/// evaluation over years of imported events may find hundreds.
pub const SURGE_PAYLOAD_DAYS: usize = 30;

/// Why a rule could not be added: callers answer 422 for the first and 500 for the second.
#[derive(Debug, thiserror::Error)]
pub enum RuleError {
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

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
    /// A day's count of matching events is a surge. Not tied to a question.
    Surge(SurgeRule),
}

/// Which daily event counts a surge rule scores, and the z-score that makes a surge. The
/// fields are those of `GET /api/surges`; codes are ISO 3166 alpha-3 and PLOVER type names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SurgeRule {
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub event_type: Option<String>,
    /// Source actor's country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// Where the events happened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// `news`, `gdelt`, `acled`, a mapped CSV's name; every dataset when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dataset: Option<String>,
    #[serde(default = "default_min_z")]
    pub min_z: f64,
    /// Count events (the default) or the articles that mention them.
    #[serde(default, skip_serializing_if = "Measure::is_events")]
    pub measure: Measure,
}

fn default_min_z() -> f64 {
    SurgeParams::default().min_z
}

impl SurgeRule {
    /// Upper-cased codes and the canonical type name, so that the stored rule selects exactly
    /// what `forewarn surge --type mobilize --location blr` would.
    fn normalized(&self) -> Result<SurgeRule, String> {
        let code = |v: &Option<String>| {
            v.as_deref()
                .map(|s| s.trim().to_ascii_uppercase())
                .filter(|s| !s.is_empty())
        };
        let event_type = match code(&self.event_type) {
            Some(t) => Some(
                t.parse::<forewarn_model::EventType>()
                    .map_err(|e| e.to_string())?
                    .as_str()
                    .to_string(),
            ),
            None => None,
        };
        if !forewarn_events::surge::reachable_min_z(self.min_z) {
            return Err(format!(
                "min_z must be above 0 and at most {} (a day's z is capped there), got {}",
                forewarn_events::surge::MAX_Z,
                self.min_z
            ));
        }
        let event_filters =
            event_type.is_some() || code(&self.actor).is_some() || code(&self.target).is_some();
        if !self
            .measure
            .allows(event_filters, usize::from(code(&self.location).is_some()))
        {
            return Err(
                "a rule on GKG articles counts them by the country they name: give a location and no type, actor or target"
                    .into(),
            );
        }
        Ok(SurgeRule {
            event_type,
            actor: code(&self.actor),
            target: code(&self.target),
            location: code(&self.location),
            dataset: self
                .dataset
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string),
            min_z: self.min_z,
            measure: self.measure,
        })
    }

    pub fn filter(&self) -> CountFilter {
        let list = |v: &Option<String>| v.iter().cloned().collect::<Vec<_>>();
        CountFilter {
            datasets: list(&self.dataset),
            source: list(&self.actor),
            target: list(&self.target),
            location: list(&self.location),
            event_types: list(&self.event_type),
            measure: self.measure,
            ..Default::default()
        }
    }

    pub fn params(&self) -> SurgeParams {
        SurgeParams {
            min_z: self.min_z,
            ..SurgeParams::default()
        }
    }

    /// "MOBILIZE events by RUS in BLR (acled)", for messages and the dashboard.
    pub fn describe(&self) -> String {
        let mut out = match (&self.event_type, self.measure) {
            (_, Measure::Articles) => "GKG articles naming the country".to_string(),
            (Some(t), _) => format!("{t} events"),
            (None, _) => "events".to_string(),
        };
        for (word, value) in [
            ("by", &self.actor),
            ("against", &self.target),
            ("in", &self.location),
        ] {
            if let Some(v) = value {
                out.push_str(&format!(" {word} {v}"));
            }
        }
        if let Some(d) = &self.dataset {
            out.push_str(&format!(" ({d})"));
        }
        if self.measure == Measure::Mentions {
            out.push_str(", counted by the articles mentioning them");
        }
        out
    }
}

impl Rule {
    fn kind(&self) -> &'static str {
        match self {
            Rule::Crosses { .. } => "crosses",
            Rule::Moves { .. } => "moves",
            Rule::Indicator { .. } => "indicator",
            Rule::Surge(_) => "surge",
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
            Rule::Surge(s) => s.normalized().map(|_| ()),
            _ => Ok(()),
        }
    }
}

/// A rule as the API shows and accepts it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlertRule {
    #[serde(default, skip_deserializing)]
    pub id: i64,
    /// The question watched; `None` for a surge rule, which watches event counts.
    #[serde(default)]
    pub question: Option<String>,
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
            question: stored.question_id.clone(),
            rule: serde_json::from_value(params).ok()?,
            webhook_url: stored.webhook_url.clone(),
            webhook_secret: stored.webhook_secret.clone(),
        })
    }
}

impl AlertRule {
    /// Checks parameters, that a question is named exactly when the kind needs one, and the
    /// webhook URL's scheme. Does not look the question up.
    pub fn validate(&self) -> Result<(), String> {
        self.rule.validate()?;
        match (&self.rule, &self.question) {
            (Rule::Surge(_), Some(q)) => {
                return Err(format!(
                    "a surge rule watches event counts, not a question (got question `{q}`)"
                ));
            }
            (Rule::Surge(_), None) | (_, Some(_)) => {}
            (rule, None) => {
                return Err(format!("a `{}` rule needs a question", rule.kind()));
            }
        }
        if let Some(url) = &self.webhook_url {
            let scheme_ok = ["http://", "https://"].iter().any(|p| {
                url.get(..p.len())
                    .is_some_and(|s| s.eq_ignore_ascii_case(p))
                    && url.len() > p.len()
            });
            if !scheme_ok || url.contains(char::is_whitespace) {
                return Err(format!(
                    "webhook URL must be http:// or https://, got `{url}`"
                ));
            }
        }
        Ok(())
    }
}

/// Checks and stores a rule (a surge rule's codes upper-cased); returns its id.
pub fn add_rule(store: &mut Store, rule: &AlertRule, now: &str) -> Result<i64, RuleError> {
    rule.validate().map_err(RuleError::Invalid)?;
    let kind = match &rule.rule {
        Rule::Surge(s) => Rule::Surge(s.normalized().map_err(RuleError::Invalid)?),
        other => other.clone(),
    };
    let mut params = serde_json::to_value(&kind).map_err(StoreError::from)?;
    if let Some(map) = params.as_object_mut() {
        map.remove("kind");
    }
    Ok(store.add_alert_rule(&NewAlertRule {
        question_id: rule.question.clone(),
        kind: kind.kind().to_string(),
        params: params.to_string(),
        webhook_url: rule.webhook_url.clone(),
        webhook_secret: rule.webhook_secret.clone(),
        created_at: now.to_string(),
    })?)
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
    /// `surge`: surge days already reported. A day stays here even if later data unflags it,
    /// so it is never reported twice.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    surge_days: Vec<NaiveDate>,
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
    // Per question, as the dashboard reads it (news plus the question's surge indicators),
    // once however many rules watch it, and only when a question rule needs them.
    type Read = (Vec<forewarn_model::Observation>, NaiveDate);
    let mut observations: std::collections::HashMap<String, Read> =
        std::collections::HashMap::new();
    let mut fired_total = 0;
    for stored_rule in &stored {
        let Some(rule) = AlertRule::from_stored(stored_rule) else {
            continue;
        };
        let state: RuleState = stored_rule
            .state
            .as_deref()
            .and_then(|s| serde_json::from_str(s).ok())
            .unwrap_or_default();
        let (state, fired) = match (&rule.rule, &rule.question) {
            (Rule::Surge(watch), _) => {
                let scored =
                    forewarn_report::scored_series(store, &watch.filter(), &watch.params())?;
                check_surge(rule.id, watch, &scored, state)
            }
            (_, Some(question_id)) => {
                let Some((question, _)) = store.question(question_id)? else {
                    continue;
                };
                let (observations, as_of) = match observations.entry(question.id.clone()) {
                    std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                    std::collections::hash_map::Entry::Vacant(e) => e.insert(
                        forewarn_report::observations_as_of(store, &question, None, today)?,
                    ),
                };
                check(&rule, &question, observations, *as_of, state)
            }
            (_, None) => continue,
        };
        for (message, _) in &fired {
            tracing::warn!(
                rule = rule.id,
                question = rule.question.as_deref().unwrap_or("-"),
                "alert: {message}"
            );
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
    as_of: NaiveDate,
    mut state: RuleState,
) -> (RuleState, Vec<(String, String)>) {
    let forecast = forewarn_forecast::forecast(question, observations, as_of);
    let p = forecast.probability;
    let pct = forewarn_tell::percent;
    let mut fired = Vec::new();
    // A message about a question whose outcome is reported says so.
    let reported = forecast
        .reported
        .as_ref()
        .map(|r| format!(" — outcome {}", r.summary()))
        .unwrap_or_default();
    let mut fire = |message: String, extra: serde_json::Value| {
        let message = format!("{message}{reported}");
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
        // Surge rules have no question; `evaluate` hands them to `check_surge`.
        Rule::Surge(_) => {}
    }
    state.probability = Some(p);
    (state, fired)
}

/// A surge rule against its scored series: one alert listing the flagged days not reported
/// before (none when there are none), and the state remembering them.
fn check_surge(
    rule_id: i64,
    watch: &SurgeRule,
    scored: &[SurgeDay],
    mut state: RuleState,
) -> (RuleState, Vec<(String, String)>) {
    let new: Vec<&SurgeDay> = scored
        .iter()
        .filter(|d| d.flagged && state.surge_days.binary_search(&d.date).is_err())
        .collect();
    let Some(latest) = new.last() else {
        return (state, Vec::new());
    };
    let what = watch.describe();
    let message = format!(
        "surge in {what}: {} new surge day{} at z ≥ {}; latest {}: {} {} against {:.1} expected (z {:.1})",
        new.len(),
        if new.len() == 1 { "" } else { "s" },
        watch.min_z,
        latest.date,
        latest.count,
        watch.measure.as_str(),
        latest.expected,
        latest.z
    );
    let shown = &new[new.len().saturating_sub(SURGE_PAYLOAD_DAYS)..];
    let payload = json!({
        "rule": rule_id,
        "kind": "surge",
        "question": null,
        "selection": what,
        "message": message,
        "detail": {
            "filter": watch,
            "new_days": new.len(),
            "days": shown.iter().map(|d| json!({
                "date": d.date, "count": d.count, "expected": d.expected, "z": d.z,
            })).collect::<Vec<_>>(),
        },
    });
    state.surge_days.extend(new.iter().map(|d| d.date));
    state.surge_days.sort_unstable();
    state.surge_days.dedup();
    (state, vec![(message, payload.to_string())])
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

/// Why one delivery failed, and whether trying again could help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostError {
    /// Stored as the alert's `last_error`.
    pub message: String,
    /// A refused address stays refused: the alert is marked failed at once.
    pub retry: bool,
}

/// Posts one alert, connecting only to addresses `policy` allows (redirect hops included:
/// each resolves through the same guard).
pub fn post(
    delivery: &PendingDelivery,
    timeout: Duration,
    policy: &AddressPolicy,
) -> Result<(), PostError> {
    let agent = policy.agent(ureq::Agent::config_builder().timeout_global(Some(timeout)));
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
    request
        .send(body)
        .map(|_| ())
        .map_err(|e| match Refused::from_ureq(&e) {
            Some(refused) => PostError {
                message: format!("{}: {refused}", delivery.url),
                retry: false,
            },
            None => PostError {
                message: e.to_string(),
                retry: true,
            },
        })
}

/// Posts every delivery due at `now`, recording each outcome; a failure is retried after
/// `FIRST_BACKOFF · 2^(attempts)` until [`MAX_ATTEMPTS`]. Returns how many were attempted.
pub fn deliver_due(
    store: &std::sync::Mutex<Store>,
    now: DateTime<Utc>,
    timeout: Duration,
    policy: &AddressPolicy,
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
        let outcome = post(delivery, timeout, policy);
        let attempts = delivery.alert.attempts + 1;
        let next = match &outcome {
            Ok(()) => None,
            Err(e) if !e.retry || attempts >= MAX_ATTEMPTS => None,
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
                tracing::warn!(alert = delivery.alert.id, url = %delivery.url, attempts, error = %err.message, retry_at = ?next, "webhook failed")
            }
        }
        if let Err(err) = lock(store).record_delivery(
            delivery.alert.id,
            outcome.err().map(|e| e.message).as_deref(),
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
        let surge: AlertRule =
            serde_json::from_str(r#"{"kind":"surge","type":"mobilize","location":"blr"}"#).unwrap();
        assert_eq!(surge.question, None);
        let Rule::Surge(watch) = &surge.rule else {
            panic!("{surge:?}")
        };
        assert_eq!(watch.min_z, 3.0, "the default, as `forewarn surge`");
        assert_eq!(
            watch.normalized().unwrap().describe(),
            "MOBILIZE events in BLR"
        );
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

    fn rule(question: Option<&str>, rule: Rule, webhook: Option<&str>) -> AlertRule {
        AlertRule {
            id: 0,
            question: question.map(str::to_string),
            rule,
            webhook_url: webhook.map(str::to_string),
            webhook_secret: None,
        }
    }

    fn watch(min_z: f64) -> SurgeRule {
        SurgeRule {
            event_type: Some("mobilize".into()),
            actor: None,
            target: None,
            location: Some(" blr".into()),
            dataset: Some("incidents".into()),
            min_z,
            measure: Measure::Events,
        }
    }

    #[test]
    fn a_mentions_rule_says_what_it_counts() {
        let events = watch(3.0).normalized().unwrap();
        let mentions = SurgeRule {
            measure: Measure::Mentions,
            ..watch(3.0)
        }
        .normalized()
        .unwrap();
        assert_eq!(events.describe(), "MOBILIZE events in BLR (incidents)");
        assert_eq!(
            mentions.describe(),
            "MOBILIZE events in BLR (incidents), counted by the articles mentioning them"
        );
        assert_eq!(mentions.filter().measure, Measure::Mentions);
        let json = serde_json::to_value(&mentions).unwrap();
        assert_eq!(json["measure"], "mentions");
        assert!(
            serde_json::to_value(&events)
                .unwrap()
                .get("measure")
                .is_none()
        );
    }

    #[test]
    fn rules_need_a_question_except_surge_and_an_http_or_https_webhook() {
        let crosses = Rule::Crosses { threshold: 0.2 };
        let surge = Rule::Surge(watch(3.0));
        assert!(rule(Some("q"), crosses.clone(), None).validate().is_ok());
        assert!(rule(None, crosses.clone(), None).validate().is_err());
        assert!(rule(None, surge.clone(), None).validate().is_ok());
        assert!(rule(Some("q"), surge.clone(), None).validate().is_err());
        for never_met in [0.0, 40.5, 1e122, f64::INFINITY] {
            assert!(
                rule(None, Rule::Surge(watch(never_met)), None)
                    .validate()
                    .is_err(),
                "min_z {never_met}"
            );
        }
        assert!(
            rule(None, Rule::Surge(watch(f64::NAN)), None)
                .validate()
                .is_err()
        );
        let mut bad_type = watch(3.0);
        bad_type.event_type = Some("PARADE".into());
        assert!(rule(None, Rule::Surge(bad_type), None).validate().is_err());
        for (url, ok) in [
            ("http://127.0.0.1:9/hook", true),
            ("https://hooks.example.org/x", true),
            ("HTTPS://hooks.example.org/x", true),
            ("ftp://example.org/x", false),
            ("https://", false),
            ("https://a b", false),
        ] {
            assert_eq!(
                rule(Some("q"), crosses.clone(), Some(url))
                    .validate()
                    .is_ok(),
                ok,
                "{url}"
            );
        }
    }

    /// `count` MOBILIZE events in BLR on `day` days after 2023-01-01.
    fn events(day: u64, count: usize) -> Vec<forewarn_model::ImportedEvent> {
        let date = NaiveDate::from_ymd_opt(2023, 1, 1).unwrap() + Days::new(day);
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

    #[test]
    fn surge_rule_reports_each_surge_day_once() {
        let mut store = Store::open_in_memory().unwrap();
        // A quiet baseline: one event every fourth day for 40 days, then a surge on day 40.
        for day in (0..40).step_by(4) {
            store.insert_imported_events(&events(day, 1)).unwrap();
        }
        store.insert_imported_events(&events(40, 8)).unwrap();
        let id = add_rule(
            &mut store,
            &rule(None, Rule::Surge(watch(3.0)), None),
            "2023-03-01T00:00:00Z",
        )
        .unwrap();
        // Codes are stored as `forewarn surge` selects them.
        let stored = rules(&store).unwrap();
        assert_eq!(stored[0].rule, {
            let mut w = watch(3.0);
            w.event_type = Some("MOBILIZE".into());
            w.location = Some("BLR".into());
            Rule::Surge(w)
        });

        let today = NaiveDate::from_ymd_opt(2023, 3, 1).unwrap();
        assert_eq!(
            evaluate(&mut store, "2023-03-01T00:00:00Z", today).unwrap(),
            1
        );
        let alert = &store.alerts(10, None).unwrap()[0];
        assert_eq!(alert.rule_id, id);
        assert!(
            alert.message.starts_with(
                "surge in MOBILIZE events in BLR (incidents): 1 new surge day at z ≥ 3; latest 2023-02-10: 8 events"
            ),
            "{}",
            alert.message
        );
        let payload: serde_json::Value = serde_json::from_str(&alert.payload).unwrap();
        assert_eq!(payload["kind"], "surge");
        assert!(payload["question"].is_null());
        assert_eq!(payload["detail"]["days"][0]["date"], "2023-02-10");

        // Nothing new: no repeat, however often rules are evaluated.
        assert_eq!(
            evaluate(&mut store, "2023-03-01T00:01:00Z", today).unwrap(),
            0
        );
        // An import that adds an unrelated quiet day changes nothing either.
        store.insert_imported_events(&events(44, 1)).unwrap();
        assert_eq!(
            evaluate(&mut store, "2023-03-01T00:02:00Z", today).unwrap(),
            0
        );

        // A later surge is reported alone.
        store.insert_imported_events(&events(60, 9)).unwrap();
        assert_eq!(
            evaluate(&mut store, "2023-03-01T00:03:00Z", today).unwrap(),
            1
        );
        let fired = store.alerts(10, None).unwrap();
        assert_eq!(fired.len(), 2);
        let payload: serde_json::Value = serde_json::from_str(&fired[0].payload).unwrap();
        assert_eq!(payload["detail"]["new_days"], 1, "{payload}");
        assert_eq!(payload["detail"]["days"][0]["date"], "2023-03-02");
        assert_eq!(
            evaluate(&mut store, "2023-03-01T00:04:00Z", today).unwrap(),
            0
        );
    }

    /// Question rules read what the dashboard reads: a question's surge indicators see the
    /// surge days in the daily counts, not only news sentences.
    #[test]
    fn question_rules_see_surge_indicators() {
        let mut store = Store::open_in_memory().unwrap();
        for day in (0..40).step_by(4) {
            store.insert_imported_events(&events(day, 1)).unwrap();
        }
        store.insert_imported_events(&events(40, 8)).unwrap();
        let src = r#"
id = "mobilization"
question = "Will Belarus mobilize?"
opens = 2023-01-01
deadline = 2023-06-01
prior = 0.1

[[indicator]]
id = "surge-blr"
label = "Mobilisation surge in Belarus"
direction = "for"
weight = 1.5
half_life_days = 30
match = { surge = { type = "MOBILIZE", location = ["BLR"], min_z = 3 } }
"#;
        let question = forewarn_forecast::parse_question(src, "q.toml").unwrap();
        store
            .put_question(&question, src, "2023-03-01T00:00:00Z")
            .unwrap();
        let indicator = Rule::Indicator {
            indicator: "surge-blr".into(),
        };
        add_rule(
            &mut store,
            &rule(Some("mobilization"), indicator, None),
            "2023-03-01T00:00:00Z",
        )
        .unwrap();
        let today = NaiveDate::from_ymd_opt(2023, 3, 1).unwrap();
        assert_eq!(
            evaluate(&mut store, "2023-03-01T00:00:00Z", today).unwrap(),
            1
        );
        let alert = &store.alerts(10, None).unwrap()[0];
        assert!(
            alert.message.starts_with(
                "mobilization: indicator `surge-blr` fired (1 new report; latest 2023-02-10"
            ),
            "{}",
            alert.message
        );
        assert_eq!(
            evaluate(&mut store, "2023-03-01T00:01:00Z", today).unwrap(),
            0
        );
    }

    #[test]
    fn surge_payload_lists_only_the_latest_days() {
        let day = |i: u64| SurgeDay {
            date: NaiveDate::from_ymd_opt(2020, 1, 1).unwrap() + Days::new(i),
            count: 10,
            expected: 1.0,
            upper: 4.0,
            z: 4.0,
            flagged: i.is_multiple_of(2),
        };
        let scored: Vec<SurgeDay> = (0..100).map(day).collect();
        let (state, fired) = check_surge(1, &watch(3.0), &scored, RuleState::default());
        assert_eq!(state.surge_days.len(), 50);
        let payload: serde_json::Value = serde_json::from_str(&fired[0].1).unwrap();
        assert_eq!(payload["detail"]["new_days"], 50);
        let days = payload["detail"]["days"].as_array().unwrap();
        assert_eq!(days.len(), SURGE_PAYLOAD_DAYS);
        // Day 98 is the last flagged one, and the 30 shown start at day 40.
        assert_eq!(days.last().unwrap()["date"], "2020-04-08");
        assert_eq!(days[0]["date"], "2020-02-10");
        let (_, again) = check_surge(1, &watch(3.0), &scored, state);
        assert!(again.is_empty());
    }
}
