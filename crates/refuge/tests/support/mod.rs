//! The real `refuge` binary, started on a free loopback port with cheap Argon2 costs, and a
//! client that behaves like a browser without JavaScript.

#![allow(dead_code)] // each test binary uses a different part of this module

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const PASSWORD: &str = "correct horse battery staple";

pub fn binary() -> &'static str {
    env!("CARGO_BIN_EXE_refuge")
}

/// Environment every test server gets: cheap key derivation (tests are not benchmarks).
pub fn cheap_env() -> Vec<(&'static str, &'static str)> {
    vec![
        ("REFUGE_SECURITY__PASSWORD_MEMORY_KIB", "64"),
        ("REFUGE_SECURITY__PASSWORD_ITERATIONS", "1"),
        ("REFUGE_SECURITY__RECEIPT_MEMORY_KIB", "64"),
        ("REFUGE_SECURITY__RECEIPT_ITERATIONS", "1"),
        ("REFUGE_LOG__LEVEL", "debug"),
        // Load tests send more than any budget would let through; the budget, the cap per form
        // and the proof of work are tested through the web layer (tests/limits.rs there).
        ("REFUGE_INTAKE__REPORTS_PER_HOUR", "0"),
        ("REFUGE_INTAKE__ATTEMPTS_PER_FORM", "0"),
        ("REFUGE_INTAKE__API_PROOF_OF_WORK_BITS", "0"),
    ]
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

pub struct Server {
    pub child: Child,
    pub base: String,
    pub stdout: PathBuf,
    pub stderr: PathBuf,
}

impl Server {
    /// Starts `refuge serve` and waits until it answers.
    pub fn start(data_dir: &Path, database_url: &str, log_dir: &Path) -> Server {
        Server::start_with(data_dir, database_url, log_dir, &[])
    }

    /// The same, with extra environment (configuration) for this server.
    pub fn start_with(
        data_dir: &Path,
        database_url: &str,
        log_dir: &Path,
        env: &[(&str, &str)],
    ) -> Server {
        let port = free_port();
        let stdout = log_dir.join(format!("server-{port}.out"));
        let stderr = log_dir.join(format!("server-{port}.err"));
        let mut command = Command::new(binary());
        command
            .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
            .arg("--data-dir")
            .arg(data_dir)
            .envs(cheap_env())
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(&stdout).expect("stdout file"))
            .stderr(std::fs::File::create(&stderr).expect("stderr file"));
        if !database_url.is_empty() {
            command.args(["--database-url", database_url]);
        }
        let child = command.spawn().expect("start refuge");
        let server = Server {
            child,
            base: format!("http://127.0.0.1:{port}"),
            stdout,
            stderr,
        };
        server.wait_until_ready();
        server
    }

    fn wait_until_ready(&self) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if std::net::TcpStream::connect(self.base.trim_start_matches("http://")).is_ok() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "server did not start: {}",
            std::fs::read_to_string(&self.stderr).unwrap_or_default()
        );
    }

    pub fn log(&self) -> String {
        format!(
            "{}\n{}",
            std::fs::read_to_string(&self.stdout).unwrap_or_default(),
            std::fs::read_to_string(&self.stderr).unwrap_or_default()
        )
    }

    /// Stops the server as an operator would (SIGTERM), so it finishes what it is doing and
    /// writes what it writes at a normal stop.
    pub fn stop_gracefully(mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        panic!("the server did not stop on SIGTERM");
    }

    pub fn stop(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Opens the store behind a data directory or database URL.
pub async fn open_store(data_dir: &Path, database_url: &str) -> refuge_store::SqlStore {
    if database_url.is_empty() {
        refuge_store::SqlStore::open_sqlite(data_dir).await
    } else {
        refuge_store::SqlStore::open_postgres(database_url).await
    }
    .expect("open the store")
}

/// Makes every blob a day older, as if the night had passed.
pub async fn a_day_passes(store: &refuge_store::SqlStore) {
    store
        .execute_raw("UPDATE blobs SET written_day = written_day - 1")
        .await
        .expect("backdate the blobs");
}

/// The database and the bucket as a server with `[blobs] store = "s3"` opens them.
pub async fn blobs_with_bucket(
    store: &refuge_store::SqlStore,
    data_dir: &Path,
    bucket: &refuge_store::BucketSettings,
) -> refuge_store::BlobsWithBucket {
    refuge_store::BlobsWithBucket::new(
        refuge_store::SqlBlobStore::open(store.clone(), data_dir).expect("database blobs"),
        refuge_store::BucketBlobStore::open(bucket)
            .await
            .expect("bucket"),
    )
}

/// A day later, the files move to the bucket as the servers move them after midnight; returns
/// how many moved.
pub async fn files_move_to_the_bucket(
    data_dir: &Path,
    database_url: &str,
    bucket: &refuge_store::BucketSettings,
) -> u64 {
    use refuge_domain::ports::BlobStore;
    let store = open_store(data_dir, database_url).await;
    a_day_passes(&store).await;
    let blobs = blobs_with_bucket(&store, data_dir, bucket).await;
    let moved = tokio::task::spawn_blocking(move || blobs.move_aged_files().expect("move"))
        .await
        .expect("blocking");
    store.close().await;
    moved
}

/// Objects in the bucket under its prefix.
pub async fn objects_in(bucket: &refuge_store::BucketSettings) -> Vec<String> {
    use refuge_domain::ports::BlobStore;
    let bucket = refuge_store::BucketBlobStore::open(bucket)
        .await
        .expect("bucket");
    tokio::task::spawn_blocking(move || bucket.list_older_than(0).expect("list"))
        .await
        .expect("blocking")
}

/// Runs `refuge user add` against the data directory (and database URL, if any).
pub fn add_staff(data_dir: &Path, database_url: &str, username: &str, role: &str) {
    use std::io::Write;
    let mut command = Command::new(binary());
    command
        .args([
            "user",
            "add",
            "--username",
            username,
            "--role",
            role,
            "--password-stdin",
        ])
        .arg("--data-dir")
        .arg(data_dir)
        .envs(cheap_env())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if !database_url.is_empty() {
        command.args(["--database-url", database_url]);
    }
    let mut child = command.spawn().expect("user add");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(format!("{PASSWORD}\n").as_bytes())
        .expect("password");
    let output = child.wait_with_output().expect("user add finished");
    assert!(
        output.status.success(),
        "user add failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

pub fn client() -> reqwest::Client {
    // reqwest is built with rustls but no provider of its own (see refuge_store::bucket).
    refuge_store::use_ring_for_tls();
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .user_agent("UA-CANARY-Mozilla/5.0 (X11; Linux) reporter-fingerprint")
        .build()
        .expect("client")
}

pub fn extract(body: &str, start: &str, end: &str) -> Option<String> {
    let from = body.find(start)? + start.len();
    let to = body[from..].find(end)? + from;
    Some(body[from..to].to_owned())
}

/// Loads the report form as a browser would and returns its token.
pub async fn form_token(client: &reqwest::Client, base: &str, locale: &str) -> String {
    let form = client
        .get(format!("{base}/{locale}/report"))
        .send()
        .await
        .expect("form")
        .text()
        .await
        .expect("body");
    extract(&form, r#"name="form_token" value=""#, "\"").expect("token")
}

/// Loads the report form, fills it in and submits it like a browser would; returns the receipt.
pub async fn submit_form(
    client: &reqwest::Client,
    base: &str,
    locale: &str,
    fields: &[(&str, &str)],
) -> String {
    let token = form_token(client, base, locale).await;
    let mut all: Vec<(&str, &str)> = vec![("form_token", token.as_str()), ("action", "submit")];
    all.extend_from_slice(fields);
    let response = client
        .post(format!("{base}/{locale}/report"))
        .header("sec-fetch-site", "same-origin")
        .header("x-forwarded-for", "203.0.113.77")
        .form(&all)
        .send()
        .await
        .expect("submit");
    assert_eq!(response.status(), 200);
    let body = response.text().await.expect("body");
    extract(&body, r#"id="receipt">"#, "<").expect("receipt")
}

/// Submits the report form with files as a browser does (multipart); returns the receipt page.
pub async fn submit_with_files(
    client: &reqwest::Client,
    base: &str,
    locale: &str,
    fields: &[(&str, &str)],
    files: &[(&str, Vec<u8>)],
) -> String {
    let token = form_token(client, base, locale).await;
    let mut multipart = reqwest::multipart::Form::new()
        .text("form_token", token)
        .text("action", "submit");
    for (name, value) in fields {
        multipart = multipart.text(name.to_string(), value.to_string());
    }
    for (file_name, bytes) in files {
        multipart = multipart.part(
            "files",
            reqwest::multipart::Part::bytes(bytes.clone()).file_name(file_name.to_string()),
        );
    }
    let response = client
        .post(format!("{base}/{locale}/report"))
        .header("sec-fetch-site", "same-origin")
        .multipart(multipart)
        .send()
        .await
        .expect("submit");
    assert_eq!(response.status(), 200);
    response.text().await.expect("body")
}

/// A JPEG fixture with `comment` in a COM segment right after the start of image.
pub fn jpeg_with_comment(comment: &str) -> Vec<u8> {
    let jpeg = include_bytes!("../../../../tests/fixtures/evidence/photo-gps.jpg");
    let length = (comment.len() + 2) as u16;
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xFE]);
    out.extend_from_slice(&length.to_be_bytes());
    out.extend_from_slice(comment.as_bytes());
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// Signs `username` in through the JSON API; returns the bearer token.
pub async fn staff_token(client: &reqwest::Client, base: &str, username: &str) -> String {
    client
        .post(format!("{base}/api/v1/staff/session"))
        .json(&serde_json::json!({"username": username, "password": PASSWORD}))
        .send()
        .await
        .expect("sign in")
        .json::<serde_json::Value>()
        .await
        .expect("json")["token"]
        .as_str()
        .expect("token")
        .to_owned()
}

/// A GET of the JSON API with a bearer token.
pub async fn api_get(
    client: &reqwest::Client,
    base: &str,
    path: &str,
    token: &str,
) -> serde_json::Value {
    client
        .get(format!("{base}{path}"))
        .bearer_auth(token)
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("json")
}

/// Every file below `dir`, recursively.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(next) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&next) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files
}

/// Runs `check` with the sealed blobs of the SQLite database in `data_dir` (they live in the
/// database: decision 0010). Usable while a server runs (WAL readers do not block it).
pub fn with_blobs<T>(data_dir: &Path, check: impl FnOnce(&refuge_store::SqlBlobStore) -> T) -> T {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let store = runtime
        .block_on(refuge_store::SqlStore::open_sqlite(data_dir))
        .expect("open the database");
    let answer = {
        let _inside = runtime.enter();
        let blobs = refuge_store::SqlBlobStore::open(store.clone(), data_dir).expect("blobs");
        check(&blobs)
    };
    runtime.block_on(store.close());
    answer
}

/// How many sealed blobs the SQLite database in `data_dir` holds.
pub fn stored_blobs(data_dir: &Path) -> usize {
    use refuge_domain::ports::BlobStore;
    with_blobs(data_dir, |blobs| {
        blobs.list_older_than(0).expect("list").len()
    })
}

/// A process's peak resident memory so far, in KiB (`u64::MAX` if it cannot be read).
pub fn peak_rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(u64::MAX)
}

/// Debian's HAProxy in the foreground, with the configuration `config` makes for the port it
/// is to listen on; stopped when dropped.
pub struct Haproxy {
    child: Child,
    pub port: u16,
    _dir: tempfile::TempDir,
}

impl Haproxy {
    pub fn start(config: impl FnOnce(u16) -> String) -> Haproxy {
        let dir = tempfile::tempdir().expect("dir");
        let port = free_port();
        let path = dir.path().join("haproxy.cfg");
        std::fs::write(&path, config(port)).expect("config");
        let child = Command::new("haproxy")
            .args(["-db", "-f"])
            .arg(&path)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("haproxy (Debian package haproxy) is installed by scripts/test");
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "haproxy did not start");
            std::thread::sleep(Duration::from_millis(20));
        }
        Haproxy {
            child,
            port,
            _dir: dir,
        }
    }
}

impl Drop for Haproxy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
