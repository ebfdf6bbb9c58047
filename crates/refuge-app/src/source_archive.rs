//! The archived copy of a registry source: the page or document as the researcher found it,
//! kept in case it changes or disappears.
//!
//! The copy is sealed like evidence — streamed through age into the blob store as it arrives,
//! never whole in memory and never in clear anywhere — to every researcher and administrator
//! of the day and the organisation's recovery key. Only its SHA-256 (of the plaintext) is
//! public, on the source. A member who joins later cannot open an earlier copy; any holder can
//! keep it again (the page says so).

use std::collections::HashMap;
use std::io::{Read, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use refuge_crypto::random::StreamingSha256;
use refuge_crypto::{SealingWriter, StaffIdentity, encrypt_to_recipients};
use refuge_domain::ports::{AuditEntry, BlobError, BlobStore};
use refuge_domain::registry::{Source, SourceArchive};
use refuge_domain::{AuditAction, Day, Permission, SourceId};
use tokio::sync::mpsc;
use zeroize::Zeroizing;

use crate::error::FileRefusal;
use crate::sessions::StaffSession;
use crate::{AppError, Refuge};

/// Chunks waiting for the sealing thread, at most: with the web layer's chunks of at most a
/// few hundred KiB, this bounds what one upload holds in memory.
const QUEUED_CHUNKS: usize = 4;

/// One request's upload of a source's archived copy: at most one file, at most
/// `files.per_file_bytes`. Dropped without [`Refuge::keep_source_archive`], the sealed copy it
/// received is deleted.
pub struct ArchiveUpload {
    app: Refuge,
    source: Source,
    recipients: Vec<String>,
    max_bytes: u64,
    received: Option<SealedCopy>,
}

/// A copy sealed and committed to the blob store, not yet kept by any row.
struct SealedCopy {
    name: String,
    blob: String,
    size: u64,
    sha256: String,
}

/// A file being received.
pub struct ArchiveWrite {
    name: String,
    size: u64,
    chunks: mpsc::Sender<Vec<u8>>,
    cancelled: Arc<AtomicBool>,
    task: tokio::task::JoinHandle<Result<(String, String), BlobError>>,
}

/// What a researcher sees of a source's copy.
#[derive(Debug, Clone)]
pub struct ArchiveSummary {
    pub size: u64,
    pub added: Day,
    pub added_by: String,
    /// The file's name, when the copy was sealed to the reader (`None`: it was not, so they
    /// cannot download it).
    pub name: Option<String>,
}

/// A source with its copy, if one was kept.
#[derive(Debug, Clone)]
pub struct SourceWithArchive {
    pub source: Source,
    pub archive: Option<ArchiveSummary>,
}

/// A copy kept: the source as it now reads (its SHA-256) and the copy's size.
#[derive(Debug, Clone)]
pub struct KeptArchive {
    pub source: Source,
    pub size: u64,
}

/// A copy being downloaded.
pub struct ArchiveDownload {
    pub name: String,
    pub size: u64,
    /// The decrypted content. Reading it queries the store: do it on the blocking pool.
    pub content: Box<dyn Read + Send>,
}

impl Refuge {
    /// Starts receiving a copy of `source` for a researcher.
    pub async fn source_archive_upload(
        &self,
        session: &StaffSession,
        source: SourceId,
    ) -> Result<ArchiveUpload, AppError> {
        session.require(Permission::WriteRegistry)?;
        let source = self.registry_source(source).await?;
        // Everyone who works on the registry today, and the recovery key.
        let mut recipients: Vec<String> = self
            .store
            .list_staff()
            .await?
            .into_iter()
            .filter(|member| {
                !member.disabled
                    && (member.role.may(Permission::WriteRegistry)
                        || member.role.may(Permission::PublishRegistry))
            })
            .map(|member| member.public_key)
            .collect();
        recipients.extend(self.recovery_recipients().await?);
        if recipients.is_empty() {
            return Err(AppError::NoRecipients);
        }
        Ok(ArchiveUpload {
            app: self.clone(),
            source,
            recipients,
            max_bytes: self.settings.files.per_file_bytes,
            received: None,
        })
    }

    async fn registry_source(&self, id: SourceId) -> Result<Source, AppError> {
        self.store
            .registry_sources()
            .await?
            .into_iter()
            .find(|s| s.id == id)
            .ok_or(AppError::NotFound)
    }

    /// Keeps the copy `upload` received as its source's archived copy: its SHA-256 goes on the
    /// source, the copy it replaces (if any) is deleted. Returns the source as it now reads.
    pub async fn keep_source_archive(
        &self,
        session: &StaffSession,
        mut upload: ArchiveUpload,
    ) -> Result<KeptArchive, AppError> {
        session.require(Permission::WriteRegistry)?;
        let copy = upload
            .received
            .take()
            .ok_or(AppError::FileRefused(FileRefusal::NoFiles))?;
        let result = self.keep_copy(session, &upload, &copy).await;
        if result.is_err() {
            self.delete_blob(copy.blob).await;
        }
        result
    }

    async fn keep_copy(
        &self,
        session: &StaffSession,
        upload: &ArchiveUpload,
        copy: &SealedCopy,
    ) -> Result<KeptArchive, AppError> {
        let sealed_name = encrypt_to_recipients(&upload.recipients, copy.name.as_bytes())
            .map_err(|_| AppError::Unavailable("sealing a file name".into()))?;
        let mut source = upload.source.clone();
        source.archived_sha256 = Some(copy.sha256.clone());
        let archive = SourceArchive {
            source: source.id,
            blob: copy.blob.clone(),
            size: copy.size,
            sealed_name,
            added_by: session.staff.id,
            added: self.today(),
        };
        let audit = AuditEntry {
            at: self.now(),
            actor: Some(session.staff.id),
            action: AuditAction::RegistrySourceArchived,
            report: None,
            subject: format!("{} sha256={}", source.id, copy.sha256),
        };
        let replaced = self
            .store
            .keep_source_archive(&archive, &source, &audit)
            .await?;
        if let Some(old) = replaced {
            self.delete_blob(old).await;
        }
        Ok(KeptArchive {
            source,
            size: copy.size,
        })
    }

    /// Best effort: a blob no row points to (the start-up sweep removes any left).
    async fn delete_blob(&self, name: String) {
        let blobs = self.blobs.clone();
        if let Ok(Err(error)) = self.work.blocking(move || blobs.delete(&name)).await {
            tracing::warn!("an archived copy left for the start-up sweep: {error}");
        }
    }

    /// Every source, with what the reader can see of its copy.
    pub async fn sources_with_archives(
        &self,
        session: &StaffSession,
    ) -> Result<Vec<SourceWithArchive>, AppError> {
        crate::registry::require_registry(session)?;
        let mut archives: HashMap<SourceId, SourceArchive> = self
            .store
            .source_archives()
            .await?
            .into_iter()
            .map(|a| (a.source, a))
            .collect();
        let names = self.staff_names().await?;
        Ok(self
            .store
            .registry_sources()
            .await?
            .into_iter()
            .map(|source| SourceWithArchive {
                archive: archives
                    .remove(&source.id)
                    .map(|a| summary(session, &names, &a)),
                source,
            })
            .collect())
    }

    /// One source with what the reader can see of its copy.
    pub async fn source_with_archive(
        &self,
        session: &StaffSession,
        id: SourceId,
    ) -> Result<SourceWithArchive, AppError> {
        crate::registry::require_registry(session)?;
        let source = self.registry_source(id).await?;
        let archive = match self.store.source_archive(id).await? {
            Some(archive) => Some(summary(session, &self.staff_names().await?, &archive)),
            None => None,
        };
        Ok(SourceWithArchive { source, archive })
    }

    /// A source's copy, decrypted as it is read, for a researcher or administrator it was
    /// sealed to (`NoAccess` for one it was not).
    pub async fn download_source_archive(
        &self,
        session: &StaffSession,
        id: SourceId,
    ) -> Result<ArchiveDownload, AppError> {
        crate::registry::require_registry(session)?;
        let archive = self
            .store
            .source_archive(id)
            .await?
            .ok_or(AppError::NotFound)?;
        let name = open_name(session, &archive).ok_or(AppError::NoAccess)?;
        // The session's identity, copied for the blocking thread that reads the copy.
        let identity = StaffIdentity::from_secret_bytes(&session.identity.to_secret_bytes())
            .map_err(|_| AppError::Unavailable("session identity unreadable".into()))?;
        let blobs = self.blobs.clone();
        let blob = archive.blob.clone();
        let content = self
            .work
            .blocking(move || -> Result<Box<dyn Read + Send>, AppError> {
                let sealed = blobs.open(&blob)?;
                identity
                    .decrypt_stream(sealed)
                    .map_err(|_| AppError::Unavailable("an archived copy did not open".into()))
            })
            .await??;
        Ok(ArchiveDownload {
            name,
            size: archive.size,
            content,
        })
    }
}

fn open_name(session: &StaffSession, archive: &SourceArchive) -> Option<String> {
    let bytes: Zeroizing<Vec<u8>> = session.identity.decrypt(&archive.sealed_name).ok()?;
    String::from_utf8(bytes.to_vec()).ok()
}

fn summary(
    session: &StaffSession,
    names: &crate::audit::StaffNames,
    archive: &SourceArchive,
) -> ArchiveSummary {
    ArchiveSummary {
        size: archive.size,
        added: archive.added,
        added_by: names.get(&archive.added_by).cloned().unwrap_or_default(),
        name: open_name(session, archive),
    }
}

impl ArchiveUpload {
    /// The most bytes the copy may have.
    pub fn max_bytes(&self) -> u64 {
        self.max_bytes
    }

    /// Whether a copy has been received.
    pub fn is_empty(&self) -> bool {
        self.received.is_none()
    }

    /// Starts receiving the copy. `raw_name` is what the browser sent; it is only shown,
    /// escaped. One copy per request.
    pub async fn start(&mut self, raw_name: &str) -> Result<ArchiveWrite, AppError> {
        if self.received.is_some() {
            return Err(AppError::FileRefused(FileRefusal::TooManyFiles { max: 1 }));
        }
        let (chunks, incoming) = mpsc::channel(QUEUED_CHUNKS);
        let blobs = self.app.blobs.clone();
        let keys = self.recipients.clone();
        let cancelled = Arc::new(AtomicBool::new(false));
        let flag = cancelled.clone();
        let task =
            tokio::task::spawn_blocking(move || seal_incoming(incoming, blobs, &keys, &flag));
        Ok(ArchiveWrite {
            name: refuge_files::display_name(raw_name),
            size: 0,
            chunks,
            cancelled,
            task,
        })
    }

    /// Adds a chunk, refusing it as soon as the copy would pass the limit.
    pub async fn push(&mut self, write: &mut ArchiveWrite, chunk: Vec<u8>) -> Result<(), AppError> {
        let size = write.size + chunk.len() as u64;
        if size > self.max_bytes {
            return Err(AppError::FileRefused(FileRefusal::FileTooLarge {
                max_bytes: self.max_bytes,
            }));
        }
        write.size = size;
        if write.chunks.send(chunk).await.is_err() {
            // The sealing thread stopped: its error comes out of `finish`.
            return Err(AppError::Unavailable("archive writer stopped".into()));
        }
        Ok(())
    }

    /// Completes the copy: sealed and durable in the blob store, not yet kept by any row.
    pub async fn finish(&mut self, write: ArchiveWrite) -> Result<(), AppError> {
        let ArchiveWrite {
            name,
            size,
            chunks,
            cancelled,
            task,
        } = write;
        if size == 0 {
            cancelled.store(true, Ordering::SeqCst);
            drop(chunks);
            let _ = task.await;
            return Err(AppError::FileRefused(FileRefusal::EmptyFile));
        }
        drop(chunks);
        let (blob, sha256) = match task.await {
            Ok(Ok(done)) => done,
            Ok(Err(BlobError::SyncFailed(detail))) => {
                self.app.work.request_fail_stop();
                return Err(AppError::Unavailable(format!("fsync failed: {detail}")));
            }
            Ok(Err(other)) => return Err(other.into()),
            Err(e) => return Err(AppError::Unavailable(format!("archive writer failed: {e}"))),
        };
        self.received = Some(SealedCopy {
            name,
            blob,
            size,
            sha256,
        });
        Ok(())
    }

    /// Stops receiving a copy (the request broke or was refused): nothing is kept.
    pub async fn cancel(&mut self, write: ArchiveWrite) {
        write.cancelled.store(true, Ordering::SeqCst);
        drop(write.chunks);
        let _ = write.task.await;
    }
}

impl Drop for ArchiveUpload {
    /// A copy received and never kept is removed in the background.
    fn drop(&mut self) {
        let Some(copy) = self.received.take() else {
            return;
        };
        let app = self.app.clone();
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                runtime.spawn(async move { app.delete_blob(copy.blob).await });
            }
            Err(_) => tracing::warn!("an archived copy left for the start-up sweep"),
        }
    }
}

/// The sealing thread: seals chunks to `keys` as they come and hashes the plaintext. Returns
/// the committed blob's name and the SHA-256 (hex); a cancelled copy is never committed (the
/// writer's rows go with it).
fn seal_incoming(
    mut incoming: mpsc::Receiver<Vec<u8>>,
    blobs: Arc<dyn BlobStore>,
    keys: &[String],
    cancelled: &AtomicBool,
) -> Result<(String, String), BlobError> {
    let fail = |e: std::io::Error| BlobError::WriteFailed(e.to_string());
    let mut sealed = SealingWriter::new(keys, blobs.create()?)
        .map_err(|e| BlobError::WriteFailed(format!("sealing: {e}")))?;
    let mut sha256 = StreamingSha256::default();
    while let Some(chunk) = incoming.blocking_recv() {
        sealed.write_all(&chunk).map_err(fail)?;
        sha256.update(&chunk);
    }
    if cancelled.load(Ordering::SeqCst) {
        return Err(BlobError::WriteFailed("upload abandoned".into()));
    }
    let blob = sealed.finish().map_err(fail)?.commit()?;
    Ok((blob, sha256.finish_hex()))
}
