//! Load scenario: a flood at the highest rate the workers can drive (normal submissions plus
//! ~1 MiB bodies that must be refused), while a legitimate reporter submits every two seconds.
//! Reports the flood's throughput, the legitimate loop's latency, failures, peak RSS, and checks
//! that every acknowledged report is stored.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Result, bail};

use crate::{Options, PASSWORD, extract, percentile, rss_kib, start};

const FLOOD_WORKERS: usize = 48;
const HEAVY_WORKERS: usize = 8;

async fn submit(client: &reqwest::Client, base: &str, narrative: &str) -> Option<String> {
    let form = client
        .get(format!("{base}/en/report"))
        .send()
        .await
        .ok()?
        .text()
        .await
        .ok()?;
    let token = extract(&form, "name=\"form_token\" value=\"", "\"")?.to_owned();
    let fields = [
        ("form_token", token.as_str()),
        ("narrative", narrative),
        ("tactics", "threat_online"),
        ("action", "submit"),
    ];
    let response = client
        .post(format!("{base}/en/report"))
        .header("sec-fetch-site", "same-origin")
        .form(&fields)
        .send()
        .await
        .ok()?;
    if response.status() != 200 {
        return None;
    }
    let body = response.text().await.ok()?;
    extract(&body, "id=\"receipt\">", "<").map(str::to_owned)
}

pub async fn run(options: &Options) -> Result<()> {
    let (server, _) = start(&options.binary, &[])?;
    let base = Arc::new(server.base.clone());
    let deadline = Instant::now() + Duration::from_secs(options.load_seconds);
    let acknowledged = Arc::new(AtomicUsize::new(0));
    let flood_failures = Arc::new(AtomicUsize::new(0));
    let heavy_refused = Arc::new(AtomicUsize::new(0));
    let heavy_other = Arc::new(AtomicUsize::new(0));
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(FLOOD_WORKERS + HEAVY_WORKERS + 1)
        .build()?;

    let mut tasks = Vec::new();
    for worker in 0..FLOOD_WORKERS {
        let (client, base, acknowledged, failures) = (
            client.clone(),
            base.clone(),
            acknowledged.clone(),
            flood_failures.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let text = format!(
                "flood {worker}: they keep calling. 他们一直打电话。 ئۇلار توختىماي تېلېفون قىلىدۇ."
            );
            while Instant::now() < deadline {
                match submit(&client, &base, &text).await {
                    Some(_) => acknowledged.fetch_add(1, Ordering::Relaxed),
                    None => failures.fetch_add(1, Ordering::Relaxed),
                };
            }
        }));
    }
    for _ in 0..HEAVY_WORKERS {
        let (client, base, refused, other) = (
            client.clone(),
            base.clone(),
            heavy_refused.clone(),
            heavy_other.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let body = format!("narrative={}", "x".repeat(1_100_000));
            while Instant::now() < deadline {
                let sent = client
                    .post(format!("{base}/en/report"))
                    .header("content-type", "application/x-www-form-urlencoded")
                    .header("sec-fetch-site", "same-origin")
                    .body(body.clone())
                    .send()
                    .await;
                match sent.map(|r| r.status().as_u16()) {
                    Ok(413) => refused.fetch_add(1, Ordering::Relaxed),
                    _ => other.fetch_add(1, Ordering::Relaxed),
                };
            }
        }));
    }

    // The legitimate reporter: one submission every two seconds, timed end to end (form + POST).
    let legitimate = reqwest::Client::new();
    let mut latencies = Vec::new();
    let mut legitimate_failures = 0;
    tokio::time::sleep(Duration::from_secs(2)).await;
    while Instant::now() + Duration::from_secs(2) < deadline {
        let started = Instant::now();
        match submit(
            &legitimate,
            &base,
            "legitimate: a man followed me home from the protest",
        )
        .await
        {
            Some(_) => {
                latencies.push(started.elapsed().as_secs_f64() * 1000.0);
                acknowledged.fetch_add(1, Ordering::Relaxed);
            }
            None => legitimate_failures += 1,
        }
        tokio::time::sleep(Duration::from_secs(2).saturating_sub(started.elapsed())).await;
    }
    for task in tasks {
        task.await?;
    }
    let elapsed = options.load_seconds as f64;
    let peak_mib = rss_kib(server.child.id(), "VmHWM:") as f64 / 1024.0;

    // Nothing acknowledged is lost: the caseworker's inbox holds at least as many reports.
    let token = reqwest::Client::new()
        .post(format!("{base}/api/v1/staff/session"))
        .json(&serde_json::json!({"username": "bench", "password": PASSWORD}))
        .send()
        .await?
        .json::<serde_json::Value>()
        .await?["token"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let mut stored = 0usize;
    let mut cursor: Option<String> = None;
    loop {
        let url = match &cursor {
            Some(c) => format!("{base}/api/v1/reports?limit=200&cursor={c}"),
            None => format!("{base}/api/v1/reports?limit=200"),
        };
        let page: serde_json::Value = reqwest::Client::new()
            .get(url)
            .bearer_auth(&token)
            .send()
            .await?
            .json()
            .await?;
        stored += page["reports"].as_array().map(Vec::len).unwrap_or(0);
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
    }
    let acknowledged = acknowledged.load(Ordering::Relaxed);
    if stored < acknowledged {
        bail!("{acknowledged} acknowledged but only {stored} stored");
    }

    latencies.sort_by(f64::total_cmp);
    let flood_rate = (acknowledged - latencies.len()) as f64 / elapsed;
    let md = format!(
        "# Load: a flood and a legitimate reporter\n\n\
         {seconds} s against the release binary (production settings, SQLite) on loopback: {FLOOD_WORKERS} workers \
         submitting reports as fast as they can, {HEAVY_WORKERS} workers sending ~1.1 MB bodies (refused with 413), \
         and one legitimate reporter loading the form and submitting every 2 s (timed end to end).\n\n\
         | measure | value |\n|---|---:|\n\
         | flood submissions acknowledged | {flood} ({flood_rate:.1}/s) |\n\
         | flood failures | {flood_failures} |\n\
         | oversized bodies refused with 413 / other answers | {heavy_refused} / {heavy_other} |\n\
         | legitimate submissions | {legit} |\n\
         | legitimate p50 / p99 (form + submit) | {p50:.0} ms / {p99:.0} ms |\n\
         | legitimate failures | {legitimate_failures} |\n\
         | peak RSS | {peak_mib:.1} MiB |\n\
         | acknowledged / stored (caseworker inbox) | {acknowledged} / {stored} |\n\n\
         Memory bound (docs/security-model.md): 128 concurrent requests × 1 MiB bodies + 2 × 8 MiB Argon2 + baseline.\n",
        seconds = options.load_seconds,
        flood = acknowledged - latencies.len(),
        flood_failures = flood_failures.load(Ordering::Relaxed),
        heavy_refused = heavy_refused.load(Ordering::Relaxed),
        heavy_other = heavy_other.load(Ordering::Relaxed),
        legit = latencies.len(),
        p50 = percentile(&latencies, 50.0),
        p99 = percentile(&latencies, 99.0),
    );
    if let Some(parent) = options.load_out.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(&options.load_out, &md)?;
    println!("{md}");
    drop(server);
    Ok(())
}
