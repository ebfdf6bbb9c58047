//! Sessions: staff (cookie or API token) and reporters (signed in with a receipt).

use async_trait::async_trait;

use crate::calendar::Day;
use crate::ids::{ReportId, StaffId};

use super::{AuditEntry, StoreResult};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    pub staff_id: StaffId,
    /// The staff identity sealed with the session key, which only the session's cookie holds.
    pub sealed_identity: Vec<u8>,
    pub created_at: i64,
    pub last_seen_at: i64,
}

/// One of an account's open sessions, as its owner sees it listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffSessionSummary {
    pub id_hash: Vec<u8>,
    pub created_at: i64,
    pub last_seen_at: i64,
}

/// A reporter's session: the conversation identity sealed under a key only the cookie holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReporterSessionRecord {
    pub report_id: ReportId,
    /// The conversation identity and the session's start and last request, sealed under the
    /// key only the session's cookie holds: the database says nothing of when (security
    /// review H2).
    pub sealed_state: Vec<u8>,
    /// The first day on which the row is certainly dead and may be deleted.
    pub purge_day: Day,
}

#[async_trait]
pub trait SessionStore: Send + Sync {
    /// A staff sign-in: the session and its audit row, in one transaction.
    async fn insert_session(
        &self,
        id_hash: &[u8],
        session: &SessionRecord,
        audit: &AuditEntry,
    ) -> StoreResult<()>;
    async fn session(&self, id_hash: &[u8]) -> StoreResult<Option<SessionRecord>>;
    async fn touch_session(&self, id_hash: &[u8], at: i64) -> StoreResult<()>;
    async fn delete_session(&self, id_hash: &[u8]) -> StoreResult<()>;
    /// An account's open sessions, newest first.
    async fn sessions_of(&self, staff: StaffId) -> StoreResult<Vec<StaffSessionSummary>>;
    /// Ends one of an account's sessions, with its audit row. `NotFound` unless it is theirs.
    async fn end_session_of(
        &self,
        staff: StaffId,
        id_hash: &[u8],
        audit: &AuditEntry,
    ) -> StoreResult<()>;

    async fn insert_reporter_session(
        &self,
        id_hash: &[u8],
        session: &ReporterSessionRecord,
    ) -> StoreResult<()>;
    async fn reporter_session(&self, id_hash: &[u8]) -> StoreResult<Option<ReporterSessionRecord>>;
    /// Replaces a session's sealed state (its last request moved on).
    async fn touch_reporter_session(&self, id_hash: &[u8], sealed_state: &[u8]) -> StoreResult<()>;
    async fn delete_reporter_session(&self, id_hash: &[u8]) -> StoreResult<()>;
}
