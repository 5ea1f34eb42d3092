//! The trainer area.

pub mod console;
pub mod pins;
