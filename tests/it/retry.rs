//! Retry rules: which failures are retried, Retry-After, 410 Gone, the back-off schedule and
//! dead-lettering after max_deaths.

use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Duration;

use async_events_core::clock::format_datetime;
use async_events_core::store::DeadLetterKind;
use async_events_core::subscription::SubscriptionPatch;
use async_events_core::secret::Secret;
use async_events_core::{ManualClock, RetryPolicy};
use serde_json::json;

use crate::harness::{attempts_of, backend, drain_options, echo, expected_magento_signature, new_subscription, subscription_trace, Backend, Setup, RUN_LIMIT};
use crate::receiver::{closed_port_url, Reply, Script};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retryable_failures_are_retried_and_the_others_dead_lettered_at_once() {
    let setup = Setup::new(json!({"backoff_seconds": [1], "max_deaths": 1})).await;
    let event = "customer.saved";

    // Fail once with a retryable status, then succeed.
    let mut retried = Vec::new();
    for status in [500, 502, 503, 408, 429] {
        let path = format!("/retryable-{status}");
        setup.receiver.program(&path, Script::first(1, Reply::status(status)));
        retried.push((path.clone(), Some(status), "E_HTTP", setup.subscribe(event, &path, "t").await));
    }
    // Slower than the subscription's timeout once, then fast.
    setup.receiver.program("/slow-once", Script::first(1, Reply::ok().after(Duration::from_secs(3))));
    let mut slow = new_subscription(event, &setup.receiver.url("/slow-once"), "t");
    slow.timeout_ms = Some(300);
    retried.push(("/slow-once".into(), None, "E_TIMEOUT", setup.subscribe_with(slow).await));
    // Never answers: nothing listens on the port.
    let refused = setup.subscribe_with(new_subscription(event, &closed_port_url(), "t")).await;
    // Fail for good.
    let mut final_failures = Vec::new();
    for status in [400, 401, 404, 422] {
        let path = format!("/final-{status}");
        setup.receiver.program(&path, Script::always(Reply::status(status)));
        final_failures.push((path.clone(), status, setup.subscribe(event, &path, "t").await));
    }

    let uuid = setup.publish(event, json!({"id": 7}), 0).await;
    setup.drain().await;
    let trace = setup.trace(&uuid).await;
    let dead = setup.dead_letters(DeadLetterKind::Delivery).await;

    for (path, status, code, sub) in &retried {
        assert_eq!(setup.receiver.count(path), 2, "{path} is attempted twice");
        let summary = subscription_trace(&trace, sub.subscription_id);
        assert_eq!((summary.status, summary.attempts, summary.retries), ("Delivered", 2, 1), "{path}");
        let attempts = attempts_of(&trace, sub.subscription_id);
        assert!(!attempts[0].success);
        assert_eq!(attempts[0].http_status, *status, "{path}");
        assert_eq!(attempts[0].error_code.as_deref(), Some(*code), "{path}");
        assert!(attempts[0].next_attempt_at.is_some(), "{path}: a retry was scheduled");
        assert!(attempts[1].success);
        assert_eq!((attempts[1].attempt, attempts[1].trigger.as_str()), (2, "retry"));
    }

    let summary = subscription_trace(&trace, refused.subscription_id);
    assert_eq!((summary.status, summary.attempts), ("Dead Lettered", 2), "connection refused is retried, then given up");
    for attempt in attempts_of(&trace, refused.subscription_id) {
        assert_eq!(attempt.error_code.as_deref(), Some("E_CONNECTION"));
        assert_eq!(attempt.http_status, None);
    }
    let refused_letter = dead.iter().find(|d| d.subscription_id == Some(refused.subscription_id.0)).expect("dead letter");
    assert!(refused_letter.reason.starts_with("gave up after 2 attempts"), "{}", refused_letter.reason);
    assert_eq!(refused_letter.deaths, 2);

    for (path, status, sub) in &final_failures {
        assert_eq!(setup.receiver.count(path), 1, "{path} is not retried");
        let summary = subscription_trace(&trace, sub.subscription_id);
        assert_eq!((summary.status, summary.attempts), ("Dead Lettered", 1), "{path}");
        let attempts = attempts_of(&trace, sub.subscription_id);
        assert_eq!(attempts[0].http_status, Some(*status));
        assert_eq!(attempts[0].next_attempt_at, None);
        let letter = dead.iter().find(|d| d.subscription_id == Some(sub.subscription_id.0)).expect("dead letter");
        assert!(letter.reason.starts_with("not retryable"), "{}", letter.reason);
        assert_eq!((letter.uuid.as_str(), letter.deaths), (uuid.as_str(), 1));
    }
    assert_eq!(dead.len(), 1 + final_failures.len(), "nothing else is dead-lettered: {dead:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retry_after_replaces_the_back_off() {
    // The 30 s back-off would fail the gap assertion below; Retry-After: 1 must win over it.
    let setup = Setup::new(json!({"backoff_seconds": [30]})).await;
    setup.receiver.program("/busy", Script::first(1, Reply::status(429).retry_after("1")));
    let sub = setup.subscribe("invoice.paid", "/busy", "t").await;
    let uuid = setup.publish("invoice.paid", json!({}), 0).await;

    setup.drain().await;

    let requests = setup.receiver.requests("/busy");
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].status, Some(429));
    let gap = requests[1].arrived - requests[0].arrived;
    assert!(gap >= Duration::from_millis(900), "retried after {gap:?}, before Retry-After's 1 s");
    assert!(gap <= Duration::from_millis(2500), "retried after {gap:?}: Retry-After: 1 was not honoured");
    let trace = setup.trace(&uuid).await;
    assert_eq!(subscription_trace(&trace, sub.subscription_id).status, "Delivered");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gone_disables_the_subscription_and_dead_letters_the_delivery() {
    let setup = Setup::new(json!({"backoff_seconds": [1]})).await;
    setup.receiver.program("/gone", Script::always(Reply::status(410)));
    let gone = setup.subscribe("order.shipped", "/gone", "t").await;
    let other = setup.subscribe("order.shipped", "/other", "t").await;
    let first = setup.publish("order.shipped", json!({"n": 1}), 0).await;

    setup.drain().await;

    assert_eq!(setup.receiver.count("/gone"), 1, "410 is not retried");
    let disabled = setup.events.subscription(gone.subscription_id).await.unwrap();
    assert!(!disabled.status, "the subscription is disabled");
    let reason = disabled.disabled_reason.expect("a disabled reason");
    assert!(reason.contains("410"), "{reason}");
    assert!(setup.events.subscription(other.subscription_id).await.unwrap().status, "the other subscription stays active");
    let trace = setup.trace(&first).await;
    assert_eq!(subscription_trace(&trace, gone.subscription_id).status, "Dead Lettered");
    let dead = setup.dead_letters(DeadLetterKind::Delivery).await;
    assert_eq!(dead.len(), 1);
    assert_eq!((dead[0].uuid.as_str(), dead[0].subscription_id), (first.as_str(), Some(gone.subscription_id.0)));

    // Later events no longer go to the disabled subscription.
    setup.publish("order.shipped", json!({"n": 2}), 0).await;
    setup.drain().await;
    assert_eq!(setup.receiver.count("/gone"), 1);
    assert_eq!(setup.receiver.count("/other"), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn back_off_follows_the_schedule_then_dead_letters() {
    // Neighbouring steps differ by more than the tolerance, so taking the wrong step of the
    // schedule (an off-by-one, or always the first or last entry) fails.
    let schedule = [1u64, 3, 1];
    let setup = Setup::new(json!({"backoff_seconds": schedule, "max_deaths": 3})).await;
    setup.receiver.program("/down", Script::always(Reply::status(503)));
    let sub = setup.subscribe("price.changed", "/down", "t").await;
    let uuid = setup.publish("price.changed", json!({"sku": "x"}), 0).await;

    let stats = setup.drain().await;

    assert_eq!((stats.attempts, stats.retries_scheduled, stats.deliveries_dead_lettered), (4, 3, 1), "{stats:?}");
    let requests = setup.receiver.requests("/down");
    assert_eq!(requests.len(), 1 + schedule.len(), "1 attempt + max_deaths retries");
    for (n, (pair, wait)) in requests.windows(2).zip(schedule).enumerate() {
        let gap = pair[1].arrived - pair[0].arrived;
        let wait = Duration::from_secs(wait);
        assert!(gap >= wait - Duration::from_millis(100), "retry {} came after {gap:?}, before its {wait:?} back-off", n + 1);
        assert!(gap <= wait + Duration::from_millis(1500), "retry {} came after {gap:?}, long after its {wait:?} back-off", n + 1);
    }
    assert!(requests.iter().all(|r| r.header("webhook-id") == uuid.as_str()), "every retry has the same webhook-id");

    let trace = setup.trace(&uuid).await;
    let summary = subscription_trace(&trace, sub.subscription_id);
    assert_eq!((summary.status, summary.attempts, summary.retries), ("Dead Lettered", 4, 3));
    let numbers: Vec<u32> = trace.attempts.iter().map(|a| a.attempt).collect();
    assert_eq!(numbers, vec![1, 2, 3, 4]);
    assert_eq!(trace.attempts.last().unwrap().next_attempt_at, None, "no retry after the last attempt");
    let dead = setup.dead_letters(DeadLetterKind::Delivery).await;
    assert_eq!(dead.len(), 1);
    assert_eq!((dead[0].uuid.as_str(), dead[0].subscription_id, dead[0].deaths), (uuid.as_str(), Some(sub.subscription_id.0), 4));
    assert!(dead[0].reason.starts_with("gave up after 4 attempts"), "{}", dead[0].reason);
    assert_eq!(setup.backlog().await, (0, 0));
}

/// The default schedule, min(60, deaths^2) seconds, on a manual clock: each retry falls due
/// exactly when the clock reaches it, not a millisecond earlier.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn default_back_off_on_a_manual_clock() {
    if backend() == Backend::MySqlAmqp {
        return; // RabbitMQ's delay queues wait in real time (amqp::back_off_goes_through_the_brokers_delay_queues)
    }
    const START: i64 = 1_800_000_000_000;
    let clock = ManualClock::starting_at(START);
    let setup = Setup::with_clock(json!({"max_deaths": 5}), Arc::new(clock.clone())).await;
    setup.receiver.program("/down", Script::always(Reply::status(500)));
    let sub = setup.subscribe("price.changed", "/down", "t").await;
    let uuid = setup.publish("price.changed", json!({}), 0).await;
    let policy = RetryPolicy::default();

    let stop = AtomicBool::new(false);
    let mut resolver = echo;
    let options = drain_options();
    let run = setup.events.engine().run(Some(&mut resolver), &options, &stop);
    let drive = async {
        let mut now = START;
        for n in 1..=6u32 {
            setup.receiver.wait_for("/down", n as usize, Duration::from_secs(20)).await;
            let requests = setup.receiver.requests("/down");
            let request = &requests[n as usize - 1];
            assert_eq!(request.header("webhook-timestamp"), (now / 1000).to_string(), "attempt {n} is sent at the clock's time");
            if n == 6 {
                break;
            }
            // Wait until the attempt is recorded, then check when its retry is due.
            let attempt = loop {
                let trace = setup.trace(&uuid).await;
                if let Some(a) = trace.attempts.get(n as usize - 1) {
                    break a.clone();
                }
                tokio::time::sleep(Duration::from_millis(10)).await;
            };
            let backoff = policy.backoff(n).as_millis() as i64;
            assert_eq!(backoff, i64::from(n * n) * 1000);
            assert_eq!(attempt.created_ms, now);
            assert_eq!(attempt.next_attempt_at, Some(format_datetime(now + backoff)), "back-off after attempt {n}");

            clock.advance_ms(backoff - 1);
            tokio::time::sleep(Duration::from_millis(200)).await;
            assert_eq!(setup.receiver.count("/down"), n as usize, "attempt {} was sent before its back-off ran out", n + 1);
            clock.advance_ms(1);
            now += backoff;
        }
    };
    let (stats, ()) = tokio::time::timeout(RUN_LIMIT, async { tokio::join!(run, drive) }).await.expect("finishes in time");
    let stats = stats.unwrap();

    assert_eq!((stats.attempts, stats.deliveries_dead_lettered), (6, 1), "{stats:?}");
    assert_eq!(setup.receiver.count("/down"), 6);
    let trace = setup.trace(&uuid).await;
    assert_eq!(subscription_trace(&trace, sub.subscription_id).status, "Dead Lettered");
    let dead = setup.dead_letters(DeadLetterKind::Delivery).await;
    assert_eq!((dead.len(), dead[0].deaths), (1, 6));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_no_key_opens_fails_its_own_attempts_and_the_run_goes_on() {
    let setup = Setup::new(json!({"backoff_seconds": [1], "max_deaths": 1})).await;
    let event = "order.invoiced";
    let healthy = setup.subscribe(event, "/healthy", "t").await;
    let unreadable = setup.subscribe(event, "/unreadable", "t").await;
    // As if the store's key had been replaced since the token was sealed.
    let pool = setup.store_pool().await;
    sqlx::query("UPDATE async_event_subscriber SET verification_token = 'sealed-with-a-lost-key' WHERE subscription_id = ?")
        .bind(unreadable.subscription_id.0)
        .execute(&pool)
        .await
        .expect("spoil the token");

    let uuid = setup.publish(event, json!({"id": 9}), 0).await;
    setup.drain().await;

    assert_eq!(setup.receiver.count("/healthy"), 1, "the other subscription is delivered");
    assert_eq!(setup.receiver.count("/unreadable"), 0, "nothing is sent unsigned");
    let trace = setup.trace(&uuid).await;
    assert_eq!(subscription_trace(&trace, healthy.subscription_id).status, "Delivered");
    let attempts = attempts_of(&trace, unreadable.subscription_id);
    assert_eq!(attempts.len(), 2, "retried like a network error: {attempts:#?}");
    for attempt in &attempts {
        assert_eq!(attempt.error_code.as_deref(), Some("E_CRYPTO"));
        assert!(attempt.error.as_deref().is_some_and(|e| e.contains("cannot be decrypted")), "{attempt:#?}");
    }
    let dead = setup.dead_letters(DeadLetterKind::Delivery).await;
    assert_eq!(dead.len(), 1, "{dead:#?}");
    assert_eq!(dead[0].subscription_id, Some(unreadable.subscription_id.0));

    // The token saved again, the dead letter retried: delivered, signed with the new token.
    let patch = SubscriptionPatch { verification_token: Some(Secret::new("renewed")), ..Default::default() };
    setup.events.update_subscription(unreadable.subscription_id, patch).await.expect("save a new token");
    assert_eq!(setup.events.retry_dead_letters(DeadLetterKind::Delivery, 10).await.expect("retry"), 1);
    setup.drain().await;
    let sent = setup.receiver.requests("/unreadable");
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].header("x-magento-signature"), expected_magento_signature("renewed", &sent[0].body));
}
