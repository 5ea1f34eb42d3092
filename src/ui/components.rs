//! Shared server-rendered components: layout, form fields, tiles, charts, error states.

pub mod chart;
pub mod form;
pub mod layout;
pub mod page_error;
pub mod tile;
