//! `AsyncEvents\Client`: publishing, subscription management, traces, replays and dead
//! letters, for plain PHP and for the Magento module.

// PHP parameter names are camelCase ($eventName), as named arguments and reflection show them.
#![allow(non_snake_case)]

use async_events_core::envelope::PublishOptions;
use async_events_core::facade::Publication;
use async_events_core::store::{DeadLetterKind, SubscriptionFilter};
use async_events_core::{EventUuid, NewSubscription, SubscriptionId, SubscriptionPatch};
use async_events_core::search::{ReindexProgress, SortOrder};
use async_events_core::{Error as CoreError, ErrorKind};
use ext_php_rs::types::ZendCallable;
use ext_php_rs::boxed::ZBox;
use ext_php_rs::exception::PhpResult;
use ext_php_rs::prelude::*;
use ext_php_rs::types::ZendHashTable;
use serde::Deserialize;
use serde_json::value::RawValue;
use std::path::Path;

use crate::callback::{self, Called};
use crate::bridge::{array_to, array_to_json_text, to_php_array, Text};
use crate::exceptions::{to_exception, validation};
use crate::handle::Handle;

/// Publishes events and manages subscriptions over one configuration.
#[php_class]
#[php(name = "AsyncEvents\\Client")]
pub struct Client {
    handle: Handle,
}

/// One element of `publishBatch()`, read from the JSON text `$events` was written as; its
/// arguments stay the text they were written as, in PHP's order. The publish options are its
/// own fields, not a flattened `PublishOptions`: flattening would buffer every element,
/// arguments included, once more.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BatchItem {
    event_name: String,
    /// Absent or `null`: no arguments.
    #[serde(default)]
    arguments: Option<Box<RawValue>>,
    #[serde(default)]
    store_id: u32,
    #[serde(default)]
    correlation_id: Option<String>,
    #[serde(default)]
    traceparent: Option<String>,
    #[serde(default)]
    priority: u8,
}

impl BatchItem {
    fn into_publication(self) -> Publication {
        let options = PublishOptions { correlation_id: self.correlation_id, traceparent: self.traceparent, priority: self.priority };
        let arguments = self.arguments.map_or_else(|| "[]".to_string(), |text| text.get().to_string());
        Publication { event_name: self.event_name, arguments, store_id: self.store_id, options }
    }
}

fn store_id(value: i64) -> PhpResult<u32> {
    u32::try_from(value).map_err(|_| validation(format!("the store id {value} is out of range")))
}


fn uuid(text: Text) -> PhpResult<EventUuid> {
    EventUuid::parse(&text.utf8("$uuid").map_err(validation)?).map_err(to_exception)
}

/// The publication a `publish($eventName, $arguments, $storeId, $options)` call names.
fn publish_call(eventName: Text, arguments: &ZendHashTable, storeId: i64, options: Option<&ZendHashTable>) -> PhpResult<Publication> {
    let eventName = eventName.utf8("$eventName").map_err(validation)?;
    let arguments = array_to_json_text(arguments, "$arguments").map_err(|e| validation(e.to_string()))?;
    let options: PublishOptions = array_to(options, "$options").map_err(validation)?;
    Ok(Publication { event_name: eventName, arguments, store_id: store_id(storeId)?, options })
}

#[php_impl]
impl Client {
    /// Opens the store (created on first use) named by `$config['store_dsn']`; other keys
    /// are the settings of the README's configuration table. Environment variables
    /// `ASYNC_EVENTS_*` fill in what `$config` leaves out.
    pub fn __construct(config: Option<&ZendHashTable>) -> PhpResult<Self> {
        Ok(Self { handle: Handle::new(config)? })
    }

    /// Publishes one event and returns its uuid. `$options`: `correlation_id`, `traceparent`
    /// (W3C), `priority` (0 to 9).
    #[php(defaults(storeId = 0))]
    pub fn publish(
        &self,
        eventName: Text,
        arguments: &ZendHashTable,
        storeId: i64,
        options: Option<&ZendHashTable>,
    ) -> PhpResult<String> {
        let publication = publish_call(eventName, arguments, storeId, options)?;
        self.handle.run(|core| async move { core.publish(publication).await }).map(|u| u.to_string())
    }

    /// The queue message of an event, as `publish()` would enqueue it, without enqueuing it:
    /// `['uuid' => ..., 'message' => ...]`, for the caller to write into the transactional
    /// outbox (`outbox_dsn`) inside its own database transaction.
    #[php(defaults(storeId = 0))]
    pub fn outbox_message(
        &self,
        eventName: Text,
        arguments: &ZendHashTable,
        storeId: i64,
        options: Option<&ZendHashTable>,
    ) -> PhpResult<ZBox<ZendHashTable>> {
        let publication = publish_call(eventName, arguments, storeId, options)?;
        let envelope = self.handle.run(|core| async move { core.outbox_message(publication) })?;
        Ok(to_php_array(&serde_json::json!({"uuid": envelope.uuid.as_str(), "message": envelope.to_json()})))
    }

    /// Publishes several events (on the SQL queue all or none; on RabbitMQ confirmed at
    /// `flush()`, as `publish()`); each element is an array with
    /// `event_name`, `arguments`, and optionally `store_id`, `correlation_id`, `traceparent`,
    /// `priority`. Returns the uuids in order.
    pub fn publish_batch(&self, events: &ZendHashTable) -> PhpResult<Vec<String>> {
        if events.is_empty() {
            return Ok(Vec::new());
        }
        let events = array_to_json_text(events, "$events").map_err(|e| validation(e.to_string()))?;
        let items: Vec<BatchItem> = serde_json::from_str(&events).map_err(|e| validation(format!("$events: {e}")))?;
        let publications = items.into_iter().map(BatchItem::into_publication).collect();
        let uuids = self.handle.run(|core| async move { core.publish_batch(publications).await })?;
        Ok(uuids.into_iter().map(|u| u.to_string()).collect())
    }

    /// Waits until every event published so far is durable: on RabbitMQ, the broker's confirms
    /// (a nack, an unroutable message or a timeout raises, naming the events); the SQL queue
    /// is durable on `publish`. Run at the end of every PHP request too.
    pub fn flush(&self) -> PhpResult<()> {
        self.handle.run(|core| async move { core.flush().await })
    }

    /// Creates a subscription: `event_name`, `recipient_url`, `verification_token`, and
    /// optionally `metadata` (sink, default `http`), `store_id` (0 = every store), `status`
    /// (default true), `connect_timeout_ms`, `timeout_ms`. Returns it without the token.
    pub fn create_subscription(&self, subscription: &ZendHashTable) -> PhpResult<ZBox<ZendHashTable>> {
        let new: NewSubscription = array_to(Some(subscription), "$subscription").map_err(validation)?;
        let saved = self.handle.run(|core| async move { core.create_subscription(new).await })?;
        Ok(to_php_array(&saved))
    }

    /// Changes the given fields of a subscription (the keys of `createSubscription`).
    pub fn update_subscription(&self, id: i64, changes: &ZendHashTable) -> PhpResult<ZBox<ZendHashTable>> {
        let patch: SubscriptionPatch = array_to(Some(changes), "$changes").map_err(validation)?;
        let saved = self.handle.run(|core| async move { core.update_subscription(SubscriptionId(id), patch).await })?;
        Ok(to_php_array(&saved))
    }

    pub fn enable_subscription(&self, id: i64) -> PhpResult<ZBox<ZendHashTable>> {
        let saved = self.handle.run(|core| async move { core.set_subscription_status(SubscriptionId(id), true).await })?;
        Ok(to_php_array(&saved))
    }

    pub fn disable_subscription(&self, id: i64) -> PhpResult<ZBox<ZendHashTable>> {
        let saved = self.handle.run(|core| async move { core.set_subscription_status(SubscriptionId(id), false).await })?;
        Ok(to_php_array(&saved))
    }

    /// Deletes a subscription with its attempt log and pending deliveries.
    pub fn delete_subscription(&self, id: i64) -> PhpResult<()> {
        self.handle.run(|core| async move { core.delete_subscription(SubscriptionId(id)).await })
    }

    pub fn get_subscription(&self, id: i64) -> PhpResult<ZBox<ZendHashTable>> {
        let found = self.handle.run(|core| async move { core.subscription(SubscriptionId(id)).await })?;
        Ok(to_php_array(&found))
    }

    /// Lists subscriptions; `$filter`: `event_name`, `status`, `store_id`, `limit`, `offset`.
    pub fn list_subscriptions(&self, filter: Option<&ZendHashTable>) -> PhpResult<ZBox<ZendHashTable>> {
        let filter: SubscriptionFilter = array_to(filter, "$filter").map_err(validation)?;
        let found = self.handle.run(|core| async move { core.subscriptions(&filter).await })?;
        Ok(to_php_array(&found))
    }

    /// Declares the queue's topology, idempotently (the Magento module runs it at
    /// `setup:upgrade`): on RabbitMQ the exchanges `magento` and `event.failover`, the queues
    /// `event.trigger`, `event.failover.retry`, `event.failover.deadletter` and one delay queue
    /// per distinct delay of the back-off schedule. Returns the queues' names.
    pub fn declare_topology(&self) -> PhpResult<Vec<String>> {
        self.handle.run(|core| async move { core.declare_topology().await })
    }

    /// Every attempt of an event, its payload and each subscription's status (`Delivered`,
    /// `Pending`, `Dead Lettered`, `Failed`).
    pub fn trace(&self, uuid: Text) -> PhpResult<ZBox<ZendHashTable>> {
        let uuid = self::uuid(uuid)?;
        let trace = self.handle.run(|core| async move { core.trace(&uuid).await })?;
        Ok(to_php_array(&trace))
    }

    /// Starts a new delivery chain under the same uuid, whatever the event's status: to every
    /// subscription that had attempts, or only `$subscriptionId`. Returns how many deliveries
    /// (or, for an event dead-lettered before delivery, queue messages) it created.
    pub fn replay(&self, uuid: Text, subscriptionId: Option<i64>) -> PhpResult<i64> {
        let uuid = self::uuid(uuid)?;
        let only = subscriptionId.map(SubscriptionId);
        let created = self.handle.run(|core| async move { core.replay(&uuid, only).await })?;
        Ok(created as i64)
    }

    /// Dead letters, newest first: `$kind` is `delivery` (retries exhausted or failed for good)
    /// or `event` (could not be processed). Returns `items` and `total_count`.
    #[php(defaults(kind = "delivery".to_string(), limit = 50, offset = 0))]
    pub fn dead_letters(&self, kind: String, limit: i64, offset: i64) -> PhpResult<ZBox<ZendHashTable>> {
        let kind = DeadLetterKind::parse(&kind).map_err(to_exception)?;
        let limit = u32::try_from(limit).map_err(|_| validation("$limit must be between 0 and 4294967295"))?;
        let offset = u32::try_from(offset).map_err(|_| validation("$offset must be between 0 and 4294967295"))?;
        let page = self.handle.run(|core| async move { core.dead_letters(kind, limit, offset).await })?;
        Ok(to_php_array(&page))
    }

    /// Attempts matching a Lucene query (`data.data.customer_email:roni_cost@example.com`,
    /// `event_name:customer.* AND success:false`), newest first (`$order` `oldest` for oldest
    /// first), from `$offset`, at most `$limit` (no cap; 0 gives only the count). Returns `items`
    /// (attempt log rows) and `total_count` (every match).
    #[php(defaults(limit = 50, offset = 0, order = "newest".to_string()))]
    pub fn search(&self, query: Text, limit: i64, offset: i64, order: String) -> PhpResult<ZBox<ZendHashTable>> {
        let query = query.utf8("$query").map_err(validation)?;
        let order = SortOrder::parse(&order).map_err(to_exception)?;
        let limit = u64::try_from(limit).map_err(|_| validation("$limit must not be negative"))?;
        let offset = u64::try_from(offset).map_err(|_| validation("$offset must not be negative"))?;
        let page = self.handle.run(|core| async move { core.search(&query, order, offset, limit).await })?;
        Ok(to_php_array(&page))
    }

    /// Writes every attempt matching `$query` to the file `$path` as CSV (a header line, then
    /// one line per attempt with its payload), in `$order`; returns how many attempts. The file
    /// is replaced only once the export is complete: on any error what was at `$path` stays.
    #[php(defaults(order = "newest".to_string()))]
    pub fn search_export(&self, query: Text, path: Text, order: String) -> PhpResult<i64> {
        let query = query.utf8("$query").map_err(validation)?;
        let path = path.utf8("$path").map_err(validation)?;
        let order = SortOrder::parse(&order).map_err(to_exception)?;
        let written = self.handle.run(|core| async move { core.search_export_to_file(&query, order, Path::new(&path)).await })?;
        Ok(written as i64)
    }

    /// Adds the attempts logged since the last sync to the search index and removes those
    /// deleted from the log; returns `added` and `removed`. Does nothing with indexing off.
    pub fn sync_search_index(&self) -> PhpResult<ZBox<ZendHashTable>> {
        let report = self.handle.run(|core| async move { core.sync_search_index().await })?;
        Ok(to_php_array(&report))
    }

    /// Rebuilds the search index from the whole attempt log, calling
    /// `$progress(int $indexed, int $total)` as it goes; returns how many attempts it holds.
    /// An exception `$progress` throws stops the rebuild (the index stays as it was) and is
    /// raised as a `StorageException` naming it.
    pub fn reindex(&self, progress: Option<ZendCallable>) -> PhpResult<i64> {
        // Called on the PHP thread, within the rebuild.
        let mut report = |p: ReindexProgress| match &progress {
            None => Ok(()),
            Some(callable) => match callback::call(callable, vec![&(p.indexed as i64), &(p.total as i64)], "the progress callback") {
                Called::Returned(_) => Ok(()),
                Called::Threw(error) => Err(CoreError::new(ErrorKind::Storage, format!("the reindex was stopped by {error}"))),
                Called::Ending => Err(CoreError::interrupted("the process ended in the progress callback")),
            },
        };
        let indexed = self.handle.run(|core| async move { core.reindex(&mut report).await });
        if callback::php_is_ending() {
            drop(indexed);
            callback::resume_ending();
            return Ok(0);
        }
        Ok(indexed? as i64)
    }
}
