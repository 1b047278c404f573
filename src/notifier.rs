//! Notifiers: sinks served outside the core, for subscriptions whose `metadata` names a sink
//! the core has not built in (custom PHP notifiers in Magento, registered in `sinks`). Like
//! the resolver, a notifier runs on the consumer's calling thread (PHP's), never on the
//! runtime's workers: the scheduler hands such deliveries over to that thread, and the
//! attempt is recorded, retried and dead-lettered like any other.

use std::time::{Duration, Instant};

use crate::sink::{cut_response, Outcome, Verdict};
use crate::delivery::Delivery;

/// One delivery as a notifier gets it.
#[derive(Debug)]
pub struct Notification<'a> {
    pub delivery: &'a Delivery,
    /// The verification token as the store keeps it (sealed: inside Magento in the encryptor's
    /// format, which `EncryptorInterface::decrypt()` opens).
    pub sealed_token: &'a str,
    /// The CloudEvent, as the HTTP sink would send it.
    pub body: &'a str,
}

/// What a notifier says of its attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notified {
    pub success: bool,
    /// For a failure: whether trying again later may succeed.
    pub retryable: bool,
    /// For a retryable failure: the wait the receiver asked for.
    pub retry_after: Option<Duration>,
    /// What to keep in the attempt log (the receiver's answer, or the error).
    pub response: String,
}

/// Why a notifier said nothing of its attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotifyError {
    /// The notifier itself failed (an exception): the attempt failed and is retried.
    Failed(String),
    /// The calling process is ending inside the notifier (PHP's `exit()` or a fatal error):
    /// nothing is recorded, the run stops at once and the delivery's lease brings it back.
    Interrupted,
}

pub trait Notifier {
    /// Delivers one event.
    fn notify(&mut self, notification: &Notification<'_>) -> Result<Notified, NotifyError>;
}

impl<F> Notifier for F
where
    F: FnMut(&Notification<'_>) -> Result<Notified, NotifyError>,
{
    fn notify(&mut self, notification: &Notification<'_>) -> Result<Notified, NotifyError> {
        self(notification)
    }
}

/// Calls `notifier` and turns what it says into the attempt's outcome; without a notifier in
/// this run, the attempt fails and is retried (a consumer started without one must not lose it).
/// `None`: the process is ending inside the notifier, there is nothing to record.
pub(crate) fn attempt<'n>(notifier: Option<&mut (dyn Notifier + 'n)>, notification: &Notification<'_>) -> Option<Outcome> {
    let started = Instant::now();
    let Some(notifier) = notifier else {
        let error = format!("no notifier serves the sink '{}' in this consumer", notification.delivery.target.metadata);
        return Some(Outcome::failed(Verdict::Retry { retry_after: None }, "E_NO_NOTIFIER", error, 0));
    };
    let result = notifier.notify(notification);
    let duration_ms = started.elapsed().as_millis() as u64;
    Some(match result {
        Ok(Notified { success: true, response, .. }) => {
            Outcome { verdict: Verdict::Delivered, http_status: None, duration_ms, response: cut_response(response), error_code: None, error: None }
        }
        Ok(Notified { success: false, retryable, retry_after, response }) => {
            let verdict = if retryable { Verdict::Retry { retry_after } } else { Verdict::Fail };
            Outcome::failed(verdict, "E_NOTIFIER", cut_response(response), duration_ms)
        }
        Err(NotifyError::Failed(error)) => {
            Outcome::failed(Verdict::Retry { retry_after: None }, "E_NOTIFIER_EXCEPTION", cut_response(error), duration_ms)
        }
        Err(NotifyError::Interrupted) => return None,
    })
}

