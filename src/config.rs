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
use crate::secret::{redact_password, Secret, TokenCipher};
use crate::ssrf::AddressPolicy;

/// The store's database, from `store_dsn`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreLocation {
    Sqlite(PathBuf),
    /// A `mysql://` URL (MariaDB too).
    MySql(String),
}

/// Every setting of the core. Keys are the snake_case names accepted in the PHP array and,
/// upper-cased with the prefix `ASYNC_EVENTS_`, as environment variables.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Where subscriptions, the attempt log, dead letters and the SQL queue live:
    /// `sqlite://path/to/file.sqlite` (created on first use), or MySQL/MariaDB as
    /// `mysql://user:password@host:3306/database` (Magento's database; tables created if missing).
    pub store_dsn: String,
    /// Key file for verification tokens at rest; default `<database file>.key` on SQLite,
    /// required on MySQL unless `magento_crypt_key` is set.
    pub key_file: Option<PathBuf>,
    /// Magento's `crypt/key` (env.php): when set, tokens are sealed as Magento's encryptor
    /// seals them, so the tokens the reference module saved are read as they are.
    pub magento_crypt_key: Option<Secret>,
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
    /// Where published events queue: unset for the SQL queue in the store, or RabbitMQ as
    /// `amqp://user:password@host:5672/vhost` (`%2f` is the default vhost; `amqps://` for TLS).
    pub queue_dsn: Option<String>,
    /// RabbitMQ names, the reference module's by default.
    pub amqp_exchange: String,
    pub amqp_queue: String,
    pub amqp_routing_key: String,
    /// First part of the back-off's names: `{ns}.failover` (exchange), `{ns}.failover.retry`,
    /// `{ns}.failover.deadletter`, `{ns}.delay.{seconds}`; `event`, the reference's, by default.
    pub amqp_failover_namespace: String,
    /// Declare the queues as quorum queues (RabbitMQ clusters).
    pub amqp_quorum: bool,
    /// Unacked messages a consumer holds at most.
    pub amqp_prefetch: u16,
    /// How long `flush()` waits for a broker confirm.
    pub confirm_timeout_ms: u64,
    /// Wait for the broker's confirm on every `publish` instead of at `flush()` / request end.
    pub confirm_each_publish: bool,
    /// Folder of the search index of the attempt log; default `<database file>.index` on
    /// SQLite, required on MySQL while indexing is enabled.
    pub index_path: Option<PathBuf>,
    /// Search through the index (Magento: system/async_events/indexing_enabled); when off,
    /// searches read the whole attempt log instead.
    pub indexing_enabled: bool,
    /// The AWS sinks (`eventbridge`, `sqs`): region and credentials; unset ones come from the
    /// standard AWS environment variables, then the shared credentials file's profile.
    pub aws_region: Option<String>,
    pub aws_access_key_id: Option<String>,
    pub aws_secret_access_key: Option<Secret>,
    pub aws_session_token: Option<Secret>,
    /// One endpoint for every AWS service instead of AWS's own (a local test server).
    pub aws_endpoint_url: Option<String>,
    /// EventBridge's `Source` of every event (Magento: the store's base host).
    pub eventbridge_source: String,
    /// Where a consumer serves its metrics while it runs (`GET /metrics`, Prometheus' text
    /// format): `host:port`, or a port alone for 127.0.0.1; unset, no endpoint.
    pub metrics_listen: Option<String>,
    /// The transactional outbox (Magento's database, `mysql://...`): events a publisher wrote
    /// there inside its own transaction; trigger consumers move committed ones to the queue.
    pub outbox_dsn: Option<String>,
    /// The outbox's table (Magento's table prefix included).
    pub outbox_table: String,
    /// A subscription of store 0 ("All Store Views") receives the events of every store. Off,
    /// as in the reference module: a store-N event reaches the subscriptions of store N only
    /// (a store-0 event reaches every subscription either way).
    pub store_zero_matches_every_store: bool,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            store_dsn: "sqlite://async_events.sqlite".into(),
            key_file: None,
            magento_crypt_key: None,
            max_deaths: 5,
            backoff_seconds: Vec::new(),
            retry_after_cap_seconds: 600,
            connect_timeout_ms: 5_000,
            timeout_ms: 15_000,
            lease_seconds: 60,
            ssrf_guard: true,
            ssrf_allow: Vec::new(),
            sinks: Vec::new(),
            queue_dsn: None,
            amqp_exchange: "magento".into(),
            amqp_queue: "event.trigger".into(),
            amqp_routing_key: "event.trigger".into(),
            amqp_failover_namespace: "event".into(),
            amqp_quorum: false,
            amqp_prefetch: 200,
            confirm_timeout_ms: 10_000,
            confirm_each_publish: false,
            index_path: None,
            indexing_enabled: true,
            aws_region: None,
            aws_access_key_id: None,
            aws_secret_access_key: None,
            aws_session_token: None,
            aws_endpoint_url: None,
            eventbridge_source: "magento".into(),
            metrics_listen: None,
            outbox_dsn: None,
            outbox_table: "async_event_outbox".into(),
            store_zero_matches_every_store: true,
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
        self.store_location()?;
        self.key_file_path()?;
        if let Some(crypt_key) = &self.magento_crypt_key {
            TokenCipher::check_magento_crypt_key(crypt_key)?;
        }
        self.amqp_uri()?;
        self.ssrf_allow_nets()?;
        if self.timeout_ms == 0 || self.connect_timeout_ms == 0 {
            return Err(Error::config("timeouts must be greater than 0"));
        }
        if let Some(endpoint) = &self.aws_endpoint_url {
            url::Url::parse(endpoint).map_err(|e| Error::config(format!("aws_endpoint_url '{endpoint}' is not a URL: {e}")))?;
        }
        self.metrics_address()?;
        self.outbox_location()?;
        if self.eventbridge_source.trim().is_empty() {
            return Err(Error::config("eventbridge_source must not be empty"));
        }
        if self.lease_seconds * 1000 <= self.timeout_ms {
            return Err(Error::config(format!(
                "lease_seconds ({}) must exceed the HTTP timeout ({} ms), or deliveries in flight would be claimed twice",
                self.lease_seconds, self.timeout_ms
            )));
        }
        Ok(())
    }

    /// Where `store_dsn` says the store is.
    pub fn store_location(&self) -> Result<StoreLocation> {
        match self.store_dsn.split_once("://") {
            Some(("sqlite", path)) if !path.is_empty() => Ok(StoreLocation::Sqlite(PathBuf::from(path))),
            Some(("mysql" | "mariadb", rest)) if rest.contains('/') => Ok(StoreLocation::MySql(format!("mysql://{rest}"))),
            _ => Err(Error::config(format!(
                "store_dsn '{}' is neither sqlite://PATH nor mysql://USER:PASSWORD@HOST:PORT/DATABASE",
                redact_password(&self.store_dsn)
            ))),
        }
    }

    /// The broker's URI when `queue_dsn` names one (checked, with the settings RabbitMQ needs);
    /// `None` for the SQL queue.
    pub fn amqp_uri(&self) -> Result<Option<&str>> {
        let Some(dsn) = self.queue_dsn.as_deref().filter(|d| !d.is_empty()) else { return Ok(None) };
        if !(dsn.starts_with("amqp://") || dsn.starts_with("amqps://")) {
            return Err(Error::config("queue_dsn must be an amqp:// or amqps:// URI, or unset for the SQL queue"));
        }
        if self.amqp_prefetch == 0 {
            return Err(Error::config("amqp_prefetch must be at least 1"));
        }
        Ok(Some(dsn))
    }

    /// The key file of the tokens; `None` on MySQL with `magento_crypt_key` and no key file.
    pub fn key_file_path(&self) -> Result<Option<PathBuf>> {
        match (&self.key_file, self.store_location()?) {
            (Some(path), _) => Ok(Some(path.clone())),
            (None, StoreLocation::Sqlite(database)) => Ok(Some(crate::secret::default_key_file(&database))),
            (None, StoreLocation::MySql(_)) if self.magento_crypt_key.is_some() => Ok(None),
            (None, StoreLocation::MySql(_)) => Err(Error::config(
                "key_file (or magento_crypt_key) must be set when the store is on MySQL: it encrypts the verification tokens at rest",
            )),
        }
    }

    /// The cipher of the tokens at rest (it reads, and may create, the key file).
    pub fn token_cipher(&self) -> Result<TokenCipher> {
        TokenCipher::open(self.key_file_path()?.as_deref(), self.magento_crypt_key.as_ref())
    }

    pub fn index_path(&self) -> Result<PathBuf> {
        match (&self.index_path, self.store_location()?) {
            (Some(path), _) => Ok(path.clone()),
            (None, StoreLocation::Sqlite(database)) => {
                let mut name = database.into_os_string();
                name.push(".index");
                Ok(PathBuf::from(name))
            }
            (None, StoreLocation::MySql(_)) => Err(Error::config(
                "index_path must be set when the store is on MySQL and indexing is enabled (a local folder for the search index)",
            )),
        }
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

    /// The metrics endpoint's address, from `metrics_listen` (a port alone is on loopback).
    pub fn metrics_address(&self) -> Result<Option<std::net::SocketAddr>> {
        let Some(listen) = self.metrics_listen.as_deref().map(str::trim).filter(|l| !l.is_empty()) else { return Ok(None) };
        let address = match listen.parse::<u16>() {
            Ok(port) => std::net::SocketAddr::from(([127, 0, 0, 1], port)),
            Err(_) => listen.parse().map_err(|_| {
                Error::config(format!("metrics_listen '{listen}' is neither a port nor an IP address with a port (127.0.0.1:9464)"))
            })?,
        };
        Ok(Some(address))
    }

    /// The outbox's MySQL URL and table, when `outbox_dsn` is set.
    pub fn outbox_location(&self) -> Result<Option<(String, String)>> {
        let Some(dsn) = self.outbox_dsn.as_deref().map(str::trim).filter(|d| !d.is_empty()) else { return Ok(None) };
        let url = match dsn.split_once("://") {
            Some(("mysql" | "mariadb", rest)) if rest.contains('/') => format!("mysql://{rest}"),
            _ => {
                return Err(Error::config(format!(
                    "outbox_dsn '{}' is not mysql://USER:PASSWORD@HOST:PORT/DATABASE (the outbox lives in Magento's database)",
                    redact_password(dsn)
                )))
            }
        };
        let table = &self.outbox_table;
        if table.is_empty() || table.len() > 64 || !table.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            return Err(Error::config(format!("outbox_table '{table}' must be 1 to 64 letters, digits or '_'")));
        }
        Ok(Some((url, table.clone())))
    }

    /// The sinks subscriptions may name: the built-in ones and those of `sinks`.
    pub fn known_sinks(&self) -> Vec<String> {
        let mut sinks: Vec<String> = crate::sink::BUILT_IN.iter().map(|s| s.to_string()).collect();
        sinks.extend(self.sinks.iter().filter(|s| !sinks.contains(s)).cloned().collect::<Vec<_>>());
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
        let err = Config::load_from(env(&[]), json!({"outbox_dsn": "sqlite:///tmp/x"})).unwrap_err();
        assert!(err.to_string().contains("outbox_dsn"), "{err}");
        let err = Config::load_from(env(&[]), json!({"outbox_dsn": "mysql://u@h/db", "outbox_table": "x; DROP"})).unwrap_err();
        assert!(err.to_string().contains("outbox_table"), "{err}");
        let c = Config::load_from(env(&[]), json!({"outbox_dsn": "mariadb://u:p@h/db", "outbox_table": "m2_async_event_outbox"})).unwrap();
        assert_eq!(c.outbox_location().unwrap(), Some(("mysql://u:p@h/db".into(), "m2_async_event_outbox".into())));
    }

    #[test]
    fn the_search_index_lives_beside_the_database_unless_told() {
        let c = Config::load_from(env(&[]), json!({"store_dsn": "sqlite:///var/lib/ae/db.sqlite"})).unwrap();
        assert_eq!(c.index_path().unwrap(), PathBuf::from("/var/lib/ae/db.sqlite.index"));
        assert!(c.indexing_enabled);
        let e = env(&[("ASYNC_EVENTS_INDEXING_ENABLED", "false"), ("ASYNC_EVENTS_INDEX_PATH", "/srv/index")]);
        let c = Config::load_from(e, Value::Null).unwrap();
        assert_eq!(c.index_path().unwrap(), PathBuf::from("/srv/index"));
        assert!(!c.indexing_enabled);
    }

    #[test]
    fn a_mysql_store_needs_its_key_file_and_never_shows_its_password() {
        let dsn = "mysql://magento:s3cret@db.internal:3306/magento";
        let err = Config::load_from(env(&[]), json!({"store_dsn": dsn})).unwrap_err();
        assert!(err.to_string().contains("key_file"), "{err}");
        let c = Config::load_from(env(&[]), json!({"store_dsn": dsn, "key_file": "/etc/ae.key", "index_path": "/var/ae"})).unwrap();
        assert_eq!(c.store_location().unwrap(), StoreLocation::MySql(dsn.to_string()));
        let err = Config::load_from(env(&[]), json!({"store_dsn": "mysql://magento:s3cret@db.internal"})).unwrap_err();
        assert!(!err.to_string().contains("s3cret") && err.to_string().contains("magento:***@db.internal"), "{err}");
        let c = Config::load_from(env(&[]), json!({"store_dsn": "mariadb://u@h/d", "key_file": "/k", "indexing_enabled": false})).unwrap();
        assert_eq!(c.key_file_path().unwrap(), Some(PathBuf::from("/k")));
        // Inside Magento, env.php's crypt/key seals the tokens: no key file needed.
        let crypt_key = "0123456789abcdef0123456789abcdef";
        let magento = Config::load_from(env(&[]), json!({"store_dsn": dsn, "magento_crypt_key": crypt_key, "index_path": "/i"})).unwrap();
        assert_eq!(magento.key_file_path().unwrap(), None);
        assert!(!format!("{magento:?}").contains(crypt_key));
        let err = Config::load_from(env(&[]), json!({"store_dsn": dsn, "magento_crypt_key": "short", "index_path": "/i"})).unwrap_err();
        assert!(err.to_string().contains("magento_crypt_key: key 0"), "{err}");
        assert_eq!(c.store_location().unwrap(), StoreLocation::MySql("mysql://u@h/d".into()));
        assert_eq!(redact_password("amqp://guest:secret@127.0.0.1:5672/%2f"), "amqp://guest:***@127.0.0.1:5672/%2f");
        assert_eq!(redact_password("amqp://127.0.0.1"), "amqp://127.0.0.1");
    }
}
