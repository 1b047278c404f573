//! The core's one error type: a kind that callers (and the PHP extension's exception
//! mapping) can match on, and a message with context.

use std::fmt;

/// What went wrong, coarsely; the PHP extension maps each kind to one exception class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The caller passed something invalid (a bad URL, an empty event name, a bad option).
    Validation,
    /// The SSRF guard refused a recipient address.
    Ssrf,
    /// The thing asked for does not exist (a subscription id, an event uuid).
    NotFound,
    /// The configuration cannot be used.
    Config,
    /// The store or the queue failed (SQL error, I/O).
    Storage,
    /// Encrypting or decrypting a verification token failed.
    Crypto,
    /// The calling process is ending inside a callback (PHP's `exit()` or a fatal error in a
    /// resolver or notifier): the run stopped at once, leaving its work to the leases.
    Interrupted,
}

/// An error of the core, with its kind and a message that says what was being done.
#[derive(Debug, thiserror::Error)]
pub struct Error {
    kind: ErrorKind,
    message: String,
    #[source]
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.source {
            Some(source) => write!(f, "{}: {}", self.message, source),
            None => f.write_str(&self.message),
        }
    }
}

impl Error {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self { kind, message: message.into(), source: None }
    }

    pub fn with_source(
        kind: ErrorKind,
        message: impl Into<String>,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        Self { kind, message: message.into(), source: Some(Box::new(source)) }
    }

    pub fn validation(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Validation, message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::NotFound, message)
    }

    pub fn config(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Config, message)
    }

    pub fn interrupted(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Interrupted, message)
    }

    pub fn kind(&self) -> ErrorKind {
        self.kind
    }
}

/// Adds "what we were doing" to a storage error.
pub trait StorageContext<T> {
    fn context(self, what: &str) -> Result<T>;
}

impl<T> StorageContext<T> for std::result::Result<T, sqlx::Error> {
    fn context(self, what: &str) -> Result<T> {
        self.map_err(|e| Error::with_source(ErrorKind::Storage, what.to_string(), e))
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
