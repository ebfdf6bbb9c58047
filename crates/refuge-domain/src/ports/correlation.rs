//! Correlation: the correlation key sealed to the staff who may correlate, each report's
//! identifier set (the normalised keys of its identifiers, sealed), and the keyed blind index
//! of truncated tags that finds candidate reports. The store sees ciphertext and short tags
//! only; what a tag still reveals is in `docs/security-model.md`.

use async_trait::async_trait;

use crate::ids::{ReportId, StaffId};

use super::{AuditEntry, StoreResult};

/// A report's identifier set as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredIdentifierSet {
    pub report: ReportId,
    /// `None`: the report has no set yet (it came before correlation existed, or before the
    /// correlation key did); someone who can read it builds one.
    pub sealed: Option<Vec<u8>>,
    /// Sealed to the correlation key's age recipient at intake and not yet in the index
    /// (`false`), or sealed under the key's set key and indexed (`true`).
    pub indexed: bool,
    /// Counts rewrites: an indexing writes only if no other did meanwhile.
    pub version: i64,
}

/// A set indexed: its new sealed form and its tags, written if the set is still at
/// `expected_version`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexedSet {
    pub report: ReportId,
    pub expected_version: i64,
    pub sealed: Vec<u8>,
    pub tags: Vec<i64>,
}

#[async_trait]
pub trait CorrelationStore: Send + Sync {
    /// The correlation key's age recipient, if it was made.
    async fn correlation_recipient(&self) -> StoreResult<Option<String>>;
    /// Makes the correlation key — its recipient and its first sealed copies — with its audit
    /// row, unless one exists already (then nothing is written and `false` returned: the
    /// other one was made first, on this or another app server).
    async fn create_correlation_key(
        &self,
        recipient: &str,
        grants: &[(StaffId, Vec<u8>)],
        audit: &AuditEntry,
    ) -> StoreResult<bool>;
    /// `staff`'s sealed copy of the correlation key.
    async fn correlation_grant(&self, staff: StaffId) -> StoreResult<Option<Vec<u8>>>;
    /// The members who hold a copy.
    async fn correlation_grantees(&self) -> StoreResult<Vec<StaffId>>;
    /// Keeps more sealed copies (one already kept for a member is left as it is).
    async fn insert_correlation_grants(&self, grants: &[(StaffId, Vec<u8>)]) -> StoreResult<()>;
    /// The copy sealed to the organisation's recovery key, if one was made.
    async fn correlation_recovery_copy(&self) -> StoreResult<Option<(String, Vec<u8>)>>;
    /// Keeps the copy sealed to `recovery_key` (replacing one sealed to an earlier key).
    async fn set_correlation_recovery_copy(
        &self,
        recovery_key: &str,
        sealed: &[u8],
    ) -> StoreResult<()>;
    /// Sets not yet indexed, in report order after `after`, at most `limit`: those sealed at
    /// intake, and those still to be built of reports sealed to `reader`.
    async fn pending_identifier_sets(
        &self,
        after: Option<ReportId>,
        limit: u32,
        reader: Option<StaffId>,
    ) -> StoreResult<Vec<StoredIdentifierSet>>;
    /// One report's set, if it has a row.
    async fn identifier_set(&self, report: ReportId) -> StoreResult<Option<StoredIdentifierSet>>;
    /// How many sets wait that could be indexed now (as `pending_identifier_sets` chooses).
    async fn pending_identifier_count(&self, reader: Option<StaffId>) -> StoreResult<u64>;
    /// The host countries and origin states the reports name (clear columns): where a
    /// number written without its country code can have been read.
    async fn report_regions(&self) -> StoreResult<Vec<String>>;
    /// The day each of `reports` was received.
    async fn report_days(&self, reports: &[ReportId]) -> StoreResult<Vec<(ReportId, crate::Day)>>;
    /// Writes indexed sets and replaces their tags, in one transaction; each only if still at
    /// its expected version. Returns how many were written.
    async fn store_indexed_sets(&self, sets: &[IndexedSet]) -> StoreResult<u64>;
    /// Marks a report's set as needing a rebuild by someone who can read it (its identifiers
    /// changed where the changer could not index: no correlation key yet).
    async fn discard_identifier_set(&self, report: ReportId) -> StoreResult<()>;
    /// Reports with any of `tags` in the index (candidates: a tag stands for many values).
    async fn reports_with_tags(&self, tags: &[i64]) -> StoreResult<Vec<ReportId>>;
    /// The indexed sets of `reports` (those not indexed are left out).
    async fn indexed_sets(&self, reports: &[ReportId]) -> StoreResult<Vec<(ReportId, Vec<u8>)>>;
    /// The indexed sets of every report sealed to `viewer` (for the clusters).
    async fn readable_indexed_sets(&self, viewer: StaffId)
    -> StoreResult<Vec<(ReportId, Vec<u8>)>>;
    /// Which of `reports` are sealed to `viewer`.
    async fn readable_among(
        &self,
        viewer: StaffId,
        reports: &[ReportId],
    ) -> StoreResult<Vec<ReportId>>;
}
