//! Case work through the use cases, on both engines: triage, assignment, the sealed case card,
//! the caseworker's coding of tactics, bulk changes, and what the reporter still sees.

#[macro_use]
mod support;

use refuge_app::AppError;
use refuge_app::cases::CaseChange;
use refuge_app::inbox::InboxRequest;
use refuge_domain::case::{CaseRuleError, Urgency};
use refuge_domain::ports::AuditEntry;
use refuge_domain::ports::prelude::*;
use refuge_domain::report::ReportStatus;
use refuge_domain::staff::Role;
use refuge_domain::taxonomy::Tactic;
use refuge_domain::{AuditAction, Day, ReportId};
use refuge_store::Engine;
use support::TestRefuge;

fn actions(audit: &[AuditEntry], report: ReportId) -> Vec<AuditAction> {
    audit
        .iter()
        .filter(|entry| entry.report == Some(report))
        .map(|entry| entry.action)
        .collect()
}

/// Status and sub-status, urgency and assignee change together, each kind with its audit row;
/// the reporter sees the status in plain words and nothing else of it.
async fn a_case_is_triaged_and_assigned(t: TestRefuge) {
    let amina = t.staff("amina", Role::Caseworker).await;
    let bilal = t.staff("bilal", Role::Caseworker).await;
    let receipt = t.report("They came to my workplace twice.").await;
    let id = t.newest_report(&amina).await;
    t.clock.advance(86_400);
    let case = t
        .app
        .update_case(
            &amina,
            id,
            &CaseChange {
                status: Some(ReportStatus::InProgress),
                substatus: Some(Some("awaiting_documents".into())),
                urgency: Some(Urgency::High),
                assignee: Some(Some(bilal.staff.id)),
                ..CaseChange::default()
            },
        )
        .await
        .expect("triage");
    assert_eq!(case.meta.status, ReportStatus::InProgress);
    assert_eq!(
        case.meta.case.substatus.as_deref(),
        Some("awaiting_documents")
    );
    assert_eq!(case.meta.case.urgency, Urgency::High);
    assert_eq!(case.assignee.as_deref(), Some("bilal"));
    let today = Day::from_unix_seconds(t.app.now());
    assert_eq!(case.meta.status_day, today);
    assert_eq!(case.meta.case.activity, today);
    let audit = t.audit().await;
    let recorded = actions(&audit, id);
    for action in [
        AuditAction::StatusChanged,
        AuditAction::UrgencyChanged,
        AuditAction::AssigneeChanged,
    ] {
        assert!(recorded.contains(&action), "{action:?} in {recorded:?}");
    }

    // Nothing changes: nothing is written.
    let before = t.audit().await.len();
    t.app
        .update_case(
            &amina,
            id,
            &CaseChange {
                urgency: Some(Urgency::High),
                ..CaseChange::default()
            },
        )
        .await
        .expect("same");
    assert_eq!(t.audit().await.len(), before);

    // Closing: a sub-status of "in progress" does not follow the case.
    let closed = t
        .app
        .update_case(
            &bilal,
            id,
            &CaseChange {
                status: Some(ReportStatus::Closed),
                ..CaseChange::default()
            },
        )
        .await
        .expect("close");
    assert_eq!(closed.meta.case.substatus, None);
    assert!(matches!(
        t.app
            .update_case(
                &bilal,
                id,
                &CaseChange {
                    substatus: Some(Some("awaiting_documents".into())),
                    ..CaseChange::default()
                },
            )
            .await,
        Err(AppError::CaseRule(
            CaseRuleError::SubstatusOfAnotherStatus { .. }
        ))
    ));

    let reporter = t.reporter(&receipt).await;
    let view = t.app.reporter_view(&reporter).await.expect("view");
    assert_eq!(view.status, ReportStatus::Closed);
    assert_eq!(view.status_day, today);
}

/// Only someone holding a key to the report can be assigned it; given access, they can.
async fn an_assignee_must_hold_a_key(t: TestRefuge) {
    let amina = t.staff("amina", Role::Caseworker).await;
    t.report("A man photographed our meeting.").await;
    let id = t.newest_report(&amina).await;
    let late = t.staff("late", Role::Caseworker).await;
    let assign = CaseChange {
        assignee: Some(Some(late.staff.id)),
        ..CaseChange::default()
    };
    assert!(matches!(
        t.app.update_case(&amina, id, &assign).await,
        Err(AppError::CaseRule(CaseRuleError::AssigneeCannotRead(_)))
    ));
    assert!(matches!(
        t.app.update_case(&late, id, &assign).await,
        Err(AppError::NoAccess)
    ));
    t.app
        .grant_report_access(&amina, id, late.staff.id)
        .await
        .expect("grant");
    let case = t
        .app
        .update_case(&amina, id, &assign)
        .await
        .expect("assign");
    assert_eq!(case.assignee.as_deref(), Some("late"));
    let researcher = t.staff("rita", Role::Researcher).await;
    assert!(matches!(
        t.app
            .update_case(
                &amina,
                id,
                &CaseChange {
                    assignee: Some(Some(researcher.staff.id)),
                    ..CaseChange::default()
                },
            )
            .await,
        Err(AppError::NotFound)
    ));
}

/// Labels and the deadline are case content: sealed, never in a clear column or the audit
/// log, and readable by a colleague given access later (the case key is inside the report).
async fn labels_and_deadlines_are_sealed_with_the_case(t: TestRefuge) {
    let amina = t.staff("amina", Role::Caseworker).await;
    t.report("They threatened my mother in Kashgar.").await;
    let id = t.newest_report(&amina).await;
    let case = t
        .app
        .update_case(
            &amina,
            id,
            &CaseChange {
                labels: Some(vec!["press".into(), "legal".into(), "press".into()]),
                deadline: Some(Day::parse("2027-01-15")),
                ..CaseChange::default()
            },
        )
        .await
        .expect("labels");
    assert_eq!(
        case.card.labels,
        ["legal", "press"],
        "known, once, in order"
    );
    assert_eq!(case.card.deadline.as_deref(), Some("2027-01-15"));
    assert!(matches!(
        t.app
            .update_case(
                &amina,
                id,
                &CaseChange {
                    labels: Some(vec!["secret_police".into()]),
                    ..CaseChange::default()
                },
            )
            .await,
        Err(AppError::CaseRule(CaseRuleError::UnknownLabel(_)))
    ));

    let stored = t.store.report(id).await.expect("get").expect("present");
    let sealed = stored.sealed_card.expect("a card");
    for clear in [&b"legal"[..], b"press", b"2027-01-15"] {
        assert!(
            !sealed.windows(clear.len()).any(|w| w == clear),
            "the card holds no clear {:?}",
            String::from_utf8_lossy(clear)
        );
    }
    let audit = t.audit().await;
    assert!(
        audit
            .iter()
            .filter(|e| e.report == Some(id))
            .all(|e| !e.subject.contains("legal") && !e.subject.contains("2027")),
        "the log says that labels changed, not to what"
    );
    assert!(actions(&audit, id).contains(&AuditAction::LabelsChanged));
    assert!(actions(&audit, id).contains(&AuditAction::DeadlineChanged));

    let late = t.staff("late", Role::Caseworker).await;
    t.app
        .grant_report_access(&amina, id, late.staff.id)
        .await
        .expect("grant");
    let opened = t.app.open_report(&late, id).await.expect("open");
    assert_eq!(opened.card.labels, ["legal", "press"]);
    let list = t
        .app
        .case_list(&late, &InboxRequest::new(10))
        .await
        .expect("list");
    assert_eq!(
        list.lines[0].card.as_ref().map(|c| c.labels.clone()),
        Some(vec!["legal".to_owned(), "press".to_owned()])
    );
}

/// The caseworker's coding of tactics is kept beside the reporter's; the same as the
/// reporter's, or nothing, is no recoding.
async fn tactics_are_recoded_beside_the_reporters(t: TestRefuge) {
    let amina = t.staff("amina", Role::Caseworker).await;
    t.report("They sent me a link that took over my phone.")
        .await;
    let id = t.newest_report(&amina).await;
    let recode = |tactics: Vec<Tactic>| CaseChange {
        tactics: Some(tactics),
        ..CaseChange::default()
    };
    let case = t
        .app
        .update_case(
            &amina,
            id,
            &recode(vec![Tactic::Spyware, Tactic::HackingPhishing]),
        )
        .await
        .expect("recode");
    assert_eq!(
        case.meta.case.staff_tactics,
        Some(vec![Tactic::HackingPhishing, Tactic::Spyware])
    );
    assert_eq!(
        case.meta.case.counted_tactics(&case.meta.tactics),
        [Tactic::HackingPhishing, Tactic::Spyware]
    );
    let case = t
        .app
        .update_case(&amina, id, &recode(Vec::new()))
        .await
        .expect("back");
    assert_eq!(case.meta.case.staff_tactics, None);
}

/// A bulk change names only cases the member can read, or changes nothing.
async fn bulk_changes_are_all_or_nothing(t: TestRefuge) {
    let amina = t.staff("amina", Role::Caseworker).await;
    for n in 0..3 {
        t.report(&format!("report {n}")).await;
    }
    let late = t.staff("late", Role::Caseworker).await;
    t.report("only late and amina read this one").await;
    let list = t
        .app
        .case_list(&amina, &InboxRequest::new(10))
        .await
        .expect("list");
    let all: Vec<ReportId> = list.lines.iter().map(|l| l.meta.id).collect();
    assert_eq!(all.len(), 4);
    let change = CaseChange {
        status: Some(ReportStatus::Triaged),
        add_label: Some("legal".into()),
        assignee: Some(Some(amina.staff.id)),
        ..CaseChange::default()
    };
    assert!(matches!(
        t.app.update_cases(&late, &all, &change).await,
        Err(AppError::NotFound)
    ));
    let untouched = t
        .app
        .case_list(&amina, &InboxRequest::new(10))
        .await
        .expect("list");
    assert!(
        untouched
            .lines
            .iter()
            .all(|l| l.meta.status == ReportStatus::Received)
    );
    assert_eq!(
        t.app
            .update_cases(&amina, &all, &change)
            .await
            .expect("bulk"),
        4
    );
    assert_eq!(
        t.app
            .update_cases(&amina, &all, &change)
            .await
            .expect("again"),
        0,
        "a second time changes nothing"
    );
    let after = t
        .app
        .case_list(&amina, &InboxRequest::new(10))
        .await
        .expect("list");
    for line in &after.lines {
        assert_eq!(line.meta.status, ReportStatus::Triaged);
        assert_eq!(line.assignee.as_deref(), Some("amina"));
        assert_eq!(
            line.card.as_ref().map(|c| c.labels.clone()),
            Some(vec!["legal".into()])
        );
    }
}

/// A report stored before case work (no case key in it) is given one the first time a
/// caseworker needs it, sealed to the same keys; the change is on record.
async fn an_older_report_is_given_its_case_key(t: TestRefuge) {
    let amina = t.staff("amina", Role::Caseworker).await;
    t.report("stored before case work").await;
    let id = t.newest_report(&amina).await;
    // Make it as an older version stored it: the same document, without a case key.
    let opened = t.app.open_report(&amina, id).await.expect("open");
    let mut document = serde_json::to_value(&opened.sealed).expect("json");
    document["keys"]
        .as_object_mut()
        .expect("keys")
        .remove("case");
    let stored = t.store.report(id).await.expect("get").expect("present");
    let key = amina.staff.public_key.clone();
    let older = t
        .put_blob(vec![key], serde_json::to_vec(&document).expect("bytes"))
        .await;
    t.store
        .reseal_report(
            id,
            &stored.blob,
            &older,
            &stored.recipients,
            &AuditEntry {
                at: t.app.now(),
                actor: None,
                action: AuditAction::ReportAccessGranted,
                report: Some(id),
                subject: "test".into(),
            },
        )
        .await
        .expect("older blob");
    // Amina's ring already holds the old key; a colleague's does not.
    let late = t.staff("late", Role::Caseworker).await;
    t.app
        .grant_report_access(&amina, id, late.staff.id)
        .await
        .expect("grant");
    let case = t
        .app
        .update_case(
            &late,
            id,
            &CaseChange {
                labels: Some(vec!["legal".into()]),
                ..CaseChange::default()
            },
        )
        .await
        .expect("label");
    assert_eq!(case.card.labels, ["legal"]);
    assert!(actions(&t.audit().await, id).contains(&AuditAction::CaseKeyAdded));
    let reopened = t.app.open_report(&late, id).await.expect("open");
    assert!(
        reopened
            .sealed
            .keys
            .as_ref()
            .and_then(|k| k.case.as_ref())
            .is_some()
    );
    assert_eq!(reopened.card.labels, ["legal"]);
}

/// Notes: sealed under the case key, versions kept, read by a colleague given access later,
/// never by the reporter (nor with the receipt and the database).
async fn notes_are_staff_only_and_keep_their_versions(t: TestRefuge) {
    let amina = t.staff("amina", Role::Caseworker).await;
    let receipt = t.report("My cousin was detained after my interview.").await;
    let id = t.newest_report(&amina).await;
    let secret = "Possible informant in the family: check with the Uyghur desk";
    let note = t
        .app
        .add_note(&amina, id, secret, None)
        .await
        .expect("note");
    t.clock.advance(86_400);
    let edited = "Checked: not an informant. Handle as usual.";
    assert_eq!(
        t.app
            .edit_note(&amina, id, note, edited)
            .await
            .expect("edit"),
        2
    );
    assert_eq!(
        t.app
            .edit_note(&amina, id, note, edited)
            .await
            .expect("again"),
        2,
        "the same text again writes nothing"
    );
    assert!(t.app.add_note(&amina, id, "   ", None).await.is_err());
    let notes = t.app.notes(&amina, id).await.expect("notes");
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].latest.body, edited);
    assert_eq!(notes[0].latest.version, 2);
    assert_eq!(notes[0].latest.author.as_deref(), Some("amina"));
    assert_eq!(notes[0].earlier.len(), 1);
    assert_eq!(notes[0].earlier[0].body, secret);

    for row in t.store.notes(id).await.expect("rows") {
        assert!(
            !row.ciphertext
                .windows(8)
                .any(|w| w == &secret.as_bytes()[..8]),
            "sealed at rest"
        );
    }
    let audit = t.audit().await;
    assert!(
        audit
            .iter()
            .filter(|e| e.action == AuditAction::NoteWritten)
            .all(|e| !e.subject.contains("informant")),
        "the log names the note, never its words"
    );
    assert_eq!(
        audit
            .iter()
            .filter(|e| e.action == AuditAction::NoteWritten)
            .count(),
        2
    );

    // A colleague given access later reads them; the reporter never sees them.
    let late = t.staff("late", Role::Caseworker).await;
    assert!(matches!(
        t.app.notes(&late, id).await,
        Err(AppError::NoAccess)
    ));
    t.app
        .grant_report_access(&amina, id, late.staff.id)
        .await
        .expect("grant");
    assert_eq!(
        t.app.notes(&late, id).await.expect("notes")[0].latest.body,
        edited
    );
    let reporter = t.reporter(&receipt).await;
    let view = t.app.reporter_view(&reporter).await.expect("view");
    assert!(
        view.messages
            .iter()
            .all(|m| !m.body.contains("informant") && !m.body.contains("Checked")),
        "no note among the reporter's messages"
    );
}

on_both_engines!(
    notes_are_staff_only_and_keep_their_versions,
    a_case_is_triaged_and_assigned,
    an_assignee_must_hold_a_key,
    labels_and_deadlines_are_sealed_with_the_case,
    tactics_are_recoded_beside_the_reporters,
    bulk_changes_are_all_or_nothing,
    an_older_report_is_given_its_case_key,
);
