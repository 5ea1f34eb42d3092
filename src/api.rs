//! Server functions, one file per area; each one checks the caller first.

pub mod auth;
pub mod learner;
pub mod ops;
pub mod trainer;
