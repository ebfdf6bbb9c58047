//! Thin handlers: extract, call one use case, render. HTML side here; JSON side in `api`.

// The `Err` of a page handler is the response itself (an error page or a redirect), built at
// most once per request; boxing it would only add an allocation.
#![allow(clippy::result_large_err)]

pub mod admin;
pub mod followup;
pub mod reporter;
pub mod staff;

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
    query?.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=')?;
        (key == name).then(|| {
            percent_encoding::percent_decode_str(value)
                .decode_utf8_lossy()
                .into_owned()
        })
    })
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

/// After a successful sign-in: the session cookie, and on to the inbox.
pub fn signed_in(state: &WebState, locale: Locale, token: &str) -> Response {
    let mut response = see_other(&locale.path("/staff/inbox"));
    response.headers_mut().insert(
        header::SET_COOKIE,
        session::set_cookie(&state.config, session::Holder::Staff, token),
    );
    response
}
