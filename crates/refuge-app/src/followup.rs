//! The reporter's side after submission: signing in with the receipt, reading the status and the
//! conversation, replying, and hiding messages from their own view; and caseworkers writing to
//! the reporter.
//!
//! SECURITY: each report has a conversation identity (age X25519). Its secret is sealed inside
//! the report (for staff) and under a key derived from the receipt (for the reporter). Messages in
//! both directions are encrypted to the report's staff keys and to the conversation key, so the
//! reporter reads replies with nothing but the receipt, and the database alone reads nothing. A
//! receipt holder sees status and messages, never the original report.

use refuge_crypto::{Receipt, ReceiptError, random, seal};
use refuge_domain::calendar::Day;
use refuge_domain::ports::{
    AuditEntry, MessageAuthor, NewMessage, ReporterSessionRecord, StaffRecord, StoreError,
    StoredReport,
};
use refuge_domain::report::{FieldError, ReportStatus, check_message};
use refuge_domain::{AuditAction, MessageId, Permission, ReportId};
use zeroize::Zeroizing;

use crate::error::{Quota, ReceiptMistake};
use crate::forms::{FormPurpose, FormToken};
use crate::sealed::{
    FileDescription, MessageKeys, MessagePage, MessageView, MessagesShown, REPORTER_KEY_CONTEXT,
    SEALED_MESSAGE_FORMAT, SealedMessage, decrypt_messages, open_message,
};
use crate::sessions::{ReporterSession, SessionState, StaffSession, reporter_session_id_hash};
use crate::{AppError, Refuge};

/// What a reporter sees: never the report itself.
pub struct ReporterView {
    pub status: ReportStatus,
    pub status_day: Day,
    /// The organisations the case was referred to: their kind and the day (their name only
    /// where the operator allows it).
    pub referrals: Vec<crate::referral::ReporterReferral>,
    /// The consent in force, as the reporter may change it (`None`: a report from before
    /// consent could change; the reporter may still set it).
    pub consent: Option<crate::referral::ConsentRecord>,
    pub messages: Vec<MessageView>,
    /// Where `messages` sit in the conversation.
    pub messages_shown: MessagesShown,
    pub files: Vec<FileDescription>,
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
                &reporter_session_id_hash(&session_id),
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
        let found = self.store.report_by_receipt_hash(&keys.lookup).await?;
        Ok(found.and_then(|found| {
            seal::open(
                &keys.wrapping,
                &found.wrapped_conversation_identity?,
                REPORTER_KEY_CONTEXT,
            )
            .ok()
            .map(|secret| (found.report, secret))
        }))
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
        let referrals = self.reporter_referrals(session).await?;
        let consent = self.reporter_consent(session).await?;
        Ok(ReporterView {
            status: stored.meta.status,
            status_day: stored.meta.status_day,
            referrals,
            consent,
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
        session.require(Permission::WorkCases)?;
        let stored = self.known_report(session, report).await?;
        if !session.holds_key(&stored) {
            return Err(AppError::NoAccess);
        }
        let body = check_message(body).map_err(invalid_body)?;
        let id = self.message_id(FormPurpose::StaffMessage, report, once);
        let (id, _) = self
            .add_message_once(&stored, MessageAuthor::Staff(session.staff.id), body, id)
            .await?;
        Ok(id)
    }

    /// Seals and stores a message under `id`, a staff member's with its audit row in the same
    /// transaction (a reporter's has none: that would date it). `(id, false)` when a message
    /// with that id is already there: the same form was sent again, and nothing was added.
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
            let counts = self.store.reporter_message_counts(report, today).await?;
            if counts.total >= i64::from(limits.reporter_messages) {
                return Err(AppError::QuotaReached(Quota::Messages {
                    max: limits.reporter_messages,
                }));
            }
            if counts.on_day >= i64::from(limits.reporter_messages_per_day) {
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
        let audit = match author {
            MessageAuthor::Staff(staff) => Some(AuditEntry {
                at: self.now(),
                actor: Some(staff),
                action: AuditAction::MessageToReporter,
                report: Some(report),
                subject: String::new(),
            }),
            MessageAuthor::Reporter => None,
        };
        match self
            .store
            .insert_message(
                &NewMessage {
                    id,
                    report_id: report,
                    author,
                    sent: today,
                    ciphertext,
                },
                audit.as_ref(),
            )
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
            .chain(self.recovery_recipients().await?)
            .collect())
    }
}
