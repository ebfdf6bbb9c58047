//! Search documents: sealed chunks per report, replaced whole when a newer build is written.

use async_trait::async_trait;
use refuge_domain::ReportId;
use refuge_domain::ports::{SealedChunk, SearchStore, StoreResult};

use super::{Pool, SqlStore, decoded, failure};

named_row!(ChunkRow {
    report_id: Vec<u8>,
    chunk: i64,
    sealed: Vec<u8>,
});

#[async_trait]
impl SearchStore for SqlStore {
    async fn search_chunks(
        &self,
        reports: &[ReportId],
        after: Option<(ReportId, i64)>,
        limit: u32,
    ) -> StoreResult<Vec<SealedChunk>> {
        if reports.is_empty() {
            return Ok(Vec::new());
        }
        // Placeholders $4.. are the reports; $1 and $2 the position to continue after, $3 the
        // limit.
        let sql = format!(
            "SELECT report_id, chunk, sealed FROM report_search \
             WHERE report_id IN ({}) AND (report_id > $1 OR (report_id = $1 AND chunk > $2)) \
             ORDER BY report_id, chunk LIMIT $3",
            super::numbered_placeholders(4, reports.len())
        );
        let (after_report, after_chunk) = match after {
            Some((report, chunk)) => (report.as_bytes().to_vec(), chunk),
            None => (Vec::new(), -1),
        };
        on_pool!(self, |pool| {
            // SECURITY: the text is placeholders built from a count; every value is bound.
            let mut statement = sqlx::query_as::<_, ChunkRow>(sqlx::AssertSqlSafe(sql))
                .bind(after_report.as_slice())
                .bind(after_chunk)
                .bind(i64::from(limit.max(1)));
            for report in reports {
                statement = statement.bind(report.as_bytes().as_slice());
            }
            let rows = statement.fetch_all(pool).await.map_err(failure)?;
            rows.into_iter()
                .map(|row| {
                    Ok(SealedChunk {
                        report: decoded(
                            ReportId::from_slice(&row.report_id),
                            "report_search.report_id",
                        )?,
                        chunk: row.chunk,
                        sealed: row.sealed,
                    })
                })
                .collect()
        })
    }

    async fn replace_search_document(
        &self,
        report: ReportId,
        built_from: i64,
        chunks: &[Vec<u8>],
    ) -> StoreResult<bool> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await.map_err(failure)?;
            // Claims the row first (a row lock on PostgreSQL, the write lock on SQLite), so two
            // builds at once write one after the other and the newer one stays.
            let claimed = sqlx::query(
                "UPDATE reports SET search_version = $2 \
                 WHERE id = $1 AND (search_version IS NULL OR search_version < $2)",
            )
            .bind(report.as_bytes().as_slice())
            .bind(built_from)
            .execute(&mut *tx)
            .await
            .map_err(failure)?;
            if claimed.rows_affected() == 0 {
                tx.rollback().await.map_err(failure)?;
                return Ok(false);
            }
            sqlx::query("DELETE FROM report_search WHERE report_id = $1")
                .bind(report.as_bytes().as_slice())
                .execute(&mut *tx)
                .await
                .map_err(failure)?;
            for (index, sealed) in chunks.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO report_search (report_id, chunk, sealed) VALUES ($1, $2, $3)",
                )
                .bind(report.as_bytes().as_slice())
                .bind(index as i64)
                .bind(sealed)
                .execute(&mut *tx)
                .await
                .map_err(failure)?;
            }
            tx.commit().await.map_err(failure)?;
            Ok(true)
        })
    }
}
