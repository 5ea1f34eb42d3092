//! All SQL lives under here, one file per aggregate; functions take a pool or a connection so a
//! caller can run several in one transaction.

pub mod admin;
pub mod audit;
pub mod demo;
pub mod learners;
pub mod ops;
pub mod trainers;
pub mod users;

use sqlx::PgPool;
use sqlx::postgres::PgPoolOptions;
use std::time::Duration;

pub async fn connect(url: &str) -> Result<PgPool, sqlx::Error> {
    PgPoolOptions::new()
        .max_connections(16)
        .acquire_timeout(Duration::from_secs(5))
        .connect(url)
        .await
}

pub async fn migrate(pool: &PgPool) -> Result<(), String> {
    sqlx::migrate!("./migrations").run(pool).await.map_err(|e| format!("database migration failed: {e}"))
}

/// True before the first user exists: the only time demo data may be added.
pub async fn is_empty(pool: &PgPool) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar("select not exists (select 1 from app_user)").fetch_one(pool).await
}

pub async fn ping(pool: &PgPool) -> Result<(), sqlx::Error> {
    sqlx::query("select 1").execute(pool).await.map(|_| ())
}
