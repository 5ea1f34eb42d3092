//! The learner's server functions: the dashboard, paths, the lesson player, assessments,
//! progress, next steps and insights, achievements and settings.

pub mod achievements;
pub mod assessments;
pub mod dashboard;
pub mod inbox;
pub mod lessons;
pub mod paths;
pub mod profile;
pub mod progress;
pub mod saved;
