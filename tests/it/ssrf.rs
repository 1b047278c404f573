//! The SSRF guard refuses internal recipients when a subscription is saved and again when a
//! delivery connects; bad schemes and unknown sinks are validation errors.

use async_events_core::store::DeadLetterKind;
use async_events_core::{AsyncEvents, ErrorKind};
use serde_json::json;

use crate::harness::{attempts_of, config, new_subscription, open, Setup};

async fn create_error(events: &AsyncEvents, url: &str, metadata: &str) -> async_events_core::Error {
    let mut new = new_subscription("order.created", url, "t");
    new.metadata = metadata.to_string();
    match events.create_subscription(new).await {
        Ok(sub) => panic!("{url} ({metadata}) was accepted: {sub:?}"),
        Err(e) => e,
    }
}

async fn assert_refused(events: &AsyncEvents, url: &str, kind: ErrorKind) {
    let err = create_error(events, url, "http").await;
    assert_eq!(err.kind(), kind, "{url}: {err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn internal_recipients_are_refused_when_subscribing() {
    let dir = tempfile::tempdir().unwrap();
    let guarded = open(dir.path(), json!({"ssrf_allow": []})).await;
    for url in [
        "http://127.0.0.1:8080/hook",
        "http://10.0.0.1/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]:8080/hook",
        "http://localhost:8080/hook",
        "https://192.168.1.10/hook",
        "http://[::ffff:127.0.0.1]/hook",
    ] {
        assert_refused(&guarded, url, ErrorKind::Ssrf).await;
    }
    let err = create_error(&guarded, "http://localhost:8080/hook", "http").await;
    assert!(err.to_string().contains("loopback"), "the reason names the range: {err}");

    // The allow-list opens exactly what it names.
    let allowing = AsyncEvents::open(config(dir.path(), json!({"ssrf_allow": ["127.0.0.1"]}))).await.unwrap();
    allowing.create_subscription(new_subscription("order.created", "http://127.0.0.1:8080/hook", "t")).await.unwrap();
    for url in ["http://10.0.0.1/hook", "http://169.254.169.254/latest/meta-data/", "http://[::1]:8080/hook", "http://127.0.0.2/hook"] {
        assert_refused(&allowing, url, ErrorKind::Ssrf).await;
    }

    // Not a URL the HTTP sink can deliver to, or a sink nobody serves.
    assert_refused(&guarded, "ftp://93.184.215.14/hook", ErrorKind::Validation).await;
    assert_refused(&guarded, "file:///etc/passwd", ErrorKind::Validation).await;
    assert_refused(&guarded, "not a url", ErrorKind::Validation).await;
    let err = create_error(&allowing, "http://127.0.0.1:8080/hook", "kafka").await;
    assert_eq!(err.kind(), ErrorKind::Validation, "{err}");
    assert!(err.to_string().contains("kafka"), "{err}");

    let all = allowing.subscriptions(&Default::default()).await.unwrap();
    assert_eq!(all.len(), 1, "nothing refused was saved");
}

/// The receiver's URL for `path`, by the name `localhost` instead of the address.
fn by_name(setup: &Setup, path: &str) -> String {
    setup.receiver.url(path).replace("127.0.0.1", "localhost")
}

/// Subscriptions saved while an address was allowed are still refused at delivery time by a
/// consumer whose guard does not allow it, whether the URL names the address or a host that
/// resolves to it: nothing reaches the receiver.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_guard_also_holds_when_delivering() {
    let setup = Setup::new(json!({})).await;
    let by_address = setup.subscribe("order.created", "/by-address", "t").await;
    let by_host = setup.subscribe_with(new_subscription("order.created", &by_name(&setup, "/by-host"), "t")).await;
    let guarded = AsyncEvents::open(config(setup.dir.path(), json!({"ssrf_allow": []}))).await.unwrap();
    let uuid = setup.publish("order.created", json!({}), 0).await;

    let stop = std::sync::atomic::AtomicBool::new(false);
    let mut resolver = crate::harness::echo;
    let stats = guarded.engine().run(Some(&mut resolver), &crate::harness::drain_options(), &stop).await.unwrap();

    assert_eq!((stats.attempts, stats.delivered, stats.deliveries_dead_lettered), (2, 0, 2), "{stats:?}");
    assert_eq!(setup.receiver.total(), 0, "no request was sent");
    let trace = setup.trace(&uuid).await;
    for sub in [&by_address, &by_host] {
        let attempts = attempts_of(&trace, sub.subscription_id);
        assert_eq!(attempts.len(), 1, "refusals are not retried");
        assert_eq!(attempts[0].error_code.as_deref(), Some("E_SSRF"), "{}: {:?}", sub.recipient_url, attempts[0].error);
    }
    assert_eq!(setup.dead_letters(DeadLetterKind::Delivery).await.len(), 2);
}

/// A recipient named by host is resolved through the guard at delivery time, and delivered to
/// the address the allow-list permits (localhost's ::1 is dropped, 127.0.0.1 kept).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_recipient_named_by_host_is_delivered_to_its_allowed_address() {
    let setup = Setup::new(json!({})).await;
    setup.subscribe_with(new_subscription("order.created", &by_name(&setup, "/by-host"), "t")).await;
    let uuid = setup.publish("order.created", json!({}), 0).await;

    let stats = setup.drain().await;

    assert_eq!(stats.delivered, 1, "{stats:?}");
    let requests = setup.receiver.requests("/by-host");
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].event_id(), uuid.to_string());
}
