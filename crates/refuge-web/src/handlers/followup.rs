//! Reporter follow-up routes: the receipt form, the case page, replies, hiding messages, leaving.
//!
//! SECURITY: the receipt travels only in the body of one POST; the cookie carries a random
//! session token. Every change is a POST with the session's CSRF field.

use axum::Extension;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use refuge_app::AppError;
use refuge_app::followup::ReporterSession;
use refuge_domain::MessageId;

use super::{Page, app_error, error_page, read_form, see_other};
use crate::WebState;
use crate::body::FormData;
use crate::error::PageError;
use crate::i18n::Locale;
use crate::pages::followup::{self as view, CasePage};
use crate::session::{self, Holder};
use crate::upload::{self, UploadError};

/// The signed-in reporter, or a redirect to the receipt form (clearing a dead cookie).
pub async fn require_reporter(
    state: &WebState,
    locale: Locale,
    headers: &HeaderMap,
) -> Result<ReporterSession, Response> {
    let Some(token) = session::token_from_cookie(headers, &state.config, Holder::Reporter) else {
        return Err(see_other(&locale.path("/followup")));
    };
    match state.app.reporter_session(&token).await {
        Ok(session) => Ok(session),
        Err(AppError::Unauthenticated) => {
            let mut response = see_other(&locale.path("/followup"));
            response.headers_mut().insert(
                header::SET_COOKIE,
                session::clear_cookie(&state.config, Holder::Reporter),
            );
            Err(response)
        }
        Err(other) => Err(app_error(state, locale)(other)),
    }
}

/// Reads a follow-up form and checks its CSRF field against the reporter's session.
async fn reporter_form(
    state: &WebState,
    locale: Locale,
    request: Request,
) -> Result<(ReporterSession, FormData), Response> {
    let (parts, body) = request.into_parts();
    let session = require_reporter(state, locale, &parts.headers).await?;
    let form =
        super::read_checked_form(state, locale, body, |csrf| session.csrf_matches(csrf)).await?;
    Ok((session, form))
}

pub async fn sign_in_page(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
) -> Response {
    view::sign_in(locale, &state.config.quick_exit_url, "", None).into_response()
}

pub async fn sign_in(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    request: Request,
) -> Page {
    let form = read_form(&state, locale, request.into_body()).await?;
    let typed = form
        .text("receipt")
        .map_err(|e| error_page(&state, locale, e))?;
    let refuse = |status: StatusCode, message: String| {
        (
            status,
            view::sign_in(locale, &state.config.quick_exit_url, &typed, Some(message)),
        )
            .into_response()
    };
    match state.app.reporter_sign_in(&typed).await {
        Ok(token) => {
            let mut response = see_other(&locale.path("/followup/case"));
            response.headers_mut().insert(
                header::SET_COOKIE,
                session::set_cookie(&state.config, Holder::Reporter, &token),
            );
            Ok(response)
        }
        Err(AppError::InvalidReceipt) => Ok(refuse(
            StatusCode::BAD_REQUEST,
            locale.t("followup-invalid"),
        )),
        Err(AppError::Throttled {
            retry_after_seconds,
        }) => Ok(refuse(
            StatusCode::TOO_MANY_REQUESTS,
            locale.t_with(
                "followup-throttled",
                &[("minutes", ((retry_after_seconds + 59) / 60).into())],
            ),
        )),
        Err(other) => Err(app_error(&state, locale)(other)),
    }
}

/// Renders the case page with an optional notice, error and kept reply.
pub(crate) async fn case_page(
    state: &WebState,
    locale: Locale,
    session: &ReporterSession,
    status: StatusCode,
    notice: Option<String>,
    error: Option<String>,
    draft: &str,
) -> Page {
    let view = state
        .app
        .reporter_view(session)
        .await
        .map_err(app_error(state, locale))?;
    let page = CasePage {
        view: &view,
        csrf: &session.csrf_token,
        notice,
        error,
        draft,
        limits: state.app.settings().files,
    };
    Ok((
        status,
        view::case(locale, &state.config.quick_exit_url, &page),
    )
        .into_response())
}

pub async fn case(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    headers: HeaderMap,
) -> Page {
    let session = require_reporter(&state, locale, &headers).await?;
    case_page(&state, locale, &session, StatusCode::OK, None, None, "").await
}

pub async fn send_message(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    request: Request,
) -> Page {
    let (session, form) = reporter_form(&state, locale, request).await?;
    let body = form
        .text("body")
        .map_err(|e| error_page(&state, locale, e))?;
    match state.app.reporter_send_message(&session, &body).await {
        Ok(_) => {
            case_page(
                &state,
                locale,
                &session,
                StatusCode::OK,
                Some(locale.t("followup-sent")),
                None,
                "",
            )
            .await
        }
        Err(AppError::Invalid(errors)) => {
            let message = errors
                .first()
                .map(|e| locale.problem(e.problem))
                .unwrap_or_else(|| locale.t("error-bad-request"));
            case_page(
                &state,
                locale,
                &session,
                StatusCode::BAD_REQUEST,
                None,
                Some(message),
                &body,
            )
            .await
        }
        Err(AppError::Unavailable(detail)) => {
            crate::error::log_internal(&detail);
            case_page(
                &state,
                locale,
                &session,
                StatusCode::SERVICE_UNAVAILABLE,
                None,
                Some(locale.t("error-save-failed")),
                &body,
            )
            .await
        }
        Err(other) => Err(app_error(&state, locale)(other)),
    }
}

pub async fn hide_message(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    Path(id): Path<String>,
    request: Request,
) -> Page {
    let (session, _) = reporter_form(&state, locale, request).await?;
    let id: MessageId = id
        .parse()
        .map_err(|_| error_page(&state, locale, PageError::NotFound))?;
    state
        .app
        .reporter_hide_message(&session, id)
        .await
        .map_err(app_error(&state, locale))?;
    case_page(
        &state,
        locale,
        &session,
        StatusCode::OK,
        Some(locale.t("followup-hidden")),
        None,
        "",
    )
    .await
}

pub async fn leave(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    request: Request,
) -> Page {
    let (session, _) = reporter_form(&state, locale, request).await?;
    state
        .app
        .reporter_sign_out(&session)
        .await
        .map_err(app_error(&state, locale))?;
    let mut response = view::signed_out(locale, &state.config.quick_exit_url).into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        session::clear_cookie(&state.config, Holder::Reporter),
    );
    Ok(response)
}

/// The reporter adds files to their report (multipart, streamed like at submission).
pub async fn add_files(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    request: Request,
) -> Page {
    let (parts, body) = request.into_parts();
    let session = require_reporter(&state, locale, &parts.headers).await?;
    let Some(boundary) = upload::multipart_boundary(&parts.headers) else {
        return Err(error_page(&state, locale, PageError::BadRequest));
    };
    let mut batch = state
        .app
        .upload_batch_for_reporter(&session)
        .await
        .map_err(app_error(&state, locale))?;
    let read = upload::read_multipart(
        &state.app,
        body,
        &boundary,
        state.config.max_body_bytes,
        "files",
        None,
        &mut batch,
    )
    .await;
    let refused =
        |batch: refuge_app::evidence::UploadBatch, status: StatusCode, message: String| {
            let state = state.clone();
            let session = &session;
            async move {
                batch.abandon(&state.app).await;
                case_page(&state, locale, session, status, None, Some(message), "").await
            }
        };
    let form = match read {
        Ok(form) => form,
        Err(UploadError::Refused(refusal, _)) => {
            let (status, message) = super::reporter::file_refusal_message(locale, refusal);
            return refused(batch, status, message).await;
        }
        Err(UploadError::Body(error)) => {
            batch.abandon(&state.app).await;
            return Err(error_page(&state, locale, error));
        }
        Err(UploadError::App(error)) => {
            batch.abandon(&state.app).await;
            return Err(app_error(&state, locale)(error));
        }
    };
    let csrf = form.one("csrf").ok().flatten().unwrap_or("");
    if !session.csrf_matches(csrf) {
        batch.abandon(&state.app).await;
        return Err(error_page(&state, locale, PageError::Forbidden));
    }
    match state.app.add_reporter_files(&session, batch).await {
        Ok(_) => {
            case_page(
                &state,
                locale,
                &session,
                StatusCode::OK,
                Some(locale.t("followup-files-added")),
                None,
                "",
            )
            .await
        }
        Err(AppError::FileRefused(refusal)) => {
            let (status, message) = super::reporter::file_refusal_message(locale, refusal);
            case_page(&state, locale, &session, status, None, Some(message), "").await
        }
        Err(other) => Err(app_error(&state, locale)(other)),
    }
}

/// The signed evidence receipt of every file of the report.
pub async fn evidence(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    request: Request,
) -> Page {
    let (session, _) = reporter_form(&state, locale, request).await?;
    let text = state
        .app
        .evidence_receipt(&session, &super::reporter::evidence_labels(locale))
        .await
        .map_err(app_error(&state, locale))?;
    Ok(super::attachment(
        "refuge-evidence-receipt.txt",
        axum::body::Body::from(text),
    ))
}
