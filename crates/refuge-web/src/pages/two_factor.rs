//! Two-factor sign-in: the member's own page (set it up, confirm it, turn it off) and the code
//! page of a sign-in. No script: the QR code is an SVG drawn on the server.

use maud::{Markup, PreEscaped, html};
use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};
use refuge_app::two_factor::{Enrolment, SecondFactorStatus};
use refuge_domain::Day;
use refuge_domain::staff::SecondFactorKind;

use super::layout::{Audience, page};
use crate::i18n::Locale;
use crate::session::StaffNav;

/// Recovery codes left below which the page suggests making new ones.
const FEW_CODES_LEFT: usize = 3;

/// What the two-factor page shows besides the member's state.
pub struct TwoFactorPage<'a> {
    /// The member's factor (with its enrolment while that waits for its first code).
    pub status: Option<&'a SecondFactorStatus>,
    /// The instance requires a second factor (and this member may have none yet).
    pub required: bool,
    pub problem: Option<String>,
    pub notice: Option<String>,
}

/// The `otpauth://` address as an inline SVG QR code, labelled for screen readers.
fn qr_svg(locale: Locale, uri: &str) -> Option<Markup> {
    let code = QrCode::with_error_correction_level(uri.as_bytes(), EcLevel::M).ok()?;
    let drawn = code
        .render::<svg::Color>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .build();
    // Inline in HTML: no XML declaration; a role and a name for assistive technology.
    let body = drawn
        .split_once("?>")
        .map_or(drawn.as_str(), |(_, svg)| svg);
    let label = locale.t("tf-qr-label").replace(['"', '<', '>', '&'], " ");
    let labelled = body.replacen(
        "<svg ",
        &format!(r#"<svg role="img" aria-label="{label}" class="qr" "#),
        1,
    );
    Some(PreEscaped(labelled))
}

/// `ABCD EFGH …`: a long key typed by hand is read in groups of four.
fn grouped(secret: &str) -> String {
    secret
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn two_factor(locale: Locale, nav: &StaffNav, view: &TwoFactorPage<'_>) -> Markup {
    let csrf = nav.csrf.as_str();
    page(
        locale,
        &locale.t("tf-title"),
        Audience::Staff(Some(nav)),
        html! {
            h1 { (locale.t("tf-title")) }
            @if let Some(notice) = &view.notice { p.notice role="status" id="tf-notice" { (notice) } }
            @if let Some(problem) = &view.problem { p.notice.warn role="alert" id="tf-problem" { (problem) } }
            @match (view.status, view.status.and_then(|s| s.pending.as_ref())) {
                (_, Some(enrolment)) => {
                    @if view.required { p.notice.warn id="tf-required" { (locale.t("tf-required")) } }
                    (enrolment_steps(locale, csrf, enrolment))
                }
                (Some(status), None) => {
                    p id="tf-state" { (locale.t_with("tf-on", &[
                        ("kind", locale.t(&format!("tf-kind-name-{}", status.kind.code())).into()),
                        ("day", status.confirmed_at.map(|at| Day::from_unix_seconds(at).to_string()).unwrap_or_default().into()),
                    ])) }
                    p id="tf-codes-left" { (locale.t_with("tf-codes-left", &[("count", (status.recovery_codes_left as i64).into())])) }
                    @if status.recovery_codes_left <= FEW_CODES_LEFT {
                        p.notice.warn { (locale.t_with("tf-codes-low", &[("count", (status.recovery_codes_left as i64).into())])) }
                    }
                    @if view.required {
                        p.hint id="tf-remove-required" { (locale.t("tf-remove-required")) }
                    } @else {
                        form method="post" action=(locale.path("/staff/account/two-factor/remove")) id="tf-remove" {
                            input type="hidden" name="csrf" value=(csrf);
                            label for="remove-code" { (locale.t("tf-remove-label")) }
                            input type="text" id="remove-code" name="code" autocomplete="one-time-code" autocapitalize="none" spellcheck="false" dir="ltr" required;
                            p { button type="submit" { (locale.t("tf-remove")) } }
                        }
                    }
                }
                (None, None) => {
                    @if view.required { p.notice.warn id="tf-required" { (locale.t("tf-required")) } }
                    p { (locale.t("tf-intro")) }
                    form method="post" action=(locale.path("/staff/account/two-factor")) id="tf-begin" {
                        input type="hidden" name="csrf" value=(csrf);
                        fieldset {
                            legend { (locale.t("tf-kind-legend")) }
                            @for kind in SecondFactorKind::ALL {
                                label.check {
                                    input type="radio" name="kind" value=(kind.code()) checked[*kind == SecondFactorKind::Totp];
                                    span { (locale.t(&format!("tf-kind-{}", kind.code()))) }
                                }
                            }
                        }
                        p { button type="submit" { (locale.t("tf-begin")) } }
                    }
                }
            }
        },
    )
}

fn enrolment_steps(locale: Locale, csrf: &str, enrolment: &Enrolment) -> Markup {
    html! {
        @match enrolment.kind {
            SecondFactorKind::Totp => {
                p { (locale.t("tf-step-scan")) }
                @if let Some(uri) = &enrolment.otpauth_uri {
                    @if let Some(svg) = qr_svg(locale, uri) { figure.qr id="tf-qr" { (svg) } }
                }
            }
            SecondFactorKind::Hotp => {
                p { (locale.t("tf-step-program")) }
                pre dir="ltr" { code { "ykman otp hotp --digits 6 2 " (enrolment.secret_base32) } }
            }
        }
        p { (locale.t("tf-secret")) ": " code dir="ltr" id="tf-secret" { (grouped(&enrolment.secret_base32)) } }
        h2 { (locale.t("tf-recovery-title")) }
        p.hint { (locale.t("tf-recovery-hint")) }
        ol #recovery-codes dir="ltr" {
            @for code in &enrolment.recovery_codes { li { code { (code) } } }
        }
        h2 { (locale.t("tf-confirm-title")) }
        form method="post" action=(locale.path("/staff/account/two-factor/confirm")) id="tf-confirm" {
            input type="hidden" name="csrf" value=(csrf);
            label for="confirm-code" { (locale.t("tf-confirm-label")) }
            input type="text" id="confirm-code" name="code" inputmode="numeric" autocomplete="one-time-code" dir="ltr" required;
            p { button type="submit" { (locale.t("tf-confirm")) } }
        }
        form.inline method="post" action=(locale.path("/staff/account/two-factor")) {
            input type="hidden" name="csrf" value=(csrf);
            input type="hidden" name="kind" value=(enrolment.kind.code());
            button.secondary type="submit" { (locale.t("tf-restart")) }
        }
        " "
        form.inline method="post" action=(locale.path("/staff/account/two-factor/remove")) {
            input type="hidden" name="csrf" value=(csrf);
            button.secondary type="submit" { (locale.t("tf-cancel")) }
        }
    }
}

/// The second step of a sign-in: the code (or a recovery code). `kept`: a message to a
/// reporter kept back from a session that ended, and its report, carried to the next page.
pub fn code_page(locale: Locale, problem: Option<String>, kept: Option<(&str, &str)>) -> Markup {
    page(
        locale,
        &locale.t("tf-code-title"),
        Audience::Staff(None),
        html! {
            h1 { (locale.t("tf-code-title")) }
            @if let Some(problem) = problem { p.notice.warn role="alert" id="code-problem" { (problem) } }
            p { (locale.t("tf-code-intro")) }
            form method="post" action=(locale.path("/staff/login/code")) {
                @if let Some((report, text)) = kept {
                    input type="hidden" name="kept_report" value=(report);
                    input type="hidden" name="kept_message" value=(text);
                }
                label for="code" { (locale.t("tf-code-label")) }
                // Not numeric: a recovery code has letters.
                input type="text" id="code" name="code" autocomplete="one-time-code" autocapitalize="none" spellcheck="false" dir="ltr" autofocus required;
                p { button type="submit" { (locale.t("sign-in")) } }
            }
            p { a href=(locale.path("/staff/login")) { (locale.t("tf-code-expired-link")) } }
        },
    )
}
