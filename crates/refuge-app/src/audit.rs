//! The audit log as administrators and auditors see it — filtered by person, report, action and
//! day, exported as CSV — and as anyone holding the database can check it: the hash chain
//! walked from its first row, its head, and signed checkpoints that prove the log still extends
//! what an administrator kept off the server.
//!
//! SECURITY: the log holds staff actions only (never a reporter's, which would date them), and
//! no address or user agent. Reading and exporting it are themselves on record.

use std::str::FromStr;

use refuge_domain::audit::{ChainBreak, ChainWalk, Checkpoint, hex};
use refuge_domain::ports::{AuditEntry, AuditQuery, StoredCheckpoint};
use refuge_domain::{AuditAction, Day, Permission, ReportId};

use crate::sessions::StaffSession;
use crate::{AppError, Refuge};

/// Rows on a page of the audit view.
pub const AUDIT_PAGE: u32 = 100;
/// Rows read at once while walking the chain or writing a CSV export.
const WALK_PAGE: u32 = 1_000;
/// A checkpoint is written by the server itself once a day (when the log moved).
const CHECKPOINT_EVERY_SECONDS: i64 = 86_400;

/// What an audit view asks for, as typed (query-string values); an empty value is "any".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditRequest {
    /// A username.
    pub actor: Option<String>,
    /// A report's id.
    pub report: Option<String>,
    /// An action's code.
    pub action: Option<String>,
    /// From this day (`YYYY-MM-DD`, UTC, included).
    pub from: Option<String>,
    /// Until this day (included).
    pub to: Option<String>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

impl AuditRequest {
    pub const PARAMETERS: &'static [&'static str] =
        &["actor", "report", "action", "from", "to", "cursor"];

    /// Sets a parameter by name (others are ignored); blank is "any".
    pub fn set(&mut self, name: &str, value: &str) {
        let value = value.trim();
        let value = (!value.is_empty()).then(|| value.to_owned());
        match name {
            "actor" => self.actor = value,
            "report" => self.report = value,
            "action" => self.action = value,
            "from" => self.from = value,
            "to" => self.to = value,
            "cursor" => self.cursor = value,
            _ => {}
        }
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        match name {
            "actor" => self.actor.as_deref(),
            "report" => self.report.as_deref(),
            "action" => self.action.as_deref(),
            "from" => self.from.as_deref(),
            "to" => self.to.as_deref(),
            "cursor" => self.cursor.as_deref(),
            _ => None,
        }
    }
}

/// Why an audit view cannot be answered: the parameter at fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{0}: not a value this filter takes")]
pub struct AuditFilterError(pub &'static str);

/// A row of the audit log as shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditLine {
    pub seq: i64,
    /// Seconds.
    pub at: i64,
    /// The actor's username; `None` for the server itself, `Some("")` never.
    pub actor: Option<String>,
    /// The actor's account no longer exists (its id is shown instead).
    pub actor_gone: bool,
    pub action: AuditAction,
    pub report: Option<ReportId>,
    pub subject: String,
    pub hash: String,
}

/// A page of the audit view, and the log's head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditView {
    pub lines: Vec<AuditLine>,
    /// Pass back as `cursor` for the next (older) page.
    pub next_cursor: Option<i64>,
    /// The row the log has reached, and its hash.
    pub head: (i64, String),
    /// The last checkpoint: its row and when it was written.
    pub last_checkpoint: Option<(i64, i64)>,
}

/// What `refuge audit verify` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditVerified {
    pub rows: u64,
    pub head: (i64, [u8; 32]),
    /// The row of the checkpoint that was checked, if one was given.
    pub checkpoint: Option<i64>,
}

/// Why the log failed verification.
#[derive(Debug, thiserror::Error)]
pub enum AuditProblem {
    #[error("{0}")]
    Chain(ChainBreak),
    #[error("the checkpoint file is not a Refuge audit checkpoint")]
    NotACheckpoint,
    #[error("the checkpoint's signature does not verify with this instance's key")]
    BadSignature,
    #[error("the checkpoint was written by another instance ({0})")]
    OtherInstance(String),
    #[error("{0}")]
    App(#[from] AppError),
}

/// A moment as the audit view and its CSV show it: `YYYY-MM-DD HH:MM:SS` UTC.
pub fn moment(seconds: i64) -> String {
    let day = Day::from_unix_seconds(seconds);
    let within = seconds.rem_euclid(86_400);
    format!(
        "{day} {:02}:{:02}:{:02}",
        within / 3_600,
        within % 3_600 / 60,
        within % 60
    )
}

/// One CSV field: quoted when it must be, and a leading `=`, `+`, `-`, `@` or tab made inert
/// so a spreadsheet never runs it as a formula.
fn csv_field(text: &str) -> String {
    let inert = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if inert.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", inert.replace('"', "\"\""))
    } else {
        inert
    }
}

pub const CSV_HEADER: &str = "seq,at_utc,actor,action,report,subject,hash\r\n";

impl AuditLine {
    pub fn csv(&self) -> String {
        let actor = self.actor.as_deref().unwrap_or("");
        let report = self.report.map(|r| r.to_string()).unwrap_or_default();
        format!(
            "{},{},{},{},{},{},{}\r\n",
            self.seq,
            moment(self.at),
            csv_field(actor),
            self.action.code(),
            report,
            csv_field(&self.subject),
            self.hash
        )
    }
}

/// A CSV export being written, a page at a time (bounded memory whatever the log's size).
pub struct AuditExport {
    app: Refuge,
    query: AuditQuery,
    /// Usernames by account, read once for the whole file.
    names: StaffNames,
    done: bool,
    started: bool,
}

/// Usernames by account id, for naming who acted on each row.
pub(crate) type StaffNames = std::collections::HashMap<refuge_domain::StaffId, String>;

impl AuditExport {
    /// The next part of the file; `None` when it is complete.
    pub async fn next_part(&mut self) -> Result<Option<String>, AppError> {
        if self.done {
            return Ok(None);
        }
        let mut part = String::new();
        if !self.started {
            self.started = true;
            part.push_str(CSV_HEADER);
        }
        let lines = self.app.audit_lines(&self.query, &self.names).await?;
        match lines.last() {
            Some(last) if lines.len() == self.query.limit as usize => {
                self.query.before = Some(last.seq)
            }
            _ => self.done = true,
        }
        for line in &lines {
            part.push_str(&line.csv());
        }
        Ok(Some(part))
    }
}

impl Refuge {
    async fn audit_query(
        &self,
        request: &AuditRequest,
        limit: u32,
    ) -> Result<AuditQuery, AppError> {
        let bad = |name: &'static str| AppError::AuditFilter(AuditFilterError(name));
        let actor = match request.actor.as_deref() {
            None => None,
            Some(name) => Some(
                self.store
                    .staff_by_username(name)
                    .await?
                    .map(|s| s.id)
                    .ok_or(bad("actor"))?,
            ),
        };
        let report = request
            .report
            .as_deref()
            .map(|r| ReportId::from_str(r).map_err(|_| bad("report")))
            .transpose()?;
        let action = request
            .action
            .as_deref()
            .map(|a| AuditAction::from_code(a).ok_or(bad("action")))
            .transpose()?;
        let from = request
            .from
            .as_deref()
            .map(|d| Day::parse(d).ok_or(bad("from")))
            .transpose()?;
        let to = request
            .to
            .as_deref()
            .map(|d| Day::parse(d).ok_or(bad("to")))
            .transpose()?;
        if let (Some(from), Some(to)) = (from, to)
            && from > to
        {
            return Err(bad("to"));
        }
        let before = request
            .cursor
            .as_deref()
            .map(|c| {
                c.parse::<i64>()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or(bad("cursor"))
            })
            .transpose()?;
        Ok(AuditQuery {
            actor,
            report,
            action,
            from: from.map(|d| d.0 * 86_400),
            to: to.map(|d| (d.0 + 1) * 86_400),
            before,
            limit,
        })
    }

    pub(crate) async fn staff_names(&self) -> Result<StaffNames, AppError> {
        Ok(self
            .store
            .list_staff()
            .await?
            .into_iter()
            .map(|s| (s.id, s.username))
            .collect())
    }

    async fn audit_lines(
        &self,
        query: &AuditQuery,
        names: &StaffNames,
    ) -> Result<Vec<AuditLine>, AppError> {
        Ok(self
            .store
            .audit_page(query)
            .await?
            .into_iter()
            .map(|record| {
                let entry = record.entry;
                let name = entry.actor.map(|id| names.get(&id).cloned());
                AuditLine {
                    seq: record.seq,
                    at: entry.at,
                    actor_gone: matches!(name, Some(None)),
                    actor: match (name, entry.actor) {
                        (Some(Some(username)), _) => Some(username),
                        (Some(None), Some(id)) => Some(id.to_string()),
                        _ => None,
                    },
                    action: entry.action,
                    report: entry.report,
                    subject: entry.subject,
                    hash: hex(&record.hash),
                }
            })
            .collect())
    }

    /// The accounts, for the audit view's "who" filter (auditors see no other list of staff).
    pub async fn audit_staff(
        &self,
        session: &StaffSession,
    ) -> Result<Vec<refuge_domain::ports::StaffRecord>, AppError> {
        session.require(Permission::ReadAudit)?;
        Ok(self.store.list_staff().await?)
    }

    /// A page of the audit log, newest first, with its head.
    pub async fn audit_view(
        &self,
        session: &StaffSession,
        request: &AuditRequest,
    ) -> Result<AuditView, AppError> {
        session.require(Permission::ReadAudit)?;
        let query = self.audit_query(request, AUDIT_PAGE + 1).await?;
        let mut lines = self.audit_lines(&query, &self.staff_names().await?).await?;
        let more = lines.len() > AUDIT_PAGE as usize;
        lines.truncate(AUDIT_PAGE as usize);
        let (seq, hash) = self.store.audit_head().await?;
        Ok(AuditView {
            next_cursor: if more {
                lines.last().map(|l| l.seq)
            } else {
                None
            },
            lines,
            head: (seq, hex(&hash)),
            last_checkpoint: self
                .store
                .latest_checkpoint()
                .await?
                .map(|c| (c.seq, c.written_at)),
        })
    }

    /// The rows `request` asks for (every page), as CSV written a page at a time. The export
    /// itself is on record.
    pub async fn audit_export(
        &self,
        session: &StaffSession,
        request: &AuditRequest,
    ) -> Result<AuditExport, AppError> {
        session.require(Permission::ReadAudit)?;
        let query = self.audit_query(request, WALK_PAGE).await?;
        self.store
            .append_audit(&AuditEntry {
                at: self.now(),
                actor: Some(session.staff.id),
                action: AuditAction::AuditExported,
                report: None,
                subject: String::new(),
            })
            .await?;
        Ok(AuditExport {
            app: self.clone(),
            query,
            names: self.staff_names().await?,
            done: false,
            started: false,
        })
    }

    /// Signs the log's head as a checkpoint, keeps it, and returns the signed text to be kept
    /// off the server. `session` is `None` for the server's own daily checkpoint.
    pub async fn write_checkpoint(
        &self,
        session: Option<&StaffSession>,
    ) -> Result<String, AppError> {
        if let Some(session) = session {
            session.require(Permission::ReadAudit)?;
        }
        let (seq, hash) = self.store.audit_head().await?;
        let at = self.now();
        let checkpoint = Checkpoint {
            instance: self.secrets.instance_id.clone(),
            seq,
            hash,
            at,
        };
        let signed = self.secrets.evidence_key.sign_text(&checkpoint.text());
        self.store
            .insert_checkpoint(
                &StoredCheckpoint {
                    seq,
                    hash,
                    written_at: at,
                    signed: signed.clone(),
                },
                &AuditEntry {
                    at,
                    actor: session.map(|s| s.staff.id),
                    action: AuditAction::AuditCheckpointWritten,
                    report: None,
                    subject: format!("row {seq}"),
                },
            )
            .await?;
        Ok(signed)
    }

    /// The server's own checkpoint, once a day when the log has moved since the last one.
    /// Returns whether one was written.
    pub async fn checkpoint_if_due(&self) -> Result<bool, AppError> {
        let (seq, _) = self.store.audit_head().await?;
        let due = match self.store.latest_checkpoint().await? {
            None => seq > 0,
            Some(last) => {
                // The checkpoint's own audit row moves the head by one.
                seq > last.seq + 1 && self.now() - last.written_at >= CHECKPOINT_EVERY_SECONDS
            }
        };
        if due {
            self.write_checkpoint(None).await?;
        }
        Ok(due)
    }

    /// Walks the whole chain from its first row and checks its head — and, given the signed
    /// text of a checkpoint, that it is this instance's and that the log still extends it.
    pub async fn verify_audit(
        &self,
        checkpoint: Option<&str>,
    ) -> Result<AuditVerified, AuditProblem> {
        let checkpoint = match checkpoint {
            None => None,
            Some(signed) => {
                let text = signed
                    .split_once(refuge_crypto::signing::SIGNATURE_BEGIN)
                    .map(|(text, _)| text)
                    .ok_or(AuditProblem::NotACheckpoint)?;
                let parsed = Checkpoint::parse(text).ok_or(AuditProblem::NotACheckpoint)?;
                if parsed.instance != self.secrets.instance_id {
                    return Err(AuditProblem::OtherInstance(parsed.instance));
                }
                if !refuge_crypto::signing::verify_signed_text(
                    signed,
                    &self.secrets.evidence_key.public_pem(),
                ) {
                    return Err(AuditProblem::BadSignature);
                }
                Some(parsed)
            }
        };
        let mut walk = ChainWalk::new();
        let mut after = 0;
        let mut checkpoint_seen = false;
        loop {
            let rows = self
                .store
                .audit_chain(after, WALK_PAGE)
                .await
                .map_err(AppError::from)?;
            let Some(last) = rows.last() else { break };
            after = last.seq;
            for row in &rows {
                walk.push(row).map_err(AuditProblem::Chain)?;
                if let Some(checkpoint) = &checkpoint
                    && row.seq == checkpoint.seq
                {
                    if row.hash != checkpoint.hash {
                        return Err(AuditProblem::Chain(ChainBreak::CheckpointMismatch {
                            seq: row.seq,
                        }));
                    }
                    checkpoint_seen = true;
                }
            }
        }
        if let Some(checkpoint) = &checkpoint
            && !checkpoint_seen
            && checkpoint.seq > 0
        {
            return Err(AuditProblem::Chain(ChainBreak::CheckpointMissing {
                seq: checkpoint.seq,
            }));
        }
        let head = self.store.audit_head().await.map_err(AppError::from)?;
        walk.finish(head).map_err(AuditProblem::Chain)?;
        Ok(AuditVerified {
            rows: walk.rows(),
            head,
            checkpoint: checkpoint.map(|c| c.seq),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_and_never_formulas() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("-1"), "'-1");
        assert_eq!(csv_field("@sum"), "'@sum");
    }

    #[test]
    fn moments_are_utc_to_the_second() {
        assert_eq!(moment(1_795_435_200), "2026-11-23 12:00:00");
        assert_eq!(moment(1_795_435_200 + 3_661), "2026-11-23 13:01:01");
    }

    #[test]
    fn audit_requests_keep_their_parameters() {
        let mut request = AuditRequest::default();
        for name in AuditRequest::PARAMETERS {
            request.set(name, &format!(" {name} "));
        }
        for name in AuditRequest::PARAMETERS {
            assert_eq!(request.get(name), Some(*name));
        }
        request.set("actor", "");
        assert_eq!(request.get("actor"), None);
    }
}
