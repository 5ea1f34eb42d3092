//! The trainer area.

pub mod at_risk;
pub mod cohort;
pub mod cohort_form;
pub mod console;
pub mod grading;
pub mod learner;
pub mod performance;
pub mod pins;
pub mod queue;
