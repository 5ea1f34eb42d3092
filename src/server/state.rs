//! AppState: what every handler and server function can reach (Leptos options, the pool, and
//! the few settings requests need).

use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use sqlx::PgPool;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub pool: PgPool,
    /// Mark cookies Secure (the site is served over HTTPS).
    pub cookie_secure: bool,
}
