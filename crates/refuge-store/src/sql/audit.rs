//! The audit log: rows are written by [`insert_audit!`] inside each change's own transaction
//! (`append_audit` is for actions that change nothing else) and chained by hash; read back here
//! for the audit view, for verification, and as signed checkpoints.

use async_trait::async_trait;
use refuge_domain::audit::{ChainedRow, GENESIS, chain_hash};
use refuge_domain::ports::{
    AuditEntry, AuditQuery, AuditRecord, AuditStore, StoreResult, StoredCheckpoint,
};
use refuge_domain::{AuditAction, ReportId, StaffId};

use super::{Engine, HeadRow, Pool, SqlStore, decoded, failure, hash32};

named_row!(AuditRow {
    at: i64,
    actor: Option<Vec<u8>>,
    action: String,
    report_id: Option<Vec<u8>>,
    subject: String,
});

named_row!(SeqRow { seq: i64 });

named_row!(HashesRow {
    previous: Option<Vec<u8>>,
    hash: Option<Vec<u8>>,
});

named_row!(CheckpointRow {
    seq: i64,
    hash: Vec<u8>,
    written_at: i64,
    signed: String,
});

impl AuditRow {
    fn entry(self) -> StoreResult<AuditEntry> {
        Ok(AuditEntry {
            at: self.at,
            actor: self
                .actor
                .map(|actor| decoded(StaffId::from_slice(&actor), "audit_log.actor"))
                .transpose()?,
            action: decoded(AuditAction::from_code(&self.action), "audit_log.action")?,
            report: self
                .report_id
                .map(|report| decoded(ReportId::from_slice(&report), "audit_log.report_id"))
                .transpose()?,
            subject: self.subject,
        })
    }
}

/// What stands for a missing or malformed hash: equal to no real hash and not the genesis, so
/// verification names the row.
const NOT_A_HASH: [u8; 32] = [0xff; 32];

fn stored_hash(bytes: Option<Vec<u8>>) -> [u8; 32] {
    bytes
        .and_then(|b| <[u8; 32]>::try_from(b).ok())
        .unwrap_or(NOT_A_HASH)
}

const ROW_COLUMNS: &str = "seq, at, actor, action, report_id, subject, previous, hash";

/// Rows read at once while chaining or verifying.
const CHAIN_PAGE: i64 = 1_000;

impl SqlStore {
    /// Chains the rows written before the chain existed, once, when the store opens: computes
    /// every row's hashes in order and writes the head, in one transaction (a crash leaves the
    /// log unchained, and the next start does it again). Nothing to do once the head exists.
    pub(crate) async fn chain_audit_log(&self) -> StoreResult<()> {
        let engine = self.engine();
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await.map_err(failure)?;
            if engine == Engine::Postgres {
                // Several app servers starting at once: one chains, the others then see the head.
                sqlx::raw_sql("SELECT pg_advisory_xact_lock(7402022)")
                    .execute(&mut *tx)
                    .await
                    .map_err(failure)?;
            }
            let head: Option<HeadRow> =
                sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1")
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(failure)?;
            if head.is_some() {
                return tx.commit().await.map_err(failure);
            }
            let mut previous = GENESIS;
            let mut last = 0_i64;
            loop {
                let rows = sqlx::query(
                    "SELECT seq, at, actor, action, report_id, subject FROM audit_log \
                     WHERE seq > $1 ORDER BY seq LIMIT $2",
                )
                .bind(last)
                .bind(CHAIN_PAGE)
                .fetch_all(&mut *tx)
                .await
                .map_err(failure)?;
                if rows.is_empty() {
                    break;
                }
                for row in &rows {
                    let seq = <SeqRow as sqlx::FromRow<_>>::from_row(row)
                        .map_err(failure)?
                        .seq;
                    let entry = <AuditRow as sqlx::FromRow<_>>::from_row(row)
                        .map_err(failure)?
                        .entry()?;
                    let hash = chain_hash(
                        &previous,
                        seq,
                        entry.at,
                        entry.actor,
                        entry.action,
                        entry.report,
                        &entry.subject,
                    );
                    sqlx::query("UPDATE audit_log SET previous = $1, hash = $2 WHERE seq = $3")
                        .bind(previous.as_slice())
                        .bind(hash.as_slice())
                        .bind(seq)
                        .execute(&mut *tx)
                        .await
                        .map_err(failure)?;
                    previous = hash;
                    last = seq;
                }
            }
            sqlx::query("INSERT INTO audit_head (id, seq, hash) VALUES (1, $1, $2)")
                .bind(last)
                .bind(previous.as_slice())
                .execute(&mut *tx)
                .await
                .map_err(failure)?;
            tx.commit().await.map_err(failure)
        })
    }
}

/// The WHERE clause of an audit view: fragments joined by AND, values numbered as they come.
enum Value {
    Bytes(Vec<u8>),
    Int(i64),
    Text(&'static str),
}

#[async_trait]
impl AuditStore for SqlStore {
    async fn append_audit(&self, audit: &AuditEntry) -> StoreResult<()> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await.map_err(failure)?;
            insert_audit!(&mut *tx, audit);
            tx.commit().await.map_err(failure)
        })
    }

    async fn audit_log(&self, limit: u32) -> StoreResult<Vec<AuditEntry>> {
        on_pool!(self, |pool| {
            let rows: Vec<AuditRow> = sqlx::query_as(
                "SELECT at, actor, action, report_id, subject FROM audit_log ORDER BY seq DESC LIMIT $1",
            )
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await
            .map_err(failure)?;
            rows.into_iter().map(AuditRow::entry).collect()
        })
    }

    async fn audit_entries(
        &self,
        actions: &[AuditAction],
        limit: u32,
    ) -> StoreResult<Vec<AuditEntry>> {
        // A closed set of codes, bound one by one: `IN` with a placeholder per code.
        let sql = format!(
            "SELECT at, actor, action, report_id, subject FROM audit_log WHERE action IN ({}) \
             ORDER BY seq DESC LIMIT $1",
            if actions.is_empty() {
                "NULL".to_owned()
            } else {
                super::numbered_placeholders(2, actions.len())
            }
        );
        on_pool!(self, |pool| {
            // SECURITY: the text is placeholders built from a count; every value is bound.
            let mut query =
                sqlx::query_as::<_, AuditRow>(sqlx::AssertSqlSafe(sql)).bind(i64::from(limit));
            for action in actions {
                query = query.bind(action.code());
            }
            let rows = query.fetch_all(pool).await.map_err(failure)?;
            rows.into_iter().map(AuditRow::entry).collect()
        })
    }

    async fn audit_page(&self, query: &AuditQuery) -> StoreResult<Vec<AuditRecord>> {
        let mut clauses: Vec<String> = Vec::new();
        let mut values: Vec<Value> = Vec::new();
        let mut add = |column: &str, comparison: &str, value: Value| {
            values.push(value);
            clauses.push(format!("{column} {comparison} ${}", values.len()));
        };
        if let Some(actor) = query.actor {
            add("actor", "=", Value::Bytes(actor.as_bytes().to_vec()));
        }
        if let Some(report) = query.report {
            add("report_id", "=", Value::Bytes(report.as_bytes().to_vec()));
        }
        if let Some(action) = query.action {
            add("action", "=", Value::Text(action.code()));
        }
        if let Some(from) = query.from {
            add("at", ">=", Value::Int(from));
        }
        if let Some(to) = query.to {
            add("at", "<", Value::Int(to));
        }
        if let Some(before) = query.before {
            add("seq", "<", Value::Int(before));
        }
        values.push(Value::Int(i64::from(query.limit.clamp(1, 1_000))));
        let sql = format!(
            "SELECT {ROW_COLUMNS} FROM audit_log {} ORDER BY seq DESC LIMIT ${}",
            if clauses.is_empty() {
                String::new()
            } else {
                format!("WHERE {}", clauses.join(" AND "))
            },
            values.len()
        );
        on_pool!(self, |pool| {
            // SECURITY: the text is fixed fragments and numbered placeholders; every value is
            // bound.
            let mut statement = sqlx::query(sqlx::AssertSqlSafe(sql));
            for value in &values {
                statement = match value {
                    Value::Bytes(bytes) => statement.bind(bytes.as_slice()),
                    Value::Int(n) => statement.bind(*n),
                    Value::Text(text) => statement.bind(*text),
                };
            }
            let rows = statement.fetch_all(pool).await.map_err(failure)?;
            rows.iter()
                .map(|row| {
                    let seq = <SeqRow as sqlx::FromRow<_>>::from_row(row)
                        .map_err(failure)?
                        .seq;
                    let hashes = <HashesRow as sqlx::FromRow<_>>::from_row(row).map_err(failure)?;
                    let entry = <AuditRow as sqlx::FromRow<_>>::from_row(row)
                        .map_err(failure)?
                        .entry()?;
                    Ok(AuditRecord {
                        seq,
                        entry,
                        hash: stored_hash(hashes.hash),
                    })
                })
                .collect()
        })
    }

    async fn audit_chain(&self, after: i64, limit: u32) -> StoreResult<Vec<ChainedRow>> {
        on_pool!(self, |pool| {
            let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT {ROW_COLUMNS} FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2"
            )))
            .bind(after)
            .bind(i64::from(limit.max(1)))
            .fetch_all(pool)
            .await
            .map_err(failure)?;
            rows.iter()
                .map(|row| {
                    let seq = <SeqRow as sqlx::FromRow<_>>::from_row(row)
                        .map_err(failure)?
                        .seq;
                    let hashes = <HashesRow as sqlx::FromRow<_>>::from_row(row).map_err(failure)?;
                    let previous = stored_hash(hashes.previous);
                    let entry = <AuditRow as sqlx::FromRow<_>>::from_row(row)
                        .map_err(failure)
                        .and_then(AuditRow::entry);
                    Ok(match entry {
                        Ok(entry) => ChainedRow {
                            seq,
                            at: entry.at,
                            actor: entry.actor,
                            action: entry.action,
                            report: entry.report,
                            subject: entry.subject,
                            previous,
                            hash: stored_hash(hashes.hash),
                        },
                        // A row that does not even decode was written around the log's rules:
                        // it stands as a row whose hash matches nothing, so it is named.
                        Err(_) => ChainedRow {
                            seq,
                            at: 0,
                            actor: None,
                            action: AuditAction::Login,
                            report: None,
                            subject: String::new(),
                            previous,
                            hash: NOT_A_HASH,
                        },
                    })
                })
                .collect()
        })
    }

    async fn audit_head(&self) -> StoreResult<(i64, [u8; 32])> {
        on_pool!(self, |pool| {
            let head: Option<HeadRow> =
                sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1")
                    .fetch_optional(pool)
                    .await
                    .map_err(failure)?;
            match head {
                Some(head) => Ok((head.seq, hash32(head.hash, "audit_head.hash")?)),
                None => Ok((0, GENESIS)),
            }
        })
    }

    async fn insert_checkpoint(
        &self,
        checkpoint: &StoredCheckpoint,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await.map_err(failure)?;
            sqlx::query(
                "INSERT INTO audit_checkpoints (seq, hash, written_at, signed) VALUES ($1, $2, $3, $4)",
            )
            .bind(checkpoint.seq)
            .bind(checkpoint.hash.as_slice())
            .bind(checkpoint.written_at)
            .bind(&checkpoint.signed)
            .execute(&mut *tx)
            .await
            .map_err(failure)?;
            insert_audit!(&mut *tx, audit);
            tx.commit().await.map_err(failure)
        })
    }

    async fn latest_checkpoint(&self) -> StoreResult<Option<StoredCheckpoint>> {
        on_pool!(self, |pool| {
            let row: Option<CheckpointRow> = sqlx::query_as(
                "SELECT seq, hash, written_at, signed FROM audit_checkpoints ORDER BY id DESC LIMIT 1",
            )
            .fetch_optional(pool)
            .await
            .map_err(failure)?;
            row.map(|row| {
                Ok(StoredCheckpoint {
                    seq: row.seq,
                    hash: hash32(row.hash, "audit_checkpoints.hash")?,
                    written_at: row.written_at,
                    signed: row.signed,
                })
            })
            .transpose()
        })
    }
}
