//! The extension's exception classes (`AsyncEvents\Exception\...`) and the mapping of the
//! core's error kinds onto them.
//!
//! They are plain PHP classes without a Rust object behind them (registered with a
//! `ClassBuilder` at module start-up, not `#[php_class]`), so they keep RuntimeException's
//! constructor: PHP code can create and rethrow them like any exception.

use std::panic::catch_unwind;
use std::ptr;
use std::sync::atomic::{AtomicPtr, Ordering};

use async_events_core::{Error, ErrorKind};
use ext_php_rs::args::ArgInfoTables;
use ext_php_rs::builders::ClassBuilder;
use ext_php_rs::exception::PhpException;
use ext_php_rs::zend::{ce, ClassEntry};

extern "C" {
    /// SPL's RuntimeException, exported by every PHP 8 binary (SPL cannot be disabled).
    static spl_ce_RuntimeException: *mut ClassEntry;
}

/// The parent of our exceptions. Looked up by symbol: class lookups by name do not work yet
/// while extensions start.
fn runtime_exception() -> &'static ClassEntry {
    // SAFETY: SPL registers the class before any shared extension starts; the pointer is then
    // valid for the life of the process, and null (checked) only if SPL had not started.
    unsafe { spl_ce_RuntimeException.as_ref() }.unwrap_or_else(ce::exception)
}

/// Declares an exception class: the static that holds its registered class entry, a getter
/// for it, and a function that registers it under `$name`, extending `$parent`.
macro_rules! exception_classes {
    ($($slot:ident, $getter:ident, $register:ident, $name:literal, $parent:expr;)*) => {
        $(
            static $slot: AtomicPtr<ClassEntry> = AtomicPtr::new(ptr::null_mut());

            fn $getter() -> &'static ClassEntry {
                // SAFETY: set once at module start-up from the engine's class table, which
                // keeps the entry for the life of the process.
                unsafe { $slot.load(Ordering::Acquire).as_ref() }.unwrap_or_else(ce::exception)
            }

            fn $register() -> ext_php_rs::error::Result<()> {
                fn keep(entry: &'static mut ClassEntry, _: ArgInfoTables) {
                    $slot.store(entry, Ordering::Release);
                }
                ClassBuilder::new($name).extends(($parent, "")).registration(keep).register()
            }
        )*

        fn register_all() -> ext_php_rs::error::Result<()> {
            $($register()?;)*
            Ok(())
        }
    };
}

exception_classes! {
    BASE, base, register_base, "AsyncEvents\\Exception\\AsyncEventsException", runtime_exception;
    VALIDATION, validation_class, register_validation, "AsyncEvents\\Exception\\ValidationException", base;
    SSRF, ssrf_class, register_ssrf, "AsyncEvents\\Exception\\SsrfException", validation_class;
    NOT_FOUND, not_found_class, register_not_found, "AsyncEvents\\Exception\\NotFoundException", base;
    CONFIG, config_class, register_config, "AsyncEvents\\Exception\\ConfigException", base;
    STORAGE, storage_class, register_storage, "AsyncEvents\\Exception\\StorageException", base;
    CRYPTO, crypto_class, register_crypto, "AsyncEvents\\Exception\\CryptoException", base;
}

/// Module start-up hook. It runs outside any PHP call, where a panic would abort PHP.
pub unsafe extern "C" fn register(_type: i32, _module_number: i32) -> i32 {
    match catch_unwind(register_all) {
        Ok(Ok(())) => 0,
        _ => -1,
    }
}

/// The PHP exception for a core error.
pub fn to_exception(error: Error) -> PhpException {
    let class = match error.kind() {
        ErrorKind::Validation => validation_class(),
        ErrorKind::Ssrf => ssrf_class(),
        ErrorKind::NotFound => not_found_class(),
        ErrorKind::Config => config_class(),
        ErrorKind::Storage => storage_class(),
        ErrorKind::Crypto => crypto_class(),
        _ => base(),
    };
    PhpException::new(error.to_string(), 0, class)
}

/// A `ValidationException` for a refused argument.
pub fn validation(message: impl Into<String>) -> PhpException {
    PhpException::new(message.into(), 0, validation_class())
}

/// An `AsyncEventsException` for a panic of the core (a defect: the message asks for a report).
pub fn internal_error(panic: &(dyn std::any::Any + Send)) -> PhpException {
    let message = panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into());
    tracing::error!(panic = %message, "internal error in async_events");
    PhpException::new(format!("internal error in async_events (please report it): {message}"), 0, base())
}
