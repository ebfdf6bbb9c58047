//! The shared page frame: `<html lang dir>`, the quick-exit control on reporter pages, the
//! language switcher, and staff navigation.

use maud::{DOCTYPE, Markup, html};

use crate::i18n::Locale;
use crate::session::StaffNav;

pub const STYLESHEET: &str = include_str!("../../static/refuge.css");
pub const ICON: &str = include_str!("../../static/icon.svg");

pub enum Audience<'a> {
    /// Reporter pages: quick exit and, where it is safe to leave the page, language links for
    /// `switch_path` (the path without a locale).
    Reporter {
        quick_exit_url: &'a str,
        switch_path: Option<&'a str>,
    },
    Staff(Option<&'a StaffNav>),
}

pub fn page(locale: Locale, title: &str, audience: Audience<'_>, content: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(locale.tag()) dir=(locale.dir()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="referrer" content="no-referrer";
                meta name="robots" content="noindex, nofollow";
                title { (title) " · " (locale.t("site-name")) }
                link rel="stylesheet" href="/static/refuge.css";
                link rel="icon" href="/static/icon.svg" type="image/svg+xml";
            }
            body {
                header {
                    div.bar {
                        @match &audience {
                            Audience::Reporter { quick_exit_url, switch_path } => {
                                a.brand href=(locale.path("/")) { (locale.t("site-name")) }
                                a.quick-exit href=(quick_exit_url) rel="noreferrer" title=(locale.t("quick-exit-hint")) {
                                    (locale.t("quick-exit"))
                                }
                                @if let Some(path) = switch_path {
                                    (language_links(locale, path))
                                }
                            }
                            Audience::Staff(nav) => {
                                a.brand href=(locale.path("/staff/inbox")) { (locale.t("site-name")) }
                                @if let Some(nav) = nav {
                                    nav {
                                        @if nav.works_cases {
                                            a href=(locale.path("/staff/inbox")) { (locale.t("nav-inbox")) }
                                        }
                                        @if nav.is_admin {
                                            " · " a href=(locale.path("/staff/admin/staff")) { (locale.t("nav-staff")) }
                                            " · " a href=(locale.path("/staff/admin/teams")) { (locale.t("nav-teams")) }
                                            " · " a href=(locale.path("/staff/admin/recovery-key")) { (locale.t("nav-recovery")) }
                                            " · " a href=(locale.path("/staff/admin/partners")) { (locale.t("nav-partners")) }
                                        }
                                        @if nav.reads_audit {
                                            @if nav.works_cases { " · " }
                                            a href=(locale.path("/staff/audit")) { (locale.t("nav-audit")) }
                                        }
                                        @if nav.works_cases {
                                            " · " a href=(locale.path("/staff/correlation")) { (locale.t("nav-connections")) }
                                            " · " a href=(locale.path("/staff/recipients")) { (locale.t("nav-recipients")) }
                                        }
                                        @if nav.keeps_registry {
                                            @if nav.works_cases || nav.reads_audit { " · " }
                                            a href=(locale.path("/staff/registry")) { (locale.t("nav-registry")) }
                                            " · " a href=(locale.path("/staff/statistics")) { (locale.t("nav-statistics")) }
                                        }
                                        " · " a href=(locale.path("/staff/account")) { (locale.t("nav-account")) }
                                    }
                                    form.inline method="post" action=(locale.path("/staff/logout")) {
                                        input type="hidden" name="csrf" value=(nav.csrf);
                                        bdi { (nav.username) } " "
                                        button.secondary type="submit" { (locale.t("sign-out")) }
                                    }
                                }
                            }
                        }
                    }
                }
                main id="main" { (content) }
                footer { p { (locale.t("footer-privacy")) } }
            }
        }
    }
}

fn language_links(current: Locale, path: &str) -> Markup {
    html! {
        nav.languages aria-label=(current.t("language-label")) {
            ul {
                @for locale in Locale::ALL {
                    li {
                        @if *locale == current {
                            a href=(locale.path(path)) lang=(locale.tag()) dir=(locale.dir()) aria-current="page" { (locale.endonym()) }
                        } @else {
                            a href=(locale.path(path)) lang=(locale.tag()) dir=(locale.dir()) hreflang=(locale.tag()) { (locale.endonym()) }
                        }
                    }
                }
            }
        }
    }
}

/// A minimal error page: it may be shown to reporters, so it keeps the quick exit.
pub fn error_page(locale: Locale, quick_exit_url: &str, message: &str) -> Markup {
    page(
        locale,
        &locale.t("error-title"),
        Audience::Reporter {
            quick_exit_url,
            switch_path: None,
        },
        html! {
            h1 { (locale.t("error-title")) }
            p.notice.warn { (message) }
            p { a href=(locale.path("/")) { (locale.t("error-back-home")) } }
        },
    )
}

/// The same for staff pages: staff navigation instead of the quick exit, and the way back to the
/// inbox.
pub fn staff_error_page(locale: Locale, message: &str) -> Markup {
    page(
        locale,
        &locale.t("error-title"),
        Audience::Staff(None),
        html! {
            h1 { (locale.t("error-title")) }
            p.notice.warn id="staff-error" { (message) }
            p { a href=(locale.path("/staff/inbox")) { (locale.t("error-back-inbox")) } }
        },
    )
}
