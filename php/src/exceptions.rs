//! The extension's exception classes (`AsyncEvents\Exception\...`) and the mapping of the
//! core's error kinds onto them.

use async_events_core::{Error, ErrorKind};
use ext_php_rs::exception::PhpException;
use ext_php_rs::prelude::*;
use ext_php_rs::zend::{ce, ClassEntry};

/// SPL's RuntimeException (compiled into every PHP 8), registered before any shared extension.
fn runtime_exception() -> &'static ClassEntry {
    ClassEntry::try_find("RuntimeException").unwrap_or_else(ce::exception)
}

/// Base of every exception the extension throws.
#[php_class]
#[php(name = "AsyncEvents\\Exception\\AsyncEventsException")]
#[php(extends(ce = runtime_exception, stub = "\\RuntimeException"))]
#[derive(Default)]
pub struct AsyncEventsException;

/// An argument or a value was refused (bad URL, empty event name, unknown option ...).
#[php_class]
#[php(name = "AsyncEvents\\Exception\\ValidationException")]
#[php(extends(AsyncEventsException))]
#[derive(Default)]
pub struct ValidationException;

/// The SSRF guard refused a recipient address.
#[php_class]
#[php(name = "AsyncEvents\\Exception\\SsrfException")]
#[php(extends(ValidationException))]
#[derive(Default)]
pub struct SsrfException;

/// A subscription or event does not exist.
#[php_class]
#[php(name = "AsyncEvents\\Exception\\NotFoundException")]
#[php(extends(AsyncEventsException))]
#[derive(Default)]
pub struct NotFoundException;

/// The configuration cannot be used.
#[php_class]
#[php(name = "AsyncEvents\\Exception\\ConfigException")]
#[php(extends(AsyncEventsException))]
#[derive(Default)]
pub struct ConfigException;

/// The store or the queue failed.
#[php_class]
#[php(name = "AsyncEvents\\Exception\\StorageException")]
#[php(extends(AsyncEventsException))]
#[derive(Default)]
pub struct StorageException;

/// A verification token could not be encrypted or decrypted (wrong key file?).
#[php_class]
#[php(name = "AsyncEvents\\Exception\\CryptoException")]
#[php(extends(AsyncEventsException))]
#[derive(Default)]
pub struct CryptoException;

/// The PHP exception for a core error.
pub fn to_exception(error: Error) -> PhpException {
    let message = error.to_string();
    match error.kind() {
        ErrorKind::Validation => PhpException::from_class::<ValidationException>(message),
        ErrorKind::Ssrf => PhpException::from_class::<SsrfException>(message),
        ErrorKind::NotFound => PhpException::from_class::<NotFoundException>(message),
        ErrorKind::Config => PhpException::from_class::<ConfigException>(message),
        ErrorKind::Storage => PhpException::from_class::<StorageException>(message),
        ErrorKind::Crypto => PhpException::from_class::<CryptoException>(message),
        _ => PhpException::from_class::<AsyncEventsException>(message),
    }
}

pub fn validation(message: impl Into<String>) -> PhpException {
    PhpException::from_class::<ValidationException>(message.into())
}
