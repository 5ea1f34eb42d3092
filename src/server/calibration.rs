//! Fitting the pre-scorer's calibrations on trainers' grades (a multinomial logistic regression per
//! item and rubric criterion, with linfa), refitting as grades accumulate, and the held-out report:
//! how the raw pre-score, the calibrated one and the keyword baseline agree with trainers on
//! answers the fit never saw.

use crate::domain::agreement::{self, Agreement};
use crate::domain::calibration::{self, Calibration, FEATURES, MIN_GRADES};
use crate::domain::prescore::{self, Measured};
use crate::domain::rubric::Rubric;
use crate::error::AppError;
use crate::server::db::prescores::{self, Sample};
use crate::server::embed::MODEL_VERSION;
use linfa::prelude::*;
use linfa_logistic::MultiLogisticRegression;
use ndarray::{Array1, Array2};
use sqlx::PgPool;

/// An item is refitted once its graded answers have grown by this share since the last fit.
const REFIT_GROWTH: f64 = 0.2;
/// L2 penalty: a few dozen grades per item, so the weights are kept modest.
const ALPHA: f64 = 0.1;

/// Fits one criterion on (features, trainer level) pairs; `None` when trainers gave only one level
/// (there is nothing to tell apart) or the fit fails.
pub fn fit(samples: &[([f64; FEATURES], usize)]) -> Option<Calibration> {
    let mut levels: Vec<usize> = samples.iter().map(|(_, l)| *l).collect();
    levels.sort_unstable();
    levels.dedup();
    if levels.len() < 2 {
        return None;
    }
    let records = Array2::from_shape_fn((samples.len(), FEATURES), |(r, c)| samples[r].0[c]);
    let targets = Array1::from_iter(samples.iter().map(|(_, l)| *l));
    let data = Dataset::new(records, targets);
    let fitted = MultiLogisticRegression::default().alpha(ALPHA).max_iterations(200).fit(&data).ok()?;
    let params = fitted.params();
    Some(Calibration {
        levels: fitted.classes().to_vec(),
        intercept: fitted.intercept().to_vec(),
        weights: (0..fitted.classes().len()).map(|k| std::array::from_fn(|f| params[[f, k]])).collect(),
        trained_on: samples.len(),
    })
}

/// One graded answer, read: what was measured and the trainer's level per criterion.
struct Graded {
    submission_id: i64,
    measured: Measured,
    trainer: Vec<usize>,
    answer: String,
    reference: String,
}

fn read(samples: Vec<Sample>, criteria: usize) -> Vec<Graded> {
    samples
        .into_iter()
        .filter_map(|s| {
            let measured: Measured = serde_json::from_value(s.features).ok()?;
            let trainer: Vec<usize> = serde_json::from_value(s.trainer_levels).ok()?;
            (trainer.len() == criteria).then_some(Graded {
                submission_id: s.submission_id,
                measured,
                trainer,
                answer: s.answer,
                reference: s.reference,
            })
        })
        .collect()
}

fn fit_all(graded: &[&Graded], criteria: usize) -> Vec<Option<Calibration>> {
    (0..criteria)
        .map(|c| {
            let samples: Vec<_> = graded.iter().map(|g| (calibration::features(&g.measured, c), g.trainer[c])).collect();
            fit(&samples)
        })
        .collect()
}

/// Refits every item whose graded answers reached the minimum or grew enough since its last fit,
/// and marks its pending work to be pre-scored again; returns how many items were refitted.
pub async fn refit_due(pool: &PgPool) -> Result<usize, AppError> {
    let mut refitted = 0;
    for item in prescores::calibration_candidates(pool, MODEL_VERSION, MIN_GRADES as i64).await? {
        let grown = item.trained_on.is_none_or(|t| item.graded as f64 >= f64::from(t) * (1.0 + REFIT_GROWTH));
        if !grown {
            continue;
        }
        let Ok(rubric) = Rubric::from_json(&item.rubric) else { continue };
        let criteria = rubric.criteria().len();
        let graded = read(prescores::graded_samples(pool, item.assessment_item_id, MODEL_VERSION).await?, criteria);
        // A few dozen answers and four features: milliseconds, fine on the background task.
        let models = fit_all(&graded.iter().collect::<Vec<_>>(), criteria);
        let stored: Vec<Option<serde_json::Value>> = models.iter().map(|m| m.as_ref().and_then(|m| serde_json::to_value(m).ok())).collect();
        let mut tx = pool.begin().await?;
        prescores::store_calibrations(&mut tx, item.assessment_item_id, MODEL_VERSION, &item.basis, &stored, graded.len() as i32).await?;
        prescores::mark_pending_due(&mut tx, item.assessment_id).await?;
        tx.commit().await?;
        tracing::info!(item = item.assessment_item_id, grades = graded.len(), "pre-scores calibrated on trainers' grades");
        refitted += 1;
    }
    Ok(refitted)
}

/// Agreement with trainers on answers held out of the fit, for one item or all of them.
#[derive(Debug, serde::Serialize)]
pub struct Compared {
    /// (criterion levels) pairs compared: held-out answers × criteria.
    pub held_out_answers: usize,
    pub raw: Agreement,
    pub calibrated: Agreement,
    pub keyword_baseline: Agreement,
}

#[derive(Debug, serde::Serialize)]
pub struct ItemReport {
    pub assessment_item_id: i64,
    pub graded: usize,
    pub compared: Compared,
}

#[derive(Debug, serde::Serialize)]
pub struct Report {
    pub model_version: &'static str,
    /// One graded answer in five (by submission id) is held out; the calibration is fitted on the rest.
    pub held_out: &'static str,
    pub items: Vec<ItemReport>,
    pub overall: Compared,
}

/// Fits each item's calibration on four graded answers in five and compares, on the fifth, the
/// raw pre-score, the calibrated one and the keyword baseline with the trainers' levels.
pub async fn report(pool: &PgPool) -> Result<Report, AppError> {
    let mut items = Vec::new();
    let (mut raw_all, mut cal_all, mut key_all, mut answers_all, mut levels_all) = (Vec::new(), Vec::new(), Vec::new(), 0, 2);
    for item in prescores::calibration_candidates(pool, MODEL_VERSION, 1).await? {
        let Ok(rubric) = Rubric::from_json(&item.rubric) else { continue };
        let criteria = rubric.criteria().len();
        let levels = rubric.criteria().iter().map(|c| c.levels.len()).max().unwrap_or(2);
        let graded = read(prescores::graded_samples(pool, item.assessment_item_id, MODEL_VERSION).await?, criteria);
        let held_out = |g: &&Graded| g.submission_id % 5 == 0;
        let train: Vec<&Graded> = graded.iter().filter(|g| !held_out(g)).collect();
        let test: Vec<&Graded> = graded.iter().filter(held_out).collect();
        if test.is_empty() {
            continue;
        }
        let models = if train.len() >= MIN_GRADES { fit_all(&train, criteria) } else { vec![None; criteria] };
        let (mut raw, mut cal, mut key) = (Vec::new(), Vec::new(), Vec::new());
        for g in &test {
            let estimate = prescore::estimate(&rubric, &g.measured);
            let calibrated = calibration::calibrate(&rubric, &g.measured, &estimate, &models);
            let keyword = prescore::keyword_levels(&rubric, prescore::keyword_overlap(&g.reference, &g.answer));
            for (c, (&trainer, &baseline)) in g.trainer.iter().zip(&keyword).enumerate() {
                raw.push((estimate.levels.get(c).copied().unwrap_or(0), trainer));
                cal.push((calibrated.levels.get(c).copied().unwrap_or(0), trainer));
                key.push((baseline, trainer));
            }
        }
        items.push(ItemReport {
            assessment_item_id: item.assessment_item_id,
            graded: graded.len(),
            compared: Compared {
                held_out_answers: test.len(),
                raw: agreement::agreement(&raw, levels),
                calibrated: agreement::agreement(&cal, levels),
                keyword_baseline: agreement::agreement(&key, levels),
            },
        });
        answers_all += test.len();
        levels_all = levels_all.max(levels);
        raw_all.extend(raw);
        cal_all.extend(cal);
        key_all.extend(key);
    }
    Ok(Report {
        model_version: MODEL_VERSION,
        held_out: "submission_id % 5 == 0",
        items,
        overall: Compared {
            held_out_answers: answers_all,
            raw: agreement::agreement(&raw_all, levels_all),
            calibrated: agreement::agreement(&cal_all, levels_all),
            keyword_baseline: agreement::agreement(&key_all, levels_all),
        },
    })
}
