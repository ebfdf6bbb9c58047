//! Administration of teams, the routing of new reports, and the organisation's recovery key.
//! Every change here changes who new reports are sealed to: it is audited and shown to every
//! recipient (`/staff/recipients`).

use maud::{Markup, html};
use refuge_app::teams::TeamView;
use refuge_domain::Permission;
use refuge_domain::ports::StaffRecord;
use refuge_domain::routing::{Conditions, Routing};
use refuge_domain::taxonomy::{self, Community, Language, Tactic};

use super::layout::{Audience, page};
use crate::i18n::Locale;
use crate::session::StaffNav;

/// What the teams page shows besides the teams: a notice, a problem, the create form's input.
#[derive(Default)]
pub struct TeamsPage<'a> {
    pub notice: Option<String>,
    pub problem: Option<String>,
    pub new_name: &'a str,
}

/// Checkboxes for the colleagues who can be members (those who work cases).
fn member_boxes(
    locale: Locale,
    staff: &[StaffRecord],
    chosen: &[StaffRecord],
    prefix: &str,
) -> Markup {
    html! {
        fieldset {
            legend { (locale.t("admin-team-members")) }
            @for person in staff.iter().filter(|s| !s.disabled && s.role.may(Permission::WorkCases)) {
                label.check {
                    input type="checkbox" name="members" value=(person.username)
                        id=(format!("{prefix}-{}", person.username))
                        checked[chosen.iter().any(|c| c.id == person.id)];
                    " " bdi { (person.username) }
                }
                " "
            }
        }
    }
}

pub fn teams(
    locale: Locale,
    nav: &StaffNav,
    teams: &[TeamView],
    staff: &[StaffRecord],
    form: &TeamsPage<'_>,
) -> Markup {
    page(
        locale,
        &locale.t("admin-teams-title"),
        Audience::Staff(Some(nav)),
        html! {
            h1 { (locale.t("admin-teams-title")) }
            p { (locale.t("admin-teams-intro")) " " a href=(locale.path("/staff/admin/routing")) { (locale.t("nav-routing")) } }
            @if let Some(notice) = &form.notice { p.notice role="status" id="teams-notice" { (notice) } }
            @if let Some(problem) = &form.problem { p.notice.warn.error role="alert" id="teams-error" { (problem) } }
            @if teams.is_empty() { p { (locale.t("admin-teams-none")) } }
            @for team in teams {
                section.team id=(format!("team-{}", team.name)) {
                    h2 { bdi { (team.name) } }
                    form method="post" action=(locale.path(&format!("/staff/admin/teams/{}", team.name))) {
                        input type="hidden" name="csrf" value=(nav.csrf);
                        p {
                            label for=(format!("name-{}", team.name)) { (locale.t("admin-team-name")) }
                            input id=(format!("name-{}", team.name)) name="name" value=(team.name) dir="ltr" autocomplete="off";
                        }
                        (member_boxes(locale, staff, &team.members, &team.name))
                        p { button type="submit" { (locale.t("admin-team-save")) } }
                    }
                    form.inline method="post" action=(locale.path(&format!("/staff/admin/teams/{}/delete", team.name))) {
                        input type="hidden" name="csrf" value=(nav.csrf);
                        button.secondary type="submit" { (locale.t("admin-team-delete")) }
                    }
                }
            }
            h2 { (locale.t("admin-team-create")) }
            form method="post" action=(locale.path("/staff/admin/teams")) {
                input type="hidden" name="csrf" value=(nav.csrf);
                p {
                    label for="new-team" { (locale.t("admin-team-name")) }
                    input #new-team name="name" value=(form.new_name) dir="ltr" autocomplete="off";
                    br;
                    small { (locale.t("admin-team-name-hint")) }
                }
                (member_boxes(locale, staff, &[], "new"))
                p { button type="submit" { (locale.t("admin-team-create")) } }
            }
        },
    )
}

/// The routing form: a row per rule (its conditions, its teams), blank rows to add more, and
/// the default teams.
pub struct RoutingPage<'a> {
    pub routing: &'a Routing,
    pub team_names: &'a [String],
    pub origin_states: &'a [String],
    /// Rows shown (the rules, and room for more).
    pub rows: usize,
    pub notice: Option<String>,
    pub problem: Option<String>,
}

fn any_option(locale: Locale) -> Markup {
    html! { option value="" { (locale.t("admin-routing-any")) } }
}

fn rule_row(locale: Locale, view: &RoutingPage<'_>, index: usize) -> Markup {
    let rule = view.routing.rules.get(index);
    let when = rule.map(|r| r.when.clone()).unwrap_or_default();
    let teams: &[String] = rule.map_or(&[], |r| r.teams.as_slice());
    let field = |name: &str| format!("rule.{index}.{name}");
    let Conditions {
        language,
        host_country,
        host_region,
        community,
        origin_state,
        tactic,
    } = when;
    html! {
        fieldset.rule id=(format!("rule-{index}")) {
            legend { (locale.t_with("admin-routing-rule", &[("number", (index as u64 + 1).into())])) }
            p.line {
                label { (locale.t("report-field-language")) " "
                    select name=(field("language")) {
                        (any_option(locale))
                        @for l in Language::ALL {
                            option value=(l.code()) selected[language == Some(*l)] {
                                (Locale::from_tag(l.code()).map_or(l.code(), |l| l.endonym()))
                            }
                        }
                    }
                }
                label { (locale.t("field-host-country")) " "
                    select name=(field("host_country")) {
                        (any_option(locale))
                        @for c in taxonomy::HOST_COUNTRIES { option value=(c) selected[host_country.as_deref() == Some(*c)] { (locale.t(&format!("country-{c}"))) } }
                    }
                }
                label { (locale.t("field-host-region")) " "
                    select name=(field("host_region")) {
                        (any_option(locale))
                        @for (country, regions) in taxonomy::HOST_REGIONS {
                            optgroup label=(locale.t(&format!("country-{country}"))) {
                                @for (code, name) in regions.iter() { option value=(code) selected[host_region.as_deref() == Some(*code)] { (name) } }
                            }
                        }
                    }
                }
                label { (locale.t("field-community")) " "
                    select name=(field("community")) {
                        (any_option(locale))
                        @for c in Community::ALL { option value=(c.code()) selected[community == Some(*c)] { (locale.t(&format!("community-{}", c.code()))) } }
                    }
                }
                label { (locale.t("admin-routing-origin")) " "
                    select name=(field("origin_state")) {
                        (any_option(locale))
                        @for c in view.origin_states { option value=(c) selected[origin_state.as_deref() == Some(c.as_str())] { (locale.t(&format!("origin-{c}"))) } }
                    }
                }
                label { (locale.t("admin-routing-tactic")) " "
                    select name=(field("tactic")) {
                        (any_option(locale))
                        @for t in Tactic::ALL { option value=(t.code()) selected[tactic == Some(*t)] { (locale.t(&format!("tactic-{}", t.code()))) } }
                    }
                }
            }
            p {
                (locale.t("admin-routing-teams")) " "
                @for name in view.team_names {
                    label.check { input type="checkbox" name=(field("teams")) value=(name) checked[teams.contains(name)]; " " bdi { (name) } }
                }
            }
        }
    }
}

pub fn routing(locale: Locale, nav: &StaffNav, view: &RoutingPage<'_>) -> Markup {
    page(
        locale,
        &locale.t("admin-routing-title"),
        Audience::Staff(Some(nav)),
        html! {
            h1 { (locale.t("admin-routing-title")) }
            p { (locale.t("admin-routing-intro")) }
            @if !view.routing.is_set() { p.notice.warn id="routing-off" { (locale.t("admin-routing-off")) } }
            @if let Some(notice) = &view.notice { p.notice role="status" id="routing-notice" { (notice) } }
            @if let Some(problem) = &view.problem { p.notice.warn.error role="alert" id="routing-error" { (problem) } }
            @if view.team_names.is_empty() {
                p { a href=(locale.path("/staff/admin/teams")) { (locale.t("admin-routing-no-teams")) } }
            } @else {
                form method="post" action=(locale.path("/staff/admin/routing")) {
                    input type="hidden" name="csrf" value=(nav.csrf);
                    input type="hidden" name="rows" value=(view.rows);
                    @for index in 0..view.rows { (rule_row(locale, view, index)) }
                    p { button.secondary type="submit" name="action" value="more" { (locale.t("admin-routing-more")) } }
                    fieldset {
                        legend { (locale.t("admin-routing-default")) }
                        @for name in view.team_names {
                            label.check { input type="checkbox" name="default_teams" value=(name) checked[view.routing.default_teams.contains(name)]; " " bdi { (name) } }
                        }
                    }
                    p { button type="submit" name="action" value="save" { (locale.t("admin-routing-save")) } }
                }
            }
        },
    )
}

/// The recovery key page: whether there is one, and a button that makes a new one (shown once).
pub fn recovery_key(locale: Locale, nav: &StaffNav, has_key: bool) -> Markup {
    page(
        locale,
        &locale.t("admin-recovery-title"),
        Audience::Staff(Some(nav)),
        html! {
            h1 { (locale.t("admin-recovery-title")) }
            p { (locale.t("admin-recovery-intro")) }
            @if has_key {
                p.notice id="recovery-present" { (locale.t("admin-recovery-present")) }
            } @else {
                p.notice.warn id="recovery-none" { (locale.t("admin-recovery-none")) }
            }
            form method="post" action=(locale.path("/staff/admin/recovery-key")) {
                input type="hidden" name="csrf" value=(nav.csrf);
                p { button type="submit" { (locale.t("admin-recovery-new")) } }
            }
        },
    )
}

/// A new recovery identity, shown this once.
pub fn recovery_key_shown(
    locale: Locale,
    nav: Option<&StaffNav>,
    secret: &str,
    next: (&str, String),
) -> Markup {
    page(
        locale,
        &locale.t("admin-recovery-title"),
        Audience::Staff(nav),
        html! {
            h1 { (locale.t("admin-recovery-title")) }
            p.notice.warn { (locale.t("admin-recovery-shown-once")) }
            p { label for="recovery-secret" { (locale.t("admin-recovery-secret-label")) } }
            pre #recovery-secret.receipt dir="ltr" { (secret) }
            p { (locale.t("admin-recovery-how")) }
            p { a.button-link href=(next.1) { (next.0) } }
        },
    )
}
