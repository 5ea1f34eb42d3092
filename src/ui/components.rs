//! Shared server-rendered components: layout, form fields, tiles, charts, data and error pages,
//! the learner pages' announcements and "Save for offline", the assessment form and
//! server-drawn SVG charts.

pub mod announce;
pub mod chart;
pub mod form;
pub mod layout;
pub mod offline;
pub mod page;
pub mod quiz;
pub mod svg;
pub mod table;
pub mod tile;
