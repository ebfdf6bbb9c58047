//! Every route, HTML and API side by side, and the layers around them.

use axum::Extension;
use axum::Router;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use tower::ServiceExt as _;

use crate::error::PageError;
use crate::handlers::{
    admin, audit, correlation, followup, inbox, referral, registry, reporter, staff, statistics,
    teams, two_factor,
};
use crate::i18n::Locale;
use crate::pages::layout;
use crate::{WebState, api, middleware};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RouteSide {
    Reporter,
    Staff,
    Api,
    Asset,
}

/// (side, method, path) of every route; tests walk this list (headers on every response, the
/// OpenAPI document covering every API route).
pub const ROUTES: &[(RouteSide, &str, &str)] = &[
    (RouteSide::Reporter, "GET", "/"),
    (RouteSide::Asset, "GET", "/healthz"),
    (RouteSide::Reporter, "GET", "/report"),
    (RouteSide::Reporter, "POST", "/report"),
    (RouteSide::Reporter, "POST", "/report/evidence"),
    (RouteSide::Reporter, "POST", "/report/receipt/hide"),
    (RouteSide::Reporter, "POST", "/report/addition"),
    (RouteSide::Reporter, "GET", "/evidence-key.pem"),
    (RouteSide::Reporter, "GET", "/followup"),
    (RouteSide::Reporter, "POST", "/followup"),
    (RouteSide::Reporter, "GET", "/followup/case"),
    (RouteSide::Reporter, "POST", "/followup/messages"),
    (RouteSide::Reporter, "POST", "/followup/messages/{id}/hide"),
    (RouteSide::Reporter, "POST", "/followup/files"),
    (RouteSide::Reporter, "POST", "/followup/evidence"),
    (RouteSide::Reporter, "POST", "/followup/leave"),
    (RouteSide::Reporter, "GET", "/followup/signed-out"),
    (RouteSide::Staff, "GET", "/staff/login"),
    (RouteSide::Staff, "POST", "/staff/login"),
    (RouteSide::Staff, "POST", "/staff/logout"),
    (RouteSide::Staff, "GET", "/staff/login/code"),
    (RouteSide::Staff, "POST", "/staff/login/code"),
    (RouteSide::Staff, "GET", "/staff/account/two-factor"),
    (RouteSide::Staff, "POST", "/staff/account/two-factor"),
    (
        RouteSide::Staff,
        "POST",
        "/staff/account/two-factor/confirm",
    ),
    (RouteSide::Staff, "POST", "/staff/account/two-factor/remove"),
    (
        RouteSide::Staff,
        "POST",
        "/staff/admin/staff/{id}/reset-two-factor",
    ),
    (RouteSide::Staff, "GET", "/staff/inbox"),
    (RouteSide::Staff, "GET", "/staff/reports/{id}"),
    (RouteSide::Staff, "POST", "/staff/reports/{id}/grant"),
    (RouteSide::Staff, "POST", "/staff/reports/{id}/case"),
    (RouteSide::Staff, "POST", "/staff/reports/{id}/notes"),
    (RouteSide::Staff, "POST", "/staff/reports/{id}/notes/{note}"),
    (RouteSide::Staff, "POST", "/staff/inbox/bulk"),
    (RouteSide::Staff, "POST", "/staff/reports/{id}/identifiers"),
    (
        RouteSide::Staff,
        "POST",
        "/staff/reports/{id}/identifiers/remove",
    ),
    (RouteSide::Staff, "GET", "/staff/identifiers"),
    (RouteSide::Staff, "POST", "/staff/identifiers"),
    (RouteSide::Staff, "GET", "/staff/correlation"),
    (RouteSide::Staff, "POST", "/staff/reports/{id}/referrals"),
    (RouteSide::Staff, "GET", "/staff/admin/partners"),
    (RouteSide::Staff, "POST", "/staff/admin/partners"),
    (
        RouteSide::Staff,
        "POST",
        "/staff/admin/partners/{id}/remove",
    ),
    (RouteSide::Reporter, "POST", "/followup/consent"),
    (RouteSide::Staff, "POST", "/staff/reports/{id}/messages"),
    (RouteSide::Staff, "GET", "/staff/reports/{id}/files/{file}"),
    (RouteSide::Staff, "GET", "/staff/admin/staff"),
    (RouteSide::Staff, "POST", "/staff/admin/invitations"),
    (
        RouteSide::Staff,
        "POST",
        "/staff/admin/invitations/{username}/withdraw",
    ),
    (RouteSide::Staff, "GET", "/staff/recipients"),
    (RouteSide::Staff, "GET", "/staff/audit"),
    (RouteSide::Staff, "GET", "/staff/audit.csv"),
    (RouteSide::Staff, "POST", "/staff/audit/checkpoint"),
    (RouteSide::Staff, "GET", "/staff/admin/teams"),
    (RouteSide::Staff, "POST", "/staff/admin/teams"),
    (RouteSide::Staff, "POST", "/staff/admin/teams/{name}"),
    (RouteSide::Staff, "POST", "/staff/admin/teams/{name}/delete"),
    (RouteSide::Staff, "GET", "/staff/admin/routing"),
    (RouteSide::Staff, "POST", "/staff/admin/routing"),
    (RouteSide::Staff, "GET", "/staff/admin/recovery-key"),
    (RouteSide::Staff, "POST", "/staff/admin/recovery-key"),
    (
        RouteSide::Staff,
        "POST",
        "/staff/admin/staff/{id}/grant-all",
    ),
    (RouteSide::Staff, "GET", "/staff/admin/staff/{id}/disable"),
    (RouteSide::Staff, "POST", "/staff/admin/staff/{id}/disable"),
    (RouteSide::Staff, "POST", "/staff/admin/staff/{id}/enable"),
    (RouteSide::Staff, "GET", "/staff/account"),
    (RouteSide::Staff, "POST", "/staff/account/password"),
    (
        RouteSide::Staff,
        "POST",
        "/staff/account/sessions/{handle}/end",
    ),
    (RouteSide::Staff, "GET", "/invite/{token}"),
    (RouteSide::Staff, "POST", "/invite/{token}"),
    (RouteSide::Staff, "GET", "/setup/{token}"),
    (RouteSide::Staff, "POST", "/setup/{token}"),
    (RouteSide::Api, "POST", "/api/v1/reports"),
    (RouteSide::Api, "POST", "/api/v1/reports/token"),
    (RouteSide::Api, "GET", "/api/v1/reports"),
    (RouteSide::Api, "GET", "/api/v1/reports/{id}"),
    (RouteSide::Api, "PATCH", "/api/v1/reports/{id}"),
    (RouteSide::Api, "POST", "/api/v1/reports/bulk"),
    (RouteSide::Api, "POST", "/api/v1/reports/{id}/notes"),
    (RouteSide::Api, "GET", "/api/v1/identifiers"),
    (RouteSide::Api, "GET", "/api/v1/correlation/clusters"),
    (RouteSide::Api, "GET", "/api/v1/correlation/status"),
    (RouteSide::Api, "POST", "/api/v1/reports/{id}/referrals"),
    (RouteSide::Api, "GET", "/api/v1/admin/partners"),
    (RouteSide::Api, "POST", "/api/v1/admin/partners"),
    (RouteSide::Api, "DELETE", "/api/v1/admin/partners/{id}"),
    (RouteSide::Api, "PUT", "/api/v1/reporter/consent"),
    (RouteSide::Api, "GET", "/api/v1/admin/teams"),
    (RouteSide::Api, "POST", "/api/v1/admin/teams"),
    (RouteSide::Api, "PUT", "/api/v1/admin/teams/{name}"),
    (RouteSide::Api, "DELETE", "/api/v1/admin/teams/{name}"),
    (RouteSide::Api, "GET", "/api/v1/admin/routing"),
    (RouteSide::Api, "PUT", "/api/v1/admin/routing"),
    (
        RouteSide::Api,
        "PUT",
        "/api/v1/reports/{id}/notes/{note_id}",
    ),
    (RouteSide::Api, "POST", "/api/v1/reports/{id}/messages"),
    (
        RouteSide::Api,
        "GET",
        "/api/v1/reports/{id}/files/{file_id}",
    ),
    (RouteSide::Api, "POST", "/api/v1/reporter/files"),
    (RouteSide::Api, "POST", "/api/v1/staff/session"),
    (RouteSide::Api, "DELETE", "/api/v1/staff/session"),
    (RouteSide::Api, "POST", "/api/v1/staff/totp"),
    (RouteSide::Api, "POST", "/api/v1/staff/totp/confirm"),
    (RouteSide::Api, "POST", "/api/v1/reporter/session"),
    (RouteSide::Api, "GET", "/api/v1/reporter/report"),
    (RouteSide::Api, "POST", "/api/v1/reporter/messages"),
    (RouteSide::Api, "DELETE", "/api/v1/reporter/messages/{id}"),
    (RouteSide::Api, "GET", "/api/v1/audit"),
    (RouteSide::Api, "GET", "/api/v1/audit.csv"),
    (RouteSide::Api, "POST", "/api/v1/audit/checkpoint"),
    (RouteSide::Staff, "GET", "/staff/registry"),
    (RouteSide::Staff, "POST", "/staff/registry"),
    (RouteSide::Staff, "GET", "/staff/registry/new"),
    (RouteSide::Staff, "GET", "/staff/registry/sources"),
    (RouteSide::Staff, "POST", "/staff/registry/sources"),
    (RouteSide::Staff, "GET", "/staff/registry/sources/{id}"),
    (
        RouteSide::Staff,
        "GET",
        "/staff/registry/sources/{id}/archive",
    ),
    (
        RouteSide::Staff,
        "POST",
        "/staff/registry/sources/{id}/archive",
    ),
    (RouteSide::Staff, "GET", "/staff/registry/{id}"),
    (RouteSide::Staff, "POST", "/staff/registry/{id}"),
    (RouteSide::Staff, "POST", "/staff/registry/{id}/publish"),
    (RouteSide::Staff, "POST", "/staff/registry/{id}/withdraw"),
    (RouteSide::Reporter, "GET", "/statistics"),
    (RouteSide::Reporter, "GET", "/statistics/tables"),
    (RouteSide::Reporter, "GET", "/statistics.csv"),
    (RouteSide::Staff, "GET", "/staff/statistics"),
    (RouteSide::Staff, "POST", "/staff/statistics"),
    (RouteSide::Api, "GET", "/api/v1/statistics"),
    (RouteSide::Api, "GET", "/api/v1/statistics/releases"),
    (RouteSide::Api, "POST", "/api/v1/statistics/releases"),
    (RouteSide::Reporter, "GET", "/registry"),
    (RouteSide::Reporter, "GET", "/registry/{id}"),
    (RouteSide::Reporter, "GET", "/registry.csv"),
    (RouteSide::Reporter, "GET", "/registry.json"),
    (RouteSide::Api, "GET", "/api/v1/registry/entries"),
    (RouteSide::Api, "POST", "/api/v1/registry/entries"),
    (RouteSide::Api, "GET", "/api/v1/registry/entries/{id}"),
    (RouteSide::Api, "PUT", "/api/v1/registry/entries/{id}"),
    (
        RouteSide::Api,
        "POST",
        "/api/v1/registry/entries/{id}/publish",
    ),
    (
        RouteSide::Api,
        "POST",
        "/api/v1/registry/entries/{id}/withdraw",
    ),
    (RouteSide::Api, "GET", "/api/v1/registry/drafts"),
    (RouteSide::Api, "GET", "/api/v1/registry/drafts/{id}"),
    (RouteSide::Api, "GET", "/api/v1/registry/sources"),
    (RouteSide::Api, "POST", "/api/v1/registry/sources"),
    (
        RouteSide::Api,
        "GET",
        "/api/v1/registry/sources/{id}/archive",
    ),
    (
        RouteSide::Api,
        "POST",
        "/api/v1/registry/sources/{id}/archive",
    ),
    (RouteSide::Api, "GET", "/api/v1/openapi.json"),
    (RouteSide::Asset, "GET", "/static/refuge.css"),
    (RouteSide::Asset, "GET", "/static/icon.svg"),
];

fn router(state: WebState) -> Router {
    let api = Router::new()
        .route("/reports", post(api::submit_report).get(api::list_reports))
        .route("/reports/token", post(api::report_token))
        .route("/reports/bulk", post(api::bulk_update))
        .route(
            "/reports/{id}",
            get(api::get_report).patch(api::patch_report),
        )
        .route("/reports/{id}/messages", post(api::staff_message))
        .route("/identifiers", get(api::correlation::look_up))
        .route("/correlation/clusters", get(api::correlation::clusters))
        .route("/correlation/status", get(api::correlation::status))
        .route("/reports/{id}/referrals", post(api::referral::refer))
        .route(
            "/admin/partners",
            get(api::referral::partners).post(api::referral::add_partner),
        )
        .route(
            "/admin/partners/{id}",
            axum::routing::delete(api::referral::remove_partner),
        )
        .route(
            "/reporter/consent",
            axum::routing::put(api::referral::change_consent),
        )
        .route("/reports/{id}/notes", post(api::add_note))
        .route("/admin/teams", get(api::list_teams).post(api::create_team))
        .route(
            "/admin/teams/{name}",
            axum::routing::put(api::update_team).delete(api::delete_team),
        )
        .route(
            "/admin/routing",
            get(api::get_routing).put(api::put_routing),
        )
        .route(
            "/reports/{id}/notes/{note_id}",
            axum::routing::put(api::edit_note),
        )
        .route("/reports/{id}/files/{file_id}", get(api::get_file))
        .route("/reporter/files", post(api::reporter_files))
        .route(
            "/staff/session",
            post(api::staff_session).delete(api::end_staff_session),
        )
        .route("/staff/totp", post(api::begin_totp))
        .route("/staff/totp/confirm", post(api::confirm_totp))
        .route("/reporter/session", post(api::reporter_session))
        .route("/reporter/report", get(api::reporter_report))
        .route("/reporter/messages", post(api::reporter_message))
        .route(
            "/reporter/messages/{id}",
            axum::routing::delete(api::reporter_hide_message),
        )
        .route("/audit", get(audit::api_list))
        .route("/audit.csv", get(audit::api_csv))
        .route("/audit/checkpoint", post(audit::api_checkpoint))
        .route(
            "/registry/entries",
            get(api::registry::list).post(api::registry::create),
        )
        .route(
            "/registry/entries/{id}",
            get(api::registry::entry).put(api::registry::revise),
        )
        .route(
            "/registry/entries/{id}/publish",
            post(api::registry::publish),
        )
        .route(
            "/registry/entries/{id}/withdraw",
            post(api::registry::withdraw),
        )
        .route("/registry/drafts", get(api::registry::drafts))
        .route("/registry/drafts/{id}", get(api::registry::draft))
        .route(
            "/registry/sources",
            get(api::registry::sources).post(api::registry::add_source),
        )
        .route(
            "/registry/sources/{id}/archive",
            get(api::registry::download_archive).post(api::registry::archive_source),
        )
        .route("/statistics", get(api::statistics::get))
        .route(
            "/statistics/releases",
            get(api::statistics::releases).post(api::statistics::make),
        )
        .route("/openapi.json", get(api::openapi))
        .fallback(api::not_found)
        .method_not_allowed_fallback(api::method_not_allowed);

    Router::new()
        .route("/", get(reporter::landing))
        .route(
            "/report",
            get(reporter::report_form).post(reporter::submit_report),
        )
        .route(
            "/followup",
            get(followup::sign_in_page).post(followup::sign_in),
        )
        .route("/followup/case", get(followup::case))
        .route("/followup/messages", post(followup::send_message))
        .route("/followup/messages/{id}/hide", post(followup::hide_message))
        .route("/followup/leave", post(followup::leave))
        .route("/followup/signed-out", get(followup::signed_out))
        .route("/followup/files", post(followup::add_files))
        .route("/followup/evidence", post(followup::evidence))
        .route("/report/evidence", post(reporter::evidence_for_form))
        .route("/report/receipt/hide", post(reporter::hide_receipt))
        .route("/report/addition", post(reporter::add_to_sent_report))
        .route("/evidence-key.pem", get(reporter::evidence_key))
        .route("/staff/login", get(staff::login_page).post(staff::log_in))
        .route(
            "/staff/login/code",
            get(two_factor::code_page).post(two_factor::submit_code),
        )
        .route("/staff/logout", post(staff::log_out))
        .route(
            "/staff/account/two-factor",
            get(two_factor::page).post(two_factor::begin),
        )
        .route(
            "/staff/account/two-factor/confirm",
            post(two_factor::confirm),
        )
        .route("/staff/account/two-factor/remove", post(two_factor::remove))
        .route(
            "/staff/admin/staff/{id}/reset-two-factor",
            post(two_factor::reset),
        )
        .route("/staff/inbox", get(inbox::inbox))
        .route("/staff/reports/{id}", get(staff::report))
        .route("/staff/reports/{id}/grant", post(staff::grant))
        .route("/staff/reports/{id}/case", post(staff::update_case))
        .route("/staff/reports/{id}/notes", post(staff::add_note))
        .route("/staff/reports/{id}/notes/{note}", post(staff::edit_note))
        .route("/staff/inbox/bulk", post(inbox::bulk))
        .route(
            "/staff/reports/{id}/identifiers",
            post(correlation::add_identifier),
        )
        .route(
            "/staff/reports/{id}/identifiers/remove",
            post(correlation::remove_identifier),
        )
        .route(
            "/staff/identifiers",
            get(correlation::lookup_page).post(correlation::lookup),
        )
        .route("/staff/correlation", get(correlation::clusters))
        .route("/staff/reports/{id}/referrals", post(referral::refer))
        .route(
            "/staff/admin/partners",
            get(referral::partners_page).post(referral::add_partner),
        )
        .route(
            "/staff/admin/partners/{id}/remove",
            post(referral::remove_partner),
        )
        .route("/followup/consent", post(referral::change_consent))
        .route("/staff/reports/{id}/messages", post(staff::send_message))
        .route(
            "/staff/reports/{id}/files/{file}",
            get(staff::download_file),
        )
        .route("/staff/admin/staff", get(admin::staff_list))
        .route("/staff/admin/invitations", post(admin::invite))
        .route(
            "/staff/admin/invitations/{username}/withdraw",
            post(admin::withdraw_invitation),
        )
        .route("/staff/recipients", get(admin::recipients))
        .route("/staff/audit", get(audit::page))
        .route("/staff/audit.csv", get(audit::csv))
        .route("/staff/audit/checkpoint", post(audit::checkpoint))
        .route(
            "/staff/admin/teams",
            get(teams::teams).post(teams::create_team),
        )
        .route("/staff/admin/teams/{name}", post(teams::update_team))
        .route("/staff/admin/teams/{name}/delete", post(teams::delete_team))
        .route(
            "/staff/admin/routing",
            get(teams::routing).post(teams::save_routing),
        )
        .route(
            "/staff/admin/recovery-key",
            get(teams::recovery_key).post(teams::new_recovery_key),
        )
        .route("/staff/admin/staff/{id}/grant-all", post(admin::grant_all))
        .route(
            "/staff/admin/staff/{id}/disable",
            get(admin::confirm_disable).post(admin::disable),
        )
        .route("/staff/admin/staff/{id}/enable", post(admin::enable))
        .route("/staff/account", get(admin::account_page))
        .route("/staff/account/password", post(admin::change_password))
        .route(
            "/staff/account/sessions/{handle}/end",
            post(admin::end_session),
        )
        .route(
            "/invite/{token}",
            get(staff::invitation_page).post(staff::accept_invitation),
        )
        .route(
            "/setup/{token}",
            get(staff::setup_page).post(staff::complete_setup),
        )
        .route(
            "/staff/registry",
            get(registry::workbench).post(registry::create),
        )
        .route("/staff/registry/new", get(registry::new_entry))
        .route(
            "/staff/registry/sources",
            get(registry::sources_page).post(registry::add_source),
        )
        .route("/staff/registry/sources/{id}", get(registry::source_page))
        .route(
            "/staff/registry/sources/{id}/archive",
            get(registry::download_archive).post(registry::archive_source),
        )
        .route(
            "/staff/registry/{id}",
            get(registry::edit).post(registry::revise),
        )
        .route("/staff/registry/{id}/publish", post(registry::publish))
        .route("/staff/registry/{id}/withdraw", post(registry::withdraw))
        .route("/statistics", get(statistics::page_handler))
        .route("/statistics/tables", get(statistics::tables))
        .route("/statistics.csv", get(statistics::csv))
        .route(
            "/staff/statistics",
            get(statistics::staff_page).post(statistics::make_release),
        )
        .route("/registry", get(registry::list))
        .route("/registry/{id}", get(registry::entry))
        .route("/registry.csv", get(registry::csv))
        .route("/registry.json", get(registry::json))
        .route("/static/refuge.css", get(stylesheet))
        .route("/healthz", get(crate::metrics::healthz))
        .route("/static/icon.svg", get(icon))
        .nest("/api/v1", api)
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::refuse_cross_site,
        ))
        .layer(axum::middleware::from_fn(middleware::staff_error_pages))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::log_requests,
        ))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(panic_page))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::time_limit,
        ))
        // SECURITY: one shared limit for the whole server (not per route), so bodies in memory are
        // at most max_concurrent_requests × max_body_bytes.
        .layer(tower::limit::GlobalConcurrencyLimitLayer::new(
            state.config.max_concurrent_requests,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::security_headers,
        ))
        .with_state(state)
}

/// The whole application as one router: the locale prefix is stripped before routing.
pub fn app(state: WebState) -> Router {
    let inner = router(state);
    Router::new().fallback_service(tower::service_fn(move |request: Request| {
        let inner = inner.clone();
        async move { inner.oneshot(middleware::extract_locale(request)).await }
    }))
}

/// What `axum::serve` runs.
pub fn service(state: WebState) -> axum::routing::IntoMakeService<Router> {
    app(state).into_make_service()
}

async fn stylesheet() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        layout::STYLESHEET,
    )
        .into_response()
}

async fn icon() -> Response {
    ([(header::CONTENT_TYPE, "image/svg+xml")], layout::ICON).into_response()
}

async fn not_found(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
) -> Response {
    PageError::NotFound.render(locale, &state.config)
}

async fn method_not_allowed(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
) -> Response {
    PageError::MethodNotAllowed.render(locale, &state.config)
}

fn panic_page(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let id = crate::error::log_internal("a handler panicked");
    let message = Locale::En.t_with("error-generic", &[("request", id.into())]);
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        layout::error_page(Locale::En, "https://www.wikipedia.org/", &message),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    /// The `(method, path)` pairs a piece of this file's `router` registers, read from its text.
    fn registered(code: &str, prefix: &str) -> BTreeSet<(String, String)> {
        let mut found = BTreeSet::new();
        for call in code.split(".route(").skip(1) {
            let Some(path) = call.split('"').nth(1) else {
                continue;
            };
            // The call's arguments end where its parentheses close.
            let mut depth = 1;
            let mut end = call.len();
            for (index, c) in call.char_indices() {
                match c {
                    '(' => depth += 1,
                    ')' => {
                        depth -= 1;
                        if depth == 0 {
                            end = index;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            let arguments = &call[..end];
            for method in ["get", "post", "put", "patch", "delete"] {
                let plain = format!("{method}(");
                let routed = format!("routing::{method}(");
                if arguments.contains(&format!(" {plain}"))
                    || arguments.contains(&format!("({plain}"))
                    || arguments.contains(&format!(".{plain}"))
                    || arguments.contains(&routed)
                {
                    found.insert((method.to_uppercase(), format!("{prefix}{path}")));
                }
            }
        }
        found
    }

    /// Security review I3: the list the header and OpenAPI tests walk is the router's own.
    #[test]
    fn the_route_list_is_every_route_of_the_router() {
        let source = include_str!("routes.rs");
        let body = &source[source.find("fn router(").expect("router")
            ..source
                .find("/// The whole application as one router")
                .expect("end")];
        let api_start = body.find("let api = Router::new()").expect("api router");
        let api_end = api_start + body[api_start..].find(';').expect("api end");
        let mut routes = registered(&body[api_start..api_end], "/api/v1");
        routes.extend(registered(&body[api_end..], ""));
        assert!(routes.len() > 40, "the router's text was read: {routes:?}");
        let listed: BTreeSet<(String, String)> = super::ROUTES
            .iter()
            .map(|(_, method, path)| (method.to_string(), path.to_string()))
            .collect();
        assert_eq!(
            routes.difference(&listed).collect::<Vec<_>>(),
            Vec::<&(String, String)>::new(),
            "routes missing from ROUTES"
        );
        assert_eq!(
            listed.difference(&routes).collect::<Vec<_>>(),
            Vec::<&(String, String)>::new(),
            "ROUTES entries the router does not have"
        );
    }
}
