//! Symmetric sealing (ChaCha20-Poly1305) for small secrets: a staff identity under a password
//! key or a session key, a receipt under an idempotency key.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Nonce};
use zeroize::Zeroizing;

use crate::kdf::{self, KdfCost, KdfMemory};
use crate::{CryptoError, random};

const NONCE_LEN: usize = 12;

/// `nonce || ciphertext`, with `context` bound as associated data so a sealed value cannot be
/// moved to another purpose.
pub fn seal(key: &[u8; 32], plaintext: &[u8], context: &[u8]) -> Vec<u8> {
    let cipher = ChaCha20Poly1305::new(key.into());
    let nonce_bytes = random::bytes::<NONCE_LEN>();
    let nonce = Nonce::from(nonce_bytes);
    // Encryption with a valid key and in-memory buffers cannot fail.
    let ciphertext = cipher
        .encrypt(
            &nonce,
            Payload {
                msg: plaintext,
                aad: context,
            },
        )
        .unwrap_or_default();
    let mut out = Vec::with_capacity(NONCE_LEN + ciphertext.len());
    out.extend_from_slice(&nonce_bytes);
    out.extend_from_slice(&ciphertext);
    out
}

pub fn open(
    key: &[u8; 32],
    sealed: &[u8],
    context: &[u8],
) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
    if sealed.len() < NONCE_LEN + 16 {
        return Err(CryptoError::Malformed);
    }
    let (nonce_bytes, ciphertext) = sealed.split_at(NONCE_LEN);
    let nonce = Nonce::try_from(nonce_bytes).map_err(|_| CryptoError::Malformed)?;
    let cipher = ChaCha20Poly1305::new(key.into());
    cipher
        .decrypt(
            &nonce,
            Payload {
                msg: ciphertext,
                aad: context,
            },
        )
        .map(Zeroizing::new)
        .map_err(|_| CryptoError::DecryptFailed)
}

const PASSWORD_WRAP_VERSION: u8 = 1;
const PASSWORD_WRAP_CONTEXT: &[u8] = b"refuge staff identity wrapped by password v1";

/// Seals `secret` under a key derived with Argon2id from `password`:
/// `version || cost (12 bytes) || salt (16) || nonce || ciphertext`.
pub fn wrap_with_password(
    memory: &mut KdfMemory,
    secret: &[u8],
    password: &str,
    cost: KdfCost,
) -> Result<Vec<u8>, CryptoError> {
    let salt = random::bytes::<16>();
    let key = kdf::derive_key(memory, password.as_bytes(), &salt, cost)?;
    let mut out = vec![PASSWORD_WRAP_VERSION];
    out.extend_from_slice(&cost.to_bytes());
    out.extend_from_slice(&salt);
    out.extend_from_slice(&seal(&key, secret, PASSWORD_WRAP_CONTEXT));
    Ok(out)
}

/// The Argon2id cost a [`wrap_with_password`] value was made with, if it is one.
pub fn password_wrap_cost(wrapped: &[u8]) -> Option<KdfCost> {
    if wrapped.first() != Some(&PASSWORD_WRAP_VERSION) || wrapped.len() < 1 + 12 + 16 {
        return None;
    }
    KdfCost::from_bytes(&wrapped[1..13]).ok()
}

/// Opens what [`wrap_with_password`] sealed. A wrong password is `DecryptFailed`.
pub fn unwrap_with_password(
    memory: &mut KdfMemory,
    wrapped: &[u8],
    password: &str,
) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
    if wrapped.first() != Some(&PASSWORD_WRAP_VERSION) || wrapped.len() < 1 + 12 + 16 {
        return Err(CryptoError::Malformed);
    }
    let cost = KdfCost::from_bytes(&wrapped[1..13])?;
    let salt = &wrapped[13..29];
    let key = kdf::derive_key(memory, password.as_bytes(), salt, cost)?;
    open(&key, &wrapped[29..], PASSWORD_WRAP_CONTEXT)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHEAP: KdfCost = KdfCost {
        memory_kib: 64,
        iterations: 1,
        parallelism: 1,
    };

    #[test]
    fn sealed_values_open_only_with_their_key_and_context() {
        let key = [7u8; 32];
        let sealed = seal(&key, b"secret", b"ctx");
        assert_eq!(
            open(&key, &sealed, b"ctx").expect("open").as_slice(),
            b"secret"
        );
        assert!(matches!(
            open(&[8u8; 32], &sealed, b"ctx"),
            Err(CryptoError::DecryptFailed)
        ));
        assert!(matches!(
            open(&key, &sealed, b"other"),
            Err(CryptoError::DecryptFailed)
        ));
        let mut tampered = sealed.clone();
        let last = tampered.len() - 1;
        tampered[last] ^= 1;
        assert!(open(&key, &tampered, b"ctx").is_err());
        assert!(matches!(
            open(&key, b"short", b"ctx"),
            Err(CryptoError::Malformed)
        ));
    }

    #[test]
    fn password_wrapping_needs_the_password() {
        let memory = &mut KdfMemory::default();
        let wrapped = wrap_with_password(
            memory,
            b"AGE-SECRET-KEY-1...",
            "correct horse battery",
            CHEAP,
        )
        .expect("wrap");
        assert_eq!(
            unwrap_with_password(memory, &wrapped, "correct horse battery")
                .expect("unwrap")
                .as_slice(),
            b"AGE-SECRET-KEY-1..."
        );
        assert!(matches!(
            unwrap_with_password(memory, &wrapped, "wrong horse"),
            Err(CryptoError::DecryptFailed)
        ));
        assert!(
            !wrapped.windows(8).any(|w| w == b"AGE-SECR"),
            "no plaintext in the wrapping"
        );
    }
}
