//! The scheduler: the one owner of a run's delivery state. It holds the deliveries the trigger
//! stage wrote leased to this run or claimed from the store, counts each subscription's load and
//! the attempts in flight, claims due deliveries while there are free slots (skipping
//! subscriptions with a full window, and stalled ones at their cap, so a slow receiver only
//! ever occupies its own slots), and starts each as a slot frees: on its
//! own task through the core's sink, or handed to the calling thread when a notifier serves its
//! sink. The other stages only send it [`Message`]s; the run reads what it needs from the
//! [`RunState`] the scheduler publishes on a watch. While the run goes it never waits on the
//! store: a claim runs on a task of its own and comes back as a message, and deliveries given
//! back to the store are released on their own task, so freed slots are filled at once.

use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::{mpsc, oneshot, watch};

use super::held::Held;
use super::loads::Loads;
use super::recorder::Attempted;
use super::{Engine, RunOptions};
use crate::delivery::Delivery;
use crate::sink::{Outcome, Verdict};
use crate::subscription::SubscriptionId;

/// What the run's other stages tell the scheduler.
pub(super) enum Message {
    /// The trigger stage is about to hand over deliveries to these subscriptions (one entry per
    /// delivery): which may it write leased to this run? The reply says, entry by entry; each
    /// `true` is a place held until the matching [`Message::Handed`].
    Reserve { subscriptions: Vec<SubscriptionId>, reply: oneshot::Sender<Vec<bool>> },
    /// What a hand-off wrote leased to this run, sent before its commit ended (each delivery
    /// carries that commit's outcome), and the reserved places it did not use (a hand-off
    /// that failed before its commit, or a row it did not return).
    Handed { deliveries: Vec<Delivery>, unused: Vec<SubscriptionId> },
    /// Deliveries may be due in the store: written unleased, or retries taken back.
    MaybeDue,
    /// [`Message::MaybeDue`], answered once the published state counts it (see
    /// [`super::trigger::last_batch_counted`]).
    MaybeDueCounted(oneshot::Sender<()>),
    /// A request to this subscription was answered (or its notifier returned).
    Finished(SubscriptionId),
    /// The recorder made these attempts durable.
    Recorded(Tally),
    /// What a claim from the store returned (its own task; at most one at a time).
    Claimed { deliveries: Vec<Delivery>, skipped: Vec<SubscriptionId> },
    /// The claim failed (logged); the next one waits for the poll interval.
    ClaimFailed(Vec<SubscriptionId>),
    /// Claim and start nothing more; give held deliveries back to the store.
    StopClaiming,
}

/// Attempts recorded, by what happens next.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Tally {
    pub attempts: u64,
    pub delivered: u64,
    pub retries_scheduled: u64,
    pub dead_lettered: u64,
}

impl std::ops::AddAssign for Tally {
    fn add_assign(&mut self, other: Self) {
        self.attempts += other.attempts;
        self.delivered += other.delivered;
        self.retries_scheduled += other.retries_scheduled;
        self.dead_lettered += other.dead_lettered;
    }
}

/// The run's delivery state as the scheduler last published it.
#[derive(Debug, Clone, Default)]
pub(super) struct RunState {
    /// Attempts started and not yet recorded (the global bound: memory and the grace period).
    pub in_flight: usize,
    /// Deliveries held in memory, waiting for a slot (or reserved for a hand-off).
    pub held: usize,
    /// Of those, the ones of subscriptions whose requests are finishing.
    pub moving_held: usize,
    /// The last claim from the store found nothing, nothing was said to be due since (nor while
    /// it ran), and no subscription it skipped for want of room has a slot again; or the run
    /// stopped claiming.
    pub nothing_due: bool,
    /// The last claim from the store failed: what may be due there cannot be reached for now.
    pub claims_failing: bool,
    /// The scheduler claims and starts nothing more.
    pub claiming_stopped: bool,
    /// Attempts started.
    pub attempts_started: u64,
    pub recorded: Tally,
    /// Deliveries handed to the calling thread's notifier so far.
    pub for_notifier: u64,
}

impl RunState {
    /// Deliveries are running or held, or were due at the last look.
    pub fn busy(&self) -> bool {
        self.in_flight > 0 || self.held > 0 || !self.nothing_due
    }

    /// Busy with something it can do: a run whose claims keep failing (the store down) is
    /// not working, and its `idle_timeout` runs.
    pub fn working(&self) -> bool {
        self.in_flight > 0 || self.held > 0 || (!self.nothing_due && !self.claims_failing)
    }

    /// What the calling thread acts on: a change of any of these wakes it; other changes (a
    /// counter moving while deliveries flow) do not.
    fn wakes_caller(&self, trigger_room: usize) -> (bool, bool, bool, bool, u64) {
        (self.busy(), self.in_flight == 0, self.moving_held < trigger_room, self.claiming_stopped, self.for_notifier)
    }
}

/// The scheduler's bounds, from the run's options.
pub(super) struct Limits {
    pub concurrency: usize,
    pub per_subscription: usize,
    pub batch_size: usize,
    pub poll: Duration,
    /// Open and held deliveries of one subscription beyond which new ones wait in the store.
    pub window: usize,
    /// Held deliveries of the run (those of stalled subscriptions aside) beyond which new ones
    /// wait in the store; the trigger stage claims new events while fewer than half are held.
    pub total_held: usize,
    /// How long a held delivery may wait for a slot before it goes back to the store, while
    /// most of its lease is left for its request.
    pub hold_limit: Duration,
    /// Without a resolver, `max_messages` counts attempts: the scheduler starts no more.
    pub max_attempts: Option<u64>,
}

impl Limits {
    pub fn new(options: &RunOptions, lease_ms: i64, counts_attempts: bool) -> Self {
        Self {
            concurrency: options.concurrency,
            per_subscription: options.per_subscription_concurrency,
            batch_size: options.batch_size,
            poll: Duration::from_millis(options.poll_interval_ms),
            // A subscription can hold two batches beyond its open requests: the trigger stage
            // takes the next batch while the last one is still held, and that batch finds room
            // (deliveries beyond the window are written unleased, and cost a claim later).
            window: options.per_subscription_concurrency.saturating_add(options.batch_size.saturating_mul(2)),
            total_held: options.concurrency.saturating_mul(2),
            hold_limit: Duration::from_millis(u64::try_from(lease_ms / 4).unwrap_or(0).max(1)),
            max_attempts: options.max_messages.filter(|_| counts_attempts),
        }
    }

    /// Held deliveries below which the trigger stage claims new events.
    pub fn trigger_room(&self) -> usize {
        self.total_held / 2
    }
}

/// Where started deliveries go.
pub(super) struct Lines {
    /// Every attempt's result, to be recorded.
    pub recorder: mpsc::UnboundedSender<Attempted>,
    /// Deliveries whose sink a notifier on the calling thread serves.
    pub to_notifier: mpsc::UnboundedSender<Delivery>,
    /// The scheduler's own inbox, for the delivery tasks' [`Message::Finished`].
    pub inbox: mpsc::UnboundedSender<Message>,
}

/// Starts the scheduler; it runs until every sender of its inbox is gone (the run's stages,
/// the recorder and the delivery tasks).
pub(super) fn start(
    engine: Engine,
    limits: Limits,
    recorder: mpsc::UnboundedSender<Attempted>,
    to_notifier: mpsc::UnboundedSender<Delivery>,
) -> (mpsc::UnboundedSender<Message>, watch::Receiver<RunState>, tokio::task::JoinHandle<()>) {
    let (inbox_tx, inbox) = mpsc::unbounded_channel();
    let (state_tx, state) = watch::channel(RunState::default());
    let lines = Lines { recorder, to_notifier, inbox: inbox_tx.clone() };
    let scheduler = Scheduler::new(engine, limits, lines, state_tx);
    (inbox_tx, state, tokio::spawn(scheduler.run(inbox)))
}

struct Scheduler {
    engine: Engine,
    limits: Limits,
    /// Dropped when claiming stops: the recorder then ends once the last attempt is recorded.
    lines: Option<Lines>,
    loads: Loads,
    held: Held,
    look: StoreLook,
    /// A claim from the store is under way.
    claiming: bool,
    /// Deliveries were said to be due while a claim was under way: its result may predate
    /// them, so an empty one does not mean nothing is due.
    due_during_claim: bool,
    state: RunState,
    published: watch::Sender<RunState>,
}

impl Scheduler {
    fn new(engine: Engine, limits: Limits, lines: Lines, published: watch::Sender<RunState>) -> Self {
        Self {
            engine,
            limits,
            lines: Some(lines),
            loads: Loads::default(),
            held: Held::default(),
            look: StoreLook::default(),
            claiming: false,
            due_during_claim: false,
            state: RunState::default(),
            published,
        }
    }

    async fn run(mut self, mut inbox: mpsc::UnboundedReceiver<Message>) {
        loop {
            while let Ok(message) = inbox.try_recv() {
                self.handle(message).await;
            }
            if !self.state.claiming_stopped {
                self.schedule().await;
            }
            self.publish();
            let wait = if self.state.claiming_stopped { Duration::from_secs(3600) } else { self.until_next_look() };
            tokio::select! {
                message = inbox.recv() => match message {
                    Some(message) => self.handle(message).await,
                    None => break,
                },
                () = tokio::time::sleep(wait) => {}
            }
        }
        self.publish();
    }

    async fn handle(&mut self, message: Message) {
        match message {
            Message::Reserve { subscriptions, reply } => {
                let granted = self.reserve(&subscriptions);
                // Published before the reply: a caller that asks whether the run is busy next sees the places.
                self.publish();
                if reply.send(granted.clone()).is_err() {
                    subscriptions.iter().zip(granted).filter(|(_, g)| *g).for_each(|(sub, _)| self.loads.unhold(*sub));
                }
            }
            Message::Handed { deliveries, unused } => {
                unused.into_iter().for_each(|sub| self.loads.unhold(sub));
                if self.state.claiming_stopped {
                    self.give_back(deliveries).await;
                } else {
                    deliveries.into_iter().for_each(|delivery| self.held.push(delivery));
                }
            }
            Message::Claimed { deliveries, skipped } => {
                self.claiming = false;
                self.state.claims_failing = false;
                let due_meanwhile = std::mem::take(&mut self.due_during_claim);
                // A stopped run claims nothing more: what is due no longer keeps it busy.
                if !self.state.claiming_stopped {
                    self.state.nothing_due = deliveries.is_empty() && !due_meanwhile;
                }
                self.look.claimed(skipped);
                self.start_claimed(deliveries).await;
            }
            Message::ClaimFailed(skipped) => {
                self.claiming = false;
                self.state.claims_failing = true;
                // `nothing_due` is left as it was (a claim that failed says nothing): the next look claims again.
                self.due_during_claim = false;
                self.look.claimed(skipped);
            }
            Message::MaybeDue => self.maybe_due(),
            Message::MaybeDueCounted(reply) => {
                self.maybe_due();
                self.publish();
                let _ = reply.send(());
            }
            Message::Finished(subscription) => self.loads.request_finished(subscription),
            Message::Recorded(tally) => {
                self.state.in_flight = self.state.in_flight.saturating_sub(usize::try_from(tally.attempts).unwrap_or(usize::MAX));
                self.state.recorded += tally;
            }
            Message::StopClaiming => self.stop_claiming().await,
        }
    }

    /// Grants places to deliveries of subscriptions with room in their window, while the run has room.
    fn reserve(&mut self, subscriptions: &[SubscriptionId]) -> Vec<bool> {
        if self.state.claiming_stopped {
            return vec![false; subscriptions.len()];
        }
        let mut room = self.limits.total_held.saturating_sub(self.loads.moving_held());
        subscriptions
            .iter()
            .map(|sub| {
                let granted = room > 0 && self.loads.try_hold(*sub, self.limits.window);
                room -= usize::from(granted);
                granted
            })
            .collect()
    }

    /// Starts what has a slot: held deliveries first (oldest subscription first); with slots
    /// left, asks the store for due deliveries on a task of its own.
    async fn schedule(&mut self) {
        let overdue = self.held.take_overdue(self.limits.hold_limit);
        self.give_back_later(overdue);
        self.start_held().await;
        if self.state.claiming_stopped {
            return;
        }
        let free = self.free();
        if free == 0 || self.claiming {
            return;
        }
        let cap = self.limits.per_subscription;
        if self.state.nothing_due && self.look.skipped_have_room(&self.held, &self.loads, cap) {
            // The store holds deliveries the last claim left for want of room: they are due
            // now, and the run is busy until the claim below says what it found.
            self.state.nothing_due = false;
        }
        if self.look.due(&self.state, self.limits.poll) {
            let Some(inbox) = self.lines.as_ref().map(|lines| lines.inbox.clone()) else { return };
            self.claiming = true;
            let skipped = self.loads.without_room(cap, self.limits.window);
            // Claimed deliveries without a slot are held: the claim may take slots and room to hold.
            let room = free.saturating_add(self.limits.total_held.saturating_sub(self.loads.held()));
            let (store, lease_ms, limit) = (Arc::clone(&self.engine.store), self.engine.lease_ms, room.min(self.limits.batch_size));
            tokio::spawn(async move {
                let message = match store.claim_deliveries(limit, lease_ms, &skipped).await {
                    Ok(deliveries) => Message::Claimed { deliveries, skipped },
                    Err(e) => {
                        tracing::error!(error = %e, "claiming deliveries failed; trying again");
                        Message::ClaimFailed(skipped)
                    }
                };
                // The scheduler outlives its claims; if it is gone the leases bring the deliveries back.
                let _ = inbox.send(message);
            });
        }
    }

    /// Room under the global bound (and under `max_messages` in a run without a resolver).
    fn free(&self) -> usize {
        let free = self.limits.concurrency.saturating_sub(self.state.in_flight);
        match self.limits.max_attempts {
            Some(max) => free.min(usize::try_from(max.saturating_sub(self.state.attempts_started)).unwrap_or(usize::MAX)),
            None => free,
        }
    }

    /// Holds the claimed deliveries whose subscription has room in its window, to start as
    /// slots free like handed ones (giving them back would cost a write, and the next claim
    /// would take them again); the others go back to the store.
    async fn start_claimed(&mut self, claimed: Vec<Delivery>) {
        let mut not_started = Vec::new();
        for delivery in claimed {
            if !self.state.claiming_stopped && self.loads.try_hold(delivery.target.subscription_id, self.limits.window) {
                self.held.push(delivery);
            } else {
                not_started.push(delivery);
            }
        }
        if self.state.claiming_stopped {
            self.release_now(not_started).await;
        } else {
            self.release_later(not_started);
        }
        self.start_held().await;
    }

    /// Starts the held deliveries that have a slot (oldest subscription first). A run without
    /// a resolver stops claiming once it has started its `max_messages` attempts, whichever
    /// path started the last one.
    async fn start_held(&mut self) {
        let (cap, free) = (self.limits.per_subscription, self.free());
        for delivery in self.held.start(&mut self.loads, cap, free) {
            self.start(delivery);
        }
        if self.limits.max_attempts.is_some_and(|max| self.state.attempts_started >= max) {
            self.stop_claiming().await;
        }
    }

    /// Sends `delivery` on its own task through the core's sink for it, or hands it to the
    /// calling thread when a notifier serves its sink; a disabled subscription's delivery
    /// fails at once. Its slot is taken.
    fn start(&mut self, delivery: Delivery) {
        let Some(lines) = &self.lines else { return };
        if delivery.hand_off_failed() {
            // Never stored, and its event's message comes back: sending it would only repeat it.
            self.loads.request_finished(delivery.target.subscription_id);
            return;
        }
        self.state.in_flight += 1;
        self.state.attempts_started += 1;
        if delivery.target.active && !self.engine.sinks.serves(&delivery.target.metadata) {
            // The calling thread outlives the scheduler's lines; if it is gone the lease brings the delivery back.
            let _ = lines.to_notifier.send(delivery);
            self.state.for_notifier += 1;
            return;
        }
        let sinks = Arc::clone(&self.engine.sinks);
        let clock = Arc::clone(&self.engine.store.clock);
        let recorder = lines.recorder.clone();
        let inbox = lines.inbox.clone();
        tokio::spawn(async move {
            let attempted_at = clock.now_ms();
            let outcome = if delivery.target.active {
                sinks.send(&delivery).await
            } else {
                Outcome::failed(Verdict::Fail, "E_DISABLED", "the subscription is disabled".into(), 0)
            };
            // Both outlive every delivery task; if either is gone the lease brings the delivery back.
            let _ = inbox.send(Message::Finished(delivery.target.subscription_id));
            let _ = recorder.send(Attempted::new(delivery, outcome, attempted_at));
        });
    }

    async fn stop_claiming(&mut self) {
        if self.state.claiming_stopped {
            return;
        }
        self.state.claiming_stopped = true;
        let held = self.held.take_all();
        self.give_back(held).await;
        // This run claims nothing more: what is left due in the store no longer keeps it busy.
        self.state.nothing_due = true;
        self.due_during_claim = false;
        self.lines = None;
    }

    /// Gives held deliveries back to the store, unleased, for any consumer to claim, and waits
    /// until they are (a stopping run).
    async fn give_back(&mut self, deliveries: Vec<Delivery>) {
        self.unhold_all(&deliveries);
        self.release_now(deliveries).await;
    }

    /// [`Scheduler::give_back`] without waiting: the release runs on its own task.
    fn give_back_later(&mut self, deliveries: Vec<Delivery>) {
        self.unhold_all(&deliveries);
        self.release_later(deliveries);
    }

    fn unhold_all(&mut self, deliveries: &[Delivery]) {
        deliveries.iter().for_each(|delivery| self.loads.unhold(delivery.target.subscription_id));
    }

    /// Releases deliveries this run leased and will not send.
    async fn release_now(&mut self, deliveries: Vec<Delivery>) {
        if !deliveries.is_empty() {
            release(&self.engine.store, deliveries).await;
            self.maybe_due();
        }
    }

    /// [`Scheduler::release_now`] on a task of its own, which tells the scheduler once the
    /// release has committed (a claim before that would not find the deliveries).
    fn release_later(&mut self, deliveries: Vec<Delivery>) {
        if deliveries.is_empty() {
            return;
        }
        let store = Arc::clone(&self.engine.store);
        let inbox = self.lines.as_ref().map(|lines| lines.inbox.clone());
        tokio::spawn(async move {
            release(&store, deliveries).await;
            if let Some(inbox) = inbox {
                // A scheduler gone meanwhile no longer claims.
                let _ = inbox.send(Message::MaybeDue);
            }
        });
    }

    /// Deliveries may be due in the store (released, handed over, retried): the run looks
    /// again, while it claims.
    fn maybe_due(&mut self) {
        if !self.state.claiming_stopped {
            self.state.nothing_due = false;
            self.due_during_claim |= self.claiming;
        }
    }

    /// How long the loop may sleep when no message comes: until the next poll, or until the
    /// oldest held delivery is overdue.
    fn until_next_look(&self) -> Duration {
        let poll = self.look.last.map_or(Duration::ZERO, |at| self.limits.poll.saturating_sub(at.elapsed()));
        match self.held.oldest() {
            Some(since) => poll.min(self.limits.hold_limit.saturating_sub(since.elapsed())),
            None => poll,
        }
        .max(Duration::from_millis(1))
    }

    /// Publishes the state; the calling thread is woken only when what it acts on changed.
    fn publish(&mut self) {
        self.state.held = self.loads.held();
        self.state.moving_held = self.loads.moving_held();
        let state = self.state.clone();
        let room = self.limits.trigger_room();
        self.published.send_if_modified(|published| {
            let wake = published.wakes_caller(room) != state.wakes_caller(room);
            *published = state;
            wake
        });
    }
}

/// Gives deliveries leased to this run back to the store, unleased; those whose hand-off did
/// not commit do not exist there (and their ids may belong to other deliveries by now): they
/// are left out (those whose hand-off committed but whose log could not be synced stay
/// leased until their lease expires).
async fn release(store: &crate::store::Store, deliveries: Vec<Delivery>) {
    let (stored, _) = Delivery::split_stored(deliveries, |delivery| delivery).await;
    let ids: Vec<i64> = stored.iter().map(|delivery| delivery.delivery_id).collect();
    if ids.is_empty() {
        return;
    }
    match store.release_deliveries(&ids).await {
        Ok(()) => tracing::debug!(count = ids.len(), "deliveries given back to the store"),
        Err(e) => tracing::warn!(error = %e, count = ids.len(), "giving deliveries back failed; their lease will expire"),
    }
}

/// When the scheduler claims from the store: while it may hold due deliveries (the last claim
/// found some, or a stage said some are due), at every poll interval (retries come due, other
/// processes add deliveries), and when a subscription the last claim skipped for want of room
/// has a slot again and nothing held for it.
#[derive(Default)]
struct StoreLook {
    last: Option<Instant>,
    skipped: Vec<SubscriptionId>,
}

impl StoreLook {
    fn due(&self, state: &RunState, poll: Duration) -> bool {
        !state.nothing_due || self.last.is_none_or(|at| at.elapsed() >= poll)
    }

    fn skipped_have_room(&self, held: &Held, loads: &Loads, cap: usize) -> bool {
        self.skipped.iter().any(|sub| !held.has(*sub) && loads.has_free_slot(*sub, cap))
    }

    fn claimed(&mut self, skipped: Vec<SubscriptionId>) {
        self.last = Some(Instant::now());
        self.skipped = skipped;
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::config::Config;
    use crate::facade::AsyncEvents;

    const SUBSCRIPTION: SubscriptionId = SubscriptionId(7);

    /// A scheduler over an empty SQLite store, one request per subscription at a time, whose
    /// poll interval never comes during a test; and its inbox, which the test reads in its place.
    async fn scheduler(dir: &tempfile::TempDir) -> (Scheduler, mpsc::UnboundedReceiver<Message>) {
        let dsn = format!("sqlite://{}/db.sqlite", dir.path().display());
        let config = Config::load_from(Vec::new(), json!({ "store_dsn": dsn })).expect("a valid test configuration");
        let core = AsyncEvents::open(config).await.expect("open the core");
        let limits = Limits {
            concurrency: 8,
            per_subscription: 1,
            batch_size: 10,
            poll: Duration::from_secs(3600),
            window: 21,
            total_held: 16,
            hold_limit: Duration::from_secs(60),
            max_attempts: None,
        };
        let (recorder, _) = mpsc::unbounded_channel();
        let (to_notifier, _) = mpsc::unbounded_channel();
        let (inbox_tx, inbox) = mpsc::unbounded_channel();
        let (published, _) = watch::channel(RunState::default());
        let lines = Lines { recorder, to_notifier, inbox: inbox_tx };
        (Scheduler::new(core.engine().clone(), limits, lines, published), inbox)
    }

    fn empty_claim() -> Message {
        Message::Claimed { deliveries: Vec::new(), skipped: Vec::new() }
    }

    #[tokio::test]
    async fn deliveries_said_due_while_a_claim_runs_keep_the_run_busy_after_its_empty_result() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let (mut scheduler, _inbox) = scheduler(&dir).await;
        scheduler.claiming = true;
        scheduler.handle(Message::MaybeDue).await;
        scheduler.handle(empty_claim()).await;
        assert!(scheduler.state.busy(), "the claim may have looked before the deliveries were due");

        scheduler.claiming = true;
        scheduler.handle(empty_claim()).await;
        assert!(!scheduler.state.busy(), "a claim started after the signal that finds nothing means nothing is due");
    }

    #[tokio::test]
    async fn a_claim_that_ends_after_the_run_stopped_claiming_does_not_make_it_busy_again() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let (mut scheduler, _inbox) = scheduler(&dir).await;
        scheduler.claiming = true;
        scheduler.handle(Message::MaybeDue).await;
        scheduler.handle(Message::StopClaiming).await;
        assert!(!scheduler.state.busy());

        scheduler.handle(empty_claim()).await;
        assert!(!scheduler.state.busy(), "a stopped run would wait for deliveries it will never claim");
    }

    #[tokio::test]
    async fn a_claim_for_a_subscription_skipped_for_want_of_room_keeps_the_run_busy_until_it_returns() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let (mut scheduler, mut inbox) = scheduler(&dir).await;
        // The subscription's one request is open; the last claim skipped it and found nothing else.
        assert!(scheduler.loads.try_take_slot(SUBSCRIPTION, 1));
        scheduler.state.in_flight = 1;
        scheduler.claiming = true;
        scheduler.handle(Message::Claimed { deliveries: Vec::new(), skipped: vec![SUBSCRIPTION] }).await;
        assert!(scheduler.state.nothing_due);

        // Its request is answered: the next look claims for it, and the attempt is recorded.
        scheduler.handle(Message::Finished(SUBSCRIPTION)).await;
        scheduler.schedule().await;
        assert!(scheduler.claiming, "a subscription with a slot again has its deliveries claimed");
        scheduler.handle(Message::Recorded(Tally { attempts: 1, delivered: 1, ..Tally::default() })).await;
        assert!(scheduler.state.busy(), "the store may hold its deliveries: the run may not stop before the claim says");

        let claimed = tokio::time::timeout(Duration::from_secs(10), inbox.recv()).await.expect("the claim ends").expect("a message");
        assert!(matches!(&claimed, Message::Claimed { deliveries, .. } if deliveries.is_empty()));
        scheduler.handle(claimed).await;
        assert!(!scheduler.state.busy(), "the empty store's answer ends it");
    }

    #[tokio::test]
    async fn a_run_whose_claims_fail_is_busy_but_not_working_until_a_claim_succeeds() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let (mut scheduler, _inbox) = scheduler(&dir).await;
        scheduler.handle(Message::MaybeDue).await;
        assert!(scheduler.state.working());

        scheduler.claiming = true;
        scheduler.handle(Message::ClaimFailed(Vec::new())).await;
        assert!(scheduler.state.busy(), "what is due is still in the store: no drain, no max_messages stop yet");
        assert!(!scheduler.state.working(), "a store that cannot be reached is no work: idle_timeout may end the run");

        scheduler.claiming = true;
        scheduler.handle(empty_claim()).await;
        assert!(!scheduler.state.claims_failing);
    }
}
