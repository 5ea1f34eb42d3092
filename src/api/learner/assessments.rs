//! Assessments (`/learn/assessments/{id}`, and quiz lessons): taking one with instant scoring,
//! and reading a result back. A learner sees only assessments of paths they are enrolled in or
//! that are open, and only their own results.

use crate::error::AppError;
use crate::model::learner::{AssessmentView, ResultView};
use leptos::prelude::*;
use std::collections::BTreeMap;

#[server(endpoint = "learner/assessment")]
pub async fn get_assessment(assessment: i64) -> Result<AssessmentView, AppError> {
    use crate::auth::{Role, guard};
    use crate::server::db::users;

    let me = guard::require_role(Role::Learner)?;
    let pool = guard::pool()?;
    let profile = users::learner_profile(&pool, me.user_id).await?;
    crate::server::assessments::view(&pool, me.user_id, assessment, profile.display_name).await
}

/// Hands in an attempt. `answers` holds `"q{position}"` → the answer (a choice's index or the
/// text typed) and `"q{position}-{option}"` for each option ticked on a multiple-choice item.
/// `key` is the form's own key: the same key again finds the submission already stored. From a
/// plain form it goes on to the result page; refused answers come back to the form, kept.
#[server(endpoint = "learner/submit_assessment")]
pub async fn submit_assessment(
    assessment: i64,
    key: String,
    #[server(default)] answers: BTreeMap<String, String>,
    #[server(default)] back: Option<String>,
) -> Result<i64, AppError> {
    use crate::auth::{Role, guard, session};
    use crate::model::forms::{Field, Form, FormFlash, Notice, Problem};
    use crate::server::assessments;

    let me = guard::require_role(Role::Learner)?;
    let sess = session::session().await?;
    let pool = guard::pool()?;
    // A quiz lesson's form returns to the lesson; the assessment page's to itself.
    let here = match back.as_deref().and_then(|b| b.parse::<i64>().ok()) {
        Some(lesson) => format!("/learn/lessons/{lesson}#quiz"),
        None => format!("/learn/assessments/{assessment}"),
    };
    let outcome = match uuid::Uuid::parse_str(key.trim()) {
        Ok(key) => assessments::submit(&pool, me.user_id, assessment, key, &answers).await,
        Err(_) => Err(AppError::invalid(Field::Assessment, Problem::FormKeyInvalid)),
    };
    match outcome {
        Ok(done) => {
            // An open answer waits for its pre-score; the learner does not.
            guard::prescoring()?.wake();
            let to = format!("/learn/assessments/{}/result/{}", done.assessment_id, done.submission_id);
            let notice = Notice::Submitted { points: done.points, earned: done.earned };
            session::back_to(&sess, &to, FormFlash::new(Form::Learn).with_notice(notice)).await?;
            Ok(done.submission_id)
        }
        // A browser goes back to the form with its answers kept and the problem named; a program
        // asking for JSON (an island, a sync client) gets the refusal itself (422).
        Err(AppError::Invalid { field, problem }) if !session::wants_json() => {
            let flash = FormFlash::new(Form::Learn).with_answers(&answers).with_error(field, problem);
            session::back_to(&sess, &here, flash).await?;
            Ok(0)
        }
        Err(e) => Err(e),
    }
}

#[server(endpoint = "learner/result")]
pub async fn get_result(assessment: i64, submission: i64) -> Result<ResultView, AppError> {
    use crate::auth::{Role, guard};
    use crate::server::db::users;

    let me = guard::require_role(Role::Learner)?;
    let pool = guard::pool()?;
    let profile = users::learner_profile(&pool, me.user_id).await?;
    crate::server::assessments::result(&pool, me.user_id, assessment, submission, profile.display_name).await
}
