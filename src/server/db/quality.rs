//! What `/ops/quality` counts, for a client and a path (0: every one), with the thresholds of
//! `domain::quality`. Graded work belongs to the cohort it was handed in through; grading
//! turnaround comes from the KPI rollups (`server::db::kpi::turnaround`).

use crate::domain::kpi::Period;
use crate::domain::quality::Count;
use crate::model::ops::EndedCohort;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgPool;

/// Over the work trainers graded in the period, in one pass: how much came with written feedback
/// (of all of it), and how many of its open answers were graded against a rubric of at least
/// `min_criteria` criteria (of all its open answers).
pub async fn graded(pool: &PgPool, client: i64, path: i64, period: Period, min_criteria: i32) -> Result<(Count, Count), sqlx::Error> {
    let (from, until) = period.instants();
    let r = sqlx::query!(
        r#"select count(*) filter (where length(btrim(coalesce(s.feedback, ''))) > 0) as "feedback!", count(*) as "graded!",
                  coalesce(sum(i.written), 0)::int8 as "written!", coalesce(sum(i.open), 0)::int8 as "open!"
             from submission s
             left join cohort c on c.cohort_id = s.cohort_id
             left join (select assessment_id, count(*) as open,
                               count(*) filter (where jsonb_array_length(rubric -> 'criteria') >= $5) as written
                          from assessment_item where kind = 'open' group by assessment_id) i on i.assessment_id = s.assessment_id
            where s.graded_by is not null and s.graded_at >= $3 and s.graded_at < $4
              and ($1::int8 = 0 or c.client_org_id = $1) and ($2::int8 = 0 or c.learning_path_id = $2)"#,
        client,
        path,
        from as DateTime<Utc>,
        until as DateTime<Utc>,
        min_criteria,
    )
    .fetch_one(pool)
    .await?;
    Ok((Count { part: r.feedback, whole: r.graded }, Count { part: r.written, whole: r.open }))
}

/// Criterion levels the model pre-scored and a trainer graded in the period (`graded_level_pair`,
/// as on `/ops/trainers`), and how many the two put on the same level.
pub async fn agreement(pool: &PgPool, client: i64, path: i64, period: Period) -> Result<Count, sqlx::Error> {
    let (from, until) = period.instants();
    let r = sqlx::query!(
        r#"select count(*) filter (where g.ai = g.trainer) as "part!", count(*) as "whole!"
             from graded_level_pair g
             left join cohort c on c.cohort_id = g.cohort_id
            where g.graded_at >= $3 and g.graded_at < $4
              and ($1::int8 = 0 or c.client_org_id = $1) and ($2::int8 = 0 or c.learning_path_id = $2)"#,
        client,
        path,
        from as DateTime<Utc>,
        until as DateTime<Utc>,
    )
    .fetch_one(pool)
    .await?;
    Ok(Count { part: r.part, whole: r.whole })
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

/// Learners who have been in a running cohort for at least `days` days, and how many of them
/// did no learning in the last `days` days up to `today`.
pub async fn inactive(pool: &PgPool, client: i64, path: i64, today: NaiveDate, days: i64) -> Result<Count, sqlx::Error> {
    let r = sqlx::query!(
        r#"select count(*) filter (where not exists (select 1 from learner_day d
                                                      where d.learner_id = m.learner_id and d.day > $3::date - $4::int)) as "part!",
                  count(*) as "whole!"
             from (select distinct cm.learner_id
                     from cohort_member cm
                     join cohort c on c.cohort_id = cm.cohort_id
                    where c.status = 'active' and cm.joined_at < $3::date - $4::int
                      and ($1::int8 = 0 or c.client_org_id = $1) and ($2::int8 = 0 or c.learning_path_id = $2)) m"#,
        client,
        path,
        today as NaiveDate,
        days as i32,
    )
    .fetch_one(pool)
    .await?;
    Ok(Count { part: r.part, whole: r.whole })
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
