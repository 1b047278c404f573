//! Replay: a new delivery chain under the same event uuid (the receiver's idempotency key).

use async_events_core::store::DeadLetterKind;
use async_events_core::RunOptions;
use serde_json::json;

use crate::harness::{attempts_of, subscription_trace, Setup};
use crate::receiver::{Reply, Script};

/// Delivery-only run (the retry consumer): replays need no resolver.
async fn run_deliveries(setup: &Setup) {
    let stop = std::sync::atomic::AtomicBool::new(false);
    let options = RunOptions { drain: true, poll_interval_ms: 20, ..Default::default() };
    tokio::time::timeout(crate::harness::RUN_LIMIT, setup.events.engine().run(None, &options, &stop))
        .await
        .expect("finishes in time")
        .expect("runs");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_delivered_event_is_replayed_with_the_same_webhook_id() {
    let setup = Setup::new(json!({})).await;
    let sub = setup.subscribe("order.created", "/hook", "t").await;
    setup.subscribe("order.created", "/other", "t").await;
    let uuid = setup.publish("order.created", json!({"id": 1}), 0).await;
    setup.drain().await;
    assert_eq!(setup.receiver.count("/hook"), 1);

    assert_eq!(setup.events.replay(&uuid, Some(sub.subscription_id)).await.unwrap(), 1, "one delivery for the one subscription");
    run_deliveries(&setup).await;

    let requests = setup.receiver.requests("/hook");
    assert_eq!(requests.len(), 2, "delivered again");
    assert_eq!(requests[1].header("webhook-id"), uuid.as_str());
    assert_eq!(requests[1].header("webhook-id"), requests[0].header("webhook-id"));
    assert_eq!(requests[1].json()["data"], requests[0].json()["data"], "the same payload, without resolving again");
    assert_eq!(setup.receiver.count("/other"), 1, "only the named subscription is replayed");

    let trace = setup.trace(&uuid).await;
    let attempts = attempts_of(&trace, sub.subscription_id);
    let triggers: Vec<&str> = attempts.iter().map(|a| a.trigger.as_str()).collect();
    assert_eq!(triggers, vec!["publish", "replay"]);
    assert_eq!(attempts[1].attempt, 1, "a replay starts a new chain");
    assert_eq!(subscription_trace(&trace, sub.subscription_id).status, "Delivered");

    // Without a subscription named, every subscription that had the event gets it again.
    assert_eq!(setup.events.replay(&uuid, None).await.unwrap(), 2);
    run_deliveries(&setup).await;
    assert_eq!((setup.receiver.count("/hook"), setup.receiver.count("/other")), (3, 2));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dead_lettered_delivery_is_replayed_once_the_receiver_is_fixed() {
    let setup = Setup::new(json!({})).await;
    setup.receiver.program("/broken", Script::always(Reply::status(400)));
    let sub = setup.subscribe("order.created", "/broken", "t").await;
    let uuid = setup.publish("order.created", json!({"id": 2}), 0).await;
    setup.drain().await;
    let trace = setup.trace(&uuid).await;
    assert_eq!(subscription_trace(&trace, sub.subscription_id).status, "Dead Lettered");
    assert_eq!(setup.dead_letters(DeadLetterKind::Delivery).await.len(), 1);

    setup.receiver.program("/broken", Script::always(Reply::ok()));
    assert_eq!(setup.events.replay(&uuid, None).await.unwrap(), 1);
    run_deliveries(&setup).await;

    let requests = setup.receiver.requests("/broken");
    assert_eq!(requests.len(), 2);
    assert!(requests[1].succeeded());
    assert_eq!(requests[1].header("webhook-id"), uuid.as_str());
    let trace = setup.trace(&uuid).await;
    let summary = subscription_trace(&trace, sub.subscription_id);
    assert_eq!((summary.status, summary.attempts), ("Delivered", 2));
    assert_eq!(trace.attempts.last().unwrap().trigger, "replay");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_event_the_resolver_failed_is_replayed_through_the_queue() {
    let setup = Setup::new(json!({})).await;
    setup.subscribe("order.created", "/hook", "t").await;
    let uuid = setup.publish("order.created", json!({"id": 3}), 0).await;
    let mut failing = |_: &async_events_core::Envelope| Err(async_events_core::ResolveError::Failed("database is away".into()));
    setup.run(&mut failing, &crate::harness::drain_options()).await;
    assert_eq!(setup.receiver.total(), 0);

    assert_eq!(setup.events.replay(&uuid, None).await.unwrap(), 1, "the message goes back on the queue");
    setup.drain().await;

    let requests = setup.receiver.requests("/hook");
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].header("webhook-id"), uuid.as_str());
    assert_eq!(requests[0].json()["data"], json!({"id": 3}));
}
