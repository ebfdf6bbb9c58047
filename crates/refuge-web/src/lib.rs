//! The web face of Refuge: server-rendered HTML pages (maud) and the JSON API over the same use
//! cases; sessions, CSRF checks, security headers, embedded static assets and i18n.
//!
//! It must never need JavaScript on any page, never log a reporter's address, user agent or
//! query string, never put a receipt in a URL, cookie or log, and never answer a client's bad
//! input with a 5xx.

// The OpenAPI document is one `json!` literal, deeper than the default limit allows.
#![recursion_limit = "256"]

mod api;
pub mod body;
mod error;
mod framing;
mod handlers;
pub mod i18n;
pub mod metrics;
mod middleware;
mod notice;
mod openapi;
mod pages;
mod routes;
mod session;
mod upload;

use std::sync::Arc;

use refuge_app::Refuge;

pub use middleware::flush_reporter_requests;
pub use routes::{ROUTES, RouteSide, app, service};

/// Web settings chosen by the operator.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Mark cookies `Secure` and use the `__Host-` prefix. Browsers accept this over HTTPS, on
    /// `localhost` and on onion services; turn it off only for plain HTTP on another address.
    pub secure_cookies: bool,
    /// Where the quick-exit control leads.
    pub quick_exit_url: String,
    /// Largest form or JSON body accepted, in bytes.
    pub max_body_bytes: usize,
    /// A request (slow bodies included) that takes longer gets 408.
    pub request_timeout: std::time::Duration,
    /// The same for requests carrying files (`multipart/form-data`).
    pub upload_timeout: std::time::Duration,
    /// Requests handled at once; more wait their turn holding only their headers. With
    /// `max_body_bytes` this bounds the memory that request bodies can take.
    pub max_concurrent_requests: usize,
    /// How the public reaches this server (`https://…`, `http://….onion`), if the operator said:
    /// evidence receipts name it as where the public key is published, and the sign-in pages
    /// trust it to tell whether cookies can work. Without a trailing slash.
    pub public_url: Option<String>,
    /// The licence line of the registry's open data (`registry.licence`).
    pub registry_licence: String,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            secure_cookies: true,
            quick_exit_url: "https://www.wikipedia.org/".into(),
            max_body_bytes: 1024 * 1024,
            request_timeout: std::time::Duration::from_secs(30),
            upload_timeout: std::time::Duration::from_secs(900),
            max_concurrent_requests: 128,
            public_url: None,
            registry_licence: "CC BY 4.0".into(),
        }
    }
}

#[derive(Clone)]
pub struct WebState {
    pub app: Refuge,
    pub config: Arc<WebConfig>,
}
