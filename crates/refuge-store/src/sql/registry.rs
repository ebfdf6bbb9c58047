//! The public registry: sources and versioned entries, stored as JSON bodies (the fields an
//! entry has depend on its kind, and every version must be kept as it was written).

use async_trait::async_trait;
use refuge_domain::ports::{AuditEntry, RegistryStore, StoreError, StoreResult};
use refuge_domain::registry::{Entry, EntryBody, EntryKind, EntryVersion, Source, SourceArchive};
use refuge_domain::{Day, EntryId, SourceId, StaffId};

use super::{Pool, SqlStore, corrupt, decoded, failure};

named_row!(SourceRow { body: String });

named_row!(ArchiveRow {
    source_id: Vec<u8>,
    blob: String,
    size: i64,
    sealed_name: Vec<u8>,
    added_by: Vec<u8>,
    added_day: i64,
});

named_row!(BlobRow { blob: String });

const ARCHIVE_ROWS: &str =
    "SELECT source_id, blob, size, sealed_name, added_by, added_day FROM registry_archives";

fn archive_of(row: ArchiveRow) -> StoreResult<SourceArchive> {
    Ok(SourceArchive {
        source: decoded(
            SourceId::from_slice(&row.source_id),
            "registry_archives.source_id",
        )?,
        blob: row.blob,
        size: decoded(u64::try_from(row.size).ok(), "registry_archives.size")?,
        sealed_name: row.sealed_name,
        added_by: decoded(
            StaffId::from_slice(&row.added_by),
            "registry_archives.added_by",
        )?,
        added: Day(row.added_day),
    })
}

named_row!(EntryVersionRow {
    id: Vec<u8>,
    kind: String,
    reference: Option<String>,
    latest_version: i64,
    published_version: Option<i64>,
    withdrawn_day: Option<i64>,
    version: i64,
    body: String,
    author: Vec<u8>,
    written_day: i64,
    published_by: Option<Vec<u8>>,
    published_day: Option<i64>,
});

named_row!(VersionRow {
    version: i64,
    body: String,
    author: Vec<u8>,
    written_day: i64,
    published_by: Option<Vec<u8>>,
    published_day: Option<i64>,
});

named_row!(LatestRow {
    latest_version: i64
});

const ENTRY_ROWS: &str = "SELECT e.id, e.kind, e.reference, e.latest_version, \
     e.published_version, e.withdrawn_day, v.version, v.body, v.author, v.written_day, \
     v.published_by, v.published_day \
     FROM registry_entries e JOIN registry_versions v ON v.entry_id = e.id \
     AND (v.version = e.latest_version OR v.version = e.published_version)";

fn json<T: serde::Serialize>(value: &T) -> StoreResult<String> {
    serde_json::to_string(value).map_err(|e| StoreError::Unavailable(e.to_string()))
}

fn version_of(
    version: i64,
    body: &str,
    author: &[u8],
    written_day: i64,
    published_by: Option<&[u8]>,
    published_day: Option<i64>,
) -> StoreResult<EntryVersion> {
    Ok(EntryVersion {
        version: decoded(u32::try_from(version).ok(), "registry_versions.version")?,
        body: serde_json::from_str::<EntryBody>(body)
            .map_err(|_| corrupt("registry_versions.body"))?,
        author: decoded(StaffId::from_slice(author), "registry_versions.author")?,
        written: Day(written_day),
        published_by: match published_by {
            Some(bytes) => Some(decoded(
                StaffId::from_slice(bytes),
                "registry_versions.published_by",
            )?),
            None => None,
        },
        published: published_day.map(Day),
    })
}

/// Groups joined rows into entries: one row when the published version is the newest (or
/// none is published), two otherwise, ordered by version, so a first row that is only the
/// published one is replaced as `latest` by the second.
fn entries_of(rows: Vec<EntryVersionRow>) -> StoreResult<Vec<Entry>> {
    let mut entries: Vec<Entry> = Vec::new();
    for row in rows {
        let id = decoded(EntryId::from_slice(&row.id), "registry_entries.id")?;
        let version = version_of(
            row.version,
            &row.body,
            &row.author,
            row.written_day,
            row.published_by.as_deref(),
            row.published_day,
        )?;
        let is_latest = row.version == row.latest_version;
        let is_published = row.published_version == Some(row.version);
        match entries.last_mut() {
            Some(entry) if entry.id == id => {
                if is_latest {
                    entry.latest = version.clone();
                }
                if is_published {
                    entry.published = Some(version);
                }
            }
            _ => entries.push(Entry {
                id,
                kind: decoded(EntryKind::from_code(&row.kind), "registry_entries.kind")?,
                reference: row.reference,
                published: is_published.then(|| version.clone()),
                latest: version,
                withdrawn: row.withdrawn_day.map(Day),
            }),
        }
    }
    Ok(entries)
}

#[async_trait]
impl RegistryStore for SqlStore {
    async fn registry_sources(&self) -> StoreResult<Vec<Source>> {
        on_pool!(self, |pool| {
            let rows: Vec<SourceRow> =
                sqlx::query_as("SELECT body FROM registry_sources ORDER BY added_day, reference")
                    .fetch_all(pool)
                    .await
                    .map_err(failure)?;
            rows.into_iter()
                .map(|row| {
                    serde_json::from_str(&row.body).map_err(|_| corrupt("registry_sources.body"))
                })
                .collect()
        })
    }

    async fn insert_source(
        &self,
        source: &Source,
        added_by: StaffId,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        let body = json(source)?;
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await.map_err(failure)?;
            sqlx::query(
                "INSERT INTO registry_sources (id, reference, body, added_by, added_day) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(source.id.as_bytes().as_slice())
            .bind(source.reference.as_deref())
            .bind(&body)
            .bind(added_by.as_bytes().as_slice())
            .bind(source.added.0)
            .execute(&mut *tx)
            .await
            .map_err(failure)?;
            insert_audit!(&mut *tx, audit);
            tx.commit().await.map_err(failure)
        })
    }

    async fn update_source(&self, source: &Source, audit: &AuditEntry) -> StoreResult<()> {
        let body = json(source)?;
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await.map_err(failure)?;
            let changed = sqlx::query("UPDATE registry_sources SET body = $2 WHERE id = $1")
                .bind(source.id.as_bytes().as_slice())
                .bind(&body)
                .execute(&mut *tx)
                .await
                .map_err(failure)?;
            if changed.rows_affected() != 1 {
                return Err(StoreError::NotFound);
            }
            insert_audit!(&mut *tx, audit);
            tx.commit().await.map_err(failure)
        })
    }

    async fn source_archive(&self, source: SourceId) -> StoreResult<Option<SourceArchive>> {
        let sql = format!("{ARCHIVE_ROWS} WHERE source_id = $1");
        on_pool!(self, |pool| {
            let row: Option<ArchiveRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
                .bind(source.as_bytes().as_slice())
                .fetch_optional(pool)
                .await
                .map_err(failure)?;
            row.map(archive_of).transpose()
        })
    }

    async fn source_archives(&self) -> StoreResult<Vec<SourceArchive>> {
        on_pool!(self, |pool| {
            let rows: Vec<ArchiveRow> = sqlx::query_as(ARCHIVE_ROWS)
                .fetch_all(pool)
                .await
                .map_err(failure)?;
            rows.into_iter().map(archive_of).collect()
        })
    }

    async fn keep_source_archive(
        &self,
        archive: &SourceArchive,
        source: &Source,
        audit: &AuditEntry,
    ) -> StoreResult<Option<String>> {
        let body = json(source)?;
        let size = i64::try_from(archive.size).map_err(|_| StoreError::Conflict)?;
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await.map_err(failure)?;
            // The source's row first: on PostgreSQL its lock makes two researchers keeping a
            // copy of one source at once take turns, so each learns which copy it replaced.
            let changed = sqlx::query("UPDATE registry_sources SET body = $2 WHERE id = $1")
                .bind(source.id.as_bytes().as_slice())
                .bind(&body)
                .execute(&mut *tx)
                .await
                .map_err(failure)?;
            if changed.rows_affected() != 1 {
                return Err(StoreError::NotFound);
            }
            let replaced: Option<BlobRow> =
                sqlx::query_as("SELECT blob FROM registry_archives WHERE source_id = $1")
                    .bind(source.id.as_bytes().as_slice())
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(failure)?;
            sqlx::query(
                "INSERT INTO registry_archives \
                 (source_id, blob, size, sealed_name, added_by, added_day) \
                 VALUES ($1, $2, $3, $4, $5, $6) \
                 ON CONFLICT (source_id) DO UPDATE SET blob = excluded.blob, \
                 size = excluded.size, sealed_name = excluded.sealed_name, \
                 added_by = excluded.added_by, added_day = excluded.added_day",
            )
            .bind(archive.source.as_bytes().as_slice())
            .bind(&archive.blob)
            .bind(size)
            .bind(archive.sealed_name.as_slice())
            .bind(archive.added_by.as_bytes().as_slice())
            .bind(archive.added.0)
            .execute(&mut *tx)
            .await
            .map_err(failure)?;
            insert_audit!(&mut *tx, audit);
            tx.commit().await.map_err(failure)?;
            Ok(replaced.map(|row| row.blob))
        })
    }

    async fn registry_entries(&self) -> StoreResult<Vec<Entry>> {
        let sql = format!("{ENTRY_ROWS} ORDER BY e.id, v.version");
        on_pool!(self, |pool| {
            let rows: Vec<EntryVersionRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
                .fetch_all(pool)
                .await
                .map_err(failure)?;
            entries_of(rows)
        })
    }

    async fn registry_entry(&self, id: EntryId) -> StoreResult<Option<Entry>> {
        let sql = format!("{ENTRY_ROWS} WHERE e.id = $1 ORDER BY v.version");
        on_pool!(self, |pool| {
            let rows: Vec<EntryVersionRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
                .bind(id.as_bytes().as_slice())
                .fetch_all(pool)
                .await
                .map_err(failure)?;
            Ok(entries_of(rows)?.into_iter().next())
        })
    }

    async fn entry_versions(&self, id: EntryId) -> StoreResult<Vec<EntryVersion>> {
        on_pool!(self, |pool| {
            let rows: Vec<VersionRow> = sqlx::query_as(
                "SELECT version, body, author, written_day, published_by, published_day \
                 FROM registry_versions WHERE entry_id = $1 ORDER BY version",
            )
            .bind(id.as_bytes().as_slice())
            .fetch_all(pool)
            .await
            .map_err(failure)?;
            rows.into_iter()
                .map(|row| {
                    version_of(
                        row.version,
                        &row.body,
                        &row.author,
                        row.written_day,
                        row.published_by.as_deref(),
                        row.published_day,
                    )
                })
                .collect()
        })
    }

    async fn insert_entry(
        &self,
        id: EntryId,
        reference: Option<&str>,
        body: &EntryBody,
        author: StaffId,
        day: Day,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        let text = json(body)?;
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await.map_err(failure)?;
            sqlx::query(
                "INSERT INTO registry_entries (id, kind, reference, latest_version) \
                 VALUES ($1, $2, $3, 1)",
            )
            .bind(id.as_bytes().as_slice())
            .bind(body.kind.code())
            .bind(reference)
            .execute(&mut *tx)
            .await
            .map_err(failure)?;
            sqlx::query(
                "INSERT INTO registry_versions (entry_id, version, body, author, written_day) \
                 VALUES ($1, 1, $2, $3, $4)",
            )
            .bind(id.as_bytes().as_slice())
            .bind(&text)
            .bind(author.as_bytes().as_slice())
            .bind(day.0)
            .execute(&mut *tx)
            .await
            .map_err(failure)?;
            insert_audit!(&mut *tx, audit);
            tx.commit().await.map_err(failure)
        })
    }

    async fn add_entry_version(
        &self,
        id: EntryId,
        read_version: u32,
        body: &EntryBody,
        author: StaffId,
        day: Day,
        audit: &AuditEntry,
    ) -> StoreResult<u32> {
        let text = json(body)?;
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await.map_err(failure)?;
            // The kind is fixed at creation: a version of another kind is refused above, and
            // the WHERE keeps two writers from both building on the same version.
            let moved: Option<LatestRow> = sqlx::query_as(
                "UPDATE registry_entries SET latest_version = latest_version + 1 \
                 WHERE id = $1 AND latest_version = $2 AND kind = $3 RETURNING latest_version",
            )
            .bind(id.as_bytes().as_slice())
            .bind(i64::from(read_version))
            .bind(body.kind.code())
            .fetch_optional(&mut *tx)
            .await
            .map_err(failure)?;
            let Some(moved) = moved else {
                let exists: Option<LatestRow> =
                    sqlx::query_as("SELECT latest_version FROM registry_entries WHERE id = $1")
                        .bind(id.as_bytes().as_slice())
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err(failure)?;
                return Err(match exists {
                    Some(_) => StoreError::Conflict,
                    None => StoreError::NotFound,
                });
            };
            sqlx::query(
                "INSERT INTO registry_versions (entry_id, version, body, author, written_day) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(id.as_bytes().as_slice())
            .bind(moved.latest_version)
            .bind(&text)
            .bind(author.as_bytes().as_slice())
            .bind(day.0)
            .execute(&mut *tx)
            .await
            .map_err(failure)?;
            insert_audit!(&mut *tx, audit);
            tx.commit().await.map_err(failure)?;
            decoded(
                u32::try_from(moved.latest_version).ok(),
                "registry_entries.latest_version",
            )
        })
    }

    async fn publish_entry_version(
        &self,
        id: EntryId,
        version: u32,
        publisher: StaffId,
        day: Day,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await.map_err(failure)?;
            let moved = sqlx::query(
                "UPDATE registry_entries SET published_version = $2, withdrawn_day = NULL \
                 WHERE id = $1 AND latest_version = $2",
            )
            .bind(id.as_bytes().as_slice())
            .bind(i64::from(version))
            .execute(&mut *tx)
            .await
            .map_err(failure)?;
            if moved.rows_affected() != 1 {
                return Err(StoreError::Conflict);
            }
            sqlx::query(
                "UPDATE registry_versions SET published_by = $3, published_day = $4 \
                 WHERE entry_id = $1 AND version = $2",
            )
            .bind(id.as_bytes().as_slice())
            .bind(i64::from(version))
            .bind(publisher.as_bytes().as_slice())
            .bind(day.0)
            .execute(&mut *tx)
            .await
            .map_err(failure)?;
            insert_audit!(&mut *tx, audit);
            tx.commit().await.map_err(failure)
        })
    }

    async fn withdraw_entry(&self, id: EntryId, day: Day, audit: &AuditEntry) -> StoreResult<()> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await.map_err(failure)?;
            let moved = sqlx::query(
                "UPDATE registry_entries SET withdrawn_day = $2 \
                 WHERE id = $1 AND published_version IS NOT NULL AND withdrawn_day IS NULL",
            )
            .bind(id.as_bytes().as_slice())
            .bind(day.0)
            .execute(&mut *tx)
            .await
            .map_err(failure)?;
            if moved.rows_affected() != 1 {
                return Err(StoreError::NotFound);
            }
            insert_audit!(&mut *tx, audit);
            tx.commit().await.map_err(failure)
        })
    }
}
