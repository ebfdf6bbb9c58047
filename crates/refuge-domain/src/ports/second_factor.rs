//! Staff second factors and the sign-in step that asks for one.

use async_trait::async_trait;

use crate::ids::StaffId;
use crate::staff::SecondFactorKind;

use super::{AuditEntry, SessionRecord, StoreResult};

/// A staff member's second factor. Its secret and recovery codes are `sealed` under a key only
/// the member's unwrapped identity gives; the last counter (time step or key counter) accepted
/// is kept in clear, so a code is never taken twice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSecondFactor {
    pub kind: SecondFactorKind,
    pub sealed: Vec<u8>,
    pub last_counter: Option<i64>,
    /// `None` while enrolment waits for its first code.
    pub confirmed_at: Option<i64>,
    pub created_at: i64,
    /// Wrong codes in a row (reset by a right one or a recovery code).
    pub failures: i64,
}

/// A sign-in whose password was right, waiting for the second factor: the identity sealed under
/// a key only the browser's challenge token holds, like a session's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactorChallenge {
    pub staff_id: StaffId,
    pub sealed_identity: Vec<u8>,
    pub created_at: i64,
    pub tries: i64,
}

#[async_trait]
pub trait SecondFactorStore: Send + Sync {
    async fn second_factor(&self, staff: StaffId) -> StoreResult<Option<StoredSecondFactor>>;
    /// Starts an enrolment, replacing one still pending. `Conflict` if a confirmed factor exists
    /// (it must be removed first, with a code).
    async fn put_pending_factor(
        &self,
        staff: StaffId,
        kind: SecondFactorKind,
        sealed: &[u8],
        now: i64,
    ) -> StoreResult<()>;
    /// Confirms the pending enrolment whose secrets are still `sealed` (not restarted
    /// meanwhile), recording the counter of the code that proved it, with its audit row.
    /// `NotFound` if there is no such pending enrolment.
    async fn confirm_factor(
        &self,
        staff: StaffId,
        sealed: &[u8],
        counter: i64,
        now: i64,
        audit: &AuditEntry,
    ) -> StoreResult<()>;
    /// Takes a code's counter as used if it is later than the last one taken, and clears the
    /// wrong codes counted: `false` when another request took this one or a later one first (a
    /// replayed code).
    async fn use_factor_counter(&self, staff: StaffId, counter: i64) -> StoreResult<bool>;
    /// Counts a wrong code; the count of wrong codes in a row after it.
    async fn record_factor_failure(&self, staff: StaffId) -> StoreResult<i64>;
    /// Replaces the sealed secrets (a recovery code used up) if they are still `expected`, and
    /// clears the wrong codes counted: `false` when another request changed them first (the
    /// same code used twice at once).
    async fn reseal_factor(
        &self,
        staff: StaffId,
        expected: &[u8],
        sealed: &[u8],
        audit: &AuditEntry,
    ) -> StoreResult<bool>;
    /// Removes the factor with its audit row — only one still pending when `pending_only` (a
    /// cancelled enrolment must not take a factor confirmed meanwhile). `NotFound` if none.
    async fn remove_factor(
        &self,
        staff: StaffId,
        pending_only: bool,
        audit: &AuditEntry,
    ) -> StoreResult<()>;

    /// Records a sign-in waiting for its second factor; challenges created before
    /// `expired_before` are cleared in the same transaction.
    async fn insert_factor_challenge(
        &self,
        id_hash: &[u8],
        challenge: &FactorChallenge,
        expired_before: i64,
    ) -> StoreResult<()>;
    async fn factor_challenge(&self, id_hash: &[u8]) -> StoreResult<Option<FactorChallenge>>;
    /// Takes one of the challenge's `max` tries, before its code is checked: `false` when they
    /// are used up (or it is gone). One statement, so parallel requests cannot exceed `max`.
    async fn take_challenge_try(&self, id_hash: &[u8], max: i64) -> StoreResult<bool>;
    async fn delete_factor_challenge(&self, id_hash: &[u8]) -> StoreResult<()>;
    /// Consumes the challenge and opens the session, with its audit row, in one transaction.
    /// `NotFound` if the challenge was consumed meanwhile.
    async fn complete_factor_challenge(
        &self,
        id_hash: &[u8],
        session_id_hash: &[u8],
        session: &SessionRecord,
        audit: &AuditEntry,
    ) -> StoreResult<()>;
}
