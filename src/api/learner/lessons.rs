//! The lesson player (`/learn/lessons/{id}`): reading a lesson, saving progress as the learner
//! goes, and marking a text lesson done. Completion awards the lesson's points and evaluates the
//! achievements in the same transaction.

use crate::error::AppError;
use crate::model::learner::{LessonView, SavedProgress, StepOutcome};
use leptos::prelude::*;

#[server(endpoint = "learner/lesson")]
pub async fn get_lesson(lesson: i64) -> Result<LessonView, AppError> {
    use crate::auth::{Role, guard};
    use crate::domain::scenario::Scenario;
    use crate::model::learner::{LessonBody, LessonKind, LessonLink, LessonStatus};
    use crate::server::db::{lessons, users};
    use crate::server::markdown;

    let me = guard::require_role(Role::Learner)?;
    let pool = guard::pool()?;
    let (row, profile) =
        tokio::try_join!(lessons::lesson_for_learner(&pool, me.user_id, lesson), users::learner_profile(&pool, me.user_id))?;
    let row = row.ok_or(AppError::NotFound)?;
    if !row.enrolled && !row.open_enrolment {
        return Err(AppError::Forbidden);
    }
    let text = |key: &str| row.content.get(key).and_then(|v| v.as_str()).unwrap_or_default().to_owned();
    let number = |key: &str| row.content.get(key).and_then(|v| v.as_i64()).unwrap_or_default();
    let body = match row.kind {
        LessonKind::Text => LessonBody::Text { html: markdown::to_safe_html(&text("body")) },
        LessonKind::Video if !text("media").is_empty() => LessonBody::Video {
            src: format!("/media/{}", text("media")),
            poster: Some(text("poster")).filter(|p| !p.is_empty()).map(|p| format!("/media/{p}")),
            width: u32::try_from(number("width")).unwrap_or(0),
            height: u32::try_from(number("height")).unwrap_or(0),
            duration_seconds: i32::try_from(number("duration_seconds")).unwrap_or(0),
            transcript: text("transcript"),
        },
        LessonKind::Interactive => {
            match row.content.get("steps").cloned().map(serde_json::from_value).and_then(Result::ok).map(Scenario::new) {
                Some(Ok(scenario)) => {
                    let passed = usize::try_from(row.position.unwrap_or(0)).unwrap_or(0).min(scenario.steps().len());
                    let steps = scenario.views(passed);
                    LessonBody::Interactive { steps, passed, total: scenario.steps().len() }
                }
                _ => LessonBody::Summary,
            }
        }
        LessonKind::Quiz => match row.content.get("assessment_id").and_then(|v| v.as_i64()) {
            Some(id) => LessonBody::Quiz {
                assessment: Box::new(crate::server::assessments::view(&pool, me.user_id, id, profile.display_name.clone()).await?),
            },
            None => LessonBody::Summary,
        },
        LessonKind::Video => LessonBody::Summary,
    };
    let link = |id: Option<i64>, title: Option<String>| id.zip(title).map(|(lesson_id, title)| LessonLink { lesson_id, title });
    Ok(LessonView {
        display_name: profile.display_name,
        lesson_id: row.lesson_id,
        title: row.title,
        kind: row.kind,
        minutes: row.minutes,
        size_bytes: row.size_bytes,
        offline_available: row.offline_available,
        learning_path_id: row.learning_path_id,
        path_title: row.path_title,
        module_title: row.module_title,
        summary: text("summary"),
        body,
        enrolled: row.enrolled,
        open_enrolment: row.open_enrolment,
        status: LessonStatus::of(row.status),
        percent: row.percent.map_or(0, |p| p.clamp(0, 100) as u8),
        position: row.position.unwrap_or(0),
        opened_at: chrono::Utc::now().timestamp(),
        previous: link(row.previous_id, row.previous_title),
        next: link(row.next_id, row.next_title),
    })
}

/// Saves progress as the learner goes (the page's script calls it about once a minute and when
/// the page is hidden): share done, position, and seconds since the last save. Out-of-range
/// figures are refused with 422 and store nothing; time beyond the plausible is not counted.
#[server(endpoint = "learner/save_progress")]
pub async fn save_progress(lesson: i64, percent: i32, position: i32, seconds: i32) -> Result<SavedProgress, AppError> {
    use crate::auth::{Role, guard};
    use crate::domain::study::Save;
    use crate::server::learning::{self, Finish};

    let me = guard::require_role(Role::Learner)?;
    let save = Save::parse(percent, position, seconds).map_err(learning::save_problem)?;
    let pool = guard::pool()?;
    let s = learning::record(&pool, me.user_id, lesson, save, Finish::ByRule).await?;
    Ok(SavedProgress { percent: s.percent, completed: s.completed, counted_seconds: s.counted_seconds, earned: s.earned })
}

/// "I have finished this lesson" on a text lesson, or "I have watched the video" where no script
/// reports the player (a form post). `opened_at` is the time the page was made, so the reading
/// time counts (capped like any save), and a video counts as watched only once that much of its
/// length has passed. Goes on to the next lesson of the path, or back to the path after its last.
#[server(endpoint = "learner/complete_lesson")]
pub async fn complete_lesson(lesson: i64, opened_at: i64) -> Result<(), AppError> {
    use crate::auth::{Role, guard, session};
    use crate::domain::study::{MAX_REPORTED_SECONDS, Save};
    use crate::model::forms::{Field, Form, FormFlash, Notice, Problem};
    use crate::server::db::lessons;
    use crate::server::learning::{self, Finish};

    let me = guard::require_role(Role::Learner)?;
    let sess = session::session().await?;
    let pool = guard::pool()?;
    let here = format!("/learn/lessons/{lesson}");
    let flash = FormFlash::new(Form::Learn);
    let elapsed = chrono::Utc::now().timestamp().saturating_sub(opened_at);
    if elapsed < 0 {
        return session::back_to(&sess, &here, flash.with_error(Field::Seconds, Problem::DurationOutOfRange)).await;
    }
    // A page kept open for days still finishes the lesson; the time is capped when counted.
    let save = Save { percent: 100, position: 0, seconds: elapsed.min(i64::from(MAX_REPORTED_SECONDS)) as i32 };
    let done = match learning::record(&pool, me.user_id, lesson, save, Finish::ByLearner).await {
        Ok(done) => done,
        Err(AppError::Invalid { field, problem }) => return session::back_to(&sess, &here, flash.with_error(field, problem)).await,
        Err(e) => return Err(e),
    };
    let to = match lessons::next_in_path(&pool, lesson).await? {
        Some(next) => format!("/learn/lessons/{next}"),
        None => format!("/learn/paths/{}", done.learning_path_id),
    };
    session::back_to(&sess, &to, flash.with_notice(Notice::LessonDone { points: done.points, earned: done.earned })).await
}

/// An answer to the current step of an interactive scenario. From a plain form (no script
/// needed) the learner goes back to the page, which shows the feedback; the scenario island asks
/// for JSON and gets the outcome itself, so the page need not reload. Right answers move the
/// learner on, every answer has its feedback, and the last right answer completes the lesson. A
/// step already passed or a choice that does not exist changes nothing (422 for JSON).
/// `opened_at` is when the page was made (Unix seconds).
#[server(endpoint = "learner/answer_step")]
pub async fn answer_step(
    lesson: i64,
    step: usize,
    choice: Option<usize>,
    #[server(default)] opened_at: Option<i64>,
) -> Result<Option<StepOutcome>, AppError> {
    use crate::auth::{Role, guard, session};
    use crate::domain::study::{MAX_REPORTED_SECONDS, Save};
    use crate::model::forms::{Field, Form, FormFlash, Notice, Problem};
    use crate::server::learning::{self, Finish};
    use crate::ui::text;

    let me = guard::require_role(Role::Learner)?;
    let sess = session::session().await?;
    let pool = guard::pool()?;
    let json = session::wants_json();
    let here = format!("/learn/lessons/{lesson}#scenario");
    let flash = FormFlash::new(Form::Learn);
    // A plain form counts the time since its page was made; the island sends no time, since the
    // page's script reports it as it goes.
    let elapsed = opened_at.map_or(0, |at| chrono::Utc::now().timestamp().saturating_sub(at).clamp(0, i64::from(MAX_REPORTED_SECONDS)));
    let save = Save { percent: 0, position: 0, seconds: elapsed as i32 };
    let outcome = match choice {
        Some(choice) => learning::record(&pool, me.user_id, lesson, save, Finish::Step { step, choice }).await,
        None => Err(AppError::invalid(Field::Lesson, Problem::NoSuchChoice)),
    };
    match outcome {
        Ok(done) => {
            let Some(answer) = done.answered else { return Err(AppError::Internal) };
            let notice = Notice::StepAnswered {
                step,
                correct: answer.correct,
                feedback: answer.feedback.clone(),
                points: done.points,
                earned: done.earned.clone(),
            };
            if !json {
                session::back_to(&sess, &here, flash.with_notice(notice)).await?;
                return Ok(None);
            }
            let l = text::use_locale();
            Ok(Some(StepOutcome {
                step,
                correct: answer.correct,
                feedback: answer.feedback,
                notice: text::notice(l, &notice),
                passed: answer.passed,
                total: answer.total,
                next: answer.next,
                earned: done.earned.into_iter().map(|code| text::achievement(l, code)).collect(),
            }))
        }
        Err(AppError::Invalid { field, problem }) if !json => {
            session::back_to(&sess, &here, flash.with_error(field, problem)).await?;
            Ok(None)
        }
        Err(e) => Err(e),
    }
}
