//! Correlation routes: identifiers caseworkers add to a case, the look-up box, and the groups
//! of connected reports.

use axum::Extension;
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use refuge_app::AppError;
use refuge_app::cases::CaseChange;
use refuge_app::sessions::StaffSession;
use refuge_domain::ReportId;
use refuge_domain::case::CaseRuleError;
use refuge_domain::report::{FieldError, check_identifier};
use refuge_domain::taxonomy::{HOST_COUNTRIES, OTHER_COUNTRY};

use super::staff::{report_form, report_page, require_session, staff_form};
use super::{Page, app_error, error_page, see_other, single_param};
use crate::WebState;
use crate::body::FormData;
use crate::error::PageError;
use crate::i18n::Locale;
use crate::pages::correlation::{self as view, IdentifierForm, LookupResult};
use crate::pages::staff as staff_view;
use crate::session::StaffNav;

/// The kind and text of an identifier form, as sent.
fn identifier_form(form: &FormData) -> Result<IdentifierForm, PageError> {
    Ok(IdentifierForm {
        kind: form.text("kind").map_err(|_| PageError::BadRequest)?,
        value: form.text("value").map_err(|_| PageError::BadRequest)?,
        error: None,
    })
}

/// The first refusal, in the user's words.
fn refusal(locale: Locale, errors: &[FieldError]) -> String {
    errors
        .first()
        .map(|e| locale.problem(e.problem))
        .unwrap_or_else(|| locale.t("error-bad-request"))
}

/// `POST /staff/reports/{id}/identifiers`: a caseworker records an identifier on the case.
pub async fn add_identifier(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    Path(id): Path<String>,
    request: Request,
) -> Page {
    let (session, id, form) = report_form(&state, locale, &id, request).await?;
    let typed = identifier_form(&form).map_err(|e| error_page(&state, locale, e))?;
    let identifier = match check_identifier(&typed.kind, &typed.value) {
        Ok(identifier) => identifier,
        Err(errors) => {
            let message = refusal(locale, &errors);
            return identifier_refused(&state, locale, &session, id, typed, message).await;
        }
    };
    let change = CaseChange {
        add_identifier: Some(identifier),
        ..CaseChange::default()
    };
    match state.app.update_case(&session, id, &change).await {
        Ok(_) => Ok(see_other(
            &locale.path(&format!("/staff/reports/{id}?done=identifier#identifiers")),
        )),
        Err(AppError::CaseRule(CaseRuleError::TooManyIdentifiers)) => {
            let message = locale.t("case-error-too-many-identifiers");
            identifier_refused(&state, locale, &session, id, typed, message).await
        }
        Err(other) => Err(app_error(&state, locale)(other)),
    }
}

/// The report page again, with the identifier form holding what was typed and why it was
/// refused.
async fn identifier_refused(
    state: &WebState,
    locale: Locale,
    session: &StaffSession,
    id: ReportId,
    typed: IdentifierForm,
    message: String,
) -> Page {
    report_page(
        state,
        locale,
        session,
        id,
        None,
        staff_view::Reply {
            form_token: state.app.issue_form_token(),
            identifier: IdentifierForm {
                error: Some(message),
                ..typed
            },
            ..staff_view::Reply::default()
        },
        StatusCode::BAD_REQUEST,
    )
    .await
}

/// `POST /staff/reports/{id}/identifiers/remove`: takes back one a caseworker added (named by
/// its kind and text, sent as hidden fields).
pub async fn remove_identifier(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    Path(id): Path<String>,
    request: Request,
) -> Page {
    let (session, id, form) = report_form(&state, locale, &id, request).await?;
    let typed = identifier_form(&form).map_err(|e| error_page(&state, locale, e))?;
    let identifier = check_identifier(&typed.kind, &typed.value)
        .map_err(|_| error_page(&state, locale, PageError::BadRequest))?;
    let change = CaseChange {
        remove_identifier: Some(identifier),
        ..CaseChange::default()
    };
    match state.app.update_case(&session, id, &change).await {
        Ok(_) => Ok(see_other(&locale.path(&format!(
            "/staff/reports/{id}?done=identifier-removed#identifiers"
        )))),
        // Removed already (sent twice, or by a colleague): the page shows what is there.
        Err(AppError::CaseRule(_)) => Ok(see_other(
            &locale.path(&format!("/staff/reports/{id}#identifiers")),
        )),
        Err(other) => Err(app_error(&state, locale)(other)),
    }
}

fn lookup_answer(
    state: &WebState,
    locale: Locale,
    session: &StaffSession,
    form: &IdentifierForm,
    region: &str,
    result: Option<&LookupResult>,
    status: StatusCode,
) -> Page {
    let nav = StaffNav::of(session);
    Ok((
        status,
        view::lookup(
            locale,
            &nav,
            form,
            region,
            &state.app.settings().origin_states,
            result,
        ),
    )
        .into_response())
}

/// `GET /staff/identifiers`: the look-up form.
pub async fn lookup_page(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    request: Request,
) -> Page {
    let session = require_session(&state, locale, request.headers()).await?;
    if !session.may(refuge_domain::Permission::WorkCases) {
        return Err(app_error(&state, locale)(AppError::Forbidden));
    }
    lookup_answer(
        &state,
        locale,
        &session,
        &IdentifierForm::default(),
        "",
        None,
        StatusCode::OK,
    )
}

/// `POST /staff/identifiers`: "is this number in any report?".
pub async fn lookup(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    request: Request,
) -> Page {
    let (session, form) = staff_form(&state, locale, request).await?;
    let mut typed = identifier_form(&form).map_err(|e| error_page(&state, locale, e))?;
    let region = form
        .text("region")
        .map_err(|e| error_page(&state, locale, e))?;
    let known_region = region.is_empty() || is_lookup_region(&state, &region);
    let identifier = match (check_identifier(&typed.kind, &typed.value), known_region) {
        (Ok(identifier), true) => identifier,
        (Ok(_), false) => {
            typed.error = Some(locale.problem(refuge_domain::report::Problem::UnknownCode));
            return lookup_answer(
                &state,
                locale,
                &session,
                &typed,
                "",
                None,
                StatusCode::BAD_REQUEST,
            );
        }
        (Err(errors), _) => {
            typed.error = Some(refusal(locale, &errors));
            return lookup_answer(
                &state,
                locale,
                &session,
                &typed,
                &region,
                None,
                StatusCode::BAD_REQUEST,
            );
        }
    };
    let matches = state
        .app
        .look_up_identifier(
            &session,
            &identifier,
            (!region.is_empty()).then_some(region.as_str()),
        )
        .await
        .map_err(app_error(&state, locale))?;
    lookup_answer(
        &state,
        locale,
        &session,
        &typed,
        &region,
        Some(&LookupResult { matches }),
        StatusCode::OK,
    )
}

/// A country a number may be read in: an origin state of the configuration, or one of the
/// host countries offered (not "another").
pub fn is_lookup_region(state: &WebState, code: &str) -> bool {
    state.app.settings().origin_states.iter().any(|o| o == code)
        || (code != OTHER_COUNTRY && HOST_COUNTRIES.contains(&code))
}

/// The smallest group worth showing, from `?min_reports=`: absent means 2; otherwise one
/// number from 2 to 100 (`None`: refused). The page's form may send the field empty
/// (`empty_is_default`); the API may not.
pub fn min_reports_of(query: Option<&str>, empty_is_default: bool) -> Option<usize> {
    match single_param(query, "min_reports").ok()? {
        None => Some(2),
        Some(text) if text.trim().is_empty() => empty_is_default.then_some(2),
        Some(text) => text
            .trim()
            .parse::<usize>()
            .ok()
            .filter(|n| (2..=100).contains(n)),
    }
}

/// `GET /staff/correlation`: groups of reports joined by shared identifiers.
pub async fn clusters(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    request: Request,
) -> Page {
    let session = require_session(&state, locale, request.headers()).await?;
    let Some(min_reports) = min_reports_of(request.uri().query(), true) else {
        return Err(error_page(&state, locale, PageError::BadRequest));
    };
    let found = state
        .app
        .clusters(&session, min_reports, view::CLUSTERS_SHOWN)
        .await
        .map_err(app_error(&state, locale))?;
    let nav = StaffNav::of(&session);
    Ok(view::clusters(locale, &nav, found.as_ref(), min_reports).into_response())
}
