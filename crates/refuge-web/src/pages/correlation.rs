//! Correlation pages: a report's identifiers with the other reports that share them, the
//! look-up box, and the groups of connected reports drawn as a server-made SVG graph with a
//! table that says the same for screen readers. No script anywhere.

use maud::{Markup, PreEscaped, html};
use refuge_app::correlation::{
    Cluster, Clusters, IdentifierMatches, IdentifierSource, MatchHow, ReportCorrelation,
};
use refuge_domain::report::SHORT_TEXT_MAX_CHARS;
use refuge_domain::taxonomy::{HOST_COUNTRIES, IdentifierKind, OTHER_COUNTRY};
use refuge_domain::{Day, ReportId};

use super::layout::{Audience, page};
use crate::i18n::Locale;
use crate::session::StaffNav;

/// What the identifier form holds: the kind and text typed, and why they were refused.
#[derive(Debug, Clone, Default)]
pub struct IdentifierForm {
    pub kind: String,
    pub value: String,
    pub error: Option<String>,
}

/// Most groups drawn on the page (the API lists more).
pub const CLUSTERS_SHOWN: usize = 50;

/// Most reports of one group drawn as a graph (the table lists them all).
const NODES_DRAWN: usize = 40;

fn kind_label(locale: Locale, kind: IdentifierKind) -> String {
    locale.t(&format!("identifier-kind-{}", kind.code()))
}

fn kind_select(locale: Locale, chosen: &str) -> Markup {
    html! {
        select name="kind" id="identifier-kind" required {
            option value="" { (locale.t("choose")) }
            @for kind in IdentifierKind::offered() {
                option value=(kind.code()) selected[chosen == kind.code()] { (kind_label(locale, kind)) }
            }
        }
    }
}

fn report_link(locale: Locale, id: ReportId, received: Day) -> Markup {
    html! {
        a href=(locale.path(&format!("/staff/reports/{id}"))) {
            (locale.t_with("correlation-report-link", &[("day", received.to_string().into())]))
        }
    }
}

fn how_label(locale: Locale, how: MatchHow) -> String {
    locale.t(&format!("correlation-how-{}", how.code()))
}

/// The readable matches and the count of the others, as a list.
fn matches_list(locale: Locale, matches: &IdentifierMatches) -> Markup {
    html! {
        @if matches.readable.is_empty() && matches.others == 0 {
            span.hint { (locale.t("correlation-no-match")) }
        } @else {
            ul.matches {
                @for matched in &matches.readable {
                    li {
                        (report_link(locale, matched.id, matched.received))
                        " " span class=(format!("tag match-{}", matched.how.code())) { (how_label(locale, matched.how)) }
                    }
                }
                @if matches.others > 0 {
                    li.others {
                        (locale.t_with("correlation-others", &[("count", (matches.others as u64).into())]))
                    }
                }
            }
        }
    }
}

/// The identifiers section of the report page.
pub fn identifiers_section(
    locale: Locale,
    nav: &StaffNav,
    id: ReportId,
    correlation: &ReportCorrelation,
    form: &IdentifierForm,
) -> Markup {
    html! {
        section #identifiers aria-labelledby="identifiers-title" {
            h2 #identifiers-title { (locale.t("correlation-section")) }
            @if !correlation.available {
                p.notice { (locale.t("correlation-unavailable")) }
            }
            @if correlation.pending > 0 {
                p.hint { (locale.t_with("correlation-pending", &[("count", correlation.pending.into())])) }
            }
            @if correlation.identifiers.is_empty() {
                p { (locale.t("correlation-none-recorded")) }
            } @else {
                table.identifiers {
                    thead { tr {
                        th scope="col" { (locale.t("field-identifier-kind")) }
                        th scope="col" { (locale.t("field-identifier-value")) }
                        th scope="col" { (locale.t("correlation-recorded-by")) }
                        th scope="col" { (locale.t("correlation-other-reports")) }
                    } }
                    tbody {
                        @for listed in &correlation.identifiers {
                            tr {
                                td { (kind_label(locale, listed.identifier.kind)) }
                                td { bdi.identifier dir="auto" { (super::reporter_text(locale, &listed.identifier.value)) } }
                                td {
                                    @match listed.source {
                                        IdentifierSource::Reporter => { (locale.t("correlation-by-reporter")) }
                                        IdentifierSource::Caseworker => {
                                            (locale.t("correlation-by-caseworker")) " "
                                            form.inline method="post" action=(locale.path(&format!("/staff/reports/{id}/identifiers/remove"))) {
                                                input type="hidden" name="csrf" value=(nav.csrf);
                                                input type="hidden" name="kind" value=(listed.identifier.kind.code());
                                                input type="hidden" name="value" value=(listed.identifier.value);
                                                button.secondary type="submit" { (locale.t("correlation-remove")) }
                                            }
                                        }
                                    }
                                }
                                td { (matches_list(locale, &listed.matches)) }
                            }
                        }
                    }
                }
            }
            form.identifier-add method="post" action=(locale.path(&format!("/staff/reports/{id}/identifiers"))) {
                input type="hidden" name="csrf" value=(nav.csrf);
                fieldset class=[form.error.is_some().then_some("has-error")] {
                    legend { (locale.t("correlation-add")) }
                    p.hint { (locale.t("correlation-add-hint")) }
                    @if let Some(error) = &form.error {
                        p.error #identifier-error role="alert" { (error) }
                    }
                    label for="identifier-kind" { (locale.t("field-identifier-kind")) }
                    (kind_select(locale, &form.kind))
                    label for="identifier-value" { (locale.t("field-identifier-value")) }
                    input #identifier-value type="text" name="value" dir="auto" maxlength=(SHORT_TEXT_MAX_CHARS) value=(form.value) required;
                    button type="submit" { (locale.t("correlation-add-button")) }
                }
            }
            p {
                a href=(locale.path("/staff/identifiers")) { (locale.t("lookup-title")) }
                " · "
                a href=(locale.path("/staff/correlation")) { (locale.t("clusters-title")) }
            }
        }
    }
}

/// What a look-up found, for the page.
pub struct LookupResult {
    pub matches: Option<IdentifierMatches>,
}

/// The look-up page: "is this number in any report?". A POST form, so what was typed stays
/// out of addresses and browser history.
pub fn lookup(
    locale: Locale,
    nav: &StaffNav,
    form: &IdentifierForm,
    region: &str,
    origin_states: &[String],
    result: Option<&LookupResult>,
) -> Markup {
    let title = locale.t("lookup-title");
    page(
        locale,
        &title,
        Audience::Staff(Some(nav)),
        html! {
            h1 { (title) }
            p.hint { (locale.t("lookup-hint")) }
            form method="post" action=(locale.path("/staff/identifiers")) {
                input type="hidden" name="csrf" value=(nav.csrf);
                fieldset class=[form.error.is_some().then_some("has-error")] {
                    legend { (locale.t("lookup-legend")) }
                    @if let Some(error) = &form.error {
                        p.error #identifier-error role="alert" { (error) }
                    }
                    label for="identifier-kind" { (locale.t("field-identifier-kind")) }
                    (kind_select(locale, &form.kind))
                    label for="identifier-value" { (locale.t("field-identifier-value")) }
                    input #identifier-value type="text" name="value" dir="auto" maxlength=(SHORT_TEXT_MAX_CHARS) value=(form.value) required;
                    label for="lookup-region" { (locale.t("lookup-region")) }
                    select #lookup-region name="region" {
                        option value="" { (locale.t("lookup-region-any")) }
                        @for code in origin_states {
                            option value=(code) selected[region == code] { (locale.t(&format!("origin-{code}"))) }
                        }
                        @for code in HOST_COUNTRIES.iter().filter(|c| **c != OTHER_COUNTRY && !origin_states.iter().any(|o| o == *c)) {
                            option value=(code) selected[region == *code] { (locale.t(&format!("country-{code}"))) }
                        }
                    }
                    button type="submit" { (locale.t("lookup-button")) }
                }
            }
            @if let Some(result) = result {
                section #lookup-result aria-live="polite" {
                    h2 { (locale.t("lookup-result")) }
                    @match &result.matches {
                        None => p.notice { (locale.t("correlation-unavailable")) },
                        Some(matches) if matches.readable.is_empty() && matches.others == 0 => {
                            p { (locale.t("lookup-nothing")) }
                        }
                        Some(matches) => {
                            p { (locale.t_with("lookup-found", &[("count", ((matches.readable.len() + matches.others) as u64).into())])) }
                            (matches_list(locale, matches))
                        }
                    }
                }
            }
        },
    )
}

/// The groups of connected reports.
pub fn clusters(
    locale: Locale,
    nav: &StaffNav,
    found: Option<&Clusters>,
    min_reports: usize,
) -> Markup {
    let title = locale.t("clusters-title");
    page(
        locale,
        &title,
        Audience::Staff(Some(nav)),
        html! {
            h1 { (title) }
            p.hint { (locale.t("clusters-hint")) }
            form method="get" action=(locale.path("/staff/correlation")) {
                label for="min-reports" { (locale.t("clusters-min")) }
                input #min-reports type="number" name="min_reports" min="2" max="100" value=(min_reports);
                button.secondary type="submit" { (locale.t("clusters-show")) }
            }
            @if let Some(found) = found.filter(|f| f.pending > 0) {
                p.hint { (locale.t_with("correlation-pending", &[("count", found.pending.into())])) }
            }
            @match found {
                None => p.notice { (locale.t("correlation-unavailable")) },
                Some(found) if found.clusters.is_empty() => p { (locale.t("clusters-none")) },
                Some(found) => {
                    p { (locale.t_with("clusters-count", &[("count", (found.total as u64).into())])) }
                    @for (number, cluster) in found.clusters.iter().take(CLUSTERS_SHOWN).enumerate() {
                        (cluster_section(locale, number + 1, cluster))
                    }
                }
            }
        },
    )
}

fn cluster_section(locale: Locale, number: usize, cluster: &Cluster) -> Markup {
    let heading_id = format!("cluster-{number}");
    let kinds: Vec<String> = cluster
        .kinds
        .iter()
        .map(|k| kind_label(locale, *k))
        .collect();
    let day_of = |id: ReportId| {
        cluster
            .reports
            .iter()
            .find(|(r, _)| *r == id)
            .map_or(Day(0), |(_, day)| *day)
    };
    html! {
        section.cluster aria-labelledby=(heading_id) {
            h2 id=(heading_id) {
                (locale.t_with("clusters-group", &[
                    ("number", (number as u64).into()),
                    ("count", (cluster.reports.len() as u64).into()),
                ]))
            }
            p { (locale.t("clusters-joined-by")) " " (kinds.join(", ")) }
            figure {
                (graph(locale, cluster, &heading_id))
                figcaption.hint { (locale.t("clusters-graph-caption")) }
            }
            table {
                thead { tr {
                    th scope="col" { (locale.t("clusters-report")) }
                    th scope="col" { (locale.t("clusters-shares-with")) }
                } }
                tbody {
                    @for (id, received) in &cluster.reports {
                        tr {
                            td { (report_link(locale, *id, *received)) }
                            td { ul {
                                @for link in cluster.links.iter().filter(|l| l.from == *id || l.to == *id) {
                                    @let other = if link.from == *id { link.to } else { link.from };
                                    li {
                                        (report_link(locale, other, day_of(other)))
                                        " — "
                                        (link.kinds.iter().map(|k| kind_label(locale, *k)).collect::<Vec<_>>().join(", "))
                                        " (" (how_label(locale, link.how)) ")"
                                    }
                                }
                            } }
                        }
                    }
                }
            }
        }
    }
}

/// The group drawn as a circle of reports with a line for each direct link (dashed when only
/// a transliteration joins them). Positions are computed here; the SVG carries no script and
/// no style attribute (the content security policy allows neither).
fn graph(locale: Locale, cluster: &Cluster, labelled_by: &str) -> Markup {
    let drawn: Vec<(ReportId, Day)> = cluster.reports.iter().take(NODES_DRAWN).copied().collect();
    let count = drawn.len().max(1);
    let radius = 60.0 + 12.0 * count as f64;
    let size = 2.0 * radius + 160.0;
    let centre = size / 2.0;
    let position = |index: usize| {
        let angle =
            std::f64::consts::TAU * index as f64 / count as f64 - std::f64::consts::FRAC_PI_2;
        (centre + radius * angle.cos(), centre + radius * angle.sin())
    };
    let place = |id: ReportId| drawn.iter().position(|(r, _)| *r == id).map(position);
    let mut lines = String::new();
    for link in &cluster.links {
        if let (Some((x1, y1)), Some((x2, y2))) = (place(link.from), place(link.to)) {
            let dash = if link.how == MatchHow::Exact {
                ""
            } else {
                " stroke-dasharray=\"6 4\""
            };
            lines.push_str(&format!(
                "<line x1=\"{x1:.1}\" y1=\"{y1:.1}\" x2=\"{x2:.1}\" y2=\"{y2:.1}\" stroke=\"#555\" stroke-width=\"2\"{dash}/>"
            ));
        }
    }
    html! {
        svg xmlns="http://www.w3.org/2000/svg" viewBox=(format!("0 0 {size:.0} {size:.0}")) width=(format!("{size:.0}")) height=(format!("{size:.0}")) role="img" aria-labelledby=(labelled_by) class="cluster-graph" {
            (PreEscaped(lines))
            @for (index, (id, received)) in drawn.iter().enumerate() {
                @let (x, y) = position(index);
                a href=(locale.path(&format!("/staff/reports/{id}"))) {
                    circle cx=(format!("{x:.1}")) cy=(format!("{y:.1}")) r="9" fill="#1f5f8b" {}
                    text x=(format!("{x:.1}")) y=(format!("{:.1}", y + 24.0)) text-anchor="middle" font-size="12" fill="#222" { (received.to_string()) }
                }
            }
        }
    }
}
