//! Reporter routes: landing, the form, submission.

use axum::Extension;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use refuge_app::AppError;
use refuge_app::evidence::{EvidenceLabels, FileDescription, FileRefusal, UploadBatch};
use refuge_app::intake::PendingReport;
use refuge_domain::report::{
    Consent, ContactDraft, FieldError, IDENTIFIERS_MAX, IdentifierDraft, ReportDraft,
};

use super::{Page, app_error, error_page, read_form};
use crate::WebState;
use crate::body::{BodyError, FormData};
use crate::error::log_internal;
use crate::i18n::Locale;
use crate::pages::reporter::{self as view, ReportForm};
use crate::upload::{self, UploadError};

/// Identifier lines shown on a fresh form, and added per "more lines".
const IDENTIFIER_ROWS_START: usize = 3;
const IDENTIFIER_ROWS_STEP: usize = 3;
/// Highest identifier line index read from a form: beyond the limit plus the empty lines a
/// browser may send, anything more is not a real form.
const IDENTIFIER_INDEX_CEILING: usize = IDENTIFIERS_MAX + 20;

pub async fn landing(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
) -> Response {
    view::landing(locale, &state.config.quick_exit_url).into_response()
}

/// The form as submitted, with the raw values needed to show it again.
struct Submitted {
    draft: ReportDraft,
    month: String,
    year: String,
    rows: usize,
    token: String,
    wants_more_lines: bool,
    /// Files came with this submission but will not be kept (the form is shown again).
    files_dropped: bool,
}

fn parse_form(form: &FormData, locale: Locale) -> Result<Submitted, BodyError> {
    let month = form.text("occurred_month")?.trim().to_owned();
    let year = form.text("occurred_year")?.trim().to_owned();
    let occurred = match (month.is_empty(), year.is_empty()) {
        (true, true) => None,
        (false, false) => Some(match month.parse::<u32>() {
            Ok(m) => format!("{year}-{m:02}"),
            Err(_) => "invalid".to_owned(),
        }),
        _ => Some("incomplete".to_owned()),
    };
    let mut identifiers = Vec::new();
    let mut highest = None;
    for name in form.names() {
        if let Some(rest) = name.strip_prefix("identifiers.") {
            let index: usize = rest
                .split('.')
                .next()
                .and_then(|i| i.parse().ok())
                .ok_or(BodyError::Malformed)?;
            if index >= IDENTIFIER_INDEX_CEILING {
                return Err(BodyError::Malformed);
            }
            highest = Some(highest.map_or(index, |h: usize| h.max(index)));
        }
    }
    if let Some(highest) = highest {
        for index in 0..=highest {
            identifiers.push(IdentifierDraft {
                kind: form.text(&format!("identifiers.{index}.kind"))?,
                value: form.text(&format!("identifiers.{index}.value"))?,
            });
        }
    }
    let shown_rows: usize = form
        .text("identifier_rows")?
        .parse()
        .unwrap_or(IDENTIFIER_ROWS_START);
    let rows = shown_rows
        .max(identifiers.len())
        .clamp(IDENTIFIER_ROWS_START, IDENTIFIER_INDEX_CEILING);
    let optional = |name: &str| -> Result<Option<String>, BodyError> {
        Ok(form.one(name)?.map(str::to_owned))
    };
    let draft = ReportDraft {
        language: locale.tag().to_owned(),
        origin_state: optional("origin_state")?,
        host_country: optional("host_country")?,
        host_region: optional("host_region")?,
        city: optional("city")?,
        occurred,
        tactics: form.all("tactics"),
        targets: form.all("targets"),
        community: optional("community")?,
        narrative: form.text("narrative")?,
        identifiers,
        consent: Consent {
            refer_to_police: form.checked("consent.refer_to_police")?,
            refer_to_partners: form.checked("consent.refer_to_partners")?,
            research_statistics: form.checked("consent.research_statistics")?,
        },
        contact: ContactDraft {
            via_platform_only: form.one("contact.method")? != Some("other"),
            details: optional("contact.details")?,
        },
    };
    Ok(Submitted {
        draft,
        month,
        year,
        rows,
        token: form.text("form_token")?,
        wants_more_lines: form.one("action")? == Some("more_identifiers"),
        files_dropped: false,
    })
}

/// The form with what the reporter sent (or a fresh one), with errors and a banner if any.
fn render_form(
    state: &WebState,
    locale: Locale,
    accepting: bool,
    status: StatusCode,
    submitted: &Submitted,
    errors: &[FieldError],
    banner: Option<String>,
) -> Response {
    let form = ReportForm {
        token: &submitted.token,
        draft: &submitted.draft,
        month: &submitted.month,
        year: &submitted.year,
        identifier_rows: submitted.rows,
        errors,
        banner,
        accepting,
        origin_states: &state.app.settings().origin_states,
        current_year: state.app.intake_rules().today.year_month().year,
        file_limits: state.app.settings().files,
        files_dropped: submitted.files_dropped,
    };
    (
        status,
        view::report_form(locale, &state.config.quick_exit_url, &form),
    )
        .into_response()
}

pub async fn report_form(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
) -> Page {
    let accepting = state
        .app
        .accepting_reports()
        .await
        .map_err(app_error(&state, locale))?;
    let fresh = Submitted {
        draft: ReportDraft {
            language: locale.tag().into(),
            ..ReportDraft::default()
        },
        month: String::new(),
        year: String::new(),
        rows: IDENTIFIER_ROWS_START,
        token: state.app.issue_form_token(),
        wants_more_lines: false,
        files_dropped: false,
    };
    let status = if accepting {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    Ok(render_form(
        &state,
        locale,
        accepting,
        status,
        &fresh,
        &[],
        None,
    ))
}

/// What came with a multipart submission: the report being prepared and its files.
struct WithFiles {
    pending: PendingReport,
    batch: UploadBatch,
}

impl WithFiles {
    async fn abandon(self, state: &WebState) {
        self.batch.abandon(&state.app).await;
        state.app.abandon_report(self.pending).await;
    }
}

/// The localized message and status for refused files.
pub(crate) fn file_refusal_message(locale: Locale, refusal: FileRefusal) -> (StatusCode, String) {
    let mib = |bytes: u64| bytes.div_ceil(1024 * 1024);
    match refusal {
        FileRefusal::FileTooLarge { max_bytes } => (
            StatusCode::PAYLOAD_TOO_LARGE,
            locale.t_with("error-file-too-large", &[("max", mib(max_bytes).into())]),
        ),
        FileRefusal::ReportTooLarge { max_bytes } => (
            StatusCode::PAYLOAD_TOO_LARGE,
            locale.t_with(
                "error-report-files-too-large",
                &[("max", mib(max_bytes).into())],
            ),
        ),
        FileRefusal::DailyLimit => (
            StatusCode::TOO_MANY_REQUESTS,
            locale.t("error-daily-upload-limit"),
        ),
        FileRefusal::TooManyFiles { max } => (
            StatusCode::BAD_REQUEST,
            locale.t_with("error-too-many-files", &[("max", (max as u64).into())]),
        ),
        FileRefusal::NoFiles => (StatusCode::BAD_REQUEST, locale.t("error-no-files")),
    }
}

/// A fresh form's values, for pages that cannot show the input (nobody can receive it).
fn fresh(state: &WebState, locale: Locale) -> Submitted {
    Submitted {
        draft: ReportDraft {
            language: locale.tag().into(),
            ..ReportDraft::default()
        },
        month: String::new(),
        year: String::new(),
        rows: IDENTIFIER_ROWS_START,
        token: state.app.issue_form_token(),
        wants_more_lines: false,
        files_dropped: false,
    }
}

pub async fn submit_report(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    request: Request,
) -> Page {
    let (parts, body) = request.into_parts();
    let (form, mut with_files) = match upload::multipart_boundary(&parts.headers) {
        None => (read_form(&state, locale, body).await?, None),
        Some(boundary) => {
            let pending = match state.app.prepare_report().await {
                Ok(pending) => pending,
                Err(AppError::NoRecipients) => {
                    // Nobody could read it: read nothing, keep nothing, say so.
                    let _ = crate::body::read(body, 0).await;
                    let fresh = fresh(&state, locale);
                    return Ok(render_form(
                        &state,
                        locale,
                        false,
                        StatusCode::SERVICE_UNAVAILABLE,
                        &fresh,
                        &[],
                        None,
                    ));
                }
                Err(other) => return Err(app_error(&state, locale)(other)),
            };
            let mut batch = state.app.upload_batch_for_new_report(&pending);
            let read = upload::read_multipart(
                &state.app,
                body,
                &boundary,
                state.config.max_body_bytes,
                "files",
                None,
                &mut batch,
            )
            .await;
            let with_files = WithFiles { pending, batch };
            match read {
                Ok(form) => (form, Some(with_files)),
                Err(UploadError::Refused(refusal, form)) => {
                    with_files.abandon(&state).await;
                    let mut submitted =
                        parse_form(&form, locale).map_err(|e| error_page(&state, locale, e))?;
                    submitted.files_dropped = true;
                    if !state.app.form_token_is_valid(&submitted.token) {
                        submitted.token = state.app.issue_form_token();
                    }
                    let (status, message) = file_refusal_message(locale, refusal);
                    return Ok(render_form(
                        &state,
                        locale,
                        true,
                        status,
                        &submitted,
                        &[],
                        Some(message),
                    ));
                }
                Err(UploadError::Body(error)) => {
                    with_files.abandon(&state).await;
                    return Err(error_page(&state, locale, error));
                }
                Err(UploadError::App(error)) => {
                    with_files.abandon(&state).await;
                    return Err(app_error(&state, locale)(error));
                }
            }
        }
    };
    let mut submitted = match parse_form(&form, locale) {
        Ok(submitted) => submitted,
        Err(error) => {
            if let Some(with_files) = with_files.take() {
                with_files.abandon(&state).await;
            }
            return Err(error_page(&state, locale, error));
        }
    };
    let files_sent = with_files.as_ref().is_some_and(|w| !w.batch.is_empty());
    let valid_token = hex::decode(&submitted.token)
        .ok()
        .filter(|_| state.app.form_token_is_valid(&submitted.token));
    let (Some(token_bytes), false) = (valid_token, submitted.wants_more_lines) else {
        // Paths that do not submit. A multipart form already knows someone can receive reports
        // (`prepare_report` found recipients); only an urlencoded one still needs to ask.
        let accepting = match with_files.take() {
            Some(with_files) => {
                with_files.abandon(&state).await;
                true
            }
            None => state
                .app
                .accepting_reports()
                .await
                .map_err(app_error(&state, locale))?,
        };
        submitted.files_dropped = files_sent;
        if !accepting {
            return Ok(render_form(
                &state,
                locale,
                false,
                StatusCode::SERVICE_UNAVAILABLE,
                &submitted,
                &[],
                None,
            ));
        }
        if submitted.wants_more_lines {
            submitted.rows = (submitted.rows + IDENTIFIER_ROWS_STEP).min(IDENTIFIERS_MAX);
            return Ok(render_form(
                &state,
                locale,
                true,
                StatusCode::OK,
                &submitted,
                &[],
                None,
            ));
        }
        // A form we did not serve (or from before a key change): keep the input, new token.
        submitted.token = state.app.issue_form_token();
        let banner = Some(locale.t("error-form-expired"));
        return Ok(render_form(
            &state,
            locale,
            true,
            StatusCode::BAD_REQUEST,
            &submitted,
            &[],
            banner,
        ));
    };
    let (outcome, files) = match with_files {
        Some(WithFiles { mut pending, batch }) => {
            let files: Vec<FileDescription> = batch.received().cloned().collect();
            state.app.attach_to_new_report(&mut pending, batch);
            (
                state
                    .app
                    .submit_pending(pending, &submitted.draft, &token_bytes)
                    .await,
                files,
            )
        }
        None => (
            state
                .app
                .submit_report(&submitted.draft, &token_bytes)
                .await,
            Vec::new(),
        ),
    };
    submitted.files_dropped = files_sent;
    match outcome {
        Ok(accepted) => Ok(view::receipt(
            locale,
            &state.config.quick_exit_url,
            &accepted.receipt.grouped(),
            accepted.repeated,
            if accepted.repeated { &[] } else { &files },
            &submitted.token,
        )
        .into_response()),
        Err(AppError::Invalid(errors)) => {
            let banner = Some(locale.t("report-errors-summary"));
            Ok(render_form(
                &state,
                locale,
                true,
                StatusCode::BAD_REQUEST,
                &submitted,
                &errors,
                banner,
            ))
        }
        Err(AppError::NoRecipients) => Ok(render_form(
            &state,
            locale,
            false,
            StatusCode::SERVICE_UNAVAILABLE,
            &submitted,
            &[],
            None,
        )),
        Err(AppError::Unavailable(detail)) => {
            log_internal(&detail);
            let banner = Some(locale.t("error-save-failed"));
            Ok(render_form(
                &state,
                locale,
                true,
                StatusCode::SERVICE_UNAVAILABLE,
                &submitted,
                &[],
                banner,
            ))
        }
        Err(other) => Err(app_error(&state, locale)(other)),
    }
}

/// The labels of an evidence receipt in `locale`.
pub(crate) fn evidence_labels(locale: Locale) -> EvidenceLabels {
    EvidenceLabels {
        title: locale.t("evidence-title"),
        intro: locale.t("evidence-intro"),
        files: locale.t("evidence-files"),
        name: locale.t("evidence-name"),
        received: locale.t("evidence-day"),
        size: locale.t("evidence-size"),
        verify: locale.t("evidence-verify"),
    }
}

/// The evidence receipt from the receipt page: the form's token finds the submission again.
pub async fn evidence_for_form(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    request: Request,
) -> Page {
    let form = read_form(&state, locale, request.into_body()).await?;
    let token = form
        .text("form_token")
        .map_err(|e| error_page(&state, locale, e))?;
    let text = state
        .app
        .evidence_receipt_for_form(&token, &evidence_labels(locale))
        .await
        .map_err(app_error(&state, locale))?;
    Ok(super::attachment(
        "refuge-evidence-receipt.txt",
        axum::body::Body::from(text),
    ))
}

/// The public key that verifies evidence receipts.
pub async fn evidence_key(State(state): State<WebState>) -> Response {
    super::attachment(
        "refuge-evidence-key.pem",
        axum::body::Body::from(state.app.evidence_public_key()),
    )
}
