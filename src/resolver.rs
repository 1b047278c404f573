//! The resolver turns a published event (name and arguments) into the payload subscribers
//! receive. In Magento it calls the service method named in async_events.xml; it runs on the
//! consumer's calling thread (PHP's), never on the runtime's workers.

use std::fmt;

use crate::envelope::Envelope;

/// Why an event could not be resolved; the event is dead-lettered with this reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolveError(pub String);

impl fmt::Display for ResolveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
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
