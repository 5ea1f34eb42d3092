//! The learner's server functions: the dashboard, paths, the lesson player, achievements and settings.

pub mod achievements;
pub mod dashboard;
pub mod lessons;
pub mod paths;
pub mod profile;
