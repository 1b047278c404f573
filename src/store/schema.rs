//! The tables, in SQLite's dialect. The two Magento tables keep the reference module's columns
//! (`async_event_subscriber`, `async_event_subscriber_log`); our columns are added after them.
//! The queue, delivery and dead-letter tables are ours.

pub const SCHEMA: &[&str] = &[
    "CREATE TABLE IF NOT EXISTS async_event_subscriber (
        subscription_id INTEGER PRIMARY KEY AUTOINCREMENT,
        event_name TEXT NOT NULL,
        recipient_url TEXT NOT NULL,
        verification_token TEXT NOT NULL,
        status INTEGER NOT NULL DEFAULT 0,
        subscribed_at TEXT NULL,
        modified TEXT NULL,
        metadata TEXT NOT NULL,
        store_id INTEGER NOT NULL DEFAULT 0,
        connect_timeout_ms INTEGER NULL,
        timeout_ms INTEGER NULL,
        disabled_reason TEXT NULL
    )",
    "CREATE INDEX IF NOT EXISTS async_event_subscriber_event ON async_event_subscriber (event_name, status)",
    "CREATE TABLE IF NOT EXISTS async_event_subscriber_log (
        log_id INTEGER PRIMARY KEY AUTOINCREMENT,
        uuid TEXT NOT NULL,
        subscription_id INTEGER NOT NULL
            REFERENCES async_event_subscriber (subscription_id) ON DELETE CASCADE,
        success INTEGER NOT NULL,
        response_data TEXT NOT NULL,
        created TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
        serialized_data BLOB NULL,
        event_name TEXT NOT NULL DEFAULT '',
        store_id INTEGER NOT NULL DEFAULT 0,
        attempt INTEGER NOT NULL DEFAULT 1,
        http_status INTEGER NULL,
        duration_ms INTEGER NOT NULL DEFAULT 0,
        error_code TEXT NULL,
        error TEXT NULL,
        next_attempt_at TEXT NULL,
        trigger_kind TEXT NOT NULL DEFAULT 'publish',
        created_ms INTEGER NOT NULL DEFAULT 0
    )",
    "CREATE INDEX IF NOT EXISTS async_event_subscriber_log_uuid ON async_event_subscriber_log (uuid)",
    "CREATE INDEX IF NOT EXISTS async_event_subscriber_log_subscription ON async_event_subscriber_log (subscription_id)",
    // Published events waiting to be resolved (the SQL queue's `event.trigger`).
    "CREATE TABLE IF NOT EXISTS async_event_queue (
        message_id INTEGER PRIMARY KEY AUTOINCREMENT,
        uuid TEXT NOT NULL,
        event_name TEXT NOT NULL,
        priority INTEGER NOT NULL DEFAULT 0,
        body TEXT NOT NULL,
        available_at INTEGER NOT NULL,
        lease_until INTEGER NOT NULL DEFAULT 0,
        claims INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL
    )",
    "CREATE INDEX IF NOT EXISTS async_event_queue_due ON async_event_queue (available_at, priority)",
    // One row per (event, subscription) still to be delivered: first attempts, retries, replays.
    "CREATE TABLE IF NOT EXISTS async_event_delivery (
        delivery_id INTEGER PRIMARY KEY AUTOINCREMENT,
        uuid TEXT NOT NULL,
        subscription_id INTEGER NOT NULL
            REFERENCES async_event_subscriber (subscription_id) ON DELETE CASCADE,
        event_name TEXT NOT NULL,
        store_id INTEGER NOT NULL,
        payload TEXT NOT NULL,
        trigger_kind TEXT NOT NULL,
        deaths INTEGER NOT NULL DEFAULT 0,
        due_at INTEGER NOT NULL,
        lease_until INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL
    )",
    "CREATE INDEX IF NOT EXISTS async_event_delivery_due ON async_event_delivery (due_at)",
    "CREATE INDEX IF NOT EXISTS async_event_delivery_uuid ON async_event_delivery (uuid)",
    // Events that could not be processed (kind 'event') and deliveries that gave up (kind 'delivery').
    "CREATE TABLE IF NOT EXISTS async_event_dead_letter (
        dead_letter_id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        uuid TEXT NOT NULL,
        event_name TEXT NOT NULL,
        store_id INTEGER NOT NULL DEFAULT 0,
        subscription_id INTEGER NULL,
        correlation_id TEXT NULL,
        body TEXT NOT NULL,
        reason TEXT NOT NULL,
        deaths INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL
    )",
    "CREATE INDEX IF NOT EXISTS async_event_dead_letter_kind ON async_event_dead_letter (kind, dead_letter_id)",
    "CREATE INDEX IF NOT EXISTS async_event_dead_letter_uuid ON async_event_dead_letter (uuid)",
    // The dead-letter retry job (one runs at a time).
    "CREATE TABLE IF NOT EXISTS async_event_dead_letter_job (
        job_id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        batch_size INTEGER NOT NULL,
        cooldown_seconds INTEGER NOT NULL,
        status TEXT NOT NULL,
        retried INTEGER NOT NULL DEFAULT 0,
        total INTEGER NOT NULL,
        started_at INTEGER NOT NULL,
        next_batch_at INTEGER NOT NULL
    )",
];
