//! The server's side of the store: API tokens, alert rules and fired alerts (schema version 4).
//!
//! The store keeps rule parameters and evaluator state as opaque JSON: what a rule means is
//! decided by `forewarn-server`, which evaluates rules after each ingest. Fired alerts double as
//! the webhook outbox, so an ingest only writes a row and never waits on the network.

use crate::db::{Row, vals};
use crate::{Result, Store, int};

/// An API token as stored: the hash of the secret, never the secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    pub id: i64,
    pub name: String,
    pub created_at: String,
}

/// A new alert rule. `params` is JSON whose meaning depends on `kind`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAlertRule {
    pub question_id: Option<String>,
    pub kind: String,
    pub params: String,
    pub webhook_url: Option<String>,
    pub webhook_secret: Option<String>,
    pub created_at: String,
}

/// A stored alert rule with the evaluator's memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAlertRule {
    pub id: i64,
    pub question_id: Option<String>,
    pub kind: String,
    pub params: String,
    pub webhook_url: Option<String>,
    pub webhook_secret: Option<String>,
    /// JSON written by the evaluator last time; `None` before the first evaluation.
    pub state: Option<String>,
    pub created_at: String,
}

/// Where a fired alert's webhook delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// The rule has no webhook.
    None,
    Pending,
    Delivered,
    /// Retries exhausted.
    Failed,
}

impl Delivery {
    pub fn as_str(self) -> &'static str {
        match self {
            Delivery::None => "none",
            Delivery::Pending => "pending",
            Delivery::Delivered => "delivered",
            Delivery::Failed => "failed",
        }
    }

    fn parse(s: &str) -> Result<Delivery> {
        Ok(match s {
            "none" => Delivery::None,
            "pending" => Delivery::Pending,
            "delivered" => Delivery::Delivered,
            "failed" => Delivery::Failed,
            other => {
                return Err(crate::StoreError::Corrupt {
                    column: "alert_events.delivery",
                    value: other.to_string(),
                });
            }
        })
    }
}

/// A fired alert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAlert {
    pub id: i64,
    pub rule_id: i64,
    pub fired_at: String,
    pub message: String,
    /// The webhook body (JSON).
    pub payload: String,
    pub acknowledged_at: Option<String>,
    pub delivery: Delivery,
    pub attempts: usize,
    pub next_attempt_at: Option<String>,
    pub last_error: Option<String>,
}

/// A pending webhook delivery: the alert plus where to send it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingDelivery {
    pub alert: StoredAlert,
    pub url: String,
    pub secret: Option<String>,
}

const ALERT_COLUMNS: &str = "a.id, a.rule_id, a.fired_at, a.message, a.payload, \
     a.acknowledged_at, a.delivery, a.attempts, a.next_attempt_at, a.last_error";

fn read_alert(row: &mut Row) -> Result<StoredAlert> {
    Ok(StoredAlert {
        id: row.take(0)?,
        rule_id: row.take(1)?,
        fired_at: row.take(2)?,
        message: row.take(3)?,
        payload: row.take(4)?,
        acknowledged_at: row.take(5)?,
        delivery: Delivery::parse(&row.take::<String>(6)?)?,
        attempts: row.take(7)?,
        next_attempt_at: row.take(8)?,
        last_error: row.take(9)?,
    })
}

impl Store {
    /// A number that changes when another connection commits, so a reader can tell whether
    /// cached views are stale without reading any table. On SQLite it is `PRAGMA
    /// data_version`. On PostgreSQL it is the server's write-ahead log position: it moves with
    /// every commit anywhere on the server (ours too, and autovacuum's), so it can report a
    /// change that did not touch the store, never miss one that did.
    pub fn data_version(&self) -> Result<i64> {
        match &self.db {
            crate::Db::Sqlite(conn) => {
                Ok(conn.pragma_query_value(None, "data_version", |row| row.get(0))?)
            }
            crate::Db::Postgres(_) => self
                .db
                .query_one(
                    "SELECT CAST(pg_current_wal_lsn() - '0/0'::pg_lsn AS BIGINT)",
                    &[],
                )?
                .take(0),
        }
    }

    /// Stores a token by its hash and returns its id.
    pub fn add_token(&mut self, name: &str, hash: &str, created_at: &str) -> Result<i64> {
        self.db
            .query_one(
                "INSERT INTO api_tokens (name, hash, created_at) VALUES (?1, ?2, ?3)
                 RETURNING id",
                &vals![name, hash, created_at],
            )?
            .take(0)
    }

    /// The token whose hash this is, if any.
    pub fn token_by_hash(&self, hash: &str) -> Result<Option<ApiToken>> {
        self.db
            .query_opt(
                "SELECT id, name, created_at FROM api_tokens WHERE hash = ?1",
                &vals![hash],
            )?
            .map(|mut row| {
                Ok(ApiToken {
                    id: row.take(0)?,
                    name: row.take(1)?,
                    created_at: row.take(2)?,
                })
            })
            .transpose()
    }

    pub fn add_alert_rule(&mut self, rule: &NewAlertRule) -> Result<i64> {
        self.db
            .query_one(
                "INSERT INTO alert_rules
                     (question_id, kind, params, webhook_url, webhook_secret, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
                &vals![
                    &rule.question_id,
                    &rule.kind,
                    &rule.params,
                    &rule.webhook_url,
                    &rule.webhook_secret,
                    &rule.created_at
                ],
            )?
            .take(0)
    }

    /// Every alert rule, by id.
    pub fn alert_rules(&self) -> Result<Vec<StoredAlertRule>> {
        self.db
            .query(
                "SELECT id, question_id, kind, params, webhook_url, webhook_secret, state,
                        created_at
                 FROM alert_rules ORDER BY id",
                &[],
            )?
            .into_iter()
            .map(|mut row| {
                Ok(StoredAlertRule {
                    id: row.take(0)?,
                    question_id: row.take(1)?,
                    kind: row.take(2)?,
                    params: row.take(3)?,
                    webhook_url: row.take(4)?,
                    webhook_secret: row.take(5)?,
                    state: row.take(6)?,
                    created_at: row.take(7)?,
                })
            })
            .collect()
    }

    /// Records what the evaluator saw, and any alerts it fired, in one transaction: a crash
    /// can neither fire an alert twice nor lose one.
    pub fn record_evaluation(
        &mut self,
        rule_id: i64,
        state: &str,
        fired: &[(String, String)],
        fired_at: &str,
    ) -> Result<Vec<i64>> {
        self.db.transaction(|tx| {
            tx.execute(
                "UPDATE alert_rules SET state = ?2 WHERE id = ?1",
                &vals![rule_id, state],
            )?;
            let has_webhook: bool = tx
                .query_one(
                    "SELECT webhook_url IS NOT NULL FROM alert_rules WHERE id = ?1",
                    &vals![rule_id],
                )?
                .take(0)?;
            let delivery = if has_webhook {
                Delivery::Pending
            } else {
                Delivery::None
            };
            let mut ids = Vec::new();
            for (message, payload) in fired {
                let id = tx
                    .query_one(
                        "INSERT INTO alert_events (rule_id, fired_at, message, payload, delivery,
                                                   next_attempt_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
                        &vals![
                            rule_id,
                            fired_at,
                            message,
                            payload,
                            delivery.as_str(),
                            has_webhook.then_some(fired_at)
                        ],
                    )?
                    .take(0)?;
                ids.push(id);
            }
            Ok(ids)
        })
    }

    /// Fired alerts, newest first: up to `limit` with an id below `before_id` (a cursor).
    pub fn alerts(&self, limit: usize, before_id: Option<i64>) -> Result<Vec<StoredAlert>> {
        self.db
            .query(
                &format!(
                    "SELECT {ALERT_COLUMNS} FROM alert_events a WHERE a.id < ?1
                     ORDER BY a.id DESC LIMIT ?2"
                ),
                &vals![before_id.unwrap_or(i64::MAX), int(limit)],
            )?
            .into_iter()
            .map(|mut row| read_alert(&mut row))
            .collect()
    }

    /// Marks an alert acknowledged; `false` when there is no such alert. Acknowledging twice
    /// keeps the first time.
    pub fn acknowledge_alert(&mut self, id: i64, at: &str) -> Result<bool> {
        let changed = self.db.execute(
            "UPDATE alert_events SET acknowledged_at = COALESCE(acknowledged_at, ?2) WHERE id = ?1",
            &vals![id, at],
        )?;
        Ok(changed > 0)
    }

    /// Webhook deliveries due at `now` (RFC 3339, compared as text), oldest first.
    pub fn due_deliveries(&self, now: &str, limit: usize) -> Result<Vec<PendingDelivery>> {
        self.db
            .query(
                &format!(
                    "SELECT {ALERT_COLUMNS}, r.webhook_url, r.webhook_secret
                     FROM alert_events a JOIN alert_rules r ON r.id = a.rule_id
                     WHERE a.delivery = 'pending' AND a.next_attempt_at <= ?1
                       AND r.webhook_url IS NOT NULL
                     ORDER BY a.next_attempt_at, a.id LIMIT ?2"
                ),
                &vals![now, int(limit)],
            )?
            .into_iter()
            .map(|mut row| {
                Ok(PendingDelivery {
                    url: row.take(10)?,
                    secret: row.take(11)?,
                    alert: read_alert(&mut row)?,
                })
            })
            .collect()
    }

    /// Records one delivery attempt: delivered, retry at `next_attempt_at`, or failed for good
    /// when `next_attempt_at` is `None` after an error.
    pub fn record_delivery(
        &mut self,
        alert_id: i64,
        error: Option<&str>,
        next_attempt_at: Option<&str>,
    ) -> Result<()> {
        let delivery = match (error, next_attempt_at) {
            (None, _) => Delivery::Delivered,
            (Some(_), Some(_)) => Delivery::Pending,
            (Some(_), None) => Delivery::Failed,
        };
        self.db.execute(
            "UPDATE alert_events SET delivery = ?2, attempts = attempts + 1, next_attempt_at = ?3,
                 last_error = ?4 WHERE id = ?1",
            &vals![alert_id, delivery.as_str(), next_attempt_at, error],
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_rules_alerts_and_deliveries_round_trip() {
        let mut store = Store::open_in_memory().unwrap();
        let id = store
            .add_token("ci", "abc123", "2025-01-01T00:00:00Z")
            .unwrap();
        assert_eq!(store.token_by_hash("abc123").unwrap().unwrap().id, id);
        assert!(store.token_by_hash("nope").unwrap().is_none());

        let rule = store
            .add_alert_rule(&NewAlertRule {
                question_id: Some("q".into()),
                kind: "crosses".into(),
                params: r#"{"threshold":0.2}"#.into(),
                webhook_url: Some("http://127.0.0.1:1/hook".into()),
                webhook_secret: Some("s".into()),
                created_at: "2025-01-01T00:00:00Z".into(),
            })
            .unwrap();
        let fired = vec![("crossed".to_string(), "{}".to_string())];
        let ids = store
            .record_evaluation(rule, r#"{"p":0.3}"#, &fired, "2025-01-02T00:00:00Z")
            .unwrap();
        assert_eq!(
            store.alert_rules().unwrap()[0].state.as_deref(),
            Some(r#"{"p":0.3}"#)
        );

        let due = store.due_deliveries("2025-01-02T00:00:00Z", 10).unwrap();
        assert_eq!(due.len(), 1);
        assert_eq!(due[0].alert.delivery, Delivery::Pending);
        store
            .record_delivery(ids[0], Some("refused"), Some("2025-01-02T00:00:05Z"))
            .unwrap();
        assert!(
            store
                .due_deliveries("2025-01-02T00:00:01Z", 10)
                .unwrap()
                .is_empty()
        );
        store.record_delivery(ids[0], None, None).unwrap();
        let alert = &store.alerts(10, None).unwrap()[0];
        assert_eq!((alert.delivery, alert.attempts), (Delivery::Delivered, 2));

        assert!(
            store
                .acknowledge_alert(ids[0], "2025-01-03T00:00:00Z")
                .unwrap()
        );
        assert!(
            store
                .acknowledge_alert(ids[0], "2025-01-04T00:00:00Z")
                .unwrap()
        );
        assert!(
            !store
                .acknowledge_alert(999, "2025-01-04T00:00:00Z")
                .unwrap()
        );
        let alert = &store.alerts(10, None).unwrap()[0];
        assert_eq!(
            alert.acknowledged_at.as_deref(),
            Some("2025-01-03T00:00:00Z")
        );
    }
}
