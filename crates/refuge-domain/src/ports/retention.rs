//! Retention: reading the clear columns the rules look at, and deleting whole reports.

use async_trait::async_trait;

use crate::calendar::Day;
use crate::ids::ReportId;
use crate::retention::RetentionFacts;

use super::{AuditEntry, StoreResult};

#[async_trait]
pub trait RetentionStore: Send + Sync {
    /// Reports whose status last changed on or before `status_before`, or that arrived on or
    /// before `received_before` (`None`: that rule is off): clear columns only.
    async fn retention_facts(
        &self,
        status_before: Option<Day>,
        received_before: Option<Day>,
    ) -> StoreResult<Vec<RetentionFacts>>;
    /// Deletes the reports — each given with the case version the rules judged, and skipped if
    /// its case changed since — with everything that belongs to them: messages, files and their
    /// sealed blobs, notes, case card and keys, search documents, team routing, reporter
    /// sessions, receipt lookups; and the audit row that counts them, in one transaction: a
    /// report is there whole or not at all. How many were deleted.
    async fn purge_reports(
        &self,
        reports: &[(ReportId, i64)],
        audit: &AuditEntry,
    ) -> StoreResult<u64>;
    /// After a purge, leaves as little of the deleted rows readable as the engine allows
    /// (SQLite: the write-ahead log checkpointed into the database, whose freed pages
    /// `secure_delete` zeroed, and truncated; PostgreSQL: `VACUUM` of the touched tables).
    /// `false` when SQLite's readers kept the checkpoint from completing (it completes at a
    /// later checkpoint).
    async fn compact_after_purge(&self) -> StoreResult<bool>;
}
