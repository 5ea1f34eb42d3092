//! What the server settles about a request before any page or server function runs: who is
//! calling (one look-up per request, shared by every guard) and which language to answer in.

use crate::auth::{CurrentUser, session};
use crate::domain::language::{self, Language};
use crate::error::AppError;
use crate::server::db;
use crate::server::state::AppState;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::Response;
use leptos::prelude::{provide_context, use_context};
use tower_sessions::Session;

/// The cookie that remembers a visitor's language choice before (or without) signing in.
pub const LANGUAGE_COOKIE: &str = "rr_lang";

/// The signed-in, active user behind the request, None for a visitor; an error when the
/// database could not say.
#[derive(Clone, Debug)]
pub struct Caller(pub Result<Option<CurrentUser>, AppError>);

/// The page being rendered, path and query, so the language switcher can come back to it.
#[derive(Clone, Debug)]
pub struct CurrentPath(pub String);

/// Middleware (inside the session layer): identifies the caller and picks the language.
pub async fn identify(State(state): State<AppState>, session: Session, mut req: Request, next: Next) -> Response {
    let caller = Caller(load_caller(&state, &session).await);
    let saved = caller.0.as_ref().ok().and_then(|user| user.as_ref()).and_then(|user| user.language);
    let chosen = language::choose(saved, language_cookie(req.headers()).as_deref(), accept_language(req.headers()));
    req.extensions_mut().insert(caller);
    req.extensions_mut().insert(chosen);
    next.run(req).await
}

/// A session whose account was disabled or removed is ended on the spot.
async fn load_caller(state: &AppState, session: &Session) -> Result<Option<CurrentUser>, AppError> {
    let Some(user_id) = session::user_id(session).await? else {
        return Ok(None);
    };
    match db::users::find_active(&state.pool, user_id).await? {
        Some(user) => Ok(Some(user)),
        None => {
            session::end(session).await?;
            Ok(None)
        }
    }
}

/// The language a visitor picked with the switcher on this device, if any.
pub fn language_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(tower_sessions::cookie::Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == LANGUAGE_COOKIE)
        .map(|c| c.value().to_owned())
}

fn accept_language(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok())
}

/// Called for every page render and server function: makes the request's language and path
/// available as Leptos context.
pub fn provide_request_context() {
    let Some(parts) = use_context::<axum::http::request::Parts>() else {
        return;
    };
    provide_context(parts.extensions.get::<Language>().copied().unwrap_or(Language::En));
    let path = parts.uri.path_and_query().map(|p| p.as_str().to_owned()).unwrap_or_else(|| "/".to_owned());
    provide_context(CurrentPath(path));
}

/// The caller as identified by `identify`; a request that did not pass through it has no caller.
pub fn caller() -> Result<Option<CurrentUser>, AppError> {
    use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<Caller>().cloned())
        .map(|caller| caller.0)
        .unwrap_or_else(|| {
            tracing::error!("request reached a guard without passing the identify middleware");
            Err(AppError::Internal)
        })
}
