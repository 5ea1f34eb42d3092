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
        r#"select client_org_id, day as "day: NaiveDate", d_members::int8 as "change!" from kpi_day
            where client_org_id <> 0 and learning_path_id = 0 and cohort_id = 0 and d_members <> 0
            order by client_org_id, day"#
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

/// The `limit` trainers most over capacity, and how many are over in all.
pub async fn overloaded(pool: &PgPool, limit: i64) -> Result<(Vec<OverloadRow>, i64), sqlx::Error> {
    let total = sqlx::query_scalar!(
        r#"select count(*) as "n!" from (
               select 1 from cohort c
                 join app_user u on u.user_id = c.trainer_id and u.role = 'trainer'
                 left join trainer_profile tp on tp.trainer_id = c.trainer_id
                 left join kpi_cohort k on k.cohort_id = c.cohort_id
                where c.status in ('planned', 'active')
                group by c.trainer_id, tp.capacity
               having coalesce(sum(k.members), 0) > coalesce(tp.capacity, $1)) over"#,
        DEFAULT_CAPACITY
    )
    .fetch_one(pool)
    .await?;
    let rows = sqlx::query_as!(
        OverloadRow,
        r#"select u.user_id as trainer_id, p.display_name as name, coalesce(sum(k.members), 0)::int8 as "learners!",
                  coalesce(tp.capacity, $1) as "capacity!", count(c.cohort_id) as "cohorts!"
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
    Ok((rows, total))
}
