//! The inbox's filters, sorts and cursor: what a caseworker asks the list of cases for.
//!
//! Filters on clear columns run in the database; a label or a search needs the case opened with
//! the caseworker's key, so the application runs those over pages the database returns (and
//! the database then returns only cases the caseworker can read).

use std::fmt;

use crate::calendar::Day;
use crate::case::Urgency;
use crate::ids::{StaffId, TeamId};
use crate::report::ReportStatus;
use crate::taxonomy::{Language, Tactic};

/// The order of the inbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum InboxSort {
    /// Newest received first.
    #[default]
    Newest,
    Oldest,
    /// Most urgent first, newest first within an urgency.
    Urgency,
    /// Latest activity (a message, a file, a note, a change) first.
    Activity,
}

impl InboxSort {
    pub const ALL: &'static [InboxSort] = &[
        InboxSort::Newest,
        InboxSort::Oldest,
        InboxSort::Urgency,
        InboxSort::Activity,
    ];

    pub fn code(self) -> &'static str {
        match self {
            InboxSort::Newest => "newest",
            InboxSort::Oldest => "oldest",
            InboxSort::Urgency => "urgency",
            InboxSort::Activity => "activity",
        }
    }

    pub fn from_code(code: &str) -> Option<InboxSort> {
        InboxSort::ALL.iter().copied().find(|s| s.code() == code)
    }

    fn letter(self) -> char {
        match self {
            InboxSort::Newest => 'n',
            InboxSort::Oldest => 'o',
            InboxSort::Urgency => 'u',
            InboxSort::Activity => 'a',
        }
    }
}

/// An urgency as the urgency sort ranks it (higher first).
pub fn urgency_rank(urgency: Urgency) -> i64 {
    match urgency {
        Urgency::Low => 0,
        Urgency::Normal => 1,
        Urgency::High => 2,
        Urgency::Critical => 3,
    }
}

/// Where a page of the inbox ended: the sort it belongs to, the sort key of the last case
/// (an urgency rank or an activity day; unused when sorting by arrival) and its arrival order.
/// Written as text (`n1234`, `u3.1234`, `a20431.1234`) in links and in the API's `next_cursor`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InboxCursor {
    pub sort: InboxSort,
    pub key: i64,
    pub seq: i64,
}

impl InboxCursor {
    /// Reads a cursor written by [`fmt::Display`]; bare digits are the arrival order of the
    /// newest-first inbox (cursors handed out before sorts existed).
    pub fn parse(text: &str) -> Option<InboxCursor> {
        let digits = |s: &str| -> Option<i64> {
            if s.is_empty() || s.len() > 19 || !s.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            s.parse().ok()
        };
        if let Some(seq) = digits(text) {
            return Some(InboxCursor {
                sort: InboxSort::Newest,
                key: 0,
                seq,
            });
        }
        let mut chars = text.chars();
        let letter = chars.next()?;
        let rest = chars.as_str();
        let sort = InboxSort::ALL
            .iter()
            .copied()
            .find(|s| s.letter() == letter)?;
        match sort {
            InboxSort::Newest | InboxSort::Oldest => Some(InboxCursor {
                sort,
                key: 0,
                seq: digits(rest)?,
            }),
            InboxSort::Urgency | InboxSort::Activity => {
                let (key, seq) = rest.split_once('.')?;
                Some(InboxCursor {
                    sort,
                    key: digits(key)?,
                    seq: digits(seq)?,
                })
            }
        }
    }
}

impl fmt::Display for InboxCursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.sort {
            InboxSort::Newest | InboxSort::Oldest => {
                write!(f, "{}{}", self.sort.letter(), self.seq)
            }
            InboxSort::Urgency | InboxSort::Activity => {
                write!(f, "{}{}.{}", self.sort.letter(), self.key, self.seq)
            }
        }
    }
}

/// Whose cases.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssigneeFilter {
    /// Assigned to nobody.
    Nobody,
    /// Assigned to this member.
    Staff(StaffId),
}

/// The filters the database applies (clear columns only). Every `None` is "any".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InboxFilter {
    pub status: Option<ReportStatus>,
    pub substatus: Option<String>,
    pub urgency: Option<Urgency>,
    pub assignee: Option<AssigneeFilter>,
    pub team: Option<TeamId>,
    /// The caseworker's coding when there is one, else the reporter's.
    pub tactic: Option<Tactic>,
    pub language: Option<Language>,
    pub host_country: Option<String>,
    /// Only cases with a reply or file the caseworkers have not opened yet.
    pub unread: bool,
    /// Received on or after this day.
    pub received_from: Option<Day>,
    /// Received on or before this day.
    pub received_to: Option<Day>,
    /// Only cases the viewer holds a key to (what a label filter or a search needs).
    pub readable_only: bool,
}

/// A page of the inbox, as asked of the database.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InboxQuery {
    pub filter: InboxFilter,
    pub sort: InboxSort,
    /// Continue after this case (its sort must be `sort`).
    pub after: Option<InboxCursor>,
    /// At most this many cases (1 to 200).
    pub limit: u32,
}

impl InboxQuery {
    /// Every case the viewer may know exists, newest first.
    pub fn newest(limit: u32, after: Option<InboxCursor>) -> InboxQuery {
        InboxQuery {
            limit,
            after,
            ..InboxQuery::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip() {
        for cursor in [
            InboxCursor {
                sort: InboxSort::Newest,
                key: 0,
                seq: 1234,
            },
            InboxCursor {
                sort: InboxSort::Oldest,
                key: 0,
                seq: 1,
            },
            InboxCursor {
                sort: InboxSort::Urgency,
                key: 3,
                seq: 99,
            },
            InboxCursor {
                sort: InboxSort::Activity,
                key: 20431,
                seq: 7,
            },
        ] {
            assert_eq!(InboxCursor::parse(&cursor.to_string()), Some(cursor));
        }
    }

    #[test]
    fn old_cursors_are_newest_first() {
        assert_eq!(
            InboxCursor::parse("42"),
            Some(InboxCursor {
                sort: InboxSort::Newest,
                key: 0,
                seq: 42
            })
        );
    }

    #[test]
    fn bad_cursors_are_refused() {
        for text in [
            "",
            "x12",
            "u3",
            "u.3",
            "a1.",
            "n-1",
            "n1.2",
            "o",
            "n12345678901234567890",
            "u1.2.3",
            "٣",
            "n１",
        ] {
            assert_eq!(InboxCursor::parse(text), None, "{text:?}");
        }
    }

    #[test]
    fn urgency_ranks_in_order() {
        let ranks: Vec<i64> = Urgency::ALL.iter().map(|u| urgency_rank(*u)).collect();
        assert!(ranks.windows(2).all(|w| w[0] < w[1]));
    }
}
