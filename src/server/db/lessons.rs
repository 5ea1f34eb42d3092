//! The catalogue: paths, modules and lessons, read in course order.

use crate::model::learner::{LessonKind, NextLesson, ProgressStatus};
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

pub struct PathRow {
    pub learning_path_id: i64,
    pub title: String,
    pub summary: String,
    pub trade: String,
    pub enrolled: bool,
    pub open_enrolment: bool,
    pub completed: i64,
    pub total: i64,
    pub total_minutes: i64,
}

/// The learner's paths and the open ones, the learner's own first (unfinished, most recently
/// enrolled first), then open paths by title.
pub async fn paths_for_learner(pool: &PgPool, learner_id: i64) -> Result<Vec<PathRow>, sqlx::Error> {
    sqlx::query_as!(
        PathRow,
        r#"select lp.learning_path_id, lp.title, lp.summary, lp.trade, e.enrolment_id is not null as "enrolled!", lp.open_enrolment,
                  (select count(*) from lesson_progress p join lesson l using (lesson_id) join module m using (module_id)
                    where p.learner_id = $1 and p.status = 'completed' and m.learning_path_id = lp.learning_path_id) as "completed!",
                  (select count(*) from lesson l join module m using (module_id)
                    where m.learning_path_id = lp.learning_path_id) as "total!",
                  (select coalesce(sum(l.minutes), 0) from lesson l join module m using (module_id)
                    where m.learning_path_id = lp.learning_path_id)::bigint as "total_minutes!"
             from learning_path lp
             left join enrolment e on e.learning_path_id = lp.learning_path_id and e.learner_id = $1
            where e.enrolment_id is not null or lp.open_enrolment
            order by e.enrolment_id is null, e.completed_at is not null, e.enrolled_at desc, lp.title"#,
        learner_id
    )
    .fetch_all(pool)
    .await
}

/// Whether the learner is enrolled in a path and whether it is open; None when there is no such path.
pub struct PathAccess {
    pub title: String,
    pub summary: String,
    pub enrolled: bool,
    pub open_enrolment: bool,
}

pub async fn path_access(pool: &PgPool, learner_id: i64, learning_path_id: i64) -> Result<Option<PathAccess>, sqlx::Error> {
    sqlx::query_as!(
        PathAccess,
        r#"select lp.title, lp.summary, lp.open_enrolment,
                  exists (select 1 from enrolment e where e.learner_id = $1 and e.learning_path_id = lp.learning_path_id) as "enrolled!"
             from learning_path lp where lp.learning_path_id = $2"#,
        learner_id,
        learning_path_id
    )
    .fetch_optional(pool)
    .await
}

pub struct OutlineRow {
    pub module_id: i64,
    pub module_position: i32,
    pub module_title: String,
    pub module_summary: String,
    pub lesson_id: i64,
    pub title: String,
    pub kind: LessonKind,
    pub minutes: i32,
    pub size_bytes: i64,
    pub offline_available: bool,
    pub status: Option<ProgressStatus>,
    pub percent: Option<i16>,
    pub skills: Vec<String>,
    /// Media-store keys the lesson plays (a video and its poster), saved with it for offline use.
    pub media: Vec<String>,
}

impl OutlineRow {
    pub fn done(&self) -> bool {
        self.status == Some(ProgressStatus::Completed)
    }
}

/// Every lesson of the path in course order, with the learner's progress in each and the skills
/// it practises (the outline page, the progress page and the next steps all read this).
pub async fn outline(pool: &PgPool, learner_id: i64, learning_path_id: i64) -> Result<Vec<OutlineRow>, sqlx::Error> {
    sqlx::query_as!(
        OutlineRow,
        r#"select m.module_id, m.position as module_position, m.title as module_title, m.summary as module_summary,
                  l.lesson_id, l.title, l.kind as "kind: LessonKind", l.minutes, l.size_bytes, l.offline_available,
                  p.status as "status?: ProgressStatus", p.percent as "percent?", l.skills,
                  array_remove(array[nullif(l.content ->> 'media', ''), nullif(l.content ->> 'poster', '')], null) as "media!"
             from module m join lesson l using (module_id)
             left join lesson_progress p on p.lesson_id = l.lesson_id and p.learner_id = $1
            where m.learning_path_id = $2
            order by m.position, l.position"#,
        learner_id,
        learning_path_id
    )
    .fetch_all(pool)
    .await
}

pub struct LessonRow {
    pub lesson_id: i64,
    pub title: String,
    pub kind: LessonKind,
    pub difficulty: i16,
    pub minutes: i32,
    pub size_bytes: i64,
    pub offline_available: bool,
    pub content: serde_json::Value,
    pub module_id: i64,
    pub module_title: String,
    pub learning_path_id: i64,
    pub path_title: String,
    pub open_enrolment: bool,
    pub enrolled: bool,
    pub status: Option<ProgressStatus>,
    pub percent: Option<i16>,
    pub position: Option<i32>,
    pub previous_id: Option<i64>,
    pub previous_title: Option<String>,
    pub next_id: Option<i64>,
    pub next_title: Option<String>,
}

/// A lesson with its place in the path (the lessons before and after it, across modules), the
/// learner's access to the path and their progress in it; None when there is no such lesson.
pub async fn lesson_for_learner(pool: &PgPool, learner_id: i64, lesson_id: i64) -> Result<Option<LessonRow>, sqlx::Error> {
    sqlx::query_as!(
        LessonRow,
        r#"with course as (
               select l.lesson_id, l.title,
                      lag(l.lesson_id) over w as previous_id, lag(l.title) over w as previous_title,
                      lead(l.lesson_id) over w as next_id, lead(l.title) over w as next_title
                 from lesson l join module m using (module_id)
                where m.learning_path_id = (select m2.learning_path_id from lesson l2 join module m2 using (module_id)
                                             where l2.lesson_id = $2)
               window w as (order by m.position, l.position)
           )
           select l.lesson_id, l.title, l.kind as "kind: LessonKind", l.difficulty, l.minutes, l.size_bytes, l.offline_available,
                  l.content, m.module_id, m.title as module_title, lp.learning_path_id, lp.title as path_title, lp.open_enrolment,
                  exists (select 1 from enrolment e where e.learner_id = $1 and e.learning_path_id = lp.learning_path_id) as "enrolled!",
                  p.status as "status?: ProgressStatus", p.percent as "percent?", p.position as "position?",
                  c.previous_id, c.previous_title, c.next_id, c.next_title
             from lesson l join module m using (module_id) join learning_path lp using (learning_path_id)
             join course c on c.lesson_id = l.lesson_id
             left join lesson_progress p on p.lesson_id = l.lesson_id and p.learner_id = $1
            where l.lesson_id = $2"#,
        learner_id,
        lesson_id
    )
    .fetch_optional(pool)
    .await
}

/// The lesson after this one in its path's course order, across modules.
pub async fn next_in_path(pool: &PgPool, lesson_id: i64) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar!(
        r#"select n.lesson_id as "lesson_id!"
             from lesson l join module m using (module_id)
             join module nm on nm.learning_path_id = m.learning_path_id
             join lesson n on n.module_id = nm.module_id
            where l.lesson_id = $1 and (nm.position, n.position) > (m.position, l.position)
            order by nm.position, n.position
            limit 1"#,
        lesson_id
    )
    .fetch_optional(pool)
    .await
}

/// Whether the learner may fetch a media file: some lesson using it (as its video or poster) is
/// on a path they are enrolled in or that is open. None when no lesson uses it.
pub async fn media_readable_by(pool: &PgPool, learner_id: i64, key: &str) -> Result<Option<bool>, sqlx::Error> {
    sqlx::query_scalar!(
        r#"select bool_or(lp.open_enrolment
                          or exists (select 1 from enrolment e where e.learner_id = $1 and e.learning_path_id = lp.learning_path_id))
             from lesson l join module m using (module_id) join learning_path lp using (learning_path_id)
            where l.content ->> 'media' = $2 or l.content ->> 'poster' = $2"#,
        learner_id,
        key
    )
    .fetch_one(pool)
    .await
}

/// A lesson's title (None when there is no such lesson).
pub async fn title(pool: &PgPool, lesson_id: i64) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar!("select title from lesson where lesson_id = $1", lesson_id).fetch_optional(pool).await
}
