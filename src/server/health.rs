//! The database as this process sees it: a watcher that pings PostgreSQL every second and
//! restarts the embedded cluster when it has died, the gate that answers "back in a moment" (503,
//! Retry-After) while the database is away, and `/healthz` (alive) and `/readyz` (database
//! reachable) for load balancers.
//!
//! Why a watcher and not only timeouts: a request that finds the database gone would otherwise
//! wait for the pool's acquire timeout before failing; with the watcher's verdict the gate answers
//! at once, and the first request after recovery is not the one that pays for finding out.

use crate::domain::language::{self, Language};
use crate::model::ops::{DbEvent, DbEventKind};
use crate::server::embedded_pg::EmbeddedPostgres;
use crate::server::request;
use crate::server::state::AppState;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use sqlx::PgPool;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How often the watcher pings while the database answers, and while it does not.
const EVERY_WHEN_UP: Duration = Duration::from_secs(1);
const EVERY_WHEN_DOWN: Duration = Duration::from_millis(250);
/// A ping slower than this counts as no answer.
const PING_TIMEOUT: Duration = Duration::from_secs(1);
/// What the 503 page asks browsers and load balancers to wait before trying again.
pub const RETRY_AFTER_SECS: u64 = 5;
/// Events kept for the health page.
const EVENTS_KEPT: usize = 20;

pub struct Health {
    up: AtomicBool,
    stopping: AtomicBool,
    started: Instant,
    started_at: DateTime<Utc>,
    last_ping_micros: AtomicU64,
    restarts: AtomicU64,
    outages: AtomicU64,
    /// The private cluster this process runs, when there is no DATABASE_URL.
    embedded: Option<EmbeddedPostgres>,
    events: Mutex<VecDeque<DbEvent>>,
}

/// What `/ops/health` shows of the watcher.
pub struct Snapshot {
    pub up: bool,
    pub started_at: DateTime<Utc>,
    pub uptime_secs: u64,
    pub last_ping_ms: f64,
    pub outages: u64,
    pub restarts: u64,
    pub embedded: bool,
    pub events: Vec<DbEvent>,
}

impl Health {
    /// A watcher over `pool`, restarting `embedded` when its server has died.
    pub fn start(pool: PgPool, embedded: Option<EmbeddedPostgres>) -> Arc<Self> {
        let health = Arc::new(Health {
            up: AtomicBool::new(true),
            stopping: AtomicBool::new(false),
            started: Instant::now(),
            started_at: Utc::now(),
            last_ping_micros: AtomicU64::new(0),
            restarts: AtomicU64::new(0),
            outages: AtomicU64::new(0),
            embedded,
            events: Mutex::new(VecDeque::new()),
        });
        tokio::spawn(watch(health.clone(), pool));
        health
    }

    pub fn is_up(&self) -> bool {
        self.up.load(Ordering::Relaxed)
    }

    /// Stops the watcher from restarting a cluster the app is about to stop on purpose.
    pub fn stop(&self) {
        self.stopping.store(true, Ordering::Relaxed);
    }

    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            up: self.is_up(),
            started_at: self.started_at,
            uptime_secs: self.started.elapsed().as_secs(),
            last_ping_ms: self.last_ping_micros.load(Ordering::Relaxed) as f64 / 1000.0,
            outages: self.outages.load(Ordering::Relaxed),
            restarts: self.restarts.load(Ordering::Relaxed),
            embedded: self.embedded.is_some(),
            events: self.events.lock().map(|e| e.iter().rev().cloned().collect()).unwrap_or_default(),
        }
    }

    /// Pings now and records the verdict; true when the database answered.
    pub async fn check(&self, pool: &PgPool, timeout: Duration) -> bool {
        let started = Instant::now();
        let ok = matches!(tokio::time::timeout(timeout, crate::server::db::ping(pool)).await, Ok(Ok(())));
        if ok {
            self.last_ping_micros.store(started.elapsed().as_micros() as u64, Ordering::Relaxed);
        }
        self.record(ok);
        ok
    }

    fn record(&self, ok: bool) {
        let was_up = self.up.swap(ok, Ordering::Relaxed);
        match (was_up, ok) {
            (true, false) => {
                self.outages.fetch_add(1, Ordering::Relaxed);
                tracing::error!("the database stopped answering; pages answer 503 until it is back");
                self.push(DbEventKind::Lost);
            }
            (false, true) => {
                let lost_at = self.events.lock().ok().and_then(|e| e.iter().rev().find(|e| e.kind == DbEventKind::Lost).map(|e| e.at));
                let down_ms = lost_at.map(|at| (Utc::now() - at).num_milliseconds().max(0) as u64).unwrap_or(0);
                tracing::warn!(down_ms, "the database answers again");
                self.push(DbEventKind::Back { down_ms });
            }
            _ => {}
        }
    }

    fn push(&self, kind: DbEventKind) {
        if let Ok(mut events) = self.events.lock() {
            if events.len() == EVENTS_KEPT {
                events.pop_front();
            }
            events.push_back(DbEvent { at: Utc::now(), kind });
        }
    }

    /// Starts the embedded cluster again if its server is gone. PostgreSQL recovers from its
    /// write-ahead log as it starts, so what was committed before the crash is there after it.
    async fn revive(&self) {
        let Some(pg) = self.embedded.clone() else { return };
        if self.stopping.load(Ordering::Relaxed) {
            return;
        }
        let outcome = tokio::task::spawn_blocking(move || if pg.is_running() { Ok(false) } else { pg.start_server().map(|()| true) }).await;
        match outcome {
            Ok(Ok(false)) => {}
            Ok(Ok(true)) => {
                self.restarts.fetch_add(1, Ordering::Relaxed);
                tracing::warn!("the embedded PostgreSQL had stopped; started it again");
                self.push(DbEventKind::ClusterRestarted);
            }
            // Its old processes may still hold shared memory for a moment; the next round tries again.
            Ok(Err(err)) => {
                tracing::error!(error = %err, "starting the embedded PostgreSQL again");
                self.push(DbEventKind::RestartFailed);
            }
            Err(err) => tracing::error!(error = %err, "starting the embedded PostgreSQL again"),
        }
    }
}

async fn watch(health: Arc<Health>, pool: PgPool) {
    loop {
        tokio::time::sleep(if health.is_up() { EVERY_WHEN_UP } else { EVERY_WHEN_DOWN }).await;
        if health.stopping.load(Ordering::Relaxed) || pool.is_closed() {
            return;
        }
        if !health.check(&pool, PING_TIMEOUT).await {
            health.revive().await;
        }
    }
}

/// Outermost layer: while the database is away, every page and server function answers 503 at
/// once with a page in the reader's language; an answer that failed because the database went
/// away mid-request becomes the same page. Static files, `/healthz`, `/readyz` and `/metrics`
/// need no database and pass.
pub async fn gate(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path();
    if ["/pkg/", "/vendor/"].iter().any(|p| path.starts_with(p)) || matches!(path, "/healthz" | "/readyz" | "/metrics") {
        return next.run(req).await;
    }
    // The saved choice is in the database, which may be the thing that is away.
    let headers = req.headers();
    let language = language::choose(None, request::language_cookie(headers).as_deref(), request::accept_language(headers));
    let reload = req.method() == Method::GET;
    let wants_json = !req.headers().get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("text/html"))
        && path.starts_with("/api/");
    if !state.health.is_up() {
        return back_in_a_moment(language, reload, wants_json);
    }
    let res = next.run(req).await;
    // A failure is the database's when the watcher has meanwhile seen it go, or a quick ping
    // says so now; any other failure is passed on as it is.
    if res.status().is_server_error() && (!state.health.is_up() || !state.health.check(&state.pool, Duration::from_millis(250)).await) {
        return back_in_a_moment(language, reload, wants_json);
    }
    res
}

/// The 503 answer: JSON `AppError::Unavailable` for programs, else a small page that reloads
/// itself (a GET only: a form's POST is never sent again behind the person's back).
pub fn back_in_a_moment(language: Language, reload: bool, json: bool) -> Response {
    let mut res = if json {
        let body = serde_json::to_vec(&crate::error::AppError::Unavailable).unwrap_or_default();
        (StatusCode::SERVICE_UNAVAILABLE, [(header::CONTENT_TYPE, "application/json")], body).into_response()
    } else {
        let html = page(language, reload);
        (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8"), (header::CONTENT_LANGUAGE, language.code())],
            Body::from(html),
        )
            .into_response()
    };
    res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECS));
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

fn page(language: Language, reload: bool) -> String {
    use crate::i18n::td_string;
    use crate::server::plain_errors::{escape, small_page};
    let l = crate::ui::text::locale(language);
    let refresh = if reload { format!("<meta http-equiv=\"refresh\" content=\"{RETRY_AFTER_SECS}\">") } else { String::new() };
    let again = if reload {
        td_string!(l, health.back_soon_reload, seconds = RETRY_AFTER_SECS).to_string()
    } else {
        td_string!(l, health.back_soon_resend).to_string()
    };
    let body = format!("<p>{}</p><p>{}</p>", escape(td_string!(l, health.back_soon_body)), escape(&again));
    small_page(language, td_string!(l, health.back_soon_title), &refresh, &body)
}

/// Alive: the process answers. A load balancer restarts what fails this, so it never asks the database.
pub async fn healthz() -> &'static str {
    "ok"
}

/// Ready: the database answers, so requests sent here can be served.
pub async fn readyz(State(state): State<AppState>) -> Response {
    if state.health.check(&state.pool, PING_TIMEOUT).await {
        (StatusCode::OK, "ready").into_response()
    } else {
        let mut res = (StatusCode::SERVICE_UNAVAILABLE, "database unreachable").into_response();
        res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECS));
        res
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_reloads_itself_only_after_a_get() {
        let get = page(Language::Sw, true);
        assert!(get.contains("<html lang=\"sw\">") && get.contains("http-equiv=\"refresh\" content=\"5\""), "{get}");
        let post = page(Language::En, false);
        assert!(!post.contains("refresh"), "{post}");
        assert!(post.contains("Back in a moment") && post.contains("send it again"), "{post}");
    }
}
