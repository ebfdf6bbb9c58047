//! The public registry's vocabulary and rules (issue 12): kinds of entry, the allegation
//! statuses a place or incident goes through, sources graded as in the Admiralty code, the
//! naming rule (a private person or non-state organisation is named only on a stated, sourced
//! basis) and the two-person rule (the author of a draft never publishes it).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::calendar::Day;
use crate::ids::{EntryId, SourceId, StaffId};
use crate::staff::Role;
use crate::taxonomy::{Tactic, code_enum};

code_enum!(
    /// What a registry entry is.
    EntryKind {
        Place = "place",
        Incident = "incident",
        Actor = "actor",
        Response = "response",
        Figure = "figure",
    }
);

code_enum!(
    /// Where an allegation stands, as of a day and on the strength of sources. Several may
    /// apply at once (an inquiry and a reported closure); each is recorded with its day.
    AllegationStatus {
        Alleged = "alleged",
        HostInquiry = "host_inquiry",
        HostMonitoring = "host_monitoring",
        HostClosureOrdered = "host_closure_ordered",
        ReportedClosed = "reported_closed",
        ReportedCeased = "reported_ceased",
        HostNoEvidence = "host_no_evidence",
        HostDenied = "host_denied",
        Closed = "closed",
        CriminalCharges = "criminal_charges",
        GuiltyPlea = "guilty_plea",
        InquiryClosedNoCharges = "inquiry_closed_no_charges",
        Contested = "contested",
    }
);

impl AllegationStatus {
    /// A status as the research seed writes it (`HOST_INQUIRY`).
    pub fn from_seed(code: &str) -> Option<Self> {
        Self::from_code(&code.trim().to_ascii_lowercase())
    }
}

code_enum!(
    /// What kind of publication a source is.
    SourceKind {
        NgoReport = "ngo_report",
        NgoPage = "ngo_page",
        News = "news",
        NewsMirror = "news_mirror",
        OfficialStatement = "official_statement",
        OfficialRecord = "official_record",
        CourtRecord = "court_record",
        Research = "research",
        Encyclopedia = "encyclopedia",
        Opinion = "opinion",
        ForumMirror = "forum_mirror",
        Other = "other",
    }
);

code_enum!(
    /// How reliable the source has been (the Admiralty code's letter): A completely reliable …
    /// E unreliable, F cannot be judged.
    Reliability {
        A = "A",
        B = "B",
        C = "C",
        D = "D",
        E = "E",
        F = "F",
    }
);

code_enum!(
    /// How credible this piece of information is (the Admiralty code's number): 1 confirmed by
    /// other sources … 5 improbable, 6 cannot be judged.
    Credibility {
        Confirmed = "1",
        ProbablyTrue = "2",
        PossiblyTrue = "3",
        DoubtfullyTrue = "4",
        Improbable = "5",
        CannotBeJudged = "6",
    }
);

code_enum!(
    /// Who an entry names: a state body (a ministry, bureau or official acting as such) may be
    /// named; a private person or a non-state organisation (an association, a company) only on
    /// a [`NamingBasis`].
    PartyKind {
        StateBody = "state_body",
        PrivatePerson = "private_person",
        NonStateOrganisation = "non_state_organisation",
    }
);

code_enum!(
    /// Why a private person or non-state organisation may be named.
    NamingBasis {
        Charged = "charged",
        FoundLiable = "found_liable",
        SelfConfirmed = "self_confirmed",
    }
);

/// Why a registry change was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RegistryRuleError {
    #[error(
        "a private person or non-state organisation may be named only when charged, found liable \
         by a court, or confirming it themselves — say which, with a source"
    )]
    NamingWithoutBasis,
    #[error("a draft is published by a second researcher or an administrator, never its author")]
    AuthorCannotPublish,
    #[error("only researchers and administrators publish")]
    NotAPublisher,
}

impl RegistryRuleError {
    pub fn code(self) -> &'static str {
        match self {
            RegistryRuleError::NamingWithoutBasis => "naming_without_basis",
            RegistryRuleError::AuthorCannotPublish => "author_cannot_publish",
            RegistryRuleError::NotAPublisher => "not_a_publisher",
        }
    }
}

/// The naming rule: a state body may be named; anyone else only with a basis (which) and at
/// least one source for it.
pub fn check_naming(
    party: PartyKind,
    basis: Option<NamingBasis>,
    basis_sources: usize,
) -> Result<(), RegistryRuleError> {
    match (party, basis) {
        (PartyKind::StateBody, _) => Ok(()),
        (_, Some(_)) if basis_sources > 0 => Ok(()),
        _ => Err(RegistryRuleError::NamingWithoutBasis),
    }
}

/// The two-person rule: who may publish a version written by `author`.
pub fn check_publisher(
    author: StaffId,
    publisher: StaffId,
    publisher_role: Role,
) -> Result<(), RegistryRuleError> {
    if !matches!(publisher_role, Role::Researcher | Role::Admin) {
        return Err(RegistryRuleError::NotAPublisher);
    }
    if author == publisher {
        return Err(RegistryRuleError::AuthorCannotPublish);
    }
    Ok(())
}

code_enum!(
    /// Who answered an allegation.
    ResponseParty {
        HostState = "host_state",
        AccusedState = "accused_state",
        Court = "court",
        NamedParty = "named_party",
        Other = "other",
    }
);

code_enum!(
    /// What kind of answer it was.
    ResponseKind {
        Statement = "statement",
        Denial = "denial",
        Investigation = "investigation",
        ClosureOrder = "closure_order",
        Charge = "charge",
        CourtOutcome = "court_outcome",
        Other = "other",
    }
);

/// A date as precise as the sources allow: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate(String);

impl PartialDate {
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        let mut parts = text.split('-');
        let year = parts.next()?;
        if !digits(year, 4) || !(1900..=2200).contains(&year.parse::<i64>().ok()?) {
            return None;
        }
        match (parts.next(), parts.next(), parts.next()) {
            (None, _, _) => {}
            (Some(month), None, _) => {
                let month: u32 = digits(month, 2).then(|| month.parse().ok())??;
                if !(1..=12).contains(&month) {
                    return None;
                }
            }
            (Some(_), Some(_), None) => {
                Day::parse(text)?;
            }
            _ => return None,
        }
        Some(PartialDate(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for PartialDate {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        PartialDate::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!("{text:?} is not YYYY, YYYY-MM or YYYY-MM-DD"))
        })
    }
}

/// One step of an allegation's status over time: since when (as far as known) and on what
/// sources.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusRecord {
    pub status: AllegationStatus,
    #[serde(default)]
    pub day: Option<PartialDate>,
    #[serde(default)]
    pub sources: Vec<SourceId>,
}

/// An official answer to an allegation, shown beside it: a host state's inquiry or closure
/// order, a court's outcome, the accused state's denial.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResponseRecord {
    pub party: ResponseParty,
    pub kind: ResponseKind,
    #[serde(default)]
    pub day: Option<PartialDate>,
    pub summary: String,
    #[serde(default)]
    pub sources: Vec<SourceId>,
}

/// What one version of a registry entry says. Which fields apply depends on the kind; the
/// rest stay empty (checked by [`EntryBody::problems`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryBody {
    pub kind: EntryKind,
    /// A short name, in our own words ("Alleged station, Markham").
    pub title: String,
    /// What is alleged or recorded, in our own words; counts, never names of private people.
    #[serde(default)]
    pub summary: String,
    /// ISO 3166-1 alpha-2 of the host country (places, incidents, responses).
    #[serde(default)]
    pub country: Option<String>,
    /// City or region, never a street address (places, incidents).
    #[serde(default)]
    pub city: Option<String>,
    /// The bureau or body said to run a place.
    #[serde(default)]
    pub operated_by: Option<String>,
    /// When the place or actor was first publicly reported.
    #[serde(default)]
    pub first_reported: Option<PartialDate>,
    /// The month of an incident (`YYYY-MM`) or the period of a figure.
    #[serde(default)]
    pub period: Option<String>,
    /// Tactics of the taxonomy (incidents).
    #[serde(default)]
    pub tactics: Vec<Tactic>,
    /// How many people an incident concerned, when the sources say.
    #[serde(default)]
    pub people: Option<u32>,
    /// The number a figure entry records, as published ("54 stations in 30 countries").
    #[serde(default)]
    pub value: Option<String>,
    /// Who a public actor is (state body, private person, non-state organisation).
    #[serde(default)]
    pub party: Option<PartyKind>,
    /// Why a private person or non-state organisation may be named, and the sources for it.
    #[serde(default)]
    pub naming_basis: Option<NamingBasis>,
    #[serde(default)]
    pub naming_sources: Vec<SourceId>,
    /// The allegation's status over time (places and incidents).
    #[serde(default)]
    pub statuses: Vec<StatusRecord>,
    /// Official responses (places and incidents; a response entry is one itself).
    #[serde(default)]
    pub responses: Vec<ResponseRecord>,
    /// The entries an official response or a figure concerns.
    #[serde(default)]
    pub about: Vec<EntryId>,
    /// Sources for the entry as a whole.
    #[serde(default)]
    pub sources: Vec<SourceId>,
}

/// Limits that keep an entry a page, not a book, and a request bounded.
pub const TITLE_MAX_CHARS: usize = 200;
pub const TEXT_MAX_CHARS: usize = 8_000;
pub const SHORT_MAX_CHARS: usize = 300;
pub const LIST_MAX_ITEMS: usize = 200;

/// Why a field of an entry or a source cannot be saved or published, by field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryProblem {
    Missing(&'static str),
    TooLong(&'static str),
    TooMany(&'static str),
    NotForKind(&'static str),
    UnknownCountry,
    BadPeriod,
    UnknownSource,
    Naming(RegistryRuleError),
    StatusWithoutSource,
    BadUrl,
    BadHash,
}

impl EntryProblem {
    /// The field the problem is about, for the form and the JSON error.
    pub fn field(self) -> &'static str {
        match self {
            EntryProblem::Missing(f)
            | EntryProblem::TooLong(f)
            | EntryProblem::TooMany(f)
            | EntryProblem::NotForKind(f) => f,
            EntryProblem::UnknownCountry => "country",
            EntryProblem::BadPeriod => "period",
            EntryProblem::UnknownSource => "sources",
            EntryProblem::Naming(_) => "naming_basis",
            EntryProblem::StatusWithoutSource => "statuses",
            EntryProblem::BadUrl => "url",
            EntryProblem::BadHash => "archived_sha256",
        }
    }

    /// A stable code for the problem.
    pub fn code(self) -> &'static str {
        match self {
            EntryProblem::Missing(_) => "missing",
            EntryProblem::TooLong(_) => "too_long",
            EntryProblem::TooMany(_) => "too_many",
            EntryProblem::NotForKind(_) => "not_for_kind",
            EntryProblem::UnknownCountry => "unknown_country",
            EntryProblem::BadPeriod => "bad_period",
            EntryProblem::UnknownSource => "unknown_source",
            EntryProblem::Naming(rule) => rule.code(),
            EntryProblem::StatusWithoutSource => "status_without_source",
            EntryProblem::BadUrl => "bad_url",
            EntryProblem::BadHash => "bad_hash",
        }
    }
}

/// `true` for two upper-case ASCII letters (the shape of ISO 3166-1 alpha-2; which codes
/// exist is the map's business).
pub fn is_country_code(code: &str) -> bool {
    code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase())
}

impl EntryBody {
    /// An empty body of a kind, to be filled in.
    pub fn new(kind: EntryKind, title: &str) -> Self {
        EntryBody {
            kind,
            title: title.to_owned(),
            summary: String::new(),
            country: None,
            city: None,
            operated_by: None,
            first_reported: None,
            period: None,
            tactics: Vec::new(),
            people: None,
            value: None,
            party: None,
            naming_basis: None,
            naming_sources: Vec::new(),
            statuses: Vec::new(),
            responses: Vec::new(),
            about: Vec::new(),
            sources: Vec::new(),
        }
    }

    /// Trims every text field and drops empty optional ones, so the same content is always
    /// the same body (an import compares bodies to stay idempotent).
    pub fn normalised(mut self) -> Self {
        fn tidy(text: &mut Option<String>) {
            if let Some(t) = text.take() {
                let t = t.trim();
                if !t.is_empty() {
                    *text = Some(t.to_owned());
                }
            }
        }
        self.title = self.title.trim().to_owned();
        self.summary = self.summary.trim().to_owned();
        tidy(&mut self.country);
        if let Some(code) = &mut self.country {
            *code = code.to_ascii_uppercase();
        }
        tidy(&mut self.city);
        tidy(&mut self.operated_by);
        tidy(&mut self.period);
        tidy(&mut self.value);
        for response in &mut self.responses {
            response.summary = response.summary.trim().to_owned();
        }
        self
    }

    /// Every source id the body cites.
    pub fn cited_sources(&self) -> Vec<SourceId> {
        let mut all: Vec<SourceId> = self
            .sources
            .iter()
            .chain(&self.naming_sources)
            .chain(self.statuses.iter().flat_map(|s| &s.sources))
            .chain(self.responses.iter().flat_map(|r| &r.sources))
            .copied()
            .collect();
        all.sort();
        all.dedup();
        all
    }

    /// What keeps the body from being saved as a draft: missing or oversized fields, fields
    /// that do not belong to its kind, sources that do not exist.
    pub fn problems(&self, source_exists: &dyn Fn(SourceId) -> bool) -> Vec<EntryProblem> {
        let mut problems = Vec::new();
        let chars = |s: &str| s.chars().count();
        if self.title.trim().is_empty() {
            problems.push(EntryProblem::Missing("title"));
        } else if chars(&self.title) > TITLE_MAX_CHARS {
            problems.push(EntryProblem::TooLong("title"));
        }
        if chars(&self.summary) > TEXT_MAX_CHARS {
            problems.push(EntryProblem::TooLong("summary"));
        }
        for (field, value) in [
            ("city", &self.city),
            ("operated_by", &self.operated_by),
            ("period", &self.period),
            ("value", &self.value),
        ] {
            if value.as_deref().is_some_and(|v| chars(v) > SHORT_MAX_CHARS) {
                problems.push(EntryProblem::TooLong(field));
            }
        }
        if let Some(code) = &self.country
            && !is_country_code(code)
        {
            problems.push(EntryProblem::UnknownCountry);
        }
        let kind = self.kind;
        let place_or_incident = matches!(kind, EntryKind::Place | EntryKind::Incident);
        let not_for = |present: bool, field: &'static str, allowed: bool| {
            (present && !allowed).then_some(EntryProblem::NotForKind(field))
        };
        problems.extend(
            [
                not_for(
                    self.operated_by.is_some(),
                    "operated_by",
                    kind == EntryKind::Place,
                ),
                not_for(self.city.is_some(), "city", place_or_incident),
                not_for(
                    !self.tactics.is_empty(),
                    "tactics",
                    kind == EntryKind::Incident,
                ),
                not_for(self.people.is_some(), "people", kind == EntryKind::Incident),
                not_for(self.value.is_some(), "value", kind == EntryKind::Figure),
                not_for(self.party.is_some(), "party", kind == EntryKind::Actor),
                not_for(
                    self.naming_basis.is_some() || !self.naming_sources.is_empty(),
                    "naming_basis",
                    kind == EntryKind::Actor,
                ),
                not_for(!self.statuses.is_empty(), "statuses", place_or_incident),
                not_for(
                    !self.about.is_empty(),
                    "about",
                    matches!(kind, EntryKind::Response | EntryKind::Figure),
                ),
            ]
            .into_iter()
            .flatten(),
        );
        match kind {
            EntryKind::Place | EntryKind::Incident if self.country.is_none() => {
                problems.push(EntryProblem::Missing("country"));
            }
            EntryKind::Actor if self.party.is_none() => {
                problems.push(EntryProblem::Missing("party"));
            }
            EntryKind::Figure if self.value.is_none() => {
                problems.push(EntryProblem::Missing("value"));
            }
            EntryKind::Response if self.responses.len() != 1 => {
                problems.push(EntryProblem::Missing("responses"));
            }
            _ => {}
        }
        if kind == EntryKind::Incident
            && let Some(period) = &self.period
            && crate::calendar::YearMonth::parse(period).is_none()
        {
            problems.push(EntryProblem::BadPeriod);
        }
        for (field, count) in [
            ("statuses", self.statuses.len()),
            ("responses", self.responses.len()),
            ("sources", self.sources.len()),
            ("about", self.about.len()),
            ("tactics", self.tactics.len()),
        ] {
            if count > LIST_MAX_ITEMS {
                problems.push(EntryProblem::TooMany(field));
            }
        }
        if self
            .responses
            .iter()
            .any(|r| r.summary.is_empty() || chars(&r.summary) > TEXT_MAX_CHARS)
        {
            problems.push(EntryProblem::Missing("responses"));
        }
        if self.cited_sources().into_iter().any(|s| !source_exists(s)) {
            problems.push(EntryProblem::UnknownSource);
        }
        problems
    }

    /// What keeps a saved draft from being published: the naming rule, and every status
    /// resting on at least one source.
    pub fn publish_problems(&self) -> Vec<EntryProblem> {
        let mut problems = Vec::new();
        if let Some(party) = self.party
            && let Err(rule) = check_naming(party, self.naming_basis, self.naming_sources.len())
        {
            problems.push(EntryProblem::Naming(rule));
        }
        if self.kind == EntryKind::Actor && self.party.is_none() {
            problems.push(EntryProblem::Naming(RegistryRuleError::NamingWithoutBasis));
        }
        if self.statuses.iter().any(|s| s.sources.is_empty()) {
            problems.push(EntryProblem::StatusWithoutSource);
        }
        // A registry of sourced facts: nothing is published on no source at all.
        if self.cited_sources().is_empty() {
            problems.push(EntryProblem::Missing("sources"));
        }
        problems
    }

    /// The statuses in force: the latest day's statuses (several may apply at once).
    pub fn current_statuses(&self) -> Vec<AllegationStatus> {
        let mut all: Vec<AllegationStatus> = self.statuses.iter().map(|s| s.status).collect();
        all.sort();
        all.dedup();
        all
    }

    /// The words a text filter searches.
    pub fn matches_text(&self, needle_lowercase: &str) -> bool {
        [
            Some(self.title.as_str()),
            Some(self.summary.as_str()),
            self.city.as_deref(),
            self.operated_by.as_deref(),
            self.value.as_deref(),
        ]
        .into_iter()
        .flatten()
        .chain(self.responses.iter().map(|r| r.summary.as_str()))
        .any(|text| text.to_lowercase().contains(needle_lowercase))
    }
}

/// A source the registry cites: public once an entry citing it is published. The archived
/// copy itself is sealed like evidence; only its SHA-256 is shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    pub id: SourceId,
    /// A short stable label (`S01` from a seed), unique when present.
    #[serde(default)]
    pub reference: Option<String>,
    pub url: String,
    pub publisher: String,
    pub title: String,
    #[serde(default)]
    pub published: Option<PartialDate>,
    pub kind: SourceKind,
    pub reliability: Reliability,
    pub credibility: Credibility,
    /// SHA-256 of the archived copy (hex), when one was kept.
    #[serde(default)]
    pub archived_sha256: Option<String>,
    pub added: Day,
}

/// The archived copy of a source: a page or document as the researcher found it, kept in case
/// it changes or disappears. The copy and its file name are sealed (to the researchers and
/// administrators of the day and the recovery key); its SHA-256 is on the source, public.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceArchive {
    pub source: SourceId,
    /// The sealed copy in the blob store.
    pub blob: String,
    /// Plaintext bytes.
    pub size: u64,
    /// The name the file came with, sealed to the same keys as the copy.
    pub sealed_name: Vec<u8>,
    pub added_by: StaffId,
    pub added: Day,
}

/// What keeps a source from being saved.
pub fn source_problems(source: &Source) -> Vec<EntryProblem> {
    let mut problems = Vec::new();
    let url = source.url.trim();
    if url.is_empty() {
        problems.push(EntryProblem::Missing("url"));
    } else if !(url.starts_with("https://") || url.starts_with("http://"))
        || url.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        problems.push(EntryProblem::BadUrl);
    } else if url.len() > 2_000 {
        problems.push(EntryProblem::TooLong("url"));
    }
    for (field, value, max) in [
        ("publisher", &source.publisher, SHORT_MAX_CHARS),
        ("title", &source.title, SHORT_MAX_CHARS * 2),
    ] {
        if value.trim().is_empty() {
            problems.push(EntryProblem::Missing(field));
        } else if value.chars().count() > max {
            problems.push(EntryProblem::TooLong(field));
        }
    }
    if let Some(hash) = &source.archived_sha256
        && !(hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
    {
        problems.push(EntryProblem::BadHash);
    }
    problems
}

/// One version of an entry as kept: every version stays, with who wrote it and who
/// published it, and when (by the day).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryVersion {
    pub version: u32,
    pub body: EntryBody,
    pub author: StaffId,
    pub written: Day,
    pub published_by: Option<StaffId>,
    pub published: Option<Day>,
}

/// An entry with the version the public sees (if any) and the newest one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub id: EntryId,
    pub kind: EntryKind,
    pub reference: Option<String>,
    pub published: Option<EntryVersion>,
    pub latest: EntryVersion,
    /// Withdrawn from the public (by an administrator), with the day.
    pub withdrawn: Option<Day>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seeds_statuses_all_read() {
        for seed in [
            "ALLEGED",
            "HOST_INQUIRY",
            "HOST_MONITORING",
            "HOST_CLOSURE_ORDERED",
            "REPORTED_CLOSED",
            "REPORTED_CEASED",
            "HOST_NO_EVIDENCE",
            "HOST_DENIED",
            "CLOSED",
            "CRIMINAL_CHARGES",
            "GUILTY_PLEA",
            "INQUIRY_CLOSED_NO_CHARGES",
            "CONTESTED",
        ] {
            assert!(AllegationStatus::from_seed(seed).is_some(), "{seed}");
        }
        assert_eq!(AllegationStatus::from_seed("RUMOURED"), None);
        assert_eq!(
            SourceKind::from_code("official_record"),
            Some(SourceKind::OfficialRecord)
        );
        assert_eq!(Reliability::from_code("B"), Some(Reliability::B));
        assert_eq!(
            Credibility::from_code("6"),
            Some(Credibility::CannotBeJudged)
        );
        assert_eq!(Credibility::from_code("7"), None);
    }

    #[test]
    fn nobody_private_is_named_without_a_sourced_basis() {
        assert_eq!(check_naming(PartyKind::StateBody, None, 0), Ok(()));
        for party in [PartyKind::PrivatePerson, PartyKind::NonStateOrganisation] {
            assert_eq!(
                check_naming(party, None, 3),
                Err(RegistryRuleError::NamingWithoutBasis)
            );
            assert_eq!(
                check_naming(party, Some(NamingBasis::Charged), 0),
                Err(RegistryRuleError::NamingWithoutBasis)
            );
            for basis in NamingBasis::ALL {
                assert_eq!(check_naming(party, Some(*basis), 1), Ok(()));
            }
        }
    }

    #[test]
    fn a_second_person_publishes() {
        let author = StaffId::from_bytes([1; 16]);
        let other = StaffId::from_bytes([2; 16]);
        assert_eq!(
            check_publisher(author, author, Role::Researcher),
            Err(RegistryRuleError::AuthorCannotPublish)
        );
        assert_eq!(
            check_publisher(author, author, Role::Admin),
            Err(RegistryRuleError::AuthorCannotPublish)
        );
        assert_eq!(check_publisher(author, other, Role::Researcher), Ok(()));
        assert_eq!(check_publisher(author, other, Role::Admin), Ok(()));
        assert_eq!(
            check_publisher(author, other, Role::Caseworker),
            Err(RegistryRuleError::NotAPublisher)
        );
    }
}
