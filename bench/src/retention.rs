//! Two-factor sign-in and retention (issue 10), on the real release binary:
//!
//! - sign-in with the production Argon2 cost: through the API without a second factor, and on
//!   the web with one (the password step, then the code step that completes the challenge);
//! - `refuge purge` over 10,000 reports past the rules: how long the dry run and the purge take,
//!   the purge's peak memory, and the database files before and after.
//!
//! The binary has no clock to turn, so after the reports arrive the benchmark ages them by 400
//! days in the database (Python's sqlite3, with the server stopped) and runs the purge with
//! `retention.any_days = 365`.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use refuge_crypto::otp::OtpSecret;
use serde_json::json;

use crate::{Options, PASSWORD, add_caseworker, database_bytes, percentile, rss_kib, start};

/// Accounts signed in once each (a code is taken once; each needs its own).
const ACCOUNTS: usize = 12;

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

fn ms(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1_000.0
}

fn summary(values: &mut [f64]) -> (f64, f64) {
    values.sort_by(f64::total_cmp);
    (percentile(values, 50.0), percentile(values, 90.0))
}

/// Runs `refuge purge` and returns (seconds, peak resident KiB, its standard output).
fn purge(
    binary: &std::path::Path,
    data: &std::path::Path,
    dry_run: bool,
) -> Result<(f64, u64, String)> {
    let mut command = Command::new(binary);
    command.arg("purge");
    if dry_run {
        command.arg("--dry-run");
    }
    // Into a file, not a pipe: the dry run lists 10,000 lines, and a pipe nobody reads while
    // the child is watched would fill and stop it.
    let listing = tempfile::NamedTempFile::new()?;
    let started = Instant::now();
    let mut child = command
        .arg("--data-dir")
        .arg(data)
        .env("REFUGE_RETENTION__ANY_DAYS", "365")
        .stdout(listing.reopen()?)
        .stderr(Stdio::null())
        .spawn()?;
    let pid = child.id();
    let mut peak = 0;
    loop {
        peak = peak.max(rss_kib(pid, "VmHWM:"));
        if child.try_wait()?.is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let seconds = started.elapsed().as_secs_f64();
    if !child.wait()?.success() {
        bail!("refuge purge failed");
    }
    Ok((seconds, peak, std::fs::read_to_string(listing.path())?))
}

pub(crate) async fn run(options: &Options) -> Result<()> {
    let (mut server, _) = start(&options.binary, &[])?;
    let base = server.base.clone();
    let data = server.data_dir().to_owned();
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(300))
        .redirect(reqwest::redirect::Policy::none())
        .build()?;

    // Sign-in, without and with a second factor.
    let names: Vec<String> = (0..ACCOUNTS).map(|n| format!("worker{n}")).collect();
    eprintln!("adding {ACCOUNTS} accounts");
    for name in &names {
        add_caseworker(&options.binary, &data, name)?;
    }
    eprintln!("enrolling them");
    let mut plain = Vec::new();
    let mut secrets = Vec::new();
    for name in &names {
        let started = Instant::now();
        let answer = client
            .post(format!("{base}/api/v1/staff/session"))
            .json(&json!({"username": name, "password": PASSWORD}))
            .send()
            .await?;
        plain.push(ms(started));
        let token = answer.json::<serde_json::Value>().await?["token"]
            .as_str()
            .context("token")?
            .to_owned();
        let enrolled: serde_json::Value = client
            .post(format!("{base}/api/v1/staff/totp"))
            .bearer_auth(&token)
            .send()
            .await?
            .json()
            .await?;
        let secret = OtpSecret::from_base32(enrolled["secret"].as_str().context("secret")?)?;
        let confirmed = client
            .post(format!("{base}/api/v1/staff/totp/confirm"))
            .bearer_auth(&token)
            .json(&json!({"code": secret.time_code(unix_now())}))
            .send()
            .await?;
        if !confirmed.status().is_success() {
            bail!("confirm: {}", confirmed.status());
        }
        secrets.push(secret);
    }
    eprintln!("signing in with codes");
    // The codes that confirmed enrolment are taken: wait for the next time step.
    let next_step = (unix_now() / 30 + 1) * 30;
    tokio::time::sleep(Duration::from_secs(
        (next_step - unix_now()).max(0) as u64 + 1,
    ))
    .await;
    let (mut password_step, mut code_step) = (Vec::new(), Vec::new());
    for (name, secret) in names.iter().zip(&secrets) {
        let started = Instant::now();
        let page = client
            .post(format!("{base}/en/staff/login"))
            .header("sec-fetch-site", "same-origin")
            .form(&[("username", name.as_str()), ("password", PASSWORD)])
            .send()
            .await?;
        let challenge = page
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.contains("refuge_challenge="))
            .and_then(|v| v.split(';').next())
            .context("challenge cookie")?
            .to_owned();
        page.text().await?;
        password_step.push(ms(started));
        let started = Instant::now();
        let done = client
            .post(format!("{base}/en/staff/login/code"))
            .header("sec-fetch-site", "same-origin")
            .header("cookie", &challenge)
            .form(&[("code", secret.time_code(unix_now()))])
            .send()
            .await?;
        code_step.push(ms(started));
        if done.status() != reqwest::StatusCode::SEE_OTHER {
            bail!("code step: {}", done.status());
        }
    }

    // Retention over 10,000 reports.
    eprintln!("sending 10,000 reports");
    let seeding = Instant::now();
    crate::inbox::seed(&client, &base).await?;
    let seeding_seconds = seeding.elapsed().as_secs_f64();
    // Stopped, its data directory kept (it goes with `server` at the end).
    server.child.kill()?;
    server.child.wait()?;
    let before = database_bytes(&data)?;
    let aged = Command::new("python3")
        .arg("-c")
        .arg(
            "import sqlite3, sys\n\
             db = sqlite3.connect(sys.argv[1])\n\
             db.execute('UPDATE reports SET received_day = received_day - 400, status_day = status_day - 400')\n\
             db.commit()",
        )
        .arg(data.join("refuge.sqlite3"))
        .status()?;
    if !aged.success() {
        bail!("ageing the reports failed");
    }
    eprintln!("purging");
    let (dry_seconds, dry_peak, dry_out) = purge(&options.binary, &data, true)?;
    let listed = dry_out
        .lines()
        .last()
        .and_then(|l| l.split_whitespace().next())
        .unwrap_or("?")
        .to_owned();
    let (purge_seconds, purge_peak, purge_out) = purge(&options.binary, &data, false)?;
    let deleted: f64 = purge_out
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0.0);
    let after = database_bytes(&data)?;
    drop(server);

    let (plain_p50, plain_p90) = summary(&mut plain);
    let (password_p50, password_p90) = summary(&mut password_step);
    let (code_p50, code_p90) = summary(&mut code_step);
    let mib = |bytes: u64| bytes as f64 / 1_048_576.0;
    let report = format!(
        "# Two-factor sign-in and retention (issue 10)\n\n\
         Release binary, SQLite, loopback, this 2-core machine, the production Argon2 cost \
         (64 MiB, 3 passes). Milliseconds for the whole HTTP request.\n\n\
         ## Sign-in ({ACCOUNTS} accounts, one sign-in each: a code is taken once)\n\n\
         | step | p50 ms | p90 ms |\n|---|---:|---:|\n\
         | API sign-in, no second factor | {plain_p50:.1} | {plain_p90:.1} |\n\
         | web, password step (opens the challenge) | {password_p50:.1} | {password_p90:.1} |\n\
         | web, code step (completes it into a session) | {code_p50:.1} | {code_p90:.1} |\n\n\
         The second factor adds the code step; the password step costs what a sign-in without \
         one costs (the Argon2 derivation).\n\n\
         ## `refuge purge` over 10,000 reports past `retention.any_days`\n\n\
         10000 reports sent through the API in {seeding_seconds:.0} s (narratives of 1–3 KB in six \
         languages), then aged by 400 days in the database with the server stopped.\n\n\
         | run | seconds | peak resident MiB | result |\n|---|---:|---:|---|\n\
         | `refuge purge --dry-run` | {dry_seconds:.2} | {:.1} | {listed} listed |\n\
         | `refuge purge` | {purge_seconds:.2} | {:.1} | {deleted:.0} deleted ({:.0} reports/s) |\n\n\
         Database files: {:.1} MiB before, {:.1} MiB after (SQLite keeps the freed pages, zeroed, \
         for reuse; the write-ahead log is truncated).\n",
        dry_peak as f64 / 1_024.0,
        purge_peak as f64 / 1_024.0,
        deleted / purge_seconds,
        mib(before),
        mib(after),
    );
    std::fs::write(&options.retention_out, &report)?;
    println!("{report}");
    Ok(())
}
