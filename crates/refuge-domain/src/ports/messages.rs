//! The conversation between caseworkers and a reporter.

use async_trait::async_trait;

use crate::calendar::Day;
use crate::ids::{MessageId, ReportId, StaffId};

use super::{AuditEntry, StoreResult};

/// Who wrote a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageAuthor {
    Reporter,
    Staff(StaffId),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMessage {
    pub id: MessageId,
    pub report_id: ReportId,
    pub author: MessageAuthor,
    pub sent: Day,
    /// age ciphertext to the report's staff and its conversation key.
    pub ciphertext: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredMessage {
    pub id: MessageId,
    pub author: MessageAuthor,
    pub sent: Day,
    pub ciphertext: Vec<u8>,
    pub hidden_from_reporter: bool,
}

/// How many messages a reporter wrote on a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReporterMessageCounts {
    pub total: i64,
    pub on_day: i64,
}

#[async_trait]
pub trait MessageStore: Send + Sync {
    /// Adds a message, with `audit` (a staff member's message) in the same transaction. A
    /// reporter's message has no audit row (that would date it) and marks the report as having
    /// unread activity. `Conflict` if a message with its id exists (the same form sent twice).
    async fn insert_message(
        &self,
        message: &NewMessage,
        audit: Option<&AuditEntry>,
    ) -> StoreResult<()>;
    /// A report's messages, oldest first.
    async fn messages(&self, report: ReportId) -> StoreResult<Vec<StoredMessage>>;
    /// How many messages a report has (`reporter_view`: only those the reporter did not hide).
    async fn message_count(&self, report: ReportId, reporter_view: bool) -> StoreResult<i64>;
    /// `limit` of a report's messages, oldest first, from the `offset`-th (`reporter_view`:
    /// only those the reporter did not hide).
    async fn message_page(
        &self,
        report: ReportId,
        reporter_view: bool,
        offset: i64,
        limit: i64,
    ) -> StoreResult<Vec<StoredMessage>>;
    /// How many messages the reporter wrote on `report`, in all and on `day`.
    async fn reporter_message_counts(
        &self,
        report: ReportId,
        day: Day,
    ) -> StoreResult<ReporterMessageCounts>;
    /// Hides a message from the reporter's view, replacing its ciphertext with `resealed` (the
    /// same message sealed away from the conversation key) in the same statement. `NotFound`
    /// unless it belongs to `report`.
    async fn hide_message_from_reporter(
        &self,
        report: ReportId,
        message: MessageId,
        resealed: &[u8],
    ) -> StoreResult<()>;
    /// Replaces a hidden message's ciphertext (a message hidden before hiding re-sealed it,
    /// re-sealed when a caseworker opens the report). `NotFound` unless it is hidden and
    /// belongs to `report`.
    async fn reseal_hidden_message(
        &self,
        report: ReportId,
        message: MessageId,
        resealed: &[u8],
    ) -> StoreResult<()>;
}
