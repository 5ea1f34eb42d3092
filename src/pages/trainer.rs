//! The trainer area.

pub mod console;
