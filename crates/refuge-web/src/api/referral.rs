//! The referral API: partner organisations (administrators), referring a report (answered
//! with the bundle itself), and the reporter changing their consent.

use axum::Json;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use refuge_app::AppError;
use refuge_domain::referral::{FilesChoice, Partner, PartnerKind, ReferralInclude};
use refuge_domain::report::Consent;
use refuge_domain::{PartnerId, ReportId};
use serde::Deserialize;
use serde_json::json;

use super::{bearer, json_body, reporter_bearer, unknown_code};
use crate::WebState;
use crate::error::ApiError;
use crate::handlers::referral::{bundle_response, referral_wording};

fn partner_json(partner: &Partner) -> serde_json::Value {
    json!({
        "id": partner.id.to_string(),
        "name": partner.name,
        "kind": partner.kind,
        "recipient": partner.recipient,
        "added": partner.added.to_string(),
    })
}

/// `GET /admin/partners`.
pub async fn partners(
    State(state): State<WebState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let session = bearer(&state, &headers).await?;
    session.require(refuge_domain::Permission::ManagePartners)?;
    let partners = state.app.partners(&session).await?;
    Ok(
        Json(json!({"partners": partners.iter().map(partner_json).collect::<Vec<_>>()}))
            .into_response(),
    )
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PartnerBody {
    name: String,
    kind: String,
    recipient: String,
}

/// `POST /admin/partners`: `{"name", "kind", "recipient": "age1…"}`.
pub async fn add_partner(
    State(state): State<WebState>,
    request: Request,
) -> Result<Response, ApiError> {
    let session = bearer(&state, request.headers()).await?;
    let body: PartnerBody = json_body(&state, request).await?;
    let kind =
        PartnerKind::from_code(&body.kind).ok_or_else(|| unknown_code("kind", &body.kind))?;
    let partner = state
        .app
        .add_partner(&session, &body.name, kind, &body.recipient)
        .await?;
    Ok((StatusCode::CREATED, Json(partner_json(&partner))).into_response())
}

/// `DELETE /admin/partners/{id}`: off the list; its referrals stay on record.
pub async fn remove_partner(
    State(state): State<WebState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let session = bearer(&state, &headers).await?;
    let id: PartnerId = id.parse().map_err(|_| ApiError::from(AppError::NotFound))?;
    state.app.remove_partner(&session, id).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct IncludeBody {
    #[serde(default)]
    narrative: bool,
    #[serde(default)]
    identifiers: bool,
    #[serde(default)]
    files: Option<String>,
    #[serde(default)]
    messages: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReferralBody {
    partner: String,
    #[serde(default)]
    include: Option<IncludeBody>,
}

/// `POST /reports/{id}/referrals`: `201` whose body is the bundle, an age file to the
/// partner's key; `403 consent_not_given` when the reporter's consent does not cover it.
pub async fn refer(
    State(state): State<WebState>,
    Path(id): Path<String>,
    request: Request,
) -> Result<Response, ApiError> {
    let session = bearer(&state, request.headers()).await?;
    let id: ReportId = id.parse().map_err(|_| ApiError::from(AppError::NotFound))?;
    let body: ReferralBody = json_body(&state, request).await?;
    let include = match body.include {
        None => ReferralInclude::default(),
        Some(include) => ReferralInclude {
            narrative: include.narrative,
            identifiers: include.identifiers,
            messages: include.messages,
            files: match include.files.as_deref() {
                None => FilesChoice::None,
                Some(code) => FilesChoice::from_code(code)
                    .ok_or_else(|| unknown_code("include.files", code))?,
            },
        },
    };
    let language = state.app.report_meta(&session, id).await?.language;
    let bundle = state
        .app
        .refer(
            &session,
            id,
            &body.partner,
            include,
            &referral_wording(language),
        )
        .await?;
    Ok(bundle_response(StatusCode::CREATED, bundle))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConsentBody {
    refer_to_police: bool,
    refer_to_partners: bool,
    research_statistics: bool,
}

/// `PUT /reporter/consent`: the reporter's consent, from now on.
pub async fn change_consent(
    State(state): State<WebState>,
    request: Request,
) -> Result<Response, ApiError> {
    let session = reporter_bearer(&state, request.headers()).await?;
    let body: ConsentBody = json_body(&state, request).await?;
    let record = state
        .app
        .change_consent(
            &session,
            Consent {
                refer_to_police: body.refer_to_police,
                refer_to_partners: body.refer_to_partners,
                research_statistics: body.research_statistics,
            },
        )
        .await?;
    Ok(Json(json!({
        "consent": record.current,
        "history": record.history.iter().map(|c| json!({"day": c.day, "consent": c.consent})).collect::<Vec<_>>(),
    }))
    .into_response())
}
