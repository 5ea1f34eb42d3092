//! Session keys and the moves on them: sign in (with a fresh id), lifetimes, sign out, one-shot
//! form flashes.

use crate::error::AppError;
use crate::model::forms::{Form, FormFlash};
use crate::server::db;
use sqlx::PgPool;
use tower_sessions::Session;

const USER_ID: &str = "user_id";
const FLASH: &str = "flash";
/// Unix seconds: when this session signed in, and when it was last known to be in use.
const SIGNED_IN_AT: &str = "signed_in_at";
const SEEN_AT: &str = "seen_at";
/// The key of this session's `user_session` row; deleting the row signs the session out.
const SESSION_KEY: &str = "session_key";

pub async fn session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>().await.map_err(|err| {
        tracing::error!(error = %err, "no session layer on this request");
        AppError::Internal
    })
}

pub async fn user_id(session: &Session) -> Result<Option<i64>, AppError> {
    Ok(session.get::<i64>(USER_ID).await?)
}

/// The key of the signed-in session's row, if signed in.
pub async fn key(session: &Session) -> Result<Option<String>, AppError> {
    Ok(session.get::<String>(SESSION_KEY).await?)
}

/// The signed-in user and session key of a session still within its lifetimes
/// (`domain::session`); a session past them is ended here, and one in use has its "last seen"
/// moved on now and then. Whether its row still exists is the caller's look-up.
pub async fn live_user(session: &Session, pool: &PgPool) -> Result<Option<(i64, String)>, AppError> {
    use crate::domain::session::{SessionVerdict, verdict};
    let (Some(user_id), Some(key)) = (user_id(session).await?, key(session).await?) else {
        if session.get::<i64>(USER_ID).await?.is_some() {
            end(session, pool).await?;
        }
        return Ok(None);
    };
    let now = chrono::Utc::now().timestamp();
    let signed_in_at = session.get::<i64>(SIGNED_IN_AT).await?;
    let seen_at = session.get::<i64>(SEEN_AT).await?;
    match verdict(now, signed_in_at, seen_at) {
        SessionVerdict::Fresh => Ok(Some((user_id, key))),
        SessionVerdict::Touch => {
            session.insert(SEEN_AT, now).await?;
            db::sessions::touch(pool, &key).await?;
            Ok(Some((user_id, key)))
        }
        SessionVerdict::Expired => {
            end(session, pool).await?;
            Ok(None)
        }
    }
}

/// Binds the session to `user_id` under a new session id, so an id planted before sign-in
/// (session fixation) is worth nothing afterwards; the old id is deleted from the store.
/// The session also gets a `user_session` row (with the browser's description, for the "signed in
/// on" list), so it can be ended from elsewhere.
pub async fn begin(session: &Session, user_id: i64) -> Result<(), AppError> {
    let pool = crate::auth::guard::pool()?;
    session.cycle_id().await?;
    let now = chrono::Utc::now().timestamp();
    let key = crate::auth::token::session_key();
    let agent = leptos::prelude::use_context::<axum::http::request::Parts>()
        .and_then(|p| p.headers.get(axum::http::header::USER_AGENT).and_then(|v| v.to_str().ok()).map(str::to_owned))
        .unwrap_or_default();
    let mut conn = pool.acquire().await?;
    db::sessions::insert(&mut conn, &key, user_id, &agent).await?;
    session.insert(SESSION_KEY, key).await?;
    session.insert(USER_ID, user_id).await?;
    session.insert(SIGNED_IN_AT, now).await?;
    session.insert(SEEN_AT, now).await?;
    Ok(())
}

/// Deletes the server-side session; the cookie left in the browser no longer opens anything.
/// Anything stored afterwards (a "signed out" notice) goes under a brand-new id: after a flush
/// the store would otherwise recreate the record under the old one.
pub async fn end(session: &Session, pool: &PgPool) -> Result<(), AppError> {
    if let Some(key) = key(session).await? {
        db::sessions::delete(pool, &key).await?;
    }
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

/// Whether the caller reads the answer as JSON (an island, a program) rather than being a plain
/// form post that expects to be sent to a page.
pub fn wants_json() -> bool {
    leptos::prelude::use_context::<axum::http::request::Parts>()
        .and_then(|p| p.headers.get(axum::http::header::ACCEPT).and_then(|v| v.to_str().ok()).map(|v| v.contains("application/json")))
        .unwrap_or(false)
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
