//! Throw-away databases for tests: a temporary SQLite directory, or a fresh PostgreSQL schema on
//! the server named by `REFUGE_TEST_POSTGRES_URL` (default: the local `test` database).
//!
//! PostgreSQL is never skipped silently: if it cannot be reached the test fails, unless
//! `REFUGE_SKIP_POSTGRES=1` says so explicitly (CI never sets it).

use std::path::Path;
use std::sync::atomic::{AtomicU32, Ordering};

use crate::{Engine, SqlStore};

pub const DEFAULT_POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

pub fn postgres_admin_url() -> String {
    std::env::var("REFUGE_TEST_POSTGRES_URL").unwrap_or_else(|_| DEFAULT_POSTGRES_URL.to_owned())
}

pub fn postgres_skipped() -> bool {
    std::env::var("REFUGE_SKIP_POSTGRES").is_ok_and(|v| v == "1")
}

/// A database that lives as long as this value.
pub struct TestDatabase {
    pub engine: Engine,
    /// Data directory (SQLite file and blobs; blobs for PostgreSQL too).
    pub dir: tempfile::TempDir,
    /// What `--database-url` would be: empty for SQLite.
    pub url: String,
    schema: Option<String>,
}

impl TestDatabase {
    pub async fn create(engine: Engine) -> TestDatabase {
        let dir = tempfile::tempdir().expect("temporary directory");
        match engine {
            Engine::Sqlite => TestDatabase {
                engine,
                dir,
                url: String::new(),
                schema: None,
            },
            Engine::Postgres => {
                static COUNTER: AtomicU32 = AtomicU32::new(0);
                let schema = format!(
                    "refuge_test_{}_{}_{}",
                    std::process::id(),
                    COUNTER.fetch_add(1, Ordering::Relaxed),
                    dir.path()
                        .file_name()
                        .and_then(|n| n.to_str())
                        .unwrap_or("x")
                        .to_lowercase()
                        .replace(|c: char| !c.is_ascii_alphanumeric(), "")
                );
                let admin = postgres_admin_url();
                let store = SqlStore::open_postgres(&admin).await.unwrap_or_else(|e| {
                    panic!("PostgreSQL at {admin} is required for this test and could not be reached: {e}. Set REFUGE_TEST_POSTGRES_URL, or REFUGE_SKIP_POSTGRES=1 to skip locally.")
                });
                store
                    .execute_raw(&format!("CREATE SCHEMA {schema}"))
                    .await
                    .expect("create schema");
                store.close().await;
                let separator = if admin.contains('?') { '&' } else { '?' };
                let url = format!("{admin}{separator}options=-c%20search_path%3D{schema}");
                TestDatabase {
                    engine,
                    dir,
                    url,
                    schema: Some(schema),
                }
            }
        }
    }

    pub fn data_dir(&self) -> &Path {
        self.dir.path()
    }

    /// Opens and migrates the store.
    pub async fn open(&self) -> SqlStore {
        let store = match self.engine {
            Engine::Sqlite => SqlStore::open_sqlite(self.dir.path()).await,
            Engine::Postgres => SqlStore::open_postgres(&self.url).await,
        }
        .expect("open store");
        store.migrate().await.expect("migrate");
        store
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let Some(schema) = self.schema.take() else {
            return;
        };
        let admin = postgres_admin_url();
        // Drop runs outside any async context we can rely on: use a private runtime on a thread.
        let _ = std::thread::spawn(move || {
            let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                return;
            };
            runtime.block_on(async {
                if let Ok(store) = SqlStore::open_postgres(&admin).await {
                    let _ = store
                        .execute_raw(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"))
                        .await;
                    store.close().await;
                }
            });
        })
        .join();
    }
}
