//! Retention through the real app on both engines, with the test clock: nothing younger than a
//! rule is touched; closed reports go on the day their period ends, a sub-status's own period
//! replaces the closed rule, and every report goes once the "any" period ends; a purged
//! report's receipt gets the answer a wrong receipt gets; each purge leaves a count in the
//! audit log; on SQLite the deleted ciphertext is not left in the database files.

#[allow(unused_macros)]
#[macro_use]
mod support;

use axum::http::StatusCode;
use refuge_domain::ports::prelude::*;
use refuge_domain::staff::Role;
use refuge_domain::{AuditAction, ReportId};
use refuge_store::Engine;
use support::TestApp;

const DAY: i64 = 86_400;

async fn reporter_answer(t: &TestApp, receipt: &str) -> (StatusCode, serde_json::Value) {
    let answer = t
        .post_json(
            "/api/v1/reporter/session",
            &serde_json::json!({"receipt": receipt}),
            None,
        )
        .await;
    (answer.status, answer.json())
}

/// Whether `needle` appears in any of the SQLite database's files.
fn on_disk(dir: &std::path::Path, needle: &[u8]) -> bool {
    std::fs::read_dir(dir)
        .expect("data dir")
        .filter_map(|entry| std::fs::read(entry.ok()?.path()).ok())
        .any(|bytes| bytes.windows(needle.len()).any(|w| w == needle))
}

async fn the_rules_delete_whole_reports_on_their_day(engine: Engine) {
    let t = TestApp::with_settings(engine, |s| {
        s.retention.closed_days = Some(30);
        s.retention.any_days = Some(400);
        // One staff token for the whole year the test clock runs through.
        s.session_idle_seconds = 1_000 * DAY;
        s.session_absolute_seconds = 1_000 * DAY;
    })
    .await;
    t.add_staff("amina", Role::Caseworker).await;
    let receipt_a = t.submit_report("en", "A closed case").await;
    let receipt_b = t.submit_report("en", "A case still open").await;
    let receipt_c = t.submit_report("en", "Spam").await;
    let staff = t.api_token("amina").await;
    let list = t.get_bearer("/api/v1/reports", &staff).await.json();
    let ids: Vec<String> = list["reports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect();
    let (c, b, a) = (&ids[0], &ids[1], &ids[2]);
    let patch = |id: &str, body: serde_json::Value| {
        let path = format!("/api/v1/reports/{id}");
        let staff = staff.clone();
        let t = &t;
        async move { t.patch_json_bearer(&path, &body, &staff).await }
    };
    // A: a label (sealed in its case card), a note, then closed today.
    assert_eq!(
        patch(a, serde_json::json!({"labels": ["legal"]}))
            .await
            .status,
        StatusCode::OK
    );
    let note = t
        .post_json_bearer(
            &format!("/api/v1/reports/{a}/notes"),
            &serde_json::json!({"body": "Called her back"}),
            &staff,
        )
        .await;
    assert_eq!(note.status, StatusCode::CREATED, "{}", note.body);
    assert_eq!(
        patch(a, serde_json::json!({"status": "closed"}))
            .await
            .status,
        StatusCode::OK
    );
    let a_id: ReportId = a.parse().unwrap();
    let card = t
        .store
        .report(a_id)
        .await
        .unwrap()
        .unwrap()
        .sealed_card
        .expect("a sealed card");

    // C: closed as spam ten days later (its own period: 30 days, from for_tests).
    t.clock.advance(10 * DAY);
    assert_eq!(
        patch(
            c,
            serde_json::json!({"status": "closed", "substatus": "spam"})
        )
        .await
        .status,
        StatusCode::OK
    );

    // Day 29: nothing is due.
    t.clock.advance(19 * DAY);
    assert!(t.app.retention_due().await.unwrap().is_empty());
    assert_eq!(t.app.purge_due().await.unwrap().deleted, 0);

    // Day 30: A, and only A.
    t.clock.advance(DAY);
    let due = t.app.retention_due().await.unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].facts.id, a_id);
    assert_eq!(due[0].reason.code(), "closed_days=30");
    let wrong = reporter_answer(&t, &refuge_crypto::Receipt::generate().grouped()).await;
    assert_eq!(reporter_answer(&t, &receipt_a).await.0, StatusCode::CREATED);
    assert_eq!(t.app.purge_due().await.unwrap().deleted, 1);
    assert_eq!(
        t.get_bearer(&format!("/api/v1/reports/{a}"), &staff)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    // Its receipt now signs in to nothing, answered exactly as a wrong receipt.
    assert_eq!(reporter_answer(&t, &receipt_a).await, wrong);
    for other in [&receipt_b, &receipt_c] {
        assert_eq!(reporter_answer(&t, other).await.0, StatusCode::CREATED);
    }
    if engine == Engine::Sqlite {
        assert!(
            !on_disk(t.data_dir(), &card[card.len() - 48..]),
            "the purged case card's ciphertext is still in the database files"
        );
    }

    // Day 40: C, by its sub-status's period.
    t.clock.advance(10 * DAY);
    let due = t.app.retention_due().await.unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].reason.code(), "substatus=spam:30");
    assert_eq!(t.app.purge_due().await.unwrap().deleted, 1);

    // Day 399: B, open, is kept; day 400: it goes too.
    t.clock.advance(359 * DAY);
    assert_eq!(t.app.purge_due().await.unwrap().deleted, 0);
    t.clock.advance(DAY);
    assert_eq!(t.app.purge_due().await.unwrap().deleted, 1);
    assert_eq!(
        t.get_bearer(&format!("/api/v1/reports/{b}"), &staff)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let list = t.get_bearer("/api/v1/reports", &staff).await.json();
    assert!(list["reports"].as_array().unwrap().is_empty());

    let purges: Vec<String> = t
        .app_store_audit()
        .await
        .into_iter()
        .filter(|e| e.action == AuditAction::ReportsPurged)
        .map(|e| e.subject)
        .collect();
    assert_eq!(purges.len(), 3, "{purges:?}");
    assert!(purges.iter().all(|s| s.ends_with("count=1")), "{purges:?}");
    // The chain still verifies: rows are added, none removed.
    assert!(t.app.verify_audit(None).await.is_ok());
}

async fn without_rules_nothing_goes(engine: Engine) {
    let t = TestApp::with_settings(engine, |s| {
        for substatus in &mut s.case.substatuses {
            substatus.retain_days = None;
        }
    })
    .await;
    t.add_staff("amina", Role::Caseworker).await;
    t.submit_report("en", "Kept").await;
    t.clock.advance(5_000 * DAY);
    assert!(t.app.retention_rules().keep_everything());
    assert_eq!(t.app.purge_due().await.unwrap().deleted, 0);
    t.add_staff("admin", Role::Admin).await;
    let admin = t.log_in("admin").await;
    let page = t.get("/en/staff/admin/staff", Some(&admin)).await;
    assert!(page.body.contains(r#"id="retention-off""#));
}

/// A sub-status's period counts from the day the case entered it, not from its status's last
/// change; and a case changed after the rules judged it is left for the next run.
async fn a_substatus_counts_from_its_own_day(engine: Engine) {
    let t = TestApp::with_settings(engine, |s| {
        for substatus in &mut s.case.substatuses {
            substatus.retain_days = (substatus.code == "awaiting_documents").then_some(20);
        }
        s.session_idle_seconds = 1_000 * DAY;
        s.session_absolute_seconds = 1_000 * DAY;
    })
    .await;
    t.add_staff("amina", Role::Caseworker).await;
    t.submit_report("en", "Waiting for papers").await;
    let staff = t.api_token("amina").await;
    let list = t.get_bearer("/api/v1/reports", &staff).await.json();
    let id = list["reports"][0]["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/reports/{id}");
    let status = serde_json::json!({"status": "in_progress"});
    assert_eq!(
        t.patch_json_bearer(&path, &status, &staff).await.status,
        StatusCode::OK
    );
    // In progress for 100 days, then waiting for documents.
    t.clock.advance(100 * DAY);
    let waiting = serde_json::json!({"substatus": "awaiting_documents"});
    assert_eq!(
        t.patch_json_bearer(&path, &waiting, &staff).await.status,
        StatusCode::OK
    );
    assert!(t.app.retention_due().await.unwrap().is_empty());
    t.clock.advance(19 * DAY);
    assert!(t.app.retention_due().await.unwrap().is_empty());
    t.clock.advance(DAY);
    let due = t.app.retention_due().await.unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].reason.code(), "substatus=awaiting_documents:20");

    // Judged due, then changed before the purge reached it: kept, and judged again next time.
    let urgent = serde_json::json!({"urgency": "high"});
    assert_eq!(
        t.patch_json_bearer(&path, &urgent, &staff).await.status,
        StatusCode::OK
    );
    let stale = [(due[0].facts.id, due[0].facts.case_version)];
    let audit = refuge_domain::ports::AuditEntry {
        at: t.app.now(),
        actor: None,
        action: AuditAction::ReportsPurged,
        report: None,
        subject: "test".into(),
    };
    assert_eq!(t.store.purge_reports(&stale, &audit).await.unwrap(), 0);
    assert_eq!(t.get_bearer(&path, &staff).await.status, StatusCode::OK);
    assert_eq!(t.app.purge_due().await.unwrap().deleted, 1);
    assert_eq!(
        t.get_bearer(&path, &staff).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn retention_on_sqlite() {
    the_rules_delete_whole_reports_on_their_day(Engine::Sqlite).await;
    without_rules_nothing_goes(Engine::Sqlite).await;
    a_substatus_counts_from_its_own_day(Engine::Sqlite).await;
}

#[tokio::test]
async fn retention_on_postgres() {
    if refuge_store::testing::postgres_skipped() {
        return;
    }
    the_rules_delete_whole_reports_on_their_day(Engine::Postgres).await;
    without_rules_nothing_goes(Engine::Postgres).await;
    a_substatus_counts_from_its_own_day(Engine::Postgres).await;
}
