//! Verification tokens: a type that never prints, and their encryption at rest with a key
//! file (XChaCha20-Poly1305), so a copy of the database alone reveals no token.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore;

use crate::error::{Error, ErrorKind, Result};

/// A secret string (a verification token). Debug and Display print a placeholder.
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

const PREFIX: &str = "aev1:";
const KEY_LEN: usize = 32;
const NONCE_LEN: usize = 24;

/// Encrypts and decrypts tokens with a 32-byte key kept in a file beside the database.
pub struct TokenCipher {
    cipher: XChaCha20Poly1305,
}

impl TokenCipher {
    /// Reads the key file, creating it (mode 0600) with a random key on first use.
    pub fn from_key_file(path: &Path) -> Result<Self> {
        let key = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => create_key_file(path)?,
            Err(e) => return Err(crypto_error(format!("cannot read the key file {}", path.display()), e)),
        };
        if key.len() != KEY_LEN {
            return Err(Error::new(
                ErrorKind::Crypto,
                format!("the key file {} must hold exactly {KEY_LEN} bytes, it holds {}", path.display(), key.len()),
            ));
        }
        Ok(Self::from_key(&key))
    }

    fn from_key(key: &[u8]) -> Self {
        Self { cipher: XChaCha20Poly1305::new(chacha20poly1305::Key::from_slice(key)) }
    }

    pub fn encrypt(&self, token: &Secret) -> Result<String> {
        let mut nonce = [0u8; NONCE_LEN];
        rand::thread_rng().fill_bytes(&mut nonce);
        let sealed = self
            .cipher
            .encrypt(XNonce::from_slice(&nonce), token.expose().as_bytes())
            .map_err(|_| Error::new(ErrorKind::Crypto, "encrypting a verification token failed"))?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        Ok(format!("{PREFIX}{}", base64::engine::general_purpose::STANDARD.encode(out)))
    }

    pub fn decrypt(&self, stored: &str) -> Result<Secret> {
        let undecryptable = || Error::new(ErrorKind::Crypto, "a stored verification token cannot be decrypted with this key file");
        let encoded = stored.strip_prefix(PREFIX).ok_or_else(undecryptable)?;
        let bytes = base64::engine::general_purpose::STANDARD.decode(encoded).map_err(|_| undecryptable())?;
        if bytes.len() < NONCE_LEN {
            return Err(undecryptable());
        }
        let (nonce, sealed) = bytes.split_at(NONCE_LEN);
        let plain = self.cipher.decrypt(XNonce::from_slice(nonce), sealed).map_err(|_| undecryptable())?;
        String::from_utf8(plain).map(Secret).map_err(|_| undecryptable())
    }
}

fn crypto_error(what: String, e: std::io::Error) -> Error {
    Error::with_source(ErrorKind::Crypto, what, e)
}

fn create_key_file(path: &Path) -> Result<Vec<u8>> {
    let mut key = vec![0u8; KEY_LEN];
    rand::thread_rng().fill_bytes(&mut key);
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| crypto_error(format!("cannot create {}", dir.display()), e))?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(mut file) => {
            file.write_all(&key)
                .and_then(|()| file.sync_all())
                .map_err(|e| crypto_error(format!("cannot write the key file {}", path.display()), e))?;
            Ok(key)
        }
        // Another process created it first: use theirs.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            std::fs::read(path).map_err(|e| crypto_error(format!("cannot read the key file {}", path.display()), e))
        }
        Err(e) => Err(crypto_error(format!("cannot create the key file {}", path.display()), e)),
    }
}

/// The default key file of a database file: `<database>.key`.
pub fn default_key_file(database: &Path) -> PathBuf {
    let mut name = database.as_os_str().to_owned();
    name.push(".key");
    PathBuf::from(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_print() {
        let s = Secret::new("hunter2");
        assert_eq!(format!("{s:?}"), "Secret(***)");
    }

    #[test]
    fn tokens_round_trip_and_are_not_stored_in_clear() {
        let dir = tempfile::tempdir().unwrap();
        let cipher = TokenCipher::from_key_file(&dir.path().join("k.key")).unwrap();
        let stored = cipher.encrypt(&Secret::new("hunter2")).unwrap();
        assert!(!stored.contains("hunter2"));
        assert_eq!(cipher.decrypt(&stored).unwrap().expose(), "hunter2");
        // The same key file opened again decrypts it; a different key does not.
        let again = TokenCipher::from_key_file(&dir.path().join("k.key")).unwrap();
        assert_eq!(again.decrypt(&stored).unwrap().expose(), "hunter2");
        let other = TokenCipher::from_key_file(&dir.path().join("other.key")).unwrap();
        assert!(other.decrypt(&stored).is_err());
    }

    #[test]
    fn a_short_key_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.key");
        std::fs::write(&path, b"short").unwrap();
        assert!(TokenCipher::from_key_file(&path).is_err());
    }
}
