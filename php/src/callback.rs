//! Calls into PHP code from inside the extension's work (a consumer's resolver and notifier,
//! reindex progress): what the call returned, what it threw, or that PHP is ending in it.
//!
//! PHP ends a script from inside a call in two ways. `exit()` throws an internal "unwind exit"
//! exception that must keep travelling up to PHP, untouched. A fatal error (`memory_limit`,
//! `max_execution_time`, an uncaught error in a destructor ...) makes the engine `longjmp` to
//! its last catch point: left alone, that jump would skip the runtime's frames and leave it
//! unusable (the next call into the runtime panics). The jump is caught here instead, the
//! extension's work stops without touching what it was doing (leases bring it back), and
//! [`resume_ending`] then makes the same jump from the extension's entry point, so PHP ends as
//! it would have: same message, same exit status.

use std::cell::Cell;
use std::panic::AssertUnwindSafe;

use ext_php_rs::convert::IntoZvalDyn;
use ext_php_rs::types::{ZendCallable, ZendObject, Zval};
use ext_php_rs::zend::{bailout, try_catch, CatchError, ExecutorGlobals};

extern "C" {
    /// Exported by every PHP 8 binary: whether an exception object is `exit()` unwinding.
    fn zend_is_unwind_exit(ex: *const ZendObject) -> bool;
}

thread_local! {
    /// A fatal error was caught in a call and its jump is still to be resumed.
    static BAILED_OUT: Cell<bool> = const { Cell::new(false) };
}

/// How a call into PHP ended.
pub enum Called {
    Returned(Zval),
    /// It threw: the exception's class and message (the exception is taken).
    Threw(String),
    /// PHP is ending (`exit()` or a fatal error): call no more PHP code, stop the work at once,
    /// and return to PHP through [`resume_ending`].
    Ending,
}

/// Calls `callable` with `arguments`; `what` names it in errors ("the resolver").
pub fn call(callable: &ZendCallable, arguments: Vec<&dyn IntoZvalDyn>, what: &str) -> Called {
    if php_is_ending() {
        return Called::Ending;
    }
    match try_catch(AssertUnwindSafe(|| callable.try_call(arguments))) {
        Ok(Ok(value)) => Called::Returned(value),
        Ok(Err(error)) if exit_is_unwinding() => {
            tracing::debug!(%error, "{what} called exit()");
            Called::Ending
        }
        Ok(Err(error)) => Called::Threw(thrown(error, what)),
        Err(CatchError::Bailout) => {
            BAILED_OUT.with(|b| b.set(true));
            Called::Ending
        }
        Err(other) => Called::Threw(format!("{what} failed: {other}")),
    }
}

/// Whether a call made during this piece of work ended PHP.
pub fn php_is_ending() -> bool {
    BAILED_OUT.with(Cell::get) || exit_is_unwinding()
}

/// Called by an entry point once its work has stopped: continues a fatal error caught in a
/// call (PHP then ends as it would have); `exit()` needs nothing, its exception is pending.
/// Everything the entry point owns must be dropped before: this does not return then.
pub fn resume_ending() {
    if BAILED_OUT.with(|b| b.replace(false)) {
        // SAFETY: the caller has released what it owns; the jump lands in the engine's catch
        // point around this call, which then unwinds as for any fatal error.
        unsafe { bailout() }
    }
}

fn exit_is_unwinding() -> bool {
    let exception = ExecutorGlobals::get().exception;
    // SAFETY: a non-null pending exception is a live object owned by the engine.
    !exception.is_null() && unsafe { zend_is_unwind_exit(exception) }
}

/// What a call that failed says: the exception's class and message, if it threw.
fn thrown(error: impl std::fmt::Display, what: &str) -> String {
    match ExecutorGlobals::take_exception() {
        Some(exception) => {
            let class = exception.get_class_name().unwrap_or_else(|_| "Exception".into());
            let message = exception.try_call_method("getMessage", vec![]).ok().and_then(|m| m.string()).unwrap_or_default();
            format!("{class}: {message}")
        }
        None => format!("{what} could not be called: {error}"),
    }
}
