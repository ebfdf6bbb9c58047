//! Partner organisations, the referrals of reports to them, and the reporter's consent as it
//! changes. A referral and a consent change are sealed to the report's conversation key (the
//! reporter and its caseworkers read them; the database sees ciphertext and counts).

use async_trait::async_trait;

use crate::ids::{PartnerId, ReferralId, ReportId};
use crate::referral::Partner;

use super::{AuditEntry, StoreResult};

/// A referral as stored: what it says is sealed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredReferral {
    pub id: ReferralId,
    pub sealed: Vec<u8>,
}

/// A referral to write with the case change that marks the report referred.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewReferral {
    pub id: ReferralId,
    pub sealed: Vec<u8>,
}

#[async_trait]
pub trait ReferralStore: Send + Sync {
    /// The partners that may receive referrals, by name.
    async fn partners(&self) -> StoreResult<Vec<Partner>>;
    /// A new partner with its audit row (`Conflict` if the name is taken).
    async fn insert_partner(&self, partner: &Partner, audit: &AuditEntry) -> StoreResult<()>;
    /// Takes a partner off the list (its referrals stay on record), with its audit row.
    async fn remove_partner(&self, partner: PartnerId, audit: &AuditEntry) -> StoreResult<()>;
    /// A report's referrals, oldest first.
    async fn referrals(&self, report: ReportId) -> StoreResult<Vec<StoredReferral>>;
    /// The reporter's consent as changed, sealed, with the clear statistics flag it sets and
    /// the audit row, in one transaction.
    async fn change_consent(
        &self,
        report: ReportId,
        sealed_consent: &[u8],
        consent_statistics: bool,
        audit: &AuditEntry,
    ) -> StoreResult<()>;
}
