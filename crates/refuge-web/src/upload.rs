//! `multipart/form-data` bodies: text fields into a [`FormData`] (bounded like any form), file
//! parts streamed into an [`UploadBatch`] chunk by chunk, never held whole.
//!
//! When a file is refused (a limit), the rest of the body is still read, its files discarded,
//! so the text fields can be shown again and the client sees the answer rather than a reset.

use axum::body::Body;
use axum::http::{HeaderMap, header};
use refuge_app::evidence::{FileRefusal, UploadBatch};
use refuge_app::{AppError, Refuge};

use crate::body::{BodyError, FormData};

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

/// Whether the request carries `multipart/form-data`, and its boundary.
pub fn multipart_boundary(headers: &HeaderMap) -> Option<String> {
    let content_type = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    multer::parse_boundary(content_type).ok()
}

/// Reads a multipart body. Parts named `file_field` go into `batch`; other parts are text, and
/// when `allowed_text` is given (the API, whose document lists its parts) any other part name is
/// a malformed request rather than something silently ignored.
pub async fn read_multipart(
    app: &Refuge,
    body: Body,
    boundary: &str,
    text_limit: usize,
    file_field: &str,
    allowed_text: Option<&[&str]>,
    batch: &mut UploadBatch,
) -> Result<FormData, UploadError> {
    let mut multipart = multer::Multipart::new(body.into_data_stream(), boundary);
    let mut form = FormData::default();
    let mut text_bytes = 0usize;
    let mut refusal: Option<FileRefusal> = None;
    let mut drained = 0u64;
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(_) if refusal.is_some() => break,
            Err(_) => return Err(UploadError::Body(BodyError::Malformed)),
        };
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        if name == file_field {
            if refusal.is_some() {
                drained += drain(&mut field).await;
                if drained > DRAIN_MAX_BYTES {
                    break;
                }
                continue;
            }
            match receive_file(app, &mut field, file_name.as_deref(), batch).await {
                Ok(()) => {}
                Err(FileOutcome::Refused(why)) => {
                    refusal = Some(why);
                    drained += drain(&mut field).await;
                }
                Err(FileOutcome::Body) => return Err(UploadError::Body(BodyError::Malformed)),
                Err(FileOutcome::App(error)) => return Err(UploadError::App(error)),
            }
            continue;
        }
        if allowed_text.is_some_and(|allowed| !allowed.contains(&name.as_str())) {
            return Err(UploadError::Body(BodyError::Malformed));
        }
        // A text part: bounded like an urlencoded form.
        let mut value = Vec::new();
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) => {
                    text_bytes += chunk.len();
                    if text_bytes > text_limit {
                        return Err(UploadError::Body(BodyError::TooLarge));
                    }
                    value.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(_) => return Err(UploadError::Body(BodyError::Malformed)),
            }
        }
        let value = String::from_utf8(value).map_err(|_| UploadError::Body(BodyError::NotUtf8))?;
        if name == "form_token"
            && let Some(token) = app.read_form_token(&value)
        {
            batch.use_form_token(token);
        }
        form.push(name, value);
    }
    match refusal {
        Some(why) => Err(UploadError::Refused(why, form)),
        None => Ok(form),
    }
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
async fn receive_file(
    app: &Refuge,
    field: &mut multer::Field<'_>,
    file_name: Option<&str>,
    batch: &mut UploadBatch,
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
                upload.insert(batch.start(app, name).await.map_err(outcome)?)
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
        Some(upload) => batch.finish(app, upload).await.map_err(outcome),
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
