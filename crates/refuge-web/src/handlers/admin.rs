//! Staff accounts: administration (list, invite, share, disable), who receives new reports, and
//! each member's own account (sessions, password).

use axum::Extension;
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use refuge_app::AppError;
use refuge_app::accounts::AccountChange;
use refuge_app::sessions::StaffSession;
use refuge_domain::StaffId;
use refuge_domain::staff::Role;

use super::staff::{require_session, staff_form};
use super::{Page, app_error, error_page, query_param, see_other};
use crate::WebState;
use crate::error::PageError;
use crate::i18n::Locale;
use crate::pages::admin::{self as view, AddForm};
use crate::session::StaffNav;

/// The staff page with the invite form as given; used for the page itself and to show a
/// problem.
async fn staff_page(
    state: &WebState,
    locale: Locale,
    session: &StaffSession,
    status: StatusCode,
    form: &AddForm<'_>,
) -> Page {
    let staff = state
        .app
        .list_staff(session)
        .await
        .map_err(app_error(state, locale))?;
    let invitations = state
        .app
        .pending_invitations(session)
        .await
        .map_err(app_error(state, locale))?;
    let mut with_second_factor = Vec::new();
    for person in &staff {
        if state
            .app
            .has_second_factor(person.id)
            .await
            .map_err(app_error(state, locale))?
        {
            with_second_factor.push(person.id);
        }
    }
    let rules = state.app.retention_rules();
    let substatus_names: Vec<(String, String)> = state
        .app
        .settings()
        .case
        .substatuses
        .iter()
        .map(|s| (s.code.clone(), s.name.clone()))
        .collect();
    Ok((
        status,
        view::staff_list(
            locale,
            &StaffNav::of(session),
            &staff,
            &with_second_factor,
            &invitations,
            form,
            &view::Retention {
                rules: &rules,
                substatus_names: &substatus_names,
            },
        ),
    )
        .into_response())
}

pub async fn staff_list(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    request: Request,
) -> Page {
    let session = require_session(&state, locale, request.headers()).await?;
    let query = request.uri().query();
    // SECURITY: the address names an account by its id, looked up here: no text from the
    // address reaches the page, so a crafted link cannot put words in an official-looking
    // notice (security review L5).
    let named = |key: &str| {
        query_param(query, key)
            .and_then(|id| id.parse::<StaffId>().ok())
            .map(|id| (key.to_owned(), id))
    };
    let mut notice =
        super::has_flag(query, "withdrawn").then(|| locale.t("admin-invitation-withdrawn-notice"));
    if let Some((key, id)) = named("with")
        .or_else(|| named("disabled"))
        .or_else(|| named("enabled"))
        .or_else(|| named("tf_reset"))
        && let Ok(person) = state.app.staff_member(&session, id).await
    {
        let username = person.username.clone();
        notice = Some(match key.as_str() {
            "with" => locale.t_with(
                "admin-granted-all",
                &[
                    (
                        "count",
                        query_param(query, "shared")
                            .and_then(|c| c.parse::<u64>().ok())
                            .unwrap_or(0)
                            .into(),
                    ),
                    ("username", username.into()),
                ],
            ),
            "disabled" => locale.t_with("admin-disabled-notice", &[("username", username.into())]),
            "tf_reset" => locale.t_with("staff-tf-reset-done", &[("username", username.into())]),
            _ => locale.t_with("admin-enabled-notice", &[("username", username.into())]),
        });
    }
    let token = state.app.issue_form_token();
    let form = AddForm {
        username: "",
        role: None,
        problem: None,
        notice,
        form_token: &token,
    };
    staff_page(&state, locale, &session, StatusCode::OK, &form).await
}

/// Invites a colleague (security review M7): the answer shows their one-time link, once.
pub async fn invite(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    request: Request,
) -> Page {
    let host = request
        .headers()
        .get(axum::http::header::HOST)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let (session, form) = staff_form(&state, locale, request).await?;
    let username = form.text("username").unwrap_or_default();
    let role = form.one("role").ok().flatten().and_then(Role::from_code);
    // The CSRF field was checked by `staff_form`.
    let once = super::form_token_of(&state, &form, |_| true);
    let problem = match (role, once) {
        (_, None) => locale.t("error-page-outdated"),
        (None, _) => locale.t("problem-unknown_code"),
        (Some(role), Some(once)) => match state
            .app
            .invite_staff(&session, &username, role, Some(&once))
            .await
        {
            Ok(token) => {
                let path = format!("/invite/{token}");
                let link = invitation_link(&state, host.as_deref(), &path);
                return Ok(view::invitation_created(
                    locale,
                    &StaffNav::of(&session),
                    username.trim(),
                    &link,
                )
                .into_response());
            }
            Err(AppError::AccountRule(rule)) => locale.t(&format!("account-rule-{}", rule.code())),
            Err(AppError::Conflict) => {
                let taken = state
                    .app
                    .list_staff(&session)
                    .await
                    .map_err(app_error(&state, locale))?
                    .iter()
                    .any(|s| s.username == username.trim());
                locale.t(if taken {
                    "username-taken"
                } else {
                    "username-invited"
                })
            }
            Err(other) => return Err(app_error(&state, locale)(other)),
        },
    };
    let token = state.app.issue_form_token();
    let form = AddForm {
        username: &username,
        role,
        problem: Some(problem),
        notice: None,
        form_token: &token,
    };
    staff_page(&state, locale, &session, StatusCode::BAD_REQUEST, &form).await
}

/// The address an invitation link is given as: under the public address when the operator set
/// one; otherwise under the address this page was reached at (an administrator's browser on
/// this server), or only the path when even that is unknown.
fn invitation_link(state: &WebState, host: Option<&str>, path: &str) -> String {
    if let Some(public) = &state.config.public_url {
        return format!("{public}{path}");
    }
    match host {
        Some(host) if !host.is_empty() => {
            let scheme = if state.config.secure_cookies
                && !host.starts_with("localhost")
                && !host.starts_with("127.")
                && !host.contains(".onion")
            {
                "https"
            } else {
                "http"
            };
            format!("{scheme}://{host}{path}")
        }
        _ => path.to_owned(),
    }
}

/// Withdraws a pending invitation: its link stops working at once.
pub async fn withdraw_invitation(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    Path(username): Path<String>,
    request: Request,
) -> Page {
    let (session, _) = staff_form(&state, locale, request).await?;
    state
        .app
        .withdraw_invitation(&session, &username)
        .await
        .map_err(app_error(&state, locale))?;
    Ok(see_other(&locale.path("/staff/admin/staff?withdrawn")))
}

/// Who receives new reports and how that list changed, for every recipient (security review
/// M7).
pub async fn recipients(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    request: Request,
) -> Page {
    let session = require_session(&state, locale, request.headers()).await?;
    let recipients = state
        .app
        .intake_recipients_view(&session)
        .await
        .map_err(app_error(&state, locale))?;
    Ok(view::recipients(locale, &StaffNav::of(&session), &recipients).into_response())
}

pub(super) fn staff_id(state: &WebState, locale: Locale, id: &str) -> Result<StaffId, Response> {
    id.parse()
        .map_err(|_| error_page(state, locale, PageError::NotFound))
}

pub async fn grant_all(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    Path(id): Path<String>,
    request: Request,
) -> Page {
    let (session, _) = staff_form(&state, locale, request).await?;
    let grantee = staff_id(&state, locale, &id)?;
    let (grantee, count) = state
        .app
        .grant_all_access(&session, grantee)
        .await
        .map_err(app_error(&state, locale))?;
    Ok(see_other(&locale.path(&format!(
        "/staff/admin/staff?shared={count}&with={}",
        grantee.id
    ))))
}

/// "Disable this account?" — nothing happens until it is confirmed.
pub async fn confirm_disable(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    Path(id): Path<String>,
    request: Request,
) -> Page {
    let session = require_session(&state, locale, request.headers()).await?;
    let id = staff_id(&state, locale, &id)?;
    let person = state
        .app
        .staff_member(&session, id)
        .await
        .map_err(app_error(&state, locale))?;
    Ok(view::confirm_disable(locale, &StaffNav::of(&session), &person).into_response())
}

/// Undoes a disable.
pub async fn enable(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    Path(id): Path<String>,
    request: Request,
) -> Page {
    change_account(&state, locale, &id, request, AccountChange::Enable).await
}

pub async fn disable(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    Path(id): Path<String>,
    request: Request,
) -> Page {
    change_account(&state, locale, &id, request, AccountChange::Disable).await
}

async fn change_account(
    state: &WebState,
    locale: Locale,
    id: &str,
    request: Request,
    change: AccountChange,
) -> Page {
    let (session, _) = staff_form(state, locale, request).await?;
    let id = staff_id(state, locale, id)?;
    let record = state
        .app
        .change_account(&session, id, change)
        .await
        .map_err(app_error(state, locale))?;
    let done = match change {
        AccountChange::Disable => "disabled",
        AccountChange::Enable => "enabled",
    };
    Ok(see_other(
        &locale.path(&format!("/staff/admin/staff?{done}={}", record.id)),
    ))
}

/// The member's account page: their sessions, and the password form.
async fn account_view(
    state: &WebState,
    locale: Locale,
    session: &StaffSession,
    status: StatusCode,
    problem: Option<String>,
    notice: Option<String>,
) -> Page {
    let sessions = state
        .app
        .my_sessions(session)
        .await
        .map_err(app_error(state, locale))?;
    Ok((
        status,
        view::account(locale, &StaffNav::of(session), &sessions, problem, notice),
    )
        .into_response())
}

pub async fn account_page(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    request: Request,
) -> Page {
    let session = require_session(&state, locale, request.headers()).await?;
    let notice = match query_param(request.uri().query(), "done").as_deref() {
        Some("password") => Some(locale.t("password-changed")),
        Some("session") => Some(locale.t("account-session-ended")),
        _ => None,
    };
    account_view(&state, locale, &session, StatusCode::OK, None, notice).await
}

/// Ends another of the member's sessions (security review L1/M7).
pub async fn end_session(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    Path(handle): Path<String>,
    request: Request,
) -> Page {
    let (session, _) = staff_form(&state, locale, request).await?;
    state
        .app
        .end_my_session(&session, &handle)
        .await
        .map_err(app_error(&state, locale))?;
    Ok(see_other(&locale.path("/staff/account?done=session")))
}

pub async fn change_password(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    request: Request,
) -> Page {
    let (session, form) = staff_form(&state, locale, request).await?;
    let current = form.text("current_password").unwrap_or_default();
    let new = form.text("new_password").unwrap_or_default();
    let problem = if Some(new.as_str()) != form.one("new_password_confirm").ok().flatten() {
        locale.t("password-mismatch")
    } else {
        match state.app.change_password(&session, &current, &new).await {
            Ok(()) => return Ok(see_other(&locale.path("/staff/account?done=password"))),
            Err(AppError::AccountRule(rule)) => locale.t(&format!("account-rule-{}", rule.code())),
            Err(AppError::InvalidCredentials) => locale.t("password-wrong-current"),
            Err(other) => return Err(app_error(&state, locale)(other)),
        }
    };
    account_view(
        &state,
        locale,
        &session,
        StatusCode::BAD_REQUEST,
        Some(problem),
        None,
    )
    .await
}
