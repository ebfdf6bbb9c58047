//! What the audit log can say happened: a closed set of staff actions, each with a stable code
//! that is what the database keeps (structure step 2 of the December 2026 code review); and the
//! hash chain that makes a changed, removed or reordered row show.
//!
//! Each row holds the SHA-256 of its predecessor and its own hash: SHA-256 over the
//! predecessor's hash and the row's canonical content (its number, time, actor, action, report
//! and subject, each length-prefixed). The first row follows 32 zero bytes. A chain alone cannot
//! show that its tail was cut (the shorter chain is as valid), so the instance signs
//! checkpoints — a row number and its hash — that an administrator keeps off the server.

use sha2::{Digest, Sha256};

use crate::ids::{ReportId, StaffId};

/// A staff action the audit log records. Reporters' actions are never recorded (that would say
/// when they acted).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuditAction {
    FirstAdminCreated,
    StaffAdded,
    StaffInvited,
    InvitationAccepted,
    InvitationWithdrawn,
    StaffDisabled,
    StaffEnabled,
    PasswordChanged,
    SessionEnded,
    Login,
    ReportOpened,
    ReportAccessGranted,
    MessageToReporter,
    FileDownloadedClean,
    FileDownloadedOriginal,
    StatusChanged,
    UrgencyChanged,
    AssigneeChanged,
    LabelsChanged,
    TacticsRecoded,
    DeadlineChanged,
    CaseKeyAdded,
    NoteWritten,
    TeamCreated,
    TeamChanged,
    TeamDeleted,
    RoutingChanged,
    RecoveryKeyCreated,
    RecoveryKeyUsed,
    LoginFailed,
    AuditExported,
    AuditCheckpointWritten,
    TwoFactorEnabled,
    TwoFactorRemoved,
    RecoveryCodeUsed,
    ReportsPurged,
    CorrelationKeyCreated,
    IdentifierAdded,
    IdentifierRemoved,
    IdentifierLookedUp,
    PartnerAdded,
    PartnerRemoved,
    ReportReferred,
    ConsentChanged,
    RegistrySourceAdded,
    RegistrySourceChanged,
    RegistrySourceArchived,
    RegistryDraftWritten,
    RegistryEntryPublished,
    RegistryEntryWithdrawn,
    StatisticsReleased,
}

impl AuditAction {
    pub const ALL: &'static [AuditAction] = &[
        AuditAction::FirstAdminCreated,
        AuditAction::StaffAdded,
        AuditAction::StaffInvited,
        AuditAction::InvitationAccepted,
        AuditAction::InvitationWithdrawn,
        AuditAction::StaffDisabled,
        AuditAction::StaffEnabled,
        AuditAction::PasswordChanged,
        AuditAction::SessionEnded,
        AuditAction::Login,
        AuditAction::ReportOpened,
        AuditAction::ReportAccessGranted,
        AuditAction::MessageToReporter,
        AuditAction::FileDownloadedClean,
        AuditAction::FileDownloadedOriginal,
        AuditAction::StatusChanged,
        AuditAction::UrgencyChanged,
        AuditAction::AssigneeChanged,
        AuditAction::LabelsChanged,
        AuditAction::TacticsRecoded,
        AuditAction::DeadlineChanged,
        AuditAction::CaseKeyAdded,
        AuditAction::NoteWritten,
        AuditAction::TeamCreated,
        AuditAction::TeamChanged,
        AuditAction::TeamDeleted,
        AuditAction::RoutingChanged,
        AuditAction::RecoveryKeyCreated,
        AuditAction::RecoveryKeyUsed,
        AuditAction::LoginFailed,
        AuditAction::AuditExported,
        AuditAction::AuditCheckpointWritten,
        AuditAction::TwoFactorEnabled,
        AuditAction::TwoFactorRemoved,
        AuditAction::RecoveryCodeUsed,
        AuditAction::ReportsPurged,
        AuditAction::CorrelationKeyCreated,
        AuditAction::IdentifierAdded,
        AuditAction::IdentifierRemoved,
        AuditAction::IdentifierLookedUp,
        AuditAction::PartnerAdded,
        AuditAction::PartnerRemoved,
        AuditAction::ReportReferred,
        AuditAction::ConsentChanged,
        AuditAction::RegistrySourceAdded,
        AuditAction::RegistrySourceChanged,
        AuditAction::RegistrySourceArchived,
        AuditAction::RegistryDraftWritten,
        AuditAction::RegistryEntryPublished,
        AuditAction::RegistryEntryWithdrawn,
        AuditAction::StatisticsReleased,
    ];

    pub fn code(self) -> &'static str {
        match self {
            AuditAction::FirstAdminCreated => "first_admin_created",
            AuditAction::StaffAdded => "staff_added",
            AuditAction::StaffInvited => "staff_invited",
            AuditAction::InvitationAccepted => "invitation_accepted",
            AuditAction::InvitationWithdrawn => "invitation_withdrawn",
            AuditAction::StaffDisabled => "staff_disabled",
            AuditAction::StaffEnabled => "staff_enabled",
            AuditAction::PasswordChanged => "password_changed",
            AuditAction::SessionEnded => "session_ended",
            AuditAction::Login => "login",
            AuditAction::ReportOpened => "report_opened",
            AuditAction::ReportAccessGranted => "report_access_granted",
            AuditAction::MessageToReporter => "message_to_reporter",
            AuditAction::FileDownloadedClean => "file_downloaded_clean",
            AuditAction::FileDownloadedOriginal => "file_downloaded_original",
            AuditAction::StatusChanged => "status_changed",
            AuditAction::UrgencyChanged => "urgency_changed",
            AuditAction::AssigneeChanged => "assignee_changed",
            AuditAction::LabelsChanged => "labels_changed",
            AuditAction::TacticsRecoded => "tactics_recoded",
            AuditAction::DeadlineChanged => "deadline_changed",
            AuditAction::CaseKeyAdded => "case_key_added",
            AuditAction::NoteWritten => "note_written",
            AuditAction::TeamCreated => "team_created",
            AuditAction::TeamChanged => "team_changed",
            AuditAction::TeamDeleted => "team_deleted",
            AuditAction::RoutingChanged => "routing_changed",
            AuditAction::RecoveryKeyCreated => "recovery_key_created",
            AuditAction::RecoveryKeyUsed => "recovery_key_used",
            AuditAction::LoginFailed => "login_failed",
            AuditAction::AuditExported => "audit_exported",
            AuditAction::AuditCheckpointWritten => "audit_checkpoint_written",
            AuditAction::TwoFactorEnabled => "two_factor_enabled",
            AuditAction::TwoFactorRemoved => "two_factor_removed",
            AuditAction::RecoveryCodeUsed => "recovery_code_used",
            AuditAction::ReportsPurged => "reports_purged",
            AuditAction::CorrelationKeyCreated => "correlation_key_created",
            AuditAction::IdentifierAdded => "identifier_added",
            AuditAction::IdentifierRemoved => "identifier_removed",
            AuditAction::IdentifierLookedUp => "identifier_looked_up",
            AuditAction::PartnerAdded => "partner_added",
            AuditAction::PartnerRemoved => "partner_removed",
            AuditAction::ReportReferred => "report_referred",
            AuditAction::ConsentChanged => "consent_changed",
            AuditAction::RegistrySourceAdded => "registry_source_added",
            AuditAction::RegistrySourceChanged => "registry_source_changed",
            AuditAction::RegistrySourceArchived => "registry_source_archived",
            AuditAction::RegistryDraftWritten => "registry_draft_written",
            AuditAction::RegistryEntryPublished => "registry_entry_published",
            AuditAction::RegistryEntryWithdrawn => "registry_entry_withdrawn",
            AuditAction::StatisticsReleased => "statistics_released",
        }
    }

    pub fn from_code(code: &str) -> Option<AuditAction> {
        AuditAction::ALL.iter().copied().find(|a| a.code() == code)
    }

    /// Whether this action can change who new reports are sealed to (security review M7: every
    /// recipient is shown these, with who did them and when).
    pub fn changes_intake_recipients(self) -> bool {
        matches!(
            self,
            AuditAction::FirstAdminCreated
                | AuditAction::TeamCreated
                | AuditAction::TeamChanged
                | AuditAction::TeamDeleted
                | AuditAction::RoutingChanged
                | AuditAction::RecoveryKeyCreated
                | AuditAction::StaffAdded
                | AuditAction::StaffInvited
                | AuditAction::InvitationAccepted
                | AuditAction::InvitationWithdrawn
                | AuditAction::StaffDisabled
                | AuditAction::StaffEnabled
        )
    }
}

/// What the first row of the chain follows.
pub const GENESIS: [u8; 32] = [0; 32];

/// The hash of row `seq` with this content, following `previous`.
pub fn chain_hash(
    previous: &[u8; 32],
    seq: i64,
    at: i64,
    actor: Option<StaffId>,
    action: AuditAction,
    report: Option<ReportId>,
    subject: &str,
) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(b"refuge audit row v1\0");
    hasher.update(previous);
    hasher.update(seq.to_be_bytes());
    hasher.update(at.to_be_bytes());
    let mut field = |bytes: &[u8]| {
        hasher.update((bytes.len() as u64).to_be_bytes());
        hasher.update(bytes);
    };
    field(actor.as_ref().map_or(&[][..], |a| a.as_bytes()));
    field(action.code().as_bytes());
    field(report.as_ref().map_or(&[][..], |r| r.as_bytes()));
    field(subject.as_bytes());
    hasher.finalize().into()
}

/// A row as the chain sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainedRow {
    pub seq: i64,
    pub at: i64,
    pub actor: Option<StaffId>,
    pub action: AuditAction,
    pub report: Option<ReportId>,
    pub subject: String,
    pub previous: [u8; 32],
    pub hash: [u8; 32],
}

/// The first thing wrong with the log, naming the row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ChainBreak {
    #[error("row {seq}: its content does not match its hash (the row was changed)")]
    Changed { seq: i64 },
    #[error(
        "row {seq}: it does not follow row {after} (a row between them was removed, or rows were reordered)"
    )]
    Unlinked { seq: i64, after: i64 },
    #[error("row {seq}: it is the first row, yet it follows another (rows before it were removed)")]
    HeadlessStart { seq: i64 },
    #[error("row {seq}: its number is not above row {after}'s (rows were reordered)")]
    OutOfOrder { seq: i64, after: i64 },
    #[error(
        "the log ends at row {last}, but it had reached row {head} (rows were removed from its end)"
    )]
    Truncated { last: i64, head: i64 },
    #[error("the log's last row {seq} is not the row it had reached (its end was replaced)")]
    HeadMismatch { seq: i64 },
    #[error("the log has no row {seq}, which the checkpoint names (it was cut before it)")]
    CheckpointMissing { seq: i64 },
    #[error("row {seq} is not the row the checkpoint signed (the log was rewritten up to it)")]
    CheckpointMismatch { seq: i64 },
}

/// Walks the rows in order, a page at a time, and stops at the first break.
#[derive(Debug, Clone)]
pub struct ChainWalk {
    last: Option<(i64, [u8; 32])>,
    rows: u64,
}

impl Default for ChainWalk {
    fn default() -> Self {
        ChainWalk::new()
    }
}

impl ChainWalk {
    pub fn new() -> ChainWalk {
        ChainWalk {
            last: None,
            rows: 0,
        }
    }

    /// The next row, in order of `seq`.
    pub fn push(&mut self, row: &ChainedRow) -> Result<(), ChainBreak> {
        let seq = row.seq;
        match self.last {
            None if row.previous != GENESIS => return Err(ChainBreak::HeadlessStart { seq }),
            Some((after, _)) if seq <= after => return Err(ChainBreak::OutOfOrder { seq, after }),
            Some((after, hash)) if row.previous != hash => {
                return Err(ChainBreak::Unlinked { seq, after });
            }
            _ => {}
        }
        let expected = chain_hash(
            &row.previous,
            seq,
            row.at,
            row.actor,
            row.action,
            row.report,
            &row.subject,
        );
        if expected != row.hash {
            return Err(ChainBreak::Changed { seq });
        }
        self.last = Some((seq, row.hash));
        self.rows += 1;
        Ok(())
    }

    /// The last row walked: its number and hash (`None`: no row yet).
    pub fn last(&self) -> Option<(i64, [u8; 32])> {
        self.last
    }

    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// After the last row: the log must end where its recorded head says it had reached.
    pub fn finish(&self, head: (i64, [u8; 32])) -> Result<(), ChainBreak> {
        let (head_seq, head_hash) = head;
        let (last, hash) = self.last.unwrap_or((0, GENESIS));
        if last < head_seq {
            return Err(ChainBreak::Truncated {
                last,
                head: head_seq,
            });
        }
        if last > head_seq || hash != head_hash {
            return Err(ChainBreak::HeadMismatch { seq: last });
        }
        Ok(())
    }
}

/// A checkpoint: the row a log had reached and its hash, as the instance signed it. Written as
/// a short text (what the administrator keeps); the instance's Ed25519 signature block follows
/// it, and `openssl` verifies it too.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    pub instance: String,
    pub seq: i64,
    pub hash: [u8; 32],
    /// When it was written (seconds).
    pub at: i64,
}

const CHECKPOINT_TITLE: &str = "Refuge audit log checkpoint";

impl Checkpoint {
    /// The text that is signed: one `name: value` per line, ending with a line break.
    pub fn text(&self) -> String {
        format!(
            "{CHECKPOINT_TITLE}\nformat: refuge.audit-checkpoint.v1\ninstance: {}\nrow: {}\nhash: {}\nwritten: {}\n",
            self.instance,
            self.seq,
            hex(&self.hash),
            self.at
        )
    }

    /// Reads the text part of a checkpoint (what precedes its signature block).
    pub fn parse(text: &str) -> Option<Checkpoint> {
        let mut lines = text.lines();
        if lines.next()? != CHECKPOINT_TITLE {
            return None;
        }
        let mut field = |name: &str| -> Option<String> {
            let line = lines.next()?;
            line.strip_prefix(name)?
                .strip_prefix(": ")
                .map(str::to_owned)
        };
        if field("format")? != "refuge.audit-checkpoint.v1" {
            return None;
        }
        let instance = field("instance")?;
        let seq = field("row")?.parse().ok()?;
        let hash = unhex(&field("hash")?)?;
        let at = field("written")?.parse().ok()?;
        Some(Checkpoint {
            instance,
            seq,
            hash,
            at,
        })
    }
}

/// Lowercase hexadecimal.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<[u8; 32]> {
    if text.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(text.get(i * 2..i * 2 + 2)?, 16).ok()?;
    }
    Some(out)
}

impl std::fmt::Display for AuditAction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_has_one_code() {
        for action in AuditAction::ALL {
            assert_eq!(AuditAction::from_code(action.code()), Some(*action));
        }
        assert_eq!(AuditAction::from_code("dropped_table"), None);
    }

    fn chain(n: i64) -> Vec<ChainedRow> {
        let mut rows = Vec::new();
        let mut previous = GENESIS;
        for seq in 1..=n {
            let subject = format!("subject {seq}");
            let hash = chain_hash(
                &previous,
                seq,
                1_000 + seq,
                None,
                AuditAction::Login,
                None,
                &subject,
            );
            rows.push(ChainedRow {
                seq,
                at: 1_000 + seq,
                actor: None,
                action: AuditAction::Login,
                report: None,
                subject,
                previous,
                hash,
            });
            previous = hash;
        }
        rows
    }

    fn walk(rows: &[ChainedRow]) -> Result<ChainWalk, ChainBreak> {
        let mut walk = ChainWalk::new();
        for row in rows {
            walk.push(row)?;
        }
        Ok(walk)
    }

    #[test]
    fn an_intact_chain_walks_to_its_head() {
        let rows = chain(5);
        let walked = walk(&rows).expect("intact");
        let head = walked.last().expect("a head");
        assert_eq!(head, (5, rows[4].hash));
        assert_eq!(walked.finish(head), Ok(()));
        assert_eq!(ChainWalk::new().finish((0, GENESIS)), Ok(()));
    }

    #[test]
    fn a_change_a_removal_a_reordering_and_a_cut_each_show() {
        let rows = chain(5);
        let mut changed = rows.clone();
        changed[2].subject = "something else".into();
        assert_eq!(walk(&changed).err(), Some(ChainBreak::Changed { seq: 3 }));

        let mut actor = rows.clone();
        actor[1].action = AuditAction::ReportOpened;
        assert_eq!(walk(&actor).err(), Some(ChainBreak::Changed { seq: 2 }));

        let mut removed = rows.clone();
        removed.remove(2);
        assert_eq!(
            walk(&removed).err(),
            Some(ChainBreak::Unlinked { seq: 4, after: 2 })
        );

        let mut first_gone = rows.clone();
        first_gone.remove(0);
        assert_eq!(
            walk(&first_gone).err(),
            Some(ChainBreak::HeadlessStart { seq: 2 })
        );

        let mut swapped = rows.clone();
        swapped.swap(1, 2);
        assert_eq!(
            walk(&swapped).err(),
            Some(ChainBreak::Unlinked { seq: 3, after: 1 })
        );

        let mut repeated = rows.clone();
        repeated.insert(2, rows[1].clone());
        assert_eq!(
            walk(&repeated).err(),
            Some(ChainBreak::OutOfOrder { seq: 2, after: 2 })
        );

        // Renumbered to hide a swap: the numbers are in the hashes.
        let mut renumbered = rows.clone();
        renumbered.swap(1, 2);
        renumbered[1].seq = 2;
        renumbered[2].seq = 3;
        assert!(walk(&renumbered).is_err());

        let head = (5, rows[4].hash);
        let cut = walk(&rows[..3]).expect("a valid prefix");
        assert_eq!(
            cut.finish(head),
            Err(ChainBreak::Truncated { last: 3, head: 5 })
        );
    }

    #[test]
    fn checkpoints_read_back_what_they_wrote() {
        let checkpoint = Checkpoint {
            instance: "0f1e2d3c".into(),
            seq: 42,
            hash: [0xab; 32],
            at: 1_795_435_200,
        };
        let text = checkpoint.text();
        assert!(text.ends_with('\n'));
        assert_eq!(Checkpoint::parse(&text), Some(checkpoint.clone()));
        assert_eq!(Checkpoint::parse(&text.replace("row: 42", "row: x")), None);
        assert_eq!(Checkpoint::parse("Something else\n"), None);
    }
}
