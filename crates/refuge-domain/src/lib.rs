//! The pure model of Refuge: typed ids, the report and its taxonomy, staff roles, validation rules,
//! and the storage ports that `refuge-store` implements.
//!
//! This crate must never do IO, read a clock, draw randomness or know about HTTP, SQL or keys:
//! callers pass in ids, days and ciphertext, which keeps every rule here testable by value.

pub mod audit;
pub mod calendar;
pub mod case;
pub mod ids;
pub mod inbox;
pub mod ports;
pub mod referral;
pub mod registry;
pub mod report;
pub mod retention;
pub mod routing;
pub mod search;
pub mod staff;
pub mod statistics;
pub mod taxonomy;

pub use audit::AuditAction;
pub use calendar::{Day, YearMonth};
pub use ids::{
    EntryId, FileId, MessageId, NoteId, PartnerId, ReferralId, ReleaseId, ReportId, SourceId,
    StaffId, TeamId,
};
pub use staff::{Permission, Role};
