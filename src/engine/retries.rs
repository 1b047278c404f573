//! The retry stage on RabbitMQ: deliveries that waited out their back-off in a delay queue
//! arrive on the retry queue and go back to the store as deliveries due at their time; a
//! message that cannot be read is dead-lettered with its reason. Acked once the store has
//! them. (On the SQL queue retries never leave the store, and this stage has nothing to do.)

use tokio::sync::mpsc;

use super::scheduler::Message;
use super::Engine;
use crate::error::Result;
use crate::delivery::RetryMessage;
use crate::store::Poisoned;

/// Takes back up to `limit` retries; returns how many messages it claimed.
pub(super) async fn run_batch(engine: &Engine, limit: usize, scheduler: &mpsc::UnboundedSender<Message>) -> Result<usize> {
    let claimed = engine.queue.claim_retries(limit).await?;
    if claimed.is_empty() {
        return Ok(0);
    }
    let mut retries = Vec::with_capacity(claimed.len());
    let mut poisoned = Vec::new();
    for message in &claimed {
        match RetryMessage::from_message(&message.body, engine.store.now_ms()) {
            Ok(retry) => retries.push(retry),
            Err(e) => {
                tracing::warn!(uuid = %message.uuid, error = %e, "malformed retry message dead-lettered");
                poisoned.push(Poisoned {
                    uuid: message.uuid.clone(),
                    event_name: String::new(),
                    store_id: 0,
                    correlation_id: None,
                    body: message.body.clone(),
                    reason: e.to_string(),
                });
            }
        }
    }
    let deliveries = engine.store.hand_off_retries(&retries, &poisoned).await?;
    engine.queue.ack_retries(&claimed).await?;
    if deliveries > 0 {
        // The scheduler outlives the run's calling thread.
        let _ = scheduler.send(Message::MaybeDue);
    }
    tracing::debug!(messages = claimed.len(), deliveries, "retries taken back from the broker");
    Ok(claimed.len())
}
