//! A fast HTTP receiver for the benchmarks: answers every POST with 200 and an empty JSON
//! body, on 127.0.0.1. Usage:
//! `sink_receiver PORT_FILE [--slow PREFIX=MS]...` (the port it listens on is written to
//! PORT_FILE; POSTs whose path starts with PREFIX are answered after MS milliseconds).
//!
//! It counts the POSTs by first path segment, and when a body carries `"sent_us":<unix
//! microseconds>` it records the time from then to its arrival. `GET /stats` returns
//! `{"counts":{"a":N,...},"latency":{"count":N,"p50_us":N,"p99_us":N,"max_us":N}}`;
//! `GET /reset` clears both.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::Uri;
use axum::routing::get;
use axum::Router;

#[derive(Default)]
struct Seen {
    counts: HashMap<String, u64>,
    latencies_us: Vec<u64>,
}

struct App {
    slow: Vec<(String, Duration)>,
    seen: Mutex<Seen>,
}

fn now_us() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_micros() as u64).unwrap_or(0)
}

/// The number after the first `"sent_us":` in the body, if any.
fn sent_us(body: &[u8]) -> Option<u64> {
    const KEY: &[u8] = b"\"sent_us\":";
    let at = body.windows(KEY.len()).position(|w| w == KEY)? + KEY.len();
    let digits: Vec<u8> = body[at..].iter().copied().skip_while(|b| *b == b' ').take_while(u8::is_ascii_digit).collect();
    std::str::from_utf8(&digits).ok()?.parse().ok()
}

async fn receive(State(app): State<Arc<App>>, uri: Uri, body: Bytes) -> &'static str {
    let arrived = now_us();
    let path = uri.path();
    {
        let mut seen = app.seen.lock().unwrap_or_else(|p| p.into_inner());
        let segment = path.trim_start_matches('/').split('/').next().unwrap_or("");
        *seen.counts.entry(segment.to_owned()).or_default() += 1;
        if let Some(sent) = sent_us(&body) {
            seen.latencies_us.push(arrived.saturating_sub(sent));
        }
    }
    if let Some((_, delay)) = app.slow.iter().find(|(prefix, _)| path.starts_with(prefix.as_str())) {
        tokio::time::sleep(*delay).await;
    }
    "{}"
}

async fn stats(State(app): State<Arc<App>>) -> String {
    let seen = app.seen.lock().unwrap_or_else(|p| p.into_inner());
    let mut latencies = seen.latencies_us.clone();
    latencies.sort_unstable();
    let at = |q: f64| latencies.get(((latencies.len() as f64 * q) as usize).min(latencies.len().saturating_sub(1))).copied().unwrap_or(0);
    serde_json::json!({
        "counts": seen.counts,
        "latency": {"count": latencies.len(), "p50_us": at(0.5), "p99_us": at(0.99), "max_us": latencies.last().copied().unwrap_or(0)},
    })
    .to_string()
}

async fn reset(State(app): State<Arc<App>>) -> &'static str {
    *app.seen.lock().unwrap_or_else(|p| p.into_inner()) = Seen::default();
    "{}"
}

#[tokio::main(flavor = "multi_thread", worker_threads = 1)]
async fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let port_file = args.first().cloned().unwrap_or_else(|| "receiver.port".into());
    let mut slow = Vec::new();
    let mut rest = args.iter().skip(1);
    while let Some(arg) = rest.next() {
        if arg == "--slow" {
            let spec = rest.next().expect("--slow PREFIX=MS");
            let (prefix, ms) = spec.split_once('=').expect("--slow PREFIX=MS");
            slow.push((prefix.to_owned(), Duration::from_millis(ms.parse().expect("--slow PREFIX=MS: MS is a number"))));
        }
    }
    let app = Arc::new(App { slow, seen: Mutex::new(Seen::default()) });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    std::fs::write(&port_file, listener.local_addr()?.port().to_string())?;
    let router = Router::new()
        .route("/stats", get(stats))
        .route("/reset", get(reset))
        .fallback(receive)
        .with_state(app);
    axum::serve(listener, router).await
}
