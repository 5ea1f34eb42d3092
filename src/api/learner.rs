//! The learner's server functions: the dashboard, paths, and the lesson player.

pub mod dashboard;
pub mod lessons;
pub mod paths;
