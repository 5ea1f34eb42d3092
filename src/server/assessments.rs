//! Taking an assessment: the answers read and scored at once, stored under the form's key (a
//! resent form finds its submission), traced into mastery, with points, the quiz lesson it
//! completes and the achievements it brings, all in one transaction.

use crate::domain::assessment::{self, Answer, AnswerError, AnswerKey, Item, ItemResult};
use crate::domain::points;
use crate::domain::rubric::Rubric;
use crate::error::AppError;
use crate::model::forms::{Field, Problem};
use crate::model::learner::{
    AchievementCode, ActivityKind, AssessmentView, AttemptView, ItemOutcome, ItemView, LessonLink, ResultView, RubricLine,
};
use crate::model::sync::{OfflineItem, OfflineQuiz};
use crate::model::trainer::SubmissionStatus;
use crate::server::achievements::{self, Clock};
use crate::server::db::assessments::{self as db, ItemRow, NewSubmission};
use crate::server::db::{activity, lessons, progress, users};
use crate::server::{learning, mastery};
use sqlx::{PgConnection, PgPool};
use std::collections::BTreeMap;

pub struct Submitted {
    pub submission_id: i64,
    pub assessment_id: i64,
    /// Points earned by this submission (a first pass, and the quiz lesson it completed).
    pub points: i32,
    /// The share scored, when this call stored the submission and it could be scored at once.
    pub score: Option<i32>,
    pub earned: Vec<AchievementCode>,
}

/// The scorer's view of stored items; an item whose key this build cannot read is an error in
/// the content, logged and refused rather than scored wrongly.
pub fn scorer_items(rows: &[ItemRow]) -> Result<Vec<Item>, AppError> {
    rows.iter()
        .map(|r| {
            let key: AnswerKey = serde_json::from_value(r.answer_key.clone()).map_err(|err| {
                tracing::error!(position = r.position, error = %err, "an assessment item's answer key is malformed");
                AppError::Internal
            })?;
            let options = r.options.as_array().map_or(0, Vec::len);
            Ok(Item { position: r.position, key, options, points: r.points })
        })
        .collect()
}

pub fn answer_problem(e: AnswerError) -> AppError {
    let problem = match e {
        AnswerError::UnknownItem(position) => Problem::NoSuchItem { position },
        AnswerError::Missing(position) => Problem::AnswerMissing { position },
        AnswerError::Malformed(position) => Problem::AnswerUnreadable { position },
        AnswerError::TooLong(position) => Problem::AnswerTooLong { position, max: assessment::MAX_ANSWER_CHARS },
    };
    AppError::invalid(Field::Answer, problem)
}

/// Takes an attempt. The same key again (a double click, a retry, a replay) answers with the
/// submission already stored and changes nothing.
pub async fn submit(
    pool: &PgPool,
    learner_id: i64,
    assessment_id: i64,
    key: uuid::Uuid,
    form: &BTreeMap<String, String>,
) -> Result<Submitted, AppError> {
    let mut tx = pool.begin().await?;
    let done = submit_in(&mut tx, learner_id, assessment_id, key, form, chrono::Utc::now()).await?;
    tx.commit().await?;
    Ok(done)
}

/// Takes an attempt inside the caller's transaction, as of `at` (now, or when a phone says the
/// quiz was handed in offline): the activity, the quiz lesson's completion and the achievements'
/// days follow `at`; the submission itself is dated when it arrives, since that is when a trainer
/// can first see it.
pub async fn submit_in(
    tx: &mut PgConnection,
    learner_id: i64,
    assessment_id: i64,
    key: uuid::Uuid,
    form: &BTreeMap<String, String>,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<Submitted, AppError> {
    let profile = users::learner_profile(&mut *tx, learner_id).await?;
    let a = db::for_learner(tx, learner_id, assessment_id).await?.ok_or(AppError::NotFound)?;
    if !a.enrolled {
        return Err(if a.open_enrolment { AppError::invalid(Field::Path, Problem::NotEnrolled) } else { AppError::Forbidden });
    }
    db::lock_attempts(tx, learner_id, assessment_id).await?;
    if let Some((submission_id, stored_for)) = db::by_key(tx, learner_id, key).await? {
        if stored_for != assessment_id {
            // A key is made for one form; reused on another it says nothing about this one.
            return Err(AppError::invalid(Field::Assessment, Problem::FormKeyInvalid));
        }
        return Ok(Submitted { submission_id, assessment_id, points: 0, score: None, earned: Vec::new() });
    }
    let rows = db::items(tx, assessment_id).await?;
    let items = scorer_items(&rows)?;
    let answers = assessment::read_answers(&items, form).map_err(answer_problem)?;
    let attempts = db::attempts(tx, learner_id, assessment_id).await?;
    if assessment::attempts_left(a.max_attempts, attempts.len() as i64) == Some(0) {
        return Err(AppError::invalid(Field::Assessment, Problem::NoAttemptsLeft { max: a.max_attempts.unwrap_or(0) }));
    }
    let scored = assessment::score(&items, &answers);
    let passed = scored.percent.is_some_and(|p| assessment::passes(p, a.pass_score));
    let mut points = 0;
    if passed && !db::points_already_awarded(tx, learner_id, assessment_id).await? {
        points = points::assessment(scored.percent.unwrap_or(0).clamp(0, 100) as u8, a.pass_score.clamp(0, 100) as u8);
    }
    let answers_json = serde_json::to_value(&answers).map_err(|_| AppError::Internal)?;
    let results_json = serde_json::to_value(&scored.items).map_err(|_| AppError::Internal)?;
    let submission_id = db::insert(
        tx,
        &NewSubmission {
            assessment_id,
            learner_id,
            key,
            attempt: attempts.len() as i32 + 1,
            answers: &answers_json,
            item_results: &results_json,
            auto_points: scored.auto_points,
            auto_max: scored.auto_max,
            score: scored.percent,
            points_awarded: points,
        },
    )
    .await?;
    let traced: Vec<(Vec<String>, bool)> = rows
        .iter()
        .zip(&scored.items)
        .filter_map(|(row, result)| result.correct.map(|c| (row.skills.clone(), c)))
        .filter(|(skills, _)| !skills.is_empty())
        .collect();
    mastery::trace(tx, learner_id, submission_id, &traced).await?;
    activity::record(tx, learner_id, ActivityKind::SubmissionMade, at).await?;
    // A quiz lesson is done once its quiz is passed, or handed in for the trainer to read.
    if let Some(lesson_id) = a.quiz_lesson_id
        && (passed || scored.waits_for_trainer)
    {
        points += learning::complete_in(tx, learner_id, lesson_id, a.learning_path_id, at).await?;
    }
    let clock = Clock { learner_id, time_zone: &profile.time_zone, weekly_goal_minutes: profile.weekly_goal_minutes };
    let earned = achievements::evaluate(tx, &clock, at).await?;
    Ok(Submitted { submission_id, assessment_id, points, score: scored.percent, earned })
}

/// A quiz lesson's keys for the phone to score it offline: only for a learner on the path, and
/// only when the lesson may be saved to a phone (an author who wants the keys kept off phones
/// keeps the quiz online). Open answers' references stay on the server.
pub async fn offline_keys(pool: &PgPool, learner_id: i64, lesson_id: i64) -> Result<OfflineQuiz, AppError> {
    let mut conn = pool.acquire().await?;
    let gate = progress::gate(&mut conn, learner_id, lesson_id).await?.ok_or(AppError::NotFound)?;
    if !gate.enrolled {
        return Err(if gate.open_enrolment { AppError::invalid(Field::Path, Problem::NotEnrolled) } else { AppError::Forbidden });
    }
    let assessment_id = db::of_quiz_lesson(&mut conn, lesson_id).await?.ok_or(AppError::NotFound)?;
    if !gate.offline_available {
        return Err(AppError::invalid(Field::Lesson, Problem::LessonNotOffline));
    }
    let a = db::for_learner(&mut conn, learner_id, assessment_id).await?.ok_or(AppError::NotFound)?;
    let rows = db::items(&mut conn, assessment_id).await?;
    let items = scorer_items(&rows)?
        .into_iter()
        .map(|i| OfflineItem {
            position: i.position,
            points: i.points,
            options: i.options,
            key: if i.key.is_open() { AnswerKey::Open { reference: String::new() } } else { i.key },
        })
        .collect();
    Ok(OfflineQuiz { lesson_id, assessment_id, pass_score: a.pass_score, items })
}

/// The assessment as the learner takes it: items without their keys, attempts so far, and a
/// fresh key for the form.
pub async fn view(pool: &PgPool, learner_id: i64, assessment_id: i64, display_name: String) -> Result<AssessmentView, AppError> {
    let mut conn = pool.acquire().await?;
    let a = db::for_learner(&mut conn, learner_id, assessment_id).await?.ok_or(AppError::NotFound)?;
    if !a.enrolled && !a.open_enrolment {
        return Err(AppError::Forbidden);
    }
    let rows = db::items(&mut conn, assessment_id).await?;
    let attempts = db::attempts(&mut conn, learner_id, assessment_id).await?;
    let scores: Vec<i32> = attempts.iter().filter_map(|t| t.score).collect();
    let items = rows
        .into_iter()
        .map(|r| ItemView {
            position: r.position,
            kind: r.kind,
            numeric: r.answer_key.get("type").and_then(|t| t.as_str()) == Some("number"),
            prompt: r.prompt,
            options: option_texts(&r.options),
        })
        .collect();
    Ok(AssessmentView {
        display_name,
        assessment_id: a.assessment_id,
        title: a.title,
        module_title: a.module_title,
        learning_path_id: a.learning_path_id,
        path_title: a.path_title,
        pass_score: a.pass_score,
        max_attempts: a.max_attempts,
        policy: a.score_policy,
        counted: assessment::counted(a.score_policy, &scores),
        attempts_left: assessment::attempts_left(a.max_attempts, attempts.len() as i64),
        attempts: attempts
            .into_iter()
            .map(|t| AttemptView {
                submission_id: t.submission_id,
                attempt: t.attempt,
                score: t.score,
                pending: t.status == SubmissionStatus::Pending,
                submitted_at: t.submitted_at,
            })
            .collect(),
        enrolled: a.enrolled,
        open_enrolment: a.open_enrolment,
        quiz_lesson_id: a.quiz_lesson_id,
        items,
        key: uuid::Uuid::new_v4().to_string(),
    })
}

/// The levels a trainer picked, in words; a rubric that no longer reads (or changed shape since)
/// shows nothing rather than the wrong words.
fn rubric_lines(rubric: &serde_json::Value, levels: &[usize]) -> Vec<RubricLine> {
    let Ok(rubric) = Rubric::from_json(rubric) else { return Vec::new() };
    rubric
        .criteria()
        .iter()
        .zip(levels)
        .filter_map(|(c, &i)| {
            let level = c.levels.get(i)?;
            Some(RubricLine {
                criterion: c.name.clone(),
                descriptor: level.descriptor.clone(),
                points: level.points,
                max: c.levels.last().map_or(0, |l| l.points),
            })
        })
        .collect()
}

fn option_texts(options: &serde_json::Value) -> Vec<String> {
    options.as_array().map(|o| o.iter().map(|v| v.as_str().unwrap_or_default().to_owned()).collect()).unwrap_or_default()
}

/// One of the learner's own attempts, item by item, with the right answers and explanations.
pub async fn result(
    pool: &PgPool,
    learner_id: i64,
    assessment_id: i64,
    submission_id: i64,
    display_name: String,
) -> Result<ResultView, AppError> {
    let mut conn = pool.acquire().await?;
    // Someone else's submission, or one of another assessment, is simply not found.
    let r =
        db::result(&mut conn, learner_id, submission_id).await?.filter(|r| r.assessment_id == assessment_id).ok_or(AppError::NotFound)?;
    let a = db::for_learner(&mut conn, learner_id, assessment_id).await?.ok_or(AppError::NotFound)?;
    let rows = db::items(&mut conn, assessment_id).await?;
    let attempts = db::attempts(&mut conn, learner_id, assessment_id).await?;
    let scores: Vec<i32> = attempts.iter().filter_map(|t| t.score).collect();
    let answers: BTreeMap<i32, Answer> = serde_json::from_value(r.answers.clone()).unwrap_or_default();
    let results: Vec<ItemResult> = serde_json::from_value(r.item_results.clone()).unwrap_or_default();
    let next_lesson = match a.quiz_lesson_id {
        Some(lesson) => lessons::next_in_path(pool, lesson).await?,
        None => None,
    };
    let next_lesson = match next_lesson {
        Some(id) => lessons::title(pool, id).await?.map(|title| LessonLink { lesson_id: id, title }),
        None => None,
    };
    let items = rows
        .iter()
        .map(|row| {
            let options = option_texts(&row.options);
            let key: Option<AnswerKey> = serde_json::from_value(row.answer_key.clone()).ok();
            let pick = |i: &usize| options.get(*i).cloned().unwrap_or_default();
            let answer = match answers.get(&row.position) {
                Some(Answer::Choice(c)) => pick(c),
                Some(Answer::Choices(cs)) => cs.iter().map(pick).collect::<Vec<_>>().join("; "),
                Some(Answer::Text(t)) => t.clone(),
                None => String::new(),
            };
            let right_answer = key.and_then(|k| match k {
                AnswerKey::Single { correct } => Some(pick(&correct)),
                AnswerKey::Multiple { correct } => Some(correct.iter().map(pick).collect::<Vec<_>>().join("; ")),
                AnswerKey::Text { accepted } => accepted.first().cloned(),
                AnswerKey::Number { value, tolerance } if tolerance > 0.0 => Some(format!("{value} ± {tolerance}")),
                AnswerKey::Number { value, .. } => Some(format!("{value}")),
                AnswerKey::Open { .. } => None,
            });
            let result = results.iter().find(|x| x.position == row.position);
            ItemOutcome {
                position: row.position,
                prompt: row.prompt.clone(),
                answer,
                correct: result.and_then(|x| x.correct),
                right_answer,
                explanation: row.explanation.clone(),
                points: result.map_or(0, |x| x.points),
                max: row.points,
                rubric: result.and_then(|x| x.levels.as_deref()).map(|levels| rubric_lines(&row.rubric, levels)).unwrap_or_default(),
            }
        })
        .collect();
    Ok(ResultView {
        display_name,
        assessment_id,
        title: a.title,
        learning_path_id: a.learning_path_id,
        path_title: a.path_title,
        submission_id: r.submission_id,
        attempt: r.attempt,
        pass_score: a.pass_score,
        score: r.score,
        auto_points: r.auto_points,
        auto_max: r.auto_max,
        waits_for_trainer: r.status == SubmissionStatus::Pending,
        points_awarded: r.points_awarded,
        feedback: r.feedback,
        counted: assessment::counted(a.score_policy, &scores),
        policy: a.score_policy,
        attempts_left: assessment::attempts_left(a.max_attempts, attempts.len() as i64),
        quiz_lesson_id: a.quiz_lesson_id,
        next_lesson,
        items,
    })
}
