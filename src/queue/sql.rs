//! The SQL queue as the core's event queue: its messages are acked inside the hand-off's
//! transaction, and retries stay in the store as deliveries with a due time.

use std::time::Duration;

use async_trait::async_trait;

use super::EventQueue;
use crate::delivery::RetryPath;
use crate::envelope::{ClaimedMessage, Envelope};
use crate::error::Result;
use crate::store::{Durability, SqlQueue};

#[async_trait]
impl EventQueue for SqlQueue {
    async fn publish(&self, envelopes: &[Envelope]) -> Result<()> {
        SqlQueue::publish(self, envelopes).await
    }

    async fn requeue(&self, messages: &[(&str, &str)]) -> Result<()> {
        SqlQueue::requeue(self, messages).await
    }

    /// Durable on publish.
    async fn flush(&self) -> Result<()> {
        Ok(())
    }

    async fn claim(&self, limit: usize, lease_ms: i64, _wait: Duration) -> Result<Vec<ClaimedMessage>> {
        SqlQueue::claim(self, limit, lease_ms).await
    }

    fn acks_in_hand_off(&self, claimed: &[ClaimedMessage]) -> Vec<i64> {
        claimed.iter().map(|m| m.message_id).collect()
    }

    async fn ack_after_hand_off(&self, _claimed: &[ClaimedMessage]) -> Result<()> {
        Ok(())
    }

    /// The acks are in the hand-off's transaction: a power cut that undoes it undoes them too,
    /// and the messages are claimed again.
    fn hand_off_durability(&self) -> Durability {
        Durability::WithNextSync
    }

    async fn declare(&self) -> Result<Vec<String>> {
        Ok(vec!["async_event_queue".to_string()])
    }

    async fn depth(&self) -> Result<i64> {
        SqlQueue::depth(self).await
    }

    fn retry_path(&self) -> RetryPath {
        RetryPath::InStore
    }
}
