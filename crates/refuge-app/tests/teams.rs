//! Teams, routing and the recovery key through the use cases, on both engines: a report is
//! sealed only to its teams, invisible to everyone else, and the organisation's recovery key
//! gives its cases back.

#[macro_use]
mod support;

use refuge_app::AppError;
use refuge_app::cases::CaseChange;
use refuge_app::inbox::InboxRequest;
use refuge_app::teams::TeamError;
use refuge_domain::ports::prelude::*;
use refuge_domain::routing::{Routing, RoutingError};
use refuge_domain::staff::Role;
use refuge_domain::{AuditAction, ReportId};
use refuge_store::Engine;
use support::TestRefuge;

fn routing(json: &str) -> Routing {
    serde_json::from_str(json).expect("routing")
}

async fn newest_id(t: &TestRefuge, username: &str) -> ReportId {
    let session = t.sign_in(username).await;
    t.newest_report(&session).await
}

/// A Uyghur report routed to the Uyghur team is sealed to its members only; to a caseworker
/// outside the team it does not exist.
async fn a_report_goes_only_to_its_teams(t: TestRefuge) {
    let admin = t.staff("admin", Role::Admin).await;
    let amina = t.staff("amina", Role::Caseworker).await;
    let bilal = t.staff("bilal", Role::Caseworker).await;
    t.app
        .create_team(&admin, "uyghur", &["amina".into()])
        .await
        .expect("team");
    t.app
        .create_team(&admin, "intake", &["bilal".into(), "admin".into()])
        .await
        .expect("team");
    t.app
        .set_routing(
            &admin,
            &routing(r#"{"rules": [{"when": {"language": "ug"}, "teams": ["uyghur"]}], "default_teams": ["intake"]}"#),
        )
        .await
        .expect("routing");

    t.report_in("ug", "ئۇلار ئاپامنى سوراققا تارتتى").await;
    let uyghur = t.newest_report(&amina).await;
    let stored = t.store.report(uyghur).await.expect("get").expect("present");
    assert_eq!(
        stored.recipients,
        vec![amina.staff.id],
        "sealed to the team only"
    );
    assert_eq!(stored.teams.len(), 1);

    // Bilal: not in his inbox, and every way in says "not found".
    let inbox = t
        .app
        .case_list(&bilal, &InboxRequest::new(50))
        .await
        .expect("inbox");
    assert!(inbox.lines.iter().all(|l| l.meta.id != uyghur));
    assert!(matches!(
        t.app.open_report(&bilal, uyghur).await,
        Err(AppError::NotFound)
    ));
    assert!(matches!(
        t.app.report_meta(&bilal, uyghur).await,
        Err(AppError::NotFound)
    ));
    assert!(matches!(
        t.app.notes(&bilal, uyghur).await,
        Err(AppError::NotFound)
    ));
    assert!(matches!(
        t.app
            .update_case(&bilal, uyghur, &CaseChange::default())
            .await,
        Err(AppError::NotFound)
    ));
    assert!(matches!(
        t.app
            .send_message_to_reporter(&bilal, uyghur, "hello", None)
            .await,
        Err(AppError::NotFound)
    ));
    assert!(matches!(
        t.app
            .update_cases(&bilal, &[uyghur], &CaseChange::default())
            .await,
        Err(AppError::NotFound)
    ));

    // An English report: the default team.
    t.report_in("en", "They called my office.").await;
    let english = t.newest_report(&bilal).await;
    let stored = t
        .store
        .report(english)
        .await
        .expect("get")
        .expect("present");
    let mut expected = vec![bilal.staff.id, admin.staff.id];
    expected.sort();
    let mut got = stored.recipients.clone();
    got.sort();
    assert_eq!(got, expected);
    assert!(matches!(
        t.app.open_report(&amina, english).await,
        Err(AppError::NotFound)
    ));

    // A colleague who joins the Uyghur team later sees the report exists, without a key yet;
    // a member gives access, and the log says so.
    let late = t.staff("late", Role::Caseworker).await;
    t.app
        .update_team(&admin, "uyghur", "uyghur", &["amina".into(), "late".into()])
        .await
        .expect("join");
    let inbox = t
        .app
        .case_list(&late, &InboxRequest::new(50))
        .await
        .expect("inbox");
    let line = inbox
        .lines
        .iter()
        .find(|l| l.meta.id == uyghur)
        .expect("listed");
    assert!(!line.viewer_can_read);
    assert!(matches!(
        t.app.open_report(&late, uyghur).await,
        Err(AppError::NoAccess)
    ));
    t.app
        .grant_report_access(&amina, uyghur, late.staff.id)
        .await
        .expect("grant");
    t.app
        .open_report(&late, uyghur)
        .await
        .expect("now readable");
}

/// Routing tables and teams are checked; a team the routing names cannot be deleted; every
/// change is on record and shown to recipients.
async fn teams_and_routing_are_checked_and_recorded(t: TestRefuge) {
    let admin = t.staff("admin", Role::Admin).await;
    let amina = t.staff("amina", Role::Caseworker).await;
    t.staff("rita", Role::Researcher).await;
    assert!(matches!(
        t.app.create_team(&amina, "mine", &[]).await,
        Err(AppError::Forbidden)
    ));
    assert!(matches!(
        t.app.create_team(&admin, "Bad Name", &[]).await,
        Err(AppError::Routing(RoutingError::BadTeamName(_)))
    ));
    assert!(matches!(
        t.app
            .create_team(&admin, "research", &["rita".into()])
            .await,
        Err(AppError::Team(TeamError::UnknownMember(_)))
    ));
    t.app
        .create_team(&admin, "tibet", &["amina".into()])
        .await
        .expect("team");
    assert!(matches!(
        t.app.create_team(&admin, "tibet", &[]).await,
        Err(AppError::Conflict)
    ));
    assert!(matches!(
        t.app
            .set_routing(
                &admin,
                &routing(
                    r#"{"rules": [{"when": {"community": "tibetan"}, "teams": ["nowhere"]}]}"#
                )
            )
            .await,
        Err(AppError::Routing(RoutingError::UnknownTeam(_)))
    ));
    assert!(matches!(
        t.app
            .set_routing(&admin, &routing(r#"{"rules": [{"when": {"host_country": "CA", "host_region": "QC"}, "teams": ["tibet"]}, {"when": {"host_country": "FR", "host_region": "ON"}, "teams": ["tibet"]}]}"#))
            .await,
        Err(AppError::Routing(RoutingError::UnknownCode { rule: 2, .. }))
    ));
    t.app
        .set_routing(
            &admin,
            &routing(r#"{"rules": [{"when": {"community": "tibetan"}, "teams": ["tibet"]}]}"#),
        )
        .await
        .expect("routing");
    // A rename follows the routing (it is kept by team id).
    t.app
        .update_team(&admin, "tibet", "tibetan-desk", &["amina".into()])
        .await
        .expect("rename");
    assert_eq!(
        t.app.routing(&admin).await.expect("routing").rules[0].teams,
        ["tibetan-desk"]
    );
    assert!(matches!(
        t.app.delete_team(&admin, "tibetan-desk").await,
        Err(AppError::Team(TeamError::InRouting(_)))
    ));
    t.app
        .set_routing(&admin, &Routing::default())
        .await
        .expect("no routing");
    t.app
        .delete_team(&admin, "tibetan-desk")
        .await
        .expect("delete");
    let recorded: Vec<AuditAction> = t.audit().await.iter().map(|e| e.action).collect();
    for action in [
        AuditAction::TeamCreated,
        AuditAction::TeamChanged,
        AuditAction::TeamDeleted,
        AuditAction::RoutingChanged,
    ] {
        assert!(recorded.contains(&action), "{action:?}");
    }
    let recipients = t.app.intake_recipients_view(&amina).await.expect("view");
    assert!(
        recipients
            .changes
            .iter()
            .any(|c| c.action == AuditAction::RoutingChanged)
    );
}

/// A team whose members cannot receive reports (all disabled) does not swallow a report: it
/// goes to the default teams, or to everyone who receives reports.
async fn a_report_is_never_sealed_to_nobody(t: TestRefuge) {
    let admin = t.staff("admin", Role::Admin).await;
    t.staff("amina", Role::Caseworker).await;
    let gone = t.staff("gone", Role::Caseworker).await;
    t.app
        .create_team(&admin, "empty", &["gone".into()])
        .await
        .expect("team");
    t.app
        .set_routing(
            &admin,
            &routing(r#"{"rules": [], "default_teams": ["empty"]}"#),
        )
        .await
        .expect("routing");
    t.app
        .change_account(
            &admin,
            gone.staff.id,
            refuge_app::accounts::AccountChange::Disable,
        )
        .await
        .expect("disable");
    t.report("routed to a team with nobody left").await;
    let id = newest_id(&t, "amina").await;
    let stored = t.store.report(id).await.expect("get").expect("present");
    assert_eq!(stored.recipients.len(), 2, "everyone who receives reports");
    assert!(stored.teams.is_empty());
}

/// The recovery key: everything about a report is also sealed to it, and `grant` with it gives
/// a colleague every report back — even those whose only readers left.
async fn the_recovery_key_gives_the_cases_back(t: TestRefuge) {
    let admin = t.staff("admin", Role::Admin).await;
    let amina = t.staff("amina", Role::Caseworker).await;
    assert!(!t.app.has_recovery_key().await.expect("has"));
    assert!(matches!(
        t.app.new_recovery_key(Some(&amina)).await,
        Err(AppError::Forbidden)
    ));
    let key = t.app.new_recovery_key(Some(&admin)).await.expect("key");
    assert!(key.secret.starts_with("AGE-SECRET-KEY-1"));
    assert!(!format!("{key:?}").contains("AGE-SECRET"));
    let identity =
        refuge_crypto::StaffIdentity::from_secret_bytes(key.secret.as_bytes()).expect("identity");

    t.report("Only amina and the admin read this.").await;
    let id = t.newest_report(&amina).await;
    t.app
        .send_message_to_reporter(&amina, id, "A reply RECOVERY-CANARY", None)
        .await
        .expect("message");
    let messages = t.store.messages(id).await.expect("messages");
    let opened = identity
        .decrypt(&messages[0].ciphertext)
        .expect("the recovery key opens it");
    assert!(String::from_utf8_lossy(&opened).contains("RECOVERY-CANARY"));

    // Both readers leave; a newcomer gets the cases back with the recovery identity.
    t.app
        .change_account(
            &admin,
            amina.staff.id,
            refuge_app::accounts::AccountChange::Disable,
        )
        .await
        .expect("disable");
    let carol = t.staff("carol", Role::Caseworker).await;
    assert!(matches!(
        t.app.open_report(&carol, id).await,
        Err(AppError::NoAccess)
    ));
    let shared = t
        .app
        .grant_with_recovery_key(&identity, "carol")
        .await
        .expect("grant");
    assert_eq!(shared, 1);
    let opened = t.app.open_report(&carol, id).await.expect("readable");
    assert_eq!(opened.messages[0].body, "A reply RECOVERY-CANARY");
    assert!(
        t.audit()
            .await
            .iter()
            .any(|e| e.action == AuditAction::RecoveryKeyUsed && e.report == Some(id))
    );
    assert_eq!(
        t.app
            .grant_with_recovery_key(&identity, "carol")
            .await
            .expect("again"),
        0,
        "nothing more to share"
    );
    let stranger = refuge_crypto::StaffIdentity::generate();
    assert_eq!(
        t.app
            .grant_with_recovery_key(&stranger, "carol")
            .await
            .expect("other key"),
        0
    );
}

on_both_engines!(
    a_report_goes_only_to_its_teams,
    teams_and_routing_are_checked_and_recorded,
    a_report_is_never_sealed_to_nobody,
    the_recovery_key_gives_the_cases_back,
);
