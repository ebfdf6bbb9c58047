//! Thin handlers: extract, call one use case, render. HTML side here; JSON side in `api`.

// The `Err` of a page handler is the response itself (an error page or a redirect), built at
// most once per request; boxing it would only add an allocation.
#![allow(clippy::result_large_err)]

pub mod admin;
pub mod audit;
pub mod correlation;
pub mod followup;
pub mod inbox;
pub mod referral;
pub mod registry;
pub mod reporter;
pub mod staff;
pub mod statistics;
pub mod teams;
pub mod two_factor;

use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use refuge_app::AppError;

use crate::WebState;
use crate::body::{self, FormData};
use crate::error::PageError;
use crate::i18n::Locale;
use crate::session;

/// What a page handler returns: the page, or an error page or redirect, so `?` works throughout.
pub type Page = Result<Response, Response>;

/// The localized error page for `error`.
pub fn error_page(state: &WebState, locale: Locale, error: impl Into<PageError>) -> Response {
    error.into().render(locale, &state.config)
}

/// Turns a use-case error into its error page, for `.map_err(app_error(..))?`.
pub fn app_error(state: &WebState, locale: Locale) -> impl Fn(AppError) -> Response + '_ {
    move |error| error_page(state, locale, PageError::from_app(error))
}

/// A download: always an attachment, never sniffed or rendered (docs/security-model.md). `name` is shown
/// by the browser as the file's name; it is sent as RFC 6266 `filename*` (UTF-8) with an ASCII
/// fallback.
pub fn attachment(name: &str, body: Body) -> Response {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded = percent_encoding::utf8_percent_encode(name, percent_encoding::NON_ALPHANUMERIC);
    let disposition = format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}");
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/octet-stream"),
    );
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(DOWNLOAD_CONTENT_SECURITY_POLICY),
    );
    response
}

/// A body read from a blocking stream (a decrypting reader) 64 KiB at a time, on the blocking
/// pool, with at most a few chunks in flight: a large download never sits whole in memory.
pub fn stream_body(mut content: Box<dyn std::io::Read + Send>) -> Body {
    let (sender, receiver) = tokio::sync::mpsc::channel::<Result<Vec<u8>, std::io::Error>>(4);
    tokio::task::spawn_blocking(move || {
        loop {
            let mut chunk = vec![0u8; 64 * 1024];
            let read = match content.read(&mut chunk) {
                Ok(0) => return,
                Ok(read) => read,
                Err(error) => {
                    let _ = sender.blocking_send(Err(error));
                    return;
                }
            };
            chunk.truncate(read);
            if sender.blocking_send(Ok(chunk)).is_err() {
                return;
            }
        }
    });
    let stream = futures_util::stream::unfold(receiver, |mut receiver| async move {
        receiver.recv().await.map(|item| (item, receiver))
    });
    Body::from_stream(stream)
}

/// The usual policy plus `sandbox`: even if a browser rendered a download, it could run nothing.
pub const DOWNLOAD_CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'; sandbox";

/// 303 See Other to a path of ours (POST/redirect/GET).
pub fn see_other(path: &str) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(location) = HeaderValue::from_str(path) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    response
}

/// A query parameter of a staff page (never used on reporter routes).
pub fn query_param(query: Option<&str>, name: &str) -> Option<String> {
    query_pairs(query)
        .into_iter()
        .find_map(|(key, value)| (key == name).then_some(value))
}

/// A parameter that may be given at most once: `Err` when it is repeated (an address that says
/// two things is refused, not read half).
pub fn single_param(query: Option<&str>, name: &str) -> Result<Option<String>, ()> {
    let mut values = query_pairs(query)
        .into_iter()
        .filter(|(key, _)| key == name)
        .map(|(_, value)| value);
    let first = values.next();
    if values.next().is_some() {
        return Err(());
    }
    Ok(first)
}

/// The decoded pairs of a query string, as a GET form writes them (`+` is a space).
pub fn query_pairs(query: Option<&str>) -> Vec<(String, String)> {
    let decode = |text: &str| {
        percent_encoding::percent_decode_str(&text.replace('+', " "))
            .decode_utf8_lossy()
            .into_owned()
    };
    query
        .unwrap_or_default()
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| match pair.split_once('=') {
            Some((key, value)) => (decode(key), decode(value)),
            None => (decode(pair), String::new()),
        })
        .collect()
}

/// The inbox request a query string asks for (see `refuge_app::inbox::InboxRequest`).
pub fn inbox_request(query: Option<&str>, limit: u32) -> refuge_app::inbox::InboxRequest {
    let mut request = refuge_app::inbox::InboxRequest::new(limit);
    for (name, value) in query_pairs(query) {
        request.set(&name, &value);
    }
    request
}

/// Whether a query string carries a bare flag (`?signed-in`).
pub fn has_flag(query: Option<&str>, flag: &str) -> bool {
    query.is_some_and(|q| q.split('&').any(|part| part == flag))
}

/// Reads and decodes a form body; any failure (too large, not UTF-8, malformed) becomes the
/// localized error page.
pub async fn read_form(state: &WebState, locale: Locale, body: Body) -> Result<FormData, Response> {
    let fail = |error: body::BodyError| error_page(state, locale, error);
    let bytes = body::read(body, state.config.max_body_bytes)
        .await
        .map_err(fail)?;
    FormData::parse(&bytes).map_err(fail)
}

/// Reads a form posted by a signed-in user and checks its hidden `csrf` field with `matches`
/// (staff and reporter sessions each hold their own token).
pub async fn read_checked_form(
    state: &WebState,
    locale: Locale,
    body: Body,
    matches: impl FnOnce(&str) -> bool,
) -> Result<FormData, Response> {
    let form = read_form(state, locale, body).await?;
    if !matches(form.one("csrf").ok().flatten().unwrap_or("")) {
        return Err(error_page(state, locale, PageError::Forbidden));
    }
    Ok(form)
}

/// The form token of a form that creates something, posted by a signed-in user: `None` unless
/// its CSRF field matches the session and the token is one of ours (a page from an earlier
/// session, or a forged form). Nothing may be created without it.
pub fn form_token_of(
    state: &WebState,
    form: &FormData,
    csrf_matches: impl FnOnce(&str) -> bool,
) -> Option<refuge_app::forms::FormToken> {
    if !csrf_matches(form.one("csrf").ok().flatten().unwrap_or("")) {
        return None;
    }
    form.one("form_token")
        .ok()
        .flatten()
        .and_then(|token| state.app.read_form_token(token))
}

/// Why a message was not sent, in words for the page that shows it again with the text kept;
/// any other error is given back (it becomes an error page).
pub fn message_refusal(locale: Locale, error: AppError) -> Result<(String, StatusCode), AppError> {
    match error {
        AppError::Invalid(errors) => Ok((
            errors
                .first()
                .map(|e| locale.problem(e.problem))
                .unwrap_or_else(|| locale.t("error-bad-request")),
            StatusCode::BAD_REQUEST,
        )),
        AppError::Unavailable(detail) => {
            crate::error::log_internal(&detail);
            Ok((
                locale.t("error-save-failed-message"),
                StatusCode::SERVICE_UNAVAILABLE,
            ))
        }
        AppError::QuotaReached(quota) => {
            let (id, max) = match quota {
                refuge_app::error::Quota::Messages { max } => ("error-quota-messages", max),
                refuge_app::error::Quota::MessagesToday { max } => {
                    ("error-quota-messages-today", max)
                }
            };
            Ok((
                locale.t_with(id, &[("max", u64::from(max).into())]),
                StatusCode::TOO_MANY_REQUESTS,
            ))
        }
        other => Err(other),
    }
}

/// After a successful sign-in: the session cookie, and on to the inbox (marked, so that an
/// inbox reached without the cookie can say the browser refused it).
pub fn signed_in(
    state: &WebState,
    locale: Locale,
    new_session: &refuge_app::accounts::NewSession,
) -> Response {
    let mut response =
        see_other(&locale.path(&format!("/staff/inbox?{}", staff::SIGNED_IN_MARKER)));
    response.headers_mut().insert(
        header::SET_COOKIE,
        session::set_cookie(
            &state.config,
            session::Cookie::StaffSession,
            &new_session.token,
        ),
    );
    remember_device(state, &mut response, new_session);
    response
}

/// The known-device cookie of a browser that just signed in (see `Cookie::KnownDevice`).
pub fn remember_device(
    state: &WebState,
    response: &mut Response,
    new_session: &refuge_app::accounts::NewSession,
) {
    session::append(
        response,
        session::set_lasting_cookie(
            &state.config,
            session::Cookie::KnownDevice,
            &new_session.device_token,
        ),
    );
}
