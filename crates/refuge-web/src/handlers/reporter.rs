//! Reporter routes: landing, the form, submission.

use axum::Extension;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use refuge_app::AppError;
use refuge_domain::report::{
    Consent, ContactDraft, FieldError, IDENTIFIERS_MAX, IdentifierDraft, ReportDraft,
};

use crate::WebState;
use crate::body::{BodyError, FormData};
use crate::error::{LocalizedError, PageError, log_internal};
use crate::i18n::Locale;
use crate::pages::reporter::{self as view, ReportForm};

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
    })
}

struct FormRender<'a> {
    state: &'a WebState,
    locale: Locale,
    accepting: bool,
}

impl FormRender<'_> {
    fn render(
        &self,
        status: StatusCode,
        submitted: &Submitted,
        errors: &[FieldError],
        banner: Option<String>,
    ) -> Response {
        let app = &self.state.app;
        let form = ReportForm {
            token: &submitted.token,
            draft: &submitted.draft,
            month: &submitted.month,
            year: &submitted.year,
            identifier_rows: submitted.rows,
            errors,
            banner,
            accepting: self.accepting,
            origin_states: &app.settings().origin_states,
            current_year: app.intake_rules().today.year_month().year,
        };
        (
            status,
            view::report_form(self.locale, &self.state.config.quick_exit_url, &form),
        )
            .into_response()
    }
}

pub async fn report_form(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
) -> Response {
    let accepting = match state.app.accepting_reports().await {
        Ok(accepting) => accepting,
        Err(error) => return PageError::from_app(error).render(locale, &state.config),
    };
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
    };
    let status = if accepting {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    FormRender {
        state: &state,
        locale,
        accepting,
    }
    .render(status, &fresh, &[], None)
}

pub async fn submit_report(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    request: Request,
) -> Result<Response, LocalizedError> {
    let fail = |error: PageError| LocalizedError(locale, state.config.clone(), error);
    let form = super::read_form(&state, locale, request.into_body()).await?;
    let mut submitted = parse_form(&form, locale).map_err(|e| fail(e.into()))?;
    let accepting = state
        .app
        .accepting_reports()
        .await
        .map_err(|e| fail(PageError::from_app(e)))?;
    let renderer = FormRender {
        state: &state,
        locale,
        accepting,
    };
    if !accepting {
        return Ok(renderer.render(StatusCode::SERVICE_UNAVAILABLE, &submitted, &[], None));
    }
    if submitted.wants_more_lines {
        submitted.rows = (submitted.rows + IDENTIFIER_ROWS_STEP).min(IDENTIFIERS_MAX);
        return Ok(renderer.render(StatusCode::OK, &submitted, &[], None));
    }
    let token_bytes = match hex::decode(&submitted.token).ok() {
        Some(bytes) if state.app.form_token_is_valid(&submitted.token) => bytes,
        _ => {
            // A form we did not serve (or from before a key change): keep the input, new token.
            submitted.token = state.app.issue_form_token();
            return Ok(renderer.render(
                StatusCode::BAD_REQUEST,
                &submitted,
                &[],
                Some(locale.t("error-form-expired")),
            ));
        }
    };
    match state
        .app
        .submit_report(&submitted.draft, &token_bytes)
        .await
    {
        Ok(accepted) => Ok(view::receipt(
            locale,
            &state.config.quick_exit_url,
            &accepted.receipt.grouped(),
            accepted.repeated,
        )
        .into_response()),
        Err(AppError::Invalid(errors)) => Ok(renderer.render(
            StatusCode::BAD_REQUEST,
            &submitted,
            &errors,
            Some(locale.t("report-errors-summary")),
        )),
        Err(AppError::NoRecipients) => Ok(FormRender {
            state: &state,
            locale,
            accepting: false,
        }
        .render(StatusCode::SERVICE_UNAVAILABLE, &submitted, &[], None)),
        Err(AppError::Unavailable(detail)) => {
            log_internal(&detail);
            Ok(renderer.render(
                StatusCode::SERVICE_UNAVAILABLE,
                &submitted,
                &[],
                Some(locale.t("error-save-failed")),
            ))
        }
        Err(other) => Err(fail(PageError::from_app(other))),
    }
}
