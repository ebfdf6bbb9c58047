//! Referral routes: partner organisations (administrators), referring a report (caseworkers,
//! answered with the bundle itself), and the reporter changing their consent.

use std::collections::HashMap;

use axum::Extension;
use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use refuge_app::AppError;
use refuge_app::referral::{ReferralBundle, ReferralLabels, ReferralWording};
use refuge_app::sealed::SealedReport;
use refuge_app::sessions::StaffSession;
use refuge_domain::referral::{FilesChoice, PartnerKind, PartnerRuleError, ReferralInclude};
use refuge_domain::report::Consent;
use refuge_domain::taxonomy::{
    Community, HOST_COUNTRIES, IdentifierKind, KNOWN_ORIGIN_STATES, Language, Tactic, Target,
    regions_of,
};
use refuge_domain::{PartnerId, ReportId};

use super::followup::{done, reporter_form};
use super::staff::{report_form, report_page, require_session, staff_form};
use super::{Page, app_error, error_page, query_param, see_other};
use crate::WebState;
use crate::body::FormData;
use crate::error::PageError;
use crate::i18n::Locale;
use crate::notice::Notice;
use crate::pages::referral::{self as view, PartnerForm, ReferralForm, ReferralSection};
use crate::pages::staff as staff_view;
use crate::session::StaffNav;

/// The words of `report.txt` in `locale`.
fn labels(locale: Locale) -> ReferralLabels {
    let mut names = HashMap::new();
    let mut name = |code: String, id: String| {
        names.insert(code, locale.t(&id));
    };
    for t in Tactic::ALL {
        name(t.code().into(), format!("tactic-{}", t.code()));
    }
    for t in Target::ALL {
        name(t.code().into(), format!("target-{}", t.code()));
    }
    for c in Community::ALL {
        name(c.code().into(), format!("community-{}", c.code()));
    }
    for k in IdentifierKind::ALL {
        name(k.code().into(), format!("identifier-kind-{}", k.code()));
    }
    for c in HOST_COUNTRIES {
        name((*c).into(), format!("country-{c}"));
    }
    for c in KNOWN_ORIGIN_STATES {
        names
            .entry((*c).into())
            .or_insert_with(|| locale.t(&format!("origin-{c}")));
    }
    for c in HOST_COUNTRIES {
        for (code, region) in regions_of(c) {
            names.insert((*code).into(), (*region).into());
        }
    }
    ReferralLabels {
        title: locale.t("bundle-title"),
        intro: locale.t("bundle-intro"),
        received: locale.t("bundle-received"),
        occurred: locale.t("report-field-occurred"),
        place: locale.t("report-field-where"),
        tactics: locale.t("bundle-tactics"),
        targets: locale.t("section-who"),
        community: locale.t("field-community"),
        origin: locale.t("field-origin-state"),
        narrative: locale.t("section-narrative"),
        identifiers: locale.t("section-identifiers"),
        messages: locale.t("bundle-messages"),
        from_reporter: locale.t("bundle-from-reporter"),
        from_caseworker: locale.t("bundle-from-caseworker"),
        files: locale.t("report-files"),
        consent: locale.t("bundle-consent"),
        verify: locale.t("bundle-verify"),
        names,
    }
}

/// `report.txt` in the report's language, then in English.
pub fn referral_wording(language: Language) -> ReferralWording {
    let own = Locale::from_tag(language.code()).unwrap_or(Locale::En);
    let mut languages = vec![labels(own)];
    if own != Locale::En {
        languages.push(labels(Locale::En));
    }
    ReferralWording { languages }
}

/// The referral section of a report page.
pub(super) async fn referral_section(
    state: &WebState,
    session: &StaffSession,
    sealed: &SealedReport,
    id: ReportId,
    form: ReferralForm,
) -> Result<ReferralSection, AppError> {
    Ok(ReferralSection {
        consent: state.app.consent_for_staff(session, sealed, id).await?,
        referrals: state.app.referrals_for_staff(session, sealed, id).await?,
        partners: state.app.partners(session).await?,
        form,
    })
}

/// What the referral form asks for.
pub(super) fn referral_form(form: &FormData) -> Result<ReferralForm, PageError> {
    let checked = |name: &str| form.checked(name).map_err(|_| PageError::BadRequest);
    let files = match form.one("files").map_err(|_| PageError::BadRequest)? {
        None | Some("") => FilesChoice::None,
        Some(code) => FilesChoice::from_code(code).ok_or(PageError::BadRequest)?,
    };
    Ok(ReferralForm {
        partner: form.text("partner").map_err(|_| PageError::BadRequest)?,
        include: ReferralInclude {
            narrative: checked("narrative")?,
            identifiers: checked("identifiers")?,
            messages: checked("messages")?,
            files,
        },
        error: None,
    })
}

/// Why a referral was refused, in the caseworker's words.
pub fn refusal_message(locale: Locale, error: &AppError) -> Option<(String, StatusCode)> {
    match error {
        AppError::ConsentNotGiven(kind) => Some((
            locale.t(if *kind == PartnerKind::Police {
                "referral-refused-police"
            } else {
                "referral-refused-partners"
            }),
            StatusCode::FORBIDDEN,
        )),
        AppError::PartnerUnknown => Some((
            locale.t("referral-refused-partner"),
            StatusCode::BAD_REQUEST,
        )),
        _ => None,
    }
}

/// The bundle as a download: an age file, never cached.
pub fn bundle_response(status: StatusCode, bundle: ReferralBundle) -> Response {
    let mut response = super::attachment(&bundle.file_name, Body::from(bundle.bytes));
    *response.status_mut() = status;
    if let Ok(value) = HeaderValue::from_str(&bundle.referral.to_string()) {
        response.headers_mut().insert("x-refuge-referral", value);
    }
    response
}

/// `POST /staff/reports/{id}/referrals`: the bundle, or the report page saying why not.
pub async fn refer(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    Path(id): Path<String>,
    request: Request,
) -> Page {
    let (session, id, form) = report_form(&state, locale, &id, request).await?;
    let chosen = referral_form(&form).map_err(|e| error_page(&state, locale, e))?;
    let language = state
        .app
        .report_meta(&session, id)
        .await
        .map_err(app_error(&state, locale))?
        .language;
    match state
        .app
        .refer(
            &session,
            id,
            &chosen.partner,
            chosen.include,
            &referral_wording(language),
        )
        .await
    {
        Ok(bundle) => Ok(bundle_response(StatusCode::OK, bundle)),
        Err(error) => match refusal_message(locale, &error) {
            Some((message, status)) => {
                report_page(
                    &state,
                    locale,
                    &session,
                    id,
                    None,
                    staff_view::Reply {
                        form_token: state.app.issue_form_token(),
                        referral: ReferralForm {
                            error: Some(message),
                            ..chosen
                        },
                        ..staff_view::Reply::default()
                    },
                    status,
                )
                .await
            }
            None => Err(app_error(&state, locale)(error)),
        },
    }
}

fn partner_refusal(locale: Locale, error: &AppError) -> Option<String> {
    match error {
        AppError::PartnerRule(rule) => Some(locale.t(match rule {
            PartnerRuleError::NameInvalid => "partners-error-name",
            PartnerRuleError::NameTaken => "partners-error-taken",
            PartnerRuleError::SecretKeyPasted => "partners-error-secret",
            PartnerRuleError::RecipientInvalid => "partners-error-key",
        })),
        _ => None,
    }
}

async fn partners_answer(
    state: &WebState,
    locale: Locale,
    session: &StaffSession,
    form: &PartnerForm,
    notice: Option<String>,
    status: StatusCode,
) -> Page {
    let partners = state
        .app
        .partners(session)
        .await
        .map_err(app_error(state, locale))?;
    let nav = StaffNav::of(session);
    Ok((
        status,
        view::partners_page(locale, &nav, &partners, form, notice),
    )
        .into_response())
}

/// `GET /staff/admin/partners`.
pub async fn partners_page(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    request: Request,
) -> Page {
    let session = require_session(&state, locale, request.headers()).await?;
    if !session.may(refuge_domain::Permission::ManagePartners) {
        return Err(app_error(&state, locale)(AppError::Forbidden));
    }
    let notice = match query_param(request.uri().query(), "done").as_deref() {
        Some("added") => Some(locale.t("partners-added-notice")),
        Some("removed") => Some(locale.t("partners-removed-notice")),
        _ => None,
    };
    partners_answer(
        &state,
        locale,
        &session,
        &PartnerForm::default(),
        notice,
        StatusCode::OK,
    )
    .await
}

/// `POST /staff/admin/partners`.
pub async fn add_partner(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    request: Request,
) -> Page {
    let (session, form) = staff_form(&state, locale, request).await?;
    let text = |name: &str| form.text(name).map_err(|e| error_page(&state, locale, e));
    let mut typed = PartnerForm {
        name: text("name")?,
        kind: text("kind")?,
        key: text("key")?,
        error: None,
    };
    let Some(kind) = PartnerKind::from_code(&typed.kind) else {
        typed.error = Some(locale.problem(refuge_domain::report::Problem::UnknownCode));
        return partners_answer(
            &state,
            locale,
            &session,
            &typed,
            None,
            StatusCode::BAD_REQUEST,
        )
        .await;
    };
    match state
        .app
        .add_partner(&session, &typed.name, kind, &typed.key)
        .await
    {
        Ok(_) => Ok(see_other(&locale.path("/staff/admin/partners?done=added"))),
        Err(error) => match partner_refusal(locale, &error) {
            Some(message) => {
                typed.error = Some(message);
                // A secret key pasted by mistake is not shown again, nor kept anywhere.
                if matches!(
                    error,
                    AppError::PartnerRule(PartnerRuleError::SecretKeyPasted)
                ) {
                    typed.key.clear();
                }
                partners_answer(
                    &state,
                    locale,
                    &session,
                    &typed,
                    None,
                    StatusCode::BAD_REQUEST,
                )
                .await
            }
            None => Err(app_error(&state, locale)(error)),
        },
    }
}

/// `POST /staff/admin/partners/{id}/remove`.
pub async fn remove_partner(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    Path(id): Path<String>,
    request: Request,
) -> Page {
    let (session, _) = staff_form(&state, locale, request).await?;
    let id: PartnerId = id
        .parse()
        .map_err(|_| error_page(&state, locale, PageError::NotFound))?;
    match state.app.remove_partner(&session, id).await {
        // Removed already (sent twice): the list shows what is there.
        Ok(()) | Err(AppError::NotFound) => Ok(see_other(
            &locale.path("/staff/admin/partners?done=removed"),
        )),
        Err(error) => Err(app_error(&state, locale)(error)),
    }
}

/// `POST /followup/consent`: the reporter changes their consent, from now on.
pub async fn change_consent(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    request: Request,
) -> Page {
    let (session, form) = reporter_form(&state, locale, request).await?;
    let checked = |name: &str| {
        form.checked(name)
            .map_err(|e| error_page(&state, locale, e))
    };
    let consent = Consent {
        refer_to_police: checked("consent.refer_to_police")?,
        refer_to_partners: checked("consent.refer_to_partners")?,
        research_statistics: checked("consent.research_statistics")?,
    };
    state
        .app
        .change_consent(&session, consent)
        .await
        .map_err(app_error(&state, locale))?;
    Ok(done(&state, locale, Notice::ConsentSaved))
}
