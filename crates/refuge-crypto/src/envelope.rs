//! age envelopes: everything a reporter sends is encrypted to the X25519 keys of staff, in the
//! standard age format, so it opens with the `age` tool given a staff identity.

use std::io::{Read, Write};
use std::str::FromStr;

use age::secrecy::ExposeSecret;
use age::x25519;
use zeroize::Zeroizing;

use crate::CryptoError;

/// A staff member's age identity, in memory only while it is needed.
pub struct StaffIdentity(x25519::Identity);

impl StaffIdentity {
    pub fn generate() -> Self {
        StaffIdentity(x25519::Identity::generate())
    }

    /// The `age1…` recipient string that intake encrypts to.
    pub fn public_key(&self) -> String {
        self.0.to_public().to_string()
    }

    /// The `AGE-SECRET-KEY-1…` form, for sealing. Zeroized when dropped.
    pub fn to_secret_bytes(&self) -> Zeroizing<Vec<u8>> {
        Zeroizing::new(self.0.to_string().expose_secret().as_bytes().to_vec())
    }

    /// A symmetric key only this identity derives (HMAC-SHA-256 of its secret under a purpose
    /// label): for what a staff member keeps for themselves, such as their ring of case keys.
    /// Different purposes give unrelated keys.
    pub fn derive_key(&self, purpose: &[u8]) -> Zeroizing<[u8; 32]> {
        Zeroizing::new(crate::random::mac(&self.to_secret_bytes(), purpose))
    }

    pub fn from_secret_bytes(bytes: &[u8]) -> Result<Self, CryptoError> {
        let text = std::str::from_utf8(bytes).map_err(|_| CryptoError::Malformed)?;
        x25519::Identity::from_str(text)
            .map(StaffIdentity)
            .map_err(|_| CryptoError::Malformed)
    }

    /// Decrypts an age stream addressed (among others) to this identity, as it is read: large
    /// files never need to be held whole.
    pub fn decrypt_stream<R: Read + Send + 'static>(
        &self,
        input: R,
    ) -> Result<Box<dyn Read + Send>, CryptoError> {
        let decryptor = age::Decryptor::new(input).map_err(|_| CryptoError::Malformed)?;
        let reader = decryptor
            .decrypt(std::iter::once(&self.0 as &dyn age::Identity))
            .map_err(|_| CryptoError::DecryptFailed)?;
        Ok(Box::new(reader))
    }

    /// Decrypts an age file addressed (among others) to this identity.
    pub fn decrypt(&self, ciphertext: &[u8]) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
        let decryptor = age::Decryptor::new(ciphertext).map_err(|_| CryptoError::Malformed)?;
        let mut reader = decryptor
            .decrypt(std::iter::once(&self.0 as &dyn age::Identity))
            .map_err(|_| CryptoError::DecryptFailed)?;
        let mut plaintext = Zeroizing::new(Vec::new());
        reader
            .read_to_end(&mut plaintext)
            .map_err(|_| CryptoError::DecryptFailed)?;
        Ok(plaintext)
    }
}

/// Encrypts what is written to it to every recipient, in the standard age format, 64 KiB at a
/// time. `finish` writes the last chunk and returns the output.
pub struct SealingWriter<W: Write>(age::stream::StreamWriter<W>);

impl<W: Write> SealingWriter<W> {
    pub fn new(recipients: &[String], output: W) -> Result<Self, CryptoError> {
        let parsed = parse_recipients(recipients)?;
        let encryptor =
            age::Encryptor::with_recipients(parsed.iter().map(|r| r as &dyn age::Recipient))
                .map_err(|_| CryptoError::Malformed)?;
        encryptor
            .wrap_output(output)
            .map(SealingWriter)
            .map_err(|_| CryptoError::Malformed)
    }

    pub fn finish(self) -> std::io::Result<W> {
        self.0.finish()
    }
}

impl<W: Write> Write for SealingWriter<W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.write(bytes)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

/// Whether `text` is an age X25519 public key (`age1…`), as a partner's key must be.
pub fn is_recipient(text: &str) -> bool {
    x25519::Recipient::from_str(text).is_ok()
}

fn parse_recipients(recipients: &[String]) -> Result<Vec<x25519::Recipient>, CryptoError> {
    let parsed = recipients
        .iter()
        .map(|key| x25519::Recipient::from_str(key).map_err(|_| CryptoError::Malformed))
        .collect::<Result<Vec<_>, _>>()?;
    if parsed.is_empty() {
        return Err(CryptoError::Malformed);
    }
    Ok(parsed)
}

/// Encrypts `plaintext` to every recipient (`age1…` strings). Fails on an empty list: a report
/// that nobody could read must never be accepted.
pub fn encrypt_to_recipients(
    recipients: &[String],
    plaintext: &[u8],
) -> Result<Vec<u8>, CryptoError> {
    let parsed = parse_recipients(recipients)?;
    let encryptor =
        age::Encryptor::with_recipients(parsed.iter().map(|r| r as &dyn age::Recipient))
            .map_err(|_| CryptoError::Malformed)?;
    let mut ciphertext = Vec::with_capacity(plaintext.len() + 200 * parsed.len() + 64);
    let mut writer = encryptor
        .wrap_output(&mut ciphertext)
        .map_err(|_| CryptoError::Malformed)?;
    writer
        .write_all(plaintext)
        .map_err(|_| CryptoError::Malformed)?;
    writer.finish().map_err(|_| CryptoError::Malformed)?;
    Ok(ciphertext)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_recipient_and_only_they_can_decrypt() {
        let (alice, bob, eve) = (
            StaffIdentity::generate(),
            StaffIdentity::generate(),
            StaffIdentity::generate(),
        );
        let sealed = encrypt_to_recipients(
            &[alice.public_key(), bob.public_key()],
            "ئۇيغۇر 中文".as_bytes(),
        )
        .expect("encrypt");
        assert!(sealed.starts_with(b"age-encryption.org/v1\n"));
        assert_eq!(
            alice.decrypt(&sealed).expect("alice").as_slice(),
            "ئۇيغۇر 中文".as_bytes()
        );
        assert_eq!(
            bob.decrypt(&sealed).expect("bob").as_slice(),
            "ئۇيغۇر 中文".as_bytes()
        );
        assert!(matches!(
            eve.decrypt(&sealed),
            Err(CryptoError::DecryptFailed)
        ));
    }

    #[test]
    fn streams_seal_and_open_in_pieces() {
        let identity = StaffIdentity::generate();
        let mut writer = SealingWriter::new(&[identity.public_key()], Vec::new()).expect("writer");
        let piece = vec![0x5a_u8; 100_000];
        for _ in 0..3 {
            writer.write_all(&piece).expect("write");
        }
        let sealed = writer.finish().expect("finish");
        assert!(sealed.starts_with(b"age-encryption.org/v1\n"));
        let mut opened = Vec::new();
        identity
            .decrypt_stream(std::io::Cursor::new(sealed))
            .expect("open")
            .read_to_end(&mut opened)
            .expect("read");
        assert_eq!(opened.len(), 300_000);
        assert!(opened.iter().all(|b| *b == 0x5a));
    }

    #[test]
    fn identities_round_trip_and_nobody_means_no_envelope() {
        let identity = StaffIdentity::generate();
        let restored =
            StaffIdentity::from_secret_bytes(&identity.to_secret_bytes()).expect("parse");
        assert_eq!(restored.public_key(), identity.public_key());
        assert!(encrypt_to_recipients(&[], b"x").is_err());
        assert!(encrypt_to_recipients(&["age1nonsense".into()], b"x").is_err());
    }

    #[test]
    fn derived_keys_belong_to_one_identity_and_one_purpose() {
        let (alice, bob) = (StaffIdentity::generate(), StaffIdentity::generate());
        let restored = StaffIdentity::from_secret_bytes(&alice.to_secret_bytes()).expect("parse");
        assert_eq!(*alice.derive_key(b"ring"), *restored.derive_key(b"ring"));
        assert_ne!(*alice.derive_key(b"ring"), *alice.derive_key(b"other"));
        assert_ne!(*alice.derive_key(b"ring"), *bob.derive_key(b"ring"));
    }
}
