//! What the audit log can say happened: a closed set of staff actions, each with a stable code
//! that is what the database keeps (structure step 2 of the December 2026 code review).

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
}
