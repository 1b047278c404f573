//! Integration tests of the core against real HTTP receivers and a real store: SQLite, or
//! MySQL/MariaDB and RabbitMQ as `ASYNC_EVENTS_TEST_BACKEND` says (see `harness::Backend`).
//!
//! Every test opens its own store (a temporary directory, its own database) and starts its own receiver
//! (`receiver`), an axum server on 127.0.0.1 that records each request and answers as the
//! test programs it. Nothing of the queue, the database or HTTP is mocked.

mod amqp;
mod aws;
mod context;
mod crash;
mod delivery;
mod handed;
mod harness;
mod metrics;
mod migration;
mod mysql_schema;
mod notifier;
mod outbox;
mod poison;
mod receiver;
mod replay;
mod retry;
mod ssrf;
mod store_failures;
