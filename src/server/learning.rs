//! Recording study: a progress save or a completion, with the time it counts, the activity it
//! logs, the points it earns and the achievements it brings, all in one transaction.

use crate::domain::{points, study};
use crate::error::AppError;
use crate::model::forms::{Field, Problem};
use crate::model::learner::{AchievementCode, ActivityKind, ProgressStatus};
use crate::server::achievements::{self, Clock};
use crate::server::db::{activity, progress, users};
use sqlx::PgPool;

/// How a lesson may be completed by this write.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Finish {
    /// Only if the save meets the kind's own rule (a video watched to 90 %, every step done).
    ByRule,
    /// The learner says they have finished (text lessons only).
    ByLearner,
}

pub struct Studied {
    pub percent: u8,
    /// The lesson is completed (by this write or before it).
    pub completed: bool,
    /// Points this write earned: the lesson's, when it completed it now.
    pub points: i32,
    pub counted_seconds: i32,
    pub earned: Vec<AchievementCode>,
    pub learning_path_id: i64,
}

pub async fn record(pool: &PgPool, learner_id: i64, lesson_id: i64, save: study::Save, finish: Finish) -> Result<Studied, AppError> {
    let profile = users::learner_profile(pool, learner_id).await?;
    let mut tx = pool.begin().await?;
    let gate = progress::gate(&mut tx, learner_id, lesson_id).await?.ok_or(AppError::NotFound)?;
    if !gate.enrolled {
        // A path one may not see is refused outright; an open one must be joined first.
        return Err(if gate.open_enrolment { AppError::invalid(Field::Path, Problem::NotEnrolled) } else { AppError::Forbidden });
    }
    if finish == Finish::ByLearner && !study::marked_done_by_learner(gate.kind) {
        return Err(AppError::invalid(Field::Lesson, Problem::NotMarkedByHand));
    }
    let held = progress::hold(&mut tx, learner_id, lesson_id).await?;
    let now = chrono::Utc::now();
    if held.started_now {
        activity::record_lesson(&mut tx, learner_id, ActivityKind::LessonStarted, lesson_id, 0).await?;
    }
    let counted = study::counted_seconds(save.seconds, held.seconds_spent, gate.minutes);
    let spent = held.seconds_spent + counted;
    let minutes = study::minutes_gained(held.seconds_spent, spent);
    if minutes > 0 {
        activity::record_lesson(&mut tx, learner_id, ActivityKind::LessonStudied, lesson_id, minutes).await?;
    }
    let percent = i16::from(save.percent).max(held.percent);
    progress::store(&mut tx, learner_id, lesson_id, percent, save.position, spent).await?;
    let was_done = held.status == ProgressStatus::Completed;
    let completes_now = !was_done
        && match finish {
            Finish::ByRule => study::completes(gate.kind, percent.clamp(0, 100) as u8),
            Finish::ByLearner => true,
        };
    let mut earned = Vec::new();
    let mut lesson_points = 0;
    if completes_now {
        lesson_points = points::lesson(gate.difficulty);
        progress::complete(&mut tx, learner_id, lesson_id, lesson_points).await?;
        activity::record_lesson(&mut tx, learner_id, ActivityKind::LessonCompleted, lesson_id, 0).await?;
        progress::close_enrolment_if_done(&mut tx, learner_id, gate.learning_path_id).await?;
    }
    if completes_now || minutes > 0 {
        // New minutes can complete a streak or a weekly goal; a completion can earn the rest.
        let clock = Clock { learner_id, time_zone: &profile.time_zone, weekly_goal_minutes: profile.weekly_goal_minutes };
        earned = achievements::evaluate(&mut tx, &clock, now).await?;
    }
    tx.commit().await?;
    Ok(Studied {
        percent: if was_done || completes_now { 100 } else { percent.clamp(0, 100) as u8 },
        completed: was_done || completes_now,
        points: lesson_points,
        counted_seconds: counted,
        earned,
        learning_path_id: gate.learning_path_id,
    })
}
