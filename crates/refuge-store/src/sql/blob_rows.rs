//! The rows behind `SqlBlobStore` (`blobs.rs`): a blob is a `blobs` row and its chunks.

use refuge_domain::calendar::Day;
use refuge_domain::ports::{StoreError, StoreResult};

use super::{Pool, SqlStore, failure};

named_row!(NameRow { name: String });
named_row!(CommittedRow { committed: bool });
named_row!(ChunkRow { bytes: Vec<u8> });

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

    /// Whether a whole blob by this name exists (the move of file blobs, and tests).
    pub async fn blob_is_committed(&self, name: &str) -> StoreResult<bool> {
        on_pool!(self, |pool| {
            let row: Option<CommittedRow> =
                sqlx::query_as("SELECT committed FROM blobs WHERE name = $1")
                    .bind(name)
                    .fetch_optional(pool)
                    .await
                    .map_err(failure)?;
            Ok(row.is_some_and(|row| row.committed))
        })
    }

    pub(crate) async fn blob_chunk(&self, name: &str, seq: i32) -> StoreResult<Option<Vec<u8>>> {
        on_pool!(self, |pool| {
            let row: Option<ChunkRow> =
                sqlx::query_as("SELECT bytes FROM blob_chunks WHERE blob = $1 AND seq = $2")
                    .bind(name)
                    .bind(seq)
                    .fetch_optional(pool)
                    .await
                    .map_err(failure)?;
            Ok(row.map(|row| row.bytes))
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
            let rows: Vec<NameRow> = sqlx::query_as(
                "SELECT name FROM blobs WHERE committed = TRUE AND written_day < $1",
            )
            .bind(before)
            .fetch_all(pool)
            .await
            .map_err(failure)?;
            Ok(rows.into_iter().map(|row| row.name).collect())
        })
    }

    /// How many bytes a committed blob holds (`None`: no such committed blob).
    pub(crate) async fn blob_length(&self, name: &str) -> StoreResult<Option<i64>> {
        on_pool!(self, |pool| {
            let row: Option<(i64,)> = sqlx::query_as(
                "SELECT CAST(COALESCE((SELECT SUM(LENGTH(c.bytes)) FROM blob_chunks c \
                 WHERE c.blob = b.name), 0) AS BIGINT) FROM blobs b \
                 WHERE b.name = $1 AND b.committed = TRUE",
            )
            .bind(name)
            .fetch_optional(pool)
            .await
            .map_err(failure)?;
            Ok(row.map(|(length,)| length))
        })
    }

    /// Files (evidence, working copies, archived copies) whose blobs were written before `day`:
    /// what moves to the bucket once their day is over.
    pub(crate) async fn file_blobs_written_before(&self, day: Day) -> StoreResult<Vec<String>> {
        let sql = format!(
            "SELECT name FROM blobs WHERE committed = TRUE AND written_day < $1 \
             AND name IN (SELECT f.name FROM ({}) AS f) ORDER BY name",
            super::REFERENCED_FILES
        );
        on_pool!(self, |pool| {
            let rows: Vec<NameRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
                .bind(day.0)
                .fetch_all(pool)
                .await
                .map_err(failure)?;
            Ok(rows.into_iter().map(|row| row.name).collect())
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
