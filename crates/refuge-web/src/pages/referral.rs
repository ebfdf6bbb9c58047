//! Referral pages: the partner organisations (administrators), the referral section of the
//! report page (the consent in force, the referrals made, the form that makes a bundle), and
//! on the reporter's follow-up page the referrals and the consent form.

use maud::{Markup, html};
use refuge_app::referral::{ConsentRecord, ReferralView, ReporterReferral};
use refuge_domain::ReportId;
use refuge_domain::referral::{FilesChoice, Partner, PartnerKind, ReferralInclude};
use refuge_domain::report::Consent;

use super::layout::{Audience, page};
use crate::i18n::Locale;
use crate::session::StaffNav;

/// The add-a-partner form as sent, and why it was refused.
#[derive(Debug, Clone, Default)]
pub struct PartnerForm {
    pub name: String,
    pub kind: String,
    pub key: String,
    pub error: Option<String>,
}

/// The referral form as sent, and why it was refused.
#[derive(Debug, Clone, Default)]
pub struct ReferralForm {
    pub partner: String,
    pub include: ReferralInclude,
    pub error: Option<String>,
}

/// What the report page shows about referral.
pub struct ReferralSection {
    pub consent: ConsentRecord,
    pub referrals: Vec<ReferralView>,
    pub partners: Vec<Partner>,
    pub form: ReferralForm,
}

pub fn kind_name(locale: Locale, kind: PartnerKind) -> String {
    locale.t(&format!("partner-kind-{}", kind.code()))
}

fn yes_no(locale: Locale, value: bool) -> String {
    locale.t(if value { "yes" } else { "no" })
}

fn consent_lines(locale: Locale, consent: &Consent) -> Markup {
    html! {
        ul.consent {
            li { (locale.t("consent-refer_to_police")) " — " (yes_no(locale, consent.refer_to_police)) }
            li { (locale.t("consent-refer_to_partners")) " — " (yes_no(locale, consent.refer_to_partners)) }
            li { (locale.t("consent-research_statistics")) " — " (yes_no(locale, consent.research_statistics)) }
        }
    }
}

/// What a referral carried, in words.
fn included(locale: Locale, include: &ReferralInclude) -> String {
    let mut parts = vec![locale.t("referral-include-facts")];
    if include.narrative {
        parts.push(locale.t("referral-include-narrative"));
    }
    if include.identifiers {
        parts.push(locale.t("referral-include-identifiers"));
    }
    if include.messages {
        parts.push(locale.t("referral-include-messages"));
    }
    match include.files {
        FilesChoice::Clean => parts.push(locale.t("referral-files-clean")),
        FilesChoice::Original => parts.push(locale.t("referral-files-original")),
        FilesChoice::None => {}
    }
    parts.join(", ")
}

/// The referral section of the report page.
pub fn report_section(
    locale: Locale,
    nav: &StaffNav,
    id: ReportId,
    section: &ReferralSection,
) -> Markup {
    let form = &section.form;
    let consent = &section.consent.current;
    html! {
        section #referral aria-labelledby="referral-title" {
            h2 #referral-title { (locale.t("referral-section")) }
            h3 { (locale.t("referral-consent-now")) }
            (consent_lines(locale, consent))
            @if section.consent.history.len() > 1 {
                p.hint { (locale.t("referral-consent-changed")) }
                ol.consent-history {
                    @for change in &section.consent.history {
                        li { span.day { (change.day) } " — "
                            (locale.t("consent-refer_to_police")) ": " (yes_no(locale, change.consent.refer_to_police)) "; "
                            (locale.t("consent-refer_to_partners")) ": " (yes_no(locale, change.consent.refer_to_partners)) "; "
                            (locale.t("consent-research_statistics")) ": " (yes_no(locale, change.consent.research_statistics))
                        }
                    }
                }
            }
            h3 { (locale.t("referral-made")) }
            @if section.referrals.is_empty() {
                p #no-referrals { (locale.t("referral-none")) }
            } @else {
                ul #referrals {
                    @for referral in &section.referrals {
                        li {
                            span.day { (referral.day) } " — "
                            bdi dir="auto" { (referral.partner) } " (" (kind_name(locale, referral.kind)) ") — "
                            (locale.t_with("referral-by", &[("username", referral.by.clone().into())])) ". "
                            (included(locale, &referral.include)) ". "
                            span.hint { (locale.t("referral-manifest")) " " code.hash dir="ltr" { (referral.manifest_sha256) } }
                        }
                    }
                }
            }
            h3 { (locale.t("referral-new")) }
            @if section.partners.is_empty() {
                p { (locale.t("referral-no-partners")) }
            } @else {
                form.referral method="post" action=(locale.path(&format!("/staff/reports/{id}/referrals"))) {
                    input type="hidden" name="csrf" value=(nav.csrf);
                    fieldset class=[form.error.is_some().then_some("has-error")] {
                        legend { (locale.t("referral-new")) }
                        p.hint { (locale.t("referral-hint")) }
                        @if let Some(error) = &form.error {
                            p.error #referral-error role="alert" { (error) }
                        }
                        label for="referral-partner" { (locale.t("referral-partner")) }
                        select #referral-partner name="partner" required {
                            option value="" { (locale.t("choose")) }
                            @for partner in &section.partners {
                                @let allowed = partner.kind.allowed_by(consent);
                                option value=(partner.name) selected[form.partner == partner.name] {
                                    (partner.name) " — " (kind_name(locale, partner.kind))
                                    @if !allowed { " — " (locale.t("referral-not-covered")) }
                                }
                            }
                        }
                        p { label { input type="checkbox" name="narrative" value="yes" checked[form.include.narrative]; " " (locale.t("referral-include-narrative")) } }
                        p { label { input type="checkbox" name="identifiers" value="yes" checked[form.include.identifiers]; " " (locale.t("referral-include-identifiers")) } }
                        p { label { input type="checkbox" name="messages" value="yes" checked[form.include.messages]; " " (locale.t("referral-include-messages")) } }
                        fieldset {
                            legend { (locale.t("referral-files")) }
                            @for (choice, label) in [(FilesChoice::Clean, "referral-files-clean"), (FilesChoice::Original, "referral-files-original"), (FilesChoice::None, "referral-files-none")] {
                                p { label { input type="radio" name="files" value=(choice.code()) checked[form.include.files == choice]; " " (locale.t(label)) } }
                            }
                        }
                        button type="submit" { (locale.t("referral-button")) }
                    }
                }
            }
        }
    }
}

/// The administrators' page of partner organisations.
pub fn partners_page(
    locale: Locale,
    nav: &StaffNav,
    partners: &[Partner],
    form: &PartnerForm,
    notice: Option<String>,
) -> Markup {
    let title = locale.t("partners-title");
    page(
        locale,
        &title,
        Audience::Staff(Some(nav)),
        html! {
            h1 { (title) }
            @if let Some(notice) = notice { p.notice role="status" { (notice) } }
            p.hint { (locale.t("partners-hint")) }
            @if partners.is_empty() {
                p #no-partners { (locale.t("partners-none")) }
            } @else {
                table #partners {
                    thead { tr {
                        th scope="col" { (locale.t("partners-name")) }
                        th scope="col" { (locale.t("partners-kind")) }
                        th scope="col" { (locale.t("partners-key")) }
                        th scope="col" { (locale.t("partners-added")) }
                        th scope="col" { span.visually-hidden { (locale.t("partners-remove")) } }
                    } }
                    tbody {
                        @for partner in partners {
                            tr {
                                td { bdi dir="auto" { (partner.name) } }
                                td { (kind_name(locale, partner.kind)) }
                                td { code dir="ltr" { (partner.recipient) } }
                                td { (partner.added.to_string()) }
                                td {
                                    form.inline method="post" action=(locale.path(&format!("/staff/admin/partners/{}/remove", partner.id))) {
                                        input type="hidden" name="csrf" value=(nav.csrf);
                                        button.secondary type="submit" { (locale.t("partners-remove")) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            form method="post" action=(locale.path("/staff/admin/partners")) autocomplete="off" {
                input type="hidden" name="csrf" value=(nav.csrf);
                fieldset class=[form.error.is_some().then_some("has-error")] {
                    legend { (locale.t("partners-add")) }
                    @if let Some(error) = &form.error {
                        p.error #partner-error role="alert" { (error) }
                    }
                    label for="partner-name" { (locale.t("partners-name")) }
                    input #partner-name type="text" name="name" dir="auto" maxlength="80" value=(form.name) required;
                    label for="partner-kind" { (locale.t("partners-kind")) }
                    select #partner-kind name="kind" required {
                        option value="" { (locale.t("choose")) }
                        @for kind in PartnerKind::ALL {
                            option value=(kind.code()) selected[form.kind == kind.code()] { (kind_name(locale, *kind)) }
                        }
                    }
                    label for="partner-key" { (locale.t("partners-key")) }
                    p.hint #partner-key-hint { (locale.t("partners-key-hint")) }
                    input #partner-key type="text" name="key" dir="ltr" spellcheck="false" value=(form.key) aria-describedby="partner-key-hint" required;
                    button type="submit" { (locale.t("partners-add-button")) }
                }
            }
        },
    )
}

/// On the reporter's follow-up page: where the case was referred.
pub fn reporter_referrals(locale: Locale, referrals: &[ReporterReferral]) -> Markup {
    html! {
        @if !referrals.is_empty() {
            h2 #referrals { (locale.t("followup-referrals")) }
            ul {
                @for referral in referrals {
                    li {
                        (locale.t_with("followup-referred", &[
                            ("kind", kind_name(locale, referral.kind).into()),
                            ("day", referral.day.clone().into()),
                        ]))
                        @if let Some(name) = &referral.partner { " (" bdi dir="auto" { (name) } ")" }
                    }
                }
            }
        }
    }
}

/// On the reporter's follow-up page: the consent in force and the form that changes it.
pub fn consent_form(locale: Locale, csrf: &str, consent: Option<&ConsentRecord>) -> Markup {
    let current = consent.map(|c| c.current).unwrap_or_default();
    html! {
        h2 #consent { (locale.t("followup-consent")) }
        @if consent.is_none() { p.hint { (locale.t("followup-consent-unknown")) } }
        form method="post" action=(locale.path("/followup/consent")) {
            input type="hidden" name="csrf" value=(csrf);
            fieldset {
                legend { (locale.t("followup-consent-legend")) }
                p.hint { (locale.t("followup-consent-hint")) }
                @for (name, value) in [("refer_to_police", current.refer_to_police), ("refer_to_partners", current.refer_to_partners), ("research_statistics", current.research_statistics)] {
                    p { label { input type="checkbox" name=(format!("consent.{name}")) value="yes" checked[value]; " " (locale.t(&format!("consent-{name}"))) } }
                }
                button type="submit" id="consent-save" { (locale.t("followup-consent-save")) }
            }
        }
    }
}
