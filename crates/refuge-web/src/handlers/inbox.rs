//! The inbox page and its bulk form. Filters, search and order are the query string of a GET
//! form, so a caseworker can bookmark a view; a value that cannot be used is said in the
//! caseworker's language above the form, which keeps what they chose.

use axum::Extension;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use refuge_app::AppError;
use refuge_app::casework::INBOX_PAGE_DEFAULT;
use refuge_app::inbox::{FilterError, InboxRequest};
use refuge_app::sessions::StaffSession;
use refuge_domain::search::{QUERY_MAX_CHARS, QueryError, TERMS_MAX};
use refuge_domain::{Permission, ReportId};

use super::staff::{
    SIGNED_IN_MARKER, case_change_from, case_rule_message, cookies_cannot_work, login_response,
    optional_session, staff_form,
};
use super::{Page, app_error, error_page, has_flag, inbox_request, query_param, see_other};
use crate::WebState;
use crate::error::PageError;
use crate::i18n::Locale;
use crate::pages::inbox::{self as view, inbox_query};
use crate::pages::staff::LoginPage;
use crate::session::{self, Cookie, StaffNav};

/// The message id naming a parameter in the filter form.
fn parameter_label(parameter: &str) -> String {
    match parameter {
        "q" => "inbox-search-label".into(),
        "sort" => "inbox-sort".into(),
        other => format!("inbox-filter-{}", other.replace('_', "-")),
    }
}

/// What was wrong with the filters, in the caseworker's words.
fn filter_message(locale: Locale, problem: FilterError) -> String {
    match problem {
        FilterError::Value(parameter) => locale.t_with(
            "inbox-filter-error",
            &[("field", locale.t(&parameter_label(parameter)).into())],
        ),
        FilterError::Range => locale.t("inbox-filter-range"),
        FilterError::Cursor => locale.t("inbox-filter-cursor"),
        FilterError::Query(QueryError::TooLong) => locale.t_with(
            "inbox-search-too-long",
            &[("max", (QUERY_MAX_CHARS as u64).into())],
        ),
        FilterError::Query(QueryError::TooManyTerms) => locale.t_with(
            "inbox-search-too-many-terms",
            &[("max", (TERMS_MAX as u64).into())],
        ),
        FilterError::Query(QueryError::TermTooLong) => locale.t("inbox-search-term-too-long"),
    }
}

pub async fn inbox(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    request: Request,
) -> Page {
    let Some(session) = optional_session(&state, locale, request.headers()).await? else {
        if !has_flag(request.uri().query(), SIGNED_IN_MARKER) {
            let mut response = see_other(&locale.path("/staff/login"));
            response.headers_mut().insert(
                header::SET_COOKIE,
                session::clear_cookie(&state.config, Cookie::StaffSession),
            );
            return Err(response);
        }
        // Signed in a moment ago, yet no cookie came back: say why instead of looping.
        let mut notices = vec![locale.t("login-cookie-refused")];
        if cookies_cannot_work(&state, request.headers()) {
            notices.push(locale.t("login-plain-http"));
        }
        return Ok(login_response(
            &state,
            locale,
            request.headers(),
            StatusCode::OK,
            LoginPage {
                notices,
                ..LoginPage::default()
            },
        ));
    };
    let query = request.uri().query();
    if !session.may(Permission::WorkCases) && session.may(Permission::ReadAudit) {
        // An auditor's page is the audit log (they read no report).
        return Ok(see_other(&locale.path("/staff/audit")));
    }
    if !session.may(Permission::WorkCases) && session.may(Permission::WriteRegistry) {
        // A researcher's page is the registry (they read no report).
        return Ok(see_other(&locale.path("/staff/registry")));
    }
    if has_flag(query, SIGNED_IN_MARKER) {
        // The cookie came back: on to the plain address.
        return Ok(see_other(&locale.path("/staff/inbox")));
    }
    let notice = query_param(query, "changed")
        .and_then(|n| n.parse::<u64>().ok())
        .map(|n| locale.t_with("inbox-bulk-done", &[("count", n.into())]));
    let asked = inbox_request(query, INBOX_PAGE_DEFAULT);
    render(&state, locale, &session, &asked, notice, None).await
}

/// The inbox for `asked`; a filter that cannot be used is a 400 with the form kept and the
/// problem said, never an error page.
async fn render(
    state: &WebState,
    locale: Locale,
    session: &StaffSession,
    asked: &InboxRequest,
    notice: Option<String>,
    error: Option<String>,
) -> Page {
    let (page, error, status) = match state.app.case_list(session, asked).await {
        Ok(page) => {
            let status = if error.is_some() {
                StatusCode::BAD_REQUEST
            } else {
                StatusCode::OK
            };
            (Some(page), error, status)
        }
        Err(AppError::Filter(problem)) => (
            None,
            Some(filter_message(locale, problem)),
            StatusCode::BAD_REQUEST,
        ),
        Err(other) => return Err(app_error(state, locale)(other)),
    };
    let colleagues = state
        .app
        .list_staff(session)
        .await
        .map_err(app_error(state, locale))?;
    let teams = state
        .app
        .team_names(session)
        .await
        .map_err(app_error(state, locale))?;
    // Security review M7: a change to who receives new reports is shown to every recipient.
    let recipients_changed = state
        .app
        .recipients_changed_recently(session)
        .await
        .map_err(app_error(state, locale))?;
    Ok((
        status,
        view::inbox(
            locale,
            &StaffNav::of(session),
            &view::InboxView {
                page: page.as_ref(),
                request: asked,
                vocabulary: state.app.case_vocabulary(),
                colleagues: &colleagues,
                teams: &teams,
                notice,
                error,
            },
            recipients_changed.map(|day| day.to_string()),
        ),
    )
        .into_response())
}

/// The inbox's bulk form: assign, set a status, add a label, for the reports ticked; then back
/// to the same filters and page.
pub async fn bulk(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    request: Request,
) -> Page {
    let (session, form) = staff_form(&state, locale, request).await?;
    // The view the form was on, read again as filters (never a path: nothing else gets in).
    let back = form.one("back").ok().flatten().unwrap_or_default();
    let asked = inbox_request(Some(back), INBOX_PAGE_DEFAULT);
    let ids = form
        .all("ids")
        .iter()
        .map(|id| id.parse::<ReportId>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| error_page(&state, locale, PageError::NotFound))?;
    let change =
        case_change_from(&form, false).map_err(|error| error_page(&state, locale, error))?;
    let nothing_chosen =
        change.status.is_none() && change.assignee.is_none() && change.add_label.is_none();
    if ids.is_empty() || nothing_chosen {
        let message = locale.t("inbox-bulk-nothing");
        return render(&state, locale, &session, &asked, None, Some(message)).await;
    }
    match state.app.update_cases(&session, &ids, &change).await {
        Ok(changed) => {
            let mut query = inbox_query(&asked, asked.get("cursor"));
            if !query.is_empty() {
                query.push('&');
            }
            Ok(see_other(
                &locale.path(&format!("/staff/inbox?{query}changed={changed}")),
            ))
        }
        Err(error) => match case_rule_message(locale, &error) {
            Some(message) => render(&state, locale, &session, &asked, None, Some(message)).await,
            None => Err(app_error(&state, locale)(error)),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every parameter of the filter form has a label to name it in an error.
    #[test]
    fn every_parameter_has_a_label_in_every_locale() {
        for parameter in InboxRequest::PARAMETERS {
            if *parameter == "cursor" {
                continue;
            }
            let key = parameter_label(parameter);
            for locale in Locale::ALL {
                let text = locale.t(&key);
                assert_ne!(text, key, "{key} missing in {locale:?}");
            }
        }
    }
}
