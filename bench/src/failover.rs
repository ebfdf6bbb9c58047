//! Intake through a PostgreSQL failover (issue 13), with the release binary: a primary and its
//! synchronous standby made here (initdb, pg_basebackup), Refuge reaching them through
//! Debian's HAProxy in TCP mode (the standby as backup). Reports with a file arrive from
//! `WORKERS` clients; the primary and all its processes are killed with SIGKILL and the standby
//! promoted. Measured per run: intake before, the window from the kill until the first report
//! sent after it is acknowledged, the requests that failed meanwhile, intake after; and that
//! every acknowledged report is on the new primary. Three runs (writes `--failover-out`).

use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use refuge_store::testing::StandbyPair;

use crate::scale::{FILE_BYTES, haproxy_with, send_report_with_file, serve};
use crate::{Options, percentile};

const WORKERS: usize = 8;

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
        let sent = Instant::now();
        let ok = send_report_with_file(&client, &base, &format!("failover {worker}-{n}")).await;
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
    let pair = StandbyPair::start(dir.path()).map_err(anyhow::Error::msg)?;
    let balancer = tempfile::tempdir()?;
    let (_proxy, proxy_port) = haproxy_with(balancer.path(), |port| pair.haproxy_config(port))?;
    let url = format!("postgres://postgres@127.0.0.1:{proxy_port}/refuge");
    let data = tempfile::tempdir()?;
    crate::add_user_at(&options.binary, data.path(), &url, "bench", "caseworker")?;
    let (_server, port) = serve(&options.binary, data.path(), &url, &[])?;
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
    pair.kill_primary().map_err(anyhow::Error::msg)?;
    pair.promote_standby().map_err(anyhow::Error::msg)?;
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
        .query(pair.standby_port, "SELECT COUNT(*) FROM reports")
        .map_err(anyhow::Error::msg)?
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
