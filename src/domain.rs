//! Pure business rules (no IO, no web types): account inputs, languages, progress, goals, streaks,
//! calendars, chart trends, session lifetimes and attempt limits. Each rule answers with its own
//! small error type; unit tests live inline.

pub mod account;
pub mod calendar;
pub mod language;
pub mod progress;
pub mod session;
pub mod throttle;
pub mod trend;
