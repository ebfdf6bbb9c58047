//! Use cases of `refuge-app` on both engines, through `TestRefuge`: what reporters and staff
//! can do and what the store holds afterwards, without HTTP in the way.

#[macro_use]
mod support;

use refuge_crypto::StaffIdentity;
use refuge_domain::ports::Store;
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
        .log_in("amina", support::PASSWORD, None)
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
        .log_in("amina", support::PASSWORD, None)
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
            .log_in("amina", support::PASSWORD, None)
            .await
            .is_ok(),
        "and it opens at the new cost"
    );
}

on_both_engines!(
    signing_in_rewraps_an_identity_at_the_current_cost,
    a_hidden_message_no_longer_opens_with_the_receipt,
    a_message_hidden_earlier_is_resealed_when_staff_open_the_report,
);
