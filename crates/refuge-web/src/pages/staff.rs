//! Staff pages: sign-in, first-run setup, inbox, and a report opened with the reader's own key.
//! Everything a reporter wrote is shown as escaped text in `dir="auto"` blocks, never as markup.

use maud::{Markup, html};
use refuge_app::casework::OpenedReport;
use refuge_app::correlation::ReportCorrelation;
use refuge_app::sealed::Variant;
use refuge_domain::case::{CaseVocabulary, Urgency};
use refuge_domain::ports::StaffRecord;
use refuge_domain::report::ReportStatus;
use refuge_domain::taxonomy::{self, Language, TacticGroup};
use refuge_domain::{NoteId, Permission};

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

pub(super) fn language_label(language: Language) -> String {
    Locale::from_tag(language.code())
        .map(|l| l.endonym().to_owned())
        .unwrap_or_else(|| language.code().to_owned())
}

pub(super) fn region_label(locale: Locale, country: Option<&str>, region: Option<&str>) -> String {
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

/// A label as a small coloured mark and its name. The colour is an SVG presentation attribute
/// (the CSP allows no inline style), from the operator's checked `#rrggbb`.
pub(super) fn label_chip(vocabulary: &CaseVocabulary, code: &str) -> Markup {
    let (name, colour) = vocabulary
        .label(code)
        .map_or((code, "#888888"), |l| (l.name.as_str(), l.colour.as_str()));
    html! {
        span.label {
            svg width="10" height="10" viewBox="0 0 10 10" aria-hidden="true" {
                rect width="10" height="10" rx="2" fill=(colour) {}
            }
            " " bdi { (name) }
        }
    }
}

pub(super) fn urgency_label(locale: Locale, urgency: Urgency) -> String {
    locale.t(&format!("urgency-{}", urgency.code()))
}

/// The status, with the sub-status under it if there is one.
pub(super) fn status_with_substatus(
    locale: Locale,
    vocabulary: &CaseVocabulary,
    status: ReportStatus,
    substatus: Option<&str>,
) -> String {
    match substatus {
        Some(code) => format!(
            "{} · {}",
            status_label(locale, status),
            vocabulary.substatus(code).map_or(code, |s| s.name.as_str())
        ),
        None => status_label(locale, status),
    }
}

/// The internal notes of the report page: staff only, never the reporter's; each note with its
/// author, day and version, earlier versions kept, an edit box, and a box for a new note.
fn notes_section(locale: Locale, nav: &StaffNav, opened: &OpenedReport, reply: &Reply) -> Markup {
    let meta = &opened.meta;
    html! {
        h2 #notes { (locale.t("notes-title")) }
        p.hint { (locale.t("notes-hint")) }
        @if opened.notes.is_empty() { p { (locale.t("notes-none")) } }
        ol.notes {
            @for note in &opened.notes {
                li.note id=(format!("note-{}", note.id)) {
                    p.meta {
                        strong { bdi { (note.latest.author.clone().unwrap_or_else(|| locale.t("message-from-former-staff"))) } }
                        " · " span.day { (note.latest.written) }
                        @if note.latest.version > 1 {
                            " · " em { (locale.t_with("notes-version", &[("version", note.latest.version.into())])) }
                        }
                    }
                    div.user-text dir="auto" { (super::reporter_text(locale, &note.latest.body)) }
                    @if !note.earlier.is_empty() {
                        details.earlier {
                            summary { (locale.t("notes-earlier")) }
                            ol {
                                @for version in &note.earlier {
                                    li {
                                        small { (version.author.clone().unwrap_or_else(|| locale.t("message-from-former-staff"))) " · " (version.written) " · " (locale.t_with("notes-version", &[("version", version.version.into())])) }
                                        div.user-text dir="auto" { (super::reporter_text(locale, &version.body)) }
                                    }
                                }
                            }
                        }
                    }
                    @let editing = reply.editing.as_ref().filter(|(id, _)| *id == note.id);
                    details.edit open[editing.is_some()] {
                        summary { (locale.t("notes-edit")) }
                        form method="post" action=(locale.path(&format!("/staff/reports/{}/notes/{}", meta.id, note.id))) {
                            input type="hidden" name="csrf" value=(nav.csrf);
                            @if let (Some(error), Some(_)) = (&reply.note_error, editing) { p.error role="alert" { (error) } }
                            label for=(format!("edit-{}", note.id)) { (locale.t("notes-edit-label")) }
                            textarea id=(format!("edit-{}", note.id)) name="body" rows="4" dir="auto" {
                                (editing.map_or(note.latest.body.as_str(), |(_, text)| text.as_str()))
                            }
                            p { button type="submit" { (locale.t("notes-save-version")) } }
                        }
                    }
                }
            }
        }
        form method="post" action=(locale.path(&format!("/staff/reports/{}/notes", meta.id))) {
            input type="hidden" name="csrf" value=(nav.csrf);
            input type="hidden" name="form_token" value=(reply.form_token);
            @if let (Some(error), None) = (&reply.note_error, &reply.editing) { p.error role="alert" id="note-error" { (error) } }
            label for="note-body" { (locale.t("notes-write")) }
            textarea #note-body name="body" rows="4" dir="auto" { (reply.note_draft) }
            p { button type="submit" { (locale.t("notes-add")) } }
        }
    }
}

/// The case section of the report page: one form for status and sub-status, urgency,
/// assignee, labels, deadline, and the caseworker's coding of the tactics.
fn case_form(
    locale: Locale,
    nav: &StaffNav,
    opened: &OpenedReport,
    vocabulary: &CaseVocabulary,
) -> Markup {
    let meta = &opened.meta;
    let case = &meta.case;
    let coded = case.counted_tactics(&meta.tactics);
    let assignable: Vec<&StaffRecord> = opened
        .readers
        .iter()
        .filter(|s| !s.disabled && s.role.may(Permission::WorkCases))
        .collect();
    html! {
        h2 #case { (locale.t("case-title")) }
        form.case method="post" action=(locale.path(&format!("/staff/reports/{}/case", meta.id))) {
            input type="hidden" name="csrf" value=(nav.csrf);
            p {
                label for="case-status" { (locale.t("case-status")) }
                select #case-status name="status" {
                    @for status in ReportStatus::ALL {
                        option value=(status.code()) selected[*status == meta.status] { (status_label(locale, *status)) }
                    }
                }
            }
            @if !vocabulary.substatuses.is_empty() {
                p {
                    label for="case-substatus" { (locale.t("case-substatus")) }
                    select #case-substatus name="substatus" {
                        option value="" { (locale.t("case-substatus-none")) }
                        @for status in ReportStatus::ALL {
                            @let under: Vec<_> = vocabulary.substatuses_of(*status).collect();
                            @if !under.is_empty() {
                                optgroup label=(status_label(locale, *status)) {
                                    @for sub in under {
                                        option value=(sub.code) selected[case.substatus.as_deref() == Some(sub.code.as_str())] { (sub.name) }
                                    }
                                }
                            }
                        }
                    }
                    br;
                    small { (locale.t("case-substatus-hint")) }
                }
            }
            p {
                label for="case-urgency" { (locale.t("case-urgency")) }
                select #case-urgency name="urgency" {
                    @for urgency in Urgency::ALL {
                        option value=(urgency.code()) selected[*urgency == case.urgency] { (urgency_label(locale, *urgency)) }
                    }
                }
            }
            p {
                label for="case-assignee" { (locale.t("case-assignee")) }
                select #case-assignee name="assignee" {
                    option value="none" { (locale.t("case-assignee-none")) }
                    @for person in &assignable {
                        option value=(person.id) selected[case.assignee == Some(person.id)] { (person.username) }
                    }
                }
            }
            p {
                label for="case-deadline" { (locale.t("case-deadline")) }
                input #case-deadline type="date" name="deadline" value=(opened.card.deadline.clone().unwrap_or_default());
            }
            fieldset {
                legend { (locale.t("case-labels")) }
                @if vocabulary.labels.is_empty() { p.hint { (locale.t("case-labels-none")) } }
                @for label in &vocabulary.labels {
                    label.check {
                        input type="checkbox" name="labels" value=(label.code) checked[opened.card.labels.contains(&label.code)];
                        " " (label_chip(vocabulary, &label.code))
                    }
                    " "
                }
            }
            details #case-tactics open[case.staff_tactics.is_some()] {
                summary { (locale.t("case-tactics")) }
                p.hint { (locale.t("case-tactics-hint")) }
                @for group in TacticGroup::ALL {
                    fieldset {
                        legend { (locale.t(&format!("tactic-group-{}", group.code()))) }
                        @for tactic in group.tactics() {
                            label.check {
                                input type="checkbox" name="tactics" value=(tactic.code()) checked[coded.contains(&tactic)];
                                " " (locale.t(&format!("tactic-{}", tactic.code())))
                            }
                            " "
                        }
                    }
                }
            }
            p { button type="submit" { (locale.t("case-save")) } }
        }
    }
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
    /// The new-note box: an error and the kept text after a refused note.
    pub note_error: Option<String>,
    pub note_draft: String,
    /// The note whose edit was refused (its box opens with the text kept).
    pub editing: Option<(NoteId, String)>,
    /// The add-an-identifier form, after a refusal.
    pub identifier: super::correlation::IdentifierForm,
    /// The referral form, after a refusal.
    pub referral: super::referral::ReferralForm,
}

/// What the report page shows beside the report itself: its identifiers' connections and its
/// referrals.
pub struct ReportExtras {
    pub correlation: ReportCorrelation,
    pub referral: super::referral::ReferralSection,
}

pub fn report(
    locale: Locale,
    nav: &StaffNav,
    opened: &OpenedReport,
    extras: &ReportExtras,
    vocabulary: &CaseVocabulary,
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
                dt { (locale.t("report-field-status")) }
                dd { (status_with_substatus(locale, vocabulary, meta.status, meta.case.substatus.as_deref())) }
                dt { (locale.t("case-urgency")) } dd { (urgency_label(locale, meta.case.urgency)) }
                dt { (locale.t("case-assignee")) }
                dd { @match &opened.assignee { Some(name) => { bdi { (name) } }, None => { (locale.t("case-assignee-none")) } } }
                @if !opened.card.labels.is_empty() {
                    dt { (locale.t("case-labels")) }
                    dd { @for code in &opened.card.labels { (label_chip(vocabulary, code)) " " } }
                }
                @if let Some(deadline) = &opened.card.deadline {
                    dt { (locale.t("case-deadline")) } dd { time datetime=(deadline) { (deadline) } }
                }
                dt { (locale.t("report-field-language")) } dd { (language_label(report.language)) }
                dt { (locale.t("section-what")) }
                dd { @for tactic in &report.tactics { span.tag { (locale.t(&format!("tactic-{}", tactic.code()))) } " " } }
                @if let Some(coded) = &meta.case.staff_tactics {
                    dt { (locale.t("case-tactics-coded")) }
                    dd #coded-tactics { @for tactic in coded { span.tag { (locale.t(&format!("tactic-{}", tactic.code()))) } " " } }
                }
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
                    @else { a href="#identifiers" { (locale.t_with("correlation-see-below", &[("count", (report.identifiers.len() as u64).into())])) } }
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
            (super::correlation::identifiers_section(locale, nav, meta.id, &extras.correlation, &reply.identifier))
            (case_form(locale, nav, opened, vocabulary))
            (super::referral::report_section(locale, nav, meta.id, &extras.referral))

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

            (notes_section(locale, nav, opened, reply))

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
