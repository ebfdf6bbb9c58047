//! Staff accounts, invitations, first-run set-up and sign-in throttling.

use async_trait::async_trait;

use crate::ids::StaffId;
use crate::staff::Role;

use super::{AuditEntry, StoreResult};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffRecord {
    pub id: StaffId,
    pub username: String,
    pub role: Role,
    /// age X25519 recipient (`age1…`).
    pub public_key: String,
    /// The age identity, sealed with a key derived from the password (see `refuge-crypto`).
    pub wrapped_identity: Vec<u8>,
    /// Whether intake encrypts new reports to this person.
    pub receives_reports: bool,
    pub disabled: bool,
    pub created_at: i64,
}

/// Failed-login bookkeeping, keyed by a hash of the username whether or not the account exists,
/// so throttling cannot be used to learn which accounts exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LoginThrottle {
    pub failures: i64,
    pub last_failure_at: i64,
}

/// An invitation waiting to be used: who it is for, with which role, from whom, until when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitation {
    pub username: String,
    pub role: Role,
    pub invited_by: StaffId,
    pub expires_at: i64,
}

#[async_trait]
pub trait StaffStore: Send + Sync {
    async fn count_staff(&self) -> StoreResult<u64>;
    /// Fails with `Conflict` if the username is taken.
    async fn insert_staff(&self, staff: &StaffRecord, audit: &AuditEntry) -> StoreResult<()>;
    async fn staff_by_username(&self, username: &str) -> StoreResult<Option<StaffRecord>>;
    async fn staff_by_id(&self, id: StaffId) -> StoreResult<Option<StaffRecord>>;
    async fn list_staff(&self) -> StoreResult<Vec<StaffRecord>>;
    /// The public keys intake encrypts to: enabled staff marked as receiving reports.
    async fn intake_recipients(&self) -> StoreResult<Vec<StaffRecord>>;
    /// A new password's wrapping of the key; every other session of the account ends in the same
    /// transaction (a stolen cookie does not outlive the natural remedy), `keep_session` stays.
    async fn update_wrapped_identity(
        &self,
        id: StaffId,
        wrapped: &[u8],
        keep_session: &[u8],
        audit: &AuditEntry,
    ) -> StoreResult<()>;
    /// Replaces an account's wrapped identity with the same identity wrapped again (at the
    /// current cost), only if it is still `expected`: a password changed meanwhile wins.
    /// Sessions are untouched. Whether it was replaced.
    async fn rewrap_identity(
        &self,
        id: StaffId,
        expected: &[u8],
        wrapped: &[u8],
    ) -> StoreResult<bool>;
    /// Disables an account and ends all its sessions in one transaction: it stops receiving new
    /// reports and can no longer sign in. `NotFound` if there is no such account.
    async fn disable_staff(&self, id: StaffId, audit: &AuditEntry) -> StoreResult<()>;
    /// Undoes `disable_staff`: the account can sign in again and, if its role receives reports,
    /// new reports are sealed to it again. `NotFound` if there is no such account.
    async fn enable_staff(&self, id: StaffId, audit: &AuditEntry) -> StoreResult<()>;

    /// Records an invitation with its audit row, in one transaction. `Conflict` if the
    /// username has an account or a pending invitation (expired ones are cleared first).
    async fn insert_invitation(
        &self,
        token_hash: &[u8],
        invitation: &Invitation,
        now: i64,
        audit: &AuditEntry,
    ) -> StoreResult<()>;
    /// The invitation a token opens, if it is still pending at `now`.
    async fn invitation(&self, token_hash: &[u8], now: i64) -> StoreResult<Option<Invitation>>;
    /// Pending invitations, by username.
    async fn pending_invitations(&self, now: i64) -> StoreResult<Vec<Invitation>>;
    /// Uses an invitation: consumes it and creates the account, with its audit row, in one
    /// transaction. `NotFound` if it is used, withdrawn or expired; `Conflict` if the username
    /// was taken meanwhile.
    async fn accept_invitation(
        &self,
        token_hash: &[u8],
        now: i64,
        account: &StaffRecord,
        audit: &AuditEntry,
    ) -> StoreResult<()>;
    /// Withdraws the pending invitation for `username`, with its audit row. `NotFound` if none.
    async fn withdraw_invitation(&self, username: &str, audit: &AuditEntry) -> StoreResult<()>;

    async fn insert_setup_token(&self, token_hash: &[u8], expires_at: i64) -> StoreResult<()>;
    /// Whether a setup token is known and unexpired at `now` (checked before any costly work).
    async fn setup_token_valid(&self, token_hash: &[u8], now: i64) -> StoreResult<bool>;
    /// Consumes a valid setup token and creates the first administrator in one transaction.
    /// `NotFound` if the token is unknown, used or expired, or staff already exist.
    async fn complete_setup(
        &self,
        token_hash: &[u8],
        now: i64,
        admin: &StaffRecord,
        audit: &AuditEntry,
    ) -> StoreResult<()>;

    async fn login_throttle(&self, username_hash: &[u8]) -> StoreResult<LoginThrottle>;
    /// Counts an attempt before its password is checked, if nobody else counted one since
    /// `seen` was read (compare and swap). `false`: read again and decide again.
    async fn claim_login_attempt(
        &self,
        username_hash: &[u8],
        seen: LoginThrottle,
        at: i64,
    ) -> StoreResult<bool>;
    async fn clear_login_failures(&self, username_hash: &[u8]) -> StoreResult<()>;
}
