//! Pure business rules (no IO, no web types): account inputs, languages, progress, goals, streaks,
//! calendars, chart trends, session lifetimes, attempt limits, PIN sign-in and audit filters. Each
//! rule answers with its own small error type; unit tests live inline.

pub mod account;
pub mod audit;
pub mod calendar;
pub mod language;
pub mod pin;
pub mod progress;
pub mod session;
pub mod throttle;
pub mod trend;
