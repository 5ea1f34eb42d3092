//! Operations' server functions.

pub mod accounts;
pub mod overview;
pub mod trainers;
