//! The trigger stage: claim published events, resolve each into its payload on the calling
//! thread, and hand one delivery per active subscription over (acking the messages in the
//! same transaction). Where the store allows it and the subscription has room, the delivery is
//! written leased to this run and passed straight to the delivery loop, which sends it without
//! a claim; the others wait in the store. A message that cannot be processed is dead-lettered
//! with its reason.

use std::collections::HashMap;

use serde_json::value::RawValue;
use tokio::sync::mpsc;

use super::shared::Shared;
use super::Engine;
use crate::envelope::{Envelope, EventUuid};
use crate::error::{Error, Result};
use crate::limits;
use crate::envelope::ClaimedMessage;
use crate::resolver::{ResolveError, Resolver};
use crate::delivery::{Delivery, EventContext, Resolved};
use crate::store::Poisoned;
use crate::subscription::SubscriptionId;

/// A message claimed this many times without being acked keeps killing its consumers (a
/// resolver that crashes the process, say): it is dead-lettered instead of tried again.
const MAX_CLAIMS: u32 = 5;

/// How long a claim from a broker queue waits for a first message.
const CLAIM_WAIT: std::time::Duration = std::time::Duration::from_millis(50);

/// The trigger stage's way to the delivery loop, for the deliveries it leases to its own run.
pub(super) struct DirectLine {
    pub to_delivery: mpsc::UnboundedSender<Delivery>,
    /// Open and held deliveries of one subscription beyond which new ones wait in the store.
    pub window: usize,
    /// Held deliveries of the run (those of stalled subscriptions aside) beyond which new ones
    /// wait in the store.
    pub total: usize,
}

/// Processes one batch; returns how many messages it claimed.
pub(super) async fn run_batch(
    engine: &Engine,
    resolver: &mut dyn Resolver,
    limit: usize,
    shared: &Shared,
    line: &DirectLine,
) -> Result<usize> {
    if limit == 0 {
        return Ok(0);
    }
    let claimed = engine.queue.claim(limit, engine.lease_ms, CLAIM_WAIT).await?;
    if claimed.is_empty() {
        return Ok(0);
    }
    let mut resolved = Vec::new();
    let mut poisoned = Vec::new();
    let mut subscriptions = SubscriptionCache::default();
    for message in &claimed {
        match process(engine, resolver, message, &mut subscriptions).await? {
            Processed::Resolved(r) => resolved.push(r),
            Processed::Poisoned(p) => {
                tracing::warn!(uuid = %p.uuid, event = %p.event_name, reason = %p.reason, "event dead-lettered");
                poisoned.push(p);
            }
            Processed::NoSubscriber => {}
        }
    }
    if engine.store.leases_on_hand_off() {
        hold_places(&mut resolved, shared, line);
    }
    let lease_until = engine.store.now_ms() + engine.lease_ms;
    let handed = match engine.store.hand_off(&resolved, &poisoned, &engine.queue.acks_in_hand_off(&claimed), lease_until).await {
        Ok(handed) => handed,
        Err(e) => {
            resolved.iter().flat_map(|event| &event.leased).for_each(|sub| shared.unhold(*sub));
            return Err(e);
        }
    };
    let (created, leased) = (handed.created, handed.leased.len());
    pass_to_delivery(&resolved, handed.leased, shared, line);
    engine.queue.ack_after_hand_off(&claimed).await?;
    shared.stats.add_messages(claimed.len() as u64, poisoned.len() as u64);
    engine.metrics.events_consumed(claimed.len() as u64, poisoned.len() as u64);
    if created > leased {
        shared.set_nothing_due(false);
        shared.deliveries_changed.notify_one();
    }
    tracing::debug!(messages = claimed.len(), created, leased, poisoned = poisoned.len(), "batch handed over");
    Ok(claimed.len())
}

/// Marks the deliveries of `resolved` to write leased to this run: those of subscriptions with
/// room in their window, while the run has room.
fn hold_places(resolved: &mut [Resolved], shared: &Shared, line: &DirectLine) {
    let mut room = line.total.saturating_sub(shared.moving_held());
    for event in resolved {
        for sub in &event.subscriptions {
            if room > 0 && shared.try_hold(*sub, line.window) {
                event.leased.push(*sub);
                room -= 1;
            }
        }
    }
}

/// Passes the leased deliveries of a hand-off to the delivery loop, and gives back the places
/// held for those that did not come back (their subscription was deleted meanwhile).
fn pass_to_delivery(resolved: &[Resolved], leased: Vec<Delivery>, shared: &Shared, line: &DirectLine) {
    let mut unmatched: HashMap<SubscriptionId, usize> = HashMap::new();
    for sub in resolved.iter().flat_map(|event| &event.leased) {
        *unmatched.entry(*sub).or_default() += 1;
    }
    for delivery in leased {
        let sub = delivery.target.subscription_id;
        if let Some(n) = unmatched.get_mut(&sub) {
            *n = n.saturating_sub(1);
        }
        // The delivery loop outlives this stage; if it is gone the lease brings the delivery back.
        if line.to_delivery.send(delivery).is_err() {
            shared.unhold(sub);
        }
    }
    for (sub, n) in unmatched {
        (0..n).for_each(|_| shared.unhold(sub));
    }
}

enum Processed {
    Resolved(Resolved),
    Poisoned(Poisoned),
    NoSubscriber,
}

/// The active subscriptions of each (event, store) seen in one batch, read once per batch.
#[derive(Default)]
struct SubscriptionCache(HashMap<(String, u32), Vec<SubscriptionId>>);

impl SubscriptionCache {
    async fn get(&mut self, engine: &Engine, event_name: &str, store_id: u32) -> Result<Vec<SubscriptionId>> {
        let key = (event_name.to_string(), store_id);
        if let Some(found) = self.0.get(&key) {
            return Ok(found.clone());
        }
        let found = engine.store.active_subscription_ids(event_name, store_id).await?;
        self.0.insert(key, found.clone());
        Ok(found)
    }
}

async fn process(
    engine: &Engine,
    resolver: &mut dyn Resolver,
    message: &ClaimedMessage,
    cache: &mut SubscriptionCache,
) -> Result<Processed> {
    let poison = |envelope: Option<&Envelope>, reason: String| {
        // A broker message may carry neither (a foreign or malformed message): the dead letter
        // still needs a uuid to be traced and replayed.
        let uuid = match envelope {
            Some(e) => e.uuid.to_string(),
            None if message.uuid.is_empty() => EventUuid::generate().to_string(),
            None => message.uuid.clone(),
        };
        Processed::Poisoned(Poisoned {
            uuid,
            event_name: envelope.map_or_else(|| message.event_name.clone(), |e| e.event_name.clone()),
            store_id: envelope.map_or(0, |e| e.store_id),
            correlation_id: envelope.map(|e| e.correlation_id.clone()),
            body: message.body.clone(),
            reason,
        })
    };
    let envelope = match Envelope::from_message(&message.body, engine.store.now_ms()) {
        Ok(envelope) => envelope,
        Err(e) => return Ok(poison(None, e.to_string())),
    };
    if message.claims > MAX_CLAIMS {
        let reason = format!("claimed {} times without completing; a consumer may crash while resolving it", message.claims - 1);
        return Ok(poison(Some(&envelope), reason));
    }
    let subscriptions = cache.get(engine, &envelope.event_name, envelope.store_id).await?;
    if subscriptions.is_empty() {
        return Ok(Processed::NoSubscriber);
    }
    let payload = match resolver.resolve(&envelope) {
        Ok(payload) => payload,
        Err(ResolveError::Failed(e)) => return Ok(poison(Some(&envelope), format!("the resolver failed: {e}"))),
        // Nothing of this batch is handed over or acked: its messages come back after their lease.
        Err(ResolveError::Interrupted) => {
            return Err(Error::interrupted(format!("the process ended while resolving event {}", envelope.uuid)))
        }
    };
    if let Err(e) = limits::check("the resolver's payload", payload.len(), limits::MAX_PAYLOAD_BYTES) {
        return Ok(poison(Some(&envelope), e.to_string()));
    }
    if let Err(e) = serde_json::from_str::<&RawValue>(&payload) {
        return Ok(poison(Some(&envelope), format!("the resolver returned invalid JSON: {e}")));
    }
    Ok(Processed::Resolved(Resolved {
        context: EventContext::of(&envelope),
        uuid: envelope.uuid,
        event_name: envelope.event_name,
        store_id: envelope.store_id,
        payload,
        subscriptions,
        leased: Vec::new(),
    }))
}
