//! A full disk: with the data directory on a small filesystem, submissions beyond its capacity
//! get a clear "could not save, try again" page with the input kept, nothing is acknowledged
//! that was not stored, and the server keeps serving once space is freed.
//!
//! The test mounts (and removes) a 4 MiB tmpfs, so it needs root, as CI has.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use refuge_app::{Refuge, Settings, SystemClock};
use refuge_store::{SqlBlobStore, SqlStore};
use support::{PASSWORD, Server, add_staff, client, extract, form_token};

struct SmallFilesystem {
    path: PathBuf,
    _parent: tempfile::TempDir,
}

impl SmallFilesystem {
    fn mount(size: &str) -> SmallFilesystem {
        let parent = tempfile::tempdir().expect("mount point parent");
        let path = parent.path().join("small");
        std::fs::create_dir(&path).expect("mount point");
        let status = Command::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                &format!("size={size},mode=0700"),
                "tmpfs",
            ])
            .arg(&path)
            .status()
            .expect("mount");
        assert!(
            status.success(),
            "mounting a small tmpfs needs root (CI runs as root)"
        );
        SmallFilesystem {
            path,
            _parent: parent,
        }
    }
}

impl Drop for SmallFilesystem {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.path).status();
    }
}

fn fill(dir: &Path, leave_kib: u64) -> PathBuf {
    let filler = dir.join("filler");
    let stat = Command::new("df")
        .args(["--output=avail", "-k"])
        .arg(dir)
        .output()
        .expect("df");
    let available: u64 = String::from_utf8_lossy(&stat.stdout)
        .lines()
        .nth(1)
        .and_then(|l| l.trim().parse().ok())
        .expect("df output");
    let size = available.saturating_sub(leave_kib) * 1024;
    std::fs::write(&filler, vec![0u8; size as usize]).expect("filler");
    filler
}

#[tokio::test]
async fn a_full_disk_refuses_clearly_and_recovers() {
    let disk = SmallFilesystem::mount("4m");
    let data = disk.path.join("data");
    let logs = tempfile::tempdir().expect("logs");
    add_staff(&data, "", "amina", "caseworker");
    let server = Server::start(&data, "", logs.path());
    let filler = fill(&disk.path, 160);

    let client = client();
    let mut acknowledged = Vec::new();
    let mut refused = 0;
    for n in 0..40 {
        let token = form_token(&client, &server.base, "ug").await;
        let narrative = format!("{n}: {}", "ئانام ساقچىخانىغا چاقىرىلدى. ".repeat(600));
        let response = client
            .post(format!("{}/ug/report", server.base))
            .header("sec-fetch-site", "same-origin")
            .form(&[
                ("form_token", token.as_str()),
                ("narrative", narrative.as_str()),
                ("action", "submit"),
            ])
            .send()
            .await
            .expect("an answer, never a dropped connection");
        let status = response.status().as_u16();
        let body = response.text().await.expect("body");
        match extract(&body, r#"id="receipt">"#, "<") {
            Some(receipt) => acknowledged.push((receipt, narrative)),
            None => {
                assert_eq!(
                    status, 503,
                    "a full disk is 'try again', never a 5xx crash page or a 4xx"
                );
                assert!(
                    body.contains(&refuge_web::i18n::Locale::Ug.t("error-save-failed")),
                    "a clear message in Uyghur"
                );
                assert!(body.contains(narrative.trim()), "the input is kept");
                refused += 1;
            }
        }
        if refused >= 3 {
            break;
        }
    }
    assert!(
        refused >= 3,
        "the disk filled up ({} acknowledged first)",
        acknowledged.len()
    );
    assert!(
        !acknowledged.is_empty(),
        "some reports fitted before the disk was full"
    );
    eprintln!(
        "full disk: {} acknowledged, then {refused} refused",
        acknowledged.len()
    );

    std::fs::remove_file(&filler).expect("free space");
    let after = support::submit_form(
        &client,
        &server.base,
        "en",
        &[("narrative", "after space was freed")],
    )
    .await;
    acknowledged.push((after, "after space was freed".into()));
    assert!(
        server.log().lines().all(|l| !l.contains("panicked")),
        "no panic"
    );
    server.stop();

    let store = SqlStore::open_sqlite(&data).await.expect("open");
    let blobs = Arc::new(SqlBlobStore::open(store.clone(), &data).expect("blobs"));
    let app = Refuge::new(
        Arc::new(store.clone()),
        blobs,
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
    for (receipt, narrative) in &acknowledged {
        let token = app
            .reporter_sign_in(receipt)
            .await
            .expect("every acknowledged report was stored");
        let id = app
            .reporter_session(&token)
            .await
            .expect("reporter session")
            .report_id;
        let opened = app.open_report(&session, id).await.expect("intact");
        assert_eq!(opened.sealed.report.narrative, narrative.trim());
    }
    assert_eq!(
        std::fs::read_dir(data.join("tmp"))
            .map(|d| d.count())
            .unwrap_or(0),
        0,
        "no partial file left"
    );
    store.close().await;
}
