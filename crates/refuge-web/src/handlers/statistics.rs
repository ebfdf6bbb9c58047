//! Public statistics (`/statistics`, `/statistics/tables`, `/statistics.csv`) and the
//! researchers' page that makes a release (`/staff/statistics`).

use axum::Extension;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::html;
use refuge_app::AppError;
use refuge_app::statistics::{epsilon_spent, release_csv};
use refuge_domain::Permission;
use refuge_domain::calendar::YearMonth;
use refuge_domain::ports::StoredRelease;
use refuge_domain::statistics::{ONE_WAY, TWO_WAY};

use super::staff::{require_session, staff_form};
use super::{Page, app_error, error_page, query_param, see_other};
use crate::WebState;
use crate::error::PageError;
use crate::i18n::Locale;
use crate::pages::layout::{Audience, page};
use crate::pages::statistics::{self as view, month_label};
use crate::session::StaffNav;

/// The position of the release `release=` names (an id, or `latest` / nothing for the
/// newest); `Ok(None)` when none is published yet, `Err` for an id that names none.
pub fn chosen(releases: &[StoredRelease], asked: Option<&str>) -> Result<Option<usize>, ()> {
    match asked.map(str::trim) {
        None | Some("") | Some("latest") => Ok(releases.len().checked_sub(1)),
        Some(id) => releases
            .iter()
            .position(|r| r.id.to_string() == id)
            .map(Some)
            .ok_or(()),
    }
}

/// Whether `by` names a table of a release.
pub fn known_table(by: &str) -> bool {
    ONE_WAY.contains(&by) || TWO_WAY.iter().any(|(name, _, _)| *name == by)
}

/// Every release, and the position of the one the query's `release=` names (`None`: none
/// published yet); an id that names no release is a 404 page.
async fn releases_and_choice(
    state: &WebState,
    locale: Locale,
    query: Option<&str>,
) -> Result<(Vec<StoredRelease>, Option<usize>), Response> {
    let releases = state
        .app
        .statistics_releases()
        .await
        .map_err(app_error(state, locale))?;
    let position = chosen(&releases, query_param(query, "release").as_deref())
        .map_err(|()| error_page(state, locale, PageError::NotFound))?;
    Ok((releases, position))
}

/// `GET /statistics`.
pub async fn page_handler(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    request: Request,
) -> Page {
    let (releases, position) = releases_and_choice(&state, locale, request.uri().query()).await?;
    let release = position.map(|i| &releases[i]);
    Ok(view::statistics_page(
        locale,
        &state.config.quick_exit_url,
        &releases,
        release,
        state.app.statistics_rules(),
        epsilon_spent(&releases),
    )
    .into_response())
}

/// `GET /statistics/tables`.
pub async fn tables(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    request: Request,
) -> Page {
    let (releases, position) = releases_and_choice(&state, locale, request.uri().query()).await?;
    let release =
        &releases[position.ok_or_else(|| error_page(&state, locale, PageError::NotFound))?];
    Ok(view::tables_page(locale, &state.config.quick_exit_url, &releases, release).into_response())
}

/// `GET /statistics.csv?release=…&by=…`.
pub async fn csv(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    request: Request,
) -> Page {
    let query = request.uri().query();
    let (releases, position) = releases_and_choice(&state, locale, query).await?;
    let release =
        &releases[position.ok_or_else(|| error_page(&state, locale, PageError::NotFound))?];
    let by = query_param(query, "by").filter(|b| !b.is_empty());
    if by.as_deref().is_some_and(|b| !known_table(b)) {
        return Err(error_page(&state, locale, PageError::BadRequest));
    }
    let body = release_csv(release, by.as_deref()).map_err(app_error(&state, locale))?;
    let mut response = Body::from(body).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    Ok(response)
}

/// `GET /staff/statistics`: the releases, and the form that makes the next one.
pub async fn staff_page(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    request: Request,
) -> Page {
    let session = require_session(&state, locale, request.headers()).await?;
    session
        .require(Permission::ReleaseStatistics)
        .map_err(app_error(&state, locale))?;
    let notice = (query_param(request.uri().query(), "done").as_deref() == Some("released"))
        .then(|| locale.t("statistics-released-notice"));
    staff_answer(
        &state,
        locale,
        &session,
        notice,
        None,
        String::new(),
        StatusCode::OK,
    )
    .await
}

async fn staff_answer(
    state: &WebState,
    locale: Locale,
    session: &refuge_app::sessions::StaffSession,
    notice: Option<String>,
    error: Option<String>,
    typed: String,
    status: StatusCode,
) -> Page {
    let releases = state
        .app
        .statistics_releases()
        .await
        .map_err(app_error(state, locale))?;
    let nav = StaffNav::of(session);
    let title = locale.t("statistics-staff-title");
    let markup = page(
        locale,
        &title,
        Audience::Staff(Some(&nav)),
        html! {
            h1 { (title) }
            @if let Some(notice) = notice { p.notice role="status" { (notice) } }
            p.hint { (locale.t("statistics-staff-hint")) }
            form method="post" action=(locale.path("/staff/statistics")) {
                input type="hidden" name="csrf" value=(nav.csrf);
                div.field.has-error[error.is_some()] {
                    label for="through" { (locale.t("statistics-through")) }
                    p.hint { (locale.t("statistics-through-hint")) }
                    @if let Some(error) = &error { p.error role="alert" { (error) } }
                    input type="text" name="through" id="through" value=(typed) placeholder="YYYY-MM" dir="ltr" maxlength="7";
                }
                button type="submit" { (locale.t("statistics-release-button")) }
            }
            h2 { (locale.t("statistics-releases")) }
            @if releases.is_empty() { p { (locale.t("statistics-none-yet")) } }
            ul {
                @for r in releases.iter().rev() {
                    li { a href=(locale.path(&format!("/statistics?release={}", r.id))) { (month_label(locale, &r.body.from)) " – " (month_label(locale, &r.body.through)) } " · " (r.body.made.to_string()) }
                }
            }
        },
    );
    Ok((status, markup).into_response())
}

/// `POST /staff/statistics`.
pub async fn make_release(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    request: Request,
) -> Page {
    let (session, form) = staff_form(&state, locale, request).await?;
    let typed = form
        .text("through")
        .map_err(|e| error_page(&state, locale, e))?;
    let through = match typed.trim() {
        "" => None,
        text => match YearMonth::parse(text) {
            Some(month) => Some(month),
            None => {
                let error = locale.t("statistics-through-invalid");
                return staff_answer(
                    &state,
                    locale,
                    &session,
                    None,
                    Some(error),
                    typed,
                    StatusCode::BAD_REQUEST,
                )
                .await;
            }
        },
    };
    match state.app.make_release(&session, through).await {
        Ok(_) => Ok(see_other(&locale.path("/staff/statistics?done=released"))),
        Err(AppError::Release(refusal)) => {
            let error = locale.t(&format!("statistics-refused-{}", refusal.code()));
            staff_answer(
                &state,
                locale,
                &session,
                None,
                Some(error),
                typed,
                StatusCode::BAD_REQUEST,
            )
            .await
        }
        Err(other) => Err(app_error(&state, locale)(other)),
    }
}
