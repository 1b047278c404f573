//! Dead letters (`async_event_dead_letter`), two lists as operators know them: events that
//! could not be processed (malformed, unknown, resolver failure) and deliveries that exhausted
//! their retries or failed for good.

use serde::Serialize;
use sqlx::{Row, Sqlite, Transaction};

use super::deliveries::Delivery;
use super::Store;
use crate::clock::format_datetime;
use crate::error::{Error, Result, StorageContext};

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
        tx: &mut Transaction<'_, Sqlite>,
        d: &Delivery,
        reason: &str,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO async_event_dead_letter
               (kind, uuid, event_name, store_id, subscription_id, body, reason, deaths, created_at)
             VALUES ('delivery', ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(d.uuid.as_str())
        .bind(&d.event_name)
        .bind(i64::from(d.store_id))
        .bind(d.target.subscription_id.0)
        .bind(&d.payload)
        .bind(reason)
        .bind(i64::from(d.deaths) + 1)
        .bind(self.now_ms())
        .execute(&mut **tx)
        .await
        .context("cannot dead-letter a delivery")?;
        Ok(())
    }

    pub(crate) async fn insert_event_dead_letter(&self, tx: &mut Transaction<'_, Sqlite>, p: &Poisoned) -> Result<()> {
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
        .execute(&mut **tx)
        .await
        .context("cannot dead-letter an event")?;
        Ok(())
    }

    /// Dead letters of one kind, newest first.
    pub async fn dead_letters(&self, kind: DeadLetterKind, limit: u32, offset: u32) -> Result<Page<DeadLetter>> {
        let total_count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM async_event_dead_letter WHERE kind = ?")
            .bind(kind.as_str())
            .fetch_one(&self.reader)
            .await
            .context("cannot count dead letters")?;
        let rows = sqlx::query(
            "SELECT dead_letter_id, uuid, event_name, store_id, subscription_id, correlation_id, body, reason, deaths, created_at
             FROM async_event_dead_letter WHERE kind = ? ORDER BY dead_letter_id DESC LIMIT ? OFFSET ?",
        )
        .bind(kind.as_str())
        .bind(i64::from(limit))
        .bind(i64::from(offset))
        .fetch_all(&self.reader)
        .await
        .context("cannot list dead letters")?;
        let items = rows
            .iter()
            .map(|row| {
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
            })
            .collect::<std::result::Result<Vec<_>, sqlx::Error>>()
            .context("cannot read a dead letter")?;
        Ok(Page { items, total_count })
    }
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
