//! Session keys and the moves on them: sign in (with a fresh id), sign out, one-shot form flashes.

use crate::error::AppError;
use crate::model::forms::{Form, FormFlash};
use tower_sessions::Session;

const USER_ID: &str = "user_id";
const FLASH: &str = "flash";

pub async fn session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>().await.map_err(|err| {
        tracing::error!(error = %err, "no session layer on this request");
        AppError::Internal
    })
}

pub async fn user_id(session: &Session) -> Result<Option<i64>, AppError> {
    Ok(session.get::<i64>(USER_ID).await?)
}

/// Binds the session to `user_id` under a new session id, so an id planted before sign-in
/// (session fixation) is worth nothing afterwards; the old id is deleted from the store.
pub async fn begin(session: &Session, user_id: i64) -> Result<(), AppError> {
    session.cycle_id().await?;
    session.insert(USER_ID, user_id).await?;
    Ok(())
}

/// Deletes the server-side session; the cookie left in the browser no longer opens anything.
/// Anything stored afterwards (a "signed out" notice) goes under a brand-new id: after a flush
/// the store would otherwise recreate the record under the old one.
pub async fn end(session: &Session) -> Result<(), AppError> {
    session.flush().await?;
    session.cycle_id().await?;
    Ok(())
}

pub async fn set_flash(session: &Session, flash: FormFlash) -> Result<(), AppError> {
    session.insert(FLASH, flash).await?;
    Ok(())
}

/// Ends a form post: leaves `flash` for the page at `path` and sends the browser there.
pub async fn back_to(session: &Session, path: &str, flash: FormFlash) -> Result<(), AppError> {
    set_flash(session, flash).await?;
    leptos_axum::redirect(path);
    Ok(())
}

/// Takes the flash left for `form`, if any; a flash for another form is left alone.
pub async fn take_flash(session: &Session, form: Form) -> Result<Option<FormFlash>, AppError> {
    let flash: Option<FormFlash> = session.get(FLASH).await?;
    match flash {
        Some(f) if f.form == form => {
            session.remove_value(FLASH).await?;
            Ok(Some(f))
        }
        _ => Ok(None),
    }
}
