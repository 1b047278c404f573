//! Deliveries in progress (`async_event_delivery`): the hand-off of resolved events, claims
//! with a lease, and the durable record of every attempt's result in one transaction.

use std::collections::HashMap;
use std::sync::Arc;

use sqlx::any::AnyRow;
use sqlx::{Any, AnyConnection, QueryBuilder, Row};

use super::dead_letters::Poisoned;
use super::database::flag;
use super::write_group::WriteGroup;
use super::{lease, placeholders, Store};
use crate::clock::{format_datetime, Millis};
use crate::delivery::{Completion, Delivery, EncodedBody, EventContext, NextAction, Resolved, RetryMessage, RetryPath, Target, Trigger};
use crate::envelope::EventUuid;
use crate::error::{Result, StorageContext};
use crate::limits;
use super::sql_queue::SqlQueue;
use crate::subscription::SubscriptionId;

/// What a hand-off wrote (uncommitted until its group commits): how many deliveries in all,
/// and the rows leased to the handing run ([`Store::leased_deliveries`] makes them deliveries).
pub struct HandedOff {
    pub created: usize,
    pub leased: Vec<LeasedRow>,
}

/// The columns of `async_event_subscriber` that make a delivery's [`Target`].
pub(super) const TARGET_COLUMNS: &str = "subscription_id, recipient_url, verification_token, metadata, \
                                         CAST(status AS SIGNED) AS status, connect_timeout_ms, timeout_ms";

/// How often [`Store::target`] may warn about one subscription's token that cannot be decrypted.
const UNDECRYPTABLE_WARNING_EVERY_MS: i64 = 60_000;

/// A delivery row written leased, not yet joined with its target.
pub struct LeasedRow {
    delivery_id: i64,
    /// Its event's place in the handed `resolved`.
    event: usize,
    subscription_id: SubscriptionId,
}

impl Store {
    /// Whether a hand-off can write deliveries leased to the handing run (it needs `INSERT ...
    /// RETURNING` to learn their ids).
    pub fn leases_on_hand_off(&self) -> bool {
        self.writer.inserts_return_rows
    }

    /// Creates one delivery per subscription of each resolved event, in `tx`; those of
    /// [`Resolved::leased`] leased until `lease_until`. Returns how many, and the leased rows.
    /// A subscription deleted since the events were resolved gets none (its row is gone, so
    /// the statement breaks its foreign key and writes nothing; it is written again without it).
    pub(crate) async fn insert_deliveries(
        &self,
        tx: &mut AnyConnection,
        resolved: &[Resolved],
        trigger: Trigger,
        lease_until: Millis,
    ) -> Result<(usize, Vec<LeasedRow>)> {
        let now = self.now_ms();
        let rows: Vec<DeliveryRow> = resolved
            .iter()
            .enumerate()
            .flat_map(|(i, event)| event.subscriptions.iter().map(move |sub| (i, *sub, event.leased.contains(sub))))
            .collect();
        let (mut created, mut leased) = (0, Vec::new());
        for chunk in limits::statement_chunks(&rows, ROWS_PER_STATEMENT, |(event, _, _)| resolved[*event].payload.len()) {
            let inserted = match insert_delivery_rows(tx, resolved, chunk, trigger, now, lease_until).await {
                Err(e) if is_foreign_key_violation(&e) => {
                    let kept = rows_of_existing_subscriptions(tx, chunk, |(_, sub, _)| sub.0).await?;
                    insert_delivery_rows(tx, resolved, &kept, trigger, now, lease_until).await.map(|rows| (kept.len(), rows))
                }
                other => other.map(|rows| (chunk.len(), rows)),
            };
            let (count, rows) = inserted.context("cannot hand deliveries over")?;
            created += count;
            leased.extend(rows);
        }
        Ok((created, leased))
    }

    /// Hands resolved events over to their subscriptions' deliveries, dead-letters the poisoned
    /// ones and acks all their messages, in one write of `group`: a crash before the group
    /// commits leaves the messages on the queue, a crash after it loses nothing. The deliveries
    /// of [`Resolved::leased`] are written leased until `lease_until` and returned before the
    /// commit, for the handing run to send without claiming them (if the run dies after the
    /// commit, they are claimed again once the lease expires; before it, they do not exist and
    /// the messages come back).
    pub async fn hand_off(
        &self,
        group: &mut WriteGroup<'_>,
        resolved: &[Resolved],
        poisoned: &[Poisoned],
        acked: &[i64],
        lease_until: Millis,
    ) -> Result<HandedOff> {
        let mut write = group.write().await?;
        let written = self.write_hand_off(write.connection(), resolved, poisoned, acked, lease_until).await;
        let (created, leased) = write.end(written).await?;
        Ok(HandedOff { created, leased })
    }

    /// The deliveries of the rows a hand-off of `resolved` leased, with the `targets` their
    /// subscriptions were read with when the batch was resolved (see [`Store::active_targets`]):
    /// no read between the hand-off's write and the first attempts.
    pub fn leased_deliveries(
        &self,
        resolved: &[Resolved],
        rows: Vec<LeasedRow>,
        targets: &HashMap<SubscriptionId, Arc<Target>>,
    ) -> Vec<Delivery> {
        let now = self.now_ms();
        // One body per event, shared by its deliveries: it is encoded once, by the first sent.
        let bodies: Vec<EncodedBody> = resolved.iter().map(|_| EncodedBody::shared()).collect();
        rows.into_iter()
            // Every row's subscription was read with its batch; a row without one (none is
            // expected) is not sent now: it is claimed once its lease expires.
            .filter_map(|row| {
                let target = targets.get(&row.subscription_id)?;
                let event = resolved.get(row.event)?;
                Some(Delivery {
                    delivery_id: row.delivery_id,
                    uuid: event.uuid.clone(),
                    event_name: event.event_name.clone(),
                    store_id: event.store_id,
                    payload: Arc::clone(&event.payload),
                    trigger: Trigger::Publish,
                    deaths: 0,
                    target: Arc::clone(target),
                    context: event.context.dated(now),
                    body: bodies[row.event].clone(),
                    hand_off: None,
                })
            })
            .collect()
    }

    async fn write_hand_off(
        &self,
        tx: &mut AnyConnection,
        resolved: &[Resolved],
        poisoned: &[Poisoned],
        acked: &[i64],
        lease_until: Millis,
    ) -> Result<(usize, Vec<LeasedRow>)> {
        let written = self.insert_deliveries(tx, resolved, Trigger::Publish, lease_until).await?;
        for p in poisoned {
            self.insert_event_dead_letter(tx, p).await?;
        }
        SqlQueue::ack_in(tx, acked).await?;
        Ok(written)
    }

    /// Takes back retries that waited out their back-off on the broker, as deliveries due at
    /// their time (those of deleted subscriptions are dropped), and dead-letters the retry
    /// messages that cannot be read, in one transaction.
    pub async fn hand_off_retries(&self, retries: &[RetryMessage], poisoned: &[Poisoned]) -> Result<usize> {
        let mut tx = self.writer.begin_write().await.context("cannot take retries back")?;
        let sub_ids = distinct(retries.iter().map(|r| r.subscription_id));
        let existing = existing_subscriptions(&mut tx, &sub_ids).await?;
        let kept: Vec<&RetryMessage> = retries.iter().filter(|r| existing.binary_search(&r.subscription_id).is_ok()).collect();
        let now = self.now_ms();
        for chunk in limits::statement_chunks(&kept, ROWS_PER_STATEMENT, |r| r.payload.len()) {
            let mut q: QueryBuilder<Any> = QueryBuilder::new(
                "INSERT INTO async_event_delivery
                   (uuid, subscription_id, event_name, store_id, payload, trigger_kind, deaths, due_at, created_at,
                    published_at, correlation_id, traceparent) ",
            );
            q.push_values(chunk, |mut row, r| {
                row.push_bind(r.uuid.as_str())
                    .push_bind(r.subscription_id)
                    .push_bind(r.event_name.as_str())
                    .push_bind(i64::from(r.store_id))
                    .push_bind(r.payload.as_str())
                    .push_bind(Trigger::Retry.as_str())
                    .push_bind(i64::from(r.deaths))
                    .push_bind(r.due_at)
                    .push_bind(now)
                    .push_bind(r.context.dated(now).published_at)
                    .push_bind(r.context.correlation_id.as_deref())
                    .push_bind(r.context.traceparent.as_deref());
            });
            q.build().execute(&mut *tx).await.context("cannot take retries back")?;
        }
        for p in poisoned {
            self.insert_event_dead_letter(&mut tx, p).await?;
        }
        tx.commit().await.context("cannot commit retries taken back")?;
        Ok(kept.len())
    }

    /// Claims up to `limit` due deliveries for `lease_ms`, skipping the subscriptions in
    /// `skipped` (those the claiming run has no room for).
    pub async fn claim_deliveries(&self, limit: usize, lease_ms: i64, skipped: &[SubscriptionId]) -> Result<Vec<Delivery>> {
        let now = self.now_ms();
        let exclude = if skipped.is_empty() {
            String::new()
        } else {
            format!("AND subscription_id NOT IN ({})", placeholders(skipped.len()))
        };
        let sql = format!(
            "SELECT delivery_id, uuid, subscription_id, event_name, store_id, payload, trigger_kind, deaths,
                    CASE WHEN published_at > 0 THEN published_at ELSE created_at END AS published_at, correlation_id, traceparent
             FROM async_event_delivery
             WHERE due_at <= ? AND lease_until <= ? {exclude}
             ORDER BY due_at, delivery_id LIMIT ?{}",
            self.writer.claim_lock()
        );
        let mut tx = self.writer.begin_write().await.context("cannot claim deliveries")?;
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(now).bind(now);
        for id in skipped {
            q = q.bind(id.0);
        }
        let rows = q.bind(limit as i64).fetch_all(&mut *tx).await.context("cannot claim deliveries")?;
        let ids: Vec<i64> = rows.iter().map(|row| row.try_get("delivery_id")).collect::<std::result::Result<_, _>>().context("cannot claim deliveries")?;
        lease(&mut tx, "async_event_delivery", "delivery_id", &ids, now + lease_ms, "").await?;
        tx.commit().await.context("cannot claim deliveries")?;
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let sub_ids = distinct(rows.iter().filter_map(|r| r.try_get("subscription_id").ok()));
        let targets = self.targets(&sub_ids).await?;
        let mut claimed = Vec::with_capacity(rows.len());
        for row in rows {
            let read = || -> std::result::Result<_, sqlx::Error> {
                Ok((
                    row.try_get::<i64, _>("delivery_id")?,
                    row.try_get::<String, _>("uuid")?,
                    row.try_get::<i64, _>("subscription_id")?,
                    row.try_get::<String, _>("event_name")?,
                    row.try_get::<i64, _>("store_id")?,
                    row.try_get::<String, _>("payload")?,
                    row.try_get::<String, _>("trigger_kind")?,
                    row.try_get::<i64, _>("deaths")?,
                    EventContext {
                        published_at: row.try_get("published_at")?,
                        correlation_id: row.try_get("correlation_id")?,
                        traceparent: row.try_get("traceparent")?,
                    },
                ))
            };
            let (delivery_id, uuid, sub, event_name, store_id, payload, trigger, deaths, context) =
                read().context("cannot read a claimed delivery")?;
            // A subscription deleted since the claim took its deliveries with it (cascade).
            let Some(target) = targets.get(&sub) else { continue };
            claimed.push(Delivery {
                delivery_id,
                uuid: EventUuid::parse(&uuid)?,
                event_name,
                store_id: store_id as u32,
                payload: payload.into(),
                trigger: Trigger::parse(&trigger),
                deaths: deaths as u32,
                target: Arc::clone(target),
                context,
                body: EncodedBody::default(),
                hand_off: None,
            });
        }
        Ok(claimed)
    }

    /// Gives leased deliveries back without an attempt (their subscription was at its cap, or
    /// the run that holds them is stopping), for any consumer to claim.
    pub async fn release_deliveries(&self, ids: &[i64]) -> Result<()> {
        if ids.is_empty() {
            return Ok(());
        }
        let sql = format!("UPDATE async_event_delivery SET lease_until = 0 WHERE delivery_id IN ({})", placeholders(ids.len()));
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for id in ids {
            q = q.bind(*id);
        }
        q.execute(&self.writer.pool).await.context("cannot release deliveries")?;
        Ok(())
    }

    async fn targets(&self, ids: &[i64]) -> Result<HashMap<i64, Arc<Target>>> {
        let sql = format!("SELECT {TARGET_COLUMNS} FROM async_event_subscriber WHERE subscription_id IN ({})", placeholders(ids.len()));
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for id in ids {
            q = q.bind(*id);
        }
        let rows = q.fetch_all(&self.reader).await.context("cannot read the subscriptions of claimed deliveries")?;
        rows.iter().map(|row| self.target(row).map(|target| (target.subscription_id.0, target))).collect()
    }

    /// A subscription's target from a row of [`TARGET_COLUMNS`], its token decrypted (or why it
    /// could not be: see [`Target::signing_token`]).
    pub(super) fn target(&self, row: &AnyRow) -> Result<Arc<Target>> {
        let read = || -> std::result::Result<_, sqlx::Error> {
            Ok((
                row.try_get::<i64, _>("subscription_id")?,
                row.try_get::<String, _>("recipient_url")?,
                row.try_get::<String, _>("verification_token")?,
                row.try_get::<String, _>("metadata")?,
                flag(row, "status")?,
                row.try_get::<Option<i64>, _>("connect_timeout_ms")?,
                row.try_get::<Option<i64>, _>("timeout_ms")?,
            ))
        };
        let (id, recipient_url, stored_token, metadata, active, connect, total) = read().context("cannot read a subscription")?;
        let token = self.cipher().decrypt(&stored_token).map_err(|e| {
            self.warn_undecryptable(id, &e);
            e.to_string()
        });
        Ok(Arc::new(Target::new(SubscriptionId(id), recipient_url, token, metadata, active, connect.map(|v| v as u64), total.map(|v| v as u64))))
    }

    /// Warns that a subscription's token cannot be decrypted, at most once a minute per
    /// subscription: targets are read for every batch and claim, and each attempt that needs
    /// the token records its `E_CRYPTO` failure anyway.
    fn warn_undecryptable(&self, subscription_id: i64, error: &crate::error::Error) {
        let now = self.now_ms();
        let due = {
            let mut warned = self.token_warnings.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            let last = warned.entry(subscription_id).or_insert(i64::MIN);
            let due = now.saturating_sub(*last) >= UNDECRYPTABLE_WARNING_EVERY_MS;
            if due {
                *last = now;
            }
            due
        };
        if due {
            tracing::warn!(
                subscription_id,
                error = %error,
                "a verification token cannot be decrypted with this store's keys: the deliveries that need it (HTTP signatures, PHP notifiers) fail with E_CRYPTO and are retried until the key is restored or the token saved again"
            );
        }
    }

    /// Records a batch of attempts and applies each one's next action, in one write of
    /// `group`: after it commits, every attempt is in the log and every retry is scheduled, as
    /// a due time here or, on [`RetryPath::OnBroker`], already on RabbitMQ's delay queues (the
    /// delivery is then finished here).
    pub async fn record(&self, group: &mut WriteGroup<'_>, completions: &[Completion], retry_path: RetryPath) -> Result<()> {
        let mut write = group.write().await?;
        let written = self.write_records(write.connection(), completions, retry_path).await;
        write.end(written).await
    }

    async fn write_records(&self, tx: &mut AnyConnection, completions: &[Completion], retry_path: RetryPath) -> Result<()> {
        // A subscription deleted meanwhile took its log with it: its attempts are not recorded.
        let recorded: Vec<&Completion> = completions.iter().collect();
        for chunk in limits::statement_chunks(&recorded, ROWS_PER_STATEMENT, |c| c.delivery.payload.len() + c.response_data.len()) {
            match insert_log_rows(tx, chunk).await {
                Err(e) if is_foreign_key_violation(&e) => {
                    let kept = rows_of_existing_subscriptions(tx, chunk, |c| c.delivery.target.subscription_id.0).await?;
                    insert_log_rows(tx, &kept).await
                }
                other => other,
            }
            .context("cannot record attempts")?;
        }
        let retried_here = |c: &&Completion| matches!(c.next, NextAction::RetryAt(_)) && retry_path == RetryPath::InStore;
        let finished: Vec<i64> = completions.iter().filter(|c| !retried_here(c)).map(|c| c.delivery.delivery_id).collect();
        delete_deliveries(tx, &finished).await?;
        for c in completions {
            let d = &c.delivery;
            match &c.next {
                NextAction::Done => {}
                NextAction::RetryAt(_) if retry_path == RetryPath::OnBroker => {}
                NextAction::RetryAt(at) => {
                    sqlx::query(
                        "UPDATE async_event_delivery SET deaths = deaths + 1, due_at = ?, lease_until = 0, trigger_kind = 'retry'
                         WHERE delivery_id = ?",
                    )
                    .bind(at)
                    .bind(d.delivery_id)
                    .execute(&mut *tx)
                    .await
                    .context("cannot schedule a retry")?;
                }
                NextAction::DeadLetter { reason } => self.insert_delivery_dead_letter(tx, &d.into(), reason).await?,
                NextAction::DisableSubscription { reason } => {
                    self.insert_delivery_dead_letter(tx, &d.into(), reason).await?;
                    sqlx::query("UPDATE async_event_subscriber SET status = 0, disabled_reason = ?, modified = ? WHERE subscription_id = ?")
                        .bind(reason)
                        .bind(format_datetime(c.attempted_at))
                        .bind(d.target.subscription_id.0)
                        .execute(&mut *tx)
                        .await
                        .context("cannot disable a subscription")?;
                }
            }
        }
        Ok(())
    }

    /// Deliveries not finished yet (due now or later), across all consumers.
    pub async fn pending_deliveries(&self) -> Result<i64> {
        sqlx::query_scalar("SELECT COUNT(*) FROM async_event_delivery")
            .fetch_one(&self.reader)
            .await
            .context("cannot count pending deliveries")
    }
}

/// `ids` sorted, each once.
fn distinct(ids: impl Iterator<Item = i64>) -> Vec<i64> {
    let mut ids: Vec<i64> = ids.collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// Rows per multi-row statement: 18 columns x 500 rows stays under SQLite's 32766 variables.
const ROWS_PER_STATEMENT: usize = 500;

async fn delete_deliveries(tx: &mut AnyConnection, ids: &[i64]) -> Result<()> {
    for chunk in ids.chunks(ROWS_PER_STATEMENT) {
        let sql = format!("DELETE FROM async_event_delivery WHERE delivery_id IN ({})", placeholders(chunk.len()));
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for id in chunk {
            q = q.bind(*id);
        }
        q.execute(&mut *tx).await.context("cannot finish deliveries")?;
    }
    Ok(())
}

/// A delivery to write: its event's place in the resolved batch, its subscription, and whether
/// it is leased to the handing run.
type DeliveryRow = (usize, SubscriptionId, bool);

/// Writes `rows` in one statement; returns those written leased.
async fn insert_delivery_rows(
    tx: &mut AnyConnection,
    resolved: &[Resolved],
    rows: &[DeliveryRow],
    trigger: Trigger,
    now: Millis,
    lease_until: Millis,
) -> std::result::Result<Vec<LeasedRow>, sqlx::Error> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let mut q: QueryBuilder<Any> = QueryBuilder::new(
        "INSERT INTO async_event_delivery
           (uuid, subscription_id, event_name, store_id, payload, trigger_kind, deaths, due_at, created_at, lease_until,
            published_at, correlation_id, traceparent) ",
    );
    q.push_values(rows, |mut row, (event, sub, leased)| {
        let event = &resolved[*event];
        row.push_bind(event.uuid.as_str())
            .push_bind(sub.0)
            .push_bind(&event.event_name)
            .push_bind(i64::from(event.store_id))
            .push_bind(&*event.payload)
            .push_bind(trigger.as_str())
            .push_bind(0i64)
            .push_bind(now)
            .push_bind(now)
            .push_bind(if *leased { lease_until } else { 0 })
            .push_bind(event.context.dated(now).published_at)
            .push_bind(event.context.correlation_id.as_deref())
            .push_bind(event.context.traceparent.as_deref());
    });
    if !rows.iter().any(|(_, _, leased)| *leased) {
        q.build().execute(&mut *tx).await?;
        return Ok(Vec::new());
    }
    q.push(" RETURNING delivery_id, uuid, subscription_id, lease_until");
    let returned = q.build().fetch_all(&mut *tx).await?;
    // The order of returned rows is not promised: rows are matched by event and subscription.
    let mut events: HashMap<(&str, i64), usize> = HashMap::new();
    for (event, sub, _) in rows.iter().filter(|(_, _, leased)| *leased) {
        events.insert((resolved[*event].uuid.as_str(), sub.0), *event);
    }
    let mut leased = Vec::new();
    for row in returned {
        let (delivery_id, uuid, sub, until) =
            (row.try_get::<i64, _>(0)?, row.try_get::<String, _>(1)?, row.try_get::<i64, _>(2)?, row.try_get::<i64, _>(3)?);
        if until == 0 {
            continue;
        }
        if let Some(event) = events.get(&(uuid.as_str(), sub)) {
            leased.push(LeasedRow { delivery_id, event: *event, subscription_id: SubscriptionId(sub) });
        }
    }
    Ok(leased)
}

/// Writes one log row per attempt of `completions`, in one statement.
async fn insert_log_rows(tx: &mut AnyConnection, completions: &[&Completion]) -> std::result::Result<(), sqlx::Error> {
    if completions.is_empty() {
        return Ok(());
    }
    let mut q: QueryBuilder<Any> = QueryBuilder::new(
        "INSERT INTO async_event_subscriber_log
           (uuid, subscription_id, success, response_data, created, serialized_data, event_name, store_id, attempt,
            http_status, duration_ms, error_code, error, next_attempt_at, trigger_kind, created_ms, correlation_id, traceparent) ",
    );
    q.push_values(completions, |mut row, c| {
        let d = &c.delivery;
        let next_attempt_at = match c.next {
            NextAction::RetryAt(at) => Some(format_datetime(at)),
            _ => None,
        };
        row.push_bind(d.uuid.as_str())
            .push_bind(d.target.subscription_id.0)
            .push_bind(c.success)
            .push_bind(&c.response_data)
            .push_bind(format_datetime(c.attempted_at))
            .push_bind(d.payload.as_bytes())
            .push_bind(&d.event_name)
            .push_bind(i64::from(d.store_id))
            .push_bind(i64::from(d.deaths) + 1)
            .push_bind(c.http_status.map(i64::from))
            .push_bind(c.duration_ms as i64)
            .push_bind(c.error_code)
            .push_bind(&c.error)
            .push_bind(next_attempt_at)
            .push_bind(d.trigger.as_str())
            .push_bind(c.attempted_at)
            .push_bind(d.context.correlation_id.as_deref())
            .push_bind(d.context.traceparent.as_deref());
    });
    q.build().execute(tx).await.map(|_| ())
}

/// The rows of `rows` whose subscription still exists. A statement that writes rows naming a
/// subscription deleted since they were made (its row gone, and its deliveries and log with
/// it) breaks its foreign key and writes nothing; it is written again with these. Reading
/// first instead would cost every write a statement for what is rare.
async fn rows_of_existing_subscriptions<R: Copy>(tx: &mut AnyConnection, rows: &[R], subscription_of: impl Fn(&R) -> i64) -> Result<Vec<R>> {
    let existing = existing_subscriptions(tx, &distinct(rows.iter().map(&subscription_of))).await?;
    let kept: Vec<R> = rows.iter().filter(|row| existing.binary_search(&subscription_of(row)).is_ok()).copied().collect();
    tracing::info!(dropped = rows.len() - kept.len(), "rows of subscriptions deleted meanwhile not written");
    Ok(kept)
}

fn is_foreign_key_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(e) if e.kind() == sqlx::error::ErrorKind::ForeignKeyViolation)
}

/// Which of `ids` (sorted) are still subscriptions, sorted.
async fn existing_subscriptions(tx: &mut AnyConnection, ids: &[i64]) -> Result<Vec<i64>> {
    let mut existing = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(ROWS_PER_STATEMENT) {
        let sql = format!(
            "SELECT subscription_id FROM async_event_subscriber WHERE subscription_id IN ({}) ORDER BY subscription_id",
            placeholders(chunk.len())
        );
        let mut q = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql));
        for id in chunk {
            q = q.bind(*id);
        }
        existing.extend(q.fetch_all(&mut *tx).await.context("cannot read subscriptions")?);
    }
    Ok(existing)
}
