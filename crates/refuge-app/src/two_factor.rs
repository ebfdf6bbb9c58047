//! Staff second factors: enrolment (an authenticator app or a hardware key), the sign-in step
//! that asks for a code, recovery codes, and the setting that makes a second factor mandatory.
//!
//! SECURITY: the shared secret and the recovery codes are sealed under a key derived from the
//! member's own identity, which exists in clear only inside a signed-in request or a sign-in
//! whose password was right. So the database alone gives neither the secret nor the codes (as
//! with the identity itself). The last counter accepted (a time step, or a hardware key's
//! counter) is kept in clear and only ever moves forward, in one statement, so a code is never
//! taken twice — not even by two requests at once.
//!
//! A sign-in with a second factor is two steps on the web: the password opens a *challenge*
//! (the identity sealed under a key only the browser's challenge cookie holds, five minutes,
//! five tries), and the code completes it into a session. Another factor kind (WebAuthn) would
//! be another way to complete the same challenge. The API takes both in one request.

use refuge_crypto::otp::{self, OtpSecret};
use refuge_crypto::{StaffIdentity, random, seal};
use refuge_domain::ports::{AuditEntry, FactorChallenge, StaffRecord, StoredSecondFactor};
use refuge_domain::staff::SecondFactorKind;
use refuge_domain::{AuditAction, Permission, StaffId};
use zeroize::Zeroizing;

use crate::accounts::NewSession;
use crate::sessions::{StaffSession, parse_session_token};
use crate::{AppError, Refuge};

const FACTOR_KEY_PURPOSE: &[u8] = b"refuge second factor key v1";
const FACTOR_CONTEXT: &[u8] = b"refuge second factor secrets v1";
const CHALLENGE_CONTEXT: &[u8] = b"refuge staff identity sealed for a second-factor challenge v1";
/// How long the code page of a sign-in stays good.
pub const CHALLENGE_LIFETIME_SECONDS: i64 = 300;
/// Codes one challenge takes before the password is asked again.
pub const CHALLENGE_TRIES: i64 = 5;
/// Wrong codes in a row after which codes from the app or key are refused until a recovery
/// code is used or an administrator resets the factor: with the sign-in throttle forgetting
/// after an hour, this is what bounds a slow guesser who knows the password.
pub const FACTOR_LOCK_FAILURES: i64 = 10;
/// The name authenticator apps show beside the account.
const ISSUER: &str = "Refuge";
/// Version byte of the sealed secrets' layout.
const SECRETS_V1: u8 = 1;

/// What enrolment shows, until the first code confirms it: the secret as an `otpauth://`
/// address (the QR code) and in base32 (typed by hand, or programmed into a hardware key), and
/// the recovery codes.
pub struct Enrolment {
    pub kind: SecondFactorKind,
    pub secret_base32: String,
    /// For an authenticator app (`None` for a hardware key, which is programmed, not scanned).
    pub otpauth_uri: Option<String>,
    /// Formatted `xxxxx-xxxxx`.
    pub recovery_codes: Vec<String>,
}

/// A member's second factor, as their account page shows it.
pub struct SecondFactorStatus {
    pub kind: SecondFactorKind,
    /// `None` while enrolment waits for its first code.
    pub confirmed_at: Option<i64>,
    pub recovery_codes_left: usize,
    /// While enrolment waits for its first code: what it shows again (a reload, a wrong code)
    /// — the codes are shown until they are confirmed, never after.
    pub pending: Option<Enrolment>,
}

/// How a sign-in proved its second factor (the audit row says which).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FactorUse {
    Code,
    RecoveryCode { left: usize },
}

/// The result of a password check on the web's sign-in page.
pub enum SignIn {
    Session(NewSession),
    /// The password was right; a code is wanted. The token goes in a short-lived cookie.
    SecondFactor {
        challenge: String,
    },
}

/// The secret and the unused recovery codes, sealed together.
struct FactorSecrets {
    secret: OtpSecret,
    /// Normalised (no dash).
    recovery: Vec<Zeroizing<String>>,
}

impl FactorSecrets {
    fn new() -> Self {
        FactorSecrets {
            secret: OtpSecret::generate(),
            recovery: (0..otp::RECOVERY_CODES)
                .filter_map(|_| otp::normalise_recovery_code(&otp::recovery_code()))
                .map(Zeroizing::new)
                .collect(),
        }
    }

    /// `[1][secret: 20][count: 1][codes: count × 10]`.
    fn encode(&self) -> Zeroizing<Vec<u8>> {
        let mut bytes = Zeroizing::new(vec![SECRETS_V1]);
        bytes.extend_from_slice(self.secret.as_bytes());
        bytes.push(self.recovery.len() as u8);
        for code in &self.recovery {
            bytes.extend_from_slice(code.as_bytes());
        }
        bytes
    }

    fn decode(bytes: &[u8]) -> Option<Self> {
        let (&version, rest) = bytes.split_first()?;
        if version != SECRETS_V1 || rest.len() < otp::SECRET_BYTES + 1 {
            return None;
        }
        let (secret, rest) = rest.split_at(otp::SECRET_BYTES);
        let (&count, codes) = rest.split_first()?;
        if codes.len() != usize::from(count) * otp::RECOVERY_CODE_CHARS {
            return None;
        }
        let recovery = codes
            .chunks(otp::RECOVERY_CODE_CHARS)
            .map(|code| {
                std::str::from_utf8(code)
                    .ok()
                    .map(|c| Zeroizing::new(c.to_owned()))
            })
            .collect::<Option<Vec<_>>>()?;
        Some(FactorSecrets {
            secret: OtpSecret::from_bytes(secret).ok()?,
            recovery,
        })
    }

    fn seal(&self, identity: &StaffIdentity) -> Vec<u8> {
        seal::seal(
            &identity.derive_key(FACTOR_KEY_PURPOSE),
            &self.encode(),
            FACTOR_CONTEXT,
        )
    }

    fn open(identity: &StaffIdentity, sealed: &[u8]) -> Result<Self, AppError> {
        let bytes = seal::open(
            &identity.derive_key(FACTOR_KEY_PURPOSE),
            sealed,
            FACTOR_CONTEXT,
        )
        .map_err(|_| AppError::Unavailable("a second factor does not open".into()))?;
        FactorSecrets::decode(&bytes)
            .ok_or_else(|| AppError::Unavailable("a second factor is malformed".into()))
    }

    fn enrolment(&self, kind: SecondFactorKind, account: &str) -> Enrolment {
        Enrolment {
            kind,
            secret_base32: self.secret.base32(),
            otpauth_uri: match kind {
                SecondFactorKind::Totp => self.secret.otpauth_uri(ISSUER, account).ok(),
                SecondFactorKind::Hotp => None,
            },
            recovery_codes: self
                .recovery
                .iter()
                .map(|code| {
                    let half = otp::RECOVERY_CODE_CHARS / 2;
                    format!("{}-{}", &code[..half], &code[half..])
                })
                .collect(),
        }
    }

    /// The counter a one-time code stands for, if it is right and later than `after`.
    fn accept_code(
        &self,
        kind: SecondFactorKind,
        code: &str,
        now: i64,
        after: Option<i64>,
    ) -> Option<i64> {
        let after = after.and_then(|a| u64::try_from(a).ok());
        let counter = match kind {
            SecondFactorKind::Totp => self.secret.accept_time_code(code, now, after),
            SecondFactorKind::Hotp => self.secret.accept_counter_code(code, after),
        }?;
        i64::try_from(counter).ok()
    }

    /// Which recovery code `typed` is, if any (each compared in constant time).
    fn recovery_index(&self, typed: &str) -> Option<usize> {
        let typed = otp::normalise_recovery_code(typed)?;
        let mut found = None;
        for (index, code) in self.recovery.iter().enumerate() {
            if random::constant_time_eq(code.as_bytes(), typed.as_bytes()) {
                found = Some(index);
            }
        }
        found
    }
}

impl Refuge {
    /// The signed-in member's second factor, confirmed or waiting for its first code.
    pub async fn second_factor_status(
        &self,
        session: &StaffSession,
    ) -> Result<Option<SecondFactorStatus>, AppError> {
        let Some(stored) = self.store.second_factor(session.staff.id).await? else {
            return Ok(None);
        };
        let secrets = FactorSecrets::open(&session.identity, &stored.sealed)?;
        Ok(Some(SecondFactorStatus {
            kind: stored.kind,
            confirmed_at: stored.confirmed_at,
            recovery_codes_left: secrets.recovery.len(),
            pending: stored
                .confirmed_at
                .is_none()
                .then(|| secrets.enrolment(stored.kind, &session.staff.username)),
        }))
    }

    /// Starts enrolment: a new secret and ten recovery codes, kept sealed until the first code
    /// confirms them. Starting again replaces a pending enrolment; `Conflict` if a confirmed
    /// factor exists (remove it first).
    pub async fn begin_second_factor(
        &self,
        session: &StaffSession,
        kind: SecondFactorKind,
    ) -> Result<Enrolment, AppError> {
        let secrets = FactorSecrets::new();
        self.store
            .put_pending_factor(
                session.staff.id,
                kind,
                &secrets.seal(&session.identity),
                self.now(),
            )
            .await?;
        Ok(secrets.enrolment(kind, &session.staff.username))
    }

    /// Confirms enrolment with a first code from the app or key. `SecondFactorInvalid` for a
    /// wrong code; `NotFound` if nothing is pending.
    pub async fn confirm_second_factor(
        &self,
        session: &StaffSession,
        code: &str,
    ) -> Result<(), AppError> {
        let stored = self
            .store
            .second_factor(session.staff.id)
            .await?
            .filter(|s| s.confirmed_at.is_none())
            .ok_or(AppError::NotFound)?;
        let secrets = FactorSecrets::open(&session.identity, &stored.sealed)?;
        let now = self.now();
        let counter = secrets
            .accept_code(stored.kind, code, now, None)
            .ok_or(AppError::SecondFactorInvalid)?;
        let audit = AuditEntry {
            at: now,
            actor: Some(session.staff.id),
            action: AuditAction::TwoFactorEnabled,
            report: None,
            subject: format!("{} kind={}", session.staff.username, stored.kind.code()),
        };
        self.store
            .confirm_factor(session.staff.id, &stored.sealed, counter, now, &audit)
            .await?;
        Ok(())
    }

    /// Turns the member's own second factor off. A confirmed one needs a current code (or a
    /// recovery code), counted like a sign-in attempt: a borrowed, signed-in browser cannot
    /// quietly remove it, nor guess at leisure. A pending enrolment is cancelled without one.
    /// Refused while the instance makes a second factor mandatory. Whether it was a confirmed
    /// factor (not an enrolment cancelled).
    pub async fn remove_second_factor(
        &self,
        session: &StaffSession,
        code: &str,
    ) -> Result<bool, AppError> {
        let stored = self
            .store
            .second_factor(session.staff.id)
            .await?
            .ok_or(AppError::NotFound)?;
        let confirmed = stored.confirmed_at.is_some();
        if confirmed {
            if self.settings.require_second_factor {
                return Err(AppError::Forbidden);
            }
            let throttle_key = self
                .reserve_sign_in_attempt(&session.staff.username, None)
                .await?;
            match self
                .check_second_factor(&session.staff, &session.identity, &stored, code)
                .await
            {
                Ok(_) => self.store.clear_login_failures(&throttle_key).await?,
                Err(error @ (AppError::SecondFactorInvalid | AppError::SecondFactorLocked)) => {
                    self.second_factor_failed(&session.staff).await?;
                    return Err(error);
                }
                Err(other) => return Err(other),
            }
        }
        let audit = AuditEntry {
            at: self.now(),
            actor: Some(session.staff.id),
            action: AuditAction::TwoFactorRemoved,
            report: None,
            subject: format!(
                "{} kind={}{}",
                session.staff.username,
                stored.kind.code(),
                if confirmed { "" } else { " pending=true" }
            ),
        };
        self.store
            .remove_factor(session.staff.id, !confirmed, &audit)
            .await?;
        Ok(confirmed)
    }

    /// An administrator removes a colleague's second factor (a lost phone, no recovery codes
    /// left). Their sessions stay; their next sign-in asks for a new enrolment if the instance
    /// requires one.
    pub async fn reset_second_factor(
        &self,
        session: &StaffSession,
        staff: StaffId,
    ) -> Result<(), AppError> {
        session.require(Permission::ManageStaff)?;
        // One's own factor comes off with a code (`remove_second_factor`), never without.
        if staff == session.staff.id {
            return Err(AppError::Forbidden);
        }
        let member = self
            .store
            .staff_by_id(staff)
            .await?
            .ok_or(AppError::NotFound)?;
        let audit = AuditEntry {
            at: self.now(),
            actor: Some(session.staff.id),
            action: AuditAction::TwoFactorRemoved,
            report: None,
            subject: format!("{} reset_by_admin=true", member.username),
        };
        self.store.remove_factor(staff, false, &audit).await?;
        Ok(())
    }

    /// Whether a staff member has a confirmed second factor (for the staff list).
    pub async fn has_second_factor(&self, staff: StaffId) -> Result<bool, AppError> {
        Ok(self
            .store
            .second_factor(staff)
            .await?
            .is_some_and(|f| f.confirmed_at.is_some()))
    }

    /// The member's confirmed second factor, if any.
    pub(crate) async fn confirmed_factor(
        &self,
        staff: StaffId,
    ) -> Result<Option<StoredSecondFactor>, AppError> {
        Ok(self
            .store
            .second_factor(staff)
            .await?
            .filter(|f| f.confirmed_at.is_some()))
    }

    /// Checks a code (or a recovery code) against a confirmed factor and uses it up:
    /// `SecondFactorInvalid` for a wrong, used or replayed one; `SecondFactorLocked` once
    /// [`FACTOR_LOCK_FAILURES`] wrong codes came in a row (then only a recovery code opens it).
    async fn check_second_factor(
        &self,
        staff: &StaffRecord,
        identity: &StaffIdentity,
        stored: &StoredSecondFactor,
        typed: &str,
    ) -> Result<FactorUse, AppError> {
        let secrets = FactorSecrets::open(identity, &stored.sealed)?;
        let now = self.now();
        let locked = stored.failures >= FACTOR_LOCK_FAILURES;
        if !locked
            && let Some(counter) = secrets.accept_code(stored.kind, typed, now, stored.last_counter)
        {
            return if self.store.use_factor_counter(staff.id, counter).await? {
                Ok(FactorUse::Code)
            } else {
                Err(AppError::SecondFactorInvalid)
            };
        }
        let Some(index) = secrets.recovery_index(typed) else {
            let failures = self.store.record_factor_failure(staff.id).await?;
            return Err(if locked || failures >= FACTOR_LOCK_FAILURES {
                AppError::SecondFactorLocked
            } else {
                AppError::SecondFactorInvalid
            });
        };
        let mut remaining = secrets;
        remaining.recovery.remove(index);
        let left = remaining.recovery.len();
        let audit = AuditEntry {
            at: now,
            actor: Some(staff.id),
            action: AuditAction::RecoveryCodeUsed,
            report: None,
            subject: format!("{} left={left}", staff.username),
        };
        // Only if nobody used a code meanwhile: the same recovery code twice at once
        // succeeds once.
        if self
            .store
            .reseal_factor(staff.id, &stored.sealed, &remaining.seal(identity), &audit)
            .await?
        {
            Ok(FactorUse::RecoveryCode { left })
        } else {
            Err(AppError::SecondFactorInvalid)
        }
    }

    /// The second step of a sign-in for an account with a factor, when the code came with the
    /// password (the API): `SecondFactorRequired` if none came.
    pub(crate) async fn second_factor_at_sign_in(
        &self,
        account: &StaffRecord,
        identity_secret: &[u8],
        stored: &StoredSecondFactor,
        typed: Option<&str>,
    ) -> Result<String, AppError> {
        let typed = typed
            .filter(|t| !t.trim().is_empty())
            .ok_or(AppError::SecondFactorRequired)?;
        let identity = StaffIdentity::from_secret_bytes(identity_secret)
            .map_err(|_| AppError::Unavailable("an identity does not open".into()))?;
        let used = self
            .check_second_factor(account, &identity, stored, typed)
            .await?;
        Ok(login_subject(account, used))
    }

    /// Opens a challenge for a sign-in whose password was right: the token for the code page.
    pub(crate) async fn open_factor_challenge(
        &self,
        account: &StaffRecord,
        identity_secret: &[u8],
    ) -> Result<String, AppError> {
        let now = self.now();
        let id = random::bytes::<16>();
        let key = Zeroizing::new(random::bytes::<32>());
        self.store
            .insert_factor_challenge(
                &challenge_id_hash(&id),
                &FactorChallenge {
                    staff_id: account.id,
                    sealed_identity: seal::seal(&key, identity_secret, CHALLENGE_CONTEXT),
                    created_at: now,
                    tries: 0,
                },
                now - CHALLENGE_LIFETIME_SECONDS,
            )
            .await?;
        let mut token = id.to_vec();
        token.extend_from_slice(key.as_ref());
        Ok(hex::encode(token))
    }

    /// Whether a challenge token still stands for a sign-in waiting for its code (the code page
    /// is shown only then).
    pub async fn factor_challenge_is_open(&self, token: &str) -> Result<bool, AppError> {
        let Ok((id, _)) = parse_session_token(token) else {
            return Ok(false);
        };
        Ok(self
            .store
            .factor_challenge(&challenge_id_hash(&id))
            .await?
            .is_some_and(|c| self.now() - c.created_at <= CHALLENGE_LIFETIME_SECONDS))
    }

    /// The code page's answer: completes the sign-in into a session. `Unauthenticated` when the
    /// challenge is gone (expired, used, five wrong codes: sign in again); `SecondFactorInvalid`
    /// for a wrong code; `Throttled` as for passwords (the attempt counts on the same key).
    pub async fn complete_sign_in(
        &self,
        token: &str,
        typed: &str,
        device: Option<&str>,
    ) -> Result<NewSession, AppError> {
        let (id, key) = parse_session_token(token)?;
        let id_hash = challenge_id_hash(&id);
        let challenge = self
            .store
            .factor_challenge(&id_hash)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        let now = self.now();
        if now - challenge.created_at > CHALLENGE_LIFETIME_SECONDS {
            self.store.delete_factor_challenge(&id_hash).await?;
            return Err(AppError::Unauthenticated);
        }
        let Some(account) = self
            .store
            .staff_by_id(challenge.staff_id)
            .await?
            .filter(|s| !s.disabled)
        else {
            self.store.delete_factor_challenge(&id_hash).await?;
            return Err(AppError::Unauthenticated);
        };
        let throttle_key = self
            .reserve_sign_in_attempt(&account.username, device)
            .await?;
        // A try is taken before the code is checked, in one statement: parallel requests cannot
        // get more than the five.
        if !self
            .store
            .take_challenge_try(&id_hash, CHALLENGE_TRIES)
            .await?
        {
            self.store.delete_factor_challenge(&id_hash).await?;
            return Err(AppError::Unauthenticated);
        }
        let secret = seal::open(&key, &challenge.sealed_identity, CHALLENGE_CONTEXT)
            .map_err(|_| AppError::Unauthenticated)?;
        let identity =
            StaffIdentity::from_secret_bytes(&secret).map_err(|_| AppError::Unauthenticated)?;
        let stored = self
            .confirmed_factor(account.id)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        let used = match self
            .check_second_factor(&account, &identity, &stored, typed)
            .await
        {
            Ok(used) => used,
            Err(error @ (AppError::SecondFactorInvalid | AppError::SecondFactorLocked)) => {
                self.second_factor_failed(&account).await?;
                return Err(error);
            }
            Err(other) => return Err(other),
        };
        self.store.clear_login_failures(&throttle_key).await?;
        let opening = self.session_opening(&account, &secret, login_subject(&account, used));
        self.store
            .complete_factor_challenge(
                &id_hash,
                &opening.id_hash(),
                &opening.record,
                &opening.audit,
            )
            .await
            // Completed by another request with the same cookie meanwhile.
            .map_err(|e| match e {
                refuge_domain::ports::StoreError::NotFound => AppError::Unauthenticated,
                other => other.into(),
            })?;
        Ok(self.new_session(&opening, account))
    }
}

fn challenge_id_hash(id: &[u8]) -> [u8; 32] {
    random::sha256(&[b"refuge second-factor challenge v1", id])
}

/// The sign-in's audit subject: the account, and how its second factor was proved.
fn login_subject(account: &StaffRecord, used: FactorUse) -> String {
    match used {
        FactorUse::Code => format!("{} second_factor=code", account.username),
        FactorUse::RecoveryCode { left } => {
            format!(
                "{} second_factor=recovery_code left={left}",
                account.username
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_secrets_round_trip_and_refuse_other_layouts() {
        let secrets = FactorSecrets::new();
        assert_eq!(secrets.recovery.len(), otp::RECOVERY_CODES);
        let decoded = FactorSecrets::decode(&secrets.encode()).unwrap();
        assert_eq!(decoded.secret.as_bytes(), secrets.secret.as_bytes());
        assert_eq!(decoded.recovery.len(), otp::RECOVERY_CODES);
        let mut bad = secrets.encode().to_vec();
        bad.pop();
        assert!(FactorSecrets::decode(&bad).is_none());
        bad[0] = 9;
        assert!(FactorSecrets::decode(&bad).is_none());
    }

    #[test]
    fn each_recovery_code_is_found_as_typed() {
        let secrets = FactorSecrets::new();
        let shown = secrets.enrolment(SecondFactorKind::Hotp, "amina");
        assert!(shown.otpauth_uri.is_none());
        for (index, code) in shown.recovery_codes.iter().enumerate() {
            assert_eq!(secrets.recovery_index(&code.to_uppercase()), Some(index));
        }
        assert_eq!(secrets.recovery_index("abcde-fghjk"), None);
    }
}
