//! The instance's Ed25519 key, which signs evidence receipts. Signatures verify with standard
//! tools (`openssl pkeyutl -verify -rawin`), given the public key in PEM.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use ed25519_dalek::{Signer, SigningKey};

use crate::CryptoError;

/// DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410): the 32 key bytes follow.
const SPKI_PREFIX: [u8; 12] = [
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
];

pub const SIGNATURE_BEGIN: &str = "-----BEGIN REFUGE EVIDENCE SIGNATURE-----";
pub const SIGNATURE_END: &str = "-----END REFUGE EVIDENCE SIGNATURE-----";

pub struct EvidenceKey(SigningKey);

impl EvidenceKey {
    /// From the 32-byte secret kept as an instance secret.
    pub fn from_secret(secret: &[u8]) -> Result<Self, CryptoError> {
        let bytes: [u8; 32] = secret.try_into().map_err(|_| CryptoError::Malformed)?;
        Ok(EvidenceKey(SigningKey::from_bytes(&bytes)))
    }

    fn public_der(&self) -> Vec<u8> {
        let mut der = SPKI_PREFIX.to_vec();
        der.extend_from_slice(self.0.verifying_key().as_bytes());
        der
    }

    /// The public key as a PEM `PUBLIC KEY`, as `openssl` reads it.
    pub fn public_pem(&self) -> String {
        format!(
            "-----BEGIN PUBLIC KEY-----\n{}\n-----END PUBLIC KEY-----\n",
            STANDARD.encode(self.public_der())
        )
    }

    /// SHA-256 of the public key's DER form, as hex pairs separated by colons: what
    /// `openssl pkey -pubin -outform DER | openssl dgst -sha256 -c` prints for the PEM file, so
    /// someone holding a receipt can tell that the key they fetched is the one that signed it.
    pub fn fingerprint(&self) -> String {
        use sha2::Digest as _;
        sha2::Sha256::digest(self.public_der())
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect::<Vec<_>>()
            .join(":")
    }

    /// The 64-byte Ed25519 signature of `bytes` (a detached signature file, as `openssl
    /// pkeyutl -verify -rawin -sigfile` reads it).
    pub fn sign_bytes(&self, bytes: &[u8]) -> [u8; 64] {
        self.0.sign(bytes).to_bytes()
    }

    /// `text` followed by its signature block. The signed bytes are exactly `text`, which must
    /// end with a line break; the block is base64 of the 64-byte signature.
    pub fn sign_text(&self, text: &str) -> String {
        let signature = self.0.sign(text.as_bytes());
        format!(
            "{text}{SIGNATURE_BEGIN}\n{}\n{SIGNATURE_END}\n",
            STANDARD.encode(signature.to_bytes())
        )
    }
}

/// Checks a signed text against a public key (the same check as the documented `openssl`
/// command; used by tests and `refuge` itself).
pub fn verify_signed_text(signed: &str, public_pem: &str) -> bool {
    let Some((text, block)) = signed.split_once(SIGNATURE_BEGIN) else {
        return false;
    };
    let signature: String = block
        .lines()
        .take_while(|line| *line != SIGNATURE_END)
        .collect();
    let key_b64: String = public_pem
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect();
    let (Ok(signature), Ok(der)) = (STANDARD.decode(signature), STANDARD.decode(key_b64)) else {
        return false;
    };
    let (Some(key), Ok(signature)) = (
        der.strip_prefix(&SPKI_PREFIX[..])
            .and_then(|k| <[u8; 32]>::try_from(k).ok())
            .and_then(|k| ed25519_dalek::VerifyingKey::from_bytes(&k).ok()),
        ed25519_dalek::Signature::from_slice(&signature),
    ) else {
        return false;
    };
    key.verify_strict(text.as_bytes(), &signature).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fingerprint_is_the_sha256_of_the_der_key() {
        let key = EvidenceKey::from_secret(&[7u8; 32]).expect("key");
        let fingerprint = key.fingerprint();
        assert_eq!(fingerprint.len(), 32 * 3 - 1);
        use sha2::Digest as _;
        let expected: Vec<String> = sha2::Sha256::digest(key.public_der())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(fingerprint, expected.join(":"));
    }

    #[test]
    fn signed_text_verifies_and_any_change_breaks_it() {
        let key = EvidenceKey::from_secret(&[7u8; 32]).expect("key");
        let signed = key.sign_text("Day: 2026-11-23\nphoto.jpg 1234 ab12\n");
        let pem = key.public_pem();
        assert!(pem.starts_with("-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA"));
        assert!(verify_signed_text(&signed, &pem));
        let tampered = signed.replacen("1234", "1235", 1);
        assert!(!verify_signed_text(&tampered, &pem));
        let other = EvidenceKey::from_secret(&[8u8; 32]).expect("key");
        assert!(!verify_signed_text(&signed, &other.public_pem()));
    }
}
