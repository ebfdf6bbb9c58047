//! Retention (issue 10): the operator's rules applied daily and on demand (`refuge purge`).
//!
//! SECURITY: a purge deletes a report whole — its row and receipt lookup, messages, files and
//! their sealed blobs, notes, case card, case keys, search documents — in one transaction per
//! batch, with an audit row that counts them (never which). On SQLite the freed pages are
//! zeroed (`secure_delete`) and the write-ahead log is checkpointed and truncated afterwards;
//! on PostgreSQL the touched tables are vacuumed. What may survive elsewhere (a backup, a file
//! system's free blocks) was sealed to staff keys and is ciphertext; docs/security-model.md says
//! what that does and does not protect.

use refuge_domain::AuditAction;
use refuge_domain::calendar::Day;
use refuge_domain::ports::AuditEntry;
use refuge_domain::retention::{PurgeReason, RetentionFacts, RetentionRules};

use crate::{AppError, Refuge};

/// Reports deleted in one transaction: a kill -9 leaves each batch whole or absent, and no
/// transaction holds the database for long.
const PURGE_BATCH: usize = 100;

/// What a purge did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Purged {
    pub deleted: u64,
    /// SQLite: whether the write-ahead log could be checkpointed and truncated at once (else
    /// at a later checkpoint); always true on PostgreSQL.
    pub compacted: bool,
}

/// A report the rules say must go, and why.
pub struct DueReport {
    pub facts: RetentionFacts,
    pub reason: PurgeReason,
}

impl Refuge {
    /// The operator's rules: the configuration's periods and the sub-statuses' own.
    pub fn retention_rules(&self) -> RetentionRules {
        RetentionRules::new(
            self.settings.retention.closed_days,
            self.settings.retention.any_days,
            &self.settings.case.substatuses,
        )
    }

    /// The reports the rules say must go today, oldest first (what `refuge purge --dry-run`
    /// lists).
    pub async fn retention_due(&self) -> Result<Vec<DueReport>, AppError> {
        let rules = self.retention_rules();
        if rules.keep_everything() {
            return Ok(Vec::new());
        }
        let today = Day::from_unix_seconds(self.now());
        let (status_before, received_before) = rules.cutoffs(today);
        Ok(self
            .store
            .retention_facts(status_before, received_before)
            .await?
            .into_iter()
            .filter_map(|facts| {
                let reason = rules.due(&facts, today)?;
                Some(DueReport { facts, reason })
            })
            .collect())
    }

    /// Applies the rules now: deletes every report due, in batches, each batch with its audit
    /// row; a report whose case changed since it was judged is left for the next run.
    pub async fn purge_due(&self) -> Result<Purged, AppError> {
        let due = self.retention_due().await?;
        if due.is_empty() {
            return Ok(Purged {
                deleted: 0,
                compacted: true,
            });
        }
        let rules = self.retention_rules();
        let mut deleted = 0;
        for batch in due.chunks(PURGE_BATCH) {
            let ids: Vec<_> = batch
                .iter()
                .map(|d| (d.facts.id, d.facts.case_version))
                .collect();
            let audit = AuditEntry {
                at: self.now(),
                actor: None,
                action: AuditAction::ReportsPurged,
                report: None,
                subject: format!(
                    "closed_days={} any_days={} substatus_rules={}",
                    rules.closed_days.map_or("off".into(), |d| d.to_string()),
                    rules.any_days.map_or("off".into(), |d| d.to_string()),
                    rules.substatus_days.len()
                ),
            };
            deleted += self.store.purge_reports(&ids, &audit).await?;
        }
        let compacted = self.store.compact_after_purge().await?;
        Ok(Purged { deleted, compacted })
    }
}
