//! The inbox page: a GET form of filters, a search box and an order (so "my critical Uyghur
//! cases" is a bookmark), the bulk form over the cases shown, and links to further pages that
//! keep the filters.

use maud::{Markup, html};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use refuge_app::inbox::{CaseList, InboxRequest};
use refuge_domain::case::{CaseVocabulary, Urgency};
use refuge_domain::inbox::InboxSort;
use refuge_domain::ports::StaffRecord;
use refuge_domain::report::ReportStatus;
use refuge_domain::taxonomy::{HOST_COUNTRIES, Language, TacticGroup};
use refuge_domain::{Permission, TeamId};

use super::layout::{Audience, page};
use super::staff::{
    label_chip, language_label, region_label, status_label, status_with_substatus, urgency_label,
};
use crate::i18n::Locale;
use crate::session::StaffNav;

/// What the inbox page shows.
pub struct InboxView<'a> {
    /// The cases found; `None` when the request could not be answered (`error` says why).
    pub page: Option<&'a CaseList>,
    /// The filters as asked, kept in the form.
    pub request: &'a InboxRequest,
    pub vocabulary: &'a CaseVocabulary,
    /// Colleagues, for "assigned to" and "assign to" (those who work cases are offered).
    pub colleagues: &'a [StaffRecord],
    pub teams: &'a [(TeamId, String)],
    pub notice: Option<String>,
    pub error: Option<String>,
}

/// The query string of `request`'s filters, and a cursor if given (empty: none).
pub fn inbox_query(request: &InboxRequest, cursor: Option<&str>) -> String {
    let mut pairs: Vec<String> = request
        .filters()
        .into_iter()
        .map(|(name, value)| format!("{name}={}", utf8_percent_encode(value, NON_ALPHANUMERIC)))
        .collect();
    if let Some(cursor) = cursor {
        pairs.push(format!(
            "cursor={}",
            utf8_percent_encode(cursor, NON_ALPHANUMERIC)
        ));
    }
    pairs.join("&")
}

/// The inbox's address with `request`'s filters, and a cursor if given.
pub fn inbox_path(locale: Locale, request: &InboxRequest, cursor: Option<&str>) -> String {
    let query = inbox_query(request, cursor);
    if query.is_empty() {
        locale.path("/staff/inbox")
    } else {
        locale.path(&format!("/staff/inbox?{query}"))
    }
}

/// A `select` of the filter form: "any" first, then `options` as (value, shown).
fn filter_select(
    locale: Locale,
    name: &str,
    label_key: &str,
    current: Option<&str>,
    options: &[(String, String)],
) -> Markup {
    let id = format!("filter-{name}");
    html! {
        div.filter {
            label for=(id) { (locale.t(label_key)) }
            select id=(id) name=(name) {
                option value="" { (locale.t("inbox-filter-any")) }
                @for (value, shown) in options {
                    option value=(value) selected[current == Some(value.as_str())] { (shown) }
                }
            }
        }
    }
}

fn filter_form(locale: Locale, view: &InboxView<'_>) -> Markup {
    let request = view.request;
    let vocabulary = view.vocabulary;
    let get = |name: &str| request.get(name);
    let statuses: Vec<(String, String)> = ReportStatus::ALL
        .iter()
        .map(|s| (s.code().to_string(), status_label(locale, *s)))
        .collect();
    let substatuses: Vec<(String, String)> = vocabulary
        .substatuses
        .iter()
        .map(|s| {
            let status = ReportStatus::from_code(&s.status)
                .map_or_else(|| s.status.clone(), |status| status_label(locale, status));
            (s.code.clone(), format!("{status} · {}", s.name))
        })
        .collect();
    let urgencies: Vec<(String, String)> = Urgency::ALL
        .iter()
        .rev()
        .map(|u| (u.code().to_string(), urgency_label(locale, *u)))
        .collect();
    let mut assignees: Vec<(String, String)> = vec![
        ("me".into(), locale.t("inbox-filter-assignee-me")),
        ("none".into(), locale.t("inbox-filter-assignee-none")),
    ];
    assignees.extend(
        view.colleagues
            .iter()
            .filter(|s| s.role.may(Permission::WorkCases))
            .map(|s| (s.username.clone(), s.username.clone())),
    );
    let teams: Vec<(String, String)> = view
        .teams
        .iter()
        .map(|(_, name)| (name.clone(), name.clone()))
        .collect();
    let labels: Vec<(String, String)> = vocabulary
        .labels
        .iter()
        .map(|l| (l.code.clone(), l.name.clone()))
        .collect();
    let languages: Vec<(String, String)> = Language::ALL
        .iter()
        .map(|l| (l.code().to_string(), language_label(*l)))
        .collect();
    let mut countries: Vec<(String, String)> = HOST_COUNTRIES
        .iter()
        .map(|c| (c.to_string(), locale.t(&format!("country-{c}"))))
        .collect();
    countries.sort_by(|a, b| a.1.cmp(&b.1));
    let sort = get("sort")
        .and_then(InboxSort::from_code)
        .unwrap_or_default();
    html! {
        form.filters method="get" action=(locale.path("/staff/inbox")) id="filters" role="search" {
            fieldset {
                legend { (locale.t("inbox-filters-title")) }
                div.search {
                    label for="filter-q" { (locale.t("inbox-search-label")) }
                    input type="search" id="filter-q" name="q" dir="auto" value=(get("q").unwrap_or_default())
                        maxlength=(refuge_domain::search::QUERY_MAX_CHARS) aria-describedby="filter-q-hint";
                    p.hint id="filter-q-hint" { (locale.t("inbox-search-hint")) }
                }
                div.filter-grid {
                    (filter_select(locale, "status", "inbox-filter-status", get("status"), &statuses))
                    @if !substatuses.is_empty() {
                        (filter_select(locale, "substatus", "inbox-filter-substatus", get("substatus"), &substatuses))
                    }
                    (filter_select(locale, "urgency", "inbox-filter-urgency", get("urgency"), &urgencies))
                    (filter_select(locale, "assignee", "inbox-filter-assignee", get("assignee"), &assignees))
                    @if !teams.is_empty() {
                        (filter_select(locale, "team", "inbox-filter-team", get("team"), &teams))
                    }
                    @if !labels.is_empty() {
                        (filter_select(locale, "label", "inbox-filter-label", get("label"), &labels))
                    }
                    div.filter {
                        label for="filter-tactic" { (locale.t("inbox-filter-tactic")) }
                        select id="filter-tactic" name="tactic" {
                            option value="" { (locale.t("inbox-filter-any")) }
                            @for group in TacticGroup::ALL {
                                optgroup label=(locale.t(&format!("tactic-group-{}", group.code()))) {
                                    @for tactic in group.tactics() {
                                        option value=(tactic.code()) selected[get("tactic") == Some(tactic.code())] {
                                            (locale.t(&format!("tactic-{}", tactic.code())))
                                        }
                                    }
                                }
                            }
                        }
                    }
                    (filter_select(locale, "language", "inbox-filter-language", get("language"), &languages))
                    (filter_select(locale, "host_country", "inbox-filter-host-country", get("host_country"), &countries))
                    div.filter {
                        label for="filter-from" { (locale.t("inbox-filter-from")) }
                        input type="date" id="filter-from" name="from" value=(get("from").unwrap_or_default()) placeholder="YYYY-MM-DD";
                    }
                    div.filter {
                        label for="filter-to" { (locale.t("inbox-filter-to")) }
                        input type="date" id="filter-to" name="to" value=(get("to").unwrap_or_default()) placeholder="YYYY-MM-DD";
                    }
                    div.filter {
                        label for="filter-sort" { (locale.t("inbox-sort")) }
                        select id="filter-sort" name="sort" {
                            @for option in InboxSort::ALL {
                                option value=(option.code()) selected[*option == sort] { (locale.t(&format!("inbox-sort-{}", option.code()))) }
                            }
                        }
                    }
                }
                label.check {
                    input type="checkbox" id="filter-unread" name="unread" value="true" checked[get("unread") == Some("true")];
                    " " (locale.t("inbox-filter-unread"))
                }
                p.actions {
                    button type="submit" { (locale.t("inbox-filter-apply")) }
                    @if request.narrows() || get("sort").is_some() {
                        " " a href=(locale.path("/staff/inbox")) id="filters-clear" { (locale.t("inbox-filter-clear")) }
                    }
                }
            }
        }
    }
}

pub fn inbox(
    locale: Locale,
    nav: &StaffNav,
    view: &InboxView<'_>,
    recipients_changed: Option<String>,
) -> Markup {
    let vocabulary = view.vocabulary;
    let assignable: Vec<&StaffRecord> = view
        .colleagues
        .iter()
        .filter(|s| !s.disabled && s.role.may(Permission::WorkCases))
        .collect();
    let narrowed = view.request.narrows();
    // Where the bulk form comes back to: these filters, this page.
    let here = inbox_query(view.request, view.request.get("cursor"));
    page(
        locale,
        &locale.t("inbox-title"),
        Audience::Staff(Some(nav)),
        html! {
            h1 { (locale.t("inbox-title")) }
            @if let Some(day) = recipients_changed {
                p.notice.warn role="status" id="recipients-changed" {
                    (locale.t_with("inbox-recipients-changed", &[("day", day.into())]))
                    " "
                    a href=(locale.path("/staff/recipients")) { (locale.t("inbox-recipients-see")) }
                }
            }
            @if let Some(notice) = &view.notice { p.notice role="status" id="inbox-notice" { (notice) } }
            @if let Some(error) = &view.error { p.notice.warn.error role="alert" id="inbox-error" { (error) } }
            (filter_form(locale, view))
            @if let Some(inbox) = view.page {
                @if inbox.opened_to_filter {
                    p.hint id="inbox-readable-only" { (locale.t("inbox-filter-readable-only")) }
                }
                @if inbox.lines.is_empty() {
                    @if narrowed || view.request.get("cursor").is_some() {
                        p.notice id="inbox-no-match" { (locale.t("inbox-filter-none-match")) }
                    } @else {
                        p.notice { (locale.t("inbox-empty")) }
                    }
                } @else {
                    form method="post" action=(locale.path("/staff/inbox/bulk")) id="bulk" {
                        input type="hidden" name="csrf" value=(nav.csrf);
                        input type="hidden" name="back" value=(here);
                        fieldset.bulk {
                            legend { (locale.t("inbox-bulk-title")) }
                            label for="bulk-assignee" { (locale.t("inbox-bulk-assign")) }
                            select #bulk-assignee name="assignee" {
                                option value="" { (locale.t("inbox-bulk-keep")) }
                                option value="none" { (locale.t("case-assignee-none")) }
                                @for person in &assignable { option value=(person.id) { (person.username) } }
                            }
                            " "
                            label for="bulk-status" { (locale.t("inbox-bulk-status")) }
                            select #bulk-status name="status" {
                                option value="" { (locale.t("inbox-bulk-keep")) }
                                @for status in ReportStatus::ALL { option value=(status.code()) { (status_label(locale, *status)) } }
                            }
                            @if !vocabulary.labels.is_empty() {
                                " "
                                label for="bulk-label" { (locale.t("inbox-bulk-label")) }
                                select #bulk-label name="add_label" {
                                    option value="" { (locale.t("inbox-bulk-keep")) }
                                    @for label in &vocabulary.labels { option value=(label.code) { (label.name) } }
                                }
                            }
                            " "
                            button type="submit" { (locale.t("inbox-bulk-apply")) }
                        }
                        table.inbox {
                            thead { tr {
                                th { span.visually-hidden { (locale.t("inbox-col-select")) } }
                                th { (locale.t("inbox-col-received")) }
                                th { (locale.t("inbox-col-status")) }
                                th { (locale.t("inbox-col-urgency")) }
                                th { (locale.t("inbox-col-tactics")) }
                                th { (locale.t("inbox-col-region")) }
                                th { (locale.t("inbox-col-language")) }
                                th { (locale.t("inbox-col-assignee")) }
                                th { (locale.t("inbox-col-teams")) }
                                th { (locale.t("inbox-col-labels")) }
                                th {}
                            } }
                            tbody {
                                @for line in &inbox.lines {
                                    @let meta = &line.meta;
                                    @let received = meta.received.to_string();
                                    tr.urgent[meta.case.urgency >= Urgency::High] {
                                        td {
                                            @if line.viewer_can_read {
                                                input type="checkbox" name="ids" value=(meta.id) id=(format!("select-{}", meta.id))
                                                    aria-label=(locale.t_with("inbox-select-report", &[("day", received.clone().into())]));
                                            }
                                        }
                                        td { time datetime=(received) { (received) } }
                                        td { (status_with_substatus(locale, vocabulary, meta.status, meta.case.substatus.as_deref())) }
                                        td { (urgency_label(locale, meta.case.urgency)) }
                                        td { @for tactic in meta.case.counted_tactics(&meta.tactics) { span.tag { (locale.t(&format!("tactic-{}", tactic.code()))) } " " } }
                                        td { (region_label(locale, meta.host_country.as_deref(), meta.host_region.as_deref())) }
                                        td { (language_label(meta.language)) }
                                        td { @if let Some(name) = &line.assignee { bdi { (name) } } }
                                        td { @for team in &line.teams { span.tag { bdi { (team) } } " " } }
                                        td { @if let Some(card) = &line.card { @for code in &card.labels { (label_chip(vocabulary, code)) " " } } }
                                        td {
                                            a href=(locale.path(&format!("/staff/reports/{}", meta.id))) { (locale.t("inbox-open")) }
                                            @if line.unread_activity { " " span.tag.unread { (locale.t("inbox-unread")) } }
                                            @if !line.viewer_can_read { " " span.tag { (locale.t("inbox-no-access")) } }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                nav.pages aria-label=(locale.t("inbox-pages")) {
                    @if view.request.get("cursor").is_some() {
                        a href=(inbox_path(locale, view.request, None)) id="inbox-first" { (locale.t("inbox-first-page")) }
                        " "
                    }
                    @if let Some(cursor) = inbox.next_cursor {
                        a href=(inbox_path(locale, view.request, Some(&cursor.to_string()))) id="inbox-next" rel="next" { (locale.t("inbox-next-page")) }
                    }
                }
            }
        },
    )
}
