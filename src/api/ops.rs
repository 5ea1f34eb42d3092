//! Operations' server functions.

pub mod accounts;
pub mod audit;
pub mod overview;
pub mod trainers;
