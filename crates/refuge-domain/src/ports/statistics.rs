//! Public statistics: the clear fields of consenting reports that releases count, and the
//! releases themselves (published as they are stored; nothing else is public).

use async_trait::async_trait;

use crate::calendar::Day;
use crate::ids::{ReleaseId, StaffId};
use crate::statistics::ReleaseBody;
use crate::taxonomy::{Community, Tactic};

use super::{AuditEntry, StoreResult};

/// What a release may count of one report: clear fields only, of a report whose reporter
/// agreed to research statistics (`consent_statistics`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatisticsFacts {
    pub received: Day,
    /// The caseworker's coding when there is one, else the reporter's.
    pub tactics: Vec<Tactic>,
    pub host_country: Option<String>,
    pub host_region: Option<String>,
    pub community: Option<Community>,
    pub origin_state: Option<String>,
}

/// A release as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredRelease {
    pub id: ReleaseId,
    pub body: ReleaseBody,
}

#[async_trait]
pub trait StatisticsStore: Send + Sync {
    /// The facts of consenting reports received from `from` to `through` (both included).
    async fn statistics_facts(&self, from: Day, through: Day) -> StoreResult<Vec<StatisticsFacts>>;
    /// The day the first consenting report was received, if any.
    async fn first_consenting_day(&self) -> StoreResult<Option<Day>>;
    /// Every release, oldest first.
    async fn statistics_releases(&self) -> StoreResult<Vec<StoredRelease>>;
    /// The last month any release covers (`YYYY-MM`), read without the releases' bodies (the
    /// schedule asks every few minutes).
    async fn released_through(&self) -> StoreResult<Option<String>>;
    /// A new release with its audit row; `Conflict` if one already begins with its first month
    /// (two made at once from the same previous release: one wins).
    async fn insert_release(
        &self,
        release: &StoredRelease,
        made_by: StaffId,
        audit: &AuditEntry,
    ) -> StoreResult<()>;
}
