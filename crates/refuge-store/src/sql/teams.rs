//! Teams, their members, and the routing table.

use async_trait::async_trait;
use refuge_domain::ports::{AuditEntry, StoreError, StoreResult, Team, TeamStore};
use refuge_domain::routing::Routing;
use refuge_domain::{StaffId, TeamId};

use super::{Pool, SqlStore, corrupt, decoded, failure};

named_row!(TeamRow {
    id: Vec<u8>,
    name: String,
});

named_row!(MemberRow {
    team_id: Vec<u8>,
    staff_id: Vec<u8>,
});

named_row!(DocumentRow { document: String });

/// The routing table's one row.
const ROUTING_ROW: i64 = 1;

/// Replaces a team's members on the given transaction.
macro_rules! set_members {
    ($tx:expr, $team:expr) => {{
        sqlx::query("DELETE FROM team_members WHERE team_id = $1")
            .bind($team.id.as_bytes().as_slice())
            .execute(&mut *$tx)
            .await
            .map_err(failure)?;
        for member in &$team.members {
            sqlx::query("INSERT INTO team_members (team_id, staff_id) VALUES ($1, $2)")
                .bind($team.id.as_bytes().as_slice())
                .bind(member.as_bytes().as_slice())
                .execute(&mut *$tx)
                .await
                .map_err(failure)?;
        }
    }};
}

#[async_trait]
impl TeamStore for SqlStore {
    async fn teams(&self) -> StoreResult<Vec<Team>> {
        on_pool!(self, |pool| {
            let teams: Vec<TeamRow> = sqlx::query_as("SELECT id, name FROM teams ORDER BY name")
                .fetch_all(pool)
                .await
                .map_err(failure)?;
            let members: Vec<MemberRow> = sqlx::query_as(
                "SELECT m.team_id, m.staff_id FROM team_members m \
                 JOIN staff s ON s.id = m.staff_id ORDER BY s.username",
            )
            .fetch_all(pool)
            .await
            .map_err(failure)?;
            teams
                .into_iter()
                .map(|team| {
                    Ok(Team {
                        id: decoded(TeamId::from_slice(&team.id), "teams.id")?,
                        members: members
                            .iter()
                            .filter(|m| m.team_id == team.id)
                            .map(|m| {
                                decoded(StaffId::from_slice(&m.staff_id), "team_members.staff_id")
                            })
                            .collect::<StoreResult<_>>()?,
                        name: team.name,
                    })
                })
                .collect()
        })
    }

    async fn teams_of(&self, staff: StaffId) -> StoreResult<Vec<TeamId>> {
        on_pool!(self, |pool| {
            let rows: Vec<MemberRow> =
                sqlx::query_as("SELECT team_id, staff_id FROM team_members WHERE staff_id = $1")
                    .bind(staff.as_bytes().as_slice())
                    .fetch_all(pool)
                    .await
                    .map_err(failure)?;
            rows.into_iter()
                .map(|row| decoded(TeamId::from_slice(&row.team_id), "team_members.team_id"))
                .collect()
        })
    }

    async fn insert_team(&self, team: &Team, audit: &AuditEntry) -> StoreResult<()> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await.map_err(failure)?;
            sqlx::query("INSERT INTO teams (id, name) VALUES ($1, $2)")
                .bind(team.id.as_bytes().as_slice())
                .bind(&team.name)
                .execute(&mut *tx)
                .await
                .map_err(failure)?;
            set_members!(tx, team);
            insert_audit!(&mut *tx, audit);
            tx.commit().await.map_err(failure)
        })
    }

    async fn update_team(&self, team: &Team, audit: &AuditEntry) -> StoreResult<()> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await.map_err(failure)?;
            let renamed = sqlx::query("UPDATE teams SET name = $2 WHERE id = $1")
                .bind(team.id.as_bytes().as_slice())
                .bind(&team.name)
                .execute(&mut *tx)
                .await
                .map_err(failure)?;
            if renamed.rows_affected() != 1 {
                return Err(StoreError::NotFound);
            }
            set_members!(tx, team);
            insert_audit!(&mut *tx, audit);
            tx.commit().await.map_err(failure)
        })
    }

    async fn delete_team(&self, id: TeamId, audit: &AuditEntry) -> StoreResult<()> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await.map_err(failure)?;
            sqlx::query("DELETE FROM team_members WHERE team_id = $1")
                .bind(id.as_bytes().as_slice())
                .execute(&mut *tx)
                .await
                .map_err(failure)?;
            let gone = sqlx::query("DELETE FROM teams WHERE id = $1")
                .bind(id.as_bytes().as_slice())
                .execute(&mut *tx)
                .await
                .map_err(failure)?;
            if gone.rows_affected() != 1 {
                return Err(StoreError::NotFound);
            }
            insert_audit!(&mut *tx, audit);
            tx.commit().await.map_err(failure)
        })
    }

    async fn routing(&self) -> StoreResult<Routing> {
        on_pool!(self, |pool| {
            let row: Option<DocumentRow> =
                sqlx::query_as("SELECT document FROM routing WHERE id = $1")
                    .bind(ROUTING_ROW)
                    .fetch_optional(pool)
                    .await
                    .map_err(failure)?;
            match row {
                None => Ok(Routing::default()),
                Some(row) => {
                    serde_json::from_str(&row.document).map_err(|_| corrupt("routing.document"))
                }
            }
        })
    }

    async fn set_routing(&self, routing: &Routing, audit: &AuditEntry) -> StoreResult<()> {
        let document = serde_json::to_string(routing).map_err(|_| corrupt("routing.document"))?;
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await.map_err(failure)?;
            sqlx::query(
                "INSERT INTO routing (id, document) VALUES ($1, $2) \
                 ON CONFLICT (id) DO UPDATE SET document = excluded.document",
            )
            .bind(ROUTING_ROW)
            .bind(&document)
            .execute(&mut *tx)
            .await
            .map_err(failure)?;
            insert_audit!(&mut *tx, audit);
            tx.commit().await.map_err(failure)
        })
    }
}
