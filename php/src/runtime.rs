//! What belongs to one process: the tokio runtime and the opened cores (database pools, HTTP
//! clients), built lazily and rebuilt when the process id changes. After a fork (PHP-FPM,
//! pcntl_fork) the child never touches what it inherited: it is forgotten, not dropped, since
//! its threads do not exist in the child.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};

use async_events_core::{AsyncEvents, Config, Error, ErrorKind};
use tokio::runtime::Runtime;

struct Process {
    pid: u32,
    runtime: &'static Runtime,
    /// Opened cores by their configuration, shared by every Client and Consumer of the process.
    cores: HashMap<String, Arc<AsyncEvents>>,
}

static PROCESS: Mutex<Option<Process>> = Mutex::new(None);

fn with_process<T>(f: impl FnOnce(&mut Process) -> Result<T, Error>) -> Result<T, Error> {
    let mut guard = PROCESS.lock().unwrap_or_else(|p| p.into_inner());
    let pid = std::process::id();
    if guard.as_ref().is_some_and(|p| p.pid != pid) {
        // Inherited from the parent: its runtime threads and connections are not ours.
        if let Some(inherited) = guard.take() {
            std::mem::forget(inherited.cores);
        }
    }
    if guard.is_none() {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .thread_name("async-events")
            .build()
            .map_err(|e| Error::with_source(ErrorKind::Config, "cannot start the async runtime", e))?;
        *guard = Some(Process { pid, runtime: Box::leak(Box::new(runtime)), cores: HashMap::new() });
    }
    match guard.as_mut() {
        Some(process) => f(process),
        None => Err(Error::config("the async runtime is not available")),
    }
}

/// Waits for what every core of this process has published to be durable (request end).
/// Failures are logged by the core with the event ids; nothing is thrown at request end.
pub fn flush_all() {
    let Ok(Some((runtime, cores))) = PROCESS.try_lock().map(|guard| {
        guard.as_ref().filter(|p| p.pid == std::process::id()).map(|p| (p.runtime, p.cores.values().cloned().collect::<Vec<_>>()))
    }) else {
        return;
    };
    for core in cores {
        let _ = block_on(runtime, core.flush());
    }
}

/// Runs `future` on `runtime`, blocking the calling (PHP) thread until it is done. From PHP
/// code that the extension runs inside its own work (a resolver that publishes, a notifier that
/// queries), it steps out of the runtime's context on this thread first: the outer work waits,
/// its tasks go on on the runtime's workers.
pub fn block_on<F: Future>(runtime: &Runtime, future: F) -> F::Output {
    if tokio::runtime::Handle::try_current().is_ok() {
        tokio::task::block_in_place(|| runtime.block_on(future))
    } else {
        runtime.block_on(future)
    }
}

/// The runtime of this process.
pub fn runtime() -> Result<&'static Runtime, Error> {
    with_process(|p| Ok(p.runtime))
}

/// The core for `config` in this process, opened on first use.
pub fn core(config: &Config, key: &str) -> Result<Arc<AsyncEvents>, Error> {
    with_process(|p| {
        if let Some(core) = p.cores.get(key) {
            return Ok(Arc::clone(core));
        }
        let core = Arc::new(block_on(p.runtime, AsyncEvents::open(config.clone()))?);
        p.cores.insert(key.to_string(), Arc::clone(&core));
        Ok(core)
    })
}
