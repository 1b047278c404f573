//! The `async_events` PHP extension: a thin layer over `async-events-core` that converts PHP
//! values to core types and back, and core errors to `AsyncEvents\Exception\*`.
//! Classes: `AsyncEvents\Client` (publish, subscriptions, traces, replay, dead letters) and
//! `AsyncEvents\Consumer` (the engine, with a PHP resolver), `AsyncEvents\DeadLetters`
//! (retry, erase, export, the retry job). Nothing is started at module
//! start-up: the runtime and connections are built per process on first use (see `runtime`).

#![cfg_attr(windows, feature(abi_vectorcall))]

mod bridge;
mod callback;
mod client;
mod consumer;
mod dead_letters;
mod exceptions;
mod handle;
mod logging;
mod runtime;
mod signals;

use std::panic::catch_unwind;

use ext_php_rs::prelude::*;
use ext_php_rs::zend::ModuleEntry;
use ext_php_rs::{info_table_end, info_table_row, info_table_start};

/// `php --ri async_events`. It runs outside any PHP call, where a panic would abort PHP.
pub extern "C" fn module_info(_module: *mut ModuleEntry) {
    let _ = catch_unwind(|| {
        info_table_start!();
        info_table_row!("async_events support", "enabled");
        info_table_row!("version", env!("CARGO_PKG_VERSION"));
        info_table_row!("git commit", env!("ASYNC_EVENTS_GIT_COMMIT"));
        info_table_row!("build", concat!(env!("ASYNC_EVENTS_BUILD_PROFILE"), " ", env!("ASYNC_EVENTS_BUILD_TARGET")));
        info_table_row!("queues", "sql, rabbitmq");
        info_table_row!("stores", "sqlite, mysql");
        info_table_row!("sinks", "http, eventbridge, sqs, php notifiers");
        info_table_end!();
    });
}

/// End of every PHP request: await the broker confirms of what the request published. It runs
/// outside any PHP call, where a panic would abort PHP.
pub extern "C" fn request_shutdown(_type: i32, _module_number: i32) -> i32 {
    let _ = catch_unwind(runtime::flush_all);
    0
}

#[php_module]
pub fn get_module(module: ModuleBuilder) -> ModuleBuilder {
    module
        .startup_function(exceptions::register)
        .class::<client::Client>()
        .class::<consumer::Consumer>()
        .class::<dead_letters::DeadLetters>()
        .info_function(module_info)
        .request_shutdown_function(request_shutdown)
}
