//! Randomness from the OS CSPRNG only.

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// Fills `buffer` from the OS CSPRNG.
///
/// SECURITY: if the operating system cannot give randomness the process stops instead of going
/// on with predictable receipts or keys.
pub fn fill(buffer: &mut [u8]) {
    if getrandom::fill(buffer).is_err() {
        eprintln!("refuge: the operating system's random number generator failed; stopping");
        std::process::abort();
    }
}

pub fn bytes<const N: usize>() -> [u8; N] {
    let mut buffer = [0u8; N];
    fill(&mut buffer);
    buffer
}

/// A uniformly random integer in `0..n` (`n` > 0), by rejection sampling (no modulo bias).
pub fn below(n: u64) -> u64 {
    assert!(n > 0, "an empty range");
    // The largest multiple of n that fits: values at or above it are drawn again.
    let limit = u64::MAX - u64::MAX % n;
    loop {
        let value = u64::from_le_bytes(bytes::<8>());
        if value < limit {
            return value % n;
        }
    }
}

/// A uniformly random decimal digit, by rejection sampling (no modulo bias).
pub fn digit() -> u8 {
    loop {
        let [byte] = bytes::<1>();
        if byte < 250 {
            return byte % 10;
        }
    }
}

pub fn sha256(parts: &[&[u8]]) -> [u8; 32] {
    let mut hasher = Sha256::new();
    for part in parts {
        // Length-prefix each part so ("ab","c") and ("a","bc") differ.
        hasher.update((part.len() as u64).to_be_bytes());
        hasher.update(part);
    }
    hasher.finalize().into()
}

/// HMAC-SHA-256.
pub fn mac(key: &[u8], message: &[u8]) -> [u8; 32] {
    use hmac::{KeyInit, Mac};
    // HMAC accepts keys of any length, so this cannot fail; the fallback keeps it total.
    let Ok(mut hmac) = <hmac::Hmac<Sha256> as KeyInit>::new_from_slice(key) else {
        return sha256(&[key, message]);
    };
    hmac.update(message);
    hmac.finalize().into_bytes().into()
}

pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.ct_eq(b).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_rfc_4231_case_2() {
        let tag = mac(b"Jefe", b"what do ya want for nothing?");
        assert_eq!(
            hex::encode(tag),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn digits_cover_zero_to_nine() {
        let mut seen = [false; 10];
        for _ in 0..2_000 {
            seen[digit() as usize] = true;
        }
        assert!(seen.iter().all(|s| *s));
    }

    #[test]
    fn hashed_parts_are_length_prefixed() {
        assert_ne!(sha256(&[b"ab", b"c"]), sha256(&[b"a", b"bc"]));
    }
}

/// SHA-256 computed as bytes arrive (evidence files are hashed while they stream).
#[derive(Default, Clone)]
pub struct StreamingSha256(sha2::Sha256);

impl StreamingSha256 {
    pub fn update(&mut self, bytes: &[u8]) {
        sha2::Digest::update(&mut self.0, bytes);
    }

    pub fn finish_hex(self) -> String {
        hex::encode(sha2::Digest::finalize(self.0))
    }
}
