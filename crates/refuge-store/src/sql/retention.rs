//! Retention: the clear columns the rules read, and whole reports deleted in one transaction.

use async_trait::async_trait;
use refuge_domain::ReportId;
use refuge_domain::calendar::Day;
use refuge_domain::ports::{AuditEntry, RetentionStore, StoreResult};
use refuge_domain::report::ReportStatus;
use refuge_domain::retention::RetentionFacts;

use super::{Pool, SqlStore, decoded, failure, numbered_placeholders};

named_row!(FactsRow {
    id: Vec<u8>,
    status: String,
    substatus: Option<String>,
    status_day: i64,
    substatus_day: i64,
    received_day: i64,
    case_version: i64,
});

named_row!(VersionRow {
    id: Vec<u8>,
    case_version: i64,
});

named_row!(BlobNameRow { name: String });

/// The tables that hang off a report, children before `reports` (foreign keys point at it).
const DEPENDANTS: &[&str] = &[
    "report_referrals",
    "identifier_tags",
    "identifier_sets",
    "report_search",
    "report_teams",
    "report_notes",
    "staff_case_keys",
    "report_cases",
    "reporter_sessions",
    "intake_idempotency",
    "report_recipients",
    "report_messages",
    "report_files",
];

/// Runs `sql` (whose only parameters are the `IN` list) with each of `values` bound.
macro_rules! with_list {
    ($tx:expr, $sql:expr, $values:expr) => {{
        // SECURITY: the text is fixed table names and placeholders built from a count; every
        // value is bound.
        let mut query = sqlx::query(sqlx::AssertSqlSafe($sql));
        for value in $values {
            query = query.bind(value);
        }
        query.execute(&mut *$tx).await.map_err(failure)?
    }};
}

/// The tables a purge deletes from, vacuumed afterwards on PostgreSQL.
const VACUUM_PURGED: &str = "VACUUM reports, report_referrals, identifier_tags, identifier_sets, report_search, report_teams, report_notes, \
     staff_case_keys, report_cases, reporter_sessions, intake_idempotency, report_recipients, \
     report_messages, report_files, blobs, blob_chunks";

#[async_trait]
impl RetentionStore for SqlStore {
    async fn retention_facts(
        &self,
        status_before: Option<Day>,
        received_before: Option<Day>,
    ) -> StoreResult<Vec<RetentionFacts>> {
        // An absent rule reads as a day before every report.
        let never = i64::MIN / 2;
        on_pool!(self, |pool| {
            let rows: Vec<FactsRow> = sqlx::query_as(
                "SELECT id, status, substatus, status_day, substatus_day, received_day, case_version \
                 FROM reports WHERE status_day <= $1 OR substatus_day <= $1 OR received_day <= $2 \
                 ORDER BY intake_seq",
            )
            .bind(status_before.map_or(never, |d| d.0))
            .bind(received_before.map_or(never, |d| d.0))
            .fetch_all(pool)
            .await
            .map_err(failure)?;
            rows.into_iter()
                .map(|row| {
                    Ok(RetentionFacts {
                        id: decoded(ReportId::from_slice(&row.id), "reports.id")?,
                        status: decoded(ReportStatus::from_code(&row.status), "reports.status")?,
                        substatus: row.substatus,
                        status_day: Day(row.status_day),
                        substatus_day: Day(row.substatus_day),
                        received_day: Day(row.received_day),
                        case_version: row.case_version,
                    })
                })
                .collect()
        })
    }

    async fn purge_reports(
        &self,
        reports: &[(ReportId, i64)],
        audit: &AuditEntry,
    ) -> StoreResult<u64> {
        if reports.is_empty() {
            return Ok(0);
        }
        let asked: Vec<&[u8]> = reports
            .iter()
            .map(|(id, _)| id.as_bytes().as_slice())
            .collect();
        let asked_list = numbered_placeholders(1, asked.len());
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await.map_err(failure)?;
            // Lock the rows first (PostgreSQL row locks; SQLite's write lock), then keep only the
            // reports unchanged since the rules judged them: one reopened or moved meanwhile
            // stays, and is judged again on the next run.
            with_list!(
                tx,
                format!(
                    "UPDATE reports SET case_version = case_version WHERE id IN ({asked_list})"
                ),
                &asked
            );
            let mut query = sqlx::query_as::<_, VersionRow>(sqlx::AssertSqlSafe(format!(
                "SELECT id, case_version FROM reports WHERE id IN ({asked_list})"
            )));
            for id in &asked {
                query = query.bind(*id);
            }
            let current: Vec<VersionRow> = query.fetch_all(&mut *tx).await.map_err(failure)?;
            let ids: Vec<&[u8]> = reports
                .iter()
                .filter(|(id, version)| {
                    current
                        .iter()
                        .any(|row| row.id == id.as_bytes() && row.case_version == *version)
                })
                .map(|(id, _)| id.as_bytes().as_slice())
                .collect();
            if ids.is_empty() {
                return Ok(0);
            }
            let list = numbered_placeholders(1, ids.len());
            // The sealed blobs of the reports and of their files, found before their rows go.
            let mut query = sqlx::query_as::<_, BlobNameRow>(sqlx::AssertSqlSafe(format!(
                "SELECT blob AS name FROM reports WHERE id IN ({list}) \
                 UNION SELECT original_blob AS name FROM report_files WHERE report_id IN ({list}) \
                 UNION SELECT clean_blob AS name FROM report_files \
                 WHERE report_id IN ({list}) AND clean_blob IS NOT NULL"
            )));
            for id in &ids {
                query = query.bind(*id);
            }
            let blobs: Vec<String> = query
                .fetch_all(&mut *tx)
                .await
                .map_err(failure)?
                .into_iter()
                .map(|row| row.name)
                .collect();
            for table in DEPENDANTS {
                with_list!(
                    tx,
                    format!("DELETE FROM {table} WHERE report_id IN ({list})"),
                    &ids
                );
            }
            let deleted = with_list!(
                tx,
                format!("DELETE FROM reports WHERE id IN ({list})"),
                &ids
            )
            .rows_affected();
            for names in blobs.chunks(500) {
                let names_list = numbered_placeholders(1, names.len());
                with_list!(
                    tx,
                    format!("DELETE FROM blob_chunks WHERE blob IN ({names_list})"),
                    names
                );
                with_list!(
                    tx,
                    format!("DELETE FROM blobs WHERE name IN ({names_list})"),
                    names
                );
            }
            let mut audit = audit.clone();
            audit.subject = format!("{} count={deleted}", audit.subject);
            insert_audit!(&mut *tx, &audit);
            tx.commit().await.map_err(failure)?;
            Ok(deleted)
        })
    }

    async fn compact_after_purge(&self) -> StoreResult<bool> {
        match &self.pool {
            Pool::Sqlite(pool) => {
                // A reader still on an older snapshot makes the checkpoint "busy" (a result,
                // not an error): wait a little for it, a few times.
                for _ in 0..20 {
                    let (busy,): (i64,) = sqlx::query_as("PRAGMA wal_checkpoint(TRUNCATE)")
                        .fetch_one(pool)
                        .await
                        .map_err(failure)?;
                    if busy == 0 {
                        return Ok(true);
                    }
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                }
                Ok(false)
            }
            Pool::Postgres(pool) => {
                sqlx::query(VACUUM_PURGED)
                    .execute(pool)
                    .await
                    .map_err(failure)?;
                Ok(true)
            }
        }
    }
}
