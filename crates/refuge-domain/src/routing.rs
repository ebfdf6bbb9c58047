//! Teams and routing: which teams a new report goes to, decided from its clear fields alone
//! (intake holds no staff key, so nothing sealed can take part). The first rule that matches
//! wins; the default teams catch the rest.

use serde::{Deserialize, Serialize};

use crate::ports::ReportMeta;
use crate::taxonomy::{self, Community, Language, Tactic};

/// The most teams, and rules, an instance may have (a form lists them all).
pub const TEAMS_MAX: usize = 100;
pub const RULES_MAX: usize = 200;

/// A team's name: its code in addresses, the API and the database.
pub fn check_team_name(name: &str) -> Result<(), RoutingError> {
    let plain = (1..=40).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-');
    if plain {
        Ok(())
    } else {
        Err(RoutingError::BadTeamName(name.to_owned()))
    }
}

/// What a rule asks of a report. Every condition given must hold; none given matches all.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Conditions {
    pub language: Option<Language>,
    pub host_country: Option<String>,
    pub host_region: Option<String>,
    pub community: Option<Community>,
    pub origin_state: Option<String>,
    /// The report carries this tactic (among others).
    pub tactic: Option<Tactic>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    #[serde(default)]
    pub when: Conditions,
    pub teams: Vec<String>,
}

/// The routing table: rules in order, and the teams that take what no rule matched.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Routing {
    #[serde(default)]
    pub rules: Vec<Rule>,
    #[serde(default)]
    pub default_teams: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RoutingError {
    #[error("team names are 1–40 lowercase letters, digits, '_' or '-': {0:?}")]
    BadTeamName(String),
    #[error("unknown team {0:?}")]
    UnknownTeam(String),
    #[error("rule {0} names no team")]
    RuleWithoutTeams(usize),
    #[error("unknown {field} {value:?} in rule {rule}")]
    UnknownCode {
        rule: usize,
        field: &'static str,
        value: String,
    },
    #[error("too many rules or teams")]
    TooMany,
}

impl RoutingError {
    pub fn code(&self) -> &'static str {
        match self {
            RoutingError::BadTeamName(_) => "bad_team_name",
            RoutingError::UnknownTeam(_) => "unknown_team",
            RoutingError::RuleWithoutTeams(_) => "rule_without_teams",
            RoutingError::UnknownCode { .. } => "unknown_code",
            RoutingError::TooMany => "too_many",
        }
    }
}

impl Conditions {
    pub fn matches(&self, report: &ReportMeta) -> bool {
        let same = |wanted: &Option<String>, actual: &Option<String>| {
            wanted.as_ref().is_none_or(|w| actual.as_ref() == Some(w))
        };
        self.language.is_none_or(|l| l == report.language)
            && same(&self.host_country, &report.host_country)
            && same(&self.host_region, &report.host_region)
            && self.community.is_none_or(|c| report.community == Some(c))
            && same(&self.origin_state, &report.origin_state)
            && self.tactic.is_none_or(|t| report.tactics.contains(&t))
    }
}

impl Routing {
    /// Whether any routing is set: without it, every caseworker receives every report (the
    /// behaviour before teams existed, and a fresh install's).
    pub fn is_set(&self) -> bool {
        !self.rules.is_empty() || !self.default_teams.is_empty()
    }

    /// The teams a new report goes to: the first matching rule's, else the default teams.
    pub fn teams_for(&self, report: &ReportMeta) -> &[String] {
        self.rules
            .iter()
            .find(|rule| rule.when.matches(report))
            .map_or(self.default_teams.as_slice(), |rule| rule.teams.as_slice())
    }

    /// Checks the table against the teams that exist and the taxonomy: every team named
    /// exists, every rule names one, codes are known. `origin_states` are the operator's.
    pub fn check(&self, teams: &[String], origin_states: &[String]) -> Result<(), RoutingError> {
        if self.rules.len() > RULES_MAX || self.default_teams.len() > TEAMS_MAX {
            return Err(RoutingError::TooMany);
        }
        let known = |team: &String| {
            if teams.contains(team) {
                Ok(())
            } else {
                Err(RoutingError::UnknownTeam(team.clone()))
            }
        };
        for (index, rule) in self.rules.iter().enumerate() {
            let number = index + 1;
            if rule.teams.is_empty() {
                return Err(RoutingError::RuleWithoutTeams(number));
            }
            rule.teams.iter().try_for_each(known)?;
            let unknown = |field: &'static str, value: &str| RoutingError::UnknownCode {
                rule: number,
                field,
                value: value.to_owned(),
            };
            if let Some(country) = &rule.when.host_country
                && !taxonomy::HOST_COUNTRIES.contains(&country.as_str())
            {
                return Err(unknown("host_country", country));
            }
            if let Some(region) = &rule.when.host_region {
                let country = rule.when.host_country.as_deref().unwrap_or("");
                if !taxonomy::regions_of(country)
                    .iter()
                    .any(|(code, _)| code == region)
                {
                    return Err(unknown("host_region", region));
                }
            }
            if let Some(origin) = &rule.when.origin_state
                && !origin_states.contains(origin)
            {
                return Err(unknown("origin_state", origin));
            }
        }
        self.default_teams.iter().try_for_each(known)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::Day;
    use crate::ids::ReportId;
    use crate::report::ReportStatus;

    fn meta(language: Language, country: Option<&str>, tactics: &[Tactic]) -> ReportMeta {
        ReportMeta {
            id: ReportId::from_bytes([1; 16]),
            received: Day(20_000),
            status: ReportStatus::Received,
            status_day: Day(20_000),
            language,
            tactics: tactics.to_vec(),
            host_country: country.map(str::to_owned),
            host_region: None,
            origin_state: Some("CN".into()),
            occurred_month: None,
            community: None,
            consent_statistics: false,
            case: crate::case::CaseState::new(Day(20_000)),
        }
    }

    fn routing() -> Routing {
        serde_json::from_str(
            r#"{"rules": [
                {"when": {"language": "ug"}, "teams": ["uyghur"]},
                {"when": {"host_country": "CA", "tactic": "spyware"}, "teams": ["digital", "canada"]}
            ], "default_teams": ["intake"]}"#,
        )
        .expect("routing")
    }

    #[test]
    fn the_first_matching_rule_wins_and_the_default_takes_the_rest() {
        let routing = routing();
        assert_eq!(
            routing.teams_for(&meta(Language::Uyghur, Some("CA"), &[Tactic::Spyware])),
            ["uyghur"]
        );
        assert_eq!(
            routing.teams_for(&meta(Language::English, Some("CA"), &[Tactic::Spyware])),
            ["digital", "canada"]
        );
        assert_eq!(
            routing.teams_for(&meta(Language::English, Some("FR"), &[Tactic::Spyware])),
            ["intake"]
        );
        assert!(routing.is_set());
        assert!(!Routing::default().is_set());
    }

    #[test]
    fn a_table_names_only_teams_and_codes_that_exist() {
        let teams: Vec<String> = ["uyghur", "digital", "canada", "intake"]
            .map(str::to_owned)
            .to_vec();
        let origins = vec!["CN".to_owned()];
        assert_eq!(routing().check(&teams, &origins), Ok(()));
        assert!(matches!(
            routing().check(&teams[..2], &origins),
            Err(RoutingError::UnknownTeam(_))
        ));
        let mut bad = routing();
        bad.rules[0].when.host_country = Some("XX".into());
        assert!(matches!(
            bad.check(&teams, &origins),
            Err(RoutingError::UnknownCode { rule: 1, .. })
        ));
        let mut bad = routing();
        bad.rules[1].teams.clear();
        assert_eq!(
            bad.check(&teams, &origins),
            Err(RoutingError::RuleWithoutTeams(2))
        );
        assert!(
            serde_json::from_str::<Routing>(
                r#"{"rules": [{"when": {"colour": "red"}, "teams": ["a"]}]}"#
            )
            .is_err(),
            "an unknown condition is refused, never ignored"
        );
    }

    #[test]
    fn team_names_are_plain() {
        assert!(check_team_name("uyghur-desk").is_ok());
        for bad in ["", "Uyghur", "a b", "x/y", &"a".repeat(41)] {
            assert!(check_team_name(bad).is_err(), "{bad}");
        }
    }
}
