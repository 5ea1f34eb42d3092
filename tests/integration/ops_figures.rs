//! Operations figures agree with the raw event log they summarise.

use crate::common::*;
use sqlx::PgPool;

#[sqlx::test(migrations = "./migrations")]
async fn weekly_rollup_matches_the_event_log(pool: PgPool) {
    let app = spawn(pool).await;
    let rollup = ruralrise::server::db::activity::weekly(&app.pool, 8).await.unwrap();
    assert_eq!(rollup.len(), 8);
    let direct: Vec<(String, i64, i64)> = sqlx::query_as(
        "select to_char(w, 'YYYY-MM-DD'),
                (select count(distinct user_id) from activity_event
                  where kind <> 'sign_in' and date_trunc('week', occurred_at at time zone 'UTC') = w),
                (select count(*) from activity_event
                  where kind = 'lesson_completed' and date_trunc('week', occurred_at at time zone 'UTC') = w)
           from generate_series(date_trunc('week', now() at time zone 'UTC') - interval '7 weeks',
                                date_trunc('week', now() at time zone 'UTC'), interval '1 week') as w
          order by w",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    let from_rollup: Vec<(String, i64, i64)> =
        rollup.into_iter().map(|w| (w.week_start.to_string(), w.active_learners, w.lessons_completed)).collect();
    assert_eq!(from_rollup, direct);
    assert!(direct.iter().any(|(_, active, _)| *active > 0), "the demo world has activity to compare");

    // A later single event lands in the rollup too, and sign-ins never do.
    let learner: i64 =
        sqlx::query_scalar("select user_id from app_user where email = $1").bind(LEARNER).fetch_one(&app.pool).await.unwrap();
    let week_events = |pool: PgPool| async move {
        sqlx::query_scalar::<_, i64>(
            "select coalesce(sum(lessons_completed), 0)::bigint from weekly_activity
              where user_id = $1 and week_start = date_trunc('week', now() at time zone 'UTC')::date",
        )
        .bind(learner)
        .fetch_one(&pool)
        .await
        .unwrap()
    };
    let before = week_events(app.pool.clone()).await;
    sqlx::query("insert into activity_event (user_id, kind, minutes) values ($1, 'lesson_completed', 12), ($1, 'sign_in', 0)")
        .bind(learner)
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(week_events(app.pool.clone()).await, before + 1);
}
