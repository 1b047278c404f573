//! Magento's own format of encrypted values (`Magento\Framework\Encryption\Encryptor`, cipher
//! 3): `<key version>:3:<base64 of nonce, ciphertext and tag>`, sealed with IETF
//! ChaCha20-Poly1305 under the `crypt/key` of env.php, the 12-byte nonce doubling as the
//! additional data. The reference module stores verification tokens this way, so reading it
//! lets a store keep its subscriptions when it switches to us.

use base64::Engine as _;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Nonce};
use rand::RngCore;

use super::Secret;
use crate::error::{Error, ErrorKind, Result};

/// Encryptor::CIPHER_AEAD_CHACHA20POLY1305, what Magento 2.4's `encrypt()` writes.
const CIPHER_CHACHA20POLY1305: &str = "3";
const NONCE_LEN: usize = 12;
const KEY_LEN: usize = 32;
/// Magento 2.4.7+ writes new keys as this prefix and the base64 of 32 random bytes.
const ENCODED_KEY_PREFIX: &str = "base64";
/// What PHP's `trim()`, which Magento applies to every decrypted value, removes.
const PHP_TRIMMED: &[char] = &[' ', '\t', '\n', '\r', '\0', '\x0B'];

/// The keys of env.php's `crypt/key`, oldest first: a value names its key by position.
pub(super) struct MagentoCipher {
    keys: Vec<ChaCha20Poly1305>,
}

impl MagentoCipher {
    /// Reads `crypt/key` as Magento does: keys separated by white space, each 32 characters or
    /// `base64` followed by the base64 of 32 bytes.
    pub fn new(crypt_key: &Secret) -> Result<Self> {
        let keys = crypt_key
            .expose()
            .split_whitespace()
            .enumerate()
            .map(|(version, key)| decode_key(key).map(|k| ChaCha20Poly1305::new(&k.into())).ok_or_else(|| bad_key(version)))
            .collect::<Result<Vec<_>>>()?;
        if keys.is_empty() {
            return Err(Error::config("magento_crypt_key is empty; give env.php's crypt/key"));
        }
        Ok(Self { keys })
    }

    /// Whether `stored` looks like a value of Magento's encryptor (`version:cipher:data`).
    pub fn sealed_here(stored: &str) -> bool {
        let mut parts = stored.splitn(3, ':');
        matches!((parts.next(), parts.next(), parts.next()), (Some(v), Some(c), Some(_))
            if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) && !c.is_empty() && c.bytes().all(|b| b.is_ascii_digit()))
    }

    /// Seals `token` with the newest key, as `Encryptor::encrypt()` does.
    pub fn encrypt(&self, token: &Secret) -> Result<String> {
        let version = self.keys.len() - 1;
        let mut nonce = [0u8; NONCE_LEN];
        rand::thread_rng().fill_bytes(&mut nonce);
        let sealed = self.keys[version]
            .encrypt(Nonce::from_slice(&nonce), Payload { msg: token.expose().as_bytes(), aad: &nonce })
            .map_err(|_| Error::new(ErrorKind::Crypto, "encrypting a verification token failed"))?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        Ok(format!("{version}:{CIPHER_CHACHA20POLY1305}:{}", base64::engine::general_purpose::STANDARD.encode(out)))
    }

    /// Opens a value `Encryptor::encrypt()` wrote (cipher 3). Values of the mcrypt ciphers of
    /// Magento 1 and early 2.x (0 to 2) are refused with a message saying what to do.
    pub fn decrypt(&self, stored: &str) -> Result<Secret> {
        let undecryptable = |why: &str| {
            Error::new(ErrorKind::Crypto, format!("a stored verification token cannot be decrypted with Magento's crypt/key: {why}"))
        };
        let mut parts = stored.splitn(3, ':');
        let (Some(version), Some(cipher), Some(data)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(undecryptable("it is not in Magento's version:cipher:data format"));
        };
        if cipher != CIPHER_CHACHA20POLY1305 {
            return Err(undecryptable(&format!(
                "it uses Magento's legacy cipher {cipher}; save the subscription's token again to re-encrypt it"
            )));
        }
        let key = version.parse::<usize>().ok().and_then(|v| self.keys.get(v)).ok_or_else(|| {
            undecryptable(&format!("it names key version {version}, and crypt/key has {} key(s)", self.keys.len()))
        })?;
        let bytes = decode_base64(data).ok_or_else(|| undecryptable("its data is not base64"))?;
        if bytes.len() < NONCE_LEN {
            return Err(undecryptable("it is too short"));
        }
        let (nonce, sealed) = bytes.split_at(NONCE_LEN);
        let plain = key
            .decrypt(Nonce::from_slice(nonce), Payload { msg: sealed, aad: nonce })
            .map_err(|_| undecryptable("the key does not open it (another store's crypt/key?)"))?;
        let plain = String::from_utf8(plain).map_err(|_| undecryptable("it is not UTF-8 text"))?;
        Ok(Secret::new(plain.trim_matches(PHP_TRIMMED)))
    }
}

fn decode_key(key: &str) -> Option<[u8; KEY_LEN]> {
    let bytes = match key.strip_prefix(ENCODED_KEY_PREFIX) {
        Some(encoded) => decode_base64(encoded)?,
        None => key.as_bytes().to_vec(),
    };
    bytes.try_into().ok()
}

/// Standard base64, padded or not (PHP's `base64_decode` is lenient about padding).
fn decode_base64(data: &str) -> Option<Vec<u8>> {
    let engine = base64::engine::GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        base64::engine::GeneralPurposeConfig::new().with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent),
    );
    engine.decode(data.trim_end()).ok()
}

fn bad_key(version: usize) -> Error {
    Error::config(format!(
        "magento_crypt_key: key {version} is neither 32 characters nor 'base64' and the base64 of 32 bytes, as env.php's crypt/key holds"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const OLD_KEY: &str = "0123456789abcdef0123456789abcdef";

    fn cipher(keys: &str) -> MagentoCipher {
        MagentoCipher::new(&Secret::new(keys)).unwrap()
    }

    #[test]
    fn reads_a_value_sealed_as_magentos_encryptor_seals_it() {
        // Sealed by PHP, as Magento's SodiumChachaIetf does:
        // base64_encode($n . sodium_crypto_aead_chacha20poly1305_ietf_encrypt('hunter2', $n, $n, $key)),
        // with $n = twelve bytes 0x01 and $key = OLD_KEY.
        let stored = "0:3:AQEBAQEBAQEBAQEBzcZN+ySffkHkuav8SBTc7f1HFddTbY0=";
        assert_eq!(cipher(OLD_KEY).decrypt(stored).unwrap().expose(), "hunter2");
    }

    #[test]
    fn seals_with_the_newest_key_and_reads_every_version() {
        let encoded = format!("base64{}", base64::engine::general_purpose::STANDARD.encode([7u8; 32]));
        let both = cipher(&format!("{OLD_KEY}\n{encoded}"));
        let stored = both.encrypt(&Secret::new("s3cret")).unwrap();
        assert!(stored.starts_with("1:3:"), "{stored}");
        assert!(!stored.contains("s3cret"));
        assert_eq!(both.decrypt(&stored).unwrap().expose(), "s3cret");
        let old = cipher(OLD_KEY).encrypt(&Secret::new("older")).unwrap();
        assert_eq!(both.decrypt(&old).unwrap().expose(), "older");
        let err = cipher(OLD_KEY).decrypt(&stored).unwrap_err().to_string();
        assert!(err.contains("key version 1"), "{err}");
    }

    #[test]
    fn refuses_what_it_cannot_open_with_a_reason() {
        let c = cipher(OLD_KEY);
        let other = cipher("fedcba9876543210fedcba9876543210").encrypt(&Secret::new("x")).unwrap();
        assert!(c.decrypt(&other).unwrap_err().to_string().contains("does not open it"));
        assert!(c.decrypt("0:2:abcd").unwrap_err().to_string().contains("legacy cipher 2"));
        assert!(c.decrypt("0:3:***").unwrap_err().to_string().contains("not base64"));
        assert!(c.decrypt("plain").unwrap_err().to_string().contains("format"));
    }

    #[test]
    fn refuses_keys_magento_would_not_have() {
        for bad in ["short", "base64AAAA", ""] {
            assert!(MagentoCipher::new(&Secret::new(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn tells_its_format_from_ours() {
        assert!(MagentoCipher::sealed_here("0:3:AAAA"));
        assert!(MagentoCipher::sealed_here("12:3:AAAA"));
        assert!(!MagentoCipher::sealed_here("aev1:AAAA"));
        assert!(!MagentoCipher::sealed_here("x:3:AAAA"));
    }
}
