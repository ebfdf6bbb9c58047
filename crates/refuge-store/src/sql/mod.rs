//! The storage ports on SQLite or PostgreSQL. Every query is written once; [`on_pool!`] runs the
//! same expression on whichever native pool is active. One module per aggregate, as the ports
//! are split (`staff`, `sessions`, `reports`, `messages`, `files`, `audit`, `instance`, and the
//! rows behind the blob store); rows are read into named structs ([`named_row!`]), never
//! positional tuples.
//!
//! Conventions: `$n` placeholders; ids as 16 random bytes; times as integers from the app's
//! clock, never `now()` in SQL; a dialect difference is a visible `match` with its reason. A
//! method that changes data is one transaction, with its audit row ([`insert_audit!`]).

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use refuge_domain::ports::{StoreError, StoreResult};
use sqlx::ConnectOptions as _;
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

/// A row read by column name into a named struct, on either engine: the struct's field names
/// are the query's column names (use `AS` for expressions). No proc macro (sqlx's `macros`
/// feature compiles SQLite twice), and no positional tuple to keep in step with a column list.
macro_rules! named_row {
    ($(#[$meta:meta])* $name:ident { $($field:ident : $ty:ty),+ $(,)? }) => {
        $(#[$meta])*
        pub(crate) struct $name { $(pub(crate) $field: $ty),+ }

        impl<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow> for $name {
            fn from_row(row: &'r sqlx::sqlite::SqliteRow) -> Result<Self, sqlx::Error> {
                use sqlx::Row as _;
                Ok($name { $($field: row.try_get(stringify!($field))?),+ })
            }
        }

        impl<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow> for $name {
            fn from_row(row: &'r sqlx::postgres::PgRow) -> Result<Self, sqlx::Error> {
                use sqlx::Row as _;
                Ok($name { $($field: row.try_get(stringify!($field))?),+ })
            }
        }
    };
}

/// Inserts an audit row on the given transaction (so it commits with the change): it takes the
/// next number from `audit_head` (which also makes concurrent writers wait their turn), chains
/// to the head's hash, and moves the head.
macro_rules! insert_audit {
    ($executor:expr, $audit:expr) => {{
        let audit: &refuge_domain::ports::AuditEntry = $audit;
        let head: $crate::sql::HeadRow =
            sqlx::query_as("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash")
                .fetch_one($executor)
                .await
                .map_err(failure)?;
        let previous = $crate::sql::hash32(head.hash, "audit_head.hash")?;
        let hash = refuge_domain::audit::chain_hash(
            &previous,
            head.seq,
            audit.at,
            audit.actor,
            audit.action,
            audit.report,
            &audit.subject,
        );
        sqlx::query(
            "INSERT INTO audit_log (seq, at, actor, action, report_id, subject, previous, hash) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(head.seq)
        .bind(audit.at)
        .bind(audit.actor.map(|actor| actor.as_bytes().to_vec()))
        .bind(audit.action.code())
        .bind(audit.report.map(|report| report.as_bytes().to_vec()))
        .bind(&audit.subject)
        .bind(previous.as_slice())
        .bind(hash.as_slice())
        .execute($executor)
        .await
        .map_err(failure)?;
        sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1")
            .bind(hash.as_slice())
            .execute($executor)
            .await
            .map_err(failure)?;
    }};
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

mod audit;
pub mod backup;
mod blob_rows;
mod correlation;
mod files;
mod instance;
mod messages;
mod notes;
mod referrals;
mod registry;
mod reports;
mod retention;
mod search;
mod second_factor;
mod sessions;
mod staff;
mod statistics;
mod teams;

/// The blobs of files that rows point to, as `name`: evidence files and their working copies,
/// sources' archived copies (what moves to a bucket).
macro_rules! referenced_files {
    () => {
        "SELECT original_blob AS name FROM report_files \
         UNION ALL SELECT clean_blob FROM report_files WHERE clean_blob IS NOT NULL \
         UNION ALL SELECT blob FROM registry_archives"
    };
}
pub(crate) const REFERENCED_FILES: &str = referenced_files!();
/// Every blob a row points to: sealed reports and files. The start-up sweep keeps these; a
/// backup carries them.
pub(crate) const REFERENCED_BLOBS: &str = concat!(
    "SELECT blob AS name FROM reports UNION ALL ",
    referenced_files!()
);

pub(crate) fn failure(error: sqlx::Error) -> StoreError {
    match &error {
        sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Conflict,
        sqlx::Error::RowNotFound => StoreError::NotFound,
        _ => StoreError::Unavailable(error.to_string()),
    }
}

named_row!(
    /// The row the audit log has reached.
    HeadRow {
        seq: i64,
        hash: Vec<u8>,
    }
);

/// A stored 32-byte hash.
pub(crate) fn hash32(bytes: Vec<u8>, what: &str) -> StoreResult<[u8; 32]> {
    decoded(<[u8; 32]>::try_from(bytes).ok(), what)
}

pub(crate) fn corrupt(what: &str) -> StoreError {
    StoreError::Unavailable(format!("unreadable value in {what}"))
}

/// A stored value that must decode (an id's bytes, a code): `what` names the column for the log.
/// `$first, $first+1, …` for `count` values: the text of an `IN (…)` list whose values are all
/// bound (so a statement built with it is safe to mark `AssertSqlSafe`).
pub(crate) fn numbered_placeholders(first: usize, count: usize) -> String {
    (first..first + count)
        .map(|n| format!("${n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(crate) fn decoded<T>(value: Option<T>, what: &str) -> StoreResult<T> {
    value.ok_or_else(|| corrupt(what))
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
            .map_err(|e| StoreError::Unavailable(format!("invalid database URL: {e}")))?;
        // "refuge" unless the URL names the connections otherwise (the test suites name
        // each throw-away schema's connections after it).
        let name = options
            .get_application_name()
            .unwrap_or("refuge")
            .to_owned();
        let options = options
            .application_name(&name)
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
        let applied = on_pool!(self, |pool| {
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
            Ok::<u32, StoreError>(applied)
        })?;
        self.chain_audit_log().await?;
        Ok(applied)
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

    /// The names of the migrations applied, in order (a test checks the list in `migrate.rs`
    /// names every file of the engine's folder).
    pub async fn applied_migrations(&self) -> StoreResult<Vec<String>> {
        on_pool!(self, |pool| {
            let rows: Vec<(String,)> =
                sqlx::query_as("SELECT name FROM refuge_migrations ORDER BY version")
                    .fetch_all(pool)
                    .await
                    .map_err(failure)?;
            Ok(rows.into_iter().map(|(name,)| name).collect())
        })
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
