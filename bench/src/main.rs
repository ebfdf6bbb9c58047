//! Intake benchmark: starts the real `refuge` binary on loopback with a fresh data directory and
//! measures, over real HTTP, what issue #2 names: start-up time, idle and peak RSS, page weight
//! with subresources, and form submissions at concurrency 1, 8 and 32 (p50/p99 latency,
//! submissions per second, failures), with the production Argon2 cost and with 128 MiB, t=16.
//! Each configuration runs several times; the report quotes medians.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use clap::Parser;

mod bucket;
mod correlation;
mod evidence;
mod failover;
mod inbox;
mod load;
mod public;
mod retention;
mod scale;
mod timing;

#[derive(Parser)]
struct Options {
    /// The refuge binary to measure (build it with `cargo build --release -p refuge`).
    #[arg(long, default_value = "target/release/refuge")]
    binary: PathBuf,
    /// Where to write the results (Markdown; a JSON twin is written beside it).
    #[arg(long, default_value = "bench/results/intake.md")]
    out: PathBuf,
    /// Runs per configuration (medians are reported).
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// Seconds per submission run.
    #[arg(long, default_value_t = 8)]
    seconds: u64,
    /// Only the production cost at concurrency 8 (for quick comparisons; writes nothing).
    #[arg(long)]
    quick: bool,
    /// Run the load scenario instead: a flood plus a legitimate reporter (writes `--load-out`).
    #[arg(long)]
    load: bool,
    #[arg(long, default_value = "bench/results/load.md")]
    load_out: PathBuf,
    /// Run the sign-in timing comparison instead (writes `--timing-out`).
    #[arg(long)]
    timing: bool,
    #[arg(long, default_value = "bench/results/timing.md")]
    timing_out: PathBuf,
    /// Run the evidence-file and follow-up measurements instead (writes `--evidence-out` and
    /// `--followup-out`).
    #[arg(long)]
    evidence: bool,
    #[arg(long, default_value = "bench/results/evidence.md")]
    evidence_out: PathBuf,
    #[arg(long, default_value = "bench/results/followup.md")]
    followup_out: PathBuf,
    /// Run the searchable-inbox measurements instead (10,000 reports; writes `--inbox-out`).
    #[arg(long)]
    inbox: bool,
    #[arg(long, default_value = "bench/results/inbox-search.md")]
    inbox_out: PathBuf,
    /// Run the two-factor sign-in and retention measurements instead (writes `--retention-out`).
    #[arg(long)]
    retention: bool,
    #[arg(long, default_value = "bench/results/two-factor-retention.md")]
    retention_out: PathBuf,
    /// Run the correlation measurements instead (10,000 reports; writes `--correlation-out`).
    #[arg(long)]
    correlation: bool,
    #[arg(long, default_value = "bench/results/correlation.md")]
    correlation_out: PathBuf,
    /// Run the public registry and statistics measurements instead (100,000 reports; writes
    /// `--public-out`).
    #[arg(long)]
    public: bool,
    #[arg(long, default_value = "bench/results/public.md")]
    public_out: PathBuf,
    /// Run the scale-out measurements instead: one and three app servers on PostgreSQL behind
    /// HAProxy, and backup and restore of `--backup-reports` reports (writes `--scale-out`).
    #[arg(long)]
    scale: bool,
    #[arg(long, default_value = "bench/results/scale-out.md")]
    scale_out: PathBuf,
    /// PostgreSQL for the scale-out measurements (a role that may create schemas).
    #[arg(
        long,
        default_value = "postgres://refuge_test:refuge_test@127.0.0.1:5432/refuge_test"
    )]
    postgres_url: String,
    #[arg(long, default_value_t = 10_000)]
    backup_reports: usize,
    /// Run the bucket measurements instead: intake while a day's files move to an S3 bucket,
    /// the move, and a backup reading them back (writes `--bucket-out`).
    #[arg(long)]
    bucket: bool,
    /// Run the failover measurement instead: intake while the PostgreSQL primary is killed and
    /// its synchronous standby promoted, three runs (writes `--failover-out`; needs root, for
    /// `runuser -u postgres`).
    #[arg(long)]
    failover: bool,
    #[arg(long, default_value = "bench/results/failover.md")]
    failover_out: PathBuf,
    #[arg(long, default_value = "bench/results/bucket.md")]
    bucket_out: PathBuf,
    /// The S3 server for `--bucket`: http://KEY:SECRET@HOST:PORT/BUCKET (scripts/seaweedfs
    /// start prints one).
    #[arg(long)]
    s3_url: Option<String>,
    /// Seconds of flood in the load scenario.
    #[arg(long, default_value_t = 60)]
    load_seconds: u64,
}

pub(crate) const PASSWORD: &str = "benchmark password 1";

pub(crate) struct Server {
    pub(crate) child: Child,
    pub(crate) base: String,
    _data: tempfile::TempDir,
}

impl Server {
    pub(crate) fn data_dir(&self) -> &Path {
        self._data.path()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(crate) fn free_port() -> Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

/// Sends reports `0..count` (each `report(n)`, JSON) to the intake API from `senders` clients
/// at once; any answer but 201 stops with it.
pub(crate) async fn send_reports(
    client: &reqwest::Client,
    base: &str,
    count: usize,
    senders: usize,
    report: fn(usize) -> serde_json::Value,
) -> Result<()> {
    let base = Arc::new(base.to_owned());
    let mut tasks = Vec::new();
    for sender in 0..senders {
        let (client, base) = (client.clone(), base.clone());
        tasks.push(tokio::spawn(async move {
            for n in (sender..count).step_by(senders) {
                let answer = client
                    .post(format!("{base}/api/v1/reports"))
                    .json(&report(n))
                    .send()
                    .await?;
                if answer.status() != reqwest::StatusCode::CREATED {
                    bail!("report {n}: {} {}", answer.status(), answer.text().await?);
                }
            }
            Ok::<_, anyhow::Error>(())
        }));
    }
    for task in tasks {
        task.await??;
    }
    Ok(())
}

/// Adds a caseworker `username` with the benchmark's password, through the real CLI.
pub(crate) fn add_caseworker(binary: &Path, data: &Path, username: &str) -> Result<()> {
    add_user(binary, data, username, "caseworker")
}

/// Adds `username` with `role` and the benchmark's password, through the real CLI.
pub(crate) fn add_user(binary: &Path, data: &Path, username: &str, role: &str) -> Result<()> {
    add_user_at(binary, data, "", username, role)
}

/// The same on the database `database_url` (empty: SQLite in `data`).
pub(crate) fn add_user_at(
    binary: &Path,
    data: &Path,
    database_url: &str,
    username: &str,
    role: &str,
) -> Result<()> {
    use std::io::Write;
    let mut command = Command::new(binary);
    command
        .args(["user", "add", "--username", username])
        .args(["--role", role, "--password-stdin", "--data-dir"])
        .arg(data);
    if !database_url.is_empty() {
        command.args(["--database-url", database_url]);
    }
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()?;
    child
        .stdin
        .take()
        .context("stdin")?
        .write_all(format!("{PASSWORD}\n").as_bytes())?;
    if !child.wait()?.success() {
        bail!("user add {username} failed");
    }
    Ok(())
}

/// Signs `username` in on the HTML sign-in page as a browser does (cookies by hand: the
/// pre-session cookie of the page, then the session cookie); returns the session cookie.
pub(crate) async fn staff_cookie(
    client: &reqwest::Client,
    base: &str,
    username: &str,
) -> Result<String> {
    let cookies = |response: &reqwest::Response| -> Vec<String> {
        response
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .filter_map(|v| v.split(';').next())
            .map(str::to_owned)
            .collect()
    };
    let login = client.get(format!("{base}/en/staff/login")).send().await?;
    let pre_cookies = cookies(&login);
    let login = login.text().await?;
    let pre = extract(&login, r#"name="pre_session" value=""#, "\"")
        .unwrap_or_default()
        .to_owned();
    let signed_in = client
        .post(format!("{base}/en/staff/login"))
        .header("sec-fetch-site", "same-origin")
        .header("cookie", pre_cookies.join("; "))
        .form(&[
            ("pre_session", pre.as_str()),
            ("username", username),
            ("password", PASSWORD),
        ])
        .send()
        .await?;
    cookies(&signed_in)
        .into_iter()
        .find(|c| c.contains("refuge_staff="))
        .context("a staff session cookie")
}

/// `refuge serve` on `port` with `data`, its output discarded, plus `env` (configuration).
pub(crate) fn serve_command(
    binary: &Path,
    data: &Path,
    port: u16,
    env: &[(&str, String)],
) -> Command {
    let mut command = Command::new(binary);
    command
        .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
        .arg("--data-dir")
        .arg(data)
        // The benchmarks measure the intake path itself: an intake budget would turn most of
        // their load into "try again later" pages, and they send no proof of work.
        .envs([
            ("REFUGE_INTAKE__REPORTS_PER_HOUR", "0"),
            ("REFUGE_INTAKE__ATTEMPTS_PER_FORM", "0"),
            ("REFUGE_INTAKE__API_PROOF_OF_WORK_BITS", "0"),
        ])
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

/// Starts the server and returns it with the time from spawn to the first answered request.
pub(crate) fn start(binary: &Path, env: &[(&str, String)]) -> Result<(Server, Duration)> {
    let data = tempfile::tempdir()?;
    add_caseworker(binary, data.path(), "bench")?;
    let port = free_port()?;
    let started = Instant::now();
    let child = serve_command(binary, data.path(), port, env).spawn()?;
    let server = Server {
        child,
        base: format!("http://127.0.0.1:{port}"),
        _data: data,
    };
    loop {
        if let Ok(mut stream) = std::net::TcpStream::connect(("127.0.0.1", port)) {
            use std::io::{Read, Write};
            stream.write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")?;
            let mut head = [0u8; 12];
            if stream.read_exact(&mut head).is_ok() && head.starts_with(b"HTTP/1.1 200") {
                return Ok((server, started.elapsed()));
            }
        }
        if started.elapsed() > Duration::from_secs(30) {
            bail!("server did not answer within 30 s");
        }
        std::thread::sleep(Duration::from_micros(500));
    }
}

/// Bytes of the SQLite database files (database, WAL, shared memory) in `dir`.
pub(crate) fn database_bytes(dir: &Path) -> Result<u64> {
    Ok(std::fs::read_dir(dir)?
        .filter_map(|entry| entry.ok())
        .filter(|entry| {
            entry
                .file_name()
                .to_string_lossy()
                .starts_with("refuge.sqlite3")
        })
        .filter_map(|entry| entry.metadata().ok())
        .map(|m| m.len())
        .sum())
}

pub(crate) fn rss_kib(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

pub(crate) fn extract<'a>(body: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = body.find(start)? + start.len();
    let to = body[from..].find(end)? + from;
    Some(&body[from..to])
}

/// Bytes of a page and every subresource it references (stylesheets, icons, images, scripts).
async fn page_weight(client: &reqwest::Client, base: &str, path: &str) -> Result<(usize, bool)> {
    let body = client
        .get(format!("{base}{path}"))
        .send()
        .await?
        .text()
        .await?;
    let mut total = body.len();
    let has_script = body.contains("<script");
    let mut rest = body.as_str();
    while let Some(index) = rest
        .find(" href=\"/static/")
        .or_else(|| rest.find(" src=\"/"))
    {
        let tail = &rest[index..];
        let url = extract(tail, "=\"", "\"").unwrap_or("");
        total += client
            .get(format!("{base}{url}"))
            .send()
            .await?
            .bytes()
            .await?
            .len();
        rest = &tail[1..];
    }
    Ok((total, has_script))
}

struct RunResult {
    latencies_ms: Vec<f64>,
    failures: usize,
    elapsed: Duration,
}

/// `concurrency` workers each loop: load the form (keeps its token), then submit it. Only the
/// submission is timed.
async fn submissions(base: &str, concurrency: usize, duration: Duration) -> Result<RunResult> {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(concurrency)
        .build()?;
    let base = Arc::new(base.to_owned());
    let deadline = Instant::now() + duration;
    let started = Instant::now();
    let mut workers = Vec::new();
    for worker in 0..concurrency {
        let (client, base) = (client.clone(), base.clone());
        workers.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut failures = 0usize;
            let narrative = format!(
                "Bench worker {worker}: they called my mother in Kashgar and said I must stop. ئۇلار ئانامغا تېلېفون قىلدى. 他们给我母亲打电话。 {}",
                "x".repeat(400 * (worker % 4))
            );
            while Instant::now() < deadline {
                let Ok(form) = client.get(format!("{base}/ug/report")).send().await else { failures += 1; continue };
                let Ok(form) = form.text().await else { failures += 1; continue };
                let Some(token) = extract(&form, "name=\"form_token\" value=\"", "\"").map(str::to_owned) else {
                    failures += 1;
                    continue;
                };
                let fields = [
                    ("form_token", token.as_str()),
                    ("tactics", "threat_online"),
                    ("tactics", "relatives_threatened"),
                    ("host_country", "CA"),
                    ("host_region", "ON"),
                    ("identifiers.0.kind", "phone"),
                    ("identifiers.0.value", "+86 138 0013 8000"),
                    ("narrative", narrative.as_str()),
                    ("action", "submit"),
                ];
                let sent = Instant::now();
                let response = client.post(format!("{base}/ug/report")).header("sec-fetch-site", "same-origin").form(&fields).send().await;
                let ok = match response {
                    Ok(response) if response.status() == 200 => {
                        response.text().await.map(|body| body.contains("id=\"receipt\"")).unwrap_or(false)
                    }
                    _ => false,
                };
                if ok {
                    latencies.push(sent.elapsed().as_secs_f64() * 1000.0);
                } else {
                    failures += 1;
                }
            }
            (latencies, failures)
        }));
    }
    let mut result = RunResult {
        latencies_ms: Vec::new(),
        failures: 0,
        elapsed: Duration::ZERO,
    };
    for worker in workers {
        let (latencies, failures) = worker.await?;
        result.latencies_ms.extend(latencies);
        result.failures += failures;
    }
    result.elapsed = started.elapsed();
    Ok(result)
}

pub(crate) fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * (sorted.len() as f64 - 1.0)).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    if values.is_empty() {
        f64::NAN
    } else {
        values[values.len() / 2]
    }
}

struct Summary {
    label: String,
    concurrency: usize,
    p50: f64,
    p99: f64,
    per_second: f64,
    failures: usize,
    submissions: usize,
    peak_rss_mib: f64,
}

async fn measure(
    options: &Options,
    label: &str,
    env: &[(&str, String)],
    concurrency: usize,
    seconds: u64,
) -> Result<Summary> {
    let (mut p50s, mut p99s, mut rates, mut peaks) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut failures, mut submissions) = (0, 0);
    for _ in 0..options.runs {
        let (server, _) = start(&options.binary, env)?;
        let run = submissions_run(&server, concurrency, seconds).await?;
        let mut sorted = run.latencies_ms.clone();
        sorted.sort_by(f64::total_cmp);
        p50s.push(percentile(&sorted, 50.0));
        p99s.push(percentile(&sorted, 99.0));
        rates.push(sorted.len() as f64 / run.elapsed.as_secs_f64());
        peaks.push(rss_kib(server.child.id(), "VmHWM:") as f64 / 1024.0);
        failures += run.failures;
        submissions += sorted.len();
    }
    let summary = Summary {
        label: label.to_owned(),
        concurrency,
        p50: median(&mut p50s),
        p99: median(&mut p99s),
        per_second: median(&mut rates),
        failures,
        submissions,
        peak_rss_mib: median(&mut peaks),
    };
    eprintln!(
        "{label} c={concurrency}: p50 {:.1} ms, p99 {:.1} ms, {:.1}/s, {} failures of {}, peak RSS {:.1} MiB",
        summary.p50,
        summary.p99,
        summary.per_second,
        summary.failures,
        summary.submissions + summary.failures,
        summary.peak_rss_mib
    );
    Ok(summary)
}

async fn submissions_run(server: &Server, concurrency: usize, seconds: u64) -> Result<RunResult> {
    submissions(&server.base, concurrency, Duration::from_secs(seconds)).await
}

#[tokio::main]
async fn main() -> Result<()> {
    // reqwest is built with rustls but without a provider (one crypto library in the tree,
    // ring; see refuge-store's bucket module): choose it before any client is built.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let options = Options::parse();
    if !options.binary.exists() {
        bail!(
            "{} not found: run `cargo build --release -p refuge` first",
            options.binary.display()
        );
    }
    let production: Vec<(&str, String)> = vec![];
    let like_for_like: Vec<(&str, String)> = vec![
        ("REFUGE_SECURITY__RECEIPT_MEMORY_KIB", "131072".into()),
        ("REFUGE_SECURITY__RECEIPT_ITERATIONS", "16".into()),
    ];

    if options.timing {
        return timing::run(&options).await;
    }
    if options.evidence {
        return evidence::run(&options).await;
    }
    if options.load {
        return load::run(&options).await;
    }
    if options.inbox {
        return inbox::run(&options).await;
    }
    if options.retention {
        return retention::run(&options).await;
    }
    if options.correlation {
        return correlation::run(&options).await;
    }
    if options.public {
        return public::run(&options).await;
    }
    if options.bucket {
        return bucket::run(&options).await;
    }
    if options.failover {
        return failover::run(&options).await;
    }
    if options.scale {
        return scale::run(&options).await;
    }
    if options.quick {
        measure(&options, "production", &production, 8, options.seconds).await?;
        return Ok(());
    }
    let mut startups = Vec::new();
    let mut idle_rss = Vec::new();
    let mut weights = Vec::new();
    for _ in 0..options.runs.max(5) {
        let (server, startup) = start(&options.binary, &production)?;
        startups.push(startup.as_secs_f64() * 1000.0);
        tokio::time::sleep(Duration::from_millis(300)).await;
        idle_rss.push(rss_kib(server.child.id(), "VmRSS:") as f64 / 1024.0);
        let client = reqwest::Client::new();
        weights.push((
            page_weight(&client, &server.base, "/ug/").await?,
            page_weight(&client, &server.base, "/ug/report").await?,
        ));
    }
    let startup_ms = median(&mut startups);
    let idle_mib = median(&mut idle_rss);
    let ((landing_bytes, landing_script), (form_bytes, form_script)) = weights[0];
    eprintln!(
        "start-up {startup_ms:.1} ms, idle RSS {idle_mib:.1} MiB, landing {landing_bytes} B, form {form_bytes} B"
    );

    let mut rows = Vec::new();
    for concurrency in [1, 8, 32] {
        rows.push(
            measure(
                &options,
                "production (receipt Argon2id 8 MiB, t=1)",
                &production,
                concurrency,
                options.seconds,
            )
            .await?,
        );
    }
    for concurrency in [1, 8] {
        rows.push(
            measure(
                &options,
                "like-for-like (receipt Argon2id 128 MiB, t=16)",
                &like_for_like,
                concurrency,
                options.seconds * 2,
            )
            .await?,
        );
    }

    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_owned())
        })
        .unwrap_or_default();
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(0);
    let mut md = String::new();
    md.push_str("# Intake benchmark\n\n");
    md.push_str(&format!(
        "Real HTTP on loopback against `{}` (release build), fresh data directory per run, one caseworker key, SQLite (WAL, synchronous=FULL). \
         {} runs per row, medians of the per-run figures; failures and submissions are totals. Machine: {cores} cores, {cpu}.\n\n",
        options.binary.display(),
        options.runs
    ));
    md.push_str("Each submission is a real form POST (Uyghur/Chinese/English narrative of 0.2–1.4 KB, two tactics, one identifier) after loading the form for its token; only the POST is timed. The receipt is read from the response.\n\n");
    md.push_str("| configuration | concurrency | p50 ms | p99 ms | submissions/s | failures | submissions | peak RSS MiB |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for row in &rows {
        md.push_str(&format!(
            "| {} | {} | {:.1} | {:.1} | {:.1} | {} | {} | {:.1} |\n",
            row.label,
            row.concurrency,
            row.p50,
            row.p99,
            row.per_second,
            row.failures,
            row.submissions,
            row.peak_rss_mib
        ));
    }
    md.push_str(&format!(
        "\n| measure | value |\n|---|---:|\n| start-up to first answered request (median of {n}) | {startup_ms:.1} ms |\n| idle RSS after start-up | {idle_mib:.1} MiB |\n| landing page `/ug/` with subresources | {landing_bytes} bytes{} |\n| report form `/ug/report` with subresources | {form_bytes} bytes{} |\n",
        if landing_script { " (has script!)" } else { ", no JavaScript" },
        if form_script { " (has script!)" } else { ", no JavaScript" },
        n = startups.len(),
    ));
    if let Some(parent) = options.out.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(&options.out, &md)?;
    let json = serde_json::json!({
        "startup_ms": startup_ms, "idle_rss_mib": idle_mib, "landing_bytes": landing_bytes, "form_bytes": form_bytes,
        "rows": rows.iter().map(|r| serde_json::json!({
            "configuration": r.label, "concurrency": r.concurrency, "p50_ms": r.p50, "p99_ms": r.p99,
            "per_second": r.per_second, "failures": r.failures, "submissions": r.submissions, "peak_rss_mib": r.peak_rss_mib
        })).collect::<Vec<_>>()
    });
    std::fs::write(
        options.out.with_extension("json"),
        serde_json::to_string_pretty(&json)?,
    )?;
    println!("{md}");
    Ok(())
}
