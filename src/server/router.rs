//! The axum router: Leptos pages and server functions (behind sessions and caller
//! identification), static files (behind neither), security headers, compression.

use crate::app::{App, shell};
use crate::server::config::Config;
use crate::server::state::AppState;
use crate::server::{db, health, metrics, plain_errors, request, security};
use axum::Router;
use axum::http::Method;
use axum::http::{HeaderValue, header};
use axum::middleware;
use axum::routing::{MethodRouter, get, post};
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, generate_route_list};
use std::path::{Path, PathBuf};
use std::time::Duration;
use tower::util::option_layer;
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate};
use tower_http::decompression::RequestDecompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};
use tower_sessions_sqlx_store::PostgresStore;

/// Every form and server-function call we accept is a few kilobytes; anything larger is refused
/// with 413 before it is read.
pub const BODY_LIMIT_BYTES: usize = 64 * 1024;

pub async fn build(state: AppState, config: &Config) -> Result<Router, String> {
    // The session table comes from our migrations, so the store's own migrate() is not called.
    let store = PostgresStore::new(state.pool.clone());
    spawn_cleanup(store.clone(), state.pool.clone());
    let sessions = SessionManagerLayer::new(store)
        .with_name("rr_session")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(config.cookie_secure)
        // The store and the cookie forget an idle session too; `auth::session` also enforces the
        // absolute lifetime, which a cookie's own expiry cannot.
        .with_expiry(Expiry::OnInactivity(time::Duration::seconds(crate::domain::session::IDLE_SECS)));

    let options = state.leptos_options.clone();
    let site_root = PathBuf::from(options.site_root.as_ref());
    precompress_static_files(&site_root).await;

    let context = {
        let options = options.clone();
        move || {
            provide_context(options.clone());
            request::provide_request_context();
            security::provide_csp();
        }
    };
    let routes = generate_route_list(App);
    let files = file_routes().into_iter().fold(Router::new(), |r, (path, _, route)| r.route(path, route));
    // Pages and server functions learn who is calling and in which language, once per request.
    let app = files
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(context, shell))
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT_BYTES))
        .layer(middleware::from_fn(plain_errors::for_people))
        .layer(middleware::from_fn_with_state(state.clone(), request::identify))
        .layer(sessions);
    let router = Router::new()
        .nest_service("/pkg", static_dir(&site_root.join(options.site_pkg_dir.as_ref())))
        .nest_service("/vendor", static_dir(&site_root.join("vendor")))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(metrics::serve))
        .merge(app)
        .layer(middleware::from_fn_with_state(state.clone(), health::gate))
        .layer(middleware::from_fn_with_state(state.clone(), metrics::track))
        .layer(middleware::from_fn(security::same_origin_writes))
        .layer(middleware::from_fn(security::headers))
        .layer(option_layer(
            config
                .https()
                .then(|| SetResponseHeaderLayer::overriding(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static(security::HSTS))),
        ))
        // A phone sends its sync queue gzipped (a third of the bytes on a slow uplink). Undone
        // here, outside the body limit, so the limit counts the bytes as they unpack.
        .layer(RequestDecompressionLayer::new())
        // Video is compressed already, and a compressed body could not answer a Range request.
        .layer(CompressionLayer::new().compress_when(DefaultPredicate::new().and(NotForContentType::const_new("video/"))))
        .with_state(state);
    Ok(router)
}

/// Routes that answer with a file instead of a page, with their method. The authorisation matrix
/// (tests/integration/access_matrix.rs) reads this list, so a new one cannot go untested.
pub fn file_routes() -> Vec<(&'static str, Method, MethodRouter<AppState>)> {
    use crate::server::{exports, reports};
    vec![
        ("/ops/audit.csv", Method::GET, get(exports::audit_csv)),
        ("/ops/clients/{id}/learners.csv", Method::GET, get(exports::client_learners_csv)),
        ("/ops/reports/learners.csv", Method::GET, get(reports::learners_csv)),
        ("/ops/reports/cohorts.csv", Method::GET, get(reports::cohorts_csv)),
        ("/ops/reports/grading.csv", Method::GET, get(reports::grading_csv)),
        ("/ops/reports/risks.csv", Method::GET, get(reports::risks_csv)),
        ("/account/data.zip", Method::POST, post(exports::my_data)),
        ("/ops/accounts/{id}/data.zip", Method::POST, post(exports::data_of)),
        ("/media/{*key}", Method::GET, get(crate::server::media::serve)),
    ]
}

fn static_dir(dir: &Path) -> ServeDir {
    ServeDir::new(dir).precompressed_br().precompressed_gzip()
}

/// Hourly: expired sessions (and their rows) and long-finished throttle windows go.
fn spawn_cleanup(store: PostgresStore, pool: sqlx::PgPool) {
    use tower_sessions::session_store::ExpiredDeletion;
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(3600));
        loop {
            every.tick().await;
            if let Err(err) = store.delete_expired().await {
                tracing::warn!(error = %err, "deleting expired sessions");
            }
            if let Err(err) = db::throttle::delete_stale(&pool).await {
                tracing::warn!(error = %err, "deleting stale throttle counters");
            }
            if let Err(err) = db::sessions::delete_stale(&pool).await {
                tracing::warn!(error = %err, "deleting ended sessions' rows");
            }
        }
    });
}

/// Writes .br (quality 11) and .gz files beside the fingerprinted static files once, so slow
/// links get the smallest bytes without the server compressing them on every request.
async fn precompress_static_files(site_root: &Path) {
    let dirs = [site_root.join("pkg"), site_root.join("vendor")];
    let outcome = tokio::task::spawn_blocking(move || {
        for dir in dirs {
            let Ok(entries) = std::fs::read_dir(&dir) else { continue };
            for entry in entries.flatten() {
                let path = entry.path();
                let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
                if !matches!(ext, "js" | "wasm" | "css" | "json" | "svg") {
                    continue;
                }
                if let Err(err) = precompress(&path) {
                    tracing::warn!(file = %path.display(), error = %err, "precompressing");
                }
            }
        }
    });
    let _ = outcome.await;
}

fn precompress(path: &Path) -> std::io::Result<()> {
    use std::io::Write;
    let modified = std::fs::metadata(path)?.modified()?;
    let fresh = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).is_ok_and(|t| t >= modified);
    let br = PathBuf::from(format!("{}.br", path.display()));
    let gz = PathBuf::from(format!("{}.gz", path.display()));
    if fresh(&br) && fresh(&gz) {
        return Ok(());
    }
    let data = std::fs::read(path)?;
    let mut out = Vec::new();
    {
        let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
        brotli::BrotliCompress(&mut data.as_slice(), &mut out, &params)?;
    }
    std::fs::write(&br, &out)?;
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(&data)?;
    std::fs::write(&gz, enc.finish()?)?;
    Ok(())
}
