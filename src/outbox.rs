//! The transactional outbox. A publisher inside a database transaction (a Magento save)
//! writes the event's queue message into the outbox table through its own connection, in
//! its own transaction: a rollback leaves no row, so no event, and a committed row is
//! visible only once the saved data is. Trigger consumers relay committed rows to the event
//! queue, oldest first, and delete a row only after the queue holds its message durably:
//! a process that dies between the commit and the relay loses nothing, and a relay that
//! dies after enqueuing and before deleting enqueues the same message (the same uuid, the
//! receivers' idempotency key) again, which is the at-least-once the rest of the system
//! gives. Rows being relayed are locked (`FOR UPDATE SKIP LOCKED`), so that consumers
//! relaying side by side do not enqueue one row twice.

use std::sync::Arc;
use std::time::Duration;

use sqlx::{AnyPool, Executor, Row};
use tokio::sync::watch;

use crate::secret::redact_password;
use crate::envelope::Envelope;
use crate::error::{Result, StorageContext};
use crate::metrics::Metrics;
use crate::queue::EventQueue;
use crate::store::mysql_pool;

/// Rows relayed per transaction.
pub const RELAY_BATCH: usize = 200;

/// How long an idle relay waits before it looks again.
pub const RELAY_POLL: Duration = Duration::from_millis(100);

/// The outbox table in Magento's database.
#[derive(Clone)]
pub struct Outbox {
    pool: AnyPool,
    table: String,
}

impl Outbox {
    /// Connects to the outbox's database (`url`, MySQL) and creates `table` if it is missing
    /// (Magento's declarative schema declares the same table).
    pub async fn open(url: &str, table: &str) -> Result<Self> {
        let pool = mysql_pool(url, 2, &format!("cannot connect to the outbox's database {}", redact_password(url))).await?;
        let ddl = format!(
            "CREATE TABLE IF NOT EXISTS {table} (
                outbox_id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
                message MEDIUMTEXT NOT NULL,
                created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4"
        );
        pool.execute(sqlx::AssertSqlSafe(ddl)).await.context("cannot create the outbox table")?;
        Ok(Self { pool, table: table.to_string() })
    }

    /// Moves up to `limit` committed rows to `queue` and returns how many it moved. The rows
    /// stay locked until the queue holds their messages durably, and are deleted in the same
    /// transaction.
    pub async fn relay(&self, queue: &dyn EventQueue, limit: usize) -> Result<usize> {
        let table = &self.table;
        let mut tx = self.pool.begin().await.context("cannot read the outbox")?;
        let select = format!("SELECT outbox_id, message FROM {table} ORDER BY outbox_id LIMIT ? FOR UPDATE SKIP LOCKED");
        let rows = sqlx::query(sqlx::AssertSqlSafe(select))
            .bind(limit as i64)
            .fetch_all(&mut *tx)
            .await
            .context("cannot read the outbox")?;
        if rows.is_empty() {
            return Ok(0);
        }
        let mut ids = Vec::with_capacity(rows.len());
        let mut messages = Vec::with_capacity(rows.len());
        for row in &rows {
            ids.push(row.try_get::<i64, _>("outbox_id").context("cannot read the outbox")?);
            let body: String = row.try_get("message").context("cannot read the outbox")?;
            // A malformed row still goes to the queue, whose consumer dead-letters it with its reason.
            let uuid = Envelope::from_json(&body).map(|e| e.uuid.to_string()).unwrap_or_default();
            messages.push((uuid, body));
        }
        let pairs: Vec<(&str, &str)> = messages.iter().map(|(uuid, body)| (uuid.as_str(), body.as_str())).collect();
        queue.requeue(&pairs).await?;
        // Row by row on the primary key: a DELETE with an IN list may scan the table and wait
        // for the rows another relay holds, while it waits for ours (a deadlock, found in test).
        let delete = format!("DELETE FROM {table} WHERE outbox_id = ?");
        for id in &ids {
            sqlx::query(sqlx::AssertSqlSafe(delete.as_str())).bind(*id).execute(&mut *tx).await.context("cannot delete relayed outbox rows")?;
        }
        tx.commit().await.context("cannot delete relayed outbox rows")?;
        tracing::debug!(relayed = ids.len(), "outbox rows relayed to the queue");
        Ok(ids.len())
    }
}

/// Where a relay works and reports: `idle` says whether its last look moved nothing (the
/// outbox was empty, or could not be reached).
pub struct Relay {
    pub url: String,
    pub table: String,
    pub queue: Arc<dyn EventQueue>,
    pub metrics: Arc<Metrics>,
    pub idle: watch::Sender<bool>,
}

/// Relays the outbox to the queue until `stop` turns true: at once while rows keep coming,
/// every [`RELAY_POLL`] when idle, and after a failure (the database or the broker down)
/// every second, the rows staying where they are meanwhile.
pub async fn relay_until(relay: Relay, mut stop: watch::Receiver<bool>) {
    let mut outbox = None;
    while !*stop.borrow() {
        let pass = relay_once(&mut outbox, &relay.url, &relay.table, relay.queue.as_ref()).await;
        // An outbox that cannot be reached does not hold a drain back (the failure is logged).
        relay.idle.send_replace(!matches!(pass, Ok(n) if n > 0));
        let pause = match pass {
            Ok(relayed) => {
                relay.metrics.outbox_relayed(relayed as u64);
                if relayed == RELAY_BATCH {
                    continue;
                }
                RELAY_POLL
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot relay the outbox; trying again in a second");
                Duration::from_secs(1)
            }
        };
        let _ = tokio::time::timeout(pause, stop.changed()).await;
    }
}

async fn relay_once(outbox: &mut Option<Outbox>, url: &str, table: &str, queue: &dyn EventQueue) -> Result<usize> {
    let outbox = match outbox.take() {
        Some(open) => outbox.insert(open),
        None => outbox.insert(Outbox::open(url, table).await?),
    };
    outbox.relay(queue, RELAY_BATCH).await
}
