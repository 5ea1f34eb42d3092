//! Shared view code: server-rendered components, the islands, and response helpers for pages.

pub mod components;
pub mod islands;
#[cfg_attr(feature = "ssr", path = "ui/response_server.rs")]
#[cfg_attr(not(feature = "ssr"), path = "ui/response_client.rs")]
pub mod response;
