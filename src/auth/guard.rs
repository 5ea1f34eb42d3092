//! The first line of every server function: who is calling, may they do this, and is this
//! theirs? Refusals set 401/403 and reveal nothing about what was asked for.

use crate::auth::{CurrentUser, Role};
use crate::error::AppError;
use crate::server::db;
use crate::server::state::AppState;
use axum::http::StatusCode;
use leptos::prelude::use_context;
use sqlx::PgPool;

pub fn pool() -> Result<PgPool, AppError> {
    use_context::<AppState>().map(|s| s.pool).ok_or_else(|| {
        tracing::error!("AppState missing from the request context");
        AppError::Internal
    })
}

/// The mailer, for server functions that send letters.
pub fn mail() -> Result<std::sync::Arc<crate::server::mail::Mail>, AppError> {
    use_context::<AppState>().map(|s| s.mail).ok_or_else(|| {
        tracing::error!("AppState missing from the request context");
        AppError::Internal
    })
}

pub fn prescoring() -> Result<std::sync::Arc<crate::server::prescoring::Prescoring>, AppError> {
    use_context::<AppState>().map(|s| s.prescoring).ok_or_else(|| {
        tracing::error!("AppState missing from the request context");
        AppError::Internal
    })
}

/// The signed-in, active user, or None (identified once per request by `server::request`).
pub fn current_user() -> Result<Option<CurrentUser>, AppError> {
    crate::server::request::caller()
}

pub fn require_user() -> Result<CurrentUser, AppError> {
    current_user()?.ok_or_else(|| deny(AppError::Unauthenticated))
}

pub fn require_role(role: Role) -> Result<CurrentUser, AppError> {
    let user = require_user()?;
    if user.role == role { Ok(user) } else { Err(deny(AppError::Forbidden)) }
}

/// A cohort the trainer runs, by id; anyone else's cohort (or one that does not exist) is
/// refused the same way, so ids reveal nothing. Returns the cohort's name.
pub async fn require_own_cohort(trainer: &CurrentUser, cohort_id: i64) -> Result<String, AppError> {
    match db::cohorts::owner(&pool()?, cohort_id).await? {
        Some(cohort) if trainer.role == Role::Trainer && cohort.trainer_id == Some(trainer.user_id) => Ok(cohort.name),
        _ => Err(deny(AppError::Forbidden)),
    }
}

/// The caller must be the trainer whose cohort the submission is graded through. Another
/// trainer's submission and one that does not exist are refused alike, so ids reveal nothing.
pub async fn require_own_submission(trainer: &CurrentUser, submission_id: i64) -> Result<(), AppError> {
    match db::submissions::owner(&pool()?, submission_id).await? {
        Some(Some(owner)) if trainer.role == Role::Trainer && owner == trainer.user_id => Ok(()),
        _ => Err(deny(AppError::Forbidden)),
    }
}

/// The learner must be in one of the trainer's cohorts (any status: a finished cohort's learners
/// are still the trainer's to follow up). Anyone else, or no one, is refused alike.
pub async fn require_own_learner(trainer: &CurrentUser, learner_id: i64) -> Result<(), AppError> {
    match trainer.role == Role::Trainer && db::risk::is_trainers_learner(&pool()?, trainer.user_id, learner_id).await? {
        true => Ok(()),
        false => Err(deny(AppError::Forbidden)),
    }
}

/// Refusals answer 401/403 rather than the generic 500 server functions use for errors.
fn deny(error: AppError) -> AppError {
    if let (Some(res), Ok(status)) = (use_context::<leptos_axum::ResponseOptions>(), StatusCode::from_u16(error.status())) {
        res.set_status(status);
    }
    error
}
