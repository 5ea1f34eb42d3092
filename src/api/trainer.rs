//! The trainer's server functions.

pub mod cohorts;
pub mod console;
pub mod grading;
pub mod pins;
pub mod queue;
