//! `AsyncEvents\Consumer`: runs the engine in this PHP process. The PHP resolver and notifier
//! are called on the PHP thread; HTTP deliveries run on the runtime's threads. SIGTERM and
//! SIGINT stop it gracefully (a second one ends the process at once).

use std::time::Duration;

use async_events_core::{Envelope, Notification, Notified, NotifyError, ResolveError, RunOptions};
use async_events_core::sink::cloudevent;
use ext_php_rs::boxed::ZBox;
use ext_php_rs::exception::PhpResult;
use ext_php_rs::prelude::*;
use ext_php_rs::types::{ZendCallable, ZendHashTable, Zval};

use crate::callback::{self, Called};
use crate::bridge::{array_to, json_to_array, json_to_php, php_to_json, php_to_json_text, to_php_array};
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
    /// `$notifier` serves the sinks named in the `sinks` setting (subscriptions whose metadata
    /// is not `http`): `$notifier(array $delivery)` gets `subscription_id`, `event_name`,
    /// `recipient_url`, `metadata`, `verification_token` (sealed, as stored), `store_id`, `uuid`,
    /// `attempt`, `event` (the CloudEvent as an array) and `body` (its JSON), and returns
    /// `['success' => bool, 'response_data' => string, 'retryable' => bool, 'retry_after' => ?int]`;
    /// an exception it throws is a failure that is retried. Without a notifier such deliveries
    /// fail (`E_NO_NOTIFIER`) and are retried, then dead-lettered.
    pub fn run(
        &self,
        resolver: Option<ZendCallable>,
        options: Option<&ZendHashTable>,
        notifier: Option<ZendCallable>,
    ) -> PhpResult<ZBox<ZendHashTable>> {
        let options: RunOptions = array_to(options, "$options").map_err(validation)?;
        let signals = StopOnSignals::install();
        let mut php_resolver = resolver.map(|callable| move |event: &Envelope| call_resolver(&callable, event));
        let mut php_notifier = notifier.map(|callable| move |n: &Notification<'_>| call_notifier(&callable, n));
        let result = self.handle.run(|core| async move {
            let resolver = php_resolver.as_mut().map(|r| r as &mut dyn async_events_core::Resolver);
            let notifier = php_notifier.as_mut().map(|n| n as &mut dyn async_events_core::Notifier);
            core.engine().run_with_notifier(resolver, notifier, &options, &STOP).await
        });
        drop(signals);
        if callback::php_is_ending() {
            // PHP ended inside the resolver or notifier: the run stopped, and PHP goes on ending.
            drop(result);
            callback::resume_ending();
            return Ok(ZendHashTable::new());
        }
        result.map(|stats| to_php_array(&stats))
    }
}

fn call_notifier(callable: &ZendCallable, n: &Notification<'_>) -> Result<Notified, NotifyError> {
    let failed = NotifyError::Failed;
    let delivery = n.delivery;
    let payload: serde_json::Value =
        serde_json::from_str(&delivery.payload).map_err(|e| failed(format!("the payload is not JSON: {e}")))?;
    // The CloudEvent's members in the order of the body, as a notifier that encodes it expects.
    let mut event = ZendHashTable::new();
    for (key, value) in cloudevent::attributes(delivery).iter().chain([("data", payload)].iter()) {
        event.insert(*key, json_to_php(value)).map_err(|e| failed(format!("cannot build the event array: {e}")))?;
    }
    let mut argument = json_to_array(&serde_json::json!({
        "subscription_id": delivery.target.subscription_id.0,
        "event_name": delivery.event_name,
        "recipient_url": delivery.target.recipient_url,
        "metadata": delivery.target.metadata,
        "verification_token": n.sealed_token,
        "store_id": delivery.store_id,
        "uuid": delivery.uuid.as_str(),
        "attempt": delivery.deaths + 1,
        "body": n.body,
    }));
    argument.insert("event", event).map_err(|e| failed(format!("cannot build the delivery array: {e}")))?;
    let mut delivery_array = Zval::new();
    delivery_array.set_hashtable(argument);
    let result = match callback::call(callable, vec![&delivery_array], "the notifier") {
        Called::Returned(result) => result,
        Called::Threw(error) => return Err(failed(error)),
        Called::Ending => return Err(NotifyError::Interrupted),
    };
    let result = php_to_json(&result, "the notifier's result").map_err(|e| failed(e.to_string()))?;
    let field = |name: &str| result.get(name);
    let Some(success) = field("success").and_then(serde_json::Value::as_bool) else {
        return Err(failed(format!("the notifier returned {result} instead of an array with a boolean 'success'")));
    };
    let response = match field("response_data") {
        Some(serde_json::Value::String(text)) => text.clone(),
        None | Some(serde_json::Value::Null) => String::new(),
        Some(other) => other.to_string(),
    };
    Ok(Notified {
        success,
        retryable: field("retryable").and_then(serde_json::Value::as_bool).unwrap_or(false),
        retry_after: field("retry_after").and_then(serde_json::Value::as_u64).map(Duration::from_secs),
        response,
    })
}

fn call_resolver(callable: &ZendCallable, event: &Envelope) -> Result<String, ResolveError> {
    let arguments: serde_json::Value = serde_json::from_str(event.arguments.get())
        .map_err(|e| ResolveError::Failed(format!("the published arguments are not JSON: {e}")))?;
    let arguments = json_to_php(&arguments);
    let store_id = i64::from(event.store_id);
    let uuid = event.uuid.to_string();
    match callback::call(callable, vec![&event.event_name, &arguments, &store_id, &uuid], "the resolver") {
        Called::Returned(result) => {
            php_to_json_text(&result, "the resolver's result").map_err(|e| ResolveError::Failed(e.to_string()))
        }
        Called::Threw(error) => Err(ResolveError::Failed(error)),
        Called::Ending => Err(ResolveError::Interrupted),
    }
}
