//! A Client's or Consumer's link to the core: its validated configuration, and the call
//! that runs core work on this process's runtime and turns errors into PHP exceptions.

use std::future::Future;
use std::sync::Arc;

use async_events_core::{AsyncEvents, Config};
use ext_php_rs::exception::PhpResult;
use ext_php_rs::types::ZendHashTable;
use serde_json::Value;

use crate::bridge::array_to_json;
use crate::exceptions::{to_exception, validation};
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
    pub fn run<T, F, Fut>(&self, work: F) -> PhpResult<T>
    where
        F: FnOnce(Arc<AsyncEvents>) -> Fut,
        Fut: Future<Output = async_events_core::Result<T>>,
    {
        let core = runtime::core(&self.config, &self.key).map_err(to_exception)?;
        let rt = runtime::runtime().map_err(to_exception)?;
        rt.block_on(work(core)).map_err(to_exception)
    }
}
