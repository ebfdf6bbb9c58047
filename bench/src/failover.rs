//! Intake through a PostgreSQL failover (issue 13), with the release binary: a primary and its
//! synchronous standby made here (initdb, pg_basebackup), Refuge reaching them through
//! Debian's HAProxy in TCP mode (the standby as backup). Reports with a file arrive from
//! `WORKERS` clients; the primary and all its processes are killed with SIGKILL and the standby
//! promoted. Measured per run: intake before, the window from the kill until the first report
//! sent after it is acknowledged, the requests that failed meanwhile, intake after; and that
//! every acknowledged report is on the new primary. Three runs (writes `--failover-out`).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::scale::{Process, haproxy_with, wait_for};
use crate::{Options, free_port, percentile};

const WORKERS: usize = 8;
const FILE_BYTES: usize = 20 * 1024;

fn postgres_bin(tool: &str) -> Result<PathBuf> {
    let mut versions: Vec<u32> = std::fs::read_dir("/usr/lib/postgresql")
        .context("PostgreSQL (Debian package postgresql)")?
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse().ok())
        .collect();
    versions.sort_unstable();
    let version = versions.last().context("no PostgreSQL version installed")?;
    Ok(PathBuf::from(format!(
        "/usr/lib/postgresql/{version}/bin/{tool}"
    )))
}

/// A PostgreSQL tool as the `postgres` user (the servers refuse to run as root).
fn as_postgres(tool: &str, args: &[&str]) -> Result<String> {
    let output = Command::new("runuser")
        .args(["-u", "postgres", "--"])
        .arg(postgres_bin(tool)?)
        .args(args)
        .output()
        .context("runuser")?;
    if !output.status.success() {
        bail!(
            "{tool} {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

fn append(path: &Path, text: &str) -> Result<()> {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new().append(true).open(path)?;
    file.write_all(text.as_bytes())?;
    Ok(())
}

/// The primary and its synchronous standby, in `dir` (owned by `postgres`).
struct Pair {
    dir: PathBuf,
    primary_port: u16,
    standby_port: u16,
}

impl Pair {
    fn start(dir: &Path) -> Result<Pair> {
        let (primary, standby) = (dir.join("primary"), dir.join("standby"));
        let (primary_port, standby_port) = (free_port()?, free_port()?);
        let primary_str = primary.to_str().context("path")?;
        as_postgres(
            "initdb",
            &[
                "-D",
                primary_str,
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
            ],
        )?;
        append(
            &primary.join("postgresql.conf"),
            &format!(
                "port = {primary_port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{}'\n\
                 wal_level = replica\nmax_wal_senders = 4\nsynchronous_commit = on\nfsync = on\n",
                dir.display()
            ),
        )?;
        let log = |name: &str| format!("{}/{name}.log", dir.display());
        as_postgres(
            "pg_ctl",
            &["-D", primary_str, "-l", &log("primary"), "-w", "start"],
        )?;
        let port = primary_port.to_string();
        as_postgres(
            "psql",
            &[
                "-h",
                "127.0.0.1",
                "-p",
                &port,
                "-U",
                "postgres",
                "-c",
                "CREATE DATABASE refuge",
            ],
        )?;
        let standby_str = standby.to_str().context("path")?;
        as_postgres(
            "pg_basebackup",
            &[
                "-h",
                "127.0.0.1",
                "-p",
                &port,
                "-U",
                "postgres",
                "-D",
                standby_str,
                "-R",
                "-X",
                "stream",
                "-c",
                "fast",
            ],
        )?;
        append(
            &standby.join("postgresql.auto.conf"),
            &format!(
                "port = {standby_port}\nsynchronous_standby_names = ''\n\
                 primary_conninfo = 'host=127.0.0.1 port={primary_port} user=postgres application_name=standby1'\n"
            ),
        )?;
        as_postgres(
            "pg_ctl",
            &["-D", standby_str, "-l", &log("standby"), "-w", "start"],
        )?;
        let pair = Pair {
            dir: dir.to_owned(),
            primary_port,
            standby_port,
        };
        pair.query(
            primary_port,
            "ALTER SYSTEM SET synchronous_standby_names = 'standby1'",
        )?;
        pair.query(primary_port, "SELECT pg_reload_conf()")?;
        let deadline = Instant::now() + Duration::from_secs(30);
        while pair
            .query(
                primary_port,
                "SELECT sync_state FROM pg_stat_replication WHERE application_name = 'standby1'",
            )?
            .trim()
            != "sync"
        {
            if Instant::now() > deadline {
                bail!("the standby never became synchronous");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Ok(pair)
    }

    fn query(&self, port: u16, sql: &str) -> Result<String> {
        as_postgres(
            "psql",
            &[
                "-h",
                "127.0.0.1",
                "-p",
                &port.to_string(),
                "-U",
                "postgres",
                "-d",
                "refuge",
                "-tAc",
                sql,
            ],
        )
    }

    /// The machine dies: the postmaster and every one of its processes at once.
    fn kill_primary(&self) -> Result<()> {
        let pid = std::fs::read_to_string(self.dir.join("primary/postmaster.pid"))?;
        let pid = pid.lines().next().context("pid")?.trim().to_owned();
        let mut all = vec![pid.clone()];
        for entry in std::fs::read_dir("/proc")?.flatten() {
            let stat = std::fs::read_to_string(entry.path().join("stat")).unwrap_or_default();
            let parent = stat
                .rsplit_once(") ")
                .and_then(|(_, rest)| rest.split_whitespace().nth(1));
            if parent == Some(pid.as_str()) {
                all.push(entry.file_name().to_string_lossy().into_owned());
            }
        }
        Command::new("kill").arg("-KILL").args(&all).status()?;
        Ok(())
    }

    fn promote_standby(&self) -> Result<()> {
        let standby = self.dir.join("standby");
        as_postgres(
            "pg_ctl",
            &["-D", standby.to_str().context("path")?, "-w", "promote"],
        )?;
        Ok(())
    }
}

impl Drop for Pair {
    fn drop(&mut self) {
        for node in ["primary", "standby"] {
            if let Ok(pg_ctl) = postgres_bin("pg_ctl") {
                let _ = Command::new("runuser")
                    .args(["-u", "postgres", "--"])
                    .arg(pg_ctl)
                    .args([
                        "-D",
                        self.dir.join(node).to_str().unwrap_or(""),
                        "-m",
                        "immediate",
                        "stop",
                    ])
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .status();
            }
        }
    }
}

/// (sent, acknowledged) of each acknowledged report, and the moments of failed requests.
#[derive(Default)]
struct Traffic {
    acknowledged: Vec<(Instant, Instant)>,
    failed: Vec<Instant>,
}

async fn send_until(base: String, worker: usize, until: Instant, traffic: Arc<Mutex<Traffic>>) {
    let client = reqwest::Client::new();
    let mut n = 0;
    while Instant::now() < until {
        n += 1;
        let file: Vec<u8> = format!("%PDF-1.4 failover worker {worker} report {n} ")
            .into_bytes()
            .into_iter()
            .chain(std::iter::repeat_n(b'x', FILE_BYTES))
            .collect();
        let form = reqwest::multipart::Form::new()
            .text(
                "report",
                serde_json::json!({"narrative": format!("failover report {worker}-{n}")})
                    .to_string(),
            )
            .part(
                "file",
                reqwest::multipart::Part::bytes(file).file_name("letter.pdf"),
            );
        let sent = Instant::now();
        let ok = client
            .post(format!("{base}/api/v1/reports"))
            .multipart(form)
            .send()
            .await
            .is_ok_and(|r| r.status().as_u16() == 201);
        {
            let mut traffic = traffic.lock().expect("lock");
            if ok {
                traffic.acknowledged.push((sent, Instant::now()));
            } else {
                traffic.failed.push(sent);
            }
        }
        if !ok {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

struct Run {
    before_per_second: f64,
    before_p99: f64,
    window: f64,
    failed: usize,
    after_per_second: f64,
    acknowledged: usize,
    on_new_primary: usize,
}

async fn one_run(options: &Options) -> Result<Run> {
    let dir = tempfile::Builder::new()
        .prefix("refuge-failover")
        .tempdir()?;
    let status = Command::new("chown")
        .args(["-R", "postgres:postgres"])
        .arg(dir.path())
        .status()?;
    if !status.success() {
        bail!("chown to postgres failed");
    }
    let pair = Pair::start(dir.path())?;
    let (primary, standby) = (pair.primary_port, pair.standby_port);
    let balancer = tempfile::tempdir()?;
    let (_proxy, proxy_port) = haproxy_with(balancer.path(), |port| {
        format!(
            "global\n  maxconn 256\n\
             defaults\n  mode tcp\n  timeout connect 1s\n  timeout client 10m\n  timeout server 10m\n  retries 2\n  option redispatch\n\
             listen postgres\n  bind 127.0.0.1:{port}\n  default-server inter 200ms fall 1 rise 1 on-marked-down shutdown-sessions\n\
             \x20 server primary 127.0.0.1:{primary} check\n  server standby 127.0.0.1:{standby} check backup\n"
        )
    })?;
    let url = format!("postgres://postgres@127.0.0.1:{proxy_port}/refuge");
    let data = tempfile::tempdir()?;
    crate::add_user_at(&options.binary, data.path(), &url, "bench", "caseworker")?;
    let port = free_port()?;
    let _server = Process(
        Command::new(&options.binary)
            .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
            .arg("--data-dir")
            .arg(data.path())
            .args(["--database-url", &url])
            .envs([
                ("REFUGE_INTAKE__REPORTS_PER_HOUR", "0"),
                ("REFUGE_INTAKE__ATTEMPTS_PER_FORM", "0"),
                ("REFUGE_INTAKE__API_PROOF_OF_WORK_BITS", "0"),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?,
    );
    wait_for(port)?;
    let base = format!("http://127.0.0.1:{port}");

    let traffic = Arc::new(Mutex::new(Traffic::default()));
    let started = Instant::now();
    let kill_after = Duration::from_secs(options.seconds.max(4));
    let until = started + kill_after * 2;
    let workers: Vec<_> = (0..WORKERS)
        .map(|worker| tokio::spawn(send_until(base.clone(), worker, until, traffic.clone())))
        .collect();
    tokio::time::sleep(kill_after).await;
    let killed_at = Instant::now();
    pair.kill_primary()?;
    pair.promote_standby()?;
    for worker in workers {
        worker.await?;
    }
    let traffic = traffic.lock().expect("lock");
    let mut before: Vec<f64> = traffic
        .acknowledged
        .iter()
        .filter(|(_, at)| *at < killed_at)
        .map(|(sent, at)| (*at - *sent).as_secs_f64() * 1000.0)
        .collect();
    before.sort_by(f64::total_cmp);
    let resumed = traffic
        .acknowledged
        .iter()
        .filter(|(sent, _)| *sent > killed_at)
        .map(|(_, at)| *at)
        .min()
        .context("intake never resumed after the failover")?;
    let after = traffic
        .acknowledged
        .iter()
        .filter(|(_, at)| *at >= resumed)
        .count();
    let on_new_primary: usize = pair
        .query(standby, "SELECT COUNT(*) FROM reports")?
        .trim()
        .parse()?;
    Ok(Run {
        before_per_second: before.len() as f64 / (killed_at - started).as_secs_f64(),
        before_p99: percentile(&before, 99.0),
        window: (resumed - killed_at).as_secs_f64(),
        failed: traffic.failed.iter().filter(|at| **at >= killed_at).count(),
        after_per_second: after as f64 / (until - resumed).as_secs_f64(),
        acknowledged: traffic.acknowledged.len(),
        on_new_primary,
    })
}

pub async fn run(options: &Options) -> Result<()> {
    let mut report = String::from("# Intake through a PostgreSQL failover (issue 13)\n\n");
    report.push_str(&format!(
        "Release binary, one app server, a primary and its synchronous standby (`synchronous_commit = on`, `synchronous_standby_names = 'standby1'`) on this 2-core machine, reached through HAProxy in TCP mode (the standby as backup, checked every 200 ms). {WORKERS} clients send reports with a {} KiB file; after {} s the primary and all its processes are killed with SIGKILL and the standby promoted (`pg_ctl promote`); Refuge is not restarted. Window: from the kill until the first report sent after it is acknowledged.\n\n",
        FILE_BYTES / 1024,
        options.seconds.max(4)
    ));
    report.push_str("| run | before: reports/s | before: p99 ms | window s | requests failed | after: reports/s | acknowledged | on the new primary |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
    let mut windows = Vec::new();
    for n in 1..=3 {
        let run = one_run(options).await?;
        if run.on_new_primary < run.acknowledged {
            bail!(
                "run {n}: {} acknowledged, {} on the new primary",
                run.acknowledged,
                run.on_new_primary
            );
        }
        eprintln!(
            "failover run {n}: window {:.2} s, {} failed, {} acknowledged, all on the new primary",
            run.window, run.failed, run.acknowledged
        );
        report.push_str(&format!(
            "| {n} | {:.1} | {:.0} | {:.2} | {} | {:.1} | {} | {} |\n",
            run.before_per_second,
            run.before_p99,
            run.window,
            run.failed,
            run.after_per_second,
            run.acknowledged,
            run.on_new_primary
        ));
        windows.push(run.window);
    }
    windows.sort_by(f64::total_cmp);
    report.push_str(&format!(
        "\nMedian window {:.2} s (target: under 30 s). Every acknowledged report was on the new primary in every run.\n",
        windows[1]
    ));
    std::fs::write(&options.failover_out, report)?;
    eprintln!("wrote {}", options.failover_out.display());
    Ok(())
}
