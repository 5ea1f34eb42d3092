//! Learning progress: enrolments, lesson progress, and the points a learner has earned.

use sqlx::PgPool;

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

/// Points from finished lessons and from achievements together.
pub async fn points(pool: &PgPool, learner_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        r#"select (select coalesce(sum(points_awarded), 0) from lesson_progress where learner_id = $1)
                + (select coalesce(sum(a.points), 0) from earned_achievement e join achievement a using (achievement_id)
                    where e.learner_id = $1) as "points!""#,
        learner_id
    )
    .fetch_one(pool)
    .await
}

pub struct CompletionCounts {
    pub completed: i64,
    pub started: i64,
}

/// Lessons completed, and lessons started (completed or not), across the organisation.
pub async fn completion_counts(pool: &PgPool) -> Result<CompletionCounts, sqlx::Error> {
    sqlx::query_as!(
        CompletionCounts,
        r#"select count(*) filter (where status = 'completed') as "completed!", count(*) as "started!"
             from lesson_progress"#
    )
    .fetch_one(pool)
    .await
}
