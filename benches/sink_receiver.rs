//! A fast HTTP receiver for the benchmarks: answers every POST with 200 and an empty JSON
//! body, on 127.0.0.1. Usage: `cargo run --release --bench sink_receiver -- PORT_FILE`
//! (the port it listens on is written to PORT_FILE). It stands in for the machine's HTTP
//! ceiling side: both our consumer and the reference loop post to it.

use axum::routing::post;
use axum::Router;

#[tokio::main(flavor = "multi_thread", worker_threads = 1)]
async fn main() -> std::io::Result<()> {
    let port_file = std::env::args().nth(1).unwrap_or_else(|| "receiver.port".into());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    std::fs::write(&port_file, listener.local_addr()?.port().to_string())?;
    let app = Router::new().fallback(post(|| async { "{}" }));
    axum::serve(listener, app).await
}
