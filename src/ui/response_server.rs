//! What a page can say about its HTTP response while rendering on the server: status, redirect.

use leptos::prelude::use_context;

pub fn set_status(code: u16) {
    if let (Some(res), Ok(status)) = (use_context::<leptos_axum::ResponseOptions>(), axum::http::StatusCode::from_u16(code)) {
        res.set_status(status);
    }
}

pub fn redirect(path: &str) {
    leptos_axum::redirect(path);
}
