//! The audit log through its real page, CSV export and API, on both engines: administrators
//! and auditors read it (an auditor lands on it), caseworkers may not; its filters, a refusal in
//! words, signed checkpoints, failed sign-ins on record; and the chain catching a changed row,
//! and a checkpoint catching an end cut off with the head rewritten to match.

#[macro_use]
mod support;

use axum::http::StatusCode;
use refuge_app::audit::AuditProblem;
use refuge_domain::audit::ChainBreak;
use refuge_domain::ports::prelude::*;
use refuge_domain::staff::Role;
use refuge_store::Engine;
use refuge_web::i18n::Locale;
use support::{TestApp, extract, hidden_fields, html_unescape};

async fn the_audit_log_is_read_filtered_exported_and_checkpointed(t: TestApp) {
    t.add_staff("admin", Role::Admin).await;
    t.add_staff("amina", Role::Caseworker).await;
    t.add_staff("audrey", Role::Auditor).await;
    t.submit_report("en", "Someone followed me").await;
    let amina = t.log_in("amina").await;
    let inbox = t.get("/en/staff/inbox", Some(&amina)).await;
    let id = extract(&inbox.body, "/en/staff/reports/", "\"").expect("a report");
    assert_eq!(
        t.get(&format!("/en/staff/reports/{id}"), Some(&amina))
            .await
            .status,
        StatusCode::OK
    );
    // A failed sign-in names the account, never what was typed.
    let failed = t
        .post_form(
            "/en/staff/login",
            &[("username", "amina"), ("password", "typed-secret-guess")],
            None,
        )
        .await;
    assert_eq!(failed.status, StatusCode::UNAUTHORIZED, "{}", failed.body);

    // The auditor lands on the log; a caseworker may not read it.
    let audrey = t.log_in("audrey").await;
    let landing = t.get("/en/staff/inbox", Some(&audrey)).await;
    assert_eq!(landing.status, StatusCode::SEE_OTHER);
    assert_eq!(landing.headers["location"], "/en/staff/audit");
    assert_eq!(
        t.get("/en/staff/audit", Some(&amina)).await.status,
        StatusCode::FORBIDDEN
    );
    let page = t.get("/en/staff/audit", Some(&audrey)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let body = html_unescape(&page.body);
    assert!(body.contains(r#"id="audit-head""#));
    for shown in [
        Locale::En.t("audit-action-report_opened"),
        Locale::En.t("audit-action-login_failed"),
        Locale::En.t("audit-action-staff_added"),
    ] {
        assert!(body.contains(&shown), "{shown}");
    }
    assert!(!body.contains("typed-secret-guess"));

    // The filter form: amina's report openings only.
    let filtered = t
        .get_form(
            &page.body,
            "audit-filters",
            &[("actor", "amina"), ("action", "report_opened")],
            Some(&audrey),
        )
        .await;
    assert_eq!(filtered.status, StatusCode::OK);
    let rows = filtered.body.matches(r#"<tr id="audit-"#).count();
    assert_eq!(rows, 1, "{}", filtered.body);
    assert!(filtered.body.contains(&id));
    assert!(
        filtered
            .body
            .contains(r#"<option value="report_opened" selected>"#)
    );
    // A filter it cannot use: said, with the form kept.
    let refused = t
        .get(
            "/en/staff/audit?action=dropped_table&actor=amina",
            Some(&audrey),
        )
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(html_unescape(&refused.body).contains(&Locale::En.t_with(
        "inbox-filter-error",
        &[("field", Locale::En.t("audit-filter-action").into())]
    )));
    assert!(refused.body.contains(r#"<option value="amina" selected>"#));

    // CSV of what is filtered, as a download; the export itself goes on record.
    let csv = t
        .get("/en/staff/audit.csv?actor=amina", Some(&audrey))
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(
        csv.headers["content-type"]
            .to_str()
            .unwrap_or("")
            .starts_with("text/csv")
    );
    assert!(
        csv.headers["content-disposition"]
            .to_str()
            .unwrap_or("")
            .starts_with("attachment")
    );
    let mut lines = csv.body.lines();
    assert_eq!(
        lines.next(),
        Some("seq,at_utc,actor,action,report,subject,hash")
    );
    let amina_rows: Vec<&str> = lines.collect();
    assert!(amina_rows.iter().any(|l| l.contains(",report_opened,")));
    assert!(amina_rows.iter().any(|l| l.contains(",login_failed,")));
    assert!(amina_rows.iter().all(|l| l.contains(",amina,")));
    let api = t.api_token("audrey").await;
    let exported = t
        .get_bearer("/api/v1/audit?action=audit_exported", &api)
        .await
        .json();
    assert_eq!(exported["rows"][0]["actor"], "audrey");

    // The API: a page with its head; forbidden to a caseworker.
    let listed = t.get_bearer("/api/v1/audit", &api).await.json();
    let head = listed["head"]["seq"].as_i64().expect("head");
    assert_eq!(listed["rows"][0]["seq"].as_i64(), Some(head));
    assert_eq!(listed["rows"][0]["hash"], listed["head"]["hash"]);
    let caseworker = t.api_token("amina").await;
    let forbidden = t.get_bearer("/api/v1/audit", &caseworker).await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
    assert_eq!(forbidden.json()["error"]["code"], "forbidden");
    let bad = t.get_bearer("/api/v1/audit?from=2026-13-01", &api).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.json()["error"]["code"], "invalid_filter");

    // A signed checkpoint from the page: a download that verifies with the instance's key,
    // and that `verify` holds the log to.
    let page = t.get("/en/staff/audit", Some(&audrey)).await;
    let fields = hidden_fields(&page.body, "/en/staff/audit/checkpoint");
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let checkpoint = t
        .post_form("/en/staff/audit/checkpoint", &fields, Some(&audrey))
        .await;
    assert_eq!(checkpoint.status, StatusCode::OK, "{}", checkpoint.body);
    assert!(checkpoint.body.starts_with("Refuge audit log checkpoint\n"));
    let key = t.get("/evidence-key.pem", None).await.body;
    assert!(refuge_crypto::signing::verify_signed_text(
        &checkpoint.body,
        &key
    ));
    let verified = t
        .app
        .verify_audit(Some(&checkpoint.body))
        .await
        .expect("intact");
    assert!(verified.checkpoint.is_some());
    let created = t
        .post_json_bearer("/api/v1/audit/checkpoint", &serde_json::json!({}), &api)
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let page = html_unescape(&t.get("/en/staff/audit", Some(&audrey)).await.body);
    assert!(!page.contains(&Locale::En.t("audit-no-checkpoint")));
}

async fn the_chain_and_a_checkpoint_catch_tampering(t: TestApp) {
    t.add_staff("admin", Role::Admin).await;
    t.add_staff("amina", Role::Caseworker).await;
    for _ in 0..3 {
        t.log_in("amina").await;
    }
    let signed_at = t.app.verify_audit(None).await.expect("intact").head.0;
    let checkpoint = t.app.write_checkpoint(None).await.expect("checkpoint");
    t.log_in("admin").await;
    let verified = t.app.verify_audit(Some(&checkpoint)).await.expect("intact");
    assert_eq!(verified.checkpoint, Some(signed_at));
    assert_eq!(verified.head.0, signed_at + 2);

    // A changed row is named; put back as it was, the chain holds again.
    let original = t.store.audit_chain(1, 1).await.expect("rows").remove(0);
    assert_eq!(original.seq, 2);
    t.store
        .execute_raw("UPDATE audit_log SET subject = 'someone else' WHERE seq = 2")
        .await
        .expect("tamper");
    match t.app.verify_audit(None).await {
        Err(AuditProblem::Chain(ChainBreak::Changed { seq: 2 })) => {}
        other => panic!("{other:?}"),
    }
    t.store
        .execute_raw(&format!(
            "UPDATE audit_log SET subject = '{}' WHERE seq = 2",
            original.subject.replace('\'', "''")
        ))
        .await
        .expect("restore");
    assert!(t.app.verify_audit(None).await.is_ok());

    // The end cut back to before the checkpoint's row, the head rewritten to match: the chain
    // alone looks whole; the checkpoint kept elsewhere does not.
    let last_kept = signed_at - 1;
    t.store
        .execute_raw(&format!(
            "DELETE FROM audit_log WHERE seq > {last_kept}; \
             UPDATE audit_head SET seq = {last_kept}, \
             hash = (SELECT hash FROM audit_log WHERE seq = {last_kept})"
        ))
        .await
        .expect("cut");
    assert!(t.app.verify_audit(None).await.is_ok());
    match t.app.verify_audit(Some(&checkpoint)).await {
        Err(AuditProblem::Chain(ChainBreak::CheckpointMissing { seq })) => {
            assert_eq!(seq, signed_at)
        }
        other => panic!("{other:?}"),
    }
    // A checkpoint of another instance, or not one at all, is refused as such.
    let other = checkpoint.replacen("instance: ", "instance: 00", 1);
    assert!(matches!(
        t.app.verify_audit(Some(&other)).await,
        Err(AuditProblem::OtherInstance(_))
    ));
    assert!(matches!(
        t.app.verify_audit(Some("hello")).await,
        Err(AuditProblem::NotACheckpoint)
    ));
}

on_both_engines!(
    the_audit_log_is_read_filtered_exported_and_checkpointed,
    the_chain_and_a_checkpoint_catch_tampering,
);
