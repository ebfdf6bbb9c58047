//! Evidence files: received as streams, sealed while they arrive, hashed, cleaned of identifying
//! metadata where the format allows, described in a sealed record, and downloaded again by staff.
//!
//! SECURITY: no byte of a file is written to disk in clear. The original is encrypted chunk by
//! chunk to the report's staff keys and its files key. For formats that can be cleaned, a second
//! stream goes to a scratch file encrypted to a one-time key held only in memory; after the upload
//! it is decrypted, cleaned (one at a time, so memory stays bounded) and the working copy is
//! sealed like the original. Files are never parsed beyond what cleaning needs, and never
//! rendered.

use std::io::{Read, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use refuge_crypto::random::StreamingSha256;
use refuge_crypto::{SealingWriter, StaffIdentity, random};
use refuge_domain::calendar::Day;
use refuge_domain::ports::{
    AuditEntry, BlobError, BlobStore, BlobWriter, NewFile, Store, StoreError,
};
use refuge_domain::{AuditAction, FileId, Permission, ReportId};
use refuge_files::FileKind;
use tokio::sync::mpsc;
use zeroize::Zeroizing;

use crate::error::FileRefusal;
use crate::forms::{FormPurpose, FormToken};
use crate::sealed::{FileDescription, Variant, open_description, seal_description};
use crate::sessions::{ReporterSession, StaffSession};
use crate::settings::FileLimits;
use crate::{AppError, Refuge};

/// A file being downloaded: its description and its decrypted content, as a stream.
pub struct Download {
    pub description: FileDescription,
    pub variant: Variant,
    /// The decrypted content. Reading it queries the store: do it on the blocking pool.
    pub content: Box<dyn Read + Send>,
}

/// Files arriving in one request, for one report: the keys they are sealed to and what is left
/// of each limit. Files received and then not kept are removed by [`UploadBatch::abandon`]; a
/// batch dropped while still holding files removes them in the background (the start-up sweep
/// is the backstop).
pub struct UploadBatch {
    pub(crate) app: Refuge,
    content_keys: Vec<String>,
    description_keys: Vec<String>,
    limits: FileLimits,
    /// Bytes the report may still receive.
    report_left: u64,
    /// Files the report may still receive (security review M6).
    files_left: u32,
    /// The day's upload budget this batch holds (security review L3): bytes counted against
    /// the day before they arrive, and what of them has arrived. What is left unused goes back
    /// when the batch is dropped.
    budget: DayBudget,
    received: Vec<(NewFile, FileDescription)>,
    /// The report files are added to later; only then can a form token give their ids.
    once_scope: Option<ReportId>,
    /// Where file ids come from when the batch was sent with a form token: the same form sent
    /// twice then carries the same ids, and the second is refused by the store as a repeat.
    once: Option<(ReportId, FormToken)>,
}

/// When the day cannot give a batch all it may need, bytes are counted a block ahead of its
/// chunks: one store write per block, not per chunk.
const RESERVE_BLOCK_BYTES: u64 = 256 * 1024;

/// Part of the day's upload budget, held by one batch.
struct DayBudget {
    store: Arc<dyn Store>,
    day: Day,
    limit: i64,
    /// Counted against the day so far; never less than `used`.
    reserved: u64,
    /// Bytes that arrived, kept or not: a refused or abandoned file was still received,
    /// encrypted and written, so it stays counted.
    used: u64,
}

impl DayBudget {
    fn new(app: &Refuge, limits: FileLimits) -> DayBudget {
        DayBudget {
            store: app.store.clone(),
            day: Day::from_unix_seconds(app.now()),
            limit: i64::try_from(limits.per_day_bytes).unwrap_or(i64::MAX),
            reserved: 0,
            used: 0,
        }
    }

    /// Counts `bytes` more as arrived, reserving first if needed; `false` when the day is full.
    ///
    /// The first reservation asks for everything the batch may still need (`may_need`), so
    /// that uploads racing for the last of the day do not each take a slice and all fail;
    /// batches that find the day too full for that go a block at a time.
    async fn take(&mut self, bytes: u64, may_need: u64) -> Result<bool, AppError> {
        let wanted = self.used + bytes;
        if wanted > self.reserved {
            let needed = wanted - self.reserved;
            let mut attempts = Vec::with_capacity(3);
            if self.reserved == 0 {
                attempts.push(may_need.max(needed));
            }
            attempts.push(needed.max(RESERVE_BLOCK_BYTES).min(may_need.max(needed)));
            attempts.push(needed);
            let mut granted = None;
            for attempt in attempts {
                let counted = i64::try_from(attempt).unwrap_or(i64::MAX);
                if self
                    .store
                    .reserve_upload_bytes(self.day, counted, self.limit)
                    .await?
                {
                    granted = Some(attempt);
                    break;
                }
            }
            match granted {
                Some(attempt) => self.reserved += attempt,
                None => return Ok(false),
            }
        }
        self.used = wanted;
        Ok(true)
    }
}

impl Drop for DayBudget {
    fn drop(&mut self) {
        let unused = self.reserved.saturating_sub(self.used);
        if unused == 0 {
            return;
        }
        // Giving back is best effort: a failure leaves the day's count high, never low.
        let unused = i64::try_from(unused).unwrap_or(i64::MAX);
        let (store, day) = (self.store.clone(), self.day);
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                runtime.spawn(async move {
                    if let Err(error) = store.release_upload_bytes(day, unused).await {
                        tracing::warn!(%error, "could not give back unused upload bytes");
                    }
                });
            }
            Err(_) => tracing::warn!("unused upload bytes left counted (no runtime)"),
        }
    }
}

/// One file streaming in.
pub struct Upload {
    name: String,
    size: u64,
    chunks: mpsc::Sender<Vec<u8>>,
    /// Set before the sender is dropped when the upload is abandoned: the thread then commits
    /// nothing.
    cancelled: Arc<AtomicBool>,
    task: tokio::task::JoinHandle<Result<Received, BlobError>>,
}

/// What the receiving thread hands back.
struct Received {
    original_blob: String,
    sha256: String,
    kind: FileKind,
    /// The ciphertext of a cleanable file, and the one-time identity that opens it.
    scratch: Option<(Box<dyn Read + Send>, StaffIdentity)>,
}

/// Chunks waiting between the connection and the encrypting thread (memory per upload).
const QUEUED_CHUNKS: usize = 4;

/// A working copy before it is sealed, and what cleaning removed from it.
type CleanedCopy = (Zeroizing<Vec<u8>>, Vec<String>);

/// The keys a batch seals to: file contents, and file descriptions.
pub(crate) struct BatchKeys {
    pub content: Vec<String>,
    pub descriptions: Vec<String>,
}

impl UploadBatch {
    /// A batch that may still take `report_left` bytes and `files_left` files; `once_scope` is
    /// the report files are added to later (none for a report being submitted).
    pub(crate) fn new(
        app: &Refuge,
        keys: BatchKeys,
        report_left: u64,
        files_left: u32,
        once_scope: Option<ReportId>,
    ) -> UploadBatch {
        let limits = app.settings.files;
        UploadBatch {
            app: app.clone(),
            content_keys: keys.content,
            description_keys: keys.descriptions,
            limits,
            report_left,
            files_left,
            budget: DayBudget::new(app, limits),
            received: Vec::new(),
            once_scope,
            once: None,
        }
    }

    /// The files received, for the report they are attached to: from here on they are the
    /// caller's to commit or remove.
    pub(crate) fn into_received(mut self) -> Vec<(NewFile, FileDescription)> {
        std::mem::take(&mut self.received)
    }

    /// Starts receiving one file. `raw_name` is what the browser sent; it is only shown, escaped.
    pub async fn start(&mut self, raw_name: &str) -> Result<Upload, AppError> {
        let app = &self.app;
        if self.received.len() >= self.limits.per_batch_files {
            return Err(AppError::FileRefused(FileRefusal::TooManyFiles {
                max: self.limits.per_batch_files,
            }));
        }
        if self.received.len() as u32 >= self.files_left {
            return Err(AppError::FileRefused(FileRefusal::ReportFull {
                max: app.settings.conversation.files_per_report,
            }));
        }
        let (chunks, incoming) = mpsc::channel(QUEUED_CHUNKS);
        let blobs = app.blobs.clone();
        let keys = self.content_keys.clone();
        let cancelled = Arc::new(AtomicBool::new(false));
        let flag = cancelled.clone();
        let task = tokio::task::spawn_blocking(move || receive(incoming, blobs, &keys, &flag));
        Ok(Upload {
            name: refuge_files::display_name(raw_name),
            size: 0,
            chunks,
            cancelled,
            task,
        })
    }

    /// Adds a chunk of `upload`, refusing it as soon as a limit would be passed.
    pub async fn push(&mut self, upload: &mut Upload, chunk: Vec<u8>) -> Result<(), AppError> {
        let size = upload.size + chunk.len() as u64;
        let refusal = if size > self.limits.per_file_bytes {
            Some(FileRefusal::FileTooLarge {
                max_bytes: self.limits.per_file_bytes,
            })
        } else if size > self.report_left {
            Some(FileRefusal::ReportTooLarge {
                max_bytes: self.limits.per_report_bytes,
            })
        } else {
            None
        };
        if let Some(refusal) = refusal {
            return Err(AppError::FileRefused(refusal));
        }
        // What the batch may still need: the report's room left, less what this file has
        // already taken of it.
        let may_need = self.report_left.saturating_sub(upload.size);
        if !self.budget.take(chunk.len() as u64, may_need).await? {
            return Err(AppError::FileRefused(FileRefusal::DailyLimit));
        }
        upload.size = size;
        if upload.chunks.send(chunk).await.is_err() {
            // The receiving thread stopped: its error comes out of `finish`.
            return Err(AppError::Unavailable("file writer stopped".into()));
        }
        Ok(())
    }

    /// Completes `upload`: the original is durable, the working copy made where possible, and
    /// the sealed description written.
    pub async fn finish(&mut self, upload: Upload) -> Result<(), AppError> {
        let app = self.app.clone();
        let Upload {
            name,
            size,
            chunks,
            task,
            cancelled,
        } = upload;
        if size == 0 {
            // Nothing to keep: the thread sees the flag and commits nothing.
            cancelled.store(true, Ordering::SeqCst);
            drop(chunks);
            let _ = task.await;
            return Err(AppError::FileRefused(FileRefusal::EmptyFile));
        }
        drop(chunks);
        let received = match task.await {
            Ok(Ok(received)) => received,
            Ok(Err(BlobError::SyncFailed(detail))) => {
                app.work.request_fail_stop();
                return Err(AppError::Unavailable(format!("fsync failed: {detail}")));
            }
            Ok(Err(other)) => return Err(other.into()),
            Err(e) => return Err(AppError::Unavailable(format!("file writer failed: {e}"))),
        };
        self.report_left = self.report_left.saturating_sub(size);
        let original_blob = received.original_blob.clone();
        let cleaned = match received.scratch {
            Some((scratch, key)) => {
                match app
                    .clean_copy(scratch, key, received.kind, size, &self.content_keys)
                    .await
                {
                    Ok(cleaned) => cleaned,
                    Err(error) => {
                        app.remove_blob(original_blob).await;
                        return Err(error);
                    }
                }
            }
            None => None,
        };
        let id = FileId::from_bytes(match &self.once {
            Some((report, token)) => app.form_id(
                FormPurpose::ReporterFiles,
                report.as_bytes(),
                token,
                self.received.len() as u32,
            ),
            None => random::bytes::<16>(),
        });
        let today = Day::from_unix_seconds(app.now());
        let description = FileDescription {
            file_id: id.to_string(),
            name,
            kind: received.kind.code().into(),
            size,
            sha256: received.sha256,
            received: today.to_string(),
            removed: cleaned
                .as_ref()
                .map(|(_, removed)| removed.clone())
                .unwrap_or_default(),
            cleaned: cleaned.is_some(),
        };
        let mut new_file = NewFile {
            id,
            added: today,
            size: size as i64,
            original_blob: received.original_blob,
            clean_blob: cleaned.map(|(blob, _)| blob),
            sealed_meta: Vec::new(),
        };
        match seal_description(&self.description_keys, &description) {
            Ok(sealed_meta) => {
                new_file.sealed_meta = sealed_meta;
                self.received.push((new_file, description));
                Ok(())
            }
            Err(error) => {
                app.remove_file_blobs(&new_file).await;
                Err(error)
            }
        }
    }

    /// Stops a file midway: nothing of it stays but the count of the bytes that arrived.
    pub async fn cancel(&mut self, upload: Upload) {
        upload.cancelled.store(true, Ordering::SeqCst);
        drop(upload.chunks);
        // The thread sees the flag once the queue is empty, commits nothing, and its writers
        // remove their temporary files as they are dropped.
        let _ = upload.task.await;
    }

    pub fn received(&self) -> impl Iterator<Item = &FileDescription> {
        self.received.iter().map(|(_, d)| d)
    }

    pub fn is_empty(&self) -> bool {
        self.received.is_empty()
    }

    /// The form's token as sent, read before its files: their ids are derived from it.
    /// Ignored when it is not one of ours, for a new report (its own token already makes it
    /// idempotent), and once files have arrived.
    pub fn use_form_token(&mut self, sent: &str) {
        if let Some(report) = self.once_scope
            && self.received.is_empty()
            && let Some(token) = self.app.read_form_token(sent)
        {
            self.once = Some((report, token));
        }
    }

    /// The limits the batch's files are held to.
    pub fn limits(&self) -> FileLimits {
        self.limits
    }

    /// Whether the files' ids come from a form token.
    pub fn has_form_token(&self) -> bool {
        self.once.is_some()
    }

    /// Removes every file received so far (the submission was refused).
    pub async fn abandon(mut self) {
        for (file, _) in std::mem::take(&mut self.received) {
            self.app.remove_file_blobs(&file).await;
        }
    }
}

impl Drop for UploadBatch {
    /// A batch dropped while still holding files (an early return, a dropped connection, a
    /// panic) removes them in the background: nothing received and not kept outlives it.
    fn drop(&mut self) {
        let received = std::mem::take(&mut self.received);
        if received.is_empty() {
            return;
        }
        let app = self.app.clone();
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                runtime.spawn(async move {
                    for (file, _) in received {
                        app.remove_file_blobs(&file).await;
                    }
                });
            }
            Err(_) => tracing::warn!("files of a dropped upload left for the start-up sweep"),
        }
    }
}

/// The receiving thread: seals chunks to the staff and files keys as they come, hashes them,
/// and for cleanable kinds also seals them to a one-time scratch key.
fn receive(
    mut incoming: mpsc::Receiver<Vec<u8>>,
    blobs: Arc<dyn BlobStore>,
    keys: &[String],
    cancelled: &AtomicBool,
) -> Result<Received, BlobError> {
    let fail = |e: std::io::Error| BlobError::WriteFailed(e.to_string());
    let mut original = SealingWriter::new(keys, blobs.create()?)
        .map_err(|e| BlobError::WriteFailed(format!("sealing: {e}")))?;
    let mut sha256 = StreamingSha256::default();
    // The first bytes decide the kind; until then they are kept (a few KiB at most).
    let mut head: Option<Vec<u8>> = Some(Vec::new());
    let mut kind = FileKind::Other;
    let mut scratch: Option<(SealingWriter<Box<dyn BlobWriter>>, StaffIdentity)> = None;
    let decide = |head: &[u8]| -> Result<_, BlobError> {
        let kind = refuge_files::sniff(head);
        if !kind.cleanable() {
            return Ok((kind, None));
        }
        let key = StaffIdentity::generate();
        let mut writer = SealingWriter::new(&[key.public_key()], blobs.create_scratch()?)
            .map_err(|e| BlobError::WriteFailed(format!("sealing: {e}")))?;
        writer.write_all(head).map_err(fail)?;
        Ok((kind, Some((writer, key))))
    };
    while let Some(chunk) = incoming.blocking_recv() {
        original.write_all(&chunk).map_err(fail)?;
        sha256.update(&chunk);
        match &mut head {
            Some(buffer) => {
                buffer.extend_from_slice(&chunk);
                if buffer.len() >= refuge_files::SNIFF_BYTES {
                    (kind, scratch) = decide(buffer)?;
                    head = None;
                }
            }
            None => {
                if let Some((writer, _)) = &mut scratch {
                    writer.write_all(&chunk).map_err(fail)?;
                }
            }
        }
    }
    if cancelled.load(Ordering::SeqCst) {
        return Err(BlobError::WriteFailed("upload abandoned".into()));
    }
    if let Some(buffer) = head.take() {
        (kind, scratch) = decide(&buffer)?;
    }
    let original_blob = original.finish().map_err(fail)?.commit()?;
    let scratch = match scratch {
        Some((writer, key)) => match writer.finish().map_err(fail).and_then(|w| w.into_scratch()) {
            Ok(reader) => Some((reader, key)),
            Err(error) => {
                let _ = blobs.delete(&original_blob);
                return Err(error);
            }
        },
        None => None,
    };
    Ok(Received {
        original_blob,
        sha256: sha256.finish_hex(),
        kind,
        scratch,
    })
}

/// The words of an evidence receipt in one language.
pub struct EvidenceLabels {
    pub title: String,
    pub intro: String,
    pub files: String,
    pub name: String,
    pub received: String,
    pub size: String,
    /// Introduces where the public key is published.
    pub key_published: String,
    /// Introduces the key's fingerprint.
    pub fingerprint: String,
    pub verify: String,
    /// Introduces the instance id.
    pub instance: String,
    /// Introduces the report reference (the commitment to the report).
    pub report: String,
}

/// What an evidence receipt says, in each of its languages (the reporter's first, then English
/// for a lawyer or court abroad), and where the instance publishes its public key.
pub struct EvidenceWording {
    pub languages: Vec<EvidenceLabels>,
    /// A URL, or words saying where to find `/evidence-key.pem` when no public address is set.
    pub key_address: String,
}

impl Refuge {
    /// The public key that verifies evidence receipts, as PEM.
    pub fn evidence_public_key(&self) -> String {
        self.secrets.evidence_key.public_pem()
    }

    /// This instance's id, as its evidence receipts name it.
    pub fn instance_id(&self) -> &str {
        &self.secrets.instance_id
    }

    /// The reference an evidence receipt gives its report: a commitment (SHA-256 of the
    /// instance id and the report id) that lets caseworkers, who know the report, match a
    /// receipt someone shows them, while it says nothing of the report to anyone else (report
    /// ids are 128 random bits and appear nowhere public).
    pub fn evidence_reference(&self, report: ReportId) -> String {
        hex::encode(random::sha256(&[
            b"refuge evidence report commitment v1",
            self.secrets.instance_id.as_bytes(),
            report.as_bytes(),
        ]))
    }

    /// A signed plain-text list of files (day received, name, size and SHA-256 of each), in each
    /// language of `wording`, with the instance and report it comes from, where the public key
    /// is published and its fingerprint (which is also its key id: a rotated key has another).
    fn signed_evidence(
        &self,
        wording: &EvidenceWording,
        report: ReportId,
        files: &[FileDescription],
    ) -> String {
        let fingerprint = self.secrets.evidence_key.fingerprint();
        let reference = self.evidence_reference(report);
        let mut text = String::new();
        for (number, labels) in wording.languages.iter().enumerate() {
            if number > 0 {
                text.push_str("\n----------------------------------------\n\n");
            }
            text.push_str(&format!(
                "{}\n\n{}\n\n{}\n   {}\n{}\n   {}\n\n{}:\n",
                labels.title,
                labels.intro,
                labels.instance,
                self.secrets.instance_id,
                labels.report,
                reference,
                labels.files
            ));
            for (index, file) in files.iter().enumerate() {
                text.push_str(&format!(
                    "\n{}. {}: {}\n   {}: {}\n   {}: {}\n   SHA-256: {}\n",
                    index + 1,
                    labels.name,
                    file.name,
                    labels.received,
                    file.received,
                    labels.size,
                    file.size,
                    file.sha256
                ));
            }
            text.push_str(&format!(
                "\n{}\n   {}\n{}\n   {}\n\n{}\n",
                labels.key_published,
                wording.key_address,
                labels.fingerprint,
                fingerprint,
                labels.verify
            ));
        }
        text.push('\n');
        self.secrets.evidence_key.sign_text(&text)
    }

    /// The evidence receipt of a signed-in reporter: every file of the report.
    pub async fn evidence_receipt(
        &self,
        session: &ReporterSession,
        wording: &EvidenceWording,
    ) -> Result<String, AppError> {
        let files = self
            .file_descriptions(session.conversation(), session.report_id)
            .await?;
        Ok(self.signed_evidence(wording, session.report_id, &files))
    }

    /// The evidence receipt on the page after sending, found through the form's token while the
    /// receipt may still be shown there (no session is needed on that page).
    pub async fn evidence_receipt_for_form(
        &self,
        token: &FormToken,
        wording: &EvidenceWording,
    ) -> Result<String, AppError> {
        let shown = self.shown_receipt(token).await?.ok_or(AppError::NotFound)?;
        let report = shown.report.ok_or(AppError::NotFound)?;
        Ok(self.signed_evidence(wording, report, &shown.files))
    }

    /// A batch for files a reporter adds later. Given the token of the page's form before its
    /// files arrive ([`UploadBatch::use_form_token`]), sending that form again adds nothing.
    pub async fn upload_batch_for_reporter(
        &self,
        session: &ReporterSession,
    ) -> Result<UploadBatch, AppError> {
        let stored = self
            .store
            .report(session.report_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let access = stored
            .access
            .as_ref()
            .ok_or_else(|| AppError::Unavailable("report predates follow-up".into()))?;
        let description_keys = self.conversation_recipients(&stored).await?;
        let mut content_keys: Vec<String> = description_keys
            .iter()
            .filter(|key| **key != access.conversation_key)
            .cloned()
            .collect();
        content_keys.push(access.files_key.clone());
        let report_used = self
            .store
            .upload_usage(Day::from_unix_seconds(self.now()), Some(session.report_id))
            .await?
            .report_bytes;
        let files_held =
            u32::try_from(self.store.files(session.report_id).await?.len()).unwrap_or(u32::MAX);
        Ok(UploadBatch::new(
            self,
            BatchKeys {
                content: content_keys,
                descriptions: description_keys,
            },
            self.settings
                .files
                .per_report_bytes
                .saturating_sub(report_used.max(0) as u64),
            self.settings
                .conversation
                .files_per_report
                .saturating_sub(files_held),
            Some(session.report_id),
        ))
    }

    /// Commits files a reporter added later. `NoFiles` when nothing was chosen.
    pub async fn add_reporter_files(
        &self,
        session: &ReporterSession,
        batch: UploadBatch,
    ) -> Result<Vec<FileDescription>, AppError> {
        if batch.received.is_empty() {
            return Err(AppError::FileRefused(FileRefusal::NoFiles));
        }
        let files: Vec<NewFile> = batch.received.iter().map(|(f, _)| f.clone()).collect();
        match self.store.insert_files(session.report_id, &files).await {
            Ok(()) => Ok(batch.into_received().into_iter().map(|(_, d)| d).collect()),
            // The same form sent again: the first one's files are there, under these ids.
            Err(StoreError::Conflict) if batch.once.is_some() => {
                let descriptions = batch.received.iter().map(|(_, d)| d.clone()).collect();
                batch.abandon().await;
                Ok(descriptions)
            }
            Err(error) => {
                batch.abandon().await;
                Err(error.into())
            }
        }
    }

    /// Decrypts a scratch copy, cleans it (one at a time) and seals the working copy. `None` when
    /// the file could not be cleaned safely: caseworkers then get only the original.
    async fn clean_copy(
        &self,
        scratch: Box<dyn Read + Send>,
        key: StaffIdentity,
        kind: FileKind,
        size: u64,
        keys: &[String],
    ) -> Result<Option<(String, Vec<String>)>, AppError> {
        // Held until the working copy is sealed: one file and its copy in memory at a time.
        let _permit = self.work.clean_permit().await?;
        let cleaned = self
            .work
            .blocking(move || -> Result<Option<CleanedCopy>, BlobError> {
                let mut plain = Zeroizing::new(Vec::with_capacity(size as usize));
                key.decrypt_stream(scratch)
                    .map_err(|e| BlobError::WriteFailed(format!("scratch: {e}")))?
                    .read_to_end(&mut plain)
                    .map_err(|e| BlobError::WriteFailed(format!("scratch: {e}")))?;
                let cleaned = match refuge_files::clean(kind, &plain) {
                    Ok(cleaned) => cleaned,
                    Err(error) => {
                        // Debug only: at `info`, a line per file would say when it arrived.
                        tracing::debug!(kind = kind.code(), %error, "kept the original only");
                        return Ok(None);
                    }
                };
                drop(plain);
                let removed = cleaned
                    .removed
                    .iter()
                    .map(|r| r.code().to_owned())
                    .collect();
                Ok(Some((Zeroizing::new(cleaned.bytes), removed)))
            })
            .await??;
        match cleaned {
            Some((bytes, removed)) => {
                let name = self.seal_and_put(keys.to_vec(), bytes).await?;
                Ok(Some((name, removed)))
            }
            None => Ok(None),
        }
    }

    /// A file of a report, decrypted as it is read, for a caseworker who can read the report.
    pub async fn download_file(
        &self,
        session: &StaffSession,
        report: ReportId,
        file: FileId,
        variant: Variant,
    ) -> Result<Download, AppError> {
        // Only what a download needs: the report's keys and this one file (not the whole page
        // that `open_report` builds, nor its "read" marker).
        session.require(Permission::WorkCases)?;
        let sealed = self
            .decrypt_report(session, &self.known_report(session, report).await?)
            .await?;
        let stored = self
            .store
            .files(report)
            .await?
            .into_iter()
            .find(|f| f.id == file)
            .ok_or(AppError::NotFound)?;
        let conversation = sealed.conversation_identity()?.ok_or(AppError::NotFound)?;
        let description = open_description(&conversation, stored.id, &stored.sealed_meta)?;
        let blob = match variant {
            Variant::Clean => stored.clean_blob.ok_or(AppError::NotFound)?,
            Variant::Original => stored.original_blob,
        };
        let files_key = &sealed.keys.as_ref().ok_or(AppError::NotFound)?.files;
        let identity = StaffIdentity::from_secret_bytes(files_key.as_bytes())
            .map_err(|_| AppError::Unavailable("files key unreadable".into()))?;
        let blobs = self.blobs.clone();
        let content = self
            .work
            .blocking(move || -> Result<Box<dyn Read + Send>, AppError> {
                let sealed = blobs.open(&blob)?;
                identity
                    .decrypt_stream(sealed)
                    .map_err(|_| AppError::Unavailable("a file did not open".into()))
            })
            .await??;
        self.store
            .append_audit(&AuditEntry {
                at: self.now(),
                actor: Some(session.staff.id),
                action: match variant {
                    Variant::Clean => AuditAction::FileDownloadedClean,
                    Variant::Original => AuditAction::FileDownloadedOriginal,
                },
                report: Some(report),
                subject: format!("file={file}"),
            })
            .await?;
        Ok(Download {
            description,
            variant,
            content,
        })
    }

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
            .map(|file| open_description(conversation, file.id, &file.sealed_meta))
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
