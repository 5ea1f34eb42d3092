//! Reads the KPI rollups the database keeps (`kpi_day`, `kpi_turnaround`, `kpi_cohort`,
//! `kpi_capacity_day`): a view costs a few hundred rows whatever the number of learners.

use crate::domain::kpi::DayRow;
use crate::model::ops::KpiChoice;
use chrono::NaiveDate;
use sqlx::{PgConnection, PgPool};

/// (client, path, cohort), 0 meaning "every".
pub type Segment = (i64, i64, i64);

pub async fn clients(pool: &PgPool) -> Result<Vec<KpiChoice>, sqlx::Error> {
    sqlx::query_as!(KpiChoice, "select client_org_id as id, name as label from client_org order by name, client_org_id")
        .fetch_all(pool)
        .await
}

pub async fn paths(pool: &PgPool) -> Result<Vec<KpiChoice>, sqlx::Error> {
    sqlx::query_as!(KpiChoice, "select learning_path_id as id, title as label from learning_path order by title, learning_path_id")
        .fetch_all(pool)
        .await
}

/// Each segment's rows up to `to`, in day order, with every day before `first` folded into one
/// row dated the day before it.
pub async fn rows(pool: &PgPool, segments: &[Segment], first: NaiveDate, to: NaiveDate) -> Result<Vec<(Segment, DayRow)>, sqlx::Error> {
    let clients: Vec<i64> = segments.iter().map(|s| s.0).collect();
    let paths: Vec<i64> = segments.iter().map(|s| s.1).collect();
    let cohorts: Vec<i64> = segments.iter().map(|s| s.2).collect();
    let folded = first.pred_opt().unwrap_or(first);
    let rows = sqlx::query!(
        r#"select client_org_id, learning_path_id, cohort_id, greatest(day, $4) as "day!: NaiveDate",
                  sum(d_active_7)::int8 as "d_active_7!", sum(d_active_30)::int8 as "d_active_30!",
                  sum(d_members)::int8 as "d_members!", sum(d_at_risk)::int8 as "d_at_risk!", sum(d_backlog)::int8 as "d_backlog!",
                  sum(lessons_completed)::int8 as "lessons_completed!", sum(enrolments)::int8 as "enrolments!",
                  sum(paths_completed)::int8 as "paths_completed!", sum(submitted)::int8 as "submitted!", sum(graded)::int8 as "graded!",
                  sum(scored)::int8 as "scored!", sum(score_sum)::int8 as "score_sum!", sum(passed)::int8 as "passed!"
             from kpi_day
            where (client_org_id, learning_path_id, cohort_id) in (select c, p, k from unnest($1::int8[], $2::int8[], $3::int8[]) as s (c, p, k))
              and day <= $5
            group by 1, 2, 3, 4
            order by 1, 2, 3, 4"#,
        &clients,
        &paths,
        &cohorts,
        folded as NaiveDate,
        to as NaiveDate
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let row = DayRow {
                day: r.day,
                d_active_7: r.d_active_7,
                d_active_30: r.d_active_30,
                d_members: r.d_members,
                d_at_risk: r.d_at_risk,
                d_backlog: r.d_backlog,
                lessons_completed: r.lessons_completed,
                enrolments: r.enrolments,
                paths_completed: r.paths_completed,
                submitted: r.submitted,
                graded: r.graded,
                scored: r.scored,
                score_sum: r.score_sum,
                passed: r.passed,
            };
            ((r.client_org_id, r.learning_path_id, r.cohort_id), row)
        })
        .collect())
}

/// Hours trainer-graded work waited, as (hours, pieces) for the days `from..=to`.
pub async fn turnaround(pool: &PgPool, segment: Segment, from: NaiveDate, to: NaiveDate) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"select hours::int8 as "hours!", sum(n)::int8 as "n!" from kpi_turnaround
            where client_org_id = $1 and learning_path_id = $2 and cohort_id = $3 and day between $4 and $5
            group by hours"#,
        segment.0,
        segment.1,
        segment.2,
        from as NaiveDate,
        to as NaiveDate
    )
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|r| (r.hours, r.n)).collect())
}

pub struct RankedCohort {
    pub cohort_id: i64,
    pub client_org_id: i64,
    pub learning_path_id: i64,
    pub name: String,
}

/// The cohorts of a client and path (0: any) with the most learners at risk now, then the largest.
pub async fn cohorts_at_risk(pool: &PgPool, client: i64, path: i64, limit: i64) -> Result<Vec<RankedCohort>, sqlx::Error> {
    sqlx::query_as!(
        RankedCohort,
        r#"select c.cohort_id, c.client_org_id, c.learning_path_id, c.name
             from kpi_cohort k join cohort c using (cohort_id)
            where ($1::int8 = 0 or c.client_org_id = $1) and ($2::int8 = 0 or c.learning_path_id = $2)
            order by k.at_risk desc, k.members desc, c.cohort_id
            limit $3"#,
        client,
        path,
        limit
    )
    .fetch_all(pool)
    .await
}

pub async fn cohort_count(pool: &PgPool, client: i64, path: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        r#"select count(*) as "n!" from cohort where ($1::int8 = 0 or client_org_id = $1) and ($2::int8 = 0 or learning_path_id = $2)"#,
        client,
        path
    )
    .fetch_one(pool)
    .await
}

/// Learners in active cohorts, and what the active trainers can take (150 each unless set).
pub async fn capacity_now(conn: &mut PgConnection) -> Result<(i64, i64), sqlx::Error> {
    let r = sqlx::query!(
        r#"select (select coalesce(sum(k.members), 0) from cohort c join kpi_cohort k using (cohort_id)
                    where c.status = 'active' and c.trainer_id is not null)::int8 as "learners!",
                  (select coalesce(sum(coalesce(t.capacity, 150)), 0) from app_user u
                     left join trainer_profile t on t.trainer_id = u.user_id
                    where u.role = 'trainer' and u.status = 'active')::int8 as "capacity!""#
    )
    .fetch_one(&mut *conn)
    .await?;
    Ok((r.learners, r.capacity))
}

/// Today's learners and capacity, kept for the comparisons of later days (once a day is enough;
/// a later call the same day keeps the newest figures).
pub async fn record_capacity(pool: &PgPool) -> Result<(), sqlx::Error> {
    let mut conn = pool.acquire().await?;
    let (learners, capacity) = capacity_now(&mut conn).await?;
    sqlx::query!(
        "insert into kpi_capacity_day (day, learners, capacity) values (current_date, $1, $2)
         on conflict (day) do update set learners = excluded.learners, capacity = excluded.capacity",
        i32::try_from(learners).unwrap_or(i32::MAX),
        i32::try_from(capacity).unwrap_or(i32::MAX)
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The newest recorded learners and capacity on or before `day`.
pub async fn capacity_on(pool: &PgPool, day: NaiveDate) -> Result<Option<(i64, i64)>, sqlx::Error> {
    let r = sqlx::query!(
        "select learners::int8 as \"learners!\", capacity::int8 as \"capacity!\" from kpi_capacity_day where day <= $1 order by day desc limit 1",
        day as NaiveDate
    )
    .fetch_optional(pool)
    .await?;
    Ok(r.map(|r| (r.learners, r.capacity)))
}

/// Recomputes every rollup from the facts (after a bulk load).
pub async fn rebuild(conn: &mut PgConnection) -> Result<(), sqlx::Error> {
    sqlx::query!("select kpi_rebuild()").execute(&mut *conn).await?;
    Ok(())
}
