//! The queue of published events (`event.trigger`): the SQL queue (`sql`), which lives in the
//! store's database so that handing an event's deliveries over and acking its message commit
//! together, or RabbitMQ (`amqp`), whose messages are acked once the hand-off has committed.

pub mod amqp;
mod sql;

use std::sync::Arc;
use std::time::Duration;

pub use amqp::{AmqpQueue, AmqpSettings};
pub use sql::{ClaimedMessage, SqlQueue};

use crate::envelope::Envelope;
use crate::error::Result;

#[derive(Clone)]
pub enum TriggerQueue {
    Sql(SqlQueue),
    Amqp(Arc<AmqpQueue>),
}

impl TriggerQueue {
    pub async fn publish(&self, envelopes: &[Envelope]) -> Result<()> {
        match self {
            TriggerQueue::Sql(q) => q.publish(envelopes).await,
            TriggerQueue::Amqp(q) => q.publish(envelopes).await,
        }
    }

    /// Puts messages `(uuid, body)` back on the queue as they were published (replays and
    /// retries of events that never resolved; a body may be malformed), and waits until they
    /// are durable.
    pub async fn requeue(&self, messages: &[(&str, &str)]) -> Result<()> {
        match self {
            TriggerQueue::Sql(q) => q.requeue(messages).await,
            TriggerQueue::Amqp(q) => {
                q.requeue(messages).await?;
                q.flush().await
            }
        }
    }

    /// Waits until every published event is durable (RabbitMQ's confirms; the SQL queue is
    /// durable on publish).
    pub async fn flush(&self) -> Result<()> {
        match self {
            TriggerQueue::Sql(_) => Ok(()),
            TriggerQueue::Amqp(q) => q.flush().await,
        }
    }

    /// Claims up to `limit` messages; the SQL queue leases them for `lease_ms`, RabbitMQ waits
    /// up to `wait` for the first.
    pub async fn claim(&self, limit: usize, lease_ms: i64, wait: Duration) -> Result<Vec<ClaimedMessage>> {
        match self {
            TriggerQueue::Sql(q) => q.claim(limit, lease_ms).await,
            TriggerQueue::Amqp(q) => q.claim(limit, wait).await,
        }
    }

    /// The ids to delete inside the hand-off transaction (the SQL queue's messages).
    pub fn acks_in_hand_off(&self, claimed: &[ClaimedMessage]) -> Vec<i64> {
        match self {
            TriggerQueue::Sql(_) => claimed.iter().map(|m| m.message_id).collect(),
            TriggerQueue::Amqp(_) => Vec::new(),
        }
    }

    /// Acks what needs acking once the hand-off has committed (RabbitMQ's messages).
    pub async fn ack_after_hand_off(&self, claimed: &[ClaimedMessage]) -> Result<()> {
        match self {
            TriggerQueue::Sql(_) => Ok(()),
            TriggerQueue::Amqp(q) => q.ack(&claimed.iter().map(|m| m.message_id).collect::<Vec<_>>()).await,
        }
    }

    /// Messages waiting.
    pub async fn depth(&self) -> Result<i64> {
        match self {
            TriggerQueue::Sql(q) => q.depth().await,
            TriggerQueue::Amqp(q) => q.depth().await,
        }
    }
}
