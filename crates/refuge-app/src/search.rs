//! Search documents: what a report holds in words (narrative, identifiers, contact details,
//! city, messages, notes, file names), normalised for search and sealed under the report's case
//! key in chunks. Intake writes the first; a search rebuilds any that its content has outgrown
//! (a reporter's message cannot be added on the reporter's side, which holds no case key).
//!
//! SECURITY: nothing searchable is stored in clear. A document opens only with the case key,
//! which staff hold in their rings (each sealed under a key only their identity derives); a
//! search opens documents in the staff session's memory, one batch at a time, and drops them.
//! Decision record: docs/decisions/0013-search-over-sealed-documents.md.

use refuge_domain::ReportId;
use refuge_domain::ports::StoredReport;
use refuge_domain::report::Report;
use refuge_domain::search::{SearchDocument, digits};
use refuge_domain::taxonomy::IdentifierKind;
use zeroize::Zeroizing;

use crate::sealed::{CaseKey, FileDescription, MessageKeys, SealedReport, decrypt_messages};
use crate::sessions::StaffSession;
use crate::{AppError, Refuge};

/// What seals chunk `index` of a search document (its place is bound to it, and its report by
/// the case key's context).
fn chunk_purpose(index: usize) -> Vec<u8> {
    format!("search {index}").into_bytes()
}

/// The words of a report, as a search document's chunks (plaintext: wiped on drop).
pub(crate) fn document(
    report: &Report,
    files: &[FileDescription],
    messages: &[&str],
    notes: &[&str],
) -> Vec<Zeroizing<String>> {
    let mut doc = SearchDocument::new();
    doc.add(&report.narrative);
    for identifier in &report.identifiers {
        doc.add(&identifier.value);
        // A number is found by its digits however it was spaced or prefixed.
        if identifier.kind == IdentifierKind::Phone {
            doc.add(&digits(&identifier.value));
        }
    }
    if let Some(city) = &report.city {
        doc.add(city);
    }
    if let Some(details) = &report.contact.details {
        doc.add(details);
    }
    for file in files {
        doc.add(&file.name);
    }
    for message in messages {
        doc.add(message);
    }
    for note in notes {
        doc.add(note);
    }
    doc.into_chunks().into_iter().map(Zeroizing::new).collect()
}

/// Seals a document's chunks under the report's case key.
pub(crate) fn seal_document(
    key: &CaseKey,
    report: ReportId,
    chunks: &[Zeroizing<String>],
) -> Vec<Vec<u8>> {
    chunks
        .iter()
        .enumerate()
        .map(|(index, chunk)| key.seal(&chunk_purpose(index), report, chunk.as_bytes()))
        .collect()
}

/// Opens one sealed chunk: normalised UTF-8 (it was sealed as a `String`, and the seal is
/// authenticated, so it is still one).
pub(crate) fn open_chunk(
    key: &CaseKey,
    report: ReportId,
    index: i64,
    sealed: &[u8],
) -> Result<Zeroizing<Vec<u8>>, AppError> {
    let index = usize::try_from(index)
        .map_err(|_| AppError::Unavailable("search chunk out of range".into()))?;
    key.open(&chunk_purpose(index), report, sealed)
}

impl Refuge {
    /// Builds a report's search document again from everything it holds now, and stores it
    /// unless a colleague's search stored one as recent meanwhile. Opening the report here is
    /// not "opening" it in the audit sense: nothing of it is shown.
    pub(crate) async fn rebuild_search_document(
        &self,
        session: &StaffSession,
        stored: &StoredReport,
        key: &CaseKey,
    ) -> Result<(), AppError> {
        let id = stored.meta.id;
        let sealed: SealedReport = self.decrypt_report(session, stored).await?;
        let staff = self.store.list_staff().await?;
        let (messages, files) = match (sealed.conversation_identity()?, sealed.files_identity()?) {
            (Some(conversation), Some(files_key)) => {
                let rows = self.store.messages(id).await?;
                let keys = MessageKeys::staff(&conversation, &files_key);
                let bodies: Vec<Zeroizing<String>> = decrypt_messages(&keys, id, &rows, &staff)
                    .into_iter()
                    .map(|(view, _)| Zeroizing::new(view.body))
                    .collect();
                (bodies, self.file_descriptions(&conversation, id).await?)
            }
            _ => (Vec::new(), sealed.files.clone()),
        };
        let notes: Vec<Zeroizing<String>> = self
            .note_versions(key, stored)
            .await?
            .into_iter()
            .map(|note| Zeroizing::new(note.latest.body))
            .collect();
        let chunks = document(
            &sealed.report,
            &files,
            &messages.iter().map(|m| m.as_str()).collect::<Vec<_>>(),
            &notes.iter().map(|n| n.as_str()).collect::<Vec<_>>(),
        );
        let sealed_chunks = seal_document(key, id, &chunks);
        self.store
            .replace_search_document(id, stored.content_version, &sealed_chunks)
            .await?;
        Ok(())
    }
}
