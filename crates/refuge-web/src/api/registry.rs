//! The registry API: the public reads (no sign-in) and the researchers' writes — a draft, a
//! new version on top of the one read, publishing by a second person, sources.

use axum::Json;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use refuge_app::AppError;
use refuge_app::registry::{EntryForStaff, PublicEntry, SourceInput};
use refuge_domain::registry::{
    Credibility, Entry, EntryBody, EntryVersion, PartialDate, Reliability, Source, SourceKind,
};
use refuge_domain::{EntryId, SourceId};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{bearer, json_body, unknown_code, upload_error};
use crate::WebState;
use crate::error::ApiError;
use crate::handlers::registry::{known_country, read_filter};

fn body_json(body: &EntryBody) -> Value {
    serde_json::to_value(body).unwrap_or(Value::Null)
}

/// A published entry: its fields, and who-knows-when it was last reviewed.
pub fn entry_json(entry: &PublicEntry) -> Value {
    let mut value = body_json(&entry.body);
    if let Value::Object(map) = &mut value {
        map.insert("id".into(), json!(entry.id.to_string()));
        map.insert("reference".into(), json!(entry.reference));
        map.insert("version".into(), json!(entry.version));
        map.insert(
            "last_reviewed".into(),
            json!(entry.last_reviewed.to_string()),
        );
    }
    value
}

pub fn source_json(source: &Source) -> Value {
    serde_json::to_value(source).unwrap_or(Value::Null)
}

fn version_json(version: &EntryVersion) -> Value {
    json!({
        "version": version.version,
        "written": version.written.to_string(),
        "author": version.author.to_string(),
        "published": version.published.map(|d| d.to_string()),
        "published_by": version.published_by.map(|s| s.to_string()),
        "entry": body_json(&version.body),
    })
}

fn staff_entry_json(entry: &Entry) -> Value {
    json!({
        "id": entry.id.to_string(),
        "reference": entry.reference,
        "kind": entry.kind,
        "latest_version": entry.latest.version,
        "published_version": entry.published.as_ref().map(|v| v.version),
        "withdrawn": entry.withdrawn.map(|d| d.to_string()),
        "title": entry.latest.body.title,
        "country": entry.latest.body.country,
    })
}

/// `GET /registry/entries?kind=&country=&status=&q=`: published entries only.
pub async fn list(State(state): State<WebState>, request: Request) -> Result<Response, ApiError> {
    let (form, filter) = read_filter(request.uri().query());
    let filter = filter.map_err(|problem| {
        let typed = match problem.field() {
            "kind" => form.kind,
            "country" => form.country,
            "status" => form.status,
            _ => "(longer than 200 characters)".to_owned(),
        };
        unknown_code(problem.field(), &typed)
    })?;
    let entries = state.app.public_registry(&filter).await?;
    Ok(
        Json(json!({"entries": entries.iter().map(entry_json).collect::<Vec<_>>()}))
            .into_response(),
    )
}

/// `GET /registry/entries/{id}`: a published entry with its sources, statuses over time,
/// official responses (its own and those recorded as entries about it) and history.
pub async fn entry(
    State(state): State<WebState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let id: EntryId = id.parse().map_err(|_| ApiError::from(AppError::NotFound))?;
    let page = state.app.public_entry(id).await?;
    let mut value = entry_json(&page.entry);
    if let Value::Object(map) = &mut value {
        map.insert(
            "sources_cited".into(),
            json!(page.sources.iter().map(source_json).collect::<Vec<_>>()),
        );
        map.insert(
            "responses_recorded".into(),
            json!(page.responses.iter().map(entry_json).collect::<Vec<_>>()),
        );
        map.insert(
            "history".into(),
            json!(
                page.history
                    .iter()
                    .map(|c| json!({
                        "version": c.version,
                        "written": c.written.to_string(),
                        "published": c.published.to_string(),
                    }))
                    .collect::<Vec<_>>()
            ),
        );
    }
    Ok(Json(value).into_response())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NewEntryBody {
    entry: EntryBody,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RevisionBody {
    base_version: u32,
    entry: EntryBody,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PublishBody {
    version: u32,
}

fn check_country(body: &EntryBody) -> Result<(), ApiError> {
    match body
        .country
        .as_deref()
        .map(|c| c.trim().to_ascii_uppercase())
    {
        Some(code) if !known_country(&code) => Err(unknown_code("country", &code)),
        _ => Ok(()),
    }
}

fn stale(id: EntryId) -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        "version_conflict",
        format!(
            "entry {id} has a newer version than the one this change was made on: read it again (GET /api/v1/registry/drafts/{id})"
        ),
    )
}

/// `POST /registry/entries` `{"entry": {…}}`: a new entry, as a draft.
pub async fn create(State(state): State<WebState>, request: Request) -> Result<Response, ApiError> {
    let session = bearer(&state, request.headers()).await?;
    let body: NewEntryBody = json_body(&state, request).await?;
    check_country(&body.entry)?;
    let (id, version) = state.app.create_entry(&session, body.entry).await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({"id": id.to_string(), "version": version, "published": false})),
    )
        .into_response())
}

/// `PUT /registry/entries/{id}` `{"base_version": N, "entry": {…}}`: a new draft version.
pub async fn revise(
    State(state): State<WebState>,
    Path(id): Path<String>,
    request: Request,
) -> Result<Response, ApiError> {
    let session = bearer(&state, request.headers()).await?;
    let id: EntryId = id.parse().map_err(|_| ApiError::from(AppError::NotFound))?;
    let body: RevisionBody = json_body(&state, request).await?;
    check_country(&body.entry)?;
    match state
        .app
        .revise_entry(&session, id, body.base_version, body.entry)
        .await
    {
        Ok(version) => Ok(Json(
            json!({"id": id.to_string(), "version": version, "published": false}),
        )
        .into_response()),
        Err(AppError::Conflict) => Err(stale(id)),
        Err(other) => Err(other.into()),
    }
}

/// `POST /registry/entries/{id}/publish` `{"version": N}`.
pub async fn publish(
    State(state): State<WebState>,
    Path(id): Path<String>,
    request: Request,
) -> Result<Response, ApiError> {
    let session = bearer(&state, request.headers()).await?;
    let id: EntryId = id.parse().map_err(|_| ApiError::from(AppError::NotFound))?;
    let body: PublishBody = json_body(&state, request).await?;
    match state.app.publish_entry(&session, id, body.version).await {
        Ok(()) => Ok(Json(
            json!({"id": id.to_string(), "version": body.version, "published": true}),
        )
        .into_response()),
        Err(AppError::Conflict) => Err(stale(id)),
        Err(other) => Err(other.into()),
    }
}

/// `GET /registry/drafts`: every entry, drafts included (researchers and administrators).
pub async fn drafts(
    State(state): State<WebState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let session = bearer(&state, &headers).await?;
    let entries = state.app.registry_for_staff(&session).await?;
    Ok(
        Json(json!({"entries": entries.iter().map(staff_entry_json).collect::<Vec<_>>()}))
            .into_response(),
    )
}

/// `GET /registry/drafts/{id}`: an entry with every version.
pub async fn draft(
    State(state): State<WebState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let session = bearer(&state, &headers).await?;
    let id: EntryId = id.parse().map_err(|_| ApiError::from(AppError::NotFound))?;
    let EntryForStaff {
        entry,
        versions,
        publish_problems,
    } = state.app.registry_entry_for_staff(&session, id).await?;
    let mut value = staff_entry_json(&entry);
    if let Value::Object(map) = &mut value {
        map.insert(
            "versions".into(),
            json!(versions.iter().map(version_json).collect::<Vec<_>>()),
        );
        map.insert(
            "publish_problems".into(),
            json!(
                publish_problems
                    .iter()
                    .map(|p| json!({"field": p.field(), "code": p.code()}))
                    .collect::<Vec<_>>()
            ),
        );
    }
    Ok(Json(value).into_response())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SourceBody {
    url: String,
    publisher: String,
    title: String,
    #[serde(default)]
    date: Option<String>,
    kind: String,
    #[serde(default)]
    reliability: Option<String>,
    #[serde(default)]
    credibility: Option<String>,
    #[serde(default)]
    archived_sha256: Option<String>,
}

/// `POST /registry/sources`.
pub async fn add_source(
    State(state): State<WebState>,
    request: Request,
) -> Result<Response, ApiError> {
    let session = bearer(&state, request.headers()).await?;
    let body: SourceBody = json_body(&state, request).await?;
    let published = match body.date.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) => Some(PartialDate::parse(text).ok_or_else(|| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "invalid_date",
                format!("date: {text:?} is not YYYY, YYYY-MM or YYYY-MM-DD"),
            )
        })?),
    };
    let kind = SourceKind::from_code(&body.kind).ok_or_else(|| unknown_code("kind", &body.kind))?;
    let reliability = match body.reliability {
        None => Reliability::F,
        Some(code) => {
            Reliability::from_code(&code).ok_or_else(|| unknown_code("reliability", &code))?
        }
    };
    let credibility = match body.credibility {
        None => Credibility::CannotBeJudged,
        Some(code) => {
            Credibility::from_code(&code).ok_or_else(|| unknown_code("credibility", &code))?
        }
    };
    let source = state
        .app
        .add_source(
            &session,
            SourceInput {
                url: body.url,
                publisher: body.publisher,
                title: body.title,
                published,
                kind,
                reliability,
                credibility,
                archived_sha256: body.archived_sha256,
            },
        )
        .await?;
    Ok((StatusCode::CREATED, Json(source_json(&source))).into_response())
}

/// `GET /registry/sources`: every source (researchers and administrators), to cite by id.
pub async fn sources(
    State(state): State<WebState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let session = bearer(&state, &headers).await?;
    let sources = state.app.registry_sources_for_staff(&session).await?;
    Ok(
        Json(json!({"sources": sources.iter().map(source_json).collect::<Vec<_>>()}))
            .into_response(),
    )
}

/// `POST /registry/entries/{id}/withdraw`: off the public side (administrators); the entry
/// and its versions stay on record.
pub async fn withdraw(
    State(state): State<WebState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let session = bearer(&state, &headers).await?;
    let id: EntryId = id.parse().map_err(|_| ApiError::from(AppError::NotFound))?;
    state.app.withdraw_entry(&session, id).await?;
    Ok(Json(json!({"id": id.to_string(), "withdrawn": true})).into_response())
}

/// `POST /registry/sources/{id}/archive`: the source's archived copy, one `file` part,
/// streamed and sealed as it arrives like an evidence file. Answers the source (with the
/// copy's SHA-256) and the copy's size.
pub async fn archive_source(
    State(state): State<WebState>,
    Path(id): Path<String>,
    request: Request,
) -> Result<Response, ApiError> {
    let session = bearer(&state, request.headers()).await?;
    let id: SourceId = id.parse().map_err(|_| AppError::NotFound)?;
    let Some(boundary) = crate::upload::multipart_boundary(request.headers()) else {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "send multipart/form-data with one `file` part",
        ));
    };
    let mut copy = state.app.source_archive_upload(&session, id).await?;
    let parts = crate::upload::Parts {
        file_field: "file",
        text_allowed: &|_| false,
        gate: None,
        text_limit: state.config.max_body_bytes,
    };
    // A refused upload drops `copy`, and with it whatever was sealed.
    crate::upload::read_multipart(request.into_body(), &boundary, &parts, &mut copy)
        .await
        .map_err(upload_error)?;
    let kept = state.app.keep_source_archive(&session, copy).await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({"source": source_json(&kept.source), "size": kept.size})),
    )
        .into_response())
}

/// `GET /registry/sources/{id}/archive`: the copy, decrypted as it is sent, for a researcher or
/// administrator it was sealed to.
pub async fn download_archive(
    State(state): State<WebState>,
    Path(id): Path<String>,
    request: Request,
) -> Result<Response, ApiError> {
    let session = bearer(&state, request.headers()).await?;
    let id: SourceId = id.parse().map_err(|_| AppError::NotFound)?;
    let download = state.app.download_source_archive(&session, id).await?;
    Ok(crate::handlers::attachment(
        &download.name,
        crate::handlers::stream_body(download.content),
    ))
}
