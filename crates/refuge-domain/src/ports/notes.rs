//! Internal notes: staff's own words on a case. Sealed under the report's case key; each edit is
//! a new version beside the old.

use async_trait::async_trait;

use crate::calendar::Day;
use crate::ids::{NoteId, ReportId, StaffId};

use super::{AuditEntry, StoreResult};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewNote {
    pub id: NoteId,
    /// 1 for a new note; one more than the last for an edit.
    pub version: i64,
    pub report_id: ReportId,
    pub author: StaffId,
    pub written: Day,
    /// The text, sealed under the report's case key.
    pub ciphertext: Vec<u8>,
}

/// A version of a note, as stored.
pub type StoredNote = NewNote;

#[async_trait]
pub trait NoteStore: Send + Sync {
    /// Adds a note or a version of one, with its audit row, in one transaction. `Conflict` if
    /// that version exists (the same form sent twice, or a colleague's edit came first).
    async fn insert_note(&self, note: &NewNote, audit: &AuditEntry) -> StoreResult<()>;
    /// Every version of every note of a report, oldest first.
    async fn notes(&self, report: ReportId) -> StoreResult<Vec<StoredNote>>;
}
