//! Evidence files: their rows (the sealed blobs are in the blob store) and the day's upload
//! budget.

use async_trait::async_trait;

use crate::calendar::Day;
use crate::ids::{FileId, ReportId};

use super::StoreResult;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFile {
    pub id: FileId,
    pub added: Day,
    /// Size of the original in bytes (the blob's size reveals it anyway; kept for the limits).
    pub size: i64,
    pub original_blob: String,
    /// The metadata-free working copy, when the format could be cleaned.
    pub clean_blob: Option<String>,
    /// age ciphertext (to staff and the conversation key) of the file's name, type, SHA-256 and
    /// what cleaning removed.
    pub sealed_meta: Vec<u8>,
}

/// A file as stored: the same fields it was written with.
pub type StoredFile = NewFile;

/// Bytes of evidence counted against a day, and held by one report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct UploadUsage {
    /// Received on the day, kept or not.
    pub day_bytes: i64,
    /// The sizes of the report's files.
    pub report_bytes: i64,
}

#[async_trait]
pub trait FileStore: Send + Sync {
    /// Adds files sent after the report and marks the report as having unread activity (their
    /// bytes were counted against the day as they arrived, [`FileStore::reserve_upload_bytes`]).
    /// `Conflict`, with nothing added, if a file with one of their ids exists (the same form
    /// sent twice).
    async fn insert_files(&self, report: ReportId, files: &[NewFile]) -> StoreResult<()>;
    /// A report's files, oldest first.
    async fn files(&self, report: ReportId) -> StoreResult<Vec<StoredFile>>;
    /// Bytes of evidence counted against `day` and, for `report`, the bytes of its files.
    async fn upload_usage(&self, day: Day, report: Option<ReportId>) -> StoreResult<UploadUsage>;
    /// Counts `bytes` more against `day` if the day's total stays within `limit`, in one
    /// statement (security review L3): concurrent uploads cannot all pass a check made before
    /// any of them counted. `false`, counting nothing, if the limit would be passed.
    async fn reserve_upload_bytes(&self, day: Day, bytes: i64, limit: i64) -> StoreResult<bool>;
    /// Gives back bytes reserved for `day` that did not arrive (a file smaller than the block
    /// reserved for it).
    async fn release_upload_bytes(&self, day: Day, bytes: i64) -> StoreResult<()>;
}
