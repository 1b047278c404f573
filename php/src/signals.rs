//! SIGTERM and SIGINT while a consumer runs: the first asks the run to stop gracefully, a
//! second ends the process at once. Handlers are installed through PHP's own
//! `zend_sigaction` when PHP has one (with ZEND_SIGNALS, PHP keeps its own table and a plain
//! `sigaction` handler would be chained back into PHP's default action), else `sigaction`;
//! the previous handlers are restored when the run ends.

use std::ffi::c_int;
use std::sync::atomic::{AtomicBool, Ordering};

/// Set by the first signal; read by the engine between steps.
pub static STOP: AtomicBool = AtomicBool::new(false);

const SIGNALS: [c_int; 2] = [libc::SIGTERM, libc::SIGINT];

extern "C" fn on_signal(signal: c_int) {
    if STOP.swap(true, Ordering::SeqCst) {
        // SAFETY: _exit is async-signal-safe.
        unsafe { libc::_exit(128 + signal) };
    }
}

type ZendSigaction = unsafe extern "C" fn(c_int, *const libc::sigaction, *mut libc::sigaction);

/// PHP's `zend_sigaction`, if this PHP was built with ZEND_SIGNALS.
fn zend_sigaction() -> Option<ZendSigaction> {
    // SAFETY: dlsym with a NUL-terminated name; the symbol, when present, has this signature
    // (Zend/zend_signal.h).
    unsafe {
        let symbol = libc::dlsym(libc::RTLD_DEFAULT, c"zend_sigaction".as_ptr());
        (!symbol.is_null()).then(|| std::mem::transmute::<*mut libc::c_void, ZendSigaction>(symbol))
    }
}

fn install(signal: c_int, action: &libc::sigaction, previous: &mut libc::sigaction) {
    // SAFETY: both pointers are valid for the call.
    unsafe {
        match zend_sigaction() {
            Some(zend) => zend(signal, action, previous),
            None => {
                libc::sigaction(signal, action, previous);
            }
        }
    }
}

/// Handlers installed for the length of a run.
pub struct StopOnSignals {
    previous: Vec<(c_int, libc::sigaction)>,
}

impl StopOnSignals {
    pub fn install() -> Self {
        STOP.store(false, Ordering::SeqCst);
        // SAFETY: a zeroed sigaction is a valid "no flags, empty mask" value.
        let mut action: libc::sigaction = unsafe { std::mem::zeroed() };
        action.sa_sigaction = on_signal as extern "C" fn(c_int) as usize;
        let previous = SIGNALS
            .iter()
            .map(|&signal| {
                // SAFETY: as above.
                let mut old: libc::sigaction = unsafe { std::mem::zeroed() };
                install(signal, &action, &mut old);
                (signal, old)
            })
            .collect();
        Self { previous }
    }
}

impl Drop for StopOnSignals {
    fn drop(&mut self) {
        for (signal, old) in self.previous.drain(..) {
            // SAFETY: as above.
            let mut replaced: libc::sigaction = unsafe { std::mem::zeroed() };
            install(signal, &old, &mut replaced);
        }
    }
}
