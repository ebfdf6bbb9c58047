//! Search documents: each report's searchable text, normalised and sealed under its case key in
//! chunks (see `crate::search`). The store never sees a word of it.

use async_trait::async_trait;

use crate::ids::ReportId;

use super::StoreResult;

/// One sealed chunk of a report's search document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealedChunk {
    pub report: ReportId,
    /// Its place in the document, from 0.
    pub chunk: i64,
    pub sealed: Vec<u8>,
}

#[async_trait]
pub trait SearchStore: Send + Sync {
    /// The chunks of the documents of `reports`, ordered by report then chunk, at most `limit`
    /// of them, starting after `after` (the last chunk of the previous call).
    async fn search_chunks(
        &self,
        reports: &[ReportId],
        after: Option<(ReportId, i64)>,
        limit: u32,
    ) -> StoreResult<Vec<SealedChunk>>;
    /// Replaces a report's document with one built from its content at `built_from` (its
    /// `content_version` when the build began), in one transaction — unless the stored one is
    /// as recent already (a colleague's search rebuilt it at the same moment). Returns whether
    /// it was written.
    async fn replace_search_document(
        &self,
        report: ReportId,
        built_from: i64,
        chunks: &[Vec<u8>],
    ) -> StoreResult<bool>;
}
