//! Sinks deliver one event to one subscription and classify the result. Each sink keeps the
//! same shape: the request it builds (`cloudevent` for the body), the service that sends it
//! (`http`), and an [`Outcome`] that the engine turns into the next step.

pub mod cloudevent;
pub mod http;

use std::time::Duration;

pub use http::HttpSink;

/// The `metadata` value of subscriptions delivered by the built-in HTTP sink.
pub const HTTP_SINK: &str = "http";

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

impl Outcome {
    pub fn failed(verdict: Verdict, code: &'static str, error: String, duration_ms: u64) -> Self {
        Self { verdict, http_status: None, duration_ms, response: error.clone(), error_code: Some(code), error: Some(error) }
    }
}
