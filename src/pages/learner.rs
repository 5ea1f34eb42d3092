//! The learner area: the dashboard, learning paths, one path, and the lesson player.

pub mod dashboard;
pub mod lesson;
pub mod path;
pub mod paths;
