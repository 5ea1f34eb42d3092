//! Integration tests against a real PostgreSQL (DATABASE_URL; `scripts/test.sh` provides one):
//! the whole router is served on a local port and driven over HTTP like a browser would.

mod access_matrix;
mod assessments;
mod audit;
mod audit_coverage;
mod auth_flows;
mod cli;
mod clients;
mod cohorts;
mod common;
mod config;
mod devices;
mod follow_up;
mod grading;
mod guards;
mod health;
mod languages;
mod learning;
mod offline_queries;
mod ops_figures;
mod personal_data;
mod pins;
mod prescoring;
mod quality;
mod queue;
mod recommendations;
mod recovery;
mod redistribute;
mod reports;
mod requests;
mod risks;
mod sync;
mod throttling;
mod trainers;
mod translations;
mod vocabulary;
