//! Staff pages: sign-in, first-run setup, inbox, and a report opened with the reader's own key.
//! Everything a reporter wrote is shown as escaped text in `dir="auto"` blocks, never as markup.

use maud::{Markup, html};
use refuge_app::casework::OpenedReport;
use refuge_app::sealed::Variant;
use refuge_domain::ports::InboxPage;
use refuge_domain::report::ReportStatus;
use refuge_domain::taxonomy::{self, Language};

use super::layout::{Audience, page};
use crate::i18n::Locale;
use crate::session::StaffNav;

/// The staff sign-in page and what it may have to say.
#[derive(Default)]
pub struct LoginPage<'a> {
    pub username: &'a str,
    /// Why the last attempt failed.
    pub problem: Option<String>,
    /// Why someone is here: set-up still pending, a session that ended, a cookie refused.
    pub notices: Vec<String>,
    /// A message to a reporter written before the session ended, and its report: carried in
    /// this page only, back in the reply box after signing in.
    pub kept: Option<(&'a str, &'a str)>,
    /// The page's pre-session value, also in a cookie (set by the handler).
    pub pre_session: &'a str,
}

pub fn login(locale: Locale, login: &LoginPage<'_>) -> Markup {
    page(
        locale,
        &locale.t("staff-login-title"),
        Audience::Staff(None),
        html! {
            h1 { (locale.t("staff-login-title")) }
            @for notice in &login.notices { p.notice.warn role="status" { (notice) } }
            @if let Some(problem) = &login.problem { p.notice.warn role="alert" id="login-problem" { (problem) } }
            form method="post" action=(locale.path("/staff/login")) {
                input type="hidden" name="pre_session" value=(login.pre_session);
                @if let Some((report, text)) = login.kept {
                    input type="hidden" name="kept_report" value=(report);
                    input type="hidden" name="kept_message" value=(text);
                }
                label for="username" { (locale.t("field-username")) }
                input type="text" id="username" name="username" autocomplete="username" autocapitalize="none" spellcheck="false" value=(login.username) required;
                label for="password" { (locale.t("field-password")) }
                input type="password" id="password" name="password" autocomplete="current-password" required;
                p { button type="submit" { (locale.t("sign-in")) } }
            }
        },
    )
}

pub fn setup(locale: Locale, token: &str, username: &str, problems: &[String]) -> Markup {
    page(
        locale,
        &locale.t("setup-title"),
        Audience::Staff(None),
        html! {
            h1 { (locale.t("setup-title")) }
            p { (locale.t("setup-intro")) }
            p.notice.warn id="setup-no-recovery" { (locale.t("setup-no-recovery")) }
            @if !problems.is_empty() {
                div.notice.warn role="alert" id="setup-problem" {
                    ul { @for problem in problems { li { (problem) } } }
                }
            }
            form method="post" action=(locale.path(&format!("/setup/{token}"))) {
                label for="username" { (locale.t("field-username")) }
                input type="text" id="username" name="username" autocomplete="username" autocapitalize="none" value=(username) required;
                p.hint { (locale.t("account-rule-username_invalid")) }
                label for="password" { (locale.t("field-password")) }
                input type="password" id="password" name="password" autocomplete="new-password" required;
                p.hint { (locale.t("account-rule-password_too_short")) }
                label for="password_confirm" { (locale.t("field-password-confirm")) }
                input type="password" id="password_confirm" name="password_confirm" autocomplete="new-password" required;
                p { button type="submit" { (locale.t("setup-button")) } }
            }
        },
    )
}

/// The page an invitation link opens: who invited whom, and the password to choose (the
/// username is the one invited, shown, not typed).
pub fn invitation(
    locale: Locale,
    token: &str,
    invitation: &refuge_domain::ports::Invitation,
    by: &str,
    problems: &[String],
) -> Markup {
    page(
        locale,
        &locale.t("invite-title"),
        Audience::Staff(None),
        html! {
            h1 { (locale.t("invite-title")) }
            p id="invite-intro" { (locale.t_with("invite-intro", &[
                ("by", by.to_owned().into()),
                ("username", invitation.username.clone().into()),
                ("role", locale.t(&format!("role-{}", invitation.role.code())).into()),
            ])) }
            p.notice.warn { (locale.t("setup-no-recovery")) }
            @if !problems.is_empty() {
                div.notice.warn role="alert" id="invite-problem" {
                    ul { @for problem in problems { li { (problem) } } }
                }
            }
            form method="post" action=(locale.path(&format!("/invite/{token}"))) {
                label for="username" { (locale.t("field-username")) }
                input type="text" id="username" name="username" autocomplete="username" value=(invitation.username) readonly;
                label for="password" { (locale.t("field-password")) }
                input type="password" id="password" name="password" autocomplete="new-password" required;
                p.hint { (locale.t("account-rule-password_too_short")) }
                label for="password_confirm" { (locale.t("field-password-confirm")) }
                input type="password" id="password_confirm" name="password_confirm" autocomplete="new-password" required;
                p { button type="submit" { (locale.t("invite-button")) } }
            }
        },
    )
}

pub fn message_page(locale: Locale, title: &str, message: &str, link: (&str, String)) -> Markup {
    page(
        locale,
        title,
        Audience::Staff(None),
        html! {
            h1 { (title) }
            p.notice { (message) }
            p { a href=(link.1) { (link.0) } }
        },
    )
}

pub fn status_label(locale: Locale, status: ReportStatus) -> String {
    locale.t(&format!("status-{}", status.code()))
}

fn language_label(language: Language) -> String {
    Locale::from_tag(language.code())
        .map(|l| l.endonym().to_owned())
        .unwrap_or_else(|| language.code().to_owned())
}

fn region_label(locale: Locale, country: Option<&str>, region: Option<&str>) -> String {
    let country_name = country.map(|c| locale.t(&format!("country-{c}")));
    let region_name = match (country, region) {
        (Some(c), Some(r)) => taxonomy::regions_of(c)
            .iter()
            .find(|(code, _)| *code == r)
            .map(|(_, name)| name.to_string()),
        _ => None,
    };
    match (region_name, country_name) {
        (Some(r), Some(c)) => format!("{r}, {c}"),
        (None, Some(c)) => c,
        _ => locale.t("not-given"),
    }
}

pub fn inbox(
    locale: Locale,
    nav: &StaffNav,
    inbox: &InboxPage,
    recipients_changed: Option<String>,
) -> Markup {
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
            @if inbox.entries.is_empty() {
                p.notice { (locale.t("inbox-empty")) }
            } @else {
                table {
                    thead { tr {
                        th { (locale.t("inbox-col-received")) }
                        th { (locale.t("inbox-col-status")) }
                        th { (locale.t("inbox-col-tactics")) }
                        th { (locale.t("inbox-col-region")) }
                        th { (locale.t("inbox-col-language")) }
                        th {}
                    } }
                    tbody {
                        @for entry in &inbox.entries {
                            tr {
                                td { time datetime=(entry.meta.received.to_string()) { (entry.meta.received.to_string()) } }
                                td { (status_label(locale, entry.meta.status)) }
                                td { @for tactic in &entry.meta.tactics { span.tag { (locale.t(&format!("tactic-{}", tactic.code()))) } " " } }
                                td { (region_label(locale, entry.meta.host_country.as_deref(), entry.meta.host_region.as_deref())) }
                                td { (language_label(entry.meta.language)) }
                                td {
                                    a href=(locale.path(&format!("/staff/reports/{}", entry.meta.id))) { (locale.t("inbox-open")) }
                                    @if entry.unread_activity { " " span.tag.unread { (locale.t("inbox-unread")) } }
                                    @if !entry.viewer_can_read { " " span.tag { (locale.t("inbox-no-access")) } }
                                }
                            }
                        }
                    }
                }
                @if let Some(cursor) = inbox.next_cursor {
                    p { a href=(locale.path(&format!("/staff/inbox?cursor={cursor}"))) { (locale.t("inbox-older")) } }
                }
            }
        },
    )
}

fn yes_no(locale: Locale, value: bool) -> String {
    locale.t(if value { "yes" } else { "no" })
}

/// The reply box of the report page: an error and the kept text after a refused message, and
/// the token of its form (sending it twice sends once).
#[derive(Default)]
pub struct Reply {
    pub error: Option<String>,
    pub draft: String,
    pub form_token: String,
}

pub fn report(
    locale: Locale,
    nav: &StaffNav,
    opened: &OpenedReport,
    notice: Option<String>,
    reply: &Reply,
) -> Markup {
    let report = &opened.sealed.report;
    let meta = &opened.meta;
    let title = locale.t_with(
        "report-view-title",
        &[("day", meta.received.to_string().into())],
    );
    page(
        locale,
        &title,
        Audience::Staff(Some(nav)),
        html! {
            h1 { (title) }
            @if let Some(notice) = notice { p.notice role="status" { (notice) } }
            dl.fields {
                dt { (locale.t("report-field-id")) } dd { code { (meta.id) } }
                dt { (locale.t("report-field-status")) } dd { (status_label(locale, meta.status)) }
                dt { (locale.t("report-field-language")) } dd { (language_label(report.language)) }
                dt { (locale.t("section-what")) }
                dd { @for tactic in &report.tactics { span.tag { (locale.t(&format!("tactic-{}", tactic.code()))) } " " } }
                dt { (locale.t("report-field-occurred")) } dd { (report.occurred.clone().unwrap_or_else(|| locale.t("not-given"))) }
                dt { (locale.t("report-field-where")) }
                dd { (region_label(locale, report.host_country.as_deref(), report.host_region.as_deref())) }
                dt { (locale.t("field-city")) }
                dd { @match &report.city { Some(city) => { bdi.user-text dir="auto" { (city) } }, None => { (locale.t("not-given")) } } }
                dt { (locale.t("section-who")) }
                dd { @for target in &report.targets { span.tag { (locale.t(&format!("target-{}", target.code()))) } " " } }
                dt { (locale.t("field-community")) }
                dd { (report.community.map(|c| locale.t(&format!("community-{}", c.code()))).unwrap_or_else(|| locale.t("not-given"))) }
                dt { (locale.t("field-origin-state")) }
                dd { (report.origin_state.as_ref().map(|c| locale.t(&format!("origin-{c}"))).unwrap_or_else(|| locale.t("not-given"))) }
                dt { (locale.t("section-identifiers")) }
                dd {
                    @if report.identifiers.is_empty() { (locale.t("not-given")) }
                    ul { @for identifier in &report.identifiers {
                        li { (locale.t(&format!("identifier-kind-{}", identifier.kind.code()))) ": " bdi dir="auto" class="identifier" { (identifier.value) } }
                    } }
                }
                dt { (locale.t("section-narrative")) }
                dd { div.user-text dir="auto" id="narrative" { (super::reporter_text(locale, &report.narrative)) } }
                dt { (locale.t("section-consent")) }
                dd { ul {
                    li { (locale.t("consent-refer_to_police")) " — " (yes_no(locale, report.consent.refer_to_police)) }
                    li { (locale.t("consent-refer_to_partners")) " — " (yes_no(locale, report.consent.refer_to_partners)) }
                    li { (locale.t("consent-research_statistics")) " — " (yes_no(locale, report.consent.research_statistics)) }
                } }
                dt { (locale.t("section-contact")) }
                dd {
                    @match &report.contact.details {
                        Some(details) if !report.contact.via_platform_only => { div.user-text dir="auto" { (details) } }
                        _ => { (locale.t("report-contact-platform-only")) }
                    }
                }
            }
            h2 #files { (locale.t("report-files")) }
            @if opened.files.is_empty() { p { (locale.t("report-no-files")) } }
            @else { p.evidence-reference { (locale.t("report-evidence-reference")) ": " code.hash dir="ltr" { (opened.evidence_reference) } } }
            ul.files {
                @for file in &opened.files {
                    li.file {
                        (super::followup::file_facts(locale, file, Some(&file.kind)))
                        br;
                        @let base = format!("/staff/reports/{}/files/{}", meta.id, file.file_id);
                        @if file.cleaned {
                            a.download href=(locale.path(&format!("{base}?variant=clean"))) { (locale.t("file-download-clean")) }
                            " · "
                        }
                        a.download.original href=(locale.path(&format!("{base}?variant=original"))) { (locale.t("file-download-original")) }
                        @if file.renamed_on_saving() {
                            br;
                            small.saved-as { (locale.t_with("file-saved-as", &[("name", file.saved_name(Variant::Original).into())])) }
                        }
                        br;
                        small { (super::followup::cleaning_summary(locale, file, true)) }
                        br;
                        small { "SHA-256 " code.hash dir="ltr" { (file.sha256) } }
                    }
                }
            }

            h2 #messages { (locale.t("messages-title")) }
            @if opened.messages.is_empty() { p { (locale.t("messages-none")) } }
            (super::message_pager(locale, &opened.messages_shown, &format!("/staff/reports/{}", meta.id)))
            ol.messages {
                @for message in &opened.messages {
                    li.message.from-reporter[message.from_reporter] {
                        p.meta {
                            @if message.from_reporter { strong { (locale.t("message-from-reporter")) } }
                            @else { strong { bdi { (message.author.clone().unwrap_or_else(|| locale.t("message-from-former-staff"))) } } }
                            " · " span.day { (message.sent) }
                            @if message.hidden_from_reporter { " · " em { (locale.t("message-hidden-by-reporter")) } }
                        }
                        div.user-text dir="auto" { (super::reporter_text(locale, &message.body)) }
                    }
                }
            }
            form method="post" action=(locale.path(&format!("/staff/reports/{}/messages", meta.id))) {
                input type="hidden" name="csrf" value=(nav.csrf);
                input type="hidden" name="form_token" value=(reply.form_token);
                @if let Some(error) = &reply.error { p.error role="alert" id="reply-error" { (error) } }
                label for="body" { (locale.t("message-write")) }
                textarea #body name="body" rows="5" dir="auto" { (reply.draft) }
                p { button type="submit" { (locale.t("message-send")) } }
            }

            h2 { (locale.t("report-readers")) }
            ul { @for reader in &opened.readers { li { bdi { (reader.username) } } } }
            @if !opened.could_be_granted.is_empty() {
                form method="post" action=(locale.path(&format!("/staff/reports/{}/grant", meta.id))) {
                    input type="hidden" name="csrf" value=(nav.csrf);
                    label for="grantee" { (locale.t("report-grant")) }
                    select id="grantee" name="grantee" {
                        @for colleague in &opened.could_be_granted { option value=(colleague.id) { (colleague.username) } }
                    }
                    p { button type="submit" { (locale.t("report-grant-button")) } }
                }
            }
        },
    )
}

pub fn no_access(locale: Locale, nav: &StaffNav, day: &str) -> Markup {
    let title = locale.t_with("report-view-title", &[("day", day.to_owned().into())]);
    page(
        locale,
        &title,
        Audience::Staff(Some(nav)),
        html! {
            h1 { (title) }
            p.notice.warn id="no-access" { (locale.t("report-no-access")) }
        },
    )
}
