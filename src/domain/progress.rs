//! Progress arithmetic: share of lessons completed, weekly-goal attainment.

/// Whole percent of `done` out of `total`, rounded down so 100 means truly finished.
/// An empty path counts as 0 % (nothing to have finished).
pub fn percent(done: i64, total: i64) -> u8 {
    if total <= 0 || done <= 0 {
        return 0;
    }
    let done = done.min(total);
    ((done * 100) / total) as u8
}

/// A probability or share (0 to 1) as a whole percent, rounded to nearest and kept in 0..=100.
pub fn share_percent(share: f64) -> u8 {
    (share * 100.0).round().clamp(0.0, 100.0) as u8
}

/// Percent of the weekly goal reached, capped at 100. A goal of zero minutes is met by definition.
pub fn goal_percent(minutes_done: i32, goal_minutes: i32) -> u8 {
    if goal_minutes <= 0 {
        return 100;
    }
    let done = minutes_done.max(0) as i64;
    ((done * 100) / goal_minutes as i64).min(100) as u8
}

/// Mean of several percentages, rounded to nearest; 0 for none.
pub fn mean_percent(values: &[u8]) -> u8 {
    if values.is_empty() {
        return 0;
    }
    let sum: u32 = values.iter().map(|&v| v as u32).sum();
    let n = values.len() as u32;
    ((sum + n / 2) / n) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_become_whole_percents() {
        assert_eq!(share_percent(0.456), 46);
        assert_eq!(share_percent(-0.2), 0);
        assert_eq!(share_percent(1.7), 100);
    }

    #[test]
    fn percent_rounds_down_and_clamps() {
        assert_eq!(percent(0, 10), 0);
        assert_eq!(percent(1, 3), 33);
        assert_eq!(percent(2, 3), 66);
        assert_eq!(percent(199, 200), 99, "one lesson left is not 100 %");
        assert_eq!(percent(10, 10), 100);
        assert_eq!(percent(12, 10), 100);
        assert_eq!(percent(5, 0), 0);
        assert_eq!(percent(-1, 10), 0);
    }

    #[test]
    fn goal_percent_caps_and_handles_zero_goal() {
        assert_eq!(goal_percent(0, 120), 0);
        assert_eq!(goal_percent(60, 120), 50);
        assert_eq!(goal_percent(500, 120), 100);
        assert_eq!(goal_percent(10, 0), 100);
        assert_eq!(goal_percent(-5, 120), 0);
    }

    #[test]
    fn mean_percent_rounds_to_nearest() {
        assert_eq!(mean_percent(&[]), 0);
        assert_eq!(mean_percent(&[50]), 50);
        assert_eq!(mean_percent(&[0, 1]), 1);
        assert_eq!(mean_percent(&[33, 33, 34]), 33);
        assert_eq!(mean_percent(&[100, 100, 99]), 100);
    }
}
