//! What the operator can tune, passed in by the binary (no globals).

use refuge_crypto::KdfCost;

use refuge_domain::case::{CaseVocabulary, Label, Substatus};

use crate::budget::IntakeLimits;

#[derive(Debug, Clone)]
pub struct Settings {
    /// Argon2id cost wrapping staff keys under their passwords.
    pub password_cost: KdfCost,
    /// Argon2id cost of the receipt hash.
    pub receipt_cost: KdfCost,
    /// How many Argon2 computations may run at once (memory ceiling = this × the larger cost).
    pub kdf_concurrency: usize,
    pub session_idle_seconds: i64,
    pub session_absolute_seconds: i64,
    /// Every staff account must have a second factor: one without is sent to enrol it at
    /// sign-in and may do nothing else until it has (`staff.require_totp`).
    pub require_second_factor: bool,
    /// Retention rules (`None`: keep).
    pub retention: Retention,
    /// Origin states offered on the form (ISO codes).
    pub origin_states: Vec<String>,
    /// Blobs younger than this are never treated as orphans (another server may be committing).
    pub orphan_grace_seconds: u64,
    pub files: FileLimits,
    /// How long after sending a report its receipt may be shown again, to a retry or a reload
    /// (a dropped connection needs this; a shared computer wants it short).
    pub receipt_window_seconds: i64,
    /// The intake budget and the API's proof of work (security review M6).
    pub intake: IntakeLimits,
    /// Limits on one report's conversation, and how much of it a page shows.
    pub conversation: ConversationLimits,
    /// The organisation's sub-statuses and labels (checked by the binary when it loads them).
    pub case: CaseVocabulary,
    /// Reporters are told the name of the organisation their case was referred to, not only
    /// its kind (`referral.show_partner_names`; off by default).
    pub referral_names_to_reporters: bool,
    /// Disclosure control of public statistics (`[statistics]`).
    pub statistics: StatisticsRules,
}

/// How releases protect reporters (issue 12): the threshold below which no count is published,
/// and optional noise with its privacy loss per release.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatisticsRules {
    /// At least `refuge_domain::statistics::K_MIN`.
    pub k: u64,
    /// ε per release, in thousandths (`None`: no noise).
    pub epsilon_thousandths: Option<u64>,
    /// Months per release made by the schedule (`None`: researchers make them).
    pub schedule_months: Option<u8>,
}

impl Default for StatisticsRules {
    fn default() -> Self {
        StatisticsRules {
            k: refuge_domain::statistics::K_DEFAULT,
            epsilon_thousandths: None,
            schedule_months: None,
        }
    }
}

/// How long reports are kept (issue 10). `None` keeps them; a sub-status's own `retain_days`
/// (counted from the day a report entered it) replaces `closed_days` for the reports in it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Retention {
    /// Days after closing.
    pub closed_days: Option<u32>,
    /// Days after arrival, whatever the status.
    pub any_days: Option<u32>,
}

/// Limits on one report's conversation (security review M6): a report whose receipt leaked, or
/// a script with one, cannot grow it without bound.
#[derive(Debug, Clone, Copy)]
pub struct ConversationLimits {
    /// Messages the reporter may send on one report, in all and per day.
    pub reporter_messages: u32,
    pub reporter_messages_per_day: u32,
    /// Files one report may hold (sent with it and added later).
    pub files_per_report: u32,
    /// Messages shown per page, newest page first (staff and reporter).
    pub messages_per_page: u32,
}

impl Settings {
    /// Cheap costs for tests; production defaults live in the binary's configuration.
    pub fn for_tests() -> Self {
        let cheap = KdfCost {
            memory_kib: 64,
            iterations: 1,
            parallelism: 1,
        };
        Settings {
            password_cost: cheap,
            receipt_cost: cheap,
            kdf_concurrency: 2,
            session_idle_seconds: 1_800,
            session_absolute_seconds: 43_200,
            require_second_factor: false,
            retention: Retention::default(),
            origin_states: vec!["CN".into()],
            orphan_grace_seconds: 0,
            files: FileLimits {
                per_file_bytes: 2 * 1024 * 1024,
                per_report_bytes: 5 * 1024 * 1024,
                per_day_bytes: 12 * 1024 * 1024,
                per_batch_files: 5,
            },
            receipt_window_seconds: 15 * 60,
            referral_names_to_reporters: false,
            statistics: StatisticsRules::default(),
            intake: IntakeLimits {
                reports_per_hour: 0,
                burst: 0,
                attempts_per_form: 0,
                api_proof_of_work_bits: 0,
            },
            conversation: ConversationLimits {
                reporter_messages: 500,
                reporter_messages_per_day: 100,
                files_per_report: 100,
                messages_per_page: 50,
            },
            case: CaseVocabulary {
                substatuses: vec![
                    Substatus {
                        code: "awaiting_documents".into(),
                        status: "in_progress".into(),
                        name: "Awaiting documents".into(),
                        retain_days: None,
                    },
                    Substatus {
                        code: "spam".into(),
                        status: "closed".into(),
                        name: "Spam".into(),
                        retain_days: Some(30),
                    },
                ],
                labels: vec![
                    Label {
                        code: "legal".into(),
                        name: "Needs legal aid".into(),
                        colour: "#b03a2e".into(),
                    },
                    Label {
                        code: "press".into(),
                        name: "Press interest".into(),
                        colour: "#1f618d".into(),
                    },
                ],
            },
        }
    }
}

/// Limits the operator sets on evidence files.
#[derive(Debug, Clone, Copy)]
pub struct FileLimits {
    pub per_file_bytes: u64,
    pub per_report_bytes: u64,
    /// All files accepted on one day, across the instance (a flood stops here).
    pub per_day_bytes: u64,
    /// Files in one submission or one "add files".
    pub per_batch_files: usize,
}
