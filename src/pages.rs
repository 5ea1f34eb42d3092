//! One file per route, grouped by area.

pub mod auth;
pub mod home;
pub mod learner;
pub mod not_found;
pub mod ops;
pub mod trainer;
