//! What a learner's dashboard reads: enrolments, lesson progress, activity, points, achievements.

use crate::model::NextLesson;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgPool;

pub struct LearnerProfile {
    pub display_name: String,
    pub weekly_goal_minutes: i32,
    pub time_zone: String,
}

pub async fn profile(pool: &PgPool, learner_id: i64) -> Result<LearnerProfile, sqlx::Error> {
    let (display_name, weekly_goal_minutes, time_zone): (String, i32, String) =
        sqlx::query_as("select display_name, weekly_goal_minutes, time_zone from profile where user_id = $1")
            .bind(learner_id)
            .fetch_one(pool)
            .await?;
    Ok(LearnerProfile { display_name, weekly_goal_minutes, time_zone })
}

pub struct PathCounts {
    pub learning_path_id: i64,
    pub title: String,
    pub completed: i64,
    pub total: i64,
    pub finished: bool,
}

/// Every path the learner is enrolled in with lessons done and lessons in all, the one to show
/// first (unfinished, most recently enrolled) at the front.
pub async fn path_counts(pool: &PgPool, learner_id: i64) -> Result<Vec<PathCounts>, sqlx::Error> {
    let rows: Vec<(i64, String, i64, i64, bool)> = sqlx::query_as(
        "select e.learning_path_id, lp.title,
                (select count(*) from lesson_progress p join lesson l using (lesson_id) join module m using (module_id)
                  where p.learner_id = e.learner_id and p.status = 'completed' and m.learning_path_id = e.learning_path_id),
                (select count(*) from lesson l join module m using (module_id) where m.learning_path_id = e.learning_path_id),
                e.completed_at is not null
           from enrolment e join learning_path lp using (learning_path_id)
          where e.learner_id = $1
          order by (e.completed_at is null) desc, e.enrolled_at desc, e.enrolment_id desc",
    )
    .bind(learner_id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(learning_path_id, title, completed, total, finished)| PathCounts { learning_path_id, title, completed, total, finished })
        .collect())
}

/// The first lesson of the path, in course order, that the learner has not completed.
pub async fn next_lesson(pool: &PgPool, learner_id: i64, learning_path_id: i64) -> Result<Option<NextLesson>, sqlx::Error> {
    let row: Option<(i64, String, String, String, i32, bool)> = sqlx::query_as(
        "select l.lesson_id, l.title, m.title, l.kind, l.minutes, l.offline_available
           from lesson l join module m using (module_id)
          where m.learning_path_id = $2
            and not exists (select 1 from lesson_progress p
                             where p.lesson_id = l.lesson_id and p.learner_id = $1 and p.status = 'completed')
          order by m.position, l.position
          limit 1",
    )
    .bind(learner_id)
    .bind(learning_path_id)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|(lesson_id, title, module_title, kind, minutes, offline_available)| NextLesson {
        lesson_id,
        title,
        module_title,
        kind,
        minutes,
        offline_available,
    }))
}

/// Minutes of learning recorded in [from, to).
pub async fn minutes_between(pool: &PgPool, learner_id: i64, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "select coalesce(sum(minutes), 0)::bigint from activity_event
          where user_id = $1 and occurred_at >= $2 and occurred_at < $3",
    )
    .bind(learner_id)
    .bind(from)
    .bind(to)
    .fetch_one(pool)
    .await
}

/// Local calendar days (in `time_zone`) with learning activity since `since`.
/// Signing in alone does not keep a streak alive.
pub async fn active_days(pool: &PgPool, learner_id: i64, time_zone: &str, since: DateTime<Utc>) -> Result<Vec<NaiveDate>, sqlx::Error> {
    sqlx::query_scalar(
        "select distinct (occurred_at at time zone $2)::date from activity_event
          where user_id = $1 and occurred_at >= $3 and kind <> 'sign_in'",
    )
    .bind(learner_id)
    .bind(time_zone)
    .bind(since)
    .fetch_all(pool)
    .await
}

pub async fn points(pool: &PgPool, learner_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "select (select coalesce(sum(points_awarded), 0) from lesson_progress where learner_id = $1)
              + (select coalesce(sum(a.points), 0) from earned_achievement e join achievement a using (achievement_id)
                  where e.learner_id = $1)",
    )
    .bind(learner_id)
    .fetch_one(pool)
    .await
}

pub struct AchievementRow {
    pub title: String,
    pub description: String,
    pub points: i32,
    pub earned_at: DateTime<Utc>,
}

pub async fn recent_achievements(pool: &PgPool, learner_id: i64, limit: i64) -> Result<Vec<AchievementRow>, sqlx::Error> {
    let rows: Vec<(String, String, i32, DateTime<Utc>)> = sqlx::query_as(
        "select a.title, a.description, a.points, e.earned_at
           from earned_achievement e join achievement a using (achievement_id)
          where e.learner_id = $1
          order by e.earned_at desc, a.achievement_id desc
          limit $2",
    )
    .bind(learner_id)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(title, description, points, earned_at)| AchievementRow { title, description, points, earned_at })
        .collect())
}
