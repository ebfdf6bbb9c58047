//! Reading the audit log. Rows are written by [`insert_audit!`] inside each change's own
//! transaction; `append_audit` is for actions that change nothing else.

use async_trait::async_trait;
use refuge_domain::ports::{AuditEntry, AuditStore, StoreResult};
use refuge_domain::{AuditAction, ReportId, StaffId};

use super::{Pool, SqlStore, decoded, failure};

named_row!(AuditRow {
    at: i64,
    actor: Option<Vec<u8>>,
    action: String,
    report_id: Option<Vec<u8>>,
    subject: String,
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

#[async_trait]
impl AuditStore for SqlStore {
    async fn append_audit(&self, audit: &AuditEntry) -> StoreResult<()> {
        on_pool!(self, |pool| {
            insert_audit!(pool, audit);
            Ok(())
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
        let placeholders: Vec<String> = (0..actions.len()).map(|i| format!("${}", i + 2)).collect();
        let sql = format!(
            "SELECT at, actor, action, report_id, subject FROM audit_log WHERE action IN ({}) \
             ORDER BY seq DESC LIMIT $1",
            if placeholders.is_empty() {
                "NULL".to_owned()
            } else {
                placeholders.join(", ")
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
}
