//! RabbitMQ as the core's event queue: the trigger queue, whose messages are acked once the
//! hand-off has committed, and the back-off's retry queue (connected when first consumed),
//! where retries arrive once they have waited out their delay queue.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;

use super::{AmqpQueue, AmqpSettings, EventQueue};
use crate::delivery::{Completion, NextAction, RetryMessage, RetryPath};
use crate::envelope::{ClaimedMessage, Envelope};
use crate::error::Result;
use crate::metrics::Confirms;
use crate::store::Store;

pub struct BrokerQueue {
    trigger: Arc<AmqpQueue>,
    retry: Arc<AmqpQueue>,
}

impl BrokerQueue {
    /// Connects the trigger queue; the retry queue connects when first consumed.
    pub async fn connect(settings: AmqpSettings) -> Result<Self> {
        Ok(Self { retry: Arc::new(AmqpQueue::lazy(settings.for_retry_queue())), trigger: Arc::new(AmqpQueue::connect(settings).await?) })
    }
}

/// Acks `claimed` on the connection each was claimed on.
async fn ack(queue: &AmqpQueue, claimed: &[ClaimedMessage]) -> Result<()> {
    let mut connections: Vec<u64> = claimed.iter().map(|m| m.connection).collect();
    connections.dedup();
    for connection in connections {
        let tags: Vec<i64> = claimed.iter().filter(|m| m.connection == connection).map(|m| m.message_id).collect();
        queue.ack(connection, &tags).await?;
    }
    Ok(())
}

#[async_trait]
impl EventQueue for BrokerQueue {
    async fn publish(&self, envelopes: &[Envelope]) -> Result<()> {
        self.trigger.publish(envelopes).await
    }

    async fn requeue(&self, messages: &[(&str, &str)]) -> Result<()> {
        self.trigger.requeue(messages).await?;
        self.trigger.flush().await
    }

    async fn flush(&self) -> Result<()> {
        self.trigger.flush().await
    }

    fn confirms(&self) -> Option<&Confirms> {
        Some(&self.trigger.confirms)
    }

    async fn claim(&self, limit: usize, _lease_ms: i64, wait: Duration) -> Result<Vec<ClaimedMessage>> {
        self.trigger.claim(limit, wait).await
    }

    fn acks_in_hand_off(&self, _claimed: &[ClaimedMessage]) -> Vec<i64> {
        Vec::new()
    }

    async fn ack_after_hand_off(&self, claimed: &[ClaimedMessage]) -> Result<()> {
        ack(&self.trigger, claimed).await
    }

    /// The exchanges and the trigger, retry, dead-letter and delay queues.
    async fn declare(&self) -> Result<Vec<String>> {
        self.trigger.declare().await
    }

    async fn import_reference_dead_letters(&self, store: &Store) -> Result<u64> {
        self.trigger.take_dead_letter_queue(|bodies| async move { store.import_reference_dead_letters(&bodies).await }).await
    }

    async fn depth(&self) -> Result<i64> {
        Ok(self.trigger.depth().await? + self.trigger.retries_waiting().await?)
    }

    fn retry_path(&self) -> RetryPath {
        RetryPath::OnBroker
    }

    async fn schedule_retries(&self, completions: &[Completion], now: i64) -> Result<()> {
        let retries: Vec<RetryMessage> = completions
            .iter()
            .filter_map(|c| match c.next {
                NextAction::RetryAt(due_at) => Some(RetryMessage {
                    uuid: c.delivery.uuid.to_string(),
                    subscription_id: c.delivery.target.subscription_id.0,
                    event_name: c.delivery.event_name.clone(),
                    store_id: c.delivery.store_id,
                    payload: c.delivery.payload.to_string(),
                    deaths: c.delivery.deaths + 1,
                    due_at,
                    context: c.delivery.context.clone(),
                }),
                _ => None,
            })
            .collect();
        if retries.is_empty() {
            return Ok(());
        }
        self.trigger.schedule_retries(&retries, now).await
    }

    async fn claim_retries(&self, limit: usize) -> Result<Vec<ClaimedMessage>> {
        self.retry.claim(limit, Duration::ZERO).await
    }

    async fn ack_retries(&self, claimed: &[ClaimedMessage]) -> Result<()> {
        ack(&self.retry, claimed).await
    }
}
