//! Our own format of tokens at rest: XChaCha20-Poly1305 with a 32-byte key kept in a file
//! beside the database (`aev1:` + base64 of nonce and sealed token), so a copy of the database
//! alone reveals no token.

use std::io::Write;
use std::path::Path;

use base64::Engine as _;
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore;

use super::Secret;
use crate::error::{Error, ErrorKind, Result};

const PREFIX: &str = "aev1:";
const KEY_LEN: usize = 32;
const NONCE_LEN: usize = 24;

/// Encrypts and decrypts tokens with a 32-byte key kept in a file beside the database.
pub(super) struct KeyFileCipher {
    cipher: XChaCha20Poly1305,
}

impl KeyFileCipher {
    /// Reads the key file, creating it (mode 0600) with a random key on first use.
    pub fn from_key_file(path: &Path) -> Result<Self> {
        match Self::existing(path)? {
            Some(cipher) => Ok(cipher),
            None => Self::from_key(path, &create_key_file(path)?),
        }
    }

    /// Reads the key file if there is one.
    pub fn existing(path: &Path) -> Result<Option<Self>> {
        match std::fs::read(path) {
            Ok(key) => Self::from_key(path, &key).map(Some),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(crypto_error(format!("cannot read the key file {}", path.display()), e)),
        }
    }

    fn from_key(path: &Path, key: &[u8]) -> Result<Self> {
        if key.len() != KEY_LEN {
            return Err(Error::new(
                ErrorKind::Crypto,
                format!("the key file {} must hold exactly {KEY_LEN} bytes, it holds {}", path.display(), key.len()),
            ));
        }
        Ok(Self { cipher: XChaCha20Poly1305::new(chacha20poly1305::Key::from_slice(key)) })
    }

    /// Whether `stored` is in this format.
    pub fn sealed_here(stored: &str) -> bool {
        stored.starts_with(PREFIX)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip_and_are_not_stored_in_clear() {
        let dir = tempfile::tempdir().unwrap();
        let cipher = KeyFileCipher::from_key_file(&dir.path().join("k.key")).unwrap();
        let stored = cipher.encrypt(&Secret::new("hunter2")).unwrap();
        assert!(!stored.contains("hunter2"));
        assert_eq!(cipher.decrypt(&stored).unwrap().expose(), "hunter2");
        // The same key file opened again decrypts it; a different key does not.
        let again = KeyFileCipher::from_key_file(&dir.path().join("k.key")).unwrap();
        assert_eq!(again.decrypt(&stored).unwrap().expose(), "hunter2");
        let other = KeyFileCipher::from_key_file(&dir.path().join("other.key")).unwrap();
        assert!(other.decrypt(&stored).is_err());
    }

    #[test]
    fn a_short_key_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.key");
        std::fs::write(&path, b"short").unwrap();
        assert!(KeyFileCipher::from_key_file(&path).is_err());
    }
}
