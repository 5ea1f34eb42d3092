//! The trainer's server functions.

pub mod cohorts;
pub mod console;
pub mod follow_up;
pub mod grading;
pub mod performance;
pub mod pins;
pub mod queue;
pub mod risk;
