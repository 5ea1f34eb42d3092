//! RuralRise: a workforce-training platform for rural learners (library root and islands entry).
// Deep server-rendered view types (forms inside the page layout) need more than the default 128.
#![recursion_limit = "256"]

mod vocabulary;

pub mod api;
#[cfg(feature = "ssr")]
pub mod app;
pub mod auth;
pub mod domain;
pub mod error;
pub mod model;
#[cfg(feature = "ssr")]
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;
pub mod ui;

// The typed translation keys (`i18n::Locale`, `td_string!`, ...) that build.rs generates from
// locales/*.json; server-only, like every page that uses them.
#[cfg(feature = "ssr")]
include!(concat!(env!("OUT_DIR"), "/i18n.rs"));

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
