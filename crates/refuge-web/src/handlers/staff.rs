//! Staff routes: sign-in and out, first-run setup, inbox, reading and sharing reports.

use axum::Extension;
use axum::extract::{Path, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use refuge_app::AppError;
use refuge_app::cases::CaseChange;
use refuge_app::sealed::MessagePage;
use refuge_app::sealed::Variant;
use refuge_app::sessions::StaffSession;
use refuge_app::two_factor::SignIn;
use refuge_domain::case::{CaseRuleError, Urgency};
use refuge_domain::report::ReportStatus;
use refuge_domain::taxonomy::Tactic;
use refuge_domain::{Day, FileId, NoteId, ReportId, StaffId};

use super::{Page, app_error, error_page, query_param, read_form, see_other, signed_in};
use crate::WebState;
use crate::body::{BodyError, FormData};
use crate::error::PageError;
use crate::i18n::Locale;
use crate::pages::staff::{self as view, LoginPage};
use crate::pages::two_factor as two_factor_view;
use crate::session::{self, Cookie, StaffNav};

/// The address right after a sign-in carries this, so a page that gets no session cookie can
/// tell "the browser refused it" from "not signed in".
pub const SIGNED_IN_MARKER: &str = "signed-in";

/// A staff form posted to one report's address: the session, the report's id (an address
/// that names none is the not-found page) and the form.
pub(super) async fn report_form(
    state: &WebState,
    locale: Locale,
    id: &str,
    request: Request,
) -> Result<(StaffSession, ReportId, FormData), Response> {
    let (session, form) = staff_form(state, locale, request).await?;
    let id = id
        .parse()
        .map_err(|_| error_page(state, locale, PageError::NotFound))?;
    Ok((session, id, form))
}

/// Signed-in staff, or a redirect to the sign-in page — or to two-factor enrolment, while the
/// instance requires a second factor this member has not set up.
pub async fn require_session(
    state: &WebState,
    locale: Locale,
    headers: &axum::http::HeaderMap,
) -> Result<StaffSession, Response> {
    let session = require_session_for_enrolment(state, locale, headers).await?;
    if session.must_enrol {
        return Err(see_other(&locale.path("/staff/account/two-factor")));
    }
    Ok(session)
}

/// Signed-in staff, also one who must enrol a second factor first (the enrolment page itself,
/// signing out).
pub async fn require_session_for_enrolment(
    state: &WebState,
    locale: Locale,
    headers: &axum::http::HeaderMap,
) -> Result<StaffSession, Response> {
    let Some(token) = session::token_from_cookie(headers, &state.config, Cookie::StaffSession)
    else {
        return Err(see_other(&locale.path("/staff/login")));
    };
    match state.app.session(&token).await {
        Ok(session) => Ok(session),
        Err(AppError::Unauthenticated) => {
            let mut response = see_other(&locale.path("/staff/login"));
            response.headers_mut().insert(
                header::SET_COOKIE,
                session::clear_cookie(&state.config, Cookie::StaffSession),
            );
            Err(response)
        }
        Err(other) => Err(app_error(state, locale)(other)),
    }
}

/// The staff session, or `None` when there is none (no cookie, or one whose session ended); a
/// redirect to enrolment for a member who must set up a second factor first.
pub(super) async fn optional_session(
    state: &WebState,
    locale: Locale,
    headers: &axum::http::HeaderMap,
) -> Result<Option<StaffSession>, Response> {
    let Some(token) = session::token_from_cookie(headers, &state.config, Cookie::StaffSession)
    else {
        return Ok(None);
    };
    match state.app.session(&token).await {
        // Signed in, but a second factor must be set up before anything else.
        Ok(session) if session.must_enrol => {
            Err(see_other(&locale.path("/staff/account/two-factor")))
        }
        Ok(session) => Ok(Some(session)),
        Err(AppError::Unauthenticated) => Ok(None),
        Err(other) => Err(app_error(state, locale)(other)),
    }
}

/// Whether this request plainly cannot keep a `Secure` cookie: secure cookies are on, yet the
/// page was reached over plain HTTP at an address browsers do not treat as secure (not
/// localhost, not an onion service), with no HTTPS proxy saying otherwise.
pub fn cookies_cannot_work(state: &WebState, headers: &axum::http::HeaderMap) -> bool {
    if !state.config.secure_cookies {
        return false;
    }
    if let Some(public) = &state.config.public_url {
        return !(public.starts_with("https://") || host_is_trustworthy(public_host(public)));
    }
    let forwarded_https = headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("https"))
        || headers
            .get(header::FORWARDED)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.to_ascii_lowercase().contains("proto=https"));
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    !forwarded_https && !host_is_trustworthy(host)
}

fn public_host(url: &str) -> &str {
    url.split("://")
        .nth(1)
        .unwrap_or(url)
        .split('/')
        .next()
        .unwrap_or("")
}

/// Hosts where browsers keep `Secure` cookies over plain HTTP.
fn host_is_trustworthy(host_and_port: &str) -> bool {
    let host = match host_and_port.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or(""),
        None => host_and_port
            .rsplit_once(':')
            .map_or(host_and_port, |(h, _)| h),
    }
    .to_ascii_lowercase();
    host == "localhost"
        || host.ends_with(".localhost")
        || host.ends_with(".onion")
        || host == "::1"
        || host.starts_with("127.")
}

/// Reads a staff form and checks its CSRF field against the session.
pub async fn staff_form(
    state: &WebState,
    locale: Locale,
    request: Request,
) -> Result<(StaffSession, FormData), Response> {
    let (session, form) = staff_form_for_enrolment(state, locale, request).await?;
    if session.must_enrol {
        return Err(see_other(&locale.path("/staff/account/two-factor")));
    }
    Ok((session, form))
}

/// [`staff_form`] for the forms open to a member who must enrol a second factor first.
pub async fn staff_form_for_enrolment(
    state: &WebState,
    locale: Locale,
    request: Request,
) -> Result<(StaffSession, FormData), Response> {
    let (parts, body) = request.into_parts();
    let session = require_session_for_enrolment(state, locale, &parts.headers).await?;
    let form =
        super::read_checked_form(state, locale, body, |csrf| session.csrf_matches(csrf)).await?;
    Ok((session, form))
}

/// What the sign-in page says besides the form: set-up still pending, cookies that cannot work.
async fn login_notices(
    state: &WebState,
    locale: Locale,
    headers: &axum::http::HeaderMap,
) -> Result<Vec<String>, Response> {
    let mut notices = Vec::new();
    if state
        .app
        .needs_setup()
        .await
        .map_err(app_error(state, locale))?
    {
        notices.push(locale.t("login-setup-pending"));
    }
    if cookies_cannot_work(state, headers) {
        notices.push(locale.t("login-plain-http"));
    }
    Ok(notices)
}

/// The sign-in page, with its pre-session (kept from the browser's cookie, or new).
pub(super) fn login_response(
    state: &WebState,
    locale: Locale,
    headers: &axum::http::HeaderMap,
    status: StatusCode,
    page: LoginPage<'_>,
) -> Response {
    let pre_session = session::PreSession::for_page(&state.app, headers, &state.config);
    let page = LoginPage {
        pre_session: &pre_session.value,
        ..page
    };
    let mut response = (status, view::login(locale, &page)).into_response();
    pre_session.attach(&mut response);
    response
}

pub async fn login_page(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    request: Request,
) -> Page {
    if optional_session(&state, locale, request.headers())
        .await?
        .is_some()
    {
        return Ok(see_other(&locale.path("/staff/inbox")));
    }
    let notices = login_notices(&state, locale, request.headers()).await?;
    Ok(login_response(
        &state,
        locale,
        request.headers(),
        StatusCode::OK,
        LoginPage {
            notices,
            ..LoginPage::default()
        },
    ))
}

pub async fn log_in(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    request: Request,
) -> Page {
    let bad = |error: BodyError| error_page(&state, locale, error);
    let (parts, body) = request.into_parts();
    let form = read_form(&state, locale, body).await?;
    let username = form.text("username").map_err(bad)?;
    let password = form.text("password").map_err(bad)?;
    let kept_report = form.one("kept_report").map_err(bad)?.map(str::to_owned);
    let kept_message = form.one("kept_message").map_err(bad)?.map(str::to_owned);
    let pre_session = form.one("pre_session").map_err(bad)?;
    let device = session::read(&parts.headers, &state.config, Cookie::KnownDevice);
    // Posted from another site by a browser without Fetch Metadata (security review L2): no
    // attempt is made (nor counted); the form comes back to be sent from here.
    let attempt = if session::pre_session_holds(&parts.headers, &state.config, pre_session) {
        Some(
            state
                .app
                .begin_sign_in(&username, &password, device.as_deref())
                .await,
        )
    } else {
        None
    };
    let (status, message) = match attempt {
        None => (StatusCode::FORBIDDEN, locale.t("sign-in-from-this-page")),
        Some(attempt) => match attempt {
            Ok(SignIn::SecondFactor { challenge }) => {
                // The code page, carrying a message kept from an ended session along.
                let kept = kept_report.as_deref().zip(kept_message.as_deref());
                let mut response = (
                    StatusCode::OK,
                    two_factor_view::code_page(locale, None, kept),
                )
                    .into_response();
                response.headers_mut().insert(
                    header::SET_COOKIE,
                    session::set_cookie(&state.config, Cookie::FactorChallenge, &challenge),
                );
                return Ok(response);
            }
            Ok(SignIn::Session(new_session)) => {
                return finish_sign_in(&state, locale, &new_session, kept_report, kept_message)
                    .await;
            }
            Err(AppError::InvalidCredentials) => {
                (StatusCode::UNAUTHORIZED, locale.t("login-failed"))
            }
            Err(AppError::Throttled {
                retry_after_seconds,
            }) => (
                StatusCode::TOO_MANY_REQUESTS,
                sign_in_throttled(locale, retry_after_seconds),
            ),
            Err(other) => return Err(app_error(&state, locale)(other)),
        },
    };
    let notices = login_notices(&state, locale, &parts.headers).await?;
    let kept = kept_report.as_deref().zip(kept_message.as_deref());
    Ok(login_response(
        &state,
        locale,
        &parts.headers,
        status,
        LoginPage {
            username: &username,
            problem: Some(message),
            notices,
            kept,
            ..LoginPage::default()
        },
    ))
}

/// "Too many attempts: wait N minutes", in the member's words (password and code alike).
pub(super) fn sign_in_throttled(locale: Locale, retry_after_seconds: i64) -> String {
    locale.t_with(
        "login-throttled",
        &[("minutes", ((retry_after_seconds + 59) / 60).into())],
    )
}

/// Where a sign-in lands: the inbox, or — when a message to a reporter was kept back from a
/// session that ended — that report with the message in its box, unsent.
pub(super) async fn finish_sign_in(
    state: &WebState,
    locale: Locale,
    new_session: &refuge_app::accounts::NewSession,
    kept_report: Option<String>,
    kept_message: Option<String>,
) -> Page {
    if let (Some(report), Some(text)) = (&kept_report, &kept_message)
        && let Ok(report) = report.parse::<ReportId>()
        && !text.trim().is_empty()
    {
        let session = state
            .app
            .session(&new_session.token)
            .await
            .map_err(app_error(state, locale))?;
        if !session.must_enrol {
            let mut response = report_page(
                state,
                locale,
                &session,
                report,
                Some(locale.t("staff-kept-back")),
                view::Reply {
                    draft: text.clone(),
                    form_token: state.app.issue_form_token(),
                    ..view::Reply::default()
                },
                StatusCode::OK,
            )
            .await?;
            response.headers_mut().append(
                header::SET_COOKIE,
                session::set_cookie(&state.config, Cookie::StaffSession, &new_session.token),
            );
            super::remember_device(state, &mut response, new_session);
            return Ok(response);
        }
    }
    Ok(signed_in(state, locale, new_session))
}

pub async fn log_out(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    request: Request,
) -> Page {
    let (session, _) = staff_form_for_enrolment(&state, locale, request).await?;
    state
        .app
        .log_out(&session)
        .await
        .map_err(app_error(&state, locale))?;
    let mut response = see_other(&locale.path("/staff/login"));
    response.headers_mut().insert(
        header::SET_COOKIE,
        session::clear_cookie(&state.config, Cookie::StaffSession),
    );
    // Cached pages and storage go (security review I4); cookies are cleared one by one instead,
    // so the known-device cookie stays.
    response.headers_mut().insert(
        axum::http::HeaderName::from_static("clear-site-data"),
        axum::http::HeaderValue::from_static("\"cache\", \"storage\""),
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
        .setup_link_is_open(&token)
        .await
        .map_err(app_error(&state, locale))?
    {
        Ok(view::setup(locale, &token, "", &[]).into_response())
    } else {
        setup_refused(&state, locale).await
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
    let confirm = form.text("password_confirm").map_err(bad)?;
    // Nothing costly before the link is known to be open.
    if !state
        .app
        .setup_link_is_open(&token)
        .await
        .map_err(app_error(&state, locale))?
    {
        return setup_refused(&state, locale).await;
    }
    // Every problem at once, so nobody fixes one only to meet the next.
    let mut problems: Vec<String> = refuge_domain::staff::check_new_account(&username, &password)
        .into_iter()
        .map(|rule| locale.t(&format!("account-rule-{}", rule.code())))
        .collect();
    if password != confirm {
        problems.push(locale.t("password-mismatch"));
    }
    if problems.is_empty() {
        match state.app.complete_setup(&token, &username, &password).await {
            Ok(set_up) => {
                // Signed in, and the recovery key shown this once before the inbox.
                let cookies = signed_in(&state, locale, &set_up.session);
                let mut page = crate::pages::teams::recovery_key_shown(
                    locale,
                    None,
                    &set_up.recovery.secret,
                    (
                        &locale.t("admin-recovery-continue"),
                        locale.path(&format!("/staff/inbox?{SIGNED_IN_MARKER}")),
                    ),
                )
                .into_response();
                for cookie in cookies.headers().get_all(header::SET_COOKIE) {
                    page.headers_mut()
                        .append(header::SET_COOKIE, cookie.clone());
                }
                return Ok(page);
            }
            Err(AppError::AccountRule(rule)) => {
                problems.push(locale.t(&format!("account-rule-{}", rule.code())))
            }
            Err(AppError::NotFound) => return setup_refused(&state, locale).await,
            Err(other) => return Err(app_error(&state, locale)(other)),
        }
    }
    Ok((
        StatusCode::BAD_REQUEST,
        view::setup(locale, &token, &username, &problems),
    )
        .into_response())
}

/// The page an invitation link opens: who invited whom, and the password to choose.
pub async fn invitation_page(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    Path(token): Path<String>,
) -> Page {
    invitation_answer(&state, locale, &token, StatusCode::OK, &[]).await
}

async fn invitation_answer(
    state: &WebState,
    locale: Locale,
    token: &str,
    status: StatusCode,
    problems: &[String],
) -> Page {
    let Some(invitation) = state
        .app
        .invitation(token)
        .await
        .map_err(app_error(state, locale))?
    else {
        return Ok((
            StatusCode::NOT_FOUND,
            view::message_page(
                locale,
                &locale.t("invite-title"),
                &locale.t("invite-invalid"),
                (&locale.t("sign-in"), locale.path("/staff/login")),
            ),
        )
            .into_response());
    };
    let by = state
        .app
        .staff_name(invitation.invited_by)
        .await
        .map_err(app_error(state, locale))?
        .unwrap_or_default();
    Ok((
        status,
        view::invitation(locale, token, &invitation, &by, problems),
    )
        .into_response())
}

/// Accepts an invitation: the account is created with the password its owner chose.
pub async fn accept_invitation(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    Path(token): Path<String>,
    request: Request,
) -> Page {
    let bad = |error: BodyError| error_page(&state, locale, error);
    let form = read_form(&state, locale, request.into_body()).await?;
    let password = form.text("password").map_err(bad)?;
    let confirm = form.text("password_confirm").map_err(bad)?;
    // Nothing costly before the link is known to be open.
    if state
        .app
        .invitation(&token)
        .await
        .map_err(app_error(&state, locale))?
        .is_none()
    {
        return invitation_answer(&state, locale, &token, StatusCode::NOT_FOUND, &[]).await;
    }
    let mut problems: Vec<String> = refuge_domain::staff::check_new_password(&password)
        .err()
        .into_iter()
        .map(|rule| locale.t(&format!("account-rule-{}", rule.code())))
        .collect();
    if password != confirm {
        problems.push(locale.t("password-mismatch"));
    }
    if problems.is_empty() {
        match state.app.accept_invitation(&token, &password).await {
            Ok(new_session) => return Ok(signed_in(&state, locale, &new_session)),
            Err(AppError::AccountRule(rule)) => {
                problems.push(locale.t(&format!("account-rule-{}", rule.code())))
            }
            Err(AppError::Conflict) => problems.push(locale.t("username-taken")),
            Err(AppError::NotFound) => {
                return invitation_answer(&state, locale, &token, StatusCode::NOT_FOUND, &[]).await;
            }
            Err(other) => return Err(app_error(&state, locale)(other)),
        }
    }
    invitation_answer(&state, locale, &token, StatusCode::BAD_REQUEST, &problems).await
}

/// A setup link that is used, expired or unknown: sign in if set-up is done, else how to get a
/// new link.
async fn setup_refused(state: &WebState, locale: Locale) -> Page {
    let done = !state
        .app
        .needs_setup()
        .await
        .map_err(app_error(state, locale))?;
    Ok((
        if done {
            StatusCode::OK
        } else {
            StatusCode::NOT_FOUND
        },
        setup_message(locale, if done { "setup-done" } else { "setup-invalid" }),
    )
        .into_response())
}

/// A case rule broken by a change, in the user's words.
pub(super) fn case_rule_message(locale: Locale, error: &AppError) -> Option<String> {
    let AppError::CaseRule(rule) = error else {
        return None;
    };
    Some(locale.t(match rule {
        CaseRuleError::UnknownSubstatus(_) | CaseRuleError::SubstatusOfAnotherStatus { .. } => {
            "case-error-substatus"
        }
        CaseRuleError::AssigneeCannotRead(_) => "case-error-assignee",
        CaseRuleError::UnknownLabel(_) => "case-error-label",
        CaseRuleError::BadDeadline => "case-error-deadline",
        _ => "error-bad-request",
    }))
}

/// What the case form of the report page (or the inbox's bulk form) asks for.
pub(super) fn case_change_from(form: &FormData, full_form: bool) -> Result<CaseChange, PageError> {
    let field = |name: &str| -> Result<Option<String>, PageError> {
        Ok(form
            .one(name)
            .map_err(|_| PageError::BadRequest)?
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned))
    };
    let status = field("status")?
        .map(|code| ReportStatus::from_code(&code).ok_or(PageError::BadRequest))
        .transpose()?;
    let assignee = match field("assignee")?.as_deref() {
        None => None,
        Some("none") => Some(None),
        Some(id) => Some(Some(
            id.parse::<StaffId>().map_err(|_| PageError::BadRequest)?,
        )),
    };
    let mut change = CaseChange {
        status,
        assignee,
        add_label: field("add_label")?,
        ..CaseChange::default()
    };
    if full_form {
        change.substatus = Some(field("substatus")?);
        change.urgency = Some(
            field("urgency")?
                .map(|code| Urgency::from_code(&code).ok_or(PageError::BadRequest))
                .transpose()?
                .unwrap_or_default(),
        );
        change.labels = Some(form.all("labels"));
        change.tactics = Some(
            form.all("tactics")
                .iter()
                .map(|code| Tactic::from_code(code).ok_or(PageError::BadRequest))
                .collect::<Result<_, _>>()?,
        );
        change.deadline = Some(
            field("deadline")?
                .map(|text| Day::parse(&text).ok_or(()))
                .transpose()
                .map_err(|()| PageError::BadRequest)?,
        );
    }
    Ok(change)
}

/// The case form of the report page: status and sub-status, urgency, assignee, labels,
/// deadline and the caseworker's coding of the tactics, changed together.
pub async fn update_case(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    Path(id): Path<String>,
    request: Request,
) -> Page {
    let (session, id, form) = report_form(&state, locale, &id, request).await?;
    // A day the browser's date field did not give (old browsers show a text box).
    let change = match case_change_from(&form, true) {
        Ok(change) => change,
        Err(_) if form.one("deadline").ok().flatten().is_some() => {
            return report_page(
                &state,
                locale,
                &session,
                id,
                Some(locale.t("case-error-deadline")),
                view::Reply {
                    form_token: state.app.issue_form_token(),
                    ..view::Reply::default()
                },
                StatusCode::BAD_REQUEST,
            )
            .await;
        }
        Err(error) => return Err(error_page(&state, locale, error)),
    };
    match state.app.update_case(&session, id, &change).await {
        Ok(_) => Ok(see_other(
            &locale.path(&format!("/staff/reports/{id}?done=case#case")),
        )),
        Err(error) => match case_rule_message(locale, &error) {
            Some(message) => {
                report_page(
                    &state,
                    locale,
                    &session,
                    id,
                    Some(message),
                    view::Reply {
                        form_token: state.app.issue_form_token(),
                        ..view::Reply::default()
                    },
                    StatusCode::BAD_REQUEST,
                )
                .await
            }
            None => Err(app_error(&state, locale)(error)),
        },
    }
}

/// The report page, or "no key yet" for a colleague who cannot open it.
pub(super) async fn report_page(
    state: &WebState,
    locale: Locale,
    session: &StaffSession,
    id: ReportId,
    notice: Option<String>,
    reply: view::Reply,
    status: StatusCode,
) -> Page {
    report_page_at(
        state,
        locale,
        session,
        id,
        (notice, reply),
        status,
        MessagePage::Newest(1),
    )
    .await
}

/// The report page with one page of its conversation (the newest unless asked otherwise).
async fn report_page_at(
    state: &WebState,
    locale: Locale,
    session: &StaffSession,
    id: ReportId,
    (notice, reply): (Option<String>, view::Reply),
    status: StatusCode,
    page: MessagePage,
) -> Page {
    let nav = StaffNav::of(session);
    match state.app.open_report_page(session, id, page).await {
        Ok(opened) => {
            let vocabulary = state.app.case_vocabulary();
            let correlation = state
                .app
                .report_correlation(session, id, &opened.sealed.report, &opened.card.identifiers)
                .await
                .map_err(app_error(state, locale))?;
            let referral = super::referral::referral_section(
                state,
                session,
                &opened.sealed,
                id,
                reply.referral.clone(),
            )
            .await
            .map_err(app_error(state, locale))?;
            let extras = view::ReportExtras {
                correlation,
                referral,
            };
            Ok((
                status,
                view::report(locale, &nav, &opened, &extras, vocabulary, notice, &reply),
            )
                .into_response())
        }
        Err(AppError::NoAccess) => {
            let meta = state
                .app
                .report_meta(session, id)
                .await
                .map_err(app_error(state, locale))?;
            Ok((
                StatusCode::FORBIDDEN,
                view::no_access(locale, &nav, &meta.received.to_string()),
            )
                .into_response())
        }
        Err(other) => Err(app_error(state, locale)(other)),
    }
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
    let notice = match query_param(request.uri().query(), "done").as_deref() {
        Some("granted") => Some(locale.t("report-granted")),
        Some("case") => Some(locale.t("case-saved")),
        Some("note") => Some(locale.t("note-saved")),
        Some("sent") => Some(locale.t("message-sent")),
        Some("identifier") => Some(locale.t("correlation-added")),
        Some("identifier-removed") => Some(locale.t("correlation-removed")),
        _ => None,
    };
    let reply = view::Reply {
        form_token: state.app.issue_form_token(),
        ..view::Reply::default()
    };
    let page = query_param(request.uri().query(), "page")
        .and_then(|p| p.parse::<u32>().ok())
        .unwrap_or(1);
    report_page_at(
        &state,
        locale,
        &session,
        id,
        (notice, reply),
        StatusCode::OK,
        MessagePage::Newest(page),
    )
    .await
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

/// A new internal note, from the report page.
pub async fn add_note(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    Path(id): Path<String>,
    request: Request,
) -> Page {
    let (session, id, form) = report_form(&state, locale, &id, request).await?;
    let text = form
        .text("body")
        .map_err(|e| error_page(&state, locale, e))?;
    let Some(once) = super::form_token_of(&state, &form, |csrf| session.csrf_matches(csrf)) else {
        return note_refused(
            &state,
            locale,
            &session,
            id,
            locale.t("error-page-outdated"),
            StatusCode::BAD_REQUEST,
            text,
            None,
        )
        .await;
    };
    match state.app.add_note(&session, id, &text, Some(&once)).await {
        Ok(_) => Ok(see_other(
            &locale.path(&format!("/staff/reports/{id}?done=note#notes")),
        )),
        Err(error) => match super::message_refusal(locale, error) {
            Ok((message, status)) => {
                note_refused(&state, locale, &session, id, message, status, text, None).await
            }
            Err(other) => Err(app_error(&state, locale)(other)),
        },
    }
}

/// A new version of an internal note.
pub async fn edit_note(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    Path((id, note)): Path<(String, String)>,
    request: Request,
) -> Page {
    let (session, form) = staff_form(&state, locale, request).await?;
    let (Ok(id), Ok(note)) = (id.parse::<ReportId>(), note.parse::<NoteId>()) else {
        return Err(error_page(&state, locale, PageError::NotFound));
    };
    let text = form
        .text("body")
        .map_err(|e| error_page(&state, locale, e))?;
    match state.app.edit_note(&session, id, note, &text).await {
        Ok(_) => Ok(see_other(
            &locale.path(&format!("/staff/reports/{id}?done=note#note-{note}")),
        )),
        Err(AppError::Conflict) => {
            let message = locale.t("note-conflict");
            note_refused(
                &state,
                locale,
                &session,
                id,
                message,
                StatusCode::CONFLICT,
                text,
                Some(note),
            )
            .await
        }
        Err(error) => match super::message_refusal(locale, error) {
            Ok((message, status)) => {
                note_refused(
                    &state,
                    locale,
                    &session,
                    id,
                    message,
                    status,
                    text,
                    Some(note),
                )
                .await
            }
            Err(other) => Err(app_error(&state, locale)(other)),
        },
    }
}

/// The report page again after a refused note, with its text kept in the box it came from.
#[allow(clippy::too_many_arguments)]
async fn note_refused(
    state: &WebState,
    locale: Locale,
    session: &StaffSession,
    id: ReportId,
    message: String,
    status: StatusCode,
    text: String,
    editing: Option<NoteId>,
) -> Page {
    let reply = view::Reply {
        form_token: state.app.issue_form_token(),
        note_error: Some(message),
        note_draft: if editing.is_some() {
            String::new()
        } else {
            text.clone()
        },
        editing: editing.map(|note| (note, text)),
        ..view::Reply::default()
    };
    report_page(state, locale, session, id, None, reply, status).await
}

/// A caseworker writes to the reporter from the report page.
pub async fn send_message(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    Path(id): Path<String>,
    request: Request,
) -> Page {
    let (parts, body) = request.into_parts();
    let form = read_form(&state, locale, body).await?;
    let id: ReportId = id
        .parse()
        .map_err(|_| error_page(&state, locale, PageError::NotFound))?;
    let text = form
        .text("body")
        .map_err(|e| error_page(&state, locale, e))?;
    let Some(session) = optional_session(&state, locale, &parts.headers).await? else {
        // The words are kept in the sign-in page (never on the server) and come back in the
        // box after signing in again.
        let notices = vec![locale.t("staff-session-ended-kept")];
        let report = id.to_string();
        let mut response = login_response(
            &state,
            locale,
            &parts.headers,
            StatusCode::UNAUTHORIZED,
            LoginPage {
                notices,
                kept: Some((&report, &text)),
                ..LoginPage::default()
            },
        );
        response.headers_mut().append(
            header::SET_COOKIE,
            session::clear_cookie(&state.config, Cookie::StaffSession),
        );
        return Ok(response);
    };
    let kept_with = |error: String| view::Reply {
        error: Some(error),
        draft: text.clone(),
        form_token: state.app.issue_form_token(),
        ..view::Reply::default()
    };
    let Some(once) = super::form_token_of(&state, &form, |csrf| session.csrf_matches(csrf)) else {
        // A page from an earlier session or a forged form: nothing is sent, the words stay.
        return report_page(
            &state,
            locale,
            &session,
            id,
            None,
            kept_with(locale.t("error-page-outdated")),
            StatusCode::FORBIDDEN,
        )
        .await;
    };
    let (error, status) = match state
        .app
        .send_message_to_reporter(&session, id, &text, Some(&once))
        .await
    {
        Ok(_) => {
            return Ok(see_other(
                &locale.path(&format!("/staff/reports/{id}?done=sent#messages")),
            ));
        }
        Err(error) => super::message_refusal(locale, error).map_err(app_error(&state, locale))?,
    };
    report_page(&state, locale, &session, id, None, kept_with(error), status).await
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
        &download.description.saved_name(download.variant),
        super::stream_body(download.content),
    ))
}
