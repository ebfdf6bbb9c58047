//! Teams and routing: administrators put staff in teams and say which teams new reports go to;
//! intake seals each report only to the members of its teams (and to the organisation's
//! recovery key). Also the recovery key itself, and who may know a report exists.
//!
//! SECURITY: routing reads only a report's clear fields (intake holds no staff key). A report
//! routed to teams is visible — even without a key — only to their members; to everyone else
//! it does not exist (404).

use refuge_crypto::StaffIdentity;
use refuge_domain::ports::{AuditEntry, StaffRecord, StoredReport, Team};
use refuge_domain::routing::{self, Routing};
use refuge_domain::{AuditAction, Day, Permission, ReportId, StaffId, TeamId};

use crate::sessions::StaffSession;
use crate::{AppError, Refuge};

/// A team as administrators see it: its members by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamView {
    pub id: TeamId,
    pub name: String,
    pub members: Vec<StaffRecord>,
}

/// Where a new report goes: its teams, and who it is sealed to.
pub(crate) struct Route {
    pub teams: Vec<TeamId>,
    pub recipients: Vec<StaffRecord>,
}

/// A new recovery identity: shown once (`secret`), never stored; its public part is kept.
pub struct NewRecoveryKey {
    pub secret: zeroize::Zeroizing<String>,
    pub public_key: String,
}

impl std::fmt::Debug for NewRecoveryKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewRecoveryKey")
            .field("public_key", &self.public_key)
            .finish_non_exhaustive()
    }
}

impl Refuge {
    /// Every team with its members (administrators).
    pub async fn teams(&self, session: &StaffSession) -> Result<Vec<TeamView>, AppError> {
        session.require(Permission::ManageTeams)?;
        self.team_views().await
    }

    /// The names of the teams (for filters and forms), for anyone who works cases.
    pub async fn team_names(
        &self,
        session: &StaffSession,
    ) -> Result<Vec<(TeamId, String)>, AppError> {
        session.require(Permission::WorkCases)?;
        Ok(self
            .store
            .teams()
            .await?
            .into_iter()
            .map(|team| (team.id, team.name))
            .collect())
    }

    /// The names of `teams`, in their order (a deleted team has none, and is left out).
    pub(crate) async fn names_of_teams(&self, teams: &[TeamId]) -> Result<Vec<String>, AppError> {
        if teams.is_empty() {
            return Ok(Vec::new());
        }
        let all = self.store.teams().await?;
        Ok(teams
            .iter()
            .filter_map(|id| all.iter().find(|team| team.id == *id))
            .map(|team| team.name.clone())
            .collect())
    }

    async fn team_views(&self) -> Result<Vec<TeamView>, AppError> {
        let staff = self.store.list_staff().await?;
        Ok(self
            .store
            .teams()
            .await?
            .into_iter()
            .map(|team| TeamView {
                id: team.id,
                members: staff
                    .iter()
                    .filter(|s| team.members.contains(&s.id))
                    .cloned()
                    .collect(),
                name: team.name,
            })
            .collect())
    }

    /// Members must be accounts that exist and work cases (only they can receive reports).
    async fn check_members(&self, usernames: &[String]) -> Result<Vec<StaffId>, AppError> {
        let staff = self.store.list_staff().await?;
        let mut ids = Vec::with_capacity(usernames.len());
        for name in usernames {
            let person = staff
                .iter()
                .find(|s| s.username == name.trim() && s.role.may(Permission::WorkCases))
                .ok_or_else(|| AppError::Team(TeamError::UnknownMember(name.clone())))?;
            if !ids.contains(&person.id) {
                ids.push(person.id);
            }
        }
        Ok(ids)
    }

    fn team_audit(
        &self,
        session: &StaffSession,
        action: AuditAction,
        subject: String,
    ) -> AuditEntry {
        AuditEntry {
            at: self.now(),
            actor: Some(session.staff.id),
            action,
            report: None,
            subject,
        }
    }

    /// A new team. `Conflict` if the name is taken.
    pub async fn create_team(
        &self,
        session: &StaffSession,
        name: &str,
        members: &[String],
    ) -> Result<TeamView, AppError> {
        session.require(Permission::ManageTeams)?;
        let name = name.trim();
        routing::check_team_name(name).map_err(AppError::Routing)?;
        let team = Team {
            id: TeamId::from_bytes(refuge_crypto::random::bytes::<16>()),
            name: name.to_owned(),
            members: self.check_members(members).await?,
        };
        let audit = self.team_audit(
            session,
            AuditAction::TeamCreated,
            format!("{name} members={}", members.join(",")),
        );
        self.store.insert_team(&team, &audit).await?;
        self.team_view(team.id).await
    }

    async fn team_view(&self, id: TeamId) -> Result<TeamView, AppError> {
        self.team_views()
            .await?
            .into_iter()
            .find(|team| team.id == id)
            .ok_or(AppError::NotFound)
    }

    async fn team_named(&self, name: &str) -> Result<Team, AppError> {
        self.store
            .teams()
            .await?
            .into_iter()
            .find(|team| team.name == name)
            .ok_or(AppError::NotFound)
    }

    /// Renames a team and sets its members. New reports follow at once; reports already sealed
    /// move only when someone who can read them gives access (re-sealing, recorded).
    pub async fn update_team(
        &self,
        session: &StaffSession,
        name: &str,
        new_name: &str,
        members: &[String],
    ) -> Result<TeamView, AppError> {
        session.require(Permission::ManageTeams)?;
        let current = self.team_named(name).await?;
        let new_name = new_name.trim();
        routing::check_team_name(new_name).map_err(AppError::Routing)?;
        let team = Team {
            id: current.id,
            name: new_name.to_owned(),
            members: self.check_members(members).await?,
        };
        let audit = self.team_audit(
            session,
            AuditAction::TeamChanged,
            format!("{new_name} was={name} members={}", members.join(",")),
        );
        self.store.update_team(&team, &audit).await?;
        self.team_view(team.id).await
    }

    /// Deletes a team the routing no longer names (`Team(InRouting)` otherwise).
    pub async fn delete_team(&self, session: &StaffSession, name: &str) -> Result<(), AppError> {
        session.require(Permission::ManageTeams)?;
        let team = self.team_named(name).await?;
        let routing = self.store.routing().await?;
        let id = team.id.to_string();
        let named = routing.default_teams.contains(&id)
            || routing.rules.iter().any(|rule| rule.teams.contains(&id));
        if named {
            return Err(AppError::Team(TeamError::InRouting(name.to_owned())));
        }
        let audit = self.team_audit(session, AuditAction::TeamDeleted, name.to_owned());
        Ok(self.store.delete_team(team.id, &audit).await?)
    }

    /// The routing table, with team names.
    pub async fn routing(&self, session: &StaffSession) -> Result<Routing, AppError> {
        session.require(Permission::ManageTeams)?;
        let teams = self.store.teams().await?;
        let name = |id: &String| {
            teams
                .iter()
                .find(|team| &team.id.to_string() == id)
                .map_or_else(|| id.clone(), |team| team.name.clone())
        };
        let mut routing = self.store.routing().await?;
        for rule in &mut routing.rules {
            rule.teams = rule.teams.iter().map(name).collect();
        }
        routing.default_teams = routing.default_teams.iter().map(name).collect();
        Ok(routing)
    }

    /// Replaces the routing table (team names in, kept by team id so a rename follows).
    pub async fn set_routing(
        &self,
        session: &StaffSession,
        routing: &Routing,
    ) -> Result<Routing, AppError> {
        session.require(Permission::ManageTeams)?;
        let teams = self.store.teams().await?;
        let names: Vec<String> = teams.iter().map(|team| team.name.clone()).collect();
        routing
            .check(&names, &self.settings.origin_states)
            .map_err(AppError::Routing)?;
        let id = |name: &String| {
            teams
                .iter()
                .find(|team| &team.name == name)
                .map(|team| team.id.to_string())
                .unwrap_or_default()
        };
        let mut stored = routing.clone();
        for rule in &mut stored.rules {
            rule.teams = rule.teams.iter().map(id).collect();
        }
        stored.default_teams = stored.default_teams.iter().map(id).collect();
        let summary = serde_json::to_string(routing).unwrap_or_default();
        let audit = self.team_audit(session, AuditAction::RoutingChanged, summary);
        self.store.set_routing(&stored, &audit).await?;
        self.routing(session).await
    }

    /// Where a new report with these clear fields goes. Without routing, to everyone who
    /// receives reports. With it, to the members of its teams who receive reports; if those
    /// teams have none, to the default teams'; if they have none either, to everyone who
    /// receives reports — a report is never sealed to nobody.
    pub(crate) async fn route(
        &self,
        meta: &refuge_domain::ports::ReportMeta,
    ) -> Result<Route, AppError> {
        let routing = self.store.routing().await?;
        let everyone = || async { self.store.intake_recipients().await };
        if !routing.is_set() {
            return Ok(Route {
                teams: Vec::new(),
                recipients: everyone().await?,
            });
        }
        let teams = self.store.teams().await?;
        let receivers = self.store.intake_recipients().await?;
        let members_of = |ids: &[String]| -> (Vec<TeamId>, Vec<StaffRecord>) {
            let chosen: Vec<&Team> = teams
                .iter()
                .filter(|team| ids.contains(&team.id.to_string()))
                .collect();
            let people = receivers
                .iter()
                .filter(|s| chosen.iter().any(|team| team.members.contains(&s.id)))
                .cloned()
                .collect();
            (chosen.iter().map(|team| team.id).collect(), people)
        };
        let (routed, people) = members_of(routing.teams_for(meta));
        if !people.is_empty() {
            return Ok(Route {
                teams: routed,
                recipients: people,
            });
        }
        let (defaults, people) = members_of(&routing.default_teams);
        if !people.is_empty() {
            tracing::warn!(
                "a report's teams have nobody who receives reports: sent to the default teams"
            );
            return Ok(Route {
                teams: defaults,
                recipients: people,
            });
        }
        tracing::warn!(
            "no team of a report has anyone who receives reports: sent to everyone who does"
        );
        Ok(Route {
            teams: Vec::new(),
            recipients: receivers,
        })
    }

    /// Whether the member may know the report exists: it is sealed to them, routed to a team
    /// of theirs, or routed to no team.
    pub(crate) async fn may_know(
        &self,
        session: &StaffSession,
        stored: &StoredReport,
    ) -> Result<bool, AppError> {
        if session.holds_key(stored) || stored.teams.is_empty() {
            return Ok(true);
        }
        let mine = self.store.teams_of(session.staff.id).await?;
        Ok(stored.teams.iter().any(|team| mine.contains(team)))
    }

    /// A report the member may know exists; `NotFound` (never "forbidden") otherwise, so a
    /// report routed elsewhere does not leak its existence.
    pub(crate) async fn known_report(
        &self,
        session: &StaffSession,
        id: ReportId,
    ) -> Result<StoredReport, AppError> {
        let stored = self.stored_report(id).await?;
        if self.may_know(session, &stored).await? {
            Ok(stored)
        } else {
            Err(AppError::NotFound)
        }
    }

    /// The keys everything about a report is also sealed to: the organisation's current
    /// recovery key, if there is one.
    pub(crate) async fn recovery_recipients(&self) -> Result<Vec<String>, AppError> {
        Ok(self.store.recovery_key().await?.into_iter().collect())
    }

    /// Makes a new organisation recovery key: its identity is returned to be shown once and
    /// kept offline; only its public key is stored. From now on every report, file and message
    /// is also sealed to it. `actor` is the administrator, or `None` for the set-up and the
    /// command line.
    pub async fn new_recovery_key(
        &self,
        actor: Option<&StaffSession>,
    ) -> Result<NewRecoveryKey, AppError> {
        if let Some(session) = actor {
            session.require(Permission::ManageTeams)?;
        }
        let identity = StaffIdentity::generate();
        let public_key = identity.public_key();
        let audit = AuditEntry {
            at: self.now(),
            actor: actor.map(|s| s.staff.id),
            action: AuditAction::RecoveryKeyCreated,
            report: None,
            subject: format!("recovery public_key={public_key}"),
        };
        self.store
            .set_recovery_key(&public_key, Day::from_unix_seconds(self.now()), &audit)
            .await?;
        Ok(NewRecoveryKey {
            secret: zeroize::Zeroizing::new(
                String::from_utf8_lossy(&identity.to_secret_bytes()).into_owned(),
            ),
            public_key,
        })
    }

    /// Whether the organisation has a recovery key.
    pub async fn has_recovery_key(&self) -> Result<bool, AppError> {
        Ok(self.store.recovery_key().await?.is_some())
    }

    /// Gives `username` access to every report the recovery identity opens (the command line,
    /// with the identity read from standard input): each is sealed again, to its keys and
    /// theirs, recorded. Returns how many reports were shared.
    pub async fn grant_with_recovery_key(
        &self,
        identity: &StaffIdentity,
        username: &str,
    ) -> Result<usize, AppError> {
        let grantee = self
            .store
            .staff_by_username(username.trim())
            .await?
            .filter(|s| !s.disabled && s.role.may(Permission::WorkCases))
            .ok_or(AppError::NotFound)?;
        let staff = self.store.list_staff().await?;
        let mut shared = 0;
        for id in self.store.all_report_ids().await? {
            let stored = self.stored_report(id).await?;
            if stored.recipients.contains(&grantee.id) {
                continue;
            }
            match self.reseal_for(identity, None, id, &grantee, &staff).await {
                Ok(()) => shared += 1,
                // Sealed before this recovery key existed: it does not open.
                Err(AppError::NoAccess) => {}
                Err(other) => return Err(other),
            }
        }
        Ok(shared)
    }
}

/// Why a team or the routing was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TeamError {
    #[error("{0:?} is not an account that works cases")]
    UnknownMember(String),
    #[error("team {0:?} is named by the routing of new reports")]
    InRouting(String),
}

impl TeamError {
    pub fn code(&self) -> &'static str {
        match self {
            TeamError::UnknownMember(_) => "unknown_member",
            TeamError::InRouting(_) => "team_in_routing",
        }
    }
}
