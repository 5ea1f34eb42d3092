//! Recording study: a progress save or a completion, with the time it counts, the activity it
//! logs, the points it earns and the achievements it brings, all in one transaction.

use crate::domain::scenario::{Scenario, ScenarioError};
use crate::domain::{points, study};
use crate::error::AppError;
use crate::model::forms::{Field, Problem};
use crate::model::learner::{AchievementCode, ActivityKind, ProgressStatus, StepView};
use crate::server::achievements::{self, Clock};
use crate::server::db::{activity, progress, users};
use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};

/// A save's figures out of range, named by the field at fault.
pub fn save_problem(e: study::StudyError) -> AppError {
    match e {
        study::StudyError::Percent => AppError::invalid(Field::Percent, Problem::PercentOutOfRange),
        study::StudyError::Position => AppError::invalid(Field::Position, Problem::PositionOutOfRange),
        study::StudyError::Duration => AppError::invalid(Field::Seconds, Problem::DurationOutOfRange),
    }
}

/// How a lesson may be completed by this write.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Finish {
    /// Only if the save meets the kind's own rule (a video watched to 90 %, every step done).
    ByRule,
    /// The learner says they have finished (a text lesson, or a video the page was open long
    /// enough to watch).
    ByLearner,
    /// An answer to a step of an interactive scenario; the last right answer completes it.
    Step { step: usize, choice: usize },
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
    /// For a scenario step: what the answer did.
    pub answered: Option<StepAnswer>,
}

pub struct StepAnswer {
    pub correct: bool,
    /// The feedback for the choice made (authored text).
    pub feedback: String,
    pub passed: usize,
    pub total: usize,
    /// The step the learner is now on, when a right answer moved them to it.
    pub next: Option<StepView>,
}

pub async fn record(pool: &PgPool, learner_id: i64, lesson_id: i64, save: study::Save, finish: Finish) -> Result<Studied, AppError> {
    let mut tx = pool.begin().await?;
    let studied = record_in(&mut tx, learner_id, lesson_id, save, finish, chrono::Utc::now()).await?;
    tx.commit().await?;
    Ok(studied)
}

/// Records study inside the caller's transaction, as of `at`: now, or when a phone says it
/// happened offline (the sync has already held that time to its bounds). The events, the
/// completion and the achievements' days and weeks all follow `at`.
pub async fn record_in(
    tx: &mut PgConnection,
    learner_id: i64,
    lesson_id: i64,
    save: study::Save,
    finish: Finish,
    at: DateTime<Utc>,
) -> Result<Studied, AppError> {
    let gate = progress::gate(tx, learner_id, lesson_id).await?.ok_or(AppError::NotFound)?;
    if !gate.enrolled {
        // A path one may not see is refused outright; an open one must be joined first.
        return Err(if gate.open_enrolment { AppError::invalid(Field::Path, Problem::NotEnrolled) } else { AppError::Forbidden });
    }
    if finish == Finish::ByLearner {
        // The save's seconds are the time since the page was made.
        match study::finish_by_hand(gate.kind, i64::from(save.seconds), gate.duration_seconds.unwrap_or(0)) {
            Ok(()) => {}
            Err(study::HandFinish::NotByHand) => return Err(AppError::invalid(Field::Lesson, Problem::NotMarkedByHand)),
            Err(study::HandFinish::TooSoon { seconds_left }) => {
                return Err(AppError::invalid(Field::Lesson, Problem::VideoNotWatched { seconds_left }));
            }
        }
    }
    let held = progress::hold(tx, learner_id, lesson_id, at).await?;
    if held.started_now {
        activity::record_lesson(tx, learner_id, ActivityKind::LessonStarted, lesson_id, 0, at).await?;
    }
    let counted = study::counted_seconds(save.seconds, held.seconds_spent, gate.minutes);
    let spent = held.seconds_spent + counted;
    let minutes = study::minutes_gained(held.seconds_spent, spent);
    if minutes > 0 {
        activity::record_lesson(tx, learner_id, ActivityKind::LessonStudied, lesson_id, minutes, at).await?;
    }
    let mut answered = None;
    let (percent, position) = match finish {
        Finish::Step { step, choice } => {
            let scenario = scenario_of(tx, lesson_id).await?;
            let passed = usize::try_from(held.position).unwrap_or(0);
            let a = scenario.answer(passed, step, choice).map_err(|e| match e {
                ScenarioError::NotCurrentStep => AppError::invalid(Field::Lesson, Problem::StepOutOfOrder),
                _ => AppError::invalid(Field::Lesson, Problem::NoSuchChoice),
            })?;
            answered = Some(StepAnswer {
                correct: a.correct,
                feedback: scenario.steps()[step].choices[choice].feedback.clone(),
                passed: a.passed,
                total: scenario.steps().len(),
                next: if a.correct { scenario.view(a.passed, a.passed) } else { None },
            });
            (i16::from(a.percent), i32::try_from(a.passed).unwrap_or(0))
        }
        // Only reading and watching are measured by the page; a scenario's or a quiz's progress
        // is the server's to decide, so a save cannot move it.
        _ if !study::page_reports_share(gate.kind) => (held.percent, held.position),
        _ => (i16::from(save.percent).max(held.percent), save.position),
    };
    // A save that changes nothing (a page left open past the lesson's time cap, a repeated
    // report) writes nothing, so the row lock is let go sooner.
    if (percent, position, spent) != (held.percent, held.position, held.seconds_spent) {
        progress::store(tx, learner_id, lesson_id, percent, position, spent).await?;
    }
    let was_done = held.status == ProgressStatus::Completed;
    let completes_now = !was_done
        && match finish {
            Finish::ByRule => study::completes(gate.kind, percent.clamp(0, 100) as u8),
            Finish::ByLearner => true,
            Finish::Step { .. } => percent >= 100,
        };
    let mut earned = Vec::new();
    let mut lesson_points = 0;
    if completes_now {
        lesson_points = points::lesson(gate.difficulty);
        progress::complete(tx, learner_id, lesson_id, lesson_points, at).await?;
        activity::record_lesson(tx, learner_id, ActivityKind::LessonCompleted, lesson_id, 0, at).await?;
        progress::close_enrolment_if_done(tx, learner_id, gate.learning_path_id).await?;
    }
    if completes_now || minutes > 0 {
        // New minutes can complete a streak or a weekly goal; a completion can earn the rest.
        // Only here does the learner's calendar matter (days and weeks in their time zone). Read in
        // the transaction: with the row locked, waiting for a second connection could starve the
        // pool when many saves queue on one lesson.
        let profile = users::learner_profile(&mut *tx, learner_id).await?;
        let clock = Clock { learner_id, time_zone: &profile.time_zone, weekly_goal_minutes: profile.weekly_goal_minutes };
        earned = achievements::evaluate(tx, &clock, at).await?;
    }
    Ok(Studied {
        percent: if was_done || completes_now { 100 } else { percent.clamp(0, 100) as u8 },
        completed: was_done || completes_now,
        points: lesson_points,
        counted_seconds: counted,
        earned,
        learning_path_id: gate.learning_path_id,
        answered,
    })
}

/// Completes a lesson inside the caller's transaction (a quiz lesson whose quiz was just passed):
/// the lesson's points, the completion event and the path closed if it was the last. Returns the
/// points earned (none when it was already done).
pub async fn complete_in(
    conn: &mut PgConnection,
    learner_id: i64,
    lesson_id: i64,
    learning_path_id: i64,
    at: DateTime<Utc>,
) -> Result<i32, sqlx::Error> {
    let gate = progress::gate(conn, learner_id, lesson_id).await?;
    let held = progress::hold(conn, learner_id, lesson_id, at).await?;
    if held.status == ProgressStatus::Completed {
        return Ok(0);
    }
    if held.started_now {
        activity::record_lesson(conn, learner_id, ActivityKind::LessonStarted, lesson_id, 0, at).await?;
    }
    let points = points::lesson(gate.map_or(1, |g| g.difficulty));
    progress::complete(conn, learner_id, lesson_id, points, at).await?;
    activity::record_lesson(conn, learner_id, ActivityKind::LessonCompleted, lesson_id, 0, at).await?;
    progress::close_enrolment_if_done(conn, learner_id, learning_path_id).await?;
    Ok(points)
}

/// The lesson's scenario, checked; a lesson without a readable one cannot be answered.
async fn scenario_of(conn: &mut PgConnection, lesson_id: i64) -> Result<Scenario, AppError> {
    let steps = progress::scenario_steps(conn, lesson_id).await?.ok_or(AppError::invalid(Field::Lesson, Problem::NoSuchChoice))?;
    let steps = serde_json::from_value(steps).map_err(|_| AppError::invalid(Field::Lesson, Problem::NoSuchChoice))?;
    Scenario::new(steps).map_err(|err| {
        tracing::error!(lesson = lesson_id, error = %err, "a lesson's scenario is malformed");
        AppError::invalid(Field::Lesson, Problem::NoSuchChoice)
    })
}
