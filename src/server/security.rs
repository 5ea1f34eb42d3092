//! Request and response rules every route gets: same-origin writes, security headers, cache
//! policy, and the Content-Security-Policy with a per-request nonce.

use axum::extract::Request;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use leptos::prelude::use_context;

/// Refuses state-changing requests that a browser says come from another site (CSRF).
/// Non-browser clients send neither header and still need a session cookie to do anything.
pub async fn same_origin_writes(req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    if !is_same_origin(req.headers()) {
        tracing::warn!(path = %req.uri().path(), "cross-site write refused");
        // Refused before anyone is identified, so the words follow the cookie and the browser only.
        let headers = req.headers();
        let accept = headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
        let language = crate::domain::language::choose(None, crate::server::request::language_cookie(headers).as_deref(), accept);
        let text = crate::i18n::td_string!(crate::ui::text::locale(language), error.cross_site).to_string();
        return (StatusCode::FORBIDDEN, [(header::CONTENT_LANGUAGE, language.code())], text).into_response();
    }
    next.run(req).await
}

pub fn is_same_origin(headers: &axum::http::HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return matches!(site, "same-origin" | "none");
    }
    match (headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()), headers.get(header::HOST).and_then(|v| v.to_str().ok())) {
        (Some(origin), Some(host)) => {
            let origin_host = origin.split_once("://").map(|(_, rest)| rest).unwrap_or("");
            origin_host == host
        }
        (Some(_), None) => false,
        (None, _) => true,
    }
}

/// Served over HTTPS, browsers are told to use nothing else for a year.
pub const HSTS: &str = "max-age=31536000; includeSubDomains";

/// Security headers for everything, and a cache policy: fingerprinted files forever, pages never
/// (they carry personal data), other static files for an hour.
pub async fn headers(req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    h.insert("permissions-policy", HeaderValue::from_static("camera=(), microphone=(), geolocation=()"));
    let is_html = h.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("text/html"));
    let cache = if path.starts_with("/pkg/") || path.starts_with("/vendor/") {
        "public, max-age=31536000, immutable"
    } else if is_html || path.starts_with("/api/") {
        "no-store"
    } else {
        "public, max-age=3600"
    };
    if !h.contains_key(header::CACHE_CONTROL) || path.starts_with("/pkg/") || path.starts_with("/vendor/") {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    }
    res
}

/// Called while a page renders: makes the nonce that the page's scripts carry and sends the
/// policy that allows only those scripts.
pub fn provide_csp() {
    leptos::nonce::provide_nonce();
    let (Some(nonce), Some(res)) = (leptos::nonce::use_nonce(), use_context::<leptos_axum::ResponseOptions>()) else {
        return;
    };
    let policy = format!(
        "default-src 'self'; script-src 'nonce-{nonce}' 'strict-dynamic' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    );
    if let Ok(value) = HeaderValue::from_str(&policy) {
        res.insert_header(header::CONTENT_SECURITY_POLICY, value);
    }
}

/// A path on this site to send the browser back to: absolute, not protocol-relative, no
/// backslashes or control characters (which some browsers read as another host), bounded.
pub fn local_path(candidate: &str) -> Option<&str> {
    let ok = candidate.starts_with('/')
        && !candidate.starts_with("//")
        && !candidate.contains('\\')
        && !candidate.chars().any(char::is_control)
        && candidate.len() <= 2048;
    ok.then_some(candidate)
}

/// A cookie that remembers a harmless preference (the language) for a year.
pub fn preference_cookie(name: &str, value: &str, secure: bool) -> String {
    use tower_sessions::cookie::{Cookie, SameSite, time::Duration};
    Cookie::build((name, value))
        .path("/")
        .max_age(Duration::days(365))
        .same_site(SameSite::Lax)
        .http_only(true)
        .secure(secure)
        .build()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::{is_same_origin, local_path, preference_cookie};
    use axum::http::HeaderMap;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn fetch_metadata_decides_when_present() {
        assert!(is_same_origin(&headers(&[("sec-fetch-site", "same-origin")])));
        assert!(is_same_origin(&headers(&[("sec-fetch-site", "none")])));
        assert!(!is_same_origin(&headers(&[("sec-fetch-site", "cross-site")])));
        assert!(!is_same_origin(&headers(&[("sec-fetch-site", "same-site"), ("origin", "http://a.test"), ("host", "a.test")])));
    }

    #[test]
    fn origin_must_match_host() {
        assert!(is_same_origin(&headers(&[("origin", "http://127.0.0.1:3000"), ("host", "127.0.0.1:3000")])));
        assert!(!is_same_origin(&headers(&[("origin", "http://evil.test"), ("host", "127.0.0.1:3000")])));
        assert!(!is_same_origin(&headers(&[("origin", "null"), ("host", "127.0.0.1:3000")])));
        assert!(is_same_origin(&headers(&[])), "no browser headers: not a cross-site browser request");
    }

    #[test]
    fn only_local_paths_are_followed_back() {
        assert_eq!(local_path("/learn"), Some("/learn"));
        assert_eq!(local_path("/train?cohort=3"), Some("/train?cohort=3"));
        for bad in ["", "learn", "//evil.test/", "/\\evil.test", "https://evil.test/", "/a\nb"] {
            assert_eq!(local_path(bad), None, "{bad:?}");
        }
        assert_eq!(local_path(&format!("/{}", "a".repeat(3000))), None);
    }

    #[test]
    fn preference_cookies_are_site_wide_lax_and_http_only() {
        let c = preference_cookie("rr_lang", "sw", false);
        assert!(c.starts_with("rr_lang=sw"), "{c}");
        for part in ["Path=/", "SameSite=Lax", "HttpOnly", "Max-Age=31536000"] {
            assert!(c.contains(part), "{c} lacks {part}");
        }
        assert!(!c.contains("Secure"));
        assert!(preference_cookie("rr_lang", "sw", true).contains("Secure"));
    }
}
