//! Reporter routes: landing, the form, submission.

use axum::Extension;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use refuge_app::AppError;
use refuge_app::error::FileRefusal;
use refuge_app::evidence::{EvidenceLabels, EvidenceWording};
use refuge_app::forms::FormToken;
use refuge_app::intake::{IdempotencyKey, Submitted as Outcome};
use refuge_app::sealed::FileDescription;
use refuge_domain::report::{
    Consent, ContactDraft, FieldError, IDENTIFIERS_MAX, IdentifierDraft, ReportDraft,
};

use super::{Page, app_error, error_page, read_form, see_other};
use crate::WebState;
use crate::body::{BodyError, FormData};
use crate::error::log_internal;
use crate::i18n::Locale;
use crate::notice::{self, Notice};
use crate::pages::reporter::{self as view, ChangedPage, ReceiptPage, ReportForm};
use crate::session::{self, Cookie};
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
    form_page(
        state, locale, accepting, status, submitted, errors, banner, None,
    )
}

/// The form page itself: the reporter's input, and what the page says above it.
#[allow(clippy::too_many_arguments)]
fn form_page(
    state: &WebState,
    locale: Locale,
    accepting: bool,
    status: StatusCode,
    submitted: &Submitted,
    errors: &[FieldError],
    banner: Option<String>,
    notice: Option<String>,
) -> Response {
    let form = ReportForm {
        token: &submitted.token,
        draft: &submitted.draft,
        month: &submitted.month,
        year: &submitted.year,
        identifier_rows: submitted.rows,
        errors,
        banner,
        notice,
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

/// The form, or — while the receipt of a report just sent from this browser may still be shown
/// — that receipt (the answer to sending comes here after a redirect, so a reload never sends
/// again and the address in the history is the form's).
pub async fn report_form(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    headers: HeaderMap,
) -> Page {
    let config = &state.config;
    let notice = notice::take(&headers, config);
    let mut sent_earlier = false;
    if let Some(token) = session::read(&headers, config, Cookie::SentReport)
        .and_then(|text| state.app.read_form_token(&text))
    {
        match state
            .app
            .shown_receipt(&token)
            .await
            .map_err(app_error(&state, locale))?
        {
            Some(shown) => {
                let mut response = receipt_page(
                    &state,
                    locale,
                    &shown.receipt.grouped(),
                    false,
                    &shown.files,
                    &token,
                    notice.map(|n| n.text(locale)),
                );
                if notice.is_some() {
                    notice::clear(&mut response, config);
                }
                return Ok(response);
            }
            None => sent_earlier = true,
        }
    }
    let accepting = state
        .app
        .accepting_reports()
        .await
        .map_err(app_error(&state, locale))?;
    let fresh = fresh(&state, locale);
    let status = if accepting {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let said = notice
        .map(|n| n.text(locale))
        .or_else(|| sent_earlier.then(|| locale.t("receipt-no-longer-shown")));
    let mut response = form_page(&state, locale, accepting, status, &fresh, &[], None, said);
    if notice.is_some() {
        notice::clear(&mut response, config);
    }
    if sent_earlier {
        session::append(
            &mut response,
            session::clear_cookie(config, Cookie::SentReport),
        );
    }
    // Sending the form then tells whether this browser keeps cookies.
    session::append(
        &mut response,
        session::set_cookie(config, Cookie::Probe, "1"),
    );
    Ok(response)
}

fn window_minutes(state: &WebState) -> i64 {
    (state.app.receipt_window_seconds() + 59) / 60
}

/// The receipt page.
fn receipt_page(
    state: &WebState,
    locale: Locale,
    grouped_receipt: &str,
    repeated: bool,
    files: &[FileDescription],
    token: &FormToken,
    notice: Option<String>,
) -> Response {
    view::receipt(
        locale,
        &state.config.quick_exit_url,
        &ReceiptPage {
            grouped_receipt,
            repeated,
            files,
            form_token: &token.to_hex(),
            window_minutes: window_minutes(state),
            notice,
        },
    )
    .into_response()
}

/// The changes of a form sent again, as the text of a message the reporter can still edit:
/// every free-text field they filled in, labelled.
fn changes_as_text(locale: Locale, draft: &ReportDraft) -> String {
    let mut parts = Vec::new();
    if !draft.narrative.trim().is_empty() {
        parts.push(draft.narrative.trim().to_owned());
    }
    let identifiers: Vec<String> = draft
        .identifiers
        .iter()
        .filter(|line| !line.value.trim().is_empty())
        .map(|line| {
            let kind = if line.kind.is_empty() {
                locale.t("field-identifier-value")
            } else {
                locale.t(&format!("identifier-kind-{}", line.kind))
            };
            format!("{kind}: {}", line.value.trim())
        })
        .collect();
    if !identifiers.is_empty() {
        parts.push(identifiers.join("\n"));
    }
    if let Some(city) = draft
        .city
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        parts.push(format!("{}: {city}", locale.t("field-city")));
    }
    if let Some(details) = draft
        .contact
        .details
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        parts.push(format!("{}: {details}", locale.t("field-contact-details")));
    }
    parts.join("\n\n")
}

fn changed_page(
    state: &WebState,
    locale: Locale,
    grouped_receipt: Option<&str>,
    token: &FormToken,
    text: &str,
    error: Option<String>,
    status: StatusCode,
) -> Response {
    (
        status,
        view::changed(
            locale,
            &state.config.quick_exit_url,
            &ChangedPage {
                grouped_receipt,
                form_token: &token.to_hex(),
                once_token: &state.app.issue_form_token(),
                text,
                error,
                window_minutes: window_minutes(state),
            },
        ),
    )
        .into_response()
}

/// The text parts the report form sends: anything else is not our form.
fn report_form_field(name: &str) -> bool {
    let identifier_line = name.strip_prefix("identifiers.").is_some_and(|rest| {
        rest.split_once('.').is_some_and(|(index, part)| {
            !index.is_empty()
                && index.bytes().all(|b| b.is_ascii_digit())
                && matches!(part, "kind" | "value")
        })
    });
    identifier_line
        || matches!(
            name,
            "form_token"
                | "identifier_rows"
                | "narrative"
                | "tactics"
                | "targets"
                | "occurred_month"
                | "occurred_year"
                | "origin_state"
                | "host_country"
                | "host_region"
                | "city"
                | "community"
                | "consent.refer_to_police"
                | "consent.refer_to_partners"
                | "consent.research_statistics"
                | "contact.method"
                | "contact.details"
                | "action"
        )
}

/// The answer to a report form whose body could not be read whole: past a file limit, the form
/// again with every word kept and a note to choose the files again; otherwise an error page.
fn upload_refused(state: &WebState, locale: Locale, error: UploadError) -> Page {
    match error {
        UploadError::Refused(refusal, form) => {
            let mut submitted =
                parse_form(&form, locale).map_err(|e| error_page(state, locale, e))?;
            submitted.files_dropped = true;
            if state.app.read_form_token(&submitted.token).is_none() {
                submitted.token = state.app.issue_form_token();
            }
            let (status, message) = file_refusal_message(locale, refusal);
            Ok(render_form(
                state,
                locale,
                true,
                status,
                &submitted,
                &[],
                Some(message),
            ))
        }
        UploadError::Body(error) => Err(error_page(state, locale, error)),
        UploadError::App(error) => Err(app_error(state, locale)(error)),
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
        FileRefusal::EmptyFile => (StatusCode::BAD_REQUEST, locale.t("error-empty-file")),
        FileRefusal::ReportFull { max } => (
            StatusCode::TOO_MANY_REQUESTS,
            locale.t_with("error-quota-files", &[("max", u64::from(max).into())]),
        ),
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
    let mut files_thrown_away = false;
    // A multipart form brings files: they stream into the submission (sealed as they arrive)
    // before the text is known, and go with it when it is submitted or abandoned.
    let (form, mut submission) = match upload::multipart_boundary(&parts.headers) {
        None => (read_form(&state, locale, body).await?, None),
        Some(boundary) => {
            let mut submission = match state.app.begin_submission().await {
                Ok(submission) => submission,
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
            let opens = |token: &str| state.app.read_form_token(token).is_some();
            let parts = upload::Parts {
                file_field: "files",
                text_allowed: &report_form_field,
                // Files are kept only under a token of ours, which comes first in the form.
                gate: Some(upload::Gate {
                    name: "form_token",
                    opens: &opens,
                }),
                text_limit: state.config.max_body_bytes,
            };
            let received =
                match upload::read_multipart(body, &boundary, &parts, submission.files()).await {
                    Ok(received) => received,
                    Err(error) => {
                        submission.abandon().await;
                        return upload_refused(&state, locale, error);
                    }
                };
            files_thrown_away = received.files_thrown_away;
            (received.form, Some(submission))
        }
    };
    let mut submitted = match parse_form(&form, locale) {
        Ok(submitted) => submitted,
        Err(error) => {
            if let Some(submission) = submission.take() {
                submission.abandon().await;
            }
            return Err(error_page(&state, locale, error));
        }
    };
    let files_sent = files_thrown_away
        || submission
            .as_ref()
            .is_some_and(|s| s.received_files().next().is_some());
    let token = state.app.read_form_token(&submitted.token);
    let (Some(token), false) = (token, submitted.wants_more_lines) else {
        // Paths that do not submit. A multipart form already knows someone can receive reports
        // (`begin_submission` found recipients); only an urlencoded one still needs to ask.
        let accepting = match submission.take() {
            Some(submission) => {
                submission.abandon().await;
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
        return Ok(form_expired(&state, locale, submitted));
    };
    let key = IdempotencyKey::Form(&token);
    let (outcome, files) = match submission {
        Some(submission) => {
            let files: Vec<FileDescription> = submission.received_files().cloned().collect();
            (submission.submit(&submitted.draft, key).await, files)
        }
        None => (
            state.app.submit_report(&submitted.draft, key).await,
            Vec::new(),
        ),
    };
    submitted.files_dropped = files_sent;
    match outcome {
        Ok(Outcome::Stored { receipt }) => Ok(receipt_answer(
            &state,
            locale,
            &parts.headers,
            &token,
            &receipt.grouped(),
            false,
            &files,
        )),
        Ok(Outcome::ShownAgain { receipt }) => {
            // The first submission's files are the ones kept.
            let files = state
                .app
                .shown_receipt(&token)
                .await
                .map_err(app_error(&state, locale))?
                .map(|shown| shown.files)
                .unwrap_or_default();
            Ok(receipt_answer(
                &state,
                locale,
                &parts.headers,
                &token,
                &receipt.grouped(),
                true,
                &files,
            ))
        }
        Ok(Outcome::AlreadyReceived) => {
            Ok(view::already_received(locale, &state.config.quick_exit_url).into_response())
        }
        Ok(Outcome::Changed { receipt }) => Ok(changed_page(
            &state,
            locale,
            receipt.map(|r| r.grouped()).as_deref(),
            &token,
            &changes_as_text(locale, &submitted.draft),
            None,
            StatusCode::OK,
        )),
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
        Err(AppError::FormExpired) => Ok(form_expired(&state, locale, submitted)),
        // Security review M6: past the intake budget, "try again in a few minutes", with
        // every word kept and the same form (its token) to send again.
        Err(AppError::IntakeBusy {
            retry_after_seconds,
        }) => {
            let minutes = (retry_after_seconds + 59) / 60;
            let banner = Some(locale.t_with("error-intake-busy", &[("minutes", minutes.into())]));
            let mut response = render_form(
                &state,
                locale,
                true,
                StatusCode::TOO_MANY_REQUESTS,
                &submitted,
                &[],
                banner,
            );
            if let Ok(value) = axum::http::HeaderValue::from_str(&retry_after_seconds.to_string()) {
                response
                    .headers_mut()
                    .insert(axum::http::header::RETRY_AFTER, value);
            }
            Ok(response)
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

/// The form again, with everything kept and a fresh token: it was not one of ours, or it was
/// open for more than a day.
fn form_expired(state: &WebState, locale: Locale, mut submitted: Submitted) -> Response {
    submitted.token = state.app.issue_form_token();
    render_form(
        state,
        locale,
        true,
        StatusCode::BAD_REQUEST,
        &submitted,
        &[],
        Some(locale.t("error-form-expired")),
    )
}

/// A receipt to show after sending. When the browser keeps cookies (the form's probe came back),
/// it is shown after a redirect to the form's own address, so reloading never sends again;
/// otherwise it is the answer itself.
fn receipt_answer(
    state: &WebState,
    locale: Locale,
    headers: &HeaderMap,
    token: &FormToken,
    grouped_receipt: &str,
    repeated: bool,
    files: &[FileDescription],
) -> Response {
    if session::read(headers, &state.config, Cookie::Probe).is_some() {
        let mut response = see_other(&locale.path("/report"));
        session::append(
            &mut response,
            session::set_cookie(&state.config, Cookie::SentReport, &token.to_hex()),
        );
        return response;
    }
    receipt_page(state, locale, grouped_receipt, repeated, files, token, None)
}

/// "I have written it down": the receipt is not shown again, to anyone.
pub async fn hide_receipt(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    request: Request,
) -> Page {
    let form = read_form(&state, locale, request.into_body()).await?;
    if let Some(token) = form
        .one("form_token")
        .ok()
        .flatten()
        .and_then(|text| state.app.read_form_token(text))
    {
        state
            .app
            .close_receipt_window(&token)
            .await
            .map_err(app_error(&state, locale))?;
    }
    let mut response = see_other(&locale.path("/report"));
    session::append(
        &mut response,
        session::clear_cookie(&state.config, Cookie::SentReport),
    );
    notice::leave(&mut response, &state.config, Notice::ReceiptHidden);
    Ok(response)
}

/// Text changed after sending, added to the report as a message from the reporter.
pub async fn add_to_sent_report(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    request: Request,
) -> Page {
    let form = read_form(&state, locale, request.into_body()).await?;
    let bad = |e: BodyError| error_page(&state, locale, e);
    let body = form.text("body").map_err(bad)?;
    let token = form
        .one("form_token")
        .map_err(bad)?
        .and_then(|text| state.app.read_form_token(text));
    let once = form
        .one("once_token")
        .map_err(bad)?
        .and_then(|text| state.app.read_form_token(text));
    let (Some(token), Some(once)) = (token, once) else {
        return Err(error_page(
            &state,
            locale,
            crate::error::PageError::BadRequest,
        ));
    };
    let refused = |error: String, status: StatusCode| {
        let state = state.clone();
        let token = token.clone();
        let body = body.clone();
        async move {
            let shown = state.app.shown_receipt(&token).await.ok().flatten();
            changed_page(
                &state,
                locale,
                shown.as_ref().map(|s| s.receipt.grouped()).as_deref(),
                &token,
                &body,
                Some(error),
                status,
            )
        }
    };
    match state.app.add_to_sent_report(&token, &once, &body).await {
        Ok(()) => {
            let mut response = see_other(&locale.path("/report"));
            notice::leave(&mut response, &state.config, Notice::AdditionSent);
            Ok(response)
        }
        Err(AppError::NotFound) => {
            Ok(refused(locale.t("addition-too-late"), StatusCode::NOT_FOUND).await)
        }
        Err(error) => {
            let (message, status) =
                super::message_refusal(locale, error).map_err(app_error(&state, locale))?;
            Ok(refused(message, status).await)
        }
    }
}

/// The labels of an evidence receipt in `locale`.
fn evidence_labels(locale: Locale, key_url_known: bool) -> EvidenceLabels {
    EvidenceLabels {
        title: locale.t("evidence-title"),
        intro: locale.t("evidence-intro"),
        files: locale.t("evidence-files"),
        name: locale.t("evidence-name"),
        received: locale.t("evidence-day"),
        size: locale.t("evidence-size"),
        key_published: locale.t(if key_url_known {
            "evidence-key-published"
        } else {
            "evidence-key-published-path"
        }),
        fingerprint: locale.t("evidence-fingerprint"),
        verify: locale.t("evidence-verify"),
        instance: locale.t("evidence-instance"),
        report: locale.t("evidence-report"),
    }
}

/// An evidence receipt's words: the reporter's language, then English for a lawyer or a court
/// abroad; and where the public key is published.
pub(crate) fn evidence_wording(state: &WebState, locale: Locale) -> EvidenceWording {
    let known = state.config.public_url.is_some();
    let mut languages = vec![evidence_labels(locale, known)];
    if locale != Locale::En {
        languages.push(evidence_labels(Locale::En, known));
    }
    EvidenceWording {
        languages,
        key_address: format!(
            "{}/evidence-key.pem",
            state.config.public_url.as_deref().unwrap_or("")
        ),
    }
}

/// The evidence receipt from the receipt page: the form's token finds the submission again,
/// while its receipt may still be shown.
pub async fn evidence_for_form(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    request: Request,
) -> Page {
    let form = read_form(&state, locale, request.into_body()).await?;
    let token = form
        .one("form_token")
        .map_err(|e| error_page(&state, locale, e))?
        .and_then(|text| state.app.read_form_token(text));
    let text = match token {
        Some(token) => state
            .app
            .evidence_receipt_for_form(&token, &evidence_wording(&state, locale))
            .await
            .map(Some),
        None => Ok(None),
    };
    match text {
        Ok(Some(text)) => Ok(super::attachment(
            "refuge-evidence-receipt.txt",
            axum::body::Body::from(text),
        )),
        Ok(None) | Err(AppError::NotFound) => Ok((
            StatusCode::NOT_FOUND,
            crate::pages::layout::error_page(
                locale,
                &state.config.quick_exit_url,
                &locale.t("evidence-too-late"),
            ),
        )
            .into_response()),
        Err(other) => Err(app_error(&state, locale)(other)),
    }
}

/// The public key that verifies evidence receipts.
pub async fn evidence_key(State(state): State<WebState>) -> Response {
    super::attachment(
        "refuge-evidence-key.pem",
        axum::body::Body::from(state.app.evidence_public_key()),
    )
}
