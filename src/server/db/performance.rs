//! A trainer's own figures: how fast they grade, how old their queue is, how the pre-scores agreed
//! with their grades, and what their interventions were followed by.

use chrono::{DateTime, Utc};
use sqlx::PgPool;

pub struct Turnaround {
    pub graded: i64,
    pub median_hours: Option<f64>,
    pub p90_hours: Option<f64>,
}

/// Hand-in to grade, for the work this trainer graded since `since`.
pub async fn turnaround(pool: &PgPool, trainer_id: i64, since: DateTime<Utc>) -> Result<Turnaround, sqlx::Error> {
    sqlx::query_as!(
        Turnaround,
        r#"select count(*) as "graded!",
                  percentile_cont(0.5) within group (order by extract(epoch from graded_at - submitted_at) / 3600) as median_hours,
                  percentile_cont(0.9) within group (order by extract(epoch from graded_at - submitted_at) / 3600) as p90_hours
             from submission where graded_by = $1 and status <> 'pending' and graded_at >= $2"#,
        trainer_id,
        since as DateTime<Utc>
    )
    .fetch_one(pool)
    .await
}

pub struct QueueAge {
    pub pending: i64,
    pub oldest: Option<DateTime<Utc>>,
    pub median_hours: Option<f64>,
}

/// The trainer's pending work: how much, the oldest, the typical wait so far.
pub async fn queue_age(pool: &PgPool, trainer_id: i64) -> Result<QueueAge, sqlx::Error> {
    sqlx::query_as!(
        QueueAge,
        r#"select count(*) as "pending!", min(s.submitted_at) as "oldest: DateTime<Utc>",
                  percentile_cont(0.5) within group (order by extract(epoch from now() - s.submitted_at) / 3600) as median_hours
             from submission s join cohort c on c.cohort_id = s.cohort_id
            where c.trainer_id = $1 and s.status = 'pending'"#,
        trainer_id
    )
    .fetch_one(pool)
    .await
}

/// One graded open answer with its pre-score: the levels the model suggested and the trainer's.
pub struct AgreementRow {
    pub assessment_item_id: i64,
    pub assessment_title: String,
    pub position: i32,
    pub levels: i32,
    pub ai: Vec<i16>,
    pub trainer: serde_json::Value,
}

/// Over the open answers the trainer graded since `since` (whoever's cohort they are in now) (`server::db::trainers::agreement` counts the same pairs).
pub async fn agreement_rows(pool: &PgPool, trainer_id: i64, since: DateTime<Utc>) -> Result<Vec<AgreementRow>, sqlx::Error> {
    sqlx::query_as!(
        AgreementRow,
        r#"select i.assessment_item_id, a.title as assessment_title, i.position,
                  coalesce(jsonb_array_length(i.rubric -> 'criteria' -> 0 -> 'levels'), 0) as "levels!",
                  p.levels as ai, t.levels as "trainer!"
             from submission s
             join assessment a on a.assessment_id = s.assessment_id
             join assessment_item i on i.assessment_id = s.assessment_id and i.kind = 'open'
             join prescore p on p.submission_id = s.submission_id and p.position = i.position
             cross join lateral (select e -> 'levels' as levels from jsonb_array_elements(s.item_results) e
                                  where (e ->> 'position')::int = i.position and jsonb_typeof(e -> 'levels') = 'array'
                                  limit 1) t
            where s.graded_by = $1 and s.status = 'graded' and s.graded_at >= $2
            order by a.title, i.position, i.assessment_item_id"#,
        trainer_id,
        since as DateTime<Utc>
    )
    .fetch_all(pool)
    .await
}

pub struct InterventionFigures {
    pub recorded: i64,
    pub done: i64,
    pub learners: i64,
    /// Learners who learned again within 14 days of an intervention recorded at least 14 days ago.
    pub recovered: i64,
    /// Learners with an intervention at least 14 days old (those whose 14 days are over).
    pub settled: i64,
}

pub async fn interventions(pool: &PgPool, trainer_id: i64, since: DateTime<Utc>) -> Result<InterventionFigures, sqlx::Error> {
    sqlx::query_as!(
        InterventionFigures,
        r#"with mine as (
               select i.learner_id, i.created_at, i.status,
                      exists (select 1 from activity_event e where e.user_id = i.learner_id
                                and e.kind not in ('sign_in', 'achievement_earned')
                                and e.occurred_at > i.created_at and e.occurred_at <= i.created_at + interval '14 days') as back
                 from intervention i where i.trainer_id = $1 and i.created_at >= $2
           )
           select count(*) as "recorded!", count(*) filter (where status = 'done') as "done!",
                  count(distinct learner_id) as "learners!",
                  count(distinct learner_id) filter (where back and created_at <= now() - interval '14 days') as "recovered!",
                  count(distinct learner_id) filter (where created_at <= now() - interval '14 days') as "settled!"
             from mine"#,
        trainer_id,
        since as DateTime<Utc>
    )
    .fetch_one(pool)
    .await
}
