//! Two-factor sign-in: the member's own page (set up, confirm, turn off), the code page of a
//! sign-in, and an administrator's reset of a colleague's factor.

use axum::Extension;
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use refuge_app::AppError;
use refuge_app::sessions::StaffSession;
use refuge_domain::staff::SecondFactorKind;

use super::staff::{
    require_session_for_enrolment, sign_in_throttled, staff_form, staff_form_for_enrolment,
};
use super::{Page, app_error, error_page, query_param, read_form, see_other};
use crate::WebState;
use crate::body::BodyError;
use crate::i18n::Locale;
use crate::pages::staff::LoginPage;
use crate::pages::two_factor::{self as view, TwoFactorPage};
use crate::session::{self, Cookie, StaffNav};

/// The two-factor page with the member's state, a problem or a notice.
async fn page_view(
    state: &WebState,
    locale: Locale,
    session: &StaffSession,
    status: StatusCode,
    problem: Option<String>,
    notice: Option<String>,
) -> Page {
    let factor = state
        .app
        .second_factor_status(session)
        .await
        .map_err(app_error(state, locale))?;
    let view = TwoFactorPage {
        status: factor.as_ref(),
        required: state.app.settings().require_second_factor,
        problem,
        notice,
    };
    Ok((
        status,
        view::two_factor(locale, &StaffNav::of(session), &view),
    )
        .into_response())
}

pub async fn page(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    request: Request,
) -> Page {
    let session = require_session_for_enrolment(&state, locale, request.headers()).await?;
    let notice = match query_param(request.uri().query(), "done").as_deref() {
        Some("enabled") => Some(locale.t("tf-enabled")),
        Some("removed") => Some(locale.t("tf-removed")),
        Some("cancelled") => Some(locale.t("tf-cancelled")),
        _ => None,
    };
    page_view(&state, locale, &session, StatusCode::OK, None, notice).await
}

/// Starts (or restarts) enrolment: the page then shows the QR code, key and recovery codes.
pub async fn begin(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    request: Request,
) -> Page {
    let (session, form) = staff_form_for_enrolment(&state, locale, request).await?;
    let kind = form
        .one("kind")
        .map_err(|e: BodyError| error_page(&state, locale, e))?
        .and_then(SecondFactorKind::from_code)
        .unwrap_or(SecondFactorKind::Totp);
    match state.app.begin_second_factor(&session, kind).await {
        // Shown by the page's GET, so a reload does not start again.
        Ok(_) => Ok(see_other(&locale.path("/staff/account/two-factor"))),
        // Already on: the page says so.
        Err(AppError::Conflict) => Ok(see_other(&locale.path("/staff/account/two-factor"))),
        Err(other) => Err(app_error(&state, locale)(other)),
    }
}

pub async fn confirm(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    request: Request,
) -> Page {
    let (session, form) = staff_form_for_enrolment(&state, locale, request).await?;
    let code = form.text("code").unwrap_or_default();
    match state.app.confirm_second_factor(&session, &code).await {
        Ok(()) => Ok(see_other(
            &locale.path("/staff/account/two-factor?done=enabled"),
        )),
        Err(AppError::SecondFactorInvalid) => {
            let problem = if code.trim().is_empty() {
                locale.t("tf-code-missing")
            } else {
                locale.t("tf-code-wrong")
            };
            page_view(
                &state,
                locale,
                &session,
                StatusCode::BAD_REQUEST,
                Some(problem),
                None,
            )
            .await
        }
        // Nothing pending (confirmed in another tab, or cancelled): the page shows the state.
        Err(AppError::NotFound) => Ok(see_other(&locale.path("/staff/account/two-factor"))),
        Err(other) => Err(app_error(&state, locale)(other)),
    }
}

/// Turns the factor off (with a code), or cancels an enrolment still pending.
pub async fn remove(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    request: Request,
) -> Page {
    let (session, form) = staff_form_for_enrolment(&state, locale, request).await?;
    let code = form.text("code").unwrap_or_default();
    match state.app.remove_second_factor(&session, &code).await {
        Ok(confirmed) => Ok(see_other(&locale.path(if confirmed {
            "/staff/account/two-factor?done=removed"
        } else {
            "/staff/account/two-factor?done=cancelled"
        }))),
        Err(AppError::SecondFactorInvalid) => {
            page_view(
                &state,
                locale,
                &session,
                StatusCode::BAD_REQUEST,
                Some(locale.t("tf-code-wrong")),
                None,
            )
            .await
        }
        Err(AppError::SecondFactorLocked) => {
            page_view(
                &state,
                locale,
                &session,
                StatusCode::BAD_REQUEST,
                Some(locale.t("tf-locked")),
                None,
            )
            .await
        }
        Err(AppError::Throttled {
            retry_after_seconds,
        }) => {
            page_view(
                &state,
                locale,
                &session,
                StatusCode::TOO_MANY_REQUESTS,
                Some(sign_in_throttled(locale, retry_after_seconds)),
                None,
            )
            .await
        }
        Err(AppError::NotFound) => Ok(see_other(&locale.path("/staff/account/two-factor"))),
        Err(other) => Err(app_error(&state, locale)(other)),
    }
}

/// An administrator resets a colleague's second factor (a lost device).
pub async fn reset(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    Path(id): Path<String>,
    request: Request,
) -> Page {
    let (session, _) = staff_form(&state, locale, request).await?;
    let id = super::admin::staff_id(&state, locale, &id)?;
    state
        .app
        .reset_second_factor(&session, id)
        .await
        .map_err(app_error(&state, locale))?;
    Ok(see_other(
        &locale.path(&format!("/staff/admin/staff?tf_reset={id}")),
    ))
}

/// The code page of a sign-in whose password was right (a reload of it, or a link back).
pub async fn code_page(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    request: Request,
) -> Page {
    let open = match session::read(request.headers(), &state.config, Cookie::FactorChallenge) {
        Some(token) => state
            .app
            .factor_challenge_is_open(&token)
            .await
            .map_err(app_error(&state, locale))?,
        None => false,
    };
    if !open {
        return Ok(see_other(&locale.path("/staff/login")));
    }
    Ok((StatusCode::OK, view::code_page(locale, None, None)).into_response())
}

/// The code that completes a sign-in.
pub async fn submit_code(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    request: Request,
) -> Page {
    let bad = |error: BodyError| error_page(&state, locale, error);
    let (parts, body) = request.into_parts();
    let form = read_form(&state, locale, body).await?;
    let code = form.text("code").map_err(bad)?;
    let kept_report = form.one("kept_report").map_err(bad)?.map(str::to_owned);
    let kept_message = form.one("kept_message").map_err(bad)?.map(str::to_owned);
    let device = session::read(&parts.headers, &state.config, Cookie::KnownDevice);
    let Some(challenge) = session::read(&parts.headers, &state.config, Cookie::FactorChallenge)
    else {
        return Ok(see_other(&locale.path("/staff/login")));
    };
    let kept = kept_report.as_deref().zip(kept_message.as_deref());
    let again = |status: StatusCode, problem: String| {
        (status, view::code_page(locale, Some(problem), kept)).into_response()
    };
    match state
        .app
        .complete_sign_in(&challenge, &code, device.as_deref())
        .await
    {
        Ok(new_session) => {
            let mut response = super::staff::finish_sign_in(
                &state,
                locale,
                &new_session,
                kept_report.clone(),
                kept_message.clone(),
            )
            .await?;
            session::append(
                &mut response,
                session::clear_cookie(&state.config, Cookie::FactorChallenge),
            );
            Ok(response)
        }
        Err(AppError::SecondFactorInvalid) => Ok(again(
            StatusCode::UNAUTHORIZED,
            if code.trim().is_empty() {
                locale.t("tf-code-missing")
            } else {
                locale.t("tf-code-wrong")
            },
        )),
        Err(AppError::SecondFactorLocked) => {
            Ok(again(StatusCode::UNAUTHORIZED, locale.t("tf-locked")))
        }
        Err(AppError::Throttled {
            retry_after_seconds,
        }) => Ok(again(
            StatusCode::TOO_MANY_REQUESTS,
            sign_in_throttled(locale, retry_after_seconds),
        )),
        // Expired, used up, or five wrong codes: the password again.
        Err(AppError::Unauthenticated) => {
            let mut response = super::staff::login_response(
                &state,
                locale,
                &parts.headers,
                StatusCode::UNAUTHORIZED,
                LoginPage {
                    problem: Some(locale.t("tf-code-expired")),
                    kept,
                    ..LoginPage::default()
                },
            );
            session::append(
                &mut response,
                session::clear_cookie(&state.config, Cookie::FactorChallenge),
            );
            Ok(response)
        }
        Err(other) => Err(app_error(&state, locale)(other)),
    }
}
