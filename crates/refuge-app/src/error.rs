//! The small set of outcomes the web layer renders. Each has a stable snake_case code; detail
//! meant for operators stays in `Unavailable` and is logged, never shown.

use refuge_domain::case::CaseRuleError;
use refuge_domain::ports::{BlobError, StoreError};
use refuge_domain::report::FieldError;
use refuge_domain::staff::AccountRuleError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    #[error("account rule: {0}")]
    AccountRule(AccountRuleError),
    /// A change to a case the organisation's vocabulary or the report's keys do not allow.
    #[error("case rule: {0}")]
    CaseRule(CaseRuleError),
    /// A team or its members refused.
    #[error("team: {0}")]
    Team(crate::teams::TeamError),
    /// A routing table refused.
    #[error("routing: {0}")]
    Routing(refuge_domain::routing::RoutingError),
    /// An inbox filter, sort, cursor or search that cannot be read.
    #[error("inbox: {0}")]
    Filter(crate::inbox::FilterError),
    /// An audit view's filter that cannot be read.
    #[error("audit: {0}")]
    AuditFilter(crate::audit::AuditFilterError),
    #[error("the form expired")]
    FormExpired,
    #[error("nobody can receive reports yet")]
    NoRecipients,
    #[error("not signed in")]
    Unauthenticated,
    #[error("wrong username or password")]
    InvalidCredentials,
    /// The password was right; the account's second factor is wanted too.
    #[error("second factor required")]
    SecondFactorRequired,
    /// A wrong, used or replayed one-time or recovery code.
    #[error("second factor wrong")]
    SecondFactorInvalid,
    /// Too many wrong codes in a row: only a recovery code (or an administrator's reset) opens
    /// the account now.
    #[error("second factor locked")]
    SecondFactorLocked,
    /// The instance requires a second factor and this account has none yet: only enrolment
    /// (and signing out) is open to it.
    #[error("second factor enrolment required")]
    EnrolmentRequired,
    #[error("receipt not recognised")]
    InvalidReceipt,
    /// What was typed cannot be a receipt; said before any lookup (the check digit is public).
    #[error("receipt mistyped: {0:?}")]
    ReceiptMistyped(ReceiptMistake),
    #[error("too many attempts")]
    Throttled { retry_after_seconds: i64 },
    /// Intake is at its budget (or this form was sent too often): try again later, nothing lost.
    #[error("intake busy")]
    IntakeBusy { retry_after_seconds: i64 },
    /// An API report without a valid proof of work.
    #[error("proof of work required ({bits} bits)")]
    ProofOfWorkRequired { bits: u8 },
    /// A report's conversation is at one of its limits.
    #[error("quota reached: {0:?}")]
    QuotaReached(Quota),
    #[error("not allowed")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("no key to this report yet")]
    NoAccess,
    #[error("already exists")]
    Conflict,
    #[error("file refused: {0:?}")]
    FileRefused(FileRefusal),
    /// A partner organisation refused (its name or key).
    #[error("partner: {0}")]
    PartnerRule(refuge_domain::referral::PartnerRuleError),
    /// A referral names no registered partner.
    #[error("no such partner")]
    PartnerUnknown,
    /// The reporter's consent does not cover referring to a partner of this kind.
    #[error("the reporter's consent does not cover a {0:?} partner")]
    ConsentNotGiven(refuge_domain::referral::PartnerKind),
    /// A registry entry or source that cannot be saved or published, with every reason.
    #[error("registry entry refused: {0:?}")]
    RegistryInvalid(Vec<refuge_domain::registry::EntryProblem>),
    /// A statistics release refused (future months, months already released).
    #[error("release: {0}")]
    Release(crate::statistics::ReleaseRefusal),
    /// Publishing refused by the two-person rule.
    #[error("registry: {0}")]
    RegistryRule(refuge_domain::registry::RegistryRuleError),
    #[error("unavailable: {0}")]
    Unavailable(String),
}

/// Limits on one report's conversation (security review M6).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quota {
    /// The reporter's messages on this report, in all.
    Messages { max: u32 },
    /// The reporter's messages on this report today.
    MessagesToday { max: u32 },
}

impl Quota {
    pub fn code(self) -> &'static str {
        match self {
            Quota::Messages { .. } => "too_many_messages",
            Quota::MessagesToday { .. } => "too_many_messages_today",
        }
    }
}

/// Why typed digits cannot be a receipt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReceiptMistake {
    /// Not 28 digits (or something other than digits and separators).
    Length,
    /// 28 digits, but the check digit shows a typo (a wrong digit or two swapped).
    Typo,
}

impl AppError {
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Invalid(_) => "invalid_input",
            AppError::AccountRule(rule) => rule.code(),
            AppError::CaseRule(rule) => rule.code(),
            AppError::Team(error) => error.code(),
            AppError::Routing(error) => error.code(),
            AppError::Filter(error) => error.code(),
            AppError::AuditFilter(_) => "invalid_filter",
            AppError::FormExpired => "form_expired",
            AppError::NoRecipients => "not_accepting_reports",
            AppError::Unauthenticated => "unauthenticated",
            AppError::InvalidCredentials => "invalid_credentials",
            AppError::SecondFactorRequired => "totp_required",
            AppError::SecondFactorInvalid => "totp_invalid",
            AppError::SecondFactorLocked => "totp_locked",
            AppError::EnrolmentRequired => "totp_enrolment_required",
            AppError::InvalidReceipt => "invalid_receipt",
            AppError::ReceiptMistyped(ReceiptMistake::Length) => "receipt_wrong_length",
            AppError::ReceiptMistyped(ReceiptMistake::Typo) => "receipt_typo",
            AppError::Throttled { .. } => "too_many_attempts",
            AppError::IntakeBusy { .. } => "intake_busy",
            AppError::ProofOfWorkRequired { .. } => "proof_of_work_required",
            AppError::QuotaReached(quota) => quota.code(),
            AppError::Forbidden => "forbidden",
            AppError::NotFound => "not_found",
            AppError::NoAccess => "no_access",
            AppError::Conflict => "already_exists",
            AppError::FileRefused(refusal) => refusal.code(),
            AppError::PartnerRule(rule) => rule.code(),
            AppError::PartnerUnknown => "partner_unknown",
            AppError::ConsentNotGiven(_) => "consent_not_given",
            AppError::RegistryInvalid(_) => "invalid_entry",
            AppError::RegistryRule(rule) => rule.code(),
            AppError::Release(refusal) => refusal.code(),
            AppError::Unavailable(_) => "unavailable",
        }
    }
}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Conflict => AppError::Conflict,
            StoreError::NotFound => AppError::NotFound,
            StoreError::Unavailable(detail) => AppError::Unavailable(detail),
        }
    }
}

impl From<BlobError> for AppError {
    fn from(error: BlobError) -> Self {
        match error {
            BlobError::NotFound => AppError::Unavailable("a sealed blob is missing".into()),
            other => AppError::Unavailable(other.to_string()),
        }
    }
}

impl From<CaseRuleError> for AppError {
    fn from(error: CaseRuleError) -> Self {
        AppError::CaseRule(error)
    }
}

impl From<AccountRuleError> for AppError {
    fn from(error: AccountRuleError) -> Self {
        AppError::AccountRule(error)
    }
}

/// Why files were refused; each has a message in every locale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileRefusal {
    FileTooLarge {
        max_bytes: u64,
    },
    ReportTooLarge {
        max_bytes: u64,
    },
    DailyLimit,
    TooManyFiles {
        max: usize,
    },
    NoFiles,
    /// A file with a name but no content (an empty part without a name is no file at all: that
    /// is what a browser sends when nothing was chosen).
    EmptyFile,
    /// The report holds as many files as it may (security review M6).
    ReportFull {
        max: u32,
    },
}

impl FileRefusal {
    pub fn code(self) -> &'static str {
        match self {
            FileRefusal::FileTooLarge { .. } => "file_too_large",
            FileRefusal::ReportTooLarge { .. } => "report_files_too_large",
            FileRefusal::DailyLimit => "daily_upload_limit",
            FileRefusal::TooManyFiles { .. } => "too_many_files",
            FileRefusal::NoFiles => "no_files",
            FileRefusal::EmptyFile => "empty_file",
            FileRefusal::ReportFull { .. } => "too_many_files_on_report",
        }
    }
}
