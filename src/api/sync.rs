//! Offline sync's server function: the phone's queued actions, applied once each.

pub mod actions;
