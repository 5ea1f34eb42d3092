//! What a trainer's console reads: their cohorts, members' progress, and the grading queue.

use chrono::{DateTime, Utc};
use sqlx::PgPool;

pub struct CohortRow {
    pub cohort_id: i64,
    pub name: String,
    pub client_name: String,
    pub path_title: String,
    pub status: String,
}

/// Cohorts the trainer runs, running ones first.
pub async fn cohorts(pool: &PgPool, trainer_id: i64) -> Result<Vec<CohortRow>, sqlx::Error> {
    let rows: Vec<(i64, String, String, String, String)> = sqlx::query_as(
        "select c.cohort_id, c.name, o.name, lp.title, c.status
           from cohort c join client_org o using (client_org_id) join learning_path lp using (learning_path_id)
          where c.trainer_id = $1
          order by case c.status when 'active' then 0 when 'planned' then 1 else 2 end, c.starts_on desc, c.cohort_id",
    )
    .bind(trainer_id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(cohort_id, name, client_name, path_title, status)| CohortRow { cohort_id, name, client_name, path_title, status })
        .collect())
}

pub struct MemberProgress {
    pub cohort_id: i64,
    pub completed: i64,
    pub total: i64,
}

/// For each member of the trainer's cohorts: lessons of the cohort's path done, and in all.
pub async fn member_progress(pool: &PgPool, trainer_id: i64) -> Result<Vec<MemberProgress>, sqlx::Error> {
    let rows: Vec<(i64, i64, i64)> = sqlx::query_as(
        "with path_size as (
             select m.learning_path_id, count(*) as total from lesson l join module m using (module_id) group by 1
         )
         select cm.cohort_id,
                (select count(*) from lesson_progress p join lesson l using (lesson_id) join module m using (module_id)
                  where p.learner_id = cm.learner_id and p.status = 'completed'
                    and m.learning_path_id = c.learning_path_id),
                coalesce(ps.total, 0)
           from cohort c join cohort_member cm using (cohort_id)
           left join path_size ps on ps.learning_path_id = c.learning_path_id
          where c.trainer_id = $1",
    )
    .bind(trainer_id)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|(cohort_id, completed, total)| MemberProgress { cohort_id, completed, total }).collect())
}

/// Submissions waiting for grading from the trainer's own cohort members, on their cohort's
/// path. It starts from the trainer's cohorts, so its cost follows the trainer's size, not the
/// organisation's; a learner in two of the trainer's cohorts counts once (under the newer one).
const PENDING_FOR_TRAINER: &str = "
    from (select distinct on (s.submission_id)
                 s.submission_id, s.learner_id, s.assessment_id, s.ai_score, s.flagged, s.submitted_at, c.name as cohort_name
            from cohort c
            join cohort_member cm using (cohort_id)
            join submission s on s.learner_id = cm.learner_id and s.status = 'pending'
            join assessment sa on sa.assessment_id = s.assessment_id
            join module m on m.module_id = sa.module_id and m.learning_path_id = c.learning_path_id
           where c.trainer_id = $1
           order by s.submission_id, c.starts_on desc, c.cohort_id) as q
    join assessment a on a.assessment_id = q.assessment_id
    join profile p on p.user_id = q.learner_id";

pub async fn pending_count(pool: &PgPool, trainer_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(&format!("select count(*) {PENDING_FOR_TRAINER}")).bind(trainer_id).fetch_one(pool).await
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

type PendingTuple = (i64, String, String, String, Option<i32>, bool, DateTime<Utc>);

/// The oldest pending submissions first: the queue order trainers work in.
pub async fn pending_oldest(pool: &PgPool, trainer_id: i64, limit: i64) -> Result<Vec<PendingRow>, sqlx::Error> {
    let rows: Vec<PendingTuple> = sqlx::query_as(&format!(
        "select q.submission_id, p.display_name, a.title, q.cohort_name, q.ai_score, q.flagged, q.submitted_at
         {PENDING_FOR_TRAINER}
         order by q.submitted_at, q.submission_id
         limit $2"
    ))
    .bind(trainer_id)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(submission_id, learner_name, assessment_title, cohort_name, ai_score, flagged, submitted_at)| PendingRow {
            submission_id,
            learner_name,
            assessment_title,
            cohort_name,
            ai_score,
            flagged,
            submitted_at,
        })
        .collect())
}
