//! Public statistics pages: a release's charts (SVG bars and lines drawn here, right to left
//! in Uyghur, numbers in the page's script), the map by host country with withheld countries
//! marked, each chart followed by the table that says the same and a CSV link, and the method
//! in plain words. No script, nothing from another origin.

use std::collections::BTreeMap;

use maud::{Markup, html};
use refuge_app::settings::StatisticsRules;
use refuge_domain::calendar::YearMonth;
use refuge_domain::ports::StoredRelease;
use refuge_domain::statistics::{NOT_GIVEN, OneWay, Published, TwoWay};
use refuge_domain::taxonomy::{self, OTHER_COUNTRY};

use super::layout::{Audience, page};
use super::registry::{MapValue, country_name, world_map_svg};
use crate::i18n::Locale;

/// A number in the page's script: Tibetan digits on Tibetan pages (CLDR's native numbering for
/// `bo`); the other locales write Western digits (their CLDR default, Chinese included).
pub fn number(locale: Locale, n: u64) -> String {
    let digits = n.to_string();
    if locale == Locale::Bo {
        digits
            .chars()
            .map(|c| char::from_u32(0x0F20 + c.to_digit(10).unwrap_or(0)).unwrap_or(c))
            .collect()
    } else {
        digits
    }
}

/// A published value as text: the count, or "fewer than k".
pub fn value_text(locale: Locale, value: &Published, k: u64) -> String {
    match value.count {
        Some(n) if !value.suppressed => number(locale, n),
        _ => locale.t_with("statistics-withheld", &[("k", number(locale, k).into())]),
    }
}

/// A month in the page's language ("November 2026", "2026年十一月").
pub fn month_label(locale: Locale, key: &str) -> String {
    match YearMonth::parse(key) {
        Some(month) => locale.t_with(
            "statistics-month",
            &[
                ("month", locale.t(&format!("month-{}", month.month)).into()),
                (
                    "year",
                    number(locale, month.year.unsigned_abs().into()).into(),
                ),
            ],
        ),
        None => key.to_owned(),
    }
}

/// A key of a dimension in the page's language.
pub fn key_label(locale: Locale, dimension: &str, key: &str) -> String {
    if key == NOT_GIVEN {
        return locale.t("statistics-not-given");
    }
    match dimension {
        "month" => month_label(locale, key),
        "tactic" => locale.t(&format!("tactic-{key}")),
        "host_country" => country_name(locale, key),
        "community" => locale.t(&format!("community-{key}")),
        "origin_state" if key == OTHER_COUNTRY => country_name(locale, key),
        "origin_state" => locale.t(&format!("origin-{key}")),
        "host_region" => {
            let (country, region) = key.split_once('-').unwrap_or((key, ""));
            let name = taxonomy::regions_of(country)
                .iter()
                .find(|(code, _)| *code == region)
                .map_or(region, |(_, name)| *name);
            format!("{name} ({})", country_name(locale, country))
        }
        _ => key.to_owned(),
    }
}

const WIDTH: u32 = 640;
const LABEL_WIDTH: u32 = 250;
/// Longest label drawn beside a bar, in characters (the table below has the whole name).
const LABEL_CHARS: usize = 34;
const ROW_HEIGHT: u32 = 20;

/// A label cut to fit beside the bars.
fn short_label(label: &str) -> String {
    if label.chars().count() <= LABEL_CHARS {
        label.to_owned()
    } else {
        let cut: String = label.chars().take(LABEL_CHARS - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

/// Horizontal bars, one per key; a withheld value is drawn as no bar and said in words. In a
/// right-to-left page the labels are on the right and the bars grow leftwards.
pub fn bar_chart(
    locale: Locale,
    id: &str,
    title: &str,
    rows: &[(String, Published)],
    k: u64,
) -> Markup {
    let rtl = locale.is_rtl();
    let max = rows
        .iter()
        .filter_map(|(_, v)| v.count)
        .max()
        .unwrap_or(0)
        .max(1);
    let height = ROW_HEIGHT * rows.len() as u32 + 10;
    let bar_space = WIDTH - LABEL_WIDTH - 70;
    let x_of = |x: u32, w: u32| if rtl { WIDTH - x - w } else { x };
    // Labels end at the bars' edge: right-aligned before them (left to right), or at the
    // page's right edge (right to left). Anchors are absolute: the SVG says `direction="ltr"`,
    // or it would inherit the Uyghur page's right-to-left and every anchor would flip.
    let label_x = if rtl { WIDTH - 4 } else { LABEL_WIDTH - 8 };
    html! {
        svg.chart xmlns="http://www.w3.org/2000/svg" viewBox=(format!("0 0 {WIDTH} {height}")) role="img" aria-labelledby=(id) direction="ltr" {
            title id=(id) { (title) }
            @for (n, (label, value)) in rows.iter().enumerate() {
                @let y = n as u32 * ROW_HEIGHT + 5;
                text x=(label_x) y=(y + 14) text-anchor="end" font-size="12" { (short_label(label)) }
                @match value.count.filter(|_| !value.suppressed) {
                    Some(count) => {
                        @let w = ((count as f64 / max as f64) * bar_space as f64).round().max(1.0) as u32;
                        rect x=(x_of(LABEL_WIDTH, w)) y=(y + 2) width=(w) height=(ROW_HEIGHT - 6) fill="#3b6ea5" {}
                        text x=(if rtl { x_of(LABEL_WIDTH, w) - 4 } else { LABEL_WIDTH + w + 4 }) y=(y + 14) text-anchor=(if rtl { "end" } else { "start" }) font-size="12" { (number(locale, count)) }
                    }
                    None => {
                        text x=(if rtl { WIDTH - LABEL_WIDTH - 4 } else { LABEL_WIDTH + 4 }) y=(y + 14) text-anchor=(if rtl { "end" } else { "start" }) font-size="11" fill="#8a5a00" { (value_text(locale, value, k)) }
                    }
                }
            }
        }
    }
}

/// A line over the months; a withheld month breaks the line and is marked on the axis.
pub fn line_chart(
    locale: Locale,
    id: &str,
    title: &str,
    points: &[(String, Published)],
    k: u64,
) -> Markup {
    let rtl = locale.is_rtl();
    let height = 200u32;
    let (left, right, top, bottom) = (50u32, 20u32, 15u32, 45u32);
    let span = (WIDTH - left - right) as f64;
    let max = points
        .iter()
        .filter_map(|(_, v)| v.count)
        .max()
        .unwrap_or(0)
        .max(1);
    let n = points.len().max(1);
    let x_at = |i: usize| {
        let x = if n == 1 {
            span / 2.0
        } else {
            span * i as f64 / (n - 1) as f64
        };
        let x = left as f64 + x;
        if rtl { WIDTH as f64 - x } else { x }
    };
    let y_at = |v: u64| top as f64 + (height - top - bottom) as f64 * (1.0 - v as f64 / max as f64);
    // Runs of consecutive published months, each drawn as one line.
    let mut runs: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
    for (i, (_, value)) in points.iter().enumerate() {
        match value.count.filter(|_| !value.suppressed) {
            Some(v) => runs
                .last_mut()
                .map_or((), |run| run.push((x_at(i), y_at(v)))),
            None => runs.push(Vec::new()),
        }
    }
    html! {
        svg.chart xmlns="http://www.w3.org/2000/svg" viewBox=(format!("0 0 {WIDTH} {height}")) role="img" aria-labelledby=(id) direction="ltr" {
            title id=(id) { (title) }
            line x1=(if rtl { WIDTH - left } else { left }) y1=(height - bottom) x2=(if rtl { right } else { WIDTH - right }) y2=(height - bottom) stroke="#666" {}
            text x=(if rtl { WIDTH - left + 6 } else { left - 6 }) y=(top + 4) text-anchor=(if rtl { "start" } else { "end" }) font-size="11" { (number(locale, max)) }
            text x=(if rtl { WIDTH - left + 6 } else { left - 6 }) y=(height - bottom) text-anchor=(if rtl { "start" } else { "end" }) font-size="11" { (number(locale, 0)) }
            @for run in &runs {
                @if run.len() > 1 {
                    polyline fill="none" stroke="#3b6ea5" stroke-width="2" points=(run.iter().map(|(x, y)| format!("{x:.0},{y:.0}")).collect::<Vec<_>>().join(" ")) {}
                }
                @for (x, y) in run { circle cx=(format!("{x:.0}")) cy=(format!("{y:.0}")) r="3" fill="#3b6ea5" {} }
            }
            @for (i, (label, value)) in points.iter().enumerate() {
                @if n <= 12 || i % (n / 6).max(1) == 0 {
                    text x=(format!("{:.0}", x_at(i))) y=(height - bottom + 16) text-anchor="middle" font-size="10" { (label) }
                }
                @if value.suppressed {
                    text x=(format!("{:.0}", x_at(i))) y=(height - bottom - 4) text-anchor="middle" font-size="10" fill="#8a5a00" { "·" }
                }
            }
            text x=(WIDTH / 2) y=(height - 6) text-anchor="middle" font-size="10" fill="#8a5a00" {
                (locale.t_with("statistics-chart-withheld-note", &[("k", number(locale, k).into())]))
            }
        }
    }
}

/// The table that says what a one-way chart shows, with its total. Withheld keys share one
/// row (a closed list has many, and each would say the same).
fn one_way_table(locale: Locale, dimension: &str, table: &OneWay, k: u64) -> Markup {
    let withheld: Vec<String> = table
        .keys
        .iter()
        .zip(&table.values)
        .filter(|(_, v)| v.suppressed)
        .map(|(key, _)| key_label(locale, dimension, key))
        .collect();
    html! {
        table.counts {
            thead { tr { th scope="col" { (locale.t(&format!("statistics-by-{dimension}"))) } th scope="col" { (locale.t("statistics-reports")) } } }
            tbody {
                @for (key, value) in table.keys.iter().zip(&table.values).filter(|(_, v)| !v.suppressed) {
                    tr { td { (key_label(locale, dimension, key)) } td.num { (value_text(locale, value, k)) } }
                }
                @if !withheld.is_empty() {
                    tr.withheld { td { (withheld.join(locale.t("statistics-list-separator").as_str())) } td.num { (locale.t_with("statistics-withheld", &[("k", number(locale, k).into())])) } }
                }
            }
            tfoot { tr { th scope="row" { (locale.t(if table.additive { "statistics-total" } else { "statistics-total-reports" })) } td.num { (value_text(locale, &table.total, k)) } } }
        }
    }
}

/// A two-way table with its margins.
pub fn two_way_table(
    locale: Locale,
    name: &str,
    rows_dimension: &str,
    columns_dimension: &str,
    table: &TwoWay,
    k: u64,
) -> Markup {
    // A withheld value is a dash (the legend above says what it means): hundreds of "fewer
    // than 10" would make the page heavy in every script.
    let short = |value: &Published| match value.count.filter(|_| !value.suppressed) {
        Some(n) => number(locale, n),
        None => "–".to_owned(),
    };
    html! {
        p.hint { (locale.t_with("statistics-dash", &[("k", number(locale, k).into())])) }
        table.counts.two-way id=(format!("table-{name}")) {
            thead { tr {
                th scope="col" { }
                @for column in &table.columns { th scope="col" { (key_label(locale, columns_dimension, column)) } }
                th scope="col" { (locale.t("statistics-total")) }
            } }
            tbody {
                @for (i, row) in table.rows.iter().enumerate() {
                    tr {
                        th scope="row" { (key_label(locale, rows_dimension, row)) }
                        @for value in &table.cells[i] { td.num { (short(value)) } }
                        td.num { (short(&table.row_totals[i])) }
                    }
                }
            }
            tfoot { tr {
                th scope="row" { (locale.t("statistics-total")) }
                @for value in &table.column_totals { td.num { (short(value)) } }
                td.num { (short(&table.total)) }
            } }
        }
    }
}

fn release_picker(
    locale: Locale,
    releases: &[StoredRelease],
    chosen: &StoredRelease,
    path: &str,
) -> Markup {
    html! {
        @if releases.len() > 1 {
            form method="get" action=(locale.path(path)) {
                label for="release" { (locale.t("statistics-release-choose")) } " "
                select name="release" id="release" {
                    @for r in releases.iter().rev() {
                        option value=(r.id) selected[r.id == chosen.id] { (month_label(locale, &r.body.from)) " – " (month_label(locale, &r.body.through)) }
                    }
                }
                " " button type="submit" { (locale.t("statistics-release-show")) }
            }
        }
    }
}

/// `/statistics`.
pub fn statistics_page(
    locale: Locale,
    quick_exit_url: &str,
    releases: &[StoredRelease],
    chosen: Option<&StoredRelease>,
    rules: StatisticsRules,
    epsilon_spent: f64,
) -> Markup {
    let title = locale.t("statistics-title");
    page(
        locale,
        &title,
        Audience::Reporter {
            quick_exit_url,
            switch_path: Some("/statistics"),
        },
        html! {
            h1 { (title) }
            p { (locale.t("statistics-intro")) " " a href=(locale.path("/registry")) { (locale.t("statistics-registry-link")) } }
            @match chosen {
                None => p.notice { (locale.t("statistics-none-yet")) },
                Some(release) => {
                    @let body = &release.body;
                    @let k = body.k;
                    @let csv = |by: &str| format!("/statistics.csv?release={}&by={by}", release.id);
                    (release_picker(locale, releases, release, "/statistics"))
                    p.lead {
                        (locale.t_with("statistics-period", &[
                            ("from", month_label(locale, &body.from).into()),
                            ("through", month_label(locale, &body.through).into()),
                            ("reports", value_text(locale, &body.reports, k).into()),
                        ]))
                    }
                    @if body.includes_current_month { p.notice.warn { (locale.t("statistics-current-month")) } }
                    @for (dimension, table) in &body.one_way {
                        // Regions and states accused are on the tables page (with the two-way tables):
                        // every page stays under 60 KB in every script.
                        @if dimension != "host_region" && dimension != "origin_state" {
                            section id=(format!("by-{dimension}")) {
                                h2 { (locale.t(&format!("statistics-heading-{dimension}"))) }
                                @let all: Vec<(String, Published)> = table.keys.iter().zip(&table.values).map(|(key, v)| (key_label(locale, dimension, key), *v)).collect();
                                // Bars only for what is published; the table names the rest.
                                @let rows: Vec<(String, Published)> = all.iter().filter(|(_, v)| !v.suppressed).cloned().collect();
                                @let chart_id = format!("chart-{dimension}");
                                @let chart_title = locale.t(&format!("statistics-heading-{dimension}"));
                                @if dimension == "month" {
                                    (line_chart(locale, &chart_id, &chart_title, &all, k))
                                } @else if dimension == "host_country" {
                                    @let values: BTreeMap<String, MapValue> = table.keys.iter().zip(&table.values)
                                        .filter(|(key, _)| key.as_str() != NOT_GIVEN && key.as_str() != OTHER_COUNTRY)
                                        .map(|(key, v)| (key.clone(), if v.suppressed { MapValue::Withheld } else { MapValue::Count(v.count.unwrap_or(0)) }))
                                        .collect();
                                    (world_map_svg(locale, &values, "statistics-map", &locale.t("statistics-map-title")))
                                } @else {
                                    (bar_chart(locale, &chart_id, &chart_title, &rows, k))
                                }
                                (one_way_table(locale, dimension, table, k))
                                p.download { a href=(csv(dimension)) download { (locale.t("statistics-csv")) } }
                            }
                        }
                    }
                    p { a href=(locale.path(&format!("/statistics/tables?release={}", release.id))) { (locale.t("statistics-more-tables")) } }
                }
            }
            section #method {
                h2 { (locale.t("statistics-method-heading")) }
                p { (locale.t("statistics-method-consent")) }
                p { (locale.t_with("statistics-method-threshold", &[("k", number(locale, rules.k).into())])) }
                p { (locale.t("statistics-method-secondary")) }
                p { (locale.t("statistics-method-releases")) }
                @match chosen.and_then(|r| r.body.noise.as_ref()) {
                    Some(noise) => p { (locale.t_with("statistics-method-noise", &[
                        ("epsilon", format!("{:.2}", noise.epsilon).into()),
                        ("spent", format!("{epsilon_spent:.2}").into()),
                    ])) },
                    None => p { (locale.t("statistics-method-no-noise")) },
                }
                p { (locale.t("statistics-method-tactics")) }
            }
        },
    )
}

/// `/statistics/tables`: the region table and the two-way tables of a release.
pub fn tables_page(
    locale: Locale,
    quick_exit_url: &str,
    releases: &[StoredRelease],
    release: &StoredRelease,
) -> Markup {
    let title = locale.t("statistics-tables-title");
    let body = &release.body;
    let k = body.k;
    page(
        locale,
        &title,
        Audience::Reporter {
            quick_exit_url,
            switch_path: Some("/statistics/tables"),
        },
        html! {
            p { a href=(locale.path(&format!("/statistics?release={}", release.id))) { (locale.t("statistics-back")) } }
            h1 { (title) }
            (release_picker(locale, releases, release, "/statistics/tables"))
            p.lead { (month_label(locale, &body.from)) " – " (month_label(locale, &body.through)) }
            @for (dimension, table) in &body.one_way {
                @if dimension == "host_region" || dimension == "origin_state" {
                    h2 { (locale.t(&format!("statistics-heading-{dimension}"))) }
                    @if dimension == "origin_state" {
                        @let rows: Vec<(String, Published)> = table.keys.iter().zip(&table.values).filter(|(_, v)| !v.suppressed).map(|(key, v)| (key_label(locale, dimension, key), *v)).collect();
                        (bar_chart(locale, "chart-origin_state", &locale.t("statistics-heading-origin_state"), &rows, k))
                    }
                    (one_way_table(locale, dimension, table, k))
                    p.download { a href=(format!("/statistics.csv?release={}&by={dimension}", release.id)) download { (locale.t("statistics-csv")) } }
                }
            }
            @for (name, table) in &body.two_way {
                @let (rows_dimension, columns_dimension) = name.split_once('_').map(|(r, _)| (r, &name[r.len() + 1..])).unwrap_or(("", ""));
                h2 { (locale.t(&format!("statistics-heading-{name}"))) }
                div.wide { (two_way_table(locale, name, rows_dimension, columns_dimension, table, k)) }
                p.download { a href=(format!("/statistics.csv?release={}&by={name}", release.id)) download { (locale.t("statistics-csv")) } }
            }
        },
    )
}
