//! Failover: Refuge on a PostgreSQL primary with a synchronous streaming standby on this
//! machine, reached through Debian's HAProxy (the primary first, the standby as backup). The
//! primary is killed with SIGKILL under intake and the standby promoted; Refuge, not restarted,
//! accepts reports again within 30 s, and every report acknowledged before, during and after is
//! on the new primary — because with `synchronous_commit = on` and `synchronous_standby_names`
//! naming the standby, "acknowledged" means flushed on two machines.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use support::{Haproxy, Server, add_staff, client, free_port};

fn postgres_bin(tool: &str) -> PathBuf {
    let mut versions: Vec<u32> = std::fs::read_dir("/usr/lib/postgresql")
        .expect("PostgreSQL (Debian package postgresql) is installed by scripts/test")
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse().ok())
        .collect();
    versions.sort_unstable();
    let version = versions.last().expect("a PostgreSQL version");
    PathBuf::from(format!("/usr/lib/postgresql/{version}/bin/{tool}"))
}

/// Runs a PostgreSQL tool as the `postgres` user (the servers refuse to run as root).
fn as_postgres(tool: &str, args: &[&str]) -> std::process::Output {
    let output = Command::new("runuser")
        .args(["-u", "postgres", "--"])
        .arg(postgres_bin(tool))
        .args(args)
        .output()
        .expect("runuser");
    assert!(
        output.status.success(),
        "{tool} {args:?}: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn append(path: &Path, text: &str) {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(path)
        .expect("conf");
    file.write_all(text.as_bytes()).expect("append");
}

/// A throw-away cluster of two: the primary and its synchronous standby, in `dir`.
struct Pair {
    dir: PathBuf,
    primary_port: u16,
    standby_port: u16,
}

impl Pair {
    fn start(dir: &Path) -> Pair {
        let primary = dir.join("primary");
        let standby = dir.join("standby");
        let (primary_port, standby_port) = (free_port(), free_port());
        let primary_str = primary.to_str().expect("path");
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
        );
        append(
            &primary.join("postgresql.conf"),
            &format!(
                "port = {primary_port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{}'\n\
                 wal_level = replica\nmax_wal_senders = 4\nsynchronous_commit = on\nfsync = on\n",
                dir.display()
            ),
        );
        as_postgres(
            "pg_ctl",
            &[
                "-D",
                primary_str,
                "-l",
                &format!("{}/primary.log", dir.display()),
                "-w",
                "start",
            ],
        );
        as_postgres(
            "psql",
            &[
                "-h",
                "127.0.0.1",
                "-p",
                &primary_port.to_string(),
                "-U",
                "postgres",
                "-c",
                "CREATE DATABASE refuge",
            ],
        );
        as_postgres(
            "pg_basebackup",
            &[
                "-h",
                "127.0.0.1",
                "-p",
                &primary_port.to_string(),
                "-U",
                "postgres",
                "-D",
                standby.to_str().expect("path"),
                "-R",
                "-X",
                "stream",
                "-c",
                "fast",
            ],
        );
        // The standby names itself for the primary's synchronous_standby_names; once promoted
        // it must not wait for a standby of its own that does not exist.
        // (postgresql.auto.conf, where pg_basebackup -R wrote its own primary_conninfo, wins.)
        append(
            &standby.join("postgresql.auto.conf"),
            &format!(
                "port = {standby_port}\nsynchronous_standby_names = ''\n\
                 primary_conninfo = 'host=127.0.0.1 port={primary_port} user=postgres application_name=standby1'\n"
            ),
        );
        as_postgres(
            "pg_ctl",
            &[
                "-D",
                standby.to_str().expect("path"),
                "-l",
                &format!("{}/standby.log", dir.display()),
                "-w",
                "start",
            ],
        );
        let pair = Pair {
            dir: dir.to_owned(),
            primary_port,
            standby_port,
        };
        // Only now that the standby runs: from here on a commit waits for it.
        pair.query(
            primary_port,
            "ALTER SYSTEM SET synchronous_standby_names = 'standby1'",
        );
        pair.query(primary_port, "SELECT pg_reload_conf()");
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let state = pair.query(
                primary_port,
                "SELECT sync_state FROM pg_stat_replication WHERE application_name = 'standby1'",
            );
            if state.trim() == "sync" {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "the standby never became synchronous: {state}{}",
                std::fs::read_to_string(dir.join("standby.log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        pair
    }

    fn query(&self, port: u16, sql: &str) -> String {
        let output = Command::new("runuser")
            .args(["-u", "postgres", "--"])
            .arg(postgres_bin("psql"))
            .args([
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
            ])
            .output()
            .expect("psql");
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// The machine dies: the postmaster and every one of its processes at once.
    fn kill_primary(&self) {
        let pid = std::fs::read_to_string(self.dir.join("primary/postmaster.pid"))
            .expect("postmaster.pid");
        let pid = pid.lines().next().expect("pid").trim().to_owned();
        let mut all = vec![pid.clone()];
        for entry in std::fs::read_dir("/proc").expect("proc").flatten() {
            let stat = std::fs::read_to_string(entry.path().join("stat")).unwrap_or_default();
            // Fields after the command name: state, then the parent's pid.
            let parent = stat
                .rsplit_once(") ")
                .and_then(|(_, rest)| rest.split_whitespace().nth(1));
            if parent == Some(pid.as_str()) {
                all.push(entry.file_name().to_string_lossy().into_owned());
            }
        }
        let status = Command::new("kill")
            .arg("-KILL")
            .args(&all)
            .status()
            .expect("kill");
        assert!(status.success());
    }

    fn promote_standby(&self) {
        as_postgres(
            "pg_ctl",
            &[
                "-D",
                self.dir.join("standby").to_str().expect("path"),
                "-w",
                "promote",
            ],
        );
    }
}

impl Drop for Pair {
    fn drop(&mut self) {
        for node in ["primary", "standby"] {
            let _ = Command::new("runuser")
                .args(["-u", "postgres", "--"])
                .arg(postgres_bin("pg_ctl"))
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

/// HAProxy in TCP mode: the primary, and the standby only when the primary is down.
fn proxy(primary: u16, standby: u16) -> Haproxy {
    Haproxy::start(|port| {
        format!(
            "global\n  maxconn 256\n\
             defaults\n  mode tcp\n  timeout connect 1s\n  timeout client 10m\n  timeout server 10m\n  retries 2\n  option redispatch\n\
             listen postgres\n  bind 127.0.0.1:{port}\n  default-server inter 200ms fall 1 rise 1 on-marked-down shutdown-sessions\n\
             \x20 server primary 127.0.0.1:{primary} check\n  server standby 127.0.0.1:{standby} check backup\n"
        )
    })
}

/// (when the request was sent, when it was acknowledged, the receipt).
type Acknowledged = Arc<Mutex<Vec<(Instant, Instant, String)>>>;

async fn send_until(base: String, worker: usize, until: Instant, acknowledged: Acknowledged) {
    let client = client();
    let mut n = 0;
    while Instant::now() < until {
        n += 1;
        let sent = Instant::now();
        let answer = client
            .post(format!("{base}/api/v1/reports"))
            .json(&serde_json::json!({"narrative": format!("failover worker {worker} report {n}")}))
            .send()
            .await;
        let Ok(answer) = answer else { continue };
        if answer.status().as_u16() == 201
            && let Ok(body) = answer.json::<serde_json::Value>().await
            && let Some(receipt) = body["receipt"].as_str()
        {
            acknowledged
                .lock()
                .expect("lock")
                .push((sent, Instant::now(), receipt.to_owned()));
        } else {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_standby_takes_over_and_nothing_acknowledged_is_lost() {
    let dir = tempfile::Builder::new()
        .prefix("refuge-failover")
        .tempdir()
        .expect("dir");
    let status = Command::new("chown")
        .args(["-R", "postgres:postgres"])
        .arg(dir.path())
        .status()
        .expect("chown");
    assert!(status.success());
    let pair = Pair::start(dir.path());
    let proxy = proxy(pair.primary_port, pair.standby_port);
    let url = format!("postgres://postgres@127.0.0.1:{}/refuge", proxy.port);
    let data = tempfile::tempdir().expect("data");
    let logs = tempfile::tempdir().expect("logs");
    add_staff(data.path(), &url, "amina", "caseworker");
    let server = Server::start(data.path(), &url, logs.path());

    let acknowledged: Acknowledged = Arc::default();
    let started = Instant::now();
    let until = started + Duration::from_secs(12);
    let workers: Vec<_> = (0..4)
        .map(|worker| {
            tokio::spawn(send_until(
                server.base.clone(),
                worker,
                until,
                acknowledged.clone(),
            ))
        })
        .collect();
    tokio::time::sleep(Duration::from_secs(2)).await;
    let killed_at = Instant::now();
    pair.kill_primary();
    pair.promote_standby();
    let promoted_at = Instant::now();
    for worker in workers {
        worker.await.expect("worker");
    }
    let acknowledged = acknowledged.lock().expect("lock").clone();
    let before = acknowledged
        .iter()
        .filter(|(_, at, _)| *at < killed_at)
        .count();
    // The window: from the kill to the first report sent after it that was acknowledged.
    let first_after = acknowledged
        .iter()
        .filter(|(sent, _, _)| *sent > killed_at)
        .map(|(_, at, _)| *at)
        .min()
        .expect("intake resumed after the failover");
    let window = first_after - killed_at;
    let after = acknowledged.len() - before;
    eprintln!(
        "failover: {before} reports acknowledged before the kill, {after} after; promotion took {:.2} s; intake resumed {:.2} s after the kill",
        (promoted_at - killed_at).as_secs_f64(),
        window.as_secs_f64()
    );
    assert!(before >= 5, "{before}");
    assert!(after >= 5, "{after}");
    assert!(window < Duration::from_secs(30), "{window:?}");

    // Every acknowledged report is on the new primary (the standby, promoted).
    let stored: usize = pair
        .query(pair.standby_port, "SELECT COUNT(*) FROM reports")
        .trim()
        .parse()
        .expect("count");
    assert!(
        stored >= acknowledged.len(),
        "{stored} reports on the new primary, {} acknowledged",
        acknowledged.len()
    );
    let client = client();
    for (_, _, receipt) in &acknowledged {
        let answer = client
            .post(format!("{}/api/v1/reporter/session", server.base))
            .json(&serde_json::json!({"receipt": receipt}))
            .send()
            .await
            .expect("sign in");
        assert_eq!(answer.status().as_u16(), 201, "{receipt}");
    }
    server.stop();
    drop(proxy);
    drop(pair);
}
