//! The operations area.

pub mod accounts;
pub mod overview;
pub mod trainers;
