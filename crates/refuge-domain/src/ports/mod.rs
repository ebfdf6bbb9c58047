//! The storage ports. `refuge-store` implements them on SQLite and PostgreSQL; everything else sees
//! only these traits. Protected fields cross this boundary as ciphertext and hashes only.
//!
//! One trait per aggregate (staff, sessions, reports, messages, notes, files, teams, search
//! documents, second factors, audit, correlation, referrals, the public registry, statistics releases, the instance's own housekeeping), and [`Store`], which is all of them: a use case holds an `Arc<dyn Store>` and a
//! new feature adds a method to the one small trait it concerns.
//!
//! Each method that changes data is one transaction, its audit row included: a change and the
//! record of who made it are committed together or not at all.

mod audit;
mod blobs;
mod correlation;
mod files;
mod instance;
mod messages;
mod notes;
mod referrals;
mod registry;
mod reports;
mod retention;
mod search;
mod second_factor;
mod sessions;
mod staff;
mod statistics;
mod teams;

pub use audit::{AuditEntry, AuditQuery, AuditRecord, AuditStore, StoredCheckpoint};
pub use blobs::{BlobError, BlobStore, BlobWriter};
pub use correlation::{CorrelationStore, IndexedSet, StoredIdentifierSet};
pub use files::{FileStore, NewFile, StoredFile, UploadUsage};
pub use instance::{Expiry, InstanceStore};
pub use messages::{MessageAuthor, MessageStore, NewMessage, ReporterMessageCounts, StoredMessage};
pub use notes::{NewNote, NoteStore, StoredNote};
pub use referrals::{NewReferral, ReferralStore, StoredReferral};
pub use registry::RegistryStore;
pub use reports::{
    CaseUpdate, IdempotencyRecord, InboxEntry, InboxPage, InsertOutcome, NewReport, ReceiptMatch,
    ReportMeta, ReportStore, ReporterAccess, StoredReport,
};
pub use retention::RetentionStore;
pub use search::{SealedChunk, SearchStore};
pub use second_factor::{FactorChallenge, SecondFactorStore, StoredSecondFactor};
pub use sessions::{ReporterSessionRecord, SessionRecord, SessionStore, StaffSessionSummary};
pub use staff::{Invitation, LoginThrottle, StaffRecord, StaffStore};
pub use statistics::{StatisticsFacts, StatisticsStore, StoredRelease};
pub use teams::{Team, TeamStore};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("already exists")]
    Conflict,
    #[error("not found")]
    NotFound,
    /// The database could not be reached or refused the operation. Detail is for the log only.
    #[error("storage failure: {0}")]
    Unavailable(String),
}

pub type StoreResult<T> = Result<T, StoreError>;

/// The whole relational store: every aggregate's port. Implemented for anything that
/// implements them all.
pub trait Store:
    InstanceStore
    + StaffStore
    + SessionStore
    + ReportStore
    + MessageStore
    + NoteStore
    + FileStore
    + AuditStore
    + TeamStore
    + SearchStore
    + SecondFactorStore
    + RetentionStore
    + CorrelationStore
    + ReferralStore
    + RegistryStore
    + StatisticsStore
{
}

impl<T> Store for T where
    T: InstanceStore
        + StaffStore
        + SessionStore
        + ReportStore
        + MessageStore
        + NoteStore
        + FileStore
        + AuditStore
        + TeamStore
        + SearchStore
        + SecondFactorStore
        + RetentionStore
        + CorrelationStore
        + ReferralStore
        + RegistryStore
        + StatisticsStore
{
}

/// Every port trait, in scope without a name (`use refuge_domain::ports::prelude::*;`), for
/// code that holds a concrete store rather than an `Arc<dyn Store>` (the contract suite).
pub mod prelude {
    pub use super::{
        AuditStore as _, CorrelationStore as _, FileStore as _, InstanceStore as _,
        MessageStore as _, NoteStore as _, ReferralStore as _, RegistryStore as _,
        ReportStore as _, RetentionStore as _, SearchStore as _, SecondFactorStore as _,
        SessionStore as _, StaffStore as _, StatisticsStore as _, TeamStore as _,
    };
}
