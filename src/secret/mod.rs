//! Verification tokens: a type that never prints, and their encryption at rest. Inside Magento
//! tokens are sealed as Magento's encryptor seals them (with env.php's `crypt/key`, so tokens
//! the reference module saved keep working); elsewhere with our key file.

mod key_file;
mod magento;

use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use self::key_file::KeyFileCipher;
use self::magento::MagentoCipher;
use crate::error::{Error, ErrorKind, Result};

/// A secret string (a verification token, a key). Debug, Display and Serialize print a placeholder.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl Serialize for Secret {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str("***")
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        String::deserialize(deserializer).map(Secret)
    }
}

/// Seals new tokens in one format and opens both: Magento's when its crypt key is given (our
/// key file, if there is one, still opens tokens sealed before), else our key file's.
pub struct TokenCipher {
    magento: Option<MagentoCipher>,
    key_file: Option<KeyFileCipher>,
}

impl TokenCipher {
    /// With `magento_crypt_key`, the key file is read if it exists and never created; without
    /// it, the key file is required and created on first use.
    pub fn open(key_file: Option<&Path>, magento_crypt_key: Option<&Secret>) -> Result<Self> {
        match (magento_crypt_key, key_file) {
            (Some(crypt_key), path) => Ok(Self {
                magento: Some(MagentoCipher::new(crypt_key)?),
                key_file: match path {
                    Some(path) => KeyFileCipher::existing(path)?,
                    None => None,
                },
            }),
            (None, Some(path)) => Ok(Self { magento: None, key_file: Some(KeyFileCipher::from_key_file(path)?) }),
            (None, None) => Err(Error::config("tokens need a key: set key_file, or magento_crypt_key inside Magento")),
        }
    }

    /// Refuses a `crypt/key` Magento would not have, without opening anything.
    pub fn check_magento_crypt_key(crypt_key: &Secret) -> Result<()> {
        MagentoCipher::new(crypt_key).map(drop)
    }

    pub fn encrypt(&self, token: &Secret) -> Result<String> {
        match (&self.magento, &self.key_file) {
            (Some(magento), _) => magento.encrypt(token),
            (None, Some(key_file)) => key_file.encrypt(token),
            (None, None) => Err(Error::new(ErrorKind::Crypto, "no key to encrypt verification tokens with")),
        }
    }

    pub fn decrypt(&self, stored: &str) -> Result<Secret> {
        if KeyFileCipher::sealed_here(stored) {
            return match &self.key_file {
                Some(key_file) => key_file.decrypt(stored),
                None => Err(Error::new(
                    ErrorKind::Crypto,
                    "a stored verification token was sealed with a key file, and no key_file is configured",
                )),
            };
        }
        match &self.magento {
            Some(magento) => magento.decrypt(stored),
            None if MagentoCipher::sealed_here(stored) => Err(Error::new(
                ErrorKind::Crypto,
                "a stored verification token was encrypted by Magento; set magento_crypt_key to env.php's crypt/key",
            )),
            None => Err(Error::new(ErrorKind::Crypto, "a stored verification token cannot be decrypted with this key file")),
        }
    }
}

/// The default key file of a database file: `<database>.key`.
pub fn default_key_file(database: &Path) -> PathBuf {
    let mut name = database.as_os_str().to_owned();
    name.push(".key");
    PathBuf::from(name)
}

/// `scheme://user:***@host...`: a DSN fit for an error message.
pub fn redact_password(dsn: &str) -> String {
    match (dsn.split_once("://"), dsn.rfind('@')) {
        (Some((scheme, rest)), Some(at)) if rest.contains(':') && at > scheme.len() + 3 => {
            let credentials = &dsn[scheme.len() + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{scheme}://{user}:***{}", &dsn[at..]),
                None => dsn.to_string(),
            }
        }
        _ => dsn.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CRYPT_KEY: &str = "0123456789abcdef0123456789abcdef";

    #[test]
    fn secrets_never_print() {
        let s = Secret::new("hunter2");
        assert_eq!(format!("{s:?}"), "Secret(***)");
        assert_eq!(serde_json::to_string(&s).unwrap(), "\"***\"");
    }

    #[test]
    fn with_magentos_key_new_tokens_are_magentos_and_key_file_tokens_still_open() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.key");
        let before = TokenCipher::open(Some(&path), None).unwrap();
        let old = before.encrypt(&Secret::new("from the key file")).unwrap();

        let crypt_key = Secret::new(CRYPT_KEY);
        let cipher = TokenCipher::open(Some(&path), Some(&crypt_key)).unwrap();
        let new = cipher.encrypt(&Secret::new("from magento")).unwrap();
        assert!(new.starts_with("0:3:"), "{new}");
        assert_eq!(cipher.decrypt(&new).unwrap().expose(), "from magento");
        assert_eq!(cipher.decrypt(&old).unwrap().expose(), "from the key file");

        let err = before.decrypt(&new).unwrap_err().to_string();
        assert!(err.contains("magento_crypt_key"), "{err}");
    }

    #[test]
    fn with_magentos_key_no_key_file_is_created() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("never.key");
        let cipher = TokenCipher::open(Some(&path), Some(&Secret::new(CRYPT_KEY))).unwrap();
        cipher.encrypt(&Secret::new("t")).unwrap();
        assert!(!path.exists());
        let err = cipher.decrypt("aev1:AAAA").unwrap_err().to_string();
        assert!(err.contains("no key_file"), "{err}");
    }
}
