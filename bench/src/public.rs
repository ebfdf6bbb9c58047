//! The public side (issue 12) on the release binary over loopback:
//! - a statistics release over 100,000 consenting and non-consenting reports (sent through
//!   `POST /api/v1/reports` with a cheaper receipt hash, so seeding takes minutes, not an
//!   hour; the release itself is what is timed), then the statistics page and API;
//! - the registry: the research seed imported with `refuge registry import`, every entry that
//!   can be published published through the API, then the list page (p50, p90), an entry page,
//!   the JSON export, and the bytes of each page with its stylesheet.

use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use serde_json::json;

use crate::{Options, PASSWORD, add_user, percentile, rss_kib, start};

const REPORTS: usize = 100_000;
const SENDERS: usize = 16;
const RUNS: usize = 200;

const COUNTRIES: &[&str] = &[
    "CA", "US", "GB", "FR", "DE", "AU", "NL", "JP", "KR", "TR", "KZ", "ZZ",
];
const TACTICS: &[&str] = &[
    "threat_online",
    "relatives_threatened",
    "physical_surveillance",
    "assault",
    "intimidation_visit",
];
const COMMUNITIES: &[&str] = &[
    "uyghur",
    "tibetan",
    "hong_kong",
    "chinese_dissident",
    "southern_mongolian",
];

/// SplitMix64: idempotency keys that look random (the server asks for 128 bits).
fn mix(n: u64) -> u64 {
    let mut z = n.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn report(n: usize) -> serde_json::Value {
    // Skewed: most reports in a few countries, a long tail of small counts.
    let country = COUNTRIES[(n * n / 7 + n / 3) % COUNTRIES.len()];
    json!({
        "language": "en",
        "host_country": country,
        "tactics": [TACTICS[n % TACTICS.len()], TACTICS[(n / 7) % TACTICS.len()]],
        "community": COMMUNITIES[(n / 3) % COMMUNITIES.len()],
        "narrative": format!("Report {n}."),
        "consent": {"refer_to_police": false, "refer_to_partners": false, "research_statistics": !n.is_multiple_of(4)},
        "contact": {"via_platform_only": true},
        "idempotency_key": format!("{:016x}{:016x}", mix(n as u64), mix(n as u64 ^ 0xdead_beef)),
    })
}

async fn token(client: &reqwest::Client, base: &str, username: &str) -> Result<String> {
    Ok(client
        .post(format!("{base}/api/v1/staff/session"))
        .json(&json!({"username": username, "password": PASSWORD}))
        .send()
        .await?
        .json::<serde_json::Value>()
        .await?["token"]
        .as_str()
        .context("token")?
        .to_owned())
}

async fn timed_get(client: &reqwest::Client, url: &str) -> Result<(f64, usize)> {
    let started = Instant::now();
    let answer = client.get(url).send().await?;
    let status = answer.status();
    let bytes = answer.bytes().await?.len();
    if !status.is_success() {
        bail!("{url}: {status}");
    }
    Ok((started.elapsed().as_secs_f64() * 1_000.0, bytes))
}

async fn p50_p90(client: &reqwest::Client, url: &str) -> Result<(f64, f64, usize)> {
    let mut times = Vec::with_capacity(RUNS);
    let mut bytes = 0;
    for _ in 0..RUNS {
        let (ms, size) = timed_get(client, url).await?;
        times.push(ms);
        bytes = size;
    }
    times.sort_by(f64::total_cmp);
    Ok((percentile(&times, 50.0), percentile(&times, 90.0), bytes))
}

pub(crate) async fn run(options: &Options) -> Result<()> {
    let cheap = vec![
        ("REFUGE_SECURITY__RECEIPT_MEMORY_KIB", "1024".to_owned()),
        ("REFUGE_SECURITY__RECEIPT_ITERATIONS", "1".to_owned()),
    ];
    let (server, _) = start(&options.binary, &cheap)?;
    let base = server.base.clone();
    add_user(&options.binary, server.data_dir(), "ana", "researcher")?;
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(600))
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let css = client
        .get(format!("{base}/static/refuge.css"))
        .send()
        .await?
        .bytes()
        .await?
        .len();
    let mut out = String::new();
    writeln!(out, "# Public registry and statistics (issue 12)\n")?;

    // The registry.
    let seed = Path::new("samples/registry-seed");
    let imported = std::process::Command::new(&options.binary)
        .args(["registry", "import", "--data-dir"])
        .arg(server.data_dir())
        .arg("--stations")
        .arg(seed.join("stations.csv"))
        .arg("--sources")
        .arg(seed.join("sources.csv"))
        .arg("--figures")
        .arg(seed.join("figures.csv"))
        .output()?;
    if !imported.status.success() {
        bail!("import: {}", String::from_utf8_lossy(&imported.stderr));
    }
    let ana = token(&client, &base, "ana").await?;
    let drafts: serde_json::Value = client
        .get(format!("{base}/api/v1/registry/drafts"))
        .bearer_auth(&ana)
        .send()
        .await?
        .json()
        .await?;
    let mut published = 0;
    for entry in drafts["entries"].as_array().context("entries")? {
        let id = entry["id"].as_str().context("id")?;
        let done = client
            .post(format!("{base}/api/v1/registry/entries/{id}/publish"))
            .bearer_auth(&ana)
            .json(&json!({"version": 1}))
            .send()
            .await?;
        if done.status().is_success() {
            published += 1;
        }
    }
    let one: serde_json::Value = client
        .get(format!("{base}/api/v1/registry/entries"))
        .send()
        .await?
        .json()
        .await?;
    let entry = one["entries"][0]["id"]
        .as_str()
        .context("an entry")?
        .to_owned();
    writeln!(
        out,
        "Release binary, SQLite, loopback, this 2-core machine; {RUNS} requests each, one at a time. Page bytes include the stylesheet ({css} B).\n"
    )?;
    writeln!(
        out,
        "## Registry ({published} published entries of the shipped seed)\n"
    )?;
    writeln!(out, "| request | p50 | p90 | bytes with stylesheet |")?;
    writeln!(out, "|---|---|---|---|")?;
    for (label, path) in [
        ("list page, English", "/en/registry".to_owned()),
        ("list page, Tibetan", "/bo/registry".to_owned()),
        (
            "list page, one country",
            "/en/registry?country=CA".to_owned(),
        ),
        ("entry page", format!("/en/registry/{entry}")),
        ("API list", "/api/v1/registry/entries".to_owned()),
        ("JSON export", "/registry.json".to_owned()),
    ] {
        let (p50, p90, bytes) = p50_p90(&client, &format!("{base}{path}")).await?;
        let with_css = if path.starts_with("/api") || path.ends_with(".json") {
            bytes
        } else {
            bytes + css
        };
        writeln!(
            out,
            "| {label} (`{path}`) | {p50:.1} ms | {p90:.1} ms | {with_css} |"
        )?;
        eprintln!("{label}: {p50:.1} ms");
    }

    // Statistics.
    eprintln!("sending {REPORTS} reports");
    let seeding = Instant::now();
    crate::send_reports(&client, &base, REPORTS, SENDERS, report).await?;
    let seeding_seconds = seeding.elapsed().as_secs_f64();
    let ana = token(&client, &base, "ana").await?;
    // The server's current month (releases count whole months; this one is named on purpose).
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_secs();
    let month = refuge_domain::Day::from_unix_seconds(i64::try_from(now)?)
        .year_month()
        .to_string();
    let started = Instant::now();
    let made = client
        .post(format!("{base}/api/v1/statistics/releases"))
        .bearer_auth(&ana)
        .json(&json!({"through": month}))
        .send()
        .await?;
    let release_ms = started.elapsed().as_secs_f64() * 1_000.0;
    if made.status() != reqwest::StatusCode::CREATED {
        bail!("release: {} {}", made.status(), made.text().await?);
    }
    let counted: serde_json::Value = client
        .get(format!("{base}/api/v1/statistics?by=host_country"))
        .send()
        .await?
        .json()
        .await?;
    writeln!(out, "\n## Statistics release\n")?;
    writeln!(
        out,
        "{REPORTS} reports sent through the API in {seeding_seconds:.0} s ({} consenting, counted: {}).\n",
        REPORTS - REPORTS / 4,
        counted["reports"]["count"]
    )?;
    writeln!(out, "| request | p50 | p90 | bytes with stylesheet |")?;
    writeln!(out, "|---|---|---|---|")?;
    writeln!(
        out,
        "| the release over {REPORTS} reports (`POST /api/v1/statistics/releases`, once) | {release_ms:.0} ms | | |"
    )?;
    for (label, path) in [
        ("statistics page, English", "/en/statistics"),
        ("statistics page, Tibetan", "/bo/statistics"),
        ("further tables, Uyghur", "/ug/statistics/tables"),
        (
            "API, tactic by host country",
            "/api/v1/statistics?by=tactic_host_country",
        ),
        ("CSV of every table", "/statistics.csv"),
    ] {
        let (p50, p90, bytes) = p50_p90(&client, &format!("{base}{path}")).await?;
        let with_css = if path.starts_with("/api") || path.ends_with(".csv") {
            bytes
        } else {
            bytes + css
        };
        writeln!(
            out,
            "| {label} (`{path}`) | {p50:.1} ms | {p90:.1} ms | {with_css} |"
        )?;
        eprintln!("{label}: {p50:.1} ms");
    }
    let peak = rss_kib(server.child.id(), "VmHWM:") / 1024;
    writeln!(out, "\nServer peak RSS: {peak} MiB.")?;
    eprintln!("release: {release_ms:.0} ms");
    std::fs::write(&options.public_out, out)?;
    eprintln!("wrote {}", options.public_out.display());
    Ok(())
}
