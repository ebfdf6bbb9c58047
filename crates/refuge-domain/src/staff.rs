//! Staff accounts: roles and what each may do, and the rules for names and passwords.

/// A staff member's role. What a role may do is decided here, in one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Admin,
    Caseworker,
    Researcher,
    Auditor,
}

impl Role {
    pub const ALL: &'static [Role] = &[
        Role::Admin,
        Role::Caseworker,
        Role::Researcher,
        Role::Auditor,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Caseworker => "caseworker",
            Role::Researcher => "researcher",
            Role::Auditor => "auditor",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.iter().copied().find(|role| role.code() == code)
    }

    /// Whether someone with this role may do `what`: the one table of who may do what
    /// (code review step 3). Use cases ask it through the session; pages only hide what a
    /// role may not do, they decide nothing.
    pub fn may(self, what: Permission) -> bool {
        use Permission::*;
        match self {
            Role::Admin => matches!(
                what,
                ReceiveReports
                    | WorkCases
                    | ListStaff
                    | ShareAllReports
                    | ManageStaff
                    | ManageTeams
                    | ManagePartners
                    | ReadAudit
                    | WriteRegistry
                    | PublishRegistry
                    | WithdrawRegistry
                    | ReleaseStatistics
            ),
            Role::Caseworker => matches!(what, ReceiveReports | WorkCases | ListStaff),
            // Auditors read the audit log and never a report: nothing is sealed to them.
            Role::Auditor => matches!(what, ReadAudit),
            // Researchers keep the public registry and make statistics releases; they read
            // no report (a release counts the clear fields of consenting reports only).
            Role::Researcher => matches!(what, WriteRegistry | PublishRegistry | ReleaseStatistics),
        }
    }
}

/// Something a staff member may or may not do, by role ([`Role::may`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    /// New reports are sealed to this account's key (decided when the account is made).
    ReceiveReports,
    /// See the inbox, open the reports one holds a key to, write to their reporters, download
    /// their files, and give a colleague access to one of them.
    WorkCases,
    /// See the list of colleagues (to give access, to name who wrote what).
    ListStaff,
    /// Give a colleague every report one can read, at once.
    ShareAllReports,
    /// Invite, add, disable and enable accounts; see and withdraw invitations.
    ManageStaff,
    /// Create teams, choose their members, and set the routing of new reports; make the
    /// organisation's recovery key.
    ManageTeams,
    /// Read and export the audit log, see its head hash and export signed checkpoints of it.
    ReadAudit,
    /// Register and remove the partner organisations cases may be referred to.
    ManagePartners,
    /// Write registry drafts and sources.
    WriteRegistry,
    /// Publish a registry draft someone else wrote (the two-person rule).
    PublishRegistry,
    /// Take a published registry entry off the public side.
    WithdrawRegistry,
    /// Compute and publish a statistics release.
    ReleaseStatistics,
}

impl Permission {
    pub const ALL: &'static [Permission] = &[
        Permission::ReceiveReports,
        Permission::WorkCases,
        Permission::ListStaff,
        Permission::ShareAllReports,
        Permission::ManageStaff,
        Permission::ManageTeams,
        Permission::ReadAudit,
        Permission::ManagePartners,
        Permission::WriteRegistry,
        Permission::PublishRegistry,
        Permission::WithdrawRegistry,
        Permission::ReleaseStatistics,
    ];
}

pub const USERNAME_MAX_CHARS: usize = 64;
pub const PASSWORD_MIN_CHARS: usize = 12;
pub const PASSWORD_MAX_BYTES: usize = 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AccountRuleError {
    #[error("username must be 2–64 characters: lowercase letters, digits, '.', '_' or '-'")]
    UsernameInvalid,
    #[error("password must be at least 12 characters")]
    PasswordTooShort,
    #[error("password is too long")]
    PasswordTooLong,
}

impl AccountRuleError {
    pub fn code(self) -> &'static str {
        match self {
            AccountRuleError::UsernameInvalid => "username_invalid",
            AccountRuleError::PasswordTooShort => "password_too_short",
            AccountRuleError::PasswordTooLong => "password_too_long",
        }
    }
}

/// Usernames are ASCII so that look-alike letters from other scripts cannot impersonate a colleague.
pub fn check_username(username: &str) -> Result<(), AccountRuleError> {
    let valid = (2..=USERNAME_MAX_CHARS).contains(&username.len())
        && username.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-')
        });
    if valid {
        Ok(())
    } else {
        Err(AccountRuleError::UsernameInvalid)
    }
}

pub fn check_new_password(password: &str) -> Result<(), AccountRuleError> {
    if password.len() > PASSWORD_MAX_BYTES {
        Err(AccountRuleError::PasswordTooLong)
    } else if password.chars().count() < PASSWORD_MIN_CHARS {
        Err(AccountRuleError::PasswordTooShort)
    } else {
        Ok(())
    }
}

/// Every rule a new account breaks, all at once (a form shows them together).
pub fn check_new_account(username: &str, password: &str) -> Vec<AccountRuleError> {
    [check_username(username), check_new_password(password)]
        .into_iter()
        .filter_map(Result::err)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_plain_ascii() {
        assert!(check_username("amina.k").is_ok());
        for bad in ["A", "Amina", "аmina", "a b", "", &"a".repeat(65)] {
            assert!(check_username(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn passwords_have_a_floor_counted_in_characters() {
        assert!(check_new_password("short").is_err());
        assert!(check_new_password("密码密码密码密码密码密码").is_ok());
        assert!(check_new_password(&"x".repeat(2000)).is_err());
    }

    #[test]
    fn a_new_account_hears_every_problem_at_once() {
        assert_eq!(
            check_new_account("Bad Name", "short"),
            vec![
                AccountRuleError::UsernameInvalid,
                AccountRuleError::PasswordTooShort
            ]
        );
        assert!(check_new_account("amina", "correct horse battery").is_empty());
    }

    #[test]
    fn the_permission_table_reads_as_written() {
        use Permission::*;
        // Each row: the permissions a role has, and nothing else.
        let table: &[(Role, &[Permission])] = &[
            (
                Role::Admin,
                &[
                    ReceiveReports,
                    WorkCases,
                    ListStaff,
                    ShareAllReports,
                    ManageStaff,
                    ManageTeams,
                    ManagePartners,
                    ReadAudit,
                    WriteRegistry,
                    PublishRegistry,
                    WithdrawRegistry,
                    ReleaseStatistics,
                ],
            ),
            (Role::Caseworker, &[ReceiveReports, WorkCases, ListStaff]),
            (
                Role::Researcher,
                &[WriteRegistry, PublishRegistry, ReleaseStatistics],
            ),
            (Role::Auditor, &[ReadAudit]),
        ];
        for (role, allowed) in table {
            for what in Permission::ALL {
                assert_eq!(
                    role.may(*what),
                    allowed.contains(what),
                    "{role:?} may {what:?}"
                );
            }
        }
        assert_eq!(table.len(), Role::ALL.len());
    }
}

/// The kind of a staff member's second factor. Both type six digits into the same form; a
/// WebAuthn key (later) would be a third kind with its own step on the sign-in page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SecondFactorKind {
    /// An authenticator app: RFC 6238 codes from the time.
    Totp,
    /// A hardware key typing RFC 4226 codes from its counter.
    Hotp,
}

impl SecondFactorKind {
    pub const ALL: &'static [SecondFactorKind] = &[SecondFactorKind::Totp, SecondFactorKind::Hotp];

    pub fn code(self) -> &'static str {
        match self {
            SecondFactorKind::Totp => "totp",
            SecondFactorKind::Hotp => "hotp",
        }
    }

    pub fn from_code(code: &str) -> Option<SecondFactorKind> {
        SecondFactorKind::ALL
            .iter()
            .copied()
            .find(|k| k.code() == code)
    }
}
