//! `multipart/form-data` bodies: text fields into a [`FormData`] (bounded like any form), file
//! parts streamed into a [`FileSink`] — a report's [`UploadBatch`], or a registry source's
//! [`ArchiveUpload`] — chunk by chunk, never held whole.
//!
//! When a file is refused (a limit), the rest of the body is still read, its files discarded,
//! so the text fields can be shown again and the client sees the answer rather than a reset.

use std::sync::{Arc, OnceLock};

use axum::body::Body;
use axum::http::{HeaderMap, header};
use refuge_app::AppError;
use refuge_app::error::FileRefusal;
use refuge_app::evidence::UploadBatch;
use refuge_app::source_archive::ArchiveUpload;

use crate::body::{BodyError, FormData};
use crate::framing::{FramingError, FramingGuard, FramingLimits};

/// Bytes read and thrown away after a refusal, at most, before giving up on the connection.
const DRAIN_MAX_BYTES: u64 = 64 * 1024 * 1024;

#[derive(Debug)]
pub enum UploadError {
    /// The body itself was unusable (not multipart, malformed, text too large).
    Body(BodyError),
    /// A file passed a limit; the text fields read are kept.
    Refused(FileRefusal, FormData),
    /// Storage failed.
    App(AppError),
}

/// Where a multipart body's file parts go, chunk by chunk. A limit passed is an
/// `AppError::FileRefused`; anything else is a storage failure.
pub trait FileSink: Send {
    /// One file being received.
    type Upload: Send;
    /// How many files one body may carry, and how many bytes they may have together.
    fn capacity(&self) -> (usize, u64);
    /// Whether no file has been received yet.
    fn is_empty(&self) -> bool;
    /// The form's token, read before its files (a report's files take their ids from it).
    fn use_form_token(&mut self, _sent: &str) {}
    fn start(&mut self, name: &str) -> impl Future<Output = Result<Self::Upload, AppError>> + Send;
    fn push(
        &mut self,
        upload: &mut Self::Upload,
        chunk: Vec<u8>,
    ) -> impl Future<Output = Result<(), AppError>> + Send;
    fn finish(&mut self, upload: Self::Upload)
    -> impl Future<Output = Result<(), AppError>> + Send;
    fn cancel(&mut self, upload: Self::Upload) -> impl Future<Output = ()> + Send;
}

impl FileSink for UploadBatch {
    type Upload = refuge_app::evidence::Upload;
    fn capacity(&self) -> (usize, u64) {
        (
            self.limits().per_batch_files,
            self.limits().per_report_bytes,
        )
    }
    fn is_empty(&self) -> bool {
        UploadBatch::is_empty(self)
    }
    fn use_form_token(&mut self, sent: &str) {
        UploadBatch::use_form_token(self, sent);
    }
    async fn start(&mut self, name: &str) -> Result<Self::Upload, AppError> {
        UploadBatch::start(self, name).await
    }
    async fn push(&mut self, upload: &mut Self::Upload, chunk: Vec<u8>) -> Result<(), AppError> {
        UploadBatch::push(self, upload, chunk).await
    }
    async fn finish(&mut self, upload: Self::Upload) -> Result<(), AppError> {
        UploadBatch::finish(self, upload).await
    }
    async fn cancel(&mut self, upload: Self::Upload) {
        UploadBatch::cancel(self, upload).await;
    }
}

impl FileSink for ArchiveUpload {
    type Upload = refuge_app::source_archive::ArchiveWrite;
    fn capacity(&self) -> (usize, u64) {
        (1, self.max_bytes())
    }
    fn is_empty(&self) -> bool {
        ArchiveUpload::is_empty(self)
    }
    async fn start(&mut self, name: &str) -> Result<Self::Upload, AppError> {
        ArchiveUpload::start(self, name).await
    }
    async fn push(&mut self, upload: &mut Self::Upload, chunk: Vec<u8>) -> Result<(), AppError> {
        ArchiveUpload::push(self, upload, chunk).await
    }
    async fn finish(&mut self, upload: Self::Upload) -> Result<(), AppError> {
        ArchiveUpload::finish(self, upload).await
    }
    async fn cancel(&mut self, upload: Self::Upload) {
        ArchiveUpload::cancel(self, upload).await;
    }
}

/// Whether the request carries `multipart/form-data`, and its boundary.
pub fn multipart_boundary(headers: &HeaderMap) -> Option<String> {
    let content_type = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    multer::parse_boundary(content_type).ok()
}

/// What a multipart route accepts.
pub struct Parts<'a> {
    /// Parts with this name are files; every other part is text.
    pub file_field: &'a str,
    /// Which text part names exist; any other is a malformed request rather than something
    /// silently ignored.
    pub text_allowed: &'a (dyn Fn(&str) -> bool + Sync),
    /// A text part that must come before any file (the form's token, a CSRF field), and what
    /// decides whether files are kept at all. When it says no (or the part is missing before a
    /// file), files are read and thrown away, never written; the text still comes back.
    pub gate: Option<Gate<'a>>,
    /// Largest text (names and values together), as for an urlencoded form.
    pub text_limit: usize,
}

pub struct Gate<'a> {
    pub name: &'a str,
    pub opens: &'a (dyn Fn(&str) -> bool + Sync),
}

/// A multipart body read: its text, whether its gate part opened, and whether files came that
/// were thrown away because it did not.
pub struct Received {
    pub form: FormData,
    pub gate_open: bool,
    pub files_thrown_away: bool,
}

/// Reads a multipart body: file parts stream into `batch`, text parts into a [`FormData`].
/// The framing (preamble, part headers, number of parts) and the whole body are bounded before
/// the parser sees them ([`crate::framing`]).
pub async fn read_multipart<S: FileSink>(
    body: Body,
    boundary: &str,
    parts: &Parts<'_>,
    batch: &mut S,
) -> Result<Received, UploadError> {
    let tripped = Arc::new(OnceLock::new());
    let (most_files, most_bytes) = batch.capacity();
    let limits = FramingLimits::for_forms(most_files);
    let whole = most_bytes + parts.text_limit as u64 + WHOLE_SLACK_BYTES;
    let constraints =
        multer::Constraints::new().size_limit(multer::SizeLimit::new().whole_stream(whole));
    let stream = guarded(body, boundary, limits, tripped.clone());
    let mut multipart = multer::Multipart::with_constraints(stream, boundary, constraints);
    let broken = |error: multer::Error| {
        UploadError::Body(match (tripped.get(), error) {
            (Some(FramingError::Malformed), _) => BodyError::Malformed,
            (Some(_), _) | (None, multer::Error::StreamSizeExceeded { .. }) => BodyError::TooLarge,
            (None, _) => BodyError::Malformed,
        })
    };
    let mut form = FormData::default();
    let mut text_bytes = 0usize;
    let mut refusal: Option<FileRefusal> = None;
    let mut gate_open = parts.gate.is_none();
    let mut files_thrown_away = false;
    let mut drained = 0u64;
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(_) if refusal.is_some() && tripped.get().is_none() => break,
            Err(error) => return Err(broken(error)),
        };
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        if name == parts.file_field {
            if refusal.is_some() || !gate_open {
                let bytes = drain(&mut field).await;
                files_thrown_away |= !gate_open && bytes > 0;
                drained += bytes;
                if drained > DRAIN_MAX_BYTES {
                    break;
                }
                continue;
            }
            match receive_file(&mut field, file_name.as_deref(), batch).await {
                Ok(()) => {}
                Err(FileOutcome::Refused(why)) => {
                    refusal = Some(why);
                    drained += drain(&mut field).await;
                }
                Err(FileOutcome::Body) => {
                    return Err(match tripped.get() {
                        Some(FramingError::Malformed) | None => {
                            UploadError::Body(BodyError::Malformed)
                        }
                        Some(_) => UploadError::Body(BodyError::TooLarge),
                    });
                }
                Err(FileOutcome::App(error)) => return Err(UploadError::App(error)),
            }
            continue;
        }
        if !(parts.text_allowed)(&name) {
            return Err(UploadError::Body(BodyError::Malformed));
        }
        // A text part: bounded like an urlencoded form, its name included.
        text_bytes += name.len();
        let mut value = Vec::new();
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) => {
                    text_bytes += chunk.len();
                    if text_bytes > parts.text_limit {
                        return Err(UploadError::Body(BodyError::TooLarge));
                    }
                    value.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(error) => return Err(broken(error)),
            }
        }
        let value = String::from_utf8(value).map_err(|_| UploadError::Body(BodyError::NotUtf8))?;
        if let Some(gate) = &parts.gate
            && name == gate.name
            && batch.is_empty()
        {
            gate_open = (gate.opens)(&value);
        }
        if name == "form_token" {
            batch.use_form_token(&value);
        }
        form.push(name, value);
    }
    match refusal {
        Some(why) => Err(UploadError::Refused(why, form)),
        None => Ok(Received {
            form,
            gate_open,
            files_thrown_away,
        }),
    }
}

/// Room for the framing itself beyond the files and the text.
const WHOLE_SLACK_BYTES: u64 = 4 * 1024 * 1024;

/// The body as the parser sees it: every chunk checked by a [`FramingGuard`]. Past a ceiling,
/// the rest is read and thrown away (up to a cap, so the client gets to see the answer) and the
/// parser gets an error; `tripped` says which ceiling.
fn guarded(
    body: Body,
    boundary: &str,
    limits: FramingLimits,
    tripped: Arc<OnceLock<FramingError>>,
) -> impl futures_util::Stream<Item = Result<axum::body::Bytes, std::io::Error>> + Send + 'static {
    use futures_util::StreamExt as _;
    let inner = body.into_data_stream();
    let guard = FramingGuard::new(boundary, limits);
    futures_util::stream::unfold(
        (inner, guard, false),
        move |(mut inner, mut guard, finished)| {
            let tripped = tripped.clone();
            async move {
                if finished {
                    return None;
                }
                match inner.next().await? {
                    Err(error) => Some((Err(std::io::Error::other(error)), (inner, guard, true))),
                    Ok(chunk) => match guard.feed(&chunk) {
                        Ok(()) => Some((Ok(chunk), (inner, guard, false))),
                        Err(why) => {
                            let _ = tripped.set(why);
                            let mut thrown = 0u64;
                            while let Some(Ok(rest)) = inner.next().await {
                                thrown += rest.len() as u64;
                                if thrown > DRAIN_MAX_BYTES {
                                    break;
                                }
                            }
                            Some((
                                Err(std::io::Error::other("multipart framing refused")),
                                (inner, guard, true),
                            ))
                        }
                    },
                }
            }
        },
    )
}

enum FileOutcome {
    Refused(FileRefusal),
    Body,
    App(AppError),
}

/// A limit is a refusal (the text is kept); anything else is a storage failure.
fn outcome(error: AppError) -> FileOutcome {
    match error {
        AppError::FileRefused(why) => FileOutcome::Refused(why),
        other => FileOutcome::App(other),
    }
}

/// Streams one file part into the batch. A browser sends a part with no name and no bytes for
/// a file input left empty: that is no file at all. The upload starts at the first byte, so
/// such a part (however its framing is chunked) never becomes a file.
async fn receive_file<S: FileSink>(
    field: &mut multer::Field<'_>,
    file_name: Option<&str>,
    batch: &mut S,
) -> Result<(), FileOutcome> {
    let mut upload = None;
    loop {
        let chunk = match field.chunk().await {
            Ok(Some(chunk)) => chunk,
            Ok(None) => break,
            Err(_) => {
                if let Some(upload) = upload {
                    batch.cancel(upload).await;
                }
                return Err(FileOutcome::Body);
            }
        };
        if chunk.is_empty() {
            continue;
        }
        let current = match upload.as_mut() {
            Some(current) => current,
            None => {
                // A part without a file name is still a file (API clients may omit it).
                let name = file_name.filter(|n| !n.is_empty()).unwrap_or("file");
                upload.insert(batch.start(name).await.map_err(outcome)?)
            }
        };
        if let Err(error) = batch.push(current, chunk.to_vec()).await {
            if let Some(upload) = upload {
                batch.cancel(upload).await;
            }
            return Err(outcome(error));
        }
    }
    match upload {
        Some(upload) => batch.finish(upload).await.map_err(outcome),
        // Nothing chosen: no file. A named part with no content is an empty file, refused.
        None if file_name.is_none_or(str::is_empty) => Ok(()),
        None => Err(FileOutcome::Refused(FileRefusal::EmptyFile)),
    }
}

/// Reads the rest of a part and throws it away; returns how much that was.
async fn drain(field: &mut multer::Field<'_>) -> u64 {
    let mut total = 0u64;
    while let Ok(Some(chunk)) = field.chunk().await {
        total += chunk.len() as u64;
        if total > DRAIN_MAX_BYTES {
            break;
        }
    }
    total
}
