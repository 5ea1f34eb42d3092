//! What the server settles about a request before any page or server function runs: who is
//! calling (one look-up per request, shared by every guard) and which language to answer in.

use crate::auth::{CurrentUser, session};
use crate::domain::language::{self, Language};
use crate::error::AppError;
use crate::server::db;
use crate::server::state::AppState;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::Response;
use leptos::prelude::{provide_context, use_context};
use std::net::{IpAddr, SocketAddr};
use tower_sessions::Session;

/// The cookie that remembers a visitor's language choice before (or without) signing in.
pub const LANGUAGE_COOKIE: &str = "rr_lang";

/// The signed-in, active user behind the request, None for a visitor; an error when the
/// database could not say.
#[derive(Clone, Debug)]
pub struct Caller(pub Result<Option<CurrentUser>, AppError>);

/// A learner's unread messages, counted once per page request for the header's inbox link.
#[derive(Clone, Copy, Debug)]
pub struct Unread(pub i64);

/// The page being rendered, path and query, so the language switcher can come back to it.
#[derive(Clone, Debug)]
pub struct CurrentPath(pub String);

/// Where a request comes from, as throttling counts it: the peer's IP address (the right-most
/// X-Forwarded-For entry when the app is told it sits behind a proxy), IPv6 by its /64 network
/// since one subscriber gets a whole /64 to rotate through.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientAddress(pub String);

/// Middleware (inside the session layer): identifies the caller and picks the language.
pub async fn identify(State(state): State<AppState>, session: Session, mut req: Request, next: Next) -> Response {
    let address = client_address(&req, state.trust_proxy);
    req.extensions_mut().insert(address);
    let caller = Caller(load_caller(&state, &session).await);
    let saved = caller.0.as_ref().ok().and_then(|user| user.as_ref()).and_then(|user| user.language);
    let chosen = language::choose(saved, language_cookie(req.headers()).as_deref(), accept_language(req.headers()));
    // Only pages show the header; server functions and files need not count.
    let learner = caller.0.as_ref().ok().and_then(|u| u.as_ref()).filter(|u| u.role == crate::auth::Role::Learner).map(|u| u.user_id);
    if let Some(id) = learner
        && req.method() == axum::http::Method::GET
        && !req.uri().path().starts_with("/api/")
    {
        match db::follow_up::unread_count(&state.pool, id).await {
            Ok(n) => {
                req.extensions_mut().insert(Unread(n));
            }
            Err(err) => tracing::warn!(error = %err, "cannot count unread messages for the header"),
        }
    }
    req.extensions_mut().insert(caller);
    req.extensions_mut().insert(chosen);
    next.run(req).await
}

/// A session whose account was disabled or removed, or whose row was deleted (signed out from
/// elsewhere, password changed), is ended on the spot.
async fn load_caller(state: &AppState, session: &Session) -> Result<Option<CurrentUser>, AppError> {
    let Some((user_id, key)) = session::live_user(session, &state.pool).await? else {
        return Ok(None);
    };
    match db::users::find_active(&state.pool, user_id, &key).await? {
        Some(user) => Ok(Some(user)),
        None => {
            session::end(session, &state.pool).await?;
            Ok(None)
        }
    }
}

fn client_address(req: &Request, trust_proxy: bool) -> ClientAddress {
    let forwarded = || {
        let value = req.headers().get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok()).next_back()?;
        value.rsplit(',').next()?.trim().parse::<IpAddr>().ok()
    };
    let peer = || req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    let ip = if trust_proxy { forwarded().or_else(peer) } else { peer() };
    ClientAddress(match ip {
        Some(IpAddr::V6(v6)) if v6.to_ipv4_mapped().is_none() => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
        Some(IpAddr::V6(v6)) => v6.to_ipv4_mapped().map(|v4| v4.to_string()).unwrap_or_default(),
        Some(ip) => ip.to_string(),
        None => "unknown".to_owned(),
    })
}

/// The client address of the request being answered (see `ClientAddress`).
pub fn current_client_address() -> String {
    use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<ClientAddress>().cloned())
        .map(|a| a.0)
        .unwrap_or_else(|| "unknown".to_owned())
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

/// The browser's `Accept-Language` header, if it is readable.
pub fn accept_language(headers: &HeaderMap) -> Option<&str> {
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
    if let Some(unread) = parts.extensions.get::<Unread>().copied() {
        provide_context(unread);
    }
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

/// The value of `name` in the page's query string, percent-decoded exactly once. (leptos_router
/// 0.8's query map decodes a second time, so `%2541` would arrive as `A` instead of `%41`:
/// leptos-rs/leptos#4731, fixed only on the 0.9 line.)
pub fn query_param(name: &str) -> Option<String> {
    let parts = use_context::<axum::http::request::Parts>()?;
    let query = parts.uri.query()?;
    form_urlencoded::parse(query.as_bytes()).find(|(k, _)| k == name).map(|(_, v)| v.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;

    fn request(peer: &str, forwarded: Option<&str>) -> Request {
        let mut req = Request::builder().uri("/").body(Body::empty()).unwrap();
        if let Some(f) = forwarded {
            req.headers_mut().insert("x-forwarded-for", f.parse().unwrap());
        }
        req.extensions_mut().insert(ConnectInfo(peer.parse::<SocketAddr>().unwrap()));
        req
    }

    #[test]
    fn without_a_proxy_the_clients_own_claim_is_ignored() {
        let req = request("198.51.100.1:5000", Some("203.0.113.5"));
        assert_eq!(client_address(&req, false).0, "198.51.100.1");
    }

    #[test]
    fn behind_a_proxy_the_address_it_appended_counts() {
        // A client can put anything first; the proxy appends the address it saw last.
        let req = request("10.0.0.2:5000", Some("1.2.3.4, 203.0.113.5"));
        assert_eq!(client_address(&req, true).0, "203.0.113.5");
        assert_eq!(client_address(&request("10.0.0.2:5000", None), true).0, "10.0.0.2");
    }

    #[test]
    fn ipv6_clients_are_counted_by_network() {
        let a = client_address(&request("[2001:db8:a:b:1::1]:5000", None), false);
        let b = client_address(&request("[2001:db8:a:b:ffff::2]:5000", None), false);
        assert_eq!(a, b);
        assert_eq!(a.0, "2001:db8:a:b::/64");
        assert_eq!(client_address(&request("[::ffff:192.0.2.1]:5000", None), false).0, "192.0.2.1");
    }
}
