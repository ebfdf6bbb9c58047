//! The correlation key: an age identity, sealed to the staff who may correlate like a report
//! is, from which two keys derive — the tag key of the keyed blind index (HMAC-SHA-256,
//! truncated) and the set key that seals each report's normalised identifiers once indexed.
//!
//! SECURITY: a tag is [`TAG_BITS`] bits, so each one stands for a great many possible
//! identifiers: the index alone, or the index with the tag key, cannot say which identifier a
//! report holds (only which reports may share one). Confirming a candidate takes opening its
//! set, which takes the correlation key itself.

use zeroize::Zeroizing;

use crate::{CryptoError, StaffIdentity, random, seal};

/// Bits kept of each tag. CipherSweet's planning rule asks that a tag's expected number of
/// rows `R / 2^L` lie between 2 and √R: with ten keys per report, 14 bits meets it from about
/// 3,000 reports (R ≈ 33,000) to over a million keys, and at 10,000 reports a lookup meets
/// about six candidates per key — each confirmed by opening its set, which costs microseconds.
pub const TAG_BITS: u32 = 14;

const TAG_PURPOSE: &[u8] = b"refuge correlation tag key v1";
const SET_PURPOSE: &[u8] = b"refuge correlation set key v1";
const SET_CONTEXT: &[u8] = b"refuge identifier set v1";

/// The correlation key in memory (only while a request or an indexing run needs it).
pub struct CorrelationKey {
    identity: StaffIdentity,
    tag_key: Zeroizing<[u8; 32]>,
    set_key: Zeroizing<[u8; 32]>,
}

impl std::fmt::Debug for CorrelationKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CorrelationKey(redacted)")
    }
}

impl CorrelationKey {
    pub fn generate() -> Self {
        Self::from_identity(StaffIdentity::generate())
    }

    pub fn from_identity(identity: StaffIdentity) -> Self {
        let tag_key = identity.derive_key(TAG_PURPOSE);
        let set_key = identity.derive_key(SET_PURPOSE);
        CorrelationKey {
            identity,
            tag_key,
            set_key,
        }
    }

    /// A second handle on the same key (for a background run that outlives the request).
    pub fn duplicate(&self) -> Result<Self, CryptoError> {
        Ok(Self::from_identity(StaffIdentity::from_secret_bytes(
            &self.identity.to_secret_bytes(),
        )?))
    }

    /// Opens a copy sealed (with age) to `holder`.
    pub fn open_copy(holder: &StaffIdentity, sealed: &[u8]) -> Result<Self, CryptoError> {
        let secret = holder.decrypt(sealed)?;
        Ok(Self::from_identity(StaffIdentity::from_secret_bytes(
            &secret,
        )?))
    }

    /// A copy sealed (with age) to `recipients`.
    pub fn seal_copy(&self, recipients: &[String]) -> Result<Vec<u8>, CryptoError> {
        crate::encrypt_to_recipients(recipients, &self.identity.to_secret_bytes())
    }

    /// The age recipient that intake seals new identifier sets to.
    pub fn recipient(&self) -> String {
        self.identity.public_key()
    }

    /// The truncated tag of one normalised identifier key.
    pub fn tag(&self, key: &str) -> i64 {
        let mac = random::mac(self.tag_key.as_ref(), key.as_bytes());
        let mut first = [0u8; 8];
        first.copy_from_slice(&mac[..8]);
        // The top TAG_BITS bits, as a small non-negative number.
        (u64::from_be_bytes(first) >> (64 - TAG_BITS)) as i64
    }

    /// Opens a set sealed at intake to [`CorrelationKey::recipient`].
    pub fn open_intake_set(&self, sealed: &[u8]) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
        self.identity.decrypt(sealed)
    }

    /// Seals an indexed set of report `report` under the set key.
    pub fn seal_set(&self, report: &[u8], plaintext: &[u8]) -> Vec<u8> {
        seal::seal(&self.set_key, plaintext, &set_context(report))
    }

    pub fn open_set(
        &self,
        report: &[u8],
        sealed: &[u8],
    ) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
        seal::open(&self.set_key, sealed, &set_context(report))
    }
}

fn set_context(report: &[u8]) -> Vec<u8> {
    let mut context = SET_CONTEXT.to_vec();
    context.extend_from_slice(report);
    context
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_short_keyed_and_stable() {
        let key = CorrelationKey::generate();
        let other = CorrelationKey::generate();
        let tag = key.tag("phone:+8613800138000");
        assert!((0..1 << TAG_BITS).contains(&tag));
        assert_eq!(tag, key.tag("phone:+8613800138000"));
        // Another instance's key gives unrelated tags (equal only by the 1-in-16,384 chance,
        // so compare many).
        let same = (0..64)
            .filter(|i| key.tag(&format!("k{i}")) == other.tag(&format!("k{i}")))
            .count();
        assert!(same < 4, "{same}");
        // Tags spread over the whole range.
        let mut seen = std::collections::HashSet::new();
        for i in 0..20_000 {
            seen.insert(key.tag(&format!("phone:+1416555{i:04}")));
        }
        assert!(seen.len() > 11_000, "{}", seen.len());
    }

    #[test]
    fn a_copy_opens_to_the_same_key_and_sets_are_bound_to_their_report() {
        let holder = StaffIdentity::generate();
        let key = CorrelationKey::generate();
        let copy = key.seal_copy(&[holder.public_key()]).expect("seal");
        let opened = CorrelationKey::open_copy(&holder, &copy).expect("open");
        assert_eq!(opened.recipient(), key.recipient());
        assert_eq!(opened.tag("x"), key.tag("x"));
        let sealed = key.seal_set(b"report-a", b"{}");
        assert_eq!(
            opened
                .open_set(b"report-a", &sealed)
                .expect("open")
                .as_slice(),
            b"{}"
        );
        assert!(opened.open_set(b"report-b", &sealed).is_err());
        let intake = crate::encrypt_to_recipients(&[key.recipient()], b"[1]").expect("seal");
        assert_eq!(
            opened.open_intake_set(&intake).expect("open").as_slice(),
            b"[1]"
        );
        assert!(CorrelationKey::open_copy(&StaffIdentity::generate(), &copy).is_err());
    }
}
