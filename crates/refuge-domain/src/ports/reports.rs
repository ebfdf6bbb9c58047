//! Reports: the clear fields, the sealed blob they point to, who holds a key, the reporter's
//! access, the inbox, and the replay records that make a submission sent twice count once.

use async_trait::async_trait;

use crate::calendar::{Day, YearMonth};
use crate::case::CaseState;
use crate::ids::{ReportId, StaffId, TeamId};
use crate::inbox::{InboxCursor, InboxQuery};
use crate::report::ReportStatus;
use crate::taxonomy::{Community, Language, Tactic};

use super::{AuditEntry, NewFile, StoreResult};

/// The fields of a report kept in clear for routing and statistics. Everything else is sealed in
/// the blob. The list and its reasons are in `docs/security-model.md`; each is a closed set,
/// typed here and turned into codes only by the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportMeta {
    pub id: ReportId,
    pub received: Day,
    pub status: ReportStatus,
    /// The day the status last changed (shown to the reporter).
    pub status_day: Day,
    pub language: Language,
    pub tactics: Vec<Tactic>,
    /// ISO 3166-1 alpha-2, from the closed list of host countries.
    pub host_country: Option<String>,
    /// A first-level region code of the host country, from the closed list.
    pub host_region: Option<String>,
    /// ISO code from the operator's list of origin states.
    pub origin_state: Option<String>,
    pub occurred_month: Option<YearMonth>,
    pub community: Option<Community>,
    pub consent_statistics: bool,
    /// The case's own clear columns: sub-status, urgency, assignee, recoded tactics, activity.
    pub case: CaseState,
}

/// A change to a case: its clear columns as they are to be, and its sealed card if that
/// changed. Written only if the case is still at the version it was read at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseUpdate {
    pub status: ReportStatus,
    pub status_day: Day,
    /// The day of this change: a sub-status that changes with it counts from it (retention).
    pub changed_on: Day,
    pub case: CaseState,
    /// The case card sealed under the report's case key (`None`: unchanged).
    pub sealed_card: Option<Vec<u8>>,
    /// A referral written with this change (the case marked referred).
    pub referral: Option<super::NewReferral>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewReport {
    pub meta: ReportMeta,
    /// Name of the already durable sealed blob.
    pub blob: String,
    pub recipients: Vec<StaffId>,
    /// The teams routing sent it to (none: routing was not set, and every caseworker may see
    /// it exists).
    pub teams: Vec<TeamId>,
    /// Argon2id of the receipt; the receipt itself is never stored.
    pub receipt_hash: Vec<u8>,
    pub access: ReporterAccess,
    /// Evidence files sent with the report, already durable; committed with it.
    pub files: Vec<NewFile>,
    pub idempotency: IdempotencyRecord,
    /// The report's search document, sealed under its case key in chunks (built from its
    /// content as received: `content_version` 0).
    pub search_chunks: Vec<Vec<u8>>,
    /// The normalised keys of its identifiers, sealed to the correlation key's recipient
    /// (`None`: no correlation key yet; the first correlator who can read it builds the set).
    pub identifier_set: Option<Vec<u8>>,
    /// The reporter's consent as given, sealed to the conversation key (so the reporter can
    /// see and change it on the follow-up page).
    pub sealed_consent: Option<Vec<u8>>,
}

/// The keys of a report's follow-up, kept on the report row. The two identities' secrets are
/// inside the sealed report (so every caseworker who can read it can read the rest); the
/// conversation identity is also sealed under a key derived from the receipt, for the reporter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReporterAccess {
    /// age recipient of the conversation: messages and file descriptions.
    pub conversation_key: String,
    /// age recipient of file contents (staff only: the reporter never downloads files back).
    pub files_key: String,
    /// The conversation identity, sealed under the receipt-derived key.
    pub wrapped_conversation_identity: Vec<u8>,
}

/// Lets a submission sent again be recognised: looked up by a hash of the form's token, with a
/// record sealed under a key derived from that token (which content was sent, until when its
/// receipt may be shown, and the receipt until then), so the database alone reveals none of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotencyRecord {
    pub lookup: Vec<u8>,
    pub sealed_replay: Vec<u8>,
    pub expires: Day,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InsertOutcome {
    Inserted,
    /// A submission with the same idempotency token won the race; nothing was written.
    DuplicateOf {
        sealed_replay: Vec<u8>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredReport {
    pub meta: ReportMeta,
    pub blob: String,
    pub recipients: Vec<StaffId>,
    /// The teams it was routed to.
    pub teams: Vec<TeamId>,
    /// `None` only for reports stored before follow-up existed.
    pub access: Option<ReporterAccess>,
    /// Counts the changes to the case ([`ReportStore::update_case`]).
    pub case_version: i64,
    /// Labels and deadline, sealed under the report's case key (`None`: none yet).
    pub sealed_card: Option<Vec<u8>>,
    /// Counts additions to what its search document holds (messages, files, notes).
    pub content_version: i64,
    /// The reporter's consent as last changed, sealed to the conversation key (`None`: as
    /// given in the report).
    pub sealed_consent: Option<Vec<u8>>,
}

/// The report a receipt's lookup hash found, and its conversation identity sealed under the
/// receipt-derived key (`None` for reports stored before follow-up existed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptMatch {
    pub report: ReportId,
    pub wrapped_conversation_identity: Option<Vec<u8>>,
}

/// An inbox line: the clear metadata and whether the viewer holds a key to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboxEntry {
    pub meta: ReportMeta,
    pub viewer_can_read: bool,
    /// The reporter wrote or added a file since a caseworker last opened the report.
    pub unread_activity: bool,
    /// The case card, sealed under the report's case key (`None`: none yet).
    pub sealed_card: Option<Vec<u8>>,
    /// The teams it was routed to.
    pub teams: Vec<TeamId>,
    /// Its search document is missing or older than its content (only said of reports the
    /// viewer can read).
    pub search_stale: bool,
    /// Where it sits in the order asked for: pass back to continue after it.
    pub cursor: InboxCursor,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboxPage {
    pub entries: Vec<InboxEntry>,
    /// Pass back to get the next page (`None`: this was the last).
    pub next_cursor: Option<InboxCursor>,
}

#[async_trait]
pub trait ReportStore: Send + Sync {
    /// The report and sealed replay record of a submission, unless expired before `today`.
    async fn idempotency_record(
        &self,
        lookup: &[u8],
        today: Day,
    ) -> StoreResult<Option<(ReportId, Vec<u8>)>>;
    /// Replaces a replay record's sealed content (its receipt dropped once no longer shown).
    async fn reseal_idempotency(&self, lookup: &[u8], sealed_replay: &[u8]) -> StoreResult<()>;
    /// A new report with its files, recipients and replay record, in one transaction.
    async fn insert_report(&self, report: &NewReport) -> StoreResult<InsertOutcome>;
    async fn report(&self, id: ReportId) -> StoreResult<Option<StoredReport>>;
    /// The report whose receipt has this Argon2id lookup hash, in one query (a reporter's
    /// sign-in does the same work whether or not the receipt exists).
    async fn report_by_receipt_hash(
        &self,
        receipt_hash: &[u8],
    ) -> StoreResult<Option<ReceiptMatch>>;
    /// A page of the reports `viewer` may know exist (those sealed to them, those routed to a
    /// team of theirs, and those routed to no team) that pass the query's filters, in its
    /// order.
    async fn inbox(&self, viewer: StaffId, query: &InboxQuery) -> StoreResult<InboxPage>;
    /// A caseworker opened (decrypted) a report: the audit row, and the unread marker
    /// cleared, in one transaction.
    async fn record_report_opened(&self, report: ReportId, audit: &AuditEntry) -> StoreResult<()>;
    /// Points a report at a re-sealed blob with a larger set of recipients (granting access).
    /// Returns the blob it replaced, for the caller to delete.
    /// `Conflict` if the report no longer points at `expected_blob` (a concurrent reseal won).
    async fn reseal_report(
        &self,
        id: ReportId,
        expected_blob: &str,
        new_blob: &str,
        recipients: &[StaffId],
        audit: &AuditEntry,
    ) -> StoreResult<String>;
    /// Changes a case, with its audit rows, in one transaction — if it is still at
    /// `expected_version` (`Conflict` otherwise: a colleague changed it meanwhile; `NotFound`
    /// if there is no such report).
    async fn update_case(
        &self,
        id: ReportId,
        expected_version: i64,
        update: &CaseUpdate,
        audit: &[AuditEntry],
    ) -> StoreResult<()>;
    /// `staff`'s copies of the case keys of `reports`, where they have one.
    async fn case_keys(
        &self,
        staff: StaffId,
        reports: &[ReportId],
    ) -> StoreResult<Vec<(ReportId, Vec<u8>)>>;
    /// Keeps `staff`'s copies of reports' case keys, in one transaction (a second copy of one
    /// already kept is ignored).
    async fn insert_case_keys(
        &self,
        staff: StaffId,
        keys: &[(ReportId, Vec<u8>)],
    ) -> StoreResult<()>;
    /// Every report's id, oldest first (the recovery key's grant walks them all).
    async fn all_report_ids(&self) -> StoreResult<Vec<ReportId>>;
    /// Reports that `holder` can read and `grantee` cannot.
    async fn reports_to_share(
        &self,
        holder: StaffId,
        grantee: StaffId,
    ) -> StoreResult<Vec<ReportId>>;
}
