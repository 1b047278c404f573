//! Sinks deliver one event to one subscription and classify the result. Each sink keeps the
//! same shape: the request it builds (`cloudevent` for the body), the service that sends it
//! (`http`, `aws`), and an [`Outcome`] that the engine turns into the next step. [`Sinks`]
//! picks the sink a subscription's `metadata` names.

pub mod aws;
pub mod cloudevent;
pub mod http;

use std::time::Duration;

pub use aws::AwsSinks;
pub use http::HttpSink;

use crate::delivery::Delivery;

/// The `metadata` value of subscriptions delivered by the built-in HTTP sink.
pub const HTTP_SINK: &str = "http";
/// Amazon EventBridge: `recipient_url` is the event bus's name or ARN.
pub const EVENTBRIDGE_SINK: &str = "eventbridge";
/// Amazon SQS: `recipient_url` is the queue's URL.
pub const SQS_SINK: &str = "sqs";
/// The sinks the core serves itself.
pub const BUILT_IN: [&str; 3] = [HTTP_SINK, EVENTBRIDGE_SINK, SQS_SINK];

/// The core's sinks, and which subscriptions they serve.
pub struct Sinks {
    pub http: HttpSink,
    pub aws: AwsSinks,
    /// Sinks a PHP notifier serves (the `sinks` setting), built-in names included: a store that
    /// lists `eventbridge` there keeps its PHP notifier for it.
    pub notified: Vec<String>,
}

impl Sinks {
    /// Whether the core sends deliveries of this sink itself (else a notifier does).
    pub fn serves(&self, metadata: &str) -> bool {
        metadata == HTTP_SINK || (BUILT_IN.contains(&metadata) && !self.notified.iter().any(|n| n == metadata))
    }

    /// Sends one delivery of a sink [`Sinks::serves`]; never fails, every failure is an outcome.
    pub async fn send(&self, delivery: &Delivery) -> Outcome {
        match delivery.target.metadata.as_str() {
            EVENTBRIDGE_SINK => self.aws.send(aws::Service::EventBridge, delivery).await,
            SQS_SINK => self.aws.send(aws::Service::Sqs, delivery).await,
            _ => self.http.send(delivery).await,
        }
    }
}

/// What an attempt means for the delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Delivered,
    /// A failure worth retrying (network error, timeout, 5xx, 408, 429), maybe after the
    /// receiver's `Retry-After`.
    Retry { retry_after: Option<Duration> },
    /// A failure that retrying will not fix (other 4xx, a refused address).
    Fail,
    /// 410 Gone: the receiver wants no more; the subscription is disabled.
    Gone,
}

/// The result of one attempt. `error_code` is the customer-visible code (`E_TIMEOUT` ...);
/// `error` the detail.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub verdict: Verdict,
    pub http_status: Option<u16>,
    pub duration_ms: u64,
    /// The response body, cut at [`RESPONSE_LIMIT`] bytes, or the error text.
    pub response: String,
    pub error_code: Option<&'static str>,
    pub error: Option<String>,
}

/// How much of a response body the attempt log keeps.
pub const RESPONSE_LIMIT: usize = 8 * 1024;

/// `text` cut to the first [`RESPONSE_LIMIT`] bytes (on a character boundary), as the attempt
/// log keeps it.
pub fn cut_response(mut text: String) -> String {
    if text.len() > RESPONSE_LIMIT {
        let mut end = RESPONSE_LIMIT;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
    text
}

impl Outcome {
    pub fn failed(verdict: Verdict, code: &'static str, error: String, duration_ms: u64) -> Self {
        Self { verdict, http_status: None, duration_ms, response: error.clone(), error_code: Some(code), error: Some(error) }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_response_is_cut_at_the_limit_on_a_character_boundary() {
        let long = "é".repeat(super::RESPONSE_LIMIT);
        let cut = super::cut_response(long);
        assert!(cut.len() <= super::RESPONSE_LIMIT && cut.len() >= super::RESPONSE_LIMIT - 1);
        assert_eq!(super::cut_response("short".into()), "short");
    }
}
