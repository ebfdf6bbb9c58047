//! The public registry's vocabulary and rules (issue 12): kinds of entry, the allegation
//! statuses a place or incident goes through, sources graded as in the Admiralty code, the
//! naming rule (a private person or non-state organisation is named only on a stated, sourced
//! basis) and the two-person rule (the author of a draft never publishes it).

use crate::ids::StaffId;
use crate::staff::Role;
use crate::taxonomy::code_enum;

code_enum!(
    /// What a registry entry is.
    EntryKind {
        Place = "place",
        Incident = "incident",
        Actor = "actor",
        Response = "response",
        Source = "source",
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
