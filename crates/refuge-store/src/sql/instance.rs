//! The instance's own rows: secrets, the blobs rows point to, and the purge of expired rows.

use async_trait::async_trait;
use refuge_domain::calendar::Day;
use refuge_domain::ports::{AuditEntry, Expiry, InstanceStore, StoreResult};

use super::{Pool, SqlStore, failure};

named_row!(NameRow { name: String });
named_row!(KeyRow { public_key: String });

#[async_trait]
impl InstanceStore for SqlStore {
    async fn instance_secret(&self, name: &str, candidate: &[u8]) -> StoreResult<Vec<u8>> {
        on_pool!(self, |pool| {
            sqlx::query("INSERT INTO instance_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING")
                .bind(name)
                .bind(candidate)
                .execute(pool)
                .await
                .map_err(failure)?;
            let (value,): (Vec<u8>,) =
                sqlx::query_as("SELECT value FROM instance_secrets WHERE name = $1")
                    .bind(name)
                    .fetch_one(pool)
                    .await
                    .map_err(failure)?;
            Ok(value)
        })
    }

    async fn blob_names(&self) -> StoreResult<Vec<String>> {
        on_pool!(self, |pool| {
            let rows: Vec<NameRow> = sqlx::query_as(super::REFERENCED_BLOBS)
                .fetch_all(pool)
                .await
                .map_err(failure)?;
            Ok(rows.into_iter().map(|row| row.name).collect())
        })
    }

    async fn take_lease(
        &self,
        name: &str,
        holder: &str,
        now: i64,
        until: i64,
    ) -> StoreResult<bool> {
        on_pool!(self, |pool| {
            let taken = sqlx::query(
                "INSERT INTO leases (name, holder, until_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, \
                 until_at = excluded.until_at \
                 WHERE leases.until_at <= $4 OR leases.holder = excluded.holder",
            )
            .bind(name)
            .bind(holder)
            .bind(until)
            .bind(now)
            .execute(pool)
            .await
            .map_err(failure)?;
            Ok(taken.rows_affected() == 1)
        })
    }

    async fn purge_expired(&self, expiry: &Expiry) -> StoreResult<u64> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await.map_err(failure)?;
            let mut deleted = 0;
            deleted += sqlx::query("DELETE FROM intake_idempotency WHERE expires_day < $1")
                .bind(expiry.today.0)
                .execute(&mut *tx)
                .await
                .map_err(failure)?
                .rows_affected();
            deleted += sqlx::query(
                "DELETE FROM staff_sessions WHERE last_seen_at < $1 OR created_at < $2",
            )
            .bind(expiry.staff_seen_before)
            .bind(expiry.staff_begun_before)
            .execute(&mut *tx)
            .await
            .map_err(failure)?
            .rows_affected();
            deleted += sqlx::query("DELETE FROM reporter_sessions WHERE purge_day <= $1")
                .bind(expiry.today.0)
                .execute(&mut *tx)
                .await
                .map_err(failure)?
                .rows_affected();
            deleted += sqlx::query("DELETE FROM invitations WHERE expires_at <= $1")
                .bind(expiry.now)
                .execute(&mut *tx)
                .await
                .map_err(failure)?
                .rows_affected();
            deleted += sqlx::query("DELETE FROM setup_tokens WHERE expires_at <= $1")
                .bind(expiry.now)
                .execute(&mut *tx)
                .await
                .map_err(failure)?
                .rows_affected();
            deleted += sqlx::query("DELETE FROM login_throttle WHERE last_failure_at < $1")
                .bind(expiry.throttle_failed_before)
                .execute(&mut *tx)
                .await
                .map_err(failure)?
                .rows_affected();
            sqlx::query("UPDATE heartbeat SET beats = beats + 1 WHERE id = 1")
                .execute(&mut *tx)
                .await
                .map_err(failure)?;
            tx.commit().await.map_err(failure)?;
            Ok(deleted)
        })
    }

    async fn recovery_key(&self) -> StoreResult<Option<String>> {
        on_pool!(self, |pool| {
            let row: Option<KeyRow> =
                sqlx::query_as("SELECT public_key FROM recovery_keys WHERE current")
                    .fetch_optional(pool)
                    .await
                    .map_err(failure)?;
            Ok(row.map(|row| row.public_key))
        })
    }

    async fn set_recovery_key(
        &self,
        public_key: &str,
        day: Day,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await.map_err(failure)?;
            sqlx::query("UPDATE recovery_keys SET current = FALSE WHERE current")
                .execute(&mut *tx)
                .await
                .map_err(failure)?;
            sqlx::query(
                "INSERT INTO recovery_keys (public_key, created_day, current) VALUES ($1, $2, TRUE)",
            )
            .bind(public_key)
            .bind(day.0)
            .execute(&mut *tx)
            .await
            .map_err(failure)?;
            insert_audit!(&mut *tx, audit);
            tx.commit().await.map_err(failure)
        })
    }
}
