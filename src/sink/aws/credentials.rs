//! Where the AWS sinks' credentials and default region come from: the settings (Magento's
//! configuration), else the standard environment variables (`AWS_ACCESS_KEY_ID`,
//! `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`, `AWS_REGION`, `AWS_DEFAULT_REGION`), else the
//! shared files' profile (`AWS_PROFILE` or `default`, in `AWS_SHARED_CREDENTIALS_FILE` /
//! `~/.aws/credentials` and `AWS_CONFIG_FILE` / `~/.aws/config`).

use std::collections::HashMap;
use std::path::PathBuf;

use crate::config::Config;
use crate::error::{Error, Result};
use crate::secret::Secret;

/// Signing credentials.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub access_key_id: String,
    pub secret_access_key: Secret,
    pub session_token: Option<Secret>,
}

/// What the settings say, before the environment and the profile fill in.
#[derive(Debug, Clone, Default)]
pub struct Configured {
    pub region: Option<String>,
    pub access_key_id: Option<String>,
    pub secret_access_key: Option<Secret>,
    pub session_token: Option<Secret>,
}

impl Configured {
    pub fn from_config(config: &Config) -> Self {
        Self {
            region: config.aws_region.clone().filter(|r| !r.is_empty()),
            access_key_id: config.aws_access_key_id.clone().filter(|k| !k.is_empty()),
            secret_access_key: config.aws_secret_access_key.clone().filter(|s| !s.expose().is_empty()),
            session_token: config.aws_session_token.clone().filter(|s| !s.expose().is_empty()),
        }
    }

    /// The credentials, from the first place that has both a key id and a secret.
    pub fn credentials(&self, env: &dyn Fn(&str) -> Option<String>) -> Result<Credentials> {
        if let (Some(id), Some(secret)) = (&self.access_key_id, &self.secret_access_key) {
            return Ok(Credentials { access_key_id: id.clone(), secret_access_key: secret.clone(), session_token: self.session_token.clone() });
        }
        if let (Some(id), Some(secret)) = (env("AWS_ACCESS_KEY_ID"), env("AWS_SECRET_ACCESS_KEY")) {
            return Ok(Credentials { access_key_id: id, secret_access_key: Secret::new(secret), session_token: env("AWS_SESSION_TOKEN").map(Secret::new) });
        }
        let profile = profile_name(env);
        let file = env("AWS_SHARED_CREDENTIALS_FILE").map(PathBuf::from).or_else(|| home_file(env, "credentials"));
        let section = file.and_then(|f| read_section(&f, &profile)).unwrap_or_default();
        match (section.get("aws_access_key_id"), section.get("aws_secret_access_key")) {
            (Some(id), Some(secret)) => Ok(Credentials {
                access_key_id: id.clone(),
                secret_access_key: Secret::new(secret.clone()),
                session_token: section.get("aws_session_token").cloned().map(Secret::new),
            }),
            _ => Err(Error::config(format!(
                "no AWS credentials: set aws_access_key_id and aws_secret_access_key, the AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY environment variables, or the profile '{profile}' in ~/.aws/credentials"
            ))),
        }
    }

    /// The region for requests whose destination does not name one.
    pub fn region(&self, env: &dyn Fn(&str) -> Option<String>) -> Option<String> {
        if let Some(region) = self.region.clone().or_else(|| env("AWS_REGION")).or_else(|| env("AWS_DEFAULT_REGION")) {
            return Some(region);
        }
        let profile = profile_name(env);
        let section = if profile == "default" { profile.clone() } else { format!("profile {profile}") };
        let file = env("AWS_CONFIG_FILE").map(PathBuf::from).or_else(|| home_file(env, "config"))?;
        read_section(&file, &section)?.remove("region")
    }
}

/// The process's environment, as [`Configured`] reads it.
pub fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

fn profile_name(env: &dyn Fn(&str) -> Option<String>) -> String {
    env("AWS_PROFILE").unwrap_or_else(|| "default".into())
}

fn home_file(env: &dyn Fn(&str) -> Option<String>, name: &str) -> Option<PathBuf> {
    env("HOME").map(|home| PathBuf::from(home).join(".aws").join(name))
}

/// The `key = value` lines of `[section]` in an INI file; `None` when the file or section is missing.
fn read_section(file: &std::path::Path, section: &str) -> Option<HashMap<String, String>> {
    let text = std::fs::read_to_string(file).ok()?;
    parse_section(&text, section)
}

fn parse_section(text: &str, section: &str) -> Option<HashMap<String, String>> {
    let mut found = None;
    let mut inside = false;
    for line in text.lines().map(str::trim) {
        if line.starts_with('[') && line.ends_with(']') {
            inside = line[1..line.len() - 1].trim() == section;
            if inside {
                found = Some(HashMap::new());
            }
        } else if inside {
            if let Some((key, value)) = line.split_once('=') {
                if let Some(values) = found.as_mut() {
                    values.insert(key.trim().to_string(), value.trim().to_string());
                }
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string())
    }

    #[test]
    fn settings_come_first_then_the_environment() {
        let configured = Configured {
            access_key_id: Some("AKIACONFIG".into()),
            secret_access_key: Some(Secret::new("from config")),
            ..Default::default()
        };
        let env = env_of(&[("AWS_ACCESS_KEY_ID", "AKIAENV"), ("AWS_SECRET_ACCESS_KEY", "from env"), ("AWS_REGION", "eu-west-1")]);
        assert_eq!(configured.credentials(&env).unwrap().access_key_id, "AKIACONFIG");
        let from_env = Configured::default().credentials(&env).unwrap();
        assert_eq!((from_env.access_key_id.as_str(), from_env.secret_access_key.expose()), ("AKIAENV", "from env"));
        assert_eq!(Configured::default().region(&env).as_deref(), Some("eu-west-1"));
    }

    #[test]
    fn a_profile_is_read_from_the_shared_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("credentials"),
            "[default]\naws_access_key_id = AKIADEFAULT\naws_secret_access_key = d\n\n[shop]\naws_access_key_id=AKIASHOP\naws_secret_access_key=s\naws_session_token = t\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("config"), "[profile shop]\nregion = ap-southeast-2\n").unwrap();
        let credentials = dir.path().join("credentials").display().to_string();
        let config = dir.path().join("config").display().to_string();
        let env = move |name: &str| match name {
            "AWS_SHARED_CREDENTIALS_FILE" => Some(credentials.clone()),
            "AWS_CONFIG_FILE" => Some(config.clone()),
            "AWS_PROFILE" => Some("shop".to_string()),
            _ => None,
        };
        let found = Configured::default().credentials(&env).unwrap();
        assert_eq!(found.access_key_id, "AKIASHOP");
        assert_eq!(found.session_token.map(|t| t.expose().to_string()).as_deref(), Some("t"));
        assert_eq!(Configured::default().region(&env).as_deref(), Some("ap-southeast-2"));
    }

    #[test]
    fn without_credentials_the_error_says_where_to_put_them() {
        let error = Configured::default().credentials(&|_| None).unwrap_err();
        assert!(error.to_string().contains("AWS_ACCESS_KEY_ID"), "{error}");
    }
}
