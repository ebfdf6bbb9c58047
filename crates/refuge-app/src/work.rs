//! CPU-heavy work (Argon2, age) and blocking file IO, run off the async threads. Key derivations
//! take a permit first, and each permit comes with one reusable Argon2 buffer, so Argon2 memory
//! is bounded whatever the load: `kdf_concurrency` × the password cost plus `kdf_concurrency` ×
//! the receipt cost.
//!
//! SECURITY: derivations run in lanes (security review M3), so that nobody anonymous can stall
//! intake or lock staff out by flooding sign-ins: receipts (intake, follow-up) have their own
//! permits; password derivations for anyone not known share at most one of the password permits,
//! so a signed-in member, or a browser known to have signed in, always finds one free.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use refuge_crypto::KdfMemory;
use tokio::sync::{Notify, Semaphore};

use crate::AppError;

/// Buffers larger than this are freed after use instead of kept for the next derivation.
/// glibc serves allocations this large with their own mapping, so freeing returns them to the
/// OS; smaller ones are what the allocator would otherwise keep resident.
const RETAINED_KDF_MEMORY_MAX: usize = 32 * 1024 * 1024;

/// Which queue a key derivation waits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lane {
    /// Receipt hashes: intake and follow-up sign-in.
    Receipt,
    /// Password work for someone known: a signed-in member, or a browser that signed in before.
    Staff,
    /// Password work for anyone else (a sign-in from an unknown browser, set-up).
    Anonymous,
}

impl Lane {
    pub const ALL: [Lane; 3] = [Lane::Receipt, Lane::Staff, Lane::Anonymous];

    pub fn name(self) -> &'static str {
        match self {
            Lane::Receipt => "receipt",
            Lane::Staff => "staff",
            Lane::Anonymous => "anonymous",
        }
    }

    fn index(self) -> usize {
        match self {
            Lane::Receipt => 0,
            Lane::Staff => 1,
            Lane::Anonymous => 2,
        }
    }
}

/// What one lane's derivations waited for a permit, for the metrics.
#[derive(Debug, Default)]
struct LaneStats {
    /// Derivations that got a permit.
    runs: AtomicU64,
    /// Microseconds they waited for it, in all.
    waited_micros: AtomicU64,
    /// Waiting now.
    waiting: AtomicU64,
    /// The most waiting at once since the figures were last read with `reset_peaks`.
    peak_waiting: AtomicU64,
}

/// A lane's figures: runs, seconds waited in all, and the most waiting at once lately.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LaneFigures {
    pub lane: &'static str,
    pub runs: u64,
    pub waited_seconds: f64,
    pub peak_waiting: u64,
}

#[derive(Clone)]
pub(crate) struct Work {
    kdf_permits: Arc<Semaphore>,
    /// At most one buffer per permit.
    kdf_memory: Arc<Mutex<Vec<KdfMemory>>>,
    receipt_permits: Arc<Semaphore>,
    receipt_memory: Arc<Mutex<Vec<KdfMemory>>>,
    /// Anonymous password work holds this as well as a password permit: one at a time.
    anonymous_permits: Arc<Semaphore>,
    /// Files are cleaned one at a time: a cleaner holds the whole file (and its copy) in memory.
    clean_permits: Arc<Semaphore>,
    pub fail_stop: Arc<Notify>,
    lanes: Arc<[LaneStats; 3]>,
}

impl Work {
    pub fn new(kdf_concurrency: usize) -> Self {
        Work {
            // With one password permit, anonymous work could hold it all; two keep one free.
            kdf_permits: Arc::new(Semaphore::new(kdf_concurrency.max(2))),
            kdf_memory: Arc::new(Mutex::new(Vec::new())),
            receipt_permits: Arc::new(Semaphore::new(kdf_concurrency.max(1))),
            receipt_memory: Arc::new(Mutex::new(Vec::new())),
            anonymous_permits: Arc::new(Semaphore::new(1)),
            clean_permits: Arc::new(Semaphore::new(1)),
            fail_stop: Arc::new(Notify::new()),
            lanes: Arc::default(),
        }
    }

    /// Each lane's figures; `reset_peaks` starts a new period for the most waiting at once.
    pub fn lane_figures(&self, reset_peaks: bool) -> Vec<LaneFigures> {
        Lane::ALL
            .iter()
            .map(|lane| {
                let stats = &self.lanes[lane.index()];
                let peak = if reset_peaks {
                    stats
                        .peak_waiting
                        .swap(stats.waiting.load(Ordering::Relaxed), Ordering::Relaxed)
                } else {
                    stats.peak_waiting.load(Ordering::Relaxed)
                };
                LaneFigures {
                    lane: lane.name(),
                    runs: stats.runs.load(Ordering::Relaxed),
                    waited_seconds: stats.waited_micros.load(Ordering::Relaxed) as f64 / 1e6,
                    peak_waiting: peak,
                }
            })
            .collect()
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

    /// Waits for the right to clean a file.
    pub async fn clean_permit(&self) -> Result<tokio::sync::SemaphorePermit<'_>, AppError> {
        self.clean_permits
            .acquire()
            .await
            .map_err(|_| AppError::Unavailable("cleaning pool closed".into()))
    }

    /// Runs a key derivation in `lane` once a permit is free, with that permit's working memory.
    pub async fn kdf<T: Send + 'static>(
        &self,
        lane: Lane,
        job: impl FnOnce(&mut KdfMemory) -> T + Send + 'static,
    ) -> Result<T, AppError> {
        let closed = |_| AppError::Unavailable("key derivation pool closed".into());
        let stats = &self.lanes[lane.index()];
        let waiting = stats.waiting.fetch_add(1, Ordering::Relaxed) + 1;
        stats.peak_waiting.fetch_max(waiting, Ordering::Relaxed);
        let queued = std::time::Instant::now();
        // Counted out however the wait ends (a dropped request included).
        let waiting_guard = scopeguard(|| {
            stats.waiting.fetch_sub(1, Ordering::Relaxed);
        });
        let _anonymous = match lane {
            Lane::Anonymous => Some(self.anonymous_permits.acquire().await.map_err(closed)?),
            _ => None,
        };
        let (permits, pool) = match lane {
            Lane::Receipt => (&self.receipt_permits, &self.receipt_memory),
            Lane::Staff | Lane::Anonymous => (&self.kdf_permits, &self.kdf_memory),
        };
        let _permit = permits.acquire().await.map_err(closed)?;
        stats.runs.fetch_add(1, Ordering::Relaxed);
        stats.waited_micros.fetch_add(
            u64::try_from(queued.elapsed().as_micros()).unwrap_or(u64::MAX),
            Ordering::Relaxed,
        );
        drop(waiting_guard);
        let mut memory = pool
            .lock()
            .ok()
            .and_then(|mut pool| pool.pop())
            .unwrap_or_default();
        let (result, memory) = self
            .blocking(move || {
                let result = job(&mut memory);
                (result, memory)
            })
            .await?;
        if memory.retained_bytes() <= RETAINED_KDF_MEMORY_MAX
            && let Ok(mut pool) = pool.lock()
        {
            pool.push(memory);
        }
        Ok(result)
    }

    /// SECURITY: after a failed fsync the kernel may have dropped written pages and reported
    /// success for later writes; the only safe course is to stop and let the operator restart.
    pub fn request_fail_stop(&self) {
        tracing::error!("fsync failed: stopping the process to protect acknowledged data");
        self.fail_stop.notify_waiters();
        self.fail_stop.notify_one();
    }
}

/// Runs `f` when dropped.
struct Guard<F: FnMut()>(F);

impl<F: FnMut()> Drop for Guard<F> {
    fn drop(&mut self) {
        (self.0)();
    }
}

fn scopeguard<F: FnMut()>(f: F) -> Guard<F> {
    Guard(f)
}
