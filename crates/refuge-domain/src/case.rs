//! A report as a case: its status and the operator's sub-statuses under each, its urgency, who
//! is assigned, the caseworker's own coding of its tactics, and the labels an organisation
//! defines. Rules only: which sub-status belongs under which status, which codes exist.
//!
//! What is kept in clear (status, sub-status, urgency, assignee, the caseworker's tactics) is
//! a closed code; labels and deadlines are case content and live in the sealed case card.

use serde::{Deserialize, Serialize};

use crate::calendar::Day;
use crate::report::ReportStatus;
use crate::taxonomy::Tactic;

/// How soon a case needs attention. Ordered: `Low` < `Critical`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Urgency {
    Low,
    #[default]
    Normal,
    High,
    Critical,
}

impl Urgency {
    pub const ALL: &'static [Urgency] = &[
        Urgency::Low,
        Urgency::Normal,
        Urgency::High,
        Urgency::Critical,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Urgency::Low => "low",
            Urgency::Normal => "normal",
            Urgency::High => "high",
            Urgency::Critical => "critical",
        }
    }

    pub fn from_code(code: &str) -> Option<Urgency> {
        Urgency::ALL.iter().copied().find(|u| u.code() == code)
    }
}

/// The most labels an organisation may define, and on one case.
pub const LABELS_MAX: usize = 64;

/// A sub-status an operator defines under one of the five statuses ("awaiting documents"
/// under "in progress"), optionally with its own retention period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Substatus {
    /// Stable code (lowercase letters, digits, `_`): what the database keeps.
    pub code: String,
    /// The status it sits under (a status code).
    pub status: String,
    /// Shown to staff; never to the reporter, who sees the status only.
    pub name: String,
    /// Days after a case enters this sub-status before retention may purge it (none: the
    /// general rules apply).
    #[serde(default)]
    pub retain_days: Option<u32>,
}

/// A label an organisation defines ("needs legal aid", "press"), with its colour.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Label {
    pub code: String,
    pub name: String,
    /// `#rrggbb`.
    pub colour: String,
}

/// The organisation's vocabulary for cases: sub-statuses and labels.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseVocabulary {
    pub substatuses: Vec<Substatus>,
    pub labels: Vec<Label>,
}

/// Why a vocabulary or a change to a case is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CaseRuleError {
    #[error("codes are 1–40 lowercase letters, digits or '_': {0:?}")]
    BadCode(String),
    #[error("{0:?} is defined twice")]
    Duplicate(String),
    #[error("sub-status {code:?} names an unknown status {status:?}")]
    UnknownParent { code: String, status: String },
    #[error("label {0:?} needs a colour written #rrggbb")]
    BadColour(String),
    #[error("a name must be 1–80 characters")]
    BadName,
    #[error("at most {LABELS_MAX} labels")]
    TooManyLabels,
    #[error("unknown sub-status {0:?}")]
    UnknownSubstatus(String),
    #[error("sub-status {substatus:?} does not belong under {status:?}")]
    SubstatusOfAnotherStatus { substatus: String, status: String },
    #[error("unknown label {0:?}")]
    UnknownLabel(String),
    #[error("{0:?} cannot be assigned: they hold no key to this report")]
    AssigneeCannotRead(String),
    #[error("a deadline is a day written YYYY-MM-DD")]
    BadDeadline,
    #[error("at most {CASE_IDENTIFIERS_MAX} identifiers may be added to a case")]
    TooManyIdentifiers,
    #[error("no such identifier on this case")]
    UnknownIdentifier,
}

impl CaseRuleError {
    pub fn code(&self) -> &'static str {
        match self {
            CaseRuleError::BadCode(_) => "bad_code",
            CaseRuleError::Duplicate(_) => "duplicate_code",
            CaseRuleError::UnknownParent { .. } => "unknown_status",
            CaseRuleError::BadColour(_) => "bad_colour",
            CaseRuleError::BadName => "bad_name",
            CaseRuleError::TooManyLabels => "too_many_labels",
            CaseRuleError::UnknownSubstatus(_) => "unknown_substatus",
            CaseRuleError::SubstatusOfAnotherStatus { .. } => "substatus_of_another_status",
            CaseRuleError::UnknownLabel(_) => "unknown_label",
            CaseRuleError::AssigneeCannotRead(_) => "assignee_cannot_read",
            CaseRuleError::BadDeadline => "bad_deadline",
            CaseRuleError::TooManyIdentifiers => "too_many_identifiers",
            CaseRuleError::UnknownIdentifier => "unknown_identifier",
        }
    }
}

/// A code an operator chooses: kept in clear, so closed and plain.
pub fn check_code(code: &str) -> Result<(), CaseRuleError> {
    let plain = (1..=40).contains(&code.len())
        && code
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if plain {
        Ok(())
    } else {
        Err(CaseRuleError::BadCode(code.to_owned()))
    }
}

fn check_name(name: &str) -> Result<(), CaseRuleError> {
    let length = name.trim().chars().count();
    if (1..=80).contains(&length) && !name.chars().any(char::is_control) {
        Ok(())
    } else {
        Err(CaseRuleError::BadName)
    }
}

fn check_colour(label: &Label) -> Result<(), CaseRuleError> {
    let colour = label.colour.as_bytes();
    if colour.len() == 7 && colour[0] == b'#' && colour[1..].iter().all(u8::is_ascii_hexdigit) {
        Ok(())
    } else {
        Err(CaseRuleError::BadColour(label.code.clone()))
    }
}

impl CaseVocabulary {
    /// Checks an operator's vocabulary: plain unique codes, known parent statuses, colours.
    pub fn check(&self) -> Result<(), CaseRuleError> {
        let mut seen = std::collections::BTreeSet::new();
        for substatus in &self.substatuses {
            check_code(&substatus.code)?;
            check_name(&substatus.name)?;
            if ReportStatus::from_code(&substatus.status).is_none() {
                return Err(CaseRuleError::UnknownParent {
                    code: substatus.code.clone(),
                    status: substatus.status.clone(),
                });
            }
            if !seen.insert(substatus.code.as_str()) {
                return Err(CaseRuleError::Duplicate(substatus.code.clone()));
            }
        }
        if self.labels.len() > LABELS_MAX {
            return Err(CaseRuleError::TooManyLabels);
        }
        let mut seen = std::collections::BTreeSet::new();
        for label in &self.labels {
            check_code(&label.code)?;
            check_name(&label.name)?;
            check_colour(label)?;
            if !seen.insert(label.code.as_str()) {
                return Err(CaseRuleError::Duplicate(label.code.clone()));
            }
        }
        Ok(())
    }

    pub fn substatus(&self, code: &str) -> Option<&Substatus> {
        self.substatuses.iter().find(|s| s.code == code)
    }

    /// The sub-statuses under `status`, in the operator's order.
    pub fn substatuses_of(&self, status: ReportStatus) -> impl Iterator<Item = &Substatus> {
        self.substatuses
            .iter()
            .filter(move |s| s.status == status.code())
    }

    pub fn label(&self, code: &str) -> Option<&Label> {
        self.labels.iter().find(|l| l.code == code)
    }

    /// `Ok` if `substatus` (if any) may sit under `status`.
    pub fn check_substatus(
        &self,
        status: ReportStatus,
        substatus: Option<&str>,
    ) -> Result<(), CaseRuleError> {
        let Some(code) = substatus else {
            return Ok(());
        };
        let known = self
            .substatus(code)
            .ok_or_else(|| CaseRuleError::UnknownSubstatus(code.to_owned()))?;
        if known.status == status.code() {
            Ok(())
        } else {
            Err(CaseRuleError::SubstatusOfAnotherStatus {
                substatus: code.to_owned(),
                status: status.code().to_owned(),
            })
        }
    }

    /// Checks label codes, dropping repeats, in the vocabulary's order.
    pub fn check_labels(&self, labels: &[String]) -> Result<Vec<String>, CaseRuleError> {
        for code in labels {
            if self.label(code).is_none() {
                return Err(CaseRuleError::UnknownLabel(code.clone()));
            }
        }
        Ok(self
            .labels
            .iter()
            .filter(|l| labels.contains(&l.code))
            .map(|l| l.code.clone())
            .collect())
    }
}

/// What the clear columns of a case say, beside the report's own clear fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseState {
    pub substatus: Option<String>,
    pub urgency: Urgency,
    pub assignee: Option<crate::ids::StaffId>,
    /// The tactics as a caseworker coded them, when they did; statistics prefer these.
    pub staff_tactics: Option<Vec<Tactic>>,
    /// The last day anything happened on the case (a message, a file, a change).
    pub activity: Day,
}

impl CaseState {
    /// A case as it starts: no sub-status, normal urgency, nobody assigned, not recoded.
    pub fn new(received: Day) -> CaseState {
        CaseState {
            substatus: None,
            urgency: Urgency::Normal,
            assignee: None,
            staff_tactics: None,
            activity: received,
        }
    }

    /// The tactics statistics count: the caseworker's coding when there is one.
    pub fn counted_tactics<'a>(&'a self, reported: &'a [Tactic]) -> &'a [Tactic] {
        self.staff_tactics.as_deref().unwrap_or(reported)
    }
}

/// The case card: what the organisation records about a case that is case content — labels
/// and a deadline. Sealed per report under its case key; never in a clear column.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CaseCard {
    pub labels: Vec<String>,
    pub deadline: Option<String>,
    /// Identifiers a caseworker recorded (heard on a call, found in a file): matched across
    /// reports like the reporter's own.
    pub identifiers: Vec<crate::report::Identifier>,
}

/// Most identifiers caseworkers may add to one case.
pub const CASE_IDENTIFIERS_MAX: usize = 50;

#[cfg(test)]
mod tests {
    use super::*;

    fn vocabulary() -> CaseVocabulary {
        CaseVocabulary {
            substatuses: vec![Substatus {
                code: "awaiting_documents".into(),
                status: "in_progress".into(),
                name: "Awaiting documents".into(),
                retain_days: Some(365),
            }],
            labels: vec![Label {
                code: "legal".into(),
                name: "Needs legal aid".into(),
                colour: "#b03a2e".into(),
            }],
        }
    }

    #[test]
    fn a_vocabulary_is_checked() {
        assert_eq!(vocabulary().check(), Ok(()));
        let mut bad = vocabulary();
        bad.substatuses[0].status = "pending".into();
        assert!(matches!(
            bad.check(),
            Err(CaseRuleError::UnknownParent { .. })
        ));
        let mut bad = vocabulary();
        bad.labels[0].colour = "red".into();
        assert!(matches!(bad.check(), Err(CaseRuleError::BadColour(_))));
        let mut bad = vocabulary();
        bad.labels.push(bad.labels[0].clone());
        assert!(matches!(bad.check(), Err(CaseRuleError::Duplicate(_))));
        let mut bad = vocabulary();
        bad.labels[0].code = "Legal Aid".into();
        assert!(matches!(bad.check(), Err(CaseRuleError::BadCode(_))));
    }

    #[test]
    fn a_substatus_sits_under_its_status_only() {
        let vocabulary = vocabulary();
        assert_eq!(
            vocabulary.check_substatus(ReportStatus::InProgress, Some("awaiting_documents")),
            Ok(())
        );
        assert!(
            vocabulary
                .check_substatus(ReportStatus::Closed, Some("awaiting_documents"))
                .is_err()
        );
        assert!(
            vocabulary
                .check_substatus(ReportStatus::InProgress, Some("nope"))
                .is_err()
        );
        assert_eq!(
            vocabulary.check_substatus(ReportStatus::Closed, None),
            Ok(())
        );
    }

    #[test]
    fn urgencies_are_ordered_and_coded() {
        assert!(Urgency::Low < Urgency::Critical);
        for urgency in Urgency::ALL {
            assert_eq!(Urgency::from_code(urgency.code()), Some(*urgency));
        }
        assert_eq!(Urgency::default(), Urgency::Normal);
    }

    #[test]
    fn labels_are_known_and_kept_once() {
        let vocabulary = vocabulary();
        assert_eq!(
            vocabulary.check_labels(&["legal".into(), "legal".into()]),
            Ok(vec!["legal".to_owned()])
        );
        assert!(vocabulary.check_labels(&["nope".into()]).is_err());
    }
}
