//! The activity log: what learners did, append-only (the KPI rollups follow it by trigger).

use crate::model::learner::ActivityKind;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{PgConnection, PgPool};

/// An event at `at`: now, or when a phone says it happened offline (within the sync's bounds).
pub async fn record(conn: &mut PgConnection, user_id: i64, kind: ActivityKind, at: DateTime<Utc>) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "insert into activity_event (user_id, kind, occurred_at) values ($1, $2, $3)",
        user_id,
        kind as ActivityKind,
        at as DateTime<Utc>
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Minutes of learning recorded in [from, to).
pub async fn minutes_between(pool: &PgPool, learner_id: i64, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        r#"select coalesce(sum(minutes), 0)::bigint as "minutes!" from activity_event
            where user_id = $1 and occurred_at >= $2 and occurred_at < $3"#,
        learner_id,
        from as DateTime<Utc>,
        to as DateTime<Utc>
    )
    .fetch_one(pool)
    .await
}

/// Local calendar days (in `time_zone`) with learning activity since `since`.
/// Signing in alone does not keep a streak alive.
pub async fn active_days(pool: &PgPool, learner_id: i64, time_zone: &str, since: DateTime<Utc>) -> Result<Vec<NaiveDate>, sqlx::Error> {
    sqlx::query_scalar!(
        r#"select distinct (occurred_at at time zone $2)::date as "day!: NaiveDate" from activity_event
            where user_id = $1 and occurred_at >= $3 and kind <> 'sign_in'"#,
        learner_id,
        time_zone,
        since as DateTime<Utc>
    )
    .fetch_all(pool)
    .await
}

/// A learning event about a lesson at `at`, with the minutes it adds (0 for most kinds).
pub async fn record_lesson(
    conn: &mut PgConnection,
    user_id: i64,
    kind: ActivityKind,
    lesson_id: i64,
    minutes: i32,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "insert into activity_event (user_id, kind, lesson_id, minutes, occurred_at) values ($1, $2, $3, $4, $5)",
        user_id,
        kind as ActivityKind,
        lesson_id,
        minutes,
        at as DateTime<Utc>
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Minutes of learning per local day (in `time_zone`) since `since`, for the days with learning
/// events (a day with only a sign-in is not listed).
pub async fn minutes_by_day(
    conn: &mut PgConnection,
    learner_id: i64,
    time_zone: &str,
    since: DateTime<Utc>,
) -> Result<Vec<(NaiveDate, i64)>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"select (occurred_at at time zone $2)::date as "day!: NaiveDate", coalesce(sum(minutes), 0)::bigint as "minutes!"
             from activity_event where user_id = $1 and occurred_at >= $3 and kind <> 'sign_in'
            group by 1"#,
        learner_id,
        time_zone,
        since as DateTime<Utc>
    )
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|r| (r.day, r.minutes)).collect())
}
