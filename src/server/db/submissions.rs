//! Submissions: what waits for a trainer's grading (the queue), grading itself, and
//! organisation-wide scores.

use crate::model::trainer::{QueueSort, SubmissionStatus};
use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};

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

pub struct QueueRow {
    pub submission_id: i64,
    pub learner_name: String,
    pub assessment_title: String,
    pub cohort_name: String,
    pub ai_score: Option<i32>,
    pub ai_confidence: Option<f32>,
    pub flagged: bool,
    pub submitted_at: DateTime<Utc>,
}

/// What narrows a trainer's queue: their cohorts (one, or all), an assessment, flagged only.
pub struct QueueFilter {
    pub trainer_id: i64,
    pub cohort_id: Option<i64>,
    pub assessment_id: Option<i64>,
    pub flagged_only: bool,
}

/// A page of the queue, oldest first, after submission `after` (keyset on submitted_at and id).
pub async fn queue_oldest(pool: &PgPool, f: &QueueFilter, after: Option<i64>, limit: i64) -> Result<Vec<QueueRow>, sqlx::Error> {
    sqlx::query_as!(
        QueueRow,
        r#"with mine as (select cohort_id, name from cohort where trainer_id = $1 and ($2::bigint is null or cohort_id = $2))
           select s.submission_id, p.display_name as learner_name, a.title as assessment_title, mine.name as cohort_name,
                  s.ai_score, s.ai_confidence, s.flagged, s.submitted_at as "submitted_at: DateTime<Utc>"
             from submission s
             join mine on mine.cohort_id = s.cohort_id
             join assessment a on a.assessment_id = s.assessment_id
             join profile p on p.user_id = s.learner_id
            where s.status = 'pending' and ($3::bigint is null or s.assessment_id = $3) and (not $4 or s.flagged)
              and ($5::bigint is null
                   or (s.submitted_at, s.submission_id) > (select submitted_at, submission_id from submission where submission_id = $5))
            order by s.submitted_at, s.submission_id
            limit $6"#,
        f.trainer_id,
        f.cohort_id,
        f.assessment_id,
        f.flagged_only,
        after,
        limit
    )
    .fetch_all(pool)
    .await
}

/// A page of the queue, least certain pre-score first (not pre-scored at all before that).
pub async fn queue_uncertain(pool: &PgPool, f: &QueueFilter, after: Option<i64>, limit: i64) -> Result<Vec<QueueRow>, sqlx::Error> {
    sqlx::query_as!(
        QueueRow,
        r#"with mine as (select cohort_id, name from cohort where trainer_id = $1 and ($2::bigint is null or cohort_id = $2))
           select s.submission_id, p.display_name as learner_name, a.title as assessment_title, mine.name as cohort_name,
                  s.ai_score, s.ai_confidence, s.flagged, s.submitted_at as "submitted_at: DateTime<Utc>"
             from submission s
             join mine on mine.cohort_id = s.cohort_id
             join assessment a on a.assessment_id = s.assessment_id
             join profile p on p.user_id = s.learner_id
            where s.status = 'pending' and ($3::bigint is null or s.assessment_id = $3) and (not $4 or s.flagged)
              and ($5::bigint is null
                   or (coalesce(s.ai_confidence, -1), s.submission_id)
                      > (select coalesce(ai_confidence, -1), submission_id from submission where submission_id = $5))
            order by coalesce(s.ai_confidence, -1), s.submission_id
            limit $6"#,
        f.trainer_id,
        f.cohort_id,
        f.assessment_id,
        f.flagged_only,
        after,
        limit
    )
    .fetch_all(pool)
    .await
}

/// A page of the queue in either order. Two queries rather than one with the order as a parameter:
/// each order has its own partial index, and a keyset comparison on a `case` expression would use
/// neither.
pub async fn queue_page(
    pool: &PgPool,
    f: &QueueFilter,
    sort: QueueSort,
    after: Option<i64>,
    limit: i64,
) -> Result<Vec<QueueRow>, sqlx::Error> {
    match sort {
        QueueSort::Oldest => queue_oldest(pool, f, after, limit).await,
        QueueSort::Uncertain => queue_uncertain(pool, f, after, limit).await,
    }
}

/// How many wait under the filter, and the assessments that have work waiting (for the filter).
pub async fn queue_count(pool: &PgPool, f: &QueueFilter) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        r#"select count(*) as "n!" from submission s join cohort c on c.cohort_id = s.cohort_id
            where c.trainer_id = $1 and ($2::bigint is null or c.cohort_id = $2) and s.status = 'pending'
              and ($3::bigint is null or s.assessment_id = $3) and (not $4 or s.flagged)"#,
        f.trainer_id,
        f.cohort_id,
        f.assessment_id,
        f.flagged_only
    )
    .fetch_one(pool)
    .await
}

pub async fn queue_assessments(pool: &PgPool, trainer_id: i64) -> Result<Vec<crate::model::trainer::Choice>, sqlx::Error> {
    sqlx::query_as!(
        crate::model::trainer::Choice,
        r#"select a.assessment_id as id, a.title as label
             from assessment a
            where exists (select 1 from submission s join cohort c on c.cohort_id = s.cohort_id
                           where s.assessment_id = a.assessment_id and s.status = 'pending' and c.trainer_id = $1)
            order by a.title, a.assessment_id"#,
        trainer_id
    )
    .fetch_all(pool)
    .await
}

/// The trainer of the cohort a submission is graded through: `None` if there is no such
/// submission, `Some(None)` if it waits in no trainer's queue.
pub async fn owner(pool: &PgPool, submission_id: i64) -> Result<Option<Option<i64>>, sqlx::Error> {
    sqlx::query_scalar!(
        "select c.trainer_id from submission s left join cohort c on c.cohort_id = s.cohort_id where s.submission_id = $1",
        submission_id
    )
    .fetch_optional(pool)
    .await
}

pub struct GradingRow {
    pub submission_id: i64,
    pub assessment_id: i64,
    pub learner_name: String,
    /// The learner's chosen language (none: their browser's), for feedback drafted to them.
    pub learner_language: Option<crate::domain::language::Language>,
    pub assessment_title: String,
    pub pass_score: i32,
    pub cohort_name: Option<String>,
    pub attempt: i32,
    pub status: SubmissionStatus,
    pub version: i32,
    pub answers: serde_json::Value,
    pub item_results: serde_json::Value,
    pub score: Option<i32>,
    pub feedback: Option<String>,
    pub graded_by: Option<String>,
    pub graded_at: Option<DateTime<Utc>>,
    pub flagged: bool,
    pub flag_reason: Option<String>,
    pub submitted_at: DateTime<Utc>,
}

/// A submission with what the grading page shows around it.
pub async fn for_grading(pool: &PgPool, submission_id: i64) -> Result<Option<GradingRow>, sqlx::Error> {
    sqlx::query_as!(
        GradingRow,
        r#"select s.submission_id, s.assessment_id, p.display_name as learner_name, p.language as "learner_language: crate::domain::language::Language",
                  a.title as assessment_title, a.pass_score,
                  c.name as "cohort_name?", s.attempt, s.status as "status: SubmissionStatus", s.version, s.answers, s.item_results,
                  s.score, s.feedback, g.display_name as "graded_by?", s.graded_at as "graded_at: DateTime<Utc>", s.flagged, s.flag_reason,
                  s.submitted_at as "submitted_at: DateTime<Utc>"
             from submission s
             join assessment a on a.assessment_id = s.assessment_id
             join profile p on p.user_id = s.learner_id
             left join cohort c on c.cohort_id = s.cohort_id
             left join profile g on g.user_id = s.graded_by
            where s.submission_id = $1"#,
        submission_id
    )
    .fetch_optional(pool)
    .await
}

/// What a grade is computed from, read under a row lock so two saves of one submission queue.
pub struct Locked {
    pub learner_id: i64,
    pub assessment_id: i64,
    pub status: SubmissionStatus,
    pub version: i32,
    pub auto_points: i32,
    pub auto_max: i32,
    pub item_results: serde_json::Value,
    pub points_awarded: i32,
    pub score: Option<i32>,
    pub pass_score: i32,
}

pub async fn lock(tx: &mut PgConnection, submission_id: i64) -> Result<Option<Locked>, sqlx::Error> {
    sqlx::query_as!(
        Locked,
        r#"select s.learner_id, s.assessment_id, s.status as "status: SubmissionStatus", s.version, s.auto_points, s.auto_max,
                  s.item_results, s.points_awarded, s.score, a.pass_score
             from submission s join assessment a on a.assessment_id = s.assessment_id
            where s.submission_id = $1
              for update of s"#,
        submission_id
    )
    .fetch_optional(tx)
    .await
}

pub struct GradeWrite<'a> {
    pub trainer_id: i64,
    pub item_results: &'a serde_json::Value,
    pub score: i32,
    pub feedback: Option<&'a str>,
    pub points_awarded: i32,
}

/// Stores a grade and counts the save; returns the new version.
pub async fn write_grade(tx: &mut PgConnection, submission_id: i64, g: &GradeWrite<'_>) -> Result<i32, sqlx::Error> {
    sqlx::query_scalar!(
        "update submission
            set item_results = $2, score = $3, trainer_score = $3, feedback = $4, points_awarded = $5,
                status = 'graded', graded_by = $6, graded_at = now(), version = version + 1, updated_at = now()
          where submission_id = $1
         returning version",
        submission_id,
        g.item_results,
        g.score,
        g.feedback,
        g.points_awarded,
        g.trainer_id
    )
    .fetch_one(tx)
    .await
}

/// Sets the flag with its reason, or clears both.
pub async fn set_flag(tx: &mut PgConnection, submission_id: i64, reason: Option<&str>) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "update submission set flagged = $2::text is not null, flag_reason = $2, updated_at = now() where submission_id = $1",
        submission_id,
        reason
    )
    .execute(tx)
    .await?;
    Ok(())
}
