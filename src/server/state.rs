//! AppState: what every handler and server function can reach (Leptos options, the pool, and
//! the few settings requests need).

use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use sqlx::PgPool;
use std::sync::Arc;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub pool: PgPool,
    /// Mark cookies Secure (the site is served over HTTPS).
    #[from_ref(skip)]
    pub cookie_secure: bool,
    /// The app sits behind a reverse proxy that appends the client's address to X-Forwarded-For;
    /// without one that header is the client's own claim and is ignored.
    #[from_ref(skip)]
    pub trust_proxy: bool,
    /// Where letters go (SMTP or the outbox) and the site address their links use.
    #[from_ref(skip)]
    pub mail: Arc<crate::server::mail::Mail>,
    /// Where lesson videos and posters are kept.
    #[from_ref(skip)]
    pub media: Arc<crate::server::media::MediaStore>,
    /// The background pre-scorer of open answers (woken when work is handed in).
    #[from_ref(skip)]
    pub prescoring: Arc<crate::server::prescoring::Prescoring>,
    /// Whether the database answers (and the embedded cluster's supervisor).
    #[from_ref(skip)]
    pub health: Arc<crate::server::health::Health>,
    /// Request counts and latencies for `/metrics` and the health page.
    #[from_ref(skip)]
    pub metrics: Arc<crate::server::metrics::Metrics>,
    /// RURALRISE_METRICS_TOKEN: the bearer token `/metrics` asks for (without one, local scrapers only).
    #[from_ref(skip)]
    pub metrics_token: Option<Arc<str>>,
}
