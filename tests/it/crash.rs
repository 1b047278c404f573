//! A consumer that crashes mid-run loses nothing: its claimed deliveries and messages come
//! back once their lease runs out, and the next consumer delivers everything.

use std::collections::HashSet;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::{Duration, Instant};

use async_events_core::store::DeadLetterKind;
use async_events_core::{AsyncEvents, Config, Envelope, EventUuid, ManualClock, ResolveError, RunOptions};
use serde_json::json;

use crate::harness::{backend, echo, subscription_trace, Backend, Setup};
use crate::receiver::{Reply, RequestLog, Script};

const PATHS: [&str; 3] = ["/a", "/b", "/c"];
const EVENTS: usize = 6;
/// Events the crashing consumer hands over before it dies (its first batch).
const HANDED_OVER: usize = 3;
const LEASE_SECONDS: i64 = 60;

/// Runs a consumer in its own thread and runtime, as another process would. Its receiver
/// hangs, so the deliveries of its first batch stay in flight; while resolving its second
/// batch it crashes (the resolver panics, the runtime and every task on it are torn down).
fn crashing_consumer(config: Config, clock: ManualClock, log: RequestLog) -> std::thread::JoinHandle<()> {
    std::thread::Builder::new()
        .name("crashing-consumer".into())
        .spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
            runtime.block_on(async move {
                let events = AsyncEvents::open_with_clock(config, Arc::new(clock)).await.unwrap();
                let mut resolved = 0;
                let mut resolver = |event: &Envelope| -> Result<String, ResolveError> {
                    resolved += 1;
                    if resolved > HANDED_OVER {
                        // Crash only once the first batch's deliveries are all in flight.
                        let deadline = Instant::now() + Duration::from_secs(30);
                        while log.total() < HANDED_OVER * PATHS.len() && Instant::now() < deadline {
                            std::thread::sleep(Duration::from_millis(10));
                        }
                        panic!("simulated crash while resolving {}", event.uuid);
                    }
                    echo(event)
                };
                let options = RunOptions { batch_size: HANDED_OVER, poll_interval_ms: 20, ..Default::default() };
                let _ = events.engine().run(Some(&mut resolver), &options, &AtomicBool::new(false)).await;
                unreachable!("the consumer crashes before it stops");
            });
        })
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn claims_of_a_crashed_consumer_come_back_after_their_lease() {
    if backend() == Backend::MySqlAmqp {
        // The SQL queue's leases; RabbitMQ hands a dead consumer's messages back when its
        // connection drops (php/tests/CrashTest.php kills consumers on RabbitMQ).
        return;
    }
    let clock = ManualClock::starting_at(1_800_000_000_000);
    let setup = Setup::with_clock(json!({"lease_seconds": LEASE_SECONDS}), Arc::new(clock.clone())).await;
    for path in PATHS {
        setup.receiver.program(path, Script::always(Reply::hang()));
        setup.subscribe("order.created", path, "t").await;
    }
    let mut uuids: Vec<EventUuid> = Vec::new();
    for n in 0..EVENTS {
        uuids.push(setup.publish("order.created", json!({"n": n}), 0).await);
    }

    let consumer = crashing_consumer(setup.events.config().clone(), clock.clone(), setup.receiver.log());
    let crashed = tokio::task::spawn_blocking(move || consumer.join()).await.unwrap();
    assert!(crashed.is_err(), "the consumer crashed");
    assert_eq!(setup.receiver.total(), HANDED_OVER * PATHS.len(), "the first batch's deliveries were in flight");
    assert!(setup.receiver.all().iter().all(|r| r.status.is_none()), "and none was answered");
    let (pending, queued) = setup.backlog().await;
    assert_eq!(pending, (HANDED_OVER * PATHS.len()) as i64, "its deliveries are still in the store");
    assert_eq!(queued, (EVENTS - HANDED_OVER) as i64, "its unresolved messages are still on the queue");

    // The receivers recover. While the dead consumer's leases last, another consumer sees
    // nothing to do: it must not take over work that may still be in flight.
    for path in PATHS {
        setup.receiver.program(path, Script::always(Reply::ok()));
    }
    let idle = RunOptions { idle_timeout: Some(0.5), poll_interval_ms: 20, ..Default::default() };
    let stats = setup.run(&mut echo, &idle).await;
    assert_eq!((stats.messages, stats.attempts, stats.stop_reason), (0, 0, "idle_timeout"), "{stats:?}");
    assert_eq!(setup.receiver.total(), HANDED_OVER * PATHS.len());

    // Once the leases have run out, the next consumer delivers everything.
    clock.advance_ms(LEASE_SECONDS * 1000 + 1);
    let stats = setup.drain().await;
    assert_eq!(stats.messages, (EVENTS - HANDED_OVER) as u64, "{stats:?}");
    assert_eq!(stats.delivered, (EVENTS * PATHS.len()) as u64, "{stats:?}");

    let delivered: HashSet<(String, String)> =
        setup.receiver.all().iter().filter(|r| r.succeeded()).map(|r| (r.path.clone(), r.event_id())).collect();
    for path in PATHS {
        for uuid in &uuids {
            assert!(delivered.contains(&(path.to_string(), uuid.to_string())), "{uuid} never reached {path}");
        }
    }
    assert_eq!(setup.backlog().await, (0, 0));
    assert!(setup.dead_letters(DeadLetterKind::Event).await.is_empty());
    assert!(setup.dead_letters(DeadLetterKind::Delivery).await.is_empty());
}

/// A subscription's own timeout may be longer than the lease (it is only checked against
/// 120 s). A slow receiver must still not let the delivery's lease run out while it is in
/// flight: the consumer would claim it again and send it a second time concurrently.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_delivery_in_flight_is_not_claimed_again_when_its_timeout_outlasts_the_lease() {
    const LEASE_MS: u64 = 2000;
    let setup = Setup::new(json!({"lease_seconds": LEASE_MS / 1000, "timeout_ms": 1000, "backoff_seconds": [1], "max_deaths": 1})).await;
    setup.receiver.program("/slow", Script::always(Reply::ok().after(Duration::from_secs(3))));
    let mut slow = crate::harness::new_subscription("order.created", &setup.receiver.url("/slow"), "t");
    slow.timeout_ms = Some(5000);
    let sub = setup.subscribe_with(slow).await;
    let uuid = setup.publish("order.created", json!({}), 0).await;

    setup.drain().await;

    let trace = setup.trace(&uuid).await;
    let attempts = crate::harness::attempts_of(&trace, sub.subscription_id);
    let summary: Vec<_> = attempts.iter().map(|a| (a.attempt, a.trigger.as_str(), a.duration_ms, a.error_code.as_deref())).collect();
    // A duplicate claimed while the first request was in flight shows as a second attempt 1.
    let numbers: Vec<u32> = attempts.iter().map(|a| a.attempt).collect();
    assert_eq!(numbers, (1..=numbers.len() as u32).collect::<Vec<_>>(), "one request at a time: {summary:?}");
    assert_eq!(setup.receiver.count("/slow"), attempts.len(), "every request is one recorded attempt: {summary:?}");
    for attempt in &attempts {
        assert!(attempt.duration_ms < LEASE_MS, "an attempt outlasted the lease: {summary:?}");
        assert_eq!(attempt.error_code.as_deref(), Some("E_TIMEOUT"), "{summary:?}");
    }
    assert_eq!(subscription_trace(&trace, sub.subscription_id).status, "Dead Lettered");
}
