//! Staff second factors and sign-ins waiting for one.

use async_trait::async_trait;
use refuge_domain::StaffId;
use refuge_domain::ports::{
    AuditEntry, FactorChallenge, SecondFactorStore, SessionRecord, StoreError, StoreResult,
    StoredSecondFactor,
};
use refuge_domain::staff::SecondFactorKind;

use super::{Pool, SqlStore, decoded, failure};

named_row!(FactorRow {
    kind: String,
    sealed: Vec<u8>,
    last_counter: Option<i64>,
    confirmed_at: Option<i64>,
    created_at: i64,
    failures: i64,
});

named_row!(ChallengeRow {
    staff_id: Vec<u8>,
    sealed_identity: Vec<u8>,
    created_at: i64,
    tries: i64,
});

#[async_trait]
impl SecondFactorStore for SqlStore {
    async fn second_factor(&self, staff: StaffId) -> StoreResult<Option<StoredSecondFactor>> {
        on_pool!(self, |pool| {
            let row: Option<FactorRow> = sqlx::query_as(
                "SELECT kind, sealed, last_counter, confirmed_at, created_at, failures \
                 FROM staff_second_factors WHERE staff_id = $1",
            )
            .bind(staff.as_bytes().as_slice())
            .fetch_optional(pool)
            .await
            .map_err(failure)?;
            row.map(|row| {
                Ok(StoredSecondFactor {
                    kind: decoded(
                        SecondFactorKind::from_code(&row.kind),
                        "staff_second_factors.kind",
                    )?,
                    sealed: row.sealed,
                    last_counter: row.last_counter,
                    confirmed_at: row.confirmed_at,
                    created_at: row.created_at,
                    failures: row.failures,
                })
            })
            .transpose()
        })
    }

    async fn put_pending_factor(
        &self,
        staff: StaffId,
        kind: SecondFactorKind,
        sealed: &[u8],
        now: i64,
    ) -> StoreResult<()> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await.map_err(failure)?;
            sqlx::query(
                "DELETE FROM staff_second_factors WHERE staff_id = $1 AND confirmed_at IS NULL",
            )
            .bind(staff.as_bytes().as_slice())
            .execute(&mut *tx)
            .await
            .map_err(failure)?;
            // A confirmed factor is still there: the insert meets its primary key.
            sqlx::query(
                "INSERT INTO staff_second_factors (staff_id, kind, sealed, last_counter, \
                 confirmed_at, created_at) VALUES ($1, $2, $3, NULL, NULL, $4)",
            )
            .bind(staff.as_bytes().as_slice())
            .bind(kind.code())
            .bind(sealed)
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(failure)?;
            tx.commit().await.map_err(failure)
        })
    }

    async fn confirm_factor(
        &self,
        staff: StaffId,
        sealed: &[u8],
        counter: i64,
        now: i64,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await.map_err(failure)?;
            let done = sqlx::query(
                "UPDATE staff_second_factors SET confirmed_at = $3, last_counter = $4 \
                 WHERE staff_id = $1 AND sealed = $2 AND confirmed_at IS NULL",
            )
            .bind(staff.as_bytes().as_slice())
            .bind(sealed)
            .bind(now)
            .bind(counter)
            .execute(&mut *tx)
            .await
            .map_err(failure)?;
            if done.rows_affected() != 1 {
                return Err(StoreError::NotFound);
            }
            insert_audit!(&mut *tx, audit);
            tx.commit().await.map_err(failure)
        })
    }

    async fn use_factor_counter(&self, staff: StaffId, counter: i64) -> StoreResult<bool> {
        on_pool!(self, |pool| {
            // One statement: two requests with the same code cannot both pass.
            let done = sqlx::query(
                "UPDATE staff_second_factors SET last_counter = $2, failures = 0 WHERE staff_id = $1 \
                 AND confirmed_at IS NOT NULL AND (last_counter IS NULL OR last_counter < $2)",
            )
            .bind(staff.as_bytes().as_slice())
            .bind(counter)
            .execute(pool)
            .await
            .map_err(failure)?;
            Ok(done.rows_affected() == 1)
        })
    }

    async fn record_factor_failure(&self, staff: StaffId) -> StoreResult<i64> {
        on_pool!(self, |pool| {
            let (failures,): (i64,) = sqlx::query_as(
                "UPDATE staff_second_factors SET failures = failures + 1 WHERE staff_id = $1 \
                 RETURNING failures",
            )
            .bind(staff.as_bytes().as_slice())
            .fetch_one(pool)
            .await
            .map_err(failure)?;
            Ok(failures)
        })
    }

    async fn reseal_factor(
        &self,
        staff: StaffId,
        expected: &[u8],
        sealed: &[u8],
        audit: &AuditEntry,
    ) -> StoreResult<bool> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await.map_err(failure)?;
            let done = sqlx::query(
                "UPDATE staff_second_factors SET sealed = $3, failures = 0 \
                 WHERE staff_id = $1 AND sealed = $2",
            )
            .bind(staff.as_bytes().as_slice())
            .bind(expected)
            .bind(sealed)
            .execute(&mut *tx)
            .await
            .map_err(failure)?;
            if done.rows_affected() != 1 {
                return Ok(false);
            }
            insert_audit!(&mut *tx, audit);
            tx.commit().await.map_err(failure)?;
            Ok(true)
        })
    }

    async fn remove_factor(
        &self,
        staff: StaffId,
        pending_only: bool,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await.map_err(failure)?;
            let done = sqlx::query(
                "DELETE FROM staff_second_factors WHERE staff_id = $1 \
                 AND (NOT $2 OR confirmed_at IS NULL)",
            )
            .bind(staff.as_bytes().as_slice())
            .bind(pending_only)
            .execute(&mut *tx)
            .await
            .map_err(failure)?;
            if done.rows_affected() != 1 {
                return Err(StoreError::NotFound);
            }
            insert_audit!(&mut *tx, audit);
            tx.commit().await.map_err(failure)
        })
    }

    async fn insert_factor_challenge(
        &self,
        id_hash: &[u8],
        challenge: &FactorChallenge,
        expired_before: i64,
    ) -> StoreResult<()> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await.map_err(failure)?;
            sqlx::query("DELETE FROM staff_factor_challenges WHERE created_at < $1")
                .bind(expired_before)
                .execute(&mut *tx)
                .await
                .map_err(failure)?;
            sqlx::query(
                "INSERT INTO staff_factor_challenges (id_hash, staff_id, sealed_identity, \
                 created_at, tries) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(id_hash)
            .bind(challenge.staff_id.as_bytes().as_slice())
            .bind(&challenge.sealed_identity)
            .bind(challenge.created_at)
            .bind(challenge.tries)
            .execute(&mut *tx)
            .await
            .map_err(failure)?;
            tx.commit().await.map_err(failure)
        })
    }

    async fn factor_challenge(&self, id_hash: &[u8]) -> StoreResult<Option<FactorChallenge>> {
        on_pool!(self, |pool| {
            let row: Option<ChallengeRow> = sqlx::query_as(
                "SELECT staff_id, sealed_identity, created_at, tries \
                 FROM staff_factor_challenges WHERE id_hash = $1",
            )
            .bind(id_hash)
            .fetch_optional(pool)
            .await
            .map_err(failure)?;
            row.map(|row| {
                Ok(FactorChallenge {
                    staff_id: decoded(
                        StaffId::from_slice(&row.staff_id),
                        "staff_factor_challenges.staff_id",
                    )?,
                    sealed_identity: row.sealed_identity,
                    created_at: row.created_at,
                    tries: row.tries,
                })
            })
            .transpose()
        })
    }

    async fn take_challenge_try(&self, id_hash: &[u8], max: i64) -> StoreResult<bool> {
        on_pool!(self, |pool| {
            let done = sqlx::query(
                "UPDATE staff_factor_challenges SET tries = tries + 1 \
                 WHERE id_hash = $1 AND tries < $2",
            )
            .bind(id_hash)
            .bind(max)
            .execute(pool)
            .await
            .map_err(failure)?;
            Ok(done.rows_affected() == 1)
        })
    }

    async fn delete_factor_challenge(&self, id_hash: &[u8]) -> StoreResult<()> {
        on_pool!(self, |pool| {
            sqlx::query("DELETE FROM staff_factor_challenges WHERE id_hash = $1")
                .bind(id_hash)
                .execute(pool)
                .await
                .map_err(failure)
                .map(|_| ())
        })
    }

    async fn complete_factor_challenge(
        &self,
        id_hash: &[u8],
        session_id_hash: &[u8],
        session: &SessionRecord,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await.map_err(failure)?;
            let done = sqlx::query("DELETE FROM staff_factor_challenges WHERE id_hash = $1")
                .bind(id_hash)
                .execute(&mut *tx)
                .await
                .map_err(failure)?;
            if done.rows_affected() != 1 {
                return Err(StoreError::NotFound);
            }
            sqlx::query(super::sessions::INSERT_SESSION)
                .bind(session_id_hash)
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
}
