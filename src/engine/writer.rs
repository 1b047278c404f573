//! The writer: the tasks of a run that own its hot-path writes. Hand-offs (from the trigger)
//! and attempt records (from the recorder) that arrive while a group is written join the next
//! group: one transaction and one commit for all of them, each write in a savepoint of its own
//! when there are several (see `store::WriteGroup`). On MySQL each group holds one write and
//! several groups run at once (`Store::write_grouping`). On SQLite a group without a hand-off
//! from RabbitMQ commits without its fsync (`store::Durability`): only such a hand-off is
//! followed by an ack outside the store; a group with one syncs SQLite's log after its commit,
//! while the next group is written. A hand-off learns what it wrote as soon as it is written,
//! before its group commits (its leased deliveries are sent meanwhile, see `HandOffCommit`);
//! every write learns how its group ended once the group is durable. A writer task keeps its
//! connection from one group to the next while writes keep coming (see [`GROUPS_PER_LENDING`]).

use std::sync::Arc;

use tokio::sync::{mpsc, oneshot, Mutex};
use tokio::task::JoinHandle;

use crate::clock::Millis;
use crate::delivery::{Completion, HandOffCommitted, Resolved, RetryPath};
use crate::error::{Error, ErrorKind, Result};
use crate::store::{Durability, GroupConnection, HandedOff, Poisoned, Store, WriteGroup};

/// Groups a writer task writes in a row on one connection, while writes are already queued
/// when a group ends, before it gives the connection back to the pool. Each lending costs
/// sqlx's ping when the connection comes back (a hop to SQLite's worker thread, a round trip
/// to MySQL) and, on SQLite, the statement that sets `synchronous` back; giving it back now and
/// then lets other writers of the store (claims, the admin's writes) have it: SQLite's writer
/// pool has one connection.
const GROUPS_PER_LENDING: usize = 8;

/// What the run's stages ask the writer for.
enum Write {
    HandOff {
        resolved: Arc<[Resolved]>,
        poisoned: Vec<Poisoned>,
        acked: Vec<i64>,
        lease_until: Millis,
        written: oneshot::Sender<Result<HandedOff>>,
        committed: oneshot::Sender<Result<()>>,
        /// Tells the deliveries sent before the commit how it ended.
        told: HandOffCommitted,
    },
    Record {
        completions: Arc<[Completion]>,
        retry_path: RetryPath,
        committed: oneshot::Sender<Result<()>>,
    },
}

/// Where the run's stages send their writes.
#[derive(Clone)]
pub(super) struct Writer(mpsc::UnboundedSender<Write>);

/// The commit of the group a write joined.
pub(super) struct Commit(oneshot::Receiver<Result<()>>);

impl Commit {
    /// How the commit ended.
    pub async fn outcome(self) -> Result<()> {
        self.0.await.unwrap_or_else(|_| Err(writer_gone()))
    }
}

impl Writer {
    /// Writes a hand-off (see [`Store::hand_off`]) in the next group; returns what it wrote,
    /// once written, and the group's commit to wait for. `told` is ended once the group is
    /// durable (on SQLite, after its log's sync).
    pub async fn hand_off(
        &self,
        resolved: Arc<[Resolved]>,
        poisoned: Vec<Poisoned>,
        acked: Vec<i64>,
        lease_until: Millis,
        told: HandOffCommitted,
    ) -> Result<(HandedOff, Commit)> {
        let (written, handed) = oneshot::channel();
        let (committed, commit) = oneshot::channel();
        self.send(Write::HandOff { resolved, poisoned, acked, lease_until, written, committed, told })?;
        let handed = handed.await.unwrap_or_else(|_| Err(writer_gone()))?;
        Ok((handed, Commit(commit)))
    }

    /// Records attempts (see [`Store::record`]) in the next group; returns once it committed.
    pub async fn record(&self, completions: Arc<[Completion]>, retry_path: RetryPath) -> Result<()> {
        let (committed, commit) = oneshot::channel();
        self.send(Write::Record { completions, retry_path, committed })?;
        Commit(commit).outcome().await
    }

    fn send(&self, write: Write) -> Result<()> {
        self.0.send(write).map_err(|_| writer_gone())
    }
}

fn writer_gone() -> Error {
    Error::new(ErrorKind::Storage, "the run's writer has stopped")
}

/// Starts the writer: as many groups at once, and as many writes in each, as the store's
/// [`WriteGrouping`](crate::store::WriteGrouping) says (on SQLite one group at a time; on
/// MySQL several writes side by side, each alone). A group with a hand-off commits with
/// `hand_off_durability` (the queue's), one without with [`Durability::WithNextSync`]. It
/// ends once every [`Writer`] is dropped and its last groups are written.
pub(super) fn start(store: Arc<Store>, hand_off_durability: Durability) -> (Writer, JoinHandle<()>) {
    let (to_writer, writes) = mpsc::unbounded_channel();
    let writes = Arc::new(Mutex::new(writes));
    let grouping = store.write_grouping();
    let groups: Vec<JoinHandle<()>> = (0..grouping.groups_at_once)
        .map(|_| {
            let (store, writes) = (Arc::clone(&store), Arc::clone(&writes));
            tokio::spawn(async move {
                let mut group = Vec::new();
                let mut held: Option<(GroupConnection, usize)> = None;
                loop {
                    // Writes already queued are written on the connection held; otherwise it
                    // goes back to the pool before the next free group waits for what comes.
                    let queued = match &held {
                        Some((_, groups)) if *groups < GROUPS_PER_LENDING => take_queued(&writes, &mut group, grouping.writes_per_group),
                        _ => 0,
                    };
                    if queued == 0 {
                        if let Some((connection, _)) = held.take() {
                            connection.release().await;
                        }
                        if writes.lock().await.recv_many(&mut group, grouping.writes_per_group).await == 0 {
                            break;
                        }
                    }
                    // Hand-offs first: the trigger waits for them, the recorder only for the commit.
                    group.sort_by_key(|write| matches!(write, Write::Record { .. }));
                    let (connection, groups) = match held.take() {
                        Some(held) => held,
                        None => match store.group_connection().await {
                            Ok(connection) => (connection, 0),
                            Err(e) => {
                                refuse(std::mem::take(&mut group), &e);
                                continue;
                            }
                        },
                    };
                    held = write_group(&store, connection, std::mem::take(&mut group), hand_off_durability)
                        .await
                        .map(|connection| (connection, groups + 1));
                }
            })
        })
        .collect();
    let task = tokio::spawn(async move {
        for group in groups {
            let _ = group.await;
        }
    });
    (Writer(to_writer), task)
}

/// Takes what is queued into `group`, up to `limit` writes, without waiting. When another
/// writer task is waiting for writes (it holds the queue), what comes is that task's: this one
/// takes nothing, and so gives its connection back rather than keep it while the run is quiet.
fn take_queued(writes: &Mutex<mpsc::UnboundedReceiver<Write>>, group: &mut Vec<Write>, limit: usize) -> usize {
    let Ok(mut writes) = writes.try_lock() else { return 0 };
    while group.len() < limit {
        match writes.try_recv() {
            Ok(write) => group.push(write),
            Err(_) => break,
        }
    }
    group.len()
}

/// Writes `writes` in one group on `connection` and tells each how it ended. Returns the
/// connection when the group committed, for the next group; otherwise gives it back to the
/// pool (which closes it if a transaction is still open on it).
async fn write_group(store: &Store, mut connection: GroupConnection, writes: Vec<Write>, hand_off_durability: Durability) -> Option<GroupConnection> {
    // Only a hand-off may be followed by an ack outside the store (the broker's): a group
    // without one need not wait for the disk (see `Durability::WithNextSync`).
    let durability = if writes.iter().any(|write| matches!(write, Write::HandOff { .. })) {
        hand_off_durability
    } else {
        Durability::WithNextSync
    };
    let committed = match connection.begin(writes.len(), durability).await {
        Ok(group) => write_and_commit(store, group, writes, durability).await,
        Err(e) => {
            refuse(writes, &e);
            false
        }
    };
    if committed {
        return Some(connection);
    }
    connection.release().await;
    None
}

/// Tells each of `writes` that its group could not start.
fn refuse(writes: Vec<Write>, e: &Error) {
    for write in writes {
        match write {
            Write::HandOff { written, .. } => drop(written.send(Err(copy_of(e)))),
            Write::Record { committed, .. } => drop(committed.send(Err(copy_of(e)))),
        }
    }
}

/// Writes `writes` in `group` and commits what was written; returns whether the commit went
/// through (the group's sync may still fail, and is reported to the writes).
async fn write_and_commit(store: &Store, mut group: WriteGroup<'_>, writes: Vec<Write>, durability: Durability) -> bool {
    let started = std::time::Instant::now();
    let mut waiting = Vec::new();
    for write in writes {
        match write {
            Write::HandOff { resolved, poisoned, acked, lease_until, written, committed, told } => {
                match store.hand_off(&mut group, &resolved, &poisoned, &acked, lease_until).await {
                    Ok(handed) => {
                        let _ = written.send(Ok(handed));
                        waiting.push((committed, Some(told)));
                    }
                    Err(e) => drop(written.send(Err(e))),
                }
            }
            Write::Record { completions, retry_path, committed } => match store.record(&mut group, &completions, retry_path).await {
                Ok(()) => waiting.push((committed, None)),
                Err(e) => drop(committed.send(Err(e))),
            },
        }
    }
    if waiting.is_empty() {
        // Every write failed and was undone: there is nothing to commit (dropped, it rolls back).
        return false;
    }
    let written = started.elapsed();
    let committed = group.commit().await;
    let committed_at = started.elapsed();
    let went_through = committed.is_ok();
    // The writes learn how their group ended once it is durable; the writer goes on to its
    // next group meanwhile (on SQLite the log syncs off the write lock, see `PendingSync`).
    tokio::spawn(async move {
        let outcome = match committed {
            Ok(pending) => pending.synced().await,
            Err(e) => Err(e),
        };
        tracing::debug!(
            writes = waiting.len(),
            ?durability,
            written_us = written.as_micros() as u64,
            committed_us = (committed_at - written).as_micros() as u64,
            synced_us = (started.elapsed() - committed_at).as_micros() as u64,
            "write group ended"
        );
        if let Err(e) = &outcome {
            tracing::error!(error = %e, writes = waiting.len(), "a write group did not commit");
        }
        for (committed, told) in waiting {
            if let Some(told) = told {
                told.ended(outcome.is_ok());
            }
            // A stage that stopped waiting (a run ending) needs no answer.
            let _ = committed.send(outcome.as_ref().map(|_| ()).map_err(copy_of));
        }
    });
    went_through
}

/// The same error for another of the group's writes.
fn copy_of(e: &Error) -> Error {
    Error::new(e.kind(), e.to_string())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::clock::SystemClock;
    use crate::config::Config;
    use crate::delivery::{Delivery, EventContext, HandOffCommit};
    use crate::envelope::EventUuid;
    use crate::secret::Secret;
    use crate::subscription::SubscriptionId;

    /// An event whose deliveries the test store refuses to write (see [`store_with_subscription`]).
    const REFUSED_EVENT: &str = "refused.event";

    /// A SQLite store with one active subscription; a trigger makes it refuse deliveries of
    /// [`REFUSED_EVENT`], for writes that fail.
    async fn store_with_subscription(dir: &tempfile::TempDir) -> (Arc<Store>, SubscriptionId) {
        let dsn = format!("sqlite://{}/db.sqlite", dir.path().display());
        let config = Config::load_from(Vec::new(), json!({ "store_dsn": dsn })).expect("a valid test configuration");
        let store = Arc::new(Store::open(&config, Arc::new(SystemClock)).await.expect("open the store"));
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "CREATE TRIGGER refuse_test_event BEFORE INSERT ON async_event_delivery WHEN NEW.event_name = '{REFUSED_EVENT}'
             BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
        )))
        .execute(&store.writer.pool)
        .await
        .expect("the refusing trigger");
        let token = store.cipher().encrypt(&Secret::new("t")).expect("an encrypted token");
        let id = sqlx::query_scalar(
            "INSERT INTO async_event_subscriber (event_name, recipient_url, verification_token, metadata, status)
             VALUES ('order.created', 'https://example.com/hook', ?, 'http', 1) RETURNING subscription_id",
        )
        .bind(token)
        .fetch_one(&store.writer.pool)
        .await
        .expect("a subscription");
        (store, SubscriptionId(id))
    }

    fn resolved(subscription: SubscriptionId, event_name: &str) -> Resolved {
        Resolved {
            uuid: EventUuid::generate(),
            event_name: event_name.into(),
            store_id: 0,
            payload: "{}".into(),
            context: EventContext::default(),
            subscriptions: vec![subscription],
            leased: vec![subscription],
        }
    }

    /// One event for each of `subscriptions`.
    fn events_for(subscriptions: impl IntoIterator<Item = SubscriptionId>) -> Arc<[Resolved]> {
        subscriptions.into_iter().map(|subscription| resolved(subscription, "order.created")).collect()
    }

    fn event_for(subscription: SubscriptionId) -> Arc<[Resolved]> {
        events_for([subscription])
    }

    async fn deliveries(store: &Store) -> Vec<i64> {
        sqlx::query_scalar("SELECT subscription_id FROM async_event_delivery").fetch_all(&store.reader).await.expect("read deliveries")
    }

    #[tokio::test]
    async fn a_write_that_fails_is_undone_alone_and_the_rest_of_its_group_commits() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let (store, subscription) = store_with_subscription(&dir).await;
        let mut connection = store.group_connection().await.expect("the writer connection");
        let mut group = connection.begin(3, Durability::AtCommit).await.expect("a group");
        let kept = store.hand_off(&mut group, &event_for(subscription), &[], &[], i64::MAX).await.expect("the first write");
        // 500 deliveries go in a first statement, then the store refuses one: the write fails
        // after part of it was written.
        let half_written: Arc<[Resolved]> =
            std::iter::repeat_n(subscription, 500).map(|sub| resolved(sub, "order.created")).chain([resolved(subscription, REFUSED_EVENT)]).collect();
        let refused = store.hand_off(&mut group, &half_written, &[], &[], i64::MAX).await;
        assert!(refused.is_err(), "the refused delivery fails the write");
        let also_kept = store.hand_off(&mut group, &event_for(subscription), &[], &[], i64::MAX).await.expect("a write after the failed one");
        assert_eq!((kept.created, kept.leased.len(), also_kept.leased.len()), (1, 1, 1));
        assert!(deliveries(&store).await.is_empty(), "nothing is visible before the group commits");
        group.commit().await.expect("the group commits").synced().await.expect("the group is durable");
        assert_eq!(deliveries(&store).await, vec![subscription.0, subscription.0], "both good writes, nothing of the failed one");
        let mut next = connection.begin(1, Durability::AtCommit).await.expect("another group");
        store.hand_off(&mut next, &event_for(subscription), &[], &[], i64::MAX).await.expect("the writer is usable after the undo");
    }

    #[tokio::test]
    async fn each_write_sent_together_learns_its_own_outcome() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let (store, subscription) = store_with_subscription(&dir).await;
        let (writer, task) = start(Arc::clone(&store), Durability::AtCommit);
        let event = event_for(subscription);
        let ((good_told, good_commit), (bad_told, bad_commit)) = (HandOffCommit::pending(), HandOffCommit::pending());
        // Both are queued before the writer runs (one thread), so they are written in one group.
        let (good, bad) = tokio::join!(
            writer.hand_off(Arc::clone(&event), Vec::new(), Vec::new(), i64::MAX, good_told),
            writer.hand_off(Arc::new([resolved(subscription, REFUSED_EVENT)]), Vec::new(), Vec::new(), i64::MAX, bad_told),
        );
        let (handed, commit) = good.expect("the good hand-off is written");
        assert!(bad.is_err(), "the bad one fails on its own");
        let targets = store.active_targets("order.created", 0).await.expect("the subscription's target");
        let targets = targets.into_iter().map(|target| (target.subscription_id, target)).collect();
        let leased = store.leased_deliveries(&event, handed.leased, &targets);
        assert_eq!(leased.len(), 1);
        assert_eq!(leased[0].target.recipient_url, "https://example.com/hook");
        commit.outcome().await.expect("the group commits");
        assert!(good_commit.succeeded().await, "the deliveries sent early learn that their hand-off committed");
        assert!(bad_commit.failed(), "those of the failed write learn it failed");
        assert_eq!(deliveries(&store).await, vec![subscription.0]);
        drop(writer);
        task.await.expect("the writer ends once every sender is gone");
    }

    #[tokio::test]
    async fn the_deliveries_of_one_event_share_its_target_reads_and_body_and_other_events_do_not() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let (store, first) = store_with_subscription(&dir).await;
        let second = SubscriptionId(
            sqlx::query_scalar(
                "INSERT INTO async_event_subscriber (event_name, recipient_url, verification_token, metadata, status)
                 SELECT event_name, 'https://example.org/other', verification_token, metadata, 1 FROM async_event_subscriber
                 RETURNING subscription_id",
            )
            .fetch_one(&store.writer.pool)
            .await
            .expect("a second subscription"),
        );
        let both = |event: Resolved| Resolved { subscriptions: vec![first, second], leased: vec![first, second], ..event };
        let events: Arc<[Resolved]> = [both(resolved(first, "order.created")), both(resolved(first, "order.created"))].into_iter().collect();
        let mut connection = store.group_connection().await.expect("the writer connection");
        let mut group = connection.begin(1, Durability::AtCommit).await.expect("a group");
        let handed = store.hand_off(&mut group, &events, &[], &[], i64::MAX).await.expect("the hand-off");
        group.commit().await.expect("the group commits").synced().await.expect("the group is durable");
        let targets = store.active_targets("order.created", 0).await.expect("the targets");
        let targets = targets.into_iter().map(|target| (target.subscription_id, target)).collect();
        let leased = store.leased_deliveries(&events, handed.leased, &targets);
        assert_eq!(leased.len(), 4);
        let body = |d: &Delivery| crate::sink::cloudevent::body(d).expect("a body").as_ptr();
        for d in &leased {
            let event_mates: Vec<&Delivery> = leased.iter().filter(|other| other.uuid == d.uuid).collect();
            assert_eq!(event_mates.len(), 2);
            assert!(event_mates.iter().all(|mate| body(mate) == body(d)), "one body per event");
            let subscription_mates = leased.iter().filter(|other| other.target.subscription_id == d.target.subscription_id);
            assert!(subscription_mates.clone().all(|mate| Arc::ptr_eq(&mate.target, &d.target)), "one target per subscription");
            assert!(leased.iter().filter(|other| other.uuid != d.uuid).all(|other| body(other) != body(d)), "events do not share");
        }
    }

    /// Hand-offs queued faster than the writer writes them: it keeps its connection from one
    /// group to the next, but gives it back now and then, so that a write of the store outside
    /// the writer (claims, the admin's) is not kept waiting until the writer runs dry. Once idle,
    /// the connection is back in the pool and syncs every commit again.
    #[tokio::test]
    async fn a_busy_writer_lends_its_connection_to_other_writers_and_gives_it_back_once_idle() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let (store, subscription) = store_with_subscription(&dir).await;
        let grouping = store.write_grouping();
        let (writer, task) = start(Arc::clone(&store), Durability::WithNextSync);
        let event = event_for(subscription);
        let hand_offs = grouping.writes_per_group * GROUPS_PER_LENDING * 3;
        let written = std::sync::atomic::AtomicUsize::new(0);
        let hand_off = async || {
            let (told, _commit) = HandOffCommit::pending();
            let (_, commit) = writer.hand_off(Arc::clone(&event), Vec::new(), Vec::new(), i64::MAX, told).await.expect("a hand-off");
            written.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            commit.outcome().await.expect("its group commits");
        };
        // One thread: every hand-off is queued before the writer runs, and the outside write
        // asks for the connection once the writer has started.
        let outside = async {
            while written.load(std::sync::atomic::Ordering::SeqCst) == 0 {
                tokio::task::yield_now().await;
            }
            sqlx::query("UPDATE async_event_subscriber SET modified = NULL").execute(&store.writer.pool).await.expect("the outside write");
            written.load(std::sync::atomic::Ordering::SeqCst)
        };
        let (_, written_before_outside) = tokio::join!(futures_util::future::join_all((0..hand_offs).map(|_| hand_off())), outside);
        assert!(
            written_before_outside <= grouping.writes_per_group * (GROUPS_PER_LENDING + 1),
            "the outside write waited for {written_before_outside} of {hand_offs} hand-offs"
        );
        assert_eq!(deliveries(&store).await.len(), hand_offs);
        let synchronous: i64 = sqlx::query_scalar("PRAGMA synchronous").fetch_one(&store.writer.pool).await.expect("the setting");
        assert_eq!(synchronous, 2, "the idle writer's connection is back in the pool, syncing every commit (FULL)");
        drop(writer);
        task.await.expect("the writer ends once every sender is gone");
    }
}
