//! Operations' server functions.

pub mod accounts;
pub mod audit;
pub mod clients;
pub mod health;
pub mod overview;
pub mod quality;
pub mod recommendations;
pub mod redistribute;
pub mod reports;
pub mod risks;
pub mod trainers;
