//! What is sealed, and how to open and re-seal it: the sealed report with its key ring, the
//! messages and file descriptions that hang off it, and the one way a sealed blob is written
//! (`Refuge::seal_and_put`). Every workflow (intake, case work, follow-up, evidence) builds on
//! this module and on `sessions`; none of them on another's helpers (structure step 1 of the
//! December 2026 code review).
//!
//! SECURITY: everything here is plaintext once opened. Secrets and free text are wiped on drop,
//! and nothing secret has a `Debug` that prints it.

use refuge_crypto::StaffIdentity;
use refuge_domain::ports::{BlobError, MessageAuthor, StaffRecord, StoredMessage};
use refuge_domain::report::Report;
use refuge_domain::{Day, FileId, MessageId, ReportId};
use refuge_files::FileKind;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::{AppError, Refuge};

/// The sealed document: every submitted field, in a self-describing JSON that opens with the
/// standard `age` tool. Opened, it is plaintext: its free text and keys are wiped when it is
/// dropped, and its `Debug` names only which report it is.
#[derive(Serialize, Deserialize)]
pub struct SealedReport {
    pub format: String,
    pub report_id: String,
    pub received: String,
    pub report: Report,
    /// The report's follow-up keys: whoever can read the report can read its conversation and
    /// files. Absent only in reports stored before follow-up existed.
    #[serde(default)]
    pub keys: Option<ReportKeys>,
    /// The files sent with the report: names, sizes and SHA-256 of what was received.
    #[serde(default)]
    pub files: Vec<FileDescription>,
}

impl Drop for SealedReport {
    fn drop(&mut self) {
        self.report.wipe_free_text();
    }
}

impl std::fmt::Debug for SealedReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SealedReport")
            .field("format", &self.format)
            .field("report_id", &self.report_id)
            .finish_non_exhaustive()
    }
}

/// `AGE-SECRET-KEY-1…` strings of a report's two identities, and its case key; wiped on drop,
/// never printed.
#[derive(Serialize, Deserialize, zeroize::Zeroize, zeroize::ZeroizeOnDrop)]
pub struct ReportKeys {
    pub conversation: String,
    pub files: String,
    /// The case key (64 hexadecimal digits): staff's own record of the case — its card, notes
    /// and search document — is sealed under it, and the reporter never holds it. Absent in
    /// reports stored before case work; given one the first time a caseworker needs it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case: Option<String>,
}

impl std::fmt::Debug for ReportKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ReportKeys(redacted)")
    }
}

pub const SEALED_REPORT_FORMAT: &str = "refuge.report.v1";

/// Which files variant to download.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    /// The working copy without identifying metadata (the default).
    Clean,
    /// The sealed original, exactly as received.
    Original,
}

impl ReportKeys {
    /// The conversation identity (the reporter's side of the follow-up).
    pub(crate) fn conversation(&self) -> Result<StaffIdentity, AppError> {
        StaffIdentity::from_secret_bytes(self.conversation.as_bytes())
            .map_err(|_| AppError::Unavailable("conversation key unreadable".into()))
    }

    /// The files identity (evidence files, and messages the reporter hid).
    pub(crate) fn files(&self) -> Result<StaffIdentity, AppError> {
        StaffIdentity::from_secret_bytes(self.files.as_bytes())
            .map_err(|_| AppError::Unavailable("files key unreadable".into()))
    }

    /// The case key, if the report has one yet.
    pub(crate) fn case_key(&self) -> Result<Option<CaseKey>, AppError> {
        self.case.as_deref().map(CaseKey::from_hex).transpose()
    }
}

/// A report's case key: a symmetric key for what staff keep about the case. Wiped on drop.
pub(crate) struct CaseKey(Zeroizing<[u8; 32]>);

impl CaseKey {
    pub(crate) fn generate() -> CaseKey {
        CaseKey(Zeroizing::new(refuge_crypto::random::bytes::<32>()))
    }

    pub(crate) fn from_bytes(bytes: &[u8]) -> Result<CaseKey, AppError> {
        let mut key = Zeroizing::new([0u8; 32]);
        if bytes.len() != 32 {
            return Err(AppError::Unavailable("case key unreadable".into()));
        }
        key.copy_from_slice(bytes);
        Ok(CaseKey(key))
    }

    fn from_hex(text: &str) -> Result<CaseKey, AppError> {
        let bytes = Zeroizing::new(
            hex::decode(text).map_err(|_| AppError::Unavailable("case key unreadable".into()))?,
        );
        CaseKey::from_bytes(&bytes)
    }

    pub(crate) fn to_hex(&self) -> String {
        hex::encode(&self.0[..])
    }

    pub(crate) fn bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// Seals `plaintext` for `report` under this key; `purpose` tells apart what is sealed
    /// (a card cannot be passed off as a note, nor one report's as another's).
    pub(crate) fn seal(&self, purpose: &[u8], report: ReportId, plaintext: &[u8]) -> Vec<u8> {
        refuge_crypto::seal::seal(&self.0, plaintext, &case_context(purpose, report))
    }

    pub(crate) fn open(
        &self,
        purpose: &[u8],
        report: ReportId,
        sealed: &[u8],
    ) -> Result<Zeroizing<Vec<u8>>, AppError> {
        refuge_crypto::seal::open(&self.0, sealed, &case_context(purpose, report))
            .map_err(|_| AppError::Unavailable("case content did not open".into()))
    }
}

fn case_context(purpose: &[u8], report: ReportId) -> Vec<u8> {
    let mut context = b"refuge case v1 ".to_vec();
    context.extend_from_slice(purpose);
    context.push(0);
    context.extend_from_slice(report.as_bytes());
    context
}

impl SealedReport {
    /// The report's conversation identity; `None` for reports from before follow-up.
    pub(crate) fn conversation_identity(&self) -> Result<Option<StaffIdentity>, AppError> {
        self.keys.as_ref().map(ReportKeys::conversation).transpose()
    }

    /// The report's files identity; `None` for reports from before follow-up.
    pub(crate) fn files_identity(&self) -> Result<Option<StaffIdentity>, AppError> {
        self.keys.as_ref().map(ReportKeys::files).transpose()
    }
}

pub const SEALED_MESSAGE_FORMAT: &str = "refuge.message.v1";

/// A message as one side sees it.
#[derive(Debug, Clone)]
pub struct MessageView {
    pub id: MessageId,
    pub from_reporter: bool,
    pub sent: Day,
    pub body: String,
    /// The caseworker's username; staff side only (the reporter sees "caseworker").
    pub author: Option<String>,
    pub hidden_from_reporter: bool,
}

#[derive(Serialize, Deserialize)]
pub(crate) struct SealedMessage {
    pub(crate) format: String,
    pub(crate) report_id: String,
    pub(crate) body: String,
}

/// The identities a conversation is read with: the conversation identity, and on the staff
/// side also the files identity, which opens messages the reporter hid.
pub(crate) struct MessageKeys<'a> {
    conversation: &'a StaffIdentity,
    files: Option<&'a StaffIdentity>,
}

impl<'a> MessageKeys<'a> {
    pub(crate) fn reporter(conversation: &'a StaffIdentity) -> Self {
        MessageKeys {
            conversation,
            files: None,
        }
    }

    pub(crate) fn staff(conversation: &'a StaffIdentity, files: &'a StaffIdentity) -> Self {
        MessageKeys {
            conversation,
            files: Some(files),
        }
    }
}

/// A message's sealed content, if `identity` opens it and it says it belongs to `report`.
pub(crate) fn open_message(
    identity: &StaffIdentity,
    report: ReportId,
    message: &StoredMessage,
) -> Option<SealedMessage> {
    identity
        .decrypt(&message.ciphertext)
        .ok()
        .and_then(|plaintext| serde_json::from_slice::<SealedMessage>(&plaintext).ok())
        .filter(|sealed| sealed.report_id == report.to_string())
}

/// Decrypts a conversation. `staff` names authors (staff side). Each message says inside its
/// seal which report it belongs to. A row that does not open, or opens as another report's
/// (moved by someone who can write the database: security review I8), is left out and logged,
/// so one tampered row neither joins the conversation nor takes the rest of it away.
///
/// Each message comes with its sealed content when it is hidden yet still opens with the
/// conversation key (hidden before hiding re-sealed): the caller re-seals it.
pub(crate) fn decrypt_messages(
    keys: &MessageKeys<'_>,
    report: ReportId,
    messages: &[StoredMessage],
    staff: &[StaffRecord],
) -> Vec<(MessageView, Option<SealedMessage>)> {
    messages
        .iter()
        .filter_map(|message| {
            let hidden_seal = message
                .hidden_from_reporter
                .then(|| keys.files.and_then(|files| open_message(files, report, message)))
                .flatten();
            let (sealed, still_open_to_reporter) = match hidden_seal {
                Some(sealed) => (Some(sealed), false),
                None => {
                    let sealed = open_message(keys.conversation, report, message);
                    let legacy = message.hidden_from_reporter && sealed.is_some();
                    (sealed, legacy)
                }
            };
            let Some(sealed) = sealed else {
                tracing::warn!(message = %message.id, "a message row that does not belong to its report was left out");
                return None;
            };
            let (from_reporter, author) = match message.author {
                MessageAuthor::Reporter => (true, None),
                MessageAuthor::Staff(id) => (
                    false,
                    staff
                        .iter()
                        .find(|s| s.id == id)
                        .map(|s| s.username.clone()),
                ),
            };
            let view = MessageView {
                id: message.id,
                from_reporter,
                sent: message.sent,
                body: sealed.body.clone(),
                author,
                hidden_from_reporter: message.hidden_from_reporter,
            };
            Some((view, still_open_to_reporter.then_some(sealed)))
        })
        .collect()
}

/// What Refuge records about a file, sealed to staff and the conversation key (so the reporter
/// can list what they sent and get a signed evidence receipt for it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileDescription {
    pub file_id: String,
    /// The name as the reporter's device gave it, made safe to show (`refuge_files::display_name`).
    pub name: String,
    /// What the content is, judged from its bytes (`refuge_files::FileKind::code`).
    pub kind: String,
    pub size: u64,
    /// SHA-256 of the original exactly as received, hex.
    pub sha256: String,
    /// Day it was received, `YYYY-MM-DD`.
    pub received: String,
    /// What the working copy lacks (`refuge_files::Removed::code`); empty if nothing was found.
    pub removed: Vec<String>,
    /// Whether a metadata-free working copy exists.
    pub cleaned: bool,
}

impl FileDescription {
    /// The name this file is saved under on a caseworker's computer: the shown name with an
    /// extension that follows the sniffed kind (security review M5), marked when it is the
    /// working copy.
    pub fn saved_name(&self, variant: Variant) -> String {
        // A kind code this build does not know (a row from a newer version) is treated as
        // unknown bytes: saved as `.bin`, never under the sender's extension.
        let kind = FileKind::from_code(&self.kind).unwrap_or(FileKind::Other);
        let saved = refuge_files::download_name(&self.name, kind);
        match variant {
            Variant::Original => saved,
            Variant::Clean => format!("clean-{saved}"),
        }
    }

    /// Whether the saved name differs from the shown one by more than the working-copy mark:
    /// the content is not what the sender's name says, and caseworkers are told so.
    pub fn renamed_on_saving(&self) -> bool {
        self.saved_name(Variant::Original) != self.name
    }
}

/// Opens a file's sealed description; one that names another file (a row swapped by someone
/// who can write the database) is refused.
pub(crate) fn open_description(
    conversation: &StaffIdentity,
    file: FileId,
    sealed_meta: &[u8],
) -> Result<FileDescription, AppError> {
    let plaintext = conversation
        .decrypt(sealed_meta)
        .map_err(|_| AppError::Unavailable("a file description did not open".into()))?;
    let description: FileDescription = serde_json::from_slice(&plaintext)
        .map_err(|e| AppError::Unavailable(format!("file description unreadable: {e}")))?;
    if description.file_id != file.to_string() {
        return Err(AppError::Unavailable(
            "a file description sealed for another file".into(),
        ));
    }
    Ok(description)
}

pub(crate) fn seal_description(
    keys: &[String],
    description: &FileDescription,
) -> Result<Vec<u8>, AppError> {
    let plain =
        serde_json::to_vec(description).map_err(|e| AppError::Unavailable(e.to_string()))?;
    refuge_crypto::encrypt_to_recipients(keys, &plain)
        .map_err(|e| AppError::Unavailable(format!("sealing description: {e}")))
}

impl Refuge {
    /// Encrypts `plaintext` to `keys` and writes it as a new sealed blob, on the blocking pool;
    /// a failed fsync asks the process to stop (the write path of docs/security-model.md). The one place a
    /// sealed blob is put.
    pub(crate) async fn seal_and_put(
        &self,
        keys: Vec<String>,
        plaintext: Zeroizing<Vec<u8>>,
    ) -> Result<String, AppError> {
        let blobs = self.blobs.clone();
        let written = self
            .work
            .blocking(move || -> Result<String, BlobError> {
                let ciphertext = refuge_crypto::encrypt_to_recipients(&keys, &plaintext)
                    .map_err(|e| BlobError::WriteFailed(e.to_string()))?;
                blobs.put(&ciphertext)
            })
            .await?;
        match written {
            Ok(name) => Ok(name),
            Err(BlobError::SyncFailed(detail)) => {
                self.work.request_fail_stop();
                Err(AppError::Unavailable(format!("fsync failed: {detail}")))
            }
            Err(other) => Err(other.into()),
        }
    }
}

pub(crate) const REPORTER_KEY_CONTEXT: &[u8] = b"refuge reporter conversation identity v1";

/// Which of a conversation's messages to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessagePage {
    /// All of them (the API; exports).
    All,
    /// Page `n` counted from the newest (1 = the newest messages); pages hold
    /// `ConversationLimits::messages_per_page` (security review M6: a long conversation is
    /// read a page at a time, never whole).
    Newest(u32),
}

/// Where the messages shown sit in the conversation (1-based, oldest first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MessagesShown {
    pub page: u32,
    pub first: u32,
    pub last: u32,
    pub total: u32,
}

impl MessagesShown {
    /// Whether older messages exist than those shown.
    pub fn has_earlier(&self) -> bool {
        self.first > 1
    }

    /// Whether newer messages exist than those shown.
    pub fn has_later(&self) -> bool {
        self.last < self.total
    }
}

impl Refuge {
    /// The rows of the wanted page of `report`'s messages and where they sit.
    pub(crate) async fn message_rows(
        &self,
        report: ReportId,
        reporter_view: bool,
        page: MessagePage,
    ) -> Result<(Vec<StoredMessage>, MessagesShown), AppError> {
        let total = self
            .store
            .message_count(report, reporter_view)
            .await?
            .max(0);
        let (start, end, number) = match page {
            MessagePage::All => (0, total, 1),
            MessagePage::Newest(number) => {
                let per_page = i64::from(self.settings.conversation.messages_per_page.max(1));
                let pages = ((total + per_page - 1) / per_page).max(1);
                let number = i64::from(number.max(1)).min(pages);
                let end = total - (number - 1) * per_page;
                ((end - per_page).max(0), end, number)
            }
        };
        let rows = self
            .store
            .message_page(report, reporter_view, start, end - start)
            .await?;
        let shown = MessagesShown {
            page: u32::try_from(number).unwrap_or(1),
            first: u32::try_from((start + 1).min(total)).unwrap_or(0),
            last: u32::try_from(end).unwrap_or(0),
            total: u32::try_from(total).unwrap_or(u32::MAX),
        };
        Ok((rows, shown))
    }
}
