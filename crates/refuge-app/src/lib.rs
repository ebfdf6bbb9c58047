//! Refuge's use cases, one module per workflow: intake, staff accounts and sessions, casework.
//! Authorisation, audit and encryption-before-storage happen here.
//!
//! This crate must never speak HTTP or SQL, and must never hand plaintext report content to the
//! store: it seals first. Slow key derivation runs off the async threads, a bounded number at a
//! time, so Argon2 memory × concurrency has a ceiling.

pub mod accounts;
pub mod audit;
pub mod budget;
mod bundle;
pub mod cases;
pub mod casework;
pub mod clock;
pub mod correlation;
pub mod error;
pub mod evidence;
pub mod followup;
pub mod forms;
pub mod inbox;
pub mod intake;
pub mod notes;
pub mod referral;
pub mod registry;
pub mod retention;
pub mod sealed;
mod search;
pub mod sessions;
pub mod settings;
pub mod source_archive;
pub mod statistics;
pub mod teams;
mod throttle;
pub mod two_factor;
pub mod work;

use std::sync::Arc;

use refuge_domain::ports::{BlobStore, Store};

pub use clock::{Clock, FixedClock, SystemClock};
pub use error::AppError;
pub use refuge_crypto::receipt::RECEIPT_DIGITS;
pub use settings::{ConversationLimits, Settings};

/// Everything a use case needs, cheap to clone.
#[derive(Clone)]
pub struct Refuge {
    pub(crate) store: Arc<dyn Store>,
    pub(crate) blobs: Arc<dyn BlobStore>,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) settings: Arc<Settings>,
    pub(crate) work: work::Work,
    pub(crate) secrets: Arc<InstanceSecrets>,
    /// Failed receipt sign-ins (in memory only: see `throttle`).
    pub(crate) receipt_attempts: Arc<throttle::AttemptLedger>,
    /// The intake budget (in memory only: see `budget`).
    pub(crate) intake_budget: Arc<budget::IntakeBudget>,
    /// Turns for searches and label filters (each holds a bounded batch in memory).
    pub(crate) searches: Arc<tokio::sync::Semaphore>,
    /// Whether a background indexing run is going on (see `correlation`).
    pub(crate) indexing: Arc<std::sync::atomic::AtomicBool>,
    /// Turns for building referral bundles (each holds its bundle in memory: at most a
    /// report's files, `files.max_report_mib`).
    pub(crate) referrals: Arc<tokio::sync::Semaphore>,
    /// The regions the reports name, and when they were read (look-ups of phone numbers).
    pub(crate) regions_named: Arc<std::sync::Mutex<Option<RegionsRead>>>,
    /// Names this process in leases (random; see `housekeeping_turn`).
    pub(crate) process: Arc<str>,
}

/// The regions the reports name, and when they were read.
pub(crate) type RegionsRead = (std::time::Instant, Vec<String>);

/// Per-instance values shared by every app server through the database. They are not
/// confidential against someone holding the disk, and nothing relies on that.
pub(crate) struct InstanceSecrets {
    /// Salt of the receipts' Argon2id lookup hash.
    pub receipt_salt: Vec<u8>,
    /// Key that signs intake form tokens (proof that a submitted form was served by us).
    pub form_key: Vec<u8>,
    /// Signs evidence receipts. Someone holding the disk could forge receipts with it; they could
    /// not alter one already given out (documented in docs/security-model.md).
    pub evidence_key: refuge_crypto::EvidenceKey,
    /// Names this instance on its evidence receipts (public; random, so it says nothing of
    /// where or who runs it).
    pub instance_id: String,
}

impl Refuge {
    /// Loads (or creates) the instance secrets and returns a ready application.
    pub async fn new(
        store: Arc<dyn Store>,
        blobs: Arc<dyn BlobStore>,
        clock: Arc<dyn Clock>,
        settings: Settings,
    ) -> Result<Self, AppError> {
        let receipt_salt = store
            .instance_secret("receipt_salt", &refuge_crypto::random::bytes::<16>())
            .await?;
        let form_key = store
            .instance_secret("form_key", &refuge_crypto::random::bytes::<32>())
            .await?;
        let evidence_secret = store
            .instance_secret(
                "evidence_signing_key",
                &refuge_crypto::random::bytes::<32>(),
            )
            .await?;
        let evidence_key = refuge_crypto::EvidenceKey::from_secret(&evidence_secret)
            .map_err(|_| AppError::Unavailable("evidence signing key unreadable".into()))?;
        let instance_id = hex::encode(
            store
                .instance_secret("instance_id", &refuge_crypto::random::bytes::<16>())
                .await?,
        );
        let work = work::Work::new(settings.kdf_concurrency);
        let intake_budget = Arc::new(budget::IntakeBudget::new(settings.intake));
        Ok(Refuge {
            store,
            blobs,
            clock,
            settings: Arc::new(settings),
            work,
            secrets: Arc::new(InstanceSecrets {
                receipt_salt,
                form_key,
                evidence_key,
                instance_id,
            }),
            receipt_attempts: Arc::new(throttle::AttemptLedger::default()),
            intake_budget,
            searches: Arc::new(tokio::sync::Semaphore::new(inbox::SEARCHES_AT_ONCE)),
            indexing: Arc::default(),
            referrals: Arc::new(tokio::sync::Semaphore::new(referral::BUNDLES_AT_ONCE)),
            regions_named: Arc::default(),
            process: hex::encode(refuge_crypto::random::bytes::<16>()).into(),
        })
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn now(&self) -> i64 {
        self.clock.now()
    }

    /// The key-derivation lanes' figures, for the metrics (`reset_peaks` starts a new period
    /// for the most waiting at once).
    pub fn lane_figures(&self, reset_peaks: bool) -> Vec<work::LaneFigures> {
        self.work.lane_figures(reset_peaks)
    }

    /// Reports whose identifiers wait to be indexed, for the metrics.
    pub async fn correlation_queue(&self) -> Result<u64, AppError> {
        Ok(self.store.pending_identifier_count(None).await?)
    }

    /// Whether this server does the background work that must run once across app servers
    /// (expiry, retention, the statistics schedule, checkpoints) for the next `period_seconds`:
    /// it holds the lease, renewed each time it asks; if it stops asking (it died), another
    /// server takes over once the lease lapses.
    pub async fn housekeeping_turn(&self, period_seconds: i64) -> Result<bool, AppError> {
        let now = self.now();
        Ok(self
            .store
            .take_lease("housekeeping", &self.process, now, now + period_seconds)
            .await?)
    }

    /// Whether the database answers (for `/healthz`).
    pub async fn healthy(&self) -> bool {
        self.store.recovery_key().await.is_ok()
    }

    /// Moves files whose day is over to the bucket, when files are kept in one (a no-op
    /// otherwise). Returns how many moved.
    pub async fn move_aged_files(&self) -> Result<u64, AppError> {
        let blobs = self.blobs.clone();
        Ok(self
            .work
            .blocking(move || blobs.move_aged_files())
            .await??)
    }

    /// Start-up housekeeping of the write path: remove temporary files of interrupted writes
    /// and sealed blobs that no committed report points to. Returns (temporaries, orphans).
    pub async fn recover_storage(&self) -> Result<(u64, u64), AppError> {
        let blobs = self.blobs.clone();
        let temporaries = self
            .work
            .blocking(move || blobs.remove_temporaries())
            .await??;
        let referenced: std::collections::HashSet<String> =
            self.store.blob_names().await?.into_iter().collect();
        let blobs = self.blobs.clone();
        let grace = self.settings.orphan_grace_seconds;
        let candidates = self
            .work
            .blocking(move || blobs.list_older_than(grace))
            .await??;
        let mut orphans = 0;
        for name in candidates
            .into_iter()
            .filter(|name| !referenced.contains(name))
        {
            let blobs = self.blobs.clone();
            self.work.blocking(move || blobs.delete(&name)).await??;
            orphans += 1;
        }
        self.purge_expired().await?;
        Ok((temporaries, orphans))
    }

    /// Deletes what has expired: replay records, sessions past their limits, used-up set-up
    /// tokens, throttle rows that no longer weigh on anything. Run at start-up and then every
    /// few minutes while the server runs (security review M2), so nothing outlives its use.
    pub async fn purge_expired(&self) -> Result<u64, AppError> {
        let now = self.now();
        let expiry = refuge_domain::ports::Expiry {
            today: refuge_domain::Day::from_unix_seconds(now),
            staff_seen_before: now - self.settings.session_idle_seconds,
            staff_begun_before: now - self.settings.session_absolute_seconds,
            now,
            throttle_failed_before: now - 3_600,
        };
        Ok(self.store.purge_expired(&expiry).await?)
    }

    /// Resolves when a failed fsync has made it unsafe to go on; the binary then stops.
    pub async fn fail_stop_requested(&self) {
        self.work.fail_stop.notified().await
    }
}
