//! The correlation API: identifiers with their matches on a report, the look-up, the groups of
//! connected reports, and how far indexing is.

use axum::Json;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use refuge_app::correlation::{
    Cluster, IdentifierMatches, IdentifierSource, MatchHow, ReportCorrelation, ReportIdentifier,
};
use refuge_domain::report::{Report, check_identifier};
use serde_json::{Value, json};

use super::{bearer, unknown_code};
use crate::WebState;
use crate::error::ApiError;
use crate::handlers::correlation::{is_lookup_region, min_reports_of};
use crate::handlers::single_param;

/// Most groups one answer lists.
const CLUSTERS_MAX: usize = 500;

fn matches_json(matches: &IdentifierMatches) -> Value {
    let ids = |how: Option<MatchHow>| {
        matches
            .readable
            .iter()
            .filter(|m| how.is_none_or(|how| m.how == how))
            .map(|m| m.id.to_string())
            .collect::<Vec<_>>()
    };
    json!({
        "reports": ids(None),
        "transliterated": ids(Some(MatchHow::Transliterated)),
        "other_reports": matches.others,
    })
}

fn identifier_json(listed: &ReportIdentifier) -> Value {
    json!({
        "kind": listed.identifier.kind,
        "value": listed.identifier.value,
        "matches": matches_json(&listed.matches),
    })
}

/// The report as sealed, each of its identifiers carrying its matches.
pub(super) fn report_with_matches(report: &Report, correlation: &ReportCorrelation) -> Value {
    let mut value = json!(report);
    value["identifiers"] = correlation
        .identifiers
        .iter()
        .filter(|i| i.source == IdentifierSource::Reporter)
        .map(identifier_json)
        .collect();
    value
}

/// The identifiers caseworkers added, with their matches.
pub(super) fn case_identifiers_with_matches(correlation: &ReportCorrelation) -> Value {
    correlation
        .identifiers
        .iter()
        .filter(|i| i.source == IdentifierSource::Caseworker)
        .map(identifier_json)
        .collect()
}

fn unavailable() -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        "correlation_unavailable",
        "matching is not available to this account yet: it starts once a colleague who holds \
         the correlation key signs in",
    )
}

/// `GET /identifiers?kind=phone&value=…[&region=CA]`: the reports the caller can read that
/// carry this identifier after normalisation, and how many others do.
pub async fn look_up(
    State(state): State<WebState>,
    request: Request,
) -> Result<Response, ApiError> {
    let session = bearer(&state, request.headers()).await?;
    let query = request.uri().query();
    let once = |name: &'static str| {
        single_param(query, name).map_err(|_| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "invalid_input",
                format!("{name}: given more than once"),
            )
        })
    };
    let kind = once("kind")?.unwrap_or_default();
    let value = once("value")?.unwrap_or_default();
    let identifier = check_identifier(&kind, &value).map_err(refuge_app::AppError::Invalid)?;
    let region = once("region")?.filter(|r| !r.is_empty());
    if let Some(region) = &region
        && !is_lookup_region(&state, region)
    {
        return Err(unknown_code("region", region));
    }
    let matches = state
        .app
        .look_up_identifier(&session, &identifier, region.as_deref())
        .await?
        .ok_or_else(unavailable)?;
    let mut answer = matches_json(&matches);
    answer["kind"] = json!(identifier.kind);
    answer["matches"] = matches
        .readable
        .iter()
        .map(|m| json!({"id": m.id.to_string(), "received": m.received.to_string(), "how": m.how.code()}))
        .collect();
    Ok(Json(answer).into_response())
}

fn cluster_json(cluster: &Cluster) -> Value {
    json!({
        "reports": cluster.reports.iter().map(|(id, day)| json!({"id": id.to_string(), "received": day.to_string()})).collect::<Vec<_>>(),
        "kinds": cluster.kinds,
        "links": cluster.links.iter().map(|l| json!({
            "from": l.from.to_string(),
            "to": l.to.to_string(),
            "kinds": l.kinds,
            "how": l.how.code(),
        })).collect::<Vec<_>>(),
    })
}

/// `GET /correlation/clusters?min_reports=2`: groups of readable reports joined by shared
/// identifiers, largest first.
pub async fn clusters(
    State(state): State<WebState>,
    request: Request,
) -> Result<Response, ApiError> {
    let session = bearer(&state, request.headers()).await?;
    let min_reports = min_reports_of(request.uri().query(), false).ok_or_else(|| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_input",
            "min_reports: a number from 2 to 100",
        )
    })?;
    let found = state
        .app
        .clusters(&session, min_reports, CLUSTERS_MAX)
        .await?
        .ok_or_else(unavailable)?;
    Ok(Json(json!({
        "clusters": found.clusters.iter().map(cluster_json).collect::<Vec<_>>(),
        "total": found.total,
        "pending": found.pending,
    }))
    .into_response())
}

/// `GET /correlation/status`: whether the caller holds the correlation key, and how many
/// reports wait to be indexed (asking starts the indexing if some do).
pub async fn status(State(state): State<WebState>, request: Request) -> Result<Response, ApiError> {
    let session = bearer(&state, request.headers()).await?;
    let status = state.app.correlation_status(&session).await?;
    Ok(Json(json!({"available": status.available, "pending": status.pending})).into_response())
}
