//! Throw-away databases for tests: a temporary SQLite directory, or a fresh PostgreSQL schema on
//! the server named by `REFUGE_TEST_POSTGRES_URL` (default: the local `test` database).
//!
//! PostgreSQL is never skipped silently: if it cannot be reached the test fails, unless
//! `REFUGE_SKIP_POSTGRES=1` says so explicitly (CI never sets it).

use std::path::Path;
use std::sync::atomic::{AtomicU32, Ordering};

use crate::{Engine, SqlStore};

pub const DEFAULT_POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

pub fn postgres_admin_url() -> String {
    std::env::var("REFUGE_TEST_POSTGRES_URL").unwrap_or_else(|_| DEFAULT_POSTGRES_URL.to_owned())
}

pub fn postgres_skipped() -> bool {
    std::env::var("REFUGE_SKIP_POSTGRES").is_ok_and(|v| v == "1")
}

/// A database that lives as long as this value.
pub struct TestDatabase {
    pub engine: Engine,
    /// Data directory (SQLite file and blobs; blobs for PostgreSQL too).
    pub dir: tempfile::TempDir,
    /// What `--database-url` would be: empty for SQLite.
    pub url: String,
    schema: Option<String>,
}

impl TestDatabase {
    pub async fn create(engine: Engine) -> TestDatabase {
        let dir = tempfile::tempdir().expect("temporary directory");
        match engine {
            Engine::Sqlite => TestDatabase {
                engine,
                dir,
                url: String::new(),
                schema: None,
            },
            Engine::Postgres => {
                static COUNTER: AtomicU32 = AtomicU32::new(0);
                let schema = format!(
                    "refuge_test_{}_{}_{}",
                    std::process::id(),
                    COUNTER.fetch_add(1, Ordering::Relaxed),
                    dir.path()
                        .file_name()
                        .and_then(|n| n.to_str())
                        .unwrap_or("x")
                        .to_lowercase()
                        .replace(|c: char| !c.is_ascii_alphanumeric(), "")
                );
                let admin = postgres_admin_url();
                let store = SqlStore::open_postgres(&admin).await.unwrap_or_else(|e| {
                    panic!("PostgreSQL at {admin} is required for this test and could not be reached: {e}. Set REFUGE_TEST_POSTGRES_URL, or REFUGE_SKIP_POSTGRES=1 to skip locally.")
                });
                store
                    .execute_raw(&format!("CREATE SCHEMA {schema}"))
                    .await
                    .expect("create schema");
                store.close().await;
                let separator = if admin.contains('?') { '&' } else { '?' };
                // The connections carry the schema's name, so the drop below can end those a
                // test left open.
                let url = format!(
                    "{admin}{separator}options=-c%20search_path%3D{schema}&application_name={schema}"
                );
                TestDatabase {
                    engine,
                    dir,
                    url,
                    schema: Some(schema),
                }
            }
        }
    }

    pub fn data_dir(&self) -> &Path {
        self.dir.path()
    }

    /// The PostgreSQL schema this database is (none for SQLite).
    pub fn schema(&self) -> Option<&str> {
        self.schema.as_deref()
    }

    /// Opens and migrates the store.
    pub async fn open(&self) -> SqlStore {
        let store = match self.engine {
            Engine::Sqlite => SqlStore::open_sqlite(self.dir.path()).await,
            Engine::Postgres => SqlStore::open_postgres(&self.url).await,
        }
        .expect("open store");
        store.migrate().await.expect("migrate");
        store
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let Some(schema) = self.schema.take() else {
            return;
        };
        let admin = postgres_admin_url();
        // Drop runs outside any async context we can rely on: use a private runtime on a thread.
        let _ = std::thread::spawn(move || {
            let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                return;
            };
            runtime.block_on(async {
                if let Ok(store) = SqlStore::open_postgres(&admin).await {
                    // A task of the test (background indexing, say) may still be inside a
                    // transaction on this schema. It cannot finish while this thread is joined
                    // (the test's runtime has one thread, and it waits here), and the DROP
                    // would wait for its locks forever: end the test's connections first.
                    let _ = store
                        .execute_raw(&format!(
                            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
                             WHERE application_name = '{schema}' AND pid <> pg_backend_pid()"
                        ))
                        .await;
                    let _ = store
                        .execute_raw(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"))
                        .await;
                    store.close().await;
                }
            });
        })
        .join();
    }
}

/// What every session of the PostgreSQL test server is doing, and which wait on a lock: printed
/// by a test that ran out of time, so a hang names what it waits for.
pub async fn postgres_activity() -> String {
    use sqlx::Row as _;
    let Ok(pool) = sqlx::postgres::PgPoolOptions::new()
        .max_connections(1)
        .connect(&postgres_admin_url())
        .await
    else {
        return "PostgreSQL could not be reached to read its activity".to_owned();
    };
    let rows = sqlx::query(
        "SELECT pid, COALESCE(state, '') AS state, COALESCE(wait_event_type, '') AS wait_type, \
         COALESCE(wait_event, '') AS wait_event, \
         COALESCE(array_to_string(pg_blocking_pids(pid), ','), '') AS blocked_by, \
         LEFT(COALESCE(query, ''), 200) AS query \
         FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
    )
    .fetch_all(&pool)
    .await;
    let text = match rows {
        Ok(rows) => rows
            .iter()
            .map(|row| {
                let column = |name: &str| row.try_get::<String, _>(name).unwrap_or_default();
                format!(
                    "pid {} {} wait {}/{} blocked by [{}]: {}",
                    row.try_get::<i32, _>("pid").unwrap_or(0),
                    column("state"),
                    column("wait_type"),
                    column("wait_event"),
                    column("blocked_by"),
                    column("query"),
                )
            })
            .collect::<Vec<_>>()
            .join("\n"),
        Err(error) => format!("pg_stat_activity could not be read: {error}"),
    };
    pool.close().await;
    text
}

/// Longest a test of the HTTP suites may run: one stuck on a lock fails, naming what it waits
/// for, instead of holding CI until its time runs out.
pub const TEST_TIME_LIMIT: std::time::Duration = std::time::Duration::from_secs(240);

/// Runs a test body within [`TEST_TIME_LIMIT`]; past it, prints the PostgreSQL server's
/// activity (when the test is on PostgreSQL) and fails.
pub async fn within_time_limit(engine: Engine, test: impl std::future::Future<Output = ()>) {
    if tokio::time::timeout(TEST_TIME_LIMIT, test).await.is_err() {
        if engine == Engine::Postgres {
            eprintln!(
                "PostgreSQL activity when the test ran out of time:\n{}",
                postgres_activity().await
            );
        }
        panic!(
            "the test did not finish within {} s: it is stuck",
            TEST_TIME_LIMIT.as_secs()
        );
    }
}

/// The S3-compatible server the bucket suites use, from `REFUGE_TEST_S3_URL`
/// (`http://KEY:SECRET@127.0.0.1:18334/BUCKET`; scripts/test starts SeaweedFS on loopback and
/// sets it). Like PostgreSQL, never skipped silently: without it the test fails, unless
/// `REFUGE_SKIP_S3=1` says so explicitly (CI never sets it). Each call gets a prefix of its own,
/// so tests share the bucket without seeing each other's objects.
pub fn test_bucket() -> Option<crate::BucketSettings> {
    if std::env::var("REFUGE_SKIP_S3").is_ok_and(|v| v == "1") {
        eprintln!("the S3 bucket skipped by REFUGE_SKIP_S3=1");
        return None;
    }
    let url = std::env::var("REFUGE_TEST_S3_URL").unwrap_or_else(|_| {
        panic!(
            "an S3-compatible server is required for this test: set REFUGE_TEST_S3_URL \
             (scripts/test starts SeaweedFS and sets it), or REFUGE_SKIP_S3=1 to skip locally"
        )
    });
    let parsed = parse_bucket_url(&url)
        .unwrap_or_else(|| panic!("REFUGE_TEST_S3_URL is not http://KEY:SECRET@HOST:PORT/BUCKET"));
    let mut random = [0u8; 8];
    getrandom::fill(&mut random).expect("random");
    Some(crate::BucketSettings {
        prefix: format!("test-{}/", hex::encode(random)),
        ..parsed
    })
}

/// `http://KEY:SECRET@HOST:PORT/BUCKET` as bucket settings (no prefix; region us-east-1).
pub fn parse_bucket_url(url: &str) -> Option<crate::BucketSettings> {
    let (scheme, rest) = url.split_once("://")?;
    let (credentials, rest) = rest.split_once('@')?;
    let (access_key_id, secret_access_key) = credentials.split_once(':')?;
    let (host, bucket) = rest.split_once('/')?;
    Some(crate::BucketSettings {
        endpoint: format!("{scheme}://{host}"),
        bucket: bucket.trim_end_matches('/').to_owned(),
        region: "us-east-1".to_owned(),
        prefix: String::new(),
        access_key_id: access_key_id.to_owned(),
        secret_access_key: secret_access_key.to_owned(),
    })
}

/// The environment that points a `refuge` process's evidence files at `bucket` (its `[blobs]`
/// settings).
pub fn bucket_env(bucket: &crate::BucketSettings) -> Vec<(&'static str, String)> {
    vec![
        ("REFUGE_BLOBS__STORE", "s3".to_owned()),
        ("REFUGE_BLOBS__ENDPOINT", bucket.endpoint.clone()),
        ("REFUGE_BLOBS__BUCKET", bucket.bucket.clone()),
        ("REFUGE_BLOBS__REGION", bucket.region.clone()),
        ("REFUGE_BLOBS__PREFIX", bucket.prefix.clone()),
        ("REFUGE_BLOBS__ACCESS_KEY_ID", bucket.access_key_id.clone()),
        (
            "REFUGE_BLOBS__SECRET_ACCESS_KEY",
            bucket.secret_access_key.clone(),
        ),
    ]
}

/// Where the test S3 server keeps its files on disk (`REFUGE_TEST_S3_DIR`), for the canary
/// scan: empty when unknown.
pub fn test_bucket_dir() -> Option<std::path::PathBuf> {
    std::env::var_os("REFUGE_TEST_S3_DIR").map(std::path::PathBuf::from)
}

/// A throw-away PostgreSQL primary with a synchronous streaming standby on this machine, for
/// the failover test and benchmark: made with initdb and pg_basebackup in `dir` (which must be
/// owned by `postgres`), run as the `postgres` user (the servers refuse root). Stopped when
/// dropped.
pub struct StandbyPair {
    dir: std::path::PathBuf,
    pub primary_port: u16,
    pub standby_port: u16,
}

fn postgres_tool(tool: &str) -> Result<std::path::PathBuf, String> {
    let mut versions: Vec<u32> = std::fs::read_dir("/usr/lib/postgresql")
        .map_err(|e| format!("PostgreSQL (Debian package postgresql) is not installed: {e}"))?
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse().ok())
        .collect();
    versions.sort_unstable();
    let version = versions.last().ok_or("no PostgreSQL version installed")?;
    Ok(format!("/usr/lib/postgresql/{version}/bin/{tool}").into())
}

/// Runs a PostgreSQL tool as `postgres`; its standard output.
fn as_postgres(tool: &str, args: &[&str]) -> Result<String, String> {
    let output = std::process::Command::new("runuser")
        .args(["-u", "postgres", "--"])
        .arg(postgres_tool(tool)?)
        .args(args)
        .output()
        .map_err(|e| format!("runuser: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "{tool} {args:?}: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

fn append_to(path: &Path, text: &str) -> Result<(), String> {
    use std::io::Write;
    std::fs::OpenOptions::new()
        .append(true)
        .open(path)
        .and_then(|mut file| file.write_all(text.as_bytes()))
        .map_err(|e| format!("{}: {e}", path.display()))
}

fn free_local_port() -> Result<u16, String> {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| e.to_string())
}

impl StandbyPair {
    pub fn start(dir: &Path) -> Result<StandbyPair, String> {
        let (primary, standby) = (dir.join("primary"), dir.join("standby"));
        let (primary_port, standby_port) = (free_local_port()?, free_local_port()?);
        let path = |p: &Path| {
            p.to_str()
                .map(str::to_owned)
                .ok_or("a path that is not UTF-8")
        };
        let (primary_dir, standby_dir) = (path(&primary)?, path(&standby)?);
        let log = |name: &str| format!("{}/{name}.log", dir.display());
        as_postgres(
            "initdb",
            &[
                "-D",
                &primary_dir,
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
            ],
        )?;
        append_to(
            &primary.join("postgresql.conf"),
            &format!(
                "port = {primary_port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{}'\n\
                 wal_level = replica\nmax_wal_senders = 4\nsynchronous_commit = on\nfsync = on\n",
                dir.display()
            ),
        )?;
        as_postgres(
            "pg_ctl",
            &["-D", &primary_dir, "-l", &log("primary"), "-w", "start"],
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
                &standby_dir,
                "-R",
                "-X",
                "stream",
                "-c",
                "fast",
            ],
        )?;
        // The standby names itself for the primary's synchronous_standby_names; once promoted
        // it must not wait for a standby of its own that does not exist.
        // (postgresql.auto.conf, where pg_basebackup -R wrote its own primary_conninfo, wins.)
        append_to(
            &standby.join("postgresql.auto.conf"),
            &format!(
                "port = {standby_port}\nsynchronous_standby_names = ''\n\
                 primary_conninfo = 'host=127.0.0.1 port={primary_port} user=postgres application_name=standby1'\n"
            ),
        )?;
        as_postgres(
            "pg_ctl",
            &["-D", &standby_dir, "-l", &log("standby"), "-w", "start"],
        )?;
        let pair = StandbyPair {
            dir: dir.to_owned(),
            primary_port,
            standby_port,
        };
        // Only now that the standby runs: from here on a commit waits for it.
        pair.query(
            primary_port,
            "ALTER SYSTEM SET synchronous_standby_names = 'standby1'",
        )?;
        pair.query(primary_port, "SELECT pg_reload_conf()")?;
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        loop {
            let state = pair.query(
                primary_port,
                "SELECT sync_state FROM pg_stat_replication WHERE application_name = 'standby1'",
            )?;
            if state.trim() == "sync" {
                return Ok(pair);
            }
            if std::time::Instant::now() > deadline {
                return Err(format!(
                    "the standby never became synchronous: {state}{}",
                    std::fs::read_to_string(dir.join("standby.log")).unwrap_or_default()
                ));
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
    }

    /// One statement on the `refuge` database of the server at `port`; its output (`-tA`).
    pub fn query(&self, port: u16, sql: &str) -> Result<String, String> {
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

    /// The machine dies: the postmaster and every one of its processes at once (SIGKILL).
    pub fn kill_primary(&self) -> Result<(), String> {
        let pid = std::fs::read_to_string(self.dir.join("primary/postmaster.pid"))
            .map_err(|e| format!("postmaster.pid: {e}"))?;
        let pid = pid.lines().next().unwrap_or_default().trim().to_owned();
        let mut all = vec![pid.clone()];
        for entry in std::fs::read_dir("/proc")
            .map_err(|e| e.to_string())?
            .flatten()
        {
            let stat = std::fs::read_to_string(entry.path().join("stat")).unwrap_or_default();
            // Fields after the command name: state, then the parent's pid.
            let parent = stat
                .rsplit_once(") ")
                .and_then(|(_, rest)| rest.split_whitespace().nth(1));
            if parent == Some(pid.as_str()) {
                all.push(entry.file_name().to_string_lossy().into_owned());
            }
        }
        let status = std::process::Command::new("kill")
            .arg("-KILL")
            .args(&all)
            .status()
            .map_err(|e| e.to_string())?;
        if status.success() {
            Ok(())
        } else {
            Err("kill -KILL failed".into())
        }
    }

    pub fn promote_standby(&self) -> Result<(), String> {
        let standby = self.dir.join("standby");
        as_postgres(
            "pg_ctl",
            &["-D", &standby.to_string_lossy(), "-w", "promote"],
        )
        .map(|_| ())
    }

    /// HAProxy's configuration in TCP mode on `port`: the primary, and the standby only when the
    /// primary is down (checked every 200 ms; sessions to a server marked down are cut).
    pub fn haproxy_config(&self, port: u16) -> String {
        format!(
            "global\n  maxconn 256\n\
             defaults\n  mode tcp\n  timeout connect 1s\n  timeout client 10m\n  timeout server 10m\n  retries 2\n  option redispatch\n\
             listen postgres\n  bind 127.0.0.1:{port}\n  default-server inter 200ms fall 1 rise 1 on-marked-down shutdown-sessions\n\
             \x20 server primary 127.0.0.1:{} check\n  server standby 127.0.0.1:{} check backup\n",
            self.primary_port, self.standby_port
        )
    }
}

impl Drop for StandbyPair {
    fn drop(&mut self) {
        for node in ["primary", "standby"] {
            let dir = self.dir.join(node);
            let _ = as_postgres(
                "pg_ctl",
                &["-D", &dir.to_string_lossy(), "-m", "immediate", "stop"],
            );
        }
    }
}
