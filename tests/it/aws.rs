//! The AWS sinks against moto's server mode (a local EventBridge and SQS, started per test on
//! 127.0.0.1 from `.venv/bin/moto_server`, or `ASYNC_EVENTS_TEST_MOTO`): events arrive on an
//! EventBridge bus (a rule forwards them to an SQS queue the test reads) and in standard and
//! FIFO queues with their attributes; a missing bus or queue is a recorded final failure.
//! Throttling and batching are checked against the test receiver standing in for AWS's
//! endpoint, which can answer as AWS does when it throttles.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use async_events_core::store::DeadLetterKind;
use async_events_core::{NewSubscription, RunOptions, Subscription};
use serde_json::{json, Value};

use crate::harness::{attempts_of, drain_options, echo, new_subscription, Setup};
use crate::receiver::{Receiver, Reply, Script};

/// A moto server of the test's own, stopped when dropped.
struct Moto {
    process: Child,
    url: String,
    http: reqwest::Client,
}

impl Moto {
    async fn start() -> Self {
        let program = std::env::var("ASYNC_EVENTS_TEST_MOTO")
            .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/.venv/bin/moto_server").to_string());
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let process = Command::new(&program)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {program} ({e}): scripts/setup installs moto[server] into .venv"));
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(30);
        while tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_err() {
            assert!(Instant::now() < deadline, "moto did not listen on {url} within 30 s");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Self { process, url, http: reqwest::Client::new() }
    }

    /// One call of AWS's JSON protocol (moto does not check signatures).
    async fn call(&self, target: &str, body: Value) -> Value {
        // moto tells the services apart by the credential scope of the signature.
        let (content_type, service) =
            if target.starts_with("AmazonSQS") { ("application/x-amz-json-1.0", "sqs") } else { ("application/x-amz-json-1.1", "events") };
        let response = self
            .http
            .post(&self.url)
            .header("x-amz-target", target)
            .header("content-type", content_type)
            .header("authorization", format!("AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/{service}/aws4_request, SignedHeaders=host, Signature=x"))
            .body(body.to_string())
            .send()
            .await
            .expect("moto answers");
        let status = response.status();
        let text = response.text().await.unwrap();
        assert!(status.is_success(), "{target} failed: {status} {text}");
        serde_json::from_str(&text).unwrap_or(Value::Null)
    }

    async fn create_queue(&self, name: &str) -> String {
        let attributes = if name.ends_with(".fifo") { json!({"FifoQueue": "true"}) } else { json!({}) };
        let created = self.call("AmazonSQS.CreateQueue", json!({"QueueName": name, "Attributes": attributes})).await;
        created["QueueUrl"].as_str().expect("a queue URL").to_string()
    }

    /// Every message waiting in the queue.
    async fn receive_all(&self, queue_url: &str) -> Vec<Value> {
        let mut messages = Vec::new();
        loop {
            let received = self
                .call(
                    "AmazonSQS.ReceiveMessage",
                    json!({"QueueUrl": queue_url, "MaxNumberOfMessages": 10, "MessageAttributeNames": ["All"], "AttributeNames": ["All"], "VisibilityTimeout": 300}),
                )
                .await;
            let batch = received["Messages"].as_array().cloned().unwrap_or_default();
            if batch.is_empty() {
                return messages;
            }
            messages.extend(batch);
        }
    }

    /// A bus whose events a rule forwards to a new queue; returns the queue's URL.
    async fn bus_into_queue(&self, bus: &str) -> String {
        let queue_url = self.create_queue(&format!("{bus}-sink")).await;
        let queue_arn = format!("arn:aws:sqs:us-east-1:123456789012:{bus}-sink");
        self.call("AWSEvents.CreateEventBus", json!({"Name": bus})).await;
        self.call("AWSEvents.PutRule", json!({"Name": "everything", "EventBusName": bus, "EventPattern": r#"{"source":["magento.test"]}"#}))
            .await;
        self.call("AWSEvents.PutTargets", json!({"Rule": "everything", "EventBusName": bus, "Targets": [{"Id": "queue", "Arn": queue_arn}]}))
            .await;
        queue_url
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

fn aws_settings(endpoint: &str) -> Value {
    json!({
        "aws_endpoint_url": endpoint,
        "aws_region": "us-east-1",
        "aws_access_key_id": "testing",
        "aws_secret_access_key": "testing",
        "eventbridge_source": "magento.test",
    })
}

fn to(sink: &str, recipient: &str) -> NewSubscription {
    NewSubscription { metadata: sink.to_string(), ..new_subscription("sales.order.created", recipient, "unused by AWS sinks") }
}

async fn subscribe(setup: &Setup, sink: &str, recipient: &str) -> Subscription {
    setup.subscribe_with(to(sink, recipient)).await
}

#[tokio::test]
async fn events_reach_an_eventbridge_bus_and_standard_and_fifo_queues() {
    let moto = Moto::start().await;
    let setup = Setup::new(aws_settings(&moto.url)).await;
    let bus_queue = moto.bus_into_queue("orders-bus").await;
    let standard = moto.create_queue("orders").await;
    let fifo = moto.create_queue("orders.fifo").await;
    subscribe(&setup, "eventbridge", "orders-bus").await;
    subscribe(&setup, "sqs", &standard).await;
    subscribe(&setup, "sqs", &fifo).await;
    let mut uuids = Vec::new();
    for n in 0..3 {
        uuids.push(setup.publish("sales.order.created", json!({"increment_id": format!("00000000{n}")}), 1).await.to_string());
    }

    let stats = setup.drain().await;
    assert_eq!((stats.delivered, stats.attempts), (9, 9), "{stats:?}");

    let on_bus = moto.receive_all(&bus_queue).await;
    let mut seen: Vec<(String, String, String)> = on_bus
        .iter()
        .map(|m| {
            let event: Value = serde_json::from_str(m["Body"].as_str().unwrap()).unwrap();
            (event["detail-type"].as_str().unwrap().to_string(), event["source"].as_str().unwrap().to_string(), event["detail"]["id"].as_str().unwrap().to_string())
        })
        .collect();
    seen.sort();
    let mut expected: Vec<(String, String, String)> = uuids.iter().map(|u| ("sales.order.created".into(), "magento.test".into(), u.clone())).collect();
    expected.sort();
    assert_eq!(seen, expected, "each event on the bus, its CloudEvent as the detail");
    let first: Value = serde_json::from_str(on_bus[0]["Body"].as_str().unwrap()).unwrap();
    assert_eq!(first["detail"]["specversion"], "1.0");
    assert_eq!(first["detail"]["type"], "sales.order.created");

    for queue in [&standard, &fifo] {
        let messages = moto.receive_all(queue).await;
        let mut ids: Vec<String> = messages.iter().map(|m| m["MessageAttributes"]["uuid"]["StringValue"].as_str().unwrap().to_string()).collect();
        ids.sort();
        let mut wanted = uuids.clone();
        wanted.sort();
        assert_eq!(ids, wanted, "every event in {queue}");
        for message in &messages {
            let body: Value = serde_json::from_str(message["Body"].as_str().unwrap()).unwrap();
            assert_eq!(body["id"], message["MessageAttributes"]["uuid"]["StringValue"], "the body is the event's CloudEvent");
            assert_eq!(message["MessageAttributes"]["event_name"]["StringValue"], "sales.order.created");
            if queue.ends_with(".fifo") {
                assert_eq!(message["Attributes"]["MessageGroupId"], "sales.order.created");
                assert_eq!(message["Attributes"]["MessageDeduplicationId"], body["id"]);
            }
        }
    }
}

#[tokio::test]
async fn a_missing_bus_or_queue_is_a_recorded_final_failure() {
    let moto = Moto::start().await;
    let setup = Setup::new(aws_settings(&moto.url)).await;
    let bus = subscribe(&setup, "eventbridge", "no-such-bus").await;
    let queue = subscribe(&setup, "sqs", &format!("{}/123456789012/no-such-queue", moto.url)).await;
    let uuid = setup.publish("sales.order.created", json!({"increment_id": "000000001"}), 1).await;

    let stats = setup.drain().await;
    assert_eq!((stats.attempts, stats.deliveries_dead_lettered), (2, 2), "failed once each, not retried: {stats:?}");
    let trace = setup.trace(&uuid).await;
    for (subscription, code) in [(bus.subscription_id, "ResourceNotFoundException"), (queue.subscription_id, "QueueDoesNotExist")] {
        let attempts = attempts_of(&trace, subscription);
        assert_eq!(attempts.len(), 1);
        assert!(!attempts[0].success);
        assert_eq!(attempts[0].error_code.as_deref(), Some("E_AWS"));
        assert_eq!(attempts[0].http_status, Some(400));
        assert!(attempts[0].response_data.contains(code), "{code} in {}", attempts[0].response_data);
    }
    assert_eq!(setup.dead_letters(DeadLetterKind::Delivery).await.len(), 2);
}

#[tokio::test]
async fn a_throttled_call_is_retried() {
    let aws = Receiver::start().await;
    let throttled = Reply::status(400).body(r#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#);
    let accepted = Reply::ok().body(r#"{"FailedEntryCount":0,"Entries":[{"EventId":"e-1"}]}"#);
    aws.program("/aws", Script::first(1, throttled).then(accepted));
    let setup = Setup::new(aws_settings(&aws.url("/aws"))).await;
    let bus = subscribe(&setup, "eventbridge", "orders-bus").await;
    let uuid = setup.publish("sales.order.created", json!({"increment_id": "000000001"}), 1).await;

    let stats = setup.drain().await;
    assert_eq!((stats.attempts, stats.delivered, stats.retries_scheduled), (2, 1, 1), "{stats:?}");
    let trace = setup.trace(&uuid).await;
    let attempts = attempts_of(&trace, bus.subscription_id);
    assert!(attempts[0].response_data.contains("ThrottlingException") && !attempts[0].success);
    assert!(attempts[1].success && attempts[1].response_data.contains("e-1"));
    let request = &aws.requests("/aws")[0];
    assert_eq!(request.header("x-amz-target"), "AWSEvents.PutEvents");
    assert!(request.header("authorization").starts_with("AWS4-HMAC-SHA256 Credential=testing/"), "signed with SigV4");
}

#[tokio::test]
async fn deliveries_due_together_for_one_bus_go_out_in_batches_of_ten_at_most() {
    let aws = Receiver::start().await;
    let ten_accepted = json!({"FailedEntryCount": 0, "Entries": (0..10).map(|i| json!({"EventId": format!("e-{i}")})).collect::<Vec<_>>()});
    aws.program("/aws", Script::always(Reply::ok().body(&ten_accepted.to_string()).after(Duration::from_millis(200))));
    let setup = Setup::new(aws_settings(&aws.url("/aws"))).await;
    subscribe(&setup, "eventbridge", "orders-bus").await;
    for n in 0..30 {
        setup.publish("sales.order.created", json!({"n": n}), 1).await;
    }

    let stats = setup.run(&mut echo, &RunOptions { per_subscription_concurrency: 30, ..drain_options() }).await;
    assert_eq!(stats.delivered, 30, "{stats:?}");
    let calls = aws.requests("/aws");
    let sizes: Vec<usize> = calls.iter().map(|c| c.json()["Entries"].as_array().unwrap().len()).collect();
    assert_eq!(sizes.iter().sum::<usize>(), 30);
    assert!(sizes.iter().all(|n| *n <= 10), "{sizes:?}");
    assert!(calls.len() < 30, "deliveries waiting for the same bus shared calls: {sizes:?}");
}
