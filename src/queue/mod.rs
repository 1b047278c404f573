//! The queue of published events (`event.trigger`), chosen once when the core opens: the SQL
//! queue (`sql`, over `store::SqlQueue`), which lives in the store's database so that handing
//! an event's deliveries over and acking its message commit together, or RabbitMQ (`broker`),
//! whose messages are acked once the hand-off has committed and which keeps retries waiting
//! out their back-off in delay queues. The engine and the facade see only [`EventQueue`].

pub mod amqp;
mod backoff;
mod broker;
mod sql;

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;

pub use amqp::{AmqpQueue, AmqpSettings};
pub use backoff::BackoffTopology;
pub use broker::BrokerQueue;

use crate::clock::Clock;
use crate::config::Config;
use crate::delivery::{Completion, RetryPath};
use crate::envelope::{ClaimedMessage, Envelope};
use crate::error::Result;
use crate::metrics::Confirms;
use crate::store::{Durability, SqlQueue, Store};

/// What the core asks of the queue of published events.
#[async_trait]
pub trait EventQueue: Send + Sync {
    /// Enqueues events (durable at [`EventQueue::flush`] on RabbitMQ, at once on the SQL queue,
    /// where a call's events are published all or none).
    async fn publish(&self, envelopes: &[Envelope]) -> Result<()>;

    /// Puts messages `(uuid, body)` back on the queue as they were published (replays and
    /// retries of events that never resolved; a body may be malformed), and waits until they
    /// are durable.
    async fn requeue(&self, messages: &[(&str, &str)]) -> Result<()>;

    /// Waits until every published event is durable.
    async fn flush(&self) -> Result<()>;

    /// The broker confirms this process waited for (RabbitMQ only).
    fn confirms(&self) -> Option<&Confirms> {
        None
    }

    /// Claims up to `limit` messages; the SQL queue leases them for `lease_ms`, RabbitMQ waits
    /// up to `wait` for the first.
    async fn claim(&self, limit: usize, lease_ms: i64, wait: Duration) -> Result<Vec<ClaimedMessage>>;

    /// The ids to delete inside the hand-off transaction (the SQL queue's messages).
    fn acks_in_hand_off(&self, claimed: &[ClaimedMessage]) -> Vec<i64>;

    /// Acks what needs acking once the hand-off has committed (RabbitMQ's messages).
    async fn ack_after_hand_off(&self, claimed: &[ClaimedMessage]) -> Result<()>;

    /// When a hand-off's commit must reach the disk: before the acks that follow it (RabbitMQ:
    /// an event acked and then lost in a power cut would be gone).
    fn hand_off_durability(&self) -> Durability {
        Durability::AtCommit
    }

    /// Declares what the queue needs (idempotent; the store's tables exist once it is open).
    /// Returns the queues' names.
    async fn declare(&self) -> Result<Vec<String>>;

    /// Keeps what the reference module dead-lettered on RabbitMQ as dead letters of `store`;
    /// returns how many.
    async fn import_reference_dead_letters(&self, _store: &Store) -> Result<u64> {
        Ok(0)
    }

    /// Messages waiting: published events, and retries waiting out their back-off on the
    /// broker (on the SQL queue those are deliveries in the store).
    async fn depth(&self) -> Result<i64>;

    /// Where failed deliveries wait out their back-off with this queue.
    fn retry_path(&self) -> RetryPath;

    /// Schedules the retries among `completions` on the broker and returns once they are
    /// durable (for [`RetryPath::OnBroker`]).
    async fn schedule_retries(&self, _completions: &[Completion], _now: i64) -> Result<()> {
        Ok(())
    }

    /// Claims up to `limit` retries whose back-off has passed on the broker, without waiting.
    async fn claim_retries(&self, _limit: usize) -> Result<Vec<ClaimedMessage>> {
        Ok(Vec::new())
    }

    /// Acks retries once the store has them.
    async fn ack_retries(&self, _claimed: &[ClaimedMessage]) -> Result<()> {
        Ok(())
    }
}

/// Opens the queue `config` names: RabbitMQ when it has a `queue_dsn`, else the SQL queue in
/// `store`'s database.
pub async fn open(config: &Config, store: &Store, clock: Arc<dyn Clock>) -> Result<Arc<dyn EventQueue>> {
    Ok(match AmqpSettings::from_config(config)? {
        Some(settings) => Arc::new(BrokerQueue::connect(settings).await?),
        None => Arc::new(SqlQueue::new(store.writer.clone(), clock)),
    })
}
