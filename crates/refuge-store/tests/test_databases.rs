//! The throw-away PostgreSQL schemas of the test suites are dropped even when a test ends
//! while one of its tasks is inside a transaction (a background indexing run, say). Before
//! this was so, such a test hung at its end: the drop waited for the task's locks, and the
//! task could not run while the test's only thread waited for the drop.

use std::time::Duration;

use refuge_store::Engine;
use refuge_store::testing::{TestDatabase, postgres_skipped};

#[tokio::test]
async fn a_schema_is_dropped_while_a_transaction_still_holds_its_tables() {
    if postgres_skipped() {
        eprintln!("PostgreSQL skipped by REFUGE_SKIP_POSTGRES=1");
        return;
    }
    let db = TestDatabase::create(Engine::Postgres).await;
    let store = db.open().await;
    // A session of the test's own that holds a lock on one of the schema's tables, inside a
    // transaction that would last an hour.
    let holder = tokio::spawn(async move {
        let _ = store
            .execute_raw(
                "BEGIN; LOCK TABLE reports IN ACCESS SHARE MODE; SELECT pg_sleep(3600); COMMIT",
            )
            .await;
    });
    tokio::time::sleep(Duration::from_millis(500)).await;
    let (done, finished) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        drop(db);
        let _ = done.send(());
    });
    assert!(
        finished.recv_timeout(Duration::from_secs(60)).is_ok(),
        "the schema's drop waited on the test's own transaction"
    );
    holder.abort();
}
