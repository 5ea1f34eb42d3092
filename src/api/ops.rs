//! Operations' server functions.

pub mod overview;
pub mod trainers;
