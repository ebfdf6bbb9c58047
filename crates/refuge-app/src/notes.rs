//! Internal notes: what caseworkers write about a case for each other. Sealed under the
//! report's case key — never the conversation key — so a receipt never opens one; append-only,
//! an edit adds a version and keeps the old.

use refuge_domain::ports::{AuditEntry, NewNote, StoreError, StoredReport};
use refuge_domain::report::{FieldError, check_message};
use refuge_domain::{AuditAction, Day, NoteId, Permission, ReportId};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::forms::{FormPurpose, FormToken};
use crate::sealed::CaseKey;
use crate::sessions::StaffSession;
use crate::{AppError, Refuge};

const NOTE_FORMAT: &str = "refuge.note.v1";

#[derive(Serialize, Deserialize)]
struct SealedNote {
    format: String,
    body: String,
}

/// One version of a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteVersion {
    pub version: i64,
    /// The author's username (`None`: an account that no longer exists).
    pub author: Option<String>,
    pub written: Day,
    pub body: String,
}

/// A note as staff read it: its latest version, and the earlier ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteView {
    pub id: NoteId,
    pub latest: NoteVersion,
    /// Earlier versions, oldest first.
    pub earlier: Vec<NoteVersion>,
}

/// What seals a version of a note: its report, its id and its version are bound to it, so a
/// note cannot be moved to another report or passed off as another version.
fn note_purpose(id: NoteId, version: i64) -> Vec<u8> {
    let mut purpose = b"note ".to_vec();
    purpose.extend_from_slice(id.as_bytes());
    purpose.extend_from_slice(&version.to_be_bytes());
    purpose
}

fn invalid_body(problem: refuge_domain::report::Problem) -> AppError {
    AppError::Invalid(vec![FieldError {
        field: "body".into(),
        problem,
    }])
}

impl Refuge {
    /// Writes a new note on a report the member holds a key to. Sent with the page's form token
    /// (`once`), sending that form again adds nothing.
    pub async fn add_note(
        &self,
        session: &StaffSession,
        report: ReportId,
        body: &str,
        once: Option<&FormToken>,
    ) -> Result<NoteId, AppError> {
        let id = NoteId::from_bytes(match once {
            Some(token) => self.form_id(FormPurpose::Note, report.as_bytes(), token, 0),
            None => refuge_crypto::random::bytes::<16>(),
        });
        match self.write_note(session, report, id, 1, body).await {
            Ok(()) => Ok(id),
            // The same form sent twice: its note is there.
            Err(AppError::Conflict) if once.is_some() => Ok(id),
            Err(error) => Err(error),
        }
    }

    /// Writes a new version of a note. `Conflict` if a colleague's edit came first: the page
    /// shows theirs, and the text is kept for another try.
    pub async fn edit_note(
        &self,
        session: &StaffSession,
        report: ReportId,
        id: NoteId,
        body: &str,
    ) -> Result<i64, AppError> {
        session.require(Permission::WorkCases)?;
        let body = check_message(body).map_err(invalid_body)?;
        let stored = self.known_report(session, report).await?;
        let key = self.case_key(session, &stored, None).await?;
        let current = self
            .note_versions(&key, &stored)
            .await?
            .into_iter()
            .find(|note| note.id == id)
            .ok_or(AppError::NotFound)?;
        // Sending the same edit again (a reload) adds nothing.
        if current.latest.body == body {
            return Ok(current.latest.version);
        }
        let version = current.latest.version + 1;
        self.write_note(session, report, id, version, &body)
            .await
            .map(|()| version)
    }

    async fn write_note(
        &self,
        session: &StaffSession,
        report: ReportId,
        id: NoteId,
        version: i64,
        body: &str,
    ) -> Result<(), AppError> {
        session.require(Permission::WorkCases)?;
        let body = check_message(body).map_err(invalid_body)?;
        let stored = self.known_report(session, report).await?;
        let key = self.case_key(session, &stored, None).await?;
        let plain = Zeroizing::new(
            serde_json::to_vec(&SealedNote {
                format: NOTE_FORMAT.into(),
                body,
            })
            .map_err(|e| AppError::Unavailable(e.to_string()))?,
        );
        let note = NewNote {
            id,
            version,
            report_id: report,
            author: session.staff.id,
            written: Day::from_unix_seconds(self.now()),
            ciphertext: key.seal(&note_purpose(id, version), report, &plain),
        };
        let audit = AuditEntry {
            at: self.now(),
            actor: Some(session.staff.id),
            action: AuditAction::NoteWritten,
            report: Some(report),
            // Which note and which version; never a word of it.
            subject: format!("note={id} version={version}"),
        };
        match self.store.insert_note(&note, &audit).await {
            Ok(()) => Ok(()),
            Err(StoreError::Conflict) => Err(AppError::Conflict),
            Err(other) => Err(other.into()),
        }
    }

    /// Every note of a report, each with its earlier versions, opened with its case key.
    pub(crate) async fn note_versions(
        &self,
        key: &CaseKey,
        stored: &StoredReport,
    ) -> Result<Vec<NoteView>, AppError> {
        let report = stored.meta.id;
        let staff = self.store.list_staff().await?;
        let mut notes: Vec<NoteView> = Vec::new();
        for row in self.store.notes(report).await? {
            let plain = key.open(&note_purpose(row.id, row.version), report, &row.ciphertext)?;
            let sealed: SealedNote = serde_json::from_slice(&plain)
                .map_err(|e| AppError::Unavailable(format!("note unreadable: {e}")))?;
            let version = NoteVersion {
                version: row.version,
                author: staff
                    .iter()
                    .find(|s| s.id == row.author)
                    .map(|s| s.username.clone()),
                written: row.written,
                body: sealed.body,
            };
            match notes.iter_mut().find(|n| n.id == row.id) {
                Some(note) => {
                    let previous = std::mem::replace(&mut note.latest, version);
                    note.earlier.push(previous);
                }
                None => notes.push(NoteView {
                    id: row.id,
                    latest: version,
                    earlier: Vec::new(),
                }),
            }
        }
        Ok(notes)
    }

    /// The notes of a report the member holds a key to.
    pub async fn notes(
        &self,
        session: &StaffSession,
        report: ReportId,
    ) -> Result<Vec<NoteView>, AppError> {
        session.require(Permission::WorkCases)?;
        let stored = self.known_report(session, report).await?;
        let key = self.case_key(session, &stored, None).await?;
        self.note_versions(&key, &stored).await
    }
}
