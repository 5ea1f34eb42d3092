//! Learners at risk of stopping: the behaviour a risk score reads (as of any day, so the model can
//! be fitted on what was known two weeks before people stopped), the logistic model that turns it
//! into a probability with its reasons, the documented defaults used while history is thin, the
//! common rule it is compared with, and the measures of that comparison (precision, recall, AUC).

use serde::{Deserialize, Serialize};

/// The behaviour the model reads.
pub const FEATURES: usize = 6;
/// The window a prediction looks ahead: "stopped" means no learning in the 14 days after.
pub const HORIZON_DAYS: i64 = 14;
/// A fit needs this many learners with a known outcome, and this many on each side of it;
/// below that the documented defaults serve.
pub const MIN_ROWS: usize = 40;
pub const MIN_EACH: usize = 8;
/// Idle days beyond this tell nothing more.
const IDLE_CAP: f64 = 28.0;
const OVERDUE_CAP: f64 = 10.0;
const RESUBMIT_CAP: f64 = 5.0;
/// The version the defaults carry wherever a score is stored.
pub const DEFAULT_VERSION: &str = "risk-defaults-1";
/// A reason is named only when it pushes the score up by at least this (in log-odds).
const REASON_FLOOR: f64 = 0.05;

/// What a learner did up to the day a score is made for.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Evidence {
    /// Days since the learner last learned; None when they never have.
    pub idle_days: Option<i64>,
    /// Minutes learned in each of the three weeks before the day, most recent first.
    pub minutes: [i64; 3],
    pub weekly_goal: i64,
    /// Scores of graded work, oldest first (the last six at most).
    pub scores: Vec<i32>,
    /// Lessons done, and the lessons the cohort's calendar expects done by now.
    pub lessons_done: i64,
    pub lessons_expected: i64,
    /// Work returned to be done again and not yet handed back in.
    pub resubmissions: i64,
}

/// The six signs the model reads (the wire's `RiskFactor`), in the order of the feature vector.
pub use crate::model::trainer::RiskFactor as Feature;

pub const ORDER: [Feature; FEATURES] =
    [Feature::IdleDays, Feature::MinutesTrend, Feature::GoalsMissed, Feature::ScoreTrend, Feature::Overdue, Feature::Resubmissions];

fn mean(xs: &[i32]) -> f64 {
    xs.iter().map(|&x| f64::from(x)).sum::<f64>() / xs.len().max(1) as f64
}

/// The latest three scores against the three before them; (before, latest) means, or None with
/// fewer than two scores.
pub fn score_means(scores: &[i32]) -> Option<(f64, f64)> {
    if scores.len() < 2 {
        return None;
    }
    let recent = scores.len().min(3).min(scores.len() - 1);
    let (before, latest) = scores.split_at(scores.len() - recent);
    let before = &before[before.len().saturating_sub(3)..];
    Some((mean(before), mean(latest)))
}

impl Evidence {
    /// The model's inputs. The minutes trend is the change from three weeks ago to last week as a
    /// share of the larger (an hour at least, so ten minutes against five is no collapse); the
    /// score trend is in hundredths.
    pub fn features(&self) -> [f64; FEATURES] {
        let idle = self.idle_days.map_or(IDLE_CAP, |d| (d as f64).clamp(0.0, IDLE_CAP));
        let [last, _, first] = self.minutes.map(|m| m.max(0) as f64);
        let trend = (last - first) / last.max(first).max(60.0);
        let missed = if self.weekly_goal > 0 { self.minutes.iter().filter(|&&m| m < self.weekly_goal).count() as f64 } else { 0.0 };
        let scores = score_means(&self.scores).map_or(0.0, |(before, latest)| (latest - before) / 100.0);
        let overdue = ((self.lessons_expected - self.lessons_done).max(0) as f64).min(OVERDUE_CAP);
        let resubmissions = (self.resubmissions.max(0) as f64).min(RESUBMIT_CAP);
        [idle, trend, missed, scores, overdue, resubmissions]
    }
}

/// A logistic model on standardised features: p = σ(b + Σ wᵢ (xᵢ − μᵢ) / sᵢ).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Model {
    pub version: String,
    pub intercept: f64,
    pub weights: [f64; FEATURES],
    pub means: [f64; FEATURES],
    pub scales: [f64; FEATURES],
    /// At or above this probability a learner is listed as at risk.
    pub threshold: f64,
    /// Learners the model was fitted on (0 for the defaults).
    pub trained_on: usize,
}

impl Model {
    /// The defaults while history is thin, set by hand: a week without learning alone brings a
    /// learner to the threshold; each week under the goal, each lesson behind, each piece of work
    /// waiting to be redone adds to it; learning time and scores that rise take from it. In
    /// log-odds per unit of each feature, with no standardisation.
    pub fn defaults() -> Model {
        Model {
            version: DEFAULT_VERSION.to_owned(),
            intercept: -3.0,
            weights: [0.3, -1.0, 0.4, -2.0, 0.15, 0.4],
            means: [0.0; FEATURES],
            scales: [1.0; FEATURES],
            threshold: 0.5,
            trained_on: 0,
        }
    }

    fn standard(&self, x: &[f64; FEATURES]) -> [f64; FEATURES] {
        std::array::from_fn(|i| (x[i] - self.means[i]) / if self.scales[i] > 0.0 { self.scales[i] } else { 1.0 })
    }

    pub fn probability(&self, x: &[f64; FEATURES]) -> f64 {
        let z = self.standard(x);
        let logit = self.intercept + (0..FEATURES).map(|i| self.weights[i] * z[i]).sum::<f64>();
        1.0 / (1.0 + (-logit).exp())
    }

    /// Each feature's push on the log-odds against an average learner's (the means), largest
    /// first; only what raises the risk.
    pub fn reasons(&self, x: &[f64; FEATURES]) -> Vec<Feature> {
        let z = self.standard(x);
        let baseline = self.standard(&self.means);
        let mut pushes: Vec<(Feature, f64)> = ORDER.iter().enumerate().map(|(i, &f)| (f, self.weights[i] * (z[i] - baseline[i]))).collect();
        pushes.retain(|(f, p)| *p >= REASON_FLOOR && shows(*f, x));
        pushes.sort_by(|a, b| b.1.total_cmp(&a.1));
        pushes.into_iter().take(3).map(|(f, _)| f).collect()
    }
}

/// A reason worth saying in words: "scores falling" needs scores that fell, and so on.
fn shows(f: Feature, x: &[f64; FEATURES]) -> bool {
    match f {
        Feature::IdleDays => x[0] >= 3.0,
        Feature::MinutesTrend => x[1] < 0.0,
        Feature::GoalsMissed => x[2] >= 1.0,
        Feature::ScoreTrend => x[3] < 0.0,
        Feature::Overdue => x[4] >= 1.0,
        Feature::Resubmissions => x[5] >= 1.0,
    }
}

/// Per-feature mean and spread of a training set (spread 1 where a feature never varies).
pub fn standardisation(rows: &[[f64; FEATURES]]) -> ([f64; FEATURES], [f64; FEATURES]) {
    let n = rows.len().max(1) as f64;
    let means: [f64; FEATURES] = std::array::from_fn(|i| rows.iter().map(|r| r[i]).sum::<f64>() / n);
    let scales = std::array::from_fn(|i| {
        let var = rows.iter().map(|r| (r[i] - means[i]).powi(2)).sum::<f64>() / n;
        if var > 1e-12 { var.sqrt() } else { 1.0 }
    });
    (means, scales)
}

/// The common rule the model is compared with: no learning for a week or more, and no passed work.
pub fn rule(e: &Evidence, passed: bool) -> bool {
    e.idle_days.is_none_or(|d| d >= 7) && !passed
}

/// How a yes/no prediction did against what happened.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Confusion {
    pub flagged: usize,
    pub true_positives: usize,
    pub positives: usize,
    pub total: usize,
}

impl Confusion {
    pub fn of(predicted: &[bool], actual: &[bool]) -> Confusion {
        let pairs = predicted.iter().zip(actual);
        Confusion {
            flagged: predicted.iter().filter(|&&p| p).count(),
            true_positives: pairs.filter(|(p, a)| **p && **a).count(),
            positives: actual.iter().filter(|&&a| a).count(),
            total: actual.len(),
        }
    }

    /// Of those flagged, the share who did stop; None when nobody was flagged.
    pub fn precision(&self) -> Option<f64> {
        (self.flagged > 0).then(|| self.true_positives as f64 / self.flagged as f64)
    }

    /// Of those who stopped, the share flagged; None when nobody stopped.
    pub fn recall(&self) -> Option<f64> {
        (self.positives > 0).then(|| self.true_positives as f64 / self.positives as f64)
    }
}

/// Area under the ROC curve: the chance a learner who stopped is scored above one who did not
/// (ties count half). None without both kinds.
pub fn auc(scores: &[f64], actual: &[bool]) -> Option<f64> {
    let pos: Vec<f64> = scores.iter().zip(actual).filter(|(_, a)| **a).map(|(s, _)| *s).collect();
    let neg: Vec<f64> = scores.iter().zip(actual).filter(|(_, a)| !**a).map(|(s, _)| *s).collect();
    if pos.is_empty() || neg.is_empty() {
        return None;
    }
    let wins: f64 = pos
        .iter()
        .map(|p| {
            neg.iter()
                .map(|n| {
                    if p > n {
                        1.0
                    } else if p == n {
                        0.5
                    } else {
                        0.0
                    }
                })
                .sum::<f64>()
        })
        .sum();
    Some(wins / (pos.len() * neg.len()) as f64)
}

/// The threshold with the best F1 on the fitted data, kept between 0.3 and 0.7 so a lopsided
/// history cannot list everyone or no one.
pub fn best_threshold(probabilities: &[f64], actual: &[bool]) -> f64 {
    let mut best = (0.5, -1.0);
    for step in 6..=14 {
        let t = f64::from(step) * 0.05;
        let predicted: Vec<bool> = probabilities.iter().map(|&p| p >= t).collect();
        let c = Confusion::of(&predicted, actual);
        let (p, r) = (c.precision().unwrap_or(0.0), c.recall().unwrap_or(0.0));
        let f1 = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
        if f1 > best.1 + 1e-9 {
            best = (t, f1);
        }
    }
    best.0
}

/// Whether a risk a trainer marked "not useful" at `marked` is news again: it rose by a tenth.
pub fn risen_since(marked: f64, now: f64) -> bool {
    now >= marked + 0.1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn steady() -> Evidence {
        Evidence {
            idle_days: Some(1),
            minutes: [120, 110, 100],
            weekly_goal: 90,
            scores: vec![70, 72, 75, 80],
            lessons_done: 6,
            lessons_expected: 6,
            resubmissions: 0,
        }
    }

    #[test]
    fn features_read_the_behaviour() {
        let x = steady().features();
        assert_eq!(x[0], 1.0);
        assert!((x[1] - 20.0 / 120.0).abs() < 1e-9, "minutes rose by a sixth: {}", x[1]);
        assert_eq!(x[2], 0.0);
        assert!(x[3] > 0.0, "scores rose");
        assert_eq!((x[4], x[5]), (0.0, 0.0));

        let slipping = Evidence {
            idle_days: None,
            minutes: [0, 30, 150],
            weekly_goal: 120,
            scores: vec![80, 40],
            lessons_done: 2,
            lessons_expected: 30,
            resubmissions: 9,
        };
        let x = slipping.features();
        assert_eq!(x[0], IDLE_CAP, "never learned counts as the longest idle");
        assert!((x[1] + 1.0).abs() < 1e-9, "from 150 minutes to none is the steepest fall");
        assert_eq!(x[2], 2.0, "150 minutes met the 120-minute goal that week");
        assert!((x[3] + 0.4).abs() < 1e-9);
        assert_eq!((x[4], x[5]), (OVERDUE_CAP, RESUBMIT_CAP), "capped");
        // Ten minutes against five is not a collapse.
        let small = Evidence { minutes: [5, 0, 10], ..steady() };
        assert!(small.features()[1].abs() < 0.1);
    }

    #[test]
    fn score_means_need_two_scores() {
        assert_eq!(score_means(&[50]), None);
        assert_eq!(score_means(&[40, 60]), Some((40.0, 60.0)));
        assert_eq!(score_means(&[10, 20, 30, 40, 50, 60, 70]), Some((30.0, 60.0)), "the latest three against the three before");
    }

    #[test]
    fn defaults_list_a_week_idle_and_not_an_active_learner() {
        let m = Model::defaults();
        let active = m.probability(&steady().features());
        let away = m.probability(&Evidence { idle_days: Some(10), minutes: [0, 60, 120], ..steady() }.features());
        assert!(active < 0.1, "{active}");
        assert!(away >= m.threshold, "{away}");
        let reasons = m.reasons(&Evidence { idle_days: Some(10), minutes: [0, 60, 120], ..steady() }.features());
        assert_eq!(reasons.first(), Some(&Feature::IdleDays));
        assert!(reasons.contains(&Feature::MinutesTrend) && reasons.len() <= 3, "{reasons:?}");
        assert!(m.reasons(&steady().features()).is_empty(), "nothing to say about a steady learner");
    }

    #[test]
    fn the_rule_and_its_measures() {
        let idle = Evidence { idle_days: Some(8), ..steady() };
        assert!(rule(&idle, false));
        assert!(!rule(&idle, true), "passed work keeps a learner off the rule's list");
        assert!(!rule(&steady(), false));
        let c = Confusion::of(&[true, true, false, false], &[true, false, true, false]);
        assert_eq!((c.precision(), c.recall()), (Some(0.5), Some(0.5)));
        assert_eq!(Confusion::of(&[false], &[false]).precision(), None);
        assert_eq!(auc(&[0.9, 0.8, 0.2, 0.1], &[true, true, false, false]), Some(1.0));
        assert_eq!(auc(&[0.1, 0.2, 0.8, 0.9], &[true, true, false, false]), Some(0.0));
        assert_eq!(auc(&[0.5, 0.5], &[true, false]), Some(0.5));
        assert_eq!(auc(&[0.5], &[true]), None);
    }

    #[test]
    fn threshold_is_kept_in_bounds() {
        let t = best_threshold(&[0.95, 0.9, 0.1, 0.05], &[true, true, false, false]);
        assert!((0.3..=0.7).contains(&t));
        assert!(best_threshold(&[0.1; 4], &[false; 4]) >= 0.3);
        assert!(risen_since(0.6, 0.71) && !risen_since(0.6, 0.65));
    }

    #[test]
    fn standardisation_leaves_constant_features_alone() {
        let (m, s) = standardisation(&[[1.0, 0.0, 2.0, 0.0, 0.0, 0.0], [3.0, 0.0, 2.0, 0.0, 0.0, 0.0]]);
        assert_eq!(m[0], 2.0);
        assert_eq!(s[0], 1.0);
        assert_eq!(s[2], 1.0, "a feature that never varies keeps scale 1");
    }
}
