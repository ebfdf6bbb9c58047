//! A whole database as one stream of rows, and back: `refuge backup` and `refuge restore`.
//!
//! The stream is written inside an age file by the caller (this module sees only rows, which
//! are already sealed where they hold anything of a report). It is engine-neutral: each value
//! is a null, a whole number, a real, a text, bytes or a boolean, converted on restore to the
//! type of the target's column, so a backup of SQLite restores into PostgreSQL and back — how
//! an organisation moves when it grows.
//!
//! Consistency: every table is read inside one transaction — a read transaction on SQLite's
//! write-ahead log, `REPEATABLE READ READ ONLY` on PostgreSQL — so the backup is one moment of a
//! running server. Tables are written parents first (by their foreign keys), so the restore
//! inserts them in the order read. The restore is one transaction too: an empty target gets
//! everything or nothing.
//!
//! Layout: `refuge-backup 1\n`, then frames `[kind: u8][length: u32 BE][payload]`: `H` a JSON
//! header (the migrations the source had), `T` a JSON table header (name, columns), `R` a row
//! (values, each a tag byte and its bytes), and `E` a JSON trailer (tables, rows, and the
//! SHA-256 of every frame before it) — a backup without its trailer is refused as cut short.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};

use futures_util::TryStreamExt as _;
use refuge_domain::ports::{StoreError, StoreResult};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sqlx::{Column as _, Row as _, TypeInfo as _, ValueRef as _};

use super::{Engine, Pool, SqlStore, failure};

const MAGIC: &[u8] = b"refuge-backup 1\n";
/// The largest frame a restore accepts: a blob chunk (1 MiB) and its framing, with room.
const MAX_FRAME: u32 = 4 * 1024 * 1024;
/// Tables the target's own migrations fill, never copied: the list of migrations applied.
const NOT_COPIED: &[&str] = &["refuge_migrations"];

/// One value of a row, whatever the engine.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Bytes(Vec<u8>),
    Bool(bool),
}

#[derive(Debug, Serialize, Deserialize)]
struct Header {
    /// The migrations applied to the database the backup was made of.
    migrations: Vec<String>,
}

#[derive(Debug, Serialize, Deserialize)]
struct TableHeader {
    table: String,
    columns: Vec<String>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Trailer {
    tables: usize,
    rows: u64,
    sha256: String,
}

/// What a backup or restore moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BackupSummary {
    pub tables: usize,
    pub rows: u64,
    /// Files read from the bucket into the backup (a backup's figure; 0 for a restore).
    pub from_bucket: u64,
}

/// Why a restore refused.
#[derive(Debug, thiserror::Error)]
pub enum RestoreError {
    #[error("this is not a Refuge backup, or it is damaged: {0}")]
    Damaged(String),
    #[error(
        "the backup was made by a different version of Refuge (its schema ends at {backup}, this one's at {ours}): restore it with the version that made it, then upgrade"
    )]
    OtherVersion { backup: String, ours: String },
    #[error("the target database is not empty ({0} has rows): restore into a new one")]
    NotEmpty(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Writes frames and hashes them.
struct FrameWriter<'w> {
    out: &'w mut (dyn Write + Send),
    hash: Sha256,
}

impl FrameWriter<'_> {
    fn frame(&mut self, kind: u8, payload: &[u8]) -> StoreResult<()> {
        let length = u32::try_from(payload.len())
            .ok()
            .filter(|l| *l <= MAX_FRAME)
            .ok_or_else(|| StoreError::Unavailable("a row too large for a backup frame".into()))?;
        let mut head = [0u8; 5];
        head[0] = kind;
        head[1..].copy_from_slice(&length.to_be_bytes());
        self.hash.update(head);
        self.hash.update(payload);
        self.out.write_all(&head).map_err(io)?;
        self.out.write_all(payload).map_err(io)
    }

    fn json<T: Serialize>(&mut self, kind: u8, value: &T) -> StoreResult<()> {
        let bytes =
            serde_json::to_vec(value).map_err(|e| StoreError::Unavailable(e.to_string()))?;
        self.frame(kind, &bytes)
    }
}

fn io(error: std::io::Error) -> StoreError {
    StoreError::Unavailable(format!("writing the backup: {error}"))
}

fn encode_row(values: &[Value]) -> Vec<u8> {
    let mut out = Vec::new();
    for value in values {
        match value {
            Value::Null => out.push(0),
            Value::Int(n) => {
                out.push(1);
                out.extend_from_slice(&n.to_be_bytes());
            }
            Value::Real(x) => {
                out.push(5);
                out.extend_from_slice(&x.to_bits().to_be_bytes());
            }
            Value::Text(text) => {
                out.push(2);
                out.extend_from_slice(&(text.len() as u32).to_be_bytes());
                out.extend_from_slice(text.as_bytes());
            }
            Value::Bytes(bytes) => {
                out.push(3);
                out.extend_from_slice(&(bytes.len() as u32).to_be_bytes());
                out.extend_from_slice(bytes);
            }
            Value::Bool(b) => {
                out.push(4);
                out.push(u8::from(*b));
            }
        }
    }
    out
}

fn decode_row(mut bytes: &[u8]) -> Result<Vec<Value>, RestoreError> {
    let damaged = || RestoreError::Damaged("a row cannot be read".into());
    let take = |n: usize, bytes: &mut &[u8]| -> Result<Vec<u8>, RestoreError> {
        if bytes.len() < n {
            return Err(damaged());
        }
        let (head, rest) = bytes.split_at(n);
        *bytes = rest;
        Ok(head.to_vec())
    };
    let mut values = Vec::new();
    while let Some((&tag, rest)) = bytes.split_first() {
        bytes = rest;
        let eight = |b: Vec<u8>| -> [u8; 8] {
            let mut a = [0u8; 8];
            a.copy_from_slice(&b);
            a
        };
        values.push(match tag {
            0 => Value::Null,
            1 => Value::Int(i64::from_be_bytes(eight(take(8, &mut bytes)?))),
            5 => Value::Real(f64::from_bits(u64::from_be_bytes(eight(take(
                8, &mut bytes,
            )?)))),
            2 | 3 => {
                let mut length = [0u8; 4];
                length.copy_from_slice(&take(4, &mut bytes)?);
                let body = take(u32::from_be_bytes(length) as usize, &mut bytes)?;
                if tag == 2 {
                    Value::Text(String::from_utf8(body).map_err(|_| damaged())?)
                } else {
                    Value::Bytes(body)
                }
            }
            4 => Value::Bool(take(1, &mut bytes)?[0] != 0),
            _ => return Err(damaged()),
        });
    }
    Ok(values)
}

/// Reads one value of a SQLite row by its stored type.
fn sqlite_value(row: &sqlx::sqlite::SqliteRow, index: usize) -> Result<Value, sqlx::Error> {
    let raw = row.try_get_raw(index)?;
    if raw.is_null() {
        return Ok(Value::Null);
    }
    Ok(match raw.type_info().name() {
        "INTEGER" | "BOOLEAN" | "INT8" | "BIGINT" => Value::Int(row.try_get_unchecked(index)?),
        "REAL" => Value::Real(row.try_get_unchecked(index)?),
        "TEXT" => Value::Text(row.try_get_unchecked(index)?),
        _ => Value::Bytes(row.try_get_unchecked(index)?),
    })
}

/// Reads one value of a PostgreSQL row by its column's type.
fn postgres_value(row: &sqlx::postgres::PgRow, index: usize) -> Result<Value, sqlx::Error> {
    let name = row.column(index).type_info().name().to_owned();
    Ok(match name.as_str() {
        "INT8" => row.try_get::<Option<i64>, _>(index)?.map(Value::Int),
        "INT4" => row
            .try_get::<Option<i32>, _>(index)?
            .map(|n| Value::Int(n.into())),
        "INT2" => row
            .try_get::<Option<i16>, _>(index)?
            .map(|n| Value::Int(n.into())),
        "BOOL" => row.try_get::<Option<bool>, _>(index)?.map(Value::Bool),
        "FLOAT8" => row.try_get::<Option<f64>, _>(index)?.map(Value::Real),
        "BYTEA" => row.try_get::<Option<Vec<u8>>, _>(index)?.map(Value::Bytes),
        _ => row.try_get::<Option<String>, _>(index)?.map(Value::Text),
    }
    .unwrap_or(Value::Null))
}

/// How a target column takes a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Int,
    Real,
    Text,
    Bytes,
    Bool,
}

fn kind_of(declared: &str) -> Kind {
    let declared = declared.to_ascii_uppercase();
    if declared.contains("BOOL") {
        Kind::Bool
    } else if declared.contains("INT") || declared.contains("SERIAL") {
        Kind::Int
    } else if declared.contains("REAL") || declared.contains("DOUBLE") || declared.contains("FLOAT")
    {
        Kind::Real
    } else if declared.contains("BLOB") || declared.contains("BYTEA") {
        Kind::Bytes
    } else {
        Kind::Text
    }
}

/// Binds `value` as the column's kind (a boolean stored by SQLite is a whole number).
macro_rules! bind_as {
    ($query:expr, $kind:expr, $value:expr) => {{
        let damaged = || RestoreError::Damaged("a value does not fit its column".into());
        match ($kind, $value) {
            (Kind::Int, Value::Null) => $query.bind(None::<i64>),
            (Kind::Real, Value::Null) => $query.bind(None::<f64>),
            (Kind::Text, Value::Null) => $query.bind(None::<String>),
            (Kind::Bytes, Value::Null) => $query.bind(None::<Vec<u8>>),
            (Kind::Bool, Value::Null) => $query.bind(None::<bool>),
            (Kind::Int, Value::Int(n)) => $query.bind(n),
            (Kind::Int, Value::Bool(b)) => $query.bind(i64::from(b)),
            (Kind::Bool, Value::Bool(b)) => $query.bind(b),
            (Kind::Bool, Value::Int(n)) => $query.bind(n != 0),
            (Kind::Real, Value::Real(x)) => $query.bind(x),
            (Kind::Real, Value::Int(n)) => $query.bind(n as f64),
            (Kind::Text, Value::Text(text)) => $query.bind(text),
            (Kind::Bytes, Value::Bytes(bytes)) => $query.bind(bytes),
            _ => return Err(damaged()),
        }
    }};
}

/// Tables parents first: a table comes after every table its foreign keys name.
fn parents_first(
    tables: &BTreeSet<String>,
    references: &[(String, String)],
) -> StoreResult<Vec<String>> {
    let mut parents: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (child, parent) in references {
        if child != parent && tables.contains(parent) {
            parents
                .entry(child.as_str())
                .or_default()
                .insert(parent.as_str());
        }
    }
    let mut ordered: Vec<String> = Vec::new();
    let mut placed: BTreeSet<&str> = BTreeSet::new();
    while placed.len() < tables.len() {
        let ready: Vec<&str> = tables
            .iter()
            .map(String::as_str)
            .filter(|t| !placed.contains(t))
            .filter(|t| {
                parents
                    .get(t)
                    .is_none_or(|ps| ps.iter().all(|p| placed.contains(p)))
            })
            .collect();
        if ready.is_empty() {
            return Err(StoreError::Unavailable(
                "the tables' foreign keys form a cycle".into(),
            ));
        }
        for table in ready {
            placed.insert(table);
            ordered.push(table.to_owned());
        }
    }
    Ok(ordered)
}

/// Writes every row of `$order`'s tables, read on `$tx` with `$value` (the engine's reader of
/// one value), each table's header before its first row; evaluates to the number of rows and,
/// read in the same moment, the names of blobs rows point to that the database does not hold
/// (files moved to a bucket).
macro_rules! dump_rows {
    ($tx:ident, $order:ident, $writer:ident, $value:ident) => {{
        let mut rows = 0u64;
        for table in &$order {
            // Names come from the schema itself, never from input.
            let sql = format!("SELECT * FROM \"{table}\"");
            let mut stream = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch(&mut *$tx);
            let mut started = false;
            while let Some(row) = stream.try_next().await.map_err(failure)? {
                if !started {
                    write_table_header(&mut $writer, table, row.columns())?;
                    started = true;
                }
                let values = (0..row.len())
                    .map(|i| $value(&row, i))
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(failure)?;
                $writer.frame(b'R', &encode_row(&values))?;
                rows += 1;
            }
        }
        let outside_sql = format!(
            "SELECT DISTINCT r.name FROM ({}) AS r \
             WHERE NOT EXISTS (SELECT 1 FROM blobs b WHERE b.name = r.name) ORDER BY r.name",
            super::REFERENCED_BLOBS
        );
        let outside: Vec<(String,)> = sqlx::query_as(sqlx::AssertSqlSafe(outside_sql))
            .fetch_all(&mut *$tx)
            .await
            .map_err(failure)?;
        (rows, outside)
    }};
}

/// Inserts the backup's rows on `$tx` (after emptying every table of what the target's own
/// migrations put there) and checks the trailer; the caller commits.
macro_rules! restore_rows {
    ($tx:ident, $reader:ident, $kinds:ident, $order:ident) => {{
        for table in $order.iter().rev() {
            sqlx::raw_sql(sqlx::AssertSqlSafe(format!("DELETE FROM \"{table}\"")))
                .execute(&mut *$tx)
                .await
                .map_err(failure)?;
        }
        // The table being filled: its name, and its columns with how they take values.
        let mut current: Option<(String, Vec<(String, Kind)>)> = None;
        // Rows waiting to go in one multi-row INSERT (one round trip per batch, not per row).
        let mut pending: Vec<Vec<Value>> = Vec::new();
        let mut pending_bytes = 0usize;
        let mut tables = 0usize;
        let mut rows = 0u64;
        macro_rules! flush {
            () => {
                if let (Some((table, columns)), false) = (&current, pending.is_empty()) {
                    let names: Vec<String> =
                        columns.iter().map(|(c, _)| format!("\"{c}\"")).collect();
                    let width = columns.len();
                    let tuples: Vec<String> = (0..pending.len())
                        .map(|row| {
                            let places: Vec<String> = (1..=width)
                                .map(|i| format!("${}", row * width + i))
                                .collect();
                            format!("({})", places.join(", "))
                        })
                        .collect();
                    let sql = format!(
                        "INSERT INTO \"{table}\" ({}) VALUES {}",
                        names.join(", "),
                        tuples.join(", ")
                    );
                    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
                    for values in std::mem::take(&mut pending) {
                        for ((_, kind), value) in columns.iter().zip(values) {
                            query = bind_as!(query, *kind, value);
                        }
                    }
                    query.execute(&mut *$tx).await.map_err(failure)?;
                }
            };
        }
        loop {
            let before = $reader.hash.clone();
            let (kind, payload) = $reader.next()?;
            match kind {
                b'T' => {
                    flush!();
                    pending_bytes = 0;
                    let header: TableHeader = json(&payload)?;
                    let mut columns = Vec::new();
                    for column in &header.columns {
                        let kind = $kinds
                            .get(&(header.table.clone(), column.clone()))
                            .copied()
                            .ok_or_else(|| {
                                RestoreError::Damaged(format!(
                                    "{}.{column} is not a column here",
                                    header.table
                                ))
                            })?;
                        columns.push((column.clone(), kind));
                    }
                    current = Some((header.table, columns));
                    tables += 1;
                }
                b'R' => {
                    let Some((_, columns)) = &current else {
                        return Err(RestoreError::Damaged("a row before its table".into()));
                    };
                    let values = decode_row(&payload)?;
                    if values.len() != columns.len() {
                        return Err(RestoreError::Damaged("a row of the wrong width".into()));
                    }
                    // At most 100 rows, 8 MiB and 30,000 bound values a statement (SQLite
                    // takes 32,766, PostgreSQL 65,535).
                    if pending.len() >= 100
                        || pending_bytes + payload.len() > 8 * 1024 * 1024
                        || (pending.len() + 1) * columns.len() > 30_000
                    {
                        flush!();
                        pending_bytes = 0;
                    }
                    pending_bytes += payload.len();
                    pending.push(values);
                    rows += 1;
                }
                b'E' => {
                    flush!();
                    let trailer: Trailer = json(&payload)?;
                    if trailer.rows != rows || trailer.sha256 != hex::encode(before.finalize()) {
                        return Err(RestoreError::Damaged(
                            "its trailer does not match what came before".into(),
                        ));
                    }
                    break;
                }
                _ => return Err(RestoreError::Damaged("an unknown frame".into())),
            }
        }
        let summary = BackupSummary {
            tables,
            rows,
            from_bucket: 0,
        };
        Ok::<BackupSummary, RestoreError>(summary)
    }};
}

impl SqlStore {
    /// Tables (without those never copied) and their foreign keys (child, parent).
    async fn tables_and_references(
        &self,
    ) -> StoreResult<(BTreeSet<String>, Vec<(String, String)>)> {
        let (tables_sql, references_sql) = match self.engine() {
            Engine::Sqlite => (
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
                "SELECT m.name, f.\"table\" FROM sqlite_master m \
                 JOIN pragma_foreign_key_list(m.name) f WHERE m.type = 'table'",
            ),
            Engine::Postgres => (
                "SELECT table_name::TEXT FROM information_schema.tables \
                 WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
                "SELECT tc.table_name::TEXT, ccu.table_name::TEXT \
                 FROM information_schema.table_constraints tc \
                 JOIN information_schema.constraint_column_usage ccu \
                 ON tc.constraint_name = ccu.constraint_name \
                 AND tc.constraint_schema = ccu.constraint_schema \
                 WHERE tc.constraint_type = 'FOREIGN KEY' \
                 AND tc.table_schema = current_schema()",
            ),
        };
        let (tables, references): (Vec<(String,)>, Vec<(String, String)>) =
            on_pool!(self, |pool| {
                let tables = sqlx::query_as(tables_sql)
                    .fetch_all(pool)
                    .await
                    .map_err(failure)?;
                let references = sqlx::query_as(references_sql)
                    .fetch_all(pool)
                    .await
                    .map_err(failure)?;
                (tables, references)
            });
        let tables = tables
            .into_iter()
            .map(|(name,)| name)
            .filter(|name| !NOT_COPIED.contains(&name.as_str()))
            .collect();
        Ok((tables, references))
    }

    /// The migrations applied, by name, in order.
    async fn migration_names(&self) -> StoreResult<Vec<String>> {
        on_pool!(self, |pool| {
            let rows: Vec<(String,)> =
                sqlx::query_as("SELECT name FROM refuge_migrations ORDER BY version")
                    .fetch_all(pool)
                    .await
                    .map_err(failure)?;
            Ok(rows.into_iter().map(|(name,)| name).collect())
        })
    }

    /// Writes every row of every table to `out`, as of one moment, while the server may run.
    /// With evidence files in `bucket`, those the moment's rows point to are read from it and
    /// written as database blobs, so the backup is the whole state and restores anywhere.
    pub async fn write_backup(
        &self,
        out: &mut (dyn Write + Send),
        bucket: Option<&crate::BucketBlobStore>,
    ) -> StoreResult<BackupSummary> {
        let (tables, references) = self.tables_and_references().await?;
        let order = parents_first(&tables, &references)?;
        let header = Header {
            migrations: self.migration_names().await?,
        };
        out.write_all(MAGIC).map_err(io)?;
        let mut writer = FrameWriter {
            out,
            hash: Sha256::new(),
        };
        writer.json(b'H', &header)?;
        let (mut rows, outside) = match &self.pool {
            Pool::Sqlite(pool) => {
                let mut tx = pool.begin().await.map_err(failure)?;
                let dumped = dump_rows!(tx, order, writer, sqlite_value);
                tx.commit().await.map_err(failure)?;
                dumped
            }
            Pool::Postgres(pool) => {
                let mut tx = pool.begin().await.map_err(failure)?;
                sqlx::raw_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                    .execute(&mut *tx)
                    .await
                    .map_err(failure)?;
                let dumped = dump_rows!(tx, order, writer, postgres_value);
                tx.commit().await.map_err(failure)?;
                dumped
            }
        };
        let mut tables = order.len();
        let names: Vec<String> = outside.into_iter().map(|(name,)| name).collect();
        if let (Some(bucket), false) = (bucket, names.is_empty()) {
            rows += write_bucket_files(&mut writer, bucket, &names).await?;
            tables += 2;
        } else if !names.is_empty() {
            return Err(StoreError::Unavailable(format!(
                "{} files are not in the database and no bucket is configured ([blobs])",
                names.len()
            )));
        }
        let trailer = Trailer {
            tables,
            rows,
            sha256: hex::encode(writer.hash.clone().finalize()),
        };
        writer.json(b'E', &trailer)?;
        writer.out.flush().map_err(io)?;
        Ok(BackupSummary {
            tables,
            rows,
            from_bucket: names.len() as u64,
        })
    }

    /// Whether any of the tables that a used instance fills has a row (then it is not a target
    /// for a restore). Returns the first such table.
    async fn first_used_table(&self) -> StoreResult<Option<String>> {
        for table in ["instance_secrets", "staff", "reports", "registry_sources"] {
            let sql = format!("SELECT COUNT(*) AS n FROM {table}");
            let (count,): (i64,) = on_pool!(self, |pool| sqlx::query_as(sqlx::AssertSqlSafe(
                sql.clone()
            ))
            .fetch_one(pool)
            .await
            .map_err(failure)?);
            if count > 0 {
                return Ok(Some(table.to_owned()));
            }
        }
        Ok(None)
    }

    /// Each table's columns and how they take values.
    async fn column_kinds(&self) -> StoreResult<BTreeMap<(String, String), Kind>> {
        let sql = match self.engine() {
            Engine::Sqlite => {
                "SELECT m.name, p.name, p.type FROM sqlite_master m \
                 JOIN pragma_table_info(m.name) p \
                 WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'"
            }
            Engine::Postgres => {
                "SELECT table_name::TEXT, column_name::TEXT, data_type::TEXT \
                 FROM information_schema.columns WHERE table_schema = current_schema()"
            }
        };
        let rows: Vec<(String, String, String)> = on_pool!(self, |pool| sqlx::query_as(sql)
            .fetch_all(pool)
            .await
            .map_err(failure)?);
        Ok(rows
            .into_iter()
            .map(|(table, column, declared): (String, String, String)| {
                ((table, column), kind_of(&declared))
            })
            .collect())
    }

    /// Restores a backup into this database, which must be new (migrated, and never used):
    /// everything in one transaction, or nothing.
    pub async fn restore_backup(
        &self,
        input: &mut (dyn Read + Send),
    ) -> Result<BackupSummary, RestoreError> {
        if let Some(table) = self.first_used_table().await? {
            return Err(RestoreError::NotEmpty(table));
        }
        let mut reader = FrameReader {
            input,
            hash: Sha256::new(),
        };
        let mut magic = [0u8; MAGIC.len()];
        reader
            .input
            .read_exact(&mut magic)
            .map_err(|_| RestoreError::Damaged("too short".into()))?;
        if magic != MAGIC {
            return Err(RestoreError::Damaged("no Refuge backup header".into()));
        }
        let header: Header = match reader.next()? {
            (b'H', payload) => json(&payload)?,
            _ => return Err(RestoreError::Damaged("no header".into())),
        };
        let ours = self.migration_names().await?;
        if header.migrations.last() != ours.last() {
            return Err(RestoreError::OtherVersion {
                backup: header.migrations.last().cloned().unwrap_or_default(),
                ours: ours.last().cloned().unwrap_or_default(),
            });
        }
        let kinds = self.column_kinds().await?;
        let (tables, references) = self.tables_and_references().await?;
        let order = parents_first(&tables, &references)?;
        match &self.pool {
            Pool::Sqlite(pool) => {
                let mut tx = pool.begin().await.map_err(failure)?;
                let summary = restore_rows!(tx, reader, kinds, order)?;
                tx.commit().await.map_err(failure)?;
                Ok(summary)
            }
            Pool::Postgres(pool) => {
                let mut tx = pool.begin().await.map_err(failure)?;
                let summary = restore_rows!(tx, reader, kinds, order)?;
                // Numbered columns go on from the highest number restored.
                let serials: Vec<(String, String)> = sqlx::query_as(
                    "SELECT table_name::TEXT, column_name::TEXT FROM information_schema.columns \
                     WHERE table_schema = current_schema() AND column_default LIKE 'nextval(%'",
                )
                .fetch_all(&mut *tx)
                .await
                .map_err(failure)?;
                for (table, column) in serials {
                    let sql = format!(
                        "SELECT setval(pg_get_serial_sequence('{table}', '{column}'), \
                         COALESCE((SELECT MAX({column}) FROM {table}), 0) + 1, false)"
                    );
                    sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
                        .execute(&mut *tx)
                        .await
                        .map_err(failure)?;
                }
                tx.commit().await.map_err(failure)?;
                Ok(summary)
            }
        }
    }
}

/// Files read from the bucket, written as the database would hold them: a `blobs` row each
/// (written today, committed), then their `blob_chunks` of at most 1 MiB. Objects are never
/// changed once written, so reading them after the moment's transaction reads that moment's
/// files; one deleted since (retention, a withdrawn file) makes the backup fail, to be run
/// again. Returns the rows written.
async fn write_bucket_files(
    writer: &mut FrameWriter<'_>,
    bucket: &crate::BucketBlobStore,
    names: &[String],
) -> StoreResult<u64> {
    let mut rows = 0;
    writer.json(
        b'T',
        &TableHeader {
            table: "blobs".into(),
            columns: vec!["name".into(), "written_day".into(), "committed".into()],
        },
    )?;
    let today = crate::blobs::today().0;
    for name in names {
        let values = [
            Value::Text(name.clone()),
            Value::Int(today),
            Value::Bool(true),
        ];
        writer.frame(b'R', &encode_row(&values))?;
        rows += 1;
    }
    writer.json(
        b'T',
        &TableHeader {
            table: "blob_chunks".into(),
            columns: vec!["blob".into(), "seq".into(), "bytes".into()],
        },
    )?;
    for name in names {
        let unreadable = |e: object_store::Error| {
            StoreError::Unavailable(format!(
                "file {name} could not be read from the bucket (deleted while the backup ran? run it again): {e}"
            ))
        };
        let mut stream = bucket.stream(name).await.map_err(unreadable)?;
        let mut chunk = Vec::with_capacity(crate::blobs::CHUNK_BYTES);
        let mut seq = 0i64;
        let mut emit = |chunk: &mut Vec<u8>, seq: &mut i64| -> StoreResult<()> {
            let values = [
                Value::Text(name.clone()),
                Value::Int(*seq),
                Value::Bytes(std::mem::take(chunk)),
            ];
            *seq += 1;
            writer.frame(b'R', &encode_row(&values))
        };
        while let Some(piece) = stream.try_next().await.map_err(unreadable)? {
            let mut piece = &piece[..];
            while !piece.is_empty() {
                let room = crate::blobs::CHUNK_BYTES - chunk.len();
                let (now, later) = piece.split_at(room.min(piece.len()));
                chunk.extend_from_slice(now);
                piece = later;
                if chunk.len() == crate::blobs::CHUNK_BYTES {
                    emit(&mut chunk, &mut seq)?;
                    rows += 1;
                }
            }
        }
        // The last piece (an empty file has no chunk, as in the database).
        if !chunk.is_empty() {
            emit(&mut chunk, &mut seq)?;
            rows += 1;
        }
    }
    Ok(rows)
}

struct FrameReader<'r> {
    input: &'r mut (dyn Read + Send),
    hash: Sha256,
}

impl FrameReader<'_> {
    fn next(&mut self) -> Result<(u8, Vec<u8>), RestoreError> {
        let cut = |_| RestoreError::Damaged("cut short".into());
        let mut head = [0u8; 5];
        self.input.read_exact(&mut head).map_err(cut)?;
        let mut length = [0u8; 4];
        length.copy_from_slice(&head[1..]);
        let length = u32::from_be_bytes(length);
        if length > MAX_FRAME {
            return Err(RestoreError::Damaged("a frame too large".into()));
        }
        let mut payload = vec![0u8; length as usize];
        self.input.read_exact(&mut payload).map_err(cut)?;
        self.hash.update(head);
        self.hash.update(&payload);
        Ok((head[0], payload))
    }
}

fn json<T: for<'de> Deserialize<'de>>(payload: &[u8]) -> Result<T, RestoreError> {
    serde_json::from_slice(payload)
        .map_err(|_| RestoreError::Damaged("a header cannot be read".into()))
}

fn write_table_header<C: sqlx::Column>(
    writer: &mut FrameWriter<'_>,
    table: &str,
    columns: &[C],
) -> StoreResult<()> {
    writer.json(
        b'T',
        &TableHeader {
            table: table.to_owned(),
            columns: columns.iter().map(|c| c.name().to_owned()).collect(),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_round_trip() {
        let row = vec![
            Value::Null,
            Value::Int(-7),
            Value::Real(1.5),
            Value::Text("ئۇيغۇر".into()),
            Value::Bytes(vec![0, 255, 1]),
            Value::Bool(true),
        ];
        assert_eq!(decode_row(&encode_row(&row)).expect("decodes"), row);
        assert!(decode_row(&[2, 0, 0, 0, 9, b'a']).is_err(), "cut text");
        assert!(decode_row(&[9]).is_err(), "unknown tag");
    }

    #[test]
    fn parents_come_first() {
        let tables: BTreeSet<String> = ["a", "b", "c", "d"].iter().map(|s| s.to_string()).collect();
        let refs = vec![
            ("a".to_owned(), "b".to_owned()),
            ("b".to_owned(), "c".to_owned()),
            ("d".to_owned(), "d".to_owned()),
        ];
        assert_eq!(
            parents_first(&tables, &refs).expect("order"),
            ["c", "d", "b", "a"]
        );
        let cycle = vec![
            ("a".to_owned(), "b".to_owned()),
            ("b".to_owned(), "a".to_owned()),
        ];
        assert!(parents_first(&tables, &cycle).is_err());
    }
}
