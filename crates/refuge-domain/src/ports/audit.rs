//! The audit log: who did what, to which report or account, and when.

use async_trait::async_trait;

use crate::audit::{AuditAction, ChainedRow};
use crate::ids::{ReportId, StaffId};

use super::StoreResult;

/// An entry of the audit log: who did what to which subject, and when (seconds; staff actions
/// only, never a reporter's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub at: i64,
    pub actor: Option<StaffId>,
    pub action: AuditAction,
    /// The report acted on, if any: a case's history is one lookup.
    pub report: Option<ReportId>,
    /// What else names the subject: an account, a file, a grantee.
    pub subject: String,
}

/// A row of the audit log as read back: its number, what it says, and its hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRecord {
    pub seq: i64,
    pub entry: AuditEntry,
    pub hash: [u8; 32],
}

/// Which rows an audit view asks for, newest first; each `None` is "any".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditQuery {
    pub actor: Option<StaffId>,
    pub report: Option<ReportId>,
    pub action: Option<AuditAction>,
    /// At or after this moment (seconds).
    pub from: Option<i64>,
    /// Before this moment (seconds).
    pub to: Option<i64>,
    /// Rows numbered below this one (the page after one that ended there).
    pub before: Option<i64>,
    pub limit: u32,
}

/// A checkpoint the instance signed: the row the log had reached, its hash, when, and the
/// signed text given to whoever exported it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCheckpoint {
    pub seq: i64,
    pub hash: [u8; 32],
    pub written_at: i64,
    pub signed: String,
}

#[async_trait]
pub trait AuditStore: Send + Sync {
    /// Records an action that changes nothing else (a download). Every change records its own
    /// entry in its own transaction instead.
    async fn append_audit(&self, audit: &AuditEntry) -> StoreResult<()>;
    /// The newest `limit` entries, newest first.
    async fn audit_log(&self, limit: u32) -> StoreResult<Vec<AuditEntry>>;
    /// The newest audit entries whose action is one of `actions`, newest first.
    async fn audit_entries(
        &self,
        actions: &[AuditAction],
        limit: u32,
    ) -> StoreResult<Vec<AuditEntry>>;
    /// A page of the audit view.
    async fn audit_page(&self, query: &AuditQuery) -> StoreResult<Vec<AuditRecord>>;
    /// Up to `limit` rows numbered above `after`, in order, with their hashes (verification).
    async fn audit_chain(&self, after: i64, limit: u32) -> StoreResult<Vec<ChainedRow>>;
    /// The row the log has reached and its hash (`(0, GENESIS)` for an empty log).
    async fn audit_head(&self) -> StoreResult<(i64, [u8; 32])>;
    /// Keeps a signed checkpoint, with the audit row that says one was written.
    async fn insert_checkpoint(
        &self,
        checkpoint: &StoredCheckpoint,
        audit: &AuditEntry,
    ) -> StoreResult<()>;
    /// The checkpoint written last, if any.
    async fn latest_checkpoint(&self) -> StoreResult<Option<StoredCheckpoint>>;
}
