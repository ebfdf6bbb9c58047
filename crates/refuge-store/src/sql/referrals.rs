//! Partner organisations, referrals and the reporter's changed consent.

use async_trait::async_trait;
use refuge_domain::ports::{AuditEntry, ReferralStore, StoreError, StoreResult, StoredReferral};
use refuge_domain::referral::{Partner, PartnerKind};
use refuge_domain::{Day, PartnerId, ReferralId, ReportId};

use super::{Pool, SqlStore, decoded, failure};

named_row!(PartnerRow {
    id: Vec<u8>,
    name: String,
    kind: String,
    recipient: String,
    added_day: i64,
});

named_row!(ReferralRow {
    id: Vec<u8>,
    sealed: Vec<u8>,
});

#[async_trait]
impl ReferralStore for SqlStore {
    async fn partners(&self) -> StoreResult<Vec<Partner>> {
        on_pool!(self, |pool| {
            let rows: Vec<PartnerRow> = sqlx::query_as(
                "SELECT id, name, kind, recipient, added_day FROM partners \
                 WHERE NOT removed ORDER BY name",
            )
            .fetch_all(pool)
            .await
            .map_err(failure)?;
            rows.into_iter()
                .map(|row| {
                    Ok(Partner {
                        id: decoded(PartnerId::from_slice(&row.id), "partners.id")?,
                        name: row.name,
                        kind: decoded(PartnerKind::from_code(&row.kind), "partners.kind")?,
                        recipient: row.recipient,
                        added: Day(row.added_day),
                    })
                })
                .collect()
        })
    }

    async fn insert_partner(&self, partner: &Partner, audit: &AuditEntry) -> StoreResult<()> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await.map_err(failure)?;
            // A name is unique among listed partners only (a partial unique index): one taken
            // off the list may be registered again, with a new key, say.
            sqlx::query(
                "INSERT INTO partners (id, name, kind, recipient, added_day, removed) \
                 VALUES ($1, $2, $3, $4, $5, FALSE)",
            )
            .bind(partner.id.as_bytes().as_slice())
            .bind(&partner.name)
            .bind(partner.kind.code())
            .bind(&partner.recipient)
            .bind(partner.added.0)
            .execute(&mut *tx)
            .await
            .map_err(failure)?;
            insert_audit!(&mut *tx, audit);
            tx.commit().await.map_err(failure)
        })
    }

    async fn remove_partner(&self, partner: PartnerId, audit: &AuditEntry) -> StoreResult<()> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await.map_err(failure)?;
            let removed =
                sqlx::query("UPDATE partners SET removed = TRUE WHERE id = $1 AND NOT removed")
                    .bind(partner.as_bytes().as_slice())
                    .execute(&mut *tx)
                    .await
                    .map_err(failure)?;
            if removed.rows_affected() != 1 {
                return Err(StoreError::NotFound);
            }
            insert_audit!(&mut *tx, audit);
            tx.commit().await.map_err(failure)
        })
    }

    async fn referrals(&self, report: ReportId) -> StoreResult<Vec<StoredReferral>> {
        on_pool!(self, |pool| {
            let rows: Vec<ReferralRow> = sqlx::query_as(
                "SELECT id, sealed FROM report_referrals WHERE report_id = $1 ORDER BY seq",
            )
            .bind(report.as_bytes().as_slice())
            .fetch_all(pool)
            .await
            .map_err(failure)?;
            rows.into_iter()
                .map(|row| {
                    Ok(StoredReferral {
                        id: decoded(ReferralId::from_slice(&row.id), "report_referrals.id")?,
                        sealed: row.sealed,
                    })
                })
                .collect()
        })
    }

    async fn change_consent(
        &self,
        report: ReportId,
        sealed_consent: &[u8],
        consent_statistics: bool,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await.map_err(failure)?;
            let changed = sqlx::query(
                // A new case version: a referral checked against the consent it replaces is
                // refused at its commit (it was read at the older version) and checks again.
                "UPDATE reports SET sealed_consent = $2, consent_statistics = $3, \
                 case_version = case_version + 1 WHERE id = $1",
            )
            .bind(report.as_bytes().as_slice())
            .bind(sealed_consent)
            .bind(consent_statistics)
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
}
