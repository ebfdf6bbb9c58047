//! Form tokens: proof that a form was served by this instance and when, and the seed of the ids
//! that make a form sent twice do its work once.
//!
//! A token is `version ‖ hour issued ‖ 16 random bytes ‖ MAC` under the instance's form key,
//! written as hex into the page. The server keeps no token: what a form creates (a report, a
//! message, files, an account) gets an id derived from its token, so a second POST of the same
//! form — a double click, a reload, a resend after a dropped connection — meets the first
//! result instead of making another.
//!
//! SECURITY: the hour lives only in the page and the POST that returns it, never at rest. The
//! random part is what a replay would have to guess (128 bits).

use refuge_crypto::random;

use crate::Refuge;

const VERSION: u8 = 1;
const NONCE_BYTES: usize = 16;
const TAG_BYTES: usize = 16;
const SIGNED_BYTES: usize = 1 + 4 + NONCE_BYTES;
const TOKEN_BYTES: usize = SIGNED_BYTES + TAG_BYTES;
/// A report form can be sent for this long after it was shown; later it is shown again with
/// the reporter's input kept and a fresh token. Retries of a stored report are recognised for
/// as long as its idempotency record lives (`intake::IDEMPOTENCY_DAYS`), which is longer.
pub const FORM_TOKEN_HOURS: i64 = 24;

/// A token this instance issued (its MAC checked), of any age.
#[derive(Clone, PartialEq, Eq)]
pub struct FormToken {
    bytes: [u8; TOKEN_BYTES],
}

impl std::fmt::Debug for FormToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FormToken(…)")
    }
}

impl FormToken {
    /// The bytes that key idempotency records and derived ids.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// As written into a page.
    pub fn to_hex(&self) -> String {
        hex::encode(self.bytes)
    }

    fn issued_hour(&self) -> i64 {
        let mut hour = [0u8; 4];
        hour.copy_from_slice(&self.bytes[1..5]);
        i64::from(u32::from_be_bytes(hour))
    }

    /// Whether a new submission may still be made with it at `now` (Unix seconds).
    pub fn is_fresh(&self, now: i64) -> bool {
        let age = now.div_euclid(3600) - self.issued_hour();
        (0..=FORM_TOKEN_HOURS).contains(&age)
    }
}

/// What a form creates; each kind derives its ids apart from the others.
#[derive(Debug, Clone, Copy)]
pub enum FormPurpose {
    ReporterMessage,
    ReporterFiles,
    StaffMessage,
    NewAccount,
    /// Text a reporter adds to a report just sent, from the "changed after sending" page.
    Addition,
    /// An invitation's link token: the same invite form sent twice gives the same link.
    Invitation,
    /// A new internal note.
    Note,
}

impl FormPurpose {
    fn label(self) -> &'static [u8] {
        match self {
            FormPurpose::ReporterMessage => b"reporter message",
            FormPurpose::ReporterFiles => b"reporter files",
            FormPurpose::StaffMessage => b"staff message",
            FormPurpose::NewAccount => b"new account",
            FormPurpose::Addition => b"addition",
            FormPurpose::Invitation => b"invitation",
            FormPurpose::Note => b"note",
        }
    }
}

impl Refuge {
    /// A token for one rendering of a form.
    pub fn issue_form_token(&self) -> String {
        let hour = u32::try_from(self.now().div_euclid(3600)).unwrap_or(0);
        let mut bytes = [0u8; TOKEN_BYTES];
        bytes[0] = VERSION;
        bytes[1..5].copy_from_slice(&hour.to_be_bytes());
        bytes[5..SIGNED_BYTES].copy_from_slice(&random::bytes::<NONCE_BYTES>());
        let tag = random::mac(&self.secrets.form_key, &bytes[..SIGNED_BYTES]);
        bytes[SIGNED_BYTES..].copy_from_slice(&tag[..TAG_BYTES]);
        hex::encode(bytes)
    }

    /// A pre-session value for a sign-in form (security review L2): sent both in a
    /// SameSite=Strict cookie and in the form, so a sign-in posted from another site — which
    /// can set neither — is told apart even by a browser without Fetch Metadata.
    pub fn issue_pre_session(&self) -> String {
        hex::encode(random::bytes::<16>())
    }

    /// Whether a sign-in form's pre-session field is the browser's cookie.
    pub fn pre_session_matches(cookie: &str, field: &str) -> bool {
        cookie.len() == 32
            && cookie.bytes().all(|b| b.is_ascii_hexdigit())
            && random::constant_time_eq(cookie.as_bytes(), field.trim().as_bytes())
    }

    /// The token in `text` if this instance issued it (any age; see [`FormToken::is_fresh`]).
    pub fn read_form_token(&self, text: &str) -> Option<FormToken> {
        let decoded = hex::decode(text.trim()).ok()?;
        let bytes: [u8; TOKEN_BYTES] = decoded.try_into().ok()?;
        if bytes[0] != VERSION {
            return None;
        }
        let tag = random::mac(&self.secrets.form_key, &bytes[..SIGNED_BYTES]);
        random::constant_time_eq(&tag[..TAG_BYTES], &bytes[SIGNED_BYTES..])
            .then_some(FormToken { bytes })
    }

    /// The id of the `index`-th thing `purpose` creates in `scope` (a report, say) when sent
    /// with `token`: the same every time the same form is sent, unrelated to any other.
    pub(crate) fn form_id(
        &self,
        purpose: FormPurpose,
        scope: &[u8],
        token: &FormToken,
        index: u32,
    ) -> [u8; 16] {
        let mut input = Vec::with_capacity(64 + scope.len());
        input.extend_from_slice(b"refuge form id v1\0");
        input.extend_from_slice(purpose.label());
        input.push(0);
        input.extend_from_slice(scope);
        input.push(0);
        input.extend_from_slice(&token.bytes);
        input.extend_from_slice(&index.to_be_bytes());
        let mac = random::mac(&self.secrets.form_key, &input);
        let mut id = [0u8; 16];
        id.copy_from_slice(&mac[..16]);
        id
    }
}

/// The fewest bits of guessing an API client's own idempotency key must take. A key that finds
/// a replay record is what shows its receipt again (security review M1), so it must be a secret
/// no one can guess; [`Refuge::issue_form_token`] (`POST /api/v1/reports/token`) always is.
pub const CLIENT_KEY_MIN_BITS: f64 = 128.0;

/// A generous estimate of the bits a client-chosen key carries: its length times the bits of the
/// smallest usual alphabet it fits (digits, hexadecimal, a UUID's, letters and digits, base64url,
/// printable ASCII, anything else), and nothing for a key that repeats a few characters. Random
/// hexadecimal of 32 digits, a UUID and 22 base64url characters pass; a counter does not. It is
/// generous (a long phrase passes): what keeps a receipt from someone replaying a key is that a
/// replay must also carry the same content, within the receipt window.
pub fn estimated_bits(key: &str) -> f64 {
    let length = key.chars().count();
    let distinct = key.chars().collect::<std::collections::BTreeSet<_>>().len();
    let fits = |allowed: fn(char) -> bool| key.chars().all(allowed);
    let alphabet: f64 = if fits(|c| c.is_ascii_digit()) {
        10.0
    } else if fits(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
        || fits(|c| c.is_ascii_digit() || ('A'..='F').contains(&c))
    {
        16.0
    } else if fits(|c| c.is_ascii_hexdigit() || c == '-') {
        17.0
    } else if fits(|c| c.is_ascii_digit() || c.is_ascii_lowercase()) {
        36.0
    } else if fits(|c| c.is_ascii_alphanumeric()) {
        62.0
    } else if fits(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        64.0
    } else if fits(|c| c.is_ascii_graphic()) {
        95.0
    } else {
        128.0
    };
    // A long run of few characters is no secret, whatever its length.
    if distinct * 4 < length.min(alphabet as usize) {
        return 0.0;
    }
    length as f64 * alphabet.log2()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guessable_keys_are_told_apart_from_secrets() {
        for weak in [
            "report-0000000001",
            "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk",
            "12345678901234567890123456789012",
        ] {
            assert!(estimated_bits(weak) < CLIENT_KEY_MIN_BITS, "{weak}");
        }
        for strong in [
            "9f86d081884c7d659a2feaa0c55ad015",
            "3f2504e0-4f89-41d3-9a0c-0305e82c3301",
            "Zm9vYmFyYmF6cXV4LXRoaXMt",
        ] {
            assert!(estimated_bits(strong) >= CLIENT_KEY_MIN_BITS, "{strong}");
        }
    }
}
