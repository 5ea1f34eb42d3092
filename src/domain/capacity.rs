//! Capacity planning for operations' recommendations: each sponsor's learners a month ahead from
//! their weekly trend (a least-squares line over the last weeks) beside the naive forecast "as
//! many as now", both back-tested on the sponsor's own history; the trainers a forecast needs at a
//! target ratio; and which running cohorts are small enough to merge or large enough to split.

/// Learners one trainer should follow, for planning (below the default capacity of 150, so a
/// plan leaves room for a trainer's absence).
pub const LEARNERS_PER_TRAINER: i64 = 120;
/// Weeks of history a trend is fitted on, and weeks ahead it forecasts (about a month).
pub const HISTORY_WEEKS: usize = 12;
pub const HORIZON_WEEKS: usize = 4;
/// A running cohort with fewer members is worth merging with another of the same sponsor and path.
pub const MERGE_BELOW: i64 = 8;
/// A running cohort with more members than this is worth splitting between two trainers.
pub const SPLIT_ABOVE: i64 = 60;

/// Learners `horizon` weeks after the last of `weekly` (oldest first): the fitted line and the
/// naive "as many as the last week".
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Forecast {
    pub now: i64,
    pub trend: f64,
    pub naive: f64,
    /// The line's change per week.
    pub slope: f64,
}

/// A level at the end of each of `week_ends` (ascending) from its changes by day (ascending): the
/// running sum of the changes up to and including that day.
pub fn levels(changes: &[(chrono::NaiveDate, i64)], week_ends: &[chrono::NaiveDate]) -> Vec<i64> {
    let mut level = 0;
    let mut next = changes.iter().peekable();
    week_ends
        .iter()
        .map(|end| {
            while let Some((_, change)) = next.next_if(|(day, _)| day <= end) {
                level += change;
            }
            level
        })
        .collect()
}

/// Least squares over (week, learners); none with fewer than three weeks to fit. A forecast below
/// zero is zero.
pub fn forecast(weekly: &[i64], horizon: usize) -> Option<Forecast> {
    let n = weekly.len();
    if n < 3 {
        return None;
    }
    let xs = (0..n).map(|i| i as f64);
    let mean_x = (n - 1) as f64 / 2.0;
    let mean_y = weekly.iter().sum::<i64>() as f64 / n as f64;
    let (mut sxy, mut sxx) = (0.0, 0.0);
    for (x, &y) in xs.zip(weekly) {
        sxy += (x - mean_x) * (y as f64 - mean_y);
        sxx += (x - mean_x) * (x - mean_x);
    }
    let slope = sxy / sxx;
    let at = (n - 1 + horizon) as f64;
    let now = *weekly.last()?;
    Some(Forecast { now, trend: (mean_y + slope * (at - mean_x)).max(0.0), naive: now as f64, slope })
}

/// How far each forecast missed when made `horizon` weeks before the end of `weekly`, from the
/// `history` weeks before that: (trend's absolute error, naive's). None without enough history.
pub fn backtest(weekly: &[i64], history: usize, horizon: usize) -> Option<(f64, f64)> {
    let end = weekly.len().checked_sub(horizon)?;
    let start = end.checked_sub(history)?;
    let f = forecast(&weekly[start..end], horizon)?;
    let actual = *weekly.last()? as f64;
    Some(((f.trend - actual).abs(), (f.naive - actual).abs()))
}

/// Trainers `learners` need at `per_trainer` learners each (a part of a trainer is a trainer).
pub fn trainers_needed(learners: f64, per_trainer: i64) -> i64 {
    if per_trainer <= 0 || learners <= 0.0 {
        return 0;
    }
    (learners / per_trainer as f64).ceil() as i64
}

/// What to do with a running cohort of `members`: merge it (too few), split it (too many), or
/// nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Merge,
    Split,
    Fine,
}

pub fn shape(members: i64) -> Shape {
    if members < MERGE_BELOW {
        Shape::Merge
    } else if members > SPLIT_ABOVE {
        Shape::Split
    } else {
        Shape::Fine
    }
}

/// A running cohort as the shape rules see it: its sponsor and path (cohorts merge only within
/// both) and its members.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CohortSize {
    pub cohort: i64,
    pub client: i64,
    pub path: i64,
    pub members: i64,
}

/// Pairs each cohort below `MERGE_BELOW` with the smallest other cohort of its sponsor and path
/// that it fits with (together at most `SPLIT_ABOVE`), smallest cohorts first, each cohort in one
/// pair at most: (small cohort, partner). A small cohort with no partner is left out.
pub fn merges(cohorts: &[CohortSize]) -> Vec<(CohortSize, CohortSize)> {
    let mut order: Vec<&CohortSize> = cohorts.iter().collect();
    order.sort_by_key(|c| (c.members, c.cohort));
    let mut taken = std::collections::HashSet::new();
    let mut pairs = Vec::new();
    for small in order.iter().filter(|c| shape(c.members) == Shape::Merge) {
        if taken.contains(&small.cohort) {
            continue;
        }
        let partner = order.iter().find(|o| {
            o.cohort != small.cohort
                && o.client == small.client
                && o.path == small.path
                && !taken.contains(&o.cohort)
                && small.members + o.members <= SPLIT_ABOVE
        });
        if let Some(partner) = partner {
            taken.insert(small.cohort);
            taken.insert(partner.cohort);
            pairs.push((**small, **partner));
        }
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_straight_line_is_forecast_exactly_and_the_naive_stays_put() {
        let weekly: Vec<i64> = (0..12).map(|w| 100 + 10 * w).collect();
        let f = forecast(&weekly, 4).unwrap();
        assert!((f.slope - 10.0).abs() < 1e-9);
        assert!((f.trend - 250.0).abs() < 1e-9, "{f:?}");
        assert_eq!((f.now, f.naive), (210, 210.0));
        assert_eq!(forecast(&[5, 6], 4), None, "two weeks are not a trend");
        assert_eq!(forecast(&[30, 20, 10], 4).unwrap().trend, 0.0, "never below zero");
    }

    #[test]
    fn the_backtest_scores_both_forecasts_on_the_weeks_held_out() {
        // Growing steadily: the trend is right, the naive misses by the growth.
        let growing: Vec<i64> = (0..16).map(|w| 50 + 5 * w).collect();
        let (trend, naive) = backtest(&growing, 12, 4).unwrap();
        assert!(trend < 1e-9 && (naive - 20.0).abs() < 1e-9, "{trend} {naive}");
        // Flat with one spike in the fitted weeks: the naive wins.
        let mut flat = vec![100; 16];
        flat[10] = 160;
        let (trend, naive) = backtest(&flat, 12, 4).unwrap();
        assert!(naive < trend, "{trend} {naive}");
        assert_eq!(backtest(&growing[..10], 12, 4), None);
    }

    #[test]
    fn levels_are_running_sums_at_each_week_end() {
        let d = |day| chrono::NaiveDate::from_ymd_opt(2026, 11, day).unwrap();
        let changes = [(d(1), 5), (d(3), 2), (d(8), -1), (d(20), 4)];
        assert_eq!(levels(&changes, &[d(2), d(8), d(15), d(22)]), [5, 6, 6, 10]);
        assert_eq!(levels(&[], &[d(2)]), [0]);
    }

    #[test]
    fn small_cohorts_pair_with_the_smallest_that_fits_within_sponsor_and_path() {
        let c = |cohort, client, path, members| CohortSize { cohort, client, path, members };
        let cohorts = [c(1, 1, 1, 3), c(2, 1, 1, 5), c(3, 1, 1, 20), c(4, 1, 2, 2), c(5, 2, 1, 4), c(6, 2, 1, 58), c(7, 1, 1, 6)];
        let pairs: Vec<(i64, i64)> = merges(&cohorts).iter().map(|(a, b)| (a.cohort, b.cohort)).collect();
        // 1 (3) takes 2 (5), the smallest of its sponsor and path; 7 (6) then takes 3 (20); 4 is
        // alone on its path; 5 (4) would make 62 with 6, over the split line.
        assert_eq!(pairs, [(1, 2), (7, 3)]);
    }

    #[test]
    fn trainers_and_shapes_follow_their_thresholds() {
        assert_eq!(trainers_needed(0.0, 120), 0);
        assert_eq!(trainers_needed(120.0, 120), 1);
        assert_eq!(trainers_needed(121.0, 120), 2);
        assert_eq!(trainers_needed(50.0, 0), 0);
        assert_eq!(shape(MERGE_BELOW - 1), Shape::Merge);
        assert_eq!(shape(MERGE_BELOW), Shape::Fine);
        assert_eq!(shape(SPLIT_ABOVE), Shape::Fine);
        assert_eq!(shape(SPLIT_ABOVE + 1), Shape::Split);
    }
}
