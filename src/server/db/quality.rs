//! What `/ops/quality` counts, for a client and a path (0: every one), with the thresholds of
//! `domain::quality`. Graded work is read from the KPI rollups (`kpi_turnaround`), so it counts in
//! the segments of the learner's cohorts like the dashboard; inactivity is read from the
//! background task's count.

use crate::domain::kpi::Period;
use crate::domain::quality::Count;
use crate::model::ops::EndedCohort;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgPool;

/// Over the work trainers graded in the period (the turnaround rollup): how much came with
/// written feedback (of all of it); how many of its open answers were under a rubric of at least
/// `rubric_min_criteria()` criteria (of all its open answers); and of the criterion levels the
/// model pre-scored and the trainer graded (`graded_level_pair`, as `/ops/trainers` counts them
/// per trainer), how many the two put on the same level.
pub async fn graded(pool: &PgPool, client: i64, path: i64, period: Period) -> Result<(Count, Count, Count), sqlx::Error> {
    let r = sqlx::query!(
        r#"select coalesce(sum(feedback), 0)::int8 as "feedback!", coalesce(sum(n), 0)::int8 as "graded!",
                  coalesce(sum(open_rubric), 0)::int8 as "rubric!", coalesce(sum(open_answers), 0)::int8 as "open!",
                  coalesce(sum(ai_agree), 0)::int8 as "agree!", coalesce(sum(ai_pairs), 0)::int8 as "pairs!"
             from kpi_turnaround
            where client_org_id = $1 and learning_path_id = $2 and cohort_id = 0 and day between $3 and $4"#,
        client,
        path,
        period.from as NaiveDate,
        period.to as NaiveDate,
    )
    .fetch_one(pool)
    .await?;
    Ok((Count { part: r.feedback, whole: r.graded }, Count { part: r.rubric, whole: r.open }, Count { part: r.agree, whole: r.pairs }))
}

/// The rubric threshold the rollups count with (`rubric_min_criteria()` in SQL).
pub async fn rubric_min_criteria(pool: &PgPool) -> Result<i32, sqlx::Error> {
    sqlx::query_scalar!(r#"select rubric_min_criteria() as "n!""#).fetch_one(pool).await
}

/// Work waiting for a grade now, and how much of it has waited longer than `sla_hours`.
pub async fn overdue(pool: &PgPool, client: i64, path: i64, sla_hours: i64) -> Result<Count, sqlx::Error> {
    let r = sqlx::query!(
        r#"select count(*) filter (where s.submitted_at < now() - make_interval(hours => $3::int)) as "part!", count(*) as "whole!"
             from submission s
             left join cohort c on c.cohort_id = s.cohort_id
            where s.status = 'pending'
              and ($1::int8 = 0 or c.client_org_id = $1) and ($2::int8 = 0 or c.learning_path_id = $2)"#,
        client,
        path,
        sla_hours as i32,
    )
    .fetch_one(pool)
    .await?;
    Ok(Count { part: r.part, whole: r.whole })
}

/// Learners who have been in a running cohort for at least `days` days, how many of them did
/// no learning in those days, and when the background task counted them (none: not yet).
pub async fn inactive(pool: &PgPool, client: i64, path: i64) -> Result<(Count, Option<DateTime<Utc>>), sqlx::Error> {
    let r = sqlx::query!(
        r#"select coalesce((select inactive from quality_inactive where client_org_id = $1 and learning_path_id = $2), 0) as "part!",
                  coalesce((select members from quality_inactive where client_org_id = $1 and learning_path_id = $2), 0) as "whole!",
                  (select counted_at from quality_inactive where client_org_id = 0 and learning_path_id = 0) as "counted_at: DateTime<Utc>""#,
        client,
        path,
    )
    .fetch_one(pool)
    .await?;
    Ok((Count { part: r.part, whole: r.whole }, r.counted_at))
}

/// Counts `inactive` again for every client and path (4 s at a million learners, in the
/// background), replacing the previous count in one transaction so pages read one or the other.
pub async fn count_inactive(pool: &PgPool, today: NaiveDate, days: i64) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    sqlx::query!("delete from quality_inactive").execute(&mut *tx).await?;
    sqlx::query!(
        r#"insert into quality_inactive (client_org_id, learning_path_id, members, inactive, counted_at)
           select coalesce(client_org_id, 0), coalesce(learning_path_id, 0),
                  count(distinct learner_id), count(distinct learner_id) filter (where not active), now()
             from (select cm.learner_id, c.client_org_id, c.learning_path_id,
                          exists (select 1 from learner_day d where d.learner_id = cm.learner_id and d.day > $1::date - $2::int) as active
                     from cohort_member cm
                     join cohort c on c.cohort_id = cm.cohort_id
                    where c.status = 'active' and cm.joined_at < $1::date - $2::int) m
            group by grouping sets ((), (client_org_id), (learning_path_id), (client_org_id, learning_path_id))"#,
        today as NaiveDate,
        days as i32,
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await
}

/// Cohorts (not cancelled) whose end date falls in the period, how many of them have members who
/// have not completed the cohort's path, and how many such members there are.
pub async fn ended(pool: &PgPool, client: i64, path: i64, from: NaiveDate, to: NaiveDate) -> Result<(Count, i64), sqlx::Error> {
    let r = sqlx::query!(
        r#"select count(*) filter (where unfinished > 0) as "part!", count(*) as "whole!", coalesce(sum(unfinished), 0)::int8 as "unfinished!"
             from cohort_completion
            where ends_on between $3 and $4 and status <> 'cancelled'
              and ($1::int8 = 0 or client_org_id = $1) and ($2::int8 = 0 or learning_path_id = $2)"#,
        client,
        path,
        from as NaiveDate,
        to as NaiveDate,
    )
    .fetch_one(pool)
    .await?;
    Ok((Count { part: r.part, whole: r.whole }, r.unfinished))
}

/// The cohorts `ended` counts with unfinished members, most unfinished first.
pub async fn ended_cohorts(
    pool: &PgPool,
    client: i64,
    path: i64,
    from: NaiveDate,
    to: NaiveDate,
    limit: i64,
) -> Result<Vec<EndedCohort>, sqlx::Error> {
    sqlx::query_as!(
        EndedCohort,
        r#"select k.cohort_id as "cohort_id!", c.name, o.client_org_id as client_id, o.name as client_name, k.trainer_id,
                  coalesce(tp.display_name, tu.email) as "trainer_name?", k.ends_on as "ends_on!: NaiveDate",
                  k.members as "members!", k.unfinished as "unfinished!"
             from cohort_completion k
             join cohort c on c.cohort_id = k.cohort_id
             join client_org o on o.client_org_id = k.client_org_id
             left join app_user tu on tu.user_id = k.trainer_id
             left join profile tp on tp.user_id = k.trainer_id
            where k.ends_on between $3 and $4 and k.status <> 'cancelled' and k.unfinished > 0
              and ($1::int8 = 0 or k.client_org_id = $1) and ($2::int8 = 0 or k.learning_path_id = $2)
            order by k.unfinished desc, k.ends_on, k.cohort_id
            limit $5"#,
        client,
        path,
        from as NaiveDate,
        to as NaiveDate,
        limit,
    )
    .fetch_all(pool)
    .await
}
