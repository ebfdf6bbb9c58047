//! Teams, their members, and the routing table that sends new reports to them.

use async_trait::async_trait;

use crate::ids::{StaffId, TeamId};
use crate::routing::Routing;

use super::{AuditEntry, StoreResult};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Team {
    pub id: TeamId,
    pub name: String,
    pub members: Vec<StaffId>,
}

#[async_trait]
pub trait TeamStore: Send + Sync {
    /// Every team with its members, by name.
    async fn teams(&self) -> StoreResult<Vec<Team>>;
    /// The teams `staff` belongs to.
    async fn teams_of(&self, staff: StaffId) -> StoreResult<Vec<TeamId>>;
    /// A new team with its audit row. `Conflict` if the name is taken.
    async fn insert_team(&self, team: &Team, audit: &AuditEntry) -> StoreResult<()>;
    /// Renames a team and replaces its members, with its audit row. `NotFound` if there is no
    /// such team; `Conflict` if the new name is another team's.
    async fn update_team(&self, team: &Team, audit: &AuditEntry) -> StoreResult<()>;
    /// Deletes a team and its memberships, with its audit row. Reports routed to it stay
    /// routed to it (and so visible only to who holds a key). `NotFound` if there is none.
    async fn delete_team(&self, id: TeamId, audit: &AuditEntry) -> StoreResult<()>;
    /// The routing table (empty when none was set).
    async fn routing(&self) -> StoreResult<Routing>;
    /// Replaces the routing table, with its audit row.
    async fn set_routing(&self, routing: &Routing, audit: &AuditEntry) -> StoreResult<()>;
}
