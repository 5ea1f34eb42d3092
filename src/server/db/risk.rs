//! Risk alerts raised about cohorts, learners and trainers.

use sqlx::PgPool;

/// Alerts not yet resolved (open or acknowledged).
pub async fn open_alert_count(pool: &PgPool) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(r#"select count(*) as "n!" from risk_alert where status <> 'resolved'"#).fetch_one(pool).await
}
