//! The operations area.

pub mod accounts;
pub mod audit;
pub mod client;
pub mod client_form;
pub mod clients;
pub mod cohort_table;
pub mod filters;
pub mod health;
pub mod overview;
pub mod quality;
pub mod recommendations;
pub mod redistribute;
pub mod reports;
pub mod risk;
pub mod risk_form;
pub mod risks;
pub mod trainer;
pub mod trainers;
