//! `TestRefuge`: the use cases of `refuge-app` on a real store (SQLite or PostgreSQL), real
//! blobs and a fixed clock, with helpers that act as a reporter or a staff member would —
//! without HTTP, so a test says what the product does, not how a page is shaped.

// Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

use std::sync::Arc;

use refuge_app::accounts::NewAccount;
use refuge_app::evidence::UploadBatch;
use refuge_app::intake::{IdempotencyKey, Submitted};
use refuge_app::sessions::ReporterSession;
use refuge_app::sessions::StaffSession;
use refuge_app::{FixedClock, Refuge, Settings};
use refuge_domain::ReportId;
use refuge_domain::report::ReportDraft;
use refuge_domain::staff::Role;
use refuge_store::testing::TestDatabase;
use refuge_store::{Engine, SqlBlobStore, SqlStore};

/// Runs each named `async fn(TestRefuge)` as two tests, on SQLite and on PostgreSQL (skipped
/// only where `refuge_store::testing` says PostgreSQL is optional; never in CI).
macro_rules! on_both_engines {
    ($($case:ident),+ $(,)?) => {
        mod sqlite {
            use super::*;
            $(#[tokio::test] async fn $case() { super::$case(TestRefuge::new(Engine::Sqlite).await).await; })+
        }
        mod postgres {
            use super::*;
            $(#[tokio::test] async fn $case() {
                if refuge_store::testing::postgres_skipped() {
                    eprintln!("PostgreSQL skipped by REFUGE_SKIP_POSTGRES=1");
                    return;
                }
                super::$case(TestRefuge::new(Engine::Postgres).await).await;
            })+
        }
    };
}

/// The same fixed moment as the web suite's.
pub const START: i64 = 1_795_435_200;
pub const PASSWORD: &str = "correct horse battery staple";

pub struct TestRefuge {
    pub app: Refuge,
    pub clock: Arc<FixedClock>,
    pub store: SqlStore,
    blobs: Arc<SqlBlobStore>,
    _db: TestDatabase,
}

impl TestRefuge {
    pub async fn new(engine: Engine) -> TestRefuge {
        let db = TestDatabase::create(engine).await;
        let store = db.open().await;
        let blobs = Arc::new(SqlBlobStore::open(store.clone(), db.data_dir()).expect("blobs"));
        let clock = Arc::new(FixedClock::new(START));
        let app = Refuge::new(
            Arc::new(store.clone()),
            blobs.clone(),
            clock.clone(),
            Settings::for_tests(),
        )
        .await
        .expect("app");
        TestRefuge {
            app,
            clock,
            store,
            blobs,
            _db: db,
        }
    }

    /// Another app server on the same database and blobs, with other settings (as after an
    /// operator changed the configuration and restarted).
    pub async fn another_server(&self, settings: Settings) -> Refuge {
        Refuge::new(
            Arc::new(self.store.clone()),
            self.blobs.clone(),
            self.clock.clone(),
            settings,
        )
        .await
        .expect("app")
    }

    /// Adds an account and signs it in.
    pub async fn staff(&self, username: &str, role: Role) -> StaffSession {
        self.app
            .add_staff(
                None,
                &NewAccount {
                    username: username.into(),
                    password: PASSWORD.into(),
                    role,
                },
                None,
            )
            .await
            .expect("add staff");
        self.sign_in(username).await
    }

    pub async fn sign_in(&self, username: &str) -> StaffSession {
        let new = self
            .app
            .log_in(username, PASSWORD, None, None)
            .await
            .expect("sign in");
        self.app.session(&new.token).await.expect("session")
    }

    /// Submits a report with this narrative, as the form would; returns the receipt.
    pub async fn report(&self, narrative: &str) -> String {
        self.report_in("en", narrative).await
    }

    /// Submits a report written in `language` (a locale code).
    pub async fn report_in(&self, language: &str, narrative: &str) -> String {
        let draft = ReportDraft {
            language: language.into(),
            narrative: narrative.into(),
            ..ReportDraft::default()
        };
        let token = self.app.issue_form_token();
        let token = self.app.read_form_token(&token).expect("our token");
        match self
            .app
            .submit_report(&draft, IdempotencyKey::Form(&token))
            .await
            .expect("submit")
        {
            Submitted::Stored { receipt } => receipt.digits().to_owned(),
            _ => panic!("a new report was not stored"),
        }
    }

    /// Signs in with a receipt, as the reporter would.
    pub async fn reporter(&self, receipt: &str) -> ReporterSession {
        let token = self
            .app
            .reporter_sign_in(receipt)
            .await
            .expect("reporter sign-in");
        self.app
            .reporter_session(&token)
            .await
            .expect("reporter session")
    }

    /// The newest report in `session`'s inbox.
    pub async fn newest_report(&self, session: &StaffSession) -> ReportId {
        self.app
            .inbox(session, 1, None)
            .await
            .expect("inbox")
            .entries
            .first()
            .expect("a report")
            .meta
            .id
    }

    /// Makes the database refuse every audit row of `action` from now on, as a full disk or a
    /// failing constraint would: a change whose audit row cannot be written must not happen.
    pub async fn refuse_audit_rows(&self, action: &str) {
        let sql = match self.store.engine() {
            // SQLite cannot add a constraint to a table: a trigger refuses instead.
            Engine::Sqlite => format!(
                "CREATE TRIGGER refuse_{action} BEFORE INSERT ON audit_log \
                 WHEN NEW.action = '{action}' BEGIN SELECT RAISE(ABORT, 'refused'); END"
            ),
            Engine::Postgres => format!(
                "ALTER TABLE audit_log ADD CONSTRAINT refuse_{action} \
                 CHECK (action <> '{action}') NOT VALID"
            ),
        };
        self.store
            .execute_raw(&sql)
            .await
            .expect("refuse audit rows");
    }

    /// The audit log, newest first.
    pub async fn audit(&self) -> Vec<refuge_domain::ports::AuditEntry> {
        refuge_domain::ports::AuditStore::audit_log(&self.store, 1_000)
            .await
            .expect("audit log")
    }

    /// Stored blobs no committed row points to: what a refused or abandoned submission must
    /// not leave.
    pub async fn unreferenced_blobs(&self) -> Vec<String> {
        use refuge_domain::ports::BlobStore as _;
        let referenced = refuge_domain::ports::InstanceStore::blob_names(&self.store)
            .await
            .expect("referenced");
        let blobs = self.blobs.clone();
        tokio::task::spawn_blocking(move || blobs.list_older_than(0))
            .await
            .expect("join")
            .expect("list")
            .into_iter()
            .filter(|name| !referenced.contains(name))
            .collect()
    }

    /// Streams one file into `batch` as an upload would, in two chunks.
    pub async fn send_file(batch: &mut UploadBatch, name: &str, content: &[u8]) {
        let mut upload = batch.start(name).await.expect("start");
        let (first, second) = content.split_at(content.len() / 2);
        batch.push(&mut upload, first.to_vec()).await.expect("push");
        batch
            .push(&mut upload, second.to_vec())
            .await
            .expect("push");
        batch.finish(upload).await.expect("finish");
    }

    /// Seals `plaintext` to `public_keys` and stores it as a blob (for tests that build a
    /// report as an older version stored it).
    pub async fn put_blob(&self, public_keys: Vec<String>, plaintext: Vec<u8>) -> String {
        use refuge_domain::ports::BlobStore as _;
        let blobs = self.blobs.clone();
        tokio::task::spawn_blocking(move || {
            let sealed =
                refuge_crypto::encrypt_to_recipients(&public_keys, &plaintext).expect("seal");
            blobs.put(&sealed)
        })
        .await
        .expect("join")
        .expect("put")
    }
}
