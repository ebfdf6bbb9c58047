//! Reporter follow-up pages: entering the receipt, and the case page (status, conversation,
//! files, replying). The report itself is never shown back. None needs JavaScript.

use maud::{Markup, html};
use refuge_app::followup::ReporterView;
use refuge_app::sealed::FileDescription;
use refuge_app::settings::FileLimits;

use super::layout::{Audience, page};
use crate::i18n::Locale;

/// The receipt form.
#[derive(Default)]
pub struct SignInPage<'a> {
    /// What the reporter typed when it was not recognised (it goes back only in this response's
    /// body, never in a URL or cookie).
    pub typed: &'a str,
    pub error: Option<String>,
    /// A message written before the session ended: carried in this page only (never stored on
    /// the server), and back in the reply box after signing in.
    pub kept_message: Option<&'a str>,
    /// Why the reporter is here (the session ended; the browser refused the cookie).
    pub notice: Option<String>,
    /// The page's pre-session value, also in a cookie (set by the handler).
    pub pre_session: &'a str,
}

pub fn sign_in(locale: Locale, quick_exit_url: &str, sign_in: &SignInPage<'_>) -> Markup {
    page(
        locale,
        &locale.t("followup-title"),
        Audience::Reporter {
            quick_exit_url,
            switch_path: sign_in.kept_message.is_none().then_some("/followup"),
        },
        html! {
            h1 { (locale.t("followup-title")) }
            @if let Some(notice) = &sign_in.notice { p.notice.warn role="status" id="followup-notice" { (notice) } }
            p { (locale.t("followup-intro")) }
            @if let Some(error) = &sign_in.error { p.notice.warn.error role="alert" id="followup-error" { (error) } }
            form method="post" action=(locale.path("/followup")) autocomplete="off" {
                input type="hidden" name="pre_session" value=(sign_in.pre_session);
                @if let Some(kept) = sign_in.kept_message {
                    input type="hidden" name="kept_message" value=(kept);
                }
                div class=[sign_in.error.as_ref().map(|_| "has-error")] {
                    label for="receipt" { (locale.t("followup-receipt-label")) }
                    input.receipt-input #receipt type="text" name="receipt" value=(sign_in.typed) dir="ltr"
                        autocomplete="off" autocapitalize="off" spellcheck="false" inputmode="numeric"
                        required aria-describedby="receipt-hint";
                    p.hint #receipt-hint { (locale.t("followup-receipt-hint")) }
                }
                p { button type="submit" { (locale.t("followup-open")) } }
            }
        },
    )
}

/// What the case page needs besides the view.
pub struct CasePage<'a> {
    pub view: &'a ReporterView,
    pub csrf: &'a str,
    /// A fresh form token for each form that creates something (sending it twice adds once).
    pub message_token: &'a str,
    pub files_token: &'a str,
    /// A notice at the top (message sent, message removed, files added).
    pub notice: Option<String>,
    /// An error about the reply or the files, with the reply kept.
    pub error: Option<String>,
    pub draft: &'a str,
    pub limits: FileLimits,
}

pub fn case(locale: Locale, quick_exit_url: &str, case: &CasePage<'_>) -> Markup {
    let view = case.view;
    page(
        locale,
        &locale.t("followup-case-title"),
        Audience::Reporter {
            quick_exit_url,
            // Switching language is a new page: offered only when no typed words would be lost.
            switch_path: case.draft.is_empty().then_some("/followup/case"),
        },
        html! {
            h1 { (locale.t("followup-case-title")) }
            @if let Some(notice) = &case.notice { p.notice role="status" id="followup-notice" { (notice) } }
            @if let Some(error) = &case.error { p.notice.warn.error role="alert" id="followup-error" { (error) } }
            dl.fields {
                dt { (locale.t("followup-status-label")) }
                dd id="status" {
                    (locale.t(&format!("status-plain-{}", view.status.code())))
                    " " span.day { (locale.t_with("followup-status-since", &[("day", view.status_day.to_string().into())])) }
                }
            }
            p.hint { (locale.t("followup-safety")) }
            (super::referral::reporter_referrals(locale, &view.referrals))

            h2 #messages { (locale.t("followup-messages")) }
            @if view.messages.is_empty() { p id="no-messages" { (locale.t("followup-no-messages")) } }
            (super::message_pager(locale, &view.messages_shown, "/followup/case"))
            ol.messages {
                @for message in &view.messages {
                    li.message.from-reporter[message.from_reporter] id=(format!("message-{}", message.id)) {
                        p.meta {
                            strong { (locale.t(if message.from_reporter { "followup-from-you" } else { "followup-from-caseworker" })) }
                            " · " span.day { (message.sent) }
                        }
                        div.user-text dir="auto" { (message.body) }
                        form.inline method="post" action=(locale.path(&format!("/followup/messages/{}/hide", message.id))) {
                            input type="hidden" name="csrf" value=(case.csrf);
                            button.secondary type="submit" { (locale.t("followup-hide")) }
                        }
                    }
                }
            }
            form method="post" action=(locale.path("/followup/messages")) autocomplete="off" {
                input type="hidden" name="csrf" value=(case.csrf);
                input type="hidden" name="form_token" value=(case.message_token);
                label for="body" { (locale.t("followup-reply-label")) }
                p.hint.limit #body-limit { (locale.t_with("limit-characters", &[("max", (refuge_domain::report::MESSAGE_MAX_CHARS as u64).into())])) }
                textarea #body name="body" rows="6" dir="auto" aria-describedby="body-limit" { (case.draft) }
                p { button type="submit" { (locale.t("followup-send")) } }
            }

            h2 { (locale.t("followup-files")) }
            (file_list(locale, &view.files))
            @if !view.files.is_empty() {
                form method="post" action=(locale.path("/followup/evidence")) {
                    input type="hidden" name="csrf" value=(case.csrf);
                    p.hint { (locale.t("evidence-hint")) }
                    p { button.secondary type="submit" id="evidence-download" { (locale.t("evidence-download")) } }
                }
            }
            form method="post" action=(locale.path("/followup/files")) enctype="multipart/form-data" autocomplete="off" {
                input type="hidden" name="csrf" value=(case.csrf);
                input type="hidden" name="form_token" value=(case.files_token);
                label for="files" { (locale.t("followup-add-files")) }
                p.hint #files-hint { (locale.t_with("field-files-hint", &[
                    ("per_file", case.limits.per_file_bytes.div_ceil(1024 * 1024).into()),
                    ("per_report", case.limits.per_report_bytes.div_ceil(1024 * 1024).into()),
                    ("count", (case.limits.per_batch_files as u64).into()),
                ])) }
                input #files type="file" name="files" multiple aria-describedby="files-hint";
                p { button type="submit" { (locale.t("followup-add")) } }
            }

            (super::referral::consent_form(locale, case.csrf, view.consent.as_ref()))

            form.inline method="post" action=(locale.path("/followup/leave")) {
                input type="hidden" name="csrf" value=(case.csrf);
                button.secondary type="submit" id="sign-out" { (locale.t("followup-sign-out")) }
            }
        },
    )
}

/// The files a reporter sent: names, sizes, SHA-256, and what the working copy lacks.
pub fn file_list(locale: Locale, files: &[FileDescription]) -> Markup {
    html! {
        @if files.is_empty() { p id="no-files" { (locale.t("followup-no-files")) } }
        ul.files {
            @for file in files {
                li.file {
                    (file_facts(locale, file, None))
                    br;
                    small { "SHA-256 " code.hash dir="ltr" { (file.sha256) } }
                    br;
                    small { (cleaning_summary(locale, file, false)) }
                }
            }
        }
    }
}

/// A file's name, size, (kind) and day, each isolated so that in a right-to-left page the
/// numbers of the size and of the date never run together.
pub fn file_facts(locale: Locale, file: &FileDescription, kind: Option<&str>) -> Markup {
    html! {
        bdi.user-text.file-name dir="auto" { (file.name) }
        span.sep { " · " }
        bdi.size { (locale.t_with("file-size", &[("kib", file.size.div_ceil(1024).into())])) }
        @if let Some(kind) = kind {
            span.sep { " · " }
            bdi.tag { (kind) }
        }
        span.sep { " · " }
        time.day dir="ltr" datetime=(file.received) { (file.received) }
    }
}

/// Plain words on what cleaning did, for one file: to the reporter (`for_staff` false), who is
/// told their original is kept, or to caseworkers, who are warned when there is no working copy.
pub fn cleaning_summary(locale: Locale, file: &FileDescription, for_staff: bool) -> String {
    let id = |base: &str| {
        if for_staff {
            format!("{base}-staff")
        } else {
            base.to_owned()
        }
    };
    if !file.cleaned {
        return locale.t(&id("file-not-cleaned"));
    }
    if file.removed.is_empty() {
        return locale.t(&id("file-cleaned-nothing-found"));
    }
    let removed: Vec<String> = file
        .removed
        .iter()
        .map(|code| locale.t(&format!("removed-{code}")))
        .collect();
    let separator = locale.t("list-separator");
    locale.t_with(
        &id("file-cleaned"),
        &[("removed", removed.join(&separator).into())],
    )
}

pub fn signed_out(locale: Locale, quick_exit_url: &str) -> Markup {
    page(
        locale,
        &locale.t("followup-signed-out-title"),
        Audience::Reporter {
            quick_exit_url,
            switch_path: None,
        },
        html! {
            h1 { (locale.t("followup-signed-out-title")) }
            p id="signed-out" { (locale.t("followup-signed-out")) }
            p { a href=(locale.path("/")) { (locale.t("followup-back-home")) } }
        },
    )
}
