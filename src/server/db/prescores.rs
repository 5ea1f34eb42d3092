//! Pre-scores of open answers: the work waiting for the pre-scorer, writing its results, and
//! reading them for the grading page.

use sqlx::{PgConnection, PgPool};

/// One open answer to pre-score, with what it is scored against.
pub struct Work {
    pub submission_id: i64,
    pub position: i32,
    pub assessment_item_id: i64,
    pub rubric: serde_json::Value,
    pub reference: String,
    /// Digest of the rubric and reference, stored with the pre-score.
    pub basis: String,
    /// The answer as written (empty when the item was left blank).
    pub answer: String,
    pub points: i32,
    /// What the submission's items that score themselves earned, of how many.
    pub auto_points: i32,
    pub auto_max: i32,
}

/// The open answers of up to `limit` submissions waiting for a pre-score: work that waits for a
/// trainer first, oldest first, then graded work (its pre-scores measure agreement).
pub async fn due(pool: &PgPool, limit: i64) -> Result<Vec<Work>, sqlx::Error> {
    sqlx::query_as!(
        Work,
        r#"with batch as (
               select submission_id, assessment_id, answers, status, submitted_at, auto_points, auto_max from submission
                where prescore_due
                order by status <> 'pending', submitted_at, submission_id
                limit $1)
           select b.submission_id, i.position, i.assessment_item_id, i.rubric,
                  coalesce(i.answer_key ->> 'reference', '') as "reference!",
                  prescore_basis(i.rubric, i.answer_key) as "basis!",
                  coalesce(b.answers -> i.position::text ->> 'value', '') as "answer!", i.points,
                  b.auto_points, b.auto_max
             from batch b
             join assessment_item i on i.assessment_id = b.assessment_id and i.kind = 'open'
            order by b.status <> 'pending', b.submitted_at, b.submission_id, i.position"#,
        limit
    )
    .fetch_all(pool)
    .await
}

/// Marks for pre-scoring again every submission scored by another model than `model_version`.
pub async fn mark_other_models_due(pool: &PgPool, model_version: &str) -> Result<u64, sqlx::Error> {
    let done = sqlx::query!(
        "update submission set prescore_due = true
          where not prescore_due and submission_id in (select submission_id from prescore where model_version <> $1)",
        model_version
    )
    .execute(pool)
    .await?;
    Ok(done.rows_affected())
}

pub struct Write<'a> {
    pub submission_id: i64,
    pub position: i32,
    pub basis: &'a str,
    pub levels: &'a [i16],
    pub confidence: f32,
    pub reasons: &'a serde_json::Value,
    pub features: &'a serde_json::Value,
}

pub async fn write(tx: &mut PgConnection, model_version: &str, w: &Write<'_>) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "insert into prescore (submission_id, position, model_version, basis, levels, confidence, reasons, features)
         values ($1, $2, $3, $4, $5, $6, $7, $8)
         on conflict (submission_id, position) do update
            set model_version = excluded.model_version, basis = excluded.basis, levels = excluded.levels,
                confidence = excluded.confidence, reasons = excluded.reasons, features = excluded.features, created_at = now()",
        w.submission_id,
        w.position,
        model_version,
        w.basis,
        w.levels,
        w.confidence,
        w.reasons,
        w.features
    )
    .execute(tx)
    .await?;
    Ok(())
}

/// After a submission's pre-scores are written: its overall pre-score (the share of points the
/// scored items and the pre-scored open answers come to, `None` if an open answer has no
/// suggestion), the least confidence of its answers (the queue's uncertainty order), and whether
/// it is still due (an item changed while it was being scored).
pub async fn settle(tx: &mut PgConnection, submission_id: i64, ai_score: Option<i32>, confidence: Option<f32>) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "update submission s
            set ai_score = $2, ai_confidence = $3,
                prescore_due = exists (
                    select 1 from assessment_item i
                      left join prescore p on p.submission_id = s.submission_id and p.position = i.position
                     where i.assessment_id = s.assessment_id and i.kind = 'open'
                       and (p.basis is null or p.basis <> prescore_basis(i.rubric, i.answer_key)))
          where s.submission_id = $1",
        submission_id,
        ai_score,
        confidence
    )
    .execute(tx)
    .await?;
    Ok(())
}

pub struct Stored {
    pub position: i32,
    pub model_version: String,
    pub current: bool,
    pub levels: Vec<i16>,
    pub confidence: f32,
    pub reasons: serde_json::Value,
}

/// A submission's pre-scores, each with whether it still matches its item's rubric and reference.
pub async fn for_submission(conn: &mut PgConnection, submission_id: i64) -> Result<Vec<Stored>, sqlx::Error> {
    sqlx::query_as!(
        Stored,
        r#"select p.position, p.model_version, p.basis = prescore_basis(i.rubric, i.answer_key) as "current!",
                  p.levels, p.confidence, p.reasons
             from prescore p
             join submission s on s.submission_id = p.submission_id
             join assessment_item i on i.assessment_id = s.assessment_id and i.position = p.position
            where p.submission_id = $1
            order by p.position"#,
        submission_id
    )
    .fetch_all(conn)
    .await
}
