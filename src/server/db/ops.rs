//! Organisation-wide figures for operations: KPIs and weekly activity.

use crate::model::WeeklyActivity;
use sqlx::PgPool;

pub struct KpiRow {
    pub active_learners_7d: i64,
    pub total_learners: i64,
    pub lessons_completed: i64,
    pub lessons_started: i64,
    pub average_score: Option<f64>,
    pub open_risk_alerts: i64,
}

pub async fn kpis(pool: &PgPool) -> Result<KpiRow, sqlx::Error> {
    let (active_learners_7d, total_learners, lessons_completed, lessons_started, average_score, open_risk_alerts):
        (i64, i64, i64, i64, Option<f64>, i64) = sqlx::query_as(
        "select
            (select count(distinct user_id) from activity_event
              where kind <> 'sign_in' and occurred_at > now() - interval '7 days'),
            (select count(*) from app_user where role = 'learner' and status = 'active'),
            lp.completed,
            lp.started,
            (select avg(coalesce(trainer_score, ai_score))::float8 from submission
              where status <> 'pending' and coalesce(trainer_score, ai_score) is not null),
            (select count(*) from risk_alert where status <> 'resolved')
           from (select count(*) filter (where status = 'completed') as completed, count(*) as started
                   from lesson_progress) as lp",
    )
    .fetch_one(pool)
    .await?;
    Ok(KpiRow { active_learners_7d, total_learners, lessons_completed, lessons_started, average_score, open_risk_alerts })
}

/// The last `weeks` ISO weeks (UTC, Monday start), oldest first, including empty ones; read from
/// the trigger-kept `weekly_activity` rollup.
pub async fn weekly_activity(pool: &PgPool, weeks: i32) -> Result<Vec<WeeklyActivity>, sqlx::Error> {
    let rows: Vec<(String, i64, i64)> = sqlx::query_as(
        "with weeks as (
             select generate_series(date_trunc('week', now() at time zone 'UTC') - make_interval(weeks => $1 - 1),
                                    date_trunc('week', now() at time zone 'UTC'), interval '1 week')::date as week_start
         )
         select to_char(w.week_start, 'YYYY-MM-DD'), count(a.user_id), coalesce(sum(a.lessons_completed), 0)::bigint
           from weeks w left join weekly_activity a on a.week_start = w.week_start
          group by w.week_start
          order by w.week_start",
    )
    .bind(weeks)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(week_start, active_learners, lessons_completed)| WeeklyActivity { week_start, active_learners, lessons_completed })
        .collect())
}
