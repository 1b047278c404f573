//! The event's context: the CloudEvent's `time`, the correlation id and the W3C traceparent
//! reach receivers (body and `traceparent` header) on the first attempt, on retries and on
//! replays; each attempt keeps them, searches find them, and a dead letter keeps the
//! correlation id. A store created before these columns existed gains them when it opens.

use async_events_core::facade::Publication;
use async_events_core::search::SortOrder;
use async_events_core::store::DeadLetterKind;
use async_events_core::PublishOptions;
use serde_json::json;

use crate::harness::{attempts_of, open, Setup};
use crate::receiver::{Reply, Script};

const TRACEPARENT: &str = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

fn traced(event: &str, correlation_id: &str) -> Publication {
    Publication {
        event_name: event.into(),
        arguments: json!({"id": 9}).to_string(),
        store_id: 1,
        options: PublishOptions {
            correlation_id: Some(correlation_id.into()),
            traceparent: Some(TRACEPARENT.into()),
            priority: 0,
        },
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn time_correlation_id_and_traceparent_reach_receivers_and_the_log() {
    let setup = Setup::new(json!({"backoff_seconds": [1], "max_deaths": 2})).await;
    let event = "sales.order.created";
    // Fails once (a retry), then succeeds.
    setup.receiver.program("/flaky", Script::first(1, Reply::status(503)));
    let flaky = setup.subscribe(event, "/flaky", "t").await;
    setup.receiver.program("/gone", Script::always(Reply::status(400)));
    setup.subscribe(event, "/gone", "t").await;
    let before = chrono::Utc::now() - chrono::Duration::seconds(5);
    let uuid = setup.events.publish(traced(event, "checkout-9")).await.expect("publish");

    setup.drain().await;

    let requests = setup.receiver.requests("/flaky");
    assert_eq!(requests.len(), 2, "the first attempt and its retry");
    let mut times = Vec::new();
    for request in &requests {
        let body = request.json();
        assert_eq!(body["correlationid"], "checkout-9", "{body}");
        assert_eq!(body["traceparent"], TRACEPARENT, "{body}");
        assert_eq!(request.header("traceparent"), TRACEPARENT);
        let time = chrono::DateTime::parse_from_rfc3339(body["time"].as_str().expect("time")).expect("RFC 3339");
        assert!(time > before && time < chrono::Utc::now(), "time {time} is the publication's");
        times.push(time);
    }
    assert_eq!(times[0], times[1], "a retry carries the publication time, not its own");

    let trace = setup.trace(&uuid).await;
    for attempt in &trace.attempts {
        assert_eq!(attempt.correlation_id.as_deref(), Some("checkout-9"));
        assert_eq!(attempt.traceparent.as_deref(), Some(TRACEPARENT));
    }
    let dead = setup.dead_letters(DeadLetterKind::Delivery).await;
    assert_eq!(dead.len(), 1);
    assert_eq!(dead[0].correlation_id.as_deref(), Some("checkout-9"), "the dead letter keeps the correlation id");

    // Another operation's event, to show the searches tell them apart.
    setup.events.publish(traced(event, "checkout-10")).await.expect("publish");
    setup.drain().await;
    let found = setup.events.search("correlation_id:checkout-9", SortOrder::OldestFirst, 0, 10).await.expect("search");
    assert_eq!(found.total_count, 3, "two attempts to /flaky and one to /gone: {:?}", found.items);
    assert!(found.items.iter().all(|row| row.uuid == uuid.as_str()));
    let found = setup.events.search("trace_id:4bf92f3577b34da6a3ce929d0e0e4736", SortOrder::OldestFirst, 0, 10).await.expect("search");
    assert_eq!(found.total_count, 5, "every attempt of both events shares the publisher's trace");

    // A replay is the same operation in the same trace, published again now.
    assert_eq!(setup.events.replay(&uuid, Some(flaky.subscription_id)).await.expect("replay"), 1);
    setup.drain().await;
    let replayed = setup.receiver.requests("/flaky").into_iter().filter(|r| r.event_id() == uuid.as_str()).nth(2).expect("replayed");
    let body = replayed.json();
    assert_eq!((body["correlationid"].as_str(), body["traceparent"].as_str()), (Some("checkout-9"), Some(TRACEPARENT)));
    assert!(chrono::DateTime::parse_from_rfc3339(body["time"].as_str().unwrap()).unwrap() > times[0]);
    let trace = setup.trace(&uuid).await;
    let replay = attempts_of(&trace, flaky.subscription_id).pop().expect("the replay's attempt");
    assert_eq!((replay.trigger.as_str(), replay.correlation_id.as_deref()), ("replay", Some("checkout-9")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_store_from_before_the_context_columns_gains_them_on_open() {
    let setup = Setup::new(json!({})).await;
    let pool = setup.store_pool().await;
    for (table, column) in [
        ("async_event_delivery", "published_at"),
        ("async_event_delivery", "correlation_id"),
        ("async_event_delivery", "traceparent"),
        ("async_event_subscriber_log", "correlation_id"),
        ("async_event_subscriber_log", "traceparent"),
    ] {
        sqlx::query(sqlx::AssertSqlSafe(format!("ALTER TABLE {table} DROP COLUMN {column}"))).execute(&pool).await.expect("drop");
    }
    // A delivery written by the earlier version is still sent, dated when it was written.
    let sub = setup.subscribe("customer.saved", "/hook", "t").await;
    sqlx::query(
        "INSERT INTO async_event_delivery (uuid, subscription_id, event_name, store_id, payload, trigger_kind, deaths, due_at, created_at)
         VALUES ('0190a0b0-0000-7000-8000-000000000042', ?, 'customer.saved', 0, '{\"id\":42}', 'publish', 0, 0, 1700000000000)",
    )
    .bind(sub.subscription_id.0)
    .execute(&pool)
    .await
    .expect("an old delivery");
    pool.close().await;

    let reopened = open(setup.dir.path(), json!({})).await;
    let stop = std::sync::atomic::AtomicBool::new(false);
    reopened.engine().run(Some(&mut crate::harness::echo), &crate::harness::drain_options(), &stop).await.expect("a run");

    let body = setup.receiver.requests("/hook")[0].json();
    assert_eq!(body["data"]["id"], 42);
    assert_eq!(body["time"], "2023-11-14T22:13:20.000Z", "dated when the earlier version wrote it");
    assert!(body.get("correlationid").is_none(), "{body}");
}
