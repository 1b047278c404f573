//! The tables, in SQLite's dialect and in MySQL's. The two Magento tables keep the reference
//! module's columns (`async_event_subscriber`, `async_event_subscriber_log`); our columns are
//! added after them. The queue, delivery and dead-letter tables are ours. On MySQL these are
//! the tables the Magento module's `db_schema.xml` declares (a test compares them), so that
//! `setup:upgrade` and the core agree whichever creates them first.

pub const SQLITE: &[&str] = &[
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

pub const MYSQL: &[&str] = &[
    "CREATE TABLE IF NOT EXISTS async_event_subscriber (
        subscription_id INT UNSIGNED NOT NULL AUTO_INCREMENT,
        event_name VARCHAR(255) NOT NULL,
        recipient_url VARCHAR(1024) NOT NULL,
        verification_token VARCHAR(512) NOT NULL COMMENT 'Encrypted at rest, never returned',
        status BOOLEAN NOT NULL DEFAULT 0 COMMENT 'Whether the subscription is active',
        subscribed_at DATETIME NULL,
        modified DATETIME NULL ON UPDATE CURRENT_TIMESTAMP,
        metadata TEXT NOT NULL COMMENT 'The sink: http, eventbridge ...',
        store_id SMALLINT UNSIGNED NOT NULL DEFAULT 0 COMMENT 'Store ID, 0 for every store',
        connect_timeout_ms INT UNSIGNED NULL,
        timeout_ms INT UNSIGNED NULL,
        disabled_reason TEXT NULL COMMENT 'Why the system disabled it (410 Gone ...)',
        PRIMARY KEY (subscription_id),
        INDEX ASYNC_EVENT_SUBSCRIBER_EVENT_NAME_STATUS (event_name, status)
    ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci COMMENT = 'Asynchronous event subscriptions'",
    "CREATE TABLE IF NOT EXISTS async_event_subscriber_log (
        log_id INT UNSIGNED NOT NULL AUTO_INCREMENT,
        uuid VARCHAR(255) NULL COMMENT 'The event id',
        subscription_id INT UNSIGNED NOT NULL,
        success BOOLEAN NOT NULL,
        response_data TEXT NOT NULL,
        created DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
        serialized_data MEDIUMBLOB NULL COMMENT 'The payload sent',
        event_name VARCHAR(255) NOT NULL DEFAULT '',
        store_id SMALLINT UNSIGNED NOT NULL DEFAULT 0,
        attempt INT UNSIGNED NOT NULL DEFAULT 1,
        http_status SMALLINT UNSIGNED NULL,
        duration_ms INT UNSIGNED NOT NULL DEFAULT 0,
        error_code VARCHAR(64) NULL COMMENT 'E_TIMEOUT, E_CONNECTION ...',
        error TEXT NULL,
        next_attempt_at VARCHAR(32) NULL,
        trigger_kind VARCHAR(16) NOT NULL DEFAULT 'publish' COMMENT 'publish, retry or replay',
        created_ms BIGINT UNSIGNED NOT NULL DEFAULT 0,
        PRIMARY KEY (log_id),
        INDEX ASYNC_EVENT_SUBSCRIBER_LOG_UUID (uuid),
        INDEX ASYNC_EVENT_SUBSCRIBER_LOG_CREATED (created),
        CONSTRAINT FK_5DC4CE95673D2497179D07B60DE79F61 FOREIGN KEY (subscription_id)
            REFERENCES async_event_subscriber (subscription_id) ON DELETE CASCADE
    ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci COMMENT = 'Every delivery attempt'",
    "CREATE TABLE IF NOT EXISTS async_event_queue (
        message_id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        uuid VARCHAR(36) NOT NULL,
        event_name VARCHAR(255) NOT NULL,
        priority SMALLINT NOT NULL DEFAULT 0,
        body MEDIUMTEXT NOT NULL,
        available_at BIGINT NOT NULL,
        lease_until BIGINT NOT NULL DEFAULT 0,
        claims INT UNSIGNED NOT NULL DEFAULT 0,
        created_at BIGINT NOT NULL,
        PRIMARY KEY (message_id),
        INDEX ASYNC_EVENT_QUEUE_AVAILABLE_AT_PRIORITY (available_at, priority)
    ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci COMMENT = 'Published events waiting to be resolved (SQL queue)'",
    "CREATE TABLE IF NOT EXISTS async_event_delivery (
        delivery_id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        uuid VARCHAR(36) NOT NULL,
        subscription_id INT UNSIGNED NOT NULL,
        event_name VARCHAR(255) NOT NULL,
        store_id SMALLINT UNSIGNED NOT NULL DEFAULT 0,
        payload MEDIUMTEXT NOT NULL,
        trigger_kind VARCHAR(16) NOT NULL,
        deaths INT UNSIGNED NOT NULL DEFAULT 0,
        due_at BIGINT NOT NULL,
        lease_until BIGINT NOT NULL DEFAULT 0,
        created_at BIGINT NOT NULL,
        PRIMARY KEY (delivery_id),
        INDEX ASYNC_EVENT_DELIVERY_DUE_AT (due_at),
        INDEX ASYNC_EVENT_DELIVERY_UUID (uuid),
        CONSTRAINT ASYNC_EVENT_DELIVERY_SUBSCRIPTION_ID FOREIGN KEY (subscription_id)
            REFERENCES async_event_subscriber (subscription_id) ON DELETE CASCADE
    ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci COMMENT = 'Deliveries still to make: first attempts, retries, replays'",
    "CREATE TABLE IF NOT EXISTS async_event_dead_letter (
        dead_letter_id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        kind VARCHAR(16) NOT NULL COMMENT 'event or delivery',
        uuid VARCHAR(36) NOT NULL,
        event_name VARCHAR(255) NOT NULL,
        store_id SMALLINT UNSIGNED NOT NULL DEFAULT 0,
        subscription_id INT UNSIGNED NULL,
        correlation_id VARCHAR(255) NULL,
        body MEDIUMTEXT NOT NULL,
        reason TEXT NOT NULL,
        deaths INT UNSIGNED NOT NULL DEFAULT 0,
        created_at BIGINT NOT NULL,
        PRIMARY KEY (dead_letter_id),
        INDEX ASYNC_EVENT_DEAD_LETTER_KIND_DEAD_LETTER_ID (kind, dead_letter_id),
        INDEX ASYNC_EVENT_DEAD_LETTER_UUID (uuid)
    ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci COMMENT = 'Events that could not be processed and deliveries that gave up'",
    "CREATE TABLE IF NOT EXISTS async_event_dead_letter_job (
        job_id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        kind VARCHAR(16) NOT NULL COMMENT 'event or delivery',
        batch_size INT UNSIGNED NOT NULL,
        cooldown_seconds INT UNSIGNED NOT NULL,
        status VARCHAR(16) NOT NULL COMMENT 'running, stopped or finished',
        retried BIGINT UNSIGNED NOT NULL DEFAULT 0,
        total BIGINT UNSIGNED NOT NULL,
        started_at BIGINT NOT NULL,
        next_batch_at BIGINT NOT NULL,
        PRIMARY KEY (job_id),
        INDEX ASYNC_EVENT_DEAD_LETTER_JOB_STATUS (status)
    ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci COMMENT = 'Dead-letter retry jobs: batches with a cooldown, one running at a time'",
];

/// A column added after its table was first released: added where it is missing, so that a
/// store created by an earlier version (or by the reference module) gains it on open.
pub struct AddedColumn {
    pub table: &'static str,
    pub column: &'static str,
    pub sqlite: &'static str,
    pub mysql: &'static str,
}

pub const ADDED_COLUMNS: &[AddedColumn] = &[
    // The event's context (see `EventContext`): what receivers are told beside the data.
    AddedColumn { table: "async_event_delivery", column: "published_at", sqlite: "INTEGER NOT NULL DEFAULT 0", mysql: "BIGINT NOT NULL DEFAULT 0" },
    AddedColumn { table: "async_event_delivery", column: "correlation_id", sqlite: "TEXT NULL", mysql: "VARCHAR(255) NULL" },
    AddedColumn { table: "async_event_delivery", column: "traceparent", sqlite: "TEXT NULL", mysql: "VARCHAR(55) NULL" },
    AddedColumn { table: "async_event_subscriber_log", column: "correlation_id", sqlite: "TEXT NULL", mysql: "VARCHAR(255) NULL" },
    AddedColumn { table: "async_event_subscriber_log", column: "traceparent", sqlite: "TEXT NULL", mysql: "VARCHAR(55) NULL" },
];
