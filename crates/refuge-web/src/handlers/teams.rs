//! Administration of teams, routing and the recovery key (pages), and the same over the API.

use axum::Extension;
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use refuge_app::AppError;
use refuge_app::sessions::StaffSession;
use refuge_app::teams::TeamError;
use refuge_domain::routing::{Conditions, Routing, RoutingError, Rule};
use refuge_domain::taxonomy::{Community, Language, Tactic};

use super::staff::{require_session, staff_form};
use super::{Page, app_error, query_param, see_other};
use crate::WebState;
use crate::body::FormData;
use crate::i18n::Locale;
use crate::pages::teams::{self as view, RoutingPage, TeamsPage};
use crate::session::StaffNav;

/// A refused change to teams or routing, in the user's words; any other error is given back.
fn team_problem(locale: Locale, error: AppError) -> Result<String, AppError> {
    Ok(match error {
        AppError::Routing(RoutingError::BadTeamName(_)) => locale.t("team-error-name"),
        AppError::Routing(RoutingError::UnknownTeam(_)) => locale.t("routing-error-team"),
        AppError::Routing(RoutingError::RuleWithoutTeams(rule)) => locale.t_with(
            "routing-error-no-teams",
            &[("number", (rule as u64).into())],
        ),
        AppError::Routing(RoutingError::UnknownCode { rule, .. }) => {
            locale.t_with("routing-error-code", &[("number", (rule as u64).into())])
        }
        AppError::Routing(RoutingError::TooMany) => locale.t("routing-error-too-many"),
        AppError::Team(TeamError::UnknownMember(_)) => locale.t("team-error-member"),
        AppError::Team(TeamError::InRouting(_)) => locale.t("team-error-in-routing"),
        AppError::Conflict => locale.t("team-error-taken"),
        other => return Err(other),
    })
}

async fn teams_page(
    state: &WebState,
    locale: Locale,
    session: &StaffSession,
    status: StatusCode,
    form: &TeamsPage<'_>,
) -> Page {
    let teams = state
        .app
        .teams(session)
        .await
        .map_err(app_error(state, locale))?;
    let staff = state
        .app
        .list_staff(session)
        .await
        .map_err(app_error(state, locale))?;
    Ok((
        status,
        view::teams(locale, &StaffNav::of(session), &teams, &staff, form),
    )
        .into_response())
}

pub async fn teams(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    request: Request,
) -> Page {
    let session = require_session(&state, locale, request.headers()).await?;
    let notice = query_param(request.uri().query(), "done").and_then(|done| match done.as_str() {
        "created" => Some(locale.t("admin-team-created")),
        "saved" => Some(locale.t("admin-team-saved")),
        "deleted" => Some(locale.t("admin-team-deleted")),
        _ => None,
    });
    teams_page(
        &state,
        locale,
        &session,
        StatusCode::OK,
        &TeamsPage {
            notice,
            ..TeamsPage::default()
        },
    )
    .await
}

/// After a refused change: the page again with the problem said (nothing was changed).
async fn refused(
    state: &WebState,
    locale: Locale,
    session: &StaffSession,
    error: AppError,
    new_name: &str,
) -> Page {
    match team_problem(locale, error) {
        Ok(problem) => {
            teams_page(
                state,
                locale,
                session,
                StatusCode::BAD_REQUEST,
                &TeamsPage {
                    problem: Some(problem),
                    new_name,
                    ..TeamsPage::default()
                },
            )
            .await
        }
        Err(other) => Err(app_error(state, locale)(other)),
    }
}

pub async fn create_team(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    request: Request,
) -> Page {
    let (session, form) = staff_form(&state, locale, request).await?;
    let name = form.text("name").unwrap_or_default();
    match state
        .app
        .create_team(&session, &name, &form.all("members"))
        .await
    {
        Ok(_) => Ok(see_other(&locale.path("/staff/admin/teams?done=created"))),
        Err(error) => refused(&state, locale, &session, error, &name).await,
    }
}

pub async fn update_team(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    Path(name): Path<String>,
    request: Request,
) -> Page {
    let (session, form) = staff_form(&state, locale, request).await?;
    let new_name = form.text("name").unwrap_or_default();
    match state
        .app
        .update_team(&session, &name, &new_name, &form.all("members"))
        .await
    {
        Ok(_) => Ok(see_other(&locale.path("/staff/admin/teams?done=saved"))),
        Err(error) => refused(&state, locale, &session, error, "").await,
    }
}

pub async fn delete_team(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    Path(name): Path<String>,
    request: Request,
) -> Page {
    let (session, _) = staff_form(&state, locale, request).await?;
    match state.app.delete_team(&session, &name).await {
        Ok(()) => Ok(see_other(&locale.path("/staff/admin/teams?done=deleted"))),
        Err(error) => refused(&state, locale, &session, error, "").await,
    }
}

/// Rows of the routing form beyond the rules, for new ones.
const SPARE_ROWS: usize = 2;

async fn routing_page(
    state: &WebState,
    locale: Locale,
    session: &StaffSession,
    status: StatusCode,
    routing: &Routing,
    rows: usize,
    (notice, problem): (Option<String>, Option<String>),
) -> Page {
    let team_names: Vec<String> = state
        .app
        .team_names(session)
        .await
        .map_err(app_error(state, locale))?
        .into_iter()
        .map(|(_, name)| name)
        .collect();
    Ok((
        status,
        view::routing(
            locale,
            &StaffNav::of(session),
            &RoutingPage {
                routing,
                team_names: &team_names,
                origin_states: &state.app.settings().origin_states,
                rows: rows.max(routing.rules.len()),
                notice,
                problem,
            },
        ),
    )
        .into_response())
}

pub async fn routing(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    request: Request,
) -> Page {
    let session = require_session(&state, locale, request.headers()).await?;
    let routing = state
        .app
        .routing(&session)
        .await
        .map_err(app_error(&state, locale))?;
    let notice = query_param(request.uri().query(), "done")
        .filter(|d| d == "saved")
        .map(|_| locale.t("admin-routing-saved"));
    let rows = routing.rules.len() + SPARE_ROWS;
    routing_page(
        &state,
        locale,
        &session,
        StatusCode::OK,
        &routing,
        rows,
        (notice, None),
    )
    .await
}

/// The routing table a form describes: its non-empty rows in order, and the default teams.
/// `None` for a code no select offers (a forged form).
fn routing_from(form: &FormData, rows: usize) -> Option<Routing> {
    let mut rules = Vec::new();
    for index in 0..rows {
        let value = |name: &str| {
            form.one(&format!("rule.{index}.{name}"))
                .ok()
                .flatten()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        let when = Conditions {
            language: match value("language") {
                None => None,
                Some(code) => Some(Language::from_code(&code)?),
            },
            host_country: value("host_country"),
            host_region: value("host_region"),
            community: match value("community") {
                None => None,
                Some(code) => Some(Community::from_code(&code)?),
            },
            origin_state: value("origin_state"),
            tactic: match value("tactic") {
                None => None,
                Some(code) => Some(Tactic::from_code(&code)?),
            },
        };
        let teams = form.all(&format!("rule.{index}.teams"));
        if when == Conditions::default() && teams.is_empty() {
            continue;
        }
        rules.push(Rule { when, teams });
    }
    Some(Routing {
        rules,
        default_teams: form.all("default_teams"),
    })
}

pub async fn save_routing(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    request: Request,
) -> Page {
    let (session, form) = staff_form(&state, locale, request).await?;
    let rows = form
        .one("rows")
        .ok()
        .flatten()
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or(0)
        .min(refuge_domain::routing::RULES_MAX + SPARE_ROWS);
    let Some(wanted) = routing_from(&form, rows) else {
        return Err(super::error_page(
            &state,
            locale,
            crate::error::PageError::BadRequest,
        ));
    };
    if form.one("action").ok().flatten() == Some("more") {
        return routing_page(
            &state,
            locale,
            &session,
            StatusCode::OK,
            &wanted,
            wanted.rules.len() + SPARE_ROWS,
            (None, None),
        )
        .await;
    }
    match state.app.set_routing(&session, &wanted).await {
        Ok(_) => Ok(see_other(&locale.path("/staff/admin/routing?done=saved"))),
        Err(error) => match team_problem(locale, error) {
            Ok(problem) => {
                routing_page(
                    &state,
                    locale,
                    &session,
                    StatusCode::BAD_REQUEST,
                    &wanted,
                    rows,
                    (None, Some(problem)),
                )
                .await
            }
            Err(other) => Err(app_error(&state, locale)(other)),
        },
    }
}

pub async fn recovery_key(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    request: Request,
) -> Page {
    let session = require_session(&state, locale, request.headers()).await?;
    session
        .require(refuge_domain::Permission::ManageTeams)
        .map_err(app_error(&state, locale))?;
    let has_key = state
        .app
        .has_recovery_key()
        .await
        .map_err(app_error(&state, locale))?;
    Ok(view::recovery_key(locale, &StaffNav::of(&session), has_key).into_response())
}

/// A new recovery key: its identity shown this once, never again.
pub async fn new_recovery_key(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    request: Request,
) -> Page {
    let (session, _) = staff_form(&state, locale, request).await?;
    let key = state
        .app
        .new_recovery_key(Some(&session))
        .await
        .map_err(app_error(&state, locale))?;
    Ok(view::recovery_key_shown(
        locale,
        Some(&StaffNav::of(&session)),
        &key.secret,
        (
            &locale.t("admin-recovery-done"),
            locale.path("/staff/admin/recovery-key"),
        ),
    )
    .into_response())
}

/// Renders a team for the API.
pub(crate) fn team_json(team: &refuge_app::teams::TeamView) -> serde_json::Value {
    serde_json::json!({
        "name": team.name,
        "members": team.members.iter().map(|m| m.username.clone()).collect::<Vec<_>>(),
    })
}
