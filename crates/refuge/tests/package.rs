//! The Debian package, as an administrator meets it: built with cargo-deb, installed with
//! `dpkg -i`, it brings the binary, `/etc/refuge/refuge.toml`, the hardened systemd unit (scored
//! by `systemd-analyze security`) and a `refuge` system user whose data directory only it can
//! enter; the packaged binary starts with the packaged configuration. Purged at the end.
//!
//! It installs into this machine's root (CI machines are made for the run); it packages the
//! debug build (`scripts/package` makes the release package the same way).

mod support;

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use support::{cheap_env, free_port};

fn repository() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

fn run(command: &mut Command) -> String {
    let output = command.output().expect("command");
    assert!(
        output.status.success(),
        "{command:?}: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn the_packaged_configuration_is_the_default_with_its_data_directory() {
    let default = run(Command::new(support::binary()).args(["config", "default"]));
    let packaged = std::fs::read_to_string(repository().join("packaging/debian/refuge.toml"))
        .expect("packaged config");
    assert_eq!(
        packaged,
        default.replace(
            "data_dir = \"./refuge-data\"",
            "data_dir = \"/var/lib/refuge\""
        ),
        "packaging/debian/refuge.toml must be `refuge config default` with data_dir = /var/lib/refuge"
    );
}

#[test]
fn the_unit_scores_as_hardened() {
    let report = run(Command::new("systemd-analyze")
        .args(["security", "--offline=true"])
        .arg(repository().join("packaging/debian/refuge.service")));
    let score: f64 = report
        .lines()
        .find_map(|l| l.split("refuge.service: ").nth(1))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .expect("an exposure score");
    eprintln!("systemd-analyze security: exposure {score}");
    assert!(score <= 2.0, "exposure {score}:\n{report}");
}

#[test]
fn the_package_installs_and_starts_with_its_configuration() {
    let out = tempfile::tempdir().expect("out");
    let deb = out.path().join("refuge.deb");
    let target = std::env::var("CARGO_TARGET_DIR")
        .unwrap_or_else(|_| repository().join("target").display().to_string());
    run(Command::new("cargo")
        .current_dir(repository())
        .env("CARGO_TARGET_DIR", &target)
        .args([
            "deb",
            "-p",
            "refuge",
            "--no-build",
            "--profile",
            "dev",
            "--no-strip",
            "--fast",
            "--output",
        ])
        .arg(&deb));
    // Nothing of an earlier run in the way.
    let _ = Command::new("dpkg").args(["--purge", "refuge"]).output();
    let _ = std::fs::remove_dir_all("/var/lib/refuge");
    run(Command::new("dpkg").arg("-i").arg(&deb));

    let installed = run(Command::new("dpkg").args(["-L", "refuge"]));
    for path in [
        "/usr/bin/refuge",
        "/etc/refuge/refuge.toml",
        "/usr/share/doc/refuge/operations.md",
    ] {
        assert!(
            installed.lines().any(|l| l == path),
            "{path} in {installed}"
        );
    }
    assert!(
        installed
            .lines()
            .any(|l| l.ends_with("/systemd/system/refuge.service")),
        "{installed}"
    );
    let conffiles = run(Command::new("dpkg-query").args(["-W", "-f=${Conffiles}", "refuge"]));
    assert!(conffiles.contains("/etc/refuge/refuge.toml"), "{conffiles}");
    let user = run(Command::new("getent").args(["passwd", "refuge"]));
    assert!(user.contains("/var/lib/refuge"), "{user}");
    let state = std::fs::metadata("/var/lib/refuge").expect("/var/lib/refuge");
    assert_eq!(state.permissions().mode() & 0o777, 0o700);
    let uid: u32 = run(Command::new("id").args(["-u", "refuge"]))
        .trim()
        .parse()
        .expect("uid");
    assert_eq!(state.uid(), uid, "the data directory is refuge's");

    // The packaged binary, as the refuge user, with the packaged configuration.
    let port = free_port();
    let gid: u32 = run(Command::new("id").args(["-g", "refuge"]))
        .trim()
        .parse()
        .expect("gid");
    // Started as the refuge user directly (a child of this test, so that it can be stopped).
    let mut server = Command::new("/usr/bin/refuge")
        .args(["serve", "--config", "/etc/refuge/refuge.toml"])
        .uid(uid)
        .gid(gid)
        .envs(cheap_env())
        .env("REFUGE_SERVER__LISTEN", format!("127.0.0.1:{port}"))
        .current_dir("/var/lib/refuge")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the packaged refuge");
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut healthy = false;
    while Instant::now() < deadline && !healthy {
        healthy = std::net::TcpStream::connect(("127.0.0.1", port))
            .ok()
            .and_then(|mut stream| {
                use std::io::{Read, Write};
                stream
                    .write_all(
                        b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
                    )
                    .ok()?;
                let mut answer = String::new();
                stream.read_to_string(&mut answer).ok()?;
                Some(answer.starts_with("HTTP/1.1 200") && answer.ends_with("ok\n"))
            })
            .unwrap_or(false);
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = server.kill();
    let output = server.wait_with_output().expect("stopped");
    assert!(healthy, "the packaged server answered /healthz");
    let console = String::from_utf8_lossy(&output.stdout);
    assert!(console.contains("data in /var/lib/refuge"), "{console}");
    assert!(console.contains("/setup/"), "the set-up link: {console}");
    assert!(
        std::path::Path::new("/var/lib/refuge/refuge.sqlite3").exists(),
        "the database in the state directory"
    );

    run(Command::new("dpkg").args(["--purge", "refuge"]));
    assert!(!std::path::Path::new("/usr/bin/refuge").exists());
    assert!(
        Command::new("getent")
            .args(["passwd", "refuge"])
            .output()
            .is_ok_and(|o| !o.status.success())
    );
    let _ = std::fs::remove_dir_all("/var/lib/refuge");
}
