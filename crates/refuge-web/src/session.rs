//! Staff sessions over HTTP: the `__Host-` cookie for pages, bearer tokens for the API.

use axum::http::{HeaderMap, HeaderValue, header};
use refuge_app::accounts::StaffSession;

use crate::WebConfig;

pub fn cookie_name(config: &WebConfig) -> &'static str {
    // Browsers only accept the __Host- prefix on Secure cookies.
    if config.secure_cookies {
        "__Host-refuge_staff"
    } else {
        "refuge_staff"
    }
}

pub fn token_from_cookie(headers: &HeaderMap, config: &WebConfig) -> Option<String> {
    let name = cookie_name(config);
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, value)| value.to_owned())
}

pub fn token_from_bearer(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(|t| t.trim().to_owned())
}

/// `Set-Cookie` for a new session: HttpOnly, SameSite=Strict, path `/`, no Max-Age (ends with
/// the browser; the server enforces idle and absolute limits).
pub fn set_cookie(config: &WebConfig, token: &str) -> HeaderValue {
    let secure = if config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    HeaderValue::from_str(&format!(
        "{}={token}; Path=/; HttpOnly; SameSite=Strict{secure}",
        cookie_name(config)
    ))
    .unwrap_or_else(|_| HeaderValue::from_static(""))
}

pub fn clear_cookie(config: &WebConfig) -> HeaderValue {
    let secure = if config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    HeaderValue::from_str(&format!(
        "{}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{secure}",
        cookie_name(config)
    ))
    .unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// Staff page navigation facts the layout needs.
pub struct StaffNav {
    pub username: String,
    pub csrf: String,
    pub is_admin: bool,
}

impl StaffNav {
    pub fn of(session: &StaffSession) -> Self {
        StaffNav {
            username: session.staff.username.clone(),
            csrf: session.csrf_token.clone(),
            is_admin: session.staff.role.manages_staff(),
        }
    }
}
