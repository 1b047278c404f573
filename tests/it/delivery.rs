//! Delivery: fan-out with the CloudEvents body and both signatures, store scoping, and a slow
//! subscriber not holding up the others.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use async_events_core::RunOptions;
use serde_json::{json, Value};

use crate::harness::{echo, expected_magento_signature, expected_webhook_signature, Setup};
use crate::receiver::{Received, Reply, Script};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fan_out_delivers_a_signed_cloudevent_to_every_subscriber_once() {
    let setup = Setup::new(json!({})).await;
    let mut subscribers = Vec::new();
    for n in 0..5 {
        let (path, token) = (format!("/hook-{n}"), format!("token-{n}-secret"));
        let sub = setup.subscribe("sales.order.created", &path, &token).await;
        subscribers.push((path, token, sub));
    }
    let arguments = json!({"order": {"increment_id": "000000042", "total": 10.5}, "tags": ["a", "b"]});
    let uuid = setup.publish("Sales.Order.Created", arguments.clone(), 1).await;

    let stats = setup.drain().await;

    assert_eq!((stats.messages, stats.attempts, stats.delivered), (1, 5, 5), "{stats:?}");
    assert_eq!(setup.receiver.total(), 5, "no request besides one per subscriber");
    let now_s = unix_now_s();
    for (path, token, sub) in &subscribers {
        let requests = setup.receiver.requests(path);
        assert_eq!(requests.len(), 1, "{path} receives the event exactly once");
        let request = &requests[0];
        assert_eq!(request.header("content-type"), "application/json");

        let body = request.json();
        assert_eq!(body["specversion"], "1.0");
        assert_eq!(body["id"], uuid.as_str());
        assert_eq!(body["source"], "1", "the source is the store id as a string");
        assert_eq!(body["type"], "sales.order.created");
        assert_eq!(body["datacontenttype"], "application/json");
        assert_eq!(body["data"], arguments);
        assert_eq!(body["correlationid"], uuid.as_str(), "without one given, the correlation id is the uuid");
        assert!(body["time"].is_string(), "{body}");
        assert!(!request.headers.contains_key("traceparent"), "no trace context was given");
        assert_eq!(body.as_object().unwrap().len(), 8, "no other CloudEvents attribute: {body}");

        assert_eq!(request.header("x-magento-signature"), expected_magento_signature(token, &request.body));
        assert_eq!(request.header("webhook-id"), uuid.as_str());
        let timestamp = request.header("webhook-timestamp");
        let ts: i64 = timestamp.parse().expect("webhook-timestamp is unix seconds");
        assert!((ts - now_s).abs() < 300, "webhook-timestamp {ts} is near now {now_s}");
        assert_eq!(request.header("webhook-signature"), expected_webhook_signature(token, uuid.as_str(), timestamp, &request.body));
        // A signature under another subscriber's token would not verify.
        assert_ne!(request.header("x-magento-signature"), expected_magento_signature("token-x", &request.body));

        let trace = setup.trace(&uuid).await;
        let status = crate::harness::subscription_trace(&trace, sub.subscription_id);
        assert_eq!((status.status, status.attempts), ("Delivered", 1));
    }
}

fn unix_now_s() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64
}

/// Publishes one event of store 0, 2 and 3 to a subscription of store 2 and one of store 0;
/// returns the event ids each received, and the ids published.
async fn store_scoped_deliveries(settings: Value) -> (Vec<String>, HashSet<String>, [String; 3]) {
    let setup = Setup::new(settings).await;
    let mut store_two = crate::harness::new_subscription("catalog.product.saved", &setup.receiver.url("/store-2"), "t2");
    store_two.store_id = 2;
    setup.subscribe_with(store_two).await;
    setup.subscribe("catalog.product.saved", "/store-0", "t0").await;

    let published = [
        setup.publish("catalog.product.saved", json!({"sku": "a"}), 0).await.to_string(),
        setup.publish("catalog.product.saved", json!({"sku": "b"}), 2).await.to_string(),
        setup.publish("catalog.product.saved", json!({"sku": "c"}), 3).await.to_string(),
    ];
    setup.drain().await;
    let ids = |path: &str| setup.receiver.requests(path).iter().map(Received::event_id).collect::<Vec<_>>();
    let mut store_two_got = ids("/store-2");
    store_two_got.sort();
    (store_two_got, ids("/store-0").into_iter().collect(), published)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn subscriptions_receive_the_events_of_their_store_as_in_the_reference() {
    let (store_two, store_zero, [all, two, _three]) = store_scoped_deliveries(json!({"store_zero_matches_every_store": false})).await;
    let mut expected = vec![all.clone(), two];
    expected.sort();
    assert_eq!(store_two, expected, "store 2's subscription: store 2's event and the event of every store (store 0)");
    assert_eq!(store_zero, HashSet::from([all]), "store 0's subscription: store 0's event only");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_store_zero_subscription_may_receive_every_stores_events() {
    let (store_two, store_zero, [all, two, three]) = store_scoped_deliveries(json!({"store_zero_matches_every_store": true})).await;
    let mut expected = vec![all.clone(), two.clone()];
    expected.sort();
    assert_eq!(store_two, expected);
    assert_eq!(store_zero, HashSet::from([all, two, three]), "store 0's subscription gets every store's events");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_subscriber_does_not_delay_the_others() {
    const EVENTS: usize = 20;
    const CAP: usize = 4;
    let setup = Setup::new(json!({})).await;
    setup.receiver.program("/slow", Script::always(Reply::ok().after(Duration::from_secs(3))));
    setup.subscribe("stock.changed", "/slow", "slow").await;
    setup.subscribe("stock.changed", "/fast-a", "fast-a").await;
    setup.subscribe("stock.changed", "/fast-b", "fast-b").await;
    for n in 0..EVENTS {
        setup.publish("stock.changed", json!({"n": n}), 0).await;
    }

    let options = RunOptions { drain: true, poll_interval_ms: 20, per_subscription_concurrency: CAP, ..Default::default() };
    let stats = setup.run(&mut echo, &options).await;
    assert_eq!(stats.delivered, 3 * EVENTS as u64, "{stats:?}");

    let slow = setup.receiver.requests("/slow");
    let fast: Vec<Received> = ["/fast-a", "/fast-b"].iter().flat_map(|p| setup.receiver.requests(p)).collect();
    assert_eq!(slow.len(), EVENTS);
    assert_eq!(fast.len(), 2 * EVENTS);
    assert!(slow.iter().chain(&fast).all(Received::succeeded));

    // The slow receiver never had more than the per-subscription cap of requests open at once,
    // and did use it (so the slow subscription was not serialised either).
    let open_at = |t: Instant| slow.iter().filter(|r| r.arrived <= t && r.finished.is_some_and(|f| f > t)).count();
    let peak = slow.iter().map(|r| open_at(r.arrived)).max().unwrap();
    assert_eq!(peak, CAP, "peak concurrency at the slow receiver");

    // The fast subscribers got everything while the slow one was still working through its
    // backlog: before it had even finished its 5th request (at least two 3 s waves in).
    let last_fast = fast.iter().map(|r| r.arrived).max().unwrap();
    let mut slow_finished: Vec<Instant> = slow.iter().map(|r| r.finished.unwrap()).collect();
    slow_finished.sort();
    assert!(last_fast < slow_finished[CAP], "every fast delivery arrived before the slow receiver finished its {}th request", CAP + 1);
}
