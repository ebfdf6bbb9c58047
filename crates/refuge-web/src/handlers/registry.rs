//! The public registry's pages and open-data exports (`/registry`, `/registry/{id}`,
//! `/registry.csv`, `/registry.json`), and the researchers' workbench under
//! `/staff/registry`. Public routes need no sign-in and set no cookie.

use std::collections::BTreeSet;

use axum::Extension;
use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use refuge_app::registry::{RegistryExport, RegistryFilter, registry_csv};
use refuge_domain::EntryId;
use refuge_domain::registry::{AllegationStatus, EntryKind};

use super::{Page, app_error, error_page, query_pairs};
use crate::WebState;
use crate::error::PageError;
use crate::i18n::Locale;
use crate::pages::registry::{self as view, FilterForm};
use crate::pages::world_map;

/// Whether `code` is a country of the map (ISO 3166-1 alpha-2).
pub fn known_country(code: &str) -> bool {
    world_map::countries().iter().any(|c| c.code == code)
}

/// Which filter could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterProblem {
    Kind,
    Country,
    Status,
    Text,
}

impl FilterProblem {
    pub fn field(self) -> &'static str {
        match self {
            FilterProblem::Kind => "kind",
            FilterProblem::Country => "country",
            FilterProblem::Status => "status",
            FilterProblem::Text => "q",
        }
    }
}

/// Longest text filter, in characters.
const TEXT_FILTER_MAX_CHARS: usize = 200;

/// Reads `kind`, `country`, `status` and `q` (empty values mean "any"); the typed values come
/// back either way, to show the form again.
pub fn read_filter(query: Option<&str>) -> (FilterForm, Result<RegistryFilter, FilterProblem>) {
    let mut form = FilterForm::default();
    for (key, value) in query_pairs(query) {
        match key.as_str() {
            "kind" => form.kind = value,
            "country" => form.country = value,
            "status" => form.status = value,
            "q" => form.text = value,
            _ => {}
        }
    }
    let filter = (|| {
        let kind = match form.kind.trim() {
            "" => None,
            code => Some(EntryKind::from_code(code).ok_or(FilterProblem::Kind)?),
        };
        let country = match form.country.trim().to_ascii_uppercase().as_str() {
            "" => None,
            code if known_country(code) => Some(code.to_owned()),
            _ => return Err(FilterProblem::Country),
        };
        let status = match form.status.trim() {
            "" => None,
            code => Some(AllegationStatus::from_code(code).ok_or(FilterProblem::Status)?),
        };
        if form.text.chars().count() > TEXT_FILTER_MAX_CHARS {
            return Err(FilterProblem::Text);
        }
        let text = RegistryFilter::words(&form.text);
        Ok(RegistryFilter {
            kind,
            country,
            status,
            text,
        })
    })();
    (form, filter)
}

/// `GET /registry`.
pub async fn list(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    request: Request,
) -> Page {
    let (mut form, filter) = read_filter(request.uri().query());
    // Every published entry, read once: the filter's country choices come from all of them,
    // the list from those the filter admits.
    let all = state
        .app
        .public_registry(&RegistryFilter::default())
        .await
        .map_err(app_error(&state, locale))?;
    let countries: Vec<String> = all
        .iter()
        .filter_map(|e| e.body.country.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let (filter, status) = match filter {
        Ok(filter) => (filter, StatusCode::OK),
        Err(problem) => {
            form.error = Some(locale.t(&format!("registry-filter-bad-{}", problem.field())));
            (RegistryFilter::default(), StatusCode::BAD_REQUEST)
        }
    };
    let entries: Vec<_> = all.into_iter().filter(|e| filter.admits(&e.body)).collect();
    let page_number = super::query_param(request.uri().query(), "page")
        .and_then(|p| p.parse::<usize>().ok())
        .unwrap_or(1);
    Ok((
        status,
        view::list_page(
            locale,
            &state.config.quick_exit_url,
            &form,
            &filter,
            &entries,
            &countries,
            page_number,
        ),
    )
        .into_response())
}

/// `GET /registry/{id}`: a published entry; a draft or withdrawn one does not exist here.
pub async fn entry(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    Path(id): Path<String>,
) -> Page {
    let id: EntryId = id
        .parse()
        .map_err(|_| error_page(&state, locale, PageError::NotFound))?;
    let page = state
        .app
        .public_entry(id)
        .await
        .map_err(app_error(&state, locale))?;
    Ok(view::entry_page(locale, &state.config.quick_exit_url, &page).into_response())
}

/// Open data is served as what it is (CSV, JSON), not as an attachment: attachments here are
/// always opaque octet streams (report files), and the pages' links ask browsers to save these.
fn open_data(content_type: &'static str, body: Vec<u8>) -> Response {
    let mut response = Body::from(body).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

/// The JSON export: everything published, the sources it cites, and the licence.
pub fn export_json(export: &RegistryExport, licence: &str) -> serde_json::Value {
    serde_json::json!({
        "licence": licence,
        "entries": export.entries.iter().map(crate::api::registry::entry_json).collect::<Vec<_>>(),
        "sources": export.sources.iter().map(crate::api::registry::source_json).collect::<Vec<_>>(),
    })
}

/// `GET /registry.csv`.
pub async fn csv(State(state): State<WebState>, Extension(locale): Extension<Locale>) -> Page {
    let export = state
        .app
        .registry_export()
        .await
        .map_err(app_error(&state, locale))?;
    let body =
        registry_csv(&export, &state.config.registry_licence).map_err(app_error(&state, locale))?;
    Ok(open_data("text/csv; charset=utf-8", body))
}

/// `GET /registry.json`.
pub async fn json(State(state): State<WebState>, Extension(locale): Extension<Locale>) -> Page {
    let export = state
        .app
        .registry_export()
        .await
        .map_err(app_error(&state, locale))?;
    let body = serde_json::to_vec_pretty(&export_json(&export, &state.config.registry_licence))
        .map_err(|e| app_error(&state, locale)(refuge_app::AppError::Unavailable(e.to_string())))?;
    Ok(open_data("application/json", body))
}

// ---- The researchers' workbench -------------------------------------------------------

use refuge_app::AppError;
use refuge_app::registry::SourceInput;
use refuge_domain::Permission;
use refuge_domain::SourceId;
use refuge_domain::registry::{
    Credibility, EntryBody, EntryProblem, NamingBasis, PartialDate, PartyKind, Reliability,
    ResponseKind, ResponseParty, ResponseRecord, SourceKind, StatusRecord,
};
use refuge_domain::taxonomy::Tactic;

use super::see_other;
use super::staff::{require_session, staff_form};
use crate::body::FormData;
use crate::pages::registry_staff::{self as bench, EntryForm, Labels, SourceForm, problem_text};
use crate::session::StaffNav;
use crate::upload::{self, UploadError};

/// The sources and entries a form may cite, to read references typed into it.
struct Citations {
    sources: Vec<refuge_domain::registry::Source>,
    entries: Vec<refuge_domain::registry::Entry>,
}

impl Citations {
    async fn load(
        state: &WebState,
        session: &refuge_app::sessions::StaffSession,
    ) -> Result<Self, AppError> {
        Ok(Citations {
            sources: state.app.registry_sources_for_staff(session).await?,
            entries: state.app.registry_for_staff(session).await?,
        })
    }

    fn labels(&self) -> Labels<'_> {
        Labels {
            sources: &self.sources,
            entries: &self.entries,
        }
    }

    /// "S01; S02" (references or ids) as source ids; the error is the word not found.
    fn sources(&self, text: &str) -> Result<Vec<SourceId>, String> {
        resolve(text, &self.sources, |s| (s.reference.as_deref(), s.id))
    }

    fn entries(&self, text: &str) -> Result<Vec<EntryId>, String> {
        resolve(text, &self.entries, |e| (e.reference.as_deref(), e.id))
    }
}

/// The ids of the items named in `text` by reference or id, in order, once each. References
/// are separated by semicolons (ASCII, Chinese or Arabic), commas, spaces or lines.
fn resolve<T, Id: Copy + PartialEq + std::fmt::Display>(
    text: &str,
    items: &[T],
    key: impl Fn(&T) -> (Option<&str>, Id),
) -> Result<Vec<Id>, String> {
    let mut ids = Vec::new();
    for word in text
        .split([';', '；', '؛', ',', '，', '、', ' ', '\n'])
        .map(str::trim)
        .filter(|w| !w.is_empty())
    {
        let found = items
            .iter()
            .map(&key)
            .find(|(reference, id)| *reference == Some(word) || id.to_string() == word)
            .map(|(_, id)| id)
            .ok_or_else(|| word.to_owned())?;
        if !ids.contains(&found) {
            ids.push(found);
        }
    }
    Ok(ids)
}

/// Reads the entry form: what was typed (to show again) and the body, or every problem.
fn read_entry_form(
    locale: Locale,
    form: &FormData,
    citations: &Citations,
) -> Result<(EntryForm, Result<EntryBody, ()>), crate::body::BodyError> {
    let text = |name: &str| form.text(name);
    let mut typed = EntryForm {
        kind: text("kind")?,
        base_version: text("base_version")?,
        title: text("title")?,
        summary: text("summary")?,
        country: text("country")?,
        city: text("city")?,
        operated_by: text("operated_by")?,
        first_reported: text("first_reported")?,
        period: text("period")?,
        people: text("people")?,
        value: text("value")?,
        tactics: form.all("tactics"),
        party: text("party")?,
        naming_basis: text("naming_basis")?,
        naming_sources: text("naming_sources")?,
        about: text("about")?,
        sources: text("sources")?,
        ..EntryForm::default()
    };
    let (st, sd, ss) = (
        form.all("status"),
        form.all("status_day"),
        form.all("status_sources"),
    );
    for i in 0..st.len().max(sd.len()).max(ss.len()) {
        let get = |v: &Vec<String>| v.get(i).cloned().unwrap_or_default();
        let row = (get(&st), get(&sd), get(&ss));
        if !(row.0.trim().is_empty() && row.1.trim().is_empty() && row.2.trim().is_empty()) {
            typed.statuses.push(row);
        }
    }
    let (rp, rk, rd, rs, rsrc) = (
        form.all("response_party"),
        form.all("response_kind"),
        form.all("response_day"),
        form.all("response_summary"),
        form.all("response_sources"),
    );
    for i in 0..rp.len().max(rs.len()) {
        let get = |v: &Vec<String>| v.get(i).cloned().unwrap_or_default();
        let row = (get(&rp), get(&rk), get(&rd), get(&rs), get(&rsrc));
        if !(row.0.trim().is_empty()
            && row.2.trim().is_empty()
            && row.3.trim().is_empty()
            && row.4.trim().is_empty())
        {
            typed.responses.push(row);
        }
    }

    let mut errors: Vec<(String, String)> = Vec::new();
    let mut refuse = |field: &str, message: String| errors.push((field.to_owned(), message));
    let field_label = |field: &str| locale.t(&format!("registry-field-{field}"));
    let unknown_source = |field: &str, word: String| {
        locale.t_with(
            "registry-problem-unknown_reference",
            &[
                ("field", field_label(field).into()),
                ("reference", word.into()),
            ],
        )
    };
    let bad_date = |field: &str| {
        locale.t_with(
            "registry-problem-bad_date",
            &[("field", field_label(field).into())],
        )
    };
    let date = |value: &str| -> Result<Option<PartialDate>, ()> {
        match value.trim() {
            "" => Ok(None),
            v => PartialDate::parse(v).map(Some).ok_or(()),
        }
    };
    let opt = |v: &str| Some(v.trim().to_owned()).filter(|v| !v.is_empty());

    let Some(kind) = refuge_domain::registry::EntryKind::from_code(&typed.kind) else {
        return Ok((typed, Err(())));
    };
    let mut body = EntryBody::new(kind, &typed.title);
    body.summary = typed.summary.clone();
    body.country = opt(&typed.country).map(|c| c.to_ascii_uppercase());
    if body.country.as_deref().is_some_and(|c| !known_country(c)) {
        refuse(
            "country",
            problem_text(locale, EntryProblem::UnknownCountry),
        );
    }
    body.city = opt(&typed.city);
    body.operated_by = opt(&typed.operated_by);
    match date(&typed.first_reported) {
        Ok(d) => body.first_reported = d,
        Err(()) => refuse("first_reported", bad_date("first_reported")),
    }
    body.period = opt(&typed.period);
    body.value = opt(&typed.value);
    match typed.people.trim() {
        "" => {}
        n => match n.parse::<u32>() {
            Ok(n) => body.people = Some(n),
            Err(_) => refuse("people", locale.t("registry-problem-bad_number")),
        },
    }
    for code in &typed.tactics {
        match Tactic::from_code(code) {
            Some(t) if !body.tactics.contains(&t) => body.tactics.push(t),
            Some(_) => {}
            None => refuse(
                "tactics",
                locale.problem(refuge_domain::report::Problem::UnknownCode),
            ),
        }
    }
    let unknown_code = locale.problem(refuge_domain::report::Problem::UnknownCode);
    match read_optional(&typed.party, PartyKind::from_code) {
        Ok(party) => body.party = party,
        Err(()) => refuse("party", unknown_code.clone()),
    }
    match read_optional(&typed.naming_basis, NamingBasis::from_code) {
        Ok(basis) => body.naming_basis = basis,
        Err(()) => refuse("naming_basis", unknown_code),
    }
    match citations.sources(&typed.naming_sources) {
        Ok(ids) => body.naming_sources = ids,
        Err(word) => refuse("naming_sources", unknown_source("naming_sources", word)),
    }
    for (status, day, sources) in &typed.statuses {
        let status_code = AllegationStatus::from_code(status.trim());
        let day_read = date(day);
        let sources_read = citations.sources(sources);
        match (status_code, day_read, sources_read) {
            (Some(status), Ok(day), Ok(sources)) => body.statuses.push(StatusRecord {
                status,
                day,
                sources,
            }),
            (None, _, _) => refuse("statuses", locale.t("registry-problem-status_row")),
            (_, Err(()), _) => refuse("statuses", bad_date("statuses")),
            (_, _, Err(word)) => refuse("statuses", unknown_source("statuses", word)),
        }
    }
    for (party, rkind, day, summary, sources) in &typed.responses {
        let party = ResponseParty::from_code(party.trim());
        let rkind = ResponseKind::from_code(rkind.trim());
        match (party, rkind, date(day), citations.sources(sources)) {
            (Some(party), Some(kind), Ok(day), Ok(sources)) => {
                body.responses.push(ResponseRecord {
                    party,
                    kind,
                    day,
                    summary: summary.clone(),
                    sources,
                })
            }
            (None, _, _, _) | (_, None, _, _) => {
                refuse("responses", locale.t("registry-problem-response_row"))
            }
            (_, _, Err(()), _) => refuse("responses", bad_date("responses")),
            (_, _, _, Err(word)) => refuse("responses", unknown_source("responses", word)),
        }
    }
    match citations.entries(&typed.about) {
        Ok(ids) => body.about = ids,
        Err(word) => refuse("about", unknown_source("about", word)),
    }
    match citations.sources(&typed.sources) {
        Ok(ids) => body.sources = ids,
        Err(word) => refuse("sources", unknown_source("sources", word)),
    }
    let known: std::collections::HashSet<SourceId> =
        citations.sources.iter().map(|s| s.id).collect();
    for problem in body
        .clone()
        .normalised()
        .problems(&|id| known.contains(&id))
    {
        refuse(problem.field(), problem_text(locale, problem));
    }
    typed.errors = errors;
    let outcome = if typed.errors.is_empty() {
        Ok(body)
    } else {
        Err(())
    };
    Ok((typed, outcome))
}

/// An optional code typed in a form: empty is none; an unknown code is an error.
fn read_optional<T>(text: &str, from_code: fn(&str) -> Option<T>) -> Result<Option<T>, ()> {
    match text.trim() {
        "" => Ok(None),
        code => from_code(code).map(Some).ok_or(()),
    }
}

fn forbidden_unless_registry(
    state: &WebState,
    locale: Locale,
    session: &refuge_app::sessions::StaffSession,
) -> Result<(), Response> {
    if session.may(Permission::WriteRegistry) || session.may(Permission::PublishRegistry) {
        Ok(())
    } else {
        Err(app_error(state, locale)(AppError::Forbidden))
    }
}

/// `GET /staff/registry`.
pub async fn workbench(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    request: Request,
) -> Page {
    let session = require_session(&state, locale, request.headers()).await?;
    forbidden_unless_registry(&state, locale, &session)?;
    let entries = state
        .app
        .registry_for_staff(&session)
        .await
        .map_err(app_error(&state, locale))?;
    let notice = match super::query_param(request.uri().query(), "done").as_deref() {
        Some("withdrawn") => Some(locale.t("registry-withdrawn-notice")),
        _ => None,
    };
    Ok(bench::workbench(locale, &StaffNav::of(&session), &entries, notice).into_response())
}

/// `GET /staff/registry/new?kind=…`.
pub async fn new_entry(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    request: Request,
) -> Page {
    let session = require_session(&state, locale, request.headers()).await?;
    session
        .require(Permission::WriteRegistry)
        .map_err(app_error(&state, locale))?;
    let kind = super::query_param(request.uri().query(), "kind")
        .and_then(|k| EntryKind::from_code(&k))
        .ok_or_else(|| error_page(&state, locale, PageError::BadRequest))?;
    let form = EntryForm {
        kind: kind.code().to_owned(),
        ..EntryForm::default()
    };
    Ok(bench::entry_page(locale, &StaffNav::of(&session), &form, None, None).into_response())
}

async fn entry_answer(
    state: &WebState,
    locale: Locale,
    session: &refuge_app::sessions::StaffSession,
    id: EntryId,
    form: Option<EntryForm>,
    notice: Option<String>,
    status: StatusCode,
) -> Page {
    let existing = state
        .app
        .registry_entry_for_staff(session, id)
        .await
        .map_err(app_error(state, locale))?;
    let form = match form {
        Some(form) => form,
        None => {
            let citations = Citations::load(state, session)
                .await
                .map_err(app_error(state, locale))?;
            EntryForm::of(
                &existing.entry.latest.body,
                existing.entry.latest.version,
                &citations.labels(),
            )
        }
    };
    Ok((
        status,
        bench::entry_page(
            locale,
            &StaffNav::of(session),
            &form,
            Some(&existing),
            notice,
        ),
    )
        .into_response())
}

fn entry_id(state: &WebState, locale: Locale, id: &str) -> Result<EntryId, Response> {
    id.parse()
        .map_err(|_| error_page(state, locale, PageError::NotFound))
}

/// `GET /staff/registry/{id}`.
pub async fn edit(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    Path(id): Path<String>,
    request: Request,
) -> Page {
    let session = require_session(&state, locale, request.headers()).await?;
    let id = entry_id(&state, locale, &id)?;
    let notice = match super::query_param(request.uri().query(), "done").as_deref() {
        Some("saved") => Some(locale.t("registry-saved-notice")),
        Some("published") => Some(locale.t("registry-published-notice")),
        _ => None,
    };
    entry_answer(&state, locale, &session, id, None, notice, StatusCode::OK).await
}

/// `POST /staff/registry`: a new draft.
pub async fn create(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    request: Request,
) -> Page {
    let (session, form) = staff_form(&state, locale, request).await?;
    session
        .require(Permission::WriteRegistry)
        .map_err(app_error(&state, locale))?;
    let citations = Citations::load(&state, &session)
        .await
        .map_err(app_error(&state, locale))?;
    let (mut typed, body) =
        read_entry_form(locale, &form, &citations).map_err(|e| error_page(&state, locale, e))?;
    let refused = |typed: &EntryForm| {
        (
            StatusCode::BAD_REQUEST,
            bench::entry_page(locale, &StaffNav::of(&session), typed, None, None),
        )
            .into_response()
    };
    let Ok(body) = body else {
        return Ok(refused(&typed));
    };
    match state.app.create_entry(&session, body).await {
        Ok((id, _)) => Ok(see_other(
            &locale.path(&format!("/staff/registry/{id}?done=saved")),
        )),
        Err(AppError::RegistryInvalid(problems)) => {
            typed.errors = problems
                .iter()
                .map(|p| (p.field().to_owned(), problem_text(locale, *p)))
                .collect();
            Ok(refused(&typed))
        }
        Err(other) => Err(app_error(&state, locale)(other)),
    }
}

/// `POST /staff/registry/{id}`: a new draft version on the one the form was made from.
pub async fn revise(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    Path(id): Path<String>,
    request: Request,
) -> Page {
    let (session, form) = staff_form(&state, locale, request).await?;
    let id = entry_id(&state, locale, &id)?;
    let citations = Citations::load(&state, &session)
        .await
        .map_err(app_error(&state, locale))?;
    let (mut typed, body) =
        read_entry_form(locale, &form, &citations).map_err(|e| error_page(&state, locale, e))?;
    let base: Option<u32> = typed.base_version.trim().parse().ok();
    let outcome = match (body, base) {
        (Ok(body), Some(base)) => state.app.revise_entry(&session, id, base, body).await,
        (Ok(_), None) => Err(AppError::Conflict),
        (Err(()), _) => {
            return entry_answer(
                &state,
                locale,
                &session,
                id,
                Some(typed),
                None,
                StatusCode::BAD_REQUEST,
            )
            .await;
        }
    };
    match outcome {
        Ok(_) => Ok(see_other(
            &locale.path(&format!("/staff/registry/{id}?done=saved")),
        )),
        Err(AppError::RegistryInvalid(problems)) => {
            typed.errors = problems
                .iter()
                .map(|p| (p.field().to_owned(), problem_text(locale, *p)))
                .collect();
            entry_answer(
                &state,
                locale,
                &session,
                id,
                Some(typed),
                None,
                StatusCode::BAD_REQUEST,
            )
            .await
        }
        Err(AppError::Conflict) => {
            // Someone saved a version meanwhile: their text is not overwritten, and what
            // this member typed is kept on the page so nothing is lost.
            typed.errors = vec![("title".into(), locale.t("registry-version-conflict"))];
            if let Ok(existing) = state.app.registry_entry_for_staff(&session, id).await {
                typed.base_version = existing.entry.latest.version.to_string();
            }
            entry_answer(
                &state,
                locale,
                &session,
                id,
                Some(typed),
                None,
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(other) => Err(app_error(&state, locale)(other)),
    }
}

/// `POST /staff/registry/{id}/publish`.
pub async fn publish(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    Path(id): Path<String>,
    request: Request,
) -> Page {
    let (session, form) = staff_form(&state, locale, request).await?;
    let id = entry_id(&state, locale, &id)?;
    let version: Option<u32> = form
        .text("version")
        .map_err(|e| error_page(&state, locale, e))?
        .trim()
        .parse()
        .ok();
    let outcome = match version {
        Some(version) => state.app.publish_entry(&session, id, version).await,
        None => Err(AppError::Conflict),
    };
    let refusal = match outcome {
        Ok(()) => {
            return Ok(see_other(
                &locale.path(&format!("/staff/registry/{id}?done=published")),
            ));
        }
        Err(AppError::RegistryRule(rule)) => locale.t(&format!("registry-problem-{}", rule.code())),
        Err(AppError::RegistryInvalid(problems)) => problems
            .iter()
            .map(|p| problem_text(locale, *p))
            .collect::<Vec<_>>()
            .join(" "),
        Err(AppError::Conflict) => locale.t("registry-publish-stale"),
        Err(other) => return Err(app_error(&state, locale)(other)),
    };
    let status = StatusCode::FORBIDDEN;
    entry_answer(&state, locale, &session, id, None, Some(refusal), status).await
}

/// `POST /staff/registry/{id}/withdraw` (administrators).
pub async fn withdraw(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    Path(id): Path<String>,
    request: Request,
) -> Page {
    let (session, _) = staff_form(&state, locale, request).await?;
    let id = entry_id(&state, locale, &id)?;
    state
        .app
        .withdraw_entry(&session, id)
        .await
        .map_err(app_error(&state, locale))?;
    Ok(see_other(&locale.path("/staff/registry?done=withdrawn")))
}

async fn sources_answer(
    state: &WebState,
    locale: Locale,
    session: &refuge_app::sessions::StaffSession,
    form: &SourceForm,
    notice: Option<String>,
    status: StatusCode,
) -> Page {
    let sources = state
        .app
        .sources_with_archives(session)
        .await
        .map_err(app_error(state, locale))?;
    Ok((
        status,
        bench::sources_page(locale, &StaffNav::of(session), &sources, form, notice),
    )
        .into_response())
}

/// `GET /staff/registry/sources`.
pub async fn sources_page(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    request: Request,
) -> Page {
    let session = require_session(&state, locale, request.headers()).await?;
    let notice = (super::query_param(request.uri().query(), "done").as_deref() == Some("added"))
        .then(|| locale.t("registry-source-added-notice"));
    sources_answer(
        &state,
        locale,
        &session,
        &SourceForm::default(),
        notice,
        StatusCode::OK,
    )
    .await
}

/// `POST /staff/registry/sources`.
pub async fn add_source(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    request: Request,
) -> Page {
    let (session, form) = staff_form(&state, locale, request).await?;
    let text = |name: &str| form.text(name).map_err(|e| error_page(&state, locale, e));
    let mut typed = SourceForm {
        url: text("url")?,
        publisher: text("publisher")?,
        title: text("title")?,
        date: text("date")?,
        kind: text("kind")?,
        reliability: text("reliability")?,
        credibility: text("credibility")?,
        archived_sha256: text("archived_sha256")?,
        errors: Vec::new(),
    };
    let label = |field: &str| locale.t(&format!("registry-field-{field}"));
    let published = match typed.date.trim() {
        "" => None,
        d => match PartialDate::parse(d) {
            Some(d) => Some(d),
            None => {
                typed.errors.push(locale.t_with(
                    "registry-problem-bad_date",
                    &[("field", label("date").into())],
                ));
                None
            }
        },
    };
    let unknown = locale.problem(refuge_domain::report::Problem::UnknownCode);
    let kind = SourceKind::from_code(&typed.kind);
    let reliability = Reliability::from_code(&typed.reliability);
    let credibility = Credibility::from_code(&typed.credibility);
    if kind.is_none() || reliability.is_none() || credibility.is_none() {
        typed.errors.push(unknown);
    }
    if let (true, Some(kind), Some(reliability), Some(credibility)) =
        (typed.errors.is_empty(), kind, reliability, credibility)
    {
        let input = SourceInput {
            url: typed.url.clone(),
            publisher: typed.publisher.clone(),
            title: typed.title.clone(),
            published,
            kind,
            reliability,
            credibility,
            archived_sha256: Some(typed.archived_sha256.clone()),
        };
        match state.app.add_source(&session, input).await {
            Ok(_) => {
                return Ok(see_other(
                    &locale.path("/staff/registry/sources?done=added"),
                ));
            }
            Err(AppError::RegistryInvalid(problems)) => {
                typed.errors = problems.iter().map(|p| problem_text(locale, *p)).collect();
            }
            Err(other) => return Err(app_error(&state, locale)(other)),
        }
    }
    sources_answer(
        &state,
        locale,
        &session,
        &typed,
        None,
        StatusCode::BAD_REQUEST,
    )
    .await
}

fn source_id(state: &WebState, locale: Locale, id: &str) -> Result<SourceId, Response> {
    id.parse()
        .map_err(|_| error_page(state, locale, PageError::NotFound))
}

async fn source_answer(
    state: &WebState,
    locale: Locale,
    session: &refuge_app::sessions::StaffSession,
    id: SourceId,
    notice: Option<String>,
    refusal: Option<(StatusCode, String)>,
) -> Page {
    let item = state
        .app
        .source_with_archive(session, id)
        .await
        .map_err(app_error(state, locale))?;
    let (status, refusal) = match refusal {
        Some((status, message)) => (status, Some(message)),
        None => (StatusCode::OK, None),
    };
    let max_bytes = state.app.settings().files.per_file_bytes;
    Ok((
        status,
        bench::source_page(
            locale,
            &StaffNav::of(session),
            &item,
            max_bytes,
            notice,
            refusal,
        ),
    )
        .into_response())
}

/// `GET /staff/registry/sources/{id}`: the source, its archived copy and the form for one.
pub async fn source_page(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    Path(id): Path<String>,
    request: Request,
) -> Page {
    let session = require_session(&state, locale, request.headers()).await?;
    let id = source_id(&state, locale, &id)?;
    let notice = (super::query_param(request.uri().query(), "done").as_deref() == Some("archived"))
        .then(|| locale.t("registry-archived-notice"));
    source_answer(&state, locale, &session, id, notice, None).await
}

/// `POST /staff/registry/sources/{id}/archive`: a copy streamed and sealed as it arrives (one
/// file part, `copy`, after the CSRF field).
pub async fn archive_source(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    Path(id): Path<String>,
    request: Request,
) -> Page {
    let (parts, body) = request.into_parts();
    let session = require_session(&state, locale, &parts.headers).await?;
    let id = source_id(&state, locale, &id)?;
    let Some(boundary) = upload::multipart_boundary(&parts.headers) else {
        return Err(error_page(&state, locale, PageError::BadRequest));
    };
    let mut copy = state
        .app
        .source_archive_upload(&session, id)
        .await
        .map_err(app_error(&state, locale))?;
    let opens = |csrf: &str| session.csrf_matches(csrf);
    let form_parts = upload::Parts {
        file_field: "copy",
        text_allowed: &|name| name == "csrf",
        gate: Some(upload::Gate {
            name: "csrf",
            opens: &opens,
        }),
        text_limit: state.config.max_body_bytes,
    };
    // A refused or broken upload drops `copy`, and with it whatever was sealed.
    let refusal = match upload::read_multipart(body, &boundary, &form_parts, &mut copy).await {
        Ok(received) if received.gate_open => None,
        Ok(_) => return Err(error_page(&state, locale, PageError::Forbidden)),
        Err(UploadError::Refused(refusal, _)) => Some(refusal),
        Err(UploadError::Body(error)) => return Err(error_page(&state, locale, error)),
        Err(UploadError::App(error)) => return Err(app_error(&state, locale)(error)),
    };
    let refusal = match refusal {
        Some(refusal) => refusal,
        None => match state.app.keep_source_archive(&session, copy).await {
            Ok(_) => {
                return Ok(see_other(
                    &locale.path(&format!("/staff/registry/sources/{id}?done=archived")),
                ));
            }
            Err(AppError::FileRefused(refusal)) => refusal,
            Err(other) => return Err(app_error(&state, locale)(other)),
        },
    };
    let message = super::reporter::file_refusal_message(locale, refusal);
    source_answer(&state, locale, &session, id, None, Some(message)).await
}

/// `GET /staff/registry/sources/{id}/archive`: the copy, decrypted as it is sent.
pub async fn download_archive(
    State(state): State<WebState>,
    Extension(locale): Extension<Locale>,
    Path(id): Path<String>,
    request: Request,
) -> Page {
    let session = require_session(&state, locale, request.headers()).await?;
    let id = source_id(&state, locale, &id)?;
    let download = state
        .app
        .download_source_archive(&session, id)
        .await
        .map_err(app_error(&state, locale))?;
    Ok(super::attachment(
        &download.name,
        super::stream_body(download.content),
    ))
}
