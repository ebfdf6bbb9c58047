//! Caseworkers' side: the inbox, reading a report with one's own key, and giving a colleague
//! access by re-sealing the report to a larger set of keys.
//!
//! SECURITY: access is cryptographic, not a flag. A report can be read only with a private key it
//! was sealed to; the `report_recipients` rows just remember whom that was.

use std::collections::BTreeSet;

use refuge_domain::case::CaseCard;
use refuge_domain::inbox::{InboxCursor, InboxQuery};

use crate::notes::NoteView;
use refuge_domain::ports::{
    AuditEntry, InboxPage, ReportMeta, StaffRecord, StoreError, StoredReport,
};
use refuge_domain::{AuditAction, Permission, ReportId, StaffId};

use crate::sealed::{
    FileDescription, MessageKeys, MessagePage, MessageView, MessagesShown, SEALED_REPORT_FORMAT,
    SealedReport, decrypt_messages,
};
use crate::sessions::StaffSession;
use crate::{AppError, Refuge};
use refuge_crypto::StaffIdentity;

pub const INBOX_PAGE_DEFAULT: u32 = 50;
/// How often a grant retries when a colleague re-sealed the same report at the same moment.
const RESEAL_ATTEMPTS: usize = 3;

/// A report opened by someone who holds a key to it.
pub struct OpenedReport {
    pub meta: ReportMeta,
    pub sealed: SealedReport,
    /// The conversation with the reporter, oldest first (including what they hid from their view).
    pub messages: Vec<MessageView>,
    /// Where `messages` sit in the conversation.
    pub messages_shown: MessagesShown,
    /// Every file of the report (sent with it or later), in order.
    pub files: Vec<FileDescription>,
    /// Who holds a key to this report.
    pub readers: Vec<StaffRecord>,
    /// Colleagues who could be given access.
    pub could_be_granted: Vec<StaffRecord>,
    /// The reference its evidence receipts carry, to match one someone shows.
    pub evidence_reference: String,
    /// What staff keep about the case: labels and deadline.
    pub card: CaseCard,
    /// Who is assigned, by name.
    pub assignee: Option<String>,
    /// The internal notes, each with its earlier versions.
    pub notes: Vec<NoteView>,
    /// The names of the teams it was routed to.
    pub teams: Vec<String>,
}

impl Refuge {
    /// The cases the session may know exist, newest first, without opening any (see
    /// [`Refuge::case_list`] for filters, search and what staff keep about each case).
    pub async fn inbox(
        &self,
        session: &StaffSession,
        limit: u32,
        cursor: Option<InboxCursor>,
    ) -> Result<InboxPage, AppError> {
        session.require(Permission::WorkCases)?;
        Ok(self
            .store
            .inbox(session.staff.id, &InboxQuery::newest(limit, cursor))
            .await?)
    }

    pub(crate) async fn stored_report(&self, id: ReportId) -> Result<StoredReport, AppError> {
        self.store.report(id).await?.ok_or(AppError::NotFound)
    }

    pub(crate) async fn decrypt_report(
        &self,
        session: &StaffSession,
        stored: &StoredReport,
    ) -> Result<SealedReport, AppError> {
        if !session.holds_key(stored) {
            return Err(AppError::NoAccess);
        }
        self.decrypt_with(&session.identity, stored)
            .await?
            .ok_or_else(|| AppError::Unavailable("a report sealed to this key did not open".into()))
    }

    /// Opens a report with `identity`; `None` when it is not sealed to it.
    pub(crate) async fn decrypt_with(
        &self,
        identity: &StaffIdentity,
        stored: &StoredReport,
    ) -> Result<Option<SealedReport>, AppError> {
        let blobs = self.blobs.clone();
        let name = stored.blob.clone();
        let ciphertext = self.work.blocking(move || blobs.get(&name)).await??;
        let Ok(plaintext) = identity.decrypt(&ciphertext) else {
            return Ok(None);
        };
        let sealed: SealedReport = serde_json::from_slice(&plaintext)
            .map_err(|e| AppError::Unavailable(format!("sealed report unreadable: {e}")))?;
        if sealed.format != SEALED_REPORT_FORMAT {
            return Err(AppError::Unavailable(format!(
                "unknown sealed format {}",
                sealed.format
            )));
        }
        Ok(Some(sealed))
    }

    pub async fn open_report(
        &self,
        session: &StaffSession,
        id: ReportId,
    ) -> Result<OpenedReport, AppError> {
        self.open_report_page(session, id, MessagePage::All).await
    }

    /// Opens a report with one page of its conversation.
    pub async fn open_report_page(
        &self,
        session: &StaffSession,
        id: ReportId,
        page: MessagePage,
    ) -> Result<OpenedReport, AppError> {
        session.require(Permission::WorkCases)?;
        let stored = self.known_report(session, id).await?;
        let sealed = self.decrypt_report(session, &stored).await?;
        let case_key = self.case_key(session, &stored, Some(&sealed)).await?;
        let card = Self::open_card(&case_key, id, stored.sealed_card.as_deref())?;
        let notes = self.note_versions(&case_key, &stored).await?;
        let staff = self.store.list_staff().await?;
        let assignee = stored
            .meta
            .case
            .assignee
            .and_then(|who| staff.iter().find(|s| s.id == who))
            .map(|s| s.username.clone());
        let mut messages_shown = MessagesShown::default();
        let (messages, files) = match (sealed.conversation_identity()?, sealed.files_identity()?) {
            (Some(conversation), Some(files_key)) => {
                let (rows, shown) = self.message_rows(id, false, page).await?;
                messages_shown = shown;
                let keys = MessageKeys::staff(&conversation, &files_key);
                let mut messages = Vec::with_capacity(rows.len());
                for (message, still_open_to_reporter) in decrypt_messages(&keys, id, &rows, &staff)
                {
                    // Hidden before hiding re-sealed (security review L8): re-sealed now, the
                    // first time a caseworker can.
                    if let Some(sealed_message) = still_open_to_reporter {
                        let resealed = self.seal_hidden(&stored, &sealed_message).await?;
                        self.store
                            .reseal_hidden_message(id, message.id, &resealed)
                            .await?;
                    }
                    messages.push(message);
                }
                (messages, self.file_descriptions(&conversation, id).await?)
            }
            _ => (Vec::new(), Vec::new()),
        };
        // Who opened which case is on record, with the unread marker cleared in the same
        // transaction.
        self.store
            .record_report_opened(
                id,
                &AuditEntry {
                    at: self.now(),
                    actor: Some(session.staff.id),
                    action: AuditAction::ReportOpened,
                    report: Some(id),
                    subject: String::new(),
                },
            )
            .await?;
        let (readers, others): (Vec<_>, Vec<_>) = staff
            .into_iter()
            .partition(|s| stored.recipients.contains(&s.id));
        let could_be_granted = others
            .into_iter()
            .filter(|s| !s.disabled && s.role.may(Permission::WorkCases))
            .collect();
        Ok(OpenedReport {
            meta: stored.meta,
            sealed,
            messages,
            files,
            messages_shown,
            readers,
            could_be_granted,
            evidence_reference: self.evidence_reference(id),
            card,
            assignee,
            notes,
            teams: self.names_of_teams(&stored.teams).await?,
        })
    }

    /// The clear fields of a report, for saying "no key yet" to someone who cannot open it.
    pub async fn report_meta(
        &self,
        session: &StaffSession,
        id: ReportId,
    ) -> Result<ReportMeta, AppError> {
        session.require(Permission::WorkCases)?;
        Ok(self.known_report(session, id).await?.meta)
    }

    async fn grantee(&self, grantee: StaffId) -> Result<StaffRecord, AppError> {
        self.store
            .staff_by_id(grantee)
            .await?
            .filter(|s| !s.disabled && s.role.may(Permission::WorkCases))
            .ok_or(AppError::NotFound)
    }

    /// Re-seals one report so that `grantee` can read it too. The granting colleague must hold a
    /// key to it; disabled accounts are dropped from the new set of keys.
    pub async fn grant_report_access(
        &self,
        session: &StaffSession,
        id: ReportId,
        grantee: StaffId,
    ) -> Result<(), AppError> {
        session.require(Permission::WorkCases)?;
        let grantee = self.grantee(grantee).await?;
        let staff = self.store.list_staff().await?;
        self.known_report(session, id).await?;
        self.reseal_for(&session.identity, Some(session), id, &grantee, &staff)
            .await
    }

    /// Gives `grantee` access to every report the session's holder can read (an
    /// administrator's act). Returns the grantee and how many reports were shared.
    pub async fn grant_all_access(
        &self,
        session: &StaffSession,
        grantee: StaffId,
    ) -> Result<(StaffRecord, usize), AppError> {
        session.require(Permission::ShareAllReports)?;
        let grantee = self.grantee(grantee).await?;
        let ids = self
            .store
            .reports_to_share(session.staff.id, grantee.id)
            .await?;
        let staff = self.store.list_staff().await?;
        for id in &ids {
            self.reseal_for(&session.identity, Some(session), *id, &grantee, &staff)
                .await?;
        }
        Ok((grantee, ids.len()))
    }

    /// Seals a report again, opened with `identity` (a member's, or the recovery key's when
    /// `session` is `None`), to its keys and `grantee`'s, and the recovery key; recorded.
    pub(crate) async fn reseal_for(
        &self,
        identity: &StaffIdentity,
        session: Option<&StaffSession>,
        id: ReportId,
        grantee: &StaffRecord,
        staff: &[StaffRecord],
    ) -> Result<(), AppError> {
        for _ in 0..RESEAL_ATTEMPTS {
            let stored = self.stored_report(id).await?;
            if stored.recipients.contains(&grantee.id) {
                return Ok(());
            }
            if session.is_some_and(|s| !s.holds_key(&stored)) {
                return Err(AppError::NoAccess);
            }
            let sealed = self
                .decrypt_with(identity, &stored)
                .await?
                .ok_or(AppError::NoAccess)?;
            let plaintext = zeroize::Zeroizing::new(
                serde_json::to_vec(&sealed).map_err(|e| AppError::Unavailable(e.to_string()))?,
            );
            let wanted: BTreeSet<StaffId> = stored
                .recipients
                .iter()
                .copied()
                .chain([grantee.id])
                .collect();
            let keepers: Vec<&StaffRecord> = staff
                .iter()
                .filter(|s| wanted.contains(&s.id) && !s.disabled)
                .collect();
            let keys: Vec<String> = keepers
                .iter()
                .map(|s| s.public_key.clone())
                .chain(self.recovery_recipients().await?)
                .collect();
            let ids: Vec<StaffId> = keepers.iter().map(|s| s.id).collect();

            let new_blob = self.seal_and_put(keys, plaintext).await?;
            let audit = AuditEntry {
                at: self.now(),
                actor: session.map(|s| s.staff.id),
                action: match session {
                    Some(_) => AuditAction::ReportAccessGranted,
                    None => AuditAction::RecoveryKeyUsed,
                },
                report: Some(id),
                subject: format!("grantee={}", grantee.username),
            };
            match self
                .store
                .reseal_report(id, &stored.blob, &new_blob, &ids, &audit)
                .await
            {
                Ok(old_blob) => {
                    self.remove_blob(old_blob).await;
                    return Ok(());
                }
                Err(StoreError::Conflict) => {
                    self.remove_blob(new_blob).await;
                    continue;
                }
                Err(other) => {
                    self.remove_blob(new_blob).await;
                    return Err(other.into());
                }
            }
        }
        Err(AppError::Conflict)
    }

    /// Best-effort removal of a blob no committed report points to (the start-up sweep is the
    /// backstop).
    pub(crate) async fn remove_blob(&self, name: String) {
        let blobs = self.blobs.clone();
        if let Ok(Err(error)) = self.work.blocking(move || blobs.delete(&name)).await {
            tracing::warn!(%error, "could not remove an unreferenced blob; the start-up sweep will");
        }
    }
}
