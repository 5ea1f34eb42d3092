//! The catalogue: paths, modules and lessons, read in course order.

use crate::model::learner::{LessonKind, NextLesson};
use sqlx::PgPool;

/// The first lesson of the path, in course order, that the learner has not completed.
pub async fn next_for_learner(pool: &PgPool, learner_id: i64, learning_path_id: i64) -> Result<Option<NextLesson>, sqlx::Error> {
    sqlx::query_as!(
        NextLesson,
        r#"select l.lesson_id, l.title, m.title as module_title, l.kind as "kind: LessonKind", l.minutes, l.offline_available
             from lesson l join module m using (module_id)
            where m.learning_path_id = $2
              and not exists (select 1 from lesson_progress p
                               where p.lesson_id = l.lesson_id and p.learner_id = $1 and p.status = 'completed')
            order by m.position, l.position
            limit 1"#,
        learner_id,
        learning_path_id
    )
    .fetch_optional(pool)
    .await
}
