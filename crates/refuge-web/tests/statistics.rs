//! Public statistics through the real app on both engines: only consenting reports are
//! counted; a release never shows a count below k; no withheld count can be worked out from
//! what is published (an attacker solves the tables' equations and their zero-sum lines);
//! releases cover whole months and never overlap; the pages draw the charts and the map with
//! the numbers in the page's script; researchers make releases through the API and the form.

#[allow(unused_macros)]
#[macro_use]
mod support;

use axum::http::StatusCode;
use refuge_domain::staff::Role;
use refuge_store::Engine;
use serde_json::{Value, json};
use support::TestApp;

/// `n` reports through the API, all alike.
async fn reports(
    t: &TestApp,
    n: usize,
    consent: bool,
    country: &str,
    tactics: &[&str],
    community: &str,
) {
    for _ in 0..n {
        let key: String = refuge_crypto::random::bytes::<16>()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let body = json!({
            "language": "en", "host_country": country, "tactics": tactics, "community": community,
            "narrative": "STATISTICS-CANARY they followed me",
            "consent": {"refer_to_police": false, "refer_to_partners": false, "research_statistics": consent},
            "contact": {"via_platform_only": true}, "idempotency_key": key
        });
        let created = t.post_json("/api/v1/reports", &body, None).await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    }
}

/// The published values of a table (`by`) from the API: (key, count or None).
async fn table(t: &TestApp, by: &str) -> Value {
    let answer = t.get(&format!("/api/v1/statistics?by={by}"), None).await;
    assert_eq!(answer.status, StatusCode::OK, "{by}: {}", answer.body);
    answer.json()
}

/// Which withheld entries of a two-way table the lines' equations determine: reduced row
/// echelon form of the equations over the withheld entries (an entry is determined exactly
/// when its column is a pivot whose row has no other entry).
fn determined(entries: &[Vec<Option<f64>>]) -> Vec<(usize, usize)> {
    let rows = entries.len();
    let columns = entries[0].len();
    let unknowns: Vec<(usize, usize)> = (0..rows)
        .flat_map(|i| (0..columns).map(move |j| (i, j)))
        .filter(|&(i, j)| entries[i][j].is_none())
        .collect();
    let index = |at: (usize, usize)| unknowns.iter().position(|u| *u == at);
    // Each line: cells − total = 0 (last column and last row are the totals).
    let mut equations: Vec<Vec<f64>> = Vec::new();
    let mut line = |cells: Vec<(usize, usize)>, total: (usize, usize)| {
        let mut row = vec![0.0; unknowns.len() + 1];
        let mut constant = 0.0;
        for (at, sign) in cells.iter().map(|c| (*c, 1.0)).chain([(total, -1.0)]) {
            match (index(at), entries[at.0][at.1]) {
                (Some(u), _) => row[u] += sign,
                (None, Some(v)) => constant -= sign * v,
                (None, None) => {}
            }
        }
        row[unknowns.len()] = constant;
        equations.push(row);
    };
    for i in 0..rows {
        line((0..columns - 1).map(|j| (i, j)).collect(), (i, columns - 1));
    }
    for j in 0..columns {
        line((0..rows - 1).map(|i| (i, j)).collect(), (rows - 1, j));
    }
    // Reduced row echelon form.
    let mut pivots: Vec<(usize, usize)> = Vec::new();
    let mut r = 0;
    for c in 0..unknowns.len() {
        let Some(p) = (r..equations.len()).find(|&p| equations[p][c].abs() > 1e-9) else {
            continue;
        };
        equations.swap(r, p);
        let lead = equations[r][c];
        for v in equations[r].iter_mut() {
            *v /= lead;
        }
        for other in 0..equations.len() {
            if other != r && equations[other][c].abs() > 1e-9 {
                let factor = equations[other][c];
                let pivot_row = equations[r].clone();
                for (v, p) in equations[other].iter_mut().zip(pivot_row) {
                    *v -= factor * p;
                }
            }
        }
        pivots.push((r, c));
        r += 1;
    }
    pivots
        .into_iter()
        .filter(|&(row, c)| {
            (0..unknowns.len()).all(|other| other == c || equations[row][other].abs() < 1e-9)
        })
        .map(|(_, c)| unknowns[c])
        .collect()
}

async fn only_consenting_reports_are_counted_and_nothing_small_is_published(t: TestApp) {
    t.add_staff("ana", Role::Researcher).await;
    t.add_staff("cai", Role::Caseworker).await;
    // November 2026 (the test clock's month).
    reports(&t, 25, true, "CA", &["threat_online"], "uyghur").await;
    reports(&t, 12, true, "FR", &["relatives_threatened"], "tibetan").await;
    reports(
        &t,
        3,
        true,
        "GB",
        &["threat_online", "relatives_threatened"],
        "uyghur",
    )
    .await;
    reports(&t, 1, true, "DE", &["assault"], "hong_kong").await;
    // Reports whose authors did not agree: never counted.
    reports(&t, 40, false, "NL", &["assault"], "uyghur").await;
    let cai = t.api_token("cai").await;

    // Before any release: nothing public, and no live count anywhere.
    let none = t.get("/api/v1/statistics", None).await;
    assert_eq!(none.status, StatusCode::NOT_FOUND);
    assert_eq!(none.json()["error"]["code"], "no_release");
    let page = support::html_unescape(&t.get("/en/statistics", None).await.body);
    assert!(page.contains("No statistics have been published yet."));

    // The month is not over: the default release (the last closed month, October) counts
    // nothing of November; then December comes.
    let refused = t
        .post_json_bearer("/api/v1/statistics/releases", &json!({}), &cai)
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    t.clock.advance(10 * 86_400);
    // (A new session: ten days outlast any.)
    let ana = t.api_token("ana").await;
    let made = t
        .post_json_bearer("/api/v1/statistics/releases", &json!({}), &ana)
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    assert_eq!(
        (
            made.json()["from"].as_str(),
            made.json()["through"].as_str()
        ),
        (Some("2026-11"), Some("2026-11"))
    );
    assert!(made.json()["warning"].is_null());
    let again = t
        .post_json_bearer(
            "/api/v1/statistics/releases",
            &json!({"through": "2026-11"}),
            &ana,
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.json()["error"]["code"], "already_released");
    let future = t
        .post_json_bearer(
            "/api/v1/statistics/releases",
            &json!({"through": "2027-01"}),
            &ana,
        )
        .await;
    assert_eq!(future.status, StatusCode::BAD_REQUEST);
    assert_eq!(future.json()["error"]["code"], "future_month");

    let countries = table(&t, "host_country").await;
    let count = |table: &Value, key: &str| {
        table["cells"]
            .as_array()
            .and_then(|cells| cells.iter().find(|c| c["key"] == key))
            .map(|c| c["count"].clone())
            .unwrap_or(Value::Null)
    };
    assert_eq!(countries["reports"]["count"], 41, "consenting reports only");
    assert_eq!(count(&countries, "CA"), 25);
    assert_eq!(count(&countries, "FR"), 12);
    for small in ["GB", "DE", "NL", "US"] {
        assert_eq!(count(&countries, small), Value::Null, "{small} is withheld");
    }
    let tactics = table(&t, "tactic").await;
    assert_eq!(count(&tactics, "threat_online"), 28);
    assert_eq!(count(&tactics, "relatives_threatened"), 15);
    assert_eq!(
        count(&tactics, "assault"),
        Value::Null,
        "40 non-consenting reports are not counted"
    );

    // No published value below k, in any table, margins included.
    for by in [
        "month",
        "tactic",
        "host_country",
        "host_region",
        "community",
        "origin_state",
        "tactic_host_country",
        "tactic_month",
    ] {
        let answer = table(&t, by).await;
        let mut values: Vec<&Value> = answer["cells"].as_array().expect("cells").iter().collect();
        if let Some(totals) = answer["totals"].as_object() {
            for value in totals.values() {
                match value {
                    Value::Array(items) => values.extend(items.iter()),
                    Value::Object(_) => values.push(value),
                    _ => {}
                }
            }
        }
        for value in values {
            if let Some(n) = value["count"].as_u64() {
                assert!(n >= 10, "{by}: {value}");
                assert_eq!(value["suppressed"], false);
            } else {
                assert_eq!(value["suppressed"], true, "{by}: {value}");
            }
        }
    }

    // The attacker: the tactic × host country table with its margins, as published.
    let published = table(&t, "tactic_host_country").await;
    let cells = published["cells"].as_array().expect("cells");
    let totals = &published["totals"];
    let row_keys: Vec<String> = totals["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| r["key"].as_str().unwrap_or("").to_owned())
        .collect();
    let column_keys: Vec<String> = totals["columns"]
        .as_array()
        .expect("columns")
        .iter()
        .map(|c| c["key"].as_str().unwrap_or("").to_owned())
        .collect();
    let mut entries: Vec<Vec<Option<f64>>> =
        vec![vec![None; column_keys.len() + 1]; row_keys.len() + 1];
    for c in cells {
        let i = row_keys
            .iter()
            .position(|r| *r == c["key"][0])
            .expect("row");
        let j = column_keys
            .iter()
            .position(|k| *k == c["key"][1])
            .expect("column");
        entries[i][j] = c["count"].as_f64();
    }
    for (i, r) in totals["rows"].as_array().expect("rows").iter().enumerate() {
        entries[i][column_keys.len()] = r["count"].as_f64();
    }
    for (j, c) in totals["columns"]
        .as_array()
        .expect("columns")
        .iter()
        .enumerate()
    {
        entries[row_keys.len()][j] = c["count"].as_f64();
    }
    entries[row_keys.len()][column_keys.len()] = totals["total"]["count"].as_f64();
    // The truth (what was submitted with consent), to tell a zero from a count.
    let truth = |i: usize, j: usize| -> u64 {
        let tactic = row_keys.get(i).map(String::as_str);
        let country = column_keys.get(j).map(String::as_str);
        let cell = |tactic: &str, country: &str| match (tactic, country) {
            ("threat_online", "CA") => 25,
            ("relatives_threatened", "FR") => 12,
            ("threat_online" | "relatives_threatened", "GB") => 3,
            ("assault", "DE") => 1,
            _ => 0,
        };
        match (tactic, country) {
            (Some(t), Some(c)) => cell(t, c),
            (Some(t), None) => column_keys.iter().map(|c| cell(t, c)).sum(),
            (None, Some(c)) => row_keys.iter().map(|t| cell(t, c)).sum(),
            (None, None) => row_keys
                .iter()
                .flat_map(|t| column_keys.iter().map(move |c| (t, c)))
                .map(|(t, c)| cell(t, c))
                .sum(),
        }
    };
    for (i, j) in determined(&entries) {
        assert_eq!(
            truth(i, j),
            0,
            "({i}, {j}) is worked out from the published table"
        );
    }
    // A line whose published values already reach its total leaves only zeros hidden.
    let lines: Vec<Vec<(usize, usize)>> = (0..entries.len())
        .map(|i| (0..entries[0].len()).map(|j| (i, j)).collect())
        .chain((0..entries[0].len()).map(|j| (0..entries.len()).map(|i| (i, j)).collect()))
        .collect();
    for line in lines {
        let (total, cells) = line.split_last().expect("a line");
        if let Some(total) = entries[total.0][total.1] {
            let known: f64 = cells.iter().filter_map(|&(i, j)| entries[i][j]).sum();
            if (total - known).abs() < 1e-9 {
                for &(i, j) in cells.iter().filter(|&&(i, j)| entries[i][j].is_none()) {
                    assert_eq!(truth(i, j), 0, "({i}, {j}) is pinned by its line");
                }
            }
        }
    }

    // A release of the current month, named on purpose, warns.
    reports(&t, 11, true, "CA", &["threat_online"], "uyghur").await;
    let current = t
        .post_json_bearer(
            "/api/v1/statistics/releases",
            &json!({"through": "2026-12"}),
            &ana,
        )
        .await;
    assert_eq!(current.status, StatusCode::CREATED, "{}", current.body);
    assert!(current.json()["warning"].as_str().is_some());
    assert_eq!(current.json()["from"], "2026-12");
    let latest = table(&t, "host_country").await;
    assert_eq!(latest["reports"]["count"], 11);
    let releases = t.get("/api/v1/statistics/releases", None).await.json();
    assert_eq!(releases["releases"].as_array().map(Vec::len), Some(2));
}

async fn the_pages_draw_charts_map_and_method(t: TestApp) {
    t.add_staff("ana", Role::Researcher).await;
    t.add_staff("cai", Role::Caseworker).await;
    reports(&t, 25, true, "CA", &["threat_online"], "uyghur").await;
    reports(&t, 14, true, "FR", &["relatives_threatened"], "tibetan").await;
    reports(&t, 2, true, "GB", &["threat_online"], "uyghur").await;
    t.clock.advance(10 * 86_400);
    let ana = t.log_in("ana").await;
    let form = t.get("/en/staff/statistics", Some(&ana)).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    let bad = t
        .submit(
            &form.body,
            "/en/staff/statistics",
            &[("through", "2026-13")],
            Some(&ana),
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("2026-13") && bad.body.contains("YYYY-MM"));
    let made = t
        .submit(
            &form.body,
            "/en/staff/statistics",
            &[("through", "")],
            Some(&ana),
        )
        .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);

    let page = t.get("/en/statistics", None).await;
    assert_eq!(page.status, StatusCode::OK);
    let body = support::html_unescape(&page.body).replace(['\u{2068}', '\u{2069}'], "");
    assert!(!body.contains("<script"));
    assert!(body.contains("class=\"world-map\"") && body.contains("<title>Canada: 25</title>"));
    assert!(
        body.contains("United Kingdom: withheld"),
        "a withheld country is marked on the map"
    );
    assert!(body.contains("class=\"chart\""));
    assert!(body.contains("<td>Canada</td><td class=\"num\">25</td>"));
    assert!(body.contains("fewer than 10"));
    assert!(body.contains("November 2026 to November 2026: 41 reports counted."));
    assert!(body.contains("No random noise is added"));
    assert!(!body.contains("STATISTICS-CANARY"));
    // Tibetan digits on the Tibetan page; right to left in Uyghur.
    let bo = t.get("/bo/statistics", None).await.body;
    assert!(bo.contains("༢༥"), "25 in Tibetan digits");
    assert!(
        t.get("/ug/statistics", None)
            .await
            .body
            .contains("dir=\"rtl\"")
    );
    let tables = t.get("/zh-Hant/statistics/tables", None).await;
    assert_eq!(tables.status, StatusCode::OK);
    assert!(tables.body.contains("id=\"table-tactic_host_country\""));

    let (status, headers, csv) = t.get_bytes("/statistics.csv?by=host_country", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers["content-type"]
            .to_str()
            .unwrap_or("")
            .starts_with("text/csv")
    );
    let text = String::from_utf8(csv).expect("utf-8");
    assert!(
        text.lines()
            .any(|l| l.ends_with(",host_country,CA,,25,false")),
        "{text}"
    );
    assert!(text.lines().any(|l| l.ends_with(",host_country,GB,,,true")));
    assert!(!text.contains("STATISTICS-CANARY"));
    let unknown = t.get("/api/v1/statistics?by=weather", None).await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        t.get("/en/statistics?release=nonsense", None).await.status,
        StatusCode::NOT_FOUND
    );
}

on_both_engines!(
    only_consenting_reports_are_counted_and_nothing_small_is_published,
    the_pages_draw_charts_map_and_method,
);

/// The operator's schedule: a release by itself once its months have ended, once.
async fn the_schedule_releases_closed_months_once(t: TestApp) {
    t.add_staff("cai", Role::Caseworker).await;
    reports(&t, 12, true, "CA", &["threat_online"], "uyghur").await;
    assert!(
        t.app
            .scheduled_release_if_due()
            .await
            .expect("check")
            .is_none(),
        "November has not ended"
    );
    t.clock.advance(10 * 86_400);
    let made = t
        .app
        .scheduled_release_if_due()
        .await
        .expect("check")
        .expect("a release");
    assert_eq!(
        (made.body.from.as_str(), made.body.through.as_str()),
        ("2026-11", "2026-11")
    );
    assert_eq!(made.body.reports.count, Some(12));
    assert!(
        t.app
            .scheduled_release_if_due()
            .await
            .expect("check")
            .is_none(),
        "once"
    );
    let audit = t.app_store_audit().await;
    assert!(
        audit
            .iter()
            .any(|a| a.subject.ends_with("(schedule)") && a.actor.is_none())
    );
}

mod scheduled {
    use super::*;

    #[tokio::test]
    async fn sqlite() {
        let t = TestApp::with_settings(Engine::Sqlite, |s| s.statistics.schedule_months = Some(1))
            .await;
        the_schedule_releases_closed_months_once(t).await;
    }

    #[tokio::test]
    async fn postgres() {
        if refuge_store::testing::postgres_skipped() {
            return;
        }
        let t =
            TestApp::with_settings(Engine::Postgres, |s| s.statistics.schedule_months = Some(1))
                .await;
        the_schedule_releases_closed_months_once(t).await;
    }
}
