//! The HTTP sink: POSTs the CloudEvent with both signatures through one pooled, keep-alive
//! client per connect timeout, never following redirects, with the SSRF guard on every
//! connection; and classifies the answer (retry on network errors, timeouts, 5xx, 408 and
//! 429; 410 disables; other statuses fail for good).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::{Client, StatusCode};

use super::{cloudevent, Outcome, Verdict, RESPONSE_LIMIT};
use crate::clock::Clock;
use crate::error::{Error, ErrorKind, Result};
use crate::signature::{magento_signature, standard_webhooks_signature};
use crate::ssrf::{literal_ip, AddressPolicy, GuardedResolver};
use crate::delivery::Delivery;

pub struct HttpSink {
    addresses: Arc<AddressPolicy>,
    clock: Arc<dyn Clock>,
    default_connect: Duration,
    default_timeout: Duration,
    /// The longest any request may take (see [`HttpSink::new`]).
    max_timeout: Duration,
    /// Clients by connect timeout: reqwest sets it per client, subscriptions may override it.
    clients: Mutex<HashMap<Duration, Client>>,
}

impl HttpSink {
    /// `lease` is how long a claimed delivery stays invisible to other claims. A request must
    /// end before it runs out, or the delivery is claimed and sent again while still in flight.
    /// The configuration keeps the default timeout under the lease, but a subscription's own
    /// timeout is only limited to 120 s; it is cut here to the lease less a second (for
    /// recording the attempt), or to the default timeout if that is longer.
    pub fn new(
        addresses: Arc<AddressPolicy>,
        clock: Arc<dyn Clock>,
        default_connect: Duration,
        default_timeout: Duration,
        lease: Duration,
    ) -> Self {
        let max_timeout = lease.saturating_sub(Duration::from_secs(1)).max(default_timeout);
        Self { addresses, clock, default_connect, default_timeout, max_timeout, clients: Mutex::new(HashMap::new()) }
    }

    fn client(&self, connect: Duration) -> Result<Client> {
        let mut clients = self.clients.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(client) = clients.get(&connect) {
            return Ok(client.clone());
        }
        let client = Client::builder()
            .connect_timeout(connect)
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .tcp_nodelay(true)
            .pool_max_idle_per_host(256)
            .pool_idle_timeout(Duration::from_secs(60))
            .user_agent(concat!("mageos-async-events-rs/", env!("CARGO_PKG_VERSION")))
            .dns_resolver(GuardedResolver(Arc::clone(&self.addresses)))
            .build()
            .map_err(|e| Error::with_source(ErrorKind::Config, "cannot build the HTTP client", e))?;
        clients.insert(connect, client.clone());
        Ok(client)
    }

    /// Sends one delivery and classifies the result; never fails, every failure is an outcome.
    pub async fn send(&self, delivery: &Delivery) -> Outcome {
        let started = Instant::now();
        let elapsed = |started: Instant| started.elapsed().as_millis() as u64;
        let request = match self.build(delivery) {
            Ok(request) => request,
            Err(e) => {
                let (verdict, code) = match e.kind() {
                    ErrorKind::Ssrf => (Verdict::Fail, "E_SSRF"),
                    ErrorKind::Crypto => (Verdict::Retry { retry_after: None }, "E_CRYPTO"),
                    _ => (Verdict::Fail, "E_INVALID"),
                };
                return Outcome::failed(verdict, code, e.to_string(), elapsed(started));
            }
        };
        match request.send().await {
            Ok(response) => classify_response(response, started, self.clock.now_ms() / 1000).await,
            Err(e) => classify_error(&e, elapsed(started)),
        }
    }

    fn build(&self, delivery: &Delivery) -> Result<reqwest::RequestBuilder> {
        let target = &delivery.target;
        let url = target.url()?;
        // IP literals never reach the DNS resolver, so they are checked here.
        if let Some(ip) = literal_ip(url) {
            if let Some(reason) = self.addresses.refusal(ip) {
                return Err(Error::new(ErrorKind::Ssrf, format!("the recipient {ip} is a {reason} address")));
            }
        }
        let body = cloudevent::body(delivery)?;
        let token = target.signing_token()?.expose().as_bytes();
        let timestamp = self.clock.now_ms() / 1000;
        let connect = target.connect_timeout_ms.map_or(self.default_connect, Duration::from_millis);
        let timeout = target.timeout_ms.map_or(self.default_timeout, Duration::from_millis).min(self.max_timeout);
        let request = self
            .client(connect)?
            .post(url.clone())
            .timeout(timeout)
            .header("content-type", "application/json")
            .header("x-magento-signature", magento_signature(token, &body))
            .header("webhook-id", delivery.uuid.as_str())
            .header("webhook-timestamp", timestamp.to_string())
            .header("webhook-signature", standard_webhooks_signature(token, delivery.uuid.as_str(), timestamp, &body))
            .body(body);
        // W3C trace context (checked at publish): the receiver's spans join the publisher's trace.
        Ok(match &delivery.context.traceparent {
            Some(traceparent) => request.header("traceparent", traceparent.as_str()),
            None => request,
        })
    }
}

async fn classify_response(mut response: reqwest::Response, started: Instant, now_secs: i64) -> Outcome {
    let status = response.status();
    let retry_after = response.headers().get("retry-after").and_then(|v| v.to_str().ok()).and_then(|v| parse_retry_after(v, now_secs));
    let mut body = Vec::new();
    // The body is only kept for the log: a read error leaves what was read.
    while body.len() < RESPONSE_LIMIT {
        match response.chunk().await {
            Ok(Some(chunk)) => body.extend_from_slice(&chunk[..chunk.len().min(RESPONSE_LIMIT - body.len())]),
            _ => break,
        }
    }
    let (verdict, code) = verdict_for(status, retry_after);
    Outcome {
        verdict,
        http_status: Some(status.as_u16()),
        duration_ms: started.elapsed().as_millis() as u64,
        response: String::from_utf8_lossy(&body).into_owned(),
        error_code: code,
        error: code.map(|_| format!("the receiver answered HTTP {status}")),
    }
}

fn verdict_for(status: StatusCode, retry_after: Option<Duration>) -> (Verdict, Option<&'static str>) {
    match status.as_u16() {
        200..=299 => (Verdict::Delivered, None),
        410 => (Verdict::Gone, Some("E_GONE")),
        408 | 429 | 500..=599 => (Verdict::Retry { retry_after }, Some("E_HTTP")),
        300..=399 => (Verdict::Fail, Some("E_REDIRECT")),
        _ => (Verdict::Fail, Some("E_HTTP")),
    }
}

fn classify_error(e: &reqwest::Error, duration_ms: u64) -> Outcome {
    let detail = error_chain(e);
    let refused_by_guard = {
        let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
        let mut found = false;
        while let Some(s) = source {
            if s.downcast_ref::<Error>().is_some_and(|err| err.kind() == ErrorKind::Ssrf) {
                found = true;
            }
            source = s.source();
        }
        found
    };
    if refused_by_guard {
        Outcome::failed(Verdict::Fail, "E_SSRF", detail, duration_ms)
    } else if e.is_timeout() {
        Outcome::failed(Verdict::Retry { retry_after: None }, "E_TIMEOUT", detail, duration_ms)
    } else if e.is_connect() {
        Outcome::failed(Verdict::Retry { retry_after: None }, "E_CONNECTION", detail, duration_ms)
    } else {
        Outcome::failed(Verdict::Retry { retry_after: None }, "E_NETWORK", detail, duration_ms)
    }
}

/// The error and its causes on one line ("error sending request: connection refused").
fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let part = s.to_string();
        if !text.contains(&part) {
            text.push_str(": ");
            text.push_str(&part);
        }
        source = s.source();
    }
    text
}

/// `Retry-After` as delay-seconds or an HTTP date.
fn parse_retry_after(value: &str, now_secs: i64) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let wait = at.timestamp() - now_secs;
    Some(Duration::from_secs(wait.max(0) as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_are_classified_as_the_retry_rules_say() {
        let retry = |s: u16| matches!(verdict_for(StatusCode::from_u16(s).unwrap(), None).0, Verdict::Retry { .. });
        for s in [408, 429, 500, 502, 503, 599] {
            assert!(retry(s), "{s} should be retried");
        }
        for s in [400, 401, 403, 404, 409, 422, 301] {
            assert!(!retry(s), "{s} should not be retried");
        }
        assert_eq!(verdict_for(StatusCode::GONE, None).0, Verdict::Gone);
        assert_eq!(verdict_for(StatusCode::NO_CONTENT, None).0, Verdict::Delivered);
    }

    #[test]
    fn retry_after_takes_seconds_or_a_date() {
        let now = 1_445_412_470; // 2015-10-21 07:27:50 UTC
        assert_eq!(parse_retry_after("120", now), Some(Duration::from_secs(120)));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now), Some(Duration::from_secs(10)));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:27:00 GMT", now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon", now), None);
    }
}
