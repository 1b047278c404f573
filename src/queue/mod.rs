//! The queue of published events (`event.trigger`): the SQL queue (`store::SqlQueue`), which lives in the
//! store's database so that handing an event's deliveries over and acking its message commit
//! together, or RabbitMQ (`amqp`), whose messages are acked once the hand-off has committed.

pub mod amqp;
mod backoff;

use crate::metrics::Confirms;
use std::sync::Arc;
use std::time::Duration;

pub use amqp::{AmqpQueue, AmqpSettings};
pub use backoff::BackoffTopology;

use crate::delivery::{Completion, NextAction, RetryMessage, RetryPath};
use crate::envelope::{ClaimedMessage, Envelope};
use crate::error::Result;
use crate::store::{SqlQueue, Store};

#[derive(Clone)]
pub enum TriggerQueue {
    Sql(SqlQueue),
    /// The trigger queue, and the back-off's retry queue (connected when first consumed).
    Amqp { trigger: Arc<AmqpQueue>, retry: Arc<AmqpQueue> },
}

impl TriggerQueue {
    pub async fn publish(&self, envelopes: &[Envelope]) -> Result<()> {
        match self {
            TriggerQueue::Sql(q) => q.publish(envelopes).await,
            TriggerQueue::Amqp { trigger: q, .. } => q.publish(envelopes).await,
        }
    }

    /// Puts messages `(uuid, body)` back on the queue as they were published (replays and
    /// retries of events that never resolved; a body may be malformed), and waits until they
    /// are durable.
    pub async fn requeue(&self, messages: &[(&str, &str)]) -> Result<()> {
        match self {
            TriggerQueue::Sql(q) => q.requeue(messages).await,
            TriggerQueue::Amqp { trigger: q, .. } => {
                q.requeue(messages).await?;
                q.flush().await
            }
        }
    }

    /// The broker confirms this process waited for (RabbitMQ only).
    pub fn confirms(&self) -> Option<&Confirms> {
        match self {
            TriggerQueue::Sql(_) => None,
            TriggerQueue::Amqp { trigger: q, .. } => Some(&q.confirms),
        }
    }

    /// Waits until every published event is durable (RabbitMQ's confirms; the SQL queue is
    /// durable on publish).
    pub async fn flush(&self) -> Result<()> {
        match self {
            TriggerQueue::Sql(_) => Ok(()),
            TriggerQueue::Amqp { trigger: q, .. } => q.flush().await,
        }
    }

    /// Claims up to `limit` messages; the SQL queue leases them for `lease_ms`, RabbitMQ waits
    /// up to `wait` for the first.
    pub async fn claim(&self, limit: usize, lease_ms: i64, wait: Duration) -> Result<Vec<ClaimedMessage>> {
        match self {
            TriggerQueue::Sql(q) => q.claim(limit, lease_ms).await,
            TriggerQueue::Amqp { trigger: q, .. } => q.claim(limit, wait).await,
        }
    }

    /// The ids to delete inside the hand-off transaction (the SQL queue's messages).
    pub fn acks_in_hand_off(&self, claimed: &[ClaimedMessage]) -> Vec<i64> {
        match self {
            TriggerQueue::Sql(_) => claimed.iter().map(|m| m.message_id).collect(),
            TriggerQueue::Amqp { .. } => Vec::new(),
        }
    }

    /// Acks what needs acking once the hand-off has committed (RabbitMQ's messages).
    pub async fn ack_after_hand_off(&self, claimed: &[ClaimedMessage]) -> Result<()> {
        match self {
            TriggerQueue::Sql(_) => Ok(()),
            TriggerQueue::Amqp { trigger: q, .. } => q.ack(&claimed.iter().map(|m| m.message_id).collect::<Vec<_>>()).await,
        }
    }

    /// Declares what the queue needs (idempotent; the store's tables exist once it is open):
    /// on RabbitMQ the exchanges and the trigger, retry, dead-letter and delay queues. Returns
    /// the queues' names.
    pub async fn declare(&self) -> Result<Vec<String>> {
        match self {
            TriggerQueue::Sql(_) => Ok(vec!["async_event_queue".to_string()]),
            TriggerQueue::Amqp { trigger, .. } => trigger.declare().await,
        }
    }

    /// Keeps what the reference module dead-lettered on RabbitMQ as dead letters of `store`
    /// (none on the SQL queue); returns how many.
    pub async fn import_reference_dead_letters(&self, store: &Store) -> Result<u64> {
        match self {
            TriggerQueue::Sql(_) => Ok(0),
            TriggerQueue::Amqp { trigger, .. } => trigger.take_dead_letter_queue(|bodies| async move { store.import_reference_dead_letters(&bodies).await }).await,
        }
    }

    /// Messages waiting: published events, and on RabbitMQ also retries waiting out their
    /// back-off (on the SQL queue those are deliveries in the store).
    pub async fn depth(&self) -> Result<i64> {
        match self {
            TriggerQueue::Sql(q) => q.depth().await,
            TriggerQueue::Amqp { trigger, .. } => Ok(trigger.depth().await? + trigger.retries_waiting().await?),
        }
    }

    /// Where failed deliveries wait out their back-off with this queue.
    pub fn retry_path(&self) -> RetryPath {
        match self {
            TriggerQueue::Sql(_) => RetryPath::InStore,
            TriggerQueue::Amqp { .. } => RetryPath::OnBroker,
        }
    }

    /// Schedules the retries among `completions` on the broker's delay queues and returns
    /// once they are durable (for [`RetryPath::OnBroker`]; the SQL queue has none).
    pub async fn schedule_retries(&self, completions: &[Completion], now: i64) -> Result<()> {
        let TriggerQueue::Amqp { trigger, .. } = self else { return Ok(()) };
        let retries: Vec<RetryMessage> = completions
            .iter()
            .filter_map(|c| match c.next {
                NextAction::RetryAt(due_at) => Some(RetryMessage {
                    uuid: c.delivery.uuid.to_string(),
                    subscription_id: c.delivery.target.subscription_id.0,
                    event_name: c.delivery.event_name.clone(),
                    store_id: c.delivery.store_id,
                    payload: c.delivery.payload.clone(),
                    deaths: c.delivery.deaths + 1,
                    due_at,
                    context: c.delivery.context.clone(),
                }),
                _ => None,
            })
            .collect();
        if !retries.is_empty() {
            trigger.schedule_retries(&retries, now).await?;
        }
        Ok(())
    }

    /// Claims up to `limit` retries whose back-off has passed on the broker (none on the SQL
    /// queue), without waiting.
    pub async fn claim_retries(&self, limit: usize) -> Result<Vec<ClaimedMessage>> {
        match self {
            TriggerQueue::Sql(_) => Ok(Vec::new()),
            TriggerQueue::Amqp { retry, .. } => retry.claim(limit, Duration::ZERO).await,
        }
    }

    /// Acks retries once the store has them.
    pub async fn ack_retries(&self, claimed: &[ClaimedMessage]) -> Result<()> {
        match self {
            TriggerQueue::Sql(_) => Ok(()),
            TriggerQueue::Amqp { retry, .. } => retry.ack(&claimed.iter().map(|m| m.message_id).collect::<Vec<_>>()).await,
        }
    }
}
