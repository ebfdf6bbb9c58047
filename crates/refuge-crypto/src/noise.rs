//! Noise for public statistics: the discrete Laplace distribution (also called two-sided
//! geometric), sampled exactly with integer arithmetic on the OS random source, after
//! Canonne, Kamath and Steinke, "The Discrete Gaussian for Differential Privacy" (2020),
//! algorithms 1 and 2. Exact sampling matters: the textbook floating-point Laplace leaks
//! through the gaps between floating-point numbers (Mironov, CCS 2012).
//!
//! With scale σ = `numerator / denominator`, `P(x) ∝ exp(−|x| / σ)` for every integer x.
//! Added to a count whose value one report can change by at most Δ, with σ = Δ / ε, it gives
//! ε-differential privacy.

use crate::random;

/// `true` with probability `numerator / denominator`.
fn bernoulli(numerator: u64, denominator: u64) -> bool {
    random::below(denominator) < numerator
}

/// `true` with probability `exp(−numerator / denominator)`, for `numerator ≤ denominator`
/// (algorithm 1: draw Bernoulli(γ/k) for k = 1, 2, … until one fails; accept if k is odd).
fn bernoulli_exp_at_most_one(numerator: u64, denominator: u64) -> bool {
    let mut k: u64 = 1;
    loop {
        let Some(scaled) = denominator.checked_mul(k) else {
            return k % 2 == 1;
        };
        if !bernoulli(numerator, scaled) {
            return k % 2 == 1;
        }
        k += 1;
    }
}

/// `true` with probability `exp(−numerator / denominator)`.
fn bernoulli_exp(numerator: u64, denominator: u64) -> bool {
    let whole = numerator / denominator;
    for _ in 0..whole {
        if !bernoulli_exp_at_most_one(1, 1) {
            return false;
        }
    }
    bernoulli_exp_at_most_one(numerator % denominator, denominator)
}

/// One draw of the discrete Laplace distribution with scale `numerator / denominator`, both
/// positive: algorithm 2, where X = U + t·V is geometric with parameter exp(−1/t) and the
/// floor of X / s geometric with parameter exp(−s/t), so t / s is the scale.
pub fn discrete_laplace(numerator: u64, denominator: u64) -> i64 {
    assert!(numerator > 0 && denominator > 0, "a scale of zero");
    let (t, s) = (numerator, denominator);
    loop {
        let u = random::below(t);
        if !bernoulli_exp(u, t) {
            continue;
        }
        let mut v: u64 = 0;
        while bernoulli_exp(1, 1) {
            v += 1;
        }
        let x = u.saturating_add(t.saturating_mul(v));
        let y = x / s;
        let negative = bernoulli(1, 2);
        if negative && y == 0 {
            continue;
        }
        let y = i64::try_from(y).unwrap_or(i64::MAX);
        return if negative { -y } else { y };
    }
}

/// The scale (numerator, denominator) for sensitivity `delta` and privacy loss
/// `epsilon_thousandths / 1000`: Δ / ε.
pub fn scale_for(delta: u64, epsilon_thousandths: u64) -> (u64, u64) {
    (delta.saturating_mul(1000), epsilon_thousandths.max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The draws follow the distribution: a chi-square test of the frequencies of −6…6 (and
    /// the two tails) against `P(x) = (1 − α) / (1 + α) · α^|x|`, α = exp(−1/σ), and the
    /// variance against `2α / (1 − α)²`, at two scales.
    #[test]
    fn draws_follow_the_discrete_laplace_distribution() {
        for (numerator, denominator) in [(2, 1), (9, 4)] {
            check_distribution(numerator, denominator);
        }
    }

    fn check_distribution(numerator: u64, denominator: u64) {
        let alpha = (-(denominator as f64) / numerator as f64).exp();
        let n = 40_000;
        let draws: Vec<i64> = (0..n)
            .map(|_| discrete_laplace(numerator, denominator))
            .collect();
        let p = |x: i64| (1.0 - alpha) / (1.0 + alpha) * alpha.powi(x.unsigned_abs() as i32);
        let mut chi_square = 0.0;
        let mut bins = 0;
        for x in -6..=6 {
            let observed = draws.iter().filter(|d| **d == x).count() as f64;
            let expected = p(x) * n as f64;
            chi_square += (observed - expected).powi(2) / expected;
            bins += 1;
        }
        let tail_p: f64 = 1.0 - (-6..=6).map(p).sum::<f64>();
        let tail_observed = draws.iter().filter(|d| d.abs() > 6).count() as f64;
        chi_square += (tail_observed - tail_p * n as f64).powi(2) / (tail_p * n as f64);
        bins += 1;
        // 13 degrees of freedom: the 99.99th percentile of chi-square is 39.4 (a correct
        // sampler fails this one run in ten thousand).
        assert!(
            chi_square < 39.4,
            "chi-square {chi_square:.1} over {bins} bins"
        );
        let mean = draws.iter().sum::<i64>() as f64 / n as f64;
        let variance = draws
            .iter()
            .map(|d| (*d as f64 - mean).powi(2))
            .sum::<f64>()
            / n as f64;
        let expected_variance = 2.0 * alpha / (1.0 - alpha).powi(2);
        assert!(mean.abs() < 0.1, "mean {mean}");
        assert!(
            (variance / expected_variance - 1.0).abs() < 0.1,
            "variance {variance} against {expected_variance}"
        );
    }

    #[test]
    fn exact_bernoulli_of_exp_has_the_right_rate() {
        let n = 40_000;
        let hits = (0..n).filter(|_| bernoulli_exp(3, 2)).count() as f64 / n as f64;
        let expected = (-1.5f64).exp();
        // Four and a half standard deviations.
        let sd = (expected * (1.0 - expected) / n as f64).sqrt();
        assert!(
            (hits - expected).abs() < 4.5 * sd,
            "{hits} against {expected}"
        );
    }

    #[test]
    fn uniform_integers_stay_in_range_and_cover_it() {
        let mut seen = [0u32; 7];
        for _ in 0..7_000 {
            seen[random::below(7) as usize] += 1;
        }
        assert!(seen.iter().all(|c| (800..1200).contains(c)), "{seen:?}");
    }
}
