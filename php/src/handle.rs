//! A Client's or Consumer's link to the core: its validated configuration, and the call
//! that runs core work on this process's runtime and turns errors into PHP exceptions.

use std::future::Future;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

use async_events_core::{AsyncEvents, Config};
use ext_php_rs::exception::PhpResult;
use ext_php_rs::types::ZendHashTable;
use serde_json::Value;

use crate::bridge::array_to_json;
use crate::exceptions::{internal_error, to_exception, validation};
use crate::runtime;

pub struct Handle {
    config: Config,
    /// The configuration as JSON text: the key of the process's opened cores.
    key: String,
}

impl Handle {
    pub fn new(settings: Option<&ZendHashTable>) -> PhpResult<Self> {
        crate::logging::init();
        let overrides = match settings {
            Some(array) => array_to_json(array, "$config").map_err(|e| validation(e.to_string()))?,
            None => Value::Null,
        };
        let key = overrides.to_string();
        let config = Config::load(overrides).map_err(to_exception)?;
        Ok(Self { config, key })
    }

    /// Runs `work` against this process's core, blocking the PHP thread until it is done.
    /// It may be called from PHP code that the extension itself is running (a resolver that
    /// publishes, a notifier that queries): the outer work then waits while this one runs.
    /// A panic of the core becomes an `AsyncEventsException`; it never reaches PHP as a crash.
    pub fn run<T, F, Fut>(&self, work: F) -> PhpResult<T>
    where
        F: FnOnce(Arc<AsyncEvents>) -> Fut,
        Fut: Future<Output = async_events_core::Result<T>>,
    {
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            let core = runtime::core(&self.config, &self.key)?;
            runtime::block_on(runtime::runtime()?, work(core))
        }));
        match outcome {
            Ok(result) => result.map_err(to_exception),
            Err(panic) => Err(internal_error(panic.as_ref())),
        }
    }
}
