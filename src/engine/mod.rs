//! The engine: a consumer's run. The calling thread claims published events, resolves them
//! (`trigger`) and hands one delivery per subscription to the store, passing those it leased
//! to itself straight to the `scheduler`. The scheduler owns the run's delivery state (the
//! `held` deliveries, each subscription's `loads`, the attempts in flight): it starts
//! deliveries under a global and a per-subscription concurrency cap, on tasks of the runtime,
//! and hands those of notifier-served sinks back to the calling thread (`notify`); the
//! `recorder` writes every attempt durably and schedules retries or dead-letters. The
//! `writer` makes hand-offs and records durable (on SQLite, those that arrive together in one
//! transaction). The
//! stages talk to the scheduler by messages and read its state from a watch.

mod held;
mod loads;
mod notify;
mod retries;
pub mod recorder;
mod scheduler;
mod trigger;
mod writer;

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use tokio::sync::{mpsc, watch};

use crate::error::{Error, ErrorKind, Result};
use crate::notifier::Notifier;
use crate::outbox;
use crate::queue::EventQueue;
use crate::resolver::Resolver;
use crate::retry::RetryPolicy;
use crate::metrics::{self, Metrics};
use crate::sink::Sinks;
use crate::store::Store;
use notify::Notifications;
use scheduler::{Limits, Message, RunState};

/// How long a run whose process is ending inside a callback waits for the requests already
/// sent to be recorded (the rest come back with their leases).
const INTERRUPTED_GRACE: Duration = Duration::from_secs(1);

/// How long a stopping run waits for the outbox relay's batch in progress.
const RELAY_GRACE: Duration = Duration::from_secs(5);

/// The longest `idle_timeout`: a year.
const MAX_IDLE_TIMEOUT_SECONDS: f64 = 365.0 * 24.0 * 3600.0;

/// How a run behaves; deserialised from the consumer's options.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RunOptions {
    /// Stop after this many published events (with a resolver) or delivery attempts (without).
    pub max_messages: Option<u64>,
    /// Stop after this many seconds without any work.
    pub idle_timeout: Option<f64>,
    /// Stop once the queue and every pending delivery, retries included, are done.
    pub drain: bool,
    /// Deliveries in flight at once.
    pub concurrency: usize,
    /// Deliveries in flight at once to one subscription.
    pub per_subscription_concurrency: usize,
    /// Published events claimed per batch.
    pub batch_size: usize,
    /// How often to look for new work when there is none.
    pub poll_interval_ms: u64,
    /// How long in-flight deliveries may take to finish after a stop is requested.
    pub grace_seconds: u64,
}

impl Default for RunOptions {
    fn default() -> Self {
        Self {
            max_messages: None,
            idle_timeout: None,
            drain: false,
            concurrency: 256,
            per_subscription_concurrency: 16,
            batch_size: 100,
            poll_interval_ms: 100,
            grace_seconds: 30,
        }
    }
}

/// What a run did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RunStats {
    pub messages: u64,
    pub events_dead_lettered: u64,
    pub attempts: u64,
    pub delivered: u64,
    pub retries_scheduled: u64,
    pub deliveries_dead_lettered: u64,
    /// `max_messages`, `idle_timeout`, `drained` or `stopped` (a signal or the caller).
    pub stop_reason: &'static str,
}

/// Runs consumers over one store, queue and sink.
#[derive(Clone)]
pub struct Engine {
    pub(crate) store: Arc<Store>,
    pub(crate) queue: Arc<dyn EventQueue>,
    pub(crate) sinks: Arc<Sinks>,
    /// The process's counters, and where a run serves them (`metrics_listen`).
    pub(crate) metrics: Arc<Metrics>,
    pub(crate) metrics_listen: Option<SocketAddr>,
    pub(crate) policy: RetryPolicy,
    pub(crate) lease_ms: i64,
    /// The transactional outbox's URL and table, relayed by trigger runs.
    pub(crate) outbox: Option<(String, String)>,
}

impl Engine {
    /// Consumes until a stop condition of `options`, or until `stop` turns true (set it from a
    /// signal handler). With a resolver it consumes published events and delivers them (the
    /// trigger consumer); without one it only works through pending deliveries (the retry
    /// consumer). In-flight deliveries are finished and recorded before it returns.
    pub async fn run(&self, resolver: Option<&mut dyn Resolver>, options: &RunOptions, stop: &AtomicBool) -> Result<RunStats> {
        self.run_with_notifier(resolver, None, options, stop).await
    }

    /// [`Engine::run`], with `notifier` serving the sinks the core has not built in (on the
    /// calling thread, as the resolver).
    pub async fn run_with_notifier(
        &self,
        resolver: Option<&mut dyn Resolver>,
        notifier: Option<&mut dyn Notifier>,
        options: &RunOptions,
        stop: &AtomicBool,
    ) -> Result<RunStats> {
        let options = sanitize(options)?;
        // Several consumers of one host share the setting: the first serves, the others run without.
        let _metrics_endpoint = match self.metrics_listen {
            Some(address) => match metrics::serve(address, self.clone()).await {
                Ok(endpoint) => Some(endpoint),
                Err(e) => {
                    tracing::warn!(error = %e, "this consumer runs without a metrics endpoint");
                    None
                }
            },
            None => None,
        };
        // Kept for the run: SQLite's WAL is checkpointed beside the writer, not inside its commits.
        let checkpointer = self.store.checkpointer().await;
        let (to_recorder, attempts) = mpsc::unbounded_channel();
        let (to_notifier, for_notifier) = mpsc::unbounded_channel();
        let limits = Limits::new(&options, self.lease_ms, resolver.is_none());
        let trigger_room = limits.trigger_room();
        let (to_scheduler, mut state, scheduler) = scheduler::start(self.clone(), limits, to_recorder.clone(), to_notifier);
        let (to_writer, writer) = writer::start(Arc::clone(&self.store), self.queue.hand_off_durability());
        let recorder = recorder::start(
            attempts,
            Arc::clone(&self.store),
            to_writer.clone(),
            Arc::clone(&self.queue),
            self.policy.clone(),
            Arc::clone(&self.metrics),
            to_scheduler.clone(),
        );
        let mut notifications = Notifications {
            handed: for_notifier,
            recorder: to_recorder,
            scheduler: to_scheduler.clone(),
            store: Arc::clone(&self.store),
            notifier,
        };
        tracing::info!(trigger = resolver.is_some(), concurrency = options.concurrency, "consumer started");
        let (stop_relay, relay_stopped) = watch::channel(false);
        // Without an outbox, or in a run that does not consume events, there is nothing to relay.
        let (relay_idle, outbox_idle) = watch::channel(true);
        let relay = match (&self.outbox, resolver.is_some()) {
            (Some((url, table)), true) => {
                relay_idle.send_replace(false);
                let relay = outbox::Relay {
                    url: url.clone(),
                    table: table.clone(),
                    queue: Arc::clone(&self.queue),
                    metrics: Arc::clone(&self.metrics),
                    idle: relay_idle,
                };
                Some(tokio::spawn(outbox::relay_until(relay, relay_stopped)))
            }
            _ => None,
        };

        let stages = Stages { scheduler: &to_scheduler, writer: &to_writer, trigger_room, outbox_idle: &outbox_idle };
        let mut counts = trigger::BatchCounts::default();
        let mut committing = None;
        let outcome = self.consume(resolver, &mut notifications, &stages, &mut state, &mut counts, &options, stop, &mut committing).await;
        // However the run ends, the last batch's commit is waited for and its messages acked.
        let last_batch = trigger::finish(self, committing).await;
        let outcome = match (outcome, last_batch) {
            (Ok(stop_reason), Ok(())) => Ok(stop_reason),
            (Err(e), Ok(())) | (Ok(_), Err(e)) => Err(e),
            (Err(e), Err(last)) => {
                tracing::error!(error = %last, "the last batch's hand-off did not commit either; its messages come back");
                Err(e)
            }
        };
        let _ = stop_relay.send(true);
        if let Some(relay) = relay {
            // A relay stopped mid-batch rolls back: its rows stay for the next run.
            if tokio::time::timeout(RELAY_GRACE, relay).await.is_err() {
                tracing::warn!("the outbox relay did not stop in time; its batch stays in the outbox");
            }
        }

        // Whatever ended the run (an error included), stop claiming and let in-flight
        // deliveries finish within the grace period; those that do not are left to their lease.
        // A process ending inside a callback is not kept waiting, nor called back again.
        let _ = to_scheduler.send(Message::StopClaiming);
        let interrupted = matches!(&outcome, Err(e) if e.kind() == ErrorKind::Interrupted);
        let grace = if interrupted { INTERRUPTED_GRACE } else { Duration::from_secs(options.grace_seconds) };
        let finished = tokio::time::timeout(grace, async {
            loop {
                let (stopped, in_flight) = {
                    let now = state.borrow_and_update();
                    (now.claiming_stopped, now.in_flight)
                };
                if stopped && in_flight == 0 {
                    return true;
                }
                if !interrupted && notifications.serve().is_err() {
                    return false;
                }
                wait_for_change(&mut state, Duration::from_millis(50)).await;
            }
        })
        .await
        .unwrap_or(false);
        drop(notifications);
        drop(to_scheduler);
        drop(to_writer);
        let in_flight = state.borrow().in_flight;
        if finished {
            // They end once the last attempt is recorded and every sender is gone.
            let _ = recorder.await;
            let _ = scheduler.await;
            let _ = writer.await;
        } else {
            tracing::warn!(in_flight, "deliveries still in flight at the end of the grace period; their leases will expire and they will be retried");
        }
        if let Some(checkpointer) = checkpointer {
            checkpointer.finish().await;
        }
        let stop_reason = outcome?;
        let stats = run_stats(&state.borrow(), counts, stop_reason);
        tracing::info!(?stats, "consumer stopped");
        Ok(stats)
    }

    /// The calling thread's part of a run: trigger batches and the stop conditions. The commit
    /// of the batch handed over last is left in `committing`.
    #[allow(clippy::too_many_arguments)]
    async fn consume(
        &self,
        mut resolver: Option<&mut dyn Resolver>,
        notifications: &mut Notifications<'_>,
        stages: &Stages<'_>,
        state: &mut watch::Receiver<RunState>,
        counts: &mut trigger::BatchCounts,
        options: &RunOptions,
        stop: &AtomicBool,
        committing: &mut Option<trigger::Committing>,
    ) -> Result<&'static str> {
        let poll = Duration::from_millis(options.poll_interval_ms);
        let idle_limit = options.idle_timeout.map(Duration::from_secs_f64);
        let mut last_work = Instant::now();
        let mut messages_done = false;
        let mut drained_looks = 0u32;
        loop {
            if stop.load(Ordering::Relaxed) {
                return Ok("stopped");
            }
            let mut worked = false;
            // While the scheduler holds many handed deliveries that are moving, new messages
            // wait in the queue.
            let room = state.borrow_and_update().moving_held < stages.trigger_room;
            if let Some(resolver) = resolver.as_deref_mut().filter(|_| !messages_done && room) {
                let remaining = options.max_messages.map_or(u64::MAX, |max| max.saturating_sub(counts.claimed));
                let limit = options.batch_size.min(remaining.try_into().unwrap_or(usize::MAX));
                let batch = trigger::run_batch(self, resolver, limit, stages.scheduler, stages.writer, committing).await?;
                counts.claimed += batch.claimed;
                counts.dead_lettered += batch.dead_lettered;
                worked = batch.claimed > 0;
                messages_done = options.max_messages.is_some_and(|max| counts.claimed >= max);
                if messages_done {
                    // No batch follows: its deliveries, those left in the store included,
                    // count as busy before the run may stop.
                    trigger::finish(self, committing.take()).await?;
                    trigger::last_batch_counted(stages.scheduler).await;
                }
            } else {
                // No batch this time: the last one's commit does not wait for the next.
                trigger::finish(self, committing.take()).await?;
                if resolver.is_none() {
                    // The scheduler stops claiming once it started `max_messages` attempts.
                    messages_done = options.max_messages.is_some() && state.borrow().claiming_stopped;
                }
            }
            worked |= retries::run_batch(self, options.batch_size, stages.scheduler).await? > 0;
            worked |= notifications.serve()?;
            let (busy, working) = {
                let state = state.borrow();
                (state.busy(), state.working())
            };
            if worked || working {
                last_work = Instant::now();
            }
            if messages_done && !busy {
                return Ok("max_messages");
            }
            if worked {
                drained_looks = 0;
            } else {
                // A queue that cannot say its depth (a broker restarting) is not drained. A
                // message RabbitMQ has just pushed to this consumer is in no queue's depth yet
                // (it is unacked): only a second look, a poll later with a claim in between,
                // says the queue is drained.
                if options.drain
                    && !busy
                    && *stages.outbox_idle.borrow()
                    && matches!(self.queue.depth().await, Ok(0))
                    && self.store.pending_deliveries().await? == 0
                {
                    drained_looks += 1;
                    if drained_looks >= 2 {
                        return Ok("drained");
                    }
                } else {
                    drained_looks = 0;
                }
                if idle_limit.is_some_and(|limit| last_work.elapsed() >= limit) {
                    return Ok("idle_timeout");
                }
                wait_for_change(state, poll).await;
            }
        }
    }
}

/// What the calling thread's loop talks to besides the queue and the store.
struct Stages<'a> {
    scheduler: &'a mpsc::UnboundedSender<Message>,
    writer: &'a writer::Writer,
    /// Held deliveries below which a trigger batch is claimed.
    trigger_room: usize,
    /// The outbox relay has nothing in progress.
    outbox_idle: &'a watch::Receiver<bool>,
}

/// Sleeps until the scheduler's state changes in a way the calling thread acts on, or `poll` passes.
async fn wait_for_change(state: &mut watch::Receiver<RunState>, poll: Duration) {
    if let Ok(Err(_)) = tokio::time::timeout(poll, state.changed()).await {
        // The scheduler has ended (it only does once the run is over): nothing will change.
        tokio::time::sleep(poll).await;
    }
}

fn run_stats(state: &RunState, trigger: trigger::BatchCounts, stop_reason: &'static str) -> RunStats {
    RunStats {
        messages: trigger.claimed,
        events_dead_lettered: trigger.dead_lettered,
        attempts: state.recorded.attempts,
        delivered: state.recorded.delivered,
        retries_scheduled: state.recorded.retries_scheduled,
        deliveries_dead_lettered: state.recorded.dead_lettered,
        stop_reason,
    }
}

/// The options as a run uses them: bounds applied, and an unusable `idle_timeout` refused.
fn sanitize(options: &RunOptions) -> Result<RunOptions> {
    if let Some(idle) = options.idle_timeout {
        if !(0.0..=MAX_IDLE_TIMEOUT_SECONDS).contains(&idle) {
            return Err(Error::validation(format!(
                "idle_timeout must be a number of seconds from 0 to {MAX_IDLE_TIMEOUT_SECONDS}, not {idle}"
            )));
        }
    }
    let mut o = options.clone();
    o.concurrency = o.concurrency.max(1);
    o.per_subscription_concurrency = o.per_subscription_concurrency.clamp(1, o.concurrency);
    o.batch_size = o.batch_size.max(1);
    o.poll_interval_ms = o.poll_interval_ms.clamp(1, 10_000);
    Ok(o)
}
