//! The machine's HTTP ceiling for webhook delivery: a native client (reqwest, kept-alive
//! pool) with CONCURRENCY requests in flight, posting the same signed bodies as the delivery
//! benchmarks (hex HMAC-SHA256 in `x-magento-signature`, computed per request) to the same
//! receiver, round robin over the subscriber paths. Usage:
//! `http_ceiling BASE_URL COUNT CONCURRENCY BODY_FILE TOKEN [PATHS]` (PATHS comma-separated,
//! default `a,b,c`); prints requests per second. Fails if any answer is not 200.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Instant;

use hmac::{Hmac, Mac};
use sha2::Sha256;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let usage = "usage: http_ceiling BASE_URL COUNT CONCURRENCY BODY_FILE TOKEN [PATHS]";
    let base = args.first().ok_or(usage)?.trim_end_matches('/').to_owned();
    let count: usize = args.get(1).ok_or(usage)?.parse()?;
    let concurrency: usize = args.get(2).ok_or(usage)?.parse()?;
    let body = Arc::new(std::fs::read(args.get(3).ok_or(usage)?)?);
    let token = args.get(4).ok_or(usage)?.clone();
    let urls: Arc<Vec<String>> = Arc::new(args.get(5).map_or("a,b,c", String::as_str).split(',').map(|p| format!("{base}/{p}")).collect());

    let client = reqwest::Client::builder().pool_max_idle_per_host(concurrency).build()?;
    let next = Arc::new(AtomicUsize::new(0));
    let failed = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(concurrency);
    for _ in 0..concurrency {
        let (client, next, failed, body, urls, token) = (client.clone(), next.clone(), failed.clone(), body.clone(), urls.clone(), token.clone());
        tasks.push(tokio::spawn(async move {
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= count {
                    break;
                }
                let mut mac = Hmac::<Sha256>::new_from_slice(token.as_bytes()).expect("any key length");
                mac.update(&body);
                let signature = hex::encode(mac.finalize().into_bytes());
                let sent = client
                    .post(&urls[i % urls.len()])
                    .header("content-type", "application/json")
                    .header("x-magento-signature", signature)
                    .body(body.as_ref().clone())
                    .send()
                    .await;
                match sent {
                    Ok(response) if response.status() == 200 => {
                        let _ = response.bytes().await;
                    }
                    Ok(response) => {
                        failed.fetch_add(1, Ordering::Relaxed);
                        eprintln!("http_ceiling: status {}", response.status());
                    }
                    Err(e) => {
                        failed.fetch_add(1, Ordering::Relaxed);
                        eprintln!("http_ceiling: {e}");
                    }
                }
            }
        }));
    }
    for task in tasks {
        task.await?;
    }
    let rate = count as f64 / started.elapsed().as_secs_f64();
    let failed = failed.load(Ordering::Relaxed);
    if failed > 0 {
        return Err(format!("{failed} of {count} requests failed").into());
    }
    println!("{rate:.0}");
    Ok(())
}
