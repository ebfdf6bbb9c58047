//! The store contract: every port behaviour is one function, run on SQLite and on PostgreSQL.
//! PostgreSQL is required (see `refuge_store::testing`); CI never skips it.

use refuge_domain::YearMonth;
use refuge_domain::audit::{ChainBreak, ChainWalk};
use refuge_domain::calendar::Day;
use refuge_domain::case::{CaseState, Urgency};
use refuge_domain::inbox::{AssigneeFilter, InboxFilter, InboxQuery, InboxSort};
use refuge_domain::ports::prelude::*;
use refuge_domain::ports::{
    AuditEntry, AuditQuery, BlobError, BlobStore, CaseUpdate, Expiry, IdempotencyRecord,
    InsertOutcome, MessageAuthor, NewFile, NewMessage, NewReport, ReceiptMatch, ReportMeta,
    ReporterAccess, ReporterSessionRecord, SessionRecord, StaffRecord, StoreError,
    StoredCheckpoint, Team, UploadUsage,
};
use refuge_domain::report::ReportStatus;
use refuge_domain::staff::Role;
use refuge_domain::taxonomy::{Community, Language, Tactic};
use refuge_domain::{FileId, MessageId, NoteId, ReportId, StaffId, TeamId};
use refuge_store::testing::{TestDatabase, postgres_skipped};
use refuge_store::{Engine, SqlBlobStore, SqlStore};

fn random16() -> [u8; 16] {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).expect("random");
    bytes
}

fn audit(action: &str) -> AuditEntry {
    let action = refuge_domain::AuditAction::from_code(action).expect("a known action");
    AuditEntry {
        at: 1_000,
        actor: None,
        action,
        report: None,
        subject: "test".into(),
    }
}

fn staff(username: &str, role: Role) -> StaffRecord {
    StaffRecord {
        id: StaffId::from_bytes(random16()),
        username: username.into(),
        role,
        public_key: format!("age1{username}"),
        wrapped_identity: vec![1, 2, 3],
        receives_reports: role.may(refuge_domain::Permission::ReceiveReports),
        disabled: false,
        created_at: 1_000,
    }
}

fn new_report(recipients: &[StaffId], token: &[u8]) -> NewReport {
    NewReport {
        teams: Vec::new(),
        meta: ReportMeta {
            id: ReportId::from_bytes(random16()),
            received: Day(20_780),
            status: ReportStatus::Received,
            status_day: Day(20_780),
            language: Language::Uyghur,
            tactics: vec![Tactic::RelativesThreatened, Tactic::ThreatOnline],
            host_country: Some("CA".into()),
            host_region: Some("ON".into()),
            origin_state: Some("CN".into()),
            occurred_month: YearMonth::parse("2026-10"),
            community: Some(Community::Uyghur),
            consent_statistics: true,
            case: CaseState::new(Day(20_780)),
        },
        blob: hex(&random16()),
        recipients: recipients.to_vec(),
        receipt_hash: random16().to_vec(),
        access: ReporterAccess {
            conversation_key: "age1conversation".into(),
            files_key: "age1files".into(),
            wrapped_conversation_identity: vec![7; 40],
        },
        files: vec![new_file(Day(20_780), 1_000)],
        idempotency: IdempotencyRecord {
            lookup: token.to_vec(),
            sealed_replay: b"sealed".to_vec(),
            expires: Day(20_781),
        },
        search_chunks: Vec::new(),
        identifier_set: None,
        sealed_consent: None,
    }
}

fn new_file(day: Day, size: i64) -> NewFile {
    NewFile {
        id: FileId::from_bytes(random16()),
        added: day,
        size,
        original_blob: hex(&random16()),
        clean_blob: Some(hex(&random16())),
        sealed_meta: vec![9; 64],
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

async fn migrations_are_idempotent(db: &TestDatabase, store: &SqlStore) {
    let engine = match db.engine {
        Engine::Sqlite => "sqlite",
        Engine::Postgres => "postgres",
    };
    let files: Vec<String> = migration_files(engine)
        .into_iter()
        .map(|name| name.trim_end_matches(".sql").to_owned())
        .collect();
    assert_eq!(
        store.applied_migrations().await.expect("applied"),
        files,
        "the list in migrate.rs names every file of migrations/{engine}, in order"
    );
    assert_eq!(
        store.migrate().await.expect("again"),
        0,
        "second run applies nothing"
    );
    let reopened = db.open().await;
    assert_eq!(reopened.count_staff().await.expect("count"), 0);
}

async fn instance_secrets_are_created_once(_: &TestDatabase, store: &SqlStore) {
    let first = store
        .instance_secret("receipt_salt", b"first")
        .await
        .expect("first");
    let second = store
        .instance_secret("receipt_salt", b"second")
        .await
        .expect("second");
    assert_eq!(first, b"first");
    assert_eq!(second, b"first", "a second app server gets the same secret");
}

async fn staff_round_trip_and_usernames_are_unique(_: &TestDatabase, store: &SqlStore) {
    let amina = staff("amina", Role::Caseworker);
    store
        .insert_staff(&amina, &audit("staff_added"))
        .await
        .expect("insert");
    assert_eq!(
        store.staff_by_username("amina").await.expect("get"),
        Some(amina.clone())
    );
    assert_eq!(
        store.staff_by_id(amina.id).await.expect("get"),
        Some(amina.clone())
    );
    let clash = staff("amina", Role::Admin);
    assert!(matches!(
        store.insert_staff(&clash, &audit("staff_added")).await,
        Err(StoreError::Conflict)
    ));
    assert_eq!(store.count_staff().await.expect("count"), 1);
    assert_eq!(
        store.audit_log(10).await.expect("audit").len(),
        1,
        "the failed insert left no audit row"
    );
}

async fn intake_recipients_are_enabled_receivers_only(_: &TestDatabase, store: &SqlStore) {
    for (name, role) in [
        ("b-case", Role::Caseworker),
        ("a-admin", Role::Admin),
        ("c-research", Role::Researcher),
    ] {
        store
            .insert_staff(&staff(name, role), &audit("staff_added"))
            .await
            .expect("insert");
    }
    let mut disabled = staff("d-gone", Role::Caseworker);
    disabled.disabled = true;
    store
        .insert_staff(&disabled, &audit("staff_added"))
        .await
        .expect("insert");
    let names: Vec<String> = store
        .intake_recipients()
        .await
        .expect("list")
        .into_iter()
        .map(|s| s.username)
        .collect();
    assert_eq!(names, vec!["a-admin", "b-case"]);
}

async fn login_throttle_counts_and_clears(_: &TestDatabase, store: &SqlStore) {
    let key = b"hash-of-username";
    let fresh = store.login_throttle(key).await.expect("get");
    assert_eq!(fresh.failures, 0);
    assert!(
        store
            .claim_login_attempt(key, fresh, 10)
            .await
            .expect("claim")
    );
    assert!(
        !store
            .claim_login_attempt(key, fresh, 11)
            .await
            .expect("claim"),
        "a second claim from the same reading loses the race"
    );
    let once = store.login_throttle(key).await.expect("get");
    assert_eq!((once.failures, once.last_failure_at), (1, 10));
    assert!(
        store
            .claim_login_attempt(key, once, 20)
            .await
            .expect("claim")
    );
    assert!(
        !store
            .claim_login_attempt(key, once, 21)
            .await
            .expect("claim")
    );
    let throttle = store.login_throttle(key).await.expect("get");
    assert_eq!((throttle.failures, throttle.last_failure_at), (2, 20));
    store.clear_login_failures(key).await.expect("clear");
    assert_eq!(store.login_throttle(key).await.expect("get").failures, 0);
}

async fn setup_token_creates_exactly_one_first_admin(_: &TestDatabase, store: &SqlStore) {
    store
        .insert_setup_token(b"token", 500)
        .await
        .expect("token");
    let admin = staff("root", Role::Admin);
    assert!(
        matches!(
            store
                .complete_setup(b"token", 600, &admin, &audit("first_admin_created"))
                .await,
            Err(StoreError::NotFound)
        ),
        "expired"
    );
    store
        .insert_setup_token(b"token2", 500)
        .await
        .expect("token");
    assert!(matches!(
        store
            .complete_setup(b"wrong", 100, &admin, &audit("first_admin_created"))
            .await,
        Err(StoreError::NotFound)
    ));
    store
        .complete_setup(b"token2", 100, &admin, &audit("first_admin_created"))
        .await
        .expect("setup");
    assert_eq!(store.count_staff().await.expect("count"), 1);
    store
        .insert_setup_token(b"token3", 500)
        .await
        .expect("token");
    let second = staff("other", Role::Admin);
    assert!(
        matches!(
            store
                .complete_setup(b"token3", 100, &second, &audit("first_admin_created"))
                .await,
            Err(StoreError::NotFound)
        ),
        "setup only works while there is no staff"
    );
}

async fn sessions_round_trip_touch_and_delete(_: &TestDatabase, store: &SqlStore) {
    let amina = staff("amina", Role::Caseworker);
    store
        .insert_staff(&amina, &audit("staff_added"))
        .await
        .expect("insert");
    let session = SessionRecord {
        staff_id: amina.id,
        sealed_identity: vec![9; 40],
        created_at: 100,
        last_seen_at: 100,
    };
    store
        .insert_session(b"sid", &session, &audit("login"))
        .await
        .expect("insert");
    store.touch_session(b"sid", 150).await.expect("touch");
    assert_eq!(
        store.session(b"sid").await.expect("get"),
        Some(SessionRecord {
            last_seen_at: 150,
            ..session
        })
    );
    store.delete_session(b"sid").await.expect("delete");
    assert_eq!(store.session(b"sid").await.expect("get"), None);
}

async fn reports_insert_read_and_idempotency(_: &TestDatabase, store: &SqlStore) {
    let amina = staff("amina", Role::Caseworker);
    store
        .insert_staff(&amina, &audit("staff_added"))
        .await
        .expect("insert");
    let report = new_report(&[amina.id], b"token-1");
    assert_eq!(
        store.insert_report(&report).await.expect("insert"),
        InsertOutcome::Inserted
    );
    let stored = store
        .report(report.meta.id)
        .await
        .expect("get")
        .expect("present");
    assert_eq!(stored.meta, report.meta);
    assert_eq!(stored.recipients, vec![amina.id]);
    assert_eq!(
        store
            .idempotency_record(b"token-1", Day(20_781))
            .await
            .expect("get"),
        Some((report.meta.id, b"sealed".to_vec()))
    );
    assert_eq!(
        store
            .idempotency_record(b"token-1", Day(20_782))
            .await
            .expect("get"),
        None,
        "expired records are not found, even before they are purged"
    );
    store
        .reseal_idempotency(b"token-1", b"resealed")
        .await
        .expect("reseal");
    assert_eq!(
        store
            .idempotency_record(b"token-1", Day(20_780))
            .await
            .expect("get")
            .map(|(_, sealed)| sealed),
        Some(b"resealed".to_vec())
    );
    assert_eq!(
        store
            .report_by_receipt_hash(&report.receipt_hash)
            .await
            .expect("get")
            .map(|found| found.report),
        Some(report.meta.id)
    );
    assert_eq!(
        store.report_by_receipt_hash(b"unknown").await.expect("get"),
        None
    );

    let mut retry = new_report(&[amina.id], b"token-1");
    retry.idempotency.sealed_replay = b"other".to_vec();
    assert_eq!(
        store.insert_report(&retry).await.expect("retry"),
        InsertOutcome::DuplicateOf {
            sealed_replay: b"resealed".to_vec()
        }
    );
    assert_eq!(
        store.report(retry.meta.id).await.expect("get"),
        None,
        "the duplicate left nothing behind"
    );
    let file = &report.files[0];
    let mut expected = vec![
        report.blob.clone(),
        file.original_blob.clone(),
        file.clean_blob.clone().expect("clean"),
    ];
    let mut names = store.blob_names().await.expect("blobs");
    expected.sort();
    names.sort();
    assert_eq!(
        names, expected,
        "the duplicate's file rows were rolled back too"
    );

    let keep_everything = Expiry {
        today: Day(20_781),
        staff_seen_before: 0,
        staff_begun_before: 0,
        now: 0,
        throttle_failed_before: 0,
    };
    assert_eq!(
        store.purge_expired(&keep_everything).await.expect("purge"),
        0
    );
    let next_day = Expiry {
        today: Day(20_782),
        ..keep_everything
    };
    assert_eq!(store.purge_expired(&next_day).await.expect("purge"), 1);
    assert_eq!(
        store
            .report(report.meta.id)
            .await
            .expect("get")
            .map(|r| r.meta.id),
        Some(report.meta.id)
    );
}

async fn receipt_hashes_are_unique(_: &TestDatabase, store: &SqlStore) {
    let first = new_report(&[], b"a");
    store.insert_report(&first).await.expect("insert");
    let mut clash = new_report(&[], b"b");
    clash.receipt_hash = first.receipt_hash.clone();
    assert!(matches!(
        store.insert_report(&clash).await,
        Err(StoreError::Conflict)
    ));
}

async fn inbox_is_newest_first_paged_and_marks_access(_: &TestDatabase, store: &SqlStore) {
    let (amina, bilal) = (
        staff("amina", Role::Caseworker),
        staff("bilal", Role::Caseworker),
    );
    for person in [&amina, &bilal] {
        store
            .insert_staff(person, &audit("staff_added"))
            .await
            .expect("insert");
    }
    let mut ids = Vec::new();
    for n in 0..5u8 {
        let recipients = if n % 2 == 0 {
            vec![amina.id, bilal.id]
        } else {
            vec![amina.id]
        };
        let report = new_report(&recipients, &[n]);
        ids.push(report.meta.id);
        store.insert_report(&report).await.expect("insert");
    }
    let first = store
        .inbox(bilal.id, &InboxQuery::newest(3, None))
        .await
        .expect("page 1");
    let order: Vec<_> = first.entries.iter().map(|e| e.meta.id).collect();
    assert_eq!(order, vec![ids[4], ids[3], ids[2]]);
    assert_eq!(
        first
            .entries
            .iter()
            .map(|e| e.viewer_can_read)
            .collect::<Vec<_>>(),
        vec![true, false, true]
    );
    let second = store
        .inbox(bilal.id, &InboxQuery::newest(3, first.next_cursor))
        .await
        .expect("page 2");
    assert_eq!(
        second.entries.iter().map(|e| e.meta.id).collect::<Vec<_>>(),
        vec![ids[1], ids[0]]
    );
    assert_eq!(second.next_cursor, None);
}

async fn resealing_swaps_blob_and_recipients_atomically(_: &TestDatabase, store: &SqlStore) {
    let (amina, bilal) = (
        staff("amina", Role::Caseworker),
        staff("bilal", Role::Caseworker),
    );
    for person in [&amina, &bilal] {
        store
            .insert_staff(person, &audit("staff_added"))
            .await
            .expect("insert");
    }
    let report = new_report(&[amina.id], b"t");
    store.insert_report(&report).await.expect("insert");
    assert_eq!(
        store
            .reports_to_share(amina.id, bilal.id)
            .await
            .expect("share"),
        vec![report.meta.id]
    );
    assert!(
        matches!(
            store
                .reseal_report(
                    report.meta.id,
                    "stale",
                    "eeee",
                    &[amina.id, bilal.id],
                    &audit("report_access_granted")
                )
                .await,
            Err(StoreError::Conflict)
        ),
        "a reseal based on a stale read loses"
    );
    let old = store
        .reseal_report(
            report.meta.id,
            &report.blob,
            "ffffffffffffffffffffffffffffffff",
            &[amina.id, bilal.id],
            &audit("report_access_granted"),
        )
        .await
        .expect("reseal");
    assert_eq!(old, report.blob);
    let stored = store
        .report(report.meta.id)
        .await
        .expect("get")
        .expect("present");
    assert_eq!(stored.blob, "ffffffffffffffffffffffffffffffff");
    assert_eq!(stored.recipients.len(), 2);
    assert!(
        store
            .reports_to_share(amina.id, bilal.id)
            .await
            .expect("share")
            .is_empty()
    );
    let missing = ReportId::from_bytes(random16());
    assert!(matches!(
        store
            .reseal_report(missing, "x", "y", &[], &audit("staff_added"))
            .await,
        Err(StoreError::NotFound)
    ));
}

async fn wrapped_identity_updates_are_audited(_: &TestDatabase, store: &SqlStore) {
    let amina = staff("amina", Role::Caseworker);
    store
        .insert_staff(&amina, &audit("staff_added"))
        .await
        .expect("insert");
    let session = SessionRecord {
        staff_id: amina.id,
        sealed_identity: vec![1; 40],
        created_at: 1,
        last_seen_at: 1,
    };
    store
        .insert_session(b"this one", &session, &audit("login"))
        .await
        .expect("s");
    store
        .insert_session(b"elsewhere", &session, &audit("login"))
        .await
        .expect("s");
    store
        .update_wrapped_identity(amina.id, &[7, 7], b"this one", &audit("password_changed"))
        .await
        .expect("update");
    assert!(store.session(b"this one").await.expect("get").is_some());
    assert!(
        store.session(b"elsewhere").await.expect("get").is_none(),
        "the other sessions ended with the change"
    );
    assert_eq!(
        store
            .staff_by_id(amina.id)
            .await
            .expect("get")
            .expect("present")
            .wrapped_identity,
        vec![7, 7]
    );
    let actions: Vec<&str> = store
        .audit_log(10)
        .await
        .expect("audit")
        .into_iter()
        .map(|a| a.action.code())
        .collect();
    assert_eq!(
        actions,
        vec!["password_changed", "login", "login", "staff_added"],
        "newest first; each sign-in recorded with its session"
    );
}

async fn disabling_ends_sessions_and_intake_at_once(_: &TestDatabase, store: &SqlStore) {
    let amina = staff("amina", Role::Caseworker);
    store
        .insert_staff(&amina, &audit("staff_added"))
        .await
        .expect("insert");
    let session = SessionRecord {
        staff_id: amina.id,
        sealed_identity: vec![1; 40],
        created_at: 1,
        last_seen_at: 1,
    };
    store
        .insert_session(b"s1", &session, &audit("login"))
        .await
        .expect("session");
    store
        .insert_session(b"s2", &session, &audit("login"))
        .await
        .expect("session");
    store
        .disable_staff(amina.id, &audit("staff_disabled"))
        .await
        .expect("disable");
    assert_eq!(store.session(b"s1").await.expect("get"), None);
    assert_eq!(store.session(b"s2").await.expect("get"), None);
    assert!(
        store
            .intake_recipients()
            .await
            .expect("recipients")
            .is_empty()
    );
    assert!(
        store
            .staff_by_id(amina.id)
            .await
            .expect("get")
            .expect("kept for the record")
            .disabled
    );
    let ghost = StaffId::from_bytes(random16());
    assert!(matches!(
        store.disable_staff(ghost, &audit("staff_disabled")).await,
        Err(StoreError::NotFound)
    ));

    // Undone by an administrator: receives new reports again; the ended sessions stay ended.
    store
        .enable_staff(amina.id, &audit("staff_enabled"))
        .await
        .expect("enable");
    let recipients = store.intake_recipients().await.expect("recipients");
    assert_eq!(
        recipients.iter().map(|s| s.id).collect::<Vec<_>>(),
        vec![amina.id]
    );
    assert_eq!(store.session(b"s1").await.expect("get"), None);
    assert!(
        store
            .audit_log(10)
            .await
            .expect("audit")
            .iter()
            .any(|entry| entry.action == refuge_domain::AuditAction::StaffEnabled)
    );
    assert!(matches!(
        store.enable_staff(ghost, &audit("staff_enabled")).await,
        Err(StoreError::NotFound)
    ));
}

/// Sessions, set-up tokens and throttle rows past their use are deleted while the server runs.
async fn expired_rows_are_purged(_: &TestDatabase, store: &SqlStore) {
    let amina = staff("amina", Role::Caseworker);
    store
        .insert_staff(&amina, &audit("staff_added"))
        .await
        .expect("insert");
    let report = new_report(&[amina.id], b"token-purge");
    store.insert_report(&report).await.expect("insert");
    let session = |created_at, last_seen_at| SessionRecord {
        staff_id: amina.id,
        sealed_identity: vec![1; 40],
        created_at,
        last_seen_at,
    };
    store
        .insert_session(b"idle", &session(100, 100), &audit("login"))
        .await
        .expect("s");
    store
        .insert_session(b"old", &session(10, 900), &audit("login"))
        .await
        .expect("s");
    store
        .insert_session(b"live", &session(500, 900), &audit("login"))
        .await
        .expect("s");
    let reporter = |purge_day| ReporterSessionRecord {
        report_id: report.meta.id,
        sealed_state: vec![2; 40],
        purge_day: Day(purge_day),
    };
    store
        .insert_reporter_session(b"r-idle", &reporter(20_780))
        .await
        .expect("r");
    store
        .insert_reporter_session(b"r-live", &reporter(20_781))
        .await
        .expect("r");
    store.insert_setup_token(b"used-up", 600).await.expect("t");
    store.insert_setup_token(b"fresh", 5_000).await.expect("t");
    let fresh = store.login_throttle(b"old-failure").await.expect("get");
    store
        .claim_login_attempt(b"old-failure", fresh, 50)
        .await
        .expect("claim");
    store
        .claim_login_attempt(b"new-failure", fresh, 950)
        .await
        .expect("claim");
    let expiry = Expiry {
        today: Day(20_780),
        staff_seen_before: 200,
        staff_begun_before: 50,
        now: 1_000,
        throttle_failed_before: 100,
    };
    assert_eq!(store.purge_expired(&expiry).await.expect("purge"), 5);
    assert!(store.session(b"idle").await.expect("get").is_none());
    assert!(store.session(b"old").await.expect("get").is_none());
    assert!(store.session(b"live").await.expect("get").is_some());
    assert!(
        store
            .reporter_session(b"r-idle")
            .await
            .expect("get")
            .is_none()
    );
    assert!(
        store
            .reporter_session(b"r-live")
            .await
            .expect("get")
            .is_some()
    );
    assert!(!store.setup_token_valid(b"used-up", 0).await.expect("check"));
    assert!(
        store
            .setup_token_valid(b"fresh", 1_000)
            .await
            .expect("check")
    );
    assert_eq!(
        store
            .login_throttle(b"old-failure")
            .await
            .expect("get")
            .failures,
        0
    );
    assert_eq!(
        store
            .login_throttle(b"new-failure")
            .await
            .expect("get")
            .failures,
        1
    );
}

async fn setup_tokens_can_be_checked_before_any_work(_: &TestDatabase, store: &SqlStore) {
    store
        .insert_setup_token(b"token", 500)
        .await
        .expect("token");
    assert!(store.setup_token_valid(b"token", 499).await.expect("check"));
    assert!(
        !store.setup_token_valid(b"token", 500).await.expect("check"),
        "expired"
    );
    assert!(
        !store.setup_token_valid(b"other", 1).await.expect("check"),
        "unknown"
    );
}

async fn a_message_or_file_sent_twice_is_stored_once(_: &TestDatabase, store: &SqlStore) {
    let amina = staff("amina", Role::Caseworker);
    store
        .insert_staff(&amina, &audit("staff_added"))
        .await
        .expect("insert");
    let report = new_report(&[amina.id], b"token-twice");
    store.insert_report(&report).await.expect("insert");
    let message = NewMessage {
        id: MessageId::from_bytes(random16()),
        report_id: report.meta.id,
        author: MessageAuthor::Reporter,
        sent: Day(20_781),
        ciphertext: vec![1; 50],
    };
    store.insert_message(&message, None).await.expect("insert");
    assert!(matches!(
        store.insert_message(&message, None).await,
        Err(StoreError::Conflict)
    ));
    assert_eq!(store.messages(report.meta.id).await.expect("list").len(), 1);

    let before = store.files(report.meta.id).await.expect("files").len();
    let added = vec![new_file(Day(20_781), 500), new_file(Day(20_781), 600)];
    store
        .insert_files(report.meta.id, &added)
        .await
        .expect("files");
    let day_bytes = store
        .upload_usage(Day(20_781), None)
        .await
        .expect("usage")
        .day_bytes;
    // Sent again: one id already exists, so nothing of the batch is added or counted.
    let again = vec![new_file(Day(20_781), 700), added[1].clone()];
    assert!(matches!(
        store.insert_files(report.meta.id, &again).await,
        Err(StoreError::Conflict)
    ));
    assert_eq!(
        store.files(report.meta.id).await.expect("files").len(),
        before + 2
    );
    assert_eq!(
        store
            .upload_usage(Day(20_781), None)
            .await
            .expect("usage")
            .day_bytes,
        day_bytes
    );
}

/// Migration 3 removes the zero-byte "file" a browser's empty file part used to leave on every
/// report sent without a file, and nothing else.
async fn zero_byte_files_are_removed_by_the_repair(_: &TestDatabase, store: &SqlStore) {
    let amina = staff("amina", Role::Caseworker);
    store
        .insert_staff(&amina, &audit("staff_added"))
        .await
        .expect("insert");
    let mut report = new_report(&[amina.id], b"token-phantom");
    let real = report.files[0].clone();
    let phantom = new_file(Day(20_780), 0);
    report.files.push(phantom.clone());
    store.insert_report(&report).await.expect("insert");
    assert_eq!(store.files(report.meta.id).await.expect("files").len(), 2);
    let repair = match store.engine() {
        Engine::Sqlite => include_str!("../migrations/sqlite/0003_no_empty_files.sql"),
        Engine::Postgres => include_str!("../migrations/postgres/0003_no_empty_files.sql"),
    };
    store.execute_raw(repair).await.expect("repair");
    let left = store.files(report.meta.id).await.expect("files");
    assert_eq!(left.iter().map(|f| f.id).collect::<Vec<_>>(), vec![real.id]);
    assert!(
        !store
            .blob_names()
            .await
            .expect("blobs")
            .contains(&phantom.original_blob),
        "the phantom's blob is no longer referenced (the start-up sweep removes it)"
    );
}

async fn reports_carry_their_follow_up_keys_and_files(_: &TestDatabase, store: &SqlStore) {
    let amina = staff("amina", Role::Caseworker);
    store
        .insert_staff(&amina, &audit("staff_added"))
        .await
        .expect("insert");
    let report = new_report(&[amina.id], b"token-files");
    store.insert_report(&report).await.expect("insert");
    let stored = store
        .report(report.meta.id)
        .await
        .expect("get")
        .expect("present");
    assert_eq!(stored.access, Some(report.access.clone()));
    assert_eq!(
        store
            .report_by_receipt_hash(&report.receipt_hash)
            .await
            .expect("lookup"),
        Some(ReceiptMatch {
            report: report.meta.id,
            wrapped_conversation_identity: Some(
                report.access.wrapped_conversation_identity.clone()
            )
        })
    );
    assert_eq!(
        store
            .report_by_receipt_hash(b"no such hash")
            .await
            .expect("lookup"),
        None
    );
    assert_eq!(
        store.files(report.meta.id).await.expect("files"),
        report.files
    );
    let later = vec![new_file(Day(20_781), 5_000), new_file(Day(20_781), 7)];
    store
        .insert_files(report.meta.id, &later)
        .await
        .expect("insert files");
    let files = store.files(report.meta.id).await.expect("files");
    assert_eq!(files.len(), 3);
    assert_eq!(files[1..], later[..], "oldest first");
    assert_eq!(
        store
            .upload_usage(Day(20_781), Some(report.meta.id))
            .await
            .expect("usage"),
        UploadUsage {
            day_bytes: 0,
            report_bytes: 6_007
        },
        "per report; the day counts what was reserved while files arrived, not rows"
    );
    assert_eq!(
        store.upload_usage(Day(20_779), None).await.expect("usage"),
        UploadUsage::default()
    );
    let names = store.blob_names().await.expect("names");
    for file in &files {
        assert!(names.contains(&file.original_blob));
        assert!(names.contains(file.clean_blob.as_ref().expect("clean")));
    }
    assert!(
        store
            .insert_files(ReportId::from_bytes(random16()), &[new_file(Day(1), 1)])
            .await
            .is_err(),
        "no files for a report that does not exist"
    );
    let inbox = store
        .inbox(amina.id, &InboxQuery::newest(10, None))
        .await
        .expect("inbox");
    assert!(inbox.entries[0].unread_activity, "files from the reporter");
    store
        .record_report_opened(report.meta.id, &audit("report_opened"))
        .await
        .expect("read");
    let inbox = store
        .inbox(amina.id, &InboxQuery::newest(10, None))
        .await
        .expect("inbox");
    assert!(!inbox.entries[0].unread_activity);
}

async fn messages_keep_order_authors_and_reporter_hiding(_: &TestDatabase, store: &SqlStore) {
    let amina = staff("amina", Role::Caseworker);
    store
        .insert_staff(&amina, &audit("staff_added"))
        .await
        .expect("insert");
    let report = new_report(&[amina.id], b"token-messages");
    store.insert_report(&report).await.expect("insert");
    store
        .record_report_opened(report.meta.id, &audit("report_opened"))
        .await
        .expect("read");
    let question = NewMessage {
        id: MessageId::from_bytes(random16()),
        report_id: report.meta.id,
        author: MessageAuthor::Staff(amina.id),
        sent: Day(20_781),
        ciphertext: vec![1; 100],
    };
    store.insert_message(&question, None).await.expect("insert");
    let inbox = store
        .inbox(amina.id, &InboxQuery::newest(10, None))
        .await
        .expect("inbox");
    assert!(
        !inbox.entries[0].unread_activity,
        "staff messages are not news"
    );
    let answer = NewMessage {
        id: MessageId::from_bytes(random16()),
        author: MessageAuthor::Reporter,
        sent: Day(20_782),
        ciphertext: vec![2; 100],
        ..question.clone()
    };
    store.insert_message(&answer, None).await.expect("insert");
    let inbox = store
        .inbox(amina.id, &InboxQuery::newest(10, None))
        .await
        .expect("inbox");
    assert!(inbox.entries[0].unread_activity);
    assert!(
        matches!(
            store
                .reseal_hidden_message(report.meta.id, question.id, &[7; 10])
                .await,
            Err(StoreError::NotFound)
        ),
        "only a hidden message is re-sealed that way"
    );
    store
        .hide_message_from_reporter(report.meta.id, question.id, &[5; 80])
        .await
        .expect("hide");
    let other = new_report(&[amina.id], b"token-other");
    store.insert_report(&other).await.expect("insert");
    assert!(matches!(
        store
            .hide_message_from_reporter(other.meta.id, answer.id, &[6; 80])
            .await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(
        store.messages(report.meta.id).await.expect("messages")[0].ciphertext,
        vec![5; 80],
        "hidden and re-sealed in one statement"
    );
    store
        .reseal_hidden_message(report.meta.id, question.id, &[4; 90])
        .await
        .expect("reseal");
    let messages = store.messages(report.meta.id).await.expect("messages");
    assert_eq!(messages.len(), 2);
    assert_eq!(messages[0].author, MessageAuthor::Staff(amina.id));
    assert!(messages[0].hidden_from_reporter);
    assert_eq!(messages[1].author, MessageAuthor::Reporter);
    assert_eq!(messages[1].sent, Day(20_782));
    assert_eq!(messages[1].ciphertext, vec![2; 100]);
    assert!(!messages[1].hidden_from_reporter);
    assert!(
        store
            .messages(other.meta.id)
            .await
            .expect("none")
            .is_empty()
    );
}

async fn reporter_sessions_round_trip_touch_and_delete(_: &TestDatabase, store: &SqlStore) {
    let amina = staff("amina", Role::Caseworker);
    store
        .insert_staff(&amina, &audit("staff_added"))
        .await
        .expect("insert");
    let report = new_report(&[amina.id], b"token-session");
    store.insert_report(&report).await.expect("insert");
    let record = ReporterSessionRecord {
        report_id: report.meta.id,
        sealed_state: vec![3; 80],
        purge_day: Day(20_782),
    };
    store
        .insert_reporter_session(b"hash-1", &record)
        .await
        .expect("insert");
    store
        .touch_reporter_session(b"hash-1", &[4; 80])
        .await
        .expect("touch");
    assert_eq!(
        store.reporter_session(b"hash-1").await.expect("get"),
        Some(ReporterSessionRecord {
            sealed_state: vec![4; 80],
            ..record
        })
    );
    store
        .delete_reporter_session(b"hash-1")
        .await
        .expect("delete");
    assert_eq!(store.reporter_session(b"hash-1").await.expect("get"), None);
}

/// Sealed blobs live in the database (security review H2, decision 0010): written whole or
/// streamed in chunks, visible only once committed, gone without trace when abandoned; scratch
/// copies leave no name behind; blobs an earlier version kept as files move in.
async fn blobs_live_in_the_database(db: &TestDatabase, store: &SqlStore) {
    use std::io::{Read, Write};
    let blobs =
        std::sync::Arc::new(SqlBlobStore::open(store.clone(), db.data_dir()).expect("blobs"));
    let engine = store.engine();
    let data_dir = db.data_dir().to_path_buf();
    let run = move || {
        // Whole, across chunk boundaries, and empty.
        let big: Vec<u8> = (0..(2 * 1024 * 1024 + 12_345))
            .map(|i| (i % 251) as u8)
            .collect();
        let name = blobs.put(&big).expect("put");
        assert_eq!(blobs.get(&name).expect("get"), big);
        let empty = blobs.put(b"").expect("put empty");
        assert_eq!(blobs.get(&empty).expect("get empty"), b"");

        // Streamed: invisible until committed.
        let mut writer = blobs.create().expect("create");
        for piece in big.chunks(70_001) {
            writer.write_all(piece).expect("write");
        }
        let listed = blobs.list_older_than(0).expect("list");
        assert_eq!(listed.len(), 2, "an uncommitted blob is not listed");
        let streamed = writer.commit().expect("commit");
        let mut back = Vec::new();
        blobs
            .open(&streamed)
            .expect("open")
            .read_to_end(&mut back)
            .expect("read");
        assert_eq!(back, big);
        assert_eq!(blobs.list_older_than(0).expect("list").len(), 3);
        assert!(
            blobs.list_older_than(3_600).expect("list").is_empty(),
            "today's blobs are spared by any grace period"
        );

        // Abandoned: nothing left. Interrupted (the process died): swept at start-up.
        let mut abandoned = blobs.create().expect("create");
        abandoned.write_all(&big).expect("write");
        drop(abandoned);
        assert_eq!(blobs.remove_temporaries().expect("sweep"), 0);
        let mut interrupted = blobs.create().expect("create");
        interrupted.write_all(&big).expect("write");
        std::mem::forget(interrupted);
        let swept = blobs.remove_temporaries().expect("sweep");
        match engine {
            Engine::Sqlite => assert_eq!(swept, 1, "one server per SQLite file: all of them"),
            Engine::Postgres => assert_eq!(swept, 0, "another server may be writing it today"),
        }

        // Scratch copies: read back once, no name left.
        let mut scratch = blobs.create_scratch().expect("scratch");
        scratch.write_all(b"ciphertext").expect("write");
        let mut reader = scratch.into_scratch().expect("into scratch");
        let mut read = Vec::new();
        reader.read_to_end(&mut read).expect("read");
        assert_eq!(read, b"ciphertext");
        assert_eq!(
            std::fs::read_dir(data_dir.join("tmp"))
                .expect("tmp")
                .count(),
            0
        );

        // Deleted, unknown and malformed names.
        blobs.delete(&name).expect("delete");
        assert!(matches!(blobs.get(&name), Err(BlobError::NotFound)));
        assert!(matches!(
            blobs.get("../../etc/passwd"),
            Err(BlobError::NotFound)
        ));
        assert!(matches!(
            blobs.open("0123456789abcdef0123456789abcdef"),
            Err(BlobError::NotFound)
        ));

        // Files of an earlier version move in under their names.
        let old = "00112233445566778899aabbccddeeff";
        let shard = data_dir.join("blobs").join(&old[..2]);
        std::fs::create_dir_all(&shard).expect("shard");
        std::fs::write(
            shard.join(format!("{old}.age")),
            b"age-encryption.org/v1 old",
        )
        .expect("old");
        assert_eq!(blobs.move_in_file_blobs(&data_dir).expect("move"), 1);
        assert_eq!(blobs.get(old).expect("moved"), b"age-encryption.org/v1 old");
        assert!(!data_dir.join("blobs").exists(), "the folder is gone");
        assert_eq!(blobs.move_in_file_blobs(&data_dir).expect("again"), 0);
    };
    tokio::task::spawn_blocking(run).await.expect("blob checks");
}

/// Security review L3: the day's upload budget is taken in one statement, so concurrent uploads
/// cannot all pass a check made before any of them counted; what a file did not use goes back.
async fn the_daily_upload_budget_holds_under_concurrency(_: &TestDatabase, store: &SqlStore) {
    let day = Day(20_790);
    assert!(
        !store
            .reserve_upload_bytes(day, 1_001, 1_000)
            .await
            .expect("reserve")
    );
    assert!(
        store
            .reserve_upload_bytes(day, 600, 1_000)
            .await
            .expect("reserve")
    );
    assert!(
        !store
            .reserve_upload_bytes(day, 500, 1_000)
            .await
            .expect("reserve")
    );
    store.release_upload_bytes(day, 100).await.expect("release");
    assert!(
        store
            .reserve_upload_bytes(day, 500, 1_000)
            .await
            .expect("reserve")
    );
    assert_eq!(
        store
            .upload_usage(day, None)
            .await
            .expect("usage")
            .day_bytes,
        1_000
    );
    store
        .release_upload_bytes(day, 5_000)
        .await
        .expect("release");
    assert_eq!(
        store
            .upload_usage(day, None)
            .await
            .expect("usage")
            .day_bytes,
        0,
        "never below zero"
    );

    let next = Day(20_791);
    let mut racers = tokio::task::JoinSet::new();
    for _ in 0..24 {
        let store = store.clone();
        racers.spawn(async move {
            store
                .reserve_upload_bytes(next, 100, 1_000)
                .await
                .expect("reserve")
        });
    }
    let granted = racers.join_all().await.into_iter().filter(|g| *g).count();
    assert_eq!(granted, 10, "exactly the budget, however many race for it");
    assert_eq!(
        store
            .upload_usage(next, None)
            .await
            .expect("usage")
            .day_bytes,
        1_000
    );
}

/// Re-wrapping at sign-in replaces the wrapped identity only while it is what was read.
async fn rewrapping_an_identity_loses_to_a_password_change(_: &TestDatabase, store: &SqlStore) {
    let amina = staff("amina", Role::Caseworker);
    store
        .insert_staff(&amina, &audit("staff_added"))
        .await
        .expect("insert");
    assert!(
        store
            .rewrap_identity(amina.id, &amina.wrapped_identity, &[4, 5, 6])
            .await
            .expect("rewrap")
    );
    assert!(
        !store
            .rewrap_identity(amina.id, &amina.wrapped_identity, &[7, 8, 9])
            .await
            .expect("rewrap"),
        "changed meanwhile: left alone"
    );
    let stored = store
        .staff_by_id(amina.id)
        .await
        .expect("get")
        .expect("amina");
    assert_eq!(stored.wrapped_identity, vec![4, 5, 6]);
}

/// Invitations: one pending per username, none for a taken one; used once, in the same
/// transaction as the account and its audit row; withdrawn or expired, gone. Sessions of one
/// account are listed and ended by it alone; the audit log is read by action.
async fn invitations_sessions_and_audit_by_action(_: &TestDatabase, store: &SqlStore) {
    use refuge_domain::AuditAction;
    use refuge_domain::ports::Invitation;
    let admin = staff("admin", Role::Admin);
    store
        .insert_staff(&admin, &audit("staff_added"))
        .await
        .expect("insert");
    let invitation = |username: &str, expires_at| Invitation {
        username: username.into(),
        role: Role::Caseworker,
        invited_by: admin.id,
        expires_at,
    };
    store
        .insert_invitation(
            b"t-chen",
            &invitation("chen", 1_000),
            100,
            &audit("staff_invited"),
        )
        .await
        .expect("invite");
    assert!(
        matches!(
            store
                .insert_invitation(
                    b"t-chen-2",
                    &invitation("chen", 1_000),
                    100,
                    &audit("staff_invited")
                )
                .await,
            Err(StoreError::Conflict)
        ),
        "one pending invitation per username"
    );
    assert!(
        matches!(
            store
                .insert_invitation(
                    b"t-admin",
                    &invitation("admin", 1_000),
                    100,
                    &audit("staff_invited")
                )
                .await,
            Err(StoreError::Conflict)
        ),
        "no invitation for a taken username"
    );
    assert_eq!(
        store.invitation(b"t-chen", 500).await.expect("get"),
        Some(invitation("chen", 1_000))
    );
    assert_eq!(
        store.invitation(b"t-chen", 1_000).await.expect("get"),
        None,
        "expired"
    );
    assert_eq!(store.pending_invitations(500).await.expect("list").len(), 1);

    let chen = staff("chen", Role::Caseworker);
    store
        .accept_invitation(b"t-chen", 500, &chen, &audit("invitation_accepted"))
        .await
        .expect("accept");
    assert!(
        store
            .staff_by_username("chen")
            .await
            .expect("get")
            .is_some()
    );
    assert!(
        matches!(
            store
                .accept_invitation(
                    b"t-chen",
                    500,
                    &staff("chen", Role::Caseworker),
                    &audit("invitation_accepted")
                )
                .await,
            Err(StoreError::NotFound)
        ),
        "used once"
    );
    store
        .insert_invitation(
            b"t-dara",
            &invitation("dara", 1_000),
            100,
            &audit("staff_invited"),
        )
        .await
        .expect("invite");
    store
        .withdraw_invitation("dara", &audit("invitation_withdrawn"))
        .await
        .expect("withdraw");
    assert_eq!(store.invitation(b"t-dara", 500).await.expect("get"), None);
    assert!(matches!(
        store
            .withdraw_invitation("dara", &audit("invitation_withdrawn"))
            .await,
        Err(StoreError::NotFound)
    ));
    // An expired invitation no longer blocks its username.
    store
        .insert_invitation(
            b"t-eli",
            &invitation("eli", 200),
            100,
            &audit("staff_invited"),
        )
        .await
        .expect("invite");
    store
        .insert_invitation(
            b"t-eli-2",
            &invitation("eli", 2_000),
            300,
            &audit("staff_invited"),
        )
        .await
        .expect("the expired one is cleared first");

    let session = |created_at| SessionRecord {
        staff_id: chen.id,
        sealed_identity: vec![1; 40],
        created_at,
        last_seen_at: created_at,
    };
    store
        .insert_session(b"s-1", &session(100), &audit("login"))
        .await
        .expect("s");
    store
        .insert_session(b"s-2", &session(200), &audit("login"))
        .await
        .expect("s");
    let listed = store.sessions_of(chen.id).await.expect("list");
    assert_eq!(
        listed
            .iter()
            .map(|open| open.id_hash.clone())
            .collect::<Vec<_>>(),
        vec![b"s-2".to_vec(), b"s-1".to_vec()],
        "newest first"
    );
    assert!(
        matches!(
            store
                .end_session_of(admin.id, b"s-1", &audit("session_ended"))
                .await,
            Err(StoreError::NotFound)
        ),
        "only its own account ends a session"
    );
    store
        .end_session_of(chen.id, b"s-1", &audit("session_ended"))
        .await
        .expect("end");
    assert!(store.session(b"s-1").await.expect("get").is_none());
    assert!(store.session(b"s-2").await.expect("get").is_some());

    let changes = store
        .audit_entries(
            &[AuditAction::StaffInvited, AuditAction::InvitationWithdrawn],
            10,
        )
        .await
        .expect("audit");
    assert_eq!(
        changes.iter().map(|a| a.action).collect::<Vec<_>>(),
        vec![
            AuditAction::StaffInvited,
            AuditAction::StaffInvited,
            AuditAction::InvitationWithdrawn,
            AuditAction::StaffInvited,
            AuditAction::StaffInvited,
        ],
        "newest first, only those asked for"
    );
}

async fn identifier_sets_queue_index_and_confirm(_: &TestDatabase, store: &SqlStore) {
    use refuge_domain::ports::IndexedSet;
    let amina = staff("amina", Role::Caseworker);
    let bo = staff("bo", Role::Caseworker);
    for member in [&amina, &bo] {
        store
            .insert_staff(member, &audit("staff_added"))
            .await
            .expect("insert");
    }
    // The correlation key is made once, with its first copies.
    assert_eq!(store.correlation_recipient().await.expect("get"), None);
    let made = store
        .create_correlation_key(
            "age1first",
            &[(amina.id, b"copy-a".to_vec())],
            &audit("correlation_key_created"),
        )
        .await
        .expect("create");
    assert!(made);
    let again = store
        .create_correlation_key(
            "age1second",
            &[(bo.id, b"copy-b".to_vec())],
            &audit("correlation_key_created"),
        )
        .await
        .expect("create");
    assert!(!again, "a second key must not replace the first");
    assert_eq!(
        store.correlation_recipient().await.expect("get").as_deref(),
        Some("age1first")
    );
    assert_eq!(
        store.correlation_grant(amina.id).await.expect("get"),
        Some(b"copy-a".to_vec())
    );
    assert_eq!(store.correlation_grant(bo.id).await.expect("get"), None);
    store
        .insert_correlation_grants(&[(amina.id, b"other".to_vec()), (bo.id, b"copy-b".to_vec())])
        .await
        .expect("grants");
    assert_eq!(
        store.correlation_grant(amina.id).await.expect("get"),
        Some(b"copy-a".to_vec())
    );
    let mut holders = store.correlation_grantees().await.expect("holders");
    holders.sort();
    let mut expected = vec![amina.id, bo.id];
    expected.sort();
    assert_eq!(holders, expected);
    assert_eq!(store.correlation_recovery_copy().await.expect("get"), None);
    store
        .set_correlation_recovery_copy("age1recovery", b"copy-r")
        .await
        .expect("set");
    assert_eq!(
        store.correlation_recovery_copy().await.expect("get"),
        Some(("age1recovery".to_owned(), b"copy-r".to_vec()))
    );

    // Two reports wait: one with a set sealed at intake, one without.
    let mut a = new_report(&[amina.id], b"token-a");
    a.identifier_set = Some(b"intake-a".to_vec());
    let b = new_report(&[bo.id], b"token-b");
    for report in [&a, &b] {
        store.insert_report(report).await.expect("insert");
    }
    let (a_id, b_id) = (a.meta.id, b.meta.id);
    // Sets sealed at intake wait for anyone; a set still to be built, for its readers.
    let pending = store
        .pending_identifier_sets(None, 10, None)
        .await
        .expect("pending");
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].report, a_id);
    assert_eq!(pending[0].sealed.as_deref(), Some(&b"intake-a"[..]));
    assert!(!pending[0].indexed);
    assert_eq!(
        store.pending_identifier_count(None).await.expect("count"),
        1
    );
    assert_eq!(
        store
            .pending_identifier_count(Some(amina.id))
            .await
            .expect("count"),
        1
    );
    let for_bo = store
        .pending_identifier_sets(None, 10, Some(bo.id))
        .await
        .expect("pending");
    assert_eq!(for_bo.len(), 2);
    assert_eq!(
        store
            .pending_identifier_count(Some(bo.id))
            .await
            .expect("count"),
        2
    );
    assert_eq!(
        for_bo.iter().find(|p| p.report == b_id).expect("b").sealed,
        None
    );
    let after_first = store
        .pending_identifier_sets(Some(for_bo[0].report), 10, Some(bo.id))
        .await
        .expect("pending");
    assert_eq!(after_first.len(), 1);
    assert_eq!(after_first[0].report, for_bo[1].report);
    let days = store.report_days(&[a_id, b_id]).await.expect("days");
    assert_eq!(days.len(), 2);
    let mut regions = store.report_regions().await.expect("regions");
    regions.sort();
    assert_eq!(regions, vec!["CA".to_owned(), "CN".to_owned()]);

    // Indexed with their tags.
    let set = |report, version, sealed: &[u8], tags: &[i64]| IndexedSet {
        report,
        expected_version: version,
        sealed: sealed.to_vec(),
        tags: tags.to_vec(),
    };
    let written = store
        .store_indexed_sets(&[
            set(a_id, 0, b"set-a", &[1, 2, 3]),
            set(b_id, 0, b"set-b", &[3, 4]),
        ])
        .await
        .expect("index");
    assert_eq!(written, 2);
    assert_eq!(
        store
            .pending_identifier_count(Some(bo.id))
            .await
            .expect("count"),
        0
    );
    // An indexing that read an older version writes nothing.
    assert_eq!(
        store
            .store_indexed_sets(&[set(a_id, 0, b"stale", &[7])])
            .await
            .expect("index"),
        0
    );
    let mut both = vec![a_id, b_id];
    both.sort();
    assert_eq!(store.reports_with_tags(&[3]).await.expect("tags"), both);
    assert_eq!(store.reports_with_tags(&[1, 4]).await.expect("tags"), both);
    assert_eq!(
        store.reports_with_tags(&[2]).await.expect("tags"),
        vec![a_id]
    );
    assert!(
        store
            .reports_with_tags(&[99])
            .await
            .expect("tags")
            .is_empty()
    );
    assert!(store.reports_with_tags(&[]).await.expect("tags").is_empty());
    let mut sets = store.indexed_sets(&both).await.expect("sets");
    sets.sort();
    assert_eq!(sets.len(), 2);
    assert!(sets.contains(&(a_id, b"set-a".to_vec())));
    assert_eq!(
        store.readable_indexed_sets(amina.id).await.expect("sets"),
        vec![(a_id, b"set-a".to_vec())]
    );
    assert_eq!(
        store.readable_among(bo.id, &both).await.expect("readable"),
        vec![b_id]
    );
    assert!(
        store
            .readable_among(bo.id, &[])
            .await
            .expect("readable")
            .is_empty()
    );

    // Indexed again: the old tags go with the old set.
    assert_eq!(
        store
            .store_indexed_sets(&[set(a_id, 1, b"set-a2", &[9])])
            .await
            .expect("index"),
        1
    );
    assert_eq!(
        store.reports_with_tags(&[1]).await.expect("tags"),
        Vec::new()
    );
    assert_eq!(
        store.reports_with_tags(&[9]).await.expect("tags"),
        vec![a_id]
    );
    let row = store.identifier_set(a_id).await.expect("get").expect("row");
    assert_eq!((row.indexed, row.version), (true, 2));

    // Eight indexings of one version at once: exactly one is written.
    let racers: Vec<_> = (0..8)
        .map(|i| {
            let store = store.clone();
            tokio::spawn(async move {
                store
                    .store_indexed_sets(&[IndexedSet {
                        report: a_id,
                        expected_version: 2,
                        sealed: vec![i],
                        tags: vec![100 + i64::from(i)],
                    }])
                    .await
                    .expect("index")
            })
        })
        .collect();
    let mut total = 0;
    for racer in racers {
        total += racer.await.expect("join");
    }
    assert_eq!(total, 1);
    assert_eq!(
        store
            .reports_with_tags(&(100..108).collect::<Vec<_>>())
            .await
            .expect("tags"),
        vec![a_id]
    );

    // Discarded: waits again, with no set, and is no longer offered for confirmation.
    store.discard_identifier_set(a_id).await.expect("discard");
    assert_eq!(
        store.pending_identifier_count(None).await.expect("count"),
        0
    );
    assert_eq!(
        store
            .pending_identifier_count(Some(amina.id))
            .await
            .expect("count"),
        1
    );
    assert!(
        store
            .reports_with_tags(&(100..108).collect::<Vec<_>>())
            .await
            .expect("tags")
            .is_empty()
    );
    assert!(store.indexed_sets(&[a_id]).await.expect("sets").is_empty());
}

async fn partners_referrals_and_consent(_: &TestDatabase, store: &SqlStore) {
    use refuge_domain::ports::NewReferral;
    use refuge_domain::referral::{Partner, PartnerKind};
    use refuge_domain::{PartnerId, ReferralId};
    let amina = staff("amina", Role::Caseworker);
    store
        .insert_staff(&amina, &audit("staff_added"))
        .await
        .expect("insert");
    let partner = |byte: u8, name: &str| Partner {
        id: PartnerId::from_bytes([byte; 16]),
        name: name.into(),
        kind: PartnerKind::LegalAid,
        recipient: "age1example".into(),
        added: Day(20_000),
    };
    store
        .insert_partner(&partner(1, "Clinic"), &audit("partner_added"))
        .await
        .expect("insert");
    assert!(matches!(
        store
            .insert_partner(&partner(2, "Clinic"), &audit("partner_added"))
            .await,
        Err(StoreError::Conflict)
    ));
    store
        .insert_partner(&partner(3, "Bureau"), &audit("partner_added"))
        .await
        .expect("insert");
    let names: Vec<String> = store
        .partners()
        .await
        .expect("list")
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(names, vec!["Bureau".to_owned(), "Clinic".to_owned()]);

    // Two referrals with the case change that marks it referred; listed in order.
    let report = new_report(&[amina.id], b"token-ref");
    store.insert_report(&report).await.expect("insert");
    let id = report.meta.id;
    for (n, byte) in [(0_i64, 10_u8), (1, 11)] {
        let stored = store.report(id).await.expect("get").expect("report");
        assert_eq!(stored.case_version, n);
        let mut case = stored.meta.case.clone();
        case.activity = Day(20_001);
        let update = CaseUpdate {
            status: ReportStatus::Referred,
            status_day: Day(20_001),
            changed_on: Day(20_001),
            case,
            sealed_card: None,
            referral: Some(NewReferral {
                id: ReferralId::from_bytes([byte; 16]),
                sealed: vec![byte; 20],
            }),
        };
        store
            .update_case(id, n, &update, &[audit("report_referred")])
            .await
            .expect("referred");
    }
    let referrals = store.referrals(id).await.expect("list");
    assert_eq!(referrals.len(), 2);
    assert_eq!(referrals[0].sealed, vec![10; 20]);
    assert_eq!(referrals[1].id, ReferralId::from_bytes([11; 16]));
    assert_eq!(
        store
            .report(id)
            .await
            .expect("get")
            .expect("report")
            .meta
            .status,
        ReportStatus::Referred
    );
    // A referral with a stale version writes nothing, the referral included.
    let stored = store.report(id).await.expect("get").expect("report");
    let stale = CaseUpdate {
        status: ReportStatus::Referred,
        status_day: Day(20_002),
        changed_on: Day(20_002),
        case: stored.meta.case.clone(),
        sealed_card: None,
        referral: Some(NewReferral {
            id: ReferralId::from_bytes([12; 16]),
            sealed: vec![12; 20],
        }),
    };
    assert!(matches!(
        store
            .update_case(id, 0, &stale, &[audit("report_referred")])
            .await,
        Err(StoreError::Conflict)
    ));
    assert_eq!(store.referrals(id).await.expect("list").len(), 2);

    // A partner with referrals is removed from the list, kept on record; its name is free.
    store
        .remove_partner(PartnerId::from_bytes([1; 16]), &audit("partner_removed"))
        .await
        .expect("remove");
    assert!(matches!(
        store
            .remove_partner(PartnerId::from_bytes([1; 16]), &audit("partner_removed"))
            .await,
        Err(StoreError::NotFound)
    ));
    store
        .insert_partner(&partner(4, "Clinic"), &audit("partner_added"))
        .await
        .expect("the name again");
    assert_eq!(store.partners().await.expect("list").len(), 2);

    // Consent: sealed, with the clear statistics flag; a new case version, so a referral
    // checked against the consent before fails its commit and checks again.
    let before = store
        .report(id)
        .await
        .expect("get")
        .expect("report")
        .case_version;
    store
        .change_consent(id, b"sealed-consent", true, &audit("consent_changed"))
        .await
        .expect("consent");
    let stored = store.report(id).await.expect("get").expect("report");
    assert_eq!(
        stored.sealed_consent.as_deref(),
        Some(&b"sealed-consent"[..])
    );
    assert!(stored.meta.consent_statistics);
    assert_eq!(stored.case_version, before + 1);
    assert!(matches!(
        store
            .change_consent(
                ReportId::from_bytes([9; 16]),
                b"x",
                false,
                &audit("consent_changed")
            )
            .await,
        Err(StoreError::NotFound)
    ));
}

/// The registry: sources by reference, entries whose every version is kept, publishing only
/// the newest version, a stale writer refused, withdrawal.
async fn registry_versions_publish_and_withdraw(_: &TestDatabase, store: &SqlStore) {
    use refuge_domain::registry::{
        Credibility, EntryBody, EntryKind, Reliability, Source, SourceKind,
    };
    use refuge_domain::{EntryId, SourceId, StaffId};
    let ana = StaffId::from_bytes([1; 16]);
    let ben = StaffId::from_bytes([2; 16]);
    let source = |byte: u8, reference: &str| Source {
        id: SourceId::from_bytes([byte; 16]),
        reference: Some(reference.into()),
        url: "https://example.org/a".into(),
        publisher: "Example".into(),
        title: "A report".into(),
        published: None,
        kind: SourceKind::News,
        reliability: Reliability::C,
        credibility: Credibility::PossiblyTrue,
        archived_sha256: None,
        added: Day(20_000),
    };
    store
        .insert_source(&source(1, "S01"), ana, &audit("registry_source_added"))
        .await
        .expect("insert");
    assert!(matches!(
        store
            .insert_source(&source(2, "S01"), ana, &audit("registry_source_added"))
            .await,
        Err(StoreError::Conflict)
    ));
    let mut changed = source(1, "S01");
    changed.title = "A corrected title".into();
    store
        .update_source(&changed, &audit("registry_source_changed"))
        .await
        .expect("update");
    assert_eq!(
        store.registry_sources().await.expect("sources"),
        vec![changed.clone()]
    );

    // An archived copy: kept with the source's new hash in one step, its blob among those the
    // orphan sweep keeps; a second copy replaces it and hands back the first blob to delete.
    let archive = |blob: &str| refuge_domain::registry::SourceArchive {
        source: changed.id,
        blob: blob.into(),
        size: 1234,
        sealed_name: vec![7; 40],
        added_by: ana,
        added: Day(20_001),
    };
    changed.archived_sha256 = Some("ab".repeat(32));
    assert_eq!(
        store
            .keep_source_archive(
                &archive(&"a".repeat(32)),
                &changed,
                &audit("registry_source_archived")
            )
            .await
            .expect("keep"),
        None
    );
    assert_eq!(
        store.source_archive(changed.id).await.expect("archive"),
        Some(archive(&"a".repeat(32)))
    );
    assert!(
        store
            .blob_names()
            .await
            .expect("names")
            .contains(&"a".repeat(32))
    );
    assert_eq!(
        store
            .keep_source_archive(
                &archive(&"b".repeat(32)),
                &changed,
                &audit("registry_source_archived")
            )
            .await
            .expect("replace"),
        Some("a".repeat(32))
    );
    assert_eq!(store.source_archives().await.expect("all").len(), 1);
    assert_eq!(
        store.registry_sources().await.expect("sources")[0].archived_sha256,
        Some("ab".repeat(32))
    );
    let mut unknown = changed.clone();
    unknown.id = SourceId::from_bytes([3; 16]);
    let mut stray = archive(&"c".repeat(32));
    stray.source = unknown.id;
    assert!(matches!(
        store
            .keep_source_archive(&stray, &unknown, &audit("registry_source_archived"))
            .await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(store.source_archive(unknown.id).await.expect("none"), None);

    let id = EntryId::from_bytes([9; 16]);
    let mut body = EntryBody::new(EntryKind::Place, "Alleged station");
    body.country = Some("NL".into());
    body.sources = vec![SourceId::from_bytes([1; 16])];
    store
        .insert_entry(
            id,
            Some("NL-02"),
            &body,
            ana,
            Day(20_001),
            &audit("registry_draft_written"),
        )
        .await
        .expect("insert");
    assert!(matches!(
        store
            .insert_entry(
                EntryId::from_bytes([8; 16]),
                Some("NL-02"),
                &body,
                ana,
                Day(20_001),
                &audit("registry_draft_written")
            )
            .await,
        Err(StoreError::Conflict)
    ));
    let entry = store
        .registry_entry(id)
        .await
        .expect("read")
        .expect("there");
    assert_eq!((entry.latest.version, entry.published.is_none()), (1, true));
    store
        .publish_entry_version(id, 1, ben, Day(20_002), &audit("registry_entry_published"))
        .await
        .expect("publish");
    let mut second = body.clone();
    second.summary = "Closed after an order".into();
    assert_eq!(
        store
            .add_entry_version(
                id,
                1,
                &second,
                ben,
                Day(20_003),
                &audit("registry_draft_written")
            )
            .await
            .expect("version"),
        2
    );
    // A writer who read version 1 loses to the one who wrote version 2.
    assert!(matches!(
        store
            .add_entry_version(
                id,
                1,
                &body,
                ana,
                Day(20_003),
                &audit("registry_draft_written")
            )
            .await,
        Err(StoreError::Conflict)
    ));
    // Only the newest version is published.
    assert!(matches!(
        store
            .publish_entry_version(id, 1, ana, Day(20_004), &audit("registry_entry_published"))
            .await,
        Err(StoreError::Conflict)
    ));
    let entry = store
        .registry_entry(id)
        .await
        .expect("read")
        .expect("there");
    assert_eq!(entry.latest.body, second);
    assert_eq!(
        entry.published.as_ref().map(|v| (v.version, &v.body)),
        Some((1, &body))
    );
    assert_eq!(
        entry.published.as_ref().and_then(|v| v.published_by),
        Some(ben)
    );
    let all = store.registry_entries().await.expect("all");
    assert_eq!(all.len(), 1);
    assert_eq!(all[0], entry);
    let versions = store.entry_versions(id).await.expect("versions");
    assert_eq!(
        versions.iter().map(|v| v.version).collect::<Vec<_>>(),
        vec![1, 2]
    );
    assert_eq!(versions[0].published, Some(Day(20_002)));
    store
        .withdraw_entry(id, Day(20_005), &audit("registry_entry_withdrawn"))
        .await
        .expect("withdraw");
    assert!(matches!(
        store
            .withdraw_entry(id, Day(20_005), &audit("registry_entry_withdrawn"))
            .await,
        Err(StoreError::NotFound)
    ));
    let entry = store
        .registry_entry(id)
        .await
        .expect("read")
        .expect("there");
    assert_eq!(entry.withdrawn, Some(Day(20_005)));
    // Published again, it is public again.
    store
        .publish_entry_version(id, 2, ana, Day(20_006), &audit("registry_entry_published"))
        .await
        .expect("publish again");
    let entry = store
        .registry_entry(id)
        .await
        .expect("read")
        .expect("there");
    assert_eq!(
        (entry.withdrawn, entry.published.map(|v| v.version)),
        (None, Some(2))
    );
    assert!(matches!(
        store
            .add_entry_version(
                EntryId::from_bytes([7; 16]),
                1,
                &body,
                ana,
                Day(1),
                &audit("registry_draft_written")
            )
            .await,
        Err(StoreError::NotFound)
    ));
}

/// With a bucket (`[blobs] store = "s3"`): files are written to the database like every blob
/// and move to the bucket once their day is over — safely when two servers move at once — while
/// sealed reports stay; reads find a file wherever it is.
async fn files_move_to_the_bucket_once_their_day_is_over(db: &TestDatabase, store: &SqlStore) {
    use std::io::{Read, Write};
    let Some(settings) = refuge_store::testing::test_bucket() else {
        return;
    };
    let database = SqlBlobStore::open(store.clone(), db.data_dir()).expect("blobs");
    let blobs = std::sync::Arc::new(refuge_store::BlobsWithBucket::new(
        database.clone(),
        refuge_store::BucketBlobStore::open(&settings)
            .await
            .expect("bucket"),
    ));
    let large: Vec<u8> = (0..refuge_store::PART_BYTES * 2 + 4_321)
        .map(|i| (i * 31 % 251) as u8)
        .collect();
    let (report_blob, file_blob, clean_blob) = {
        let (blobs, large) = (blobs.clone(), large.clone());
        tokio::task::spawn_blocking(move || {
            let report = blobs.put(b"a sealed report").expect("put");
            let mut writer = blobs.create().expect("create");
            writer.write_all(b"a sealed file").expect("write");
            let file = writer.commit().expect("commit");
            let mut writer = blobs.create().expect("create");
            writer.write_all(&large).expect("write");
            let clean = writer.commit().expect("commit");
            (report, file, clean)
        })
        .await
        .expect("blocking")
    };
    let amina = staff("amina", Role::Caseworker);
    store
        .insert_staff(&amina, &audit("staff_added"))
        .await
        .expect("staff");
    let mut report = new_report(&[amina.id], b"moving-files");
    report.blob = report_blob.clone();
    report.files[0].original_blob = file_blob.clone();
    report.files[0].clean_blob = Some(clean_blob.clone());
    store.insert_report(&report).await.expect("report");

    let moves = |count: usize| {
        let racers: Vec<_> = (0..count)
            .map(|_| {
                let blobs = blobs.clone();
                tokio::task::spawn_blocking(move || blobs.move_aged_files().expect("move"))
            })
            .collect();
        async move {
            let mut moved = 0;
            for racer in racers {
                moved += racer.await.expect("racer");
            }
            moved
        }
    };
    assert_eq!(moves(1).await, 0, "nothing moves on the day it was written");
    store
        .execute_raw("UPDATE blobs SET written_day = written_day - 1")
        .await
        .expect("a day later");
    let moved = moves(2).await;
    assert!(
        (2..=4).contains(&moved),
        "both files moved ({moved} counted by two servers)"
    );
    assert_eq!(moves(1).await, 0, "nothing left to move");
    tokio::task::spawn_blocking(move || {
        for name in [&file_blob, &clean_blob] {
            assert!(
                matches!(database.get(name), Err(BlobError::NotFound)),
                "the database's copy goes once the object is whole"
            );
        }
        assert_eq!(
            database.get(&report_blob).expect("reports stay"),
            b"a sealed report"
        );
        assert_eq!(blobs.get(&file_blob).expect("file"), b"a sealed file");
        let mut back = Vec::new();
        blobs
            .open(&clean_blob)
            .expect("open")
            .read_to_end(&mut back)
            .expect("read");
        assert!(back == large, "the three-part file moved byte for byte");
        let mut listed = blobs.list_older_than(0).expect("list");
        listed.sort();
        let mut expected = vec![report_blob, file_blob.clone(), clean_blob];
        expected.sort();
        assert_eq!(listed, expected, "the sweep sees both places");
        blobs.delete(&file_blob).expect("delete");
        assert!(matches!(blobs.open(&file_blob), Err(BlobError::NotFound)));
    })
    .await
    .expect("blocking");
}

macro_rules! contract {
    ($($case:ident),+ $(,)?) => {
        mod sqlite {
            use super::*;
            $(#[tokio::test] async fn $case() {
                let db = TestDatabase::create(Engine::Sqlite).await;
                let store = db.open().await;
                super::$case(&db, &store).await;
            })+
        }
        mod postgres {
            use super::*;
            $(#[tokio::test] async fn $case() {
                if postgres_skipped() { eprintln!("PostgreSQL skipped by REFUGE_SKIP_POSTGRES=1"); return; }
                let db = TestDatabase::create(Engine::Postgres).await;
                let store = db.open().await;
                super::$case(&db, &store).await;
                store.close().await;
            })+
        }
    };
}

/// Second factors: enrolment pending until confirmed (a confirmed one is not replaced), a code's
/// counter taken once even by racing requests, recovery codes used up by compare-and-swap, and a
/// sign-in's challenge completed into a session once.
async fn second_factors_take_each_code_once(_: &TestDatabase, store: &SqlStore) {
    use refuge_domain::ports::FactorChallenge;
    use refuge_domain::staff::SecondFactorKind;
    let amina = staff("amina", Role::Caseworker);
    store
        .insert_staff(&amina, &audit("staff_added"))
        .await
        .expect("insert");
    assert_eq!(store.second_factor(amina.id).await.expect("read"), None);
    store
        .put_pending_factor(amina.id, SecondFactorKind::Totp, b"first", 10)
        .await
        .expect("pending");
    // Started again: the pending one is replaced.
    store
        .put_pending_factor(amina.id, SecondFactorKind::Hotp, b"second", 11)
        .await
        .expect("again");
    assert!(matches!(
        store
            .confirm_factor(amina.id, b"first", 3, 12, &audit("two_factor_enabled"))
            .await,
        Err(StoreError::NotFound)
    ));
    store
        .confirm_factor(amina.id, b"second", 3, 12, &audit("two_factor_enabled"))
        .await
        .expect("confirm");
    let factor = store
        .second_factor(amina.id)
        .await
        .expect("read")
        .expect("on");
    assert_eq!(factor.kind, SecondFactorKind::Hotp);
    assert_eq!(
        (factor.last_counter, factor.confirmed_at),
        (Some(3), Some(12))
    );
    assert!(matches!(
        store
            .put_pending_factor(amina.id, SecondFactorKind::Totp, b"third", 13)
            .await,
        Err(StoreError::Conflict)
    ));

    // Wrong codes are counted in a row, and a right one clears them.
    assert_eq!(
        store.record_factor_failure(amina.id).await.expect("count"),
        1
    );
    assert_eq!(
        store.record_factor_failure(amina.id).await.expect("count"),
        2
    );
    // Counter 3 was the confirming code's: refused; 5 taken by exactly one of eight at once.
    assert!(!store.use_factor_counter(amina.id, 3).await.expect("cas"));
    let mut racers = tokio::task::JoinSet::new();
    for _ in 0..8 {
        let store = store.clone();
        racers.spawn(async move { store.use_factor_counter(amina.id, 5).await.expect("cas") });
    }
    let taken = racers.join_all().await.into_iter().filter(|t| *t).count();
    assert_eq!(taken, 1, "a code taken by more than one request");
    assert!(!store.use_factor_counter(amina.id, 4).await.expect("cas"));
    assert_eq!(
        store
            .second_factor(amina.id)
            .await
            .expect("read")
            .map(|f| f.failures),
        Some(0)
    );

    // Resealing (a recovery code used) only from the value read.
    let used = audit("recovery_code_used");
    assert!(
        store
            .reseal_factor(amina.id, b"second", b"fewer", &used)
            .await
            .expect("cas")
    );
    assert!(
        !store
            .reseal_factor(amina.id, b"second", b"other", &used)
            .await
            .expect("cas")
    );

    // A challenge completes into a session once.
    let challenge = FactorChallenge {
        staff_id: amina.id,
        sealed_identity: vec![1; 40],
        created_at: 100,
        tries: 0,
    };
    store
        .insert_factor_challenge(b"challenge", &challenge, 0)
        .await
        .expect("challenge");
    // Two tries, taken by racing requests: exactly two pass.
    let mut racers = tokio::task::JoinSet::new();
    for _ in 0..6 {
        let store = store.clone();
        racers.spawn(async move {
            store
                .take_challenge_try(b"challenge", 2)
                .await
                .expect("try")
        });
    }
    let passed = racers.join_all().await.into_iter().filter(|t| *t).count();
    assert_eq!(passed, 2);
    assert_eq!(
        store
            .factor_challenge(b"challenge")
            .await
            .expect("read")
            .map(|c| c.tries),
        Some(2)
    );
    let session = SessionRecord {
        staff_id: amina.id,
        sealed_identity: vec![2; 40],
        created_at: 101,
        last_seen_at: 101,
    };
    store
        .complete_factor_challenge(b"challenge", b"sid", &session, &audit("login"))
        .await
        .expect("complete");
    assert!(matches!(
        store
            .complete_factor_challenge(b"challenge", b"sid2", &session, &audit("login"))
            .await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(store.session(b"sid").await.expect("get"), Some(session));
    // Old challenges are cleared by the next one.
    store
        .insert_factor_challenge(
            b"late",
            &FactorChallenge {
                created_at: 50,
                ..challenge.clone()
            },
            0,
        )
        .await
        .expect("late");
    store
        .insert_factor_challenge(
            b"new",
            &FactorChallenge {
                created_at: 400,
                ..challenge
            },
            100,
        )
        .await
        .expect("new");
    assert_eq!(store.factor_challenge(b"late").await.expect("read"), None);
    // Cancelling a pending enrolment does not take a confirmed factor.
    assert!(matches!(
        store
            .remove_factor(amina.id, true, &audit("two_factor_removed"))
            .await,
        Err(StoreError::NotFound)
    ));
    store
        .remove_factor(amina.id, false, &audit("two_factor_removed"))
        .await
        .expect("remove");
    assert_eq!(store.second_factor(amina.id).await.expect("read"), None);
}

contract!(
    one_server_holds_the_housekeeping_lease,
    files_move_to_the_bucket_once_their_day_is_over,
    migrations_are_idempotent,
    partners_referrals_and_consent,
    registry_versions_publish_and_withdraw,
    identifier_sets_queue_index_and_confirm,
    second_factors_take_each_code_once,
    instance_secrets_are_created_once,
    staff_round_trip_and_usernames_are_unique,
    intake_recipients_are_enabled_receivers_only,
    login_throttle_counts_and_clears,
    setup_token_creates_exactly_one_first_admin,
    sessions_round_trip_touch_and_delete,
    reports_insert_read_and_idempotency,
    receipt_hashes_are_unique,
    inbox_is_newest_first_paged_and_marks_access,
    resealing_swaps_blob_and_recipients_atomically,
    wrapped_identity_updates_are_audited,
    disabling_ends_sessions_and_intake_at_once,
    blobs_live_in_the_database,
    reports_carry_their_follow_up_keys_and_files,
    messages_keep_order_authors_and_reporter_hiding,
    reporter_sessions_round_trip_touch_and_delete,
    setup_tokens_can_be_checked_before_any_work,
    expired_rows_are_purged,
    a_message_or_file_sent_twice_is_stored_once,
    zero_byte_files_are_removed_by_the_repair,
    the_daily_upload_budget_holds_under_concurrency,
    rewrapping_an_identity_loses_to_a_password_change,
    invitations_sessions_and_audit_by_action,
    audit_rows_name_their_report,
    cases_change_from_the_version_read,
    inbox_filters_sorts_and_pages,
    search_documents_follow_their_content,
    the_audit_log_is_one_chain_under_concurrent_writers,
    tampering_with_the_audit_log_is_named,
    rows_from_before_the_chain_are_chained_once,
);

/// An audit row names the report it concerns, and opening a report writes its row and clears
/// the unread marker together.
async fn audit_rows_name_their_report(_: &TestDatabase, store: &SqlStore) {
    let amina = staff("amina", Role::Caseworker);
    store
        .insert_staff(&amina, &audit("staff_added"))
        .await
        .expect("insert");
    let report = new_report(&[amina.id], b"token-audit");
    store.insert_report(&report).await.expect("insert");
    let answer = NewMessage {
        id: MessageId::from_bytes(random16()),
        report_id: report.meta.id,
        author: MessageAuthor::Reporter,
        sent: Day(20_781),
        ciphertext: vec![2; 10],
    };
    store.insert_message(&answer, None).await.expect("insert");
    let opened = AuditEntry {
        actor: Some(amina.id),
        report: Some(report.meta.id),
        ..audit("report_opened")
    };
    store
        .record_report_opened(report.meta.id, &opened)
        .await
        .expect("opened");
    assert_eq!(store.audit_log(1).await.expect("audit"), vec![opened]);
    let inbox = store
        .inbox(amina.id, &InboxQuery::newest(10, None))
        .await
        .expect("inbox");
    assert!(!inbox.entries[0].unread_activity);
    let mut expected = report.meta.clone();
    expected.case.activity = Day(20_781);
    assert_eq!(
        inbox.entries[0].meta, expected,
        "every clear field back as stored, the reporter's message its last activity"
    );
}

/// A case changes only from the version it was read at, with its card and every audit row in
/// the same transaction; members keep their own copies of case keys.
async fn cases_change_from_the_version_read(_: &TestDatabase, store: &SqlStore) {
    let amina = staff("amina", Role::Caseworker);
    let bilal = staff("bilal", Role::Caseworker);
    for person in [&amina, &bilal] {
        store
            .insert_staff(person, &audit("staff_added"))
            .await
            .expect("insert");
    }
    let report = new_report(&[amina.id, bilal.id], b"token-case");
    store.insert_report(&report).await.expect("insert");
    let stored = store
        .report(report.meta.id)
        .await
        .expect("get")
        .expect("present");
    assert_eq!((stored.case_version, stored.sealed_card), (0, None));

    let mut case = report.meta.case.clone();
    case.substatus = Some("awaiting_documents".into());
    case.urgency = Urgency::Critical;
    case.assignee = Some(bilal.id);
    case.staff_tactics = Some(vec![Tactic::Spyware]);
    case.activity = Day(20_790);
    let update = CaseUpdate {
        status: ReportStatus::InProgress,
        status_day: Day(20_790),
        changed_on: Day(20_790),
        case: case.clone(),
        sealed_card: Some(vec![7; 40]),
        referral: None,
    };
    let rows = [
        AuditEntry {
            report: Some(report.meta.id),
            ..audit("status_changed")
        },
        AuditEntry {
            report: Some(report.meta.id),
            ..audit("assignee_changed")
        },
    ];
    store
        .update_case(report.meta.id, 0, &update, &rows)
        .await
        .expect("update");
    assert!(
        matches!(
            store.update_case(report.meta.id, 0, &update, &rows).await,
            Err(StoreError::Conflict)
        ),
        "a change read at an older version is refused"
    );
    assert!(matches!(
        store
            .update_case(ReportId::from_bytes(random16()), 0, &update, &rows)
            .await,
        Err(StoreError::NotFound)
    ));
    let stored = store
        .report(report.meta.id)
        .await
        .expect("get")
        .expect("present");
    assert_eq!(stored.case_version, 1);
    assert_eq!(stored.sealed_card, Some(vec![7; 40]));
    assert_eq!(stored.meta.status, ReportStatus::InProgress);
    assert_eq!(stored.meta.status_day, Day(20_790));
    assert_eq!(stored.meta.case, case);
    let inbox = store
        .inbox(amina.id, &InboxQuery::newest(10, None))
        .await
        .expect("inbox");
    assert_eq!(inbox.entries[0].meta.case, case);
    assert_eq!(inbox.entries[0].sealed_card, Some(vec![7; 40]));
    let actions: Vec<&str> = store
        .audit_log(2)
        .await
        .expect("audit")
        .iter()
        .map(|a| a.action.code())
        .collect();
    assert_eq!(actions, ["assignee_changed", "status_changed"]);

    // The card alone is replaced; the clear columns go back.
    let back = CaseUpdate {
        status: ReportStatus::Received,
        status_day: Day(20_791),
        changed_on: Day(20_791),
        case: report.meta.case.clone(),
        sealed_card: Some(vec![8; 40]),
        referral: None,
    };
    store
        .update_case(report.meta.id, 1, &back, &[])
        .await
        .expect("update");
    let stored = store
        .report(report.meta.id)
        .await
        .expect("get")
        .expect("present");
    assert_eq!(stored.meta.case, report.meta.case);
    assert_eq!(stored.sealed_card, Some(vec![8; 40]));

    // Members' rings: one copy each, the first kept.
    store
        .insert_case_keys(amina.id, &[(report.meta.id, b"amina's copy".to_vec())])
        .await
        .expect("ring");
    store
        .insert_case_keys(amina.id, &[(report.meta.id, b"another".to_vec())])
        .await
        .expect("ring again");
    store
        .insert_case_keys(amina.id, &[])
        .await
        .expect("nothing");
    let other = ReportId::from_bytes(random16());
    assert_eq!(
        store
            .case_keys(amina.id, &[report.meta.id, other])
            .await
            .expect("keys"),
        vec![(report.meta.id, b"amina's copy".to_vec())]
    );
    assert!(
        store
            .case_keys(bilal.id, &[report.meta.id])
            .await
            .expect("keys")
            .is_empty()
    );
}

/// Every filter of the inbox on its own, the four orders, and paging through ties.
async fn inbox_filters_sorts_and_pages(_: &TestDatabase, store: &SqlStore) {
    let amina = staff("amina", Role::Caseworker);
    let bilal = staff("bilal", Role::Caseworker);
    for person in [&amina, &bilal] {
        store
            .insert_staff(person, &audit("staff_added"))
            .await
            .expect("insert");
    }
    let uyghur_team = Team {
        id: TeamId::from_bytes(random16()),
        name: "Uyghur desk".into(),
        members: vec![amina.id],
    };
    store
        .insert_team(&uyghur_team, &audit("team_created"))
        .await
        .expect("team");
    // Six reports: (received day, urgency, language, status, assignee, staff tactics, team).
    let mut ids = Vec::new();
    let shapes: [(i64, Urgency, Language, ReportStatus, Option<StaffId>, bool); 6] = [
        (
            20_700,
            Urgency::Low,
            Language::Uyghur,
            ReportStatus::Received,
            None,
            false,
        ),
        (
            20_710,
            Urgency::Critical,
            Language::Uyghur,
            ReportStatus::InProgress,
            Some(amina.id),
            true,
        ),
        (
            20_720,
            Urgency::Normal,
            Language::SimplifiedChinese,
            ReportStatus::Received,
            Some(bilal.id),
            false,
        ),
        (
            20_730,
            Urgency::Critical,
            Language::Tibetan,
            ReportStatus::Closed,
            None,
            false,
        ),
        (
            20_740,
            Urgency::High,
            Language::Uyghur,
            ReportStatus::Received,
            None,
            false,
        ),
        (
            20_750,
            Urgency::Normal,
            Language::English,
            ReportStatus::Received,
            None,
            false,
        ),
    ];
    for (n, (day, urgency, language, status, assignee, recoded)) in shapes.iter().enumerate() {
        let mut report = new_report(&[amina.id], &[b'f', n as u8]);
        report.meta.received = Day(*day);
        report.meta.language = *language;
        report.meta.status = *status;
        report.meta.case.urgency = *urgency;
        report.meta.case.assignee = *assignee;
        // Activity in the reverse order of arrival, with a tie.
        report.meta.case.activity = Day(20_800 - (n as i64 / 2));
        if *recoded {
            report.meta.case.staff_tactics = Some(vec![Tactic::Spyware]);
            report.meta.case.substatus = Some("awaiting_documents".into());
        }
        if n == 3 {
            report.meta.host_country = Some("FR".into());
        }
        if n == 4 {
            report.teams = vec![uyghur_team.id];
        }
        ids.push(report.meta.id);
        store.insert_report(&report).await.expect("insert");
    }
    // A reporter's message makes report 2 unread.
    store
        .insert_message(
            &NewMessage {
                id: MessageId::from_bytes(random16()),
                report_id: ids[2],
                author: MessageAuthor::Reporter,
                sent: Day(20_801),
                ciphertext: vec![1; 50],
            },
            None,
        )
        .await
        .expect("message");

    let ask = |filter: InboxFilter| InboxQuery {
        filter,
        limit: 50,
        ..InboxQuery::default()
    };
    let found = |page: refuge_domain::ports::InboxPage| -> Vec<usize> {
        page.entries
            .iter()
            .map(|e| ids.iter().position(|id| *id == e.meta.id).expect("known"))
            .collect()
    };
    let cases: Vec<(InboxFilter, Vec<usize>)> = vec![
        (InboxFilter::default(), vec![5, 4, 3, 2, 1, 0]),
        (
            InboxFilter {
                status: Some(ReportStatus::Received),
                ..Default::default()
            },
            vec![5, 4, 2, 0],
        ),
        (
            InboxFilter {
                substatus: Some("awaiting_documents".into()),
                ..Default::default()
            },
            vec![1],
        ),
        (
            InboxFilter {
                urgency: Some(Urgency::Critical),
                ..Default::default()
            },
            vec![3, 1],
        ),
        (
            InboxFilter {
                assignee: Some(AssigneeFilter::Nobody),
                ..Default::default()
            },
            vec![5, 4, 3, 0],
        ),
        (
            InboxFilter {
                assignee: Some(AssigneeFilter::Staff(bilal.id)),
                ..Default::default()
            },
            vec![2],
        ),
        (
            InboxFilter {
                team: Some(uyghur_team.id),
                ..Default::default()
            },
            vec![4],
        ),
        // The caseworker's coding replaces the reporter's.
        (
            InboxFilter {
                tactic: Some(Tactic::Spyware),
                ..Default::default()
            },
            vec![1],
        ),
        (
            InboxFilter {
                tactic: Some(Tactic::ThreatOnline),
                ..Default::default()
            },
            vec![5, 4, 3, 2, 0],
        ),
        (
            InboxFilter {
                language: Some(Language::Uyghur),
                ..Default::default()
            },
            vec![4, 1, 0],
        ),
        (
            InboxFilter {
                host_country: Some("FR".into()),
                ..Default::default()
            },
            vec![3],
        ),
        (
            InboxFilter {
                unread: true,
                ..Default::default()
            },
            vec![2],
        ),
        (
            InboxFilter {
                received_from: Some(Day(20_720)),
                received_to: Some(Day(20_740)),
                ..Default::default()
            },
            vec![4, 3, 2],
        ),
        (
            InboxFilter {
                language: Some(Language::Uyghur),
                urgency: Some(Urgency::Critical),
                assignee: Some(AssigneeFilter::Staff(amina.id)),
                ..Default::default()
            },
            vec![1],
        ),
    ];
    for (filter, expected) in cases {
        let page = store
            .inbox(amina.id, &ask(filter.clone()))
            .await
            .expect("inbox");
        assert_eq!(found(page), expected, "{filter:?}");
    }
    // Bilal holds no key and is not in the Uyghur team: report 4 does not exist for him, and
    // asking for readable cases only leaves none.
    let page = store
        .inbox(bilal.id, &ask(InboxFilter::default()))
        .await
        .expect("inbox");
    assert_eq!(found(page), vec![5, 3, 2, 1, 0]);
    let readable = InboxFilter {
        readable_only: true,
        ..Default::default()
    };
    assert!(
        store
            .inbox(bilal.id, &ask(readable.clone()))
            .await
            .expect("inbox")
            .entries
            .is_empty()
    );
    assert_eq!(
        found(store.inbox(amina.id, &ask(readable)).await.expect("inbox")).len(),
        6
    );

    // Each order, read two at a time: the pages join into the whole order, with no repeat.
    let orders = [
        (InboxSort::Newest, vec![5, 4, 3, 2, 1, 0]),
        (InboxSort::Oldest, vec![0, 1, 2, 3, 4, 5]),
        (InboxSort::Urgency, vec![3, 1, 4, 5, 2, 0]),
        // Report 2's message moved its activity to day 20 801.
        (InboxSort::Activity, vec![2, 1, 0, 3, 5, 4]),
    ];
    for (sort, expected) in orders {
        let mut seen = Vec::new();
        let mut after = None;
        loop {
            let page = store
                .inbox(
                    amina.id,
                    &InboxQuery {
                        sort,
                        after,
                        limit: 2,
                        ..InboxQuery::default()
                    },
                )
                .await
                .expect("page");
            after = page.next_cursor;
            seen.extend(found(page));
            if after.is_none() {
                break;
            }
            assert_eq!(after.map(|c| c.sort), Some(sort));
        }
        assert_eq!(seen, expected, "{sort:?}");
    }
}

/// A report's search document is written with it, marked stale by what adds to its content,
/// and replaced only by a build from newer content.
async fn search_documents_follow_their_content(_: &TestDatabase, store: &SqlStore) {
    let amina = staff("amina", Role::Caseworker);
    store
        .insert_staff(&amina, &audit("staff_added"))
        .await
        .expect("insert");
    let mut with_doc = new_report(&[amina.id], b"search-1");
    with_doc.search_chunks = vec![vec![1; 30], vec![2; 30], vec![3; 30]];
    let without = new_report(&[amina.id], b"search-2");
    store.insert_report(&with_doc).await.expect("insert");
    store.insert_report(&without).await.expect("insert");
    let stale = |page: &refuge_domain::ports::InboxPage, id: ReportId| {
        page.entries
            .iter()
            .find(|e| e.meta.id == id)
            .expect("listed")
            .search_stale
    };
    let page = store
        .inbox(amina.id, &InboxQuery::newest(10, None))
        .await
        .expect("inbox");
    assert!(!stale(&page, with_doc.meta.id));
    assert!(stale(&page, without.meta.id), "no document yet");

    // Chunks come in report then chunk order, a page at a time.
    let both = [with_doc.meta.id, without.meta.id];
    let first = store.search_chunks(&both, None, 2).await.expect("chunks");
    assert_eq!(first.iter().map(|c| c.chunk).collect::<Vec<_>>(), [0, 1]);
    let last = first.last().expect("two");
    let rest = store
        .search_chunks(&both, Some((last.report, last.chunk)), 10)
        .await
        .expect("chunks");
    assert_eq!(rest.len(), 1);
    assert_eq!(rest[0].sealed, vec![3; 30]);

    // A message, a file and a note each add to the content.
    store
        .insert_message(
            &NewMessage {
                id: MessageId::from_bytes(random16()),
                report_id: with_doc.meta.id,
                author: MessageAuthor::Reporter,
                sent: Day(20_781),
                ciphertext: vec![1; 50],
            },
            None,
        )
        .await
        .expect("message");
    store
        .insert_files(with_doc.meta.id, &[new_file(Day(20_781), 10)])
        .await
        .expect("file");
    store
        .insert_note(
            &refuge_domain::ports::NewNote {
                id: NoteId::from_bytes(random16()),
                version: 1,
                report_id: with_doc.meta.id,
                author: amina.id,
                written: Day(20_781),
                ciphertext: vec![4; 40],
            },
            &AuditEntry {
                report: Some(with_doc.meta.id),
                ..audit("note_written")
            },
        )
        .await
        .expect("note");
    let stored = store
        .report(with_doc.meta.id)
        .await
        .expect("get")
        .expect("present");
    assert_eq!(stored.content_version, 3);
    let page = store
        .inbox(amina.id, &InboxQuery::newest(10, None))
        .await
        .expect("inbox");
    assert!(stale(&page, with_doc.meta.id));

    // A build from version 3 replaces the whole document; one from an older version does not.
    assert!(
        store
            .replace_search_document(with_doc.meta.id, 3, &[vec![9; 20]])
            .await
            .expect("replace")
    );
    assert!(
        !store
            .replace_search_document(with_doc.meta.id, 2, &[vec![8; 20], vec![8; 20]])
            .await
            .expect("older build")
    );
    assert!(
        !store
            .replace_search_document(with_doc.meta.id, 3, &[vec![8; 20]])
            .await
            .expect("same build")
    );
    let chunks = store
        .search_chunks(&[with_doc.meta.id], None, 10)
        .await
        .expect("chunks");
    assert_eq!(chunks.len(), 1);
    assert_eq!(chunks[0].sealed, vec![9; 20]);
    let page = store
        .inbox(amina.id, &InboxQuery::newest(10, None))
        .await
        .expect("inbox");
    assert!(!stale(&page, with_doc.meta.id));
    assert!(
        store
            .search_chunks(&[], None, 10)
            .await
            .expect("none")
            .is_empty()
    );
}

/// Walks the whole log, a page at a time, as `refuge audit verify` does.
async fn verify_chain(store: &SqlStore) -> Result<(i64, [u8; 32]), ChainBreak> {
    let mut walk = ChainWalk::new();
    let mut after = 0;
    loop {
        let rows = store.audit_chain(after, 7).await.expect("rows");
        let Some(last) = rows.last() else { break };
        after = last.seq;
        for row in &rows {
            walk.push(row)?;
        }
    }
    let head = store.audit_head().await.expect("head");
    walk.finish(head)?;
    Ok(head)
}

async fn the_audit_log_is_one_chain_under_concurrent_writers(_: &TestDatabase, store: &SqlStore) {
    let amina = staff("amina", Role::Caseworker);
    store
        .insert_staff(&amina, &audit("staff_added"))
        .await
        .expect("insert");
    // Twenty writers at once, beside changes that write their own rows.
    let mut tasks = Vec::new();
    for n in 0..20 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            store
                .append_audit(&AuditEntry {
                    subject: format!("download {n}"),
                    ..audit("file_downloaded_clean")
                })
                .await
        }));
    }
    for task in tasks {
        task.await.expect("task").expect("appended");
    }
    let (seq, hash) = verify_chain(store).await.expect("one unbroken chain");
    assert_eq!(seq, 21, "numbers without gaps");
    let rows = store.audit_chain(0, 100).await.expect("rows");
    assert_eq!(rows.len(), 21);
    assert_eq!(rows.last().map(|r| r.hash), Some(hash));
    assert!(rows.windows(2).all(|w| w[1].seq == w[0].seq + 1));

    // The view: filters and pages, newest first, each row with its hash.
    let page = store
        .audit_page(&AuditQuery {
            action: Some(refuge_domain::AuditAction::FileDownloadedClean),
            limit: 5,
            ..AuditQuery::default()
        })
        .await
        .expect("page");
    assert_eq!(page.len(), 5);
    assert_eq!(page[0].seq, 21);
    assert_eq!(page[0].hash, hash);
    let next = store
        .audit_page(&AuditQuery {
            action: Some(refuge_domain::AuditAction::FileDownloadedClean),
            before: Some(page[4].seq),
            limit: 100,
            ..AuditQuery::default()
        })
        .await
        .expect("page");
    assert_eq!(next.len(), 15);
    let by_time = store
        .audit_page(&AuditQuery {
            from: Some(1_000),
            to: Some(1_001),
            limit: 100,
            ..AuditQuery::default()
        })
        .await
        .expect("page");
    assert_eq!(by_time.len(), 21);
    assert!(
        store
            .audit_page(&AuditQuery {
                actor: Some(amina.id),
                limit: 100,
                ..AuditQuery::default()
            })
            .await
            .expect("page")
            .is_empty()
    );

    // Checkpoints: kept with their own audit row.
    assert_eq!(store.latest_checkpoint().await.expect("none"), None);
    let checkpoint = StoredCheckpoint {
        seq,
        hash,
        written_at: 2_000,
        signed: "signed text".into(),
    };
    store
        .insert_checkpoint(&checkpoint, &audit("audit_checkpoint_written"))
        .await
        .expect("checkpoint");
    assert_eq!(
        store.latest_checkpoint().await.expect("one"),
        Some(checkpoint)
    );
    assert_eq!(verify_chain(store).await.expect("still intact").0, 22);
}

async fn tampering_with_the_audit_log_is_named(_: &TestDatabase, store: &SqlStore) {
    for n in 0..6 {
        store
            .append_audit(&AuditEntry {
                subject: format!("row {}", n + 1),
                ..audit("login")
            })
            .await
            .expect("appended");
    }
    let intact = verify_chain(store).await.expect("intact");
    assert_eq!(intact.0, 6);
    // A changed word.
    store
        .execute_raw("UPDATE audit_log SET subject = 'someone else' WHERE seq = 3")
        .await
        .expect("tamper");
    assert_eq!(
        verify_chain(store).await,
        Err(ChainBreak::Changed { seq: 3 })
    );
    store
        .execute_raw("UPDATE audit_log SET subject = 'row 3' WHERE seq = 3")
        .await
        .expect("restore");
    assert!(verify_chain(store).await.is_ok());

    // Two rows' contents swapped (their numbers stay, so the order looks right).
    store
        .execute_raw(
            "UPDATE audit_log SET subject = CASE seq WHEN 4 THEN 'row 5' ELSE 'row 4' END WHERE seq IN (4, 5)",
        )
        .await
        .expect("reorder");
    assert_eq!(
        verify_chain(store).await,
        Err(ChainBreak::Changed { seq: 4 })
    );
    store
        .execute_raw(
            "UPDATE audit_log SET subject = CASE seq WHEN 4 THEN 'row 4' ELSE 'row 5' END WHERE seq IN (4, 5)",
        )
        .await
        .expect("restore");
    assert!(verify_chain(store).await.is_ok());

    // A row removed from the middle.
    store
        .execute_raw("DELETE FROM audit_log WHERE seq = 2")
        .await
        .expect("remove");
    assert_eq!(
        verify_chain(store).await,
        Err(ChainBreak::Unlinked { seq: 3, after: 1 })
    );
}

async fn rows_from_before_the_chain_are_chained_once(_: &TestDatabase, store: &SqlStore) {
    // As an older version left them: rows without hashes, and no head.
    store
        .execute_raw(
            "DELETE FROM audit_head; \
             INSERT INTO audit_log (seq, at, actor, action, report_id, subject) VALUES (1, 10, NULL, 'login', NULL, 'first'); \
             INSERT INTO audit_log (seq, at, actor, action, report_id, subject) VALUES (4, 11, NULL, 'login', NULL, 'after a gap')",
        )
        .await
        .expect("old rows");
    store.migrate().await.expect("open again");
    let (seq, _) = verify_chain(store).await.expect("chained");
    assert_eq!(seq, 4);
    // New rows follow on.
    store.append_audit(&audit("login")).await.expect("append");
    assert_eq!(verify_chain(store).await.expect("chained").0, 5);
    // A second opening changes nothing.
    let before = store.audit_chain(0, 10).await.expect("rows");
    store.migrate().await.expect("open again");
    assert_eq!(store.audit_chain(0, 10).await.expect("rows"), before);
}

/// Both engines have the same migrations (numbers and names) and the same tables and columns.
#[tokio::test]
async fn schemas_match_across_engines() {
    let sqlite_files = migration_files("sqlite");
    assert_eq!(
        sqlite_files,
        migration_files("postgres"),
        "migration files differ between engines"
    );
    if postgres_skipped() {
        return;
    }
    let sqlite_db = TestDatabase::create(Engine::Sqlite).await;
    let postgres_db = TestDatabase::create(Engine::Postgres).await;
    let sqlite_columns = sqlite_db
        .open()
        .await
        .schema_columns()
        .await
        .expect("sqlite schema");
    let postgres_store = postgres_db.open().await;
    let postgres_columns = postgres_store
        .schema_columns()
        .await
        .expect("postgres schema");
    postgres_store.close().await;
    assert_eq!(sqlite_columns, postgres_columns);
}

fn migration_files(engine: &str) -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("migrations")
        .join(engine);
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("migrations dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Leases: of eight servers asking at once exactly one holds it; it renews its own; nobody else
/// gets it before it lapses, and someone does after.
async fn one_server_holds_the_housekeeping_lease(_: &TestDatabase, store: &SqlStore) {
    let mut racers = tokio::task::JoinSet::new();
    for server in 0..8 {
        let store = store.clone();
        racers.spawn(async move {
            let holder = format!("server-{server}");
            let held = store
                .take_lease("housekeeping", &holder, 1_000, 1_660)
                .await
                .expect("lease");
            (holder, held)
        });
    }
    let held: Vec<String> = racers
        .join_all()
        .await
        .into_iter()
        .filter(|(_, held)| *held)
        .map(|(holder, _)| holder)
        .collect();
    assert_eq!(held.len(), 1, "exactly one holder: {held:?}");
    let holder = &held[0];
    assert!(
        store
            .take_lease("housekeeping", holder, 1_300, 1_960)
            .await
            .expect("renew")
    );
    assert!(
        !store
            .take_lease("housekeeping", "other", 1_900, 2_560)
            .await
            .expect("held")
    );
    assert!(
        store
            .take_lease("housekeeping", "other", 1_960, 2_620)
            .await
            .expect("lapsed")
    );
    assert!(
        !store
            .take_lease("housekeeping", holder, 2_000, 2_660)
            .await
            .expect("taken over")
    );
    // Another name is another lease.
    assert!(
        store
            .take_lease("other-work", holder, 2_000, 2_660)
            .await
            .expect("other")
    );
}
