//! Retention under `kill -9` (issue 10): `refuge purge` killed at random moments, again and
//! again, on SQLite and PostgreSQL, leaves every report either whole (its row, its sealed blob
//! that still opens, its recipients) or wholly gone (no row, no blob), and the audit log counts
//! exactly what went.
//!
//! The reports are written in-process with a clock 400 days back, so the real binary's own
//! clock finds them past `retention.any_days = 365`.

mod support;

use std::collections::HashMap;
use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

use refuge_app::accounts::NewAccount;
use refuge_app::intake::{IdempotencyKey, Submitted};
use refuge_app::{FixedClock, Refuge, Settings};
use refuge_domain::AuditAction;
use refuge_domain::ReportId;
use refuge_domain::calendar::Day;
use refuge_domain::ports::BlobStore;
use refuge_domain::ports::prelude::*;
use refuge_domain::report::ReportDraft;
use refuge_domain::staff::Role;
use refuge_store::testing::TestDatabase;
use refuge_store::{Engine, SqlBlobStore, SqlStore};

const REPORTS: usize = 1_000;
const DAY: i64 = 86_400;

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// Reports received 400 days ago: report id → its blob's name.
async fn old_reports(db: &TestDatabase) -> HashMap<ReportId, String> {
    let store = db.open().await;
    let blobs = Arc::new(SqlBlobStore::open(store.clone(), db.data_dir()).expect("blobs"));
    let clock = Arc::new(FixedClock::new(unix_now() - 400 * DAY));
    let app = Refuge::new(Arc::new(store.clone()), blobs, clock, Settings::for_tests())
        .await
        .expect("app");
    app.add_staff(
        None,
        &NewAccount {
            username: "amina".into(),
            password: support::PASSWORD.into(),
            role: Role::Caseworker,
        },
        None,
    )
    .await
    .expect("staff");
    for n in 0..REPORTS {
        let draft = ReportDraft {
            language: "en".into(),
            narrative: format!("Report {n}: they called my brother again."),
            ..ReportDraft::default()
        };
        let token = app.issue_form_token();
        let token = app.read_form_token(&token).expect("our token");
        match app
            .submit_report(&draft, IdempotencyKey::Form(&token))
            .await
            .expect("submit")
        {
            Submitted::Stored { .. } => {}
            _ => panic!("not stored"),
        }
    }
    let facts = store
        .retention_facts(None, Some(Day(i64::MAX / 4)))
        .await
        .expect("facts");
    let mut reports = HashMap::new();
    for report in facts {
        let stored = store.report(report.id).await.expect("read").expect("there");
        reports.insert(report.id, stored.blob);
    }
    store.close().await;
    reports
}

/// Every report whole or gone; no blob left by a gone one. Returns how many remain.
async fn check_whole_or_gone(
    db: &TestDatabase,
    store: &SqlStore,
    reports: &HashMap<ReportId, String>,
) -> usize {
    let mut present = Vec::new();
    let mut gone = Vec::new();
    for (id, blob) in reports {
        match store.report(*id).await.expect("read") {
            Some(report) => {
                assert!(!report.recipients.is_empty(), "{id}: recipients lost");
                present.push((*id, blob.clone()));
            }
            None => gone.push((*id, blob.clone())),
        }
    }
    let remaining = present.len();
    // The blob store's calls block: off the runtime's threads.
    let blobs = SqlBlobStore::open(store.clone(), db.data_dir()).expect("blobs");
    tokio::task::spawn_blocking(move || {
        let stored: std::collections::HashSet<String> = blobs
            .list_older_than(0)
            .expect("blob list")
            .into_iter()
            .collect();
        for (id, blob) in present {
            assert!(
                blobs.get(&blob).is_ok_and(|bytes| !bytes.is_empty()),
                "{id}: a report whose sealed blob is gone"
            );
        }
        for (id, blob) in gone {
            assert!(
                !stored.contains(&blob),
                "{id}: gone, but its blob is still stored"
            );
        }
    })
    .await
    .expect("blob checks");
    remaining
}

async fn purge_killed_again_and_again(engine: Engine) {
    let db = TestDatabase::create(engine).await;
    let reports = old_reports(&db).await;
    assert_eq!(reports.len(), REPORTS);
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut interrupted = 0;
    // Runs killed after deleting some batches and before the last: the case this test is for.
    let mut partial = 0;
    let mut remaining_before = REPORTS;
    // How long a run may live before it is killed: longer after a run that got nothing done
    // (the binary's start-up alone takes a while), with a random part.
    let mut base_ms = 40u64;
    for round in 0..40 {
        let mut command = Command::new(support::binary());
        command
            .arg("purge")
            .arg("--data-dir")
            .arg(db.data_dir())
            .envs(support::cheap_env())
            .env("REFUGE_RETENTION__ANY_DAYS", "365")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        if !db.url.is_empty() {
            command.args(["--database-url", &db.url]);
        }
        let mut child = command.spawn().expect("refuge purge");
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let wait = Duration::from_millis(base_ms + seed % base_ms);
        tokio::time::sleep(wait).await;
        let finished = child.try_wait().expect("wait").is_some();
        if !finished {
            child.kill().expect("kill -9");
            interrupted += 1;
        }
        let _ = child.wait();
        let store = db.open().await;
        let remaining = check_whole_or_gone(&db, &store, &reports).await;
        // The audit log counts exactly what went.
        let counted: u64 = store
            .audit_log(10_000)
            .await
            .expect("audit")
            .into_iter()
            .filter(|e| e.action == AuditAction::ReportsPurged)
            .filter_map(|e| e.subject.rsplit("count=").next()?.parse::<u64>().ok())
            .sum();
        assert_eq!(
            counted as usize,
            REPORTS - remaining,
            "round {round}: the audit log's count"
        );
        store.close().await;
        if remaining == remaining_before {
            base_ms = base_ms * 6 / 5;
        } else if !finished && remaining > 0 {
            partial += 1;
        }
        remaining_before = remaining;
        if remaining == 0 {
            eprintln!(
                "{engine:?}: {} runs of refuge purge, {interrupted} killed, {partial} of them \
                 after deleting some batches",
                round + 1
            );
            assert!(
                partial > 0,
                "no purge was killed between its batches: the test proved nothing"
            );
            return;
        }
    }
    panic!("the purge did not finish in 40 rounds");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_purge_killed_leaves_whole_reports_or_none_on_sqlite() {
    purge_killed_again_and_again(Engine::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_purge_killed_leaves_whole_reports_or_none_on_postgres() {
    if refuge_store::testing::postgres_skipped() {
        return;
    }
    purge_killed_again_and_again(Engine::Postgres).await;
}
