//! `AsyncEvents\Consumer`: runs the engine in this PHP process. The PHP resolver is called on
//! the PHP thread; deliveries run on the runtime's threads. SIGTERM and SIGINT stop it
//! gracefully (a second one ends the process at once).

use async_events_core::{Envelope, ResolveError, RunOptions};
use ext_php_rs::boxed::ZBox;
use ext_php_rs::exception::PhpResult;
use ext_php_rs::prelude::*;
use ext_php_rs::types::{ZendCallable, ZendHashTable};
use ext_php_rs::zend::ExecutorGlobals;

use crate::bridge::{array_to, json_to_php, php_to_json, to_php_array};
use crate::exceptions::validation;
use crate::handle::Handle;
use crate::signals::{StopOnSignals, STOP};

/// Consumes published events and delivers them.
#[php_class]
#[php(name = "AsyncEvents\\Consumer")]
pub struct Consumer {
    handle: Handle,
}

#[php_impl]
impl Consumer {
    /// Takes the same `$config` as `AsyncEvents\Client`.
    pub fn __construct(config: Option<&ZendHashTable>) -> PhpResult<Self> {
        Ok(Self { handle: Handle::new(config)? })
    }

    /// Runs until a stop condition. With `$resolver` it consumes published events (the trigger
    /// consumer): `$resolver(string $eventName, array $arguments, int $storeId, string $uuid)`
    /// returns the payload (array or scalar); an exception it throws dead-letters that event
    /// with the exception's message, and the run goes on. Without a resolver it only works
    /// through pending deliveries and retries (the retry consumer).
    /// `$options`: `max_messages`, `idle_timeout` (seconds), `drain` (stop when nothing is left,
    /// retries included), `concurrency`, `per_subscription_concurrency`, `batch_size`,
    /// `poll_interval_ms`, `grace_seconds`. Returns the run's counters.
    pub fn run(&self, resolver: Option<ZendCallable>, options: Option<&ZendHashTable>) -> PhpResult<ZBox<ZendHashTable>> {
        let options: RunOptions = array_to(options, "$options").map_err(validation)?;
        let signals = StopOnSignals::install();
        let mut php_resolver = resolver.map(|callable| move |event: &Envelope| call_resolver(&callable, event));
        let result = self.handle.run(|core| async move {
            let resolver = php_resolver.as_mut().map(|r| r as &mut dyn async_events_core::Resolver);
            core.engine().run(resolver, &options, &STOP).await
        });
        drop(signals);
        result.map(|stats| to_php_array(&stats))
    }
}

fn call_resolver(callable: &ZendCallable, event: &Envelope) -> Result<String, ResolveError> {
    let arguments: serde_json::Value = serde_json::from_str(event.arguments.get())
        .map_err(|e| ResolveError(format!("the published arguments are not JSON: {e}")))?;
    let arguments = json_to_php(&arguments);
    let store_id = i64::from(event.store_id);
    let uuid = event.uuid.to_string();
    match callable.try_call(vec![&event.event_name, &arguments, &store_id, &uuid]) {
        Ok(result) => php_to_json(&result, "the resolver's result")
            .map(|payload| payload.to_string())
            .map_err(|e| ResolveError(e.to_string())),
        Err(error) => Err(ResolveError(match ExecutorGlobals::take_exception() {
            Some(exception) => {
                let class = exception.get_class_name().unwrap_or_else(|_| "Exception".into());
                let message = exception
                    .try_call_method("getMessage", vec![])
                    .ok()
                    .and_then(|m| m.string())
                    .unwrap_or_default();
                format!("{class}: {message}")
            }
            None => format!("the resolver could not be called: {error}"),
        })),
    }
}
