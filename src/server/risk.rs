//! Scoring learners' risk of stopping: fitting the logistic model (linfa) on the platform's own
//! history — what each learner's behaviour was two weeks ago against whether they learned since —
//! holding out a fifth of learners to compare it with the common rule, scoring everyone daily and
//! the learners with new evidence within a minute, and the report `ruralrise risk report` prints.

use crate::domain::risk::{self, Confusion, Evidence, FEATURES, HORIZON_DAYS, MIN_EACH, MIN_ROWS, Model};
use crate::error::AppError;
use crate::model::trainer::RiskReason;
use crate::server::db::risk::{self as store, EvidenceRow, Score};
use chrono::{DateTime, Duration, Utc};
use linfa::prelude::*;
use linfa_logistic::LogisticRegression;
use ndarray::{Array1, Array2};
use serde::Serialize;
use sqlx::PgPool;

/// L2 penalty on standardised features: a few hundred learners, six features.
const ALPHA: f64 = 1.0;
/// The model is refitted and everyone rescored this often.
const FULL_EVERY: Duration = Duration::hours(24);
/// The loop looks for learners with new evidence this often.
const POLL: std::time::Duration = std::time::Duration::from_secs(60);
/// The copies `count_copies` keeps are counted again at most this often while learners are being
/// rescored (both counts take about 6 s at a million learners).
const FLAGS_EVERY: std::time::Duration = std::time::Duration::from_secs(300);
/// Learners rescored per round of new evidence.
const BATCH: i64 = 500;

/// Reads one learner's row as domain evidence as of `at`. Lessons expected follow the cohort's
/// calendar: an even share of the path per day between its start and end.
pub fn evidence(row: &EvidenceRow, at: DateTime<Utc>) -> Evidence {
    let today = at.date_naive();
    let span = (row.ends_on - row.starts_on).num_days().max(1) as f64;
    let elapsed = ((today - row.starts_on).num_days() as f64 / span).clamp(0.0, 1.0);
    Evidence {
        idle_days: row.last_active.map(|t| (at - t).num_days().max(0)),
        minutes: [row.w1, row.w2, row.w3],
        weekly_goal: i64::from(row.weekly_goal),
        scores: row.scores.clone().unwrap_or_default(),
        lessons_done: row.lessons_done,
        lessons_expected: (row.lessons_total as f64 * elapsed).floor() as i64,
        resubmissions: row.resubmissions,
    }
}

/// Held-out learners: the same fifth every time, so a report is comparable from day to day.
fn held_out(learner_id: i64) -> bool {
    learner_id % 5 == 0
}

/// Fits on `(features, stopped)` rows; None when the history is too thin (the defaults serve).
pub fn fit(rows: &[([f64; FEATURES], bool)], version: String) -> Option<Model> {
    let stopped = rows.iter().filter(|r| r.1).count();
    if rows.len() < MIN_ROWS || stopped < MIN_EACH || rows.len() - stopped < MIN_EACH {
        return None;
    }
    let xs: Vec<[f64; FEATURES]> = rows.iter().map(|r| r.0).collect();
    let (means, scales) = risk::standardisation(&xs);
    let records = Array2::from_shape_fn((rows.len(), FEATURES), |(r, c)| (xs[r][c] - means[c]) / scales[c]);
    let targets = Array1::from_iter(rows.iter().map(|r| usize::from(r.1)));
    let fitted = LogisticRegression::default().alpha(ALPHA).max_iterations(300).fit(&Dataset::new(records, targets)).ok()?;
    // linfa's "positive" class is whichever label it met first; the model speaks of stopping.
    let sign = if fitted.labels().pos.class == 1 { 1.0 } else { -1.0 };
    let mut model = Model {
        version,
        intercept: sign * fitted.intercept(),
        weights: std::array::from_fn(|i| sign * fitted.params()[i]),
        means,
        scales,
        threshold: 0.5,
        trained_on: rows.len(),
    };
    let probabilities: Vec<f64> = xs.iter().map(|x| model.probability(x)).collect();
    let actual: Vec<bool> = rows.iter().map(|r| r.1).collect();
    model.threshold = risk::best_threshold(&probabilities, &actual);
    Some(model)
}

/// One predictor's figures on the held-out learners.
#[derive(Debug, Clone, Serialize)]
pub struct Measures {
    pub flagged: usize,
    pub precision: Option<f64>,
    pub recall: Option<f64>,
    pub auc: Option<f64>,
}

fn measures(scores: &[f64], flags: &[bool], actual: &[bool]) -> Measures {
    let c = Confusion::of(flags, actual);
    Measures { flagged: c.flagged, precision: c.precision(), recall: c.recall(), auc: risk::auc(scores, actual) }
}

/// The model against the rule on learners the fit never saw.
#[derive(Debug, Clone, Serialize)]
pub struct Evaluation {
    /// When the behaviour was read; the outcome is the 14 days after.
    pub as_of: DateTime<Utc>,
    pub trained_on: usize,
    pub held_out: usize,
    pub stopped: usize,
    pub model: Measures,
    /// "Inactive 7+ days and their latest graded work not passed".
    pub rule: Measures,
    pub version: String,
    pub threshold: f64,
    /// Each feature's weight on its standardised scale (log-odds per standard deviation).
    pub coefficients: Vec<(String, f64)>,
    pub intercept: f64,
}

/// Fits a model on the history two weeks back and measures it on the held-out fifth; the defaults
/// (measured the same way) when the history is thin.
pub async fn fit_and_evaluate(pool: &PgPool, now: DateTime<Utc>) -> Result<(Model, Evaluation), AppError> {
    let as_of = now - Duration::days(HORIZON_DAYS);
    let rows = store::evidence_at(pool, as_of, None, HORIZON_DAYS as i32).await?;
    let mut train = Vec::new();
    let mut test = Vec::new();
    for row in &rows {
        let e = evidence(row, as_of);
        let item = (e.features(), !row.learned_after, risk::rule(&e, row.passed));
        if held_out(row.learner_id) { test.push(item) } else { train.push(item) }
    }
    let train_rows: Vec<_> = train.iter().map(|(x, y, _)| (*x, *y)).collect();
    let version = format!("risk-logit-{}-{}", now.format("%Y%m%d%H%M"), train_rows.len());
    let model = fit(&train_rows, version).unwrap_or_else(Model::defaults);
    let actual: Vec<bool> = test.iter().map(|t| t.1).collect();
    let scores: Vec<f64> = test.iter().map(|t| model.probability(&t.0)).collect();
    let flags: Vec<bool> = scores.iter().map(|&p| p >= model.threshold).collect();
    let rule_flags: Vec<bool> = test.iter().map(|t| t.2).collect();
    let rule_scores: Vec<f64> = rule_flags.iter().map(|&f| f64::from(u8::from(f))).collect();
    let evaluation = Evaluation {
        as_of,
        trained_on: model.trained_on,
        held_out: test.len(),
        stopped: actual.iter().filter(|&&a| a).count(),
        model: measures(&scores, &flags, &actual),
        rule: measures(&rule_scores, &rule_flags, &actual),
        version: model.version.clone(),
        threshold: model.threshold,
        coefficients: risk::ORDER.iter().zip(model.weights).map(|(f, w)| (f.as_str().to_owned(), w)).collect(),
        intercept: model.intercept,
    };
    Ok((model, evaluation))
}

/// What a stored score keeps of the evidence, for the words on the trainer's page.
fn kept(e: &Evidence) -> serde_json::Value {
    let means = risk::score_means(&e.scores);
    serde_json::json!({
        "idle_days": e.idle_days,
        "minutes": e.minutes,
        "weekly_goal": e.weekly_goal,
        "score_before": means.map(|m| m.0.round() as i64),
        "score_latest": means.map(|m| m.1.round() as i64),
        "overdue": (e.lessons_expected - e.lessons_done).max(0),
        "resubmissions": e.resubmissions,
    })
}

/// A stored score's reasons in figures, from what it kept of the evidence (`kept`).
pub fn reasons_in_figures(reasons: &serde_json::Value, kept: &serde_json::Value) -> Vec<RiskReason> {
    let int = |k: &str| kept.get(k).and_then(serde_json::Value::as_i64);
    let minutes = |i: usize| kept.get("minutes").and_then(|m| m.get(i)).and_then(serde_json::Value::as_i64).unwrap_or(0);
    let codes: Vec<String> = serde_json::from_value(reasons.clone()).unwrap_or_default();
    codes
        .iter()
        .filter_map(|code| {
            Some(match code.as_str() {
                "idle_days" => RiskReason::Idle { days: int("idle_days") },
                "minutes_trend" => RiskReason::MinutesFalling { from: minutes(2), to: minutes(0) },
                "goals_missed" => {
                    let goal = int("weekly_goal")?;
                    RiskReason::GoalsMissed { weeks: (0..3).filter(|&i| minutes(i) < goal).count() as i64, goal }
                }
                "score_trend" => RiskReason::ScoresFalling { from: int("score_before")?, to: int("score_latest")? },
                "overdue" => RiskReason::Behind { lessons: int("overdue")? },
                "resubmissions" => RiskReason::Resubmit { count: int("resubmissions")? },
                _ => return None,
            })
        })
        .collect()
}

/// Scores the learners (all, or `only`) with `model` as of `now`, with the same model's score for
/// what was known a week before as the trend, and stores them.
pub async fn score(pool: &PgPool, model: &Model, only: Option<&[i64]>, now: DateTime<Utc>) -> Result<usize, AppError> {
    let week = now - Duration::days(7);
    let (rows, before) = tokio::try_join!(store::evidence_at(pool, now, only, 0), store::evidence_at(pool, week, only, 0))?;
    let before: std::collections::HashMap<i64, f64> =
        before.iter().map(|r| (r.learner_id, model.probability(&evidence(r, week).features()))).collect();
    let scores: Vec<Score> = rows
        .iter()
        .map(|row| {
            let e = evidence(row, now);
            let x = e.features();
            let p = model.probability(&x);
            Score {
                learner_id: row.learner_id,
                score: p as f32,
                week_ago: before.get(&row.learner_id).map(|&b| b as f32),
                at_risk: p >= model.threshold,
                features: kept(&e),
                reasons: serde_json::json!(model.reasons(&x).iter().map(|f| f.as_str()).collect::<Vec<_>>()),
            }
        })
        .collect();
    let mut tx = pool.begin().await?;
    store::store_scores(&mut tx, &model.version, &scores, only.is_none()).await?;
    tx.commit().await?;
    Ok(scores.len())
}

/// The model in use: the one stored last, or the defaults when none is.
pub async fn current_model(pool: &PgPool) -> Result<Model, AppError> {
    Ok(store::latest_model(pool).await?.and_then(|m| serde_json::from_value(m.model).ok()).unwrap_or_else(Model::defaults))
}

/// Counts again what pages read from a copy because counting it live takes seconds at national
/// scale: the flags per cohort (`/ops/risks`) and the inactive learners (`/ops/quality`).
pub async fn count_copies(pool: &PgPool) -> Result<(), sqlx::Error> {
    crate::server::db::tickets::refresh_flags(pool).await?;
    let today = Utc::now().date_naive();
    crate::server::db::quality::count_inactive(pool, today, crate::domain::quality::INACTIVE_DAYS).await
}

/// Refits on the history, keeps the model with its evaluation, and rescores everyone.
pub async fn refresh_all(pool: &PgPool, now: DateTime<Utc>) -> Result<Evaluation, AppError> {
    let started = Utc::now();
    let (model, evaluation) = fit_and_evaluate(pool, now).await?;
    let json = serde_json::to_value(&model).map_err(|_| AppError::Internal)?;
    let eval_json = serde_json::to_value(&evaluation).map_err(|_| AppError::Internal)?;
    store::store_model(pool, &model.version, &json, model.trained_on as i32, &eval_json).await?;
    score(pool, &model, None, now).await?;
    store::clear_due(pool, started).await?;
    count_copies(pool).await?;
    Ok(evaluation)
}

/// Rescores the learners with new evidence, a batch at a time; how many were rescored.
pub async fn run_due(pool: &PgPool) -> Result<usize, AppError> {
    let model = current_model(pool).await?;
    let mut done = 0;
    loop {
        let due = store::take_due(pool, BATCH).await?;
        if due.is_empty() {
            return Ok(done);
        }
        score(pool, &model, Some(&due), Utc::now()).await?;
        done += due.len();
    }
}

/// The background task: a full refit and rescore when the last is a day old, and learners with
/// new evidence every minute; the flags per cohort counted again after either.
pub fn start(pool: PgPool) {
    tokio::spawn(async move {
        // Counted at start up (the copy may predate a restart), then after rescoring.
        let mut flags_counted = std::time::Instant::now();
        if let Err(err) = count_copies(&pool).await {
            tracing::error!(error = %err, "counting the flags per cohort and inactive learners failed");
        }
        loop {
            let stale = match (store::latest_model(&pool).await, store::oldest_score(&pool).await) {
                (Ok(Some(m)), Ok(Some(oldest))) => Utc::now() - m.fitted_at.min(oldest) >= FULL_EVERY,
                (Ok(_), Ok(_)) => true,
                (Err(err), _) | (_, Err(err)) => {
                    tracing::error!(error = %err, "cannot read the risk model's age");
                    false
                }
            };
            if stale {
                match refresh_all(&pool, Utc::now()).await {
                    Ok(e) => tracing::info!(version = %e.version, trained_on = e.trained_on, "learners' risk refitted and rescored"),
                    Err(err) => tracing::error!(error = ?err, "refitting the risk model failed; retrying later"),
                }
            }
            match run_due(&pool).await {
                Ok(0) => {}
                Ok(_) if flags_counted.elapsed() < FLAGS_EVERY => {}
                Ok(_) => match count_copies(&pool).await {
                    Ok(()) => flags_counted = std::time::Instant::now(),
                    Err(err) => tracing::error!(error = %err, "counting the flags per cohort and inactive learners failed"),
                },
                Err(err) => tracing::error!(error = ?err, "rescoring learners with new evidence failed"),
            }
            tokio::time::sleep(POLL).await;
        }
    });
}

/// The report `ruralrise risk report` prints: the held-out comparison, the coefficients, and how
/// trainers judged the learners listed now.
#[derive(Debug, Serialize)]
pub struct Report {
    pub evaluation: Evaluation,
    pub listed_now: i64,
    pub marked_not_useful: i64,
    /// Of the learners listed now, the share no trainer marked not useful.
    pub trainer_precision: Option<f64>,
}

pub async fn report(pool: &PgPool) -> Result<Report, AppError> {
    let evaluation = refresh_all(pool, Utc::now()).await?;
    let (listed, dismissed) = store::feedback_counts(pool).await?;
    Ok(Report {
        evaluation,
        listed_now: listed,
        marked_not_useful: dismissed,
        trainer_precision: (listed > 0).then(|| (listed - dismissed) as f64 / listed as f64),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::risk::Feature;

    #[test]
    fn a_fit_learns_that_idle_learners_stop() {
        // Idle days decide who stops; the other features are noise.
        let rows: Vec<([f64; FEATURES], bool)> = (0..120)
            .map(|i| {
                let idle = f64::from(i % 20);
                ([idle, f64::from(i % 3) * 0.1, f64::from(i % 4), 0.0, f64::from(i % 5), 0.0], idle >= 9.0)
            })
            .collect();
        let model = fit(&rows, "t".into()).expect("enough history");
        assert!(model.weights[0] > 1.0, "idle days weigh most: {:?}", model.weights);
        assert!(model.probability(&[15.0, 0.0, 1.0, 0.0, 2.0, 0.0]) > 0.8);
        assert!(model.probability(&[2.0, 0.0, 1.0, 0.0, 2.0, 0.0]) < 0.2);
        assert_eq!(model.reasons(&[15.0, 0.0, 1.0, 0.0, 2.0, 0.0]).first(), Some(&Feature::IdleDays));
    }

    #[test]
    fn thin_history_gives_no_fit() {
        let rows = vec![([0.0; FEATURES], true); 10];
        assert!(fit(&rows, "t".into()).is_none());
        let one_sided = vec![([1.0; FEATURES], false); 100];
        assert!(fit(&one_sided, "t".into()).is_none());
    }
}
