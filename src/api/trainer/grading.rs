//! Grading one submission (`/train/submissions/{id}`): reading it with each open answer's rubric,
//! saving a grade or a regrade (a save made from an older page is refused, so two trainers never
//! overwrite each other unseen), and flagging it. Only the trainer whose cohort the work was
//! handed in through reaches it; anyone else is refused before anything is read.
// A server function takes its form's fields as arguments, and the grade form has nine.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use crate::model::trainer::{GradingView, QueueFields};
use leptos::prelude::*;
use std::collections::BTreeMap;

/// Longest feedback a learner is sent (the column allows more; a page of text is plenty).
pub const FEEDBACK_MAX_CHARS: usize = 4_000;
pub const FLAG_REASON_MAX_CHARS: usize = 300;
/// A comment worth keeping is a sentence or two.
pub const COMMENT_MAX_CHARS: usize = 500;
/// Comments of the bank offered on the grading page (the most used).
pub const BANK_SHOWN: i64 = 20;

#[server(endpoint = "trainer/grading")]
pub async fn get_grading(submission: i64) -> Result<GradingView, AppError> {
    use crate::auth::{Role, guard};

    let me = guard::require_role(Role::Trainer)?;
    guard::require_own_submission(&me, submission).await?;
    read::view(&guard::pool()?, submission, &me).await
}

/// Saves a grade (`mode` "grade": the work must be pending) or replaces one (`mode` "regrade").
/// `levels` holds `"p{position}-c{criterion}"` → the level picked (weakest 0) for every criterion
/// of every open answer; `version` is the save the page was drawn from. `bank` holds the ids of
/// comment-bank entries ticked (added after the feedback typed); `keep` = "1" puts the feedback
/// typed into the bank. `then` = "next" goes on to
/// the next pending submission in the queue view the trainer came from (`queue`); otherwise the
/// page comes back with the grade.
#[server(endpoint = "trainer/grade_submission")]
pub async fn grade_submission(
    submission: i64,
    version: i32,
    mode: String,
    #[server(default)] levels: BTreeMap<String, String>,
    #[server(default)] feedback: String,
    #[server(default)] bank: BTreeMap<String, String>,
    #[server(default)] keep: Option<String>,
    #[server(default)] then: Option<String>,
    #[server(flatten)] queue: QueueFields,
) -> Result<(), AppError> {
    let queue = queue.view();
    // Ticked bank comments arrive as "c{id}" = "on"; any other key is a forged form.
    let bank = bank
        .keys()
        .map(|k| k.strip_prefix('c').and_then(|id| id.parse::<i64>().ok()).ok_or(AppError::BadRequest))
        .collect::<Result<Vec<_>, _>>()?;
    let request = write::GradeRequest {
        submission,
        version,
        regrade: mode == "regrade",
        levels,
        feedback,
        bank,
        keep: keep.as_deref() == Some("1"),
        next: then.as_deref() == Some("next"),
    };
    write::grade(request, queue).await
}

/// Flags the work for a second look (`reason` required), or clears the flag (`reason` absent and
/// `clear` = "1"). Flagging does not count as a save: a grade in progress stays valid.
#[server(endpoint = "trainer/flag_submission")]
pub async fn flag_submission(
    submission: i64,
    #[server(default)] reason: String,
    #[server(default)] clear: Option<String>,
    #[server(flatten)] queue: QueueFields,
) -> Result<(), AppError> {
    let queue = queue.view();
    write::flag(submission, reason, clear.as_deref() == Some("1"), queue).await
}

/// Takes a comment out of the caller's own comment bank. Not audited: a trainer's writing aid,
/// not a record about anyone.
#[server(endpoint = "trainer/forget_comment")]
pub async fn forget_comment(comment: i64, submission: i64, #[server(flatten)] queue: QueueFields) -> Result<(), AppError> {
    use crate::auth::{Role, guard, session};
    use crate::model::forms::{Form, FormFlash, Notice};

    let me = guard::require_role(Role::Trainer)?;
    guard::require_own_submission(&me, submission).await?;
    let sess = session::session().await?;
    if !crate::server::db::comments::forget(&guard::pool()?, me.user_id, comment).await? {
        return Err(AppError::NotFound);
    }
    let queue = queue.view();
    let to = format!("/train/submissions/{submission}?{}#bank", queue.query());
    session::back_to(&sess, &to, FormFlash::new(Form::Grading).with_notice(Notice::CommentForgotten)).await
}

#[cfg(feature = "ssr")]
mod read {
    //! The grading page's data: the work item by item, auto-scored items with their result and
    //! open answers with their rubric and any grade.

    use crate::auth::{CurrentUser, guard};
    use crate::domain::assessment::{Answer, AnswerKey, ItemResult};
    use crate::domain::prescore::Reason;
    use crate::domain::rubric::Rubric;
    use crate::error::AppError;
    use crate::model::trainer::{GradeItem, GradingView, ItemGrade, Suggestion, SuggestionReason};
    use crate::server::db::{assessments, comments, prescores, submissions};
    use crate::ui::text::DraftItem;
    use sqlx::PgPool;
    use std::collections::BTreeMap;

    pub async fn view(pool: &PgPool, submission: i64, me: &CurrentUser) -> Result<GradingView, AppError> {
        let row = submissions::for_grading(pool, submission).await?.ok_or(AppError::NotFound)?;
        let bank = comments::bank(pool, me.user_id, super::BANK_SHOWN).await?;
        let mut conn = pool.acquire().await?;
        let rows = assessments::items(&mut conn, row.assessment_id).await?;
        let stored = prescores::for_submission(&mut conn, submission).await?;
        let running = guard::prescoring()?.running();
        let answers: BTreeMap<i32, Answer> = serde_json::from_value(row.answers.clone()).unwrap_or_default();
        let results: Vec<ItemResult> = serde_json::from_value(row.item_results.clone()).unwrap_or_default();
        let mut items = Vec::with_capacity(rows.len());
        let mut drafts = Vec::new();
        for r in &rows {
            let options: Vec<String> =
                r.options.as_array().map(|o| o.iter().map(|v| v.as_str().unwrap_or_default().to_owned()).collect()).unwrap_or_default();
            let pick = |i: &usize| options.get(*i).cloned().unwrap_or_default();
            let answer = match answers.get(&r.position) {
                Some(Answer::Choice(c)) => pick(c),
                Some(Answer::Choices(cs)) => cs.iter().map(pick).collect::<Vec<_>>().join("; "),
                Some(Answer::Text(t)) => t.clone(),
                None => String::new(),
            };
            let result = results.iter().find(|x| x.position == r.position);
            let key: Option<AnswerKey> = serde_json::from_value(r.answer_key.clone()).ok();
            let grade = match key {
                Some(AnswerKey::Open { reference }) => {
                    let rubric = Rubric::from_json(&r.rubric).map_err(|err| {
                        tracing::error!(submission, position = r.position, error = %err, "an open item's rubric is malformed");
                        AppError::Internal
                    })?;
                    let picked = result.and_then(|x| x.levels.clone());
                    let pre = stored.iter().find(|p| p.position == r.position);
                    let suggestion = suggestion(pre, &reference, &rubric, running);
                    if let Suggestion::Ready { levels, reasons, .. } = &suggestion
                        && !levels.is_empty()
                    {
                        drafts.push(DraftItem {
                            position: r.position,
                            rubric: rubric.clone(),
                            levels: levels.clone(),
                            reasons: reasons.clone(),
                        });
                    }
                    ItemGrade::Open {
                        criteria: rubric.criteria().to_vec(),
                        earned: picked.as_ref().and(result.map(|x| x.points)),
                        picked,
                        suggestion,
                    }
                }
                key => ItemGrade::Auto {
                    correct: result.and_then(|x| x.correct).unwrap_or(false),
                    earned: result.map_or(0, |x| x.points),
                    right_answer: key.and_then(|k| match k {
                        AnswerKey::Single { correct } => Some(pick(&correct)),
                        AnswerKey::Multiple { correct } => Some(correct.iter().map(pick).collect::<Vec<_>>().join("; ")),
                        AnswerKey::Text { accepted } => accepted.first().cloned(),
                        AnswerKey::Number { value, .. } => Some(value.to_string()),
                        AnswerKey::Open { .. } => None,
                    }),
                },
            };
            items.push(GradeItem { position: r.position, prompt: r.prompt.clone(), answer, max: r.points, grade });
        }
        // A learner who never chose a language reads in their browser's; the draft is in English then.
        let language = row.learner_language.unwrap_or(crate::domain::language::Language::En);
        let draft = (!drafts.is_empty()).then(|| crate::ui::text::draft_feedback(crate::ui::text::locale(language), &drafts));
        Ok(GradingView {
            viewer_name: me.display_name.clone(),
            submission_id: row.submission_id,
            version: row.version,
            status: row.status,
            learner_name: row.learner_name,
            assessment_id: row.assessment_id,
            assessment_title: row.assessment_title,
            cohort_name: row.cohort_name,
            attempt: row.attempt,
            submitted_at: row.submitted_at,
            pass_score: row.pass_score,
            score: row.score,
            feedback: row.feedback,
            graded_by: row.graded_by,
            graded_at: row.graded_at,
            flagged: row.flagged,
            flag_reason: row.flag_reason,
            items,
            bank,
            draft,
            learner_language: language,
        })
    }

    /// The stored pre-score as the page shows it: reasons naming key points get their words.
    fn suggestion(pre: Option<&prescores::Stored>, reference: &str, rubric: &Rubric, running: bool) -> Suggestion {
        let Some(pre) = pre else { return if running { Suggestion::Waiting } else { Suggestion::Off } };
        let points = crate::server::prescoring::key_points(reference);
        let point = |i: usize| points.get(i).cloned().unwrap_or_default();
        let reasons: Vec<Reason> = serde_json::from_value(pre.reasons.clone()).unwrap_or_default();
        let levels: Vec<usize> = pre.levels.iter().map(|l| (*l).max(0) as usize).collect();
        // A suggestion that no longer fits the rubric's shape would pick levels that are not there.
        let fits = levels.len() == rubric.criteria().len() && levels.iter().zip(rubric.criteria()).all(|(l, c)| *l < c.levels.len());
        Suggestion::Ready {
            levels: if fits { levels } else { Vec::new() },
            confidence: pre.confidence,
            reasons: reasons
                .into_iter()
                .map(|r| match r {
                    Reason::Covers { point: p } => SuggestionReason::Covers(point(p)),
                    Reason::Misses { point: p } => SuggestionReason::Misses(point(p)),
                    Reason::Empty => SuggestionReason::Empty,
                    Reason::Short => SuggestionReason::Short,
                    Reason::UnfamiliarLanguage => SuggestionReason::UnfamiliarLanguage,
                    Reason::OffTopic => SuggestionReason::OffTopic,
                    Reason::NoReference => SuggestionReason::NoReference,
                    Reason::Calibrated { grades } => SuggestionReason::Calibrated(grades),
                    Reason::Failed => SuggestionReason::Failed,
                })
                .collect(),
            stale: !pre.current,
        }
    }
}

#[cfg(feature = "ssr")]
mod write {
    //! Saving a grade and setting a flag: checked, written and audited in one transaction, with
    //! the page (or the next in the queue) to go to afterwards.

    use super::{COMMENT_MAX_CHARS, FEEDBACK_MAX_CHARS, FLAG_REASON_MAX_CHARS};
    use crate::auth::{Role, guard, session};
    use crate::domain::assessment::{self, ItemResult};
    use crate::domain::points;
    use crate::domain::rubric::Rubric;
    use crate::error::AppError;
    use crate::model::forms::{Field, Form, FormFlash, Notice, Problem};
    use crate::model::ops::AuditAction;
    use crate::model::trainer::{QueueView, SubmissionStatus};
    use crate::server::achievements::{self, Clock};
    use crate::server::db::{self, assessments, comments, submissions, users};
    use crate::server::mastery;
    use std::collections::BTreeMap;

    pub struct GradeRequest {
        pub submission: i64,
        pub version: i32,
        pub regrade: bool,
        pub levels: BTreeMap<String, String>,
        pub feedback: String,
        /// Comment-bank entries ticked, by id.
        pub bank: Vec<i64>,
        pub keep: bool,
        pub next: bool,
    }

    fn page(submission: i64, queue: &QueueView) -> String {
        format!("/train/submissions/{submission}?{}", queue.query())
    }

    /// Back to the page with the problem and everything typed kept.
    async fn refuse(
        sess: &tower_sessions::Session,
        r: &GradeRequest,
        queue: &QueueView,
        field: Field,
        problem: Problem,
    ) -> Result<(), AppError> {
        let mut typed: Vec<(String, String)> = r.levels.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        typed.push(("feedback".to_owned(), r.feedback.clone()));
        let flash = FormFlash::new(Form::Grading).with_answers(typed.iter().map(|(k, v)| (k, v))).with_error(field, problem);
        session::back_to(sess, &page(r.submission, queue), flash).await
    }

    /// The levels picked for one open item, each checked against its criterion.
    fn picks(r: &GradeRequest, position: i32, rubric: &Rubric) -> Result<Vec<usize>, Problem> {
        rubric
            .criteria()
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let criterion = i + 1;
                let raw = r.levels.get(&format!("p{position}-c{i}")).map(|v| v.trim()).filter(|v| !v.is_empty());
                let raw = raw.ok_or(Problem::LevelMissing { position, criterion })?;
                raw.parse::<usize>().ok().filter(|l| *l < c.levels.len()).ok_or(Problem::LevelOutsideRubric { position, criterion })
            })
            .collect()
    }

    pub async fn grade(r: GradeRequest, queue: QueueView) -> Result<(), AppError> {
        let me = guard::require_role(Role::Trainer)?;
        guard::require_own_submission(&me, r.submission).await?;
        let sess = session::session().await?;
        let typed = r.feedback.trim();
        if typed.chars().count() > FEEDBACK_MAX_CHARS {
            return refuse(&sess, &r, &queue, Field::Feedback, Problem::FeedbackTooLong { max: FEEDBACK_MAX_CHARS }).await;
        }
        if r.keep && typed.is_empty() {
            return refuse(&sess, &r, &queue, Field::Feedback, Problem::NothingToKeep).await;
        }
        if r.keep && typed.chars().count() > COMMENT_MAX_CHARS {
            return refuse(&sess, &r, &queue, Field::Feedback, Problem::CommentTooLong { max: COMMENT_MAX_CHARS }).await;
        }
        let pool = guard::pool()?;
        let mut tx = pool.begin().await?;
        let locked = submissions::lock(&mut tx, r.submission).await?.ok_or(AppError::NotFound)?;
        if locked.version != r.version {
            tx.rollback().await?;
            return refuse(&sess, &r, &queue, Field::Whole, Problem::GradedMeanwhile).await;
        }
        let status_problem = match (r.regrade, locked.status) {
            (false, SubmissionStatus::Pending) | (true, SubmissionStatus::Graded) => None,
            (true, SubmissionStatus::Pending) => Some(Problem::NotGradedYet),
            (_, status) => Some(Problem::NotPending { status }),
        };
        if let Some(problem) = status_problem {
            tx.rollback().await?;
            return refuse(&sess, &r, &queue, Field::Whole, problem).await;
        }
        let rows = assessments::items(&mut tx, locked.assessment_id).await?;
        let mut results: Vec<ItemResult> = serde_json::from_value(locked.item_results.clone()).map_err(|err| {
            tracing::error!(submission = r.submission, error = %err, "a submission's stored results are malformed");
            AppError::Internal
        })?;
        let mut traced = Vec::new();
        let mut graded_levels = serde_json::Map::new();
        for row in &rows {
            let Ok(assessment::AnswerKey::Open { .. }) = serde_json::from_value(row.answer_key.clone()) else { continue };
            let rubric = Rubric::from_json(&row.rubric).map_err(|err| {
                tracing::error!(submission = r.submission, position = row.position, error = %err, "an open item's rubric is malformed");
                AppError::Internal
            })?;
            let picked = match picks(&r, row.position, &rubric) {
                Ok(p) => p,
                Err(problem) => {
                    tx.rollback().await?;
                    return refuse(&sess, &r, &queue, Field::Levels, problem).await;
                }
            };
            let earned = rubric.score(&picked).map_err(|_| AppError::Internal)?.item_points(row.points);
            // Half the item's points or more counts as knowing its skills.
            let correct = earned * 2 >= row.points;
            traced.push((row.skills.clone(), correct));
            graded_levels.insert(row.position.to_string(), serde_json::json!(picked));
            let result =
                ItemResult { position: row.position, correct: Some(correct), points: earned, max: row.points, levels: Some(picked) };
            match results.iter_mut().find(|x| x.position == row.position) {
                Some(slot) => *slot = result,
                None => results.push(result),
            }
        }
        let (total, max) = results.iter().fold((0, 0), |(t, m), x| (t + x.points, m + x.max));
        let score = assessment::percent(total, max);
        let passed = assessment::passes(score, locked.pass_score);
        let points_awarded = if r.regrade {
            // A regrade corrects the score; points already given stay given, and none are added.
            locked.points_awarded
        } else if passed && !assessments::points_already_awarded(&mut tx, locked.learner_id, locked.assessment_id).await? {
            points::assessment(score.clamp(0, 100) as u8, locked.pass_score.clamp(0, 100) as u8)
        } else {
            0
        };
        // The comments ticked follow what was typed, one per line, as the trainer reads them.
        let banked = comments::take(&mut tx, me.user_id, &r.bank).await?;
        let feedback =
            std::iter::once(typed).chain(banked.iter().map(String::as_str)).filter(|t| !t.is_empty()).collect::<Vec<_>>().join("\n");
        if feedback.chars().count() > FEEDBACK_MAX_CHARS {
            tx.rollback().await?;
            return refuse(&sess, &r, &queue, Field::Feedback, Problem::FeedbackTooLong { max: FEEDBACK_MAX_CHARS }).await;
        }
        if r.keep {
            comments::keep(&mut tx, me.user_id, typed).await?;
        }
        let results_json = serde_json::to_value(&results).map_err(|_| AppError::Internal)?;
        let write = submissions::GradeWrite {
            trainer_id: me.user_id,
            item_results: &results_json,
            score,
            feedback: (!feedback.is_empty()).then_some(feedback.as_str()),
            points_awarded,
        };
        submissions::write_grade(&mut tx, r.submission, &write).await?;
        let profile = users::learner_profile(&mut *tx, locked.learner_id).await?;
        if !r.regrade {
            // Mastery follows the first grade only: a regrade corrects a score, it is not a second answer.
            let traced: Vec<_> = traced.into_iter().filter(|(skills, _)| !skills.is_empty()).collect();
            mastery::trace(&mut tx, locked.learner_id, r.submission, &traced).await?;
            let clock =
                Clock { learner_id: locked.learner_id, time_zone: &profile.time_zone, weekly_goal_minutes: profile.weekly_goal_minutes };
            achievements::evaluate(&mut tx, &clock, chrono::Utc::now()).await?;
        }
        let (action, detail) = if r.regrade {
            (AuditAction::SubmissionRegraded, serde_json::json!({ "from": locked.score, "to": score, "levels": graded_levels }))
        } else {
            (AuditAction::SubmissionGraded, serde_json::json!({ "score": score, "levels": graded_levels, "points": points_awarded }))
        };
        db::audit::record(&mut tx, Some(me.user_id), action, "submission", Some(r.submission), detail).await?;
        tx.commit().await?;

        let graded = Notice::Graded { name: profile.display_name, score, regraded: r.regrade };
        let to = if r.next {
            let filter = submissions::QueueFilter {
                trainer_id: me.user_id,
                cohort_id: queue.cohort,
                assessment_id: queue.assessment,
                flagged_only: queue.flagged_only,
            };
            match submissions::queue_page(&pool, &filter, queue.sort, Some(r.submission), 1).await?.first() {
                Some(next) => page(next.submission_id, &queue),
                None => {
                    let flash = FormFlash::new(Form::Grading).with_notice(Notice::QueueDone);
                    return session::back_to(&sess, &format!("/train/queue?{}", queue.query()), flash).await;
                }
            }
        } else {
            page(r.submission, &queue)
        };
        session::back_to(&sess, &to, FormFlash::new(Form::Grading).with_notice(graded)).await
    }

    pub async fn flag(submission: i64, reason: String, clear: bool, queue: QueueView) -> Result<(), AppError> {
        let me = guard::require_role(Role::Trainer)?;
        guard::require_own_submission(&me, submission).await?;
        let sess = session::session().await?;
        let here = page(submission, &queue);
        let reason = reason.trim();
        let problem = if clear {
            None
        } else if reason.is_empty() {
            Some(Problem::FlagReasonMissing)
        } else if reason.chars().count() > FLAG_REASON_MAX_CHARS {
            Some(Problem::FlagReasonTooLong { max: FLAG_REASON_MAX_CHARS })
        } else {
            None
        };
        if let Some(problem) = problem {
            let flash = FormFlash::new(Form::Grading).with_value(Field::FlagReason, reason).with_error(Field::FlagReason, problem);
            return session::back_to(&sess, &here, flash).await;
        }
        let mut tx = guard::pool()?.begin().await?;
        let stored = if clear { None } else { Some(reason) };
        submissions::set_flag(&mut tx, submission, stored).await?;
        let (action, notice, detail) = if clear {
            (AuditAction::SubmissionUnflagged, Notice::Unflagged, serde_json::json!({}))
        } else {
            (AuditAction::SubmissionFlagged, Notice::Flagged, serde_json::json!({ "reason": reason }))
        };
        db::audit::record(&mut tx, Some(me.user_id), action, "submission", Some(submission), detail).await?;
        tx.commit().await?;
        session::back_to(&sess, &format!("{here}#flag"), FormFlash::new(Form::Grading).with_notice(notice)).await
    }
}
