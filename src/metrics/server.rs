//! The metrics endpoint a consumer serves while it runs: `GET /metrics` on `metrics_listen`,
//! answered with the process's counters and the backlog read at that moment. A plain HTTP/1.1
//! exchange per connection; anything else is a 404.

use std::net::SocketAddr;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

use super::Backlog;
use crate::engine::Engine;
use crate::error::{Error, ErrorKind, Result};

/// How long a scraper may take to send its request.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(5);

/// The endpoint, stopped when dropped.
pub(crate) struct Endpoint(JoinHandle<()>);

impl Drop for Endpoint {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Starts serving on `address` (taken by the run: an address in use is an error).
pub(crate) async fn serve(address: SocketAddr, engine: Engine) -> Result<Endpoint> {
    let listener = TcpListener::bind(address)
        .await
        .map_err(|e| Error::with_source(ErrorKind::Config, format!("cannot serve metrics on {address}"), e))?;
    tracing::info!(%address, "serving metrics");
    Ok(Endpoint(tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else { continue };
            let engine = engine.clone();
            tokio::spawn(async move {
                if let Err(e) = answer(stream, &engine).await {
                    tracing::debug!(error = %e, "a metrics request failed");
                }
            });
        }
    })))
}

async fn answer(mut stream: TcpStream, engine: &Engine) -> std::io::Result<()> {
    let mut request = Vec::new();
    let mut chunk = [0u8; 1024];
    let read = tokio::time::timeout(REQUEST_TIMEOUT, async {
        while !request.windows(4).any(|w| w == b"\r\n\r\n") && request.len() < 8192 {
            let n = stream.read(&mut chunk).await?;
            if n == 0 {
                break;
            }
            request.extend_from_slice(&chunk[..n]);
        }
        Ok::<(), std::io::Error>(())
    })
    .await;
    if !matches!(read, Ok(Ok(()))) {
        return Ok(());
    }
    let line = String::from_utf8_lossy(&request);
    let target = line.split_whitespace().take(2).collect::<Vec<_>>();
    let (status, body) = if matches!(target.as_slice(), ["GET", "/metrics"] | ["GET", "/"]) {
        let backlog = Backlog { queue_depth: engine.queue.depth().await.ok(), pending_deliveries: engine.store.pending_deliveries().await.ok() };
        ("200 OK", engine.metrics.render(backlog, engine.queue.confirms()))
    } else {
        ("404 Not Found", "only GET /metrics is served here\n".to_string())
    };
    let head = format!(
        "HTTP/1.1 {status}\r\ncontent-type: text/plain; version=0.0.4; charset=utf-8\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await?;
    stream.write_all(body.as_bytes()).await?;
    stream.shutdown().await
}
