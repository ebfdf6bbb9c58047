//! The audit log page (administrators and auditors): its head hash and last checkpoint, a GET
//! form of filters (person, report, action, days), the rows newest first, a CSV export of what
//! is filtered, and a signed checkpoint to download and keep off the server.

use maud::{Markup, html};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use refuge_app::audit::{AuditRequest, AuditView, moment};
use refuge_domain::AuditAction;
use refuge_domain::ports::StaffRecord;

use super::layout::{Audience, page};
use crate::i18n::Locale;
use crate::session::StaffNav;

/// The query string of `request`'s filters, with a cursor if given.
pub fn audit_query(request: &AuditRequest, cursor: Option<i64>) -> String {
    let mut pairs: Vec<String> = AuditRequest::PARAMETERS
        .iter()
        .filter(|name| **name != "cursor")
        .filter_map(|name| {
            request
                .get(name)
                .map(|v| format!("{name}={}", utf8_percent_encode(v, NON_ALPHANUMERIC)))
        })
        .collect();
    if let Some(cursor) = cursor {
        pairs.push(format!("cursor={cursor}"));
    }
    pairs.join("&")
}

fn with_query(path: &str, query: &str) -> String {
    if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{query}")
    }
}

pub fn audit_action_label(locale: Locale, action: AuditAction) -> String {
    locale.t(&format!("audit-action-{}", action.code()))
}

pub struct AuditPage<'a> {
    /// `None` when the filters could not be used (`error` says why).
    pub view: Option<&'a AuditView>,
    pub request: &'a AuditRequest,
    pub staff: &'a [StaffRecord],
    pub error: Option<String>,
}

pub fn audit(locale: Locale, nav: &StaffNav, shown: &AuditPage<'_>) -> Markup {
    let request = shown.request;
    let get = |name: &str| request.get(name).unwrap_or_default().to_owned();
    let filters = audit_query(request, None);
    page(
        locale,
        &locale.t("audit-title"),
        Audience::Staff(Some(nav)),
        html! {
            h1 { (locale.t("audit-title")) }
            p.hint { (locale.t("audit-intro")) }
            @if let Some(view) = shown.view {
                dl.audit-head id="audit-head" {
                    dt { (locale.t("audit-head")) }
                    dd { (locale.t_with("audit-head-row", &[("number", view.head.0.into())])) " " code.hash { (view.head.1) } }
                    dt { (locale.t("audit-last-checkpoint")) }
                    dd {
                        @match view.last_checkpoint {
                            Some((seq, at)) => { (locale.t_with("audit-checkpoint-at", &[("number", seq.into()), ("day", moment(at).into())])) }
                            None => { (locale.t("audit-no-checkpoint")) }
                        }
                    }
                }
            }
            form.inline method="post" action=(locale.path("/staff/audit/checkpoint")) id="checkpoint" {
                input type="hidden" name="csrf" value=(nav.csrf);
                button type="submit" { (locale.t("audit-checkpoint-download")) }
                " " span.hint { (locale.t("audit-checkpoint-hint")) }
            }
            @if let Some(error) = &shown.error { p.notice.warn.error role="alert" id="audit-error" { (error) } }
            form.filters method="get" action=(locale.path("/staff/audit")) id="audit-filters" {
                fieldset {
                    legend { (locale.t("audit-filters")) }
                    div.filter-grid {
                        div.filter {
                            label for="audit-actor" { (locale.t("audit-filter-actor")) }
                            select id="audit-actor" name="actor" {
                                option value="" { (locale.t("inbox-filter-any")) }
                                @for person in shown.staff {
                                    option value=(person.username) selected[request.get("actor") == Some(person.username.as_str())] { (person.username) }
                                }
                            }
                        }
                        div.filter {
                            label for="audit-action" { (locale.t("audit-filter-action")) }
                            select id="audit-action" name="action" {
                                option value="" { (locale.t("inbox-filter-any")) }
                                @for action in AuditAction::ALL {
                                    option value=(action.code()) selected[request.get("action") == Some(action.code())] { (audit_action_label(locale, *action)) }
                                }
                            }
                        }
                        div.filter {
                            label for="audit-report" { (locale.t("audit-filter-report")) }
                            input type="text" id="audit-report" name="report" value=(get("report")) spellcheck="false" autocomplete="off";
                        }
                        div.filter {
                            label for="audit-from" { (locale.t("inbox-filter-from")) }
                            input type="date" id="audit-from" name="from" value=(get("from")) placeholder="YYYY-MM-DD";
                        }
                        div.filter {
                            label for="audit-to" { (locale.t("inbox-filter-to")) }
                            input type="date" id="audit-to" name="to" value=(get("to")) placeholder="YYYY-MM-DD";
                        }
                    }
                    p.actions {
                        button type="submit" { (locale.t("inbox-filter-apply")) }
                        " " a href=(with_query(&locale.path("/staff/audit.csv"), &filters)) id="audit-csv" download { (locale.t("audit-export-csv")) }
                    }
                }
            }
            @if let Some(view) = shown.view {
                @if view.lines.is_empty() {
                    p.notice id="audit-empty" { (locale.t("audit-empty")) }
                } @else {
                    table.audit {
                        thead { tr {
                            th { (locale.t("audit-col-row")) }
                            th { (locale.t("audit-col-when")) }
                            th { (locale.t("audit-col-who")) }
                            th { (locale.t("audit-col-action")) }
                            th { (locale.t("audit-col-report")) }
                            th { (locale.t("audit-col-subject")) }
                            th { (locale.t("audit-col-hash")) }
                        } }
                        tbody {
                            @for line in &view.lines {
                                tr id=(format!("audit-{}", line.seq)) {
                                    td { (line.seq) }
                                    td { time { (moment(line.at)) } }
                                    td {
                                        @match &line.actor {
                                            Some(name) if line.actor_gone => { (locale.t("audit-former-account")) " " code { (name) } }
                                            Some(name) => { bdi { (name) } }
                                            None => { em { (locale.t("audit-actor-server")) } }
                                        }
                                    }
                                    td { (audit_action_label(locale, line.action)) }
                                    td { @if let Some(report) = line.report { code { (report) } } }
                                    td { bdi { (line.subject) } }
                                    td { code.hash title=(line.hash) { (line.hash.get(..12).unwrap_or_default()) "…" } }
                                }
                            }
                        }
                    }
                    @if let Some(cursor) = view.next_cursor {
                        nav.pages {
                            a href=(with_query(&locale.path("/staff/audit"), &audit_query(request, Some(cursor)))) id="audit-next" rel="next" { (locale.t("inbox-next-page")) }
                        }
                    }
                }
            }
        },
    )
}
