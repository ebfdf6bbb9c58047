//! Correlation (issue 11) on the release binary over loopback:
//! - indexing: 10,000 reports with five identifiers each (a phone shared by groups of five
//!   reports, a Telegram handle shared by groups of twenty, a name from fifty in Han characters
//!   or pinyin, a unique WeChat id and a unique e-mail), sent through `POST /api/v1/reports`
//!   after the correlation key exists, so each arrives with its set sealed to the key; then a
//!   caseworker's request starts the indexing and the benchmark polls
//!   `GET /api/v1/correlation/status` until nothing waits: reports indexed per second;
//! - a look-up (`GET /api/v1/identifiers`) of a number in one region and with none given;
//! - the report page with its matches (HTML, signed in) and the report through the API;
//! - the groups of connected reports over all 10,000;
//! - the server's peak RSS.

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use serde_json::json;

use crate::{Options, PASSWORD, add_caseworker, percentile, rss_kib, staff_cookie, start};

const REPORTS: usize = 10_000;
const SENDERS: usize = 8;
const RUNS: usize = 40;

const SURNAMES: &[&str] = &["张", "王", "李", "赵", "陈", "刘", "杨", "黄", "周", "吴"];
const GIVEN: &[&str] = &["伟", "强", "磊", "军", "勇"];

fn phone_of_group(group: usize) -> String {
    format!("+86 139 {:04} {:04}", group / 10_000, group % 10_000)
}

/// Report `n`'s body: five identifiers, some shared with other reports.
fn report(n: usize) -> serde_json::Value {
    let name = format!(
        "{}{}",
        SURNAMES[n % SURNAMES.len()],
        GIVEN[(n / 10) % GIVEN.len()]
    );
    let language = ["zh-Hans", "ug", "en", "bo", "fr"][n % 5];
    json!({
        "language": language,
        "host_country": "CA",
        "tactics": ["threat_online"],
        "narrative": format!("Report {n}: a caller threatened my family and named the officer."),
        "identifiers": [
            {"kind": "phone", "value": phone_of_group(n / 5)},
            {"kind": "telegram", "value": format!("@agent_{}", n / 20)},
            {"kind": "name_used", "value": name},
            {"kind": "wechat", "value": format!("wxid_{n:06}")},
            {"kind": "email", "value": format!("sender{n}@example.org")},
        ],
        "consent": {"refer_to_police": false, "refer_to_partners": true, "research_statistics": true},
        "contact": {"via_platform_only": true},
        "idempotency_key": format!("{:032x}", 0x5eed_0000_0000_0000_u128 + n as u128),
    })
}

async fn seed(client: &reqwest::Client, base: &str) -> Result<()> {
    crate::send_reports(client, base, REPORTS, SENDERS, report).await
}

async fn get_json(
    client: &reqwest::Client,
    url: &str,
    token: &str,
) -> Result<(f64, serde_json::Value)> {
    let started = Instant::now();
    let answer = client.get(url).bearer_auth(token).send().await?;
    let status = answer.status();
    let body: serde_json::Value = answer.json().await?;
    let ms = started.elapsed().as_secs_f64() * 1_000.0;
    if !status.is_success() {
        bail!("{url}: {status} {body}");
    }
    Ok((ms, body))
}

fn summary(mut values: Vec<f64>) -> (f64, f64) {
    values.sort_by(f64::total_cmp);
    (percentile(&values, 50.0), percentile(&values, 90.0))
}

pub(crate) async fn run(options: &Options) -> Result<()> {
    let (server, _) = start(&options.binary, &[])?;
    let base = server.base.clone();
    add_caseworker(&options.binary, server.data_dir(), "amina")?;
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(600))
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let token = client
        .post(format!("{base}/api/v1/staff/session"))
        .json(&json!({"username": "amina", "password": PASSWORD}))
        .send()
        .await?
        .json::<serde_json::Value>()
        .await?["token"]
        .as_str()
        .context("token")?
        .to_owned();
    // The first correlator's request makes the key; reports after it arrive sealed to it.
    let (_, status) = get_json(
        &client,
        &format!("{base}/api/v1/correlation/status"),
        &token,
    )
    .await?;
    if status["available"] != true {
        bail!("correlation unavailable: {status}");
    }

    eprintln!("sending {REPORTS} reports with five identifiers each");
    let seeding = Instant::now();
    seed(&client, &base).await?;
    let seeding_seconds = seeding.elapsed().as_secs_f64();

    eprintln!("indexing");
    let started = Instant::now();
    let mut polls = 0;
    loop {
        let (_, status) = get_json(
            &client,
            &format!("{base}/api/v1/correlation/status"),
            &token,
        )
        .await?;
        polls += 1;
        if status["pending"] == 0 {
            break;
        }
        if started.elapsed() > Duration::from_secs(600) {
            bail!("indexing did not finish: {status}");
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let index_seconds = started.elapsed().as_secs_f64();
    let rate = REPORTS as f64 / index_seconds;

    eprintln!("looking up");
    let mut in_region = Vec::new();
    let mut everywhere = Vec::new();
    let mut found = 0;
    for run in 0..RUNS {
        let phone = phone_of_group(run * 37 % (REPORTS / 5));
        let national: String = phone.trim_start_matches("+86 ").replace(' ', "");
        let (ms, body) = get_json(
            &client,
            &format!("{base}/api/v1/identifiers?kind=phone&value={national}&region=CN"),
            &token,
        )
        .await?;
        in_region.push(ms);
        found = body["reports"].as_array().map_or(0, Vec::len);
        let (ms, _) = get_json(
            &client,
            &format!("{base}/api/v1/identifiers?kind=phone&value={national}"),
            &token,
        )
        .await?;
        everywhere.push(ms);
    }
    let mut handle = Vec::new();
    for run in 0..RUNS {
        let (ms, _) = get_json(
            &client,
            &format!(
                "{base}/api/v1/identifiers?kind=telegram&value=https://t.me/AGENT_{}",
                run * 7
            ),
            &token,
        )
        .await?;
        handle.push(ms);
    }

    eprintln!("report pages");
    let (_, list) = get_json(&client, &format!("{base}/api/v1/reports?limit=200"), &token).await?;
    let ids: Vec<String> = list["reports"]
        .as_array()
        .context("reports")?
        .iter()
        .filter_map(|r| r["id"].as_str().map(str::to_owned))
        .collect();
    let cookie = staff_cookie(&client, &base, "amina").await?;
    let mut page_ms = Vec::new();
    let mut api_ms = Vec::new();
    let mut matched = 0;
    for id in ids.iter().take(RUNS) {
        let started = Instant::now();
        let page = client
            .get(format!("{base}/en/staff/reports/{id}"))
            .header("cookie", &cookie)
            .send()
            .await?;
        if !page.status().is_success() {
            bail!("report page: {}", page.status());
        }
        let body = page.text().await?;
        page_ms.push(started.elapsed().as_secs_f64() * 1_000.0);
        matched = body.matches("Report received").count();
        let (ms, _) = get_json(&client, &format!("{base}/api/v1/reports/{id}"), &token).await?;
        api_ms.push(ms);
    }

    eprintln!("groups");
    let mut cluster_ms = Vec::new();
    let mut groups = 0;
    for _ in 0..5 {
        let (ms, body) = get_json(
            &client,
            &format!("{base}/api/v1/correlation/clusters"),
            &token,
        )
        .await?;
        cluster_ms.push(ms);
        groups = body["clusters"].as_array().map_or(0, Vec::len);
    }
    let peak = rss_kib(server.child.id(), "VmHWM:") as f64 / 1_024.0;
    drop(server);

    let (region_p50, region_p90) = summary(in_region);
    let (every_p50, every_p90) = summary(everywhere);
    let (handle_p50, handle_p90) = summary(handle);
    let (page_p50, page_p90) = summary(page_ms);
    let (api_p50, api_p90) = summary(api_ms);
    let (cluster_p50, cluster_p90) = summary(cluster_ms);
    let mut report = String::new();
    writeln!(
        report,
        "# Correlation (issue 11)\n\n\
         Release binary, SQLite, loopback, this 2-core machine. {REPORTS} reports with five \
         identifiers each (a phone shared by groups of 5 reports, a Telegram handle by groups of \
         20, one of 50 Han names, a unique WeChat id and e-mail) sent through the API in \
         {seeding_seconds:.0} s after the correlation key existed.\n\n\
         ## Indexing\n\n\
         | what | figure |\n|---|---:|\n\
         | reports indexed (from the first caseworker request to none waiting) | {REPORTS} |\n\
         | seconds | {index_seconds:.2} |\n\
         | reports per second (target ≥ 2,000) | {rate:.0} |\n\
         | status polls meanwhile | {polls} |\n\n\
         ## Requests (ms, whole HTTP request, {RUNS} runs each)\n\n\
         | request | p50 | p90 | note |\n|---|---:|---:|---|\n\
         | look-up of a number, region given (target p50 ≤ 5) | {region_p50:.2} | {region_p90:.2} | {found} reports found |\n\
         | look-up of a number, no region given (the regions the reports name) | {every_p50:.2} | {every_p90:.2} | |\n\
         | look-up of a Telegram profile address | {handle_p50:.2} | {handle_p90:.2} | |\n\
         | report page with matches, HTML (target p50 ≤ 50) | {page_p50:.2} | {page_p90:.2} | {matched} matched reports listed on the last |\n\
         | report through the API, with matches | {api_p50:.2} | {api_p90:.2} | |\n\
         | groups of connected reports over all (5 runs) | {cluster_p50:.1} | {cluster_p90:.1} | {groups} groups |\n\n\
         Peak resident memory of the server over the whole run: {peak:.1} MiB.\n"
    )?;
    std::fs::write(&options.correlation_out, &report)?;
    println!("{report}");
    Ok(())
}
