//! How far two graders agree on ordinal levels (the AI pre-score against the trainer, per item
//! and overall): the share of exact matches, the share within one level, and Cohen's kappa with
//! quadratic weights, which discounts the agreement chance alone would give and counts a miss by
//! two levels four times a miss by one.

/// Agreement over pairs of levels `0..levels`.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Agreement {
    pub pairs: usize,
    /// Share of pairs on the same level, 0 to 1.
    pub exact: f64,
    /// Share of pairs at most one level apart, 0 to 1.
    pub within_one: f64,
    /// Quadratic weighted kappa, −1 to 1 (1: full agreement; 0: what chance gives). None when it
    /// is undefined: no pairs, or both graders always gave one same level.
    pub kappa: Option<f64>,
}

/// Compares `(first, second)` level pairs on a scale of `levels` levels. Pairs outside the scale
/// are left out, since they cannot come from one rubric.
pub fn agreement(pairs: &[(usize, usize)], levels: usize) -> Agreement {
    let valid: Vec<(usize, usize)> = pairs.iter().copied().filter(|&(a, b)| a < levels && b < levels).collect();
    let n = valid.len();
    if n == 0 {
        return Agreement { pairs: 0, exact: 0.0, within_one: 0.0, kappa: None };
    }
    let share = |hit: &dyn Fn(usize, usize) -> bool| valid.iter().filter(|&&(a, b)| hit(a, b)).count() as f64 / n as f64;
    let exact = share(&|a, b| a == b);
    let within_one = share(&|a, b| a.abs_diff(b) <= 1);
    Agreement { pairs: n, exact, within_one, kappa: quadratic_kappa(&valid, levels) }
}

fn quadratic_kappa(pairs: &[(usize, usize)], levels: usize) -> Option<f64> {
    if levels < 2 {
        return None;
    }
    let n = pairs.len() as f64;
    let mut first = vec![0.0; levels];
    let mut second = vec![0.0; levels];
    let mut observed = 0.0;
    let weight = |i: usize, j: usize| (i.abs_diff(j) as f64).powi(2) / ((levels - 1) as f64).powi(2);
    for &(a, b) in pairs {
        first[a] += 1.0;
        second[b] += 1.0;
        observed += weight(a, b);
    }
    let mut expected = 0.0;
    for (i, fi) in first.iter().enumerate() {
        for (j, sj) in second.iter().enumerate() {
            expected += weight(i, j) * fi * sj / n;
        }
    }
    (expected > 0.0).then(|| 1.0 - observed / expected)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn full_agreement_is_one_and_a_mirror_is_minus_one() {
        let same = agreement(&[(0, 0), (1, 1), (2, 2), (3, 3)], 4);
        assert_eq!((same.exact, same.within_one), (1.0, 1.0));
        assert!(close(same.kappa.unwrap(), 1.0));
        let mirror = agreement(&[(0, 2), (1, 1), (2, 0)], 3);
        assert!(close(mirror.kappa.unwrap(), -1.0), "{mirror:?}");
        assert!(close(mirror.exact, 1.0 / 3.0));
        assert!(close(mirror.within_one, 1.0 / 3.0));
    }

    #[test]
    fn agreement_no_better_than_chance_is_zero() {
        let chance = agreement(&[(0, 0), (0, 1), (1, 0), (1, 1)], 2);
        assert!(close(chance.kappa.unwrap(), 0.0));
        assert!(close(chance.exact, 0.5));
        assert_eq!(chance.within_one, 1.0);
    }

    #[test]
    fn a_far_miss_costs_more_than_a_near_one() {
        // The same share of exact matches; the misses one level off against three levels off.
        let near = agreement(&[(0, 0), (1, 1), (2, 2), (3, 3), (0, 1), (3, 2)], 4);
        let far = agreement(&[(0, 0), (1, 1), (2, 2), (3, 3), (0, 3), (3, 0)], 4);
        assert_eq!(near.exact, far.exact);
        assert!(near.kappa.unwrap() > far.kappa.unwrap(), "{near:?} {far:?}");
        assert!(near.within_one > far.within_one);
    }

    #[test]
    fn kappa_is_undefined_without_variety_or_pairs() {
        assert_eq!(agreement(&[], 4).kappa, None);
        assert_eq!(agreement(&[(2, 2), (2, 2)], 4).kappa, None, "one level only: chance explains everything");
        assert_eq!(agreement(&[(0, 9)], 4).pairs, 0, "a level outside the rubric is left out");
    }

    #[test]
    fn matches_a_hand_computed_case() {
        // Three levels; pairs (0,0) (1,2) (2,2) (2,1): the weighted misses add up to 1/4 + 1/4.
        // Each grader gave levels [1, 1, 2] times, so chance expects Σ w(i,j)·f(i)·s(j)/n.
        let a = agreement(&[(0, 0), (1, 2), (2, 2), (2, 1)], 3);
        let expected = 2.0 * (0.25 * 1.0 / 4.0) + 2.0 * (1.0 * 2.0 / 4.0) + 2.0 * (0.25 * 2.0 / 4.0);
        assert!(close(a.kappa.unwrap(), 1.0 - 0.5 / expected), "{a:?}");
    }
}
