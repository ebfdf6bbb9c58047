//! The audit log for administrators and auditors: the page and its CSV export, a signed
//! checkpoint to download, and the same through the API (`GET /api/v1/audit`,
//! `GET /api/v1/audit.csv`, `POST /api/v1/audit/checkpoint`).

use axum::Extension;
use axum::Json;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use refuge_app::AppError;
use refuge_app::audit::{AuditExport, AuditLine, AuditRequest, moment};
use serde_json::json;

use super::staff::{require_session, staff_form};
use super::{Page, app_error, attachment, query_pairs};
use crate::WebState;
use crate::api::bearer;
use crate::error::ApiError;
use crate::i18n::Locale;
use crate::pages::audit::{self as view, AuditPage};
use crate::session::StaffNav;

fn audit_request(query: Option<&str>) -> AuditRequest {
    let mut request = AuditRequest::default();
    for (name, value) in query_pairs(query) {
        request.set(&name, &value);
    }
    request
}

/// The message id naming a filter of the audit page.
fn filter_label(parameter: &str) -> &'static str {
    match parameter {
        "actor" => "audit-filter-actor",
        "report" => "audit-filter-report",
        "action" => "audit-filter-action",
        "from" => "inbox-filter-from",
        "to" => "inbox-filter-to",
        _ => "inbox-pages",
    }
}

/// A CSV export as a body written a page at a time.
fn csv_body(export: AuditExport) -> Body {
    let stream = futures_util::stream::unfold(Some(export), |state| async move {
        let mut export = state?;
        match export.next_part().await {
            Ok(Some(part)) => Some((Ok::<_, std::io::Error>(part.into_bytes()), Some(export))),
            Ok(None) => None,
            Err(error) => Some((Err(std::io::Error::other(error.to_string())), None)),
        }
    });
    Body::from_stream(stream)
}

fn csv_response(locale_day: &str, export: AuditExport) -> Response {
    let mut response = attachment(&format!("refuge-audit-{locale_day}.csv"), csv_body(export));
    response.headers_mut().insert(
        axum::http::header::CONTENT_TYPE,
        axum::http::HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    response
}

fn checkpoint_response(signed: String) -> Response {
    let seq = signed
        .lines()
        .find_map(|line| line.strip_prefix("row: "))
        .unwrap_or("0")
        .to_owned();
    let mut response = attachment(
        &format!("refuge-audit-checkpoint-{seq}.txt"),
        Body::from(signed),
    );
    response.headers_mut().insert(
        axum::http::header::CONTENT_TYPE,
        axum::http::HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

fn today(state: &WebState) -> String {
    refuge_domain::Day::from_unix_seconds(state.app.now()).to_string()
}

pub async fn page(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    request: Request,
) -> Page {
    let session = require_session(&state, locale, request.headers()).await?;
    let asked = audit_request(request.uri().query());
    let (shown, error, status) = match state.app.audit_view(&session, &asked).await {
        Ok(view) => (Some(view), None, StatusCode::OK),
        Err(AppError::AuditFilter(problem)) => (
            None,
            Some(locale.t_with(
                "inbox-filter-error",
                &[("field", locale.t(filter_label(problem.0)).into())],
            )),
            StatusCode::BAD_REQUEST,
        ),
        Err(other) => return Err(app_error(&state, locale)(other)),
    };
    let staff = state
        .app
        .audit_staff(&session)
        .await
        .map_err(app_error(&state, locale))?;
    Ok((
        status,
        view::audit(
            locale,
            &StaffNav::of(&session),
            &AuditPage {
                view: shown.as_ref(),
                request: &asked,
                staff: &staff,
                error,
            },
        ),
    )
        .into_response())
}

pub async fn csv(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    request: Request,
) -> Page {
    let session = require_session(&state, locale, request.headers()).await?;
    let asked = audit_request(request.uri().query());
    let export = state
        .app
        .audit_export(&session, &asked)
        .await
        .map_err(app_error(&state, locale))?;
    Ok(csv_response(&today(&state), export))
}

pub async fn checkpoint(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    request: Request,
) -> Page {
    let (session, _form) = staff_form(&state, locale, request).await?;
    let signed = state
        .app
        .write_checkpoint(Some(&session))
        .await
        .map_err(app_error(&state, locale))?;
    Ok(checkpoint_response(signed))
}

fn line_json(line: &AuditLine) -> serde_json::Value {
    json!({
        "seq": line.seq,
        "at": moment(line.at).replace(' ', "T") + "Z",
        "actor": line.actor,
        "action": line.action.code(),
        "report": line.report.map(|r| r.to_string()),
        "subject": line.subject,
        "hash": line.hash,
    })
}

/// `GET /api/v1/audit`: a page of the log, newest first, with its head.
pub async fn api_list(
    State(state): State<WebState>,
    request: Request,
) -> Result<Response, ApiError> {
    let session = bearer(&state, request.headers()).await?;
    let asked = audit_request(request.uri().query());
    let shown = state.app.audit_view(&session, &asked).await?;
    Ok(Json(json!({
        "rows": shown.lines.iter().map(line_json).collect::<Vec<_>>(),
        "next_cursor": shown.next_cursor.map(|c| c.to_string()),
        "head": {"seq": shown.head.0, "hash": shown.head.1},
    }))
    .into_response())
}

/// `GET /api/v1/audit.csv`: every row the filters select.
pub async fn api_csv(
    State(state): State<WebState>,
    request: Request,
) -> Result<Response, ApiError> {
    let session = bearer(&state, request.headers()).await?;
    let asked = audit_request(request.uri().query());
    let export = state.app.audit_export(&session, &asked).await?;
    Ok(csv_response(&today(&state), export))
}

/// `POST /api/v1/audit/checkpoint`: signs the head now; the signed text to keep elsewhere.
pub async fn api_checkpoint(
    State(state): State<WebState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let session = bearer(&state, &headers).await?;
    let signed = state.app.write_checkpoint(Some(&session)).await?;
    let mut response = checkpoint_response(signed);
    *response.status_mut() = StatusCode::CREATED;
    Ok(response)
}
