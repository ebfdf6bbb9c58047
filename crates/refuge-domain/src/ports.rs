//! The storage ports. `refuge-store` implements them on SQLite and PostgreSQL; everything else sees
//! only these traits. Protected fields cross this boundary as ciphertext and hashes only.
//!
//! Each method that changes data is one transaction, its audit row included.

use async_trait::async_trait;

use crate::audit::AuditAction;
use crate::calendar::Day;
use crate::ids::{FileId, MessageId, ReportId, StaffId};
use crate::staff::Role;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("already exists")]
    Conflict,
    #[error("not found")]
    NotFound,
    /// The database could not be reached or refused the operation. Detail is for the log only.
    #[error("storage failure: {0}")]
    Unavailable(String),
}

pub type StoreResult<T> = Result<T, StoreError>;

/// An entry of the audit log: who did what to which subject, and when (seconds; staff actions
/// only, never a reporter's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub at: i64,
    pub actor: Option<StaffId>,
    pub action: AuditAction,
    pub subject: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffRecord {
    pub id: StaffId,
    pub username: String,
    pub role: Role,
    /// age X25519 recipient (`age1…`).
    pub public_key: String,
    /// The age identity, sealed with a key derived from the password (see `refuge-crypto`).
    pub wrapped_identity: Vec<u8>,
    /// Whether intake encrypts new reports to this person.
    pub receives_reports: bool,
    pub disabled: bool,
    pub created_at: i64,
}

/// Failed-login bookkeeping, keyed by a hash of the username whether or not the account exists,
/// so throttling cannot be used to learn which accounts exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LoginThrottle {
    pub failures: i64,
    pub last_failure_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    pub staff_id: StaffId,
    /// The staff identity sealed with the session key, which only the session's cookie holds.
    pub sealed_identity: Vec<u8>,
    pub created_at: i64,
    pub last_seen_at: i64,
}

/// The fields of a report kept in clear for routing and statistics. Everything else is sealed in
/// the blob. The list and its reasons are in `docs/security-model.md`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportMeta {
    pub id: ReportId,
    pub received: Day,
    pub status: String,
    /// The day the status last changed (shown to the reporter).
    pub status_day: Day,
    pub language: String,
    pub tactics: Vec<String>,
    pub host_country: Option<String>,
    pub host_region: Option<String>,
    pub origin_state: Option<String>,
    pub occurred_month: Option<String>,
    pub community: Option<String>,
    pub consent_statistics: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewReport {
    pub meta: ReportMeta,
    /// Name of the already durable sealed blob.
    pub blob: String,
    pub recipients: Vec<StaffId>,
    /// Argon2id of the receipt; the receipt itself is never stored.
    pub receipt_hash: Vec<u8>,
    pub access: ReporterAccess,
    /// Evidence files sent with the report, already durable; committed with it.
    pub files: Vec<NewFile>,
    pub idempotency: IdempotencyRecord,
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

pub type StoredFile = NewFile;

/// A reporter's session: the conversation identity sealed under a key only the cookie holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReporterSessionRecord {
    pub report_id: ReportId,
    /// The conversation identity and the session's start and last request, sealed under the
    /// key only the session's cookie holds: the database says nothing of when (security
    /// review H2).
    pub sealed_state: Vec<u8>,
    /// The first day on which the row is certainly dead and may be deleted.
    pub purge_day: Day,
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

/// Where rows stop meaning anything, for [`Store::purge_expired`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Expiry {
    /// Replay records that expired before this day, and reporters' sessions whose purge day
    /// has come.
    pub today: Day,
    /// Staff sessions last seen before this, or begun before `staff_begun_before`.
    pub staff_seen_before: i64,
    pub staff_begun_before: i64,
    /// Set-up tokens and throttle rows that no longer weigh on anything.
    pub now: i64,
    pub throttle_failed_before: i64,
}

/// An invitation waiting to be used: who it is for, with which role, from whom, until when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitation {
    pub username: String,
    pub role: Role,
    pub invited_by: StaffId,
    pub expires_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredReport {
    pub meta: ReportMeta,
    pub blob: String,
    pub recipients: Vec<StaffId>,
    /// `None` only for reports stored before follow-up existed.
    pub access: Option<ReporterAccess>,
}

/// An inbox line: the clear metadata and whether the viewer holds a key to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboxEntry {
    pub meta: ReportMeta,
    pub viewer_can_read: bool,
    /// The reporter wrote or added a file since a caseworker last opened the report.
    pub unread_activity: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboxPage {
    pub entries: Vec<InboxEntry>,
    /// Pass back to get the next (older) page.
    pub next_cursor: Option<i64>,
}

#[async_trait]
pub trait Store: Send + Sync {
    /// Returns the named instance secret, storing `candidate` first if there is none yet. Every app
    /// server sharing the database gets the same value.
    async fn instance_secret(&self, name: &str, candidate: &[u8]) -> StoreResult<Vec<u8>>;

    async fn count_staff(&self) -> StoreResult<u64>;
    /// Fails with `Conflict` if the username is taken.
    async fn insert_staff(&self, staff: &StaffRecord, audit: &AuditEntry) -> StoreResult<()>;
    async fn staff_by_username(&self, username: &str) -> StoreResult<Option<StaffRecord>>;
    async fn staff_by_id(&self, id: StaffId) -> StoreResult<Option<StaffRecord>>;
    async fn list_staff(&self) -> StoreResult<Vec<StaffRecord>>;
    /// An account's open sessions: (id hash, began, last request), newest first.
    async fn sessions_of(&self, staff: StaffId) -> StoreResult<Vec<(Vec<u8>, i64, i64)>>;
    /// Ends one of an account's sessions, with its audit row. `NotFound` unless it is theirs.
    async fn end_session_of(
        &self,
        staff: StaffId,
        id_hash: &[u8],
        audit: &AuditEntry,
    ) -> StoreResult<()>;
    /// The newest audit entries whose action is one of `actions`, newest first.
    async fn audit_entries(
        &self,
        actions: &[AuditAction],
        limit: u32,
    ) -> StoreResult<Vec<AuditEntry>>;
    /// The public keys intake encrypts to: enabled staff marked as receiving reports.
    async fn intake_recipients(&self) -> StoreResult<Vec<StaffRecord>>;
    /// A new password's wrapping of the key; every other session of the account ends in the same
    /// transaction (a stolen cookie does not outlive the natural remedy), `keep_session` stays.
    async fn update_wrapped_identity(
        &self,
        id: StaffId,
        wrapped: &[u8],
        keep_session: &[u8],
        audit: &AuditEntry,
    ) -> StoreResult<()>;
    /// Replaces an account's wrapped identity with the same identity wrapped again (at the
    /// current cost), only if it is still `expected`: a password changed meanwhile wins.
    /// Sessions are untouched. Whether it was replaced.
    async fn rewrap_identity(
        &self,
        id: StaffId,
        expected: &[u8],
        wrapped: &[u8],
    ) -> StoreResult<bool>;
    /// Records an invitation with its audit row, in one transaction. `Conflict` if the
    /// username has an account or a pending invitation (expired ones are cleared first).
    async fn insert_invitation(
        &self,
        token_hash: &[u8],
        invitation: &Invitation,
        now: i64,
        audit: &AuditEntry,
    ) -> StoreResult<()>;
    /// The invitation a token opens, if it is still pending at `now`.
    async fn invitation(&self, token_hash: &[u8], now: i64) -> StoreResult<Option<Invitation>>;
    /// Pending invitations, by username.
    async fn pending_invitations(&self, now: i64) -> StoreResult<Vec<Invitation>>;
    /// Uses an invitation: consumes it and creates the account, with its audit row, in one
    /// transaction. `NotFound` if it is used, withdrawn or expired; `Conflict` if the username
    /// was taken meanwhile.
    async fn accept_invitation(
        &self,
        token_hash: &[u8],
        now: i64,
        account: &StaffRecord,
        audit: &AuditEntry,
    ) -> StoreResult<()>;
    /// Withdraws the pending invitation for `username`, with its audit row. `NotFound` if none.
    async fn withdraw_invitation(&self, username: &str, audit: &AuditEntry) -> StoreResult<()>;
    /// Disables an account and ends all its sessions in one transaction: it stops receiving new
    /// reports and can no longer sign in. `NotFound` if there is no such account.
    async fn disable_staff(&self, id: StaffId, audit: &AuditEntry) -> StoreResult<()>;
    /// Undoes `disable_staff`: the account can sign in again and, if its role receives reports,
    /// new reports are sealed to it again. `NotFound` if there is no such account.
    async fn enable_staff(&self, id: StaffId, audit: &AuditEntry) -> StoreResult<()>;

    async fn login_throttle(&self, username_hash: &[u8]) -> StoreResult<LoginThrottle>;
    /// Counts an attempt before its password is checked, if nobody else counted one since
    /// `seen` was read (compare and swap). `false`: read again and decide again.
    async fn claim_login_attempt(
        &self,
        username_hash: &[u8],
        seen: LoginThrottle,
        at: i64,
    ) -> StoreResult<bool>;
    async fn clear_login_failures(&self, username_hash: &[u8]) -> StoreResult<()>;

    async fn insert_setup_token(&self, token_hash: &[u8], expires_at: i64) -> StoreResult<()>;
    /// Whether a setup token is known and unexpired at `now` (checked before any costly work).
    async fn setup_token_valid(&self, token_hash: &[u8], now: i64) -> StoreResult<bool>;
    /// Consumes a valid setup token and creates the first administrator in one transaction.
    /// `NotFound` if the token is unknown, used or expired, or staff already exist.
    async fn complete_setup(
        &self,
        token_hash: &[u8],
        now: i64,
        admin: &StaffRecord,
        audit: &AuditEntry,
    ) -> StoreResult<()>;

    async fn insert_session(&self, id_hash: &[u8], session: &SessionRecord) -> StoreResult<()>;
    async fn session(&self, id_hash: &[u8]) -> StoreResult<Option<SessionRecord>>;
    async fn touch_session(&self, id_hash: &[u8], at: i64) -> StoreResult<()>;
    async fn delete_session(&self, id_hash: &[u8]) -> StoreResult<()>;

    /// The report and sealed replay record of a submission, unless expired before `today`.
    async fn idempotency_record(
        &self,
        lookup: &[u8],
        today: Day,
    ) -> StoreResult<Option<(ReportId, Vec<u8>)>>;
    /// Replaces a replay record's sealed content (its receipt dropped once no longer shown).
    async fn reseal_idempotency(&self, lookup: &[u8], sealed_replay: &[u8]) -> StoreResult<()>;
    async fn insert_report(&self, report: &NewReport) -> StoreResult<InsertOutcome>;
    async fn report(&self, id: ReportId) -> StoreResult<Option<StoredReport>>;
    /// The report whose receipt has this Argon2id lookup hash, with its sealed conversation
    /// identity, in one query (a reporter's sign-in does the same work whether or not the
    /// receipt exists).
    async fn reporter_key_by_receipt_hash(
        &self,
        receipt_hash: &[u8],
    ) -> StoreResult<Option<(ReportId, Option<Vec<u8>>)>>;
    async fn inbox(
        &self,
        viewer: StaffId,
        limit: u32,
        cursor: Option<i64>,
    ) -> StoreResult<InboxPage>;
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
    /// Reports that `holder` can read and `grantee` cannot.
    async fn reports_to_share(
        &self,
        holder: StaffId,
        grantee: StaffId,
    ) -> StoreResult<Vec<ReportId>>;
    /// Every blob a committed row points to: reports, originals and working copies of files.
    async fn blob_names(&self) -> StoreResult<Vec<String>>;

    /// Adds a message. A reporter's message also marks the report as having unread activity.
    /// `Conflict` if a message with its id exists (the same form sent twice).
    async fn insert_message(&self, message: &NewMessage) -> StoreResult<()>;
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
    async fn reporter_message_counts(&self, report: ReportId, day: Day) -> StoreResult<(i64, i64)>;
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
    /// Clears the unread marker (a caseworker opened the report).
    async fn mark_report_read(&self, report: ReportId) -> StoreResult<()>;

    /// Adds files sent after the report and marks the report as having unread activity (their
    /// bytes were counted against the day as they arrived, [`Store::reserve_upload_bytes`]). `Conflict`, with nothing added, if a file with one of
    /// their ids exists (the same form sent twice).
    async fn insert_files(&self, report: ReportId, files: &[NewFile]) -> StoreResult<()>;
    /// A report's files, oldest first.
    async fn files(&self, report: ReportId) -> StoreResult<Vec<StoredFile>>;
    /// Bytes of evidence counted against `day` (received, kept or not) and, for `report`, the
    /// bytes of its files.
    async fn upload_usage(&self, day: Day, report: Option<ReportId>) -> StoreResult<(i64, i64)>;
    /// Counts `bytes` more against `day` if the day's total stays within `limit`, in one
    /// statement (security review L3): concurrent uploads cannot all pass a check made before
    /// any of them counted. `false`, counting nothing, if the limit would be passed.
    async fn reserve_upload_bytes(&self, day: Day, bytes: i64, limit: i64) -> StoreResult<bool>;
    /// Gives back bytes reserved for `day` that did not arrive (a file smaller than the block
    /// reserved for it).
    async fn release_upload_bytes(&self, day: Day, bytes: i64) -> StoreResult<()>;

    async fn insert_reporter_session(
        &self,
        id_hash: &[u8],
        session: &ReporterSessionRecord,
    ) -> StoreResult<()>;
    async fn reporter_session(&self, id_hash: &[u8]) -> StoreResult<Option<ReporterSessionRecord>>;
    /// Replaces a session's sealed state (its last request moved on).
    async fn touch_reporter_session(&self, id_hash: &[u8], sealed_state: &[u8]) -> StoreResult<()>;
    async fn delete_reporter_session(&self, id_hash: &[u8]) -> StoreResult<()>;
    /// Deletes, in one transaction, every row that has stopped meaning anything (see
    /// [`Expiry`]): replay records, sessions, set-up tokens and throttle rows. Returns how many.
    /// It also writes a heartbeat, so the database's own modification time is that of this
    /// run, not of the last thing a reporter did.
    async fn purge_expired(&self, expiry: &Expiry) -> StoreResult<u64>;

    async fn append_audit(&self, audit: &AuditEntry) -> StoreResult<()>;
    async fn audit_log(&self, limit: u32) -> StoreResult<Vec<AuditEntry>>;
}

/// Where sealed blobs live. Names are generated by the store; content is always ciphertext.
/// Blocking: run it on the blocking pool.
pub trait BlobStore: Send + Sync {
    /// Writes a new blob durably and returns its name. A failed fsync is `SyncFailed`: the
    /// caller must fail-stop.
    fn put(&self, sealed: &[u8]) -> Result<String, BlobError>;
    /// Starts a blob written in pieces (evidence files are streamed, never held whole).
    fn create(&self) -> Result<Box<dyn BlobWriter>, BlobError>;
    /// Starts a scratch copy: never stored, read back once with
    /// [`BlobWriter::into_scratch`], gone when dropped (a file while it is cleaned).
    fn create_scratch(&self) -> Result<Box<dyn BlobWriter>, BlobError>;
    fn get(&self, name: &str) -> Result<Vec<u8>, BlobError>;
    /// Reads a blob as a stream (downloads of large files).
    fn open(&self, name: &str) -> Result<Box<dyn std::io::Read + Send>, BlobError>;
    fn delete(&self, name: &str) -> Result<(), BlobError>;
    /// Names of stored blobs written at least `seconds` ago (0: all of them). The grace period
    /// protects a blob that another app server has written but not yet pointed a row to.
    fn list_older_than(&self, seconds: u64) -> Result<Vec<String>, BlobError>;
    /// Removes what interrupted writes left: scratch copies and blobs never committed.
    fn remove_temporaries(&self) -> Result<u64, BlobError>;
}

/// A blob being written. Dropped without `commit`, it leaves nothing behind.
pub trait BlobWriter: std::io::Write + Send {
    /// Makes the blob durable and whole, and returns its name.
    fn commit(self: Box<Self>) -> Result<String, BlobError>;
    /// Turns a scratch copy into its one reader ([`BlobStore::create_scratch`]).
    fn into_scratch(self: Box<Self>) -> Result<Box<dyn std::io::Read + Send>, BlobError>;
}

#[derive(Debug, thiserror::Error)]
pub enum BlobError {
    #[error("blob not found")]
    NotFound,
    #[error("could not write blob: {0}")]
    WriteFailed(String),
    #[error("fsync failed: {0}")]
    SyncFailed(String),
}
