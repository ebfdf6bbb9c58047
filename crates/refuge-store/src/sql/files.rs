//! Evidence files' rows and the day's upload budget.

use async_trait::async_trait;
use refuge_domain::calendar::Day;
use refuge_domain::ports::{FileStore, NewFile, StoreError, StoreResult, StoredFile, UploadUsage};
use refuge_domain::{FileId, ReportId};

use super::{Pool, SqlStore, decoded, failure};

named_row!(FileRow {
    id: Vec<u8>,
    added_day: i64,
    size_bytes: i64,
    original_blob: String,
    clean_blob: Option<String>,
    sealed_meta: Vec<u8>,
});

named_row!(BytesRow {
    bytes: Option<i64>,
});

#[async_trait]
impl FileStore for SqlStore {
    async fn insert_files(&self, report: ReportId, files: &[NewFile]) -> StoreResult<()> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await.map_err(failure)?;
            for file in files {
                insert_file!(tx, report, file);
            }
            let day = files.iter().map(|file| file.added.0).max().unwrap_or(0);
            let marked = sqlx::query(
                "UPDATE reports SET unread_activity = TRUE, content_version = content_version + 1, \
                 activity_day = CASE WHEN activity_day > $2 THEN activity_day ELSE $2 END WHERE id = $1",
            )
                .bind(report.as_bytes().as_slice())
                .bind(day)
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
            let rows: Vec<FileRow> = sqlx::query_as(
                "SELECT id, added_day, size_bytes, original_blob, clean_blob, sealed_meta \
                 FROM report_files WHERE report_id = $1 ORDER BY seq",
            )
            .bind(report.as_bytes().as_slice())
            .fetch_all(pool)
            .await
            .map_err(failure)?;
            rows.into_iter()
                .map(|row| {
                    Ok(StoredFile {
                        id: decoded(FileId::from_slice(&row.id), "report_files.id")?,
                        added: Day(row.added_day),
                        size: row.size_bytes,
                        original_blob: row.original_blob,
                        clean_blob: row.clean_blob,
                        sealed_meta: row.sealed_meta,
                    })
                })
                .collect()
        })
    }

    async fn upload_usage(&self, day: Day, report: Option<ReportId>) -> StoreResult<UploadUsage> {
        on_pool!(self, |pool| {
            let daily: Option<BytesRow> =
                sqlx::query_as("SELECT bytes FROM upload_days WHERE day = $1")
                    .bind(day.0)
                    .fetch_optional(pool)
                    .await
                    .map_err(failure)?;
            let per_report = match report {
                Some(report) => {
                    let row: BytesRow = sqlx::query_as(
                        "SELECT CAST(SUM(size_bytes) AS BIGINT) AS bytes FROM report_files WHERE report_id = $1",
                    )
                    .bind(report.as_bytes().as_slice())
                    .fetch_one(pool)
                    .await
                    .map_err(failure)?;
                    row.bytes
                }
                None => None,
            };
            Ok(UploadUsage {
                day_bytes: daily.and_then(|row| row.bytes).unwrap_or(0),
                report_bytes: per_report.unwrap_or(0),
            })
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
}
