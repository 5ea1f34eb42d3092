//! Calibrating pre-scores on trainers' grades. Once an item has enough graded answers, each rubric
//! criterion gets a multinomial logistic regression from what the model measured (the criterion's
//! coverage, the whole answer's similarity, its length, its unfamiliar words) to the level trainers
//! gave: the suggested level becomes the likeliest, and the confidence its probability. Fitted in
//! `server/calibration.rs` with linfa; applied here, with no dependencies, so it is tested alone.

use crate::domain::prescore::{self, Estimate, Measured, Reason};
use crate::domain::rubric::Rubric;

/// Measurements a criterion's calibration reads.
pub const FEATURES: usize = 4;
/// Trainer grades an item needs before its pre-scores are calibrated on them (fewer fit noise).
pub const MIN_GRADES: usize = 30;

/// What the calibration of criterion `c` reads from one measured answer, each roughly −1 to 1:
/// the criterion's share, how much nearer the reference than the question the answer is, its
/// length and its share of unfamiliar words.
pub fn features(m: &Measured, c: usize) -> [f64; FEATURES] {
    [
        f64::from(prescore::criterion_share(m, c)),
        f64::from(m.overall - m.prompt),
        ((1.0 + m.words as f64).ln() / 5.0).min(1.5),
        f64::from(m.unfamiliar),
    ]
}

/// One criterion's fitted model: for each level seen in training, an intercept and a weight per
/// feature; a level's probability is the softmax of intercept + weights · features.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Calibration {
    /// The levels trainers gave (weakest 0), in the order of `intercept` and `weights`.
    pub levels: Vec<usize>,
    pub intercept: Vec<f64>,
    pub weights: Vec<[f64; FEATURES]>,
    /// How many trainer grades it was fitted on.
    pub trained_on: usize,
}

impl Calibration {
    /// The probability of each of `levels` for these features.
    pub fn probabilities(&self, x: &[f64; FEATURES]) -> Vec<f64> {
        let scores: Vec<f64> =
            self.intercept.iter().zip(&self.weights).map(|(b, w)| b + w.iter().zip(x).map(|(w, x)| w * x).sum::<f64>()).collect();
        let top = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let exp: Vec<f64> = scores.iter().map(|s| (s - top).exp()).collect();
        let sum: f64 = exp.iter().sum();
        exp.iter().map(|e| e / sum).collect()
    }

    /// The likeliest level and its probability.
    pub fn predict(&self, x: &[f64; FEATURES]) -> (usize, f64) {
        let p = self.probabilities(x);
        p.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1)).map_or((0, 0.0), |(i, p)| (self.levels[i], *p))
    }
}

/// The estimate with every calibrated criterion's level and probability in place of the raw ones.
/// The confidence is the least sure criterion's: a calibrated criterion's probability, or the raw
/// estimate's confidence for one without a calibration. The raw reasons stay (they say what the
/// answer covers); a reason records the calibration.
pub fn calibrate(rubric: &Rubric, m: &Measured, raw: &Estimate, calibrations: &[Option<Calibration>]) -> Estimate {
    if m.words == 0 || raw.levels.is_empty() || calibrations.iter().all(Option::is_none) {
        return raw.clone();
    }
    let mut levels = raw.levels.clone();
    let mut confidence = 1.0f64;
    let mut uncalibrated = false;
    let mut grades = 0;
    for (c, criterion) in rubric.criteria().iter().enumerate() {
        match calibrations.get(c).and_then(Option::as_ref) {
            Some(cal) => {
                let (level, p) = cal.predict(&features(m, c));
                levels[c] = level.min(criterion.levels.len() - 1);
                confidence = confidence.min(p);
                grades = grades.max(cal.trained_on);
            }
            None => uncalibrated = true,
        }
    }
    if uncalibrated {
        confidence = confidence.min(f64::from(raw.confidence));
    }
    let mut reasons = raw.reasons.clone();
    reasons.push(Reason::Calibrated { grades });
    Estimate { levels, confidence: confidence.clamp(0.0, 1.0) as f32, reasons }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::prescore::tests::rubric;

    fn measured(similarity: f32) -> Measured {
        Measured {
            point_criterion: vec![0],
            point_similarity: vec![similarity],
            overall: similarity,
            prompt: 0.0,
            words: 30,
            unfamiliar: 0.0,
        }
    }

    /// Level 3 when the first feature (coverage) is high, level 0 when it is low.
    fn coverage_model() -> Calibration {
        Calibration { levels: vec![0, 3], intercept: vec![2.0, -2.0], weights: vec![[0.0; 4], [8.0, 0.0, 0.0, 0.0]], trained_on: 40 }
    }

    #[test]
    fn probabilities_are_a_softmax_that_sums_to_one() {
        let model = coverage_model();
        let p = model.probabilities(&[0.5, 0.0, 0.0, 0.0]);
        assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        // Intercepts 2 and −2 + 8 × 0.5 = 2: even odds.
        assert!((p[0] - 0.5).abs() < 1e-12);
        assert_eq!(model.predict(&[1.0, 0.0, 0.0, 0.0]).0, 3);
        assert_eq!(model.predict(&[0.0, 0.0, 0.0, 0.0]).0, 0);
        // Large scores do not overflow.
        let big = Calibration { intercept: vec![1e3, 0.0], ..coverage_model() };
        assert_eq!(big.probabilities(&[0.0; 4]), vec![1.0, 0.0]);
    }

    #[test]
    fn features_read_the_criterion_coverage_length_and_language() {
        let m = Measured { words: 0, unfamiliar: 0.4, ..measured(crate::domain::prescore::PRESENT) };
        let present = f64::from(crate::domain::prescore::PRESENT);
        assert_eq!(features(&m, 0), [1.0, present, 0.0, f64::from(0.4f32)]);
        let echo = Measured { prompt: 0.9, ..m };
        assert_eq!(features(&echo, 0)[0], 0.0, "no share for an answer that restates the question");
    }

    #[test]
    fn a_calibrated_criterion_takes_the_fitted_level_and_its_probability() {
        let rubric = rubric();
        let m = measured(0.9);
        let raw = prescore::estimate(&rubric, &m);
        let calibrated = calibrate(&rubric, &m, &raw, &[Some(coverage_model()), None]);
        assert_eq!(calibrated.levels[0], 3);
        assert_eq!(calibrated.levels[1], raw.levels[1], "an uncalibrated criterion keeps its raw level");
        let p = coverage_model().predict(&features(&m, 0)).1 as f32;
        assert!((calibrated.confidence - p.min(raw.confidence)).abs() < 1e-6);
        assert!(calibrated.reasons.contains(&Reason::Calibrated { grades: 40 }));
        assert!(raw.reasons.iter().all(|r| calibrated.reasons.contains(r)), "the raw reasons stay");
    }

    #[test]
    fn nothing_to_calibrate_leaves_the_estimate_alone() {
        let rubric = rubric();
        let m = measured(0.5);
        let raw = prescore::estimate(&rubric, &m);
        assert_eq!(calibrate(&rubric, &m, &raw, &[None, None]), raw);
        let empty = Measured { words: 0, ..m };
        let raw = prescore::estimate(&rubric, &empty);
        assert_eq!(calibrate(&rubric, &empty, &raw, &[Some(coverage_model()), None]), raw, "an empty answer stays sure");
    }
}
