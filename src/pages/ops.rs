//! The operations area.

pub mod accounts;
pub mod audit;
pub mod overview;
pub mod trainers;
