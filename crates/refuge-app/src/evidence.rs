//! Evidence files: what is recorded about each one, sealed, and the removal of their blobs.

use refuge_crypto::StaffIdentity;
use refuge_domain::ReportId;
use refuge_domain::ports::NewFile;
use serde::{Deserialize, Serialize};

use crate::{AppError, Refuge};

/// What Refuge records about a file, sealed to staff and the conversation key (so the reporter
/// can list what they sent and get a signed evidence receipt for it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileDescription {
    pub file_id: String,
    /// The name as the reporter's device gave it, made safe to show (`refuge_files::display_name`).
    pub name: String,
    /// What the content is, judged from its bytes (`refuge_files::FileKind::code`).
    pub kind: String,
    pub size: u64,
    /// SHA-256 of the original exactly as received, hex.
    pub sha256: String,
    /// Day it was received, `YYYY-MM-DD`.
    pub received: String,
    /// What the working copy lacks (`refuge_files::Removed::code`); empty if nothing was found.
    pub removed: Vec<String>,
    /// Whether a metadata-free working copy exists.
    pub cleaned: bool,
}

impl Refuge {
    /// The descriptions of a report's files, opened with its conversation identity.
    pub(crate) async fn file_descriptions(
        &self,
        conversation: &StaffIdentity,
        report: ReportId,
    ) -> Result<Vec<FileDescription>, AppError> {
        self.store
            .files(report)
            .await?
            .iter()
            .map(|file| {
                let plaintext = conversation
                    .decrypt(&file.sealed_meta)
                    .map_err(|_| AppError::Unavailable("a file description did not open".into()))?;
                serde_json::from_slice(&plaintext)
                    .map_err(|e| AppError::Unavailable(format!("file description unreadable: {e}")))
            })
            .collect()
    }

    /// Best-effort removal of a file's blobs that no committed row points to.
    pub(crate) async fn remove_file_blobs(&self, file: &NewFile) {
        self.remove_blob(file.original_blob.clone()).await;
        if let Some(clean) = &file.clean_blob {
            self.remove_blob(clean.clone()).await;
        }
    }
}
