//! Pure business rules (no IO, no web types): account inputs, languages, progress, goals, streaks,
//! calendars, chart trends, the path package format and QTI 3.0 items, client organisations, session lifetimes, attempt limits, PIN sign-in, audit filters, points,
//! study time, practice scenarios, achievement criteria, instant scoring, knowledge tracing and
//! recommendations, learners' risk of stopping, a cohort's life, trainers' capacity and load and its redistribution as a mixed-integer programme, rubric scores, pre-scoring open answers and calibrating it on
//! trainers' grades, and graders' agreement. Each rule answers with
//! its own small error type; unit tests live inline.

pub mod account;
pub mod achievements;
pub mod agreement;
pub mod assessment;
pub mod audit;
pub mod bkt;
pub mod calendar;
pub mod calibration;
pub mod capacity;
pub mod client;
pub mod cohort;
pub mod follow_up;
pub mod kpi;
pub mod language;
pub mod load;
pub mod pin;
pub mod points;
pub mod prescore;
pub mod profile;
pub mod progress;
pub mod quality;
pub mod recommend;
// The path package format is read and written by the server only (with its YAML crate).
#[cfg(feature = "ssr")]
pub mod package;
// QTI 3.0 items, read with the server's XML crate.
#[cfg(feature = "ssr")]
pub mod qti;
// The load optimiser needs the solver crate, which only the server build has.
#[cfg(feature = "ssr")]
pub mod redistribute;
pub mod report;
pub mod risk;
pub mod rubric;
pub mod scenario;
pub mod session;
pub mod study;
pub mod sync;
pub mod throttle;
pub mod ticket;
pub mod trend;
