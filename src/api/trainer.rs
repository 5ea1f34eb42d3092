//! The trainer's server functions.

pub mod console;
pub mod pins;
