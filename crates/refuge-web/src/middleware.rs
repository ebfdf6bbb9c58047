//! Layers that apply to every response: locale prefix, security headers, cross-site refusal,
//! and a request log that never records who is asking.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, Method, Response, header};
use axum::middleware::Next;
use axum::response::IntoResponse;

use crate::WebState;
use crate::error::PageError;
use crate::i18n::Locale;

/// Strips a leading locale segment (`/ug/report` → `/report`) and records the locale for the
/// handlers. Without one, the locale is negotiated from `Accept-Language`.
pub fn extract_locale(mut request: Request) -> Request {
    let path = request.uri().path();
    let mut segments = path.splitn(3, '/');
    let _ = segments.next();
    let first = segments.next().unwrap_or("");
    let locale = match Locale::from_tag(first) {
        Some(locale) => {
            let rest = segments
                .next()
                .map(|r| format!("/{r}"))
                .unwrap_or_else(|| "/".into());
            let new_path_and_query = match request.uri().query() {
                Some(query) => format!("{rest}?{query}"),
                None => rest,
            };
            if let Ok(uri) = new_path_and_query.parse() {
                *request.uri_mut() = uri;
            }
            locale
        }
        None => Locale::negotiate(
            request
                .headers()
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok()),
        ),
    };
    request.extensions_mut().insert(locale);
    request
}

pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
pub const PERMISSIONS_POLICY: &str = "accelerometer=(), autoplay=(), camera=(), clipboard-read=(), display-capture=(), encrypted-media=(), fullscreen=(), geolocation=(), gyroscope=(), hid=(), interest-cohort=(), magnetometer=(), microphone=(), midi=(), payment=(), publickey-credentials-get=(), screen-wake-lock=(), serial=(), usb=(), xr-spatial-tracking=()";

/// The header set of docs/security-model.md, on every response: pages, errors, assets, redirects.
pub async fn security_headers(
    State(state): State<WebState>,
    request: Request,
    next: Next,
) -> Response<Body> {
    let locale = request
        .extensions()
        .get::<Locale>()
        .copied()
        .unwrap_or(Locale::En);
    let mut response = next.run(request).await;
    if response.status() == axum::http::StatusCode::REQUEST_TIMEOUT
        && !response.headers().contains_key(header::CONTENT_TYPE)
    {
        response = PageError::Timeout.render(locale, &state.config);
    }
    let headers = response.headers_mut();
    let mut set = |name: HeaderName, value: &'static str| {
        headers
            .entry(name)
            .or_insert(HeaderValue::from_static(value));
    };
    set(header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY);
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(header::REFERRER_POLICY, "no-referrer");
    set(header::X_FRAME_OPTIONS, "DENY");
    set(
        HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    );
    set(
        HeaderName::from_static("cross-origin-resource-policy"),
        "same-origin",
    );
    set(
        HeaderName::from_static("permissions-policy"),
        PERMISSIONS_POLICY,
    );
    // SECURITY: nothing is cached, not even the stylesheet: a browser cache is evidence that
    // someone visited.
    set(header::CACHE_CONTROL, "no-store");
    response
}

/// Refuses state-changing requests that a browser marks as coming from another site. Forms
/// also carry a token (CSRF for staff, a signed form token for reporters).
pub async fn refuse_cross_site(
    State(state): State<WebState>,
    request: Request,
    next: Next,
) -> Response<Body> {
    let unsafe_method = !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if unsafe_method && is_cross_site(&request) {
        let locale = request
            .extensions()
            .get::<Locale>()
            .copied()
            .unwrap_or(Locale::En);
        return PageError::CrossSite
            .render(locale, &state.config)
            .into_response();
    }
    next.run(request).await
}

fn is_cross_site(request: &Request) -> bool {
    let headers = request.headers();
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return !matches!(site, "same-origin" | "none");
    }
    // Older browsers: compare Origin with Host. `null` is what a same-site form sends under
    // `Referrer-Policy: no-referrer`, so it cannot be told apart and is let through to the token check.
    match (
        headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()),
        headers.get(header::HOST).and_then(|v| v.to_str().ok()),
    ) {
        (Some("null") | None, _) => false,
        (Some(origin), Some(host)) => {
            let origin_host = origin.split("://").nth(1).unwrap_or("");
            origin_host != host
        }
        (Some(_), None) => true,
    }
}

/// Answers 408 when a request takes too long (a slow or stalled body included). Requests that
/// carry files get the longer upload limit: over Tor a 25 MB file can take minutes.
pub async fn time_limit(
    State(state): State<WebState>,
    request: Request,
    next: Next,
) -> Response<Body> {
    let limit = if crate::upload::multipart_boundary(request.headers()).is_some() {
        state.config.upload_timeout
    } else {
        state.config.request_timeout
    };
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => axum::http::StatusCode::REQUEST_TIMEOUT.into_response(),
    }
}

/// Logs method, route template, status and duration — never the client address, user agent,
/// query string or concrete path (which could hold an id).
///
/// SECURITY (security review H2): a line per request, stamped to the microsecond, would say
/// when each report and each follow-up arrived. Requests on reporters' routes (and requests no
/// route matched, which anyone can make) are only counted, and the counts are written once an
/// hour ([`flush_reporter_requests`]), in a fixed order: the log says how many, never when or
/// in what order. Staff routes are logged one by one.
pub async fn log_requests(
    State(_): State<WebState>,
    request: Request,
    next: Next,
) -> Response<Body> {
    let method = request.method().clone();
    let route = request
        .extensions()
        .get::<axum::extract::MatchedPath>()
        .map(|p| p.as_str().to_owned());
    let started = std::time::Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16();
    match route {
        // Load balancers ask every few seconds; it says nothing about anyone.
        Some(route) if route == "/healthz" => {}
        Some(route) if !is_reporter_route(method.as_str(), &route) => {
            let elapsed = started.elapsed();
            crate::metrics::record_staff_request(
                method.as_str(),
                &route,
                status,
                elapsed.as_secs_f64(),
            );
            tracing::info!(%method, route, status, ms = elapsed.as_millis() as u64, "request");
        }
        route => {
            let route = route.unwrap_or_else(|| "(unmatched)".into());
            count_reporter_request(format!("{method} {route} {status}"));
        }
    }
    response
}

/// Whether a request is counted rather than logged: everything but staff pages and the staff
/// API. Reporters' pages and API, and the stylesheet and icons every reporter page loads, say
/// when a reporter came by; an unknown method or path could be anyone's.
pub fn is_reporter_route(method: &str, route: &str) -> bool {
    let side = crate::routes::ROUTES
        .iter()
        .find(|(_, m, path)| *m == method && *path == route)
        .map(|(side, _, _)| *side);
    match side {
        Some(crate::routes::RouteSide::Staff) => false,
        Some(crate::routes::RouteSide::Api) => {
            route.starts_with("/api/v1/reporter/")
                || (method == "POST"
                    && (route == "/api/v1/reports" || route == "/api/v1/reports/token"))
        }
        Some(_) | None => true,
    }
}

/// Reporter requests since the last flush, by "METHOD route status".
static REPORTER_REQUESTS: std::sync::Mutex<std::collections::BTreeMap<String, u64>> =
    std::sync::Mutex::new(std::collections::BTreeMap::new());

#[cfg(test)]
pub(crate) fn count_reporter_request_for_test(key: &str) {
    count_reporter_request(key.to_owned());
}

fn count_reporter_request(key: String) {
    if let Ok(mut counts) = REPORTER_REQUESTS.lock() {
        *counts.entry(key).or_insert(0) += 1;
    }
}

/// Writes the reporter requests counted since the last call as one line, sorted by route, and
/// starts counting afresh. Nothing is written when there were none. The server calls it at the
/// top of every hour and when it stops.
pub fn flush_reporter_requests() {
    let counts = match REPORTER_REQUESTS.lock() {
        Ok(mut counts) => std::mem::take(&mut *counts),
        Err(_) => return,
    };
    if counts.is_empty() {
        return;
    }
    crate::metrics::add_reporter_hour(&counts);
    let summary = counts
        .iter()
        .map(|(key, n)| format!("{key} x{n}"))
        .collect::<Vec<_>>()
        .join("; ");
    tracing::info!(
        requests = summary,
        "reporter requests since the last summary"
    );
}

/// Draws error pages on staff routes as staff pages: without the reporters' quick exit, with
/// the way back to the inbox. Handlers render every error the same way; only the frame differs.
pub async fn staff_error_pages(request: Request, next: Next) -> Response<Body> {
    let path = request.uri().path();
    let staff = path.starts_with("/staff/")
        || path == "/staff"
        || path.starts_with("/setup/")
        || path.starts_with("/invite/");
    let locale = request
        .extensions()
        .get::<Locale>()
        .copied()
        .unwrap_or(Locale::En);
    let response = next.run(request).await;
    if !staff {
        return response;
    }
    match response.extensions().get::<crate::error::RenderedError>() {
        Some(rendered) => {
            let mut staff_page = rendered.0.render_for_staff(locale);
            // Keep what the handler set besides the page (a cleared cookie, say).
            for value in response.headers().get_all(header::SET_COOKIE) {
                staff_page
                    .headers_mut()
                    .append(header::SET_COOKIE, value.clone());
            }
            staff_page
        }
        None => response,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reporter_requests_are_counted_and_staff_requests_logged() {
        for (method, route) in [
            ("GET", "/report"),
            ("POST", "/report"),
            ("POST", "/followup"),
            ("GET", "/static/refuge.css"),
            ("POST", "/api/v1/reports"),
            ("POST", "/api/v1/reports/token"),
            ("POST", "/api/v1/reporter/session"),
            ("GET", "/api/v1/reporter/report"),
            ("PUT", "/report"),
        ] {
            assert!(is_reporter_route(method, route), "{method} {route}");
        }
        for (method, route) in [
            ("POST", "/staff/login"),
            ("GET", "/staff/reports/{id}"),
            ("GET", "/api/v1/reports"),
            ("GET", "/api/v1/reports/{id}"),
            ("POST", "/api/v1/staff/session"),
        ] {
            assert!(!is_reporter_route(method, route), "{method} {route}");
        }
    }
}
