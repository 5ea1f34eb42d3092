//! What operations' recommendations are computed from: each sponsor's learners day by day (the
//! KPI rollup's membership deltas), the running cohorts with their size, who serves each sponsor,
//! and the trainers whose planned and running cohorts hold more learners than their capacity (the
//! load `/ops/redistribute` balances).

use crate::model::ops::OverloadRow;
use crate::server::db::trainers::DEFAULT_CAPACITY;
use chrono::NaiveDate;
use sqlx::PgPool;

/// (sponsor, day, change in learners) for every day a sponsor's learners changed, in day order.
pub async fn membership_changes(pool: &PgPool) -> Result<Vec<(i64, NaiveDate, i64)>, sqlx::Error> {
    let rows = sqlx::query!(
        // Through client_org, so each sponsor's segment is read from the rollup's key instead of
        // scanning every segment (0.5 ms instead of 200 at a million learners).
        r#"select k.client_org_id, k.day as "day: NaiveDate", k.d_members::int8 as "change!"
             from client_org o
             join kpi_day k on k.client_org_id = o.client_org_id and k.learning_path_id = 0 and k.cohort_id = 0
            where k.d_members <> 0
            order by k.client_org_id, k.day"#
    )
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|r| (r.client_org_id, r.day, r.change)).collect())
}

pub struct RunningCohort {
    pub cohort_id: i64,
    pub name: String,
    pub client_id: i64,
    pub client_name: String,
    pub path_id: i64,
    pub path_name: String,
    pub trainer_name: Option<String>,
    pub members: i64,
}

pub async fn running_cohorts(pool: &PgPool) -> Result<Vec<RunningCohort>, sqlx::Error> {
    sqlx::query_as!(
        RunningCohort,
        r#"select c.cohort_id, c.name, c.client_org_id as client_id, o.name as client_name, c.learning_path_id as path_id,
                  p.title as path_name, coalesce(tp.display_name, tu.email) as "trainer_name?", coalesce(k.members, 0)::int8 as "members!"
             from cohort c
             join client_org o on o.client_org_id = c.client_org_id
             join learning_path p on p.learning_path_id = c.learning_path_id
             left join app_user tu on tu.user_id = c.trainer_id
             left join profile tp on tp.user_id = c.trainer_id
             left join kpi_cohort k on k.cohort_id = c.cohort_id
            where c.status = 'active'
            order by c.cohort_id"#
    )
    .fetch_all(pool)
    .await
}

/// Trainers of each sponsor's planned and running cohorts.
pub async fn serving(pool: &PgPool) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"select client_org_id, count(distinct trainer_id) as "n!" from cohort
            where status in ('planned', 'active') and trainer_id is not null group by 1"#
    )
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|r| (r.client_org_id, r.n)).collect())
}

/// The `limit` trainers most over capacity, and how many are over in all (one pass: the count
/// rides on each row).
pub async fn overloaded(pool: &PgPool, limit: i64) -> Result<(Vec<OverloadRow>, i64), sqlx::Error> {
    let rows = sqlx::query!(
        r#"select u.user_id as trainer_id, p.display_name as name, coalesce(sum(k.members), 0)::int8 as "learners!",
                  coalesce(tp.capacity, $1) as "capacity!", count(c.cohort_id) as "cohorts!", count(*) over () as "total!"
             from app_user u
             join profile p on p.user_id = u.user_id
             left join trainer_profile tp on tp.trainer_id = u.user_id
             join cohort c on c.trainer_id = u.user_id and c.status in ('planned', 'active')
             left join kpi_cohort k on k.cohort_id = c.cohort_id
            where u.role = 'trainer'
            group by u.user_id, p.display_name, tp.capacity
           having coalesce(sum(k.members), 0) > coalesce(tp.capacity, $1)
            order by coalesce(sum(k.members), 0) - coalesce(tp.capacity, $1) desc, u.user_id
            limit $2"#,
        DEFAULT_CAPACITY,
        limit
    )
    .fetch_all(pool)
    .await?;
    let total = rows.first().map_or(0, |r| r.total);
    Ok((
        rows.into_iter()
            .map(|r| OverloadRow { trainer_id: r.trainer_id, name: r.name, learners: r.learners, capacity: r.capacity, cohorts: r.cohorts })
            .collect(),
        total,
    ))
}
