//! Embedded migrations, one numbered list per engine with the same numbers and names (a test
//! checks the parity). Each is applied once, in its own transaction.

pub struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub sql: &'static str,
}

macro_rules! migrations {
    ($dir:literal: $($version:literal $name:literal),+ $(,)?) => {
        &[$(Migration {
            version: $version,
            name: $name,
            sql: include_str!(concat!("../migrations/", $dir, "/", $name, ".sql")),
        }),+]
    };
}

pub const SQLITE: &[Migration] = migrations!("sqlite":
    1 "0001_foundation", 2 "0002_followup", 3 "0003_no_empty_files", 4 "0004_no_times_at_rest",
    5 "0005_invitations", 6 "0006_audit_report", 7 "0007_case_work", 8 "0008_notes", 9 "0009_teams",
    10 "0010_search", 11 "0011_audit_chain", 12 "0012_second_factor", 13 "0013_substatus_day",
    14 "0014_correlation", 15 "0015_referral", 16 "0016_registry",
    17 "0017_statistics", 18 "0018_registry_archives", 19 "0019_leases");
pub const POSTGRES: &[Migration] = migrations!("postgres":
    1 "0001_foundation", 2 "0002_followup", 3 "0003_no_empty_files", 4 "0004_no_times_at_rest",
    5 "0005_invitations", 6 "0006_audit_report", 7 "0007_case_work", 8 "0008_notes", 9 "0009_teams",
    10 "0010_search", 11 "0011_audit_chain", 12 "0012_second_factor", 13 "0013_substatus_day",
    14 "0014_correlation", 15 "0015_referral", 16 "0016_registry",
    17 "0017_statistics", 18 "0018_registry_archives", 19 "0019_leases");
