//! What an operator can watch: counters of a process's consumer runs (events consumed,
//! delivery attempts by outcome and subscription, their latency, retries, dead letters,
//! broker confirms) and, read when scraped, the backlog (queue depth, pending deliveries).
//! Rendered in Prometheus' text format with OpenTelemetry-style names (`async_events_*`,
//! units in the name, `_total` for counters), and served by a consumer on `metrics_listen`
//! (`server`).

mod server;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

pub(crate) use server::serve;

/// Upper bounds (seconds) of the attempt latency histogram's buckets.
const LATENCY_BUCKETS: [f64; 12] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0];

/// What one delivery attempt came to, as the `outcome` label says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum AttemptOutcome {
    Delivered,
    RetryScheduled,
    DeadLettered,
    /// 410 Gone: dead-lettered and the subscription disabled.
    SubscriptionDisabled,
}

impl AttemptOutcome {
    fn label(self) -> &'static str {
        match self {
            Self::Delivered => "delivered",
            Self::RetryScheduled => "retry_scheduled",
            Self::DeadLettered => "dead_lettered",
            Self::SubscriptionDisabled => "subscription_disabled",
        }
    }
}

/// The backlog, read from the store and the queue when scraped.
#[derive(Debug, Clone, Copy, Default)]
pub struct Backlog {
    /// Published events not consumed yet; `None` when the queue cannot say (a broker away).
    pub queue_depth: Option<i64>,
    pub pending_deliveries: Option<i64>,
}

/// Broker confirms this process waited for, and those that failed.
#[derive(Debug, Default)]
pub struct Confirms {
    pub waited: AtomicU64,
    pub failed: AtomicU64,
}

/// The counters of one process (every run of every consumer of one core).
#[derive(Debug, Default)]
pub struct Metrics {
    events_consumed: AtomicU64,
    events_dead_lettered: AtomicU64,
    outbox_relayed: AtomicU64,
    attempts: Mutex<BTreeMap<(i64, AttemptOutcome), u64>>,
    /// Attempts at or under each bucket's bound, then the sum of seconds (in microseconds) and the count.
    latency_buckets: [AtomicU64; LATENCY_BUCKETS.len()],
    latency_sum_micros: AtomicU64,
    latency_count: AtomicU64,
}

impl Metrics {
    pub fn events_consumed(&self, consumed: u64, dead_lettered: u64) {
        self.events_consumed.fetch_add(consumed, Ordering::Relaxed);
        self.events_dead_lettered.fetch_add(dead_lettered, Ordering::Relaxed);
    }

    pub fn outbox_relayed(&self, relayed: u64) {
        self.outbox_relayed.fetch_add(relayed, Ordering::Relaxed);
    }

    pub fn attempt(&self, subscription_id: i64, outcome: AttemptOutcome, duration_ms: u64) {
        *self.attempts.lock().unwrap_or_else(|p| p.into_inner()).entry((subscription_id, outcome)).or_default() += 1;
        let seconds = duration_ms as f64 / 1000.0;
        for (bound, bucket) in LATENCY_BUCKETS.iter().zip(&self.latency_buckets) {
            if seconds <= *bound {
                bucket.fetch_add(1, Ordering::Relaxed);
            }
        }
        self.latency_sum_micros.fetch_add(duration_ms * 1000, Ordering::Relaxed);
        self.latency_count.fetch_add(1, Ordering::Relaxed);
    }

    /// The exposition text: these counters, `backlog` and `confirms`.
    pub fn render(&self, backlog: Backlog, confirms: Option<&Confirms>) -> String {
        let get = |c: &AtomicU64| c.load(Ordering::Relaxed);
        let mut out = String::new();
        gauge(&mut out, "async_events_queue_depth", "Published events waiting to be consumed.", backlog.queue_depth);
        gauge(&mut out, "async_events_deliveries_pending", "Deliveries not finished yet: first attempts and retries.", backlog.pending_deliveries);
        counter(
            &mut out,
            "async_events_events_consumed_total",
            "Published events consumed (resolved and handed over, or dead-lettered).",
            &[(String::new(), get(&self.events_consumed))],
        );
        counter(
            &mut out,
            "async_events_outbox_relayed_total",
            "Events moved from the transactional outbox to the queue after their transaction committed.",
            &[(String::new(), get(&self.outbox_relayed))],
        );
        let attempts = self.attempts.lock().unwrap_or_else(|p| p.into_inner()).clone();
        let by_outcome: Vec<(String, u64)> = attempts
            .iter()
            .map(|((sub, outcome), n)| (format!("{{outcome=\"{}\",subscription_id=\"{sub}\"}}", outcome.label()), *n))
            .collect();
        counter(&mut out, "async_events_delivery_attempts_total", "Delivery attempts recorded, by outcome and subscription.", &by_outcome);
        let sum_of = |wanted: &[AttemptOutcome]| -> u64 { attempts.iter().filter(|((_, o), _)| wanted.contains(o)).map(|(_, n)| n).sum() };
        counter(
            &mut out,
            "async_events_retries_scheduled_total",
            "Retries scheduled after a failed attempt.",
            &[(String::new(), sum_of(&[AttemptOutcome::RetryScheduled]))],
        );
        counter(
            &mut out,
            "async_events_dead_letters_total",
            "Dead letters written: events that could not be processed, deliveries that failed for good.",
            &[
                ("{kind=\"event\"}".into(), get(&self.events_dead_lettered)),
                ("{kind=\"delivery\"}".into(), sum_of(&[AttemptOutcome::DeadLettered, AttemptOutcome::SubscriptionDisabled])),
            ],
        );
        if let Some(confirms) = confirms {
            let (waited, failed) = (get(&confirms.waited), get(&confirms.failed));
            counter(
                &mut out,
                "async_events_publish_confirms_total",
                "Broker confirms this process waited for, by result.",
                &[("{result=\"confirmed\"}".into(), waited.saturating_sub(failed)), ("{result=\"failed\"}".into(), failed)],
            );
        }
        let name = "async_events_attempt_duration_seconds";
        let _ = writeln!(out, "# HELP {name} How long delivery attempts took.\n# TYPE {name} histogram");
        for (bound, bucket) in LATENCY_BUCKETS.iter().zip(&self.latency_buckets) {
            let _ = writeln!(out, "{name}_bucket{{le=\"{bound}\"}} {}", get(bucket));
        }
        let count = get(&self.latency_count);
        let _ = writeln!(out, "{name}_bucket{{le=\"+Inf\"}} {count}");
        let _ = writeln!(out, "{name}_sum {}", get(&self.latency_sum_micros) as f64 / 1e6);
        let _ = writeln!(out, "{name}_count {count}");
        out
    }
}

/// A gauge, without a sample when its value is unknown.
fn gauge(out: &mut String, name: &str, help: &str, value: Option<i64>) {
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} gauge");
    if let Some(value) = value {
        let _ = writeln!(out, "{name} {value}");
    }
}

/// A counter with its samples (labels as written, `{...}` or nothing).
fn counter(out: &mut String, name: &str, help: &str, samples: &[(String, u64)]) {
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} counter");
    for (labels, value) in samples {
        let _ = writeln!(out, "{name}{labels} {value}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_and_the_histogram_render_in_the_text_format() {
        let metrics = Metrics::default();
        metrics.events_consumed(3, 1);
        metrics.attempt(7, AttemptOutcome::Delivered, 4);
        metrics.attempt(7, AttemptOutcome::Delivered, 40);
        metrics.attempt(9, AttemptOutcome::RetryScheduled, 2_000);
        metrics.attempt(9, AttemptOutcome::DeadLettered, 20);
        let confirms = Confirms::default();
        confirms.waited.fetch_add(5, Ordering::Relaxed);
        confirms.failed.fetch_add(1, Ordering::Relaxed);
        let text = metrics.render(Backlog { queue_depth: Some(12), pending_deliveries: None }, Some(&confirms));
        for line in [
            "# TYPE async_events_queue_depth gauge",
            "async_events_queue_depth 12",
            "async_events_events_consumed_total 3",
            "async_events_delivery_attempts_total{outcome=\"delivered\",subscription_id=\"7\"} 2",
            "async_events_delivery_attempts_total{outcome=\"retry_scheduled\",subscription_id=\"9\"} 1",
            "async_events_retries_scheduled_total 1",
            "async_events_dead_letters_total{kind=\"event\"} 1",
            "async_events_dead_letters_total{kind=\"delivery\"} 1",
            "async_events_publish_confirms_total{result=\"confirmed\"} 4",
            "async_events_publish_confirms_total{result=\"failed\"} 1",
            "async_events_attempt_duration_seconds_bucket{le=\"0.005\"} 1",
            "async_events_attempt_duration_seconds_bucket{le=\"0.05\"} 3",
            "async_events_attempt_duration_seconds_bucket{le=\"+Inf\"} 4",
            "async_events_attempt_duration_seconds_count 4",
            "async_events_attempt_duration_seconds_sum 2.064",
        ] {
            assert!(text.lines().any(|l| l == line), "missing {line:?} in\n{text}");
        }
        assert!(!text.lines().any(|l| l.starts_with("async_events_deliveries_pending ")), "an unknown gauge has no sample");
    }
}
