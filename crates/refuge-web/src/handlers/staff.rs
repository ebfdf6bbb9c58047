//! Staff routes: sign-in and out, first-run setup, inbox, reading and sharing reports.

use axum::Extension;
use axum::extract::{Path, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use refuge_app::AppError;
use refuge_app::accounts::StaffSession;
use refuge_app::casework::INBOX_PAGE_DEFAULT;
use refuge_domain::{ReportId, StaffId};

use super::{query_param, read_form, see_other, signed_in};
use crate::WebState;
use crate::body::FormData;
use crate::error::{LocalizedError, PageError};
use crate::i18n::Locale;
use crate::pages::staff as view;
use crate::session::{self, StaffNav};

/// Signed-in staff, or a redirect to the sign-in page.
pub async fn require_session(
    state: &WebState,
    locale: Locale,
    headers: &axum::http::HeaderMap,
) -> Result<StaffSession, Response> {
    let Some(token) = session::token_from_cookie(headers, &state.config) else {
        return Err(see_other(&locale.path("/staff/login")));
    };
    match state.app.session(&token).await {
        Ok(session) => Ok(session),
        Err(AppError::Unauthenticated) => {
            let mut response = see_other(&locale.path("/staff/login"));
            response
                .headers_mut()
                .insert(header::SET_COOKIE, session::clear_cookie(&state.config));
            Err(response)
        }
        Err(other) => Err(PageError::from_app(other).render(locale, &state.config)),
    }
}

/// Reads a staff form and checks its CSRF field against the session.
pub async fn staff_form(
    state: &WebState,
    locale: Locale,
    request: Request,
) -> Result<(StaffSession, FormData), Response> {
    let (parts, body) = request.into_parts();
    let session = require_session(state, locale, &parts.headers).await?;
    let form = read_form(state, locale, body)
        .await
        .map_err(IntoResponse::into_response)?;
    let csrf = form.one("csrf").ok().flatten().unwrap_or("");
    if !session.csrf_matches(csrf) {
        return Err(PageError::Forbidden.render(locale, &state.config));
    }
    Ok((session, form))
}

pub async fn login_page(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    request: Request,
) -> Response {
    if let Some(token) = session::token_from_cookie(request.headers(), &state.config)
        && state.app.session(&token).await.is_ok()
    {
        return see_other(&locale.path("/staff/inbox"));
    }
    view::login(locale, "", None).into_response()
}

pub async fn log_in(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    request: Request,
) -> Result<Response, LocalizedError> {
    let fail = |error: PageError| LocalizedError(locale, state.config.clone(), error);
    let form = read_form(&state, locale, request.into_body()).await?;
    let username = form.text("username").map_err(|e| fail(e.into()))?;
    let password = form.text("password").map_err(|e| fail(e.into()))?;
    match state.app.log_in(&username, &password).await {
        Ok(new_session) => Ok(signed_in(&state, locale, &new_session.token)),
        Err(AppError::InvalidCredentials) => Ok((
            StatusCode::UNAUTHORIZED,
            view::login(locale, &username, Some(locale.t("login-failed"))),
        )
            .into_response()),
        Err(AppError::Throttled {
            retry_after_seconds,
        }) => {
            let minutes = (retry_after_seconds + 59) / 60;
            let message = locale.t_with("login-throttled", &[("minutes", minutes.into())]);
            Ok((
                StatusCode::TOO_MANY_REQUESTS,
                view::login(locale, &username, Some(message)),
            )
                .into_response())
        }
        Err(other) => Err(fail(PageError::from_app(other))),
    }
}

pub async fn log_out(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    request: Request,
) -> Response {
    let (session, _) = match staff_form(&state, locale, request).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    if let Err(error) = state.app.log_out(&session).await {
        return PageError::from_app(error).render(locale, &state.config);
    }
    let mut response = see_other(&locale.path("/staff/login"));
    response
        .headers_mut()
        .insert(header::SET_COOKIE, session::clear_cookie(&state.config));
    response
}

pub async fn setup_page(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    Path(token): Path<String>,
) -> Response {
    match state.app.needs_setup().await {
        Ok(true) => view::setup(locale, &token, "", None).into_response(),
        Ok(false) => setup_done(locale),
        Err(error) => PageError::from_app(error).render(locale, &state.config),
    }
}

fn setup_done(locale: Locale) -> Response {
    view::message_page(
        locale,
        &locale.t("setup-title"),
        &locale.t("setup-done"),
        (&locale.t("sign-in"), locale.path("/staff/login")),
    )
    .into_response()
}

pub async fn complete_setup(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    Path(token): Path<String>,
    request: Request,
) -> Result<Response, LocalizedError> {
    let fail = |error: PageError| LocalizedError(locale, state.config.clone(), error);
    let form = read_form(&state, locale, request.into_body()).await?;
    let username = form.text("username").map_err(|e| fail(e.into()))?;
    let password = form.text("password").map_err(|e| fail(e.into()))?;
    if password != form.text("password_confirm").map_err(|e| fail(e.into()))? {
        return Ok((
            StatusCode::BAD_REQUEST,
            view::setup(
                locale,
                &token,
                &username,
                Some(locale.t("password-mismatch")),
            ),
        )
            .into_response());
    }
    match state.app.complete_setup(&token, &username, &password).await {
        Ok(new_session) => Ok(signed_in(&state, locale, &new_session.token)),
        Err(AppError::AccountRule(rule)) => Ok((
            StatusCode::BAD_REQUEST,
            view::setup(
                locale,
                &token,
                &username,
                Some(locale.t(&format!("account-rule-{}", rule.code()))),
            ),
        )
            .into_response()),
        Err(AppError::NotFound) => Ok((
            StatusCode::NOT_FOUND,
            view::message_page(
                locale,
                &locale.t("setup-title"),
                &locale.t("setup-invalid"),
                (&locale.t("sign-in"), locale.path("/staff/login")),
            ),
        )
            .into_response()),
        Err(other) => Err(fail(PageError::from_app(other))),
    }
}

pub async fn inbox(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    request: Request,
) -> Response {
    let session = match require_session(&state, locale, request.headers()).await {
        Ok(session) => session,
        Err(response) => return response,
    };
    let cursor = query_param(request.uri().query(), "cursor").and_then(|c| c.parse::<i64>().ok());
    match state.app.inbox(&session, INBOX_PAGE_DEFAULT, cursor).await {
        Ok(page) => view::inbox(locale, &StaffNav::of(&session), &page).into_response(),
        Err(error) => PageError::from_app(error).render(locale, &state.config),
    }
}

pub async fn report(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    Path(id): Path<String>,
    request: Request,
) -> Response {
    let session = match require_session(&state, locale, request.headers()).await {
        Ok(session) => session,
        Err(response) => return response,
    };
    let Ok(id) = id.parse::<ReportId>() else {
        return PageError::NotFound.render(locale, &state.config);
    };
    let nav = StaffNav::of(&session);
    let notice = (query_param(request.uri().query(), "done").as_deref() == Some("granted"))
        .then(|| locale.t("report-granted"));
    match state.app.open_report(&session, id).await {
        Ok(opened) => view::report(locale, &nav, &opened, notice).into_response(),
        Err(AppError::NoAccess) => match state.app.report_meta(&session, id).await {
            Ok((meta, _)) => (
                StatusCode::FORBIDDEN,
                view::no_access(locale, &nav, &meta.received.to_string()),
            )
                .into_response(),
            Err(error) => PageError::from_app(error).render(locale, &state.config),
        },
        Err(error) => PageError::from_app(error).render(locale, &state.config),
    }
}

pub async fn grant(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    Path(id): Path<String>,
    request: Request,
) -> Response {
    let (session, form) = match staff_form(&state, locale, request).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let (Ok(id), Some(Ok(grantee))) = (
        id.parse::<ReportId>(),
        form.one("grantee")
            .ok()
            .flatten()
            .map(|g| g.parse::<StaffId>()),
    ) else {
        return PageError::BadRequest.render(locale, &state.config);
    };
    match state.app.grant_report_access(&session, id, grantee).await {
        Ok(()) => see_other(&locale.path(&format!("/staff/reports/{id}?done=granted"))),
        Err(error) => PageError::from_app(error).render(locale, &state.config),
    }
}
