//! The audit log: who did what, to which report or account, and when.

use async_trait::async_trait;

use crate::audit::AuditAction;
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
}
