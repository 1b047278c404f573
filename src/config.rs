//! Configuration: one object, loaded once and validated at start-up. Defaults, overridden by
//! `ASYNC_EVENTS_*` environment variables, overridden by the caller's settings (the PHP
//! array, or Magento's env.php through the module).

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use ipnet::IpNet;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::retry::RetryPolicy;
use crate::ssrf::AddressPolicy;

/// Every setting of the core. Keys are the snake_case names accepted in the PHP array and,
/// upper-cased with the prefix `ASYNC_EVENTS_`, as environment variables.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Where subscriptions, the attempt log, dead letters and the SQL queue live:
    /// `sqlite://path/to/file.sqlite` (created on first use).
    pub store_dsn: String,
    /// Key file for verification tokens at rest; default `<database file>.key`.
    pub key_file: Option<PathBuf>,
    /// Failures tolerated before a delivery is dead-lettered (Magento: system/async_events/max_deaths).
    pub max_deaths: u32,
    /// Back-off in seconds after the 1st, 2nd ... failure; empty means min(60, deaths^2).
    pub backoff_seconds: Vec<u64>,
    pub retry_after_cap_seconds: u64,
    /// HTTP defaults, overridable per subscription.
    pub connect_timeout_ms: u64,
    pub timeout_ms: u64,
    /// How long a claimed message or delivery stays invisible to other consumers; a crashed
    /// consumer's claims come back after it.
    pub lease_seconds: u64,
    pub ssrf_guard: bool,
    /// Networks the SSRF guard lets through, as CIDRs or single addresses (`127.0.0.1`).
    pub ssrf_allow: Vec<String>,
    /// Sink names served outside the core (custom PHP notifiers), besides the built-in `http`.
    pub sinks: Vec<String>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            store_dsn: "sqlite://async_events.sqlite".into(),
            key_file: None,
            max_deaths: 5,
            backoff_seconds: Vec::new(),
            retry_after_cap_seconds: 600,
            connect_timeout_ms: 5_000,
            timeout_ms: 15_000,
            lease_seconds: 60,
            ssrf_guard: true,
            ssrf_allow: Vec::new(),
            sinks: Vec::new(),
        }
    }
}

const ENV_PREFIX: &str = "ASYNC_EVENTS_";
const LIST_KEYS: [&str; 3] = ["backoff_seconds", "ssrf_allow", "sinks"];

impl Config {
    /// Loads defaults, then the environment, then `overrides` (a JSON object), and validates.
    pub fn load(overrides: Value) -> Result<Self> {
        Self::load_from(std::env::vars(), overrides)
    }

    /// As [`Config::load`], with the environment given explicitly.
    pub fn load_from(env: impl IntoIterator<Item = (String, String)>, overrides: Value) -> Result<Self> {
        let mut merged = Map::new();
        let Value::Object(defaults) = serde_json::to_value(Config::default()).unwrap_or_default() else {
            return Err(Error::config("the default settings cannot be listed"));
        };
        for (key, value) in env {
            let Some(name) = key.strip_prefix(ENV_PREFIX) else { continue };
            let name = name.to_ascii_lowercase();
            // Other ASYNC_EVENTS_* variables (ASYNC_EVENTS_LOG ...) are not settings.
            if defaults.contains_key(&name) {
                merged.insert(name.clone(), env_value(&name, &value));
            }
        }
        match overrides {
            Value::Object(map) => merged.extend(map),
            Value::Null => {}
            Value::Array(list) if list.is_empty() => {} // PHP's empty array
            other => return Err(Error::config(format!("settings must be a map, got {other}"))),
        }
        let config: Config = serde_json::from_value(Value::Object(merged))
            .map_err(|e| Error::config(format!("invalid setting: {e}")))?;
        config.validate()?;
        Ok(config)
    }

    fn validate(&self) -> Result<()> {
        self.sqlite_path()?;
        self.ssrf_allow_nets()?;
        if self.timeout_ms == 0 || self.connect_timeout_ms == 0 {
            return Err(Error::config("timeouts must be greater than 0"));
        }
        if self.lease_seconds * 1000 <= self.timeout_ms {
            return Err(Error::config(format!(
                "lease_seconds ({}) must exceed the HTTP timeout ({} ms), or deliveries in flight would be claimed twice",
                self.lease_seconds, self.timeout_ms
            )));
        }
        Ok(())
    }

    /// The SQLite file named by `store_dsn`.
    pub fn sqlite_path(&self) -> Result<PathBuf> {
        match self.store_dsn.split_once("://") {
            Some(("sqlite", path)) if !path.is_empty() => Ok(PathBuf::from(path)),
            Some((scheme @ ("mysql" | "mariadb" | "amqp"), _)) => Err(Error::config(format!(
                "store_dsn scheme '{scheme}' is not supported by this build yet; use sqlite://PATH"
            ))),
            _ => Err(Error::config(format!("store_dsn '{}' is not of the form sqlite://PATH", self.store_dsn))),
        }
    }

    pub fn key_file_path(&self) -> Result<PathBuf> {
        Ok(match &self.key_file {
            Some(path) => path.clone(),
            None => crate::secret::default_key_file(&self.sqlite_path()?),
        })
    }

    fn ssrf_allow_nets(&self) -> Result<Vec<IpNet>> {
        self.ssrf_allow
            .iter()
            .map(|entry| {
                entry
                    .parse::<IpNet>()
                    .or_else(|_| entry.parse::<std::net::IpAddr>().map(IpNet::from))
                    .map_err(|_| Error::config(format!("ssrf_allow entry '{entry}' is not an address or CIDR")))
            })
            .collect()
    }

    pub fn address_policy(&self) -> Arc<AddressPolicy> {
        // validate() already parsed the list.
        AddressPolicy::new(self.ssrf_guard, self.ssrf_allow_nets().unwrap_or_default())
    }

    pub fn retry_policy(&self) -> RetryPolicy {
        RetryPolicy {
            max_deaths: self.max_deaths,
            backoff_seconds: self.backoff_seconds.clone(),
            retry_after_cap: Duration::from_secs(self.retry_after_cap_seconds),
        }
    }

    pub fn known_sinks(&self) -> Vec<String> {
        let mut sinks = vec![crate::sink::HTTP_SINK.to_string()];
        sinks.extend(self.sinks.iter().cloned());
        sinks
    }
}

/// Environment values are text: lists are comma-separated, other values JSON when they parse.
fn env_value(name: &str, raw: &str) -> Value {
    if LIST_KEYS.contains(&name) {
        let items = raw.split(',').map(str::trim).filter(|s| !s.is_empty());
        return Value::Array(items.map(|s| serde_json::from_str(s).unwrap_or_else(|_| Value::String(s.into()))).collect());
    }
    match serde_json::from_str::<Value>(raw) {
        Ok(v @ (Value::Number(_) | Value::Bool(_))) => v,
        _ => Value::String(raw.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn defaults_are_the_reference_modules() {
        let c = Config::load_from(env(&[]), Value::Null).unwrap();
        assert_eq!(c.max_deaths, 5);
        assert_eq!(c.connect_timeout_ms, 5_000);
        assert_eq!(c.timeout_ms, 15_000);
        assert!(c.ssrf_guard);
    }

    #[test]
    fn caller_settings_override_the_environment() {
        let e = env(&[("ASYNC_EVENTS_MAX_DEATHS", "3"), ("ASYNC_EVENTS_SSRF_ALLOW", "127.0.0.1, 10.0.0.0/8"), ("HOME", "/x"), ("ASYNC_EVENTS_LOG", "debug")]);
        let c = Config::load_from(e.clone(), Value::Null).unwrap();
        assert_eq!(c.max_deaths, 3);
        assert_eq!(c.ssrf_allow, vec!["127.0.0.1", "10.0.0.0/8"]);
        let c = Config::load_from(e, json!({"max_deaths": 7})).unwrap();
        assert_eq!(c.max_deaths, 7);
    }

    #[test]
    fn bad_settings_are_refused_with_their_name() {
        let err = Config::load_from(env(&[]), json!({"max_deth": 1})).unwrap_err();
        assert!(err.to_string().contains("max_deth"), "{err}");
        let err = Config::load_from(env(&[]), json!({"ssrf_allow": ["nope"]})).unwrap_err();
        assert!(err.to_string().contains("nope"), "{err}");
        let err = Config::load_from(env(&[]), json!({"store_dsn": "postgres://x"})).unwrap_err();
        assert!(err.to_string().contains("sqlite://"), "{err}");
        assert!(Config::load_from(env(&[]), json!({"lease_seconds": 10})).is_err());
    }
}
