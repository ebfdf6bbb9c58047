//! Outgrowing one machine (issue 13), measured over real HTTP against the real binary:
//! - intake with a file per report through Debian's HAProxy to one and to three `refuge serve`
//!   on one PostgreSQL (throughput, p50 and p99), and the same on SQLite without a balancer;
//! - `refuge backup` and `refuge restore` of 10,000 reports with files: time and size, from
//!   SQLite into SQLite and into PostgreSQL.
//!
//! PostgreSQL: `--postgres-url` (a role that may create schemas); each run gets a new schema.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::{Options, PASSWORD, add_caseworker, free_port, percentile, rss_kib};

const WORKERS: usize = 16;
pub(crate) const FILE_BYTES: usize = 20 * 1024;

/// A schema of its own on the benchmark's PostgreSQL, dropped at the end.
pub(crate) struct Schema {
    admin: String,
    name: String,
}

impl Schema {
    pub(crate) fn create(admin: &str, label: &str) -> Result<Schema> {
        let name = format!("refuge_bench_{label}_{}", std::process::id());
        psql(
            admin,
            &format!("DROP SCHEMA IF EXISTS {name} CASCADE; CREATE SCHEMA {name}"),
        )?;
        Ok(Schema {
            admin: admin.to_owned(),
            name,
        })
    }

    pub(crate) fn url(&self) -> String {
        let separator = if self.admin.contains('?') { '&' } else { '?' };
        format!(
            "{}{separator}options=-c%20search_path%3D{}",
            self.admin, self.name
        )
    }
}

impl Drop for Schema {
    fn drop(&mut self) {
        let _ = psql(
            &self.admin,
            &format!("DROP SCHEMA IF EXISTS {} CASCADE", self.name),
        );
    }
}

fn psql(url: &str, sql: &str) -> Result<()> {
    let status = Command::new("psql")
        .args([url, "-q", "-v", "ON_ERROR_STOP=1", "-c", sql])
        .stdout(Stdio::null())
        .status()
        .context("psql (Debian package postgresql-client)")?;
    if !status.success() {
        bail!("psql failed: {sql}");
    }
    Ok(())
}

pub(crate) struct Process(pub(crate) Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub(crate) fn wait_for(port: u16) -> Result<()> {
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if started.elapsed() > Duration::from_secs(30) {
            bail!("nothing answered on port {port}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Ok(())
}

/// `refuge serve` on a free port with the benchmark's intake limits off, plus `env`
/// (configuration); answers once it listens.
pub(crate) fn serve(
    binary: &Path,
    data: &Path,
    database_url: &str,
    env: &[(&str, String)],
) -> Result<(Process, u16)> {
    let port = free_port()?;
    let mut command = crate::serve_command(binary, data, port, env);
    if !database_url.is_empty() {
        command.args(["--database-url", database_url]);
    }
    let child = Process(command.spawn()?);
    wait_for(port)?;
    Ok((child, port))
}

fn haproxy(ports: &[u16], dir: &Path) -> Result<(Process, u16)> {
    let servers: String = ports
        .iter()
        .enumerate()
        .map(|(i, p)| format!("  server app{i} 127.0.0.1:{p} check\n"))
        .collect();
    haproxy_with(dir, |port| {
        format!(
            "global\n  maxconn 1024\n\
             defaults\n  mode http\n  timeout connect 2s\n  timeout client 60s\n  timeout server 60s\n  retry-on conn-failure\n\
             frontend web\n  bind 127.0.0.1:{port}\n  default_backend refuge\n\
             backend refuge\n  balance roundrobin\n  option httpchk GET /healthz\n{servers}"
        )
    })
}

/// HAProxy with the configuration `config` makes for its listening port, in `dir`.
pub(crate) fn haproxy_with(
    dir: &Path,
    config: impl FnOnce(u16) -> String,
) -> Result<(Process, u16)> {
    let port = free_port()?;
    let config = config(port);
    let path = dir.join("haproxy.cfg");
    std::fs::write(&path, config)?;
    let child = Process(
        Command::new("haproxy")
            .args(["-db", "-f"])
            .arg(&path)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("haproxy (Debian package haproxy)")?,
    );
    wait_for(port)?;
    Ok((child, port))
}

/// Sends one report with a PDF-looking file of `FILE_BYTES` to the intake API; whether it was
/// acknowledged (201).
pub(crate) async fn send_report_with_file(
    client: &reqwest::Client,
    base: &str,
    label: &str,
) -> bool {
    let file: Vec<u8> = format!("%PDF-1.4 report {label} ")
        .into_bytes()
        .into_iter()
        .chain(std::iter::repeat_n(b'x', FILE_BYTES))
        .collect();
    let form = reqwest::multipart::Form::new()
        .text(
            "report",
            serde_json::json!({"narrative": format!("benchmark report {label}: a man called my sister")})
                .to_string(),
        )
        .part(
            "file",
            reqwest::multipart::Part::bytes(file).file_name("letter.pdf"),
        );
    client
        .post(format!("{base}/api/v1/reports"))
        .multipart(form)
        .send()
        .await
        .is_ok_and(|r| r.status().as_u16() == 201)
}

/// Reports with one file each, by `WORKERS` clients, for `seconds` (or `count` reports):
/// latencies of the acknowledged ones (ms) and the failures.
pub(crate) async fn intake(
    base: &str,
    seconds: u64,
    count: Option<usize>,
) -> Result<(Vec<f64>, usize, f64)> {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(WORKERS)
        .build()?;
    let latencies = Arc::new(Mutex::new(Vec::new()));
    let failures = Arc::new(Mutex::new(0usize));
    let sent = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let started = Instant::now();
    let until = started + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for worker in 0..WORKERS {
        let (client, base) = (client.clone(), base.to_owned());
        let (latencies, failures, sent) = (latencies.clone(), failures.clone(), sent.clone());
        tasks.push(tokio::spawn(async move {
            loop {
                let n = sent.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if count.map_or(Instant::now() >= until, |c| n >= c) {
                    break;
                }
                let begun = Instant::now();
                let ok = send_report_with_file(&client, &base, &format!("{worker}-{n}")).await;
                if ok {
                    latencies
                        .lock()
                        .expect("lock")
                        .push(begun.elapsed().as_secs_f64() * 1000.0);
                } else {
                    *failures.lock().expect("lock") += 1;
                }
            }
        }));
    }
    for task in tasks {
        task.await?;
    }
    let elapsed = started.elapsed().as_secs_f64();
    let mut latencies = latencies.lock().expect("lock").clone();
    latencies.sort_by(f64::total_cmp);
    let failures = *failures.lock().expect("lock");
    Ok((latencies, failures, elapsed))
}

struct Row {
    label: String,
    reports: usize,
    failures: usize,
    per_second: f64,
    p50: f64,
    p99: f64,
    peak_rss_mib: f64,
}

async fn through_servers(options: &Options, servers: usize, postgres: &str) -> Result<Row> {
    let schema = Schema::create(postgres, &format!("s{servers}"))?;
    let url = schema.url();
    let dirs: Vec<tempfile::TempDir> = (0..servers)
        .map(|_| tempfile::tempdir())
        .collect::<std::io::Result<_>>()?;
    crate::add_user_at(&options.binary, dirs[0].path(), &url, "bench", "caseworker")?;
    let mut processes = Vec::new();
    let mut ports = Vec::new();
    for dir in &dirs {
        let (process, port) = serve(&options.binary, dir.path(), &url, &[])?;
        processes.push(process);
        ports.push(port);
    }
    let balancer_dir = tempfile::tempdir()?;
    let (_balancer, port) = haproxy(&ports, balancer_dir.path())?;
    let base = format!("http://127.0.0.1:{port}");
    // Warm up, then measure.
    intake(&base, 2, None).await?;
    let (latencies, failures, elapsed) = intake(&base, options.seconds, None).await?;
    let peak: f64 = processes
        .iter()
        .map(|p| rss_kib(p.0.id(), "VmHWM:") as f64 / 1024.0)
        .fold(0.0, f64::max);
    let row = Row {
        label: format!(
            "{servers} app server{} on PostgreSQL, through HAProxy",
            if servers == 1 { "" } else { "s" }
        ),
        reports: latencies.len(),
        failures,
        per_second: latencies.len() as f64 / elapsed,
        p50: percentile(&latencies, 50.0),
        p99: percentile(&latencies, 99.0),
        peak_rss_mib: peak,
    };
    eprintln!(
        "{}: {} reports, {:.1}/s, p50 {:.1} ms, p99 {:.1} ms, {} failures",
        row.label, row.reports, row.per_second, row.p50, row.p99, row.failures
    );
    drop(processes);
    Ok(row)
}

pub(crate) fn timed_command(binary: &Path, args: &[&str], stdin: &str) -> Result<f64> {
    use std::io::Write;
    let started = Instant::now();
    let mut child = Command::new(binary)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()?;
    child
        .stdin
        .take()
        .context("stdin")?
        .write_all(stdin.as_bytes())?;
    let output = child.wait_with_output()?;
    if !output.status.success() {
        bail!(
            "refuge {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(started.elapsed().as_secs_f64())
}

pub async fn run(options: &Options) -> Result<()> {
    let postgres = options.postgres_url.clone();
    let mut rows = Vec::new();
    for servers in [1, 3] {
        rows.push(through_servers(options, servers, &postgres).await?);
    }

    // 10,000 reports with files on SQLite, then backup and restore.
    let data = tempfile::tempdir()?;
    add_caseworker(&options.binary, data.path(), "bench")?;
    let (_, recovery_out) = {
        let output = Command::new(&options.binary)
            .args(["recovery-key", "new", "--data-dir"])
            .arg(data.path())
            .output()?;
        if !output.status.success() {
            bail!("recovery-key new failed");
        }
        (
            (),
            String::from_utf8_lossy(&output.stdout).trim().to_owned(),
        )
    };
    let (server, port) = serve(&options.binary, data.path(), "", &[])?;
    let seeding = Instant::now();
    let (seeded, seed_failures, _) = intake(
        &format!("http://127.0.0.1:{port}"),
        3_600,
        Some(options.backup_reports),
    )
    .await?;
    let seed_seconds = seeding.elapsed().as_secs_f64();
    eprintln!(
        "seeded {} reports with a {} KiB file each in {seed_seconds:.0} s ({seed_failures} failures)",
        seeded.len(),
        FILE_BYTES / 1024
    );
    let database_bytes = crate::database_bytes(data.path())?;
    let out = tempfile::tempdir()?;
    let backup = out.path().join("refuge.age");
    // While the server runs.
    let backup_seconds = timed_command(
        &options.binary,
        &[
            "backup",
            "--out",
            backup.to_str().context("path")?,
            "--data-dir",
            data.path().to_str().context("path")?,
        ],
        "",
    )?;
    drop(server);
    let backup_bytes = std::fs::metadata(&backup)?.len();
    let restored = tempfile::tempdir()?;
    // Into SQLite (no URL), then into a new PostgreSQL schema; the identity on standard input.
    let identity = format!("{recovery_out}\n");
    let restore = |extra: &[&str]| -> Result<f64> {
        let mut args = vec![
            "restore",
            "--from",
            backup.to_str().context("path")?,
            "--data-dir",
            restored.path().to_str().context("path")?,
        ];
        args.extend_from_slice(extra);
        timed_command(&options.binary, &args, &identity)
    };
    let restore_sqlite_seconds = restore(&[])?;
    let schema = Schema::create(&postgres, "restore")?;
    let restore_postgres_seconds = restore(&["--database-url", &schema.url()])?;
    drop(schema);
    eprintln!(
        "backup {backup_seconds:.1} s, {:.1} MiB; restore into SQLite {restore_sqlite_seconds:.1} s, into PostgreSQL {restore_postgres_seconds:.1} s",
        backup_bytes as f64 / 1_048_576.0
    );

    let mut report = String::from("# Outgrowing one machine (issue 13)\n\n");
    report.push_str(&format!(
        "Release binary, loopback, this 2-core machine (the three app servers, HAProxy, PostgreSQL and the {WORKERS} load clients share both cores). Each report carries one file of {} KiB, sent to `POST /api/v1/reports` (multipart); {} s per run after 2 s of warm-up.\n\n",
        FILE_BYTES / 1024,
        options.seconds
    ));
    report.push_str("## One and three app servers\n\n| setup | reports | per second | p50 ms | p99 ms | failures | peak RSS per server MiB |\n|---|---:|---:|---:|---:|---:|---:|\n");
    for row in &rows {
        report.push_str(&format!(
            "| {} | {} | {:.1} | {:.1} | {:.1} | {} | {:.1} |\n",
            row.label,
            row.reports,
            row.per_second,
            row.p50,
            row.p99,
            row.failures,
            row.peak_rss_mib
        ));
    }
    if let [one, three] = rows.as_slice() {
        report.push_str(&format!(
            "\nThree servers against one: throughput ×{:.2}, p50 ×{:.2}, p99 ×{:.2}.\n",
            three.per_second / one.per_second,
            three.p50 / one.p50,
            three.p99 / one.p99
        ));
    }
    report.push_str(&format!(
        "\n## Backup and restore of {} reports with files\n\n| what | figure |\n|---|---:|\n| reports seeded (SQLite, one server) | {} in {seed_seconds:.0} s |\n| database files | {:.1} MiB |\n| `refuge backup` while the server runs | {backup_seconds:.1} s |\n| backup file (age) | {:.1} MiB |\n| `refuge restore` into a new SQLite directory | {restore_sqlite_seconds:.1} s |\n| `refuge restore` into a new PostgreSQL schema | {restore_postgres_seconds:.1} s |\n",
        options.backup_reports,
        seeded.len(),
        database_bytes as f64 / 1_048_576.0,
        backup_bytes as f64 / 1_048_576.0,
    ));
    std::fs::write(&options.scale_out, report)?;
    eprintln!("wrote {}", options.scale_out.display());
    let _ = PASSWORD;
    Ok(())
}
