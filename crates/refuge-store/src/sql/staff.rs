//! Staff accounts, invitations, first-run set-up and sign-in throttling.

use async_trait::async_trait;
use refuge_domain::StaffId;
use refuge_domain::ports::{
    AuditEntry, Invitation, LoginThrottle, StaffRecord, StaffStore, StoreError, StoreResult,
};
use refuge_domain::staff::Role;

use super::{Pool, SqlStore, decoded, failure};

named_row!(StaffRow {
    id: Vec<u8>,
    username: String,
    role: String,
    public_key: String,
    wrapped_identity: Vec<u8>,
    receives_reports: bool,
    disabled: bool,
    created_at: i64,
});

/// The columns of [`StaffRow`], for every query that reads an account.
macro_rules! staff_columns {
    () => {
        "id, username, role, public_key, wrapped_identity, receives_reports, disabled, created_at"
    };
}

impl StaffRow {
    fn record(self) -> StoreResult<StaffRecord> {
        Ok(StaffRecord {
            id: decoded(StaffId::from_slice(&self.id), "staff.id")?,
            username: self.username,
            role: decoded(Role::from_code(&self.role), "staff.role")?,
            public_key: self.public_key,
            wrapped_identity: self.wrapped_identity,
            receives_reports: self.receives_reports,
            disabled: self.disabled,
            created_at: self.created_at,
        })
    }
}

named_row!(InvitationRow {
    username: String,
    role: String,
    invited_by: Vec<u8>,
    expires_at: i64,
});

impl InvitationRow {
    fn invitation(self) -> StoreResult<Invitation> {
        Ok(Invitation {
            username: self.username,
            role: decoded(Role::from_code(&self.role), "invitations.role")?,
            invited_by: decoded(
                StaffId::from_slice(&self.invited_by),
                "invitations.invited_by",
            )?,
            expires_at: self.expires_at,
        })
    }
}

named_row!(ThrottleRow {
    failures: i64,
    last_failure_at: i64,
});

/// Inserts an account on the given transaction: the one `INSERT INTO staff` (added by an
/// administrator, by the first set-up, or by accepting an invitation).
macro_rules! insert_staff_row {
    ($tx:expr, $staff:expr) => {
        sqlx::query(concat!(
            "INSERT INTO staff (",
            staff_columns!(),
            ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
        ))
        .bind($staff.id.as_bytes().as_slice())
        .bind(&$staff.username)
        .bind($staff.role.code())
        .bind(&$staff.public_key)
        .bind(&$staff.wrapped_identity)
        .bind($staff.receives_reports)
        .bind($staff.disabled)
        .bind($staff.created_at)
        .execute(&mut *$tx)
        .await
        .map_err(failure)?
    };
}

impl SqlStore {
    /// Disables (ending every session in the same transaction) or enables an account.
    async fn set_staff_disabled(
        &self,
        id: StaffId,
        disabled: bool,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await.map_err(failure)?;
            let done = sqlx::query("UPDATE staff SET disabled = $2 WHERE id = $1")
                .bind(id.as_bytes().as_slice())
                .bind(disabled)
                .execute(&mut *tx)
                .await
                .map_err(failure)?;
            if done.rows_affected() != 1 {
                return Err(StoreError::NotFound);
            }
            if disabled {
                // Sessions, and sign-ins halfway through their second factor.
                for delete in [
                    "DELETE FROM staff_sessions WHERE staff_id = $1",
                    "DELETE FROM staff_factor_challenges WHERE staff_id = $1",
                    // The correlation key stays with members who work cases; a holder's session
                    // seals a new copy if the account is enabled again.
                    "DELETE FROM correlation_grants WHERE staff_id = $1",
                ] {
                    sqlx::query(delete)
                        .bind(id.as_bytes().as_slice())
                        .execute(&mut *tx)
                        .await
                        .map_err(failure)?;
                }
            }
            insert_audit!(&mut *tx, audit);
            tx.commit().await.map_err(failure)
        })
    }
}

#[async_trait]
impl StaffStore for SqlStore {
    async fn count_staff(&self) -> StoreResult<u64> {
        on_pool!(self, |pool| {
            let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM staff")
                .fetch_one(pool)
                .await
                .map_err(failure)?;
            Ok(count.max(0) as u64)
        })
    }

    async fn insert_staff(&self, staff: &StaffRecord, audit: &AuditEntry) -> StoreResult<()> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await.map_err(failure)?;
            insert_staff_row!(tx, staff);
            insert_audit!(&mut *tx, audit);
            tx.commit().await.map_err(failure)
        })
    }

    async fn staff_by_username(&self, username: &str) -> StoreResult<Option<StaffRecord>> {
        on_pool!(self, |pool| {
            let row: Option<StaffRow> = sqlx::query_as(concat!(
                "SELECT ",
                staff_columns!(),
                " FROM staff WHERE username = $1"
            ))
            .bind(username)
            .fetch_optional(pool)
            .await
            .map_err(failure)?;
            row.map(StaffRow::record).transpose()
        })
    }

    async fn staff_by_id(&self, id: StaffId) -> StoreResult<Option<StaffRecord>> {
        on_pool!(self, |pool| {
            let row: Option<StaffRow> = sqlx::query_as(concat!(
                "SELECT ",
                staff_columns!(),
                " FROM staff WHERE id = $1"
            ))
            .bind(id.as_bytes().as_slice())
            .fetch_optional(pool)
            .await
            .map_err(failure)?;
            row.map(StaffRow::record).transpose()
        })
    }

    async fn list_staff(&self) -> StoreResult<Vec<StaffRecord>> {
        on_pool!(self, |pool| {
            let rows: Vec<StaffRow> = sqlx::query_as(concat!(
                "SELECT ",
                staff_columns!(),
                " FROM staff ORDER BY username"
            ))
            .fetch_all(pool)
            .await
            .map_err(failure)?;
            rows.into_iter().map(StaffRow::record).collect()
        })
    }

    async fn intake_recipients(&self) -> StoreResult<Vec<StaffRecord>> {
        on_pool!(self, |pool| {
            let rows: Vec<StaffRow> = sqlx::query_as(concat!(
                "SELECT ",
                staff_columns!(),
                " FROM staff WHERE receives_reports AND NOT disabled ORDER BY username"
            ))
            .fetch_all(pool)
            .await
            .map_err(failure)?;
            rows.into_iter().map(StaffRow::record).collect()
        })
    }

    async fn update_wrapped_identity(
        &self,
        id: StaffId,
        wrapped: &[u8],
        keep_session: &[u8],
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await.map_err(failure)?;
            let done = sqlx::query("UPDATE staff SET wrapped_identity = $1 WHERE id = $2")
                .bind(wrapped)
                .bind(id.as_bytes().as_slice())
                .execute(&mut *tx)
                .await
                .map_err(failure)?;
            if done.rows_affected() != 1 {
                return Err(StoreError::NotFound);
            }
            sqlx::query("DELETE FROM staff_sessions WHERE staff_id = $1 AND id_hash <> $2")
                .bind(id.as_bytes().as_slice())
                .bind(keep_session)
                .execute(&mut *tx)
                .await
                .map_err(failure)?;
            insert_audit!(&mut *tx, audit);
            tx.commit().await.map_err(failure)
        })
    }

    async fn rewrap_identity(
        &self,
        id: StaffId,
        expected: &[u8],
        wrapped: &[u8],
    ) -> StoreResult<bool> {
        on_pool!(self, |pool| {
            let done = sqlx::query(
                "UPDATE staff SET wrapped_identity = $3 WHERE id = $1 AND wrapped_identity = $2",
            )
            .bind(id.as_bytes().as_slice())
            .bind(expected)
            .bind(wrapped)
            .execute(pool)
            .await
            .map_err(failure)?;
            Ok(done.rows_affected() == 1)
        })
    }

    async fn disable_staff(&self, id: StaffId, audit: &AuditEntry) -> StoreResult<()> {
        self.set_staff_disabled(id, true, audit).await
    }

    async fn enable_staff(&self, id: StaffId, audit: &AuditEntry) -> StoreResult<()> {
        self.set_staff_disabled(id, false, audit).await
    }

    async fn insert_invitation(
        &self,
        token_hash: &[u8],
        invitation: &Invitation,
        now: i64,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await.map_err(failure)?;
            sqlx::query("DELETE FROM invitations WHERE expires_at <= $1")
                .bind(now)
                .execute(&mut *tx)
                .await
                .map_err(failure)?;
            let (existing,): (i64,) =
                sqlx::query_as("SELECT COUNT(*) FROM staff WHERE username = $1")
                    .bind(&invitation.username)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(failure)?;
            if existing > 0 {
                return Err(StoreError::Conflict);
            }
            sqlx::query(
                "INSERT INTO invitations (token_hash, username, role, invited_by, expires_at) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(token_hash)
            .bind(&invitation.username)
            .bind(invitation.role.code())
            .bind(invitation.invited_by.as_bytes().as_slice())
            .bind(invitation.expires_at)
            .execute(&mut *tx)
            .await
            .map_err(failure)?;
            insert_audit!(&mut *tx, audit);
            tx.commit().await.map_err(failure)
        })
    }

    async fn invitation(&self, token_hash: &[u8], now: i64) -> StoreResult<Option<Invitation>> {
        on_pool!(self, |pool| {
            let row: Option<InvitationRow> = sqlx::query_as(
                "SELECT username, role, invited_by, expires_at FROM invitations \
                 WHERE token_hash = $1 AND expires_at > $2",
            )
            .bind(token_hash)
            .bind(now)
            .fetch_optional(pool)
            .await
            .map_err(failure)?;
            row.map(InvitationRow::invitation).transpose()
        })
    }

    async fn pending_invitations(&self, now: i64) -> StoreResult<Vec<Invitation>> {
        on_pool!(self, |pool| {
            let rows: Vec<InvitationRow> = sqlx::query_as(
                "SELECT username, role, invited_by, expires_at FROM invitations \
                 WHERE expires_at > $1 ORDER BY username",
            )
            .bind(now)
            .fetch_all(pool)
            .await
            .map_err(failure)?;
            rows.into_iter().map(InvitationRow::invitation).collect()
        })
    }

    async fn accept_invitation(
        &self,
        token_hash: &[u8],
        now: i64,
        account: &StaffRecord,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await.map_err(failure)?;
            let consumed = sqlx::query(
                "DELETE FROM invitations WHERE token_hash = $1 AND expires_at > $2 AND username = $3",
            )
            .bind(token_hash)
            .bind(now)
            .bind(&account.username)
            .execute(&mut *tx)
            .await
            .map_err(failure)?;
            if consumed.rows_affected() != 1 {
                return Err(StoreError::NotFound);
            }
            insert_staff_row!(tx, account);
            insert_audit!(&mut *tx, audit);
            tx.commit().await.map_err(failure)
        })
    }

    async fn withdraw_invitation(&self, username: &str, audit: &AuditEntry) -> StoreResult<()> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await.map_err(failure)?;
            let gone = sqlx::query("DELETE FROM invitations WHERE username = $1")
                .bind(username)
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

    async fn insert_setup_token(&self, token_hash: &[u8], expires_at: i64) -> StoreResult<()> {
        on_pool!(self, |pool| {
            sqlx::query("INSERT INTO setup_tokens (token_hash, expires_at) VALUES ($1, $2)")
                .bind(token_hash)
                .bind(expires_at)
                .execute(pool)
                .await
                .map_err(failure)
                .map(|_| ())
        })
    }

    async fn setup_token_valid(&self, token_hash: &[u8], now: i64) -> StoreResult<bool> {
        on_pool!(self, |pool| {
            let row: Option<(i64,)> = sqlx::query_as(
                "SELECT expires_at FROM setup_tokens WHERE token_hash = $1 AND expires_at > $2",
            )
            .bind(token_hash)
            .bind(now)
            .fetch_optional(pool)
            .await
            .map_err(failure)?;
            Ok(row.is_some())
        })
    }

    async fn complete_setup(
        &self,
        token_hash: &[u8],
        now: i64,
        admin: &StaffRecord,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await.map_err(failure)?;
            let consumed =
                sqlx::query("DELETE FROM setup_tokens WHERE token_hash = $1 AND expires_at > $2")
                    .bind(token_hash)
                    .bind(now)
                    .execute(&mut *tx)
                    .await
                    .map_err(failure)?;
            let (existing,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM staff")
                .fetch_one(&mut *tx)
                .await
                .map_err(failure)?;
            if consumed.rows_affected() != 1 || existing != 0 {
                return Err(StoreError::NotFound);
            }
            insert_staff_row!(tx, admin);
            sqlx::query("DELETE FROM setup_tokens")
                .execute(&mut *tx)
                .await
                .map_err(failure)?;
            insert_audit!(&mut *tx, audit);
            tx.commit().await.map_err(failure)
        })
    }

    async fn login_throttle(&self, username_hash: &[u8]) -> StoreResult<LoginThrottle> {
        on_pool!(self, |pool| {
            let row: Option<ThrottleRow> = sqlx::query_as(
                "SELECT failures, last_failure_at FROM login_throttle WHERE username_hash = $1",
            )
            .bind(username_hash)
            .fetch_optional(pool)
            .await
            .map_err(failure)?;
            Ok(row
                .map(|row| LoginThrottle {
                    failures: row.failures,
                    last_failure_at: row.last_failure_at,
                })
                .unwrap_or_default())
        })
    }

    async fn claim_login_attempt(
        &self,
        username_hash: &[u8],
        seen: LoginThrottle,
        at: i64,
    ) -> StoreResult<bool> {
        on_pool!(self, |pool| {
            // Compare and swap: the attempt counts only if nobody counted one since `seen` was
            // read, so parallel attempts cannot all pass the same check.
            let done = if seen == LoginThrottle::default() {
                sqlx::query(
                    "INSERT INTO login_throttle (username_hash, failures, last_failure_at) \
                     VALUES ($1, 1, $2) ON CONFLICT (username_hash) DO NOTHING",
                )
                .bind(username_hash)
                .bind(at)
                .execute(pool)
                .await
            } else {
                sqlx::query(
                    "UPDATE login_throttle SET failures = failures + 1, last_failure_at = $2 \
                     WHERE username_hash = $1 AND failures = $3 AND last_failure_at = $4",
                )
                .bind(username_hash)
                .bind(at)
                .bind(seen.failures)
                .bind(seen.last_failure_at)
                .execute(pool)
                .await
            }
            .map_err(failure)?;
            Ok(done.rows_affected() == 1)
        })
    }

    async fn clear_login_failures(&self, username_hash: &[u8]) -> StoreResult<()> {
        on_pool!(self, |pool| {
            sqlx::query("DELETE FROM login_throttle WHERE username_hash = $1")
                .bind(username_hash)
                .execute(pool)
                .await
                .map_err(failure)
                .map(|_| ())
        })
    }
}
