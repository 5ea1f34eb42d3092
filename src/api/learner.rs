//! The learner's server functions.

pub mod dashboard;
