//! Pure business rules (no IO): accounts, progress, goals, streaks and calendars. Unit tests live inline.

pub mod account;
pub mod calendar;
pub mod progress;
