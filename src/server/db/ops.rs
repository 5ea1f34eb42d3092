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
            (select count(distinct e.user_id) from activity_event e join app_user u using (user_id)
              where u.role = 'learner' and e.occurred_at > now() - interval '7 days'),
            (select count(*) from app_user where role = 'learner' and status = 'active'),
            (select count(*) from lesson_progress where status = 'completed'),
            (select count(*) from lesson_progress),
            (select avg(coalesce(trainer_score, ai_score))::float8 from submission
              where status <> 'pending' and coalesce(trainer_score, ai_score) is not null),
            (select count(*) from risk_alert where status <> 'resolved')",
    )
    .fetch_one(pool)
    .await?;
    Ok(KpiRow { active_learners_7d, total_learners, lessons_completed, lessons_started, average_score, open_risk_alerts })
}

/// The last `weeks` ISO weeks (UTC, Monday start), oldest first, including empty ones.
pub async fn weekly_activity(pool: &PgPool, weeks: i32) -> Result<Vec<WeeklyActivity>, sqlx::Error> {
    let rows: Vec<(String, i64, i64)> = sqlx::query_as(
        "with weeks as (
             select generate_series(date_trunc('week', now() at time zone 'UTC') - make_interval(weeks => $1 - 1),
                                    date_trunc('week', now() at time zone 'UTC'), interval '1 week') as week_start
         )
         select to_char(w.week_start, 'YYYY-MM-DD'),
                (select count(distinct e.user_id) from activity_event e join app_user u using (user_id)
                  where u.role = 'learner'
                    and e.occurred_at >= w.week_start at time zone 'UTC'
                    and e.occurred_at < (w.week_start + interval '1 week') at time zone 'UTC'),
                (select count(*) from activity_event e
                  where e.kind = 'lesson_completed'
                    and e.occurred_at >= w.week_start at time zone 'UTC'
                    and e.occurred_at < (w.week_start + interval '1 week') at time zone 'UTC')
           from weeks w order by w.week_start",
    )
    .bind(weeks)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(week_start, active_learners, lessons_completed)| WeeklyActivity { week_start, active_learners, lessons_completed })
        .collect())
}
