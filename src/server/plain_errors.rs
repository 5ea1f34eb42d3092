//! Refusals a person can read, with the status their error names. A server function posted by a plain HTML form (JavaScript off, or
//! before the wasm arrives) that is refused (bad input, too large, too many attempts, signed out)
//! would otherwise leave the browser on an empty page or a JSON body; this turns such answers
//! into a small page in the reader's language that keeps the status, the Retry-After header and
//! a way back. Programs calling with `Accept: application/json` get the `AppError` as JSON. The
//! same page stands in for the bare refusals of file routes (`server::exports`) when a browser's
//! form asked for the file.

use crate::domain::language::Language;
use crate::error::AppError;
use crate::ui::text;
use axum::body::{Body, HttpBody};
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Larger error bodies than this are not ours (ours are a few dozen bytes of JSON).
const ERROR_BODY_MAX: usize = 16 * 1024;

pub async fn for_people(req: Request, next: Next) -> Response {
    let api = req.uri().path().starts_with("/api/");
    let wants_html = req.headers().get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("text/html"));
    let language = req.extensions().get::<Language>().copied().unwrap_or(Language::En);
    let back = back_path(req.headers());
    let res = next.run(req).await;
    if !(res.status().is_client_error() || res.status() == StatusCode::INTERNAL_SERVER_ERROR) {
        return res;
    }
    // Pages draw their own error pages. Outside /api/ only a bare status (a refused download, a
    // signed-out person pressing "Download my data") is turned into a page, and only for a browser.
    let bare_refusal = wants_html && res.status().is_client_error() && res.body().size_hint().exact() == Some(0);
    if !(api || bare_refusal) {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let bytes = axum::body::to_bytes(body, ERROR_BODY_MAX).await.unwrap_or_default();
    let parsed = serde_json::from_slice::<AppError>(&bytes).ok();
    // Server functions answer every error they return with 500; the error itself says which
    // status it is (a NotFound is the caller's 404, not our fault).
    if let Some(status) = parsed.as_ref().and_then(|e| StatusCode::from_u16(e.status()).ok()) {
        parts.status = status;
    }
    let status = parts.status;
    if !status.is_client_error() {
        return Response::from_parts(parts, Body::from(bytes));
    }
    let error = parsed.unwrap_or_else(|| from_status(status, &parts.headers));
    if !wants_html {
        parts.headers.remove(header::LOCATION);
        parts.headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
        parts.headers.remove(header::CONTENT_LENGTH);
        let json = serde_json::to_vec(&error).unwrap_or_default();
        return Response::from_parts(parts, Body::from(json));
    }
    let page = page(language, &error, status, &back);
    let mut out =
        (status, [(header::CONTENT_TYPE, "text/html; charset=utf-8"), (header::CONTENT_LANGUAGE, language.code())], page).into_response();
    if let Some(retry) = parts.headers.get(header::RETRY_AFTER) {
        out.headers_mut().insert(header::RETRY_AFTER, retry.clone());
    }
    out
}

/// What a bare status (from a layer rather than a server function) means.
fn from_status(status: StatusCode, headers: &HeaderMap) -> AppError {
    match status {
        StatusCode::PAYLOAD_TOO_LARGE => AppError::TooLarge,
        StatusCode::TOO_MANY_REQUESTS => {
            let secs = headers.get(header::RETRY_AFTER).and_then(|v| v.to_str().ok()).and_then(|v| v.parse().ok()).unwrap_or(60);
            AppError::TooManyRequests { retry_after_secs: secs }
        }
        StatusCode::UNAUTHORIZED => AppError::Unauthenticated,
        StatusCode::FORBIDDEN => AppError::Forbidden,
        StatusCode::NOT_FOUND => AppError::NotFound,
        _ => AppError::BadRequest,
    }
}

/// The page the form was on, when the browser says so and it is on this site.
fn back_path(headers: &HeaderMap) -> String {
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("");
    headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| r.split_once("://"))
        .and_then(|(_, rest)| rest.strip_prefix(host))
        .filter(|_| !host.is_empty())
        .and_then(crate::server::security::local_path)
        .unwrap_or("/")
        .to_owned()
}

fn page(language: Language, error: &AppError, status: StatusCode, back: &str) -> String {
    let l = text::locale(language);
    let (title, body) = text::error(l, error);
    let (href, link) = if status == StatusCode::UNAUTHORIZED {
        ("/signin", crate::i18n::td_string!(l, error.sign_in).to_string())
    } else {
        (back, crate::i18n::td_string!(l, error.go_back).to_string())
    };
    let body = format!("<p>{}</p><p><a href=\"{}\">{}</a></p>", escape(&body), escape(href), escape(&link));
    small_page(language, &title, "", &body)
}

/// The whole of a page drawn without Leptos (refusals here, "back in a moment" in
/// `server::health`): `title` is escaped here, `extra_head` and `body_html` are markup the caller
/// has escaped.
pub fn small_page(language: Language, title: &str, extra_head: &str, body_html: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">{extra_head}<title>{title} · RuralRise</title></head>\
         <body><main><h1>{title}</h1>{body_html}</main></body></html>",
        lang = language.code(),
        title = escape(title),
    )
}

pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_way_back_stays_on_this_site() {
        let mut h = HeaderMap::new();
        h.insert(header::HOST, "app.test".parse().unwrap());
        h.insert(header::REFERER, "http://app.test/signin?x=1".parse().unwrap());
        assert_eq!(back_path(&h), "/signin?x=1");
        h.insert(header::REFERER, "http://evil.test/signin".parse().unwrap());
        assert_eq!(back_path(&h), "/");
        h.insert(header::REFERER, "http://app.test//evil.test/".parse().unwrap());
        assert_eq!(back_path(&h), "/");
        h.remove(header::REFERER);
        assert_eq!(back_path(&h), "/");
    }

    #[test]
    fn the_page_is_in_the_readers_language_and_escapes_the_link() {
        let html = page(Language::Fr, &AppError::TooManyRequests { retry_after_secs: 600 }, StatusCode::TOO_MANY_REQUESTS, "/a\"b");
        assert!(html.contains("<html lang=\"fr\">"));
        assert!(html.contains("10 minutes"), "{html}");
        assert!(html.contains("href=\"/a&quot;b\""));
    }
}
