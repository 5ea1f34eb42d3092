//! The trainer area.

pub mod cohort;
pub mod cohort_form;
pub mod console;
pub mod grading;
pub mod pins;
pub mod queue;
