//! Internal notes: a row per version, never overwritten.

use async_trait::async_trait;
use refuge_domain::calendar::Day;
use refuge_domain::ports::{AuditEntry, NewNote, NoteStore, StoreResult, StoredNote};
use refuge_domain::{NoteId, ReportId, StaffId};

use super::{Pool, SqlStore, decoded, failure};

named_row!(NoteRow {
    id: Vec<u8>,
    version: i64,
    report_id: Vec<u8>,
    author: Vec<u8>,
    written_day: i64,
    ciphertext: Vec<u8>,
});

#[async_trait]
impl NoteStore for SqlStore {
    async fn insert_note(&self, note: &NewNote, audit: &AuditEntry) -> StoreResult<()> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await.map_err(failure)?;
            sqlx::query(
                "INSERT INTO report_notes (id, version, report_id, author, written_day, ciphertext) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(note.id.as_bytes().as_slice())
            .bind(note.version)
            .bind(note.report_id.as_bytes().as_slice())
            .bind(note.author.as_bytes().as_slice())
            .bind(note.written.0)
            .bind(&note.ciphertext)
            .execute(&mut *tx)
            .await
            .map_err(failure)?;
            sqlx::query(
                "UPDATE reports SET content_version = content_version + 1, \
                 activity_day = CASE WHEN activity_day > $2 THEN activity_day ELSE $2 END \
                 WHERE id = $1",
            )
            .bind(note.report_id.as_bytes().as_slice())
            .bind(note.written.0)
            .execute(&mut *tx)
            .await
            .map_err(failure)?;
            insert_audit!(&mut *tx, audit);
            tx.commit().await.map_err(failure)
        })
    }

    async fn notes(&self, report: ReportId) -> StoreResult<Vec<StoredNote>> {
        on_pool!(self, |pool| {
            let rows: Vec<NoteRow> = sqlx::query_as(
                "SELECT id, version, report_id, author, written_day, ciphertext FROM report_notes \
                 WHERE report_id = $1 ORDER BY seq",
            )
            .bind(report.as_bytes().as_slice())
            .fetch_all(pool)
            .await
            .map_err(failure)?;
            rows.into_iter()
                .map(|row| {
                    Ok(StoredNote {
                        id: decoded(NoteId::from_slice(&row.id), "report_notes.id")?,
                        version: row.version,
                        report_id: decoded(
                            ReportId::from_slice(&row.report_id),
                            "report_notes.report_id",
                        )?,
                        author: decoded(StaffId::from_slice(&row.author), "report_notes.author")?,
                        written: Day(row.written_day),
                        ciphertext: row.ciphertext,
                    })
                })
                .collect()
        })
    }
}
