//! Structured logs of the core to stderr, through `tracing`. `ASYNC_EVENTS_LOG` sets the
//! filter (default `warn`), `ASYNC_EVENTS_LOG_FORMAT=json` one JSON object per line.

use std::sync::Once;

static INIT: Once = Once::new();

pub fn init() {
    INIT.call_once(|| {
        let filter = tracing_subscriber::EnvFilter::try_from_env("ASYNC_EVENTS_LOG")
            .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
        let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).with_target(false);
        // Another library of the process may own the global subscriber already: then it logs.
        let _ = if std::env::var("ASYNC_EVENTS_LOG_FORMAT").is_ok_and(|f| f == "json") {
            builder.json().try_init()
        } else {
            builder.try_init()
        };
    });
}
