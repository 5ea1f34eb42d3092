//! Submissions: what waits for a trainer's grading, and organisation-wide scores.

use chrono::{DateTime, Utc};
use sqlx::PgPool;

pub struct CohortPending {
    pub cohort_id: i64,
    pub pending: i64,
}

/// Ungraded submissions per cohort of the trainer (cohorts with none are absent).
pub async fn pending_per_cohort(pool: &PgPool, trainer_id: i64) -> Result<Vec<CohortPending>, sqlx::Error> {
    sqlx::query_as!(
        CohortPending,
        r#"select cohort_id as "cohort_id!", count(*) as "pending!"
             from trainer_pending_submission where trainer_id = $1 group by cohort_id"#,
        trainer_id
    )
    .fetch_all(pool)
    .await
}

pub struct PendingRow {
    pub submission_id: i64,
    pub learner_name: String,
    pub assessment_title: String,
    pub cohort_name: String,
    pub ai_score: Option<i32>,
    pub flagged: bool,
    pub submitted_at: DateTime<Utc>,
}

/// The oldest pending submissions first (the order trainers work in), of one cohort or all.
pub async fn oldest_pending(pool: &PgPool, trainer_id: i64, cohort_id: Option<i64>, limit: i64) -> Result<Vec<PendingRow>, sqlx::Error> {
    sqlx::query_as!(
        PendingRow,
        r#"select q.submission_id as "submission_id!", p.display_name as learner_name, a.title as assessment_title,
                  q.cohort_name as "cohort_name!", q.ai_score, q.flagged as "flagged!", q.submitted_at as "submitted_at!: DateTime<Utc>"
             from trainer_pending_submission q
             join assessment a on a.assessment_id = q.assessment_id
             join profile p on p.user_id = q.learner_id
            where q.trainer_id = $1 and ($2::bigint is null or q.cohort_id = $2)
            order by q.submitted_at, q.submission_id
            limit $3"#,
        trainer_id,
        cohort_id,
        limit
    )
    .fetch_all(pool)
    .await
}

/// Mean score of work that has its score: scored at once, or graded by a trainer.
pub async fn average_score(pool: &PgPool) -> Result<Option<f64>, sqlx::Error> {
    sqlx::query_scalar!("select avg(score)::float8 from submission where score is not null").fetch_one(pool).await
}
