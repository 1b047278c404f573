//! The attempt log read in bulk, as search needs it: whole rows in log-id order from a watermark
//! (indexing, the plain scan), rows by id (result pages, CSV exports), and the ids themselves
//! (finding rows deleted since they were indexed).

use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::Row;

use super::database::flag;
use super::{placeholders, Store, IDS_PER_STATEMENT};
use crate::error::{Result, StorageContext};

/// The event name of a log row: rows the reference module wrote have none (the column is
/// ours, empty for them), so their subscription's is taken, and searches by event name find them.
macro_rules! event_name_column {
    () => {
        "CASE WHEN event_name <> '' THEN event_name ELSE COALESCE((SELECT s.event_name FROM async_event_subscriber s
            WHERE s.subscription_id = async_event_subscriber_log.subscription_id), '') END AS event_name"
    };
}
pub(super) use event_name_column;

const COLUMNS: &str = concat!(
    "log_id, uuid, subscription_id, CAST(success AS SIGNED) AS success, response_data, CAST(created AS CHAR) AS created, serialized_data, ",
    event_name_column!(),
    ", store_id, attempt, http_status, duration_ms, error_code, error, next_attempt_at, trigger_kind, correlation_id, traceparent"
);

/// One row of `async_event_subscriber_log`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LogRow {
    pub log_id: i64,
    pub uuid: String,
    pub subscription_id: i64,
    pub event_name: String,
    pub store_id: u32,
    pub attempt: u32,
    /// `publish`, `retry` or `replay`.
    pub trigger: String,
    pub success: bool,
    pub http_status: Option<u16>,
    pub duration_ms: u64,
    pub error_code: Option<String>,
    pub error: Option<String>,
    pub response_data: String,
    /// UTC, as `2026-11-23 18:30:00.123`.
    pub created: String,
    pub next_attempt_at: Option<String>,
    /// The event's correlation id and W3C traceparent, as sent (none on older rows).
    pub correlation_id: Option<String>,
    pub traceparent: Option<String>,
    /// The payload sent (the CloudEvent's `data`) as JSON text: the `serialized_data` column.
    pub payload: String,
}

impl Store {
    /// Up to `limit` rows with a log id above `after`, in log-id order.
    pub async fn log_rows_after(&self, after: i64, limit: u32) -> Result<Vec<LogRow>> {
        let sql = format!("SELECT {COLUMNS} FROM async_event_subscriber_log WHERE log_id > ? ORDER BY log_id LIMIT ?");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(after)
            .bind(i64::from(limit))
            .fetch_all(&self.reader)
            .await
            .context("cannot read the attempt log")?;
        rows.iter().map(log_row).collect()
    }

    /// The rows of `ids` that exist, in no particular order.
    pub async fn log_rows_by_ids(&self, ids: &[i64]) -> Result<Vec<LogRow>> {
        let mut found = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(IDS_PER_STATEMENT) {
            let sql = format!(
                "SELECT {COLUMNS} FROM async_event_subscriber_log WHERE log_id IN ({})",
                placeholders(chunk.len())
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for id in chunk {
                q = q.bind(*id);
            }
            let rows = q.fetch_all(&self.reader).await.context("cannot read attempts by id")?;
            for row in &rows {
                found.push(log_row(row)?);
            }
        }
        Ok(found)
    }

    /// The highest log id (0 for an empty log): what an index must have seen to be up to date.
    pub async fn log_max_id(&self) -> Result<i64> {
        let max: Option<i64> = sqlx::query_scalar("SELECT MAX(log_id) FROM async_event_subscriber_log")
            .fetch_one(&self.reader)
            .await
            .context("cannot read the attempt log's last id")?;
        Ok(max.unwrap_or(0))
    }

    /// How many rows the log has. Without a condition SQLite counts the entries of its smallest
    /// index rather than reading every row.
    pub async fn log_count(&self) -> Result<u64> {
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM async_event_subscriber_log")
            .fetch_one(&self.reader)
            .await
            .context("cannot count the attempt log")?;
        Ok(count.max(0) as u64)
    }

    /// How many rows have a log id above `after` (reads only those rows).
    pub async fn log_count_after(&self, after: i64) -> Result<u64> {
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM async_event_subscriber_log WHERE log_id > ?")
            .bind(after)
            .fetch_one(&self.reader)
            .await
            .context("cannot count the attempt log")?;
        Ok(count.max(0) as u64)
    }

    /// Every log id, in no particular order (read from an index, as `log_count`).
    pub async fn log_ids(&self) -> Result<Vec<i64>> {
        sqlx::query_scalar("SELECT log_id FROM async_event_subscriber_log")
            .fetch_all(&self.reader)
            .await
            .context("cannot list the attempt log's ids")
    }
}

fn log_row(row: &AnyRow) -> Result<LogRow> {
    let read = || -> std::result::Result<LogRow, sqlx::Error> {
        let payload: Option<Vec<u8>> = row.try_get("serialized_data")?;
        Ok(LogRow {
            log_id: row.try_get("log_id")?,
            uuid: row.try_get("uuid")?,
            subscription_id: row.try_get("subscription_id")?,
            event_name: row.try_get("event_name")?,
            store_id: row.try_get::<i64, _>("store_id")? as u32,
            attempt: row.try_get::<i64, _>("attempt")? as u32,
            trigger: row.try_get("trigger_kind")?,
            success: flag(row, "success")?,
            http_status: row.try_get::<Option<i64>, _>("http_status")?.map(|s| s as u16),
            duration_ms: row.try_get::<i64, _>("duration_ms")?.max(0) as u64,
            error_code: row.try_get("error_code")?,
            error: row.try_get("error")?,
            response_data: row.try_get("response_data")?,
            created: row.try_get("created")?,
            next_attempt_at: row.try_get("next_attempt_at")?,
            correlation_id: row.try_get("correlation_id")?,
            traceparent: row.try_get("traceparent")?,
            // Valid UTF-8 (as the engine writes it) is taken as it is, without a copy.
            payload: payload
                .map(|bytes| String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
                .unwrap_or_default(),
        })
    };
    read().context("cannot read an attempt")
}
