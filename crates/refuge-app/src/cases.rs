//! Working a case: triage (status, the operator's sub-statuses, urgency), assignment, the
//! caseworker's own coding of tactics, and labels and a deadline in the sealed case card — for
//! one report or several at once. And each staff member's ring of case keys, which makes what
//! staff keep about a case (its card, notes, search document) cheap to open.
//!
//! SECURITY: status, sub-status, urgency, assignee and the recoded tactics are clear columns
//! (closed codes, listed in docs/security-model.md). Labels and deadlines are case content:
//! they exist only sealed under the report's case key, which exists only inside the sealed
//! report and in members' rings, each sealed under a key only that member's identity derives.
//! The audit log says *that* labels or a deadline changed, never to what.

use refuge_domain::case::{
    CASE_IDENTIFIERS_MAX, CaseCard, CaseRuleError, CaseState, CaseVocabulary,
};
use refuge_domain::ports::{AuditEntry, CaseUpdate, ReportMeta, StoreError, StoredReport};
use refuge_domain::report::{Identifier, ReportStatus};
use refuge_domain::taxonomy::Tactic;
use refuge_domain::{AuditAction, Day, Permission, ReportId, StaffId, TeamId};
use std::collections::HashMap;

use zeroize::Zeroizing;

use crate::sealed::{CaseKey, ReportKeys, SEALED_REPORT_FORMAT, SealedReport};
use crate::sessions::StaffSession;
use crate::{AppError, Refuge};

/// What sealed case content a key seals: the card.
const CARD_PURPOSE: &[u8] = b"card";
/// The purpose of a member's copy of a case key in their ring.
const RING_PURPOSE: &[u8] = b"refuge case key ring v1";
/// How often a change retries when a colleague changed the same case at the same moment.
const CHANGE_ATTEMPTS: usize = 4;

/// A member's copy of a report's case key, sealed under their ring key.
fn wrap_in_ring(ring: &[u8; 32], report: ReportId, key: &CaseKey) -> Vec<u8> {
    refuge_crypto::seal::seal(ring, key.bytes(), &ring_context(report))
}

/// A change to a case; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseChange {
    pub status: Option<ReportStatus>,
    /// `Some(None)` clears it. When only the status changes, a sub-status that does not
    /// belong under the new status is cleared.
    pub substatus: Option<Option<String>>,
    pub urgency: Option<refuge_domain::case::Urgency>,
    /// `Some(None)`: nobody.
    pub assignee: Option<Option<StaffId>>,
    /// The caseworker's coding of the tactics; `Some(empty)` goes back to the reporter's.
    pub tactics: Option<Vec<Tactic>>,
    /// The labels, all of them.
    pub labels: Option<Vec<String>>,
    /// One label added to those there (bulk actions).
    pub add_label: Option<String>,
    /// `Some(None)` clears it.
    pub deadline: Option<Option<Day>>,
    /// An identifier a caseworker recorded, added to the card.
    pub add_identifier: Option<Identifier>,
    /// A caseworkers' identifier removed from the card (named by what it is, not its place,
    /// so a colleague's removal meanwhile cannot make this remove another).
    pub remove_identifier: Option<Identifier>,
}

impl CaseChange {
    fn touches_card(&self) -> bool {
        self.labels.is_some()
            || self.add_label.is_some()
            || self.deadline.is_some()
            || self.touches_identifiers()
    }

    /// Whether the report's identifier set must be built again after it.
    pub(crate) fn touches_identifiers(&self) -> bool {
        self.add_identifier.is_some() || self.remove_identifier.is_some()
    }
}

/// A case as staff see it after a change: its clear fields, its card, and the assignee's name.
#[derive(Debug, Clone)]
pub struct CaseSummary {
    pub meta: ReportMeta,
    pub card: CaseCard,
    pub assignee: Option<String>,
    /// The names of the teams it was routed to.
    pub teams: Vec<String>,
}

impl Refuge {
    /// The organisation's sub-statuses and labels.
    pub fn case_vocabulary(&self) -> &CaseVocabulary {
        &self.settings.case
    }

    /// The key that derives nothing but this member's ring of case keys.
    fn ring_key(session: &StaffSession) -> Zeroizing<[u8; 32]> {
        session.identity.derive_key(RING_PURPOSE)
    }

    /// The case key of a report the session holds a key to: from the member's ring, or by
    /// opening the report (`opened`, if the caller has it already) and keeping a copy in the
    /// ring. A report stored before case work is given its case key now.
    pub(crate) async fn case_key(
        &self,
        session: &StaffSession,
        stored: &StoredReport,
        opened: Option<&SealedReport>,
    ) -> Result<CaseKey, AppError> {
        if !session.holds_key(stored) {
            return Err(AppError::NoAccess);
        }
        let id = stored.meta.id;
        let ring = Self::ring_key(session);
        if let Some((_, wrapped)) = self
            .store
            .case_keys(session.staff.id, &[id])
            .await?
            .into_iter()
            .next()
            && let Ok(bytes) = refuge_crypto::seal::open(&ring, &wrapped, &ring_context(id))
        {
            return CaseKey::from_bytes(&bytes);
        }
        let key = self.case_key_from_report(session, stored, opened).await?;
        self.store
            .insert_case_keys(session.staff.id, &[(id, wrap_in_ring(&ring, id, &key))])
            .await?;
        Ok(key)
    }

    /// The case key inside a report the session holds a key to (`opened`, if the caller has
    /// it already), given to it first if it has none.
    async fn case_key_from_report(
        &self,
        session: &StaffSession,
        stored: &StoredReport,
        opened: Option<&SealedReport>,
    ) -> Result<CaseKey, AppError> {
        let id = stored.meta.id;
        let found = match opened {
            Some(sealed) => sealed.keys.as_ref().map(ReportKeys::case_key).transpose()?,
            None => {
                let sealed = self.decrypt_report(session, stored).await?;
                sealed.keys.as_ref().map(ReportKeys::case_key).transpose()?
            }
        };
        match found {
            Some(Some(key)) => Ok(key),
            _ => self.give_case_key(session, id).await,
        }
    }

    /// Gives a report stored before case work its case key: the report is sealed again, to the
    /// same keys, with one. A colleague doing the same at the same moment wins; its key is used.
    async fn give_case_key(
        &self,
        session: &StaffSession,
        id: ReportId,
    ) -> Result<CaseKey, AppError> {
        for _ in 0..CHANGE_ATTEMPTS {
            let stored = self.stored_report(id).await?;
            let mut sealed = self.decrypt_report(session, &stored).await?;
            if let Some(Some(key)) = sealed.keys.as_ref().map(ReportKeys::case_key).transpose()? {
                return Ok(key);
            }
            let key = CaseKey::generate();
            match sealed.keys.as_mut() {
                Some(keys) => keys.case = Some(key.to_hex()),
                None => {
                    // Stored before follow-up: its conversation never existed, so fresh
                    // identities stand in (nothing is sealed to them).
                    sealed.keys = Some(ReportKeys {
                        conversation: secret_text(&refuge_crypto::StaffIdentity::generate()),
                        files: secret_text(&refuge_crypto::StaffIdentity::generate()),
                        case: Some(key.to_hex()),
                    });
                }
            }
            debug_assert_eq!(sealed.format, SEALED_REPORT_FORMAT);
            let plaintext = Zeroizing::new(
                serde_json::to_vec(&sealed).map_err(|e| AppError::Unavailable(e.to_string()))?,
            );
            let (keys, ids) = self.current_recipients(&stored).await?;
            let new_blob = self.seal_and_put(keys, plaintext).await?;
            let audit = AuditEntry {
                at: self.now(),
                actor: Some(session.staff.id),
                action: AuditAction::CaseKeyAdded,
                report: Some(id),
                subject: String::new(),
            };
            match self
                .store
                .reseal_report(id, &stored.blob, &new_blob, &ids, &audit)
                .await
            {
                Ok(old) => {
                    self.remove_blob(old).await;
                    return Ok(key);
                }
                Err(StoreError::Conflict) => self.remove_blob(new_blob).await,
                Err(other) => {
                    self.remove_blob(new_blob).await;
                    return Err(other.into());
                }
            }
        }
        Err(AppError::Conflict)
    }

    /// A report's case card, opened with its case key (empty when none was written).
    pub(crate) fn open_card(
        key: &CaseKey,
        report: ReportId,
        sealed_card: Option<&[u8]>,
    ) -> Result<CaseCard, AppError> {
        match sealed_card {
            None => Ok(CaseCard::default()),
            Some(sealed) => {
                let plain = key.open(CARD_PURPOSE, report, sealed)?;
                serde_json::from_slice(&plain)
                    .map_err(|e| AppError::Unavailable(format!("case card unreadable: {e}")))
            }
        }
    }

    /// The case keys of several reports the session holds keys to, from the member's ring;
    /// those not in it yet are opened once and added.
    pub(crate) async fn case_keys_for(
        &self,
        session: &StaffSession,
        reports: &[ReportId],
    ) -> Result<HashMap<ReportId, CaseKey>, AppError> {
        let ring = Self::ring_key(session);
        let mut keys = HashMap::with_capacity(reports.len());
        for (report, wrapped) in self.store.case_keys(session.staff.id, reports).await? {
            if let Ok(bytes) = refuge_crypto::seal::open(&ring, &wrapped, &ring_context(report)) {
                keys.insert(report, CaseKey::from_bytes(&bytes)?);
            }
        }
        // Those not in the ring yet: opened once each (a public-key operation), and kept in the
        // ring together, in one transaction.
        let mut added = Vec::new();
        for report in reports {
            if !keys.contains_key(report) {
                let stored = self.stored_report(*report).await?;
                if !session.holds_key(&stored) {
                    return Err(AppError::NoAccess);
                }
                let key = self.case_key_from_report(session, &stored, None).await?;
                added.push((*report, wrap_in_ring(&ring, *report, &key)));
                keys.insert(*report, key);
            }
        }
        self.store
            .insert_case_keys(session.staff.id, &added)
            .await?;
        Ok(keys)
    }

    /// The case as it stands, for someone who holds a key to it.
    pub async fn case_summary(
        &self,
        session: &StaffSession,
        id: ReportId,
    ) -> Result<CaseSummary, AppError> {
        session.require(Permission::WorkCases)?;
        let stored = self.known_report(session, id).await?;
        let key = self.case_key(session, &stored, None).await?;
        let card = Self::open_card(&key, id, stored.sealed_card.as_deref())?;
        self.summary(stored.meta, card, &stored.teams).await
    }

    async fn summary(
        &self,
        meta: ReportMeta,
        card: CaseCard,
        teams: &[TeamId],
    ) -> Result<CaseSummary, AppError> {
        let assignee = match meta.case.assignee {
            Some(id) => self.staff_name(id).await?,
            None => None,
        };
        Ok(CaseSummary {
            meta,
            card,
            assignee,
            teams: self.names_of_teams(teams).await?,
        })
    }

    /// Changes one case (its clear columns and card), with an audit row per kind of change,
    /// in one transaction. The member must hold a key to it; an assignee must too.
    pub async fn update_case(
        &self,
        session: &StaffSession,
        id: ReportId,
        change: &CaseChange,
    ) -> Result<CaseSummary, AppError> {
        session.require(Permission::WorkCases)?;
        let (summary, changed) = self.apply_change(session, id, change).await?;
        if changed && change.touches_identifiers() {
            self.rebuild_identifier_set(session, id).await?;
        }
        Ok(summary)
    }

    /// [`Refuge::update_case`], saying whether anything changed.
    async fn apply_change(
        &self,
        session: &StaffSession,
        id: ReportId,
        change: &CaseChange,
    ) -> Result<(CaseSummary, bool), AppError> {
        for _ in 0..CHANGE_ATTEMPTS {
            let stored = self.known_report(session, id).await?;
            if !session.holds_key(&stored) {
                return Err(AppError::NoAccess);
            }
            let (update, audit, card) = self.plan_change(session, &stored, change).await?;
            if audit.is_empty() {
                return Ok((self.summary(stored.meta, card, &stored.teams).await?, false));
            }
            match self
                .store
                .update_case(id, stored.case_version, &update, &audit)
                .await
            {
                Ok(()) => {
                    let mut meta = stored.meta;
                    meta.status = update.status;
                    meta.status_day = update.status_day;
                    meta.case = update.case;
                    return Ok((self.summary(meta, card, &stored.teams).await?, true));
                }
                // A colleague changed the case meanwhile: apply this change to theirs.
                Err(StoreError::Conflict) => continue,
                Err(other) => return Err(other.into()),
            }
        }
        Err(AppError::Conflict)
    }

    /// Applies one change to several cases (the inbox's bulk actions). Every case must be one
    /// the member holds a key to, or nothing is changed (`NotFound`, which says nothing of
    /// which). Returns how many cases changed.
    pub async fn update_cases(
        &self,
        session: &StaffSession,
        ids: &[ReportId],
        change: &CaseChange,
    ) -> Result<usize, AppError> {
        session.require(Permission::WorkCases)?;
        let mut unique: Vec<ReportId> = Vec::with_capacity(ids.len());
        for id in ids {
            if !unique.contains(id) {
                unique.push(*id);
            }
        }
        // Everything is checked before anything changes.
        for id in &unique {
            let stored = self.store.report(*id).await?.ok_or(AppError::NotFound)?;
            if !session.holds_key(&stored) {
                return Err(AppError::NotFound);
            }
            self.plan_change(session, &stored, change).await?;
        }
        let mut changed = 0;
        for id in &unique {
            if self.apply_change(session, *id, change).await?.1 {
                changed += 1;
            }
        }
        Ok(changed)
    }

    /// What `change` makes of `stored`: the update, its audit rows (none: nothing changes),
    /// and the card as it will be.
    pub(crate) async fn plan_change(
        &self,
        session: &StaffSession,
        stored: &StoredReport,
        change: &CaseChange,
    ) -> Result<(CaseUpdate, Vec<AuditEntry>, CaseCard), AppError> {
        let vocabulary = self.case_vocabulary();
        let meta = &stored.meta;
        let id = meta.id;
        let today = Day::from_unix_seconds(self.now());
        let mut audit = Vec::new();
        let entry = |action: AuditAction, subject: String| AuditEntry {
            at: self.now(),
            actor: Some(session.staff.id),
            action,
            report: Some(id),
            subject,
        };

        let status = change.status.unwrap_or(meta.status);
        let substatus = match &change.substatus {
            Some(chosen) => chosen.clone(),
            // The status alone changed: a sub-status of the old one does not follow it.
            None if status != meta.status => meta
                .case
                .substatus
                .clone()
                .filter(|code| vocabulary.check_substatus(status, Some(code)).is_ok()),
            None => meta.case.substatus.clone(),
        };
        vocabulary.check_substatus(status, substatus.as_deref())?;
        let mut case: CaseState = meta.case.clone();
        let mut status_day = meta.status_day;
        if status != meta.status || substatus != meta.case.substatus {
            if status != meta.status {
                status_day = today;
            }
            audit.push(entry(
                AuditAction::StatusChanged,
                match &substatus {
                    Some(sub) => format!("{}/{sub}", status.code()),
                    None => status.code().to_owned(),
                },
            ));
        }
        case.substatus = substatus;

        if let Some(urgency) = change.urgency
            && urgency != case.urgency
        {
            case.urgency = urgency;
            audit.push(entry(
                AuditAction::UrgencyChanged,
                urgency.code().to_owned(),
            ));
        }

        if let Some(assignee) = change.assignee
            && assignee != case.assignee
        {
            let subject = match assignee {
                Some(staff) => {
                    let person = self
                        .store
                        .staff_by_id(staff)
                        .await?
                        .filter(|p| !p.disabled && p.role.may(Permission::WorkCases))
                        .ok_or(AppError::NotFound)?;
                    if !stored.recipients.contains(&staff) {
                        return Err(CaseRuleError::AssigneeCannotRead(person.username).into());
                    }
                    format!("assignee={}", person.username)
                }
                None => "assignee=none".to_owned(),
            };
            case.assignee = assignee;
            audit.push(entry(AuditAction::AssigneeChanged, subject));
        }

        if let Some(tactics) = &change.tactics {
            let mut coded: Vec<Tactic> = Vec::with_capacity(tactics.len());
            for tactic in Tactic::ALL {
                if tactics.contains(tactic) {
                    coded.push(*tactic);
                }
            }
            let mut reported = meta.tactics.clone();
            reported.sort();
            // Nothing, or the reporter's own, is no recoding.
            let recoded = (!coded.is_empty() && coded != reported).then_some(coded);
            if recoded != case.staff_tactics {
                case.staff_tactics = recoded;
                audit.push(entry(AuditAction::TacticsRecoded, String::new()));
            }
        }

        let mut sealed_card = None;
        let mut card = CaseCard::default();
        if change.touches_card() || stored.sealed_card.is_some() {
            let key = self.case_key(session, stored, None).await?;
            card = Self::open_card(&key, id, stored.sealed_card.as_deref())?;
            if change.touches_card() {
                let mut next = card.clone();
                if let Some(labels) = &change.labels {
                    next.labels = vocabulary.check_labels(labels)?;
                }
                if let Some(label) = &change.add_label {
                    let mut labels = next.labels.clone();
                    labels.push(label.clone());
                    next.labels = vocabulary.check_labels(&labels)?;
                }
                if let Some(deadline) = change.deadline {
                    next.deadline = deadline.map(|day| day.to_string());
                }
                if let Some(gone) = &change.remove_identifier {
                    let Some(index) = next.identifiers.iter().position(|i| i == gone) else {
                        return Err(CaseRuleError::UnknownIdentifier.into());
                    };
                    let removed = next.identifiers.remove(index);
                    audit.push(entry(
                        AuditAction::IdentifierRemoved,
                        removed.kind.code().to_owned(),
                    ));
                }
                if let Some(identifier) = &change.add_identifier {
                    if next.identifiers.len() >= CASE_IDENTIFIERS_MAX {
                        return Err(CaseRuleError::TooManyIdentifiers.into());
                    }
                    if !next.identifiers.contains(identifier) {
                        next.identifiers.push(identifier.clone());
                        // The kind is on record; the value stays sealed.
                        audit.push(entry(
                            AuditAction::IdentifierAdded,
                            identifier.kind.code().to_owned(),
                        ));
                    }
                }
                // What they became stays sealed: the log says only that they changed.
                if next.labels != card.labels {
                    audit.push(entry(AuditAction::LabelsChanged, String::new()));
                }
                if next.deadline != card.deadline {
                    audit.push(entry(AuditAction::DeadlineChanged, String::new()));
                }
                if next != card {
                    let plain = Zeroizing::new(
                        serde_json::to_vec(&next)
                            .map_err(|e| AppError::Unavailable(e.to_string()))?,
                    );
                    sealed_card = Some(key.seal(CARD_PURPOSE, id, &plain));
                    card = next;
                }
            }
        }
        if !audit.is_empty() {
            case.activity = today;
        }
        Ok((
            CaseUpdate {
                status,
                status_day,
                changed_on: today,
                case,
                sealed_card,
                referral: None,
            },
            audit,
            card,
        ))
    }

    /// A colleague who works cases, by username (to assign them).
    pub async fn colleague(
        &self,
        session: &StaffSession,
        username: &str,
    ) -> Result<refuge_domain::ports::StaffRecord, AppError> {
        session.require(Permission::WorkCases)?;
        self.store
            .staff_by_username(username.trim())
            .await?
            .filter(|s| !s.disabled && s.role.may(Permission::WorkCases))
            .ok_or_else(|| CaseRuleError::AssigneeCannotRead(username.to_owned()).into())
    }

    /// The public keys a report is sealed to now: its recipients still enabled.
    async fn current_recipients(
        &self,
        stored: &StoredReport,
    ) -> Result<(Vec<String>, Vec<StaffId>), AppError> {
        let staff = self.store.list_staff().await?;
        let keepers: Vec<_> = staff
            .iter()
            .filter(|s| stored.recipients.contains(&s.id) && !s.disabled)
            .collect();
        Ok((
            keepers.iter().map(|s| s.public_key.clone()).collect(),
            keepers.iter().map(|s| s.id).collect(),
        ))
    }
}

fn ring_context(report: ReportId) -> Vec<u8> {
    let mut context = RING_PURPOSE.to_vec();
    context.extend_from_slice(report.as_bytes());
    context
}

fn secret_text(identity: &refuge_crypto::StaffIdentity) -> String {
    String::from_utf8_lossy(&identity.to_secret_bytes()).into_owned()
}
