//! Reporter pages: landing with safety advice, the report form, the receipt, and the answers to
//! a form sent again. None needs JavaScript; every one has the quick exit.
//!
//! Forms carry `autocomplete="off"`: on a shared or library computer, Back must not bring a
//! report's words back into the form.

use maud::{Markup, html};
use refuge_app::sealed::FileDescription;
use refuge_app::settings::FileLimits;
use refuge_domain::report::{
    CONTACT_MAX_CHARS, EARLIEST_YEAR, FieldError, IDENTIFIERS_MAX, MESSAGE_MAX_CHARS,
    NARRATIVE_MAX_CHARS, ReportDraft, SHORT_TEXT_MAX_CHARS,
};
use refuge_domain::taxonomy::{self, Community, IdentifierKind, TacticGroup, Target};

use super::followup::file_list;
use super::layout::{Audience, page};
use crate::i18n::Locale;

pub fn landing(locale: Locale, quick_exit_url: &str) -> Markup {
    page(
        locale,
        &locale.t("landing-title"),
        Audience::Reporter {
            quick_exit_url,
            switch_path: Some("/"),
        },
        html! {
            h1 { (locale.t("landing-title")) }
            p { (locale.t("landing-intro")) }
            h2 { (locale.t("choose-language")) }
            ul.languages-big {
                @for other in Locale::ALL {
                    li { a href=(other.path("/")) lang=(other.tag()) dir=(other.dir()) { (other.endonym()) } }
                }
            }
            h2 { (locale.t("safety-title")) }
            ul.advice {
                li { (locale.t("safety-tor")) }
                li { (locale.t("safety-device")) }
                li { (locale.t("safety-exit")) }
                li { (locale.t("safety-receipt")) }
                li { (locale.t("safety-stored")) }
            }
            p { a.button href=(locale.path("/report")) { (locale.t("start-report")) } }
            p { a href=(locale.path("/followup")) id="followup-link" { (locale.t("followup-link")) } }
        },
    )
}

/// Everything the form needs to render itself, first time or with the user's input kept.
pub struct ReportForm<'a> {
    pub token: &'a str,
    pub draft: &'a ReportDraft,
    pub month: &'a str,
    pub year: &'a str,
    pub identifier_rows: usize,
    pub errors: &'a [FieldError],
    /// A message above the form (error summary, expired form, failed save).
    pub banner: Option<String>,
    /// A calm notice above the form (a report sent earlier, its receipt no longer shown).
    pub notice: Option<String>,
    pub accepting: bool,
    pub origin_states: &'a [String],
    pub current_year: i32,
    pub file_limits: FileLimits,
    /// Files were sent but not kept (the form is shown again): ask to choose them again.
    pub files_dropped: bool,
}

impl ReportForm<'_> {
    fn error_for(&self, locale: Locale, field: &str) -> Option<String> {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| locale.problem(e.problem))
    }

    fn has_error(&self, field: &str) -> bool {
        self.errors.iter().any(|e| e.field == field)
    }
}

fn field_error(message: Option<String>, id: &str) -> Markup {
    html! { @if let Some(message) = message { p.error id=(id) { (message) } } }
}

/// "At most N characters", shown before sending (a counter would need a script).
fn limit_hint(locale: Locale, id: &str, max: usize) -> Markup {
    html! { p.hint.limit id=(id) { (locale.t_with("limit-characters", &[("max", (max as u64).into())])) } }
}

pub fn report_form(locale: Locale, quick_exit_url: &str, form: &ReportForm<'_>) -> Markup {
    let draft = form.draft;
    let selected = |value: &Option<String>, code: &str| value.as_deref() == Some(code);
    page(
        locale,
        &locale.t("report-title"),
        Audience::Reporter {
            quick_exit_url,
            switch_path: if form.errors.is_empty() && form.banner.is_none() {
                Some("/report")
            } else {
                None
            },
        },
        html! {
            h1 { (locale.t("report-title")) }
            @if let Some(notice) = &form.notice { p.notice role="status" id="form-notice" { (notice) } }
            @if !form.accepting {
                p.notice.warn role="alert" { (locale.t("report-not-accepting")) }
            } @else {
                p { (locale.t("report-intro")) }
                @if let Some(banner) = &form.banner {
                    p.notice.warn role="alert" id="form-problems" { (banner) }
                }
                form method="post" action=(locale.path("/report")) accept-charset="utf-8" enctype="multipart/form-data" autocomplete="off" {
                    input type="hidden" name="form_token" value=(form.token);
                    input type="hidden" name="identifier_rows" value=(form.identifier_rows);

                    // What happened, in their own words, comes first: the rest only adds detail.
                    // No maxlength here: a browser would cut a long paste silently. The limit
                    // is said, and a text over it comes back whole with how much to remove.
                    fieldset class=[form.has_error("narrative").then_some("has-error")] id="narrative-section" {
                        legend { label for="narrative" { (locale.t("section-narrative")) } }
                        p.hint { (locale.t("section-narrative-hint")) }
                        (limit_hint(locale, "narrative-limit", NARRATIVE_MAX_CHARS))
                        (field_error(form.error_for(locale, "narrative"), "narrative-error"))
                        textarea id="narrative" name="narrative" dir="auto" rows="12" aria-describedby="narrative-limit" { (draft.narrative) }
                    }

                    fieldset class=[form.has_error("tactics").then_some("has-error")] id="tactics" {
                        legend { (locale.t("section-what")) }
                        p.hint { (locale.t("section-what-hint")) }
                        (field_error(form.error_for(locale, "tactics"), "tactics-error"))
                        @for group in TacticGroup::ALL {
                            fieldset {
                                legend { (locale.t(&format!("tactic-group-{}", group.code()))) }
                                @for tactic in group.tactics() {
                                    label.check {
                                        input type="checkbox" name="tactics" value=(tactic.code()) checked[draft.tactics.iter().any(|t| t == tactic.code())];
                                        span { (locale.t(&format!("tactic-{}", tactic.code()))) }
                                    }
                                }
                            }
                        }
                    }

                    fieldset class=[form.has_error("occurred").then_some("has-error")] id="occurred" {
                        legend { (locale.t("section-when")) }
                        p.hint { (locale.t("section-when-hint")) }
                        (field_error(form.error_for(locale, "occurred"), "occurred-error"))
                        div.pair {
                            div.field {
                                label for="occurred_month" { (locale.t("field-month")) }
                                select id="occurred_month" name="occurred_month" {
                                    option value="" { (locale.t("choose")) }
                                    @for month in 1..=12u32 {
                                        option value=(month) selected[form.month == month.to_string()] { (locale.t(&format!("month-{month}"))) }
                                    }
                                }
                            }
                            div.field {
                                label for="occurred_year" { (locale.t("field-year")) }
                                select id="occurred_year" name="occurred_year" {
                                    option value="" { (locale.t("choose")) }
                                    @for year in (EARLIEST_YEAR..=form.current_year).rev() {
                                        option value=(year) selected[form.year == year.to_string()] { (year) }
                                    }
                                }
                            }
                        }
                    }

                    fieldset id="where" {
                        legend { (locale.t("section-where")) }
                        div.field class=[form.has_error("host_country").then_some("has-error")] {
                            label for="host_country" { (locale.t("field-host-country")) }
                            (field_error(form.error_for(locale, "host_country"), "host_country-error"))
                            select id="host_country" name="host_country" {
                                option value="" { (locale.t("choose")) }
                                @for code in sorted_countries(locale) {
                                    option value=(code) selected[selected(&draft.host_country, code)] { (locale.t(&format!("country-{code}"))) }
                                }
                            }
                        }
                        div.field class=[form.has_error("host_region").then_some("has-error")] {
                            label for="host_region" { (locale.t("field-host-region")) " " span.optional { (locale.t("optional")) } }
                            (field_error(form.error_for(locale, "host_region"), "host_region-error"))
                            select id="host_region" name="host_region" {
                                option value="" { (locale.t("choose")) }
                                @for (country, regions) in taxonomy::HOST_REGIONS {
                                    optgroup label=(locale.t(&format!("country-{country}"))) {
                                        @for (code, name) in *regions {
                                            option value=(code) selected[selected(&draft.host_region, code) && selected(&draft.host_country, country)] { (name) }
                                        }
                                    }
                                }
                            }
                        }
                        div.field class=[form.has_error("city").then_some("has-error")] {
                            label for="city" { (locale.t("field-city")) " " span.optional { (locale.t("optional")) } }
                            (field_error(form.error_for(locale, "city"), "city-error"))
                            input type="text" id="city" name="city" dir="auto" maxlength=(SHORT_TEXT_MAX_CHARS) aria-describedby="city-hint" value=(draft.city.as_deref().unwrap_or(""));
                            p.hint #city-hint { (locale.t("field-city-hint")) }
                        }
                    }

                    fieldset class=[form.has_error("targets").then_some("has-error")] id="targets" {
                        legend { (locale.t("section-who")) }
                        (field_error(form.error_for(locale, "targets"), "targets-error"))
                        @for target in Target::ALL {
                            label.check {
                                input type="checkbox" name="targets" value=(target.code()) checked[draft.targets.iter().any(|t| t == target.code())];
                                span { (locale.t(&format!("target-{}", target.code()))) }
                            }
                        }
                        div.field class=[form.has_error("community").then_some("has-error")] {
                            label for="community" { (locale.t("field-community")) " " span.optional { (locale.t("optional")) } }
                            (field_error(form.error_for(locale, "community"), "community-error"))
                            select id="community" name="community" {
                                option value="" { (locale.t("choose")) }
                                @for community in Community::ALL {
                                    option value=(community.code()) selected[selected(&draft.community, community.code())] {
                                        (locale.t(&format!("community-{}", community.code())))
                                    }
                                }
                            }
                        }
                        div.field class=[form.has_error("origin_state").then_some("has-error")] {
                            label for="origin_state" { (locale.t("field-origin-state")) }
                            (field_error(form.error_for(locale, "origin_state"), "origin_state-error"))
                            select id="origin_state" name="origin_state" {
                                option value="" { (locale.t("choose")) }
                                @for code in form.origin_states {
                                    option value=(code) selected[selected(&draft.origin_state, code)] { (locale.t(&format!("origin-{code}"))) }
                                }
                            }
                        }
                    }

                    fieldset class=[form.has_error("identifiers").then_some("has-error")] id="identifiers" {
                        legend { (locale.t("section-identifiers")) }
                        p.hint { (locale.t("section-identifiers-hint")) }
                        p.hint.limit { (locale.t_with("limit-identifiers", &[
                            ("lines", (IDENTIFIERS_MAX as u64).into()),
                            ("max", (SHORT_TEXT_MAX_CHARS as u64).into()),
                        ])) }
                        (field_error(form.error_for(locale, "identifiers"), "identifiers-error"))
                        @for index in 0..form.identifier_rows {
                            @let line = draft.identifiers.get(index);
                            @let kind_field = format!("identifiers.{index}.kind");
                            @let value_field = format!("identifiers.{index}.value");
                            div.line class=[(form.has_error(&kind_field) || form.has_error(&value_field)).then_some("has-error")] {
                                (field_error(form.error_for(locale, &kind_field), &format!("{kind_field}-error")))
                                (field_error(form.error_for(locale, &value_field), &format!("{value_field}-error")))
                                select name=(kind_field) aria-label=(locale.t("field-identifier-kind")) {
                                    option value="" { (locale.t("choose")) }
                                    @for kind in IdentifierKind::offered() {
                                        option value=(kind.code()) selected[line.is_some_and(|l| l.kind == kind.code())] {
                                            (locale.t(&format!("identifier-kind-{}", kind.code())))
                                        }
                                    }
                                }
                                input type="text" name=(value_field) dir="auto" maxlength=(SHORT_TEXT_MAX_CHARS) aria-label=(locale.t("field-identifier-value"))
                                    value=(line.map(|l| l.value.as_str()).unwrap_or(""));
                            }
                        }
                        button.secondary type="submit" name="action" value="more_identifiers" { (locale.t("add-identifier-lines")) }
                    }

                    fieldset id="consent" {
                        legend { (locale.t("section-consent")) }
                        p.hint { (locale.t("consent-hint")) }
                        @for (name, checked) in [
                            ("refer_to_police", draft.consent.refer_to_police),
                            ("refer_to_partners", draft.consent.refer_to_partners),
                            ("research_statistics", draft.consent.research_statistics),
                        ] {
                            label.check {
                                input type="checkbox" name=(format!("consent.{name}")) value="yes" checked[checked];
                                span { (locale.t(&format!("consent-{name}"))) }
                            }
                        }
                    }

                    fieldset class=[form.has_error("contact.details").then_some("has-error")] id="contact" {
                        legend { (locale.t("section-contact")) }
                        (field_error(form.error_for(locale, "contact.details"), "contact.details-error"))
                        label.check {
                            input type="radio" name="contact.method" value="platform" checked[draft.contact.via_platform_only];
                            span { (locale.t("contact-platform")) }
                        }
                        label.check {
                            input type="radio" name="contact.method" value="other" checked[!draft.contact.via_platform_only];
                            span { (locale.t("contact-other")) }
                        }
                        label for="contact_details" { (locale.t("field-contact-details")) }
                        (limit_hint(locale, "contact-limit", CONTACT_MAX_CHARS))
                        textarea id="contact_details" name="contact.details" dir="auto" rows="2" aria-describedby="contact-limit" { (draft.contact.details.as_deref().unwrap_or("")) }
                        p.hint { (locale.t("contact-details-hint")) }
                    }

                    // Last, so the text fields reach the server before the files.
                    fieldset id="files-section" {
                        legend { label for="files" { (locale.t("field-files")) } }
                        @if form.files_dropped { p.notice.warn id="files-reselect" { (locale.t("files-reselect")) } }
                        p.hint #files-hint { (locale.t_with("field-files-hint", &[
                            ("per_file", form.file_limits.per_file_bytes.div_ceil(1024 * 1024).into()),
                            ("per_report", form.file_limits.per_report_bytes.div_ceil(1024 * 1024).into()),
                            ("count", (form.file_limits.per_batch_files as u64).into()),
                        ])) }
                        input #files type="file" name="files" multiple aria-describedby="files-hint";
                    }

                    p { button type="submit" name="action" value="submit" { (locale.t("submit-report")) } }
                }
            }
        },
    )
}

/// The host countries by their name in `locale`, "another country" last.
fn sorted_countries(locale: Locale) -> Vec<&'static str> {
    let mut countries: Vec<(String, &'static str)> = taxonomy::HOST_COUNTRIES
        .iter()
        .filter(|code| **code != taxonomy::OTHER_COUNTRY)
        .map(|code| (locale.t(&format!("country-{code}")), *code))
        .collect();
    countries.sort();
    countries
        .into_iter()
        .map(|(_, code)| code)
        .chain([taxonomy::OTHER_COUNTRY])
        .collect()
}

/// The receipt and how it is shown: large, in seven groups of four, always left to right.
fn receipt_block(locale: Locale, grouped_receipt: &str) -> Markup {
    let groups = grouped_receipt.split(' ').count();
    html! {
        h2 { (locale.t("receipt-label")) }
        p.receipt lang="zxx" dir="ltr" id="receipt" { (grouped_receipt) }
        p.hint.receipt-groups id="receipt-groups" {
            (locale.t_with("receipt-groups", &[
                ("groups", (groups as u64).into()),
                ("digits", (refuge_app::RECEIPT_DIGITS as u64).into()),
            ]))
        }
    }
}

/// The page after sending (or reloading it while the receipt may still be shown).
pub struct ReceiptPage<'a> {
    pub grouped_receipt: &'a str,
    /// Sent again (a retry): say that nothing was stored twice.
    pub repeated: bool,
    pub files: &'a [FileDescription],
    pub form_token: &'a str,
    pub window_minutes: i64,
    pub notice: Option<String>,
}

pub fn receipt(locale: Locale, quick_exit_url: &str, receipt: &ReceiptPage<'_>) -> Markup {
    page(
        locale,
        &locale.t("receipt-title"),
        Audience::Reporter {
            quick_exit_url,
            switch_path: None,
        },
        html! {
            h1 { (locale.t("receipt-title")) }
            @if let Some(notice) = &receipt.notice { p.notice role="status" id="receipt-notice" { (notice) } }
            @if receipt.repeated { p.notice { (locale.t("receipt-repeated")) } }
            p { (locale.t("receipt-intro")) }
            (receipt_block(locale, receipt.grouped_receipt))
            p.notice.warn id="receipt-keep" { (locale.t_with("receipt-keep", &[("minutes", (receipt.window_minutes as u64).into())])) }
            form method="post" action=(locale.path("/report/receipt/hide")) autocomplete="off" {
                input type="hidden" name="form_token" value=(receipt.form_token);
                p { button.secondary type="submit" id="receipt-hide" { (locale.t("receipt-hide")) } }
            }
            h2 { (locale.t("receipt-files")) }
            @if receipt.files.is_empty() {
                p id="receipt-no-files" { (locale.t("receipt-no-files")) }
            } @else {
                (file_list(locale, receipt.files))
                form method="post" action=(locale.path("/report/evidence")) autocomplete="off" {
                    input type="hidden" name="form_token" value=(receipt.form_token);
                    p.hint { (locale.t("evidence-hint")) " " (locale.t_with("evidence-hint-window", &[("minutes", (receipt.window_minutes as u64).into())])) }
                    p { button.secondary type="submit" id="evidence-download" { (locale.t("evidence-download")) } }
                }
            }
            p { (locale.t("receipt-next")) " " a href=(locale.path("/followup")) { (locale.t("followup-link")) } }
            p { (locale.t("receipt-done")) }
        },
    )
}

/// A report sent again after its receipt stopped being shown.
pub fn already_received(locale: Locale, quick_exit_url: &str) -> Markup {
    page(
        locale,
        &locale.t("already-received-title"),
        Audience::Reporter {
            quick_exit_url,
            switch_path: None,
        },
        html! {
            h1 { (locale.t("already-received-title")) }
            p.notice id="already-received" { (locale.t("already-received")) }
            p { (locale.t("already-received-next")) " " a href=(locale.path("/followup")) { (locale.t("followup-link")) } }
            p { a href=(locale.path("/report")) { (locale.t("report-another")) } }
        },
    )
}

/// The same form came back with different content: nothing was merged or dropped silently.
pub struct ChangedPage<'a> {
    /// While the receipt may still be shown.
    pub grouped_receipt: Option<&'a str>,
    pub form_token: &'a str,
    /// Token of the "add this as a message" form (sending it twice adds it once).
    pub once_token: &'a str,
    /// The new text, offered as a message; editable before sending.
    pub text: &'a str,
    pub error: Option<String>,
    pub window_minutes: i64,
}

pub fn changed(locale: Locale, quick_exit_url: &str, changed: &ChangedPage<'_>) -> Markup {
    page(
        locale,
        &locale.t("changed-title"),
        Audience::Reporter {
            quick_exit_url,
            switch_path: None,
        },
        html! {
            h1 { (locale.t("changed-title")) }
            p.notice.warn id="changed" { (locale.t("changed-intro")) }
            @if let Some(grouped) = changed.grouped_receipt {
                (receipt_block(locale, grouped))
                p.notice.warn { (locale.t_with("receipt-keep", &[("minutes", (changed.window_minutes as u64).into())])) }
            }
            h2 { (locale.t("changed-offer-title")) }
            p { (locale.t("changed-offer")) }
            form method="post" action=(locale.path("/report/addition")) accept-charset="utf-8" autocomplete="off" {
                input type="hidden" name="form_token" value=(changed.form_token);
                input type="hidden" name="once_token" value=(changed.once_token);
                @if let Some(error) = &changed.error { p.error role="alert" id="addition-error" { (error) } }
                label for="body" { (locale.t("changed-message-label")) }
                (limit_hint(locale, "body-limit", MESSAGE_MAX_CHARS))
                textarea #body name="body" rows="10" dir="auto" aria-describedby="body-limit" { (changed.text) }
                p { button type="submit" id="addition-send" { (locale.t("changed-send")) } }
            }
            p { (locale.t("changed-or-leave")) }
        },
    )
}
