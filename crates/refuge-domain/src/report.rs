//! A report as the reporter drafts it, the rules that make it valid, and the validated form that
//! is sealed for staff. Validation collects every problem at once so a form can show each one
//! beside its field.

use serde::{Deserialize, Serialize};

use crate::calendar::{Day, YearMonth};
use crate::taxonomy::{self, Community, IdentifierKind, Language, Tactic, Target};

pub const NARRATIVE_MAX_CHARS: usize = 20_000;
pub const SHORT_TEXT_MAX_CHARS: usize = 200;
pub const CONTACT_MAX_CHARS: usize = 500;
pub const IDENTIFIERS_MAX: usize = 50;
pub const EARLIEST_YEAR: i32 = 1950;

/// What the reporter typed, before any checks. The HTML form and the JSON API both produce this.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReportDraft {
    pub language: String,
    pub origin_state: Option<String>,
    pub host_country: Option<String>,
    pub host_region: Option<String>,
    pub city: Option<String>,
    pub occurred: Option<String>,
    pub tactics: Vec<String>,
    pub targets: Vec<String>,
    pub community: Option<String>,
    pub narrative: String,
    pub identifiers: Vec<IdentifierDraft>,
    pub consent: Consent,
    pub contact: ContactDraft,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct IdentifierDraft {
    pub kind: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ContactDraft {
    pub via_platform_only: bool,
    pub details: Option<String>,
}

impl Default for ContactDraft {
    /// Only through the platform unless the reporter asks otherwise.
    fn default() -> Self {
        ContactDraft {
            via_platform_only: true,
            details: None,
        }
    }
}

/// What the reporter allows. Everything defaults to "no".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Consent {
    pub refer_to_police: bool,
    pub refer_to_partners: bool,
    pub research_statistics: bool,
}

/// A validated report: every field the reporter submitted, in canonical form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub language: Language,
    pub origin_state: Option<String>,
    pub host_country: Option<String>,
    pub host_region: Option<String>,
    pub city: Option<String>,
    pub occurred: Option<String>,
    pub tactics: Vec<Tactic>,
    pub targets: Vec<Target>,
    pub community: Option<Community>,
    pub narrative: String,
    pub identifiers: Vec<Identifier>,
    pub consent: Consent,
    pub contact: Contact,
}

impl Report {
    /// Overwrites the free text a reporter wrote — narrative, city, contact details, identifier
    /// values — before the memory is freed (security review L9). Codes and choices are left.
    pub fn wipe_free_text(&mut self) {
        use zeroize::Zeroize;
        self.narrative.zeroize();
        self.city.zeroize();
        self.contact.details.zeroize();
        for identifier in &mut self.identifiers {
            identifier.value.zeroize();
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identifier {
    pub kind: IdentifierKind,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub via_platform_only: bool,
    pub details: Option<String>,
}

/// Where the intake is configured to differ from the defaults, and what day it is.
#[derive(Debug, Clone)]
pub struct IntakeRules {
    pub origin_states: Vec<String>,
    pub today: Day,
}

/// Why a field was refused. Each has a message in every locale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    NarrativeOrTacticRequired,
    /// `excess` is how many characters too many, so the message can say how much to cut.
    TooLong {
        max: usize,
        excess: usize,
    },
    TooMany {
        max: usize,
    },
    ControlCharacters,
    UnknownCode,
    RegionWithoutCountry,
    RegionNotInCountry,
    MonthMalformed,
    MonthInFuture,
    MonthTooOld,
    ContactDetailsRequired,
    /// Contact details were written while "only through this website" was chosen.
    ContactDetailsWithPlatformOnly,
    IdentifierKindRequired,
    /// A message with nothing in it.
    Empty,
}

impl Problem {
    /// Stable code, used by the API and as the Fluent message id suffix.
    pub fn code(self) -> &'static str {
        match self {
            Problem::NarrativeOrTacticRequired => "narrative_or_tactic_required",
            Problem::TooLong { .. } => "too_long",
            Problem::TooMany { .. } => "too_many",
            Problem::ControlCharacters => "control_characters",
            Problem::UnknownCode => "unknown_code",
            Problem::RegionWithoutCountry => "region_without_country",
            Problem::RegionNotInCountry => "region_not_in_country",
            Problem::MonthMalformed => "month_malformed",
            Problem::MonthInFuture => "month_in_future",
            Problem::MonthTooOld => "month_too_old",
            Problem::ContactDetailsRequired => "contact_details_required",
            Problem::ContactDetailsWithPlatformOnly => "contact_details_with_platform_only",
            Problem::IdentifierKindRequired => "identifier_kind_required",
            Problem::Empty => "empty",
        }
    }

    /// The number a message needs, if any (a maximum).
    pub fn limit(self) -> Option<usize> {
        match self {
            Problem::TooLong { max, .. } | Problem::TooMany { max } => Some(max),
            _ => None,
        }
    }

    /// How far past the limit the text went, for `TooLong`.
    pub fn excess(self) -> Option<usize> {
        match self {
            Problem::TooLong { excess, .. } => Some(excess),
            _ => None,
        }
    }

    /// Refuses `text` when it has more than `max` characters, saying by how many.
    pub fn check_length(text: &str, max: usize) -> Result<(), Problem> {
        let count = text.chars().count();
        if count > max {
            Err(Problem::TooLong {
                max,
                excess: count - max,
            })
        } else {
            Ok(())
        }
    }
}

/// One refused field. `field` uses the HTML form's names (`identifiers.2.value` for the third
/// identifier line), which the API reuses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub problem: Problem,
}

impl ReportDraft {
    /// Checks every field and returns the canonical report, or every problem found.
    pub fn validate(&self, rules: &IntakeRules) -> Result<Report, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut refuse = |field: &str, problem| {
            errors.push(FieldError {
                field: field.to_owned(),
                problem,
            })
        };

        let language = Language::from_code(&self.language).unwrap_or_else(|| {
            refuse("language", Problem::UnknownCode);
            Language::English
        });

        let origin_state = code(&self.origin_state);
        if let Some(code) = &origin_state
            && !rules.origin_states.iter().any(|allowed| allowed == code)
        {
            refuse("origin_state", Problem::UnknownCode);
        }

        let host_country = code(&self.host_country);
        if let Some(code) = &host_country
            && !taxonomy::HOST_COUNTRIES.contains(&code.as_str())
        {
            refuse("host_country", Problem::UnknownCode);
        }
        let host_region = code(&self.host_region);
        if let Some(region) = &host_region {
            match &host_country {
                None => refuse("host_region", Problem::RegionWithoutCountry),
                Some(country) => {
                    if !taxonomy::regions_of(country)
                        .iter()
                        .any(|(code, _)| code == region)
                    {
                        refuse("host_region", Problem::RegionNotInCountry);
                    }
                }
            }
        }

        // Limits apply to the text as submitted (before trimming), so the API's documented
        // maxLength means exactly what is enforced.
        // Copied from a right-to-left chat, short fields carry invisible direction marks: they
        // are dropped, not refused (overrides and isolates still are).
        let city_sent = self.city.as_deref().map(strip_direction_marks);
        let city = non_empty(&city_sent);
        if let Some(raw) = &city_sent
            && let Err(problem) = check_single_line(raw, SHORT_TEXT_MAX_CHARS)
        {
            refuse("city", problem);
        }

        let occurred = code(&self.occurred);
        if let Some(text) = &occurred {
            match YearMonth::parse(text) {
                None => refuse("occurred", Problem::MonthMalformed),
                Some(month) if month > rules.today.year_month() => {
                    refuse("occurred", Problem::MonthInFuture)
                }
                Some(month) if month.year < EARLIEST_YEAR => {
                    refuse("occurred", Problem::MonthTooOld)
                }
                Some(_) => {}
            }
        }

        let tactics = parse_codes(&self.tactics, Tactic::from_code, "tactics", &mut refuse);
        let targets = parse_codes(&self.targets, Target::from_code, "targets", &mut refuse);

        let community = code(&self.community).and_then(|code| {
            let community = Community::from_code(&code);
            if community.is_none() {
                refuse("community", Problem::UnknownCode);
            }
            community
        });

        let narrative = self.narrative.trim().to_owned();
        if let Err(problem) = Problem::check_length(&self.narrative, NARRATIVE_MAX_CHARS) {
            refuse("narrative", problem);
        } else if self
            .narrative
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        {
            refuse("narrative", Problem::ControlCharacters);
        }
        if narrative.is_empty() && self.tactics.is_empty() {
            refuse("narrative", Problem::NarrativeOrTacticRequired);
        }

        // Every line is checked as sent; lines left blank (as a form sends them) are skipped.
        let mut identifiers = Vec::new();
        if self.identifiers.len() > IDENTIFIERS_MAX {
            refuse(
                "identifiers",
                Problem::TooMany {
                    max: IDENTIFIERS_MAX,
                },
            );
        } else {
            for (index, line) in self.identifiers.iter().enumerate() {
                let sent = strip_direction_marks(&line.value);
                if let Err(problem) = check_single_line(&sent, SHORT_TEXT_MAX_CHARS) {
                    refuse(&format!("identifiers.{index}.value"), problem);
                }
                let value = sent.trim();
                if value.is_empty() {
                    continue;
                }
                let kind = match line.kind.as_str() {
                    "" => {
                        refuse(
                            &format!("identifiers.{index}.kind"),
                            Problem::IdentifierKindRequired,
                        );
                        None
                    }
                    code => {
                        let kind = IdentifierKind::from_code(code);
                        if kind.is_none() {
                            refuse(&format!("identifiers.{index}.kind"), Problem::UnknownCode);
                        }
                        kind
                    }
                };
                if let Some(kind) = kind {
                    identifiers.push(Identifier {
                        kind,
                        value: value.to_owned(),
                    });
                }
            }
        }

        let details_sent = self.contact.details.as_deref().map(strip_direction_marks);
        let details = non_empty(&details_sent);
        if details.is_some()
            && let Some(details) = &details_sent
        {
            if let Err(problem) = Problem::check_length(details, CONTACT_MAX_CHARS) {
                refuse("contact.details", problem);
            } else if details
                .chars()
                .any(|c| (c.is_control() && !matches!(c, '\n' | '\r' | '\t')) || is_bidi_control(c))
            {
                refuse("contact.details", Problem::ControlCharacters);
            }
        }
        match (self.contact.via_platform_only, details.is_some()) {
            (false, false) => refuse("contact.details", Problem::ContactDetailsRequired),
            // Never dropped silently: the reporter wrote how to reach them, yet chose "only
            // through this website". Which one they meant matters for their safety, so ask.
            (true, true) => refuse("contact.details", Problem::ContactDetailsWithPlatformOnly),
            _ => {}
        }

        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Report {
            language,
            origin_state,
            host_country,
            host_region,
            city,
            occurred,
            tactics,
            targets,
            community,
            narrative,
            identifiers,
            consent: self.consent,
            contact: Contact {
                via_platform_only: self.contact.via_platform_only,
                details,
            },
        })
    }
}

/// A code field: exactly as sent, an empty string meaning "not given".
fn code(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .filter(|text| !text.is_empty())
        .map(str::to_owned)
}

fn non_empty(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|text| !text.is_empty())
        .map(str::to_owned)
}

fn parse_codes<T: Ord + Copy>(
    codes: &[String],
    parse: fn(&str) -> Option<T>,
    field: &str,
    refuse: &mut impl FnMut(&str, Problem),
) -> Vec<T> {
    let mut parsed = Vec::new();
    for code in codes {
        match parse(code) {
            Some(value) => parsed.push(value),
            None => {
                refuse(field, Problem::UnknownCode);
                break;
            }
        }
    }
    parsed.sort();
    parsed.dedup();
    parsed
}

/// Embeddings, overrides and isolates: they reorder how text is displayed, so in an identifier
/// they can disguise it (a phone number shown backwards). They are refused there.
pub(crate) fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The left-to-right, right-to-left and Arabic letter marks. They reorder nothing around them,
/// but text copied from a right-to-left chat is full of them, invisibly.
fn is_direction_mark(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// `text` without direction marks.
pub fn strip_direction_marks(text: &str) -> String {
    text.chars().filter(|c| !is_direction_mark(*c)).collect()
}

fn check_single_line(text: &str, max: usize) -> Result<(), Problem> {
    Problem::check_length(text, max)?;
    if text.chars().any(|c| c.is_control() || is_bidi_control(c)) {
        return Err(Problem::ControlCharacters);
    }
    Ok(())
}

/// Checks one identifier typed outside the report form (a caseworker adding one, a lookup):
/// a known kind, one line of at most [`SHORT_TEXT_MAX_CHARS`] characters, not blank.
pub fn check_identifier(kind: &str, value: &str) -> Result<Identifier, Vec<FieldError>> {
    let mut errors = Vec::new();
    let kind = match kind {
        "" => {
            errors.push(FieldError {
                field: "kind".into(),
                problem: Problem::IdentifierKindRequired,
            });
            None
        }
        code => {
            let kind = IdentifierKind::from_code(code);
            if kind.is_none() {
                errors.push(FieldError {
                    field: "kind".into(),
                    problem: Problem::UnknownCode,
                });
            }
            kind
        }
    };
    let value = strip_direction_marks(value);
    let value = value.trim();
    if value.is_empty() {
        errors.push(FieldError {
            field: "value".into(),
            problem: Problem::Empty,
        });
    } else if let Err(problem) = check_single_line(value, SHORT_TEXT_MAX_CHARS) {
        errors.push(FieldError {
            field: "value".into(),
            problem,
        });
    }
    match kind {
        Some(kind) if errors.is_empty() => Ok(Identifier {
            kind,
            value: value.to_owned(),
        }),
        _ => Err(errors),
    }
}

pub const MESSAGE_MAX_CHARS: usize = NARRATIVE_MAX_CHARS;

/// Checks a message between a reporter and caseworkers and returns it trimmed. Line breaks and
/// tabs are fine (it is free text, shown with `dir="auto"`); other control characters are not.
pub fn check_message(body: &str) -> Result<String, Problem> {
    Problem::check_length(body, MESSAGE_MAX_CHARS)?;
    if body
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(Problem::ControlCharacters);
    }
    let trimmed = body.trim();
    if trimmed.is_empty() {
        return Err(Problem::Empty);
    }
    Ok(trimmed.to_owned())
}

/// Report lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportStatus {
    Received,
    Triaged,
    InProgress,
    Referred,
    Closed,
}

impl ReportStatus {
    /// In the order of a case's life.
    pub const ALL: &'static [ReportStatus] = &[
        ReportStatus::Received,
        ReportStatus::Triaged,
        ReportStatus::InProgress,
        ReportStatus::Referred,
        ReportStatus::Closed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ReportStatus::Received => "received",
            ReportStatus::Triaged => "triaged",
            ReportStatus::InProgress => "in_progress",
            ReportStatus::Referred => "referred",
            ReportStatus::Closed => "closed",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        ReportStatus::ALL
            .iter()
            .copied()
            .find(|status| status.code() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_trimmed_and_checked() {
        assert_eq!(
            check_message("  سالام\nhello \t").as_deref(),
            Ok("سالام\nhello")
        );
        assert_eq!(check_message(" \n "), Err(Problem::Empty));
        assert_eq!(check_message("a\u{0}b"), Err(Problem::ControlCharacters));
        assert_eq!(
            check_message(&"中".repeat(MESSAGE_MAX_CHARS + 3)),
            Err(Problem::TooLong {
                max: MESSAGE_MAX_CHARS,
                excess: 3
            })
        );
    }

    fn rules() -> IntakeRules {
        IntakeRules {
            origin_states: vec!["CN".into()],
            today: Day(20_780),
        } // 2026-11-23
    }

    fn draft() -> ReportDraft {
        ReportDraft {
            language: "ug".into(),
            narrative: "ئاكامغا تېلېفون قىلدى".into(),
            tactics: vec![
                "threat_online".into(),
                "threat_online".into(),
                "relatives_threatened".into(),
            ],
            host_country: Some("CA".into()),
            host_region: Some("ON".into()),
            occurred: Some("2026-10".into()),
            identifiers: vec![
                IdentifierDraft {
                    kind: "phone".into(),
                    value: " +86 138 0013 8000 ".into(),
                },
                IdentifierDraft {
                    kind: "".into(),
                    value: "".into(),
                },
            ],
            ..ReportDraft::default()
        }
    }

    fn problems(draft: &ReportDraft) -> Vec<(String, &'static str)> {
        match draft.validate(&rules()) {
            Ok(_) => vec![],
            Err(errors) => errors
                .into_iter()
                .map(|e| (e.field, e.problem.code()))
                .collect(),
        }
    }

    #[test]
    fn a_good_draft_becomes_canonical() {
        let report = draft().validate(&rules()).expect("valid");
        assert_eq!(
            report.tactics,
            vec![Tactic::RelativesThreatened, Tactic::ThreatOnline]
        );
        assert_eq!(report.identifiers.len(), 1, "empty lines are dropped");
        assert_eq!(report.identifiers[0].value, "+86 138 0013 8000");
        assert!(report.contact.via_platform_only);
    }

    #[test]
    fn narrative_or_tactic_is_required() {
        let empty = ReportDraft {
            language: "en".into(),
            ..ReportDraft::default()
        };
        assert_eq!(
            problems(&empty),
            vec![("narrative".into(), "narrative_or_tactic_required")]
        );
        let tactic_only = ReportDraft {
            tactics: vec!["spyware".into()],
            ..empty
        };
        assert!(problems(&tactic_only).is_empty());
    }

    #[test]
    fn every_problem_is_reported_beside_its_field() {
        let mut bad = draft();
        bad.language = "xx".into();
        bad.origin_state = Some("RU".into());
        bad.host_region = Some("QC-X".into());
        bad.occurred = Some("2027-01".into());
        bad.tactics.push("made_up".into());
        bad.identifiers[0].kind = "fax".into();
        bad.identifiers.push(IdentifierDraft {
            kind: "phone".into(),
            value: "12\u{202E}34".into(),
        });
        bad.contact = ContactDraft {
            via_platform_only: false,
            details: None,
        };
        let found = problems(&bad);
        for expected in [
            ("language", "unknown_code"),
            ("origin_state", "unknown_code"),
            ("host_region", "region_not_in_country"),
            ("occurred", "month_in_future"),
            ("tactics", "unknown_code"),
            ("identifiers.0.kind", "unknown_code"),
            ("identifiers.2.value", "control_characters"),
            ("contact.details", "contact_details_required"),
        ] {
            assert!(
                found.contains(&(expected.0.to_owned(), expected.1)),
                "{expected:?} in {found:?}"
            );
        }
    }

    #[test]
    fn limits_are_enforced() {
        let mut long = draft();
        long.narrative = "x".repeat(NARRATIVE_MAX_CHARS + 1);
        assert_eq!(problems(&long), vec![("narrative".into(), "too_long")]);
        let mut many = draft();
        many.identifiers = vec![
            IdentifierDraft {
                kind: "email".into(),
                value: "a@b".into()
            };
            IDENTIFIERS_MAX + 1
        ];
        assert_eq!(problems(&many), vec![("identifiers".into(), "too_many")]);
        let mut nul = draft();
        nul.narrative = "a\0b".into();
        assert_eq!(
            problems(&nul),
            vec![("narrative".into(), "control_characters")]
        );
    }

    #[test]
    fn limits_apply_to_the_text_as_sent() {
        let mut padded = draft();
        padded.identifiers[0].value = format!("{}     ", "9".repeat(SHORT_TEXT_MAX_CHARS - 2));
        assert_eq!(
            problems(&padded),
            vec![("identifiers.0.value".into(), "too_long")]
        );
        let mut tab = draft();
        tab.identifiers[1].value = "\t".into();
        assert_eq!(
            problems(&tab),
            vec![("identifiers.1.value".into(), "control_characters")]
        );
        let mut city = draft();
        city.city = Some("\n".into());
        assert_eq!(problems(&city), vec![("city".into(), "control_characters")]);
        let mut spaced = draft();
        spaced.host_country = Some(" CA".into());
        assert_eq!(
            problems(&spaced),
            vec![
                ("host_country".into(), "unknown_code"),
                ("host_region".into(), "region_not_in_country")
            ],
            "codes are exact"
        );
        let mut empty = draft();
        empty.host_region = Some(String::new());
        empty.community = Some(String::new());
        assert!(problems(&empty).is_empty(), "an empty code means not given");
    }

    #[test]
    fn region_needs_a_country() {
        let mut orphan = draft();
        orphan.host_country = None;
        assert_eq!(
            problems(&orphan),
            vec![("host_region".into(), "region_without_country")]
        );
    }

    #[test]
    fn contact_details_with_platform_only_are_asked_about_not_dropped() {
        let mut with_details = draft();
        with_details.contact.details = Some("signal +1 555".into());
        assert_eq!(
            problems(&with_details),
            vec![(
                "contact.details".into(),
                "contact_details_with_platform_only"
            )]
        );
        with_details.contact.via_platform_only = false;
        assert_eq!(
            with_details
                .validate(&rules())
                .expect("valid")
                .contact
                .details
                .as_deref(),
            Some("signal +1 555")
        );
    }

    #[test]
    fn direction_marks_are_dropped_but_overrides_refused() {
        let mut marked = draft();
        // As copied from a right-to-left chat: RLM, LRM and ALM around the digits.
        marked.identifiers[0].value = "\u{200F}+86 138\u{200E} 0013\u{061C} 8000\u{200E}".into();
        marked.city = Some("\u{200F}Toronto\u{200E}".into());
        marked.contact = ContactDraft {
            via_platform_only: false,
            details: Some("Signal \u{200E}+1 416 555 0100\u{200F}".into()),
        };
        let report = marked.validate(&rules()).expect("marks are not refused");
        assert_eq!(report.identifiers[0].value, "+86 138 0013 8000");
        assert_eq!(report.city.as_deref(), Some("Toronto"));
        assert_eq!(
            report.contact.details.as_deref(),
            Some("Signal +1 416 555 0100")
        );
        for trick in ['\u{202E}', '\u{202B}', '\u{2067}', '\u{2069}'] {
            let mut tricked = draft();
            tricked.identifiers[0].value = format!("+86 138{trick}0013 8000");
            assert_eq!(
                problems(&tricked),
                vec![("identifiers.0.value".into(), "control_characters")],
                "{trick:?}"
            );
            let mut contact = draft();
            contact.contact = ContactDraft {
                via_platform_only: false,
                details: Some(format!("Signal {trick}+1 416")),
            };
            assert_eq!(
                problems(&contact),
                vec![("contact.details".into(), "control_characters")],
                "{trick:?}"
            );
        }
    }

    #[test]
    fn too_long_says_by_how_much() {
        let mut long = draft();
        long.narrative = "ئ".repeat(NARRATIVE_MAX_CHARS + 1234);
        match long.validate(&rules()) {
            Err(errors) => assert_eq!(
                errors[0].problem,
                Problem::TooLong {
                    max: NARRATIVE_MAX_CHARS,
                    excess: 1234
                }
            ),
            Ok(_) => panic!("too long"),
        }
    }
}
