//! The public registry's pages: the list with its filters, the world map of entries per
//! country with a table that says the same, and an entry with its allegation and the official
//! responses side by side, its timeline, its graded sources and its change history. No script,
//! nothing from another origin; the map is drawn here from committed Natural Earth shapes.

use std::collections::BTreeMap;

use maud::{Markup, PreEscaped, html};
use refuge_app::registry::{PublicEntry, PublicEntryPage, RegistryFilter};
use refuge_domain::SourceId;
use refuge_domain::registry::{
    AllegationStatus, EntryBody, EntryKind, PartialDate, ResponseRecord, Source, SourceKind,
};

use super::layout::{Audience, page};
use super::world_map;
use crate::i18n::Locale;

/// A country's name in this language (its code if none is known: every map country has a
/// name in every locale, a tidy test, but an imported seed may name another code).
pub fn country_name(locale: Locale, code: &str) -> String {
    let name = locale.t(&format!("country-{code}"));
    if name.is_empty() || name.contains("Unknown localization key") {
        code.to_owned()
    } else {
        name
    }
}

pub fn kind_label(locale: Locale, kind: EntryKind) -> String {
    locale.t(&format!("registry-kind-{}", kind.code()))
}

pub fn status_label(locale: Locale, status: AllegationStatus) -> String {
    locale.t(&format!("registry-status-{}", status.code()))
}

pub fn source_kind_label(locale: Locale, kind: SourceKind) -> String {
    locale.t(&format!("registry-source-kind-{}", kind.code()))
}

fn day_text(locale: Locale, day: Option<&PartialDate>) -> String {
    match day {
        Some(day) => day.to_string(),
        None => locale.t("registry-day-unknown"),
    }
}

/// Colours of the map by count: none, then four steps (light to dark), and a marked colour
/// for a count withheld (statistics pages).
const NO_COUNT: &str = "#e6e6e1";
const STEPS: [(u64, &str); 4] = [
    (1, "#c9d8ec"),
    (3, "#8fb0d9"),
    (10, "#4a7fbf"),
    (30, "#1f4e8c"),
];
pub const WITHHELD: &str = "#e8b04b";

/// A legend's colour sample (an SVG square: the page's policy allows no inline style).
fn swatch(colour: &str) -> Markup {
    html! {
        svg.swatch width="14" height="14" viewBox="0 0 14 14" aria-hidden="true" {
            rect width="14" height="14" fill=(colour) stroke="#666" stroke-width="1" {}
        }
        " "
    }
}

fn fill_for(count: u64) -> &'static str {
    STEPS
        .iter()
        .rev()
        .find(|(from, _)| count >= *from)
        .map_or(NO_COUNT, |(_, colour)| colour)
}

/// One country on a map: its count, or withheld (a statistics cell below the threshold).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MapValue {
    Count(u64),
    Withheld,
}

/// The world map coloured by `values` (countries absent have none), each country titled with
/// its name and value, tiny ones (Hong Kong, Macao, Singapore) marked with a circle so they
/// can be seen; `title_id` names the map for screen readers, who get the table after it.
pub fn world_map_svg(
    locale: Locale,
    values: &BTreeMap<String, MapValue>,
    title_id: &str,
    title: &str,
) -> Markup {
    let (width, height) = world_map::size();
    let value_text = |value: Option<&MapValue>| match value {
        Some(MapValue::Count(n)) => locale.t_with("map-count", &[("count", (*n).into())]),
        Some(MapValue::Withheld) => locale.t("map-withheld"),
        None => locale.t_with("map-count", &[("count", 0u64.into())]),
    };
    html! {
        figure.map {
            // The no-count colour is the SVG's own fill, which shapes without a value inherit:
            // those are written as bare self-closed paths (most of the map's weight otherwise).
            svg xmlns="http://www.w3.org/2000/svg" viewBox=(format!("0 0 {width} {height}")) role="img" aria-labelledby=(title_id) class="world-map" fill=(NO_COUNT) {
                title id=(title_id) { (title) }
                @for shape in world_map::countries() {
                    @let value = values.get(shape.code);
                    @let fill = match value {
                        Some(MapValue::Count(n)) => fill_for(*n),
                        Some(MapValue::Withheld) => WITHHELD,
                        None => NO_COUNT,
                    };
                    // Only countries with a value are titled: 235 titles would weigh more than
                    // the shapes of the countries that matter here.
                    @if value.is_some() {
                        path d=(shape.path) fill=(fill) {
                            title { (country_name(locale, shape.code)) ": " (value_text(value)) }
                        }
                    } @else {
                        // SECURITY: the committed paths are only digits, commas, spaces, minus
                        // signs and M, l, z (world_map's tests), so nothing in them is markup.
                        (PreEscaped(format!("<path d=\"{}\"/>", shape.path)))
                    }
                    @if shape.is_tiny() && value.is_some() {
                        @let (x, y) = shape.centre();
                        circle cx=(x) cy=(y) r="4" fill=(fill) stroke="#333" stroke-width="0.8" {
                            title { (country_name(locale, shape.code)) ": " (value_text(value)) }
                        }
                    }
                }
            }
            figcaption {
                ul.legend {
                    li { (swatch(NO_COUNT)) (locale.t_with("map-count", &[("count", 0u64.into())])) }
                    @for (from, colour) in STEPS {
                        li { (swatch(colour)) (locale.t_with("map-from", &[("count", from.into())])) }
                    }
                    @if values.values().any(|v| *v == MapValue::Withheld) {
                        li { (swatch(WITHHELD)) (locale.t("map-withheld")) }
                    }
                }
            }
        }
    }
}

/// The list's filters as typed, to show them again.
#[derive(Debug, Clone, Default)]
pub struct FilterForm {
    pub kind: String,
    pub country: String,
    pub status: String,
    pub text: String,
    pub error: Option<String>,
}

/// Entries listed per page (the map and the country table count them all).
pub const ENTRIES_PER_PAGE: usize = 20;

/// `/registry`: filters, the map, the entries (page `page`, from 1).
pub fn list_page(
    locale: Locale,
    quick_exit_url: &str,
    form: &FilterForm,
    filter: &RegistryFilter,
    entries: &[PublicEntry],
    countries_with_entries: &[String],
    page_number: usize,
) -> Markup {
    let pages = entries.len().div_ceil(ENTRIES_PER_PAGE).max(1);
    let page_number = page_number.clamp(1, pages);
    let shown = entries
        .iter()
        .skip((page_number - 1) * ENTRIES_PER_PAGE)
        .take(ENTRIES_PER_PAGE);
    let page_link = |n: usize| {
        let mut query: Vec<String> = [
            ("kind", &form.kind),
            ("country", &form.country),
            ("status", &form.status),
            ("q", &form.text),
        ]
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| {
            format!(
                "{k}={}",
                percent_encoding::utf8_percent_encode(v, percent_encoding::NON_ALPHANUMERIC)
            )
        })
        .collect();
        query.push(format!("page={n}"));
        format!("{}?{}", locale.path("/registry"), query.join("&"))
    };
    let mut per_country: BTreeMap<String, MapValue> = BTreeMap::new();
    for entry in entries {
        if let Some(code) = &entry.body.country {
            let slot = per_country
                .entry(code.clone())
                .or_insert(MapValue::Count(0));
            if let MapValue::Count(n) = slot {
                *n += 1;
            }
        }
    }
    let filtered = *filter != RegistryFilter::default();
    page(
        locale,
        &locale.t("registry-title"),
        Audience::Reporter {
            quick_exit_url,
            switch_path: Some("/registry"),
        },
        html! {
            h1 { (locale.t("registry-title")) }
            p { (locale.t("registry-intro")) }
            p.notice { (locale.t("registry-allegations-note")) }
            form.filters #registry-filters method="get" action=(locale.path("/registry")) {
                div.pair {
                    div.field {
                        label for="f-kind" { (locale.t("registry-filter-kind")) }
                        select name="kind" id="f-kind" {
                            option value="" { (locale.t("registry-filter-any")) }
                            @for kind in EntryKind::ALL {
                                option value=(kind.code()) selected[form.kind == kind.code()] { (kind_label(locale, *kind)) }
                            }
                        }
                    }
                    div.field {
                        label for="f-country" { (locale.t("registry-filter-country")) }
                        select name="country" id="f-country" {
                            option value="" { (locale.t("registry-filter-any")) }
                            @for code in countries_with_entries {
                                option value=(code) selected[&form.country == code] { (country_name(locale, code)) }
                            }
                        }
                    }
                    div.field {
                        label for="f-status" { (locale.t("registry-filter-status")) }
                        select name="status" id="f-status" {
                            option value="" { (locale.t("registry-filter-any")) }
                            @for status in AllegationStatus::ALL {
                                option value=(status.code()) selected[form.status == status.code()] { (status_label(locale, *status)) }
                            }
                        }
                    }
                    div.field {
                        label for="f-q" { (locale.t("registry-filter-text")) }
                        input type="search" name="q" id="f-q" value=(form.text) maxlength="200";
                    }
                }
                @if let Some(error) = &form.error { p.error role="alert" { (error) } }
                button type="submit" { (locale.t("registry-filter-apply")) }
                @if filtered { " " a href=(locale.path("/registry")) { (locale.t("registry-filter-clear")) } }
            }
            h2 id="map-heading" { (locale.t("registry-map-heading")) }
            (world_map_svg(locale, &per_country, "registry-map-title", &locale.t("registry-map-title")))
            table.counts aria-labelledby="map-heading" {
                thead { tr { th scope="col" { (locale.t("registry-country")) } th scope="col" { (locale.t("registry-entries")) } } }
                tbody {
                    @for (code, value) in &per_country {
                        @if let MapValue::Count(n) = value {
                            tr { td { (country_name(locale, code)) } td.num { (n) } }
                        }
                    }
                }
            }
            h2 { (locale.t_with("registry-results", &[("count", (entries.len() as u64).into())])) }
            @if entries.is_empty() {
                p { (locale.t("registry-none")) }
            } @else {
                table.registry {
                    thead { tr {
                        th scope="col" { (locale.t("registry-col-entry")) }
                        th scope="col" { (locale.t("registry-country")) }
                        th scope="col" { (locale.t("registry-col-status")) }
                        th scope="col" { (locale.t("registry-last-reviewed")) }
                    } }
                    tbody {
                        @for entry in shown {
                            tr {
                                td {
                                    a href=(locale.path(&format!("/registry/{}", entry.id))) { bdi { (entry.body.title) } }
                                    br; small { (kind_label(locale, entry.body.kind)) @if let Some(r) = &entry.reference { " · " bdi { (r) } } }
                                }
                                td { @if let Some(c) = &entry.body.country { (country_name(locale, c)) } }
                                td { @for s in entry.body.current_statuses() { span.tag { (status_label(locale, s)) } " " } }
                                td { (entry.last_reviewed.to_string()) }
                            }
                        }
                    }
                }
            }
            @if pages > 1 {
                p.pager {
                    @if page_number > 1 { a href=(page_link(page_number - 1)) rel="prev" { (locale.t("registry-page-previous")) } " · " }
                    (locale.t_with("registry-page-of", &[("page", (page_number as u64).into()), ("pages", (pages as u64).into())]))
                    @if page_number < pages { " · " a href=(page_link(page_number + 1)) rel="next" { (locale.t("registry-page-next")) } }
                }
            }
            p {
                (locale.t("registry-open-data")) " "
                a href="/registry.csv" download { "CSV" } " · "
                a href="/registry.json" download { "JSON" }
            }
            p { a href=(locale.path("/statistics")) { (locale.t("registry-statistics-link")) } }
            p.hint { (locale.t("registry-map-credit")) }
        },
    )
}

fn source_links(
    locale: Locale,
    sources: &[SourceId],
    numbers: &BTreeMap<SourceId, usize>,
) -> Markup {
    html! {
        @if !sources.is_empty() {
            span.cites {
                " "
                @for id in sources {
                    @if let Some(n) = numbers.get(id) {
                        a href=(format!("#source-{n}")) title=(locale.t("registry-source-link")) { "[" (n) "]" }
                    }
                }
            }
        }
    }
}

fn response_item(
    locale: Locale,
    response: &ResponseRecord,
    numbers: &BTreeMap<SourceId, usize>,
) -> Markup {
    html! {
        li {
            strong { (locale.t(&format!("registry-response-party-{}", response.party.code()))) }
            " · " (locale.t(&format!("registry-response-kind-{}", response.kind.code())))
            " · " (day_text(locale, response.day.as_ref()))
            p.user-text dir="auto" { (response.summary) }
            (source_links(locale, &response.sources, numbers))
        }
    }
}

fn details(locale: Locale, body: &EntryBody) -> Markup {
    html! {
        dl.details {
            dt { (locale.t("registry-kind")) } dd { (kind_label(locale, body.kind)) }
            @if let Some(c) = &body.country { dt { (locale.t("registry-country")) } dd { (country_name(locale, c)) } }
            @if let Some(c) = &body.city { dt { (locale.t("registry-city")) } dd { bdi { (c) } } }
            @if let Some(o) = &body.operated_by { dt { (locale.t("registry-operated-by")) } dd { bdi { (o) } } }
            @if let Some(d) = &body.first_reported { dt { (locale.t("registry-first-reported")) } dd { (d.to_string()) } }
            @if let Some(p) = &body.period { dt { (locale.t("registry-period")) } dd { bdi { (p) } } }
            @if let Some(v) = &body.value { dt { (locale.t("registry-value")) } dd { bdi { (v) } } }
            @if let Some(n) = body.people { dt { (locale.t("registry-people")) } dd { (n) } }
            @if !body.tactics.is_empty() {
                dt { (locale.t("registry-tactics")) }
                dd { @for t in &body.tactics { span.tag { (locale.t(&format!("tactic-{}", t.code()))) } " " } }
            }
            @if let Some(p) = body.party { dt { (locale.t("registry-party")) } dd { (locale.t(&format!("registry-party-{}", p.code()))) } }
            @if let Some(b) = body.naming_basis { dt { (locale.t("registry-naming-basis")) } dd { (locale.t(&format!("registry-basis-{}", b.code()))) } }
        }
    }
}

/// `/registry/{id}`.
pub fn entry_page(locale: Locale, quick_exit_url: &str, view: &PublicEntryPage) -> Markup {
    let entry = &view.entry;
    let body = &entry.body;
    let numbers: BTreeMap<SourceId, usize> = view
        .sources
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id, i + 1))
        .collect();
    let mut timeline: Vec<_> = body.statuses.iter().collect();
    timeline.sort_by(|a, b| (a.day.is_none(), &a.day).cmp(&(b.day.is_none(), &b.day)));
    let allegation = matches!(body.kind, EntryKind::Place | EntryKind::Incident);
    let has_responses = !body.responses.is_empty() || !view.responses.is_empty();
    page(
        locale,
        &body.title,
        Audience::Reporter {
            quick_exit_url,
            switch_path: Some(&format!("/registry/{}", entry.id)),
        },
        html! {
            p { a href=(locale.path("/registry")) { (locale.t("registry-back")) } }
            h1 { bdi { (body.title) } }
            p.hint {
                (kind_label(locale, body.kind))
                @if let Some(r) = &entry.reference { " · " bdi { (r) } }
                " · " (locale.t_with("registry-reviewed-on", &[("day", entry.last_reviewed.to_string().into())]))
            }
            @if allegation { p.notice { (locale.t("registry-allegations-note")) } }
            (details(locale, body))
            div.side-by-side {
                section aria-labelledby="what-heading" {
                    h2 id="what-heading" { @if allegation { (locale.t("registry-allegation")) } @else { (locale.t("registry-what")) } }
                    @if !body.summary.is_empty() { p.user-text dir="auto" { (body.summary) } }
                    (source_links(locale, &body.sources, &numbers))
                    @if !timeline.is_empty() {
                        h3 { (locale.t("registry-timeline")) }
                        ol.timeline {
                            @for s in &timeline {
                                li { (day_text(locale, s.day.as_ref())) " — " strong { (status_label(locale, s.status)) } (source_links(locale, &s.sources, &numbers)) }
                            }
                        }
                    }
                }
                @if has_responses || allegation {
                    section aria-labelledby="responses-heading" {
                        h2 id="responses-heading" { (locale.t("registry-responses")) }
                        @if !has_responses { p { (locale.t("registry-no-responses")) } }
                        ul.responses {
                            @for r in &body.responses { (response_item(locale, r, &numbers)) }
                            @for e in &view.responses {
                                @for r in &e.body.responses { (response_item(locale, r, &numbers)) }
                            }
                        }
                    }
                }
            }
            @if !view.about.is_empty() {
                h2 { (locale.t("registry-about")) }
                ul { @for a in &view.about { li { a href=(locale.path(&format!("/registry/{}", a.id))) { bdi { (a.body.title) } } } } }
            }
            h2 { (locale.t("registry-sources")) }
            @if view.sources.is_empty() { p { (locale.t("registry-no-sources")) } }
            ol.sources {
                @for s in &view.sources { (source_item(locale, s, numbers.get(&s.id).copied().unwrap_or(0))) }
            }
            p.hint { (locale.t("registry-grade-explained")) }
            h2 { (locale.t("registry-history")) }
            table {
                thead { tr { th scope="col" { (locale.t("registry-version")) } th scope="col" { (locale.t("registry-written")) } th scope="col" { (locale.t("registry-last-reviewed")) } } }
                tbody { @for c in &view.history { tr { td { (c.version) } td { (c.written.to_string()) } td { (c.published.to_string()) } } } }
            }
        },
    )
}

fn source_item(locale: Locale, source: &Source, number: usize) -> Markup {
    html! {
        li id=(format!("source-{number}")) {
            bdi { (source.publisher) } ", "
            a href=(source.url) rel="noreferrer noopener nofollow" { bdi { (source.title) } }
            @if let Some(d) = &source.published { " (" (d.to_string()) ")" }
            br;
            small {
                (source_kind_label(locale, source.kind)) " · "
                (locale.t_with("registry-grade", &[("grade", format!("{}{}", source.reliability.code(), source.credibility.code()).into())]))
                " — " (locale.t(&format!("registry-reliability-{}", source.reliability.code())))
                ", " (locale.t(&format!("registry-credibility-{}", source.credibility.code())))
                @if let Some(hash) = &source.archived_sha256 {
                    br; (locale.t("registry-archived")) " " code.hash { (hash) }
                }
            }
        }
    }
}
