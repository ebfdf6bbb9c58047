//! Administration routes: staff accounts.

use axum::Extension;
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use refuge_app::AppError;
use refuge_app::accounts::NewAccount;
use refuge_domain::StaffId;
use refuge_domain::staff::Role;

use super::staff::{require_session, staff_form};
use super::{query_param, see_other};
use crate::WebState;
use crate::error::PageError;
use crate::i18n::Locale;
use crate::pages::admin::{self as view, AddForm};
use crate::session::StaffNav;

pub async fn staff_list(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    request: Request,
) -> Response {
    let session = match require_session(&state, locale, request.headers()).await {
        Ok(session) => session,
        Err(response) => return response,
    };
    if !session.staff.role.manages_staff() {
        return PageError::Forbidden.render(locale, &state.config);
    }
    let query = request.uri().query();
    let notice = match (
        query_param(query, "added"),
        query_param(query, "shared"),
        query_param(query, "with"),
    ) {
        (Some(username), _, _) => {
            Some(locale.t_with("admin-added", &[("username", username.into())]))
        }
        (_, Some(count), Some(username)) => Some(locale.t_with(
            "admin-granted-all",
            &[
                ("count", count.parse::<u64>().unwrap_or(0).into()),
                ("username", username.into()),
            ],
        )),
        _ => query_param(query, "disabled").map(|username| {
            locale.t_with("admin-disabled-notice", &[("username", username.into())])
        }),
    };
    match state.app.list_staff(&session).await {
        Ok(staff) => {
            let form = AddForm {
                username: "",
                role: None,
                problem: None,
                notice,
            };
            view::staff_list(locale, &StaffNav::of(&session), &staff, &form).into_response()
        }
        Err(error) => PageError::from_app(error).render(locale, &state.config),
    }
}

pub async fn add_staff(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    request: Request,
) -> Response {
    let (session, form) = match staff_form(&state, locale, request).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let username = form.text("username").unwrap_or_default();
    let password = form.text("password").unwrap_or_default();
    let role = form.one("role").ok().flatten().and_then(Role::from_code);
    let problem = match role {
        None => Some(locale.t("problem-unknown_code")),
        Some(role) => match state
            .app
            .add_staff(
                Some(&session),
                &NewAccount {
                    username: username.clone(),
                    password,
                    role,
                },
            )
            .await
        {
            Ok(_) => {
                return see_other(&locale.path(&format!("/staff/admin/staff?added={username}")));
            }
            Err(AppError::AccountRule(rule)) => {
                Some(locale.t(&format!("account-rule-{}", rule.code())))
            }
            Err(AppError::Conflict) => Some(locale.t("username-taken")),
            Err(error) => return PageError::from_app(error).render(locale, &state.config),
        },
    };
    match state.app.list_staff(&session).await {
        Ok(staff) => {
            let form = AddForm {
                username: &username,
                role,
                problem,
                notice: None,
            };
            (
                StatusCode::BAD_REQUEST,
                view::staff_list(locale, &StaffNav::of(&session), &staff, &form),
            )
                .into_response()
        }
        Err(error) => PageError::from_app(error).render(locale, &state.config),
    }
}

pub async fn grant_all(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    Path(id): Path<String>,
    request: Request,
) -> Response {
    let (session, _) = match staff_form(&state, locale, request).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    if !session.staff.role.manages_staff() {
        return PageError::Forbidden.render(locale, &state.config);
    }
    let Ok(grantee) = id.parse::<StaffId>() else {
        return PageError::NotFound.render(locale, &state.config);
    };
    let username = match state.app.list_staff(&session).await {
        Ok(staff) => staff
            .into_iter()
            .find(|s| s.id == grantee)
            .map(|s| s.username),
        Err(error) => return PageError::from_app(error).render(locale, &state.config),
    };
    let Some(username) = username else {
        return PageError::NotFound.render(locale, &state.config);
    };
    match state.app.grant_all_access(&session, grantee).await {
        Ok(count) => see_other(&locale.path(&format!(
            "/staff/admin/staff?shared={count}&with={username}"
        ))),
        Err(error) => PageError::from_app(error).render(locale, &state.config),
    }
}

pub async fn disable(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    Path(id): Path<String>,
    request: Request,
) -> Response {
    let (session, _) = match staff_form(&state, locale, request).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let Ok(id) = id.parse::<StaffId>() else {
        return PageError::NotFound.render(locale, &state.config);
    };
    match state.app.disable_staff(&session, id).await {
        Ok(record) => {
            see_other(&locale.path(&format!("/staff/admin/staff?disabled={}", record.username)))
        }
        Err(error) => PageError::from_app(error).render(locale, &state.config),
    }
}

pub async fn account_page(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    request: Request,
) -> Response {
    let session = match require_session(&state, locale, request.headers()).await {
        Ok(session) => session,
        Err(response) => return response,
    };
    let notice = (query_param(request.uri().query(), "done").as_deref() == Some("password"))
        .then(|| locale.t("password-changed"));
    view::account(locale, &StaffNav::of(&session), None, notice).into_response()
}

pub async fn change_password(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    request: Request,
) -> Response {
    let (session, form) = match staff_form(&state, locale, request).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let current = form.text("current_password").unwrap_or_default();
    let new = form.text("new_password").unwrap_or_default();
    let problem = if Some(new.as_str()) != form.one("new_password_confirm").ok().flatten() {
        locale.t("password-mismatch")
    } else {
        match state.app.change_password(&session, &current, &new).await {
            Ok(()) => return see_other(&locale.path("/staff/account?done=password")),
            Err(AppError::AccountRule(rule)) => locale.t(&format!("account-rule-{}", rule.code())),
            Err(AppError::InvalidCredentials) => locale.t("password-wrong-current"),
            Err(error) => return PageError::from_app(error).render(locale, &state.config),
        }
    };
    (
        StatusCode::BAD_REQUEST,
        view::account(locale, &StaffNav::of(&session), Some(problem), None),
    )
        .into_response()
}
