//! The command-line contract of docs/interfaces.md, on the real binary: exit codes, messages that
//! name the key, commands that create the database as needed, start-up recovery, one server per
//! SQLite directory.

mod support;

use std::process::{Command, Stdio};

use support::{Server, binary, cheap_env, client};

fn run(args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    let output = Command::new(binary())
        .args(args)
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .output()
        .expect("run refuge");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn config_default_matches_the_example_file() {
    let (code, stdout, _) = run(&["config", "default"], &[]);
    assert_eq!(code, 0);
    let example = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../config.example.toml"
    ))
    .expect("config.example.toml");
    assert_eq!(
        stdout, example,
        "config.example.toml must equal `refuge config default`"
    );
}

#[test]
fn configuration_errors_exit_2_and_name_the_key() {
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("refuge.toml");
    std::fs::write(&file, "[server]\nlisen = \"127.0.0.1:1\"\n").expect("write");
    let (code, _, stderr) = run(
        &["config", "check", "--config", file.to_str().expect("path")],
        &[],
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("lisen"), "{stderr}");
    let (code, _, stderr) = run(
        &["config", "check"],
        &[("REFUGE_SECURITY__RECEIPT_MEMORY_KIB", "1")],
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("security.receipt_memory_kib"), "{stderr}");
    let (code, stdout, _) = run(&["config", "check"], &[]);
    assert_eq!(code, 0);
    assert!(stdout.contains("configuration is valid"));
    let (code, _, stderr) = run(
        &[
            "user",
            "add",
            "--username",
            "x",
            "--role",
            "boss",
            "--password-stdin",
        ],
        &[],
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("--role"));
    let (code, _, _) = run(&["serve", "--no-such-flag"], &[]);
    assert_eq!(code, 2);
}

#[test]
fn user_add_and_migrate_work_on_an_empty_directory() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("fresh");
    let (code, stdout, stderr) = run(
        &["migrate", "--data-dir", data.to_str().expect("path")],
        &[],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("up to date"));
    support::add_staff(&dir.path().join("other"), "", "amina", "caseworker");
    assert!(dir.path().join("other").join("refuge.sqlite3").exists());
    let mut weak = Command::new(binary())
        .args([
            "user",
            "add",
            "--username",
            "bilal",
            "--role",
            "caseworker",
            "--password-stdin",
            "--data-dir",
        ])
        .arg(&data)
        .envs(cheap_env())
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    use std::io::Write;
    weak.stdin
        .take()
        .expect("stdin")
        .write_all(b"short\n")
        .expect("write");
    let output = weak.wait_with_output().expect("wait");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("12 characters"));
}

#[tokio::test]
async fn first_start_prints_a_setup_link_that_creates_the_administrator() {
    let data = tempfile::tempdir().expect("data");
    let logs = tempfile::tempdir().expect("logs");
    let server = Server::start(data.path(), "", logs.path());
    let mut link = String::new();
    for _ in 0..100 {
        link = server
            .log()
            .lines()
            .find(|l| l.contains("/setup/"))
            .unwrap_or("")
            .trim()
            .to_owned();
        if !link.is_empty() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(
        link.starts_with(&format!("{}/setup/", server.base)),
        "{link}"
    );
    let printed = std::fs::read_to_string(&server.stdout).expect("stdout");
    assert!(
        printed.find("listening").unwrap_or(usize::MAX) < printed.find("/setup/").unwrap_or(0),
        "the link comes after the start-up lines, not lost above them:\n{printed}"
    );
    assert!(
        printed.contains("refuge setup-link"),
        "says how to get a new one"
    );
    // Lost it? `refuge setup-link` prints a new one, beside the running server.
    let data_arg = data.path().to_str().expect("path");
    let (code, stdout, stderr) = run(&["setup-link", "--data-dir", data_arg], &cheap_env());
    assert_eq!(code, 0, "{stderr}");
    let fresh = stdout.trim().to_owned();
    assert!(fresh.contains("/setup/") && fresh != link, "{fresh}");
    let fresh = fresh.replacen("http://127.0.0.1:8080", &server.base, 1);
    let client = client();
    assert_eq!(
        client
            .get(&fresh)
            .send()
            .await
            .expect("setup page")
            .status(),
        200,
        "the new link opens the set-up page"
    );
    assert_eq!(
        client.get(&link).send().await.expect("setup page").status(),
        200
    );
    let created = client
        .post(&link)
        .header("sec-fetch-site", "same-origin")
        .form(&[
            ("username", "root"),
            ("password", support::PASSWORD),
            ("password_confirm", support::PASSWORD),
        ])
        .send()
        .await
        .expect("setup");
    // Signed in, with the organisation's recovery key shown once before the inbox.
    assert_eq!(created.status(), 200);
    assert!(created.headers().get("set-cookie").is_some());
    assert!(
        created
            .text()
            .await
            .expect("page")
            .contains("AGE-SECRET-KEY-1")
    );

    let second = Command::new(binary())
        .args([
            "serve",
            "--listen",
            &format!("127.0.0.1:{}", support::free_port()),
            "--data-dir",
        ])
        .arg(data.path())
        .output()
        .expect("second server");
    assert_eq!(second.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&second.stderr).contains("another refuge process"));
    let (code, _, stderr) = run(&["setup-link", "--data-dir", data_arg], &cheap_env());
    assert_eq!(code, 1, "no link once an administrator exists");
    assert!(stderr.contains("set-up is complete"), "{stderr}");
    server.stop();

    let restarted = Server::start(data.path(), "", logs.path());
    std::thread::sleep(std::time::Duration::from_millis(100));
    assert!(
        !restarted.log().contains("/setup/"),
        "no setup link once an administrator exists"
    );
}

#[test]
fn start_up_removes_leftovers_of_interrupted_writes() {
    use refuge_domain::ports::BlobStore;
    use std::io::Write;
    let data = tempfile::tempdir().expect("data");
    let logs = tempfile::tempdir().expect("logs");
    Server::start(data.path(), "", logs.path()).stop();
    // A blob an earlier version kept as a file, that no report points to.
    let orphan_dir = data.path().join("blobs").join("ab");
    std::fs::create_dir_all(&orphan_dir).expect("shard");
    let orphan = orphan_dir.join(format!("ab{}.age", "0".repeat(30)));
    std::fs::write(&orphan, b"age-encryption.org/v1 half a report").expect("orphan");
    // A scratch copy, a stored blob no row points to, and one whose writing was interrupted.
    let scratch = data.path().join("tmp").join("cafe.scratch");
    std::fs::write(&scratch, b"partial").expect("scratch");
    support::with_blobs(data.path(), |blobs| {
        blobs
            .put(b"age-encryption.org/v1 unreferenced")
            .expect("put");
        let mut interrupted = blobs.create().expect("create");
        interrupted
            .write_all(b"age-encryption.org/v1 cut")
            .expect("write");
        std::mem::forget(interrupted);
    });
    let server = Server::start(data.path(), "", logs.path());
    assert!(!orphan.exists(), "the old file is moved in, then swept");
    assert!(!scratch.exists(), "scratch copies are removed");
    server.stop();
    support::with_blobs(data.path(), |blobs| {
        assert!(
            blobs.list_older_than(0).expect("list").is_empty(),
            "no blob that no report points to is kept"
        );
        assert_eq!(
            blobs.remove_temporaries().expect("sweep"),
            0,
            "nothing half-written is kept"
        );
    });
}

/// A server on a non-loopback address over plain HTTP, with secure cookies, cannot sign anyone
/// in: it says so at start-up instead of letting every sign-in loop back to an empty form.
#[test]
fn plain_http_on_another_address_is_called_out_at_start_up() {
    let data = tempfile::tempdir().expect("data");
    let port = support::free_port();
    let mut child = Command::new(binary())
        .args([
            "serve",
            "--listen",
            &format!("0.0.0.0:{port}"),
            "--data-dir",
        ])
        .arg(data.path())
        .envs(cheap_env())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("serve");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut said = String::new();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let mut buffer = [0u8; 4096];
    while !said.contains("/setup/") && std::time::Instant::now() < deadline {
        use std::io::Read;
        match stdout.read(&mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(read) => said.push_str(&String::from_utf8_lossy(&buffer[..read])),
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        said.contains("WARNING") && said.contains("web.secure_cookies"),
        "{said}"
    );
}

/// Security review L4 and L9: Refuge makes a data directory others could read private, creates
/// its files for its own user only, and never writes a core dump.
#[test]
fn the_data_stays_private_to_refuges_user() {
    use std::os::unix::fs::PermissionsExt;
    let parent = tempfile::tempdir().expect("dir");
    let open = parent.path().join("shared");
    std::fs::create_dir(&open).expect("mkdir");
    std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let (code, _, stderr) = run(
        &["migrate", "--data-dir", open.to_str().expect("path")],
        &cheap_env(),
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("private"), "says so: {stderr}");
    let mode = std::fs::metadata(&open).expect("meta").permissions().mode() & 0o777;
    assert_eq!(mode, 0o700, "made private");

    let private = parent.path().join("private");
    let (code, _, stderr) = run(
        &["migrate", "--data-dir", private.to_str().expect("path")],
        &cheap_env(),
    );
    assert_eq!(code, 0, "{stderr}");
    for entry in std::fs::read_dir(&private).expect("files").flatten() {
        let mode = entry.metadata().expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode & 0o077, 0, "{:?} is mode {mode:o}", entry.path());
    }
    let logs = tempfile::tempdir().expect("logs");
    let server = Server::start(&private, "", logs.path());
    let limits =
        std::fs::read_to_string(format!("/proc/{}/limits", server.child.id())).expect("limits");
    let core = limits
        .lines()
        .find(|l| l.starts_with("Max core file size"))
        .expect("core limit");
    assert!(
        core.split_whitespace().nth(4) == Some("0") && core.split_whitespace().nth(5) == Some("0"),
        "no core dumps: {core}"
    );
    server.stop();
}

/// `refuge recovery-key new` prints the identity once and keeps only its public key (the
/// secret is nowhere in the data directory); `grant --to USER`, with the identity on standard
/// input, gives a colleague every report sealed since — and a wrong input is a usage error.
#[tokio::test]
async fn the_recovery_key_is_printed_once_and_gives_reports_back() {
    use std::io::Write;
    let data = tempfile::tempdir().expect("data");
    let logs = tempfile::tempdir().expect("logs");
    support::add_staff(data.path(), "", "amina", "caseworker");
    let dir = data.path().to_str().expect("path");
    let (code, secret, _) = run(&["recovery-key", "new", "--data-dir", dir], &[]);
    assert_eq!(code, 0);
    let secret = secret.trim().to_owned();
    assert!(secret.starts_with("AGE-SECRET-KEY-1"), "{secret}");

    let server = support::Server::start(data.path(), "", logs.path());
    let answer = support::client()
        .post(format!("{}/api/v1/reports", server.base))
        .json(&serde_json::json!({"narrative": "sealed to the recovery key too"}))
        .send()
        .await
        .expect("submit");
    assert_eq!(answer.status(), 201);
    server.stop_gracefully();
    for file in support::files_under(data.path()) {
        let bytes = std::fs::read(&file).unwrap_or_default();
        assert!(
            !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
            "the recovery secret is in {}",
            file.display()
        );
    }

    support::add_staff(data.path(), "", "carol", "caseworker");
    let grant = |input: &str| {
        let mut child = Command::new(binary())
            .args(["recovery-key", "grant", "--to", "carol", "--data-dir", dir])
            .envs(support::cheap_env())
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("grant");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input.as_bytes())
            .expect("identity");
        let output = child.wait_with_output().expect("finished");
        (
            output.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    let (code, out, err) = grant(&format!("{secret}\n"));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("1 reports shared with carol"), "{out}");
    let (code, _, err) = grant("not a key\n");
    assert_eq!(code, 2);
    assert!(err.contains("AGE-SECRET-KEY"), "{err}");
}

/// `refuge audit verify` walks the hash chain and prints its head; a changed row makes it exit 1
/// naming the row; `refuge audit checkpoint` signs the head, and `verify --checkpoint FILE`
/// catches what the chain alone cannot: its end cut off, with the head rewritten to match.
#[tokio::test]
async fn audit_verify_names_the_first_bad_row_and_holds_the_log_to_a_checkpoint() {
    let data = tempfile::tempdir().expect("data");
    support::add_staff(data.path(), "", "amina", "caseworker");
    support::add_staff(data.path(), "", "bilal", "caseworker");
    let dir = data.path().to_str().expect("path");
    let env = support::cheap_env();
    let verify = |extra: &[&str]| {
        let mut args = vec!["audit", "verify", "--data-dir", dir];
        args.extend_from_slice(extra);
        run(&args, &env)
    };
    let (code, out, err) = verify(&[]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("audit log intact: 2 rows; head row 2 hash "),
        "{out}"
    );

    let (code, checkpoint, err) = run(&["audit", "checkpoint", "--data-dir", dir], &env);
    assert_eq!(code, 0, "{err}");
    assert!(
        checkpoint.starts_with("Refuge audit log checkpoint\n"),
        "{checkpoint}"
    );
    assert!(checkpoint.contains("\nrow: 2\n"));
    assert!(checkpoint.contains("-----BEGIN REFUGE EVIDENCE SIGNATURE-----"));
    let kept = tempfile::tempdir().expect("somewhere else");
    let file = kept.path().join("checkpoint.txt");
    std::fs::write(&file, &checkpoint).expect("keep the checkpoint");
    let file_arg = file.to_str().expect("path");
    let (code, out, err) = verify(&["--checkpoint", file_arg]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("the log extends the checkpoint at row 2"),
        "{out}"
    );

    let tamper = |sql: &'static str| async move {
        let store = refuge_store::SqlStore::open_sqlite(std::path::Path::new(dir))
            .await
            .expect("open");
        store.execute_raw(sql).await.expect("tamper");
        store.close().await;
    };
    // A row changed: named.
    tamper("UPDATE audit_log SET action = 'login' WHERE seq = 1").await;
    let (code, _, err) = verify(&[]);
    assert_eq!(code, 1);
    assert!(err.contains("row 1") && err.contains("changed"), "{err}");
    tamper("UPDATE audit_log SET action = 'staff_added' WHERE seq = 1").await;
    assert_eq!(verify(&[]).0, 0);

    // A forged checkpoint: the signature does not hold.
    let forged = checkpoint.replace("\nrow: 2\n", "\nrow: 1\n");
    std::fs::write(&file, &forged).expect("forge");
    let (code, _, err) = verify(&["--checkpoint", file_arg]);
    assert_eq!(code, 1);
    assert!(err.contains("signature"), "{err}");
    std::fs::write(&file, &checkpoint).expect("restore");

    // The end cut off and the head rewritten to match: the chain alone still looks whole; the
    // checkpoint kept elsewhere does not.
    tamper(
        "DELETE FROM audit_log WHERE seq >= 2; \
         UPDATE audit_head SET seq = 1, hash = (SELECT hash FROM audit_log WHERE seq = 1)",
    )
    .await;
    assert_eq!(verify(&[]).0, 0, "a chain cannot see its own end cut");
    let (code, _, err) = verify(&["--checkpoint", file_arg]);
    assert_eq!(code, 1);
    assert!(err.contains("row 2") && err.contains("checkpoint"), "{err}");
    let (code, _, err) = verify(&["--checkpoint", "/nonexistent/checkpoint.txt"]);
    assert_eq!(code, 2, "{err}");
}

/// `refuge purge`: says plainly when no rule is set; `--dry-run` lists and deletes nothing; a
/// zero period is refused as a configuration error naming the key. (The purge itself, killed
/// mid-way, is `purge_kill.rs`.)
#[test]
fn purge_says_what_it_would_do() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().to_str().expect("path");
    support::add_staff(dir.path(), "", "amina", "caseworker");
    let (code, out, err) = run(&["purge", "--data-dir", data], &cheap_env());
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("no retention rule is set"), "{out}");
    let mut env = cheap_env();
    env.push(("REFUGE_RETENTION__CLOSED_DAYS", "365"));
    let (code, out, err) = run(&["purge", "--dry-run", "--data-dir", data], &env);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("report\treceived\tstatus\tstatus_day\trule\n"),
        "{out}"
    );
    assert!(
        out.contains("0 reports would be deleted (dry run: nothing was)"),
        "{out}"
    );
    let (code, out, err) = run(&["purge", "--data-dir", data], &env);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("0 reports deleted"), "{out}");
    env.push(("REFUGE_RETENTION__ANY_DAYS", "0"));
    let (code, _, err) = run(&["purge", "--data-dir", data], &env);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("retention.any_days"), "{err}");
}
