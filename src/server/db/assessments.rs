//! Assessments as a learner takes them: the assessment and its items, the learner's attempts,
//! storing a submission under its key, and reading one result back (the learner's own only).

use crate::model::learner::ScorePolicy;
use crate::model::trainer::{ItemKind, SubmissionStatus};
use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};

pub struct AssessmentRow {
    pub assessment_id: i64,
    pub title: String,
    pub pass_score: i32,
    pub max_attempts: Option<i32>,
    pub score_policy: ScorePolicy,
    pub module_title: String,
    pub learning_path_id: i64,
    pub path_title: String,
    pub open_enrolment: bool,
    pub enrolled: bool,
    /// The quiz lesson that embeds this assessment, if one does.
    pub quiz_lesson_id: Option<i64>,
}

/// None when there is no such assessment.
pub async fn for_learner(conn: &mut PgConnection, learner_id: i64, assessment_id: i64) -> Result<Option<AssessmentRow>, sqlx::Error> {
    sqlx::query_as!(
        AssessmentRow,
        r#"select a.assessment_id, a.title, a.pass_score, a.max_attempts, a.score_policy as "score_policy: ScorePolicy",
                  m.title as module_title, m.learning_path_id, lp.title as path_title, lp.open_enrolment,
                  exists (select 1 from enrolment e where e.learner_id = $1 and e.learning_path_id = m.learning_path_id) as "enrolled!",
                  (select l.lesson_id from lesson l
                    where l.module_id = a.module_id and l.kind = 'quiz' and l.content ->> 'assessment_id' = a.assessment_id::text
                    order by l.position limit 1) as quiz_lesson_id
             from assessment a join module m using (module_id) join learning_path lp using (learning_path_id)
            where a.assessment_id = $2"#,
        learner_id,
        assessment_id
    )
    .fetch_optional(conn)
    .await
}

/// The assessment a quiz lesson embeds (None: no such lesson, or not a quiz).
pub async fn of_quiz_lesson(conn: &mut PgConnection, lesson_id: i64) -> Result<Option<i64>, sqlx::Error> {
    let row = sqlx::query_scalar!(
        r#"select case when jsonb_typeof(content -> 'assessment_id') = 'number' then (content ->> 'assessment_id')::bigint end
             from lesson where lesson_id = $1 and kind = 'quiz'"#,
        lesson_id
    )
    .fetch_optional(conn)
    .await?;
    Ok(row.flatten())
}

pub struct ItemRow {
    pub position: i32,
    pub kind: ItemKind,
    pub prompt: String,
    pub options: serde_json::Value,
    pub answer_key: serde_json::Value,
    pub explanation: String,
    pub points: i32,
    pub skills: Vec<String>,
    pub rubric: serde_json::Value,
}

pub async fn items(conn: &mut PgConnection, assessment_id: i64) -> Result<Vec<ItemRow>, sqlx::Error> {
    sqlx::query_as!(
        ItemRow,
        r#"select position, kind as "kind: ItemKind", prompt, options, answer_key, explanation, points, skills, rubric
             from assessment_item where assessment_id = $1 order by position"#,
        assessment_id
    )
    .fetch_all(conn)
    .await
}

pub struct AttemptRow {
    pub submission_id: i64,
    pub attempt: i32,
    pub status: SubmissionStatus,
    pub score: Option<i32>,
    pub submitted_at: DateTime<Utc>,
}

/// The learner's attempts at one assessment, oldest first.
pub async fn attempts(conn: &mut PgConnection, learner_id: i64, assessment_id: i64) -> Result<Vec<AttemptRow>, sqlx::Error> {
    sqlx::query_as!(
        AttemptRow,
        r#"select submission_id, attempt, status as "status: SubmissionStatus", score, submitted_at as "submitted_at: DateTime<Utc>"
             from submission where learner_id = $1 and assessment_id = $2 order by submitted_at, submission_id"#,
        learner_id,
        assessment_id
    )
    .fetch_all(conn)
    .await
}

/// Makes one learner's submissions to one assessment wait for each other until the transaction
/// ends, so two attempts sent at once cannot both pass the attempt limit.
pub async fn lock_attempts(conn: &mut PgConnection, learner_id: i64, assessment_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query_scalar!(
        r#"select pg_advisory_xact_lock(hashtextextended('submission:' || $1::bigint || ':' || $2::bigint, 0)) as "locked!: ()""#,
        learner_id,
        assessment_id
    )
    .fetch_one(conn)
    .await?;
    Ok(())
}

/// The submission already stored under this key by this learner, with its assessment.
pub async fn by_key(conn: &mut PgConnection, learner_id: i64, key: uuid::Uuid) -> Result<Option<(i64, i64)>, sqlx::Error> {
    let row =
        sqlx::query!("select submission_id, assessment_id from submission where learner_id = $1 and idempotency_key = $2", learner_id, key)
            .fetch_optional(conn)
            .await?;
    Ok(row.map(|r| (r.submission_id, r.assessment_id)))
}

pub struct NewSubmission<'a> {
    pub assessment_id: i64,
    pub learner_id: i64,
    pub key: uuid::Uuid,
    pub attempt: i32,
    pub answers: &'a serde_json::Value,
    pub item_results: &'a serde_json::Value,
    pub auto_points: i32,
    pub auto_max: i32,
    /// Set when every item scored itself; the submission is then graded at once.
    pub score: Option<i32>,
    pub points_awarded: i32,
}

pub async fn insert(conn: &mut PgConnection, s: &NewSubmission<'_>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        r#"insert into submission (assessment_id, learner_id, idempotency_key, attempt, answers, item_results, auto_points, auto_max,
                                  score, points_awarded, status, graded_at)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,
                   case when $9::int is null then 'pending'::submission_status else 'graded'::submission_status end,
                   case when $9::int is null then null else now() end)
           returning submission_id"#,
        s.assessment_id,
        s.learner_id,
        s.key,
        s.attempt,
        s.answers,
        s.item_results,
        s.auto_points,
        s.auto_max,
        s.score,
        s.points_awarded
    )
    .fetch_one(conn)
    .await
}

/// Whether an earlier attempt at this assessment already earned its points.
pub async fn points_already_awarded(conn: &mut PgConnection, learner_id: i64, assessment_id: i64) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar!(
        r#"select exists (select 1 from submission where learner_id = $1 and assessment_id = $2 and points_awarded > 0) as "done!""#,
        learner_id,
        assessment_id
    )
    .fetch_one(conn)
    .await
}

pub struct ResultRow {
    pub submission_id: i64,
    pub assessment_id: i64,
    pub attempt: i32,
    pub status: SubmissionStatus,
    pub answers: serde_json::Value,
    pub item_results: serde_json::Value,
    pub auto_points: i32,
    pub auto_max: i32,
    pub score: Option<i32>,
    pub points_awarded: i32,
    pub feedback: Option<String>,
    pub submitted_at: DateTime<Utc>,
}

/// One of the learner's own submissions (None for anyone else's, or none at all).
pub async fn result(conn: &mut PgConnection, learner_id: i64, submission_id: i64) -> Result<Option<ResultRow>, sqlx::Error> {
    sqlx::query_as!(
        ResultRow,
        r#"select submission_id, assessment_id, attempt, status as "status: SubmissionStatus", answers, item_results, auto_points, auto_max,
                  score, points_awarded, feedback, submitted_at as "submitted_at: DateTime<Utc>"
             from submission where submission_id = $2 and learner_id = $1"#,
        learner_id,
        submission_id
    )
    .fetch_optional(conn)
    .await
}

/// Scores over time for the progress page: every scored attempt, oldest first.
pub struct ScorePoint {
    pub title: String,
    pub score: i32,
    pub pass_score: i32,
    pub submitted_at: DateTime<Utc>,
}

pub async fn scores_over_time(pool: &PgPool, learner_id: i64) -> Result<Vec<ScorePoint>, sqlx::Error> {
    sqlx::query_as!(
        ScorePoint,
        r#"select a.title, s.score as "score!", a.pass_score, s.submitted_at as "submitted_at: DateTime<Utc>"
             from submission s join assessment a using (assessment_id)
            where s.learner_id = $1 and s.score is not null
            order by s.submitted_at, s.submission_id"#,
        learner_id
    )
    .fetch_all(pool)
    .await
}
