//! [`Store`] on SQLite or PostgreSQL. Every query is written once; [`on_pool!`] runs the same
//! expression on whichever native pool is active.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::ConnectOptions as _;

use async_trait::async_trait;
use refuge_domain::AuditAction;
use refuge_domain::calendar::Day;
use refuge_domain::ports::{
    AuditEntry, Expiry, IdempotencyRecord, InboxEntry, InboxPage, InsertOutcome, Invitation,
    LoginThrottle, MessageAuthor, NewFile, NewMessage, NewReport, ReportMeta, ReporterAccess,
    ReporterSessionRecord, SessionRecord, StaffRecord, Store, StoreError, StoreResult, StoredFile,
    StoredMessage, StoredReport,
};
use refuge_domain::staff::Role;
use refuge_domain::{FileId, MessageId, ReportId, StaffId};
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

use crate::migrate::{self, Migration};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

#[derive(Clone)]
pub(crate) enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// The relational store. Cheap to clone (the pools are shared).
#[derive(Clone)]
pub struct SqlStore {
    pub(crate) pool: Pool,
}

/// Runs `$body` with `$pool` bound to the active native pool. The body is compiled once per
/// engine, so it must use only what both sqlx drivers offer.
macro_rules! on_pool {
    ($store:expr, |$pool:ident| $body:expr) => {
        match &$store.pool {
            Pool::Sqlite($pool) => $body,
            Pool::Postgres($pool) => $body,
        }
    };
}

/// Inserts an audit row on the given executor (a transaction, so it commits with the change).
macro_rules! insert_audit {
    ($executor:expr, $audit:expr) => {
        sqlx::query("INSERT INTO audit_log (at, actor, action, subject) VALUES ($1, $2, $3, $4)")
            .bind($audit.at)
            .bind($audit.actor.map(|actor| actor.as_bytes().to_vec()))
            .bind($audit.action.code())
            .bind(&$audit.subject)
            .execute($executor)
            .await
            .map_err(failure)?
    };
}

/// Inserts a file row on the given transaction. (Its bytes were counted against the day while
/// they arrived, `reserve_upload_bytes`.)
macro_rules! insert_file {
    ($tx:expr, $report:expr, $file:expr) => {{
        sqlx::query(
            "INSERT INTO report_files (id, report_id, added_day, size_bytes, original_blob, clean_blob, sealed_meta) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind($file.id.as_bytes().as_slice())
        .bind($report.as_bytes().as_slice())
        .bind($file.added.0)
        .bind($file.size)
        .bind(&$file.original_blob)
        .bind(&$file.clean_blob)
        .bind(&$file.sealed_meta)
        .execute(&mut *$tx)
        .await
        .map_err(failure)?;
    }};
}

fn failure(error: sqlx::Error) -> StoreError {
    match &error {
        sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Conflict,
        sqlx::Error::RowNotFound => StoreError::NotFound,
        _ => StoreError::Unavailable(error.to_string()),
    }
}

type InvitationRow = (String, String, Vec<u8>, i64);

fn invitation_from_row(
    (username, role, invited_by, expires_at): InvitationRow,
) -> StoreResult<Invitation> {
    Ok(Invitation {
        username,
        role: Role::from_code(&role).ok_or_else(|| corrupt("invitations.role"))?,
        invited_by: StaffId::from_slice(&invited_by)
            .ok_or_else(|| corrupt("invitations.invited_by"))?,
        expires_at,
    })
}

type StaffRow = (Vec<u8>, String, String, String, Vec<u8>, bool, bool, i64);
const STAFF_COLUMNS: &str =
    "id, username, role, public_key, wrapped_identity, receives_reports, disabled, created_at";

fn staff_from_row(row: StaffRow) -> StoreResult<StaffRecord> {
    let (id, username, role, public_key, wrapped_identity, receives_reports, disabled, created_at) =
        row;
    Ok(StaffRecord {
        id: StaffId::from_slice(&id).ok_or_else(|| corrupt("staff.id"))?,
        username,
        role: Role::from_code(&role).ok_or_else(|| corrupt("staff.role"))?,
        public_key,
        wrapped_identity,
        receives_reports,
        disabled,
        created_at,
    })
}

type ReportRow = (
    i64,
    Vec<u8>,
    i64,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    bool,
    String,
    i64,
);
macro_rules! report_columns {
    () => {
        "r.intake_seq, r.id, r.received_day, r.status, r.language, r.tactics, r.host_country, r.host_region, \
         r.origin_state, r.occurred_month, r.community, r.consent_statistics, r.blob, r.status_day"
    };
}

fn report_from_row(row: ReportRow) -> StoreResult<(i64, ReportMeta, String)> {
    let (
        seq,
        id,
        day,
        status,
        language,
        tactics,
        host_country,
        host_region,
        origin_state,
        occurred,
        community,
        consent,
        blob,
        status_day,
    ) = row;
    let meta = ReportMeta {
        id: ReportId::from_slice(&id).ok_or_else(|| corrupt("reports.id"))?,
        received: Day(day),
        status,
        status_day: Day(status_day),
        language,
        tactics: tactics
            .split(',')
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect(),
        host_country,
        host_region,
        origin_state,
        occurred_month: occurred,
        community,
        consent_statistics: consent,
    };
    Ok((seq, meta, blob))
}

fn corrupt(what: &str) -> StoreError {
    StoreError::Unavailable(format!("unreadable value in {what}"))
}

fn staff_ids(rows: Vec<(Vec<u8>,)>) -> StoreResult<Vec<StaffId>> {
    rows.into_iter()
        .map(|(id,)| StaffId::from_slice(&id).ok_or_else(|| corrupt("report_recipients.staff_id")))
        .collect()
}

impl SqlStore {
    /// Opens (creating if needed) `<data_dir>/refuge.sqlite3` with the durability settings of the
    /// write path: WAL and `synchronous=FULL`.
    pub async fn open_sqlite(data_dir: &Path) -> StoreResult<Self> {
        std::fs::create_dir_all(data_dir).map_err(|e| StoreError::Unavailable(e.to_string()))?;
        let options = SqliteConnectOptions::new()
            .filename(data_dir.join("refuge.sqlite3"))
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            // Deleted rows (a re-sealed report's old blob, a purged session) are overwritten
            // with zeros, not left in free pages.
            .pragma("secure_delete", "ON")
            .busy_timeout(Duration::from_secs(10))
            .log_statements(log::LevelFilter::Off)
            // A slow statement would be logged with its SQL and the moment it ran, which for
            // an intake says when a report arrived (security review H2).
            .log_slow_statements(log::LevelFilter::Off, Duration::from_secs(3600));
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            // A commit or rollback that failed (a full disk) can leave a connection inside a
            // transaction, holding the write lock: such a connection is closed (which rolls
            // the transaction back), never handed out again.
            .after_release(|connection, _| {
                Box::pin(async move { Ok(!sqlx::Connection::is_in_transaction(connection)) })
            })
            .connect_with(options)
            .await
            .map_err(failure)?;
        Ok(SqlStore {
            pool: Pool::Sqlite(pool),
        })
    }

    /// Connects to PostgreSQL with `synchronous_commit=on`, whatever the server default.
    pub async fn open_postgres(url: &str) -> StoreResult<Self> {
        let options = PgConnectOptions::from_str(url)
            .map_err(|e| StoreError::Unavailable(format!("invalid database URL: {e}")))?
            .application_name("refuge")
            .options([("synchronous_commit", "on")])
            .log_statements(log::LevelFilter::Off)
            .log_slow_statements(log::LevelFilter::Off, Duration::from_secs(3600));
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await
            .map_err(failure)?;
        Ok(SqlStore {
            pool: Pool::Postgres(pool),
        })
    }

    pub fn engine(&self) -> Engine {
        match self.pool {
            Pool::Sqlite(_) => Engine::Sqlite,
            Pool::Postgres(_) => Engine::Postgres,
        }
    }

    /// Applies every pending migration. Safe to run from several app servers at once.
    pub async fn migrate(&self) -> StoreResult<u32> {
        let migrations: &[Migration] = match self.engine() {
            Engine::Sqlite => migrate::SQLITE,
            Engine::Postgres => migrate::POSTGRES,
        };
        on_pool!(self, |pool| {
            sqlx::raw_sql(
                "CREATE TABLE IF NOT EXISTS refuge_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL)",
            )
            .execute(pool)
            .await
            .map_err(failure)?;
            let mut applied = 0;
            for migration in migrations {
                let mut tx = pool.begin().await.map_err(failure)?;
                // PostgreSQL: serialise concurrent migrators across app servers. SQLite's write
                // lock already does.
                if self.engine() == Engine::Postgres {
                    sqlx::raw_sql("SELECT pg_advisory_xact_lock(7402021)")
                        .execute(&mut *tx)
                        .await
                        .map_err(failure)?;
                }
                let done: Option<(i64,)> =
                    sqlx::query_as("SELECT version FROM refuge_migrations WHERE version = $1")
                        .bind(migration.version)
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err(failure)?;
                if done.is_some() {
                    continue;
                }
                sqlx::raw_sql(migration.sql)
                    .execute(&mut *tx)
                    .await
                    .map_err(failure)?;
                sqlx::query("INSERT INTO refuge_migrations (version, name) VALUES ($1, $2)")
                    .bind(migration.version)
                    .bind(migration.name)
                    .execute(&mut *tx)
                    .await
                    .map_err(failure)?;
                tx.commit().await.map_err(failure)?;
                applied += 1;
            }
            Ok(applied)
        })
    }

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
                sqlx::query("DELETE FROM staff_sessions WHERE staff_id = $1")
                    .bind(id.as_bytes().as_slice())
                    .execute(&mut *tx)
                    .await
                    .map_err(failure)?;
            }
            insert_audit!(&mut *tx, audit);
            tx.commit().await.map_err(failure)
        })
    }

    /// Tables and their columns, for the schema-parity test.
    pub async fn schema_columns(&self) -> StoreResult<Vec<(String, String)>> {
        let sql = match self.engine() {
            // Dialects differ: SQLite has no information_schema.
            Engine::Sqlite => {
                "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p \
                 WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY 1, 2"
            }
            Engine::Postgres => {
                "SELECT table_name::TEXT, column_name::TEXT FROM information_schema.columns \
                 WHERE table_schema = current_schema() ORDER BY 1, 2"
            }
        };
        on_pool!(self, |pool| sqlx::query_as(sql)
            .fetch_all(pool)
            .await
            .map_err(failure))
    }

    pub async fn close(&self) {
        on_pool!(self, |pool| pool.close().await)
    }
}

#[async_trait]
impl Store for SqlStore {
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
            sqlx::query(
                "INSERT INTO staff (id, username, role, public_key, wrapped_identity, receives_reports, disabled, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(staff.id.as_bytes().as_slice())
            .bind(&staff.username)
            .bind(staff.role.code())
            .bind(&staff.public_key)
            .bind(&staff.wrapped_identity)
            .bind(staff.receives_reports)
            .bind(staff.disabled)
            .bind(staff.created_at)
            .execute(&mut *tx)
            .await
            .map_err(failure)?;
            insert_audit!(&mut *tx, audit);
            tx.commit().await.map_err(failure)
        })
    }

    async fn staff_by_username(&self, username: &str) -> StoreResult<Option<StaffRecord>> {
        let sql = const_format(STAFF_COLUMNS, "FROM staff WHERE username = $1");
        on_pool!(self, |pool| {
            let row: Option<StaffRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(username)
                .fetch_optional(pool)
                .await
                .map_err(failure)?;
            row.map(staff_from_row).transpose()
        })
    }

    async fn staff_by_id(&self, id: StaffId) -> StoreResult<Option<StaffRecord>> {
        let sql = const_format(STAFF_COLUMNS, "FROM staff WHERE id = $1");
        on_pool!(self, |pool| {
            let row: Option<StaffRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(id.as_bytes().as_slice())
                .fetch_optional(pool)
                .await
                .map_err(failure)?;
            row.map(staff_from_row).transpose()
        })
    }

    async fn list_staff(&self) -> StoreResult<Vec<StaffRecord>> {
        let sql = const_format(STAFF_COLUMNS, "FROM staff ORDER BY username");
        on_pool!(self, |pool| {
            let rows: Vec<StaffRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .fetch_all(pool)
                .await
                .map_err(failure)?;
            rows.into_iter().map(staff_from_row).collect()
        })
    }

    async fn intake_recipients(&self) -> StoreResult<Vec<StaffRecord>> {
        let sql = const_format(
            STAFF_COLUMNS,
            "FROM staff WHERE receives_reports AND NOT disabled ORDER BY username",
        );
        on_pool!(self, |pool| {
            let rows: Vec<StaffRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .fetch_all(pool)
                .await
                .map_err(failure)?;
            rows.into_iter().map(staff_from_row).collect()
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

    async fn disable_staff(&self, id: StaffId, audit: &AuditEntry) -> StoreResult<()> {
        self.set_staff_disabled(id, true, audit).await
    }

    async fn enable_staff(&self, id: StaffId, audit: &AuditEntry) -> StoreResult<()> {
        self.set_staff_disabled(id, false, audit).await
    }

    async fn login_throttle(&self, username_hash: &[u8]) -> StoreResult<LoginThrottle> {
        on_pool!(self, |pool| {
            let row: Option<(i64, i64)> = sqlx::query_as(
                "SELECT failures, last_failure_at FROM login_throttle WHERE username_hash = $1",
            )
            .bind(username_hash)
            .fetch_optional(pool)
            .await
            .map_err(failure)?;
            Ok(row
                .map(|(failures, last_failure_at)| LoginThrottle {
                    failures,
                    last_failure_at,
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
            sqlx::query(
                "INSERT INTO staff (id, username, role, public_key, wrapped_identity, receives_reports, disabled, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(admin.id.as_bytes().as_slice())
            .bind(&admin.username)
            .bind(admin.role.code())
            .bind(&admin.public_key)
            .bind(&admin.wrapped_identity)
            .bind(admin.receives_reports)
            .bind(admin.disabled)
            .bind(admin.created_at)
            .execute(&mut *tx)
            .await
            .map_err(failure)?;
            sqlx::query("DELETE FROM setup_tokens")
                .execute(&mut *tx)
                .await
                .map_err(failure)?;
            insert_audit!(&mut *tx, audit);
            tx.commit().await.map_err(failure)
        })
    }

    async fn sessions_of(&self, staff: StaffId) -> StoreResult<Vec<(Vec<u8>, i64, i64)>> {
        on_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT id_hash, created_at, last_seen_at FROM staff_sessions \
                 WHERE staff_id = $1 ORDER BY created_at DESC",
            )
            .bind(staff.as_bytes().as_slice())
            .fetch_all(pool)
            .await
            .map_err(failure)
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

    async fn audit_entries(
        &self,
        actions: &[AuditAction],
        limit: u32,
    ) -> StoreResult<Vec<AuditEntry>> {
        // A closed set of codes, bound one by one: `IN` with a placeholder per code.
        let placeholders: Vec<String> = (0..actions.len()).map(|i| format!("${}", i + 2)).collect();
        let sql = format!(
            "SELECT at, actor, action, subject FROM audit_log WHERE action IN ({}) ORDER BY seq DESC LIMIT $1",
            if placeholders.is_empty() {
                "NULL".to_owned()
            } else {
                placeholders.join(", ")
            }
        );
        on_pool!(self, |pool| {
            let mut query = sqlx::query_as::<_, (i64, Option<Vec<u8>>, String, String)>(
                sqlx::AssertSqlSafe(sql),
            )
            .bind(i64::from(limit));
            for action in actions {
                query = query.bind(action.code());
            }
            let rows = query.fetch_all(pool).await.map_err(failure)?;
            rows.into_iter()
                .map(|(at, actor, action, subject)| {
                    Ok(AuditEntry {
                        at,
                        actor: actor.as_deref().and_then(StaffId::from_slice),
                        action: AuditAction::from_code(&action)
                            .ok_or_else(|| corrupt("audit_log.action"))?,
                        subject,
                    })
                })
                .collect()
        })
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
            row.map(invitation_from_row).transpose()
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
            rows.into_iter().map(invitation_from_row).collect()
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
            sqlx::query(
                "INSERT INTO staff (id, username, role, public_key, wrapped_identity, receives_reports, disabled, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(account.id.as_bytes().as_slice())
            .bind(&account.username)
            .bind(account.role.code())
            .bind(&account.public_key)
            .bind(&account.wrapped_identity)
            .bind(account.receives_reports)
            .bind(account.disabled)
            .bind(account.created_at)
            .execute(&mut *tx)
            .await
            .map_err(failure)?;
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

    async fn insert_session(&self, id_hash: &[u8], session: &SessionRecord) -> StoreResult<()> {
        on_pool!(self, |pool| {
            sqlx::query(
                "INSERT INTO staff_sessions (id_hash, staff_id, sealed_identity, created_at, last_seen_at) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(id_hash)
            .bind(session.staff_id.as_bytes().as_slice())
            .bind(&session.sealed_identity)
            .bind(session.created_at)
            .bind(session.last_seen_at)
            .execute(pool)
            .await
            .map_err(failure)
            .map(|_| ())
        })
    }

    async fn session(&self, id_hash: &[u8]) -> StoreResult<Option<SessionRecord>> {
        on_pool!(self, |pool| {
            let row: Option<(Vec<u8>, Vec<u8>, i64, i64)> = sqlx::query_as(
                "SELECT staff_id, sealed_identity, created_at, last_seen_at FROM staff_sessions WHERE id_hash = $1",
            )
            .bind(id_hash)
            .fetch_optional(pool)
            .await
            .map_err(failure)?;
            row.map(|(staff_id, sealed_identity, created_at, last_seen_at)| {
                Ok(SessionRecord {
                    staff_id: StaffId::from_slice(&staff_id)
                        .ok_or_else(|| corrupt("staff_sessions.staff_id"))?,
                    sealed_identity,
                    created_at,
                    last_seen_at,
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

    async fn idempotency_record(
        &self,
        lookup: &[u8],
        today: Day,
    ) -> StoreResult<Option<(ReportId, Vec<u8>)>> {
        on_pool!(self, |pool| {
            let row: Option<(Vec<u8>, Vec<u8>)> = sqlx::query_as(
                "SELECT report_id, sealed_receipt FROM intake_idempotency \
                 WHERE lookup = $1 AND expires_day >= $2",
            )
            .bind(lookup)
            .bind(today.0)
            .fetch_optional(pool)
            .await
            .map_err(failure)?;
            row.map(|(report, sealed)| {
                Ok((
                    ReportId::from_slice(&report)
                        .ok_or_else(|| corrupt("intake_idempotency.report_id"))?,
                    sealed,
                ))
            })
            .transpose()
        })
    }

    async fn reseal_idempotency(&self, lookup: &[u8], sealed_replay: &[u8]) -> StoreResult<()> {
        on_pool!(self, |pool| {
            sqlx::query("UPDATE intake_idempotency SET sealed_receipt = $2 WHERE lookup = $1")
                .bind(lookup)
                .bind(sealed_replay)
                .execute(pool)
                .await
                .map_err(failure)
                .map(|_| ())
        })
    }

    async fn insert_report(&self, report: &NewReport) -> StoreResult<InsertOutcome> {
        let meta = &report.meta;
        let IdempotencyRecord {
            lookup,
            sealed_replay,
            expires,
        } = &report.idempotency;
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await.map_err(failure)?;
            sqlx::query(
                "INSERT INTO reports (id, received_day, status, language, tactics, host_country, host_region, \
                 origin_state, occurred_month, community, consent_statistics, blob, receipt_hash, status_day, \
                 conversation_key, files_key, reporter_key) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)",
            )
            .bind(meta.id.as_bytes().as_slice())
            .bind(meta.received.0)
            .bind(&meta.status)
            .bind(&meta.language)
            .bind(meta.tactics.join(","))
            .bind(&meta.host_country)
            .bind(&meta.host_region)
            .bind(&meta.origin_state)
            .bind(&meta.occurred_month)
            .bind(&meta.community)
            .bind(meta.consent_statistics)
            .bind(&report.blob)
            .bind(&report.receipt_hash)
            .bind(meta.status_day.0)
            .bind(&report.access.conversation_key)
            .bind(&report.access.files_key)
            .bind(&report.access.wrapped_conversation_identity)
            .execute(&mut *tx)
            .await
            .map_err(failure)?;
            for file in &report.files {
                insert_file!(&mut *tx, meta.id, file);
            }
            for staff in &report.recipients {
                sqlx::query("INSERT INTO report_recipients (report_id, staff_id) VALUES ($1, $2)")
                    .bind(meta.id.as_bytes().as_slice())
                    .bind(staff.as_bytes().as_slice())
                    .execute(&mut *tx)
                    .await
                    .map_err(failure)?;
            }
            let claimed = sqlx::query(
                "INSERT INTO intake_idempotency (lookup, report_id, sealed_receipt, expires_day) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (lookup) DO NOTHING",
            )
            .bind(lookup)
            .bind(meta.id.as_bytes().as_slice())
            .bind(sealed_replay)
            .bind(expires.0)
            .execute(&mut *tx)
            .await
            .map_err(failure)?;
            if claimed.rows_affected() == 0 {
                // Another submission of the same form won: undo ours and hand back its receipt.
                tx.rollback().await.map_err(failure)?;
                let (sealed_replay,): (Vec<u8>,) = sqlx::query_as(
                    "SELECT sealed_receipt FROM intake_idempotency WHERE lookup = $1",
                )
                .bind(lookup)
                .fetch_one(pool)
                .await
                .map_err(failure)?;
                return Ok(InsertOutcome::DuplicateOf { sealed_replay });
            }
            tx.commit().await.map_err(failure)?;
            Ok(InsertOutcome::Inserted)
        })
    }

    async fn report(&self, id: ReportId) -> StoreResult<Option<StoredReport>> {
        on_pool!(self, |pool| {
            let row: Option<ReportRow> = sqlx::query_as(concat!(
                "SELECT ",
                report_columns!(),
                " FROM reports r WHERE r.id = $1"
            ))
            .bind(id.as_bytes().as_slice())
            .fetch_optional(pool)
            .await
            .map_err(failure)?;
            let Some(row) = row else { return Ok(None) };
            let (_, meta, blob) = report_from_row(row)?;
            let (conversation_key, files_key, reporter_key): (
                Option<String>,
                Option<String>,
                Option<Vec<u8>>,
            ) = sqlx::query_as(
                "SELECT conversation_key, files_key, reporter_key FROM reports WHERE id = $1",
            )
            .bind(id.as_bytes().as_slice())
            .fetch_one(pool)
            .await
            .map_err(failure)?;
            let access = match (conversation_key, files_key, reporter_key) {
                (Some(conversation_key), Some(files_key), Some(wrapped)) => Some(ReporterAccess {
                    conversation_key,
                    files_key,
                    wrapped_conversation_identity: wrapped,
                }),
                _ => None,
            };
            let recipients: Vec<(Vec<u8>,)> =
                sqlx::query_as("SELECT staff_id FROM report_recipients WHERE report_id = $1")
                    .bind(id.as_bytes().as_slice())
                    .fetch_all(pool)
                    .await
                    .map_err(failure)?;
            Ok(Some(StoredReport {
                meta,
                blob,
                recipients: staff_ids(recipients)?,
                access,
            }))
        })
    }

    async fn reporter_key_by_receipt_hash(
        &self,
        receipt_hash: &[u8],
    ) -> StoreResult<Option<(ReportId, Option<Vec<u8>>)>> {
        on_pool!(self, |pool| {
            let row: Option<(Vec<u8>, Option<Vec<u8>>)> =
                sqlx::query_as("SELECT id, reporter_key FROM reports WHERE receipt_hash = $1")
                    .bind(receipt_hash)
                    .fetch_optional(pool)
                    .await
                    .map_err(failure)?;
            row.map(|(id, key)| {
                ReportId::from_slice(&id)
                    .map(|id| (id, key))
                    .ok_or_else(|| corrupt("reports.id"))
            })
            .transpose()
        })
    }

    async fn inbox(
        &self,
        viewer: StaffId,
        limit: u32,
        cursor: Option<i64>,
    ) -> StoreResult<InboxPage> {
        let limit = limit.clamp(1, 200) as i64;
        on_pool!(self, |pool| {
            let rows: Vec<(i64, Vec<u8>, i64, String, String, String, Option<String>, Option<String>, Option<String>, Option<String>, Option<String>, bool, String, i64, bool, bool)> =
                sqlx::query_as(concat!(
                    "SELECT ",
                    report_columns!(),
                    ", EXISTS (SELECT 1 FROM report_recipients x WHERE x.report_id = r.id AND x.staff_id = $1), \
                     r.unread_activity FROM reports r WHERE r.intake_seq < $2 ORDER BY r.intake_seq DESC LIMIT $3"
                ))
                .bind(viewer.as_bytes().as_slice())
                .bind(cursor.unwrap_or(i64::MAX))
                .bind(limit + 1)
                .fetch_all(pool)
                .await
                .map_err(failure)?;
            let mut entries = Vec::new();
            let mut next_cursor = None;
            for (index, row) in rows.into_iter().enumerate() {
                let (
                    seq,
                    id,
                    day,
                    status,
                    language,
                    tactics,
                    country,
                    region,
                    origin,
                    occurred,
                    community,
                    consent,
                    blob,
                    status_day,
                    can_read,
                    unread_activity,
                ) = row;
                if index as i64 == limit {
                    break;
                }
                let (seq, meta, _) = report_from_row((
                    seq, id, day, status, language, tactics, country, region, origin, occurred,
                    community, consent, blob, status_day,
                ))?;
                next_cursor = Some(seq);
                entries.push(InboxEntry {
                    meta,
                    viewer_can_read: can_read,
                    unread_activity,
                });
            }
            if entries.len() < limit as usize {
                next_cursor = None;
            }
            Ok(InboxPage {
                entries,
                next_cursor,
            })
        })
    }

    async fn reseal_report(
        &self,
        id: ReportId,
        expected_blob: &str,
        new_blob: &str,
        recipients: &[StaffId],
        audit: &AuditEntry,
    ) -> StoreResult<String> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await.map_err(failure)?;
            let swapped = sqlx::query("UPDATE reports SET blob = $1 WHERE id = $2 AND blob = $3")
                .bind(new_blob)
                .bind(id.as_bytes().as_slice())
                .bind(expected_blob)
                .execute(&mut *tx)
                .await
                .map_err(failure)?;
            if swapped.rows_affected() != 1 {
                let exists: Option<(i64,)> =
                    sqlx::query_as("SELECT intake_seq FROM reports WHERE id = $1")
                        .bind(id.as_bytes().as_slice())
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err(failure)?;
                return Err(if exists.is_some() {
                    StoreError::Conflict
                } else {
                    StoreError::NotFound
                });
            }
            sqlx::query("DELETE FROM report_recipients WHERE report_id = $1")
                .bind(id.as_bytes().as_slice())
                .execute(&mut *tx)
                .await
                .map_err(failure)?;
            for staff in recipients {
                sqlx::query("INSERT INTO report_recipients (report_id, staff_id) VALUES ($1, $2)")
                    .bind(id.as_bytes().as_slice())
                    .bind(staff.as_bytes().as_slice())
                    .execute(&mut *tx)
                    .await
                    .map_err(failure)?;
            }
            insert_audit!(&mut *tx, audit);
            tx.commit().await.map_err(failure)?;
            Ok(expected_blob.to_owned())
        })
    }

    async fn reports_to_share(
        &self,
        holder: StaffId,
        grantee: StaffId,
    ) -> StoreResult<Vec<ReportId>> {
        on_pool!(self, |pool| {
            let rows: Vec<(Vec<u8>,)> = sqlx::query_as(
                "SELECT h.report_id FROM report_recipients h WHERE h.staff_id = $1 AND NOT EXISTS \
                 (SELECT 1 FROM report_recipients g WHERE g.report_id = h.report_id AND g.staff_id = $2)",
            )
            .bind(holder.as_bytes().as_slice())
            .bind(grantee.as_bytes().as_slice())
            .fetch_all(pool)
            .await
            .map_err(failure)?;
            rows.into_iter()
                .map(|(id,)| {
                    ReportId::from_slice(&id).ok_or_else(|| corrupt("report_recipients.report_id"))
                })
                .collect()
        })
    }

    async fn blob_names(&self) -> StoreResult<Vec<String>> {
        on_pool!(self, |pool| {
            let rows: Vec<(String,)> = sqlx::query_as(
                "SELECT blob FROM reports UNION ALL SELECT original_blob FROM report_files \
                 UNION ALL SELECT clean_blob FROM report_files WHERE clean_blob IS NOT NULL",
            )
            .fetch_all(pool)
            .await
            .map_err(failure)?;
            Ok(rows.into_iter().map(|(name,)| name).collect())
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

    async fn insert_message(&self, message: &NewMessage) -> StoreResult<()> {
        let (author, from_reporter) = match message.author {
            MessageAuthor::Reporter => (None, true),
            MessageAuthor::Staff(id) => (Some(id.as_bytes().to_vec()), false),
        };
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await.map_err(failure)?;
            sqlx::query(
                "INSERT INTO report_messages (id, report_id, author, from_reporter, sent_day, ciphertext, hidden_from_reporter) \
                 VALUES ($1, $2, $3, $4, $5, $6, FALSE)",
            )
            .bind(message.id.as_bytes().as_slice())
            .bind(message.report_id.as_bytes().as_slice())
            .bind(&author)
            .bind(from_reporter)
            .bind(message.sent.0)
            .bind(&message.ciphertext)
            .execute(&mut *tx)
            .await
            .map_err(failure)?;
            if from_reporter {
                sqlx::query("UPDATE reports SET unread_activity = TRUE WHERE id = $1")
                    .bind(message.report_id.as_bytes().as_slice())
                    .execute(&mut *tx)
                    .await
                    .map_err(failure)?;
            }
            tx.commit().await.map_err(failure)
        })
    }

    async fn messages(&self, report: ReportId) -> StoreResult<Vec<StoredMessage>> {
        self.message_page(report, false, 0, i64::MAX).await
    }

    async fn message_count(&self, report: ReportId, reporter_view: bool) -> StoreResult<i64> {
        on_pool!(self, |pool| {
            let (count,): (i64,) = sqlx::query_as(
                "SELECT COUNT(*) FROM report_messages \
                 WHERE report_id = $1 AND (hidden_from_reporter = FALSE OR $2 = FALSE)",
            )
            .bind(report.as_bytes().as_slice())
            .bind(reporter_view)
            .fetch_one(pool)
            .await
            .map_err(failure)?;
            Ok(count)
        })
    }

    async fn message_page(
        &self,
        report: ReportId,
        reporter_view: bool,
        offset: i64,
        limit: i64,
    ) -> StoreResult<Vec<StoredMessage>> {
        on_pool!(self, |pool| {
            let rows: Vec<(Vec<u8>, Option<Vec<u8>>, bool, i64, Vec<u8>, bool)> = sqlx::query_as(
                "SELECT id, author, from_reporter, sent_day, ciphertext, hidden_from_reporter \
                 FROM report_messages \
                 WHERE report_id = $1 AND (hidden_from_reporter = FALSE OR $2 = FALSE) \
                 ORDER BY seq LIMIT $3 OFFSET $4",
            )
            .bind(report.as_bytes().as_slice())
            .bind(reporter_view)
            .bind(limit)
            .bind(offset)
            .fetch_all(pool)
            .await
            .map_err(failure)?;
            rows.into_iter()
                .map(|(id, author, from_reporter, day, ciphertext, hidden)| {
                    let author = match (from_reporter, author) {
                        (true, _) => MessageAuthor::Reporter,
                        (false, Some(staff)) => MessageAuthor::Staff(
                            StaffId::from_slice(&staff)
                                .ok_or_else(|| corrupt("report_messages.author"))?,
                        ),
                        (false, None) => return Err(corrupt("report_messages.author")),
                    };
                    Ok(StoredMessage {
                        id: MessageId::from_slice(&id)
                            .ok_or_else(|| corrupt("report_messages.id"))?,
                        author,
                        sent: Day(day),
                        ciphertext,
                        hidden_from_reporter: hidden,
                    })
                })
                .collect()
        })
    }

    async fn reporter_message_counts(&self, report: ReportId, day: Day) -> StoreResult<(i64, i64)> {
        on_pool!(self, |pool| {
            let (total, on_day): (i64, Option<i64>) = sqlx::query_as(
                "SELECT COUNT(*), CAST(SUM(CASE WHEN sent_day = $2 THEN 1 ELSE 0 END) AS BIGINT) \
                 FROM report_messages WHERE report_id = $1 AND from_reporter = TRUE",
            )
            .bind(report.as_bytes().as_slice())
            .bind(day.0)
            .fetch_one(pool)
            .await
            .map_err(failure)?;
            Ok((total, on_day.unwrap_or(0)))
        })
    }

    async fn hide_message_from_reporter(
        &self,
        report: ReportId,
        message: MessageId,
        resealed: &[u8],
    ) -> StoreResult<()> {
        on_pool!(self, |pool| {
            let done = sqlx::query(
                "UPDATE report_messages SET hidden_from_reporter = TRUE, ciphertext = $3 \
                 WHERE id = $1 AND report_id = $2",
            )
            .bind(message.as_bytes().as_slice())
            .bind(report.as_bytes().as_slice())
            .bind(resealed)
            .execute(pool)
            .await
            .map_err(failure)?;
            if done.rows_affected() == 1 {
                Ok(())
            } else {
                Err(StoreError::NotFound)
            }
        })
    }

    async fn reseal_hidden_message(
        &self,
        report: ReportId,
        message: MessageId,
        resealed: &[u8],
    ) -> StoreResult<()> {
        on_pool!(self, |pool| {
            let done = sqlx::query(
                "UPDATE report_messages SET ciphertext = $3 \
                 WHERE id = $1 AND report_id = $2 AND hidden_from_reporter = TRUE",
            )
            .bind(message.as_bytes().as_slice())
            .bind(report.as_bytes().as_slice())
            .bind(resealed)
            .execute(pool)
            .await
            .map_err(failure)?;
            if done.rows_affected() == 1 {
                Ok(())
            } else {
                Err(StoreError::NotFound)
            }
        })
    }

    async fn mark_report_read(&self, report: ReportId) -> StoreResult<()> {
        on_pool!(self, |pool| {
            sqlx::query(
                "UPDATE reports SET unread_activity = FALSE WHERE id = $1 AND unread_activity",
            )
            .bind(report.as_bytes().as_slice())
            .execute(pool)
            .await
            .map_err(failure)
            .map(|_| ())
        })
    }

    async fn insert_files(&self, report: ReportId, files: &[NewFile]) -> StoreResult<()> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await.map_err(failure)?;
            for file in files {
                insert_file!(&mut *tx, report, file);
            }
            let marked = sqlx::query("UPDATE reports SET unread_activity = TRUE WHERE id = $1")
                .bind(report.as_bytes().as_slice())
                .execute(&mut *tx)
                .await
                .map_err(failure)?;
            if marked.rows_affected() != 1 {
                return Err(StoreError::NotFound);
            }
            tx.commit().await.map_err(failure)
        })
    }

    async fn files(&self, report: ReportId) -> StoreResult<Vec<StoredFile>> {
        on_pool!(self, |pool| {
            let rows: Vec<(Vec<u8>, i64, i64, String, Option<String>, Vec<u8>)> = sqlx::query_as(
                "SELECT id, added_day, size_bytes, original_blob, clean_blob, sealed_meta \
                 FROM report_files WHERE report_id = $1 ORDER BY seq",
            )
            .bind(report.as_bytes().as_slice())
            .fetch_all(pool)
            .await
            .map_err(failure)?;
            rows.into_iter()
                .map(|(id, day, size, original_blob, clean_blob, sealed_meta)| {
                    Ok(StoredFile {
                        id: FileId::from_slice(&id).ok_or_else(|| corrupt("report_files.id"))?,
                        added: Day(day),
                        size,
                        original_blob,
                        clean_blob,
                        sealed_meta,
                    })
                })
                .collect()
        })
    }

    async fn upload_usage(&self, day: Day, report: Option<ReportId>) -> StoreResult<(i64, i64)> {
        on_pool!(self, |pool| {
            let daily: Option<(i64,)> =
                sqlx::query_as("SELECT bytes FROM upload_days WHERE day = $1")
                    .bind(day.0)
                    .fetch_optional(pool)
                    .await
                    .map_err(failure)?;
            let per_report: (Option<i64>,) = match report {
                Some(report) => sqlx::query_as(
                    "SELECT CAST(SUM(size_bytes) AS BIGINT) FROM report_files WHERE report_id = $1",
                )
                .bind(report.as_bytes().as_slice())
                .fetch_one(pool)
                .await
                .map_err(failure)?,
                None => (None,),
            };
            Ok((daily.map_or(0, |(b,)| b), per_report.0.unwrap_or(0)))
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

    async fn reserve_upload_bytes(&self, day: Day, bytes: i64, limit: i64) -> StoreResult<bool> {
        if bytes > limit {
            return Ok(false);
        }
        on_pool!(self, |pool| {
            // One statement: the row is created or grown only while the total stays within
            // the limit, so two uploads can never both take the last bytes of the day.
            let counted = sqlx::query(
                "INSERT INTO upload_days (day, bytes) VALUES ($1, $2) \
                 ON CONFLICT (day) DO UPDATE SET bytes = upload_days.bytes + excluded.bytes \
                 WHERE upload_days.bytes + excluded.bytes <= $3",
            )
            .bind(day.0)
            .bind(bytes)
            .bind(limit)
            .execute(pool)
            .await
            .map_err(failure)?
            .rows_affected();
            Ok(counted == 1)
        })
    }

    async fn release_upload_bytes(&self, day: Day, bytes: i64) -> StoreResult<()> {
        on_pool!(self, |pool| {
            sqlx::query(
                "UPDATE upload_days SET bytes = CASE WHEN bytes > $2 THEN bytes - $2 ELSE 0 END \
                 WHERE day = $1",
            )
            .bind(day.0)
            .bind(bytes)
            .execute(pool)
            .await
            .map_err(failure)?;
            Ok(())
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
            let row: Option<(Vec<u8>, Vec<u8>, i64)> = sqlx::query_as(
                "SELECT report_id, sealed_state, purge_day FROM reporter_sessions WHERE id_hash = $1",
            )
            .bind(id_hash)
            .fetch_optional(pool)
            .await
            .map_err(failure)?;
            row.map(|(report_id, sealed_state, purge_day)| {
                Ok(ReporterSessionRecord {
                    report_id: ReportId::from_slice(&report_id)
                        .ok_or_else(|| corrupt("reporter_sessions.report_id"))?,
                    sealed_state,
                    purge_day: Day(purge_day),
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

    async fn append_audit(&self, audit: &AuditEntry) -> StoreResult<()> {
        on_pool!(self, |pool| {
            insert_audit!(pool, audit);
            Ok(())
        })
    }

    async fn audit_log(&self, limit: u32) -> StoreResult<Vec<AuditEntry>> {
        on_pool!(self, |pool| {
            let rows: Vec<(i64, Option<Vec<u8>>, String, String)> = sqlx::query_as(
                "SELECT at, actor, action, subject FROM audit_log ORDER BY seq DESC LIMIT $1",
            )
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await
            .map_err(failure)?;
            Ok(rows
                .into_iter()
                .map(|(at, actor, action, subject)| {
                    Ok(AuditEntry {
                        at,
                        actor: actor.as_deref().and_then(StaffId::from_slice),
                        action: AuditAction::from_code(&action)
                            .ok_or_else(|| corrupt("audit_log.action"))?,
                        subject,
                    })
                })
                .collect::<StoreResult<Vec<_>>>()?)
        })
    }
}

/// `SELECT <columns> <rest>`, built from constants only (never from input).
fn const_format(columns: &'static str, rest: &'static str) -> String {
    format!("SELECT {columns} {rest}")
}

#[cfg(feature = "testing")]
impl SqlStore {
    /// Every whole number stored in `tables` (all tables when empty), as (table, column,
    /// value): the timing-at-rest test looks for anything that is a moment to the second.
    /// Columns that hold no whole numbers are skipped.
    pub async fn integer_cells(&self) -> StoreResult<Vec<(String, String, i64)>> {
        let mut cells = Vec::new();
        for (table, column) in self.schema_columns().await? {
            // Names come from the schema itself, never from input.
            let sql = format!("SELECT {column} FROM {table}");
            let values: Vec<i64> = on_pool!(self, |pool| {
                let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
                    .fetch_all(pool)
                    .await
                    .map_err(failure)?;
                rows.iter()
                    .filter_map(|row| sqlx::Row::try_get::<Option<i64>, _>(row, 0).ok().flatten())
                    .collect()
            });
            cells.extend(
                values
                    .into_iter()
                    .map(|value| (table.clone(), column.clone(), value)),
            );
        }
        Ok(cells)
    }

    /// Runs a statement built by test code (schema creation); never reachable from input.
    pub async fn execute_raw(&self, sql: &str) -> StoreResult<()> {
        on_pool!(self, |pool| {
            sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_owned()))
                .execute(pool)
                .await
                .map(|_| ())
                .map_err(failure)
        })
    }
}

/// The rows behind `SqlBlobStore` (`blobs.rs`): a blob is a `blobs` row and its chunks.
impl SqlStore {
    pub(crate) async fn begin_blob(&self, name: &str, day: Day) -> StoreResult<()> {
        on_pool!(self, |pool| {
            sqlx::query("INSERT INTO blobs (name, written_day, committed) VALUES ($1, $2, FALSE)")
                .bind(name)
                .bind(day.0)
                .execute(pool)
                .await
                .map_err(failure)
                .map(|_| ())
        })
    }

    pub(crate) async fn append_blob_chunk(
        &self,
        name: &str,
        seq: i32,
        bytes: &[u8],
    ) -> StoreResult<()> {
        on_pool!(self, |pool| {
            sqlx::query("INSERT INTO blob_chunks (blob, seq, bytes) VALUES ($1, $2, $3)")
                .bind(name)
                .bind(seq)
                .bind(bytes)
                .execute(pool)
                .await
                .map_err(failure)
                .map(|_| ())
        })
    }

    pub(crate) async fn commit_blob(&self, name: &str) -> StoreResult<()> {
        on_pool!(self, |pool| {
            let done = sqlx::query("UPDATE blobs SET committed = TRUE WHERE name = $1")
                .bind(name)
                .execute(pool)
                .await
                .map_err(failure)?;
            if done.rows_affected() == 1 {
                Ok(())
            } else {
                Err(StoreError::NotFound)
            }
        })
    }

    /// A whole blob in one transaction: its row, committed, and its chunks.
    pub(crate) async fn put_blob(&self, name: &str, day: Day, bytes: &[u8]) -> StoreResult<()> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await.map_err(failure)?;
            sqlx::query("INSERT INTO blobs (name, written_day, committed) VALUES ($1, $2, TRUE)")
                .bind(name)
                .bind(day.0)
                .execute(&mut *tx)
                .await
                .map_err(failure)?;
            for (seq, chunk) in bytes.chunks(crate::blobs::CHUNK_BYTES).enumerate() {
                sqlx::query("INSERT INTO blob_chunks (blob, seq, bytes) VALUES ($1, $2, $3)")
                    .bind(name)
                    .bind(i32::try_from(seq).unwrap_or(i32::MAX))
                    .bind(chunk)
                    .execute(&mut *tx)
                    .await
                    .map_err(failure)?;
            }
            tx.commit().await.map_err(failure)
        })
    }

    pub(crate) async fn blob_is_committed(&self, name: &str) -> StoreResult<bool> {
        on_pool!(self, |pool| {
            let row: Option<(bool,)> =
                sqlx::query_as("SELECT committed FROM blobs WHERE name = $1")
                    .bind(name)
                    .fetch_optional(pool)
                    .await
                    .map_err(failure)?;
            Ok(row.is_some_and(|(committed,)| committed))
        })
    }

    pub(crate) async fn blob_chunk(&self, name: &str, seq: i32) -> StoreResult<Option<Vec<u8>>> {
        on_pool!(self, |pool| {
            let row: Option<(Vec<u8>,)> =
                sqlx::query_as("SELECT bytes FROM blob_chunks WHERE blob = $1 AND seq = $2")
                    .bind(name)
                    .bind(seq)
                    .fetch_optional(pool)
                    .await
                    .map_err(failure)?;
            Ok(row.map(|(bytes,)| bytes))
        })
    }

    pub(crate) async fn delete_blob(&self, name: &str) -> StoreResult<()> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await.map_err(failure)?;
            sqlx::query("DELETE FROM blob_chunks WHERE blob = $1")
                .bind(name)
                .execute(&mut *tx)
                .await
                .map_err(failure)?;
            sqlx::query("DELETE FROM blobs WHERE name = $1")
                .bind(name)
                .execute(&mut *tx)
                .await
                .map_err(failure)?;
            tx.commit().await.map_err(failure)
        })
    }

    /// Committed blobs, all or those written before `before`.
    pub(crate) async fn committed_blobs(&self, before: Option<Day>) -> StoreResult<Vec<String>> {
        let before = before.map_or(i64::MAX, |day| day.0);
        on_pool!(self, |pool| {
            let rows: Vec<(String,)> = sqlx::query_as(
                "SELECT name FROM blobs WHERE committed = TRUE AND written_day < $1",
            )
            .bind(before)
            .fetch_all(pool)
            .await
            .map_err(failure)?;
            Ok(rows.into_iter().map(|(name,)| name).collect())
        })
    }

    /// Deletes blobs never committed (all, or those begun before `before`); returns how many.
    pub(crate) async fn delete_uncommitted_blobs(&self, before: Option<Day>) -> StoreResult<u64> {
        let before = before.map_or(i64::MAX, |day| day.0);
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await.map_err(failure)?;
            sqlx::query(
                "DELETE FROM blob_chunks WHERE blob IN \
                 (SELECT name FROM blobs WHERE committed = FALSE AND written_day < $1)",
            )
            .bind(before)
            .execute(&mut *tx)
            .await
            .map_err(failure)?;
            let removed =
                sqlx::query("DELETE FROM blobs WHERE committed = FALSE AND written_day < $1")
                    .bind(before)
                    .execute(&mut *tx)
                    .await
                    .map_err(failure)?
                    .rows_affected();
            tx.commit().await.map_err(failure)?;
            Ok(removed)
        })
    }
}
