//! Use cases of `refuge-app` on both engines, through `TestRefuge`: what reporters and staff
//! can do and what the store holds afterwards, without HTTP in the way.

#[macro_use]
mod support;

use refuge_app::AppError;
use refuge_app::intake::{ApiKey, IdempotencyKey, Submitted};
use refuge_crypto::StaffIdentity;
use refuge_domain::AuditAction;
use refuge_domain::ports::prelude::*;
use refuge_domain::report::ReportDraft;
use refuge_domain::staff::Role;
use refuge_store::Engine;
use support::TestRefuge;

/// The newest report's conversation identity: the key its receipt unwraps, so what someone
/// holding the receipt and a copy of the database could read with.
async fn conversation_identity(t: &TestRefuge) -> StaffIdentity {
    let staff = t.sign_in("amina").await;
    let id = t.newest_report(&staff).await;
    let opened = t.app.open_report(&staff, id).await.expect("open");
    let keys = opened.sealed.keys.as_ref().expect("follow-up keys");
    StaffIdentity::from_secret_bytes(keys.conversation.as_bytes()).expect("identity")
}

/// Security review L8: a message the reporter hides is re-sealed away from the conversation
/// key, so the receipt no longer opens it; caseworkers still read it, and so does a colleague
/// given access later.
async fn a_hidden_message_no_longer_opens_with_the_receipt(t: TestRefuge) {
    let amina = t.staff("amina", Role::Caseworker).await;
    let receipt = t.report("They called my mother again.").await;
    let id = t.newest_report(&amina).await;
    let secret = "Please meet me at the café on Queen Street, 4 pm";
    let message = t
        .app
        .send_message_to_reporter(&amina, id, secret, None)
        .await
        .expect("send");
    let reporter = t.reporter(&receipt).await;
    let conversation = conversation_identity(&t).await;
    let row = |rows: Vec<refuge_domain::ports::StoredMessage>| {
        rows.into_iter()
            .find(|m| m.id == message)
            .expect("the message row")
    };
    let before = row(t.store.messages(id).await.expect("messages"));
    assert!(conversation.decrypt(&before.ciphertext).is_ok());

    t.app
        .reporter_hide_message(&reporter, message)
        .await
        .expect("hide");
    let after = row(t.store.messages(id).await.expect("messages"));
    assert!(after.hidden_from_reporter);
    assert!(
        conversation.decrypt(&after.ciphertext).is_err(),
        "the receipt's key no longer opens a hidden message"
    );
    let view = t.app.reporter_view(&reporter).await.expect("view");
    assert!(view.messages.iter().all(|m| m.id != message));
    t.app
        .reporter_hide_message(&reporter, message)
        .await
        .expect("hiding twice is harmless");

    let opened = t.app.open_report(&amina, id).await.expect("open");
    let shown = opened
        .messages
        .iter()
        .find(|m| m.id == message)
        .expect("staff keep it");
    assert_eq!(shown.body, secret);
    assert!(shown.hidden_from_reporter);

    // A colleague given access later reads it through the report's files key.
    let bilal = t.staff("bilal", Role::Caseworker).await;
    t.app
        .grant_report_access(&amina, id, bilal.staff.id)
        .await
        .expect("grant");
    let bilal = t.sign_in("bilal").await;
    let theirs = t.app.open_report(&bilal, id).await.expect("open");
    assert!(theirs.messages.iter().any(|m| m.body == secret));
}

/// A message hidden before hiding re-sealed it is re-sealed the first time a caseworker opens
/// the report.
async fn a_message_hidden_earlier_is_resealed_when_staff_open_the_report(t: TestRefuge) {
    let amina = t.staff("amina", Role::Caseworker).await;
    t.report("An older report.").await;
    let id = t.newest_report(&amina).await;
    let message = t
        .app
        .send_message_to_reporter(&amina, id, "an older reply", None)
        .await
        .expect("send");
    let conversation = conversation_identity(&t).await;
    let rows = t.store.messages(id).await.expect("messages");
    // As the previous version hid it: the flag only, the ciphertext unchanged.
    t.store
        .hide_message_from_reporter(id, message, &rows[0].ciphertext)
        .await
        .expect("hide as before");
    assert!(conversation.decrypt(&rows[0].ciphertext).is_ok());

    let opened = t.app.open_report(&amina, id).await.expect("open");
    assert_eq!(opened.messages[0].body, "an older reply");
    let resealed = t.store.messages(id).await.expect("messages");
    assert!(conversation.decrypt(&resealed[0].ciphertext).is_err());
    let again = t.app.open_report(&amina, id).await.expect("open again");
    assert_eq!(again.messages[0].body, "an older reply");
}

/// Security review I7: an account wrapped at an old password cost is wrapped again at the
/// current one when it signs in, without ending its other sessions; so known accounts and
/// unknown usernames cost the same derivation.
async fn signing_in_rewraps_an_identity_at_the_current_cost(t: TestRefuge) {
    t.staff("amina", Role::Caseworker).await;
    let first = t
        .app
        .log_in("amina", support::PASSWORD, None, None)
        .await
        .expect("sign in");
    let stored = |t: &TestRefuge| {
        let store = t.store.clone();
        async move {
            let amina = store
                .staff_by_username("amina")
                .await
                .expect("lookup")
                .expect("amina");
            refuge_crypto::seal::password_wrap_cost(&amina.wrapped_identity).expect("cost")
        }
    };
    let cheap = t.app.settings().password_cost;
    assert_eq!(stored(&t).await, cheap);
    let mut settings = refuge_app::Settings::for_tests();
    settings.password_cost.memory_kib = cheap.memory_kib * 2;
    let raised = settings.password_cost;
    let server = t.another_server(settings).await;
    let signed_in = server
        .log_in("amina", support::PASSWORD, None, None)
        .await
        .expect("the same password still works");
    assert_eq!(stored(&t).await, raised, "wrapped again at today's cost");
    server.session(&signed_in.token).await.expect("new session");
    assert!(
        t.app.session(&first.token).await.is_ok(),
        "the earlier session goes on"
    );
    assert!(
        server
            .log_in("amina", support::PASSWORD, None, None)
            .await
            .is_ok(),
        "and it opens at the new cost"
    );
}

/// Code review step 3: opening (decrypting) a report is on record, naming the report and who
/// opened it.
async fn opening_a_report_is_audited(t: TestRefuge) {
    let amina = t.staff("amina", Role::Caseworker).await;
    t.report("A man from the consulate came to my door.").await;
    let id = t.newest_report(&amina).await;
    t.app.open_report(&amina, id).await.expect("open");
    let opened: Vec<_> = t
        .audit()
        .await
        .into_iter()
        .filter(|entry| entry.action == AuditAction::ReportOpened)
        .collect();
    assert_eq!(opened.len(), 1, "{opened:?}");
    assert_eq!(opened[0].report, Some(id));
    assert_eq!(opened[0].actor, Some(amina.staff.id));
}

/// A caseworker's message and its audit row are one transaction: when the row cannot be
/// written, the message is not stored either (before, it was stored unaudited and the
/// caseworker told it failed, so a retry sent it twice).
async fn a_message_to_the_reporter_is_stored_only_with_its_audit_row(t: TestRefuge) {
    let amina = t.staff("amina", Role::Caseworker).await;
    t.report("They threatened my brother.").await;
    let id = t.newest_report(&amina).await;
    t.refuse_audit_rows("message_to_reporter").await;
    let sent = t
        .app
        .send_message_to_reporter(&amina, id, "Are you safe now?", None)
        .await;
    assert!(sent.is_err(), "the audit row could not be written");
    assert!(
        t.store.messages(id).await.expect("messages").is_empty(),
        "nothing stored without its audit row"
    );
}

/// A sign-in and its audit row are one transaction: no session exists that the log does not
/// show.
async fn a_sign_in_is_recorded_with_its_session(t: TestRefuge) {
    t.staff("amina", Role::Caseworker).await;
    t.refuse_audit_rows("login").await;
    assert!(
        t.app
            .log_in("amina", support::PASSWORD, None, None)
            .await
            .is_err()
    );
    let amina = t
        .store
        .staff_by_username("amina")
        .await
        .expect("query")
        .expect("account");
    assert_eq!(
        t.store.sessions_of(amina.id).await.expect("sessions").len(),
        1,
        "only the session from before the refusal"
    );
}

/// Code review step 3: who may do what is decided in the app, by one table, whatever the page
/// or API in front of it. A caseworker cannot share every report with a colleague (before, only
/// the admin page refused it); researchers and auditors read no report.
async fn the_permission_table_is_enforced_by_the_use_cases(t: TestRefuge) {
    let admin = t.staff("admin", Role::Admin).await;
    let amina = t.staff("amina", Role::Caseworker).await;
    let bilal = t.staff("bilal", Role::Caseworker).await;
    let rita = t.staff("rita", Role::Researcher).await;
    let otto = t.staff("otto", Role::Auditor).await;
    t.report("Someone photographed us at the vigil.").await;
    let id = t.newest_report(&amina).await;

    assert!(matches!(
        t.app.grant_all_access(&amina, bilal.staff.id).await,
        Err(AppError::Forbidden)
    ));
    let (_, shared) = t
        .app
        .grant_all_access(&admin, bilal.staff.id)
        .await
        .expect("an administrator may");
    assert_eq!(shared, 0, "bilal already received it");

    for outsider in [&rita, &otto] {
        assert!(matches!(
            t.app.inbox(outsider, 10, None).await,
            Err(AppError::Forbidden)
        ));
        assert!(matches!(
            t.app.open_report(outsider, id).await,
            Err(AppError::Forbidden)
        ));
        assert!(matches!(
            t.app
                .send_message_to_reporter(outsider, id, "hello", None)
                .await,
            Err(AppError::Forbidden)
        ));
        assert!(matches!(
            t.app.list_staff(outsider).await,
            Err(AppError::Forbidden)
        ));
    }
    assert!(matches!(
        t.app.pending_invitations(&amina).await,
        Err(AppError::Forbidden)
    ));
    assert!(
        t.app
            .invite_staff(&amina, "mallory", Role::Caseworker, None)
            .await
            .is_err()
    );
    assert!(t.app.list_staff(&amina).await.is_ok());
}

fn draft(narrative: &str) -> ReportDraft {
    ReportDraft {
        language: "ug".into(),
        narrative: narrative.into(),
        ..ReportDraft::default()
    }
}

/// Code review step 6: a submission owns its files. Submitted, they are stored with the
/// report; refused (here: invalid), abandoned or dropped, nothing of them stays.
async fn a_submission_keeps_its_files_only_when_stored(t: TestRefuge) {
    let amina = t.staff("amina", Role::Caseworker).await;
    let form = t.app.issue_form_token();
    let form = t.app.read_form_token(&form).expect("ours");

    // Refused: its file goes with it.
    let mut submission = t.app.begin_submission().await.expect("begin");
    TestRefuge::send_file(
        submission.files(),
        "letter.txt",
        b"a letter from the consulate",
    )
    .await;
    assert_eq!(
        t.unreferenced_blobs().await.len(),
        1,
        "written while it streamed"
    );
    let mut invalid = draft("x");
    invalid.language = "xx".into();
    assert!(matches!(
        submission
            .submit(&invalid, IdempotencyKey::Form(&form))
            .await,
        Err(AppError::Invalid(_))
    ));
    assert!(
        t.unreferenced_blobs().await.is_empty(),
        "removed with the refusal"
    );

    // Abandoned (the reporter asked for more lines): likewise.
    let mut submission = t.app.begin_submission().await.expect("begin");
    TestRefuge::send_file(submission.files(), "photo.bin", &[7u8; 3000]).await;
    submission.abandon().await;
    assert!(
        t.unreferenced_blobs().await.is_empty(),
        "removed when abandoned"
    );

    // Dropped on an early return: removed in the background.
    let mut submission = t.app.begin_submission().await.expect("begin");
    TestRefuge::send_file(submission.files(), "dropped.bin", &[9u8; 2000]).await;
    drop(submission);
    let mut left = t.unreferenced_blobs().await;
    for _ in 0..100 {
        if left.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        left = t.unreferenced_blobs().await;
    }
    assert!(
        left.is_empty(),
        "a dropped submission leaves nothing: {left:?}"
    );

    // Stored: the report and its file, nothing else.
    let mut submission = t.app.begin_submission().await.expect("begin");
    TestRefuge::send_file(
        submission.files(),
        "evidence.txt",
        b"the number that called",
    )
    .await;
    let submitted = submission
        .submit(&draft("with a file"), IdempotencyKey::Form(&form))
        .await
        .expect("submit");
    assert!(matches!(submitted, Submitted::Stored { .. }));
    let id = t.newest_report(&amina).await;
    let opened = t.app.open_report(&amina, id).await.expect("open");
    assert_eq!(opened.files.len(), 1);
    assert_eq!(opened.files[0].name, "evidence.txt");
    assert!(t.unreferenced_blobs().await.is_empty());

    // Sent again with the same form: the first one counts, the new file goes.
    let mut again = t.app.begin_submission().await.expect("begin");
    TestRefuge::send_file(again.files(), "evidence.txt", b"the number that called").await;
    let answer = again
        .submit(&draft("with a file"), IdempotencyKey::Form(&form))
        .await
        .expect("replay");
    assert!(matches!(answer, Submitted::ShownAgain { .. }), "{answer:?}");
    assert!(t.unreferenced_blobs().await.is_empty());
}

/// The API's idempotency key rules live in the app (security review M1): a key of ours, or a
/// client's own secret of 16 to 200 characters and 128 bits; none at all gets one of ours.
async fn api_idempotency_keys_must_be_secrets(t: TestRefuge) {
    assert!(matches!(
        t.app.api_idempotency_key(None, None),
        Ok(ApiKey::Server(_))
    ));
    let ours = t.app.issue_form_token();
    assert!(matches!(
        t.app.api_idempotency_key(Some(ours), None),
        Ok(ApiKey::Server(_))
    ));
    for weak in ["report-0000000001", "short", &"9".repeat(201)] {
        assert!(
            matches!(
                t.app.api_idempotency_key(Some(weak.to_owned()), None),
                Err(AppError::FormExpired)
            ),
            "{weak}"
        );
    }
    assert!(matches!(
        t.app
            .api_idempotency_key(Some("3f2504e0-4f89-41d3-9a0c-0305e82c3301".into()), None),
        Ok(ApiKey::Client(_))
    ));
}

on_both_engines!(
    a_submission_keeps_its_files_only_when_stored,
    api_idempotency_keys_must_be_secrets,
    opening_a_report_is_audited,
    a_message_to_the_reporter_is_stored_only_with_its_audit_row,
    a_sign_in_is_recorded_with_its_session,
    the_permission_table_is_enforced_by_the_use_cases,
    signing_in_rewraps_an_identity_at_the_current_cost,
    a_hidden_message_no_longer_opens_with_the_receipt,
    a_message_hidden_earlier_is_resealed_when_staff_open_the_report,
);
