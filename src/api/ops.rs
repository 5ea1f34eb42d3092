//! Operations' server functions.

pub mod accounts;
pub mod audit;
pub mod clients;
pub mod health;
pub mod overview;
pub mod redistribute;
pub mod risks;
pub mod trainers;
