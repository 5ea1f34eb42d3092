//! Quality and compliance, defined once: what each metric counts, the threshold it counts
//! against and the target operations holds it to. `server/db/quality.rs` takes its thresholds
//! from here, and `/ops/quality` shows each definition with the same numbers.

use crate::model::ops::{QualityMetric, Verdict};

/// Work should be graded within this many hours of being handed in.
pub const GRADING_SLA_HOURS: i64 = 48;
/// A learner with no learning for this many days is inactive; one who joined their cohort more
/// recently is not counted yet.
pub const INACTIVE_DAYS: i64 = 14;
/// Criteria a rubric needs to count as written for its item: an open item without one gets a
/// single "Overall" criterion, which tells the trainer nothing about what to look for.
pub const RUBRIC_MIN_CRITERIA: i32 = 2;

/// Whether a metric is good when high (a share to reach) or when low (a share to stay under).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    AtLeast,
    AtMost,
}

/// `part` of `whole` things counted: the share is the metric.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Count {
    pub part: i64,
    pub whole: i64,
}

impl Count {
    pub fn share(self) -> Option<f64> {
        (self.whole > 0).then(|| self.part as f64 / self.whole as f64)
    }
}

/// The target each metric is held to, in percent.
pub fn target(metric: QualityMetric) -> (Direction, u8) {
    match metric {
        QualityMetric::GradedInTime => (Direction::AtLeast, 90),
        QualityMetric::FeedbackGiven => (Direction::AtLeast, 80),
        QualityMetric::RubricUse => (Direction::AtLeast, 75),
        QualityMetric::AiAgreement => (Direction::AtLeast, 60),
        QualityMetric::OverdueWork => (Direction::AtMost, 10),
        QualityMetric::EndedUnfinished => (Direction::AtMost, 25),
        QualityMetric::Inactive => (Direction::AtMost, 20),
    }
}

/// Whether the metric counts what happened in the chosen period (the rest count how things stand
/// now, whatever the period).
pub fn over_period(metric: QualityMetric) -> bool {
    !matches!(metric, QualityMetric::OverdueWork | QualityMetric::Inactive)
}

/// Met or missed; nothing counted says so rather than passing or failing.
pub fn verdict(metric: QualityMetric, count: Count) -> Verdict {
    let Some(share) = count.share() else { return Verdict::NoData };
    let (direction, percent) = target(metric);
    let goal = f64::from(percent) / 100.0;
    let met = match direction {
        Direction::AtLeast => share >= goal,
        Direction::AtMost => share <= goal,
    };
    if met { Verdict::Met } else { Verdict::Missed }
}

/// Work graded within the SLA, from the whole hours each piece waited (the rollup's histogram of
/// (hours, pieces)): a piece that waited 47 h 59 min is within 48 hours, one that waited 48 h is not.
pub fn graded_in_time(histogram: &[(i64, i64)]) -> Count {
    histogram
        .iter()
        .fold(Count::default(), |c, &(hours, n)| Count { part: c.part + if hours < GRADING_SLA_HOURS { n } else { 0 }, whole: c.whole + n })
}

/// Whether a piece of work that waited `waited` was graded within the SLA: the rule
/// `graded_in_time` counts by, for one piece (whole hours, so 47 h 59 min is within 48).
pub fn within_sla(waited: chrono::TimeDelta) -> bool {
    waited.num_hours() < GRADING_SLA_HOURS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sla_counts_whole_hours_below_it() {
        assert_eq!(graded_in_time(&[]), Count { part: 0, whole: 0 });
        assert_eq!(graded_in_time(&[(0, 3), (47, 2), (48, 4), (200, 1)]), Count { part: 5, whole: 10 });
        assert!(within_sla(chrono::TimeDelta::minutes(48 * 60 - 1)));
        assert!(!within_sla(chrono::TimeDelta::hours(48)));
    }

    #[test]
    fn a_target_is_met_on_its_side_of_the_line() {
        let of = |part, whole| Count { part, whole };
        assert_eq!(verdict(QualityMetric::GradedInTime, of(9, 10)), Verdict::Met, "90 % reaches a 90 % target");
        assert_eq!(verdict(QualityMetric::GradedInTime, of(89, 100)), Verdict::Missed);
        assert_eq!(verdict(QualityMetric::OverdueWork, of(1, 10)), Verdict::Met, "10 % stays within a 10 % ceiling");
        assert_eq!(verdict(QualityMetric::OverdueWork, of(11, 100)), Verdict::Missed);
        assert_eq!(verdict(QualityMetric::Inactive, of(0, 0)), Verdict::NoData, "nobody counted is not a pass");
        assert_eq!(verdict(QualityMetric::FeedbackGiven, of(0, 0)), Verdict::NoData);
    }

    #[test]
    fn only_the_backlog_and_inactivity_ignore_the_period() {
        let now: Vec<_> = QualityMetric::ALL.into_iter().filter(|m| !over_period(*m)).collect();
        assert_eq!(now, [QualityMetric::OverdueWork, QualityMetric::Inactive]);
    }
}
