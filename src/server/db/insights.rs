//! What the learner's next steps are read from: the lessons of a path with their skills and the
//! learner's standing, and the insights the learner dismissed as not useful.

use crate::model::learner::LessonKind;
use sqlx::PgPool;

pub struct PathLesson {
    pub lesson_id: i64,
    pub title: String,
    pub kind: LessonKind,
    pub minutes: i32,
    pub skills: Vec<String>,
    pub done: bool,
    pub module_title: String,
}

/// The path's lessons in course order, each with whether the learner has finished it.
pub async fn path_lessons(pool: &PgPool, learner_id: i64, learning_path_id: i64) -> Result<Vec<PathLesson>, sqlx::Error> {
    sqlx::query_as!(
        PathLesson,
        r#"select l.lesson_id, l.title, l.kind as "kind: LessonKind", l.minutes, l.skills, m.title as module_title,
                  exists (select 1 from lesson_progress p where p.learner_id = $1 and p.lesson_id = l.lesson_id and p.status = 'completed')
                    as "done!"
             from lesson l join module m using (module_id)
            where m.learning_path_id = $2
            order by m.position, l.position"#,
        learner_id,
        learning_path_id
    )
    .fetch_all(pool)
    .await
}

/// Keys of the insights the learner said were not useful.
pub async fn dismissed(pool: &PgPool, learner_id: i64) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar!("select insight_key from insight_dismissal where learner_id = $1", learner_id).fetch_all(pool).await
}

/// Records "not useful" for one insight (once; a second press changes nothing). Returns whether
/// it was new.
pub async fn dismiss(pool: &PgPool, learner_id: i64, key: &str) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query!("insert into insight_dismissal (learner_id, insight_key) values ($1, $2) on conflict do nothing", learner_id, key)
            .execute(pool)
            .await?;
    Ok(done.rows_affected() == 1)
}
