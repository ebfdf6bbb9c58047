//! Correlation: the sealed correlation key and its copies, identifier sets and the blind index
//! of truncated tags.

use async_trait::async_trait;
use refuge_domain::ports::{
    AuditEntry, CorrelationStore, IndexedSet, StoreResult, StoredIdentifierSet,
};
use refuge_domain::{Day, ReportId, StaffId};

use super::{Pool, SqlStore, decoded, failure};

/// Most values bound in one `IN` list (both engines allow far more; this keeps statements
/// small and their plans cheap).
const LIST_CHUNK: usize = 500;

named_row!(RecipientRow { recipient: String });

named_row!(GrantRow { sealed: Vec<u8> });

named_row!(StaffIdRow { staff_id: Vec<u8> });

named_row!(RecoveryCopyRow {
    recovery_key: Option<String>,
    sealed_for_recovery: Option<Vec<u8>>,
});

named_row!(SetRow {
    report_id: Vec<u8>,
    sealed: Option<Vec<u8>>,
    indexed: bool,
    version: i64,
});

named_row!(ReportIdRow { report_id: Vec<u8> });

named_row!(SealedSetRow {
    report_id: Vec<u8>,
    sealed: Vec<u8>,
});

named_row!(CountRow { count: i64 });

named_row!(RegionRow { region: String });

named_row!(DayRow {
    report_id: Vec<u8>,
    received_day: i64,
});

fn report_id(bytes: &[u8]) -> StoreResult<ReportId> {
    decoded(ReportId::from_slice(bytes), "identifier report_id")
}

fn sealed_sets(rows: Vec<SealedSetRow>) -> StoreResult<Vec<(ReportId, Vec<u8>)>> {
    rows.into_iter()
        .map(|row| Ok((report_id(&row.report_id)?, row.sealed)))
        .collect()
}

/// Runs `$sql` (a `format!` string with `{}` where the `IN` list goes, and `$first` the number
/// of its first placeholder after `$before` bound values) for each chunk of `$values`, and
/// collects the rows.
macro_rules! rows_in_chunks {
    ($pool:expr, $row:ty, $sql:literal, [$($before:expr),*], $values:expr) => {{
        let mut all: Vec<$row> = Vec::new();
        let before: &[&[u8]] = &[$($before),*];
        for chunk in $values.chunks(LIST_CHUNK) {
            let sql = format!(
                $sql,
                super::numbered_placeholders(before.len() + 1, chunk.len())
            );
            // SECURITY: the text is placeholders built from a count; every value is bound.
            let mut query = sqlx::query_as::<_, $row>(sqlx::AssertSqlSafe(sql));
            for value in before {
                query = query.bind(*value);
            }
            for value in chunk {
                query = query.bind(value.clone());
            }
            all.extend(query.fetch_all($pool).await.map_err(failure)?);
        }
        all
    }};
}

#[async_trait]
impl CorrelationStore for SqlStore {
    async fn correlation_recipient(&self) -> StoreResult<Option<String>> {
        on_pool!(self, |pool| {
            let row: Option<RecipientRow> =
                sqlx::query_as("SELECT recipient FROM correlation_key WHERE id = 1")
                    .fetch_optional(pool)
                    .await
                    .map_err(failure)?;
            Ok(row.map(|row| row.recipient))
        })
    }

    async fn create_correlation_key(
        &self,
        recipient: &str,
        grants: &[(StaffId, Vec<u8>)],
        audit: &AuditEntry,
    ) -> StoreResult<bool> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await.map_err(failure)?;
            let made = sqlx::query(
                "INSERT INTO correlation_key (id, recipient) VALUES (1, $1) \
                 ON CONFLICT (id) DO NOTHING",
            )
            .bind(recipient)
            .execute(&mut *tx)
            .await
            .map_err(failure)?;
            if made.rows_affected() != 1 {
                return Ok(false);
            }
            for (staff, sealed) in grants {
                sqlx::query("INSERT INTO correlation_grants (staff_id, sealed) VALUES ($1, $2)")
                    .bind(staff.as_bytes().as_slice())
                    .bind(sealed.as_slice())
                    .execute(&mut *tx)
                    .await
                    .map_err(failure)?;
            }
            insert_audit!(&mut *tx, audit);
            tx.commit().await.map_err(failure)?;
            Ok(true)
        })
    }

    async fn correlation_grant(&self, staff: StaffId) -> StoreResult<Option<Vec<u8>>> {
        on_pool!(self, |pool| {
            let row: Option<GrantRow> =
                sqlx::query_as("SELECT sealed FROM correlation_grants WHERE staff_id = $1")
                    .bind(staff.as_bytes().as_slice())
                    .fetch_optional(pool)
                    .await
                    .map_err(failure)?;
            Ok(row.map(|row| row.sealed))
        })
    }

    async fn correlation_grantees(&self) -> StoreResult<Vec<StaffId>> {
        on_pool!(self, |pool| {
            let rows: Vec<StaffIdRow> = sqlx::query_as("SELECT staff_id FROM correlation_grants")
                .fetch_all(pool)
                .await
                .map_err(failure)?;
            rows.into_iter()
                .map(|row| {
                    decoded(
                        StaffId::from_slice(&row.staff_id),
                        "correlation_grants.staff_id",
                    )
                })
                .collect()
        })
    }

    async fn insert_correlation_grants(&self, grants: &[(StaffId, Vec<u8>)]) -> StoreResult<()> {
        if grants.is_empty() {
            return Ok(());
        }
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await.map_err(failure)?;
            for (staff, sealed) in grants {
                sqlx::query(
                    "INSERT INTO correlation_grants (staff_id, sealed) VALUES ($1, $2) \
                     ON CONFLICT (staff_id) DO NOTHING",
                )
                .bind(staff.as_bytes().as_slice())
                .bind(sealed.as_slice())
                .execute(&mut *tx)
                .await
                .map_err(failure)?;
            }
            tx.commit().await.map_err(failure)
        })
    }

    async fn correlation_recovery_copy(&self) -> StoreResult<Option<(String, Vec<u8>)>> {
        on_pool!(self, |pool| {
            let row: Option<RecoveryCopyRow> = sqlx::query_as(
                "SELECT recovery_key, sealed_for_recovery FROM correlation_key WHERE id = 1",
            )
            .fetch_optional(pool)
            .await
            .map_err(failure)?;
            Ok(row.and_then(|row| row.recovery_key.zip(row.sealed_for_recovery)))
        })
    }

    async fn set_correlation_recovery_copy(
        &self,
        recovery_key: &str,
        sealed: &[u8],
    ) -> StoreResult<()> {
        on_pool!(self, |pool| {
            sqlx::query(
                "UPDATE correlation_key SET recovery_key = $1, sealed_for_recovery = $2 \
                 WHERE id = 1",
            )
            .bind(recovery_key)
            .bind(sealed)
            .execute(pool)
            .await
            .map_err(failure)?;
            Ok(())
        })
    }

    async fn pending_identifier_sets(
        &self,
        after: Option<ReportId>,
        limit: u32,
        reader: Option<StaffId>,
    ) -> StoreResult<Vec<StoredIdentifierSet>> {
        let after = after.map(|id| id.as_bytes().to_vec()).unwrap_or_default();
        // A set still to be built (no sealed form) is offered only to a reader it is sealed to.
        let reader = reader.map(|id| id.as_bytes().to_vec()).unwrap_or_default();
        on_pool!(self, |pool| {
            let rows: Vec<SetRow> = sqlx::query_as(
                "SELECT s.report_id, s.sealed, s.indexed, s.version FROM identifier_sets s \
                 WHERE NOT s.indexed AND s.report_id > $1 AND (s.sealed IS NOT NULL OR EXISTS \
                 (SELECT 1 FROM report_recipients r WHERE r.report_id = s.report_id \
                 AND r.staff_id = $3)) ORDER BY s.report_id LIMIT $2",
            )
            .bind(after.as_slice())
            .bind(i64::from(limit.max(1)))
            .bind(reader.as_slice())
            .fetch_all(pool)
            .await
            .map_err(failure)?;
            rows.into_iter()
                .map(|row| {
                    Ok(StoredIdentifierSet {
                        report: report_id(&row.report_id)?,
                        sealed: row.sealed,
                        indexed: row.indexed,
                        version: row.version,
                    })
                })
                .collect()
        })
    }

    async fn identifier_set(&self, report: ReportId) -> StoreResult<Option<StoredIdentifierSet>> {
        on_pool!(self, |pool| {
            let row: Option<SetRow> = sqlx::query_as(
                "SELECT report_id, sealed, indexed, version FROM identifier_sets \
                 WHERE report_id = $1",
            )
            .bind(report.as_bytes().as_slice())
            .fetch_optional(pool)
            .await
            .map_err(failure)?;
            row.map(|row| {
                Ok(StoredIdentifierSet {
                    report: report_id(&row.report_id)?,
                    sealed: row.sealed,
                    indexed: row.indexed,
                    version: row.version,
                })
            })
            .transpose()
        })
    }

    async fn pending_identifier_count(&self, reader: Option<StaffId>) -> StoreResult<u64> {
        let reader = reader.map(|id| id.as_bytes().to_vec()).unwrap_or_default();
        on_pool!(self, |pool| {
            let row: CountRow = sqlx::query_as(
                "SELECT COUNT(*) AS count FROM identifier_sets s WHERE NOT s.indexed \
                 AND (s.sealed IS NOT NULL OR EXISTS (SELECT 1 FROM report_recipients r \
                 WHERE r.report_id = s.report_id AND r.staff_id = $1))",
            )
            .bind(reader.as_slice())
            .fetch_one(pool)
            .await
            .map_err(failure)?;
            Ok(u64::try_from(row.count).unwrap_or(0))
        })
    }

    async fn store_indexed_sets(&self, sets: &[IndexedSet]) -> StoreResult<u64> {
        if sets.is_empty() {
            return Ok(0);
        }
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await.map_err(failure)?;
            let mut claimed_sets: Vec<&IndexedSet> = Vec::with_capacity(sets.len());
            for set in sets {
                // The version check claims the row (a row lock on PostgreSQL, the write lock on
                // SQLite): an indexing that read an older set writes nothing.
                let claimed = sqlx::query(
                    "UPDATE identifier_sets SET sealed = $2, indexed = TRUE, version = version + 1 \
                     WHERE report_id = $1 AND version = $3",
                )
                .bind(set.report.as_bytes().as_slice())
                .bind(set.sealed.as_slice())
                .bind(set.expected_version)
                .execute(&mut *tx)
                .await
                .map_err(failure)?;
                if claimed.rows_affected() == 1 {
                    claimed_sets.push(set);
                }
            }
            // The claimed sets' old tags go, and their new ones come, a list at a time (one
            // statement per report and tag would be most of an indexing run's time).
            for chunk in claimed_sets.chunks(LIST_CHUNK) {
                let sql = format!(
                    "DELETE FROM identifier_tags WHERE report_id IN ({})",
                    super::numbered_placeholders(1, chunk.len())
                );
                // SECURITY: the text is placeholders built from a count; every value is bound.
                let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
                for set in chunk {
                    query = query.bind(set.report.as_bytes().to_vec());
                }
                query.execute(&mut *tx).await.map_err(failure)?;
            }
            let rows: Vec<(i64, &[u8])> = claimed_sets
                .iter()
                .flat_map(|set| {
                    set.tags
                        .iter()
                        .map(move |tag| (*tag, set.report.as_bytes().as_slice()))
                })
                .collect();
            for chunk in rows.chunks(LIST_CHUNK / 2) {
                let values: Vec<String> = (0..chunk.len())
                    .map(|i| format!("(${}, ${})", 2 * i + 1, 2 * i + 2))
                    .collect();
                let sql = format!(
                    "INSERT INTO identifier_tags (tag, report_id) VALUES {} \
                     ON CONFLICT (tag, report_id) DO NOTHING",
                    values.join(", ")
                );
                // SECURITY: the text is placeholders built from a count; every value is bound.
                let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
                for (tag, report) in chunk {
                    query = query.bind(*tag).bind(report.to_vec());
                }
                query.execute(&mut *tx).await.map_err(failure)?;
            }
            let written = claimed_sets.len() as u64;
            tx.commit().await.map_err(failure)?;
            Ok(written)
        })
    }

    async fn discard_identifier_set(&self, report: ReportId) -> StoreResult<()> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await.map_err(failure)?;
            sqlx::query(
                "UPDATE identifier_sets SET sealed = NULL, indexed = FALSE, version = version + 1 \
                 WHERE report_id = $1",
            )
            .bind(report.as_bytes().as_slice())
            .execute(&mut *tx)
            .await
            .map_err(failure)?;
            // Its old tags would point at identifiers it may no longer hold.
            sqlx::query("DELETE FROM identifier_tags WHERE report_id = $1")
                .bind(report.as_bytes().as_slice())
                .execute(&mut *tx)
                .await
                .map_err(failure)?;
            tx.commit().await.map_err(failure)
        })
    }

    async fn reports_with_tags(&self, tags: &[i64]) -> StoreResult<Vec<ReportId>> {
        let rows = on_pool!(self, |pool| rows_in_chunks!(
            pool,
            ReportIdRow,
            "SELECT DISTINCT report_id FROM identifier_tags WHERE tag IN ({})",
            [],
            tags
        ));
        let mut ids = rows
            .into_iter()
            .map(|row| report_id(&row.report_id))
            .collect::<StoreResult<Vec<_>>>()?;
        // DISTINCT holds within one list; the lists of a long look-up may repeat a report.
        ids.sort();
        ids.dedup();
        Ok(ids)
    }

    async fn indexed_sets(&self, reports: &[ReportId]) -> StoreResult<Vec<(ReportId, Vec<u8>)>> {
        let ids: Vec<Vec<u8>> = reports.iter().map(|r| r.as_bytes().to_vec()).collect();
        let rows = on_pool!(self, |pool| rows_in_chunks!(
            pool,
            SealedSetRow,
            "SELECT report_id, sealed FROM identifier_sets \
             WHERE indexed AND sealed IS NOT NULL AND report_id IN ({})",
            [],
            ids
        ));
        sealed_sets(rows)
    }

    async fn readable_indexed_sets(
        &self,
        viewer: StaffId,
    ) -> StoreResult<Vec<(ReportId, Vec<u8>)>> {
        on_pool!(self, |pool| {
            let rows: Vec<SealedSetRow> = sqlx::query_as(
                "SELECT s.report_id, s.sealed FROM identifier_sets s \
                 JOIN report_recipients r ON r.report_id = s.report_id AND r.staff_id = $1 \
                 WHERE s.indexed AND s.sealed IS NOT NULL ORDER BY s.report_id",
            )
            .bind(viewer.as_bytes().as_slice())
            .fetch_all(pool)
            .await
            .map_err(failure)?;
            sealed_sets(rows)
        })
    }

    async fn report_regions(&self) -> StoreResult<Vec<String>> {
        on_pool!(self, |pool| {
            let rows: Vec<RegionRow> = sqlx::query_as(
                "SELECT host_country AS region FROM reports WHERE host_country IS NOT NULL \
                 UNION SELECT origin_state AS region FROM reports WHERE origin_state IS NOT NULL",
            )
            .fetch_all(pool)
            .await
            .map_err(failure)?;
            Ok(rows.into_iter().map(|row| row.region).collect())
        })
    }

    async fn report_days(&self, reports: &[ReportId]) -> StoreResult<Vec<(ReportId, Day)>> {
        let ids: Vec<Vec<u8>> = reports.iter().map(|r| r.as_bytes().to_vec()).collect();
        let rows = on_pool!(self, |pool| rows_in_chunks!(
            pool,
            DayRow,
            "SELECT id AS report_id, received_day FROM reports WHERE id IN ({})",
            [],
            ids
        ));
        rows.into_iter()
            .map(|row| Ok((report_id(&row.report_id)?, Day(row.received_day))))
            .collect()
    }

    async fn readable_among(
        &self,
        viewer: StaffId,
        reports: &[ReportId],
    ) -> StoreResult<Vec<ReportId>> {
        let ids: Vec<Vec<u8>> = reports.iter().map(|r| r.as_bytes().to_vec()).collect();
        let viewer_bytes = viewer.as_bytes().to_vec();
        let rows = on_pool!(self, |pool| rows_in_chunks!(
            pool,
            ReportIdRow,
            "SELECT report_id FROM report_recipients WHERE staff_id = $1 AND report_id IN ({})",
            [viewer_bytes.as_slice()],
            ids
        ));
        rows.into_iter()
            .map(|row| report_id(&row.report_id))
            .collect()
    }
}
