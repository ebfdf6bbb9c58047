//! Reporter follow-up routes: the receipt form, the case page, replies, hiding messages, leaving.
//!
//! SECURITY: the receipt travels only in the body of one POST; the cookie carries a random
//! session token. Every change is a POST with the session's CSRF field, answered with a
//! redirect (a reload never sends again), and a form that creates something carries a token
//! that makes sending it twice add it once.

use axum::Extension;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use refuge_app::AppError;
use refuge_app::error::ReceiptMistake;
use refuge_app::sealed::MessagePage;
use refuge_app::sessions::ReporterSession;
use refuge_domain::MessageId;

use super::{Page, app_error, error_page, has_flag, read_form, see_other};
use crate::WebState;
use crate::body::FormData;
use crate::error::PageError;
use crate::i18n::Locale;
use crate::notice::{self, Notice};
use crate::pages::followup::{self as view, CasePage, SignInPage};
use crate::session::{self, Cookie};
use crate::upload::{self, UploadError};

/// Why there is no usable reporter session.
enum NoSession {
    /// No cookie came at all.
    Missing,
    /// A cookie came, but its session ended (idle, too old, signed out elsewhere).
    Ended,
}

async fn reporter_session(
    state: &WebState,
    headers: &HeaderMap,
) -> Result<Result<ReporterSession, NoSession>, AppError> {
    let Some(token) = session::token_from_cookie(headers, &state.config, Cookie::ReporterSession)
    else {
        return Ok(Err(NoSession::Missing));
    };
    match state.app.reporter_session(&token).await {
        Ok(session) => Ok(Ok(session)),
        Err(AppError::Unauthenticated) => Ok(Err(NoSession::Ended)),
        Err(other) => Err(other),
    }
}

/// To the receipt form, clearing a cookie whose session ended.
fn to_sign_in(state: &WebState, locale: Locale, why: NoSession) -> Response {
    let mut response = see_other(&locale.path("/followup"));
    if matches!(why, NoSession::Ended) {
        session::append(
            &mut response,
            session::clear_cookie(&state.config, Cookie::ReporterSession),
        );
    }
    response
}

/// The signed-in reporter, or a redirect to the receipt form.
pub async fn require_reporter(
    state: &WebState,
    locale: Locale,
    headers: &HeaderMap,
) -> Result<ReporterSession, Response> {
    reporter_session(state, headers)
        .await
        .map_err(app_error(state, locale))?
        .map_err(|why| to_sign_in(state, locale, why))
}

/// Reads a follow-up form and checks its CSRF field against the reporter's session.
pub(super) async fn reporter_form(
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

/// The receipt form, with its pre-session (kept from the browser's cookie, or new).
fn sign_in_response(
    state: &WebState,
    locale: Locale,
    headers: &HeaderMap,
    status: StatusCode,
    page: SignInPage<'_>,
) -> Response {
    let pre_session = session::PreSession::for_page(&state.app, headers, &state.config);
    let page = SignInPage {
        pre_session: &pre_session.value,
        ..page
    };
    let mut response = (
        status,
        view::sign_in(locale, &state.config.quick_exit_url, &page),
    )
        .into_response();
    pre_session.attach(&mut response);
    response
}

pub async fn sign_in_page(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    headers: HeaderMap,
) -> Response {
    sign_in_response(
        &state,
        locale,
        &headers,
        StatusCode::OK,
        SignInPage::default(),
    )
}

/// The case page, then: one more page after a sign-in, to learn whether the browser kept the
/// session cookie (the marker in the address says the sign-in just happened).
const SIGNED_IN_MARKER: &str = "signed-in";

pub async fn sign_in(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    request: Request,
) -> Page {
    let (parts, body) = request.into_parts();
    let form = read_form(&state, locale, body).await?;
    let bad = |e| error_page(&state, locale, e);
    let typed = form.text("receipt").map_err(bad)?;
    let kept = form.one("kept_message").map_err(bad)?.map(str::to_owned);
    let pre_session = form.one("pre_session").map_err(bad)?;
    let refuse = |status: StatusCode, message: String| {
        sign_in_response(
            &state,
            locale,
            &parts.headers,
            status,
            SignInPage {
                typed: &typed,
                error: Some(message),
                kept_message: kept.as_deref(),
                ..SignInPage::default()
            },
        )
    };
    // Posted from another site by a browser without Fetch Metadata (security review L2):
    // nothing is tried; the form comes back, with what was typed, to be sent from here.
    if !session::pre_session_holds(&parts.headers, &state.config, pre_session) {
        return Ok(refuse(
            StatusCode::FORBIDDEN,
            locale.t("sign-in-from-this-page"),
        ));
    }
    let token = match state.app.reporter_sign_in(&typed).await {
        Ok(token) => token,
        Err(AppError::InvalidReceipt) => {
            return Ok(refuse(
                StatusCode::BAD_REQUEST,
                locale.t("followup-invalid"),
            ));
        }
        Err(AppError::ReceiptMistyped(mistake)) => {
            let id = match mistake {
                ReceiptMistake::Length => "followup-wrong-length",
                ReceiptMistake::Typo => "followup-typo",
            };
            return Ok(refuse(StatusCode::BAD_REQUEST, locale.t(id)));
        }
        Err(AppError::Throttled {
            retry_after_seconds,
        }) => {
            return Ok(refuse(
                StatusCode::TOO_MANY_REQUESTS,
                locale.t_with(
                    "followup-throttled",
                    &[("minutes", ((retry_after_seconds + 59) / 60).into())],
                ),
            ));
        }
        Err(other) => return Err(app_error(&state, locale)(other)),
    };
    let cookie = session::set_cookie(&state.config, Cookie::ReporterSession, &token);
    let mut response = match kept.filter(|text| !text.trim().is_empty()) {
        // The words written before the session ended come back in the box, unsent. They can
        // only travel in this answer: a redirect would need them stored or in the address.
        Some(kept) => {
            let session = state
                .app
                .reporter_session(&token)
                .await
                .map_err(app_error(&state, locale))?;
            case_page(
                &state,
                locale,
                &session,
                StatusCode::OK,
                Some(locale.t("followup-kept-back")),
                None,
                &kept,
            )
            .await?
        }
        None => see_other(&locale.path(&format!("/followup/case?{SIGNED_IN_MARKER}"))),
    };
    session::append(&mut response, cookie);
    Ok(response)
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
    case_page_at(
        state,
        locale,
        session,
        status,
        (notice, error),
        draft,
        MessagePage::Newest(1),
    )
    .await
}

/// The case page showing one page of the conversation (the newest unless asked otherwise).
async fn case_page_at(
    state: &WebState,
    locale: Locale,
    session: &ReporterSession,
    status: StatusCode,
    (notice, error): (Option<String>, Option<String>),
    draft: &str,
    page: MessagePage,
) -> Page {
    let view = state
        .app
        .reporter_view_page(session, page)
        .await
        .map_err(app_error(state, locale))?;
    let page = CasePage {
        view: &view,
        csrf: &session.csrf_token,
        message_token: &state.app.issue_form_token(),
        files_token: &state.app.issue_form_token(),
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
    request: Request,
) -> Page {
    let headers = request.headers();
    let session = match reporter_session(&state, headers)
        .await
        .map_err(app_error(&state, locale))?
    {
        Ok(session) => session,
        // Signed in a moment ago, yet no cookie came back: say why instead of looping.
        Err(NoSession::Missing) if has_flag(request.uri().query(), SIGNED_IN_MARKER) => {
            return Ok(sign_in_response(
                &state,
                locale,
                headers,
                StatusCode::OK,
                SignInPage {
                    notice: Some(locale.t("followup-cookie-refused")),
                    ..SignInPage::default()
                },
            ));
        }
        Err(why) => return Err(to_sign_in(&state, locale, why)),
    };
    if has_flag(request.uri().query(), SIGNED_IN_MARKER) {
        // The cookie came back: on to the plain address, so the marker stays out of sight.
        return Ok(see_other(&locale.path("/followup/case")));
    }
    let taken = notice::take(headers, &state.config);
    let page = super::query_param(request.uri().query(), "page")
        .and_then(|p| p.parse::<u32>().ok())
        .unwrap_or(1);
    let mut response = case_page_at(
        &state,
        locale,
        &session,
        StatusCode::OK,
        (taken.map(|n| n.text(locale)), None),
        "",
        MessagePage::Newest(page),
    )
    .await?;
    if taken.is_some() {
        notice::clear(&mut response, &state.config);
    }
    Ok(response)
}

/// Back to the case page with a notice (POST/redirect/GET).
pub(super) fn done(state: &WebState, locale: Locale, notice: Notice) -> Response {
    let mut response = see_other(&locale.path("/followup/case"));
    notice::leave(&mut response, &state.config, notice);
    response
}

pub async fn send_message(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    request: Request,
) -> Page {
    let (parts, body) = request.into_parts();
    let form = read_form(&state, locale, body).await?;
    let text = form
        .text("body")
        .map_err(|e| error_page(&state, locale, e))?;
    let session = match reporter_session(&state, &parts.headers)
        .await
        .map_err(app_error(&state, locale))?
    {
        Ok(session) => session,
        Err(why) => {
            // The words are kept in the sign-in page (never on the server) and come back in the
            // box after signing in again.
            let mut response = sign_in_response(
                &state,
                locale,
                &parts.headers,
                StatusCode::UNAUTHORIZED,
                SignInPage {
                    kept_message: Some(&text),
                    notice: Some(locale.t("followup-session-ended-kept")),
                    ..SignInPage::default()
                },
            );
            if matches!(why, NoSession::Ended) {
                session::append(
                    &mut response,
                    session::clear_cookie(&state.config, Cookie::ReporterSession),
                );
            }
            return Ok(response);
        }
    };
    let Some(once) = super::form_token_of(&state, &form, |csrf| session.csrf_matches(csrf)) else {
        // A page from an earlier session or a forged form: nothing is sent, the words stay.
        return case_page(
            &state,
            locale,
            &session,
            StatusCode::FORBIDDEN,
            None,
            Some(locale.t("error-page-outdated")),
            &text,
        )
        .await;
    };
    let (error, status) = match state
        .app
        .reporter_send_message(&session, &text, Some(&once))
        .await
    {
        Ok(_) => return Ok(done(&state, locale, Notice::MessageSent)),
        Err(error) => super::message_refusal(locale, error).map_err(app_error(&state, locale))?,
    };
    case_page(&state, locale, &session, status, None, Some(error), &text).await
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
    Ok(done(&state, locale, Notice::MessageHidden))
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
    let mut response = see_other(&locale.path("/followup/signed-out"));
    response.headers_mut().insert(
        header::SET_COOKIE,
        session::clear_cookie(&state.config, Cookie::ReporterSession),
    );
    // Nothing of the visit stays in this browser (security review I4).
    response.headers_mut().insert(
        axum::http::HeaderName::from_static("clear-site-data"),
        axum::http::HeaderValue::from_static("\"cache\", \"cookies\", \"storage\""),
    );
    Ok(response)
}

/// After signing out (a page of its own, so a reload sends nothing).
pub async fn signed_out(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
) -> Response {
    view::signed_out(locale, &state.config.quick_exit_url).into_response()
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
    let opens = |csrf: &str| session.csrf_matches(csrf);
    let parts = upload::Parts {
        file_field: "files",
        text_allowed: &|name| matches!(name, "csrf" | "form_token"),
        // The CSRF field comes first in the form: without it no file is written.
        gate: Some(upload::Gate {
            name: "csrf",
            opens: &opens,
        }),
        text_limit: state.config.max_body_bytes,
    };
    let read = upload::read_multipart(body, &boundary, &parts, &mut batch).await;
    // The files' ids came from the form's token (read before them): the same form sent twice
    // adds them once. Without the CSRF field first, or without that token, nothing is kept.
    let refusal = match read {
        Ok(received) if received.gate_open && batch.has_form_token() => None,
        Ok(_) => Some(Ok((
            StatusCode::FORBIDDEN,
            locale.t("error-page-outdated-files"),
        ))),
        Err(UploadError::Refused(refusal, _)) => {
            Some(Ok(super::reporter::file_refusal_message(locale, refusal)))
        }
        Err(UploadError::Body(error)) => Some(Err(error_page(&state, locale, error))),
        Err(UploadError::App(error)) => Some(Err(app_error(&state, locale)(error))),
    };
    if let Some(refusal) = refusal {
        batch.abandon().await;
        let (status, message) = refusal?;
        return case_page(&state, locale, &session, status, None, Some(message), "").await;
    }
    match state.app.add_reporter_files(&session, batch).await {
        Ok(_) => Ok(done(&state, locale, Notice::FilesAdded)),
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
        .evidence_receipt(&session, &super::reporter::evidence_wording(&state, locale))
        .await
        .map_err(app_error(&state, locale))?;
    Ok(super::attachment(
        "refuge-evidence-receipt.txt",
        axum::body::Body::from(text),
    ))
}
