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

    /// Whether new reports are encrypted to people with this role when an administrator adds them.
    pub fn receives_reports(self) -> bool {
        matches!(self, Role::Admin | Role::Caseworker)
    }

    pub fn sees_inbox(self) -> bool {
        matches!(self, Role::Admin | Role::Caseworker)
    }

    pub fn manages_staff(self) -> bool {
        self == Role::Admin
    }
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
    fn only_admins_and_caseworkers_receive_reports() {
        assert!(Role::Caseworker.receives_reports());
        assert!(!Role::Researcher.receives_reports());
        assert!(!Role::Auditor.sees_inbox());
    }
}
