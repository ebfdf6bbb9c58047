//! Referral within the reporter's consent (issue 11): the partner organisations an
//! administrator registers, the reporter's consent as it changes, and the referral itself — an
//! age file to the partner's key holding a ZIP of the report, the chosen files and a signed
//! manifest, built in memory and never written in clear.
//!
//! SECURITY: a referral happens only within the consent in force when it is made (the police
//! need `refer_to_police`, every other kind `refer_to_partners`). What a referral says and the
//! consent's history are sealed to the report's conversation key: the reporter and the report's
//! caseworkers read them; the database holds ciphertext and a count.

use std::io::Read;

use refuge_crypto::{StaffIdentity, random};
use refuge_domain::audit::AuditAction;
use refuge_domain::calendar::Day;
use refuge_domain::ports::{AuditEntry, NewReferral, StoreError, StoredReport};
use refuge_domain::referral::{
    FilesChoice, Partner, PartnerKind, PartnerRuleError, ReferralInclude, check_partner_name,
};
use refuge_domain::report::{Consent, ReportStatus};
use refuge_domain::{PartnerId, Permission, ReferralId, ReportId};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::bundle::{Bundle, BundleFile};
use crate::cases::CaseChange;
use crate::sealed::{MessageKeys, MessagePage, SealedReport, decrypt_messages};
use crate::sessions::{ReporterSession, StaffSession};
use crate::{AppError, Refuge};

/// Bundles built at once; others wait their turn (each is held whole in memory).
pub const BUNDLES_AT_ONCE: usize = 2;

const CONSENT_FORMAT: u32 = 1;
const CONSENT_PURPOSE: &[u8] = b"refuge consent key v1";

fn consent_context(report: ReportId) -> Vec<u8> {
    let mut context = b"refuge consent v1".to_vec();
    context.extend_from_slice(report.as_bytes());
    context
}
const REFERRAL_FORMAT: u32 = 1;

/// The reporter's consent and when it changed, sealed to the conversation key.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct ConsentRecord {
    v: u32,
    pub current: Consent,
    /// Each consent in force, from the day it was given (the first: at intake).
    pub history: Vec<ConsentChange>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct ConsentChange {
    pub day: String,
    pub consent: Consent,
}

impl ConsentRecord {
    pub(crate) fn at_intake(consent: Consent, day: Day) -> Self {
        ConsentRecord {
            v: CONSENT_FORMAT,
            current: consent,
            history: vec![ConsentChange {
                day: day.to_string(),
                consent,
            }],
        }
    }

    /// Sealed under a key only the conversation identity derives, bound to the report: only
    /// its reporter and its caseworkers can write a consent (the database, which holds the
    /// conversation's public key, could encrypt one, but not this).
    pub(crate) fn seal(
        &self,
        conversation: &StaffIdentity,
        report: ReportId,
    ) -> Result<Vec<u8>, AppError> {
        let plain = zeroize::Zeroizing::new(
            serde_json::to_vec(self).map_err(|e| AppError::Unavailable(e.to_string()))?,
        );
        Ok(refuge_crypto::seal::seal(
            &conversation.derive_key(CONSENT_PURPOSE),
            &plain,
            &consent_context(report),
        ))
    }

    fn open(
        conversation: &StaffIdentity,
        report: ReportId,
        sealed: &[u8],
    ) -> Result<Self, AppError> {
        let plain = refuge_crypto::seal::open(
            &conversation.derive_key(CONSENT_PURPOSE),
            sealed,
            &consent_context(report),
        )
        .map_err(|_| AppError::Unavailable("the consent did not open".into()))?;
        serde_json::from_slice::<ConsentRecord>(&plain)
            .ok()
            .filter(|record| record.v == CONSENT_FORMAT)
            .ok_or_else(|| AppError::Unavailable("the consent is unreadable".into()))
    }
}

/// What a referral says, sealed to the conversation key.
#[derive(Serialize, Deserialize, Clone, Debug)]
struct ReferralFacts {
    v: u32,
    partner: String,
    kind: PartnerKind,
    day: String,
    by: String,
    include: ReferralInclude,
    /// SHA-256 of the signed manifest: which bundle this was.
    manifest_sha256: String,
}

/// A referral as caseworkers see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferralView {
    pub id: ReferralId,
    pub partner: String,
    pub kind: PartnerKind,
    pub day: String,
    pub by: String,
    pub include: ReferralInclude,
    pub manifest_sha256: String,
}

/// A referral as the reporter sees it: the kind of organisation and the day, and the
/// partner's name only where the operator allows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReporterReferral {
    pub kind: PartnerKind,
    pub day: String,
    pub partner: Option<String>,
}

/// The words of `report.txt` in one language.
#[derive(Debug, Clone, Default)]
pub struct ReferralLabels {
    pub title: String,
    pub intro: String,
    pub received: String,
    pub occurred: String,
    pub place: String,
    pub tactics: String,
    pub targets: String,
    pub community: String,
    pub origin: String,
    pub narrative: String,
    pub identifiers: String,
    pub messages: String,
    pub from_reporter: String,
    pub from_caseworker: String,
    pub files: String,
    pub consent: String,
    pub verify: String,
    /// The name of each code shown (tactics, targets, kinds…), in this language.
    pub names: std::collections::HashMap<String, String>,
}

/// The languages `report.txt` is written in: the report's own, then English.
#[derive(Debug, Clone, Default)]
pub struct ReferralWording {
    pub languages: Vec<ReferralLabels>,
}

/// A bundle made for a partner: an age file to their key.
pub struct ReferralBundle {
    pub file_name: String,
    pub bytes: Vec<u8>,
    pub referral: ReferralId,
}

impl std::fmt::Debug for ReferralBundle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReferralBundle")
            .field("file_name", &self.file_name)
            .field("bytes", &self.bytes.len())
            .finish()
    }
}

/// Why a partner's key was refused, from what was pasted.
fn check_recipient(pasted: &str) -> Result<String, PartnerRuleError> {
    let key = pasted.trim();
    // Anywhere in what was pasted: a key file flattened to one line holds its public key first.
    if key.to_ascii_uppercase().contains("AGE-SECRET-KEY-") {
        return Err(PartnerRuleError::SecretKeyPasted);
    }
    if key.lines().count() != 1 || !refuge_crypto::envelope::is_recipient(key) {
        return Err(PartnerRuleError::RecipientInvalid);
    }
    Ok(key.to_owned())
}

/// A file name safe inside a ZIP: no directories, no control or direction characters, not
/// hidden, not empty.
fn zip_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_control()
                || matches!(c, '/' | '\\' | ':' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
            {
                '_'
            } else {
                c
            }
        })
        .collect();
    let cleaned = cleaned.trim_start_matches('.').trim();
    let cleaned: String = cleaned.chars().take(100).collect();
    if cleaned.is_empty() {
        "file".into()
    } else {
        cleaned
    }
}

impl Refuge {
    /// The partners cases may be referred to.
    pub async fn partners(&self, session: &StaffSession) -> Result<Vec<Partner>, AppError> {
        if !session.may(Permission::WorkCases) {
            session.require(Permission::ManagePartners)?;
        }
        Ok(self.store.partners().await?)
    }

    /// Registers a partner organisation (an administrator's act).
    pub async fn add_partner(
        &self,
        session: &StaffSession,
        name: &str,
        kind: PartnerKind,
        pasted_key: &str,
    ) -> Result<Partner, AppError> {
        session.require(Permission::ManagePartners)?;
        let name = check_partner_name(name).map_err(AppError::PartnerRule)?;
        let recipient = check_recipient(pasted_key).map_err(AppError::PartnerRule)?;
        let partner = Partner {
            id: PartnerId::from_bytes(random::bytes::<16>()),
            name,
            kind,
            recipient,
            added: Day::from_unix_seconds(self.now()),
        };
        let audit = AuditEntry {
            at: self.now(),
            actor: Some(session.staff.id),
            action: AuditAction::PartnerAdded,
            report: None,
            subject: format!("{} ({})", partner.name, partner.kind.code()),
        };
        match self.store.insert_partner(&partner, &audit).await {
            Ok(()) => Ok(partner),
            Err(StoreError::Conflict) => Err(AppError::PartnerRule(PartnerRuleError::NameTaken)),
            Err(other) => Err(other.into()),
        }
    }

    /// Takes a partner off the list; its referrals stay on record.
    pub async fn remove_partner(
        &self,
        session: &StaffSession,
        id: PartnerId,
    ) -> Result<(), AppError> {
        session.require(Permission::ManagePartners)?;
        let partner = self
            .store
            .partners()
            .await?
            .into_iter()
            .find(|p| p.id == id)
            .ok_or(AppError::NotFound)?;
        Ok(self
            .store
            .remove_partner(
                id,
                &AuditEntry {
                    at: self.now(),
                    actor: Some(session.staff.id),
                    action: AuditAction::PartnerRemoved,
                    report: None,
                    subject: partner.name,
                },
            )
            .await?)
    }

    /// The consent in force for a report, opened with its conversation identity (reports from
    /// before consent could change carry it in the sealed report only).
    fn consent_in_force(
        conversation: &StaffIdentity,
        stored: &StoredReport,
        sealed: Option<&SealedReport>,
    ) -> Result<Option<ConsentRecord>, AppError> {
        match (&stored.sealed_consent, sealed) {
            (Some(record), _) => {
                ConsentRecord::open(conversation, stored.meta.id, record).map(Some)
            }
            (None, Some(sealed)) => Ok(Some(ConsentRecord::at_intake(
                sealed.report.consent,
                stored.meta.received,
            ))),
            (None, None) => Ok(None),
        }
    }

    /// The reporter's consent as in force now (`None`: a report from before consent could
    /// change, whose first consent only staff can read).
    pub async fn reporter_consent(
        &self,
        session: &ReporterSession,
    ) -> Result<Option<ConsentRecord>, AppError> {
        let stored = self.stored_report(session.report_id).await?;
        Self::consent_in_force(session.conversation(), &stored, None)
    }

    /// The reporter changes their consent; it applies from now on, and the change is logged.
    pub async fn change_consent(
        &self,
        session: &ReporterSession,
        consent: Consent,
    ) -> Result<ConsentRecord, AppError> {
        let stored = self.stored_report(session.report_id).await?;
        let mut record = Self::consent_in_force(session.conversation(), &stored, None)?.unwrap_or(
            ConsentRecord {
                v: CONSENT_FORMAT,
                current: consent,
                history: Vec::new(),
            },
        );
        if record.current == consent && !record.history.is_empty() {
            return Ok(record);
        }
        record.current = consent;
        record.history.push(ConsentChange {
            day: Day::from_unix_seconds(self.now()).to_string(),
            consent,
        });
        let sealed = record.seal(session.conversation(), session.report_id)?;
        // That a reporter changed a consent is on record, by the day and without the report:
        // a reporter's moment is never kept (decision 0010); the report's own history, sealed,
        // says which and when.
        let today = Day::from_unix_seconds(self.now());
        self.store
            .change_consent(
                session.report_id,
                &sealed,
                consent.research_statistics,
                &AuditEntry {
                    at: today.0 * 86_400,
                    actor: None,
                    action: AuditAction::ConsentChanged,
                    report: None,
                    subject: String::new(),
                },
            )
            .await?;
        Ok(record)
    }

    /// The consent in force for a report a caseworker has opened, with its history.
    pub async fn consent_for_staff(
        &self,
        session: &StaffSession,
        sealed: &SealedReport,
        id: ReportId,
    ) -> Result<ConsentRecord, AppError> {
        session.require(Permission::WorkCases)?;
        let stored = self.known_report(session, id).await?;
        let at_intake = || ConsentRecord::at_intake(sealed.report.consent, stored.meta.received);
        // Reports from before follow-up have no conversation key: their consent never changed.
        let Some(conversation) = sealed.conversation_identity()? else {
            return Ok(at_intake());
        };
        Ok(Self::consent_in_force(&conversation, &stored, Some(sealed))?.unwrap_or_else(at_intake))
    }

    /// A report's referrals, for a caseworker who can read it.
    pub async fn referrals_for_staff(
        &self,
        session: &StaffSession,
        sealed: &SealedReport,
        id: ReportId,
    ) -> Result<Vec<ReferralView>, AppError> {
        session.require(Permission::WorkCases)?;
        match sealed.conversation_identity()? {
            Some(conversation) => self.referrals_with(&conversation, id).await,
            // Reports from before follow-up cannot be referred (nothing to seal it to).
            None => Ok(Vec::new()),
        }
    }

    async fn referrals_with(
        &self,
        conversation: &StaffIdentity,
        id: ReportId,
    ) -> Result<Vec<ReferralView>, AppError> {
        let mut views = Vec::new();
        for stored in self.store.referrals(id).await? {
            let plain = conversation
                .decrypt(&stored.sealed)
                .map_err(|_| AppError::Unavailable("a referral did not open".into()))?;
            let facts: ReferralFacts = serde_json::from_slice(&plain)
                .map_err(|e| AppError::Unavailable(format!("a referral is unreadable: {e}")))?;
            views.push(ReferralView {
                id: stored.id,
                partner: facts.partner,
                kind: facts.kind,
                day: facts.day,
                by: facts.by,
                include: facts.include,
                manifest_sha256: facts.manifest_sha256,
            });
        }
        Ok(views)
    }

    /// The referrals as the reporter sees them.
    pub async fn reporter_referrals(
        &self,
        session: &ReporterSession,
    ) -> Result<Vec<ReporterReferral>, AppError> {
        let show_names = self.settings.referral_names_to_reporters;
        Ok(self
            .referrals_with(session.conversation(), session.report_id)
            .await?
            .into_iter()
            .map(|r| ReporterReferral {
                kind: r.kind,
                day: r.day,
                partner: show_names.then_some(r.partner),
            })
            .collect())
    }

    /// Refers a report to a partner within the reporter's consent: builds the bundle (an age
    /// file to the partner's key), marks the case referred and writes the referral and its
    /// audit row in one transaction. Returns the bundle, which exists nowhere else.
    pub async fn refer(
        &self,
        session: &StaffSession,
        id: ReportId,
        partner_name: &str,
        include: ReferralInclude,
        wording: &ReferralWording,
    ) -> Result<ReferralBundle, AppError> {
        session.require(Permission::WorkCases)?;
        let stored = self.known_report(session, id).await?;
        if !session.holds_key(&stored) {
            return Err(AppError::NoAccess);
        }
        let partner = self
            .store
            .partners()
            .await?
            .into_iter()
            .find(|p| p.name == partner_name.trim())
            .ok_or(AppError::PartnerUnknown)?;
        let sealed = self.decrypt_report(session, &stored).await?;
        let conversation = sealed.conversation_identity()?.ok_or(AppError::NotFound)?;
        let consent = Self::consent_in_force(&conversation, &stored, Some(&sealed))?
            .map_or(sealed.report.consent, |record| record.current);
        if !partner.kind.allowed_by(&consent) {
            return Err(AppError::ConsentNotGiven(partner.kind));
        }
        let today = Day::from_unix_seconds(self.now());
        let referral = ReferralId::from_bytes(random::bytes::<16>());
        let _turn = self
            .referrals
            .acquire()
            .await
            .map_err(|_| AppError::Unavailable("referral turns closed".into()))?;
        let bundle = self
            .build_bundle(
                session, &stored, &sealed, &partner, include, consent, wording, today,
            )
            .await?;
        let facts = ReferralFacts {
            v: REFERRAL_FORMAT,
            partner: partner.name.clone(),
            kind: partner.kind,
            day: today.to_string(),
            by: session.staff.username.clone(),
            include,
            manifest_sha256: bundle.manifest_sha256.clone(),
        };
        let access = stored.access.as_ref().ok_or(AppError::NotFound)?;
        let sealed_facts = refuge_crypto::encrypt_to_recipients(
            std::slice::from_ref(&access.conversation_key),
            &serde_json::to_vec(&facts).map_err(|e| AppError::Unavailable(e.to_string()))?,
        )
        .map_err(|_| AppError::Unavailable("sealing a referral".into()))?;
        let new_referral = NewReferral {
            id: referral,
            sealed: sealed_facts,
        };
        self.record_referral(session, id, &conversation, &partner, include, new_referral)
            .await?;
        Ok(ReferralBundle {
            file_name: format!(
                "refuge-referral-{today}-{}.zip.age",
                &referral.to_string()[..8]
            ),
            bytes: bundle.bytes,
            referral,
        })
    }

    /// The case marked referred, with the referral and its audit row, retried over a
    /// colleague's change made meanwhile.
    async fn record_referral(
        &self,
        session: &StaffSession,
        id: ReportId,
        conversation: &StaffIdentity,
        partner: &Partner,
        include: ReferralInclude,
        referral: NewReferral,
    ) -> Result<(), AppError> {
        let change = CaseChange {
            status: Some(ReportStatus::Referred),
            ..CaseChange::default()
        };
        for _ in 0..4 {
            let stored = self.known_report(session, id).await?;
            // The consent as of the version this commit is checked against: a change since the
            // bundle was made bumped the version, so this sees it (or the commit conflicts).
            if let Some(record) = Self::consent_in_force(conversation, &stored, None)?
                && !partner.kind.allowed_by(&record.current)
            {
                return Err(AppError::ConsentNotGiven(partner.kind));
            }
            let (mut update, mut audit, _) = self.plan_change(session, &stored, &change).await?;
            update.referral = Some(referral.clone());
            audit.push(AuditEntry {
                at: self.now(),
                actor: Some(session.staff.id),
                action: AuditAction::ReportReferred,
                report: Some(id),
                // The kind, not the name: which organisation is sealed in the referral.
                subject: format!(
                    "{} narrative={} identifiers={} files={} messages={}",
                    partner.kind.code(),
                    include.narrative,
                    include.identifiers,
                    include.files.code(),
                    include.messages
                ),
            });
            match self
                .store
                .update_case(id, stored.case_version, &update, &audit)
                .await
            {
                Ok(()) => return Ok(()),
                Err(StoreError::Conflict) => continue,
                Err(other) => return Err(other.into()),
            }
        }
        Err(AppError::Conflict)
    }

    #[allow(clippy::too_many_arguments)]
    async fn build_bundle(
        &self,
        session: &StaffSession,
        stored: &StoredReport,
        sealed: &SealedReport,
        partner: &Partner,
        include: ReferralInclude,
        consent: Consent,
        wording: &ReferralWording,
        today: Day,
    ) -> Result<Bundle, AppError> {
        let id = stored.meta.id;
        let report = &sealed.report;
        let case_key = self.case_key(session, stored, Some(sealed)).await?;
        let card = Self::open_card(&case_key, id, stored.sealed_card.as_deref())?;
        let conversation = sealed.conversation_identity()?.ok_or(AppError::NotFound)?;
        let files_identity = sealed.files_identity()?.ok_or(AppError::NotFound)?;

        let messages = if include.messages {
            let staff = self.store.list_staff().await?;
            let (rows, _) = self.message_rows(id, false, MessagePage::All).await?;
            decrypt_messages(
                &MessageKeys::staff(&conversation, &files_identity),
                id,
                &rows,
                &staff,
            )
            .into_iter()
            .map(|(view, _)| view)
            .collect()
        } else {
            Vec::new()
        };

        // Files: each read from its sealed blob as the ZIP is written.
        let mut files = Vec::new();
        if include.files != FilesChoice::None {
            let descriptions = self.file_descriptions(&conversation, id).await?;
            for stored_file in self.store.files(id).await? {
                let Some(description) = descriptions
                    .iter()
                    .find(|d| d.file_id == stored_file.id.to_string())
                else {
                    continue;
                };
                let (blob, variant) = match (include.files, &stored_file.clean_blob) {
                    (FilesChoice::Clean, Some(clean)) => (clean.clone(), "clean"),
                    _ => (stored_file.original_blob.clone(), "original"),
                };
                files.push(BundleFile {
                    path: format!(
                        "files/{:02}-{}",
                        files.len() + 1,
                        zip_name(&description.name)
                    ),
                    description: description.clone(),
                    variant,
                    blob,
                });
            }
        }

        let document = crate::bundle::report_json(
            stored,
            report,
            &card.identifiers,
            partner,
            include,
            consent,
            &messages,
            &files,
            today,
            &self.secrets.instance_id,
            &self.evidence_reference(id),
        );
        let text = crate::bundle::report_text(&document, wording);
        let recipient = partner.recipient.clone();
        let blobs = self.blobs.clone();
        let evidence = self.secrets.clone();
        let files_secret = Zeroizing::new(files_identity.to_secret_bytes().to_vec());
        self.work
            .blocking(move || -> Result<Bundle, AppError> {
                let files_identity = StaffIdentity::from_secret_bytes(&files_secret)
                    .map_err(|_| AppError::Unavailable("files key unreadable".into()))?;
                let mut bundle = crate::bundle::BundleWriter::new(&recipient)?;
                let json = Zeroizing::new(
                    serde_json::to_vec_pretty(&document)
                        .map_err(|e| AppError::Unavailable(e.to_string()))?,
                );
                bundle.add("report.json", &mut json.as_slice(), true)?;
                bundle.add("report.txt", &mut text.as_bytes(), true)?;
                for file in &files {
                    let sealed_blob = blobs.open(&file.blob)?;
                    let mut content: Box<dyn Read + Send> = files_identity
                        .decrypt_stream(sealed_blob)
                        .map_err(|_| AppError::Unavailable("a file did not open".into()))?;
                    bundle.add(&file.path, &mut content, false)?;
                }
                bundle.finish(&evidence.evidence_key)
            })
            .await?
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partner_keys_are_age_public_keys_only() {
        let identity = StaffIdentity::generate();
        let public = identity.public_key();
        assert_eq!(
            check_recipient(&format!("  {public}\n")).as_deref(),
            Ok(public.as_str())
        );
        let secret = String::from_utf8(identity.to_secret_bytes().to_vec()).expect("text");
        assert_eq!(
            check_recipient(&secret),
            Err(PartnerRuleError::SecretKeyPasted)
        );
        assert_eq!(
            check_recipient(&secret.to_lowercase()),
            Err(PartnerRuleError::SecretKeyPasted)
        );
        let flattened = format!("# created: 2026-12-06 # public key: {public} {secret}");
        assert_eq!(
            check_recipient(&flattened),
            Err(PartnerRuleError::SecretKeyPasted)
        );
        for wrong in [
            "",
            "age1",
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFake",
            "-----BEGIN PGP PUBLIC KEY BLOCK-----",
            &format!("{public}\n{public}"),
        ] {
            assert_eq!(
                check_recipient(wrong),
                Err(PartnerRuleError::RecipientInvalid),
                "{wrong}"
            );
        }
    }

    #[test]
    fn zip_names_stay_in_their_folder() {
        assert_eq!(zip_name("../../etc/passwd"), "_.._etc_passwd");
        assert_eq!(zip_name(".hidden"), "hidden");
        assert_eq!(zip_name("\u{202E}gpj.exe"), "_gpj.exe");
        assert_eq!(zip_name(""), "file");
        assert_eq!(zip_name("photo 1.jpg"), "photo 1.jpg");
    }
}
