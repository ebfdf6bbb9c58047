//! Administration: staff accounts. Inviting an administrator or caseworker changes who new
//! reports are encrypted to once they accept: it is audited and shown to every recipient.

use maud::{Markup, html};
use refuge_app::accounts::{IntakeRecipients, SessionView};
use refuge_domain::Permission;
use refuge_domain::ports::{Invitation, StaffRecord};
use refuge_domain::staff::Role;

use super::layout::{Audience, page};
use crate::i18n::Locale;
use crate::session::StaffNav;

pub struct AddForm<'a> {
    pub username: &'a str,
    pub role: Option<Role>,
    pub problem: Option<String>,
    pub notice: Option<String>,
    /// Token of the add form (sending it twice adds one account).
    pub form_token: &'a str,
}

pub fn staff_list(
    locale: Locale,
    nav: &StaffNav,
    staff: &[StaffRecord],
    with_second_factor: &[refuge_domain::StaffId],
    invitations: &[Invitation],
    form: &AddForm<'_>,
    retention: &Retention<'_>,
) -> Markup {
    page(
        locale,
        &locale.t("admin-staff-title"),
        Audience::Staff(Some(nav)),
        html! {
            h1 { (locale.t("admin-staff-title")) }
            @if let Some(notice) = &form.notice { p.notice role="status" id="admin-notice" { (notice) } }
            table {
                thead { tr {
                    th { (locale.t("admin-col-username")) }
                    th { (locale.t("admin-col-role")) }
                    th { (locale.t("admin-col-receives")) }
                    th { (locale.t("staff-col-two-factor")) }
                    th {}
                } }
                tbody { @for person in staff {
                    tr {
                        td { bdi { (person.username) } }
                        td { (locale.t(&format!("role-{}", person.role.code()))) }
                        td {
                            (locale.t(if person.receives_reports && !person.disabled { "yes" } else { "no" }))
                            @if person.disabled { " " span.tag { (locale.t("admin-status-disabled")) } }
                        }
                        @let has_factor = with_second_factor.contains(&person.id);
                        td.two-factor {
                            (locale.t(if has_factor { "tf-state-on" } else { "tf-state-off" }))
                            @if has_factor && person.username != nav.username {
                                " "
                                // A lost phone with no recovery codes left.
                                form.inline method="post" action=(locale.path(&format!("/staff/admin/staff/{}/reset-two-factor", person.id))) {
                                    input type="hidden" name="csrf" value=(nav.csrf);
                                    button.secondary type="submit" { (locale.t("staff-tf-reset")) }
                                }
                            }
                        }
                        td {
                            @if !person.disabled && person.username != nav.username {
                                // A confirmation page first: disabling ends their sessions at once.
                                a.button-link href=(locale.path(&format!("/staff/admin/staff/{}/disable", person.id))) { (locale.t("admin-disable")) }
                                " "
                            }
                            @if person.disabled {
                                form.inline method="post" action=(locale.path(&format!("/staff/admin/staff/{}/enable", person.id))) {
                                    input type="hidden" name="csrf" value=(nav.csrf);
                                    button.secondary type="submit" { (locale.t("admin-enable")) }
                                }
                                " "
                            }
                            @if person.role.may(Permission::WorkCases) && !person.disabled && person.username != nav.username {
                                form method="post" action=(locale.path(&format!("/staff/admin/staff/{}/grant-all", person.id))) {
                                    input type="hidden" name="csrf" value=(nav.csrf);
                                    button.secondary type="submit" { (locale.t("admin-grant-all")) }
                                }
                            }
                        }
                    }
                } }
            }
            @if !invitations.is_empty() {
                h2 { (locale.t("admin-invitations-pending")) }
                table #invitations {
                    thead { tr {
                        th { (locale.t("admin-col-username")) }
                        th { (locale.t("admin-col-role")) }
                        th { (locale.t("admin-col-expires")) }
                        th {}
                    } }
                    tbody { @for invitation in invitations {
                        tr {
                            td { bdi { (invitation.username) } }
                            td { (locale.t(&format!("role-{}", invitation.role.code()))) }
                            td { time dir="ltr" { (utc_minute(invitation.expires_at)) } }
                            td {
                                form.inline method="post" action=(locale.path(&format!("/staff/admin/invitations/{}/withdraw", invitation.username))) {
                                    input type="hidden" name="csrf" value=(nav.csrf);
                                    button.secondary type="submit" { (locale.t("admin-withdraw")) }
                                }
                            }
                        }
                    } }
                }
            }
            h2 { (locale.t("admin-invite-title")) }
            p.hint { (locale.t("admin-invite-hint")) }
            @if let Some(problem) = &form.problem { p.notice.warn role="alert" id="add-problem" { (problem) } }
            form method="post" action=(locale.path("/staff/admin/invitations")) {
                input type="hidden" name="csrf" value=(nav.csrf);
                input type="hidden" name="form_token" value=(form.form_token);
                label for="username" { (locale.t("field-username")) }
                input type="text" id="username" name="username" autocapitalize="none" value=(form.username) required;
                p.hint { (locale.t("account-rule-username_invalid")) }
                label for="role" { (locale.t("field-role")) }
                select id="role" name="role" {
                    @for role in Role::ALL {
                        option value=(role.code()) selected[form.role == Some(*role) || (form.role.is_none() && *role == Role::Caseworker)] {
                            (locale.t(&format!("role-{}", role.code())))
                        }
                    }
                }
                p { button type="submit" { (locale.t("admin-invite-button")) } }
            }
            (retention_section(locale, retention))
        },
    )
}

/// The retention rules, as an administrator reads them: a warning while none is set.
pub struct Retention<'a> {
    pub rules: &'a refuge_domain::retention::RetentionRules,
    /// (sub-status code, its name) for the names of the sub-statuses with their own period.
    pub substatus_names: &'a [(String, String)],
}

fn retention_section(locale: Locale, retention: &Retention<'_>) -> Markup {
    let rules = retention.rules;
    html! {
        h2 { (locale.t("retention-title")) }
        @if rules.keep_everything() {
            p.notice.warn id="retention-off" { (locale.t("retention-off-warning")) }
        } @else {
            ul #retention {
                @if let Some(days) = rules.closed_days {
                    li { (locale.t_with("retention-closed", &[("days", i64::from(days).into())])) }
                }
                @if let Some(days) = rules.any_days {
                    li { (locale.t_with("retention-any", &[("days", i64::from(days).into())])) }
                }
                @for (code, days) in &rules.substatus_days {
                    @let name = retention.substatus_names.iter().find(|(c, _)| c == code).map_or(code.as_str(), |(_, n)| n.as_str());
                    li { (locale.t_with("retention-substatus", &[("name", name.to_owned().into()), ("days", i64::from(*days).into())])) }
                }
            }
        }
    }
}

/// A staff member's own moment (an invitation's expiry, a session's start), to the minute, in
/// UTC: staff times, never a reporter's.
fn utc_minute(seconds: i64) -> String {
    let day = refuge_domain::Day::from_unix_seconds(seconds);
    let in_day = seconds.rem_euclid(86_400);
    format!("{day} {:02}:{:02} UTC", in_day / 3_600, in_day % 3_600 / 60)
}

/// The invitation just made: its one-time link, shown this once.
pub fn invitation_created(locale: Locale, nav: &StaffNav, username: &str, link: &str) -> Markup {
    page(
        locale,
        &locale.t_with(
            "invite-created-title",
            &[("username", username.to_owned().into())],
        ),
        Audience::Staff(Some(nav)),
        html! {
            h1 { (locale.t_with("invite-created-title", &[("username", username.to_owned().into())])) }
            p { (locale.t("invite-created-link")) }
            p { code.link dir="ltr" id="invitation-link" { (link) } }
            @if link.starts_with('/') { p.hint { (locale.t("invite-created-path-hint")) } }
            p.hint { (locale.t("admin-invite-hint")) }
            p { a href=(locale.path("/staff/admin/staff")) { (locale.t("invite-created-back")) } }
        },
    )
}

/// Who receives new reports, and every change to that list (security review M7).
pub fn recipients(locale: Locale, nav: &StaffNav, recipients: &IntakeRecipients) -> Markup {
    page(
        locale,
        &locale.t("recipients-title"),
        Audience::Staff(Some(nav)),
        html! {
            h1 { (locale.t("recipients-title")) }
            p { (locale.t("recipients-intro")) }
            @if recipients.current.is_empty() { p.notice { (locale.t("recipients-none")) } }
            ul #recipients {
                @for person in &recipients.current {
                    li { bdi { (person.username) } " · " (locale.t(&format!("role-{}", person.role.code()))) }
                }
            }
            h2 { (locale.t("recipients-history")) }
            table #recipient-changes {
                thead { tr {
                    th { (locale.t("recipients-col-day")) }
                    th { (locale.t("recipients-col-change")) }
                    th { (locale.t("recipients-col-by")) }
                } }
                tbody { @for change in &recipients.changes {
                    tr {
                        td { time dir="ltr" { (refuge_domain::Day::from_unix_seconds(change.at).to_string()) } }
                        td {
                            (locale.t_with(&format!("recipient-change-{}", change.action.code()), &[("username", change.username.clone().into())]))
                            @if !change.receives_reports { " " span.tag { (locale.t("recipients-not-receiving")) } }
                        }
                        td { @match &change.by {
                            Some(by) => { bdi { (by) } },
                            None => { (locale.t("recipients-by-command-line")) },
                        } }
                    }
                } }
            }
        },
    )
}

/// "Disable this account?": what it does, and that it can be undone.
pub fn confirm_disable(locale: Locale, nav: &StaffNav, person: &StaffRecord) -> Markup {
    page(
        locale,
        &locale.t("admin-disable-title"),
        Audience::Staff(Some(nav)),
        html! {
            h1 { (locale.t_with("admin-disable-question", &[("username", person.username.clone().into())])) }
            p.notice.warn id="disable-consequences" { (locale.t("admin-disable-consequences")) }
            form method="post" action=(locale.path(&format!("/staff/admin/staff/{}/disable", person.id))) {
                input type="hidden" name="csrf" value=(nav.csrf);
                p {
                    button type="submit" id="disable-confirm" { (locale.t("admin-disable-confirm")) }
                    " "
                    a href=(locale.path("/staff/admin/staff")) { (locale.t("cancel")) }
                }
            }
        },
    )
}

pub fn account(
    locale: Locale,
    nav: &StaffNav,
    sessions: &[SessionView],
    problem: Option<String>,
    notice: Option<String>,
) -> Markup {
    page(
        locale,
        &locale.t("account-title"),
        Audience::Staff(Some(nav)),
        html! {
            h1 { (locale.t("account-title")) }
            @if let Some(notice) = notice { p.notice role="status" id="account-notice" { (notice) } }
            p { a.button-link href=(locale.path("/staff/account/two-factor")) id="two-factor-link" { (locale.t("tf-link")) } }
            h2 { (locale.t("account-sessions")) }
            p.hint { (locale.t("account-sessions-hint")) }
            table #sessions {
                thead { tr {
                    th { (locale.t("account-col-began")) }
                    th { (locale.t("account-col-last-seen")) }
                    th {}
                } }
                tbody { @for session in sessions {
                    tr {
                        td { time dir="ltr" { (utc_minute(session.began)) } }
                        td { time dir="ltr" { (utc_minute(session.last_seen)) } }
                        td {
                            @if session.current { span.tag { (locale.t("account-this-browser")) } }
                            @else {
                                form.inline method="post" action=(locale.path(&format!("/staff/account/sessions/{}/end", session.handle))) {
                                    input type="hidden" name="csrf" value=(nav.csrf);
                                    button.secondary type="submit" { (locale.t("account-end-session")) }
                                }
                            }
                        }
                    }
                } }
            }
            p { a href=(locale.path("/staff/recipients")) { (locale.t("recipients-title")) } }
            h2 { (locale.t("account-change-password")) }
            p.hint { (locale.t("account-change-hint")) }
            @if let Some(problem) = problem { p.notice.warn role="alert" id="account-problem" { (problem) } }
            form method="post" action=(locale.path("/staff/account/password")) {
                input type="hidden" name="csrf" value=(nav.csrf);
                label for="current_password" { (locale.t("field-current-password")) }
                input type="password" id="current_password" name="current_password" autocomplete="current-password" required;
                label for="new_password" { (locale.t("field-new-password")) }
                input type="password" id="new_password" name="new_password" autocomplete="new-password" required;
                p.hint { (locale.t("account-rule-password_too_short")) }
                label for="new_password_confirm" { (locale.t("field-password-confirm")) }
                input type="password" id="new_password_confirm" name="new_password_confirm" autocomplete="new-password" required;
                p { button type="submit" { (locale.t("account-password-button")) } }
            }
        },
    )
}
