//! Statistics: the clear fields of consenting reports, and the releases as published.

use async_trait::async_trait;
use refuge_domain::ports::{
    AuditEntry, StatisticsFacts, StatisticsStore, StoreError, StoreResult, StoredRelease,
};
use refuge_domain::statistics::ReleaseBody;
use refuge_domain::taxonomy::Community;
use refuge_domain::{Day, ReleaseId, StaffId};

use super::reports::tactics_from;
use super::{Pool, SqlStore, corrupt, decoded, failure};

named_row!(FactsRow {
    received_day: i64,
    tactics: String,
    staff_tactics: Option<String>,
    host_country: Option<String>,
    host_region: Option<String>,
    community: Option<String>,
    origin_state: Option<String>,
});

named_row!(FirstRow { first: Option<i64> });

named_row!(LastRow { last: Option<String> });

named_row!(ReleaseRow {
    id: Vec<u8>,
    body: String,
});

#[async_trait]
impl StatisticsStore for SqlStore {
    async fn statistics_facts(&self, from: Day, through: Day) -> StoreResult<Vec<StatisticsFacts>> {
        on_pool!(self, |pool| {
            let rows: Vec<FactsRow> = sqlx::query_as(
                "SELECT received_day, tactics, staff_tactics, host_country, host_region, \
                 community, origin_state FROM reports \
                 WHERE consent_statistics AND received_day >= $1 AND received_day <= $2",
            )
            .bind(from.0)
            .bind(through.0)
            .fetch_all(pool)
            .await
            .map_err(failure)?;
            rows.into_iter()
                .map(|row| {
                    let tactics = match &row.staff_tactics {
                        Some(coded) => tactics_from(coded, "reports.staff_tactics")?,
                        None => tactics_from(&row.tactics, "reports.tactics")?,
                    };
                    Ok(StatisticsFacts {
                        received: Day(row.received_day),
                        tactics,
                        host_country: row.host_country,
                        host_region: row.host_region,
                        community: match row.community {
                            Some(code) => {
                                Some(decoded(Community::from_code(&code), "reports.community")?)
                            }
                            None => None,
                        },
                        origin_state: row.origin_state,
                    })
                })
                .collect()
        })
    }

    async fn first_consenting_day(&self) -> StoreResult<Option<Day>> {
        on_pool!(self, |pool| {
            let row: FirstRow = sqlx::query_as(
                "SELECT MIN(received_day) AS first FROM reports WHERE consent_statistics",
            )
            .fetch_one(pool)
            .await
            .map_err(failure)?;
            Ok(row.first.map(Day))
        })
    }

    async fn statistics_releases(&self) -> StoreResult<Vec<StoredRelease>> {
        on_pool!(self, |pool| {
            let rows: Vec<ReleaseRow> =
                sqlx::query_as("SELECT id, body FROM statistics_releases ORDER BY from_month")
                    .fetch_all(pool)
                    .await
                    .map_err(failure)?;
            rows.into_iter()
                .map(|row| {
                    Ok(StoredRelease {
                        id: decoded(ReleaseId::from_slice(&row.id), "statistics_releases.id")?,
                        body: serde_json::from_str::<ReleaseBody>(&row.body)
                            .map_err(|_| corrupt("statistics_releases.body"))?,
                    })
                })
                .collect()
        })
    }

    async fn released_through(&self) -> StoreResult<Option<String>> {
        on_pool!(self, |pool| {
            let row: LastRow =
                sqlx::query_as("SELECT MAX(through_month) AS last FROM statistics_releases")
                    .fetch_one(pool)
                    .await
                    .map_err(failure)?;
            Ok(row.last)
        })
    }

    async fn insert_release(
        &self,
        release: &StoredRelease,
        made_by: StaffId,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        let body = serde_json::to_string(&release.body)
            .map_err(|e| StoreError::Unavailable(e.to_string()))?;
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await.map_err(failure)?;
            sqlx::query(
                "INSERT INTO statistics_releases \
                 (id, from_month, through_month, made_day, made_by, body) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(release.id.as_bytes().as_slice())
            .bind(&release.body.from)
            .bind(&release.body.through)
            .bind(release.body.made.0)
            .bind(made_by.as_bytes().as_slice())
            .bind(&body)
            .execute(&mut *tx)
            .await
            .map_err(failure)?;
            insert_audit!(&mut *tx, audit);
            tx.commit().await.map_err(failure)
        })
    }
}
