//! Failed receipt sign-ins, counted per receipt typed and kept in memory only.
//!
//! SECURITY: in the database these rows would say when someone tried a receipt, to the second
//! (security review H2); in memory they vanish with the process. Each app server counts its own:
//! the throttle only slows someone retrying one receipt (a typo, or someone who found it), while
//! the receipt's ~90 bits are what stop guessing (review I1). An attempt is counted before its
//! key derivation, under one lock, so parallel attempts cannot all pass one check (review M4).

use std::collections::HashMap;
use std::sync::Mutex;

use refuge_domain::ports::LoginThrottle;

use crate::AppError;
use crate::accounts::throttle_delay;

/// Receipts remembered at most; past it, those whose delay has long passed are forgotten first.
const REMEMBERED_MAX: usize = 100_000;
/// A failure older than this no longer weighs on anything (the longest delay is 15 minutes).
const FORGET_AFTER_SECONDS: i64 = 3_600;

#[derive(Default)]
pub(crate) struct AttemptLedger {
    attempts: Mutex<HashMap<[u8; 32], LoginThrottle>>,
}

impl AttemptLedger {
    /// Counts an attempt on `key`, or `Throttled` while it owes a delay.
    pub fn reserve(&self, key: [u8; 32], now: i64) -> Result<(), AppError> {
        let mut attempts = self
            .attempts
            .lock()
            .map_err(|_| AppError::Unavailable("attempt ledger poisoned".into()))?;
        let seen = attempts.get(&key).copied().unwrap_or_default();
        let wait = seen.last_failure_at + throttle_delay(seen.failures) - now;
        if wait > 0 {
            return Err(AppError::Throttled {
                retry_after_seconds: wait,
            });
        }
        if attempts.len() >= REMEMBERED_MAX {
            attempts.retain(|_, t| now - t.last_failure_at < FORGET_AFTER_SECONDS);
            if attempts.len() >= REMEMBERED_MAX {
                attempts.clear();
            }
        }
        attempts.insert(
            key,
            LoginThrottle {
                failures: seen.failures + 1,
                last_failure_at: now,
            },
        );
        Ok(())
    }

    /// A success: the key's count starts again.
    pub fn clear(&self, key: &[u8; 32]) {
        if let Ok(mut attempts) = self.attempts.lock() {
            attempts.remove(key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_free_then_a_delay_and_a_success_starts_again() {
        let ledger = AttemptLedger::default();
        let key = [7u8; 32];
        for _ in 0..5 {
            ledger.reserve(key, 100).expect("free");
        }
        assert!(matches!(
            ledger.reserve(key, 100),
            Err(AppError::Throttled {
                retry_after_seconds: 60
            })
        ));
        ledger
            .reserve([8u8; 32], 100)
            .expect("another receipt is not slowed");
        ledger.reserve(key, 161).expect("after the delay");
        ledger.clear(&key);
        for _ in 0..5 {
            ledger.reserve(key, 162).expect("free again");
        }
    }
}
