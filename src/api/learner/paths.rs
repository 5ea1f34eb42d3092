//! Learning paths: the learner's own and the open ones (`/learn/paths`), one path's modules and
//! lessons (`/learn/paths/{id}`), and joining an open path.

use crate::error::AppError;
use crate::model::learner::{LearnerPaths, PathOutline};
use leptos::prelude::*;

#[server(endpoint = "learner/paths")]
pub async fn get_learner_paths() -> Result<LearnerPaths, AppError> {
    use crate::auth::{Role, guard};
    use crate::domain::progress;
    use crate::model::learner::PathCard;
    use crate::server::db::{lessons, users};

    let me = guard::require_role(Role::Learner)?;
    let pool = guard::pool()?;
    let (profile, rows) = tokio::try_join!(users::learner_profile(&pool, me.user_id), lessons::paths_for_learner(&pool, me.user_id))?;
    let (mine, open): (Vec<PathCard>, Vec<PathCard>) = rows
        .into_iter()
        .map(|r| PathCard {
            learning_path_id: r.learning_path_id,
            title: r.title,
            summary: r.summary,
            trade: r.trade,
            enrolled: r.enrolled,
            open_enrolment: r.open_enrolment,
            completed_lessons: r.completed,
            total_lessons: r.total,
            total_minutes: r.total_minutes,
            percent: progress::percent(r.completed, r.total),
        })
        .partition(|p| p.enrolled);
    Ok(LearnerPaths { display_name: profile.display_name, mine, open })
}

#[server(endpoint = "learner/path")]
pub async fn get_path(path: i64) -> Result<PathOutline, AppError> {
    use crate::auth::{Role, guard};
    use crate::domain::progress;
    use crate::model::learner::{LessonStatus, OutlineLesson, OutlineModule};
    use crate::server::db::{lessons, users};

    let me = guard::require_role(Role::Learner)?;
    let pool = guard::pool()?;
    let access = lessons::path_access(&pool, me.user_id, path).await?.ok_or(AppError::NotFound)?;
    if !access.enrolled && !access.open_enrolment {
        return Err(AppError::Forbidden);
    }
    let (profile, rows) = tokio::try_join!(users::learner_profile(&pool, me.user_id), lessons::outline(&pool, me.user_id, path))?;
    let mut modules: Vec<OutlineModule> = Vec::new();
    let (mut in_progress, mut not_done, mut completed) = (None, None, 0i64);
    let total = rows.len() as i64;
    for r in rows {
        let status = LessonStatus::of(r.status);
        match status {
            LessonStatus::Done => completed += 1,
            LessonStatus::InProgress => in_progress = in_progress.or(Some(r.lesson_id)),
            LessonStatus::NotStarted => not_done = not_done.or(Some(r.lesson_id)),
        }
        let lesson = OutlineLesson {
            lesson_id: r.lesson_id,
            title: r.title,
            kind: r.kind,
            minutes: r.minutes,
            size_bytes: r.size_bytes,
            offline_available: r.offline_available,
            status,
            percent: r.percent.map_or(0, |p| p.clamp(0, 100) as u8),
            media: r.media.iter().map(|key| format!("/media/{key}")).collect(),
        };
        match modules.last_mut() {
            Some(m) if m.module_id == r.module_id => m.lessons.push(lesson),
            _ => modules.push(OutlineModule {
                module_id: r.module_id,
                position: r.module_position,
                title: r.module_title,
                summary: r.module_summary,
                lessons: vec![lesson],
            }),
        }
    }
    Ok(PathOutline {
        display_name: profile.display_name,
        learning_path_id: path,
        title: access.title,
        summary: access.summary,
        enrolled: access.enrolled,
        open_enrolment: access.open_enrolment,
        completed_lessons: completed,
        total_lessons: total,
        percent: progress::percent(completed, total),
        resume: if access.enrolled { in_progress.or(not_done) } else { None },
        modules,
    })
}

/// Joins an open path (a form post); joining twice changes nothing.
#[server(endpoint = "learner/enrol")]
pub async fn enrol(path: i64) -> Result<(), AppError> {
    use crate::auth::{Role, guard, session};
    use crate::model::forms::{Field, Form, FormFlash, Notice, Problem};
    use crate::model::ops::AuditAction;
    use crate::server::db::{audit, lessons, progress};

    let me = guard::require_role(Role::Learner)?;
    let pool = guard::pool()?;
    let sess = session::session().await?;
    let access = lessons::path_access(&pool, me.user_id, path).await?.ok_or(AppError::NotFound)?;
    let flash = FormFlash::new(Form::Learn);
    if !access.open_enrolment && !access.enrolled {
        return session::back_to(&sess, "/learn/paths", flash.with_error(Field::Path, Problem::PathNotOpen)).await;
    }
    let mut tx = pool.begin().await?;
    if progress::enrol(&mut tx, me.user_id, path).await? {
        audit::record(&mut tx, Some(me.user_id), AuditAction::Enrolled, "learning_path", Some(path), serde_json::json!({})).await?;
    }
    tx.commit().await?;
    session::back_to(&sess, &format!("/learn/paths/{path}"), flash.with_notice(Notice::Enrolled)).await
}
