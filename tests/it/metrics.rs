//! The metrics endpoint, scraped over HTTP while a consumer runs: its figures match the run's
//! own counts and the receiver's.

use std::time::Duration;

use async_events_core::RunOptions;
use serde_json::json;

use crate::harness::{echo, Setup};
use crate::receiver::{Reply, Script};

/// The value of the sample written exactly as `series` (name and labels).
fn sample(text: &str, series: &str) -> Option<f64> {
    text.lines().find_map(|line| line.strip_prefix(series)?.strip_prefix(' ')?.parse().ok())
}

#[tokio::test]
async fn a_running_consumer_serves_metrics_that_match_its_run() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let setup = Setup::new(json!({"metrics_listen": port.to_string(), "max_deaths": 0})).await;
    let ok = setup.subscribe("sales.order.created", "/ok", "t").await;
    let failing = setup.subscribe("sales.order.created", "/failing", "t").await;
    setup.receiver.program("/failing", Script::always(Reply::status(500)));
    for n in 0..6 {
        setup.publish("sales.order.created", json!({"n": n}), 1).await;
    }

    let options = RunOptions { idle_timeout: Some(1.5), poll_interval_ms: 20, ..RunOptions::default() };
    let scrape = async {
        setup.receiver.wait_for("/failing", 6, Duration::from_secs(30)).await;
        setup.receiver.wait_for("/ok", 6, Duration::from_secs(30)).await;
        // The last attempts are recorded a moment after the receiver answered.
        tokio::time::sleep(Duration::from_millis(300)).await;
        let response = reqwest::get(format!("http://127.0.0.1:{port}/metrics")).await.expect("the endpoint answers");
        assert_eq!(response.status(), 200);
        assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/plain; version=0.0.4"));
        response.text().await.unwrap()
    };
    let mut resolver = echo;
    let (stats, text) = tokio::join!(setup.run(&mut resolver, &options), scrape);

    let delivered = format!("async_events_delivery_attempts_total{{outcome=\"delivered\",subscription_id=\"{}\"}}", ok.subscription_id.0);
    let dead = format!("async_events_delivery_attempts_total{{outcome=\"dead_lettered\",subscription_id=\"{}\"}}", failing.subscription_id.0);
    assert_eq!(sample(&text, &delivered), Some(stats.delivered as f64), "{text}");
    assert_eq!(sample(&text, &dead), Some(stats.deliveries_dead_lettered as f64));
    assert_eq!((stats.delivered, stats.deliveries_dead_lettered), (6, 6));
    assert_eq!(sample(&text, "async_events_events_consumed_total"), Some(stats.messages as f64));
    assert_eq!(sample(&text, "async_events_dead_letters_total{kind=\"delivery\"}"), Some(6.0));
    assert_eq!(sample(&text, "async_events_dead_letters_total{kind=\"event\"}"), Some(0.0));
    assert_eq!(sample(&text, "async_events_retries_scheduled_total"), Some(0.0));
    assert_eq!(sample(&text, "async_events_attempt_duration_seconds_count"), Some(stats.attempts as f64));
    assert_eq!(sample(&text, "async_events_attempt_duration_seconds_bucket{le=\"+Inf\"}"), Some(12.0));
    assert_eq!(sample(&text, "async_events_queue_depth"), Some(0.0));
    assert_eq!(sample(&text, "async_events_deliveries_pending"), Some(0.0));

    let gone = reqwest::get(format!("http://127.0.0.1:{port}/metrics")).await;
    assert!(gone.is_err(), "the endpoint stops with the run");
}

#[tokio::test]
async fn a_consumer_whose_metrics_address_is_taken_still_runs() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let setup = Setup::new(json!({"metrics_listen": format!("127.0.0.1:{port}")})).await;
    setup.subscribe("sales.order.created", "/ok", "t").await;
    setup.publish("sales.order.created", json!({"n": 1}), 1).await;
    let stats = setup.drain().await;
    assert_eq!(stats.delivered, 1, "another consumer of the host serves the metrics; this one delivers");
    drop(taken);
}
