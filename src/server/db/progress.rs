//! Learning progress: enrolments, lesson progress, and the points a learner has earned.

use crate::model::learner::{LessonKind, ProgressStatus};
use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};

pub struct PathCounts {
    pub learning_path_id: i64,
    pub title: String,
    pub completed: i64,
    pub total: i64,
}

/// Every path the learner is enrolled in with lessons done and lessons in all, the one to show
/// first (unfinished, most recently enrolled) at the front.
pub async fn path_counts(pool: &PgPool, learner_id: i64) -> Result<Vec<PathCounts>, sqlx::Error> {
    sqlx::query_as!(
        PathCounts,
        r#"select e.learning_path_id, lp.title,
                  (select count(*) from lesson_progress p join lesson l using (lesson_id) join module m using (module_id)
                    where p.learner_id = e.learner_id and p.status = 'completed'
                      and m.learning_path_id = e.learning_path_id) as "completed!",
                  (select count(*) from lesson l join module m using (module_id)
                    where m.learning_path_id = e.learning_path_id) as "total!"
             from enrolment e join learning_path lp using (learning_path_id)
            where e.learner_id = $1
            order by (e.completed_at is null) desc, e.enrolled_at desc, e.enrolment_id desc"#,
        learner_id
    )
    .fetch_all(pool)
    .await
}

/// Points from finished lessons, passed assessments and achievements together.
pub async fn points(pool: &PgPool, learner_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        r#"select (select coalesce(sum(points_awarded), 0) from lesson_progress where learner_id = $1)
                + (select coalesce(sum(points_awarded), 0) from submission where learner_id = $1)
                + (select coalesce(sum(a.points), 0) from earned_achievement e join achievement a using (achievement_id)
                    where e.learner_id = $1) as "points!""#,
        learner_id
    )
    .fetch_one(pool)
    .await
}

/// What a progress write needs to know about a lesson and the learner's place in its path.
pub struct Gate {
    pub kind: LessonKind,
    pub minutes: i32,
    pub difficulty: i16,
    pub learning_path_id: i64,
    pub open_enrolment: bool,
    pub enrolled: bool,
    /// A video's length, from the lesson's content.
    pub duration_seconds: Option<i32>,
    /// The lesson may be saved to a phone.
    pub offline_available: bool,
}

/// None when there is no such lesson.
pub async fn gate(conn: &mut PgConnection, learner_id: i64, lesson_id: i64) -> Result<Option<Gate>, sqlx::Error> {
    sqlx::query_as!(
        Gate,
        r#"select l.kind as "kind: LessonKind", l.minutes, l.difficulty, m.learning_path_id, lp.open_enrolment,
                  exists (select 1 from enrolment e where e.learner_id = $1 and e.learning_path_id = m.learning_path_id) as "enrolled!",
                  case when jsonb_typeof(l.content -> 'duration_seconds') = 'number'
                       then (l.content ->> 'duration_seconds')::numeric::int end as duration_seconds,
                  l.offline_available
             from lesson l join module m using (module_id) join learning_path lp using (learning_path_id)
            where l.lesson_id = $2"#,
        learner_id,
        lesson_id
    )
    .fetch_optional(conn)
    .await
}

/// The learner's progress in a lesson, held (row-locked) until the transaction ends.
pub struct Held {
    pub status: ProgressStatus,
    pub seconds_spent: i32,
    pub percent: i16,
    pub position: i32,
    /// The row was made by this call: the learner has just started the lesson.
    pub started_now: bool,
}

/// Makes the progress row if there is none (started at `at`) and locks it, so two saves of one
/// lesson (two tabs, a retried request) apply one after the other instead of overwriting each other.
pub async fn hold(conn: &mut PgConnection, learner_id: i64, lesson_id: i64, at: DateTime<Utc>) -> Result<Held, sqlx::Error> {
    // Most saves find the row: one round trip. The first makes it (two racing first saves both
    // end up locking the one row).
    let mut started_now = false;
    for _ in 0..2 {
        let row = sqlx::query!(
            r#"select status as "status: ProgressStatus", seconds_spent, percent, position from lesson_progress
                where learner_id = $1 and lesson_id = $2 for update"#,
            learner_id,
            lesson_id
        )
        .fetch_optional(&mut *conn)
        .await?;
        if let Some(row) = row {
            return Ok(Held {
                status: row.status,
                seconds_spent: row.seconds_spent,
                percent: row.percent,
                position: row.position,
                started_now,
            });
        }
        started_now = sqlx::query_scalar!(
            r#"insert into lesson_progress (learner_id, lesson_id, status, started_at) values ($1, $2, 'started', $3)
               on conflict (learner_id, lesson_id) do nothing returning true as "made!""#,
            learner_id,
            lesson_id,
            at as DateTime<Utc>
        )
        .fetch_optional(&mut *conn)
        .await?
        .is_some();
    }
    // Made or found, then gone before it could be locked (the learner's data erased meanwhile).
    Err(sqlx::Error::RowNotFound)
}

/// Stores a save: the highest share reached, the latest position, the time counted so far.
pub async fn store(
    conn: &mut PgConnection,
    learner_id: i64,
    lesson_id: i64,
    percent: i16,
    position: i32,
    seconds_spent: i32,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "update lesson_progress set percent = greatest(percent, $3), position = $4, seconds_spent = $5, updated_at = now()
          where learner_id = $1 and lesson_id = $2",
        learner_id,
        lesson_id,
        percent,
        position,
        seconds_spent
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Marks a held, unfinished lesson completed with its points.
/// Completes the lesson at `at` (a phone's time, for a lesson done offline). A lesson the
/// learner had saved to their phone is marked as done from the download.
pub async fn complete(conn: &mut PgConnection, learner_id: i64, lesson_id: i64, points: i32, at: DateTime<Utc>) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "update lesson_progress p set status = 'completed', completed_at = greatest($4, p.started_at), percent = 100,
                points_awarded = $3, updated_at = now(),
                downloaded_at = coalesce(p.downloaded_at,
                                         (select c.saved_at from offline_copy c where c.learner_id = $1 and c.lesson_id = $2))
          where p.learner_id = $1 and p.lesson_id = $2 and p.status = 'started'",
        learner_id,
        lesson_id,
        points,
        at as DateTime<Utc>
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Enrols the learner; false when they already were.
pub async fn enrol(conn: &mut PgConnection, learner_id: i64, learning_path_id: i64) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query_scalar!(
        r#"insert into enrolment (learner_id, learning_path_id) values ($1, $2)
           on conflict (learner_id, learning_path_id) do nothing returning true as "made!""#,
        learner_id,
        learning_path_id
    )
    .fetch_optional(conn)
    .await?
    .is_some())
}

/// Marks the enrolment completed when every lesson of the path is; once.
pub async fn close_enrolment_if_done(conn: &mut PgConnection, learner_id: i64, learning_path_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "update enrolment e set completed_at = now(), updated_at = now()
          where e.learner_id = $1 and e.learning_path_id = $2 and e.completed_at is null
            and not exists (select 1 from lesson l join module m using (module_id)
                             where m.learning_path_id = $2
                               and not exists (select 1 from lesson_progress p
                                                where p.lesson_id = l.lesson_id and p.learner_id = $1 and p.status = 'completed'))",
        learner_id,
        learning_path_id
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// An interactive lesson's scenario steps as stored; None for another kind or a lesson without any.
pub async fn scenario_steps(conn: &mut PgConnection, lesson_id: i64) -> Result<Option<serde_json::Value>, sqlx::Error> {
    Ok(sqlx::query_scalar!(r#"select content -> 'steps' as "steps" from lesson where lesson_id = $1 and kind = 'interactive'"#, lesson_id)
        .fetch_optional(conn)
        .await?
        .flatten())
}
