//! Retention: which reports the operator's rules say must go, and why (issue 10).
//!
//! Three rules, each off unless set: closed reports N days after they were closed, any report
//! M days after it arrived, and a sub-status's own period, counted from the day a report
//! entered it (which replaces the closed rule for the reports in it). A report goes on the first day a rule is met, never before: the rules
//! are compared with whole days only, as the clear columns keep nothing finer.

use crate::calendar::Day;
use crate::case::Substatus;
use crate::ids::ReportId;
use crate::report::ReportStatus;

/// The operator's rules.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RetentionRules {
    pub closed_days: Option<u32>,
    pub any_days: Option<u32>,
    /// (sub-status code, days after a report entered it).
    pub substatus_days: Vec<(String, u32)>,
}

/// What the rules look at: clear columns only (status, sub-status and their day, the day of
/// arrival), so the daily job needs no key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetentionFacts {
    pub id: ReportId,
    pub status: ReportStatus,
    pub substatus: Option<String>,
    /// The day the status last changed.
    pub status_day: Day,
    /// The day the report entered its sub-status.
    pub substatus_day: Day,
    pub received_day: Day,
    /// The case's change counter when these were read: the purge deletes the report only if
    /// it is unchanged since (a case reopened meanwhile is judged again on the next run).
    pub case_version: i64,
}

/// Why a report is due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PurgeReason {
    Closed { days: u32 },
    Substatus { code: String, days: u32 },
    Any { days: u32 },
}

impl PurgeReason {
    /// A stable code for lists and the audit log.
    pub fn code(&self) -> String {
        match self {
            PurgeReason::Closed { days } => format!("closed_days={days}"),
            PurgeReason::Substatus { code, days } => format!("substatus={code}:{days}"),
            PurgeReason::Any { days } => format!("any_days={days}"),
        }
    }
}

impl RetentionRules {
    pub fn new(closed_days: Option<u32>, any_days: Option<u32>, substatuses: &[Substatus]) -> Self {
        RetentionRules {
            closed_days,
            any_days,
            substatus_days: substatuses
                .iter()
                .filter_map(|s| Some((s.code.clone(), s.retain_days?)))
                .collect(),
        }
    }

    /// No rule at all: every report is kept.
    pub fn keep_everything(&self) -> bool {
        self.closed_days.is_none() && self.any_days.is_none() && self.substatus_days.is_empty()
    }

    /// The last status (or sub-status) day and arrival day that may be due on `today`: a report
    /// changed later, and one received later, cannot be (the store reads only the rows before
    /// them).
    pub fn cutoffs(&self, today: Day) -> (Option<Day>, Option<Day>) {
        let shortest = self
            .substatus_days
            .iter()
            .map(|(_, days)| *days)
            .chain(self.closed_days)
            .min();
        (
            shortest.map(|days| Day(today.0 - i64::from(days))),
            self.any_days.map(|days| Day(today.0 - i64::from(days))),
        )
    }

    /// Why `report` must go on `today`, or `None` to keep it.
    pub fn due(&self, report: &RetentionFacts, today: Day) -> Option<PurgeReason> {
        let passed = |since: Day, days: u32| today.0 - since.0 >= i64::from(days);
        let own = report.substatus.as_ref().and_then(|code| {
            self.substatus_days
                .iter()
                .find(|(c, _)| c == code)
                .map(|(c, days)| (c.clone(), *days))
        });
        match own {
            Some((code, days)) if passed(report.substatus_day, days) => {
                return Some(PurgeReason::Substatus { code, days });
            }
            // A sub-status's period replaces the closed rule.
            Some(_) => {}
            None => {
                if report.status == ReportStatus::Closed
                    && let Some(days) = self.closed_days
                    && passed(report.status_day, days)
                {
                    return Some(PurgeReason::Closed { days });
                }
            }
        }
        self.any_days
            .filter(|days| passed(report.received_day, *days))
            .map(|days| PurgeReason::Any { days })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(
        status: ReportStatus,
        substatus: Option<&str>,
        status_day: i64,
        received: i64,
    ) -> RetentionFacts {
        RetentionFacts {
            id: ReportId::from_bytes([7; 16]),
            status,
            substatus: substatus.map(str::to_owned),
            status_day: Day(status_day),
            substatus_day: Day(status_day),
            received_day: Day(received),
            case_version: 0,
        }
    }

    fn rules() -> RetentionRules {
        RetentionRules {
            closed_days: Some(365),
            any_days: Some(1_825),
            substatus_days: vec![("spam".into(), 30)],
        }
    }

    #[test]
    fn nothing_younger_than_a_rule_goes() {
        let today = Day(10_000);
        let rules = rules();
        // Closed 364 days ago: kept; 365: due.
        assert_eq!(
            rules.due(&facts(ReportStatus::Closed, None, 9_636, 9_000), today),
            None
        );
        assert_eq!(
            rules.due(&facts(ReportStatus::Closed, None, 9_635, 9_000), today),
            Some(PurgeReason::Closed { days: 365 })
        );
        // Open, however old its last change, until the any rule.
        assert_eq!(
            rules.due(&facts(ReportStatus::InProgress, None, 1, 8_176), today),
            None
        );
        assert_eq!(
            rules.due(&facts(ReportStatus::InProgress, None, 1, 8_175), today),
            Some(PurgeReason::Any { days: 1_825 })
        );
    }

    #[test]
    fn a_substatus_period_replaces_the_closed_rule() {
        let today = Day(10_000);
        let rules = rules();
        assert_eq!(
            rules.due(
                &facts(ReportStatus::Closed, Some("spam"), 9_970, 9_960),
                today
            ),
            Some(PurgeReason::Substatus {
                code: "spam".into(),
                days: 30
            })
        );
        assert_eq!(
            rules.due(
                &facts(ReportStatus::Closed, Some("spam"), 9_971, 9_960),
                today
            ),
            None
        );
        let longer = RetentionRules {
            closed_days: Some(10),
            any_days: None,
            substatus_days: vec![("legal_hold".into(), 3_650)],
        };
        assert_eq!(
            longer.due(
                &facts(ReportStatus::Closed, Some("legal_hold"), 9_000, 9_000),
                today
            ),
            None
        );
        assert_eq!(longer.cutoffs(today), (Some(Day(9_990)), None));
    }

    #[test]
    fn a_substatus_period_counts_from_the_day_it_was_entered() {
        let today = Day(10_000);
        let rules = RetentionRules {
            closed_days: None,
            any_days: None,
            substatus_days: vec![("awaiting_documents".into(), 90)],
        };
        // In progress for 200 days, in the sub-status for 10: kept.
        let mut report = facts(
            ReportStatus::InProgress,
            Some("awaiting_documents"),
            9_800,
            9_800,
        );
        report.substatus_day = Day(9_990);
        assert_eq!(rules.due(&report, today), None);
        report.substatus_day = Day(9_910);
        assert_eq!(
            rules.due(&report, today),
            Some(PurgeReason::Substatus {
                code: "awaiting_documents".into(),
                days: 90
            })
        );
    }

    #[test]
    fn without_rules_everything_is_kept() {
        let none = RetentionRules::default();
        assert!(none.keep_everything());
        assert_eq!(
            none.due(&facts(ReportStatus::Closed, None, 0, 0), Day(100_000)),
            None
        );
        assert_eq!(none.cutoffs(Day(5)), (None, None));
    }
}
