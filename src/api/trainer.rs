//! The trainer's server functions.

pub mod console;
