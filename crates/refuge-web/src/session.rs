//! Sessions over HTTP, staff and reporters: the `__Host-` cookie for pages, bearer tokens for the
//! API. A reporter's cookie holds a random session token, never the receipt.

use axum::http::{HeaderMap, HeaderValue, header};
use refuge_app::sessions::StaffSession;
use refuge_domain::Permission;

use crate::WebConfig;

/// The cookies Refuge sets. None outlives the browser session (no `Max-Age`), none holds a
/// receipt or anything a reporter wrote, and all are HttpOnly and SameSite=Strict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cookie {
    /// A staff session token.
    StaffSession,
    /// A reporter's follow-up session token.
    ReporterSession,
    /// The form token of a report just sent, while its receipt may be shown again (it finds the
    /// sealed replay record; the receipt itself is never in a cookie).
    SentReport,
    /// Set with the report form, so sending it tells whether the browser keeps cookies (then the
    /// receipt comes after a redirect; otherwise in the answer itself).
    Probe,
    /// One notice for the next page after a redirect ("your message was sent").
    Notice,
    /// A sign-in form's pre-session value (also in the form): a sign-in posted from another
    /// site carries neither (security review L2).
    PreSession,
    /// A staff browser that signed in before: its attempts are counted apart, so someone who
    /// only knows a username cannot lock its owner out. The one cookie that outlives the
    /// browser session (staff devices only; never set on reporter routes).
    KnownDevice,
    /// A sign-in whose password was right, waiting for its second factor (five minutes).
    FactorChallenge,
}

impl Cookie {
    pub fn name(self, config: &WebConfig) -> &'static str {
        // Browsers only accept the __Host- prefix on Secure cookies.
        match (self, config.secure_cookies) {
            (Cookie::StaffSession, true) => "__Host-refuge_staff",
            (Cookie::StaffSession, false) => "refuge_staff",
            (Cookie::ReporterSession, true) => "__Host-refuge_followup",
            (Cookie::ReporterSession, false) => "refuge_followup",
            (Cookie::SentReport, true) => "__Host-refuge_sent",
            (Cookie::SentReport, false) => "refuge_sent",
            (Cookie::Probe, true) => "__Host-refuge_probe",
            (Cookie::Probe, false) => "refuge_probe",
            (Cookie::Notice, true) => "__Host-refuge_notice",
            (Cookie::Notice, false) => "refuge_notice",
            (Cookie::PreSession, true) => "__Host-refuge_presession",
            (Cookie::PreSession, false) => "refuge_presession",
            (Cookie::KnownDevice, true) => "__Host-refuge_device",
            (Cookie::KnownDevice, false) => "refuge_device",
            (Cookie::FactorChallenge, true) => "__Host-refuge_challenge",
            (Cookie::FactorChallenge, false) => "refuge_challenge",
        }
    }
}

/// The value of `cookie` in a request, if sent.
pub fn read(headers: &HeaderMap, config: &WebConfig, cookie: Cookie) -> Option<String> {
    let name = cookie.name(config);
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, value)| *n == name && !value.is_empty())
        .map(|(_, value)| value.to_owned())
}

pub fn token_from_cookie(
    headers: &HeaderMap,
    config: &WebConfig,
    cookie: Cookie,
) -> Option<String> {
    read(headers, config, cookie)
}

pub fn token_from_bearer(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(|t| t.trim().to_owned())
}

/// `Set-Cookie` for `value`: HttpOnly, SameSite=Strict, path `/`, no Max-Age (it ends with the
/// browser; the server enforces idle and absolute limits). `value` must be cookie-safe (hex or
/// a code).
pub fn set_cookie(config: &WebConfig, cookie: Cookie, value: &str) -> HeaderValue {
    let secure = if config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    HeaderValue::from_str(&format!(
        "{}={value}; Path=/; HttpOnly; SameSite=Strict{secure}",
        cookie.name(config)
    ))
    .unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// `Set-Cookie` for a value kept across browser sessions (a known staff device, a year).
pub fn set_lasting_cookie(config: &WebConfig, cookie: Cookie, value: &str) -> HeaderValue {
    let secure = if config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    HeaderValue::from_str(&format!(
        "{}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=31536000{secure}",
        cookie.name(config)
    ))
    .unwrap_or_else(|_| HeaderValue::from_static(""))
}

pub fn clear_cookie(config: &WebConfig, cookie: Cookie) -> HeaderValue {
    let secure = if config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    HeaderValue::from_str(&format!(
        "{}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{secure}",
        cookie.name(config)
    ))
    .unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// Adds a `Set-Cookie` to a response (several may be set on one).
pub fn append(response: &mut axum::response::Response, value: HeaderValue) {
    response.headers_mut().append(header::SET_COOKIE, value);
}

/// Staff page navigation facts the layout needs.
pub struct StaffNav {
    pub username: String,
    pub csrf: String,
    pub is_admin: bool,
    /// Works cases (the inbox is theirs).
    pub works_cases: bool,
    /// Reads the audit log.
    pub reads_audit: bool,
    /// Writes or publishes the public registry.
    pub keeps_registry: bool,
}

impl StaffNav {
    pub fn of(session: &StaffSession) -> Self {
        // A member who must enrol a second factor first is offered nothing else.
        let may = |what| !session.must_enrol && session.may(what);
        StaffNav {
            username: session.staff.username.clone(),
            csrf: session.csrf_token.clone(),
            is_admin: may(Permission::ManageStaff),
            works_cases: may(Permission::WorkCases),
            reads_audit: may(Permission::ReadAudit),
            keeps_registry: may(Permission::WriteRegistry) || may(Permission::PublishRegistry),
        }
    }
}

/// The pre-session of a sign-in form: the value its page carries, and the cookie to set when
/// the browser does not hold one yet.
pub struct PreSession {
    pub value: String,
    set: Option<HeaderValue>,
}

impl PreSession {
    /// The browser's pre-session if it sent a well-formed one, else a new one.
    pub fn for_page(
        app: &refuge_app::Refuge,
        headers: &HeaderMap,
        config: &WebConfig,
    ) -> PreSession {
        match read(headers, config, Cookie::PreSession)
            .filter(|value| refuge_app::Refuge::pre_session_matches(value, value))
        {
            Some(value) => PreSession { value, set: None },
            None => {
                let value = app.issue_pre_session();
                let set = Some(set_cookie(config, Cookie::PreSession, &value));
                PreSession { value, set }
            }
        }
    }

    /// Sets the cookie on the page's response, if it is new.
    pub fn attach(self, response: &mut axum::response::Response) {
        if let Some(cookie) = self.set {
            append(response, cookie);
        }
    }
}

/// Whether a sign-in POST may go on. A browser that sends Fetch Metadata was already checked
/// (`middleware::refuse_cross_site`); one that does not (an old browser, or no browser) must
/// send back the pre-session of the form it was given, as both cookie and field.
pub fn pre_session_holds(headers: &HeaderMap, config: &WebConfig, field: Option<&str>) -> bool {
    if headers.contains_key("sec-fetch-site") {
        return true;
    }
    match (read(headers, config, Cookie::PreSession), field) {
        (Some(cookie), Some(field)) => refuge_app::Refuge::pre_session_matches(&cookie, field),
        _ => false,
    }
}
