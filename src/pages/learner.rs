//! The learner area: the dashboard, learning paths, one path, the lesson player, achievements and settings.

pub mod achievements;
pub mod dashboard;
pub mod lesson;
pub mod path;
pub mod paths;
pub mod profile;
