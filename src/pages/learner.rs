//! The learner area.

pub mod dashboard;
