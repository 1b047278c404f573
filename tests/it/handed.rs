//! Deliveries the trigger stage hands straight to its own scheduler (written leased to the
//! run, sent without a claim): the ones still waiting for a slot go back to the store, unleased,
//! when the run stops or when they have waited too long, and are then sent exactly once.

use std::collections::HashSet;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use async_events_core::delivery::{Completion, EventContext, NextAction, Resolved, RetryPath};
use async_events_core::envelope::EventUuid;
use async_events_core::store::Durability;
use async_events_core::subscription::SubscriptionId;
use async_events_core::{AsyncEvents, ManualClock, RunOptions};
use serde_json::json;

use crate::harness::{echo, Setup};
use crate::receiver::{Reply, Script};

const EVENTS: usize = 5;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stopped_run_gives_back_the_deliveries_it_held() {
    // A manual clock: no lease ever runs out here, so only a delivery given back can be
    // claimed by the next run.
    let clock = ManualClock::starting_at(1_800_000_000_000);
    let setup = Setup::with_clock(json!({}), Arc::new(clock)).await;
    setup.receiver.program("/a", Script::first(1, Reply::hang()));
    setup.subscribe("order.created", "/a", "t").await;
    for n in 0..EVENTS {
        setup.publish("order.created", json!({"n": n}), 0).await;
    }

    // One request slot: the first delivery hangs in it, the other four wait for it.
    let options = RunOptions { per_subscription_concurrency: 1, poll_interval_ms: 20, grace_seconds: 0, ..Default::default() };
    let stop = Arc::new(AtomicBool::new(false));
    // Stopped once the first is sent and every event is handed over (RabbitMQ may hand the
    // messages to the consumer over several batches).
    let stopper = {
        let (stop, log, pool) = (Arc::clone(&stop), setup.receiver.log(), setup.store_pool().await);
        tokio::spawn(async move {
            let handed = || async {
                sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM async_event_delivery").fetch_one(&pool).await.unwrap()
            };
            while log.total() == 0 || handed().await < EVENTS as i64 {
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            stop.store(true, Ordering::Relaxed);
        })
    };
    let mut resolver = echo;
    let stats = tokio::time::timeout(Duration::from_secs(30), setup.events.engine().run(Some(&mut resolver), &options, &stop))
        .await
        .expect("the run stops")
        .expect("the run succeeds");
    stopper.await.unwrap();
    assert_eq!((stats.messages, stats.stop_reason), (EVENTS as u64, "stopped"), "{stats:?}");
    assert_eq!(setup.receiver.total(), 1, "only the first delivery was sent");
    assert_eq!(setup.backlog().await.0, EVENTS as i64, "every delivery is still in the store");

    // The next run (deliveries only) can claim the four given back at once; the one in
    // flight keeps its lease.
    let options = RunOptions { max_messages: Some(EVENTS as u64 - 1), idle_timeout: Some(10.0), poll_interval_ms: 20, ..Default::default() };
    let stats = tokio::time::timeout(Duration::from_secs(30), setup.events.engine().run(None, &options, &AtomicBool::new(false)))
        .await
        .expect("the run stops")
        .expect("the run succeeds");
    assert_eq!((stats.delivered, stats.stop_reason), (EVENTS as u64 - 1, "max_messages"), "{stats:?}");
    let numbers: HashSet<u64> =
        setup.receiver.requests("/a").iter().skip(1).map(|r| r.json()["data"]["n"].as_u64().unwrap()).collect();
    assert_eq!(numbers.len(), EVENTS - 1, "each given-back delivery was sent once");
    assert_eq!(setup.backlog().await.0, 1, "the hanging one waits for its lease");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deliveries_held_too_long_go_back_to_the_store_for_any_consumer() {
    // A lease of 1 s: a delivery held for a quarter of it (250 ms) goes back to the store.
    // Each request takes 300 ms and each run has one slot for the subscription, so the
    // trigger run holds four deliveries while it sends the first.
    let setup = Setup::new(json!({"lease_seconds": 1, "timeout_ms": 900})).await;
    setup.receiver.program("/a", Script::always(Reply::ok().after(Duration::from_millis(300))));
    setup.subscribe("order.created", "/a", "t").await;
    for n in 0..EVENTS {
        setup.publish("order.created", json!({"n": n}), 0).await;
    }

    // A second consumer, deliveries only, beside it: it can only get what was given back.
    let options = RunOptions { drain: true, per_subscription_concurrency: 1, poll_interval_ms: 20, ..Default::default() };
    let (engine, no_stop) = (setup.events.engine().clone(), AtomicBool::new(false));
    let mut resolver = echo;
    let (stats, other) = tokio::join!(setup.run(&mut resolver, &options), engine.run(None, &options, &no_stop));
    let other = other.expect("the other run succeeds");
    assert_eq!(stats.delivered + other.delivered, EVENTS as u64, "{stats:?} {other:?}");
    assert!(other.delivered > 0, "the other consumer sent some of the given-back deliveries: {other:?}");

    // Every event sent once: had the trigger run kept them past their lease, both would send them.
    let requests = setup.receiver.requests("/a");
    let numbers: HashSet<u64> = requests.iter().map(|r| r.json()["data"]["n"].as_u64().unwrap()).collect();
    assert_eq!((requests.len(), numbers.len()), (EVENTS, EVENTS), "every event sent once");
    assert!(requests.iter().all(|r| r.succeeded()));
    assert_eq!(setup.backlog().await, (0, 0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deliveries_only_run_stops_at_max_messages_when_the_last_start_was_a_held_delivery() {
    let setup = Setup::new(json!({})).await;
    let sub = setup.subscribe("order.created", "/a", "t").await;
    let mut uuids = Vec::new();
    for n in 0..EVENTS {
        uuids.push(setup.publish("order.created", json!({"n": n}), 0).await);
    }
    setup.drain().await;
    for uuid in &uuids {
        setup.events.replay(uuid, Some(sub.subscription_id)).await.expect("replay");
    }

    // One slot: one claim takes the five replays, starts one and holds four; the third attempt
    // is started from the held ones, and the run must stop there.
    let options = RunOptions {
        max_messages: Some(3),
        per_subscription_concurrency: 1,
        idle_timeout: Some(10.0),
        poll_interval_ms: 20,
        ..Default::default()
    };
    let stats = tokio::time::timeout(Duration::from_secs(30), setup.events.engine().run(None, &options, &AtomicBool::new(false)))
        .await
        .expect("the run stops")
        .expect("the run succeeds");
    assert_eq!((stats.delivered, stats.stop_reason), (3, "max_messages"), "{stats:?}");
    assert_eq!(setup.receiver.count("/a"), EVENTS + 3);
    assert_eq!(setup.backlog().await.0, 2, "the two not started were given back");
}

/// A subscription deleted after its batch read the subscriptions, before the batch's hand-off
/// is written, gets no delivery; the hand-off still writes the others (it used to fail, and the
/// run with it).
#[tokio::test]
async fn a_hand_off_naming_a_subscription_deleted_meanwhile_writes_the_others() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let (events, _kept, deleted, batch) = two_subscriptions_and_their_batch(dir.path()).await;
    let store = events.store();
    events.delete_subscription(deleted).await.expect("the subscription deleted");

    let mut connection = store.group_connection().await.expect("the writer connection");
    let mut group = connection.begin(1, Durability::AtCommit).await.expect("a write group");
    let handed = store.hand_off(&mut group, &batch, &[], &[], i64::MAX).await.expect("the hand-off is written");
    group.commit().await.expect("the hand-off commits").synced().await.expect("the hand-off is durable");
    assert_eq!(handed.created, 2, "one delivery per event, for the subscription that still exists");
    let leased_kept = if store.leases_on_hand_off() { 2 } else { 0 };
    assert_eq!(handed.leased.len(), leased_kept, "the kept subscription's deliveries are leased as asked");
    assert_eq!(store.pending_deliveries().await.expect("the pending deliveries"), 2);
}

/// A subscription deleted while its deliveries were being sent takes its log with it: their
/// attempts are not recorded, and the attempts recorded in the same statement for the other
/// subscription still are (the statement breaks the deleted one's foreign key and is written
/// again without its rows). Every delivery of the batch is finished.
#[tokio::test]
async fn attempts_of_a_subscription_deleted_meanwhile_are_dropped_and_the_others_recorded() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let (events, kept, deleted, batch) = two_subscriptions_and_their_batch(dir.path()).await;
    let store = events.store();
    if !store.leases_on_hand_off() {
        return; // MySQL without `INSERT ... RETURNING`: a hand-off leases nothing to record here.
    }
    let targets = store.active_targets("deleted.test", 0).await.expect("the targets");
    let targets = targets.into_iter().map(|target| (target.subscription_id, target)).collect();
    let mut connection = store.group_connection().await.expect("the writer connection");
    let mut group = connection.begin(1, Durability::AtCommit).await.expect("a write group");
    let handed = store.hand_off(&mut group, &batch, &[], &[], i64::MAX).await.expect("the hand-off is written");
    group.commit().await.expect("the hand-off commits").synced().await.expect("the hand-off is durable");
    connection.release().await;
    let sent = store.leased_deliveries(&batch, handed.leased, &targets);
    assert_eq!(sent.len(), 4, "two events to two subscriptions");

    events.delete_subscription(deleted).await.expect("the subscription deleted while its deliveries were sent");
    let completions: Vec<Completion> = sent
        .into_iter()
        .map(|delivery| Completion {
            delivery,
            success: true,
            http_status: Some(200),
            duration_ms: 1,
            response_data: "ok".into(),
            error_code: None,
            error: None,
            attempted_at: 1_800_000_000_000,
            next: NextAction::Done,
        })
        .collect();
    let mut connection = store.group_connection().await.expect("the writer connection");
    let mut group = connection.begin(1, Durability::WithNextSync).await.expect("a write group");
    store.record(&mut group, &completions, RetryPath::InStore).await.expect("the attempts are recorded");
    group.commit().await.expect("the records commit").synced().await.expect("the records are durable");
    connection.release().await;

    for event in &batch {
        let trace = events.trace(&event.uuid).await.expect("the event's trace");
        let recorded: Vec<i64> = trace.subscriptions.iter().map(|s| s.subscription_id).collect();
        assert_eq!(recorded, vec![kept.0], "only the kept subscription's attempt is in the log");
        assert_eq!(crate::harness::attempts_of(&trace, kept).len(), 1);
    }
    assert_eq!(store.pending_deliveries().await.expect("the pending deliveries"), 0, "every delivery is finished");
}

/// A store with two subscriptions to `deleted.test` (the test deletes the second), and a batch
/// of two events resolved for both, their deliveries leased to the run where the store can.
async fn two_subscriptions_and_their_batch(dir: &Path) -> (AsyncEvents, SubscriptionId, SubscriptionId, Vec<Resolved>) {
    let events = crate::harness::open(dir, json!({})).await;
    let subscribe = |path: &str| crate::harness::new_subscription("deleted.test", &format!("http://127.0.0.1:9/{path}"), "t0ken");
    let kept = events.create_subscription(subscribe("a")).await.expect("a subscription").subscription_id;
    let deleted = events.create_subscription(subscribe("b")).await.expect("another subscription").subscription_id;
    let subscriptions = vec![kept, deleted];
    let leased = if events.store().leases_on_hand_off() { subscriptions.clone() } else { Vec::new() };
    let batch = (0..2)
        .map(|_| Resolved {
            uuid: EventUuid::generate(),
            event_name: "deleted.test".into(),
            store_id: 0,
            payload: "{}".into(),
            context: EventContext::default(),
            subscriptions: subscriptions.clone(),
            leased: leased.clone(),
        })
        .collect();
    (events, kept, deleted, batch)
}
