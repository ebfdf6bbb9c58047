//! Staff sessions and reporters' sessions.

use async_trait::async_trait;
use refuge_domain::calendar::Day;
use refuge_domain::ports::{
    AuditEntry, ReporterSessionRecord, SessionRecord, SessionStore, StaffSessionSummary,
    StoreError, StoreResult,
};
use refuge_domain::{ReportId, StaffId};

use super::{Pool, SqlStore, decoded, failure};

/// A staff session's row (also written when a sign-in's second factor completes it).
pub(super) const INSERT_SESSION: &str = "INSERT INTO staff_sessions (id_hash, staff_id, \
     sealed_identity, created_at, last_seen_at) VALUES ($1, $2, $3, $4, $5)";

named_row!(SessionRow {
    staff_id: Vec<u8>,
    sealed_identity: Vec<u8>,
    created_at: i64,
    last_seen_at: i64,
});

named_row!(SessionSummaryRow {
    id_hash: Vec<u8>,
    created_at: i64,
    last_seen_at: i64,
});

named_row!(ReporterSessionRow {
    report_id: Vec<u8>,
    sealed_state: Vec<u8>,
    purge_day: i64,
});

#[async_trait]
impl SessionStore for SqlStore {
    async fn insert_session(
        &self,
        id_hash: &[u8],
        session: &SessionRecord,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await.map_err(failure)?;
            sqlx::query(INSERT_SESSION)
                .bind(id_hash)
                .bind(session.staff_id.as_bytes().as_slice())
                .bind(&session.sealed_identity)
                .bind(session.created_at)
                .bind(session.last_seen_at)
                .execute(&mut *tx)
                .await
                .map_err(failure)?;
            insert_audit!(&mut *tx, audit);
            tx.commit().await.map_err(failure)
        })
    }

    async fn session(&self, id_hash: &[u8]) -> StoreResult<Option<SessionRecord>> {
        on_pool!(self, |pool| {
            let row: Option<SessionRow> = sqlx::query_as(
                "SELECT staff_id, sealed_identity, created_at, last_seen_at FROM staff_sessions WHERE id_hash = $1",
            )
            .bind(id_hash)
            .fetch_optional(pool)
            .await
            .map_err(failure)?;
            row.map(|row| {
                Ok(SessionRecord {
                    staff_id: decoded(
                        StaffId::from_slice(&row.staff_id),
                        "staff_sessions.staff_id",
                    )?,
                    sealed_identity: row.sealed_identity,
                    created_at: row.created_at,
                    last_seen_at: row.last_seen_at,
                })
            })
            .transpose()
        })
    }

    async fn touch_session(&self, id_hash: &[u8], at: i64) -> StoreResult<()> {
        on_pool!(self, |pool| {
            sqlx::query("UPDATE staff_sessions SET last_seen_at = $1 WHERE id_hash = $2")
                .bind(at)
                .bind(id_hash)
                .execute(pool)
                .await
                .map_err(failure)
                .map(|_| ())
        })
    }

    async fn delete_session(&self, id_hash: &[u8]) -> StoreResult<()> {
        on_pool!(self, |pool| {
            sqlx::query("DELETE FROM staff_sessions WHERE id_hash = $1")
                .bind(id_hash)
                .execute(pool)
                .await
                .map_err(failure)
                .map(|_| ())
        })
    }

    async fn sessions_of(&self, staff: StaffId) -> StoreResult<Vec<StaffSessionSummary>> {
        on_pool!(self, |pool| {
            let rows: Vec<SessionSummaryRow> = sqlx::query_as(
                "SELECT id_hash, created_at, last_seen_at FROM staff_sessions \
                 WHERE staff_id = $1 ORDER BY created_at DESC",
            )
            .bind(staff.as_bytes().as_slice())
            .fetch_all(pool)
            .await
            .map_err(failure)?;
            Ok(rows
                .into_iter()
                .map(|row| StaffSessionSummary {
                    id_hash: row.id_hash,
                    created_at: row.created_at,
                    last_seen_at: row.last_seen_at,
                })
                .collect())
        })
    }

    async fn end_session_of(
        &self,
        staff: StaffId,
        id_hash: &[u8],
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await.map_err(failure)?;
            let ended =
                sqlx::query("DELETE FROM staff_sessions WHERE id_hash = $1 AND staff_id = $2")
                    .bind(id_hash)
                    .bind(staff.as_bytes().as_slice())
                    .execute(&mut *tx)
                    .await
                    .map_err(failure)?;
            if ended.rows_affected() != 1 {
                return Err(StoreError::NotFound);
            }
            insert_audit!(&mut *tx, audit);
            tx.commit().await.map_err(failure)
        })
    }

    async fn insert_reporter_session(
        &self,
        id_hash: &[u8],
        session: &ReporterSessionRecord,
    ) -> StoreResult<()> {
        on_pool!(self, |pool| {
            sqlx::query(
                "INSERT INTO reporter_sessions (id_hash, report_id, sealed_state, purge_day) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(id_hash)
            .bind(session.report_id.as_bytes().as_slice())
            .bind(&session.sealed_state)
            .bind(session.purge_day.0)
            .execute(pool)
            .await
            .map_err(failure)
            .map(|_| ())
        })
    }

    async fn reporter_session(&self, id_hash: &[u8]) -> StoreResult<Option<ReporterSessionRecord>> {
        on_pool!(self, |pool| {
            let row: Option<ReporterSessionRow> = sqlx::query_as(
                "SELECT report_id, sealed_state, purge_day FROM reporter_sessions WHERE id_hash = $1",
            )
            .bind(id_hash)
            .fetch_optional(pool)
            .await
            .map_err(failure)?;
            row.map(|row| {
                Ok(ReporterSessionRecord {
                    report_id: decoded(
                        ReportId::from_slice(&row.report_id),
                        "reporter_sessions.report_id",
                    )?,
                    sealed_state: row.sealed_state,
                    purge_day: Day(row.purge_day),
                })
            })
            .transpose()
        })
    }

    async fn touch_reporter_session(&self, id_hash: &[u8], sealed_state: &[u8]) -> StoreResult<()> {
        on_pool!(self, |pool| {
            sqlx::query("UPDATE reporter_sessions SET sealed_state = $1 WHERE id_hash = $2")
                .bind(sealed_state)
                .bind(id_hash)
                .execute(pool)
                .await
                .map_err(failure)
                .map(|_| ())
        })
    }

    async fn delete_reporter_session(&self, id_hash: &[u8]) -> StoreResult<()> {
        on_pool!(self, |pool| {
            sqlx::query("DELETE FROM reporter_sessions WHERE id_hash = $1")
                .bind(id_hash)
                .execute(pool)
                .await
                .map_err(failure)
                .map(|_| ())
        })
    }
}
