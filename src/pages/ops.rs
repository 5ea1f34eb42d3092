//! The operations area.

pub mod overview;
pub mod trainers;
