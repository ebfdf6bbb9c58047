//! The instance's own rows: its secrets, which blobs are referenced, and the purge of what has
//! expired.

use async_trait::async_trait;

use crate::calendar::Day;

use super::StoreResult;

/// Where rows stop meaning anything, for [`InstanceStore::purge_expired`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Expiry {
    /// Replay records that expired before this day, and reporters' sessions whose purge day
    /// has come.
    pub today: Day,
    /// Staff sessions last seen before this, or begun before `staff_begun_before`.
    pub staff_seen_before: i64,
    pub staff_begun_before: i64,
    /// Set-up tokens and throttle rows that no longer weigh on anything.
    pub now: i64,
    pub throttle_failed_before: i64,
}

#[async_trait]
pub trait InstanceStore: Send + Sync {
    /// Returns the named instance secret, storing `candidate` first if there is none yet. Every app
    /// server sharing the database gets the same value.
    async fn instance_secret(&self, name: &str, candidate: &[u8]) -> StoreResult<Vec<u8>>;
    /// Every blob a committed row points to: reports, originals and working copies of files.
    async fn blob_names(&self) -> StoreResult<Vec<String>>;
    /// Deletes, in one transaction, every row that has stopped meaning anything (see
    /// [`Expiry`]): replay records, sessions, set-up tokens and throttle rows. Returns how many.
    /// It also writes a heartbeat, so the database's own modification time is that of this
    /// run, not of the last thing a reporter did.
    async fn purge_expired(&self, expiry: &Expiry) -> StoreResult<u64>;
    /// Takes or renews the lease `name` for `holder` until `until` (seconds), if it is free,
    /// lapsed at `now`, or already `holder`'s. Returns whether `holder` holds it now. Several app
    /// servers asking at once: exactly one gets it.
    async fn take_lease(&self, name: &str, holder: &str, now: i64, until: i64)
    -> StoreResult<bool>;
    /// The organisation's current recovery key (an age recipient), if one was made.
    async fn recovery_key(&self) -> StoreResult<Option<String>>;
    /// Makes `public_key` the current recovery key, with its audit row; earlier ones are kept
    /// as no longer current.
    async fn set_recovery_key(
        &self,
        public_key: &str,
        day: crate::calendar::Day,
        audit: &super::AuditEntry,
    ) -> StoreResult<()>;
}
