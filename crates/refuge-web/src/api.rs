//! The JSON API (`/api/v1`), over the same use cases as the pages. Staff authenticate with bearer
//! tokens only, never cookies, so a browser cannot be tricked into calling it cross-site.

pub mod correlation;
pub mod referral;
pub mod registry;
pub mod statistics;

use axum::Json;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use refuge_app::AppError;
use refuge_app::cases::CaseChange;
use refuge_app::casework::INBOX_PAGE_DEFAULT;
use refuge_app::intake::Submitted;
use refuge_app::notes::{NoteVersion, NoteView};
use refuge_app::sealed::MessageView;
use refuge_app::sealed::{FileDescription, Variant};
use refuge_app::sessions::ReporterSession;
use refuge_app::sessions::StaffSession;
use refuge_domain::case::{CaseCard, Urgency};
use refuge_domain::ports::ReportMeta;
use refuge_domain::report::{
    Consent, ContactDraft, IdentifierDraft, ReportDraft, ReportStatus, check_identifier,
};
use refuge_domain::staff::SecondFactorKind;
use refuge_domain::taxonomy::Tactic;
use refuge_domain::{Day, FileId, MessageId, NoteId, ReportId};
use serde::Deserialize;
use serde_json::json;

use crate::WebState;
use crate::body;
use crate::error::ApiError;
use crate::handlers::query_param;
use crate::session;
use crate::upload::{self, UploadError};

/// The report body of docs/interfaces.md. Unknown fields are refused so a typo is never silently
/// dropped.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ApiReport {
    #[serde(default)]
    language: Option<String>,
    #[serde(default)]
    origin_state: Option<String>,
    #[serde(default)]
    host_country: Option<String>,
    #[serde(default)]
    host_region: Option<String>,
    #[serde(default)]
    city: Option<String>,
    #[serde(default)]
    occurred: Option<String>,
    #[serde(default)]
    tactics: Vec<String>,
    #[serde(default)]
    targets: Vec<String>,
    #[serde(default)]
    community: Option<String>,
    #[serde(default)]
    narrative: Option<String>,
    #[serde(default)]
    identifiers: Vec<IdentifierDraft>,
    #[serde(default)]
    consent: Consent,
    #[serde(default)]
    contact: ContactDraft,
    #[serde(default)]
    idempotency_key: Option<String>,
    /// The proof of work over `idempotency_key`, when the instance asks for one.
    #[serde(default)]
    proof_of_work: Option<String>,
}

pub(crate) async fn json_body<T: for<'de> Deserialize<'de>>(
    state: &WebState,
    request: Request,
) -> Result<T, ApiError> {
    let is_json = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(';')
                .next()
                .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
        });
    if !is_json {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "send application/json",
        ));
    }
    let bytes = body::read(request.into_body(), state.config.max_body_bytes)
        .await
        .map_err(|error| match error {
            body::BodyError::TooLarge => ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "body_too_large",
                "the body is too large",
            ),
            _ => ApiError::new(
                StatusCode::BAD_REQUEST,
                "unreadable_body",
                "the body could not be read",
            ),
        })?;
    // Every body is a JSON object. serde would also read a struct from an array (`[]` fills a
    // struct whose fields are all optional), so anything else is refused first.
    if bytes.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_json",
            "send a JSON object ({…})",
        ));
    }
    serde_json::from_slice(&bytes)
        .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, "invalid_json", e.to_string()))
}

pub(crate) fn upload_error(error: UploadError) -> ApiError {
    match error {
        UploadError::Refused(refusal, _) => crate::error::file_refusal(refusal),
        UploadError::Body(body::BodyError::TooLarge) => ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "body_too_large",
            "the text parts are too large",
        ),
        UploadError::Body(_) => ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_multipart",
            "the multipart body could not be read",
        ),
        UploadError::App(error) => error.into(),
    }
}

fn file_json(file: &FileDescription) -> serde_json::Value {
    json!({
        "id": file.file_id,
        "name": file.name,
        "kind": file.kind,
        "size": file.size,
        "sha256": file.sha256,
        "received": file.received,
        "removed": file.removed,
        "variants": if file.cleaned { vec!["clean", "original"] } else { vec!["original"] },
    })
}

/// The text parts `POST /reports` accepts beside its `file` parts.
const ALLOWED_PARTS: &[&str] = &["report"];

pub async fn submit_report(
    State(state): State<WebState>,
    request: Request,
) -> Result<Response, ApiError> {
    let Some(boundary) = upload::multipart_boundary(request.headers()) else {
        let report: ApiReport = json_body(&state, request).await?;
        let key = state.app.api_idempotency_key(
            report.idempotency_key.clone(),
            report.proof_of_work.as_deref(),
        )?;
        let submitted = state
            .app
            .submit_report(&report.draft(), key.as_key())
            .await?;
        return receipt_answer(submitted, &[]);
    };
    // multipart: a `report` part with the JSON, and `file` parts streaming into the submission.
    let mut submission = state.app.begin_submission().await?;
    let parts = upload::Parts {
        file_field: "file",
        text_allowed: &|name| ALLOWED_PARTS.contains(&name),
        gate: None,
        text_limit: state.config.max_body_bytes,
    };
    let read = upload::read_multipart(request.into_body(), &boundary, &parts, submission.files())
        .await
        .map_err(upload_error)
        .and_then(|received| report_part(&received.form))
        .and_then(|report| {
            let key = state.app.api_idempotency_key(
                report.idempotency_key.clone(),
                report.proof_of_work.as_deref(),
            )?;
            Ok((report, key))
        });
    let (report, key) = match read {
        Ok(read) => read,
        Err(error) => {
            submission.abandon().await;
            return Err(error);
        }
    };
    let files: Vec<FileDescription> = submission.received_files().cloned().collect();
    let submitted = submission.submit(&report.draft(), key.as_key()).await?;
    receipt_answer(submitted, &files)
}

/// The JSON of a multipart report's `report` part.
fn report_part(form: &body::FormData) -> Result<ApiReport, ApiError> {
    let text = form.one("report").ok().flatten().ok_or_else(|| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "missing_report",
            "send the report as a `report` part",
        )
    })?;
    serde_json::from_str::<ApiReport>(text)
        .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, "invalid_json", e.to_string()))
}

impl ApiReport {
    /// The report as drafted (the idempotency key and proof of work are checked apart). The
    /// API's language is English unless the client says otherwise.
    fn draft(&self) -> ReportDraft {
        ReportDraft {
            language: self.language.clone().unwrap_or_else(|| "en".into()),
            origin_state: self.origin_state.clone(),
            host_country: self.host_country.clone(),
            host_region: self.host_region.clone(),
            city: self.city.clone(),
            occurred: self.occurred.clone(),
            tactics: self.tactics.clone(),
            targets: self.targets.clone(),
            community: self.community.clone(),
            narrative: self.narrative.clone().unwrap_or_default(),
            identifiers: self.identifiers.clone(),
            consent: self.consent,
            contact: self.contact.clone(),
        }
    }
}

/// `201` with the receipt (and the files received) for a new report; `200` with the same
/// receipt for a retry of the same content within the receipt window; `409` otherwise.
fn receipt_answer(submitted: Submitted, files: &[FileDescription]) -> Result<Response, ApiError> {
    let (status, receipt, files) = match submitted {
        Submitted::Stored { receipt } => (
            StatusCode::CREATED,
            receipt,
            files.iter().map(file_json).collect::<Vec<_>>(),
        ),
        // The receipt again only for the same content, and only within the window.
        Submitted::ShownAgain { receipt } => (StatusCode::OK, receipt, Vec::new()),
        Submitted::AlreadyReceived => {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                "already_received",
                "a report with this idempotency_key was received; its receipt is no longer shown",
            ));
        }
        Submitted::Changed { .. } => {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                "idempotency_key_reused",
                "this idempotency_key was used for a report with other content; nothing was stored",
            ));
        }
    };
    Ok((
        status,
        Json(json!({"receipt": receipt.grouped(), "status": "received", "files": files})),
    )
        .into_response())
}

/// `POST /reports/token`: an idempotency key made by the server (a form token: 128 random bits
/// and a MAC), for clients that would rather not make their own.
pub async fn report_token(State(state): State<WebState>) -> Response {
    (
        StatusCode::CREATED,
        Json(json!({
            "idempotency_key": state.app.issue_form_token(),
            "proof_of_work_bits": state.app.proof_of_work_bits(),
        })),
    )
        .into_response()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Credentials {
    username: String,
    password: String,
    /// The second factor's code (or a recovery code), for an account that has one.
    #[serde(default)]
    totp: Option<String>,
}

pub async fn staff_session(
    State(state): State<WebState>,
    request: Request,
) -> Result<Response, ApiError> {
    let credentials: Credentials = json_body(&state, request).await?;
    let session = state
        .app
        .log_in(
            &credentials.username,
            &credentials.password,
            None,
            credentials.totp.as_deref(),
        )
        .await?;
    Ok((StatusCode::CREATED, Json(json!({"token": session.token}))).into_response())
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct EnrolmentRequest {
    /// `totp` (an authenticator app, the default) or `hotp` (a hardware key); absent means
    /// `totp`, and `null` is refused (the schema says a string).
    #[serde(default, deserialize_with = "present")]
    kind: Option<Option<String>>,
}

/// `POST /staff/totp`: starts enrolment; the secret and recovery codes, pending until confirmed.
pub async fn begin_totp(
    State(state): State<WebState>,
    request: Request,
) -> Result<Response, ApiError> {
    let session = bearer_for_enrolment(&state, request.headers()).await?;
    // The body is optional: a bare POST enrols an authenticator app.
    let body: EnrolmentRequest = if request.headers().get(header::CONTENT_TYPE).is_none() {
        EnrolmentRequest::default()
    } else {
        json_body(&state, request).await?
    };
    let kind = match body.kind {
        None => SecondFactorKind::Totp,
        Some(code) => code
            .as_deref()
            .and_then(SecondFactorKind::from_code)
            .ok_or_else(|| {
                ApiError::new(
                    StatusCode::BAD_REQUEST,
                    "invalid_input",
                    "kind is totp (an authenticator app) or hotp (a hardware key)",
                )
            })?,
    };
    let enrolment = state.app.begin_second_factor(&session, kind).await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({
            "kind": enrolment.kind.code(),
            "otpauth_uri": enrolment.otpauth_uri,
            "secret": enrolment.secret_base32,
            "recovery_codes": enrolment.recovery_codes,
        })),
    )
        .into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CodeBody {
    code: String,
}

/// `POST /staff/totp/confirm`: the first code from the app or key turns the factor on.
pub async fn confirm_totp(
    State(state): State<WebState>,
    request: Request,
) -> Result<Response, ApiError> {
    let session = bearer_for_enrolment(&state, request.headers()).await?;
    let body: CodeBody = json_body(&state, request).await?;
    state
        .app
        .confirm_second_factor(&session, &body.code)
        .await?;
    let status = state.app.second_factor_status(&session).await?;
    Ok(Json(json!({
        "enabled": true,
        "kind": status.as_ref().map(|s| s.kind.code()),
        "recovery_codes_left": status.map(|s| s.recovery_codes_left),
    }))
    .into_response())
}

/// `DELETE /staff/session`: the bearer token's session ends, on every app server.
pub async fn end_staff_session(
    State(state): State<WebState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let session = bearer_for_enrolment(&state, &headers).await?;
    state.app.log_out(&session).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// The bearer token's session. Refused (403 `totp_enrolment_required`) while the instance
/// requires a second factor this member has not enrolled.
pub(crate) async fn bearer(
    state: &WebState,
    headers: &HeaderMap,
) -> Result<StaffSession, ApiError> {
    let session = bearer_for_enrolment(state, headers).await?;
    if session.must_enrol {
        return Err(AppError::EnrolmentRequired.into());
    }
    Ok(session)
}

/// The bearer token's session, also one that must enrol a second factor first (enrolment
/// itself, signing out).
async fn bearer_for_enrolment(
    state: &WebState,
    headers: &HeaderMap,
) -> Result<StaffSession, ApiError> {
    let token = session::token_from_bearer(headers)
        .ok_or_else(|| ApiError::from(AppError::Unauthenticated))?;
    Ok(state.app.session(&token).await?)
}

pub async fn list_reports(
    State(state): State<WebState>,
    request: Request,
) -> Result<Response, ApiError> {
    let session = bearer(&state, request.headers()).await?;
    let query = request.uri().query();
    let limit = match query_param(query, "limit") {
        None => INBOX_PAGE_DEFAULT,
        Some(text) => text
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=200).contains(n))
            .ok_or_else(|| {
                ApiError::new(
                    StatusCode::BAD_REQUEST,
                    "invalid_limit",
                    "limit must be 1 to 200",
                )
            })?,
    };
    let page = state
        .app
        .case_list(&session, &super::handlers::inbox_request(query, limit))
        .await?;
    let reports: Vec<_> = page
        .lines
        .iter()
        .map(|line| {
            let mut item = case_json(
                &line.meta,
                line.card.as_ref(),
                line.assignee.as_deref(),
                &line.teams,
            );
            item["readable"] = json!(line.viewer_can_read);
            item["unread"] = json!(line.unread_activity);
            item
        })
        .collect();
    Ok(
        Json(json!({"reports": reports, "next_cursor": page.next_cursor.map(|c| c.to_string())}))
            .into_response(),
    )
}

/// A case's summary: its clear fields, and (for a case the caller can read) its labels and
/// deadline.
fn case_json(
    meta: &ReportMeta,
    card: Option<&CaseCard>,
    assignee: Option<&str>,
    teams: &[String],
) -> serde_json::Value {
    let codes = |tactics: &[Tactic]| tactics.iter().map(|t| t.code()).collect::<Vec<_>>();
    json!({
        "id": meta.id.to_string(),
        "received": meta.received.to_string(),
        "status": meta.status.code(),
        "status_day": meta.status_day.to_string(),
        "substatus": meta.case.substatus,
        "urgency": meta.case.urgency.code(),
        "assignee": assignee,
        "labels": card.map(|c| c.labels.clone()).unwrap_or_default(),
        "deadline": card.and_then(|c| c.deadline.clone()),
        "case_identifiers": card.map(|c| c.identifiers.clone()).unwrap_or_default(),
        "tactics": codes(&meta.tactics),
        "staff_tactics": meta.case.staff_tactics.as_deref().map(codes),
        "host_country": meta.host_country,
        "host_region": meta.host_region,
        "language": meta.language.code(),
        "last_activity": meta.case.activity.to_string(),
        "teams": teams,
    })
}

/// Accepts a field given as `null` (`Some(None)`) apart from one left out (`None`).
fn present<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// The body of `PATCH /reports/{id}` (and the change of a bulk action): every field optional.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CasePatch {
    #[serde(default)]
    status: Option<String>,
    #[serde(default, deserialize_with = "present")]
    substatus: Option<Option<String>>,
    #[serde(default)]
    urgency: Option<String>,
    #[serde(default, deserialize_with = "present")]
    assignee: Option<Option<String>>,
    #[serde(default)]
    labels: Option<Vec<String>>,
    #[serde(default)]
    tactics: Option<Vec<String>>,
    #[serde(default, deserialize_with = "present")]
    deadline: Option<Option<String>>,
    /// An identifier the caseworker records on the case.
    #[serde(default)]
    add_identifier: Option<IdentifierDraft>,
    /// One of `case_identifiers`, removed (named by its kind and value).
    #[serde(default)]
    remove_identifier: Option<IdentifierDraft>,
}

pub(crate) fn unknown_code(field: &str, value: &str) -> ApiError {
    ApiError::new(
        StatusCode::BAD_REQUEST,
        "unknown_code",
        format!("{field}: unknown code {value:?}"),
    )
}

/// Reads the codes of a change into the app's terms; unknown codes are a 400 naming the field.
async fn case_change(
    state: &WebState,
    session: &StaffSession,
    patch: CasePatch,
) -> Result<CaseChange, ApiError> {
    let status = patch
        .status
        .map(|code| ReportStatus::from_code(&code).ok_or_else(|| unknown_code("status", &code)))
        .transpose()?;
    let urgency = patch
        .urgency
        .map(|code| Urgency::from_code(&code).ok_or_else(|| unknown_code("urgency", &code)))
        .transpose()?;
    let tactics = patch
        .tactics
        .map(|codes| {
            codes
                .iter()
                .map(|code| Tactic::from_code(code).ok_or_else(|| unknown_code("tactics", code)))
                .collect::<Result<Vec<_>, _>>()
        })
        .transpose()?;
    let assignee = match patch.assignee {
        None => None,
        Some(None) => Some(None),
        Some(Some(username)) => Some(Some(state.app.colleague(session, &username).await?.id)),
    };
    let deadline = match patch.deadline {
        None => None,
        Some(None) => Some(None),
        Some(Some(text)) => Some(Some(parse_day(&text).ok_or_else(|| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "bad_deadline",
                "deadline: a day written YYYY-MM-DD",
            )
        })?)),
    };
    Ok(CaseChange {
        status,
        substatus: patch.substatus,
        urgency,
        assignee,
        tactics,
        labels: patch.labels,
        add_label: None,
        deadline,
        add_identifier: patch
            .add_identifier
            .map(|draft| check_identifier(&draft.kind, &draft.value))
            .transpose()
            .map_err(AppError::Invalid)?,
        remove_identifier: patch
            .remove_identifier
            .map(|draft| check_identifier(&draft.kind, &draft.value))
            .transpose()
            .map_err(AppError::Invalid)?,
    })
}

/// `PATCH /reports/{id}`: triage, assignment, labels, deadline, recoded tactics.
pub async fn patch_report(
    State(state): State<WebState>,
    Path(id): Path<String>,
    request: Request,
) -> Result<Response, ApiError> {
    let session = bearer(&state, request.headers()).await?;
    let id: ReportId = id.parse().map_err(|_| ApiError::from(AppError::NotFound))?;
    let patch: CasePatch = json_body(&state, request).await?;
    let change = case_change(&state, &session, patch).await?;
    let case = state.app.update_case(&session, id, &change).await?;
    Ok(Json(case_json(
        &case.meta,
        Some(&case.card),
        case.assignee.as_deref(),
        &case.teams,
    ))
    .into_response())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BulkBody {
    ids: Vec<String>,
    #[serde(default, deserialize_with = "present")]
    assignee: Option<Option<String>>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    add_label: Option<String>,
}

/// The most reports one bulk action may name.
const BULK_MAX: usize = 500;

/// `POST /reports/bulk`: one change to several cases; ids the caller cannot read refuse the
/// whole (404, nothing changed).
pub async fn bulk_update(
    State(state): State<WebState>,
    request: Request,
) -> Result<Response, ApiError> {
    let session = bearer(&state, request.headers()).await?;
    let body: BulkBody = json_body(&state, request).await?;
    if body.ids.is_empty() || body.ids.len() > BULK_MAX {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_ids",
            format!("ids: 1 to {BULK_MAX} report ids"),
        ));
    }
    let ids = body
        .ids
        .iter()
        .map(|id| {
            id.parse::<ReportId>()
                .map_err(|_| ApiError::from(AppError::NotFound))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut change = case_change(
        &state,
        &session,
        CasePatch {
            status: body.status,
            substatus: None,
            urgency: None,
            assignee: body.assignee,
            labels: None,
            tactics: None,
            deadline: None,
            add_identifier: None,
            remove_identifier: None,
        },
    )
    .await?;
    change.add_label = body.add_label;
    let changed = state.app.update_cases(&session, &ids, &change).await?;
    Ok(Json(json!({"changed": changed})).into_response())
}

/// `YYYY-MM-DD`.
fn parse_day(text: &str) -> Option<Day> {
    Day::parse(text)
}

pub async fn get_report(
    State(state): State<WebState>,
    Path(id): Path<String>,
    request: Request,
) -> Result<Response, ApiError> {
    let session = bearer(&state, request.headers()).await?;
    let id: ReportId = id.parse().map_err(|_| ApiError::from(AppError::NotFound))?;
    let opened = state.app.open_report(&session, id).await?;
    let mut answer = case_json(
        &opened.meta,
        Some(&opened.card),
        opened.assignee.as_deref(),
        &opened.teams,
    );
    let correlation = state
        .app
        .report_correlation(
            &session,
            id,
            &opened.sealed.report,
            &opened.card.identifiers,
        )
        .await?;
    let details = json!({
        "report": correlation::report_with_matches(&opened.sealed.report, &correlation),
        "case_identifiers": correlation::case_identifiers_with_matches(&correlation),
        "correlation": {"available": correlation.available, "pending": correlation.pending},
        "readers": opened.readers.iter().map(|r| r.username.clone()).collect::<Vec<_>>(),
        "messages": opened.messages.iter().map(|m| message_json(m, true)).collect::<Vec<_>>(),
        "files": opened.files.iter().map(file_json).collect::<Vec<_>>(),
        "notes": opened.notes.iter().map(note_json).collect::<Vec<_>>(),
    });
    if let (Some(answer), serde_json::Value::Object(details)) = (answer.as_object_mut(), details) {
        answer.extend(details);
    }
    Ok(Json(answer).into_response())
}

/// A note as the API gives it: its latest version, and the earlier ones.
fn note_json(note: &NoteView) -> serde_json::Value {
    let version = |v: &NoteVersion| json!({"version": v.version, "author": v.author, "day": v.written.to_string(), "body": v.body});
    let mut value = version(&note.latest);
    value["id"] = json!(note.id.to_string());
    value["earlier"] = json!(note.earlier.iter().map(version).collect::<Vec<_>>());
    value
}

/// `POST /reports/{id}/notes`: a new internal note.
pub async fn add_note(
    State(state): State<WebState>,
    Path(id): Path<String>,
    request: Request,
) -> Result<Response, ApiError> {
    let session = bearer(&state, request.headers()).await?;
    let id: ReportId = id.parse().map_err(|_| ApiError::from(AppError::NotFound))?;
    let body: MessageBody = json_body(&state, request).await?;
    let note = state.app.add_note(&session, id, &body.body, None).await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({"id": note.to_string(), "version": 1})),
    )
        .into_response())
}

/// `PUT /reports/{id}/notes/{note_id}`: a new version of a note; the old ones are kept.
pub async fn edit_note(
    State(state): State<WebState>,
    Path((id, note)): Path<(String, String)>,
    request: Request,
) -> Result<Response, ApiError> {
    let session = bearer(&state, request.headers()).await?;
    let (Ok(id), Ok(note)) = (id.parse::<ReportId>(), note.parse::<NoteId>()) else {
        return Err(AppError::NotFound.into());
    };
    let body: MessageBody = json_body(&state, request).await?;
    let version = state.app.edit_note(&session, id, note, &body.body).await?;
    Ok(Json(json!({"id": note.to_string(), "version": version})).into_response())
}

fn message_json(message: &MessageView, staff_side: bool) -> serde_json::Value {
    let mut value = json!({
        "id": message.id.to_string(),
        "from": if message.from_reporter { "reporter" } else { "caseworker" },
        "sent": message.sent.to_string(),
        "body": message.body,
    });
    if staff_side {
        value["author"] = json!(message.author);
        value["hidden_from_reporter"] = json!(message.hidden_from_reporter);
    }
    value
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MessageBody {
    body: String,
}

pub async fn staff_message(
    State(state): State<WebState>,
    Path(id): Path<String>,
    request: Request,
) -> Result<Response, ApiError> {
    let session = bearer(&state, request.headers()).await?;
    let id: ReportId = id.parse().map_err(|_| ApiError::from(AppError::NotFound))?;
    let body: MessageBody = json_body(&state, request).await?;
    let message = state
        .app
        .send_message_to_reporter(&session, id, &body.body, None)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({"id": message.to_string()})),
    )
        .into_response())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReceiptBody {
    receipt: String,
}

/// `POST /reporter/session`: a bearer token for the reporter. The receipt is in the body only.
pub async fn reporter_session(
    State(state): State<WebState>,
    request: Request,
) -> Result<Response, ApiError> {
    let body: ReceiptBody = json_body(&state, request).await?;
    let token = state.app.reporter_sign_in(&body.receipt).await?;
    Ok((StatusCode::CREATED, Json(json!({"token": token}))).into_response())
}

pub(crate) async fn reporter_bearer(
    state: &WebState,
    headers: &HeaderMap,
) -> Result<ReporterSession, ApiError> {
    let token = session::token_from_bearer(headers)
        .ok_or_else(|| ApiError::from(AppError::Unauthenticated))?;
    Ok(state.app.reporter_session(&token).await?)
}

pub async fn reporter_report(
    State(state): State<WebState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let session = reporter_bearer(&state, &headers).await?;
    let view = state.app.reporter_view(&session).await?;
    Ok(Json(json!({
        "status": view.status.code(),
        "status_day": view.status_day.to_string(),
        "referrals": view.referrals.iter().map(|r| {
            let mut referral = json!({"kind": r.kind, "day": r.day});
            if let Some(name) = &r.partner {
                referral["partner"] = json!(name);
            }
            referral
        }).collect::<Vec<_>>(),
        "consent": view.consent.as_ref().map(|c| c.current),
        "messages": view.messages.iter().map(|m| message_json(m, false)).collect::<Vec<_>>(),
        "files": view.files.iter().map(|f| json!({
            "id": f.file_id,
            "name": f.name,
            "size": f.size,
            "sha256": f.sha256,
            "received": f.received,
            "removed": f.removed,
        })).collect::<Vec<_>>(),
    }))
    .into_response())
}

pub async fn reporter_message(
    State(state): State<WebState>,
    request: Request,
) -> Result<Response, ApiError> {
    let session = reporter_bearer(&state, request.headers()).await?;
    let body: MessageBody = json_body(&state, request).await?;
    let id = state
        .app
        .reporter_send_message(&session, &body.body, None)
        .await?;
    Ok((StatusCode::CREATED, Json(json!({"id": id.to_string()}))).into_response())
}

pub async fn reporter_hide_message(
    State(state): State<WebState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let session = reporter_bearer(&state, &headers).await?;
    let id: MessageId = id.parse().map_err(|_| ApiError::from(AppError::NotFound))?;
    state.app.reporter_hide_message(&session, id).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

pub async fn openapi(State(state): State<WebState>) -> Response {
    Json(crate::openapi::document(
        &state.app.settings().origin_states,
        state.app.intake_rules().today.year_month(),
    ))
    .into_response()
}

pub async fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "not_found", "no such endpoint")
}

pub async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "this endpoint does not accept that method",
    )
}

/// `POST /reporter/files`: `file` parts, streamed and sealed like at submission.
pub async fn reporter_files(
    State(state): State<WebState>,
    request: Request,
) -> Result<Response, ApiError> {
    let session = reporter_bearer(&state, request.headers()).await?;
    let Some(boundary) = upload::multipart_boundary(request.headers()) else {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "send multipart/form-data with `file` parts",
        ));
    };
    let mut batch = state.app.upload_batch_for_reporter(&session).await?;
    let parts = upload::Parts {
        file_field: "file",
        text_allowed: &|_| false,
        gate: None,
        text_limit: state.config.max_body_bytes,
    };
    if let Err(error) =
        upload::read_multipart(request.into_body(), &boundary, &parts, &mut batch).await
    {
        batch.abandon().await;
        return Err(upload_error(error));
    }
    let files = state.app.add_reporter_files(&session, batch).await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({"files": files.iter().map(file_json).collect::<Vec<_>>()})),
    )
        .into_response())
}

/// `GET /reports/{id}/files/{file_id}?variant=clean|original`: the file, as an attachment.
pub async fn get_file(
    State(state): State<WebState>,
    Path((id, file)): Path<(String, String)>,
    request: Request,
) -> Result<Response, ApiError> {
    let session = bearer(&state, request.headers()).await?;
    let (Ok(id), Ok(file)) = (id.parse::<ReportId>(), file.parse::<FileId>()) else {
        return Err(AppError::NotFound.into());
    };
    let variant = match query_param(request.uri().query(), "variant").as_deref() {
        None | Some("clean") | Some("") => Variant::Clean,
        Some("original") => Variant::Original,
        Some(_) => {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "invalid_variant",
                "variant is clean or original",
            ));
        }
    };
    let download = state.app.download_file(&session, id, file, variant).await?;
    Ok(crate::handlers::attachment(
        &download.description.saved_name(download.variant),
        crate::handlers::stream_body(download.content),
    ))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TeamBody {
    name: String,
    #[serde(default)]
    members: Vec<String>,
}

/// `GET /admin/teams`: every team and its members.
pub async fn list_teams(
    State(state): State<WebState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let session = bearer(&state, &headers).await?;
    let teams = state.app.teams(&session).await?;
    Ok(Json(json!({
        "teams": teams.iter().map(crate::handlers::teams::team_json).collect::<Vec<_>>()
    }))
    .into_response())
}

/// `POST /admin/teams`: a new team.
pub async fn create_team(
    State(state): State<WebState>,
    request: Request,
) -> Result<Response, ApiError> {
    let session = bearer(&state, request.headers()).await?;
    let body: TeamBody = json_body(&state, request).await?;
    let team = state
        .app
        .create_team(&session, &body.name, &body.members)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(crate::handlers::teams::team_json(&team)),
    )
        .into_response())
}

/// `PUT /admin/teams/{name}`: renames a team and sets its members.
pub async fn update_team(
    State(state): State<WebState>,
    Path(name): Path<String>,
    request: Request,
) -> Result<Response, ApiError> {
    let session = bearer(&state, request.headers()).await?;
    let body: TeamBody = json_body(&state, request).await?;
    let team = state
        .app
        .update_team(&session, &name, &body.name, &body.members)
        .await?;
    Ok(Json(crate::handlers::teams::team_json(&team)).into_response())
}

/// `DELETE /admin/teams/{name}`.
pub async fn delete_team(
    State(state): State<WebState>,
    Path(name): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let session = bearer(&state, &headers).await?;
    state.app.delete_team(&session, &name).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `GET /admin/routing`.
pub async fn get_routing(
    State(state): State<WebState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let session = bearer(&state, &headers).await?;
    Ok(Json(state.app.routing(&session).await?).into_response())
}

/// `PUT /admin/routing`: the whole table; the first matching rule wins.
pub async fn put_routing(
    State(state): State<WebState>,
    request: Request,
) -> Result<Response, ApiError> {
    let session = bearer(&state, request.headers()).await?;
    let routing: refuge_domain::routing::Routing = json_body(&state, request).await?;
    Ok(Json(state.app.set_routing(&session, &routing).await?).into_response())
}
