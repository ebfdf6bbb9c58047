//! Staff routes: sign-in and out, first-run setup, inbox, reading and sharing reports.

use axum::Extension;
use axum::extract::{Path, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use refuge_app::AppError;
use refuge_app::accounts::StaffSession;
use refuge_app::casework::INBOX_PAGE_DEFAULT;
use refuge_app::evidence::Variant;
use refuge_domain::{FileId, ReportId, StaffId};

use super::{Page, app_error, error_page, query_param, read_form, see_other, signed_in};
use crate::WebState;
use crate::body::{BodyError, FormData};
use crate::error::PageError;
use crate::i18n::Locale;
use crate::pages::staff as view;
use crate::session::{self, StaffNav};

/// Signed-in staff, or a redirect to the sign-in page.
pub async fn require_session(
    state: &WebState,
    locale: Locale,
    headers: &axum::http::HeaderMap,
) -> Result<StaffSession, Response> {
    let Some(token) = session::token_from_cookie(headers, &state.config, session::Holder::Staff)
    else {
        return Err(see_other(&locale.path("/staff/login")));
    };
    match state.app.session(&token).await {
        Ok(session) => Ok(session),
        Err(AppError::Unauthenticated) => {
            let mut response = see_other(&locale.path("/staff/login"));
            response.headers_mut().insert(
                header::SET_COOKIE,
                session::clear_cookie(&state.config, session::Holder::Staff),
            );
            Err(response)
        }
        Err(other) => Err(app_error(state, locale)(other)),
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
    let form =
        super::read_checked_form(state, locale, body, |csrf| session.csrf_matches(csrf)).await?;
    Ok((session, form))
}

pub async fn login_page(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    request: Request,
) -> Response {
    if let Some(token) =
        session::token_from_cookie(request.headers(), &state.config, session::Holder::Staff)
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
) -> Page {
    let bad = |error: BodyError| error_page(&state, locale, error);
    let form = read_form(&state, locale, request.into_body()).await?;
    let username = form.text("username").map_err(bad)?;
    let password = form.text("password").map_err(bad)?;
    let (status, message) = match state.app.log_in(&username, &password).await {
        Ok(new_session) => return Ok(signed_in(&state, locale, &new_session.token)),
        Err(AppError::InvalidCredentials) => (StatusCode::UNAUTHORIZED, locale.t("login-failed")),
        Err(AppError::Throttled {
            retry_after_seconds,
        }) => {
            let minutes = (retry_after_seconds + 59) / 60;
            (
                StatusCode::TOO_MANY_REQUESTS,
                locale.t_with("login-throttled", &[("minutes", minutes.into())]),
            )
        }
        Err(other) => return Err(app_error(&state, locale)(other)),
    };
    Ok((status, view::login(locale, &username, Some(message))).into_response())
}

pub async fn log_out(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    request: Request,
) -> Page {
    let (session, _) = staff_form(&state, locale, request).await?;
    state
        .app
        .log_out(&session)
        .await
        .map_err(app_error(&state, locale))?;
    let mut response = see_other(&locale.path("/staff/login"));
    response.headers_mut().insert(
        header::SET_COOKIE,
        session::clear_cookie(&state.config, session::Holder::Staff),
    );
    Ok(response)
}

pub async fn setup_page(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    Path(token): Path<String>,
) -> Page {
    if state
        .app
        .needs_setup()
        .await
        .map_err(app_error(&state, locale))?
    {
        Ok(view::setup(locale, &token, "", None).into_response())
    } else {
        Ok(setup_message(locale, "setup-done"))
    }
}

fn setup_message(locale: Locale, message_id: &str) -> Response {
    view::message_page(
        locale,
        &locale.t("setup-title"),
        &locale.t(message_id),
        (&locale.t("sign-in"), locale.path("/staff/login")),
    )
    .into_response()
}

pub async fn complete_setup(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    Path(token): Path<String>,
    request: Request,
) -> Page {
    let bad = |error: BodyError| error_page(&state, locale, error);
    let form = read_form(&state, locale, request.into_body()).await?;
    let username = form.text("username").map_err(bad)?;
    let password = form.text("password").map_err(bad)?;
    let problem = if password != form.text("password_confirm").map_err(bad)? {
        locale.t("password-mismatch")
    } else {
        match state.app.complete_setup(&token, &username, &password).await {
            Ok(new_session) => return Ok(signed_in(&state, locale, &new_session.token)),
            Err(AppError::AccountRule(rule)) => locale.t(&format!("account-rule-{}", rule.code())),
            Err(AppError::NotFound) => {
                return Ok((
                    StatusCode::NOT_FOUND,
                    setup_message(locale, "setup-invalid"),
                )
                    .into_response());
            }
            Err(other) => return Err(app_error(&state, locale)(other)),
        }
    };
    Ok((
        StatusCode::BAD_REQUEST,
        view::setup(locale, &token, &username, Some(problem)),
    )
        .into_response())
}

pub async fn inbox(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    request: Request,
) -> Page {
    let session = require_session(&state, locale, request.headers()).await?;
    let cursor = query_param(request.uri().query(), "cursor").and_then(|c| c.parse::<i64>().ok());
    let page = state
        .app
        .inbox(&session, INBOX_PAGE_DEFAULT, cursor)
        .await
        .map_err(app_error(&state, locale))?;
    Ok(view::inbox(locale, &StaffNav::of(&session), &page).into_response())
}

pub async fn report(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    Path(id): Path<String>,
    request: Request,
) -> Page {
    let session = require_session(&state, locale, request.headers()).await?;
    let id: ReportId = id
        .parse()
        .map_err(|_| error_page(&state, locale, PageError::NotFound))?;
    let nav = StaffNav::of(&session);
    let notice = match query_param(request.uri().query(), "done").as_deref() {
        Some("granted") => Some(locale.t("report-granted")),
        Some("sent") => Some(locale.t("message-sent")),
        _ => None,
    };
    match state.app.open_report(&session, id).await {
        Ok(opened) => Ok(
            view::report(locale, &nav, &opened, notice, &view::Reply::default()).into_response(),
        ),
        Err(AppError::NoAccess) => {
            let meta = state
                .app
                .report_meta(&session, id)
                .await
                .map_err(app_error(&state, locale))?;
            Ok((
                StatusCode::FORBIDDEN,
                view::no_access(locale, &nav, &meta.received.to_string()),
            )
                .into_response())
        }
        Err(other) => Err(app_error(&state, locale)(other)),
    }
}

pub async fn grant(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    Path(id): Path<String>,
    request: Request,
) -> Page {
    let (session, form) = staff_form(&state, locale, request).await?;
    let (Ok(id), Some(Ok(grantee))) = (
        id.parse::<ReportId>(),
        form.one("grantee")
            .ok()
            .flatten()
            .map(|g| g.parse::<StaffId>()),
    ) else {
        return Err(error_page(&state, locale, PageError::BadRequest));
    };
    state
        .app
        .grant_report_access(&session, id, grantee)
        .await
        .map_err(app_error(&state, locale))?;
    Ok(see_other(
        &locale.path(&format!("/staff/reports/{id}?done=granted")),
    ))
}

/// A caseworker writes to the reporter from the report page.
pub async fn send_message(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    Path(id): Path<String>,
    request: Request,
) -> Page {
    let (session, form) = staff_form(&state, locale, request).await?;
    let id: ReportId = id
        .parse()
        .map_err(|_| error_page(&state, locale, PageError::NotFound))?;
    let body = form
        .text("body")
        .map_err(|e| error_page(&state, locale, e))?;
    match state
        .app
        .send_message_to_reporter(&session, id, &body)
        .await
    {
        Ok(_) => Ok(see_other(
            &locale.path(&format!("/staff/reports/{id}?done=sent#messages")),
        )),
        Err(AppError::Invalid(errors)) => {
            let opened = state
                .app
                .open_report(&session, id)
                .await
                .map_err(app_error(&state, locale))?;
            let reply = view::Reply {
                error: errors.first().map(|e| locale.problem(e.problem)),
                draft: body,
            };
            Ok((
                StatusCode::BAD_REQUEST,
                view::report(locale, &StaffNav::of(&session), &opened, None, &reply),
            )
                .into_response())
        }
        Err(other) => Err(app_error(&state, locale)(other)),
    }
}

/// A file of a report, as an attachment: the working copy unless the original is asked for.
pub async fn download_file(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    Path((id, file)): Path<(String, String)>,
    request: Request,
) -> Page {
    let session = require_session(&state, locale, request.headers()).await?;
    let (Ok(id), Ok(file)) = (id.parse::<ReportId>(), file.parse::<FileId>()) else {
        return Err(error_page(&state, locale, PageError::NotFound));
    };
    let variant = match query_param(request.uri().query(), "variant").as_deref() {
        Some("original") => Variant::Original,
        _ => Variant::Clean,
    };
    let download = state
        .app
        .download_file(&session, id, file, variant)
        .await
        .map_err(app_error(&state, locale))?;
    Ok(super::attachment(
        &super::download_name(&download.description, download.variant),
        super::stream_body(download.content),
    ))
}
