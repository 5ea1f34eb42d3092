//! Serde types that cross the wire between server functions and pages (no SQL, no Leptos).

pub mod dashboards;
pub mod forms;

pub use dashboards::*;
pub use forms::*;
