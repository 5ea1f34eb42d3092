//! Shared server-rendered components: layout, form fields, tiles, charts, data and error pages,
//! and the learner pages' announcements.

pub mod announce;
pub mod chart;
pub mod form;
pub mod layout;
pub mod page;
pub mod table;
pub mod tile;
