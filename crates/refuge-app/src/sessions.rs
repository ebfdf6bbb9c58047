//! Sessions, staff and reporter alike: the token a browser or API client holds, the sealed
//! identity it unseals, expiry (idle and absolute) and touching, and what a session may do
//! (structure step 1 of the December 2026 code review: one home for sessions, so the
//! workflows do not reach into each other for them).
//!
//! SECURITY: a token is `hex(session id ‖ session key)`. The database keeps a hash of the id and
//! what the key seals; neither the database nor the token alone opens anything. A reporter's
//! session keeps even its times sealed (security review H2).

use refuge_crypto::{StaffIdentity, random, seal};
use refuge_domain::ports::{StaffRecord, StoredReport};
use refuge_domain::{Permission, ReportId};
use zeroize::Zeroizing;

use crate::{AppError, Refuge};

pub(crate) const SESSION_IDENTITY_CONTEXT: &[u8] = b"refuge staff identity sealed for a session v1";

/// Sessions are touched at most this often, to spare the database a write per request.
const TOUCH_INTERVAL_SECONDS: i64 = 60;

/// A signed-in staff member, with their identity unsealed for this request only.
pub struct StaffSession {
    pub staff: StaffRecord,
    pub(crate) identity: StaffIdentity,
    /// Token for the hidden CSRF field of this session's forms.
    pub csrf_token: String,
    pub(crate) id_hash: [u8; 32],
    /// The instance requires a second factor and this member has none yet: every permission is
    /// refused until they enrol one.
    pub must_enrol: bool,
}

/// A session token is `hex(session id ‖ session key)`: 16 bytes that find the session, 32 that
/// unseal its identity. Staff and reporter sessions share the shape.
pub(crate) fn parse_session_token(
    token: &str,
) -> Result<([u8; 16], zeroize::Zeroizing<[u8; 32]>), AppError> {
    let bytes = zeroize::Zeroizing::new(hex::decode(token).map_err(|_| AppError::Unauthenticated)?);
    if bytes.len() != 48 {
        return Err(AppError::Unauthenticated);
    }
    let mut id = [0u8; 16];
    id.copy_from_slice(&bytes[..16]);
    let mut key = zeroize::Zeroizing::new([0u8; 32]);
    key.copy_from_slice(&bytes[16..]);
    Ok((id, key))
}

pub(crate) fn session_id_hash(id: &[u8]) -> [u8; 32] {
    random::sha256(&[b"refuge session id v1", id])
}

pub(crate) fn csrf_token_for(session_key: &[u8]) -> String {
    hex::encode(&random::mac(session_key, b"refuge csrf v1")[..16])
}

impl StaffSession {
    /// `Forbidden` unless this member's role may do `what` (the table is
    /// [`refuge_domain::Role::may`]). Every use case that acts for staff starts with it.
    pub fn require(&self, what: Permission) -> Result<(), AppError> {
        if self.must_enrol {
            return Err(AppError::EnrolmentRequired);
        }
        if self.may(what) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// Whether this member's role may do `what` (for pages deciding what to offer).
    pub fn may(&self, what: Permission) -> bool {
        self.staff.role.may(what)
    }

    /// Whether a report is sealed to this member's key.
    pub(crate) fn holds_key(&self, stored: &StoredReport) -> bool {
        stored.recipients.contains(&self.staff.id)
    }

    /// A second handle on this session, its identity included, for work that outlives the
    /// request (correlation indexing started from it).
    pub(crate) fn duplicate(&self) -> Result<StaffSession, AppError> {
        Ok(StaffSession {
            staff: self.staff.clone(),
            identity: StaffIdentity::from_secret_bytes(&self.identity.to_secret_bytes())
                .map_err(|_| AppError::Unavailable("staff identity".into()))?,
            csrf_token: self.csrf_token.clone(),
            id_hash: self.id_hash,
            must_enrol: self.must_enrol,
        })
    }

    /// Constant-time check of a submitted CSRF field.
    pub fn csrf_matches(&self, submitted: &str) -> bool {
        random::constant_time_eq(self.csrf_token.as_bytes(), submitted.as_bytes())
    }
}

impl Refuge {
    /// Resolves a session token. Expired (idle or absolute), revoked, disabled or malformed
    /// sessions are all simply `Unauthenticated`.
    pub async fn session(&self, token: &str) -> Result<StaffSession, AppError> {
        let (session_id, key) = parse_session_token(token)?;
        let id_hash = session_id_hash(&session_id);
        let record = self
            .store
            .session(&id_hash)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        let now = self.now();
        if now - record.last_seen_at > self.settings.session_idle_seconds
            || now - record.created_at > self.settings.session_absolute_seconds
        {
            self.store.delete_session(&id_hash).await?;
            return Err(AppError::Unauthenticated);
        }
        let Some(staff) = self
            .store
            .staff_by_id(record.staff_id)
            .await?
            .filter(|s| !s.disabled)
        else {
            self.store.delete_session(&id_hash).await?;
            return Err(AppError::Unauthenticated);
        };
        let secret = seal::open(&key, &record.sealed_identity, SESSION_IDENTITY_CONTEXT)
            .map_err(|_| AppError::Unauthenticated)?;
        let identity =
            StaffIdentity::from_secret_bytes(&secret).map_err(|_| AppError::Unauthenticated)?;
        if now - record.last_seen_at >= TOUCH_INTERVAL_SECONDS {
            self.store.touch_session(&id_hash, now).await?;
        }
        let must_enrol =
            self.settings.require_second_factor && self.confirmed_factor(staff.id).await?.is_none();
        Ok(StaffSession {
            staff,
            identity,
            csrf_token: csrf_token_for(key.as_ref()),
            id_hash,
            must_enrol,
        })
    }

    pub async fn log_out(&self, session: &StaffSession) -> Result<(), AppError> {
        self.store.delete_session(&session.id_hash).await?;
        Ok(())
    }
}

const SESSION_STATE_CONTEXT: &[u8] = b"refuge reporter session state sealed for a session v2";

/// A reporter's session ends after this long without a request…
pub const REPORTER_IDLE_SECONDS: i64 = 20 * 60;

/// …and after this long in any case: a shared or seized device should not stay signed in.
pub const REPORTER_ABSOLUTE_SECONDS: i64 = 2 * 60 * 60;

const REPORTER_TOUCH_INTERVAL_SECONDS: i64 = 60;

/// A reporter signed in with their receipt, the conversation identity unsealed for this request.
pub struct ReporterSession {
    pub report_id: ReportId,
    pub(crate) conversation: StaffIdentity,
    pub(crate) id_hash: [u8; 32],
    /// Token for the hidden CSRF field of this session's forms.
    pub csrf_token: String,
}

impl ReporterSession {
    pub fn csrf_matches(&self, submitted: &str) -> bool {
        random::constant_time_eq(self.csrf_token.as_bytes(), submitted.as_bytes())
    }

    pub(crate) fn conversation(&self) -> &StaffIdentity {
        &self.conversation
    }
}

/// What a reporter's session row holds, sealed under the key only its cookie carries: the
/// conversation identity, and when the session began and was last used (so the database says
/// nothing of when a reporter came back: security review H2).
pub(crate) struct SessionState {
    pub(crate) created_at: i64,
    pub(crate) last_seen_at: i64,
    pub(crate) secret: Zeroizing<Vec<u8>>,
}

impl SessionState {
    pub(crate) fn seal(&self, key: &[u8; 32]) -> Vec<u8> {
        let mut plain = Zeroizing::new(Vec::with_capacity(16 + self.secret.len()));
        plain.extend_from_slice(&self.created_at.to_be_bytes());
        plain.extend_from_slice(&self.last_seen_at.to_be_bytes());
        plain.extend_from_slice(&self.secret);
        seal::seal(key, &plain, SESSION_STATE_CONTEXT)
    }

    fn open(key: &[u8; 32], sealed: &[u8]) -> Option<SessionState> {
        let plain = seal::open(key, sealed, SESSION_STATE_CONTEXT).ok()?;
        let created_at = i64::from_be_bytes(plain.get(..8)?.try_into().ok()?);
        let last_seen_at = i64::from_be_bytes(plain.get(8..16)?.try_into().ok()?);
        Some(SessionState {
            created_at,
            last_seen_at,
            secret: Zeroizing::new(plain.get(16..)?.to_vec()),
        })
    }
}

pub(crate) fn reporter_session_id_hash(id: &[u8]) -> [u8; 32] {
    random::sha256(&[b"refuge reporter session id v1", id])
}

impl Refuge {
    /// Resolves a reporter's token; anything expired, ended or malformed is `Unauthenticated`.
    pub async fn reporter_session(&self, token: &str) -> Result<ReporterSession, AppError> {
        let (session_id, key) = parse_session_token(token)?;
        let id_hash = reporter_session_id_hash(&session_id);
        let record = self
            .store
            .reporter_session(&id_hash)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        let now = self.now();
        let Some(mut state) = SessionState::open(&key, &record.sealed_state) else {
            return Err(AppError::Unauthenticated);
        };
        if now - state.last_seen_at > REPORTER_IDLE_SECONDS
            || now - state.created_at > REPORTER_ABSOLUTE_SECONDS
        {
            self.store.delete_reporter_session(&id_hash).await?;
            return Err(AppError::Unauthenticated);
        }
        let conversation = StaffIdentity::from_secret_bytes(&state.secret)
            .map_err(|_| AppError::Unauthenticated)?;
        if now - state.last_seen_at >= REPORTER_TOUCH_INTERVAL_SECONDS {
            state.last_seen_at = now;
            self.store
                .touch_reporter_session(&id_hash, &state.seal(&key))
                .await?;
        }
        Ok(ReporterSession {
            report_id: record.report_id,
            conversation,
            id_hash,
            csrf_token: hex::encode(&random::mac(key.as_ref(), b"refuge reporter csrf v1")[..16]),
        })
    }

    pub async fn reporter_sign_out(&self, session: &ReporterSession) -> Result<(), AppError> {
        Ok(self.store.delete_reporter_session(&session.id_hash).await?)
    }
}
