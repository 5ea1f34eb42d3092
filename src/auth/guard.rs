//! The first line of every server function: who is calling, and may they do this?

use crate::auth::{CurrentUser, Role, session};
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

/// The signed-in, active user, or None. A session whose account was disabled or removed is
/// ended on the spot.
pub async fn current_user() -> Result<Option<CurrentUser>, AppError> {
    let session = session::session().await?;
    let Some(user_id) = session::user_id(&session).await? else {
        return Ok(None);
    };
    let pool = pool()?;
    match db::users::find_active(&pool, user_id).await? {
        Some(user) => Ok(Some(user)),
        None => {
            session::end(&session).await?;
            Ok(None)
        }
    }
}

pub async fn require_user() -> Result<CurrentUser, AppError> {
    current_user().await?.ok_or_else(|| deny(AppError::Unauthenticated))
}

pub async fn require_role(role: Role) -> Result<CurrentUser, AppError> {
    let user = require_user().await?;
    if user.role == role { Ok(user) } else { Err(deny(AppError::Forbidden)) }
}

/// Refusals answer 401/403 rather than the generic 500 server functions use for errors.
fn deny(error: AppError) -> AppError {
    if let (Some(res), Ok(status)) = (use_context::<leptos_axum::ResponseOptions>(), StatusCode::from_u16(error.status())) {
        res.set_status(status);
    }
    error
}
