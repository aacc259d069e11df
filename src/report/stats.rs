//! The few statistics the report needs to tell evidence from noise: a
//! share's 95% interval (Wilson's, right at 0 and 1 and for a handful of
//! accounts, where the normal approximation is not), and the upper end of
//! a mean's 95% interval (Student's t).

/// The normal quantile for a two-sided 95% interval.
const Z: f64 = 1.959_963_984_540_054;

/// A share with its 95% interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Share {
    pub value: f64,
    pub low: f64,
    pub high: f64,
}

/// `k` of `n`, with Wilson's score interval; None for no trials.
pub fn wilson(k: u64, n: u64) -> Option<Share> {
    if n == 0 {
        return None;
    }
    let (k, n) = (k as f64, n as f64);
    let p = k / n;
    let z2 = Z * Z;
    let denom = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denom;
    let half = Z / denom * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    // Rounding leaves `centre - half` a hair above 0 for 0 of n (and the
    // high end a hair below 1 for n of n): the interval always holds the
    // share itself, or "0 churned" would read as more than a program's 0.
    Some(Share {
        value: p,
        low: (centre - half).clamp(0.0, p),
        high: (centre + half).clamp(p, 1.0),
    })
}

/// Student's t quantile for a two-sided 95% interval with `df` degrees of
/// freedom (the table's values; past 30, the normal's).
fn t95(df: u64) -> f64 {
    const T: [f64; 30] = [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
        2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
        2.052, 2.048, 2.045, 2.042,
    ];
    match df {
        0 => f64::INFINITY,
        1..=30 => T[df as usize - 1],
        31..=60 => 2.000,
        61..=120 => 1.980,
        _ => Z,
    }
}

/// Running sums for a mean and its interval.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Mean {
    pub n: u64,
    sum: f64,
    sum_sq: f64,
}

impl Mean {
    pub fn add(&mut self, v: f64) {
        self.n += 1;
        self.sum += v;
        self.sum_sq += v * v;
    }

    pub fn merge(&mut self, other: &Mean) {
        self.n += other.n;
        self.sum += other.sum;
        self.sum_sq += other.sum_sq;
    }

    pub fn value(&self) -> Option<f64> {
        (self.n > 0).then(|| self.sum / self.n as f64)
    }

    /// The upper end of the mean's 95% interval: infinite for fewer than
    /// two values, which are no evidence of anything.
    pub fn high(&self) -> f64 {
        if self.n < 2 {
            return f64::INFINITY;
        }
        let n = self.n as f64;
        let mean = self.sum / n;
        let var = ((self.sum_sq - n * mean * mean) / (n - 1.0)).max(0.0);
        mean + t95(self.n - 1) * (var / n).sqrt()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 5e-4
    }

    #[test]
    fn wilson_matches_intervals_worked_by_hand() {
        // 8 of 10: p = 0.8, centre (0.8 + 0.19208) / 1.38415 = 0.71674,
        // half 1.41601 × √(0.016 + 0.009604) = 0.22658.
        let s = wilson(8, 10).unwrap();
        assert!(close(s.low, 0.4902) && close(s.high, 0.9433), "{s:?}");
        // 0 of 5: from 0, not below it; 5 of 5 up to 1.
        let s = wilson(0, 5).unwrap();
        assert_eq!(s.low, 0.0);
        assert!(close(s.high, 0.4345), "{s:?}");
        let s = wilson(5, 5).unwrap();
        assert!(close(s.low, 0.5655) && s.high == 1.0, "{s:?}");
        // 1 of 2 says almost nothing.
        let s = wilson(1, 2).unwrap();
        assert!(s.low < 0.1 && s.high > 0.9, "{s:?}");
        assert_eq!(wilson(0, 0), None);
        // Whatever the count, the interval holds the share: 0 of n starts
        // at exactly 0 and n of n ends at exactly 1 (the fuzzer found 0 of
        // n starting at 2.8e-17).
        for n in 1..=2000 {
            let none = wilson(0, n).unwrap();
            let all = wilson(n, n).unwrap();
            assert_eq!((none.low, all.high), (0.0, 1.0), "{n}");
            for k in [1, n / 3, n / 2, n - 1] {
                let s = wilson(k.min(n), n).unwrap();
                assert!(s.low <= s.value && s.value <= s.high, "{k} of {n}: {s:?}");
            }
        }
    }

    #[test]
    fn a_mean_from_two_values_has_a_wide_interval_and_from_one_none() {
        let mut m = Mean::default();
        m.add(100.0);
        assert_eq!(m.high(), f64::INFINITY);
        m.add(300.0);
        // mean 200, sd 141.42, se 100: 200 + 12.706 × 100.
        assert!((m.high() - 1470.6).abs() < 0.1, "{}", m.high());
        for _ in 0..98 {
            m.add(200.0);
        }
        assert!(m.high() < 210.0, "{}", m.high());
    }
}
