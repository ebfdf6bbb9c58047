//! CPU-heavy work (Argon2, age) and blocking file IO, run off the async threads. Key derivations
//! take a permit first, so their memory use is bounded whatever the load.

use std::sync::Arc;

use tokio::sync::{Notify, Semaphore};

use crate::AppError;

#[derive(Clone)]
pub(crate) struct Work {
    kdf_permits: Arc<Semaphore>,
    pub fail_stop: Arc<Notify>,
}

impl Work {
    pub fn new(kdf_concurrency: usize) -> Self {
        Work {
            kdf_permits: Arc::new(Semaphore::new(kdf_concurrency.max(1))),
            fail_stop: Arc::new(Notify::new()),
        }
    }

    /// Runs blocking work (file IO, encryption) on the blocking pool.
    pub async fn blocking<T: Send + 'static>(
        &self,
        job: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, AppError> {
        tokio::task::spawn_blocking(job)
            .await
            .map_err(|e| AppError::Unavailable(format!("worker failed: {e}")))
    }

    /// Runs a key derivation once a permit is free.
    pub async fn kdf<T: Send + 'static>(
        &self,
        job: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, AppError> {
        let _permit = self
            .kdf_permits
            .acquire()
            .await
            .map_err(|_| AppError::Unavailable("key derivation pool closed".into()))?;
        self.blocking(job).await
    }

    /// SECURITY: after a failed fsync the kernel may have dropped written pages and reported
    /// success for later writes; the only safe course is to stop and let the operator restart.
    pub fn request_fail_stop(&self) {
        tracing::error!("fsync failed: stopping the process to protect acknowledged data");
        self.fail_stop.notify_waiters();
        self.fail_stop.notify_one();
    }
}
