//! The AWS sinks: Amazon EventBridge (`metadata` `eventbridge`, `recipient_url` the bus name or
//! ARN) and Amazon SQS (`sqs`, the queue URL), over AWS's JSON protocol, signed with SigV4.
//!
//! Deliveries to the same bus or queue that are due together go out together: each destination
//! has a batcher that takes what is waiting (up to 10, the most one PutEvents or
//! SendMessageBatch accepts) as soon as it is free to call, with a few calls in flight at once.
//! One delivery alone is sent at once, without waiting for company. Each entry's result is its
//! delivery's outcome, recorded, retried and dead-lettered as the HTTP sink's are.

mod credentials;
mod eventbridge;
mod request;
mod sqs;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use serde_json::Value;
use tokio::sync::{mpsc, oneshot, Semaphore};

use self::credentials::{process_env, Configured, Credentials};
use self::request::{retryable, Call};
use super::{cloudevent, cut_response, Outcome, Verdict};
use crate::config::Config;
use crate::error::{Error, ErrorKind, Result};
use crate::store::Delivery;

/// Entries one call carries at most (PutEvents and SendMessageBatch both take 10).
const BATCH: usize = 10;

/// Calls in flight at once to one bus or queue.
const CALLS_PER_DESTINATION: usize = 8;

/// Whether `region` looks like an AWS region (`eu-west-1`, `us-gov-west-1`): it becomes part of
/// the endpoint's host name, so nothing else may pass.
pub fn is_region(region: &str) -> bool {
    let parts: Vec<&str> = region.split('-').collect();
    region.len() <= 32
        && parts.len() >= 3
        && parts[0].len() == 2
        && parts[..parts.len() - 1].iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase()))
        && parts[parts.len() - 1].chars().all(|c| c.is_ascii_digit())
        && !parts[parts.len() - 1].is_empty()
}

pub use eventbridge::is_bus;

/// The AWS service a delivery goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Service {
    EventBridge,
    Sqs,
}

/// What AWS said of one entry of a call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryResult {
    /// Accepted; the entry's answer (event or message id), for the attempt log.
    Sent(String),
    Failed { code: String, message: String },
}

/// One delivery waiting in its destination's batcher.
struct Pending {
    entry: Value,
    outcome: oneshot::Sender<Outcome>,
}

/// The AWS sinks of one core.
pub struct AwsSinks {
    inner: Arc<Inner>,
    batchers: Mutex<HashMap<(Service, String), mpsc::UnboundedSender<Pending>>>,
}

struct Inner {
    client: reqwest::Client,
    timeout: Duration,
    configured: Configured,
    endpoint: Option<String>,
    source: String,
    /// Found on first use: a store without AWS subscriptions needs no credentials.
    credentials: OnceLock<std::result::Result<Credentials, String>>,
}

impl AwsSinks {
    pub fn new(config: &Config) -> Result<Self> {
        let client = reqwest::Client::builder()
            .connect_timeout(Duration::from_millis(config.connect_timeout_ms))
            .redirect(reqwest::redirect::Policy::none())
            .tcp_nodelay(true)
            .user_agent(concat!("mageos-async-events-rs/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| Error::with_source(ErrorKind::Config, "cannot build the AWS client", e))?;
        let inner = Inner {
            client,
            timeout: Duration::from_millis(config.timeout_ms),
            configured: Configured::from_config(config),
            endpoint: config.aws_endpoint_url.clone().filter(|e| !e.is_empty()),
            source: config.eventbridge_source.clone(),
            credentials: OnceLock::new(),
        };
        Ok(Self { inner: Arc::new(inner), batchers: Mutex::new(HashMap::new()) })
    }

    /// Sends one delivery with those due for the same destination; never fails, every failure
    /// is an outcome.
    pub async fn send(&self, service: Service, delivery: &Delivery) -> Outcome {
        let body = match cloudevent::encode(delivery) {
            Ok(body) => String::from_utf8_lossy(&body).into_owned(),
            Err(e) => return Outcome::failed(Verdict::Fail, "E_INVALID", e.to_string(), 0),
        };
        let destination = delivery.target.recipient_url.trim().to_string();
        let entry = match service {
            Service::EventBridge => eventbridge::entry(&self.inner.source, &delivery.event_name, &body, &destination),
            Service::Sqs => sqs::entry(&destination, &delivery.event_name, delivery.uuid.as_str(), &body),
        };
        let (outcome, answer) = oneshot::channel();
        if self.batcher(service, destination).send(Pending { entry, outcome }).is_err() {
            return Outcome::failed(Verdict::Retry { retry_after: None }, "E_INTERNAL", "the AWS batcher stopped".into(), 0);
        }
        answer.await.unwrap_or_else(|_| Outcome::failed(Verdict::Retry { retry_after: None }, "E_INTERNAL", "the AWS call was dropped".into(), 0))
    }

    fn batcher(&self, service: Service, destination: String) -> mpsc::UnboundedSender<Pending> {
        let mut batchers = self.batchers.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let key = (service, destination);
        if let Some(sender) = batchers.get(&key).filter(|s| !s.is_closed()) {
            return sender.clone();
        }
        let (sender, waiting) = mpsc::unbounded_channel();
        tokio::spawn(run_batcher(Arc::clone(&self.inner), service, key.1.clone(), waiting));
        batchers.insert(key, sender.clone());
        sender
    }
}

/// Takes what waits for one destination, up to [`BATCH`] at a time, and calls AWS for it.
async fn run_batcher(inner: Arc<Inner>, service: Service, destination: String, mut waiting: mpsc::UnboundedReceiver<Pending>) {
    let calls = Arc::new(Semaphore::new(CALLS_PER_DESTINATION));
    while let Some(first) = waiting.recv().await {
        let Ok(permit) = Arc::clone(&calls).acquire_owned().await else { break };
        // Whatever arrived while waiting for a free call goes in the same batch.
        let mut batch = vec![first];
        while batch.len() < BATCH {
            match waiting.try_recv() {
                Ok(pending) => batch.push(pending),
                Err(_) => break,
            }
        }
        let inner = Arc::clone(&inner);
        let destination = destination.clone();
        tokio::spawn(async move {
            let entries: Vec<Value> = batch.iter().map(|p| p.entry.clone()).collect();
            let outcomes = inner.call(service, &destination, &entries).await;
            for (pending, outcome) in batch.into_iter().zip(outcomes) {
                // The delivery's task may be gone (its run stopped): its lease brings it back.
                let _ = pending.outcome.send(outcome);
            }
            drop(permit);
        });
    }
}

impl Inner {
    /// One call for `entries`; returns one outcome per entry, in order.
    async fn call(&self, service: Service, destination: &str, entries: &[Value]) -> Vec<Outcome> {
        let all = |outcome: Outcome| vec![outcome; entries.len()];
        let credentials = match self.credentials.get_or_init(|| Configured::credentials(&self.configured, &process_env).map_err(|e| e.to_string())) {
            Ok(credentials) => credentials,
            Err(e) => return all(Outcome::failed(Verdict::Retry { retry_after: None }, "E_AWS_CONFIG", e.clone(), 0)),
        };
        let (name, target, content_type, body, region) = match service {
            Service::EventBridge => {
                (eventbridge::SERVICE, eventbridge::TARGET, eventbridge::CONTENT_TYPE, eventbridge::request(entries), eventbridge::region_of(destination).map(str::to_string))
            }
            Service::Sqs => (sqs::SERVICE, sqs::TARGET, sqs::CONTENT_TYPE, sqs::request(destination, entries), sqs::region_of(destination)),
        };
        let Some(region) = region.or_else(|| self.configured.region(&process_env)) else {
            let error = format!("no AWS region for '{destination}': set aws_region or AWS_REGION");
            return all(Outcome::failed(Verdict::Retry { retry_after: None }, "E_AWS_CONFIG", error, 0));
        };
        if !is_region(&region) {
            let error = format!("'{region}' is not an AWS region");
            return all(Outcome::failed(Verdict::Fail, "E_AWS_CONFIG", error, 0));
        }
        let endpoint = match &self.endpoint {
            Some(endpoint) => endpoint.clone(),
            None => format!("https://{name}.{region}.amazonaws.com/"),
        };
        let call = Call { service: name, region: &region, endpoint: &endpoint, target, content_type };
        let answered = match request::send(&self.client, self.timeout, credentials, &call, body).await {
            Ok(answered) => answered,
            Err(outcome) => return all(outcome),
        };
        let results = match service {
            Service::EventBridge => eventbridge::results(&answered.body, entries.len()),
            Service::Sqs => sqs::results(&answered.body, entries.len()),
        };
        results.into_iter().map(|result| entry_outcome(result, answered.status, answered.duration_ms)).collect()
    }
}

fn entry_outcome(result: EntryResult, status: u16, duration_ms: u64) -> Outcome {
    match result {
        EntryResult::Sent(response) => {
            Outcome { verdict: Verdict::Delivered, http_status: Some(status), duration_ms, response: cut_response(response), error_code: None, error: None }
        }
        EntryResult::Failed { code, message } => {
            let verdict = if retryable(&code) { Verdict::Retry { retry_after: None } } else { Verdict::Fail };
            let mut outcome = Outcome::failed(verdict, "E_AWS", cut_response(format!("{code}: {message}")), duration_ms);
            outcome.http_status = Some(status);
            outcome
        }
    }
}
