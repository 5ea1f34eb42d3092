//! All SQL lives under here, one file per aggregate, checked against the schema at compile time
//! (`query!`/`query_as!`, offline data in .sqlx/). Functions take a pool or a connection so a
//! caller can run several in one transaction.
//!
//! Dates and times are chrono types. tower-sessions' store switches on sqlx's `time` feature, and
//! with both present the macros assume `time`; so timestamp and date columns are read as
//! `"col: DateTime<Utc>"` / `"col: NaiveDate"` and bound with `as DateTime<Utc>`, which names the
//! type instead of letting the macro pick the other crate's.

pub mod achievements;
pub mod activity;
pub mod admin;
pub mod assessments;
pub mod audit;
pub mod capacity;
pub mod clients;
pub mod cohorts;
pub mod comments;
pub mod demo;
pub mod enums;
pub mod follow_up;
pub mod health;
pub mod insights;
pub mod kpi;
pub mod lessons;
pub mod mastery;
pub mod performance;
pub mod personal;
pub mod pins;
pub mod prescores;
pub mod progress;
pub mod quality;
pub mod reports;
pub mod risk;
pub mod sessions;
pub mod submissions;
pub mod sync;
pub mod throttle;
pub mod tickets;
pub mod tokens;
pub mod trainers;
pub mod users;

use sqlx::PgPool;
use sqlx::postgres::PgPoolOptions;
use std::time::Duration;

/// A request waits at most 600 ms for a connection: longer means the database is away or
/// overloaded, and a 503 with Retry-After within a second serves a person better than a page
/// that hangs (queries here take milliseconds, so a healthy pool never waits that long).
pub const ACQUIRE_TIMEOUT: Duration = Duration::from_millis(600);

pub async fn connect(url: &str) -> Result<PgPool, sqlx::Error> {
    PgPoolOptions::new().max_connections(16).acquire_timeout(ACQUIRE_TIMEOUT).connect(url).await
}

pub async fn migrate(pool: &PgPool) -> Result<(), String> {
    sqlx::migrate!("./migrations").run(pool).await.map_err(|e| format!("database migration failed: {e}"))
}

pub async fn ping(pool: &PgPool) -> Result<(), sqlx::Error> {
    sqlx::query!("select 1 as one").fetch_one(pool).await.map(|_| ())
}
