//! Promises 3 and 4 of docs/security-model.md on the real binary: every acknowledgement comes after its
//! fsyncs (proved from a system-call trace), and no acknowledged report is lost or half-written
//! across repeated `kill -9` under concurrent submissions.
//!
//! `REFUGE_CRASH_CYCLES` sets the number of kill cycles (default 20; CI uses the default).

mod support;

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use refuge_app::sealed::Variant;
use refuge_app::{Refuge, Settings, SystemClock};
use refuge_domain::ports::BlobStore;
use refuge_store::testing::bucket_env;
use refuge_store::testing::{TestDatabase, postgres_skipped};
use refuge_store::{BucketSettings, Engine, SqlBlobStore, SqlStore};
use support::{PASSWORD, Server, add_staff, cheap_env, client, extract, free_port};

/// A small deterministic generator (no dependency): delays and sizes vary, runs repeat.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below.max(1)
    }
}

fn narrative(seed: u64, worker: usize, n: usize) -> String {
    let pieces = [
        "They called my mother. ",
        "他们给我父亲打了电话。",
        "ئۇلار ئاكامنى سوراق قىلدى. ",
    ];
    let repeat = [1usize, 20, 200, 2_000][(seed as usize + n) % 4];
    format!(
        "w{worker}-n{n}-s{seed}: {}",
        pieces[(worker + n) % 3]
            .repeat(repeat)
            .chars()
            .take(19_000)
            .collect::<String>()
    )
}

/// What was acknowledged: the receipt, the narrative, and the SHA-256 of each file sent.
type Acknowledged = (String, String, Vec<String>);

/// Files for some submissions: none for two in three; otherwise a generated file of 1 KiB to
/// ~600 KiB and, every other time, the JPEG fixture (which also takes the cleaning path).
fn files_for(seed: u64, worker: usize, n: usize) -> Vec<(String, Vec<u8>)> {
    if !(worker + n).is_multiple_of(3) {
        return Vec::new();
    }
    let size = [1_024usize, 40_000, 600_000][(seed as usize + n) % 3];
    let line = format!("evidence w{worker} n{n} s{seed} — 证据 — ئىسپات\n");
    let content: Vec<u8> = line.bytes().cycle().take(size).collect();
    let mut files = vec![(format!("notes-{worker}-{n}.txt"), content)];
    if n.is_multiple_of(2) {
        files.push((
            "photo.jpg".into(),
            std::fs::read(
                Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("../../tests/fixtures/evidence/photo-gps.jpg"),
            )
            .expect("fixture"),
        ));
    }
    files
}

fn sha256_hex(bytes: &[u8]) -> String {
    let mut digest = refuge_crypto::random::StreamingSha256::default();
    digest.update(bytes);
    digest.finish_hex()
}

/// Submits until the server dies; records every acknowledged report.
async fn submit_until_killed(
    base: String,
    worker: usize,
    seed: u64,
    acknowledged: Arc<Mutex<Vec<Acknowledged>>>,
) {
    let client = client();
    for n in 0.. {
        let Ok(response) = client.get(format!("{base}/en/report")).send().await else {
            return;
        };
        let Ok(form) = response.text().await else {
            return;
        };
        let Some(token) = extract(&form, r#"name="form_token" value=""#, "\"") else {
            return;
        };
        let text = narrative(seed, worker, n);
        let fields = [
            ("form_token", token.as_str()),
            ("narrative", text.as_str()),
            ("tactics", "spyware"),
            ("action", "submit"),
        ];
        let files = files_for(seed, worker, n);
        let hashes: Vec<String> = files.iter().map(|(_, b)| sha256_hex(b)).collect();
        let request = client
            .post(format!("{base}/en/report"))
            .header("sec-fetch-site", "same-origin");
        let request = if files.is_empty() {
            request.form(&fields)
        } else {
            let mut form = reqwest::multipart::Form::new();
            for (name, value) in fields {
                form = form.text(name, value.to_owned());
            }
            for (name, bytes) in files {
                form = form.part(
                    "files",
                    reqwest::multipart::Part::bytes(bytes).file_name(name),
                );
            }
            request.multipart(form)
        };
        let Ok(response) = request.send().await else {
            return;
        };
        let Ok(body) = response.text().await else {
            return;
        };
        if let Some(receipt) = extract(&body, r#"id="receipt">"#, "<") {
            acknowledged
                .lock()
                .expect("lock")
                .push((receipt, text, hashes));
        }
    }
}

/// Starts and SIGKILLs a server under load, cycle after cycle. `nights`: after each cycle a
/// day passes for the blobs, so the next server moves files to the bucket while it is loaded.
async fn crash_cycles(
    data_dir: &Path,
    database_url: &str,
    env: &[(&str, &str)],
    nights: bool,
) -> Vec<Acknowledged> {
    let cycles: usize = std::env::var("REFUGE_CRASH_CYCLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    let logs = tempfile::tempdir().expect("logs");
    let acknowledged = Arc::new(Mutex::new(Vec::new()));
    let mut random = Lcg(0x5eed_1234 + cycles as u64);
    for cycle in 0..cycles {
        let server = Server::start_with(data_dir, database_url, logs.path(), env);
        let workers: Vec<_> = (0..6)
            .map(|worker| {
                tokio::spawn(submit_until_killed(
                    server.base.clone(),
                    worker,
                    cycle as u64,
                    acknowledged.clone(),
                ))
            })
            .collect();
        // Kill only once this cycle has acknowledged something, then at a
        // random moment after: a slow machine (CI shares its cores) must not
        // turn the test into one that kills servers before any write.
        let before = acknowledged.lock().expect("lock").len();
        let started = std::time::Instant::now();
        while acknowledged.lock().expect("lock").len() == before
            && started.elapsed() < Duration::from_secs(20)
        {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        tokio::time::sleep(Duration::from_millis(random.next(400))).await;
        server.stop(); // SIGKILL
        for worker in workers {
            let _ = tokio::time::timeout(Duration::from_secs(10), worker).await;
        }
        if nights {
            let store = support::open_store(data_dir, database_url).await;
            support::a_day_passes(&store).await;
            store.close().await;
        }
    }
    let acknowledged = acknowledged.lock().expect("lock").clone();
    assert!(
        acknowledged.len() >= cycles,
        "the load produced acknowledgements ({})",
        acknowledged.len()
    );
    // One clean start, which sweeps leftovers, before checking.
    Server::start_with(data_dir, database_url, logs.path(), env).stop();
    acknowledged
}

async fn verify(
    store: SqlStore,
    data_dir: &Path,
    acknowledged: &[Acknowledged],
    bucket: Option<&BucketSettings>,
) -> (usize, usize, usize) {
    let blobs: Arc<dyn BlobStore> = match bucket {
        None => Arc::new(SqlBlobStore::open(store.clone(), data_dir).expect("blobs")),
        Some(bucket) => Arc::new(support::blobs_with_bucket(&store, data_dir, bucket).await),
    };
    let app = Refuge::new(
        Arc::new(store.clone()),
        blobs.clone(),
        Arc::new(SystemClock),
        Settings::for_tests(),
    )
    .await
    .expect("app");
    let session = app
        .session(
            &app.log_in("amina", PASSWORD, None, None)
                .await
                .expect("sign in")
                .token,
        )
        .await
        .expect("session");

    // Every receipt shown opens a reporter session on its own report.
    let mut by_receipt = HashMap::new();
    for (receipt, text, hashes) in acknowledged {
        let token = app
            .reporter_sign_in(receipt)
            .await
            .unwrap_or_else(|e| panic!("acknowledged receipt lost: {receipt}: {e}"));
        let reporter = app
            .reporter_session(&token)
            .await
            .expect("reporter session");
        let seen: Vec<String> = app
            .reporter_view(&reporter)
            .await
            .expect("reporter view")
            .files
            .into_iter()
            .map(|f| f.sha256)
            .collect();
        assert_eq!(&seen, hashes, "the reporter sees exactly the files sent");
        by_receipt.insert(reporter.report_id, (text.clone(), hashes.clone()));
    }
    assert_eq!(
        by_receipt.len(),
        acknowledged.len(),
        "every receipt names its own report"
    );

    // Every stored report (acknowledged or not) opens intact; acknowledged ones say what was sent.
    let mut stored = 0;
    let mut files = 0;
    let mut cursor = None;
    loop {
        let page = app.inbox(&session, 200, cursor).await.expect("inbox");
        for entry in &page.entries {
            let opened = app
                .open_report(&session, entry.meta.id)
                .await
                .unwrap_or_else(|e| panic!("report {} is half-written: {e}", entry.meta.id));
            if let Some((text, hashes)) = by_receipt.get(&entry.meta.id) {
                assert_eq!(&opened.sealed.report.narrative, text.trim());
                let sealed: Vec<&String> = opened.sealed.files.iter().map(|f| &f.sha256).collect();
                assert_eq!(
                    sealed.len(),
                    hashes.len(),
                    "the sealed report lists its files"
                );
            }
            // Every file of every stored report decrypts to what its recorded hash says.
            for file in &opened.files {
                let id: refuge_domain::FileId = file.file_id.parse().expect("file id");
                let mut download = app
                    .download_file(&session, entry.meta.id, id, Variant::Original)
                    .await
                    .unwrap_or_else(|e| panic!("file {id} is half-written: {e}"));
                // A download is read on the blocking pool, as the web layer streams it.
                let bytes = tokio::task::spawn_blocking(move || {
                    let mut bytes = Vec::new();
                    std::io::Read::read_to_end(&mut download.content, &mut bytes).map(|_| bytes)
                })
                .await
                .expect("reader")
                .expect("read");
                assert_eq!(sha256_hex(&bytes), file.sha256, "file {id} intact");
                if file.cleaned {
                    app.download_file(&session, entry.meta.id, id, Variant::Clean)
                        .await
                        .expect("working copy");
                }
                files += 1;
            }
            stored += 1;
        }
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    let listing = blobs.clone();
    let on_disk: HashSet<String> = tokio::task::spawn_blocking(move || listing.list_older_than(0))
        .await
        .expect("listing")
        .expect("list")
        .into_iter()
        .collect();
    let referenced: HashSet<String> = refuge_domain::ports::InstanceStore::blob_names(&store)
        .await
        .expect("names")
        .into_iter()
        .collect();
    assert!(referenced.is_subset(&on_disk), "a report without its blob");
    let orphans = on_disk.difference(&referenced).count();
    let temporaries = std::fs::read_dir(data_dir.join("tmp"))
        .map(|d| d.count())
        .unwrap_or(0);
    assert_eq!(temporaries, 0, "temporary files left behind");
    store.close().await;
    (stored, orphans, files)
}

#[tokio::test]
async fn kill_9_under_load_loses_nothing_acknowledged_on_sqlite() {
    let data = tempfile::tempdir().expect("data");
    add_staff(data.path(), "", "amina", "caseworker");
    let acknowledged = crash_cycles(data.path(), "", &[], false).await;
    let store = SqlStore::open_sqlite(data.path()).await.expect("open");
    let (stored, orphans, files) = verify(store, data.path(), &acknowledged, None).await;
    assert_eq!(orphans, 0, "no orphaned blob kept (SQLite sweeps at start)");
    assert!(stored >= acknowledged.len());
    assert!(files > 0, "the load sent files");
    eprintln!(
        "sqlite: {} acknowledged, {stored} stored with {files} files, all intact",
        acknowledged.len()
    );
}

#[tokio::test]
async fn kill_9_under_load_loses_nothing_acknowledged_on_postgres() {
    if postgres_skipped() {
        return;
    }
    let db = TestDatabase::create(Engine::Postgres).await;
    add_staff(db.data_dir(), &db.url, "amina", "caseworker");
    let acknowledged = crash_cycles(db.data_dir(), &db.url, &[], false).await;
    let store = SqlStore::open_postgres(&db.url).await.expect("open");
    let (stored, orphans, files) = verify(store, db.data_dir(), &acknowledged, None).await;
    assert!(files > 0, "the load sent files");
    // PostgreSQL keeps young orphans for an hour (another server may be committing them).
    eprintln!(
        "postgres: {} acknowledged, {stored} stored with {files} files, all intact, {orphans} young orphans awaiting the sweep",
        acknowledged.len()
    );
}

/// The configuration for several app servers: PostgreSQL, and evidence files in an S3 bucket.
/// Files are written to the database as acknowledged, and each server, killed under load,
/// is moving the files of "earlier days" to the bucket as it dies: no file may be lost or
/// half-moved, wherever the kill falls.
#[tokio::test]
async fn kill_9_under_load_loses_nothing_acknowledged_with_files_in_a_bucket() {
    if postgres_skipped() {
        return;
    }
    let Some(bucket) = refuge_store::testing::test_bucket() else {
        return;
    };
    let db = TestDatabase::create(Engine::Postgres).await;
    add_staff(db.data_dir(), &db.url, "amina", "caseworker");
    let env = bucket_env(&bucket);
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let acknowledged = crash_cycles(db.data_dir(), &db.url, &env, true).await;
    let moved_under_load = support::objects_in(&bucket).await.len();
    assert!(
        moved_under_load > 0,
        "the servers moved files to the bucket while they were loaded and killed"
    );
    // Every check reads through the database and the bucket, as the server does: files half
    // moved are in one or the other, whole.
    let store = SqlStore::open_postgres(&db.url).await.expect("open");
    let (stored, orphans, files) = verify(store, db.data_dir(), &acknowledged, Some(&bucket)).await;
    assert!(files > 0, "the load sent files");
    // The rest moves, and everything still opens from the bucket.
    support::files_move_to_the_bucket(db.data_dir(), &db.url, &bucket).await;
    let store = SqlStore::open_postgres(&db.url).await.expect("open");
    verify(store, db.data_dir(), &acknowledged, Some(&bucket)).await;
    let in_bucket = support::objects_in(&bucket).await.len();
    assert!(
        in_bucket >= files,
        "every stored file is an object in the bucket ({in_bucket} objects, {files} files)"
    );
    eprintln!(
        "postgres with a bucket: {} acknowledged, {stored} stored with {files} files; {moved_under_load} objects moved by servers killed under load, {in_bucket} in the end, all intact, {orphans} young orphans awaiting the sweep",
        acknowledged.len()
    );
}

/// Index of the line where each traced syscall completed, keyed by the line where it started.
fn completions(lines: &[&str]) -> HashMap<usize, usize> {
    let mut open: HashMap<(String, String), usize> = HashMap::new();
    let mut done = HashMap::new();
    for (index, line) in lines.iter().enumerate() {
        let pid = line.split_whitespace().next().unwrap_or("").to_owned();
        if let Some(rest) = line.split("<... ").nth(1) {
            let name = rest.split_whitespace().next().unwrap_or("").to_owned();
            if let Some(start) = open.remove(&(pid, name)) {
                done.insert(start, index);
            }
        } else if line.contains("<unfinished ...>") {
            let name = line
                .split_whitespace()
                .nth(1)
                .and_then(|s| s.split('(').next())
                .unwrap_or("")
                .to_owned();
            open.insert((pid, name), index);
        } else {
            done.insert(index, index);
        }
    }
    done
}

#[tokio::test]
async fn every_acknowledgement_comes_after_its_fsyncs() {
    let data = tempfile::tempdir().expect("data");
    let logs = tempfile::tempdir().expect("logs");
    add_staff(data.path(), "", "amina", "caseworker");
    let trace = logs.path().join("trace.txt");
    let port = free_port();
    let mut strace = Command::new("strace")
        .args([
            "-f",
            "-y",
            "-s",
            "65536",
            "-e",
            "trace=fsync,fdatasync,pwrite64,write,writev,sendto,sendmsg",
            "-o",
        ])
        .arg(&trace)
        .arg(support::binary())
        .args([
            "serve",
            "--listen",
            &format!("127.0.0.1:{port}"),
            "--data-dir",
        ])
        .arg(data.path())
        .envs(cheap_env())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("strace (Debian package strace) is installed by scripts/test");
    let base = format!("http://127.0.0.1:{port}");
    for _ in 0..500 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let client = client();
    let mut receipts = Vec::new();
    for n in 0..5 {
        receipts.push(
            support::submit_form(
                &client,
                &base,
                "ug",
                &[("narrative", &format!("traced report {n}"))],
            )
            .await,
        );
    }
    // Stop the traced server (strace's child), then strace.
    let server_pid = std::fs::read_dir("/proc")
        .expect("proc")
        .flatten()
        .filter_map(|e| e.file_name().to_str().and_then(|n| n.parse::<u32>().ok()))
        .find(|pid| {
            std::fs::read_to_string(format!("/proc/{pid}/stat"))
                .ok()
                .and_then(|stat| {
                    stat.rsplit(')')
                        .next()
                        .and_then(|rest| rest.split_whitespace().nth(1))
                        .map(|ppid| ppid == strace.id().to_string())
                })
                .unwrap_or(false)
        })
        .expect("traced server process");
    let _ = Command::new("kill")
        .args(["-9", &server_pid.to_string()])
        .status();
    let _ = strace.wait();

    let text = std::fs::read_to_string(&trace).expect("trace");
    let lines: Vec<&str> = text.lines().collect();
    let done = completions(&lines);
    let is_write = |line: &str| {
        ["write(", "writev(", "sendto(", "sendmsg("]
            .iter()
            .any(|s| {
                line.split_whitespace()
                    .nth(1)
                    .is_some_and(|w| w.starts_with(s))
            })
    };
    let acknowledgements: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| is_write(l) && l.contains(r#"id=\"receipt\""#))
        .map(|(i, _)| i)
        .collect();
    assert_eq!(
        acknowledgements.len(),
        receipts.len(),
        "each receipt response found in the trace"
    );

    // Sealed blobs and rows both live in the database (decision 0010): what must be durable
    // before a receipt is shown is every write to the database's WAL since the previous one.
    let syscall = |line: &str, names: &[&str]| {
        names.iter().any(|n| {
            line.split_whitespace()
                .nth(1)
                .is_some_and(|w| w.starts_with(&format!("{n}(")))
        })
    };
    let to_wal = |line: &str| line.contains("refuge.sqlite3-wal>");
    let mut previous = 0;
    for &ack in &acknowledgements {
        let wal_writes: Vec<usize> = (previous..ack)
            .filter(|&i| syscall(lines[i], &["pwrite64", "write"]) && to_wal(lines[i]))
            .collect();
        let last_write = *wal_writes
            .last()
            .unwrap_or_else(|| panic!("no write to the WAL before acknowledgement at line {ack}"));
        let last_write_done = done.get(&last_write).copied().unwrap_or(last_write);
        let synced = (last_write..ack).any(|i| {
            syscall(lines[i], &["fsync", "fdatasync"])
                && to_wal(lines[i])
                && !lines[i].contains("resumed>")
                && i > last_write_done
                && done.get(&i).is_some_and(|&end| end < ack)
        });
        assert!(
            synced,
            "the WAL was not fsynced after its last write (line {last_write}) and before the receipt (line {ack})"
        );
        let commits = (previous..ack)
            .filter(|&i| {
                syscall(lines[i], &["fsync", "fdatasync"])
                    && to_wal(lines[i])
                    && done.get(&i).is_some_and(|&end| end < ack)
            })
            .count();
        assert!(
            commits >= 2,
            "the sealed blob and the report row each committed before the receipt ({commits} WAL fsyncs, ack line {ack})"
        );
        previous = ack + 1;
    }
}
