//! The learner area: the dashboard, learning paths, one path, the lesson player, assessments and
//! their results, progress, achievements and settings.

pub mod achievements;
pub mod assessment;
pub mod dashboard;
pub mod inbox;
pub mod lesson;
pub mod path;
pub mod paths;
pub mod profile;
pub mod progress;
pub mod result;
pub mod saved;
