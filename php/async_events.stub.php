<?php

/**
 * Stubs of the async_events extension, for IDEs and static analysis.
 * The tests check that they match the built extension (php/tests/check-stubs.php).
 *
 * @generated no: written by hand, checked by reflection against the extension.
 */

namespace AsyncEvents\Exception {

    /** Base of every exception the extension throws. */
    class AsyncEventsException extends \RuntimeException
    {
    }

    /** An argument or a value was refused (bad URL, empty event name, unknown option ...). */
    class ValidationException extends AsyncEventsException
    {
    }

    /** The SSRF guard refused a recipient address (private, loopback, link-local, metadata ...). */
    class SsrfException extends ValidationException
    {
    }

    /** A subscription or event does not exist. */
    class NotFoundException extends AsyncEventsException
    {
    }

    /** The configuration cannot be used. */
    class ConfigException extends AsyncEventsException
    {
    }

    /** The store or the queue failed. */
    class StorageException extends AsyncEventsException
    {
    }

    /** A verification token could not be encrypted or decrypted (wrong key file?). */
    class CryptoException extends AsyncEventsException
    {
    }
}

namespace AsyncEvents {

    /**
     * Publishes events and manages subscriptions over one configuration.
     */
    class Client
    {
        /**
         * Opens the store (created on first use) named by `$config['store_dsn']`; other keys are
         * the settings of the README's configuration table. Environment variables
         * `ASYNC_EVENTS_*` fill in what `$config` leaves out.
         *
         * @param array<string, mixed>|null $config
         * @throws Exception\ConfigException
         */
        public function __construct(?array $config = null) {}

        /**
         * Publishes one event and returns its uuid (v7). On RabbitMQ the message is handed to the
         * connection and the broker's confirm is awaited by flush() or at the end of the request
         * (or here, with the setting confirm_each_publish).
         *
         * @param array<array-key, mixed> $arguments null, bool, int, float, string and nested arrays
         * @param array{correlation_id?: string, traceparent?: string, priority?: int}|null $options
         * @throws Exception\ValidationException
         */
        public function publish(string $eventName, array $arguments, int $storeId = 0, ?array $options = null): string {}

        /**
         * The queue message of an event, as publish() would enqueue it, without enqueuing it,
         * for the caller to insert into the transactional outbox table (setting outbox_table)
         * inside its own database transaction; trigger consumers relay committed rows.
         *
         * @param array<array-key, mixed> $arguments
         * @param array{correlation_id?: string, traceparent?: string, priority?: int}|null $options
         * @return array{uuid: string, message: string}
         * @throws Exception\ValidationException
         */
        public function outboxMessage(string $eventName, array $arguments, int $storeId = 0, ?array $options = null): array {}

        /**
         * Publishes several events; returns their uuids in order ([] for no events). Durable
         * as publish() is: on the SQL queue at once (all or none are published); on RabbitMQ
         * once flush() returns, or at the end of the request (with confirm_each_publish, before
         * this returns).
         *
         * @param list<array{event_name: string, arguments?: array, store_id?: int, correlation_id?: string, traceparent?: string, priority?: int}> $events
         * @return list<string>
         */
        public function publishBatch(array $events): array {}

        /**
         * Waits until every event published so far is durable: on RabbitMQ, the broker's
         * confirms (a nack, an unroutable message or a timeout raises, naming the events); the
         * SQL queue is durable on publish(). Also run at the end of every PHP request, where a
         * failure is logged with the event ids.
         *
         * @throws Exception\StorageException
         */
        public function flush(): void {}

        /**
         * Declares the queue's topology, idempotently (the Magento module runs it at
         * setup:upgrade): on RabbitMQ the exchanges magento and event.failover, the queues
         * event.trigger, event.failover.retry, event.failover.deadletter and one delay queue per
         * distinct delay of the back-off schedule (x-message-ttl, dead-letter exchange
         * event.failover, routing key event.retry). Returns the queues' names.
         *
         * @return list<string>
         * @throws Exception\StorageException
         */
        public function declareTopology(): array {}

        /**
         * Creates a subscription and returns it (never with its token).
         *
         * @param array{event_name: string, recipient_url: string, verification_token: string, metadata?: string, store_id?: int, status?: bool, connect_timeout_ms?: int, timeout_ms?: int} $subscription
         * @return array<string, mixed>
         * @throws Exception\ValidationException
         * @throws Exception\SsrfException
         */
        public function createSubscription(array $subscription): array {}

        /**
         * Changes the given fields of a subscription (the keys of createSubscription()).
         *
         * @param array<string, mixed> $changes
         * @return array<string, mixed>
         * @throws Exception\NotFoundException
         */
        public function updateSubscription(int $id, array $changes): array {}

        /** @return array<string, mixed> */
        public function enableSubscription(int $id): array {}

        /** @return array<string, mixed> */
        public function disableSubscription(int $id): array {}

        /** Deletes a subscription with its attempt log and pending deliveries. */
        public function deleteSubscription(int $id): void {}

        /**
         * @return array<string, mixed>
         * @throws Exception\NotFoundException
         */
        public function getSubscription(int $id): array {}

        /**
         * @param array{event_name?: string, status?: bool, store_id?: int, limit?: int, offset?: int}|null $filter
         * @return list<array<string, mixed>>
         */
        public function listSubscriptions(?array $filter = null): array {}

        /**
         * Every attempt of an event, its payload, and each subscription's status
         * (`Delivered`, `Pending`, `Dead Lettered`, `Failed`).
         *
         * @return array<string, mixed>
         * @throws Exception\NotFoundException
         */
        public function trace(string $uuid): array {}

        /**
         * Starts a new delivery chain under the same uuid, whatever the event's status: to every
         * subscription that had attempts, or only $subscriptionId. Returns how many deliveries
         * (or, for an event dead-lettered before delivery, queue messages) it created.
         *
         * @throws Exception\NotFoundException
         */
        public function replay(string $uuid, ?int $subscriptionId = null): int {}

        /**
         * Dead letters, newest first. $kind is `delivery` (retries exhausted or failed for good)
         * or `event` (could not be processed).
         *
         * @return array{items: list<array<string, mixed>>, total_count: int}
         */
        public function deadLetters(string $kind = 'delivery', int $limit = 50, int $offset = 0): array {}

        /**
         * Attempts matching a Lucene query (`data.data.customer_email:roni_cost@example.com`,
         * `event_name:customer.* AND success:false`, `correlation_id:checkout-9`, `trace_id:4bf9...`), newest first ($order `oldest` for oldest
         * first), from $offset, at most $limit (no cap; 0 gives only the count).
         *
         * @return array{items: list<array<string, mixed>>, total_count: int}
         * @throws Exception\ValidationException for a malformed query, with the position
         */
        public function search(string $query, int $limit = 50, int $offset = 0, string $order = 'newest'): array {}

        /**
         * Writes every attempt matching $query to the file $path as CSV (a header line, then one
         * line per attempt with its payload), in $order; returns how many attempts. The export
         * goes to a new file beside $path, renamed over it once complete: on any error, what was
         * at $path is left as it was and no partial file remains.
         *
         * @throws Exception\ValidationException for a malformed query
         * @throws Exception\StorageException when the file cannot be written
         */
        public function searchExport(string $query, string $path, string $order = 'newest'): int {}

        /**
         * Adds the attempts logged since the last sync to the search index and removes those
         * deleted from the log. Does nothing with indexing off.
         *
         * @return array{added: int, removed: int}
         */
        public function syncSearchIndex(): array {}

        /**
         * Rebuilds the search index from the whole attempt log, calling
         * `$progress(int $indexed, int $total)` as it goes; returns how many attempts it holds.
         * An exception $progress throws stops the rebuild, leaving the index as it was.
         *
         * @param (callable(int, int): void)|null $progress
         * @throws Exception\ConfigException with `indexing_enabled` off
         * @throws Exception\StorageException while another process writes the index, or when
         *         $progress threw (its class and message are in the message)
         */
        public function reindex(?callable $progress = null): int {}
    }

    /**
     * Operations on the two dead-letter lists: `event` (could not be processed) and
     * `delivery` (retries exhausted or failed for good). Listing is Client::deadLetters().
     */
    class DeadLetters
    {
        /**
         * @param array<string, mixed>|null $config the same settings as Client
         * @throws Exception\ConfigException
         */
        public function __construct(?array $config = null) {}

        /**
         * Retries the $count oldest dead letters of $kind: an event goes back on the queue, a
         * delivery starts a new chain to its subscription. Returns how many.
         */
        public function retry(string $kind, int $count = 1): int {}

        /** Erases every dead letter of $kind; returns how many. */
        public function erase(string $kind): int {}

        /** Writes every dead letter of $kind to $path as a JSON array with all attributes; returns how many. */
        public function export(string $kind, string $path): int {}

        /**
         * Starts the batch retry job over $kind (one job at a time).
         *
         * @return array{job_id: int, kind: string, batch_size: int, cooldown_seconds: int, status: string, retried: int, total: int, started: string, next_batch_at: string}
         * @throws Exception\ValidationException when a job is already running
         */
        public function startRetryJob(string $kind, int $batchSize = 100, int $cooldownSeconds = 60): array {}

        /** Stops the running job; returns the latest job, or null if there never was one. */
        public function stopRetryJob(): ?array {}

        /** The latest job (status running, stopped or finished; retried of total), or null. */
        public function retryJob(): ?array {}

        /** Advances the running job by one batch if its cooldown has passed; returns the latest job, or null. */
        public function runRetryJob(): ?array {}
    }

    /**
     * Consumes published events and delivers them. SIGTERM and SIGINT stop a run gracefully
     * (a second signal ends the process at once).
     */
    class Consumer
    {
        /**
         * @param array<string, mixed>|null $config the same settings as Client
         * @throws Exception\ConfigException
         */
        public function __construct(?array $config = null) {}

        /**
         * Runs until a stop condition. With $resolver it consumes published events (the trigger
         * consumer): `$resolver(string $eventName, array $arguments, int $storeId, string $uuid)`
         * returns the payload; an exception it throws dead-letters that event with the
         * exception's message and the run goes on. Without a resolver it only works through
         * pending deliveries and retries (the retry consumer).
         *
         * $notifier serves the sinks named in the `sinks` setting (subscriptions whose metadata
         * is not `http`), on this thread: it gets the delivery and says how it went. An
         * exception it throws is a failure that is retried. Without a notifier such deliveries
         * fail with E_NO_NOTIFIER and are retried, then dead-lettered.
         *
         * @param array{max_messages?: int, idle_timeout?: float, drain?: bool, concurrency?: int, per_subscription_concurrency?: int, batch_size?: int, poll_interval_ms?: int, grace_seconds?: int}|null $options
         * @param (callable(array{subscription_id: int, event_name: string, recipient_url: string, metadata: string, verification_token: string, store_id: int, uuid: string, attempt: int, event: array<string, mixed>, body: string}): array{success: bool, response_data?: string, retryable?: bool, retry_after?: int|null})|null $notifier
         *        verification_token is sealed as stored (inside Magento: Magento's encryptor format);
         *        event is the CloudEvent as the HTTP sink sends it (specversion, id, source, type,
         *        datacontenttype, time, correlationid, traceparent when published with one, data)
         * @return array{messages: int, events_dead_lettered: int, attempts: int, delivered: int, retries_scheduled: int, deliveries_dead_lettered: int, stop_reason: string}
         */
        public function run(?callable $resolver = null, ?array $options = null, ?callable $notifier = null): array {}
    }
}
