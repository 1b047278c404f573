//! The trigger stage: claim published events, resolve each into its payload on the calling
//! thread, and hand one delivery per active subscription over through the run's writer (the
//! SQL queue's messages are acked in the same transaction, RabbitMQ's once it committed).
//! Where the store allows it and the subscription has room, the delivery is written leased to
//! this run and passed straight to the scheduler, which sends it without
//! a claim and without waiting for the hand-off's commit; the others wait in the store. The
//! targets of a batch's subscriptions are read with the subscriptions, when the batch is
//! resolved: no store read stands between the hand-off's write and the first attempts (a
//! subscription disabled or changed while its batch is resolved still gets that batch, as one
//! changed while a request is in flight does). The next batch is claimed and resolved while a
//! batch commits; its messages are acked once it has. A message that cannot be processed is
//! dead-lettered with its reason.

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::value::RawValue;
use tokio::sync::{mpsc, oneshot};

use super::scheduler::Message;
use super::writer::{Commit, Writer};
use super::Engine;
use crate::envelope::{Envelope, EventUuid};
use crate::error::{Error, Result};
use crate::limits;
use crate::envelope::ClaimedMessage;
use crate::resolver::{ResolveError, Resolver};
use crate::delivery::{Delivery, EventContext, HandOffCommit, Resolved, Target};
use crate::store::Poisoned;
use crate::subscription::SubscriptionId;

/// A message claimed this many times without being acked keeps killing its consumers (a
/// resolver that crashes the process, say): it is dead-lettered instead of tried again.
const MAX_CLAIMS: u32 = 5;

/// How long a claim from a broker queue waits for a first message.
const CLAIM_WAIT: std::time::Duration = std::time::Duration::from_millis(50);

/// What one batch did.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct BatchCounts {
    /// Messages claimed (and handed over or dead-lettered; acked once their hand-off committed).
    pub claimed: u64,
    pub dead_lettered: u64,
}

/// A batch handed over whose commit is still going on: its messages are acked once it
/// committed. The next batch is claimed and resolved meanwhile ([`run_batch`] ends it after
/// handing its own batch over; [`finish`] ends the last one).
pub(super) struct Committing {
    commit: Commit,
    claimed: Vec<ClaimedMessage>,
    dead_lettered: u64,
}

/// Processes one batch, and ends the commit of the one before (`committing`) once this one is
/// handed over; this batch's commit is left in `committing`.
pub(super) async fn run_batch(
    engine: &Engine,
    resolver: &mut dyn Resolver,
    limit: usize,
    scheduler: &mpsc::UnboundedSender<Message>,
    writer: &Writer,
    committing: &mut Option<Committing>,
) -> Result<BatchCounts> {
    let claimed = if limit == 0 { Vec::new() } else { engine.queue.claim(limit, engine.lease_ms, CLAIM_WAIT).await? };
    if claimed.is_empty() {
        finish(engine, committing.take()).await?;
        return Ok(BatchCounts::default());
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
        reserve_places(&mut resolved, scheduler).await;
    }
    let reserved: Vec<SubscriptionId> = resolved.iter().flat_map(|event| event.leased.iter().copied()).collect();
    let resolved: Arc<[Resolved]> = resolved.into();
    let dead_lettered = poisoned.len() as u64;
    let lease_until = engine.store.now_ms() + engine.lease_ms;
    // The leased deliveries are sent while the hand-off commits (see `HandOffCommit`); the
    // writer tells them how the commit ended.
    let (told, hand_off_commit) = HandOffCommit::pending();
    let acked = engine.queue.acks_in_hand_off(&claimed);
    let (written, commit) = match writer.hand_off(Arc::clone(&resolved), poisoned, acked, lease_until, told).await {
        Ok(handed) => handed,
        Err(e) => {
            // The scheduler outlives the run's calling thread.
            let _ = scheduler.send(Message::Handed { deliveries: Vec::new(), unused: reserved });
            return Err(e);
        }
    };
    let created = written.created;
    let deliveries: Vec<Delivery> = engine
        .store
        .leased_deliveries(&resolved, written.leased, &subscriptions.targets)
        .into_iter()
        .map(|delivery| Delivery { hand_off: Some(hand_off_commit.clone()), ..delivery })
        .collect();
    let leased = deliveries.len();
    let unused = unused_places(reserved, &deliveries);
    let _ = scheduler.send(Message::Handed { deliveries, unused });
    if created > leased {
        // The others wait in the store: the scheduler looks for them as soon as they are
        // committed, not when this batch is finished (after the next claim).
        let scheduler = scheduler.clone();
        tokio::spawn(async move {
            if hand_off_commit.succeeded().await {
                let _ = scheduler.send(Message::MaybeDue);
            }
        });
    }
    tracing::debug!(messages = claimed.len(), created, leased, dead_lettered, "batch handed over");
    let counts = BatchCounts { claimed: claimed.len() as u64, dead_lettered };
    let this_batch = Committing { commit, claimed, dead_lettered };
    finish(engine, committing.replace(this_batch)).await?;
    Ok(counts)
}

/// Waits for the commit of a batch handed over, then acks its messages (a commit that failed
/// leaves them to come back, and ends the run with its error).
pub(super) async fn finish(engine: &Engine, batch: Option<Committing>) -> Result<()> {
    let Some(batch) = batch else { return Ok(()) };
    batch.commit.outcome().await?;
    engine.queue.ack_after_hand_off(&batch.claimed).await?;
    engine.metrics.events_consumed(batch.claimed.len() as u64, batch.dead_lettered);
    Ok(())
}

/// Waits until the scheduler's published state counts the deliveries the last batch left in
/// the store (those not leased to this run), before a run that claims no more batches reads
/// whether it is busy: the [`Message::MaybeDue`] sent once that batch committed may still be
/// on its way, and the run would stop before sending them.
pub(super) async fn last_batch_counted(scheduler: &mpsc::UnboundedSender<Message>) {
    let (reply, counted) = oneshot::channel();
    if scheduler.send(Message::MaybeDueCounted(reply)).is_ok() {
        // A scheduler gone without answering no longer counts anything.
        let _ = counted.await;
    }
}

/// Asks the scheduler which deliveries of `resolved` to write leased to this run, and marks
/// them (the others wait in the store).
async fn reserve_places(resolved: &mut [Resolved], scheduler: &mpsc::UnboundedSender<Message>) {
    let subscriptions: Vec<SubscriptionId> = resolved.iter().flat_map(|event| event.subscriptions.iter().copied()).collect();
    let (reply, granted) = oneshot::channel();
    if scheduler.send(Message::Reserve { subscriptions, reply }).is_err() {
        return;
    }
    // A scheduler gone without answering grants nothing: every delivery waits in the store.
    let Ok(granted) = granted.await else { return };
    let mut granted = granted.into_iter();
    for event in resolved {
        for sub in &event.subscriptions {
            if granted.next().unwrap_or(false) {
                event.leased.push(*sub);
            }
        }
    }
}

/// The places reserved for deliveries that are not passed on leased: none when the hand-off
/// returned every row it was asked to lease.
fn unused_places(reserved: Vec<SubscriptionId>, leased: &[Delivery]) -> Vec<SubscriptionId> {
    let mut places: HashMap<SubscriptionId, usize> = HashMap::new();
    for sub in reserved {
        *places.entry(sub).or_default() += 1;
    }
    for delivery in leased {
        if let Some(n) = places.get_mut(&delivery.target.subscription_id) {
            *n = n.saturating_sub(1);
        }
    }
    places.into_iter().flat_map(|(sub, n)| std::iter::repeat_n(sub, n)).collect()
}

enum Processed {
    Resolved(Resolved),
    Poisoned(Poisoned),
    NoSubscriber,
}

/// The active subscriptions of each (event, store) seen in one batch, read once per batch
/// with their targets.
#[derive(Default)]
struct SubscriptionCache {
    by_event: HashMap<(String, u32), Vec<SubscriptionId>>,
    targets: HashMap<SubscriptionId, Arc<Target>>,
}

impl SubscriptionCache {
    async fn get(&mut self, engine: &Engine, event_name: &str, store_id: u32) -> Result<Vec<SubscriptionId>> {
        let key = (event_name.to_string(), store_id);
        if let Some(found) = self.by_event.get(&key) {
            return Ok(found.clone());
        }
        let targets = engine.store.active_targets(event_name, store_id).await?;
        let found: Vec<SubscriptionId> = targets.iter().map(|target| target.subscription_id).collect();
        self.targets.extend(targets.into_iter().map(|target| (target.subscription_id, target)));
        self.by_event.insert(key, found.clone());
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
        payload: payload.into(),
        subscriptions,
        leased: Vec::new(),
    }))
}
