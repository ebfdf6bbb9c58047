//! One-time codes for a staff member's second factor: TOTP (RFC 6238, an authenticator app) and
//! HOTP (RFC 4226, a hardware key that types a code from a counter), and recovery codes.
//!
//! The arithmetic is totp-rs's; this module adds what a sign-in needs around it: codes typed in
//! any of the digits our locales use, a code accepted only after the last one accepted (so a
//! code seen over someone's shoulder cannot be used again), and recovery codes people can read
//! aloud.

use totp_rs::{Algorithm, Builder, Totp};
use zeroize::Zeroizing;

use crate::{CryptoError, random};

/// 160 bits, as RFC 4226 recommends.
pub const SECRET_BYTES: usize = 20;
/// Recovery codes shown at enrolment.
pub const RECOVERY_CODES: usize = 10;
/// Characters of a recovery code (without the dash shown in the middle): 48 bits each.
pub const RECOVERY_CODE_CHARS: usize = 10;
/// Digits of a one-time code: what every authenticator app and hardware key types.
pub const CODE_DIGITS: usize = 6;
const TOTP_STEP_SECONDS: u64 = 30;
/// A code from the step before or after the server's is accepted too (clocks drift; RFC 6238
/// §5.2 recommends one step).
const TOTP_SKEW_STEPS: u64 = 1;
/// A hardware key's counter moves each time its button is pressed, also when the code is not
/// sent; the next twenty counter values are tried (RFC 4226 §7.4, the look-ahead window).
pub const HOTP_LOOK_AHEAD: u64 = 20;
/// Lower-case letters and digits without i, l, o, s, z, 0 and 1: a code read from paper is typed
/// back right. 29 characters.
const RECOVERY_ALPHABET: &[u8] = b"abcdefghjkmnpqrtuvwxy23456789";

/// The shared secret of an authenticator app or a hardware key.
pub struct OtpSecret(Zeroizing<Vec<u8>>);

impl OtpSecret {
    pub fn generate() -> Self {
        let mut bytes = Zeroizing::new(vec![0u8; SECRET_BYTES]);
        random::fill(&mut bytes);
        OtpSecret(bytes)
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Self, CryptoError> {
        if bytes.len() != SECRET_BYTES {
            return Err(CryptoError::Malformed);
        }
        Ok(OtpSecret(Zeroizing::new(bytes.to_vec())))
    }

    /// A secret as [`OtpSecret::base32`] gives it (spaces and case ignored).
    pub fn from_base32(text: &str) -> Result<Self, CryptoError> {
        let compact: String = text
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let secret =
            totp_rs::Secret::try_from_base32(&compact).map_err(|_| CryptoError::Malformed)?;
        OtpSecret::from_bytes(secret.as_ref())
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    fn totp(&self, step_seconds: u64) -> Totp {
        // The secret is 160 bits and SHA-1 with six digits is RFC-compliant, so `build` cannot
        // fail; `build_noncompliant` says so without an unwrap.
        Builder::new()
            .with_algorithm(Algorithm::SHA1)
            .with_digits(CODE_DIGITS as u8)
            .with_skew(0)
            .with_step_duration(step_seconds)
            .with_secret(self.0.to_vec())
            .build_noncompliant()
    }

    /// The secret in RFC 4648 base32 (no padding), for typing into an app by hand or
    /// programming a hardware key (`ykman otp hotp`).
    pub fn base32(&self) -> String {
        self.totp(TOTP_STEP_SECONDS)
            .secret()
            .to_base32()
            .trim_end_matches('=')
            .to_owned()
    }

    /// The `otpauth://totp/…` address an authenticator app reads from the QR code.
    pub fn otpauth_uri(&self, issuer: &str, account: &str) -> Result<String, CryptoError> {
        // A colon separates issuer from account in the label; neither may hold one.
        let clean = |s: &str| s.replace(':', " ");
        Builder::new()
            .with_algorithm(Algorithm::SHA1)
            .with_digits(CODE_DIGITS as u8)
            .with_step_duration(TOTP_STEP_SECONDS)
            .with_secret(self.0.to_vec())
            .with_issuer(Some(clean(issuer)))
            .with_account_name(clean(account))
            .build()
            .and_then(|totp| totp.to_url())
            .map_err(|_| CryptoError::Malformed)
    }

    /// The time step whose code `code` is, within one step of `unix_seconds`, and later than
    /// `after` (the last step accepted): `None` for a wrong code or one already used.
    pub fn accept_time_code(
        &self,
        code: &str,
        unix_seconds: i64,
        after: Option<u64>,
    ) -> Option<u64> {
        let code = normalise_code(code)?;
        let totp = self.totp(TOTP_STEP_SECONDS);
        let now = u64::try_from(unix_seconds).ok()? / TOTP_STEP_SECONDS;
        let first = now.saturating_sub(TOTP_SKEW_STEPS);
        (first..=now + TOTP_SKEW_STEPS)
            .filter(|step| after.is_none_or(|last| *step > last))
            .find(|step| matches(&totp, &code, *step * TOTP_STEP_SECONDS))
    }

    /// The counter value whose code `code` is, among the next [`HOTP_LOOK_AHEAD`] after
    /// `after` (the last counter accepted; `None`: from zero).
    pub fn accept_counter_code(&self, code: &str, after: Option<u64>) -> Option<u64> {
        let code = normalise_code(code)?;
        // HOTP is TOTP with a one-second step read at "time" = counter (RFC 6238 §4).
        let hotp = self.totp(1);
        let first = after.map_or(0, |last| last + 1);
        (first..first + HOTP_LOOK_AHEAD).find(|counter| matches(&hotp, &code, *counter))
    }

    /// The code an authenticator app shows at `unix_seconds` (tests, and people's own checks).
    pub fn time_code(&self, unix_seconds: i64) -> String {
        let time = u64::try_from(unix_seconds).unwrap_or(0);
        self.totp(TOTP_STEP_SECONDS).generate(time).to_string()
    }

    /// The code a hardware key types at `counter`.
    pub fn counter_code(&self, counter: u64) -> String {
        self.totp(1).generate(counter).to_string()
    }
}

fn matches(totp: &Totp, code: &str, time: u64) -> bool {
    random::constant_time_eq(totp.generate(time).to_string().as_bytes(), code.as_bytes())
}

/// A code as typed: spaces and dashes dropped, full-width, Arabic-Indic, Persian and Tibetan
/// digits read as ASCII (a phone keyboard in Uyghur or Chinese may type them). `None` unless
/// six digits remain.
pub fn normalise_code(typed: &str) -> Option<String> {
    let mut digits = String::with_capacity(CODE_DIGITS);
    for c in typed.chars() {
        if c.is_whitespace() || c == '-' {
            continue;
        }
        digits.push(char::from(b'0' + native_digit(c)?));
        if digits.len() > CODE_DIGITS {
            return None;
        }
    }
    (digits.len() == CODE_DIGITS).then_some(digits)
}

fn native_digit(c: char) -> Option<u8> {
    let zeros = ['0', '０', '٠', '۰', '༠'];
    zeros.iter().find_map(|zero| {
        let offset = (c as u32).checked_sub(*zero as u32)?;
        (offset < 10).then_some(offset as u8)
    })
}

/// A new recovery code, `xxxxx-xxxxx` (48 bits from the OS generator).
pub fn recovery_code() -> String {
    let size = RECOVERY_ALPHABET.len();
    // Bytes at or above the last whole multiple of the alphabet's size are drawn again, so
    // every character is equally likely.
    let limit = 256 - 256 % size;
    let mut chars = String::with_capacity(RECOVERY_CODE_CHARS);
    while chars.len() < RECOVERY_CODE_CHARS {
        let [byte] = random::bytes::<1>();
        if usize::from(byte) < limit {
            chars.push(char::from(RECOVERY_ALPHABET[usize::from(byte) % size]));
        }
    }
    format!(
        "{}-{}",
        &chars[..RECOVERY_CODE_CHARS / 2],
        &chars[RECOVERY_CODE_CHARS / 2..]
    )
}

/// A recovery code as typed, in the form it is kept in: dashes and spaces dropped, full-width
/// letters folded. `None` if it cannot be one.
pub fn normalise_recovery_code(typed: &str) -> Option<String> {
    let kept: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| match c {
            // Full-width ASCII, as a Chinese input method may type it.
            '！'..='～' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .flat_map(char::to_lowercase)
        .collect();
    (kept.chars().count() == RECOVERY_CODE_CHARS
        && kept.bytes().all(|b| RECOVERY_ALPHABET.contains(&b)))
    .then_some(kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B's SHA-1 seed.
    fn rfc_secret() -> OtpSecret {
        OtpSecret::from_bytes(b"12345678901234567890").unwrap()
    }

    #[test]
    fn time_codes_match_rfc_6238() {
        // Appendix B gives eight digits; the six-digit code is its last six.
        let secret = rfc_secret();
        assert_eq!(secret.time_code(59), "287082");
        assert_eq!(secret.time_code(1_111_111_109), "081804");
        assert_eq!(secret.time_code(20_000_000_000), "353130");
    }

    #[test]
    fn counter_codes_match_rfc_4226() {
        let secret = rfc_secret();
        let expected = ["755224", "287082", "359152", "969429", "338314"];
        for (counter, code) in expected.iter().enumerate() {
            assert_eq!(secret.counter_code(counter as u64), *code);
        }
        assert_eq!(secret.accept_counter_code("969429", None), Some(3));
        // Already past counter 3: the same code is refused.
        assert_eq!(secret.accept_counter_code("969429", Some(3)), None);
        assert_eq!(secret.accept_counter_code("338314", Some(3)), Some(4));
    }

    #[test]
    fn a_time_code_is_taken_once_and_within_one_step() {
        let secret = rfc_secret();
        let now = 1_111_111_109;
        let code = secret.time_code(now);
        let step = secret.accept_time_code(&code, now, None).unwrap();
        assert_eq!(secret.accept_time_code(&code, now, Some(step)), None);
        assert_eq!(secret.accept_time_code(&code, now + 30, None), Some(step));
        assert_eq!(secret.accept_time_code(&code, now + 95, None), None);
        assert_eq!(secret.accept_time_code("000000", now, None), None);
    }

    #[test]
    fn codes_typed_in_other_digits_are_read() {
        assert_eq!(normalise_code(" 287 082 ").as_deref(), Some("287082"));
        assert_eq!(normalise_code("２８７０８２").as_deref(), Some("287082"));
        assert_eq!(normalise_code("٢٨٧٠٨٢").as_deref(), Some("287082"));
        assert_eq!(normalise_code("༢༨༧༠༨༢").as_deref(), Some("287082"));
        assert_eq!(normalise_code("28708"), None);
        assert_eq!(normalise_code("2870821"), None);
        assert_eq!(normalise_code("28708x"), None);
    }

    #[test]
    fn recovery_codes_round_trip_as_typed() {
        let code = recovery_code();
        assert_eq!(code.len(), RECOVERY_CODE_CHARS + 1);
        let kept = normalise_recovery_code(&code).unwrap();
        assert_eq!(normalise_recovery_code(&format!(" {kept} ")), Some(kept));
        assert_eq!(normalise_recovery_code("abcde-fgh"), None);
        assert_eq!(normalise_recovery_code("00000-00000"), None);
        assert_eq!(
            normalise_recovery_code(&code.to_uppercase()).as_deref(),
            normalise_recovery_code(&code).as_deref()
        );
    }

    #[test]
    fn the_otpauth_address_carries_the_secret() {
        let secret = rfc_secret();
        let uri = secret.otpauth_uri("Refuge: test", "amina").unwrap();
        assert!(uri.starts_with("otpauth://totp/"), "{uri}");
        assert!(
            uri.contains(&format!("secret={}", secret.base32())),
            "{uri}"
        );
        assert!(uri.contains("amina"));
        let again = OtpSecret::from_base32(&secret.base32().to_lowercase()).unwrap();
        assert_eq!(again.as_bytes(), secret.as_bytes());
    }
}
