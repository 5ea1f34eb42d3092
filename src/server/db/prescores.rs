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
    /// The question (an answer nearer it than the reference restates it instead of answering).
    pub prompt: String,
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
               select submission_id, assessment_id, answers, status, submitted_at, auto_points, auto_max from submission s
                where prescore_due
                  and exists (select 1 from assessment_item i where i.assessment_id = s.assessment_id and i.kind = 'open')
                order by status <> 'pending', submitted_at, submission_id
                limit $1)
           select b.submission_id, i.position, i.assessment_item_id, i.rubric,
                  coalesce(i.answer_key ->> 'reference', '') as "reference!", i.prompt,
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

/// An open item with enough graded, pre-scored answers to calibrate on.
pub struct CalibrationCandidate {
    pub assessment_item_id: i64,
    pub assessment_id: i64,
    pub rubric: serde_json::Value,
    pub basis: String,
    /// Graded answers pre-scored under the current model, rubric and reference.
    pub graded: i64,
    /// What its current calibration was fitted on (none: never, or under another rubric or model).
    pub trained_on: Option<i32>,
}

pub async fn calibration_candidates(pool: &PgPool, model_version: &str, min: i64) -> Result<Vec<CalibrationCandidate>, sqlx::Error> {
    sqlx::query_as!(
        CalibrationCandidate,
        r#"select i.assessment_item_id, i.assessment_id, i.rubric, prescore_basis(i.rubric, i.answer_key) as "basis!",
                  count(*) as "graded!",
                  (select max(c.trained_on) from prescore_calibration c
                    where c.assessment_item_id = i.assessment_item_id and c.model_version = $1
                      and c.basis = prescore_basis(i.rubric, i.answer_key)) as trained_on
             from assessment_item i
             join submission s on s.assessment_id = i.assessment_id and s.status = 'graded'
             join prescore p on p.submission_id = s.submission_id and p.position = i.position
                            and p.model_version = $1 and p.basis = prescore_basis(i.rubric, i.answer_key)
            where i.kind = 'open'
              and exists (select 1 from jsonb_array_elements(s.item_results) e
                           where (e ->> 'position')::int = i.position and jsonb_typeof(e -> 'levels') = 'array')
            group by i.assessment_item_id
           having count(*) >= $2
            order by i.assessment_item_id"#,
        model_version,
        min
    )
    .fetch_all(pool)
    .await
}

/// One graded answer to an item: what the model measured, the levels the trainer gave, and the
/// answer and reference (for the keyword baseline).
pub struct Sample {
    pub submission_id: i64,
    pub features: serde_json::Value,
    pub trainer_levels: serde_json::Value,
    pub answer: String,
    pub reference: String,
}

pub async fn graded_samples(pool: &PgPool, assessment_item_id: i64, model_version: &str) -> Result<Vec<Sample>, sqlx::Error> {
    sqlx::query_as!(
        Sample,
        r#"select s.submission_id, p.features, t.levels as "trainer_levels!",
                  coalesce(s.answers -> i.position::text ->> 'value', '') as "answer!",
                  coalesce(i.answer_key ->> 'reference', '') as "reference!"
             from assessment_item i
             join submission s on s.assessment_id = i.assessment_id and s.status = 'graded'
             join prescore p on p.submission_id = s.submission_id and p.position = i.position
                            and p.model_version = $2 and p.basis = prescore_basis(i.rubric, i.answer_key)
             cross join lateral (select e -> 'levels' as levels from jsonb_array_elements(s.item_results) e
                                  where (e ->> 'position')::int = i.position and jsonb_typeof(e -> 'levels') = 'array'
                                  limit 1) t
            where i.assessment_item_id = $1
            order by s.submission_id"#,
        assessment_item_id,
        model_version
    )
    .fetch_all(pool)
    .await
}

/// Replaces an item's calibrations: `models` holds one per criterion (none: that criterion could
/// not be fitted, e.g. trainers only ever gave one level).
pub async fn store_calibrations(
    tx: &mut PgConnection,
    assessment_item_id: i64,
    model_version: &str,
    basis: &str,
    models: &[Option<serde_json::Value>],
    trained_on: i32,
) -> Result<(), sqlx::Error> {
    sqlx::query!("delete from prescore_calibration where assessment_item_id = $1", assessment_item_id).execute(&mut *tx).await?;
    for (criterion, model) in models.iter().enumerate() {
        let Some(model) = model else { continue };
        sqlx::query!(
            "insert into prescore_calibration (assessment_item_id, criterion, model_version, basis, model, trained_on)
             values ($1, $2, $3, $4, $5, $6)",
            assessment_item_id,
            criterion as i16,
            model_version,
            basis,
            model,
            trained_on
        )
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

/// Pending work on an assessment is pre-scored again (its item was just calibrated).
pub async fn mark_pending_due(tx: &mut PgConnection, assessment_id: i64) -> Result<u64, sqlx::Error> {
    let done = sqlx::query!(
        "update submission set prescore_due = true where assessment_id = $1 and status = 'pending' and not prescore_due",
        assessment_id
    )
    .execute(tx)
    .await?;
    Ok(done.rows_affected())
}

pub struct StoredCalibration {
    pub assessment_item_id: i64,
    pub criterion: i16,
    pub basis: String,
    pub model: serde_json::Value,
}

/// The calibrations of these items under the current model.
pub async fn calibrations(pool: &PgPool, item_ids: &[i64], model_version: &str) -> Result<Vec<StoredCalibration>, sqlx::Error> {
    sqlx::query_as!(
        StoredCalibration,
        "select assessment_item_id, criterion, basis, model from prescore_calibration
          where assessment_item_id = any($1) and model_version = $2
          order by assessment_item_id, criterion",
        item_ids,
        model_version
    )
    .fetch_all(pool)
    .await
}
