//! The attempt log (`async_event_subscriber_log`): the trace of one event uuid, and replay,
//! which starts a new delivery chain under the same uuid whatever the event's status.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::value::RawValue;
use sqlx::Row;

use crate::delivery::{EventContext, Resolved, Trigger};
use super::database::flag;
use super::Store;
use crate::envelope::EventUuid;
use crate::error::{Error, Result, StorageContext};
use crate::subscription::SubscriptionId;

/// One recorded attempt.
#[derive(Debug, Clone, Serialize)]
pub struct Attempt {
    pub log_id: i64,
    pub subscription_id: i64,
    pub attempt: u32,
    pub trigger: String,
    pub success: bool,
    pub http_status: Option<u16>,
    pub duration_ms: u64,
    pub response_data: String,
    pub error_code: Option<String>,
    pub error: Option<String>,
    pub created: String,
    pub created_ms: i64,
    pub next_attempt_at: Option<String>,
    pub correlation_id: Option<String>,
    pub traceparent: Option<String>,
}

/// Where one subscription stands for the event.
#[derive(Debug, Clone, Serialize)]
pub struct SubscriptionTrace {
    pub subscription_id: i64,
    /// `Delivered`, `Pending` (a retry is scheduled), `Dead Lettered` or `Failed`.
    pub status: &'static str,
    pub attempts: u32,
    pub retries: u32,
}

/// Everything known of one event uuid.
#[derive(Debug, Clone, Serialize)]
pub struct Trace {
    pub uuid: String,
    pub event_name: String,
    pub store_id: u32,
    /// The resolved payload (the CloudEvent's `data`) of the latest attempt.
    pub payload: Option<Box<RawValue>>,
    pub subscriptions: Vec<SubscriptionTrace>,
    pub attempts: Vec<Attempt>,
    pub first_attempt: Option<String>,
    pub last_attempt: Option<String>,
    /// Set when the event itself could not be processed (poison message, resolver failure).
    pub event_dead_letter_reason: Option<String>,
}

impl Store {
    pub async fn trace(&self, uuid: &EventUuid) -> Result<Trace> {
        // Pending deliveries first: a delivery leaves the table in the transaction that logs its
        // attempt, so read in this order, an event in flight is seen in one or the other.
        let pending: Vec<i64> = sqlx::query_scalar("SELECT subscription_id FROM async_event_delivery WHERE uuid = ?")
            .bind(uuid.as_str())
            .fetch_all(&self.reader)
            .await
            .context("cannot read pending deliveries")?;
        let rows = sqlx::query(concat!(
            "SELECT log_id, subscription_id, attempt, trigger_kind, CAST(success AS SIGNED) AS success, http_status,
                    duration_ms, response_data, error_code, error, CAST(created AS CHAR) AS created, created_ms,
                    next_attempt_at, store_id, serialized_data, correlation_id, traceparent, ",
            super::log_rows::event_name_column!(),
            " FROM async_event_subscriber_log WHERE uuid = ? ORDER BY created_ms, log_id"
        ))
        .bind(uuid.as_str())
        .fetch_all(&self.reader)
        .await
        .context("cannot read the attempt log")?;
        let mut attempts = Vec::with_capacity(rows.len());
        let (mut event_name, mut store_id, mut payload) = (String::new(), 0u32, None);
        for row in &rows {
            let read = || -> std::result::Result<Attempt, sqlx::Error> {
                Ok(Attempt {
                    log_id: row.try_get("log_id")?,
                    subscription_id: row.try_get("subscription_id")?,
                    attempt: row.try_get::<i64, _>("attempt")? as u32,
                    trigger: row.try_get("trigger_kind")?,
                    success: flag(row, "success")?,
                    http_status: row.try_get::<Option<i64>, _>("http_status")?.map(|s| s as u16),
                    duration_ms: row.try_get::<i64, _>("duration_ms")? as u64,
                    response_data: row.try_get("response_data")?,
                    error_code: row.try_get("error_code")?,
                    error: row.try_get("error")?,
                    created: row.try_get("created")?,
                    created_ms: row.try_get("created_ms")?,
                    next_attempt_at: row.try_get("next_attempt_at")?,
                    correlation_id: row.try_get("correlation_id")?,
                    traceparent: row.try_get("traceparent")?,
                })
            };
            attempts.push(read().context("cannot read an attempt")?);
            event_name = row.try_get("event_name").context("cannot read an attempt")?;
            store_id = row.try_get::<i64, _>("store_id").context("cannot read an attempt")? as u32;
            payload = row.try_get::<Option<Vec<u8>>, _>("serialized_data").context("cannot read an attempt")?;
        }
        let dead: Vec<(String, Option<i64>, String, String, i64)> = sqlx::query_as(
            "SELECT kind, subscription_id, reason, event_name, store_id FROM async_event_dead_letter WHERE uuid = ? ORDER BY dead_letter_id",
        )
        .bind(uuid.as_str())
        .fetch_all(&self.reader)
        .await
        .context("cannot read dead letters")?;
        let event_dead_letter = dead.iter().rev().find(|d| d.0 == "event");
        if attempts.is_empty() && pending.is_empty() && event_dead_letter.is_none() {
            return Err(Error::not_found(format!("no attempt, delivery or dead letter is recorded for event {uuid}")));
        }
        if let Some((_, _, _, name, store)) = event_dead_letter.filter(|_| event_name.is_empty()) {
            event_name = name.clone();
            store_id = *store as u32;
        }
        let subscriptions = summarize(&attempts, &pending, &dead);
        Ok(Trace {
            uuid: uuid.to_string(),
            event_name,
            store_id,
            payload: payload.and_then(|bytes| String::from_utf8(bytes).ok()).and_then(|s| RawValue::from_string(s).ok()),
            first_attempt: attempts.first().map(|a| a.created.clone()),
            last_attempt: attempts.last().map(|a| a.created.clone()),
            subscriptions,
            attempts,
            event_dead_letter_reason: event_dead_letter.map(|d| d.2.clone()),
        })
    }

    /// Starts a new chain for `uuid`: a delivery to each subscription that has attempts for it
    /// (or only to `only`). Returns how many deliveries were created: none when the event has
    /// no attempt (see [`Store::event_dead_letter_body`] for an event that never resolved).
    pub async fn replay(&self, uuid: &EventUuid, only: Option<SubscriptionId>) -> Result<usize> {
        let latest = sqlx::query(
            // The reference module's rows have no event name: their subscription's is taken.
            "SELECT l.subscription_id, CASE WHEN l.event_name <> '' THEN l.event_name ELSE s.event_name END AS event_name,
                    l.store_id, l.serialized_data, l.correlation_id, l.traceparent
             FROM async_event_subscriber_log l
             JOIN async_event_subscriber s ON s.subscription_id = l.subscription_id
             WHERE l.uuid = ? AND l.log_id IN (SELECT MAX(log_id) FROM async_event_subscriber_log WHERE uuid = ? GROUP BY subscription_id)",
        )
        .bind(uuid.as_str())
        .bind(uuid.as_str())
        .fetch_all(&self.reader)
        .await
        .context("cannot read the event to replay")?;
        let mut resolved = Vec::new();
        for row in &latest {
            let sub = SubscriptionId(row.try_get("subscription_id").context("cannot read the event to replay")?);
            if only.is_some_and(|o| o != sub) {
                continue;
            }
            let payload: Option<Vec<u8>> = row.try_get("serialized_data").context("cannot read the event to replay")?;
            let payload = String::from_utf8(payload.unwrap_or_default()).unwrap_or_default();
            resolved.push(Resolved {
                uuid: uuid.clone(),
                event_name: row.try_get("event_name").context("cannot read the event to replay")?,
                store_id: row.try_get::<i64, _>("store_id").context("cannot read the event to replay")? as u32,
                payload: payload.into(),
                // Published again now: the same operation and trace, a new time.
                context: EventContext {
                    published_at: 0,
                    correlation_id: row.try_get("correlation_id").context("cannot read the event to replay")?,
                    traceparent: row.try_get("traceparent").context("cannot read the event to replay")?,
                },
                subscriptions: vec![sub],
                leased: Vec::new(),
            });
        }
        if resolved.is_empty() {
            return Ok(0);
        }
        let mut tx = self.writer.begin_write().await.context("cannot start a replay")?;
        let (created, _) = self.insert_deliveries(&mut tx, &resolved, Trigger::Replay, 0).await?;
        tx.commit().await.context("cannot commit a replay")?;
        Ok(created)
    }

    /// The message of the latest dead letter of `uuid` as an event (one that never resolved).
    pub async fn event_dead_letter_body(&self, uuid: &EventUuid) -> Result<Option<String>> {
        sqlx::query_scalar(
            "SELECT body FROM async_event_dead_letter WHERE uuid = ? AND kind = 'event' ORDER BY dead_letter_id DESC LIMIT 1",
        )
        .bind(uuid.as_str())
        .fetch_optional(&self.reader)
        .await
        .context("cannot read the event to replay")
    }
}

fn summarize(attempts: &[Attempt], pending: &[i64], dead: &[(String, Option<i64>, String, String, i64)]) -> Vec<SubscriptionTrace> {
    let mut by_sub: BTreeMap<i64, Vec<&Attempt>> = BTreeMap::new();
    for a in attempts {
        by_sub.entry(a.subscription_id).or_default().push(a);
    }
    for p in pending {
        by_sub.entry(*p).or_default();
    }
    by_sub
        .into_iter()
        .map(|(sub, list)| {
            // A retry waiting on RabbitMQ's delay queues has no delivery row; its last attempt
            // says when it is due.
            let retry_waiting = list.last().is_some_and(|a| !a.success && a.next_attempt_at.is_some());
            let status = if pending.contains(&sub) || retry_waiting {
                "Pending"
            } else if list.last().is_some_and(|a| a.success) {
                "Delivered"
            } else if dead.iter().any(|d| d.1 == Some(sub)) {
                "Dead Lettered"
            } else {
                "Failed"
            };
            let attempts = list.len() as u32;
            SubscriptionTrace { subscription_id: sub, status, attempts, retries: list.iter().filter(|a| a.trigger == "retry").count() as u32 }
        })
        .collect()
}
