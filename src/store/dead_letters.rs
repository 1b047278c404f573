//! Dead letters (`async_event_dead_letter`), two lists as operators know them: events that
//! could not be processed (malformed, unknown, resolver failure) and deliveries that exhausted
//! their retries or failed for good.

use std::io::Write;

use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::{Any, AnyConnection, Row, Transaction};

use crate::delivery::{Delivery, EventContext, Resolved, Trigger};
use super::{placeholders, Store, IDS_PER_STATEMENT};
use crate::clock::format_datetime;
use crate::envelope::{reference_store_id, EventUuid};
use crate::error::{Error, ErrorKind, Result, StorageContext};
use crate::subscription::SubscriptionId;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DeadLetterKind {
    /// A published event that could not be turned into deliveries.
    Event,
    /// A delivery to one subscription that gave up.
    Delivery,
}

impl DeadLetterKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DeadLetterKind::Event => "event",
            DeadLetterKind::Delivery => "delivery",
        }
    }

    pub fn parse(text: &str) -> Result<Self> {
        match text {
            "event" => Ok(DeadLetterKind::Event),
            "delivery" => Ok(DeadLetterKind::Delivery),
            other => Err(Error::validation(format!("dead-letter kind '{other}' is neither 'event' nor 'delivery'"))),
        }
    }
}

/// The dead-letter reason of the deliveries the reference module dead-lettered.
const REFERENCE_DEAD_LETTER_REASON: &str = "dead-lettered by mageos-async-events before the switch (its queue event.failover.deadletter)";

/// A delivery to dead-letter: the failed attempts include the last.
pub(crate) struct FailedDelivery<'a> {
    pub uuid: &'a str,
    pub event_name: &'a str,
    pub store_id: u32,
    pub subscription_id: i64,
    pub payload: &'a str,
    pub deaths: u32,
    pub correlation_id: Option<&'a str>,
}

impl<'a> From<&'a Delivery> for FailedDelivery<'a> {
    fn from(d: &'a Delivery) -> Self {
        Self {
            uuid: d.uuid.as_str(),
            event_name: &d.event_name,
            store_id: d.store_id,
            subscription_id: d.target.subscription_id.0,
            payload: &d.payload,
            deaths: d.deaths + 1,
            correlation_id: d.context.correlation_id.as_deref(),
        }
    }
}

/// A message of the reference module's `event.failover.deadletter`: `{"subscription_id",
/// "death_count", "content"}`, the content being the JSON it sent: its CloudEvent (4.x with
/// CloudEvents), or the data alone (earlier versions).
struct ReferenceDeadLetter {
    uuid: EventUuid,
    subscription_id: i64,
    /// Known from a CloudEvent; otherwise the subscription's.
    event_name: Option<String>,
    store_id: u32,
    payload: String,
    deaths: u32,
}

impl ReferenceDeadLetter {
    fn parse(text: &str) -> Result<Self> {
        #[derive(serde::Deserialize)]
        struct Message {
            subscription_id: i64,
            #[serde(default)]
            death_count: u32,
            content: String,
        }
        let message: Message = serde_json::from_str(text).map_err(|e| Error::validation(format!("not a dead letter of the reference module: {e}")))?;
        let content: serde_json::Value = serde_json::from_str(&message.content).unwrap_or(serde_json::Value::String(message.content.clone()));
        let cloud_event = content.get("specversion").and(content.get("id")).and(content.get("type")).is_some();
        let (uuid, event_name, store_id, payload) = if cloud_event {
            let uuid = content["id"].as_str().and_then(|id| EventUuid::parse(id).ok()).unwrap_or_else(EventUuid::generate);
            let store_id = reference_store_id(&content["source"]).unwrap_or(0);
            (uuid, content["type"].as_str().map(str::to_string), store_id, content.get("data").map_or_else(|| "null".to_string(), |d| d.to_string()))
        } else {
            (EventUuid::generate(), None, 0, message.content)
        };
        // The reference's kill message says 0; it dead-letters after max_deaths failures.
        Ok(Self { uuid, subscription_id: message.subscription_id, event_name, store_id, payload, deaths: message.death_count })
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct DeadLetter {
    pub dead_letter_id: i64,
    pub kind: DeadLetterKind,
    pub uuid: String,
    pub event_name: String,
    pub store_id: u32,
    pub subscription_id: Option<i64>,
    pub correlation_id: Option<String>,
    /// The event's envelope (kind `event`) or the resolved payload (kind `delivery`), as JSON text.
    pub body: String,
    pub reason: String,
    pub deaths: u32,
    pub created: String,
}

/// One page of a listing, with the total across all pages.
#[derive(Debug, Clone, Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total_count: i64,
}

impl Store {
    pub(crate) async fn insert_delivery_dead_letter(
        &self,
        tx: &mut AnyConnection,
        d: &FailedDelivery<'_>,
        reason: &str,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO async_event_dead_letter
               (kind, uuid, event_name, store_id, subscription_id, correlation_id, body, reason, deaths, created_at)
             VALUES ('delivery', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(d.uuid)
        .bind(d.event_name)
        .bind(i64::from(d.store_id))
        .bind(d.subscription_id)
        .bind(d.correlation_id)
        .bind(d.payload)
        .bind(reason)
        .bind(i64::from(d.deaths))
        .bind(self.now_ms())
        .execute(&mut *tx)
        .await
        .context("cannot dead-letter a delivery")?;
        Ok(())
    }

    /// Keeps the deliveries the reference module dead-lettered on RabbitMQ (the messages of
    /// `event.failover.deadletter`) as dead letters of ours, which can be listed, exported
    /// and retried; a message that cannot be read is kept as an event dead letter with its
    /// reason. All in one transaction.
    pub async fn import_reference_dead_letters(&self, messages: &[String]) -> Result<()> {
        let mut tx = self.writer.begin_write().await.context("cannot import dead letters")?;
        for message in messages {
            match ReferenceDeadLetter::parse(message) {
                Ok(dead) => {
                    let event_name = match &dead.event_name {
                        Some(name) => name.clone(),
                        None => self.subscription_event_name(&mut tx, dead.subscription_id).await?,
                    };
                    let failed = FailedDelivery {
                        uuid: dead.uuid.as_str(),
                        event_name: &event_name,
                        store_id: dead.store_id,
                        subscription_id: dead.subscription_id,
                        payload: &dead.payload,
                        deaths: dead.deaths,
                        correlation_id: None,
                    };
                    self.insert_delivery_dead_letter(&mut tx, &failed, REFERENCE_DEAD_LETTER_REASON).await?;
                }
                Err(e) => {
                    let poisoned = Poisoned {
                        uuid: EventUuid::generate().to_string(),
                        event_name: String::new(),
                        store_id: 0,
                        correlation_id: None,
                        body: message.clone(),
                        reason: format!("{REFERENCE_DEAD_LETTER_REASON}, and unreadable: {e}"),
                    };
                    self.insert_event_dead_letter(&mut tx, &poisoned).await?;
                }
            }
        }
        tx.commit().await.context("cannot import dead letters")
    }

    /// The event name of a subscription (empty if it was deleted since).
    async fn subscription_event_name(&self, tx: &mut Transaction<'_, Any>, subscription_id: i64) -> Result<String> {
        let name: Option<String> = sqlx::query_scalar("SELECT event_name FROM async_event_subscriber WHERE subscription_id = ?")
            .bind(subscription_id)
            .fetch_optional(&mut **tx)
            .await
            .context("cannot read a subscription")?;
        Ok(name.unwrap_or_default())
    }

    pub(crate) async fn insert_event_dead_letter(&self, tx: &mut AnyConnection, p: &Poisoned) -> Result<()> {
        sqlx::query(
            "INSERT INTO async_event_dead_letter
               (kind, uuid, event_name, store_id, correlation_id, body, reason, deaths, created_at)
             VALUES ('event', ?, ?, ?, ?, ?, ?, 0, ?)",
        )
        .bind(&p.uuid)
        .bind(&p.event_name)
        .bind(i64::from(p.store_id))
        .bind(&p.correlation_id)
        .bind(&p.body)
        .bind(&p.reason)
        .bind(self.now_ms())
        .execute(&mut *tx)
        .await
        .context("cannot dead-letter an event")?;
        Ok(())
    }

    /// Dead letters of one kind, newest first.
    pub async fn dead_letters(&self, kind: DeadLetterKind, limit: u32, offset: u32) -> Result<Page<DeadLetter>> {
        let total_count = self.count_dead_letters(kind).await?;
        let sql = format!("SELECT {COLUMNS} FROM async_event_dead_letter WHERE kind = ? ORDER BY dead_letter_id DESC LIMIT ? OFFSET ?");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(kind.as_str())
            .bind(i64::from(limit))
            .bind(i64::from(offset))
            .fetch_all(&self.reader)
            .await
            .context("cannot list dead letters")?;
        let items = rows.iter().map(|row| dead_letter(row, kind)).collect::<Result<Vec<_>>>()?;
        Ok(Page { items, total_count })
    }

    pub async fn count_dead_letters(&self, kind: DeadLetterKind) -> Result<i64> {
        sqlx::query_scalar("SELECT COUNT(*) FROM async_event_dead_letter WHERE kind = ?")
            .bind(kind.as_str())
            .fetch_one(&self.reader)
            .await
            .context("cannot count dead letters")
    }

    /// The `count` oldest dead letters of `kind`.
    pub async fn oldest_dead_letters(&self, kind: DeadLetterKind, count: u32) -> Result<Vec<DeadLetter>> {
        let sql = format!("SELECT {COLUMNS} FROM async_event_dead_letter WHERE kind = ? ORDER BY dead_letter_id LIMIT ?");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(kind.as_str())
            .bind(i64::from(count))
            .fetch_all(&self.reader)
            .await
            .context("cannot read dead letters")?;
        rows.iter().map(|row| dead_letter(row, kind)).collect()
    }

    /// Removes dead letters by id (once their events are back on the queue).
    pub async fn delete_dead_letters(&self, ids: &[i64]) -> Result<()> {
        let mut tx = self.writer.begin_write().await.context("cannot remove retried dead letters")?;
        delete_dead_letters_in(&mut tx, ids).await?;
        tx.commit().await.context("cannot remove retried dead letters")
    }

    /// Gives the `count` oldest dead deliveries another chance and removes them from the list,
    /// in one transaction: each starts a new chain to its subscription (one whose subscription
    /// was deleted has nowhere to go and is dropped). Returns how many were retried. (Dead
    /// events go back on the queue, which the facade owns.)
    pub async fn retry_dead_deliveries(&self, count: u32) -> Result<usize> {
        let kind = DeadLetterKind::Delivery;
        let mut tx = self.writer.begin_write().await.context("cannot start retrying dead letters")?;
        let sql = format!("SELECT {COLUMNS} FROM async_event_dead_letter WHERE kind = ? ORDER BY dead_letter_id LIMIT ?");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(kind.as_str())
            .bind(i64::from(count))
            .fetch_all(&mut *tx)
            .await
            .context("cannot read dead letters")?;
        let oldest = rows.iter().map(|row| dead_letter(row, kind)).collect::<Result<Vec<_>>>()?;
        let mut retried = 0;
        for letter in &oldest {
            match letter.subscription_id {
                Some(sub) if subscription_exists(&mut tx, sub).await? => {
                    let resolved = Resolved {
                        uuid: EventUuid::parse(&letter.uuid)?,
                        event_name: letter.event_name.clone(),
                        store_id: letter.store_id,
                        payload: letter.body.as_str().into(),
                        context: EventContext { correlation_id: letter.correlation_id.clone(), ..EventContext::default() },
                        subscriptions: vec![SubscriptionId(sub)],
                        leased: Vec::new(),
                    };
                    self.insert_deliveries(&mut tx, &[resolved], Trigger::Replay, 0).await?;
                    retried += 1;
                }
                _ => tracing::warn!(uuid = %letter.uuid, "dropping a dead letter whose subscription no longer exists"),
            }
        }
        delete_dead_letters_in(&mut tx, &oldest.iter().map(|l| l.dead_letter_id).collect::<Vec<_>>()).await?;
        tx.commit().await.context("cannot commit retried dead letters")?;
        Ok(retried)
    }

    /// Erases every dead letter of `kind`; returns how many.
    pub async fn erase_dead_letters(&self, kind: DeadLetterKind) -> Result<u64> {
        let done = sqlx::query("DELETE FROM async_event_dead_letter WHERE kind = ?")
            .bind(kind.as_str())
            .execute(&self.writer.pool)
            .await
            .context("cannot erase dead letters")?;
        Ok(done.rows_affected())
    }

    /// Writes every dead letter of `kind`, oldest first, as one JSON array with every
    /// attribute, reading page by page so memory does not grow with the list.
    pub async fn export_dead_letters(&self, kind: DeadLetterKind, out: &mut dyn Write) -> Result<u64> {
        let io = |e: std::io::Error| Error::with_source(ErrorKind::Storage, "cannot write the export", e);
        let sql = format!(
            "SELECT {COLUMNS} FROM async_event_dead_letter WHERE kind = ? AND dead_letter_id > ? ORDER BY dead_letter_id LIMIT 500"
        );
        out.write_all(b"[").map_err(io)?;
        let (mut written, mut after) = (0u64, 0i64);
        loop {
            let rows = sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
                .bind(kind.as_str())
                .bind(after)
                .fetch_all(&self.reader)
                .await
                .context("cannot read dead letters")?;
            let Some(last) = rows.last() else { break };
            after = last.try_get("dead_letter_id").context("cannot read a dead letter")?;
            for row in &rows {
                out.write_all(if written == 0 { b"\n" } else { b",\n" }).map_err(io)?;
                serde_json::to_writer(&mut *out, &dead_letter(row, kind)?).map_err(|e| io(e.into()))?;
                written += 1;
            }
        }
        out.write_all(b"\n]\n").map_err(io)?;
        Ok(written)
    }
}

const COLUMNS: &str =
    "dead_letter_id, uuid, event_name, store_id, subscription_id, correlation_id, body, reason, deaths, created_at";

fn dead_letter(row: &AnyRow, kind: DeadLetterKind) -> Result<DeadLetter> {
    let read = || -> std::result::Result<DeadLetter, sqlx::Error> {
        Ok(DeadLetter {
            dead_letter_id: row.try_get("dead_letter_id")?,
            kind,
            uuid: row.try_get("uuid")?,
            event_name: row.try_get("event_name")?,
            store_id: row.try_get::<i64, _>("store_id")? as u32,
            subscription_id: row.try_get("subscription_id")?,
            correlation_id: row.try_get("correlation_id")?,
            body: row.try_get("body")?,
            reason: row.try_get("reason")?,
            deaths: row.try_get::<i64, _>("deaths")? as u32,
            created: format_datetime(row.try_get("created_at")?),
        })
    };
    read().context("cannot read a dead letter")
}

async fn delete_dead_letters_in(tx: &mut Transaction<'_, Any>, ids: &[i64]) -> Result<()> {
    for chunk in ids.chunks(IDS_PER_STATEMENT) {
        let sql = format!("DELETE FROM async_event_dead_letter WHERE dead_letter_id IN ({})", placeholders(chunk.len()));
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for id in chunk {
            q = q.bind(*id);
        }
        q.execute(&mut **tx).await.context("cannot remove retried dead letters")?;
    }
    Ok(())
}

async fn subscription_exists(tx: &mut Transaction<'_, Any>, id: i64) -> Result<bool> {
    let found: Option<i64> = sqlx::query_scalar("SELECT subscription_id FROM async_event_subscriber WHERE subscription_id = ?")
        .bind(id)
        .fetch_optional(&mut **tx)
        .await
        .context("cannot read a subscription")?;
    Ok(found.is_some())
}

/// A published event that cannot be processed: what is known of it (parts may be missing when
/// its message is malformed), the message as received, and why.
#[derive(Debug, Clone)]
pub struct Poisoned {
    pub uuid: String,
    pub event_name: String,
    pub store_id: u32,
    pub correlation_id: Option<String>,
    pub body: String,
    pub reason: String,
}
