//! `AsyncEvents`: the core's front door, everything a publisher, an admin or a consumer does,
//! over one configuration.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use crate::clock::{Clock, SystemClock};
use crate::config::Config;
use crate::engine::Engine;
use crate::envelope::{Envelope, EventUuid, PublishOptions};
use crate::error::{Error, ErrorKind, Result};
use crate::metrics::Metrics;
use crate::queue::{self, EventQueue};
use crate::search::{ReindexProgress, Search, SortOrder, SyncReport};
use crate::store::LogRow;
use crate::sink::{AwsSinks, HttpSink, Sinks};
use crate::ssrf::AddressPolicy;
use crate::store::{DeadLetter, DeadLetterKind, Page, RetryJob, Store, SubscriptionFilter, Trace};
use crate::subscription::{NewSubscription, Subscription, SubscriptionId, SubscriptionPatch, SubscriptionRules};

/// One event to publish in a batch.
pub struct Publication {
    pub event_name: String,
    /// The arguments as JSON text.
    pub arguments: String,
    pub store_id: u32,
    pub options: PublishOptions,
}

pub struct AsyncEvents {
    config: Config,
    store: Arc<Store>,
    queue: Arc<dyn EventQueue>,
    addresses: Arc<AddressPolicy>,
    known_sinks: Vec<String>,
    engine: Engine,
    search: Search,
}

impl AsyncEvents {
    pub async fn open(config: Config) -> Result<Self> {
        Self::open_with_clock(config, Arc::new(SystemClock)).await
    }

    pub async fn open_with_clock(config: Config, clock: Arc<dyn Clock>) -> Result<Self> {
        let store = Arc::new(Store::open(&config, Arc::clone(&clock)).await?);
        let queue = queue::open(&config, &store, Arc::clone(&clock)).await?;
        let addresses = config.address_policy();
        let http = HttpSink::new(
            Arc::clone(&addresses),
            clock,
            Duration::from_millis(config.connect_timeout_ms),
            Duration::from_millis(config.timeout_ms),
            Duration::from_secs(config.lease_seconds),
        );
        let sinks = Arc::new(Sinks { http, aws: AwsSinks::new(&config)?, notified: config.sinks.clone() });
        let engine = Engine {
            store: Arc::clone(&store),
            queue: Arc::clone(&queue),
            sinks,
            metrics: Arc::new(Metrics::default()),
            metrics_listen: config.metrics_address()?,
            policy: config.retry_policy(),
            lease_ms: (config.lease_seconds * 1000) as i64,
            outbox: config.outbox_location()?,
        };
        Ok(Self { known_sinks: config.known_sinks(), search: Search::new(&config)?, config, store, queue, addresses, engine })
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Publishes one event. On RabbitMQ the broker's confirm is awaited by [`AsyncEvents::flush`]
    /// (or here, with `confirm_each_publish`).
    pub async fn publish(&self, publication: Publication) -> Result<EventUuid> {
        let mut uuids = self.enqueue(vec![publication]).await?;
        if self.config.confirm_each_publish {
            self.flush().await?;
        }
        Ok(uuids.remove(0))
    }

    /// Publishes several events and returns their uuids in order. Durable as [`AsyncEvents::publish`]
    /// is: on the SQL queue at once, all or none; on RabbitMQ once [`AsyncEvents::flush`]
    /// returns (or here, with `confirm_each_publish`), so that batches pipeline like single
    /// publishes instead of waiting a broker round trip each.
    pub async fn publish_batch(&self, publications: Vec<Publication>) -> Result<Vec<EventUuid>> {
        let uuids = self.enqueue(publications).await?;
        if self.config.confirm_each_publish {
            self.flush().await?;
        }
        Ok(uuids)
    }

    async fn enqueue(&self, publications: Vec<Publication>) -> Result<Vec<EventUuid>> {
        let envelopes = publications.into_iter().map(|p| self.outbox_message(p)).collect::<Result<Vec<_>>>()?;
        self.queue.publish(&envelopes).await?;
        Ok(envelopes.into_iter().map(|e| e.uuid).collect())
    }

    /// The queue message of `publication`, as [`AsyncEvents::publish`] would enqueue it, for
    /// a publisher to write into the transactional outbox inside its own transaction.
    pub fn outbox_message(&self, publication: Publication) -> Result<Envelope> {
        Envelope::new(&publication.event_name, publication.arguments, publication.store_id, publication.options, self.store.now_ms())
    }

    /// Waits until every event published so far is durable; an error names the events that
    /// are not.
    pub async fn flush(&self) -> Result<()> {
        self.queue.flush().await
    }

    /// Declares the queue's topology (what `setup:upgrade` runs; consumers also declare it when
    /// they connect), and moves what the reference module dead-lettered on RabbitMQ into the
    /// dead letters. Returns the queues' names.
    pub async fn declare_topology(&self) -> Result<Vec<String>> {
        let queues = self.queue.declare().await?;
        let imported = self.queue.import_reference_dead_letters(&self.store).await?;
        if imported > 0 {
            tracing::info!(imported, "the reference module's dead-lettered deliveries are now dead letters");
        }
        Ok(queues)
    }

    /// Messages waiting on the queue, claimed or not.
    pub async fn queue_depth(&self) -> Result<i64> {
        self.queue.depth().await
    }

    fn rules(&self) -> SubscriptionRules<'_> {
        SubscriptionRules { known_sinks: &self.known_sinks, notified: &self.config.sinks, addresses: &self.addresses }
    }

    pub async fn create_subscription(&self, mut new: NewSubscription) -> Result<Subscription> {
        self.rules().check_new(&mut new).await?;
        self.store.insert_subscription(&new).await
    }

    pub async fn update_subscription(&self, id: SubscriptionId, mut patch: SubscriptionPatch) -> Result<Subscription> {
        let current = match (&patch.recipient_url, &patch.metadata) {
            (Some(_), None) | (None, Some(_)) => Some(self.store.subscription(id).await?),
            _ => None,
        };
        let current = current.as_ref().map(|s| (s.metadata.as_str(), s.recipient_url.as_str()));
        self.rules().check_patch(&mut patch, current).await?;
        self.store.update_subscription(id, &patch).await
    }

    pub async fn set_subscription_status(&self, id: SubscriptionId, active: bool) -> Result<Subscription> {
        let patch = SubscriptionPatch { status: Some(active), ..Default::default() };
        self.store.update_subscription(id, &patch).await
    }

    pub async fn delete_subscription(&self, id: SubscriptionId) -> Result<()> {
        self.store.delete_subscription(id).await
    }

    pub async fn subscription(&self, id: SubscriptionId) -> Result<Subscription> {
        self.store.subscription(id).await
    }

    pub async fn subscriptions(&self, filter: &SubscriptionFilter) -> Result<Vec<Subscription>> {
        self.store.subscriptions(filter).await
    }

    pub async fn trace(&self, uuid: &EventUuid) -> Result<Trace> {
        self.store.trace(uuid).await
    }

    /// Starts a new delivery chain for `uuid`, whatever its status (see [`Store::replay`]); an
    /// event that never resolved goes back on the queue as it was published. Returns how many
    /// deliveries or messages were created.
    pub async fn replay(&self, uuid: &EventUuid, only: Option<SubscriptionId>) -> Result<usize> {
        let created = self.store.replay(uuid, only).await?;
        if created > 0 {
            return Ok(created);
        }
        let Some(body) = self.store.event_dead_letter_body(uuid).await? else {
            return Err(Error::not_found(format!("event {uuid} has no attempt or dead letter to replay")));
        };
        self.queue.requeue(&[(uuid.as_str(), body.as_str())]).await?;
        Ok(1)
    }

    pub async fn dead_letters(&self, kind: DeadLetterKind, limit: u32, offset: u32) -> Result<Page<DeadLetter>> {
        self.store.dead_letters(kind, limit, offset).await
    }

    /// Gives the `count` oldest dead letters of `kind` another chance and removes them from the
    /// list: a delivery starts a new chain to its subscription ([`Store::retry_dead_deliveries`]);
    /// an event goes back on the queue as it was published, durably (confirmed by RabbitMQ)
    /// before its dead letter is removed. Returns how many were retried.
    pub async fn retry_dead_letters(&self, kind: DeadLetterKind, count: u32) -> Result<usize> {
        if kind == DeadLetterKind::Delivery {
            return self.store.retry_dead_deliveries(count).await;
        }
        let letters = self.store.oldest_dead_letters(kind, count).await?;
        let messages: Vec<(&str, &str)> = letters.iter().map(|l| (l.uuid.as_str(), l.body.as_str())).collect();
        self.queue.requeue(&messages).await?;
        self.store.delete_dead_letters(&letters.iter().map(|l| l.dead_letter_id).collect::<Vec<_>>()).await?;
        Ok(letters.len())
    }

    pub async fn erase_dead_letters(&self, kind: DeadLetterKind) -> Result<u64> {
        self.store.erase_dead_letters(kind).await
    }

    /// Writes every dead letter of `kind` to `path` as a JSON array; returns how many.
    pub async fn export_dead_letters(&self, kind: DeadLetterKind, path: &std::path::Path) -> Result<u64> {
        let cannot = |e: std::io::Error| Error::with_source(ErrorKind::Storage, format!("cannot write {}", path.display()), e);
        let mut file = std::io::BufWriter::new(std::fs::File::create(path).map_err(cannot)?);
        let written = self.store.export_dead_letters(kind, &mut file).await?;
        std::io::Write::flush(&mut file).map_err(cannot)?;
        Ok(written)
    }

    pub async fn start_retry_job(&self, kind: DeadLetterKind, batch_size: u32, cooldown_seconds: u32) -> Result<RetryJob> {
        self.store.start_retry_job(kind, batch_size, cooldown_seconds).await
    }

    pub async fn stop_retry_job(&self) -> Result<Option<RetryJob>> {
        self.store.stop_retry_job().await
    }

    pub async fn retry_job(&self) -> Result<Option<RetryJob>> {
        self.store.retry_job().await
    }

    pub async fn run_retry_job_step(&self) -> Result<Option<RetryJob>> {
        let Some(job) = self.store.due_retry_job().await? else { return self.store.retry_job().await };
        let retried = self.retry_dead_letters(DeadLetterKind::parse(&job.kind)?, job.batch_size).await?;
        self.store.advance_retry_job(&job, retried).await
    }

    /// Attempts matching a Lucene `query` (see [`crate::search`]) in `order`, from `offset`, at
    /// most `limit` (no cap; 0 gives only the total), with the total count.
    pub async fn search(&self, query: &str, order: SortOrder, offset: u64, limit: u64) -> Result<Page<LogRow>> {
        self.search.query(&self.store, query, order, offset, limit).await
    }

    /// Writes every attempt matching `query` to `out` as CSV; returns how many.
    pub async fn search_export(&self, query: &str, order: SortOrder, out: &mut (dyn std::io::Write + Send)) -> Result<u64> {
        self.search.export(&self.store, query, order, out).await
    }

    /// [`AsyncEvents::search_export`] into the file `path`. The export is written to a new
    /// file beside it and renamed over `path` once complete: whatever fails (a malformed query,
    /// a full disk), what was at `path` is left as it was.
    pub async fn search_export_to_file(&self, query: &str, order: SortOrder, path: &Path) -> Result<u64> {
        let cannot = |what: String| move |e| Error::with_source(ErrorKind::Storage, what, e);
        let name = path.file_name().ok_or_else(|| Error::validation(format!("the export path '{}' names no file", path.display())))?;
        let mut partial_name = std::ffi::OsString::from(".");
        partial_name.push(name);
        partial_name.push(format!(".{}.partial", EventUuid::generate()));
        let partial = path.with_file_name(partial_name);
        let file = std::fs::File::create_new(&partial).map_err(cannot(format!("cannot create {}", partial.display())))?;
        let mut out = std::io::BufWriter::new(file);
        let written = self.search_export(query, order, &mut out).await.and_then(|written| {
            let file = out.into_inner().map_err(|e| cannot(format!("cannot write {}", partial.display()))(e.into_error()))?;
            file.sync_all().map_err(cannot(format!("cannot write {}", partial.display())))?;
            std::fs::rename(&partial, path).map_err(cannot(format!("cannot replace {}", path.display())))?;
            Ok(written)
        });
        if written.is_err() {
            let _ = std::fs::remove_file(&partial);
        }
        written
    }

    /// Brings the search index up to date with the attempt log, deletions included.
    pub async fn sync_search_index(&self) -> Result<SyncReport> {
        self.search.sync(&self.store).await
    }

    /// Rebuilds the search index from the whole attempt log; returns how many attempts it holds.
    /// An error `progress` returns stops the rebuild, leaving the index as it was.
    pub async fn reindex(&self, progress: &mut dyn FnMut(ReindexProgress) -> Result<()>) -> Result<u64> {
        self.search.reindex(&self.store, progress).await
    }
}
