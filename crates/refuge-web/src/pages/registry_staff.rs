//! The researchers' workbench: every entry with where it stands (draft, published, a newer
//! draft waiting, withdrawn), an entry's form with its versions and the publish button (or
//! what stands in its way), and the sources with the form that adds one.

use maud::{Markup, html};
use refuge_app::registry::EntryForStaff;
use refuge_app::source_archive::{ArchiveSummary, SourceWithArchive};
use refuge_domain::registry::{
    AllegationStatus, Credibility, Entry, EntryBody, EntryKind, EntryProblem, NamingBasis,
    PartyKind, Reliability, ResponseKind, ResponseParty, Source, SourceKind, TEXT_MAX_CHARS,
    TITLE_MAX_CHARS,
};
use refuge_domain::taxonomy::Tactic;
use refuge_domain::{EntryId, SourceId};

use super::layout::{Audience, page};
use super::registry::{country_name, kind_label, source_kind_label, status_label};
use super::world_map;
use crate::i18n::Locale;
use crate::session::StaffNav;

/// The entry form as typed (every field a string, rows in order), with what was refused.
#[derive(Debug, Clone, Default)]
pub struct EntryForm {
    pub kind: String,
    pub base_version: String,
    pub title: String,
    pub summary: String,
    pub country: String,
    pub city: String,
    pub operated_by: String,
    pub first_reported: String,
    pub period: String,
    pub people: String,
    pub value: String,
    pub tactics: Vec<String>,
    pub party: String,
    pub naming_basis: String,
    pub naming_sources: String,
    /// (status, day, sources)
    pub statuses: Vec<(String, String, String)>,
    /// (party, kind, day, summary, sources)
    pub responses: Vec<(String, String, String, String, String)>,
    pub about: String,
    pub sources: String,
    /// (field, message)
    pub errors: Vec<(String, String)>,
}

/// How sources and entries are written in the form: by their reference when they have one.
pub struct Labels<'a> {
    pub sources: &'a [Source],
    pub entries: &'a [Entry],
}

impl Labels<'_> {
    fn source(&self, id: SourceId) -> String {
        self.sources
            .iter()
            .find(|s| s.id == id)
            .and_then(|s| s.reference.clone())
            .unwrap_or_else(|| id.to_string())
    }

    fn sources_text(&self, ids: &[SourceId]) -> String {
        ids.iter()
            .map(|id| self.source(*id))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn entry(&self, id: EntryId) -> String {
        self.entries
            .iter()
            .find(|e| e.id == id)
            .and_then(|e| e.reference.clone())
            .unwrap_or_else(|| id.to_string())
    }
}

impl EntryForm {
    /// The form showing `body` (written on `base_version`).
    pub fn of(body: &EntryBody, base_version: u32, labels: &Labels<'_>) -> Self {
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        EntryForm {
            kind: body.kind.code().to_owned(),
            base_version: base_version.to_string(),
            title: body.title.clone(),
            summary: body.summary.clone(),
            country: opt(&body.country),
            city: opt(&body.city),
            operated_by: opt(&body.operated_by),
            first_reported: body
                .first_reported
                .as_ref()
                .map(|d| d.to_string())
                .unwrap_or_default(),
            period: opt(&body.period),
            people: body.people.map(|n| n.to_string()).unwrap_or_default(),
            value: opt(&body.value),
            tactics: body.tactics.iter().map(|t| t.code().to_owned()).collect(),
            party: body.party.map(|p| p.code().to_owned()).unwrap_or_default(),
            naming_basis: body
                .naming_basis
                .map(|b| b.code().to_owned())
                .unwrap_or_default(),
            naming_sources: labels.sources_text(&body.naming_sources),
            statuses: body
                .statuses
                .iter()
                .map(|s| {
                    (
                        s.status.code().to_owned(),
                        s.day.as_ref().map(|d| d.to_string()).unwrap_or_default(),
                        labels.sources_text(&s.sources),
                    )
                })
                .collect(),
            responses: body
                .responses
                .iter()
                .map(|r| {
                    (
                        r.party.code().to_owned(),
                        r.kind.code().to_owned(),
                        r.day.as_ref().map(|d| d.to_string()).unwrap_or_default(),
                        r.summary.clone(),
                        labels.sources_text(&r.sources),
                    )
                })
                .collect(),
            about: body
                .about
                .iter()
                .map(|id| labels.entry(*id))
                .collect::<Vec<_>>()
                .join("; "),
            sources: labels.sources_text(&body.sources),
            errors: Vec::new(),
        }
    }

    fn error(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }
}

/// Where an entry stands, in words.
fn standing(locale: Locale, entry: &Entry) -> String {
    match (&entry.published, entry.withdrawn) {
        (_, Some(day)) => locale.t_with(
            "registry-standing-withdrawn",
            &[("day", day.to_string().into())],
        ),
        (None, None) => locale.t("registry-standing-draft"),
        (Some(p), None) if p.version == entry.latest.version => locale.t_with(
            "registry-standing-published",
            &[("version", p.version.into())],
        ),
        (Some(p), None) => locale.t_with(
            "registry-standing-newer",
            &[
                ("version", p.version.into()),
                ("latest", entry.latest.version.into()),
            ],
        ),
    }
}

/// A problem in the researcher's language.
pub fn problem_text(locale: Locale, problem: EntryProblem) -> String {
    locale.t_with(
        &format!("registry-problem-{}", problem.code()),
        &[(
            "field",
            locale
                .t(&format!("registry-field-{}", problem.field()))
                .into(),
        )],
    )
}

/// `/staff/registry`.
pub fn workbench(
    locale: Locale,
    nav: &StaffNav,
    entries: &[Entry],
    notice: Option<String>,
) -> Markup {
    let title = locale.t("registry-workbench-title");
    page(
        locale,
        &title,
        Audience::Staff(Some(nav)),
        html! {
            h1 { (title) }
            @if let Some(notice) = notice { p.notice role="status" { (notice) } }
            p.hint { (locale.t("registry-workbench-hint")) }
            p {
                a href=(locale.path("/staff/registry/sources")) { (locale.t("registry-sources-title")) }
                " · " a href=(locale.path("/registry")) { (locale.t("registry-public-link")) }
            }
            form method="get" action=(locale.path("/staff/registry/new")) {
                label for="new-kind" { (locale.t("registry-new")) } " "
                select name="kind" id="new-kind" {
                    @for kind in EntryKind::ALL { option value=(kind.code()) { (kind_label(locale, *kind)) } }
                }
                " " button type="submit" { (locale.t("registry-new-button")) }
            }
            @if entries.is_empty() {
                p { (locale.t("registry-none-yet")) }
            } @else {
                table #registry-entries {
                    thead { tr {
                        th scope="col" { (locale.t("registry-col-entry")) }
                        th scope="col" { (locale.t("registry-kind")) }
                        th scope="col" { (locale.t("registry-country")) }
                        th scope="col" { (locale.t("registry-col-standing")) }
                    } }
                    tbody {
                        @for e in entries {
                            tr {
                                td { a href=(locale.path(&format!("/staff/registry/{}", e.id))) { bdi { (e.latest.body.title) } } @if let Some(r) = &e.reference { " " small { bdi { (r) } } } }
                                td { (kind_label(locale, e.kind)) }
                                td { @if let Some(c) = &e.latest.body.country { (country_name(locale, c)) } }
                                td { (standing(locale, e)) }
                            }
                        }
                    }
                }
            }
        },
    )
}

fn error_line(form: &EntryForm, field: &str) -> Markup {
    html! { @if let Some(message) = form.error(field) { p.error role="alert" { (message) } } }
}

fn text_field(
    form: &EntryForm,
    name: &str,
    label: &str,
    value: &str,
    hint: Option<&str>,
) -> Markup {
    let id = format!("e-{name}");
    html! {
        div.field.has-error[form.error(name).is_some()] {
            label for=(id) { (label) }
            @if let Some(hint) = hint { p.hint { (hint) } }
            (error_line(form, name))
            input type="text" name=(name) id=(id) value=(value) maxlength="2000" dir="auto";
        }
    }
}

fn select_codes(
    name: &str,
    id: Option<&str>,
    chosen: &str,
    options: &[(String, String)],
    empty: Option<&str>,
) -> Markup {
    html! {
        select name=(name) id=[id] {
            @if let Some(empty) = empty { option value="" { (empty) } }
            @for (code, label) in options { option value=(code) selected[chosen == code] { (label) } }
        }
    }
}

/// The entry's form: new (`entry` None) or a new version of an existing one.
pub fn entry_page(
    locale: Locale,
    nav: &StaffNav,
    form: &EntryForm,
    existing: Option<&EntryForStaff>,
    notice: Option<String>,
) -> Markup {
    let kind = EntryKind::from_code(&form.kind).unwrap_or(EntryKind::Place);
    let place_or_incident = matches!(kind, EntryKind::Place | EntryKind::Incident);
    let title = match existing {
        Some(e) => e.entry.latest.body.title.clone(),
        None => locale.t_with(
            "registry-new-entry",
            &[("kind", kind_label(locale, kind).into())],
        ),
    };
    let action = match existing {
        Some(e) => locale.path(&format!("/staff/registry/{}", e.entry.id)),
        None => locale.path("/staff/registry"),
    };
    let t = |id: &str| locale.t(id);
    let countries: Vec<(String, String)> = {
        let mut all: Vec<(String, String)> = world_map::countries()
            .iter()
            .map(|c| (c.code.to_owned(), country_name(locale, c.code)))
            .collect();
        all.sort_by(|a, b| a.1.cmp(&b.1));
        all
    };
    let statuses: Vec<(String, String)> = AllegationStatus::ALL
        .iter()
        .map(|s| (s.code().to_owned(), status_label(locale, *s)))
        .collect();
    let parties: Vec<(String, String)> = ResponseParty::ALL
        .iter()
        .map(|p| {
            (
                p.code().to_owned(),
                locale.t(&format!("registry-response-party-{}", p.code())),
            )
        })
        .collect();
    let response_kinds: Vec<(String, String)> = ResponseKind::ALL
        .iter()
        .map(|k| {
            (
                k.code().to_owned(),
                locale.t(&format!("registry-response-kind-{}", k.code())),
            )
        })
        .collect();
    let mut status_rows = form.statuses.clone();
    status_rows.extend(std::iter::repeat_n(Default::default(), 2));
    let mut response_rows = form.responses.clone();
    if !matches!(kind, EntryKind::Response) || response_rows.is_empty() {
        response_rows.push(Default::default());
    }
    page(
        locale,
        &title,
        Audience::Staff(Some(nav)),
        html! {
            p { a href=(locale.path("/staff/registry")) { (t("registry-workbench-back")) } }
            h1 { bdi { (title) } }
            @if let Some(notice) = notice { p.notice role="status" { (notice) } }
            @if let Some(e) = existing {
                p { (kind_label(locale, e.entry.kind)) " · " (standing(locale, &e.entry))
                    @if e.entry.published.is_some() && e.entry.withdrawn.is_none() {
                        " · " a href=(locale.path(&format!("/registry/{}", e.entry.id))) { (t("registry-public-link")) }
                    }
                }
                section #publish {
                    h2 { (locale.t_with("registry-publish-heading", &[("version", e.entry.latest.version.into())])) }
                    @if e.entry.published.as_ref().is_some_and(|p| p.version == e.entry.latest.version) && e.entry.withdrawn.is_none() {
                        p { (t("registry-publish-current")) }
                    } @else if e.publish_problems.is_empty() {
                        form method="post" action=(locale.path(&format!("/staff/registry/{}/publish", e.entry.id))) {
                            input type="hidden" name="csrf" value=(nav.csrf);
                            input type="hidden" name="version" value=(e.entry.latest.version);
                            p.hint { (t("registry-publish-hint")) }
                            button type="submit" { (t("registry-publish-button")) }
                        }
                    } @else {
                        p { (t("registry-publish-blocked")) }
                        ul.errors { @for p in &e.publish_problems { li.error { (problem_text(locale, *p)) } } }
                    }
                    @if nav.is_admin && e.entry.published.is_some() && e.entry.withdrawn.is_none() {
                        form method="post" action=(locale.path(&format!("/staff/registry/{}/withdraw", e.entry.id))) {
                            input type="hidden" name="csrf" value=(nav.csrf);
                            button.secondary type="submit" { (t("registry-withdraw-button")) }
                        }
                    }
                }
            }
            @if !form.errors.is_empty() {
                div.notice.warn role="alert" {
                    p { (t("registry-form-refused")) }
                    ul { @for (_, m) in &form.errors { li { (m) } } }
                }
            }
            form method="post" action=(action) {
                input type="hidden" name="csrf" value=(nav.csrf);
                input type="hidden" name="kind" value=(kind.code());
                input type="hidden" name="base_version" value=(form.base_version);
                div.field.has-error[form.error("title").is_some()] {
                    label for="e-title" { (t("registry-field-title")) }
                    (error_line(form, "title"))
                    input type="text" name="title" id="e-title" value=(form.title) required maxlength=(TITLE_MAX_CHARS) dir="auto";
                }
                div.field.has-error[form.error("summary").is_some()] {
                    label for="e-summary" { (t("registry-field-summary")) }
                    p.hint { (t("registry-summary-hint")) }
                    (error_line(form, "summary"))
                    textarea name="summary" id="e-summary" rows="6" maxlength=(TEXT_MAX_CHARS) dir="auto" { (form.summary) }
                }
                @if kind != EntryKind::Actor && kind != EntryKind::Figure {
                    div.field.has-error[form.error("country").is_some()] {
                        label for="e-country" { (t("registry-field-country")) }
                        (error_line(form, "country"))
                        (select_codes("country", Some("e-country"), &form.country, &countries, Some(&t("registry-filter-any"))))
                    }
                }
                @if place_or_incident { (text_field(form, "city", &t("registry-field-city"), &form.city, Some(&t("registry-city-hint")))) }
                @if kind == EntryKind::Place { (text_field(form, "operated_by", &t("registry-field-operated_by"), &form.operated_by, None)) }
                @if matches!(kind, EntryKind::Place | EntryKind::Actor) { (text_field(form, "first_reported", &t("registry-field-first_reported"), &form.first_reported, Some(&t("registry-date-hint")))) }
                @if matches!(kind, EntryKind::Incident | EntryKind::Figure) { (text_field(form, "period", &t("registry-field-period"), &form.period, Some(&t("registry-period-hint")))) }
                @if kind == EntryKind::Incident {
                    (text_field(form, "people", &t("registry-field-people"), &form.people, None))
                    fieldset.has-error[form.error("tactics").is_some()] {
                        legend { (t("registry-field-tactics")) }
                        (error_line(form, "tactics"))
                        @for tactic in Tactic::ALL {
                            label.check { input type="checkbox" name="tactics" value=(tactic.code()) checked[form.tactics.iter().any(|c| c == tactic.code())]; " " (locale.t(&format!("tactic-{}", tactic.code()))) }
                        }
                    }
                }
                @if kind == EntryKind::Figure { (text_field(form, "value", &t("registry-field-value"), &form.value, None)) }
                @if kind == EntryKind::Actor {
                    fieldset.has-error[form.error("naming_basis").is_some() || form.error("party").is_some()] {
                        legend { (t("registry-naming-legend")) }
                        p.hint { (t("registry-naming-hint")) }
                        (error_line(form, "party")) (error_line(form, "naming_basis"))
                        label for="e-party" { (t("registry-field-party")) }
                        (select_codes("party", Some("e-party"), &form.party, &PartyKind::ALL.iter().map(|p| (p.code().to_owned(), locale.t(&format!("registry-party-{}", p.code())))).collect::<Vec<_>>(), Some(&t("choose"))))
                        label for="e-basis" { (t("registry-field-naming_basis")) }
                        (select_codes("naming_basis", Some("e-basis"), &form.naming_basis, &NamingBasis::ALL.iter().map(|b| (b.code().to_owned(), locale.t(&format!("registry-basis-{}", b.code())))).collect::<Vec<_>>(), Some(&t("registry-basis-none"))))
                        label for="e-naming-sources" { (t("registry-field-naming_sources")) }
                        input type="text" name="naming_sources" id="e-naming-sources" value=(form.naming_sources) dir="ltr";
                    }
                }
                @if place_or_incident {
                    fieldset.has-error[form.error("statuses").is_some()] {
                        legend { (t("registry-field-statuses")) }
                        p.hint { (t("registry-statuses-hint")) }
                        (error_line(form, "statuses"))
                        @for (i, (status, day, sources)) in status_rows.iter().enumerate() {
                            div.line {
                                label.visually-hidden for=(format!("st-{i}")) { (t("registry-field-status")) }
                                (select_codes("status", Some(&format!("st-{i}")), status, &statuses, Some(&t("registry-status-row-empty"))))
                                input type="text" name="status_day" value=(day) placeholder=(t("registry-date-placeholder")) aria-label=(t("registry-field-day")) dir="ltr";
                                input type="text" name="status_sources" value=(sources) placeholder=(t("registry-sources-placeholder")) aria-label=(t("registry-field-sources")) dir="ltr";
                            }
                        }
                    }
                }
                @if kind != EntryKind::Figure && kind != EntryKind::Actor {
                    fieldset.has-error[form.error("responses").is_some()] {
                        legend { (t("registry-field-responses")) }
                        p.hint { (t("registry-responses-hint")) }
                        (error_line(form, "responses"))
                        @for (party, rkind, day, summary, sources) in &response_rows {
                            div.response-row {
                                div.line {
                                    (select_codes("response_party", None, party, &parties, Some(&t("registry-response-row-empty"))))
                                    (select_codes("response_kind", None, rkind, &response_kinds, None))
                                    input type="text" name="response_day" value=(day) placeholder=(t("registry-date-placeholder")) aria-label=(t("registry-field-day")) dir="ltr";
                                }
                                textarea name="response_summary" rows="3" aria-label=(t("registry-field-response-summary")) dir="auto" { (summary) }
                                input type="text" name="response_sources" value=(sources) placeholder=(t("registry-sources-placeholder")) aria-label=(t("registry-field-sources")) dir="ltr";
                            }
                        }
                    }
                }
                @if matches!(kind, EntryKind::Response | EntryKind::Figure) {
                    (text_field(form, "about", &t("registry-field-about"), &form.about, Some(&t("registry-about-hint"))))
                }
                (text_field(form, "sources", &t("registry-field-sources"), &form.sources, Some(&t("registry-sources-hint"))))
                button type="submit" { @if existing.is_some() { (t("registry-save-version")) } @else { (t("registry-save-draft")) } }
            }
            @if let Some(e) = existing {
                h2 { (t("registry-history")) }
                table #versions {
                    thead { tr {
                        th scope="col" { (t("registry-version")) }
                        th scope="col" { (t("registry-written")) }
                        th scope="col" { (t("registry-col-published")) }
                    } }
                    tbody {
                        @for v in e.versions.iter().rev() {
                            tr {
                                td { (v.version) }
                                td { (v.written.to_string()) " · " bdi { (author_label(locale, v.author)) } }
                                td { @if let (Some(day), Some(by)) = (v.published, v.published_by) { (day.to_string()) " · " bdi { (author_label(locale, by)) } } }
                            }
                        }
                    }
                }
            }
        },
    )
}

/// A staff member as the history shows them: the importer in words, others by the short
/// form of their id (names are on the staff page; the history needs no lookup).
fn author_label(locale: Locale, id: refuge_domain::StaffId) -> String {
    if id == refuge_app::registry::IMPORT_AUTHOR {
        locale.t("registry-author-import")
    } else {
        id.to_string()[..8].to_owned()
    }
}

/// The source form as typed.
#[derive(Debug, Clone, Default)]
pub struct SourceForm {
    pub url: String,
    pub publisher: String,
    pub title: String,
    pub date: String,
    pub kind: String,
    pub reliability: String,
    pub credibility: String,
    pub archived_sha256: String,
    pub errors: Vec<String>,
}

/// `/staff/registry/sources`.
pub fn sources_page(
    locale: Locale,
    nav: &StaffNav,
    sources: &[SourceWithArchive],
    form: &SourceForm,
    notice: Option<String>,
) -> Markup {
    let t = |id: &str| locale.t(id);
    let title = t("registry-sources-title");
    page(
        locale,
        &title,
        Audience::Staff(Some(nav)),
        html! {
            p { a href=(locale.path("/staff/registry")) { (t("registry-workbench-back")) } }
            h1 { (title) }
            @if let Some(notice) = notice { p.notice role="status" { (notice) } }
            h2 { (t("registry-source-add")) }
            @if !form.errors.is_empty() {
                div.notice.warn role="alert" { ul { @for m in &form.errors { li { (m) } } } }
            }
            form method="post" action=(locale.path("/staff/registry/sources")) {
                input type="hidden" name="csrf" value=(nav.csrf);
                div.field { label for="s-url" { (t("registry-field-url")) } input type="url" name="url" id="s-url" value=(form.url) required dir="ltr"; }
                div.pair {
                    div.field { label for="s-publisher" { (t("registry-field-publisher")) } input type="text" name="publisher" id="s-publisher" value=(form.publisher) required dir="auto"; }
                    div.field { label for="s-date" { (t("registry-field-date")) } input type="text" name="date" id="s-date" value=(form.date) placeholder=(t("registry-date-placeholder")) dir="ltr"; }
                }
                div.field { label for="s-title" { (t("registry-field-title")) } input type="text" name="title" id="s-title" value=(form.title) required dir="auto"; }
                div.pair {
                    div.field { label for="s-kind" { (t("registry-field-source-kind")) }
                        (select_codes("kind", Some("s-kind"), &form.kind, &SourceKind::ALL.iter().map(|k| (k.code().to_owned(), source_kind_label(locale, *k))).collect::<Vec<_>>(), None)) }
                    div.field { label for="s-rel" { (t("registry-field-reliability")) }
                        (select_codes("reliability", Some("s-rel"), if form.reliability.is_empty() { "F" } else { &form.reliability }, &Reliability::ALL.iter().map(|r| (r.code().to_owned(), format!("{} — {}", r.code(), locale.t(&format!("registry-reliability-{}", r.code()))))).collect::<Vec<_>>(), None)) }
                    div.field { label for="s-cred" { (t("registry-field-credibility")) }
                        (select_codes("credibility", Some("s-cred"), if form.credibility.is_empty() { "6" } else { &form.credibility }, &Credibility::ALL.iter().map(|c| (c.code().to_owned(), format!("{} — {}", c.code(), locale.t(&format!("registry-credibility-{}", c.code()))))).collect::<Vec<_>>(), None)) }
                }
                div.field { label for="s-hash" { (t("registry-field-archived_sha256")) } p.hint { (t("registry-archived-hint")) } input type="text" name="archived_sha256" id="s-hash" value=(form.archived_sha256) dir="ltr" maxlength="64"; }
                button type="submit" { (t("registry-source-add-button")) }
            }
            h2 { (locale.t_with("registry-sources-count", &[("count", (sources.len() as u64).into())])) }
            table #registry-sources {
                thead { tr {
                    th scope="col" { (t("registry-field-reference")) }
                    th scope="col" { (t("registry-field-title")) }
                    th scope="col" { (t("registry-field-source-kind")) }
                    th scope="col" { (t("registry-field-grade")) }
                    th scope="col" { (t("registry-archive-heading")) }
                } }
                tbody {
                    @for item in sources {
                        @let s = &item.source;
                        tr {
                            td { code { (source_label(s)) } }
                            td { bdi { (s.publisher) } ": " a href=(s.url) rel="noreferrer noopener nofollow" { bdi { (s.title) } } @if let Some(d) = &s.published { " (" (d.to_string()) ")" } }
                            td { (source_kind_label(locale, s.kind)) }
                            td { (s.reliability.code()) (s.credibility.code()) }
                            td { a href=(locale.path(&format!("/staff/registry/sources/{}", s.id))) {
                                @match &item.archive {
                                    Some(archive) => bdi.size { (locale.t_with("file-size", &[("kib", archive.size.div_ceil(1024).into())])) },
                                    None => (t("registry-archive-keep-link")),
                                }
                            } }
                        }
                    }
                }
            }
        },
    )
}

fn source_label(source: &Source) -> String {
    source
        .reference
        .clone()
        .unwrap_or_else(|| source.id.to_string())
}

/// `/staff/registry/sources/{id}`: one source, its archived copy (size, who kept it and when,
/// the download when it was sealed to the reader) and the form that keeps a new one.
pub fn source_page(
    locale: Locale,
    nav: &StaffNav,
    item: &SourceWithArchive,
    max_bytes: u64,
    notice: Option<String>,
    refusal: Option<String>,
) -> Markup {
    let t = |id: &str| locale.t(id);
    let source = &item.source;
    let title = locale.t_with(
        "registry-source-page-title",
        &[("reference", source_label(source).into())],
    );
    let base = format!("/staff/registry/sources/{}", source.id);
    page(
        locale,
        &title,
        Audience::Staff(Some(nav)),
        html! {
            p { a href=(locale.path("/staff/registry/sources")) { (t("registry-sources-back")) } }
            h1 { (title) }
            @if let Some(notice) = notice { p.notice role="status" { (notice) } }
            p { bdi { (source.publisher) } ": " a href=(source.url) rel="noreferrer noopener nofollow" { bdi { (source.title) } } @if let Some(d) = &source.published { " (" (d.to_string()) ")" } }
            p { (source_kind_label(locale, source.kind)) " · " (source.reliability.code()) (source.credibility.code()) }
            h2 { (t("registry-archive-heading")) }
            p.hint { (t("registry-archive-explain")) }
            @match &item.archive {
                None => p #archive-none { (t("registry-archive-none")) },
                Some(archive) => (archive_facts(locale, &base, source, archive)),
            }
            @if let Some(refusal) = refusal {
                div.notice.warn role="alert" { p { (refusal) } }
            }
            form method="post" enctype="multipart/form-data" action=(locale.path(&format!("{base}/archive"))) {
                // The CSRF field first: without it no byte of the file is written.
                input type="hidden" name="csrf" value=(nav.csrf);
                div.field {
                    label for="archive-copy" { (locale.t_with("registry-archive-field", &[("max", max_bytes.div_ceil(1024 * 1024).into())])) }
                    @if item.archive.is_some() { p.hint { (t("registry-archive-replace-hint")) } }
                    input type="file" name="copy" id="archive-copy" required;
                }
                button type="submit" { (t("registry-archive-button")) }
            }
        },
    )
}

fn archive_facts(locale: Locale, base: &str, source: &Source, archive: &ArchiveSummary) -> Markup {
    html! {
        dl #archive-kept {
            dt { (locale.t("registry-archive-size")) }
            dd { bdi.size { (locale.t_with("file-size", &[("kib", archive.size.div_ceil(1024).into())])) } }
            dt { (locale.t("registry-archive-kept-by")) }
            dd { (archive.added.to_string()) " · " bdi { (archive.added_by) } }
            @if let Some(hash) = &source.archived_sha256 {
                dt { (locale.t("registry-archived")) }
                dd { code.hash dir="ltr" { (hash) } }
            }
        }
        @match &archive.name {
            Some(name) => p { a href=(locale.path(&format!("{base}/archive"))) download { (locale.t("registry-archive-download")) " " bdi { (name) } } },
            None => p.notice.warn #archive-not-yours { (locale.t("registry-archive-not-yours")) },
        }
    }
}
