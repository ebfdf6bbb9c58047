//! `refuge backup` and `refuge restore` on the real binary: a backup taken while reports with
//! files arrive, restored into PostgreSQL (the move an organisation makes when it grows) and
//! that one backed up again and restored into SQLite; after each, every report acknowledged
//! before the backup opens for its caseworker, every receipt signs in, every file's SHA-256 is
//! the one given at intake, and the audit chain verifies. A backup with one byte changed, or cut
//! short, is refused and the target stays empty; a database in use is never a target.

mod support;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use refuge_store::Engine;
use refuge_store::testing::{TestDatabase, postgres_skipped};
use support::{PASSWORD, Server, add_staff, api_get, binary, cheap_env, client, staff_token};

/// Runs the binary with `input` on standard input: (exit code, stdout, stderr).
fn refuge(args: &[&str], input: &str) -> (i32, String, String) {
    let mut child = Command::new(binary())
        .args(args)
        .envs(cheap_env())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("refuge");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("stdin");
    let output = child.wait_with_output().expect("finished");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn storage_args<'a>(data_dir: &'a Path, url: &'a str) -> Vec<&'a str> {
    let mut args = vec!["--data-dir", data_dir.to_str().expect("path")];
    if !url.is_empty() {
        args.extend(["--database-url", url]);
    }
    args
}

/// A report sent through the API with one file; returns (receipt, file's SHA-256).
async fn send_report(client: &reqwest::Client, base: &str, n: usize) -> (String, String) {
    use sha2::Digest;
    let file = format!("%PDF-1.4 evidence number {n} {}", "x".repeat(n * 997)).into_bytes();
    let hash = hex::encode(sha2::Sha256::digest(&file));
    let form = reqwest::multipart::Form::new()
        .text(
            "report",
            serde_json::json!({"narrative": format!("report number {n}: they called my mother")})
                .to_string(),
        )
        .part(
            "file",
            reqwest::multipart::Part::bytes(file).file_name(format!("letter-{n}.pdf")),
        );
    let answer = client
        .post(format!("{base}/api/v1/reports"))
        .multipart(form)
        .send()
        .await
        .expect("submit");
    assert_eq!(answer.status().as_u16(), 201);
    let body: serde_json::Value = answer.json().await.expect("json");
    (body["receipt"].as_str().expect("receipt").to_owned(), hash)
}

/// Everything a restored instance must still do: staff sign in and open every report, each
/// receipt signs in and sees its file with the SHA-256 it was given, the audit chain verifies.
async fn check_restored(server: &Server, data_dir: &Path, url: &str, sent: &[(String, String)]) {
    let client = client();
    let token = staff_token(&client, &server.base, "amina").await;
    let listed = api_get(&client, &server.base, "/api/v1/reports?limit=200", &token).await;
    let ids: Vec<String> = listed["reports"]
        .as_array()
        .expect("reports")
        .iter()
        .map(|r| r["id"].as_str().expect("id").to_owned())
        .collect();
    assert!(ids.len() >= sent.len(), "{} of {}", ids.len(), sent.len());
    for id in &ids {
        let report = api_get(
            &client,
            &server.base,
            &format!("/api/v1/reports/{id}"),
            &token,
        )
        .await;
        assert!(
            report["report"]["narrative"]
                .as_str()
                .is_some_and(|n| n.contains("they called my mother")),
            "{report}"
        );
    }
    for (receipt, hash) in sent {
        let session = client
            .post(format!("{}/api/v1/reporter/session", server.base))
            .json(&serde_json::json!({"receipt": receipt}))
            .send()
            .await
            .expect("reporter session");
        assert_eq!(session.status().as_u16(), 201, "a receipt signs in");
        let reporter: serde_json::Value = session.json().await.expect("json");
        let view = api_get(
            &client,
            &server.base,
            "/api/v1/reporter/report",
            reporter["token"].as_str().expect("token"),
        )
        .await;
        assert_eq!(view["files"][0]["sha256"], hash.as_str(), "{view}");
    }
    let mut args = vec!["audit", "verify"];
    args.extend(storage_args(data_dir, url));
    let (code, out, err) = refuge(&args, "");
    assert_eq!(code, 0, "audit verify: {out}{err}");
}

#[tokio::test]
async fn a_backup_under_load_restores_into_either_engine() {
    if postgres_skipped() {
        return;
    }
    let source = tempfile::tempdir().expect("data");
    let logs = tempfile::tempdir().expect("logs");
    let out = tempfile::tempdir().expect("out");
    add_staff(source.path(), "", "amina", "caseworker");
    let (code, secret, err) = refuge(
        &[
            "recovery-key",
            "new",
            "--data-dir",
            source.path().to_str().expect("path"),
        ],
        "",
    );
    assert_eq!(code, 0, "{err}");
    let secret = secret.trim().to_owned();
    let server = Server::start(source.path(), "", logs.path());
    let client = client();
    let mut sent = Vec::new();
    for n in 0..24 {
        sent.push(send_report(&client, &server.base, n).await);
    }

    // The backup runs while more reports arrive.
    let backup_file = out.path().join("refuge.age");
    let backup_path = backup_file.to_str().expect("path").to_owned();
    let data_dir = source.path().to_owned();
    let backup = tokio::task::spawn_blocking(move || {
        let mut args = vec!["backup", "--out", backup_path.as_str()];
        args.extend(storage_args(&data_dir, ""));
        refuge(&args, "")
    });
    let mut during = 24;
    while !backup.is_finished() {
        send_report(&client, &server.base, during).await;
        during += 1;
    }
    let (code, _, err) = backup.await.expect("backup");
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("backup written"), "{err}");
    eprintln!("{err}(reports sent while it ran: {})", during - 24);
    server.stop();
    let sealed = std::fs::read(&backup_file).expect("backup");
    assert!(sealed.starts_with(b"age-encryption.org/v1"), "an age file");
    assert!(
        !sealed.windows(22).any(|w| w == b"they called my mother"),
        "nothing in clear"
    );
    assert!(!out.path().join("refuge.age.partial").exists());

    // The standard age tool opens it with the recovery identity.
    let key_file = out.path().join("recovery.txt");
    std::fs::write(&key_file, format!("{secret}\n")).expect("key");
    let opened = Command::new("age")
        .args(["-d", "-i"])
        .arg(&key_file)
        .arg(&backup_file)
        .output()
        .expect("the age tool (Debian package age) is installed by .ci/run");
    assert!(opened.status.success());
    assert!(opened.stdout.starts_with(b"refuge-backup 1\n"));

    // Into PostgreSQL: everything acknowledged before the backup is there and works.
    let postgres = TestDatabase::create(Engine::Postgres).await;
    let mut args = vec![
        "restore",
        "--identity-stdin",
        "--from",
        backup_file.to_str().expect("path"),
    ];
    args.extend(storage_args(postgres.data_dir(), &postgres.url));
    let (code, _, err) = refuge(&args, &format!("{secret}\n"));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("restored"), "{err}");
    eprintln!("{err}");
    // A second restore into the same database is refused: it is in use now.
    let (code, _, err) = refuge(&args, &format!("{secret}\n"));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("not empty"), "{err}");
    let server = Server::start(postgres.data_dir(), &postgres.url, logs.path());
    check_restored(&server, postgres.data_dir(), &postgres.url, &sent).await;
    // The restored instance takes new reports (its numbering goes on).
    send_report(&client, &server.base, 999).await;
    server.stop();

    // And back: PostgreSQL to a new SQLite directory.
    let again = out.path().join("from-postgres.age");
    let mut args = vec!["backup", "--out", again.to_str().expect("path")];
    args.extend(storage_args(postgres.data_dir(), &postgres.url));
    let (code, _, err) = refuge(&args, "");
    assert_eq!(code, 0, "{err}");
    let sqlite = tempfile::tempdir().expect("sqlite");
    let mut args = vec![
        "restore",
        "--from",
        again.to_str().expect("path"),
        "--identity",
        key_file.to_str().expect("path"),
    ];
    args.extend(storage_args(sqlite.path(), ""));
    let (code, _, err) = refuge(&args, "");
    assert_eq!(code, 0, "{err}");
    let server = Server::start(sqlite.path(), "", logs.path());
    check_restored(&server, sqlite.path(), "", &sent).await;
    server.stop();

    // One byte changed, or the end cut off: refused, and the target stays empty.
    let mut changed = sealed.clone();
    let middle = changed.len() / 2;
    changed[middle] ^= 0x01;
    let cut = sealed[..sealed.len() - 100].to_vec();
    for (name, bytes) in [("changed.age", changed), ("cut.age", cut)] {
        let path = out.path().join(name);
        std::fs::write(&path, bytes).expect("write");
        let target = tempfile::tempdir().expect("target");
        let mut args = vec!["restore", "--from", path.to_str().expect("path")];
        args.extend(storage_args(target.path(), ""));
        let (code, _, err) = refuge(&args, &format!("{secret}\n"));
        assert_eq!(code, 1, "{name}: {err}");
        let store = refuge_store::SqlStore::open_sqlite(target.path())
            .await
            .expect("open");
        use refuge_domain::ports::StaffStore;
        assert!(
            store.list_staff().await.expect("staff").is_empty(),
            "{name}"
        );
        store.close().await;
    }
    // A wrong identity opens nothing.
    let (code, _, err) = refuge(
        &[
            "restore",
            "--from",
            backup_file.to_str().expect("path"),
            "--data-dir",
            tempfile::tempdir().expect("t").path().to_str().expect("p"),
        ],
        "AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ\n",
    );
    assert_ne!(code, 0, "{err}");
    let _ = PASSWORD;
}

/// With evidence files in an S3 bucket (moved there a day after they arrived), the backup reads
/// the files the moment's rows point to from the bucket, so it is still the whole state:
/// restored into SQLite with no bucket at all, every receipt sees its file with the SHA-256 it
/// was given.
#[tokio::test]
async fn a_backup_carries_the_files_kept_in_a_bucket() {
    if postgres_skipped() {
        return;
    }
    let Some(bucket) = refuge_store::testing::test_bucket() else {
        return;
    };
    let source = TestDatabase::create(Engine::Postgres).await;
    let logs = tempfile::tempdir().expect("logs");
    let out = tempfile::tempdir().expect("out");
    add_staff(source.data_dir(), &source.url, "amina", "caseworker");
    let mut args = vec!["recovery-key", "new"];
    args.extend(storage_args(source.data_dir(), &source.url));
    let (code, secret, err) = refuge(&args, "");
    assert_eq!(code, 0, "{err}");
    let env = refuge_store::testing::bucket_env(&bucket);
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let server = Server::start_with(source.data_dir(), &source.url, logs.path(), &env);
    let client = client();
    let mut sent = Vec::new();
    for n in 0..12 {
        sent.push(send_report(&client, &server.base, n).await);
    }
    server.stop();
    let moved = support::files_move_to_the_bucket(source.data_dir(), &source.url, &bucket).await;
    assert!(
        moved >= 12,
        "a day later the files moved to the bucket ({moved})"
    );

    let backup_file = out.path().join("refuge.age");
    let mut command = Command::new(binary());
    command
        .args(["backup", "--out"])
        .arg(&backup_file)
        .args(storage_args(source.data_dir(), &source.url))
        .envs(cheap_env())
        .envs(env.iter().copied());
    let output = command.output().expect("backup");
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{err}");
    assert!(err.contains("files from the bucket"), "{err}");
    eprintln!("{err}");

    // Without the bucket's settings the same backup is refused: it would leave files behind.
    let mut args = vec!["backup", "--out"];
    let refused_file = out.path().join("refused.age");
    args.push(refused_file.to_str().expect("path"));
    args.extend(storage_args(source.data_dir(), &source.url));
    let (code, _, err) = refuge(&args, "");
    assert_ne!(code, 0, "a backup without the bucket's files: {err}");
    assert!(err.contains("no bucket is configured"), "{err}");
    assert!(!refused_file.exists());

    let sqlite = tempfile::tempdir().expect("sqlite");
    let mut args = vec![
        "restore",
        "--identity-stdin",
        "--from",
        backup_file.to_str().expect("path"),
    ];
    args.extend(storage_args(sqlite.path(), ""));
    let (code, _, err) = refuge(&args, &format!("{}\n", secret.trim()));
    assert_eq!(code, 0, "{err}");
    let server = Server::start(sqlite.path(), "", logs.path());
    check_restored(&server, sqlite.path(), "", &sent).await;
    server.stop();
}
