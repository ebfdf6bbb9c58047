//! How much intake one server takes in (security review M6): a budget of new reports per hour
//! for the whole instance, a cap on how often one form (or API key) may be sent, and the proof of
//! work an API client attaches to each report.
//!
//! The script-free form cannot compute a proof of work, so the form path is held back by the
//! budget alone: past it, the reporter reads "please try again in a few minutes" with every word
//! kept, rather than an error. Counted in memory (nothing at rest says when a report was tried:
//! security review H2); each app server keeps its own.

use std::collections::HashMap;
use std::sync::Mutex;

use refuge_crypto::random;

use crate::AppError;

/// What the operator allows.
#[derive(Debug, Clone, Copy)]
pub struct IntakeLimits {
    /// New reports accepted per hour, on average (0: no budget).
    pub reports_per_hour: u32,
    /// New reports that may arrive at once before the hourly pace applies.
    pub burst: u32,
    /// Times one form (one form token, or one API idempotency key) may be sent within
    /// [`FORM_WINDOW_SECONDS`] — corrections after refusals included (0: no cap).
    pub attempts_per_form: u32,
    /// Leading zero bits an API client's proof of work must have (0: none asked).
    pub api_proof_of_work_bits: u8,
}

/// The window over which a form's attempts are counted.
pub const FORM_WINDOW_SECONDS: i64 = 15 * 60;
/// Forms remembered at most; past it, those whose window has passed are forgotten first.
const FORMS_REMEMBERED_MAX: usize = 100_000;

pub(crate) struct IntakeBudget {
    limits: IntakeLimits,
    state: Mutex<State>,
}

struct State {
    /// Reports that may still be taken now (a token bucket), and when it was last filled.
    available: f64,
    filled_at: i64,
    /// Per form: attempts in the current window, and when the window began.
    forms: HashMap<[u8; 32], (u32, i64)>,
}

impl IntakeBudget {
    pub fn new(limits: IntakeLimits) -> Self {
        IntakeBudget {
            limits,
            state: Mutex::new(State {
                available: f64::from(limits.burst.max(1)),
                filled_at: i64::MIN,
                forms: HashMap::new(),
            }),
        }
    }

    pub fn limits(&self) -> IntakeLimits {
        self.limits
    }

    fn lock(&self) -> Result<std::sync::MutexGuard<'_, State>, AppError> {
        self.state
            .lock()
            .map_err(|_| AppError::Unavailable("intake budget poisoned".into()))
    }

    /// Counts one sending of the form known by `key` (a form token or an API key).
    pub fn attempt(&self, key: &[u8], now: i64) -> Result<(), AppError> {
        let cap = self.limits.attempts_per_form;
        if cap == 0 {
            return Ok(());
        }
        let id = random::sha256(&[b"refuge intake form attempts v1", key]);
        let mut state = self.lock()?;
        if state.forms.len() >= FORMS_REMEMBERED_MAX {
            state
                .forms
                .retain(|_, (_, began)| now - *began < FORM_WINDOW_SECONDS);
            if state.forms.len() >= FORMS_REMEMBERED_MAX {
                state.forms.clear();
            }
        }
        let entry = state.forms.entry(id).or_insert((0, now));
        if now - entry.1 >= FORM_WINDOW_SECONDS {
            *entry = (0, now);
        }
        if entry.0 >= cap {
            return Err(AppError::IntakeBusy {
                retry_after_seconds: entry.1 + FORM_WINDOW_SECONDS - now,
            });
        }
        entry.0 += 1;
        Ok(())
    }

    /// Takes one new report from the hourly budget, or says how long until there is room.
    pub fn take_report(&self, now: i64) -> Result<(), AppError> {
        let per_hour = self.limits.reports_per_hour;
        if per_hour == 0 {
            return Ok(());
        }
        let burst = f64::from(self.limits.burst.max(1));
        let per_second = f64::from(per_hour) / 3_600.0;
        let mut state = self.lock()?;
        let elapsed = if state.filled_at == i64::MIN {
            0.0
        } else {
            (now - state.filled_at).max(0) as f64
        };
        state.available = (state.available + elapsed * per_second).min(burst);
        state.filled_at = now;
        if state.available < 1.0 {
            let wait = ((1.0 - state.available) / per_second).ceil() as i64;
            return Err(AppError::IntakeBusy {
                retry_after_seconds: wait.max(1),
            });
        }
        state.available -= 1.0;
        Ok(())
    }

    /// Checks an API client's proof of work over its idempotency key: SHA-256 of a fixed
    /// context, the key and the nonce must begin with the configured number of zero bits.
    pub fn check_proof_of_work(&self, key: &[u8], nonce: Option<&str>) -> Result<(), AppError> {
        let bits = self.limits.api_proof_of_work_bits;
        if bits == 0 {
            return Ok(());
        }
        let Some(nonce) = nonce.filter(|n| !n.is_empty() && n.len() <= 64) else {
            return Err(AppError::ProofOfWorkRequired { bits });
        };
        if leading_zero_bits(&proof_of_work_digest(key, nonce)) >= u32::from(bits) {
            Ok(())
        } else {
            Err(AppError::ProofOfWorkRequired { bits })
        }
    }
}

/// The digest a proof of work is judged by (the OpenAPI document states the same recipe).
pub fn proof_of_work_digest(key: &[u8], nonce: &str) -> [u8; 32] {
    random::sha256(&[
        b"refuge api proof of work v1\0",
        key,
        b"\0",
        nonce.as_bytes(),
    ])
}

pub fn leading_zero_bits(digest: &[u8]) -> u32 {
    let mut bits = 0;
    for byte in digest {
        if *byte == 0 {
            bits += 8;
        } else {
            bits += byte.leading_zeros();
            break;
        }
    }
    bits
}

/// A nonce that satisfies `bits` for `key` (what an API client runs; tests and the benchmark
/// use it too).
pub fn solve_proof_of_work(key: &[u8], bits: u8) -> String {
    (0u64..)
        .map(|n| n.to_string())
        .find(|nonce| leading_zero_bits(&proof_of_work_digest(key, nonce)) >= u32::from(bits))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(per_hour: u32, burst: u32, attempts: u32, bits: u8) -> IntakeLimits {
        IntakeLimits {
            reports_per_hour: per_hour,
            burst,
            attempts_per_form: attempts,
            api_proof_of_work_bits: bits,
        }
    }

    #[test]
    fn the_hourly_budget_allows_a_burst_then_its_pace() {
        let budget = IntakeBudget::new(limits(60, 3, 0, 0));
        for _ in 0..3 {
            budget.take_report(1_000).expect("within the burst");
        }
        match budget.take_report(1_000) {
            Err(AppError::IntakeBusy {
                retry_after_seconds,
            }) => assert_eq!(retry_after_seconds, 60),
            other => panic!("{other:?}"),
        }
        budget.take_report(1_060).expect("a minute later, one more");
        assert!(budget.take_report(1_061).is_err());
        let unlimited = IntakeBudget::new(limits(0, 0, 0, 0));
        for _ in 0..10_000 {
            unlimited.take_report(5).expect("no budget set");
        }
    }

    #[test]
    fn one_form_may_be_sent_a_few_times_per_window() {
        let budget = IntakeBudget::new(limits(0, 0, 3, 0));
        for _ in 0..3 {
            budget.attempt(b"form-a", 100).expect("allowed");
        }
        assert!(matches!(
            budget.attempt(b"form-a", 200),
            Err(AppError::IntakeBusy { retry_after_seconds }) if retry_after_seconds == FORM_WINDOW_SECONDS - 100
        ));
        budget
            .attempt(b"form-b", 200)
            .expect("another form is apart");
        budget
            .attempt(b"form-a", 100 + FORM_WINDOW_SECONDS)
            .expect("a new window");
    }

    #[test]
    fn a_proof_of_work_is_checked_in_one_hash() {
        let budget = IntakeBudget::new(limits(0, 0, 0, 12));
        let key = b"0123456789abcdef0123456789abcdef";
        let nonce = solve_proof_of_work(key, 12);
        budget
            .check_proof_of_work(key, Some(&nonce))
            .expect("solved");
        assert!(budget.check_proof_of_work(key, None).is_err());
        let unsolved = (0u64..)
            .map(|n| n.to_string())
            .find(|n| leading_zero_bits(&proof_of_work_digest(key, n)) < 12)
            .expect("most nonces fail");
        assert!(budget.check_proof_of_work(key, Some(&unsolved)).is_err());
        assert_eq!(leading_zero_bits(&[0, 0b0001_0000, 0xff]), 11);
    }
}
