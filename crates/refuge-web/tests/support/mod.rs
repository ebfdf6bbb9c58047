//! `TestApp`: the real router on a real store (SQLite or PostgreSQL), a fixed clock, and helpers
//! that behave like a browser without JavaScript: GET a page, read its hidden fields, POST the
//! form back with `Sec-Fetch-Site: same-origin`.

// Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

use std::sync::Arc;

use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use refuge_app::accounts::NewAccount;
use refuge_app::{FixedClock, Refuge, Settings};
use refuge_domain::ports::prelude::*;
use refuge_domain::ports::{AuditEntry, BlobStore};
use refuge_domain::staff::Role;
use refuge_store::testing::TestDatabase;
use refuge_store::{Engine, SqlBlobStore, SqlStore};
use refuge_web::{WebConfig, WebState};
use tower::ServiceExt;

/// Runs each named `async fn(TestApp)` as two tests, on SQLite and on PostgreSQL (skipped only
/// where `refuge_store::testing` says PostgreSQL is optional; never in CI), each within the
/// suites' time limit (a stuck test fails and says what PostgreSQL was waiting for).
macro_rules! on_both_engines {
    ($($case:ident),+ $(,)?) => {
        mod sqlite {
            use super::*;
            $(#[tokio::test] async fn $case() {
                refuge_store::testing::within_time_limit(Engine::Sqlite, async {
                    super::$case(TestApp::new(Engine::Sqlite).await).await;
                }).await;
            })+
        }
        mod postgres {
            use super::*;
            $(#[tokio::test] async fn $case() {
                if refuge_store::testing::postgres_skipped() { return; }
                refuge_store::testing::within_time_limit(Engine::Postgres, async {
                    super::$case(TestApp::new(Engine::Postgres).await).await;
                }).await;
            })+
        }
    };
}

/// Runs each named `async fn(TestApp)` once more, on PostgreSQL with evidence files in an
/// S3-compatible bucket (the several-servers configuration; the server comes from
/// `refuge_store::testing::test_bucket`, never skipped in CI).
#[allow(unused_macros)] // only the evidence suite runs on a bucket
macro_rules! with_files_in_a_bucket {
    ($($case:ident),+ $(,)?) => {
        mod bucket {
            use super::*;
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)] async fn $case() {
                if refuge_store::testing::postgres_skipped() { return; }
                let Some(bucket) = refuge_store::testing::test_bucket() else { return; };
                refuge_store::testing::within_time_limit(Engine::Postgres, async {
                    super::$case(TestApp::with_bucket(Engine::Postgres, bucket).await).await;
                }).await;
            })+
        }
    };
}

pub const PASSWORD: &str = "correct horse battery staple";
/// 2026-11-23 12:00 UTC.
pub const START: i64 = 1_795_435_200;

pub struct TestApp {
    pub app: Refuge,
    pub clock: Arc<FixedClock>,
    pub store: SqlStore,
    router: axum::Router,
    _db: TestDatabase,
}

pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl TestResponse {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or(serde_json::Value::Null)
    }
}

impl TestApp {
    pub async fn new(engine: Engine) -> TestApp {
        Self::with_settings(engine, |_| {}).await
    }

    /// A test app whose settings `adjust` changes first (limits, budgets).
    pub async fn with_settings(engine: Engine, adjust: impl FnOnce(&mut Settings)) -> TestApp {
        let mut settings = Settings::for_tests();
        adjust(&mut settings);
        let db = TestDatabase::create(engine).await;
        let store = db.open().await;
        let blobs = Arc::new(SqlBlobStore::open(store.clone(), db.data_dir()).expect("blobs"));
        Self::assemble(db, store, blobs, settings).await
    }

    /// A test app whose evidence files go to `bucket` (reports stay in the database).
    pub async fn with_bucket(engine: Engine, bucket: refuge_store::BucketSettings) -> TestApp {
        let db = TestDatabase::create(engine).await;
        let store = db.open().await;
        let blobs = refuge_store::BlobsWithBucket::new(
            SqlBlobStore::open(store.clone(), db.data_dir()).expect("database blobs"),
            refuge_store::BucketBlobStore::open(&bucket)
                .await
                .expect("bucket"),
        );
        Self::assemble(db, store, Arc::new(blobs), Settings::for_tests()).await
    }

    async fn assemble(
        db: TestDatabase,
        store: SqlStore,
        blobs: Arc<dyn BlobStore>,
        settings: Settings,
    ) -> TestApp {
        let clock = Arc::new(FixedClock::new(START));
        let app = Refuge::new(Arc::new(store.clone()), blobs, clock.clone(), settings)
            .await
            .expect("app");
        let router = refuge_web::app(WebState {
            app: app.clone(),
            config: Arc::new(WebConfig::default()),
        });
        TestApp {
            app,
            clock,
            store,
            router,
            _db: db,
        }
    }

    async fn send(&self, request: Request<Body>) -> TestResponse {
        let (status, headers, bytes) = self.send_for_bytes(request).await;
        TestResponse {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    fn request(method: Method, path: &str, cookie: Option<&str>) -> axum::http::request::Builder {
        let mut builder = Request::builder()
            .method(method)
            .uri(path)
            .header("host", "localhost");
        if let Some(cookie) = cookie {
            builder = builder.header("cookie", cookie);
        }
        builder
    }

    pub async fn get(&self, path: &str, cookie: Option<&str>) -> TestResponse {
        self.send(
            Self::request(Method::GET, path, cookie)
                .body(Body::empty())
                .expect("request"),
        )
        .await
    }

    /// A GET as it arrives through another address (a LAN address, a proxy, an onion service).
    pub async fn get_with_host(
        &self,
        path: &str,
        host: &str,
        headers: &[(&str, &str)],
    ) -> TestResponse {
        let mut builder = Request::builder()
            .method(Method::GET)
            .uri(path)
            .header("host", host);
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        self.send(builder.body(Body::empty()).expect("request"))
            .await
    }

    pub async fn delete(&self, path: &str) -> TestResponse {
        self.send(
            Self::request(Method::DELETE, path, None)
                .body(Body::empty())
                .expect("request"),
        )
        .await
    }

    pub async fn delete_bearer(&self, path: &str, token: &str) -> TestResponse {
        let request = Self::request(Method::DELETE, path, None)
            .header("authorization", format!("Bearer {token}"))
            .body(Body::empty())
            .expect("request");
        self.send(request).await
    }

    /// Sends a `multipart/form-data` body as a browser does: text fields, then files
    /// (field name, file name, bytes). `bearer` signs the request for the API instead of a cookie.
    pub async fn post_multipart(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &str, &[u8])],
        cookie: Option<&str>,
        bearer: Option<&str>,
    ) -> TestResponse {
        self.post_multipart_in_pieces(path, fields, files, cookie, bearer, usize::MAX)
            .await
    }

    /// The same, with the body arriving `piece` bytes at a time, as over a real connection
    /// (where a part can end before its boundary has been seen).
    pub async fn post_multipart_in_pieces(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &str, &[u8])],
        cookie: Option<&str>,
        bearer: Option<&str>,
        piece: usize,
    ) -> TestResponse {
        let boundary = "----RefugeTestBoundary7MA4YWxkTrZu0gW";
        let mut body = Vec::new();
        for (name, value) in fields {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
                )
                .as_bytes(),
            );
        }
        for (name, file_name, bytes) in files {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                )
                .as_bytes(),
            );
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let mut request = Self::request(Method::POST, path, cookie)
            .header(
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .header("sec-fetch-site", "same-origin");
        if let Some(token) = bearer {
            request = request.header("authorization", format!("Bearer {token}"));
        }
        let pieces: Vec<Result<axum::body::Bytes, std::io::Error>> = body
            .chunks(piece.max(1))
            .map(|chunk| Ok(axum::body::Bytes::copy_from_slice(chunk)))
            .collect();
        let body = Body::from_stream(futures_util::stream::iter(pieces));
        self.send(request.body(body).expect("request")).await
    }

    /// The answer as bytes (a download), not text.
    async fn send_for_bytes(&self, request: Request<Body>) -> (StatusCode, HeaderMap, Vec<u8>) {
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("infallible");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .expect("body");
        (status, headers, bytes.to_vec())
    }

    pub async fn get_bytes(
        &self,
        path: &str,
        cookie: Option<&str>,
    ) -> (StatusCode, HeaderMap, Vec<u8>) {
        self.send_for_bytes(
            Self::request(Method::GET, path, cookie)
                .body(Body::empty())
                .expect("request"),
        )
        .await
    }

    /// A GET of the API whose answer is bytes (a download), not text.
    pub async fn get_bytes_bearer(
        &self,
        path: &str,
        token: &str,
    ) -> (StatusCode, HeaderMap, Vec<u8>) {
        self.send_for_bytes(
            Self::request(Method::GET, path, None)
                .header("authorization", format!("Bearer {token}"))
                .body(Body::empty())
                .expect("request"),
        )
        .await
    }

    pub async fn post_json_bearer(
        &self,
        path: &str,
        body: &serde_json::Value,
        token: &str,
    ) -> TestResponse {
        let request = Self::request(Method::POST, path, None)
            .header("content-type", "application/json")
            .header("authorization", format!("Bearer {token}"))
            .body(Body::from(body.to_string()))
            .expect("request");
        self.send(request).await
    }

    /// A JSON POST whose answer is bytes (a bundle), not text.
    pub async fn post_json_bearer_bytes(
        &self,
        path: &str,
        body: &serde_json::Value,
        token: &str,
    ) -> (StatusCode, HeaderMap, Vec<u8>) {
        let request = Self::request(Method::POST, path, None)
            .header("content-type", "application/json")
            .header("authorization", format!("Bearer {token}"))
            .body(Body::from(body.to_string()))
            .expect("request");
        self.send_for_bytes(request).await
    }

    pub async fn patch_json_bearer(
        &self,
        path: &str,
        body: &serde_json::Value,
        token: &str,
    ) -> TestResponse {
        let request = Self::request(Method::PATCH, path, None)
            .header("content-type", "application/json")
            .header("authorization", format!("Bearer {token}"))
            .body(Body::from(body.to_string()))
            .expect("request");
        self.send(request).await
    }

    pub async fn send_put_json(
        &self,
        path: &str,
        body: &serde_json::Value,
        token: &str,
    ) -> TestResponse {
        let request = Self::request(Method::PUT, path, None)
            .header("content-type", "application/json")
            .header("authorization", format!("Bearer {token}"))
            .body(Body::from(body.to_string()))
            .expect("request");
        self.send(request).await
    }

    pub async fn get_bearer(&self, path: &str, token: &str) -> TestResponse {
        let request = Self::request(Method::GET, path, None)
            .header("authorization", format!("Bearer {token}"))
            .body(Body::empty())
            .expect("request");
        self.send(request).await
    }

    pub async fn post_form(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        cookie: Option<&str>,
    ) -> TestResponse {
        self.post_form_with(path, fields, cookie, ("sec-fetch-site", "same-origin"))
            .await
    }

    pub async fn post_form_with(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        cookie: Option<&str>,
        header: (&str, &str),
    ) -> TestResponse {
        self.send(Self::form_request(path, fields, cookie, header))
            .await
    }

    /// A urlencoded form POST as a browser sends it.
    fn form_request(
        path: &str,
        fields: &[(&str, &str)],
        cookie: Option<&str>,
        header: (&str, &str),
    ) -> Request<Body> {
        let body = fields
            .iter()
            .map(|(n, v)| format!("{}={}", encode(n), encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        Self::request(Method::POST, path, cookie)
            .header("content-type", "application/x-www-form-urlencoded")
            .header(header.0, header.1)
            .body(Body::from(body))
            .expect("request")
    }

    /// A form POST whose answer is bytes (a download), not text.
    pub async fn post_form_bytes(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        cookie: Option<&str>,
    ) -> (StatusCode, HeaderMap, Vec<u8>) {
        self.send_for_bytes(Self::form_request(
            path,
            fields,
            cookie,
            ("sec-fetch-site", "same-origin"),
        ))
        .await
    }

    pub async fn post_raw(
        &self,
        path: &str,
        content_type: &str,
        body: Vec<u8>,
        cookie: Option<&str>,
    ) -> TestResponse {
        let request = Self::request(Method::POST, path, cookie)
            .header("content-type", content_type)
            .body(Body::from(body))
            .expect("request");
        self.send(request).await
    }

    pub async fn post_json(
        &self,
        path: &str,
        body: &serde_json::Value,
        cookie: Option<&str>,
    ) -> TestResponse {
        self.post_raw(
            path,
            "application/json",
            body.to_string().into_bytes(),
            cookie,
        )
        .await
    }

    pub async fn add_staff(&self, username: &str, role: Role) {
        self.app
            .add_staff(
                None,
                &NewAccount {
                    username: username.into(),
                    password: PASSWORD.into(),
                    role,
                },
                None,
            )
            .await
            .expect("add staff");
    }

    /// An administrator invites `username` through the staff page's real form; returns the
    /// invitation's path (`/invite/…`), as the page shows it.
    pub async fn invite(&self, admin: &str, username: &str, role: &str) -> String {
        let page = self.get("/en/staff/admin/staff", Some(admin)).await;
        let created = self
            .submit(
                &page.body,
                "/en/staff/admin/invitations",
                &[("username", username), ("role", role)],
                Some(admin),
            )
            .await;
        assert_eq!(created.status, StatusCode::OK, "{}", created.body);
        let link = extract(&created.body, r#"id="invitation-link">"#, "<").expect("the link");
        let path = link
            .find("/invite/")
            .map(|at| link[at..].to_owned())
            .expect("an invitation path");
        format!("/en{path}")
    }

    /// Opens an invitation and chooses `password`; returns the new session's cookie.
    pub async fn accept_invitation(&self, path: &str, password: &str) -> String {
        let page = self.get(path, None).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let accepted = self
            .post_form(
                path,
                &[("password", password), ("password_confirm", password)],
                None,
            )
            .await;
        assert_eq!(accepted.status, StatusCode::SEE_OTHER, "{}", accepted.body);
        cookie_named(&accepted, "refuge_staff=").expect("signed in")
    }

    /// Signs in through the real form; returns the `Cookie` header value.
    pub async fn log_in(&self, username: &str) -> String {
        let response = self
            .post_form(
                "/en/staff/login",
                &[("username", username), ("password", PASSWORD)],
                None,
            )
            .await;
        assert_eq!(
            response.status,
            StatusCode::SEE_OTHER,
            "sign-in of {username}: {}",
            response.body
        );
        session_cookie(&response).expect("session cookie")
    }

    /// Signs in through the real forms, password then code (the next time step of `secret`);
    /// returns the `Cookie` header value.
    pub async fn log_in_with_code(
        &self,
        username: &str,
        secret: &refuge_crypto::otp::OtpSecret,
    ) -> String {
        let page = self
            .post_form(
                "/en/staff/login",
                &[("username", username), ("password", PASSWORD)],
                None,
            )
            .await;
        let challenge = cookie_named(&page, "refuge_challenge=").expect("a challenge");
        self.clock.advance(30);
        let code = secret.time_code(self.app.now());
        let done = self
            .post_form("/en/staff/login/code", &[("code", &code)], Some(&challenge))
            .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
        session_cookie(&done).expect("session cookie")
    }

    /// Signs `username` in through the JSON API; returns the bearer token.
    pub async fn api_token(&self, username: &str) -> String {
        self.api_token_with(username, PASSWORD).await
    }

    /// The same with another password.
    pub async fn api_token_with(&self, username: &str, password: &str) -> String {
        let response = self
            .post_json(
                "/api/v1/staff/session",
                &serde_json::json!({"username": username, "password": password}),
                None,
            )
            .await;
        assert_eq!(response.status, StatusCode::CREATED, "{}", response.body);
        response.json()["token"].as_str().expect("token").to_owned()
    }

    pub async fn form_token(&self, form_path: &str) -> String {
        let page = self.get(form_path, None).await;
        extract(&page.body, r#"name="form_token" value=""#, "\"").expect("form token")
    }

    /// Submits a minimal report through the form; returns the receipt.
    pub async fn submit_report(&self, locale: &str, narrative: &str) -> String {
        let path = format!("/{locale}/report");
        let token = self.form_token(&path).await;
        let page = self
            .post_form(
                &path,
                &[
                    ("form_token", &token),
                    ("narrative", narrative),
                    ("action", "submit"),
                ],
                None,
            )
            .await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        extract(&page.body, r#"id="receipt">"#, "<").expect("receipt")
    }

    /// Sends the form of `page` that posts to `action` as a browser would: its hidden fields
    /// (CSRF, form token, kept text) and `fields`.
    pub async fn submit(
        &self,
        page: &str,
        action: &str,
        fields: &[(&str, &str)],
        cookie: Option<&str>,
    ) -> TestResponse {
        let hidden = hidden_fields(page, action);
        let mut all: Vec<(&str, &str)> = hidden
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        all.extend_from_slice(fields);
        self.post_form(action, &all, cookie).await
    }

    /// Sends the GET form of `page` whose id is `form_id` as a browser would: each field with
    /// its value on the page (a select's selected option, else its first; an input's value; a
    /// checkbox only when checked), `fields` replacing those values (a checkbox named there is
    /// ticked), spaces written as `+`.
    pub async fn get_form(
        &self,
        page: &str,
        form_id: &str,
        fields: &[(&str, &str)],
        cookie: Option<&str>,
    ) -> TestResponse {
        let at = page
            .find(&format!(r#"id="{form_id}""#))
            .unwrap_or_else(|| panic!("no form {form_id}"));
        let start = page[..at].rfind("<form").expect("a form tag");
        let end = start + page[start..].find("</form>").expect("the form ends");
        let form = &page[start..end];
        let action = html_unescape(&extract(form, r#"action=""#, "\"").expect("an action"));
        let mut pairs: Vec<(String, String)> = Vec::new();
        let mut rest = form;
        while let Some(i) = rest.find('<') {
            rest = &rest[i..];
            let tag_end = rest.find('>').unwrap_or(rest.len());
            let tag = &rest[..tag_end];
            let name = extract(tag, r#" name=""#, "\"");
            if let (true, Some(name)) = (tag.starts_with("<input"), name.clone()) {
                let kind = extract(tag, r#"type=""#, "\"").unwrap_or_default();
                let value = html_unescape(&extract(tag, r#"value=""#, "\"").unwrap_or_default());
                if kind != "checkbox" || tag.contains(" checked") {
                    pairs.push((name, value));
                }
            } else if let (true, Some(name)) = (tag.starts_with("<select"), name) {
                let body = &rest[..rest.find("</select>").unwrap_or(rest.len())];
                let options: Vec<&str> = body.split("<option").skip(1).collect();
                let chosen = options
                    .iter()
                    .find(|o| o.split('>').next().unwrap_or("").contains(" selected"))
                    .or(options.first())
                    .and_then(|o| extract(o, r#"value=""#, "\""))
                    .unwrap_or_default();
                pairs.push((name, html_unescape(&chosen)));
            }
            rest = &rest[1..];
        }
        for (name, value) in fields {
            match pairs.iter_mut().find(|(n, _)| n == name) {
                Some(pair) => pair.1 = (*value).to_owned(),
                None => pairs.push(((*name).to_owned(), (*value).to_owned())),
            }
        }
        let query: Vec<String> = pairs
            .iter()
            .map(|(n, v)| format!("{}={}", encode(n), encode(v).replace("%20", "+")))
            .collect();
        self.get(&format!("{action}?{}", query.join("&")), cookie)
            .await
    }

    /// Follows a redirect as a browser would: to its `Location`, sending `cookie` and the
    /// cookies the redirect set (a notice, a receipt window).
    pub async fn follow(&self, redirect: &TestResponse, cookie: Option<&str>) -> TestResponse {
        assert_eq!(
            redirect.status,
            StatusCode::SEE_OTHER,
            "a redirect: {}",
            redirect.body
        );
        let location = redirect
            .headers
            .get("location")
            .and_then(|v| v.to_str().ok())
            .expect("location")
            .to_owned();
        let mut cookies: Vec<String> = cookie.into_iter().map(str::to_owned).collect();
        cookies.extend(set_cookies(redirect));
        let joined = cookies.join("; ");
        self.get(&location, (!joined.is_empty()).then_some(joined.as_str()))
            .await
    }

    /// Where this app's SQLite database lives (empty for PostgreSQL).
    pub fn data_dir(&self) -> &std::path::Path {
        self._db.data_dir()
    }

    pub async fn app_store_audit(&self) -> Vec<AuditEntry> {
        self.store.audit_log(100).await.expect("audit")
    }
}

pub fn session_cookie(response: &TestResponse) -> Option<String> {
    cookie_named(response, "refuge_staff=")
}

/// The `name=value` part of a cookie being set (not cleared) whose name contains `name`.
pub fn cookie_named(response: &TestResponse, name: &str) -> Option<String> {
    response
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.contains(name) && !v.contains("Max-Age=0"))
        .and_then(|v| v.split(';').next())
        .map(str::to_owned)
}

/// Every `name=value` a response sets (not clears).
pub fn set_cookies(response: &TestResponse) -> Vec<String> {
    response
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter(|v| !v.contains("Max-Age=0"))
        .filter_map(|v| v.split(';').next())
        .map(str::to_owned)
        .collect()
}

/// The hidden fields of the form on `page` whose action is `action`, values unescaped.
pub fn hidden_fields(page: &str, action: &str) -> Vec<(String, String)> {
    let marker = format!(r#"action="{action}""#);
    let Some(start) = page.find(&marker) else {
        panic!("no form posting to {action}");
    };
    let form = &page[start..start + page[start..].find("</form>").unwrap_or(page.len() - start)];
    form.match_indices(r#"<input type="hidden" name=""#)
        .filter_map(|(i, tag)| {
            let rest = &form[i + tag.len()..];
            let name = rest.split('"').next()?;
            let value = extract(rest, r#"value=""#, "\"")?;
            Some((name.to_owned(), html_unescape(&value)))
        })
        .collect()
}

/// The text between `start` and the next `end`.
pub fn extract(body: &str, start: &str, end: &str) -> Option<String> {
    let from = body.find(start)? + start.len();
    let to = body[from..].find(end)? + from;
    Some(body[from..to].to_owned())
}

pub fn report_links(body: &str) -> Vec<String> {
    body.match_indices("/en/staff/reports/")
        .map(|(i, _)| body[i..i + 50].to_owned())
        .collect()
}

pub fn html_unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

fn encode(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC).to_string()
}
