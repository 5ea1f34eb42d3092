//! Cluster-level statements: databases, not rows.

use sqlx::Connection;

pub async fn create_database_if_missing(admin_url: &str, name: &str) -> Result<(), sqlx::Error> {
    let mut conn = sqlx::PgConnection::connect(admin_url).await?;
    let exists = sqlx::query_scalar!(r#"select exists (select 1 from pg_database where datname = $1) as "exists!""#, name)
        .fetch_one(&mut conn)
        .await?;
    if !exists {
        // Identifiers cannot be bound as parameters, so this one statement is built at run time;
        // `name` comes from our code, never from a user.
        debug_assert!(name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
        sqlx::query(&format!("create database \"{name}\"")).execute(&mut conn).await?;
    }
    conn.close().await
}
