//! The only crate that touches key material: age envelopes to staff keys, password-wrapped staff
//! identities, Argon2id, receipts, session and idempotency sealing, the evidence signing key,
//! and random tokens.
//!
//! It must never log, persist or return a secret in a form that outlives its purpose: secrets are
//! zeroized on drop, compared in constant time and drawn from the OS CSPRNG only.

pub mod correlation;
pub mod envelope;
pub mod kdf;
pub mod noise;
pub mod otp;
pub mod random;
pub mod receipt;
pub mod seal;
pub mod signing;

pub use correlation::CorrelationKey;
pub use envelope::{SealingWriter, StaffIdentity, encrypt_to_recipients};
pub use kdf::{KdfCost, KdfMemory};
pub use receipt::{Receipt, ReceiptError, ReceiptKeys};
pub use signing::EvidenceKey;

#[derive(Debug, thiserror::Error)]
pub enum CryptoError {
    /// Wrong password, wrong key, or tampered ciphertext: deliberately indistinguishable.
    #[error("could not decrypt")]
    DecryptFailed,
    #[error("malformed key or ciphertext")]
    Malformed,
    #[error("invalid key-derivation parameters")]
    BadParameters,
}
