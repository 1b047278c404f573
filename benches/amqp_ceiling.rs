//! The broker's ceiling for confirmed, persistent publishing: a native lapin publisher keeping
//! up to 1000 unconfirmed messages in flight. Usage:
//! `cargo bench --bench amqp_ceiling -- URI QUEUE COUNT SIZE`; prints messages per second.

use std::collections::VecDeque;
use std::time::Instant;

use lapin::options::{BasicPublishOptions, ConfirmSelectOptions, QueueDeclareOptions, QueuePurgeOptions};
use lapin::types::FieldTable;
use lapin::{BasicProperties, Connection, ConnectionProperties};

const WINDOW: usize = 1000;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let uri = args.first().cloned().unwrap_or_else(|| "amqp://guest:guest@127.0.0.1:5672/%2f".into());
    let queue = args.get(1).cloned().unwrap_or_else(|| "bench.ceiling".into());
    let count: usize = args.get(2).and_then(|c| c.parse().ok()).unwrap_or(20_000);
    let size: usize = args.get(3).and_then(|c| c.parse().ok()).unwrap_or(1024);

    let connection = Connection::connect(&uri, ConnectionProperties::default()).await?;
    let channel = connection.create_channel().await?;
    channel.queue_declare(queue.as_str().into(), QueueDeclareOptions { durable: true, ..Default::default() }, FieldTable::default()).await?;
    channel.confirm_select(ConfirmSelectOptions::default()).await?;
    let body = vec![b'x'; size];
    let started = Instant::now();
    let mut window = VecDeque::with_capacity(WINDOW);
    for _ in 0..count {
        if window.len() == WINDOW {
            if let Some(confirm) = window.pop_front() {
                let _ = confirm.await?;
            }
        }
        let properties = BasicProperties::default().with_delivery_mode(2);
        window.push_back(channel.basic_publish("".into(), queue.as_str().into(), BasicPublishOptions::default(), &body, properties).await?);
    }
    for confirm in window {
        let _ = confirm.await?;
    }
    let rate = count as f64 / started.elapsed().as_secs_f64();
    channel.queue_purge(queue.as_str().into(), QueuePurgeOptions::default()).await?;
    println!("{rate:.0}");
    Ok(())
}
