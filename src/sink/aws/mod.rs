//! The AWS sinks: Amazon EventBridge (`metadata` `eventbridge`, `recipient_url` the bus name or
//! ARN) and Amazon SQS (`sqs`, the queue URL), over AWS's JSON protocol, signed with SigV4.
//!
//! Deliveries to the same bus or queue that are due together go out together: each destination
//! has a batcher that takes what is waiting (up to 10 entries and 256 KiB, the most one PutEvents
//! or SendMessageBatch accepts) as soon as it is free to call, with a few calls in flight at once.
//! One delivery alone is sent at once, without waiting for company. Each entry's result is its
//! delivery's outcome, recorded, retried and dead-lettered as the HTTP sink's are.

mod credentials;
mod eventbridge;
mod request;
mod sqs;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;
use tokio::sync::{mpsc, oneshot, Semaphore};

use self::credentials::{process_env, Configured, Credentials};
use self::request::{retryable, Call};
use super::{cloudevent, cut_response, Outcome, Verdict};
use crate::config::Config;
use crate::error::{Error, ErrorKind, Result};
use crate::delivery::Delivery;

/// Entries one call carries at most (PutEvents and SendMessageBatch both take 10).
const BATCH: usize = 10;

/// Bytes of entries one call carries at most (PutEvents and SendMessageBatch both take 256 KiB
/// in all); an entry larger than this goes alone, and AWS answers for it.
const BATCH_BYTES: usize = 256 * 1024;

/// Credentials are read again after this long (a rotated profile, settings fixed while the
/// consumer runs); a failure to find them is never kept.
const CREDENTIALS_FOR: Duration = Duration::from_secs(300);

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
    /// The entry's size as sent, for [`BATCH_BYTES`].
    bytes: usize,
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
    /// Found on first use (a store without AWS subscriptions needs no credentials), and when
    /// read at, [`CREDENTIALS_FOR`] ago.
    credentials: Mutex<Option<(Instant, Credentials)>>,
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
            credentials: Mutex::new(None),
        };
        Ok(Self { inner: Arc::new(inner), batchers: Mutex::new(HashMap::new()) })
    }

    /// Sends one delivery with those due for the same destination; never fails, every failure
    /// is an outcome.
    pub async fn send(&self, service: Service, delivery: &Delivery) -> Outcome {
        let body = match cloudevent::body_text(delivery) {
            Ok(body) => body,
            Err(e) => return Outcome::failed(Verdict::Fail, "E_INVALID", e.to_string(), 0),
        };
        let destination = delivery.target.recipient_url.trim().to_string();
        let entry = match service {
            Service::EventBridge => eventbridge::entry(&self.inner.source, &delivery.event_name, &body, &destination),
            Service::Sqs => sqs::entry(&destination, &delivery.event_name, delivery.uuid.as_str(), &body),
        };
        let (outcome, answer) = oneshot::channel();
        let bytes = entry.to_string().len();
        if self.batcher(service, destination).send(Pending { entry, bytes, outcome }).is_err() {
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

/// Takes what waits for one destination, a batch at a time (see [`fill_batch`]), and calls AWS for it.
async fn run_batcher(inner: Arc<Inner>, service: Service, destination: String, mut waiting: mpsc::UnboundedReceiver<Pending>) {
    let calls = Arc::new(Semaphore::new(CALLS_PER_DESTINATION));
    let mut left_over = None;
    loop {
        let first = match left_over.take() {
            Some(pending) => pending,
            None => match waiting.recv().await {
                Some(pending) => pending,
                None => break,
            },
        };
        let Ok(permit) = Arc::clone(&calls).acquire_owned().await else { break };
        // Whatever arrived while waiting for a free call goes in the same batch, if it fits.
        let (batch, did_not_fit) = fill_batch(first, || waiting.try_recv().ok());
        left_over = did_not_fit;
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

/// `first` and what `next` gives while the batch stays within [`BATCH`] entries and
/// [`BATCH_BYTES`]; returns the batch, and the entry taken that did not fit (the next batch's first).
fn fill_batch(first: Pending, mut next: impl FnMut() -> Option<Pending>) -> (Vec<Pending>, Option<Pending>) {
    let mut bytes = first.bytes;
    let mut batch = vec![first];
    while batch.len() < BATCH {
        let Some(pending) = next() else { break };
        if bytes + pending.bytes > BATCH_BYTES {
            return (batch, Some(pending));
        }
        bytes += pending.bytes;
        batch.push(pending);
    }
    (batch, None)
}

impl Inner {
    /// The credentials read at most [`CREDENTIALS_FOR`] ago, else read now from the settings, `env` and the profile.
    fn credentials(&self, env: &dyn Fn(&str) -> Option<String>) -> Result<Credentials> {
        let mut cached = self.credentials.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((_, credentials)) = cached.as_ref().filter(|(read_at, _)| read_at.elapsed() < CREDENTIALS_FOR) {
            return Ok(credentials.clone());
        }
        let read = self.configured.credentials(env)?;
        *cached = Some((Instant::now(), read.clone()));
        Ok(read)
    }

    /// One call for `entries`; returns one outcome per entry, in order.
    async fn call(&self, service: Service, destination: &str, entries: &[Value]) -> Vec<Outcome> {
        let all = |outcome: Outcome| vec![outcome; entries.len()];
        let credentials = match self.credentials(&process_env) {
            Ok(credentials) => credentials,
            Err(e) => return all(Outcome::failed(Verdict::Retry { retry_after: None }, "E_AWS_CONFIG", e.to_string(), 0)),
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
        let answered = match request::send(&self.client, self.timeout, &credentials, &call, body).await {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn pending(bytes: usize) -> Pending {
        Pending { entry: Value::from(bytes), bytes, outcome: oneshot::channel().0 }
    }

    fn sizes(batch: &[Pending]) -> Vec<usize> {
        batch.iter().map(|p| p.bytes).collect()
    }

    #[test]
    fn a_batch_stops_at_ten_entries_or_at_256_kib() {
        let mut waiting: Vec<Pending> = (0..12).map(|_| pending(100)).collect();
        let (batch, left) = fill_batch(pending(100), || waiting.pop());
        assert_eq!((batch.len(), left.is_none(), waiting.len()), (10, true, 3), "ten entries; the rest wait");

        let mut waiting = vec![pending(10), pending(100_000), pending(100_000), pending(100_000)];
        waiting.reverse();
        let (batch, left) = fill_batch(pending(50_000), || waiting.pop());
        assert_eq!(sizes(&batch), [50_000, 10, 100_000, 100_000], "262 144 bytes hold these");
        assert_eq!(left.map(|p| p.bytes), Some(100_000), "the entry that did not fit opens the next batch");

        let (batch, left) = fill_batch(pending(300_000), || Some(pending(1)));
        assert_eq!((sizes(&batch), left.map(|p| p.bytes)), (vec![300_000], Some(1)), "an oversized entry goes alone");
    }

    #[test]
    fn credentials_are_kept_for_a_while_and_a_failure_is_not_kept() {
        let sinks = AwsSinks::new(&Config::default()).unwrap();
        let none = |_: &str| None;
        assert!(sinks.inner.credentials(&none).is_err(), "nothing set anywhere");
        let set = |name: &str| match name {
            "AWS_ACCESS_KEY_ID" => Some("AKIAFIRST".to_string()),
            "AWS_SECRET_ACCESS_KEY" => Some("secret".to_string()),
            _ => None,
        };
        assert_eq!(sinks.inner.credentials(&set).unwrap().access_key_id, "AKIAFIRST", "found once set");
        let rotated = |name: &str| if name == "AWS_ACCESS_KEY_ID" { Some("AKIASECOND".to_string()) } else { set(name) };
        assert_eq!(sinks.inner.credentials(&rotated).unwrap().access_key_id, "AKIAFIRST", "kept for a while");
        sinks.inner.credentials.lock().unwrap().as_mut().unwrap().0 -= CREDENTIALS_FOR;
        assert_eq!(sinks.inner.credentials(&rotated).unwrap().access_key_id, "AKIASECOND", "read again after");
    }
}
