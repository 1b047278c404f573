//! The SQL queue, in the store's database: messages are rows; a claim hides them for a lease, so the claims of a
//! consumer that crashed come back once the lease runs out; an ack deletes them.

use std::sync::Arc;

use sqlx::{Any, AnyConnection, Row, Transaction};

use crate::clock::{Clock, Millis};
use crate::envelope::{ClaimedMessage, Envelope};
use crate::error::{Result, StorageContext};
use super::{lease, placeholders, Database};

#[derive(Clone)]
pub struct SqlQueue {
    database: Database,
    clock: Arc<dyn Clock>,
}

impl SqlQueue {
    pub fn new(database: Database, clock: Arc<dyn Clock>) -> Self {
        Self { database, clock }
    }

    /// Enqueues events in one transaction: all or none are published.
    pub async fn publish(&self, envelopes: &[Envelope]) -> Result<()> {
        let mut tx = self.database.begin_write().await.context("cannot start publishing")?;
        for envelope in envelopes {
            insert(&mut tx, envelope.uuid.as_str(), &envelope.event_name, envelope.priority, &envelope.to_json(), envelope.created_at)
                .await?;
        }
        tx.commit().await.context("cannot commit published events")
    }

    /// Puts messages `(uuid, body)` back on the queue as they were published, in one transaction.
    pub async fn requeue(&self, messages: &[(&str, &str)]) -> Result<()> {
        let now = self.clock.now_ms();
        let mut tx = self.database.begin_write().await.context("cannot requeue events")?;
        for (uuid, body) in messages {
            let envelope = Envelope::from_json(body).ok();
            let event_name = envelope.as_ref().map(|e| e.event_name.as_str()).unwrap_or_default();
            insert(&mut tx, uuid, event_name, envelope.as_ref().map_or(0, |e| e.priority), body, now).await?;
        }
        tx.commit().await.context("cannot commit requeued events")
    }

    /// Claims up to `limit` available messages, highest priority first, for `lease_ms`.
    pub async fn claim(&self, limit: usize, lease_ms: i64) -> Result<Vec<ClaimedMessage>> {
        let now = self.clock.now_ms();
        let sql = format!(
            "SELECT message_id, uuid, event_name, body, claims FROM async_event_queue
             WHERE available_at <= ? AND lease_until <= ?
             ORDER BY priority DESC, message_id LIMIT ?{}",
            self.database.claim_lock()
        );
        let mut tx = self.database.begin_write().await.context("cannot claim messages")?;
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(now)
            .bind(now)
            .bind(limit as i64)
            .fetch_all(&mut *tx)
            .await
            .context("cannot claim messages")?;
        let ids: Vec<i64> = rows.iter().map(|row| row.try_get("message_id")).collect::<std::result::Result<_, _>>().context("cannot claim messages")?;
        lease(&mut tx, "async_event_queue", "message_id", &ids, now + lease_ms, ", claims = claims + 1").await?;
        tx.commit().await.context("cannot claim messages")?;
        let mut claimed: Vec<ClaimedMessage> = rows
            .iter()
            .map(|row| {
                Ok(ClaimedMessage {
                    message_id: row.try_get("message_id")?,
                    uuid: row.try_get("uuid")?,
                    event_name: row.try_get("event_name")?,
                    body: row.try_get("body")?,
                    // Read before this claim's increment.
                    claims: row.try_get::<i64, _>("claims")? as u32 + 1,
                    connection: 0,
                })
            })
            .collect::<std::result::Result<_, sqlx::Error>>()
            .context("cannot read a claimed message")?;
        claimed.sort_by_key(|m| m.message_id);
        Ok(claimed)
    }

    /// Acks messages inside the caller's transaction (the one that hands their deliveries over).
    pub async fn ack_in(tx: &mut AnyConnection, message_ids: &[i64]) -> Result<()> {
        for chunk in message_ids.chunks(500) {
            let sql = format!("DELETE FROM async_event_queue WHERE message_id IN ({})", placeholders(chunk.len()));
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for id in chunk {
                q = q.bind(*id);
            }
            q.execute(&mut *tx).await.context("cannot ack messages")?;
        }
        Ok(())
    }

    /// Messages not yet acked, claimed or not.
    pub async fn depth(&self) -> Result<i64> {
        sqlx::query_scalar("SELECT COUNT(*) FROM async_event_queue").fetch_one(&self.database.pool).await.context("cannot count messages")
    }
}

async fn insert(tx: &mut Transaction<'_, Any>, uuid: &str, event_name: &str, priority: u8, body: &str, now: Millis) -> Result<()> {
    sqlx::query(
        "INSERT INTO async_event_queue (uuid, event_name, priority, body, available_at, created_at) VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(uuid)
    .bind(event_name)
    .bind(i64::from(priority))
    .bind(body)
    .bind(now)
    .bind(now)
    .execute(&mut **tx)
    .await
    .context("cannot enqueue an event")?;
    Ok(())
}
