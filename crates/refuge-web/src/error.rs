//! Errors as users see them: a localized HTML page, or JSON `{"error":{"code","message"}}` for
//! the API. Internal detail goes to the log with a request id; the user sees only the id.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use refuge_app::AppError;
use refuge_app::error::FileRefusal;
use refuge_app::intake::{CLIENT_KEY_MAX_CHARS, CLIENT_KEY_MIN_CHARS};

use crate::WebConfig;
use crate::body::BodyError;
use crate::i18n::Locale;
use crate::pages::layout;

/// A short id tying a user's error page to the detailed log line. Not a secret.
pub fn request_id() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0),
    );
    format!("{:012x}", hasher.finish() & 0xffff_ffff_ffff)
}

/// Logs an internal failure and returns the id to show.
pub fn log_internal(detail: &str) -> String {
    let id = request_id();
    tracing::error!(request_id = %id, detail, "internal error");
    id
}

/// Marks a response as a rendered [`PageError`].
#[derive(Debug, Clone)]
pub struct RenderedError(pub PageError);

#[derive(Debug, Clone)]
pub enum PageError {
    NotFound,
    MethodNotAllowed,
    TooLarge,
    BadRequest,
    Forbidden,
    CrossSite,
    Timeout,
    /// Throttled or over a budget: nothing lost, try again later.
    TooManyRequests,
    /// No session (or it ended) where one is needed.
    SignedOut,
    /// Nobody can receive reports yet.
    NotAccepting,
    Internal {
        request_id: String,
    },
}

impl PageError {
    pub fn status(&self) -> StatusCode {
        match self {
            PageError::NotFound => StatusCode::NOT_FOUND,
            PageError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            PageError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            PageError::BadRequest => StatusCode::BAD_REQUEST,
            PageError::Forbidden | PageError::CrossSite => StatusCode::FORBIDDEN,
            PageError::Timeout => StatusCode::REQUEST_TIMEOUT,
            PageError::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            PageError::SignedOut => StatusCode::UNAUTHORIZED,
            PageError::NotAccepting => StatusCode::SERVICE_UNAVAILABLE,
            PageError::Internal { .. } => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn message(&self, locale: Locale) -> String {
        match self {
            PageError::NotFound => locale.t("error-not-found"),
            PageError::MethodNotAllowed => locale.t("error-method"),
            PageError::TooLarge => locale.t("error-too-large"),
            PageError::BadRequest => locale.t("error-bad-request"),
            PageError::Forbidden => locale.t("error-forbidden"),
            PageError::CrossSite => locale.t("error-cross-site"),
            PageError::Timeout => locale.t("error-timeout"),
            PageError::TooManyRequests => locale.t("error-try-later"),
            PageError::SignedOut => locale.t("error-signed-out"),
            PageError::NotAccepting => locale.t("report-not-accepting"),
            PageError::Internal { request_id } => {
                locale.t_with("error-generic", &[("request", request_id.clone().into())])
            }
        }
    }

    /// The error page. It is drawn for reporters (quick exit, no staff links); on staff routes
    /// the `staff_error_pages` layer draws it again as a staff page, which the marker allows.
    pub fn render(&self, locale: Locale, config: &WebConfig) -> Response {
        let mut response = (
            self.status(),
            layout::error_page(locale, &config.quick_exit_url, &self.message(locale)),
        )
            .into_response();
        response
            .extensions_mut()
            .insert(RenderedError(self.clone()));
        response
    }

    pub fn render_for_staff(&self, locale: Locale) -> Response {
        (
            self.status(),
            layout::staff_error_page(locale, &self.message(locale)),
        )
            .into_response()
    }

    /// The page for a use case's error that its handler did not answer more precisely.
    /// Exhaustive on purpose: only a failure of ours is a 5xx, never client input.
    pub fn from_app(error: AppError) -> PageError {
        match error {
            AppError::NotFound | AppError::NoAccess => PageError::NotFound,
            // Staff pages send an unenrolled member to enrolment before this is reached.
            AppError::Forbidden
            | AppError::EnrolmentRequired
            | AppError::ConsentNotGiven(_)
            | AppError::RegistryRule(_) => PageError::Forbidden,
            AppError::FormExpired
            | AppError::Invalid(_)
            | AppError::AccountRule(_)
            | AppError::CaseRule(_)
            | AppError::Team(_)
            | AppError::Routing(_)
            | AppError::Filter(_)
            | AppError::AuditFilter(_)
            | AppError::InvalidReceipt
            | AppError::ReceiptMistyped(_)
            | AppError::FileRefused(_)
            | AppError::PartnerRule(_)
            | AppError::PartnerUnknown
            | AppError::RegistryInvalid(_)
            | AppError::Release(_)
            | AppError::ProofOfWorkRequired { .. }
            | AppError::SecondFactorInvalid
            | AppError::SecondFactorLocked
            | AppError::Conflict => PageError::BadRequest,
            AppError::Throttled { .. }
            | AppError::IntakeBusy { .. }
            | AppError::QuotaReached(_) => PageError::TooManyRequests,
            AppError::Unauthenticated
            | AppError::InvalidCredentials
            | AppError::SecondFactorRequired => PageError::SignedOut,
            AppError::NoRecipients => PageError::NotAccepting,
            AppError::Unavailable(detail) => PageError::Internal {
                request_id: log_internal(&detail),
            },
        }
    }
}

impl From<BodyError> for PageError {
    fn from(error: BodyError) -> Self {
        match error {
            BodyError::TooLarge => PageError::TooLarge,
            _ => PageError::BadRequest,
        }
    }
}

/// JSON API error.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    /// Seconds to wait, sent as `Retry-After` (429 and 503 answers that know it).
    pub retry_after: Option<i64>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
            retry_after: None,
        }
    }

    fn retry_after(mut self, seconds: i64) -> Self {
        self.retry_after = Some(seconds.max(1));
        self
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({"error": {"code": self.code, "message": self.message}});
        let mut response = (self.status, Json(body)).into_response();
        if let Some(seconds) = self.retry_after
            && let Ok(value) = axum::http::HeaderValue::from_str(&seconds.to_string())
        {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, value);
        }
        response
    }
}

/// The JSON error for files refused by a limit.
pub fn file_refusal(refusal: FileRefusal) -> ApiError {
    let status = match refusal {
        FileRefusal::FileTooLarge { .. } | FileRefusal::ReportTooLarge { .. } => {
            StatusCode::PAYLOAD_TOO_LARGE
        }
        FileRefusal::DailyLimit => StatusCode::TOO_MANY_REQUESTS,
        FileRefusal::TooManyFiles { .. } | FileRefusal::NoFiles | FileRefusal::EmptyFile => {
            StatusCode::BAD_REQUEST
        }
        FileRefusal::ReportFull { .. } => StatusCode::TOO_MANY_REQUESTS,
    };
    let message = match refusal {
        FileRefusal::FileTooLarge { max_bytes } => {
            format!("a file is larger than {max_bytes} bytes")
        }
        FileRefusal::ReportTooLarge { max_bytes } => {
            format!("the files of one report may total at most {max_bytes} bytes")
        }
        FileRefusal::DailyLimit => "no more files accepted today; try again tomorrow".into(),
        FileRefusal::TooManyFiles { max } => format!("at most {max} files at once"),
        FileRefusal::NoFiles => "send at least one `file` part".into(),
        FileRefusal::EmptyFile => "a file part is empty".into(),
        FileRefusal::ReportFull { max } => {
            format!("this report holds {max} files, the most it may")
        }
    };
    ApiError::new(status, refusal.code(), message)
}

impl From<AppError> for ApiError {
    fn from(error: AppError) -> Self {
        let code = error.code();
        match error {
            AppError::Invalid(errors) => {
                let fields: Vec<String> = errors
                    .iter()
                    .map(|e| format!("{}: {}", e.field, e.problem.code()))
                    .collect();
                ApiError::new(
                    StatusCode::BAD_REQUEST,
                    code,
                    format!("invalid fields: {}", fields.join(", ")),
                )
            }
            AppError::AccountRule(rule) => {
                ApiError::new(StatusCode::BAD_REQUEST, code, rule.to_string())
            }
            AppError::RegistryInvalid(problems) => {
                let fields: Vec<String> = problems
                    .iter()
                    .map(|p| format!("{}: {}", p.field(), p.code()))
                    .collect();
                ApiError::new(
                    StatusCode::BAD_REQUEST,
                    code,
                    format!("the entry cannot be saved or published as it is: {}", fields.join(", ")),
                )
            }
            AppError::RegistryRule(rule) => {
                ApiError::new(StatusCode::FORBIDDEN, code, rule.to_string())
            }
            AppError::Release(refusal) => ApiError::new(
                match refusal {
                    refuge_app::statistics::ReleaseRefusal::FutureMonth => StatusCode::BAD_REQUEST,
                    refuge_app::statistics::ReleaseRefusal::AlreadyReleased => StatusCode::CONFLICT,
                },
                code,
                refusal.to_string(),
            ),
            AppError::CaseRule(rule) => ApiError::new(StatusCode::BAD_REQUEST, code, rule.to_string()),
            AppError::Team(error) => ApiError::new(
                match error {
                    refuge_app::teams::TeamError::InRouting(_) => StatusCode::CONFLICT,
                    refuge_app::teams::TeamError::UnknownMember(_) => StatusCode::BAD_REQUEST,
                },
                code,
                error.to_string(),
            ),
            AppError::Routing(error) => ApiError::new(StatusCode::BAD_REQUEST, code, error.to_string()),
            AppError::Filter(error) => ApiError::new(StatusCode::BAD_REQUEST, code, error.to_string()),
            AppError::AuditFilter(error) => ApiError::new(StatusCode::BAD_REQUEST, code, error.to_string()),
            AppError::FormExpired => ApiError::new(
                StatusCode::BAD_REQUEST,
                "invalid_idempotency_key",
                format!(
                    "idempotency_key must be {CLIENT_KEY_MIN_CHARS} to {CLIENT_KEY_MAX_CHARS} characters and carry at least 128 bits (32 random hexadecimal digits, a UUID), or come from POST /api/v1/reports/token"
                ),
            ),
            AppError::NoRecipients => ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                code,
                "no caseworker can receive reports yet",
            ),
            AppError::Unauthenticated => {
                ApiError::new(StatusCode::UNAUTHORIZED, code, "sign in first")
            }
            AppError::InvalidCredentials => {
                ApiError::new(StatusCode::UNAUTHORIZED, code, "wrong username or password")
            }
            AppError::SecondFactorRequired => ApiError::new(
                StatusCode::UNAUTHORIZED,
                code,
                "this account has two-factor sign-in: send the code from its app or key (or a recovery code) as totp",
            ),
            AppError::SecondFactorInvalid => ApiError::new(
                StatusCode::UNAUTHORIZED,
                code,
                "that code is wrong or was already used",
            ),
            AppError::SecondFactorLocked => ApiError::new(
                StatusCode::UNAUTHORIZED,
                code,
                "too many wrong codes in a row: sign in with a recovery code, or ask an administrator to reset two-factor sign-in",
            ),
            AppError::EnrolmentRequired => ApiError::new(
                StatusCode::FORBIDDEN,
                code,
                "this instance requires two-factor sign-in: enrol with POST /api/v1/staff/totp and confirm it first",
            ),
            AppError::InvalidReceipt => {
                ApiError::new(StatusCode::UNAUTHORIZED, code, "receipt not recognised")
            }
            AppError::ReceiptMistyped(refuge_app::error::ReceiptMistake::Length) => ApiError::new(
                StatusCode::BAD_REQUEST,
                code,
                "a receipt has 28 digits (separators are ignored)",
            ),
            AppError::ReceiptMistyped(refuge_app::error::ReceiptMistake::Typo) => ApiError::new(
                StatusCode::BAD_REQUEST,
                code,
                "these 28 digits contain a typo (the check digit does not match)",
            ),
            AppError::Throttled {
                retry_after_seconds,
            } => ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                code,
                format!("too many failed attempts; retry in {retry_after_seconds} s"),
            )
            .retry_after(retry_after_seconds),
            AppError::IntakeBusy {
                retry_after_seconds,
            } => ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                code,
                format!(
                    "many reports are arriving; nothing was stored; send the same report again in {retry_after_seconds} s"
                ),
            )
            .retry_after(retry_after_seconds),
            AppError::ProofOfWorkRequired { bits } => ApiError::new(
                StatusCode::BAD_REQUEST,
                code,
                format!(
                    "send an idempotency_key and a proof_of_work: a string such that SHA-256(\"refuge api proof of work v1\" 0x00 idempotency_key 0x00 proof_of_work) begins with {bits} zero bits"
                ),
            ),
            AppError::QuotaReached(quota) => ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                code,
                match quota {
                    refuge_app::error::Quota::Messages { max } => {
                        format!("this report holds {max} messages from the reporter, the most it may")
                    }
                    refuge_app::error::Quota::MessagesToday { max } => {
                        format!("{max} messages were sent on this report today; send more tomorrow")
                    }
                },
            ),
            AppError::Forbidden => ApiError::new(StatusCode::FORBIDDEN, code, "not allowed"),
            // Where an outsider could probe existence, "not found" (never "forbidden").
            AppError::NotFound => ApiError::new(StatusCode::NOT_FOUND, code, "not found"),
            AppError::NoAccess => ApiError::new(
                StatusCode::FORBIDDEN,
                code,
                "you hold no key to this report yet",
            ),
            AppError::Conflict => ApiError::new(StatusCode::CONFLICT, code, "already exists"),
            AppError::FileRefused(refusal) => file_refusal(refusal),
            AppError::PartnerRule(rule) => ApiError::new(
                if rule == refuge_domain::referral::PartnerRuleError::NameTaken {
                    StatusCode::CONFLICT
                } else {
                    StatusCode::BAD_REQUEST
                },
                code,
                rule.to_string(),
            ),
            AppError::PartnerUnknown => ApiError::new(
                StatusCode::BAD_REQUEST,
                code,
                "partner: no registered partner has this name",
            ),
            AppError::ConsentNotGiven(kind) => ApiError::new(
                StatusCode::FORBIDDEN,
                code,
                if kind == refuge_domain::referral::PartnerKind::Police {
                    "the reporter has not agreed to their report going to the police (refer_to_police)"
                } else {
                    "the reporter has not agreed to their report going to partner organisations (refer_to_partners)"
                },
            ),
            AppError::Unavailable(detail) => {
                let id = log_internal(&detail);
                ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    code,
                    format!("temporarily unavailable (request {id})"),
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use refuge_app::error::{Quota, ReceiptMistake};

    /// Code review §3.3: a use-case error a page did not answer itself is never a 5xx, except
    /// a failure of ours.
    #[test]
    fn only_our_own_failures_are_server_errors_on_pages() {
        let clients = [
            AppError::Invalid(Vec::new()),
            AppError::AccountRule(refuge_domain::staff::AccountRuleError::PasswordTooShort),
            AppError::FormExpired,
            AppError::NoRecipients,
            AppError::Unauthenticated,
            AppError::InvalidCredentials,
            AppError::SecondFactorRequired,
            AppError::SecondFactorInvalid,
            AppError::SecondFactorLocked,
            AppError::EnrolmentRequired,
            AppError::InvalidReceipt,
            AppError::ReceiptMistyped(ReceiptMistake::Typo),
            AppError::Throttled {
                retry_after_seconds: 60,
            },
            AppError::IntakeBusy {
                retry_after_seconds: 60,
            },
            AppError::ProofOfWorkRequired { bits: 12 },
            AppError::QuotaReached(Quota::Messages { max: 3 }),
            AppError::Forbidden,
            AppError::NotFound,
            AppError::NoAccess,
            AppError::Conflict,
            AppError::FileRefused(FileRefusal::DailyLimit),
        ];
        for error in clients {
            let shown = format!("{error:?}");
            let status = PageError::from_app(error).status();
            // NoRecipients is the service's own state, said as 503, not a failure.
            assert!(
                status.is_client_error() || status == StatusCode::SERVICE_UNAVAILABLE,
                "{shown} -> {status}"
            );
        }
        assert!(
            PageError::from_app(AppError::Unavailable("disk".into()))
                .status()
                .is_server_error()
        );
    }
}
