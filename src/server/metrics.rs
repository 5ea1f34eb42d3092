//! Request counts and latency per route, the connection pool and the database's reachability,
//! kept with the `prometheus` crate and served at `/metrics` in Prometheus's text format.
//!
//! Who may read it: with RURALRISE_METRICS_TOKEN set, a caller presenting it as a bearer token;
//! without one, only a scraper on this machine talking to the app directly (a loopback peer and no
//! X-Forwarded-For, which a proxy in front would add). Everyone else gets 404, as if there were
//! no such page: route names and load are not for the public.

use crate::model::ops::RouteFigures;
use crate::server::state::AppState;
use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus::{Encoder, HistogramOpts, HistogramVec, IntCounterVec, IntGauge, Opts, Registry, TextEncoder};
use std::net::SocketAddr;
use std::time::Instant;

/// Latency buckets in seconds: slow-link pages should answer well under the first few.
const BUCKETS: [f64; 12] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0];

pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    pool_size: IntGauge,
    pool_idle: IntGauge,
    pool_max: IntGauge,
    database_up: IntGauge,
}

impl Metrics {
    pub fn new() -> Self {
        let registry = Registry::new_custom(Some("ruralrise".into()), None).expect("a valid prefix");
        let requests = IntCounterVec::new(
            Opts::new("http_requests_total", "HTTP requests answered, by route, method and status class"),
            &["route", "method", "status"],
        )
        .expect("valid metric");
        let latency = HistogramVec::new(
            HistogramOpts::new("http_request_duration_seconds", "Time to answer, by route").buckets(BUCKETS.to_vec()),
            &["route"],
        )
        .expect("valid metric");
        let gauge = |name: &str, help: &str| IntGauge::new(name, help).expect("valid metric");
        let pool_size = gauge("db_pool_connections", "Connections the pool holds now");
        let pool_idle = gauge("db_pool_idle_connections", "Connections the pool holds that no request uses");
        let pool_max = gauge("db_pool_max_connections", "The most connections the pool may open");
        let database_up = gauge("db_up", "1 when the database answered the last health check");
        for c in [
            Box::new(requests.clone()) as Box<dyn prometheus::core::Collector>,
            Box::new(latency.clone()),
            Box::new(pool_size.clone()),
            Box::new(pool_idle.clone()),
            Box::new(pool_max.clone()),
            Box::new(database_up.clone()),
        ] {
            registry.register(c).expect("each metric registered once");
        }
        Metrics { registry, requests, latency, pool_size, pool_idle, pool_max, database_up }
    }

    fn observe(&self, route: &str, method: &str, status: StatusCode, seconds: f64) {
        let class = match status.as_u16() {
            100..=199 => "1xx",
            200..=299 => "2xx",
            300..=399 => "3xx",
            400..=499 => "4xx",
            _ => "5xx",
        };
        self.requests.with_label_values(&[route, method, class]).inc();
        self.latency.with_label_values(&[route]).observe(seconds);
    }

    /// The busiest routes since the process started, for the health page.
    pub fn busiest(&self, n: usize) -> Vec<RouteFigures> {
        use std::collections::HashMap;
        let mut by_route: HashMap<String, RouteFigures> = HashMap::new();
        for family in self.registry.gather() {
            let name = family.name();
            for m in family.get_metric() {
                let Some(route) = m.get_label().iter().find(|l| l.name() == "route").map(|l| l.value().to_owned()) else { continue };
                let entry = by_route.entry(route.clone()).or_insert(RouteFigures { route, requests: 0, errors: 0, mean_ms: 0.0 });
                if name.ends_with("http_requests_total") {
                    let count = m.get_counter().get_value() as u64;
                    if m.get_label().iter().any(|l| l.name() == "status" && l.value() == "5xx") {
                        entry.errors += count;
                    }
                } else if name.ends_with("http_request_duration_seconds") {
                    let h = m.get_histogram();
                    entry.requests = h.get_sample_count();
                    entry.mean_ms = if h.get_sample_count() == 0 { 0.0 } else { h.get_sample_sum() * 1000.0 / h.get_sample_count() as f64 };
                }
            }
        }
        let mut routes: Vec<RouteFigures> = by_route.into_values().collect();
        routes.sort_by(|a, b| b.requests.cmp(&a.requests).then_with(|| a.route.cmp(&b.route)));
        routes.truncate(n);
        routes
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

/// Counts and times every request under the route it matched: a path template, never the path
/// itself, so ids in addresses cannot grow the label set without bound.
pub async fn track(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let route = route_label(&req);
    let method = req.method().as_str().to_owned();
    let started = Instant::now();
    let res = next.run(req).await;
    state.metrics.observe(&route, &method, res.status(), started.elapsed().as_secs_f64());
    res
}

fn route_label(req: &Request) -> String {
    let path = req.uri().path();
    if let Some(prefix) = ["/pkg/", "/vendor/", "/media/"].iter().find(|p| path.starts_with(**p)) {
        return prefix.trim_end_matches('/').to_owned();
    }
    match req.extensions().get::<MatchedPath>() {
        Some(matched) => matched.as_str().to_owned(),
        None => "unmatched".to_owned(),
    }
}

/// `/metrics` for a scraper allowed by the rule at the top of this module.
pub async fn serve(State(state): State<AppState>, ConnectInfo(peer): ConnectInfo<SocketAddr>, headers: HeaderMap) -> Response {
    if !allowed(state.metrics_token.as_deref(), peer, &headers) {
        return StatusCode::NOT_FOUND.into_response();
    }
    let m = &state.metrics;
    let pool = &state.pool;
    m.pool_size.set(i64::from(pool.size()));
    m.pool_idle.set(pool.num_idle() as i64);
    m.pool_max.set(i64::from(pool.options().get_max_connections()));
    m.database_up.set(i64::from(state.health.is_up()));
    let mut out = Vec::new();
    let encoder = TextEncoder::new();
    if let Err(err) = encoder.encode(&m.registry.gather(), &mut out) {
        tracing::error!(error = %err, "encoding metrics");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    ([(header::CONTENT_TYPE, encoder.format_type().to_owned())], out).into_response()
}

pub fn allowed(token: Option<&str>, peer: SocketAddr, headers: &HeaderMap) -> bool {
    match token {
        Some(token) => {
            let given = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
            given.is_some_and(|g| constant_time_eq(g.as_bytes(), token.as_bytes()))
        }
        None => peer.ip().is_loopback() && !headers.contains_key("x-forwarded-for") && !headers.contains_key("forwarded"),
    }
}

/// Compares without stopping at the first difference, so timing does not reveal the token.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn at(ip: &str) -> SocketAddr {
        format!("{ip}:5000").parse().unwrap()
    }

    #[test]
    fn without_a_token_only_a_direct_local_scraper_reads_metrics() {
        let none = HeaderMap::new();
        assert!(allowed(None, at("127.0.0.1"), &none));
        assert!(allowed(None, at("[::1]"), &none));
        assert!(!allowed(None, at("10.0.0.7"), &none));
        let mut proxied = HeaderMap::new();
        proxied.insert("x-forwarded-for", HeaderValue::from_static("203.0.113.9"));
        assert!(!allowed(None, at("127.0.0.1"), &proxied), "a proxy on this machine forwards outsiders");
    }

    #[test]
    fn with_a_token_only_its_bearer_reads_metrics_from_anywhere() {
        let mut good = HeaderMap::new();
        good.insert(header::AUTHORIZATION, HeaderValue::from_static("Bearer s3cret-token"));
        let mut bad = HeaderMap::new();
        bad.insert(header::AUTHORIZATION, HeaderValue::from_static("Bearer s3cret-tokeX"));
        assert!(allowed(Some("s3cret-token"), at("10.0.0.7"), &good));
        assert!(!allowed(Some("s3cret-token"), at("10.0.0.7"), &bad));
        assert!(!allowed(Some("s3cret-token"), at("127.0.0.1"), &HeaderMap::new()), "the token is asked of local callers too");
    }

    #[test]
    fn routes_are_counted_by_template_with_errors_apart() {
        let m = Metrics::new();
        m.observe("/train/learners/{id}", "GET", StatusCode::OK, 0.010);
        m.observe("/train/learners/{id}", "GET", StatusCode::OK, 0.030);
        m.observe("/train/learners/{id}", "GET", StatusCode::SERVICE_UNAVAILABLE, 0.002);
        m.observe("/learn", "GET", StatusCode::OK, 0.004);
        let busiest = m.busiest(5);
        assert_eq!(busiest[0].route, "/train/learners/{id}");
        assert_eq!(busiest[0].requests, 3);
        assert_eq!(busiest[0].errors, 1);
        assert!((busiest[0].mean_ms - 14.0).abs() < 0.01, "{}", busiest[0].mean_ms);
        assert_eq!(busiest[1].route, "/learn");
    }
}
