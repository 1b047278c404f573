//! Rows of `async_event_subscriber`: create, change, enable/disable, delete, list; and the
//! active subscriptions an event fans out to.

use std::sync::Arc;

use serde::Deserialize;
use sqlx::any::AnyRow;
use sqlx::{Any, QueryBuilder, Row};

use super::database::{flag, Dialect};
use super::deliveries::TARGET_COLUMNS;
use super::Store;
use crate::clock::format_datetime;
use crate::delivery::Target;
use crate::error::{Error, Result, StorageContext};
use crate::subscription::{NewSubscription, Subscription, SubscriptionId, SubscriptionPatch};

const COLUMNS: &str = "subscription_id, event_name, recipient_url, CAST(status AS SIGNED) AS status, \
                       CAST(subscribed_at AS CHAR) AS subscribed_at, CAST(modified AS CHAR) AS modified, metadata, \
                       store_id, connect_timeout_ms, timeout_ms, disabled_reason";

/// Filters of a subscription listing; every field optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SubscriptionFilter {
    pub event_name: Option<String>,
    pub status: Option<bool>,
    pub store_id: Option<u32>,
    pub limit: Option<u32>,
    pub offset: Option<u32>,
}

fn subscription(row: &AnyRow) -> Result<Subscription> {
    let read = || -> std::result::Result<Subscription, sqlx::Error> {
        Ok(Subscription {
            subscription_id: SubscriptionId(row.try_get("subscription_id")?),
            event_name: row.try_get("event_name")?,
            recipient_url: row.try_get("recipient_url")?,
            status: flag(row, "status")?,
            subscribed_at: row.try_get("subscribed_at")?,
            modified: row.try_get("modified")?,
            metadata: row.try_get("metadata")?,
            store_id: row.try_get::<i64, _>("store_id")? as u32,
            connect_timeout_ms: row.try_get::<Option<i64>, _>("connect_timeout_ms")?.map(|v| v as u64),
            timeout_ms: row.try_get::<Option<i64>, _>("timeout_ms")?.map(|v| v as u64),
            disabled_reason: row.try_get("disabled_reason")?,
        })
    };
    read().context("cannot read a subscription row")
}

impl Store {
    pub async fn insert_subscription(&self, new: &NewSubscription) -> Result<Subscription> {
        let now = format_datetime(self.now_ms());
        let token = self.cipher().encrypt(&new.verification_token)?;
        let mut tx = self.writer.begin_write().await.context("cannot save the subscription")?;
        let done = sqlx::query(
            "INSERT INTO async_event_subscriber
               (event_name, recipient_url, verification_token, status, subscribed_at, modified, metadata,
                store_id, connect_timeout_ms, timeout_ms)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&new.event_name)
        .bind(&new.recipient_url)
        .bind(token)
        .bind(new.status)
        .bind(&now)
        .bind(&now)
        .bind(&new.metadata)
        .bind(i64::from(new.store_id))
        .bind(new.connect_timeout_ms.map(|v| v as i64))
        .bind(new.timeout_ms.map(|v| v as i64))
        .execute(&mut *tx)
        .await
        .context("cannot save the subscription")?;
        // `Any` reports MySQL's insert id but not SQLite's; both know it in the transaction.
        let id = match (self.writer.dialect, done.last_insert_id()) {
            (Dialect::MySql, Some(id)) => id,
            _ => sqlx::query_scalar("SELECT last_insert_rowid()").fetch_one(&mut *tx).await.context("cannot save the subscription")?,
        };
        tx.commit().await.context("cannot save the subscription")?;
        self.subscription(SubscriptionId(id)).await
    }

    pub async fn update_subscription(&self, id: SubscriptionId, patch: &SubscriptionPatch) -> Result<Subscription> {
        let mut q: QueryBuilder<Any> = QueryBuilder::new("UPDATE async_event_subscriber SET modified = ");
        q.push_bind(format_datetime(self.now_ms()));
        if let Some(v) = &patch.event_name {
            q.push(", event_name = ").push_bind(v.clone());
        }
        if let Some(v) = &patch.recipient_url {
            q.push(", recipient_url = ").push_bind(v.clone());
        }
        if let Some(v) = &patch.verification_token {
            q.push(", verification_token = ").push_bind(self.cipher().encrypt(v)?);
        }
        if let Some(v) = &patch.metadata {
            q.push(", metadata = ").push_bind(v.clone());
        }
        if let Some(v) = patch.store_id {
            q.push(", store_id = ").push_bind(i64::from(v));
        }
        if let Some(v) = patch.status {
            q.push(", status = ").push_bind(v).push(", disabled_reason = NULL");
        }
        if let Some(v) = patch.connect_timeout_ms {
            q.push(", connect_timeout_ms = ").push_bind(v as i64);
        }
        if let Some(v) = patch.timeout_ms {
            q.push(", timeout_ms = ").push_bind(v as i64);
        }
        q.push(" WHERE subscription_id = ").push_bind(id.0);
        let done = q.build().execute(&self.writer.pool).await.context("cannot update the subscription")?;
        if done.rows_affected() == 0 {
            return Err(not_found(id));
        }
        self.subscription(id).await
    }

    pub async fn delete_subscription(&self, id: SubscriptionId) -> Result<()> {
        let done = sqlx::query("DELETE FROM async_event_subscriber WHERE subscription_id = ?")
            .bind(id.0)
            .execute(&self.writer.pool)
            .await
            .context("cannot delete the subscription")?;
        if done.rows_affected() == 0 {
            return Err(not_found(id));
        }
        Ok(())
    }

    pub async fn subscription(&self, id: SubscriptionId) -> Result<Subscription> {
        let sql = format!("SELECT {COLUMNS} FROM async_event_subscriber WHERE subscription_id = ?");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id.0)
            .fetch_optional(&self.reader)
            .await
            .context("cannot read the subscription")?;
        row.as_ref().map(subscription).transpose()?.ok_or_else(|| not_found(id))
    }

    pub async fn subscriptions(&self, filter: &SubscriptionFilter) -> Result<Vec<Subscription>> {
        let mut q: QueryBuilder<Any> = QueryBuilder::new(format!("SELECT {COLUMNS} FROM async_event_subscriber WHERE 1 = 1"));
        if let Some(v) = &filter.event_name {
            q.push(" AND event_name = ").push_bind(v.to_ascii_lowercase());
        }
        if let Some(v) = filter.status {
            q.push(" AND status = ").push_bind(v);
        }
        if let Some(v) = filter.store_id {
            q.push(" AND store_id = ").push_bind(i64::from(v));
        }
        q.push(" ORDER BY subscription_id LIMIT ").push_bind(i64::from(filter.limit.unwrap_or(1000)));
        q.push(" OFFSET ").push_bind(i64::from(filter.offset.unwrap_or(0)));
        let rows = q.build().fetch_all(&self.reader).await.context("cannot list subscriptions")?;
        rows.iter().map(subscription).collect()
    }

    /// Active subscriptions of `event_name` that apply to `store_id`: an event of store 0
    /// reaches the subscriptions of every store, an event of store N those of store N and,
    /// with `store_zero_matches_every_store` (the default; off is the reference module's
    /// behaviour), those of store 0.
    ///
    /// Read with their targets, so that the deliveries a hand-off leases to its run can be
    /// sent without reading them again.
    pub async fn active_targets(&self, event_name: &str, store_id: u32) -> Result<Vec<Arc<Target>>> {
        let sql = format!(
            "SELECT {TARGET_COLUMNS} FROM async_event_subscriber
             WHERE status = 1 AND event_name = ? AND (? = 0 OR store_id = ? OR (? AND store_id = 0))
             ORDER BY subscription_id"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(event_name)
            .bind(i64::from(store_id))
            .bind(i64::from(store_id))
            .bind(i64::from(self.store_zero_matches_every_store))
            .fetch_all(&self.reader)
            .await
            .context("cannot read the subscriptions of an event")?;
        rows.iter().map(|row| self.target(row)).collect()
    }
}

pub(super) fn not_found(id: SubscriptionId) -> Error {
    Error::not_found(format!("subscription {id} does not exist"))
}
