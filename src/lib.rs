//! The core of Async Events for Magento: queueing, back-off, dead letters, sink delivery and
//! the attempt log. It knows nothing of PHP: the `async_events` extension (in `php/`) only
//! converts values and maps errors; the Magento module sits on top of that.
//!
//! How an event flows (see DESIGN.md section 3):
//! [`AsyncEvents::publish`] puts an [`Envelope`] on the [`queue`]; [`Engine::run`] claims it,
//! asks a [`Resolver`] for the payload, and hands one delivery per active [`Subscription`]
//! to the store (the event's message is acked in the same transaction); delivery workers send
//! each through a [`sink`] (or, for sinks the core has not built in, a [`Notifier`] on the
//! calling thread), and the [`engine::recorder`] writes every attempt to the attempt
//! log, reschedules retryable failures after the [`RetryPolicy`]'s back-off and dead-letters
//! the rest.

pub mod clock;
pub mod config;
pub mod delivery;
pub mod engine;
pub mod envelope;
pub mod error;
pub mod facade;
pub mod limits;
pub mod metrics;
pub mod notifier;
pub mod outbox;
pub mod queue;
pub mod resolver;
pub mod retry;
pub mod search;
pub mod secret;
pub mod signature;
pub mod sink;
pub mod ssrf;
pub mod store;
pub mod subscription;

pub use clock::{Clock, ManualClock, SystemClock};
pub use config::Config;
pub use engine::{Engine, RunOptions, RunStats};
pub use envelope::{Envelope, EventUuid, PublishOptions};
pub use error::{Error, ErrorKind, Result};
pub use facade::AsyncEvents;
pub use notifier::{Notification, Notified, Notifier, NotifyError};
pub use resolver::{ResolveError, Resolver};
pub use retry::RetryPolicy;
pub use subscription::{NewSubscription, Subscription, SubscriptionId, SubscriptionPatch};
