//! Sessions over HTTP, staff and reporters: the `__Host-` cookie for pages, bearer tokens for the
//! API. A reporter's cookie holds a random session token, never the receipt.

use axum::http::{HeaderMap, HeaderValue, header};
use refuge_app::accounts::StaffSession;

use crate::WebConfig;

/// Whose session a cookie carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holder {
    Staff,
    Reporter,
}

pub fn cookie_name(config: &WebConfig, holder: Holder) -> &'static str {
    // Browsers only accept the __Host- prefix on Secure cookies.
    match (holder, config.secure_cookies) {
        (Holder::Staff, true) => "__Host-refuge_staff",
        (Holder::Staff, false) => "refuge_staff",
        (Holder::Reporter, true) => "__Host-refuge_followup",
        (Holder::Reporter, false) => "refuge_followup",
    }
}

pub fn token_from_cookie(
    headers: &HeaderMap,
    config: &WebConfig,
    holder: Holder,
) -> Option<String> {
    let name = cookie_name(config, holder);
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
pub fn set_cookie(config: &WebConfig, holder: Holder, token: &str) -> HeaderValue {
    let secure = if config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    HeaderValue::from_str(&format!(
        "{}={token}; Path=/; HttpOnly; SameSite=Strict{secure}",
        cookie_name(config, holder)
    ))
    .unwrap_or_else(|_| HeaderValue::from_static(""))
}

pub fn clear_cookie(config: &WebConfig, holder: Holder) -> HeaderValue {
    let secure = if config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    HeaderValue::from_str(&format!(
        "{}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{secure}",
        cookie_name(config, holder)
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
