//! What a page can say about its HTTP response while rendering: status, redirect.

use leptos::prelude::use_context;

pub fn set_status(code: u16) {
    if let (Some(res), Ok(status)) = (use_context::<leptos_axum::ResponseOptions>(), axum::http::StatusCode::from_u16(code)) {
        res.set_status(status);
    }
}

/// A page redirect is always a 302, whatever the request's Accept header said.
pub fn redirect(path: &str) {
    leptos_axum::redirect(path);
    set_status(302);
}
