//! Administration: staff accounts. Adding an administrator or caseworker changes who new
//! reports are encrypted to, and is audited.

use maud::{Markup, html};
use refuge_domain::ports::StaffRecord;
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
    form: &AddForm<'_>,
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
                            @if person.role.sees_inbox() && !person.disabled && person.username != nav.username {
                                form method="post" action=(locale.path(&format!("/staff/admin/staff/{}/grant-all", person.id))) {
                                    input type="hidden" name="csrf" value=(nav.csrf);
                                    button.secondary type="submit" { (locale.t("admin-grant-all")) }
                                }
                            }
                        }
                    }
                } }
            }
            h2 { (locale.t("admin-add-staff")) }
            p.hint { (locale.t("admin-add-hint")) }
            @if let Some(problem) = &form.problem { p.notice.warn role="alert" id="add-problem" { (problem) } }
            form method="post" action=(locale.path("/staff/admin/staff")) {
                input type="hidden" name="csrf" value=(nav.csrf);
                input type="hidden" name="form_token" value=(form.form_token);
                label for="username" { (locale.t("field-username")) }
                input type="text" id="username" name="username" autocapitalize="none" value=(form.username) required;
                label for="role" { (locale.t("field-role")) }
                select id="role" name="role" {
                    @for role in Role::ALL {
                        option value=(role.code()) selected[form.role == Some(*role) || (form.role.is_none() && *role == Role::Caseworker)] {
                            (locale.t(&format!("role-{}", role.code())))
                        }
                    }
                }
                label for="password" { (locale.t("field-password")) }
                input type="password" id="password" name="password" autocomplete="new-password" required;
                p.hint { (locale.t("account-rule-password_too_short")) }
                p { button type="submit" { (locale.t("admin-add-button")) } }
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
