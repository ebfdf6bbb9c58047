//! The reporter's side after submission: signing in with the receipt, reading the status and the
//! conversation, replying, and hiding messages from their own view; and caseworkers writing to
//! the reporter.
//!
//! SECURITY: each report has a conversation identity (age X25519). Its secret is sealed inside
//! the report (for staff) and under a key derived from the receipt (for the reporter). Messages in
//! both directions are encrypted to the report's staff keys and to the conversation key, so the
//! reporter reads replies with nothing but the receipt, and the database alone reads nothing. A
//! receipt holder sees status and messages, never the original report.

use refuge_crypto::{Receipt, ReceiptError, StaffIdentity, random, seal};
use refuge_domain::AuditAction;
use refuge_domain::calendar::Day;
use refuge_domain::ports::{
    MessageAuthor, NewMessage, ReporterSessionRecord, StaffRecord, StoreError, StoredMessage,
    StoredReport,
};
use refuge_domain::report::{FieldError, check_message};
use refuge_domain::{MessageId, ReportId};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::accounts::{StaffSession, parse_session_token};
use crate::error::{Quota, ReceiptMistake};
use crate::evidence::FileDescription;
use crate::forms::{FormPurpose, FormToken};
use crate::{AppError, Refuge};

pub(crate) const REPORTER_KEY_CONTEXT: &[u8] = b"refuge reporter conversation identity v1";
const SESSION_STATE_CONTEXT: &[u8] = b"refuge reporter session state sealed for a session v2";
pub const SEALED_MESSAGE_FORMAT: &str = "refuge.message.v1";
/// A reporter's session ends after this long without a request…
pub const REPORTER_IDLE_SECONDS: i64 = 20 * 60;
/// …and after this long in any case: a shared or seized device should not stay signed in.
pub const REPORTER_ABSOLUTE_SECONDS: i64 = 2 * 60 * 60;
const TOUCH_INTERVAL_SECONDS: i64 = 60;

/// A reporter signed in with their receipt, the conversation identity unsealed for this request.
pub struct ReporterSession {
    pub report_id: ReportId,
    conversation: StaffIdentity,
    id_hash: [u8; 32],
    /// Token for the hidden CSRF field of this session's forms.
    pub csrf_token: String,
}

impl ReporterSession {
    pub fn csrf_matches(&self, submitted: &str) -> bool {
        random::constant_time_eq(self.csrf_token.as_bytes(), submitted.as_bytes())
    }

    pub(crate) fn conversation(&self) -> &StaffIdentity {
        &self.conversation
    }
}

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

/// What a reporter sees: never the report itself.
pub struct ReporterView {
    pub status: String,
    pub status_day: Day,
    /// Kinds of organisation the case was referred to. Always empty until referrals exist; the
    /// API already promises the field, the page shows it once there is something to show.
    pub referrals: Vec<String>,
    pub messages: Vec<MessageView>,
    /// Where `messages` sit in the conversation.
    pub messages_shown: MessagesShown,
    pub files: Vec<FileDescription>,
}

#[derive(Serialize, Deserialize)]
pub(crate) struct SealedMessage {
    format: String,
    report_id: String,
    body: String,
}

/// What a reporter's session row holds, sealed under the key only its cookie carries: the
/// conversation identity, and when the session began and was last used (so the database says
/// nothing of when a reporter came back: security review H2).
struct SessionState {
    created_at: i64,
    last_seen_at: i64,
    secret: Zeroizing<Vec<u8>>,
}

impl SessionState {
    fn seal(&self, key: &[u8; 32]) -> Vec<u8> {
        let mut plain = Zeroizing::new(Vec::with_capacity(16 + self.secret.len()));
        plain.extend_from_slice(&self.created_at.to_be_bytes());
        plain.extend_from_slice(&self.last_seen_at.to_be_bytes());
        plain.extend_from_slice(&self.secret);
        seal::seal(key, &plain, SESSION_STATE_CONTEXT)
    }

    fn open(key: &[u8; 32], sealed: &[u8]) -> Option<SessionState> {
        let plain = seal::open(key, sealed, SESSION_STATE_CONTEXT).ok()?;
        let created_at = i64::from_be_bytes(plain.get(..8)?.try_into().ok()?);
        let last_seen_at = i64::from_be_bytes(plain.get(8..16)?.try_into().ok()?);
        Some(SessionState {
            created_at,
            last_seen_at,
            secret: Zeroizing::new(plain.get(16..)?.to_vec()),
        })
    }
}

fn session_id_hash(id: &[u8]) -> [u8; 32] {
    random::sha256(&[b"refuge reporter session id v1", id])
}

/// Throttling is per receipt typed: someone retrying one receipt slows down, nobody else does.
fn receipt_throttle_key(receipt: &Receipt) -> [u8; 32] {
    random::sha256(&[b"refuge receipt throttle v1", receipt.digits().as_bytes()])
}

fn invalid_body(problem: refuge_domain::report::Problem) -> AppError {
    AppError::Invalid(vec![FieldError {
        field: "body".into(),
        problem,
    }])
}

impl Refuge {
    /// Signs a reporter in with a receipt typed in any script, with any separators. One Argon2id
    /// computation whether or not the receipt exists; repeated failures slow down that receipt
    /// only, counted before the derivation and in memory (`throttle`). The receipt is never
    /// stored, logged or put in the token.
    pub async fn reporter_sign_in(&self, typed: &str) -> Result<String, AppError> {
        let receipt = Receipt::parse(typed).map_err(|error| {
            AppError::ReceiptMistyped(match error {
                ReceiptError::WrongLength => ReceiptMistake::Length,
                ReceiptError::CheckDigitMismatch => ReceiptMistake::Typo,
            })
        })?;
        let now = self.now();
        let throttle_key = receipt_throttle_key(&receipt);
        self.receipt_attempts.reserve(throttle_key, now)?;
        // One Argon2id and one query whether or not the receipt exists.
        let Some((report_id, secret)) = self.open_with_receipt(receipt).await? else {
            return Err(AppError::InvalidReceipt);
        };
        self.receipt_attempts.clear(&throttle_key);
        let session_id = random::bytes::<16>();
        let session_key = Zeroizing::new(random::bytes::<32>());
        let state = SessionState {
            created_at: now,
            last_seen_at: now,
            secret,
        };
        self.store
            .insert_reporter_session(
                &session_id_hash(&session_id),
                &ReporterSessionRecord {
                    report_id,
                    sealed_state: state.seal(&session_key),
                    // Dead by then whatever happens: two hours at most, so the day after next.
                    purge_day: Day(Day::from_unix_seconds(now).0 + 2),
                },
            )
            .await?;
        let mut token = Zeroizing::new(session_id.to_vec());
        token.extend_from_slice(session_key.as_ref());
        Ok(hex::encode(token.as_slice()))
    }

    /// The report a receipt opens and the secret of its conversation identity: one Argon2id and
    /// one query, whether or not the receipt exists.
    pub(crate) async fn open_with_receipt(
        &self,
        receipt: Receipt,
    ) -> Result<Option<(ReportId, Zeroizing<Vec<u8>>)>, AppError> {
        let keys = self.receipt_keys(receipt).await?;
        let found = self
            .store
            .reporter_key_by_receipt_hash(&keys.lookup)
            .await?;
        Ok(found.and_then(|(id, wrapped)| {
            seal::open(&keys.wrapping, &wrapped?, REPORTER_KEY_CONTEXT)
                .ok()
                .map(|secret| (id, secret))
        }))
    }

    /// Resolves a reporter's token; anything expired, ended or malformed is `Unauthenticated`.
    pub async fn reporter_session(&self, token: &str) -> Result<ReporterSession, AppError> {
        let (session_id, key) = parse_session_token(token)?;
        let id_hash = session_id_hash(&session_id);
        let record = self
            .store
            .reporter_session(&id_hash)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        let now = self.now();
        let Some(mut state) = SessionState::open(&key, &record.sealed_state) else {
            return Err(AppError::Unauthenticated);
        };
        if now - state.last_seen_at > REPORTER_IDLE_SECONDS
            || now - state.created_at > REPORTER_ABSOLUTE_SECONDS
        {
            self.store.delete_reporter_session(&id_hash).await?;
            return Err(AppError::Unauthenticated);
        }
        let conversation = StaffIdentity::from_secret_bytes(&state.secret)
            .map_err(|_| AppError::Unauthenticated)?;
        if now - state.last_seen_at >= TOUCH_INTERVAL_SECONDS {
            state.last_seen_at = now;
            self.store
                .touch_reporter_session(&id_hash, &state.seal(&key))
                .await?;
        }
        Ok(ReporterSession {
            report_id: record.report_id,
            conversation,
            id_hash,
            csrf_token: hex::encode(&random::mac(key.as_ref(), b"refuge reporter csrf v1")[..16]),
        })
    }

    pub async fn reporter_sign_out(&self, session: &ReporterSession) -> Result<(), AppError> {
        Ok(self.store.delete_reporter_session(&session.id_hash).await?)
    }

    pub async fn reporter_view(&self, session: &ReporterSession) -> Result<ReporterView, AppError> {
        self.reporter_view_page(session, MessagePage::All).await
    }

    /// What the reporter sees, with one page of the conversation.
    pub async fn reporter_view_page(
        &self,
        session: &ReporterSession,
        page: MessagePage,
    ) -> Result<ReporterView, AppError> {
        let stored = self
            .store
            .report(session.report_id)
            .await?
            .ok_or(AppError::NotFound)?;
        // Hidden messages are sealed away from the conversation key: they are not even read.
        let (messages, messages_shown) = self.message_rows(session.report_id, true, page).await?;
        let messages = decrypt_messages(
            &MessageKeys::reporter(&session.conversation),
            session.report_id,
            &messages,
            &[],
        )
        .into_iter()
        .map(|(m, _)| MessageView { author: None, ..m })
        .collect();
        let files = self
            .file_descriptions(&session.conversation, session.report_id)
            .await?;
        Ok(ReporterView {
            status: stored.meta.status,
            status_day: stored.meta.status_day,
            referrals: Vec::new(),
            messages,
            messages_shown,
            files,
        })
    }

    /// A reporter's message. Sent with the token of the page's form (`once`), sending that
    /// form again adds nothing.
    pub async fn reporter_send_message(
        &self,
        session: &ReporterSession,
        body: &str,
        once: Option<&FormToken>,
    ) -> Result<MessageId, AppError> {
        let body = check_message(body).map_err(invalid_body)?;
        let stored = self
            .store
            .report(session.report_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let id = self.message_id(FormPurpose::ReporterMessage, session.report_id, once);
        let (id, _) = self
            .add_message_once(&stored, MessageAuthor::Reporter, body, id)
            .await?;
        Ok(id)
    }

    /// A random id, or the one a form token gives this message.
    fn message_id(
        &self,
        purpose: FormPurpose,
        report: ReportId,
        once: Option<&FormToken>,
    ) -> MessageId {
        MessageId::from_bytes(match once {
            Some(token) => self.form_id(purpose, report.as_bytes(), token, 0),
            None => random::bytes::<16>(),
        })
    }

    /// Hides a message from the reporter's own view; caseworkers still see it.
    ///
    /// SECURITY (security review L8): hiding is not only a flag. The message is re-sealed to
    /// the report's staff keys and its files key — never the conversation key — in the same
    /// statement that hides it, so someone who later holds the receipt and the database cannot
    /// read it either. Colleagues given access later reach it through the files key inside the
    /// sealed report.
    pub async fn reporter_hide_message(
        &self,
        session: &ReporterSession,
        message: MessageId,
    ) -> Result<(), AppError> {
        let stored = self
            .store
            .report(session.report_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let row = self
            .store
            .messages(session.report_id)
            .await?
            .into_iter()
            .find(|m| m.id == message)
            .ok_or(AppError::NotFound)?;
        if row.hidden_from_reporter {
            return Ok(());
        }
        let opened = open_message(&session.conversation, session.report_id, &row)
            .ok_or(AppError::NotFound)?;
        let resealed = self.seal_hidden(&stored, &opened).await?;
        Ok(self
            .store
            .hide_message_from_reporter(session.report_id, message, &resealed)
            .await?)
    }

    /// A message sealed for staff only: the report's staff keys and its files key.
    pub(crate) async fn seal_hidden(
        &self,
        stored: &StoredReport,
        message: &SealedMessage,
    ) -> Result<Vec<u8>, AppError> {
        let access = stored
            .access
            .as_ref()
            .ok_or_else(|| AppError::Unavailable("report predates follow-up".into()))?;
        let keys: Vec<String> = self
            .conversation_recipients(stored)
            .await?
            .into_iter()
            .filter(|key| *key != access.conversation_key)
            .chain([access.files_key.clone()])
            .collect();
        let plaintext = Zeroizing::new(
            serde_json::to_vec(message)
                .map_err(|e| AppError::Unavailable(format!("serialising message: {e}")))?,
        );
        self.work
            .blocking(move || refuge_crypto::encrypt_to_recipients(&keys, &plaintext))
            .await?
            .map_err(|e| AppError::Unavailable(format!("sealing message: {e}")))
    }

    /// A caseworker writes to the reporter. They must hold a key to the report. Sent with the
    /// token of the page's form (`once`), sending that form again adds nothing.
    pub async fn send_message_to_reporter(
        &self,
        session: &StaffSession,
        report: ReportId,
        body: &str,
        once: Option<&FormToken>,
    ) -> Result<MessageId, AppError> {
        if !session.staff.role.sees_inbox() {
            return Err(AppError::Forbidden);
        }
        let stored = self.store.report(report).await?.ok_or(AppError::NotFound)?;
        if !stored.recipients.contains(&session.staff.id) {
            return Err(AppError::NoAccess);
        }
        let body = check_message(body).map_err(invalid_body)?;
        let id = self.message_id(FormPurpose::StaffMessage, report, once);
        let (id, added) = self
            .add_message_once(&stored, MessageAuthor::Staff(session.staff.id), body, id)
            .await?;
        if !added {
            return Ok(id);
        }
        self.store
            .append_audit(&refuge_domain::ports::AuditEntry {
                at: self.now(),
                actor: Some(session.staff.id),
                action: AuditAction::MessageToReporter,
                subject: format!("report={report}"),
            })
            .await?;
        Ok(id)
    }

    /// Seals and stores a message under `id`. `(id, false)` when a message with that id is
    /// already there: the same form was sent again, and nothing was added.
    pub(crate) async fn add_message_once(
        &self,
        stored: &StoredReport,
        author: MessageAuthor,
        body: String,
        id: MessageId,
    ) -> Result<(MessageId, bool), AppError> {
        let report = stored.meta.id;
        let today = Day::from_unix_seconds(self.now());
        if author == MessageAuthor::Reporter {
            // Security review M6: a leaked receipt, or a script holding one, cannot grow a
            // conversation without bound.
            let limits = self.settings.conversation;
            let (total, on_day) = self.store.reporter_message_counts(report, today).await?;
            if total >= i64::from(limits.reporter_messages) {
                return Err(AppError::QuotaReached(Quota::Messages {
                    max: limits.reporter_messages,
                }));
            }
            if on_day >= i64::from(limits.reporter_messages_per_day) {
                return Err(AppError::QuotaReached(Quota::MessagesToday {
                    max: limits.reporter_messages_per_day,
                }));
            }
        }
        let keys = self.conversation_recipients(stored).await?;
        let plaintext = Zeroizing::new(
            serde_json::to_vec(&SealedMessage {
                format: SEALED_MESSAGE_FORMAT.into(),
                report_id: report.to_string(),
                body,
            })
            .map_err(|e| AppError::Unavailable(format!("serialising message: {e}")))?,
        );
        let ciphertext = self
            .work
            .blocking(move || refuge_crypto::encrypt_to_recipients(&keys, &plaintext))
            .await?
            .map_err(|e| AppError::Unavailable(format!("sealing message: {e}")))?;
        match self
            .store
            .insert_message(&NewMessage {
                id,
                report_id: report,
                author,
                sent: today,
                ciphertext,
            })
            .await
        {
            Ok(()) => Ok((id, true)),
            Err(StoreError::Conflict) => Ok((id, false)),
            Err(other) => Err(other.into()),
        }
    }

    /// The keys the conversation is encrypted to: the report's enabled staff, and its
    /// conversation key (the reporter's side, and colleagues given access later).
    pub(crate) async fn conversation_recipients(
        &self,
        stored: &StoredReport,
    ) -> Result<Vec<String>, AppError> {
        let access = stored
            .access
            .as_ref()
            .ok_or_else(|| AppError::Unavailable("report predates follow-up".into()))?;
        let staff: Vec<StaffRecord> = self.store.list_staff().await?;
        Ok(staff
            .into_iter()
            .filter(|s| !s.disabled && stored.recipients.contains(&s.id))
            .map(|s| s.public_key)
            .chain([access.conversation_key.clone()])
            .collect())
    }
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
fn open_message(
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
