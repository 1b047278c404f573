//! The delivery loop: claims due deliveries while there are free slots, skipping
//! subscriptions at their cap, so a slow receiver only ever occupies its own slots, and sends
//! each on its own task, or hands it to the calling thread when a notifier serves its sink;
//! results go to the recorder.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc;

use super::recorder::Attempted;
use super::shared::Shared;
use super::{Engine, RunOptions};
use crate::error::Result;
use crate::sink::{Outcome, Verdict, HTTP_SINK};
use crate::store::Delivery;

pub(super) async fn run(
    engine: Engine,
    shared: Arc<Shared>,
    recorder: mpsc::UnboundedSender<Attempted>,
    to_notifier: mpsc::UnboundedSender<Delivery>,
    options: RunOptions,
) -> Result<()> {
    let poll = Duration::from_millis(options.poll_interval_ms);
    let cap = options.per_subscription_concurrency;
    while !shared.claiming_stopped() {
        let free = options.concurrency.saturating_sub(shared.in_flight());
        if free == 0 {
            let _ = tokio::time::timeout(poll, shared.deliveries_changed.notified()).await;
            continue;
        }
        let saturated = shared.saturated(cap);
        let claimed = match engine.store.claim_deliveries(free.min(options.batch_size), engine.lease_ms, &saturated).await {
            Ok(claimed) => claimed,
            Err(e) => {
                tracing::error!(error = %e, "claiming deliveries failed; trying again");
                tokio::time::sleep(poll).await;
                continue;
            }
        };
        shared.set_nothing_due(claimed.is_empty());
        if claimed.is_empty() {
            let _ = tokio::time::timeout(poll, shared.deliveries_changed.notified()).await;
            continue;
        }
        let mut over_cap = Vec::new();
        for delivery in claimed {
            if !shared.try_take_slot(delivery.target.subscription_id, cap) {
                over_cap.push(delivery.delivery_id);
                continue;
            }
            if delivery.target.active && delivery.target.metadata != HTTP_SINK {
                // The calling thread outlives this loop; if it is gone the lease brings the delivery back.
                let _ = to_notifier.send(delivery);
                shared.wake_caller();
                continue;
            }
            let sink = Arc::clone(&engine.sink);
            let clock = Arc::clone(&engine.store.clock);
            let recorder = recorder.clone();
            let shared = Arc::clone(&shared);
            tokio::spawn(async move {
                let attempted_at = clock.now_ms();
                let outcome = if delivery.target.active {
                    sink.send(&delivery).await
                } else {
                    Outcome::failed(Verdict::Fail, "E_DISABLED", "the subscription is disabled".into(), 0)
                };
                shared.request_finished(delivery.target.subscription_id);
                // The recorder outlives every delivery task; if it is gone the lease brings the delivery back.
                let _ = recorder.send(Attempted { delivery, outcome, attempted_at });
            });
        }
        if let Err(e) = engine.store.release_deliveries(&over_cap).await {
            tracing::warn!(error = %e, "releasing deliveries over their cap failed; their lease will expire");
        }
    }
    Ok(())
}
