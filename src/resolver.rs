//! The resolver turns a published event (name and arguments) into the payload subscribers
//! receive. In Magento it calls the service method named in async_events.xml; it runs on the
//! consumer's calling thread (PHP's), never on the runtime's workers.

use std::fmt;

use crate::envelope::Envelope;

/// Why an event has no payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResolveError {
    /// The event cannot be resolved: it is dead-lettered with this reason.
    Failed(String),
    /// The calling process is ending inside the resolver (PHP's `exit()` or a fatal error): the
    /// run stops at once and the event stays queued.
    Interrupted,
}

impl fmt::Display for ResolveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Failed(reason) => f.write_str(reason),
            Self::Interrupted => f.write_str("the process ended inside the resolver"),
        }
    }
}

pub trait Resolver {
    /// Returns the payload as JSON text.
    fn resolve(&mut self, event: &Envelope) -> Result<String, ResolveError>;
}

impl<F> Resolver for F
where
    F: FnMut(&Envelope) -> Result<String, ResolveError>,
{
    fn resolve(&mut self, event: &Envelope) -> Result<String, ResolveError> {
        self(event)
    }
}
