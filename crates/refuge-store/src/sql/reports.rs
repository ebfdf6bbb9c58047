//! Reports: the clear fields (typed in the domain, codes here), the sealed blob each points to,
//! who holds a key, the inbox, and the replay records of submissions.

use async_trait::async_trait;
use refuge_domain::calendar::{Day, YearMonth};
use refuge_domain::case::{CaseState, Urgency};
use refuge_domain::inbox::InboxQuery;
use refuge_domain::ports::{
    AuditEntry, CaseUpdate, IdempotencyRecord, InboxPage, InsertOutcome, NewReport, ReceiptMatch,
    ReportMeta, ReportStore, ReporterAccess, StoreError, StoreResult, StoredReport,
};
use refuge_domain::report::ReportStatus;
use refuge_domain::taxonomy::{Community, Language, Tactic};
use refuge_domain::{ReportId, StaffId, TeamId};

use super::{Pool, SqlStore, decoded, failure};

named_row!(
    /// The clear fields of a report, as stored (`tactics` comma-joined codes).
    MetaRow {
        id: Vec<u8>,
        received_day: i64,
        status: String,
        status_day: i64,
        language: String,
        tactics: String,
        host_country: Option<String>,
        host_region: Option<String>,
        origin_state: Option<String>,
        occurred_month: Option<String>,
        community: Option<String>,
        consent_statistics: bool,
        substatus: Option<String>,
        urgency: String,
        assignee: Option<Vec<u8>>,
        staff_tactics: Option<String>,
        activity_day: i64,
    }
);

/// The columns of [`MetaRow`], prefixed by the `reports r` alias.
macro_rules! meta_columns {
    () => {
        "r.id, r.received_day, r.status, r.status_day, r.language, r.tactics, r.host_country, \
         r.host_region, r.origin_state, r.occurred_month, r.community, r.consent_statistics, \
         r.substatus, r.urgency, r.assignee, r.staff_tactics, r.activity_day"
    };
}

/// Comma-joined tactic codes, as `tactics` and `staff_tactics` keep them.
pub(crate) fn tactics_from(codes: &str, column: &str) -> StoreResult<Vec<Tactic>> {
    codes
        .split(',')
        .filter(|code| !code.is_empty())
        .map(|code| decoded(Tactic::from_code(code), column))
        .collect()
}

impl MetaRow {
    fn meta(self) -> StoreResult<ReportMeta> {
        let tactics = tactics_from(&self.tactics, "reports.tactics")?;
        let case = CaseState {
            substatus: self.substatus,
            urgency: decoded(Urgency::from_code(&self.urgency), "reports.urgency")?,
            assignee: self
                .assignee
                .map(|id| decoded(StaffId::from_slice(&id), "reports.assignee"))
                .transpose()?,
            staff_tactics: self
                .staff_tactics
                .map(|codes| tactics_from(&codes, "reports.staff_tactics"))
                .transpose()?,
            activity: Day(self.activity_day),
        };
        Ok(ReportMeta {
            id: decoded(ReportId::from_slice(&self.id), "reports.id")?,
            received: Day(self.received_day),
            status: decoded(ReportStatus::from_code(&self.status), "reports.status")?,
            status_day: Day(self.status_day),
            language: decoded(Language::from_code(&self.language), "reports.language")?,
            tactics,
            host_country: self.host_country,
            host_region: self.host_region,
            origin_state: self.origin_state,
            occurred_month: self
                .occurred_month
                .map(|month| decoded(YearMonth::parse(&month), "reports.occurred_month"))
                .transpose()?,
            community: self
                .community
                .map(|code| decoded(Community::from_code(&code), "reports.community"))
                .transpose()?,
            consent_statistics: self.consent_statistics,
            case,
        })
    }
}

named_row!(
    /// What a report row holds beside its clear fields.
    SealedColumnsRow {
        blob: String,
        conversation_key: Option<String>,
        files_key: Option<String>,
        reporter_key: Option<Vec<u8>>,
        case_version: i64,
        content_version: i64,
        sealed_card: Option<Vec<u8>>,
        sealed_consent: Option<Vec<u8>>,
    }
);

named_row!(
    /// What an inbox line adds to the clear fields.
    InboxColumnsRow {
        intake_seq: i64,
        viewer_can_read: bool,
        unread_activity: bool,
        sealed_card: Option<Vec<u8>>,
        search_stale: bool,
        sort_key: i64,
    }
);

named_row!(ReplayRow {
    report_id: Vec<u8>,
    sealed_receipt: Vec<u8>,
});

named_row!(ReceiptRow {
    id: Vec<u8>,
    reporter_key: Option<Vec<u8>>,
});

named_row!(IdRow { id: Vec<u8> });

named_row!(
    #[derive(Clone)]
    TeamRow {
        report_id: Vec<u8>,
        team_id: Vec<u8>,
    }
);

fn team_ids(rows: &[TeamRow]) -> StoreResult<Vec<TeamId>> {
    rows.iter()
        .map(|row| decoded(TeamId::from_slice(&row.team_id), "report_teams.team_id"))
        .collect()
}

/// Whether staff member `$viewer` may know report `r` exists: it is sealed to them, routed to a
/// team of theirs, or routed to no team at all (routing was not set when it arrived).
macro_rules! visible_to {
    ($viewer:literal) => {
        concat!(
            "EXISTS (SELECT 1 FROM report_recipients v WHERE v.report_id = r.id AND v.staff_id = ",
            $viewer,
            ") OR EXISTS (SELECT 1 FROM report_teams t JOIN team_members m ON m.team_id = t.team_id \
             WHERE t.report_id = r.id AND m.staff_id = ",
            $viewer,
            ") OR NOT EXISTS (SELECT 1 FROM report_teams t WHERE t.report_id = r.id)"
        )
    };
}

mod inbox;

named_row!(CaseKeyRow {
    report_id: Vec<u8>,
    wrapped: Vec<u8>,
});

/// Reports looked up per statement in [`ReportStore::case_keys`].
const KEY_BATCH: usize = 500;

fn staff_ids(rows: Vec<IdRow>) -> StoreResult<Vec<StaffId>> {
    rows.into_iter()
        .map(|row| decoded(StaffId::from_slice(&row.id), "report_recipients.staff_id"))
        .collect()
}

fn tactic_codes(tactics: &[Tactic]) -> String {
    tactics
        .iter()
        .map(|tactic| tactic.code())
        .collect::<Vec<_>>()
        .join(",")
}

#[async_trait]
impl ReportStore for SqlStore {
    async fn idempotency_record(
        &self,
        lookup: &[u8],
        today: Day,
    ) -> StoreResult<Option<(ReportId, Vec<u8>)>> {
        on_pool!(self, |pool| {
            let row: Option<ReplayRow> = sqlx::query_as(
                "SELECT report_id, sealed_receipt FROM intake_idempotency \
                 WHERE lookup = $1 AND expires_day >= $2",
            )
            .bind(lookup)
            .bind(today.0)
            .fetch_optional(pool)
            .await
            .map_err(failure)?;
            row.map(|row| {
                Ok((
                    decoded(
                        ReportId::from_slice(&row.report_id),
                        "intake_idempotency.report_id",
                    )?,
                    row.sealed_receipt,
                ))
            })
            .transpose()
        })
    }

    async fn reseal_idempotency(&self, lookup: &[u8], sealed_replay: &[u8]) -> StoreResult<()> {
        on_pool!(self, |pool| {
            sqlx::query("UPDATE intake_idempotency SET sealed_receipt = $2 WHERE lookup = $1")
                .bind(lookup)
                .bind(sealed_replay)
                .execute(pool)
                .await
                .map_err(failure)
                .map(|_| ())
        })
    }

    async fn insert_report(&self, report: &NewReport) -> StoreResult<InsertOutcome> {
        let meta = &report.meta;
        let IdempotencyRecord {
            lookup,
            sealed_replay,
            expires,
        } = &report.idempotency;
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await.map_err(failure)?;
            sqlx::query(
                "INSERT INTO reports (id, received_day, status, language, tactics, host_country, host_region, \
                 origin_state, occurred_month, community, consent_statistics, blob, receipt_hash, status_day, \
                 conversation_key, files_key, reporter_key, substatus, urgency, assignee, staff_tactics, \
                 activity_day, search_version, substatus_day) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, \
                 $19, $20, $21, $22, $23, $14)",
            )
            .bind(meta.id.as_bytes().as_slice())
            .bind(meta.received.0)
            .bind(meta.status.code())
            .bind(meta.language.code())
            .bind(tactic_codes(&meta.tactics))
            .bind(&meta.host_country)
            .bind(&meta.host_region)
            .bind(&meta.origin_state)
            .bind(meta.occurred_month.map(|month| month.to_string()))
            .bind(meta.community.map(Community::code))
            .bind(meta.consent_statistics)
            .bind(&report.blob)
            .bind(&report.receipt_hash)
            .bind(meta.status_day.0)
            .bind(&report.access.conversation_key)
            .bind(&report.access.files_key)
            .bind(&report.access.wrapped_conversation_identity)
            .bind(&meta.case.substatus)
            .bind(meta.case.urgency.code())
            .bind(meta.case.assignee.map(|id| id.as_bytes().to_vec()))
            .bind(meta.case.staff_tactics.as_deref().map(tactic_codes))
            .bind(meta.case.activity.0)
            .bind((!report.search_chunks.is_empty()).then_some(0_i64))
            .execute(&mut *tx)
            .await
            .map_err(failure)?;
            for (index, sealed) in report.search_chunks.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO report_search (report_id, chunk, sealed) VALUES ($1, $2, $3)",
                )
                .bind(meta.id.as_bytes().as_slice())
                .bind(index as i64)
                .bind(sealed)
                .execute(&mut *tx)
                .await
                .map_err(failure)?;
            }
            if let Some(consent) = &report.sealed_consent {
                sqlx::query("UPDATE reports SET sealed_consent = $2 WHERE id = $1")
                    .bind(meta.id.as_bytes().as_slice())
                    .bind(consent.as_slice())
                    .execute(&mut *tx)
                    .await
                    .map_err(failure)?;
            }
            // The identifier set waits, sealed, for a correlator's session to index it.
            sqlx::query(
                "INSERT INTO identifier_sets (report_id, sealed, indexed, version) \
                 VALUES ($1, $2, FALSE, 0)",
            )
            .bind(meta.id.as_bytes().as_slice())
            .bind(report.identifier_set.as_deref())
            .execute(&mut *tx)
            .await
            .map_err(failure)?;
            for file in &report.files {
                insert_file!(tx, meta.id, file);
            }
            for staff in &report.recipients {
                sqlx::query("INSERT INTO report_recipients (report_id, staff_id) VALUES ($1, $2)")
                    .bind(meta.id.as_bytes().as_slice())
                    .bind(staff.as_bytes().as_slice())
                    .execute(&mut *tx)
                    .await
                    .map_err(failure)?;
            }
            for team in &report.teams {
                sqlx::query("INSERT INTO report_teams (report_id, team_id) VALUES ($1, $2)")
                    .bind(meta.id.as_bytes().as_slice())
                    .bind(team.as_bytes().as_slice())
                    .execute(&mut *tx)
                    .await
                    .map_err(failure)?;
            }
            let claimed = sqlx::query(
                "INSERT INTO intake_idempotency (lookup, report_id, sealed_receipt, expires_day) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (lookup) DO NOTHING",
            )
            .bind(lookup)
            .bind(meta.id.as_bytes().as_slice())
            .bind(sealed_replay)
            .bind(expires.0)
            .execute(&mut *tx)
            .await
            .map_err(failure)?;
            if claimed.rows_affected() == 0 {
                // Another submission of the same form won: undo ours and hand back its receipt.
                tx.rollback().await.map_err(failure)?;
                let (sealed_replay,): (Vec<u8>,) = sqlx::query_as(
                    "SELECT sealed_receipt FROM intake_idempotency WHERE lookup = $1",
                )
                .bind(lookup)
                .fetch_one(pool)
                .await
                .map_err(failure)?;
                return Ok(InsertOutcome::DuplicateOf { sealed_replay });
            }
            tx.commit().await.map_err(failure)?;
            Ok(InsertOutcome::Inserted)
        })
    }

    async fn report(&self, id: ReportId) -> StoreResult<Option<StoredReport>> {
        on_pool!(self, |pool| {
            let row = sqlx::query(concat!(
                "SELECT ",
                meta_columns!(),
                ", r.blob, r.conversation_key, r.files_key, r.reporter_key, r.case_version, \
                 r.content_version, c.sealed_card, r.sealed_consent FROM reports r LEFT JOIN report_cases c ON c.report_id = r.id \
                 WHERE r.id = $1"
            ))
            .bind(id.as_bytes().as_slice())
            .fetch_optional(pool)
            .await
            .map_err(failure)?;
            let Some(row) = row else { return Ok(None) };
            let meta = <MetaRow as sqlx::FromRow<_>>::from_row(&row).map_err(failure)?;
            let sealed = <SealedColumnsRow as sqlx::FromRow<_>>::from_row(&row).map_err(failure)?;
            let access = match (
                sealed.conversation_key,
                sealed.files_key,
                sealed.reporter_key,
            ) {
                (Some(conversation_key), Some(files_key), Some(wrapped)) => Some(ReporterAccess {
                    conversation_key,
                    files_key,
                    wrapped_conversation_identity: wrapped,
                }),
                _ => None,
            };
            let recipients: Vec<IdRow> =
                sqlx::query_as("SELECT staff_id AS id FROM report_recipients WHERE report_id = $1")
                    .bind(id.as_bytes().as_slice())
                    .fetch_all(pool)
                    .await
                    .map_err(failure)?;
            let teams: Vec<TeamRow> =
                sqlx::query_as("SELECT report_id, team_id FROM report_teams WHERE report_id = $1")
                    .bind(id.as_bytes().as_slice())
                    .fetch_all(pool)
                    .await
                    .map_err(failure)?;
            Ok(Some(StoredReport {
                meta: meta.meta()?,
                blob: sealed.blob,
                recipients: staff_ids(recipients)?,
                teams: team_ids(&teams)?,
                access,
                case_version: sealed.case_version,
                sealed_card: sealed.sealed_card,
                content_version: sealed.content_version,
                sealed_consent: sealed.sealed_consent,
            }))
        })
    }

    async fn report_by_receipt_hash(
        &self,
        receipt_hash: &[u8],
    ) -> StoreResult<Option<ReceiptMatch>> {
        on_pool!(self, |pool| {
            let row: Option<ReceiptRow> =
                sqlx::query_as("SELECT id, reporter_key FROM reports WHERE receipt_hash = $1")
                    .bind(receipt_hash)
                    .fetch_optional(pool)
                    .await
                    .map_err(failure)?;
            row.map(|row| {
                Ok(ReceiptMatch {
                    report: decoded(ReportId::from_slice(&row.id), "reports.id")?,
                    wrapped_conversation_identity: row.reporter_key,
                })
            })
            .transpose()
        })
    }

    async fn inbox(&self, viewer: StaffId, query: &InboxQuery) -> StoreResult<InboxPage> {
        inbox::page(self, viewer, query).await
    }

    async fn record_report_opened(&self, report: ReportId, audit: &AuditEntry) -> StoreResult<()> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await.map_err(failure)?;
            sqlx::query(
                "UPDATE reports SET unread_activity = FALSE WHERE id = $1 AND unread_activity",
            )
            .bind(report.as_bytes().as_slice())
            .execute(&mut *tx)
            .await
            .map_err(failure)?;
            insert_audit!(&mut *tx, audit);
            tx.commit().await.map_err(failure)
        })
    }

    async fn update_case(
        &self,
        id: ReportId,
        expected_version: i64,
        update: &CaseUpdate,
        audit: &[AuditEntry],
    ) -> StoreResult<()> {
        let case = &update.case;
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await.map_err(failure)?;
            let changed = sqlx::query(
                // The right-hand `substatus` is the row's old value (SQL reads every expression
                // of an UPDATE against the row as it was).
                "UPDATE reports SET status = $3, status_day = $4, substatus = $5, urgency = $6, \
                 assignee = $7, staff_tactics = $8, activity_day = $9, \
                 substatus_day = CASE WHEN COALESCE(substatus, '') <> COALESCE($5, '') \
                 THEN $10 ELSE substatus_day END, case_version = case_version + 1 \
                 WHERE id = $1 AND case_version = $2",
            )
            .bind(id.as_bytes().as_slice())
            .bind(expected_version)
            .bind(update.status.code())
            .bind(update.status_day.0)
            .bind(&case.substatus)
            .bind(case.urgency.code())
            .bind(case.assignee.map(|staff| staff.as_bytes().to_vec()))
            .bind(case.staff_tactics.as_deref().map(tactic_codes))
            .bind(case.activity.0)
            .bind(update.changed_on.0)
            .execute(&mut *tx)
            .await
            .map_err(failure)?;
            if changed.rows_affected() != 1 {
                let exists: Option<IdRow> = sqlx::query_as("SELECT id FROM reports WHERE id = $1")
                    .bind(id.as_bytes().as_slice())
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(failure)?;
                return Err(if exists.is_some() {
                    StoreError::Conflict
                } else {
                    StoreError::NotFound
                });
            }
            if let Some(card) = &update.sealed_card {
                sqlx::query(
                    "INSERT INTO report_cases (report_id, sealed_card) VALUES ($1, $2) \
                     ON CONFLICT (report_id) DO UPDATE SET sealed_card = excluded.sealed_card",
                )
                .bind(id.as_bytes().as_slice())
                .bind(card)
                .execute(&mut *tx)
                .await
                .map_err(failure)?;
            }
            if let Some(referral) = &update.referral {
                // Numbered within the report, so its referrals list in the order made.
                sqlx::query(
                    "INSERT INTO report_referrals (id, report_id, seq, sealed) \
                     SELECT $1, $2, COALESCE(MAX(seq), 0) + 1, $3 FROM report_referrals \
                     WHERE report_id = $2",
                )
                .bind(referral.id.as_bytes().as_slice())
                .bind(id.as_bytes().as_slice())
                .bind(referral.sealed.as_slice())
                .execute(&mut *tx)
                .await
                .map_err(failure)?;
            }
            for entry in audit {
                insert_audit!(&mut *tx, entry);
            }
            tx.commit().await.map_err(failure)
        })
    }

    async fn case_keys(
        &self,
        staff: StaffId,
        reports: &[ReportId],
    ) -> StoreResult<Vec<(ReportId, Vec<u8>)>> {
        let mut found = Vec::with_capacity(reports.len());
        // In batches: one statement per few hundred reports, each id bound.
        for batch in reports.chunks(KEY_BATCH) {
            let sql = format!(
                "SELECT report_id, wrapped FROM staff_case_keys WHERE staff_id = $1 \
                 AND report_id IN ({})",
                super::numbered_placeholders(2, batch.len())
            );
            let rows: Vec<CaseKeyRow> = on_pool!(self, |pool| {
                // SECURITY: the text is placeholders built from a count; every value is bound.
                let mut query = sqlx::query_as::<_, CaseKeyRow>(sqlx::AssertSqlSafe(sql))
                    .bind(staff.as_bytes().as_slice());
                for report in batch {
                    query = query.bind(report.as_bytes().as_slice());
                }
                query.fetch_all(pool).await.map_err(failure)?
            });
            for row in rows {
                found.push((
                    decoded(
                        ReportId::from_slice(&row.report_id),
                        "staff_case_keys.report_id",
                    )?,
                    row.wrapped,
                ));
            }
        }
        Ok(found)
    }

    async fn insert_case_keys(
        &self,
        staff: StaffId,
        keys: &[(ReportId, Vec<u8>)],
    ) -> StoreResult<()> {
        if keys.is_empty() {
            return Ok(());
        }
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await.map_err(failure)?;
            for (report, wrapped) in keys {
                sqlx::query(
                    "INSERT INTO staff_case_keys (staff_id, report_id, wrapped) VALUES ($1, $2, $3) \
                     ON CONFLICT (staff_id, report_id) DO NOTHING",
                )
                .bind(staff.as_bytes().as_slice())
                .bind(report.as_bytes().as_slice())
                .bind(wrapped.as_slice())
                .execute(&mut *tx)
                .await
                .map_err(failure)?;
            }
            tx.commit().await.map_err(failure)
        })
    }

    async fn reseal_report(
        &self,
        id: ReportId,
        expected_blob: &str,
        new_blob: &str,
        recipients: &[StaffId],
        audit: &AuditEntry,
    ) -> StoreResult<String> {
        on_pool!(self, |pool| {
            let mut tx = pool.begin().await.map_err(failure)?;
            let swapped = sqlx::query("UPDATE reports SET blob = $1 WHERE id = $2 AND blob = $3")
                .bind(new_blob)
                .bind(id.as_bytes().as_slice())
                .bind(expected_blob)
                .execute(&mut *tx)
                .await
                .map_err(failure)?;
            if swapped.rows_affected() != 1 {
                let exists: Option<IdRow> = sqlx::query_as("SELECT id FROM reports WHERE id = $1")
                    .bind(id.as_bytes().as_slice())
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(failure)?;
                return Err(if exists.is_some() {
                    StoreError::Conflict
                } else {
                    StoreError::NotFound
                });
            }
            sqlx::query("DELETE FROM report_recipients WHERE report_id = $1")
                .bind(id.as_bytes().as_slice())
                .execute(&mut *tx)
                .await
                .map_err(failure)?;
            for staff in recipients {
                sqlx::query("INSERT INTO report_recipients (report_id, staff_id) VALUES ($1, $2)")
                    .bind(id.as_bytes().as_slice())
                    .bind(staff.as_bytes().as_slice())
                    .execute(&mut *tx)
                    .await
                    .map_err(failure)?;
            }
            insert_audit!(&mut *tx, audit);
            tx.commit().await.map_err(failure)?;
            Ok(expected_blob.to_owned())
        })
    }

    async fn all_report_ids(&self) -> StoreResult<Vec<ReportId>> {
        on_pool!(self, |pool| {
            let rows: Vec<IdRow> = sqlx::query_as("SELECT id FROM reports ORDER BY intake_seq")
                .fetch_all(pool)
                .await
                .map_err(failure)?;
            rows.into_iter()
                .map(|row| decoded(ReportId::from_slice(&row.id), "reports.id"))
                .collect()
        })
    }

    async fn reports_to_share(
        &self,
        holder: StaffId,
        grantee: StaffId,
    ) -> StoreResult<Vec<ReportId>> {
        on_pool!(self, |pool| {
            let rows: Vec<IdRow> = sqlx::query_as(
                "SELECT h.report_id AS id FROM report_recipients h WHERE h.staff_id = $1 AND NOT EXISTS \
                 (SELECT 1 FROM report_recipients g WHERE g.report_id = h.report_id AND g.staff_id = $2)",
            )
            .bind(holder.as_bytes().as_slice())
            .bind(grantee.as_bytes().as_slice())
            .fetch_all(pool)
            .await
            .map_err(failure)?;
            rows.into_iter()
                .map(|row| decoded(ReportId::from_slice(&row.id), "report_recipients.report_id"))
                .collect()
        })
    }
}
