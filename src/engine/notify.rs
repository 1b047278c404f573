//! The calling thread's side of notifier-served sinks: the scheduler hands it the
//! deliveries whose sink a notifier serves; it calls the notifier for each, between trigger
//! batches and while a stopping run waits for its deliveries, and passes the outcome to the
//! recorder like any other attempt.

use std::sync::Arc;

use tokio::sync::mpsc;

use super::recorder::Attempted;
use super::scheduler::Message;
use crate::error::{Error, Result};
use crate::notifier::{self, Notification, Notifier};
use crate::sink::{cloudevent, Outcome, Verdict};
use crate::delivery::Delivery;
use crate::store::Store;

pub(super) struct Notifications<'a> {
    pub handed: mpsc::UnboundedReceiver<Delivery>,
    pub recorder: mpsc::UnboundedSender<Attempted>,
    pub scheduler: mpsc::UnboundedSender<Message>,
    pub store: Arc<Store>,
    pub notifier: Option<&'a mut dyn Notifier>,
}

impl Notifications<'_> {
    /// Notifies every delivery handed over so far; returns whether there was any. An
    /// [`ErrorKind::Interrupted`](crate::error::ErrorKind) error: the process is ending inside
    /// the notifier, which must not be called again (the delivery's lease brings it back).
    pub fn serve(&mut self) -> Result<bool> {
        let mut served = false;
        while let Ok(delivery) = self.handed.try_recv() {
            served = true;
            let attempted_at = self.store.now_ms();
            let Some(outcome) = self.attempt(&delivery) else {
                return Err(Error::interrupted(format!("the process ended while notifying event {}", delivery.uuid)));
            };
            // Both outlive the run's calling thread; if either is gone the lease brings the delivery back.
            let _ = self.scheduler.send(Message::Finished(delivery.target.subscription_id));
            let _ = self.recorder.send(Attempted::new(delivery, outcome, attempted_at));
        }
        Ok(served)
    }

    fn attempt(&mut self, delivery: &Delivery) -> Option<Outcome> {
        let body = match cloudevent::body_text(delivery) {
            Ok(body) => body,
            Err(e) => return Some(Outcome::failed(Verdict::Fail, "E_INVALID", e.to_string(), 0)),
        };
        let sealed_token = match delivery.target.signing_token().and_then(|token| self.store.cipher().encrypt(token)) {
            Ok(sealed) => sealed,
            Err(e) => return Some(Outcome::failed(Verdict::Retry { retry_after: None }, "E_CRYPTO", e.to_string(), 0)),
        };
        let notification = Notification { delivery, sealed_token: &sealed_token, body: &body };
        notifier::attempt(self.notifier.as_deref_mut(), &notification)
    }
}
