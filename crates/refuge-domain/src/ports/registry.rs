//! The public registry: sources and entries, every version kept. Nothing here is sealed: the
//! registry holds public facts, reviewed before they are shown (the archived copy of a source
//! is sealed like evidence and kept in the blob store, not here).

use async_trait::async_trait;

use crate::calendar::Day;
use crate::ids::{EntryId, SourceId, StaffId};
use crate::registry::{Entry, EntryBody, EntryVersion, Source, SourceArchive};

use super::{AuditEntry, StoreResult};

#[async_trait]
pub trait RegistryStore: Send + Sync {
    /// Every source, oldest first.
    async fn registry_sources(&self) -> StoreResult<Vec<Source>>;
    /// A new source with its audit row (`Conflict` if its reference is taken).
    async fn insert_source(
        &self,
        source: &Source,
        added_by: StaffId,
        audit: &AuditEntry,
    ) -> StoreResult<()>;
    /// Replaces what a source says (`NotFound` if there is no such source).
    async fn update_source(&self, source: &Source, audit: &AuditEntry) -> StoreResult<()>;
    /// The archived copy of a source, if one was kept.
    async fn source_archive(&self, source: SourceId) -> StoreResult<Option<SourceArchive>>;
    /// Every archived copy kept.
    async fn source_archives(&self) -> StoreResult<Vec<SourceArchive>>;
    /// Keeps `archive` as its source's copy and `source` as it now reads (the copy's hash),
    /// with the audit row, in one transaction (`NotFound` if there is no such source). Returns
    /// the blob of the copy it replaced, for the caller to delete once this has committed.
    async fn keep_source_archive(
        &self,
        archive: &SourceArchive,
        source: &Source,
        audit: &AuditEntry,
    ) -> StoreResult<Option<String>>;
    /// Every entry with its published and newest versions.
    async fn registry_entries(&self) -> StoreResult<Vec<Entry>>;
    /// One entry (`None` if there is none).
    async fn registry_entry(&self, id: EntryId) -> StoreResult<Option<Entry>>;
    /// Every version of an entry, oldest first.
    async fn entry_versions(&self, id: EntryId) -> StoreResult<Vec<EntryVersion>>;
    /// A new entry whose first version is a draft (`Conflict` if its reference is taken).
    async fn insert_entry(
        &self,
        id: EntryId,
        reference: Option<&str>,
        body: &EntryBody,
        author: StaffId,
        day: Day,
        audit: &AuditEntry,
    ) -> StoreResult<()>;
    /// A new draft version after `read_version` (`Conflict` if someone wrote one meanwhile,
    /// `NotFound` if there is no such entry). Returns the new version's number.
    async fn add_entry_version(
        &self,
        id: EntryId,
        read_version: u32,
        body: &EntryBody,
        author: StaffId,
        day: Day,
        audit: &AuditEntry,
    ) -> StoreResult<u32>;
    /// Publishes `version`, which must still be the newest (`Conflict` otherwise); a withdrawn
    /// entry published again is public again.
    async fn publish_entry_version(
        &self,
        id: EntryId,
        version: u32,
        publisher: StaffId,
        day: Day,
        audit: &AuditEntry,
    ) -> StoreResult<()>;
    /// Takes a published entry off the public side (`NotFound` if not public).
    async fn withdraw_entry(&self, id: EntryId, day: Day, audit: &AuditEntry) -> StoreResult<()>;
}
