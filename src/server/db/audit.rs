//! The append-only logs: who did what (audit_log) and what learners did (activity_event).

use sqlx::PgConnection;

pub async fn record(
    conn: &mut PgConnection,
    actor_id: Option<i64>,
    action: &str,
    target_kind: &str,
    target_id: Option<i64>,
    detail: serde_json::Value,
) -> Result<(), sqlx::Error> {
    sqlx::query("insert into audit_log (actor_id, action, target_kind, target_id, detail) values ($1, $2, $3, $4, $5)")
        .bind(actor_id)
        .bind(action)
        .bind(target_kind)
        .bind(target_id)
        .bind(detail)
        .execute(conn)
        .await?;
    Ok(())
}

/// Failed sign-ins for `email` since `since`, known account or not.
pub async fn failed_sign_ins_since(pool: &sqlx::PgPool, email: &str, since: chrono::DateTime<chrono::Utc>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("select count(*) from audit_log where action = 'sign_in_failed' and detail ->> 'email' = $1 and created_at > $2")
        .bind(email)
        .bind(since)
        .fetch_one(pool)
        .await
}

pub async fn activity(conn: &mut PgConnection, user_id: i64, kind: &str) -> Result<(), sqlx::Error> {
    sqlx::query("insert into activity_event (user_id, kind) values ($1, $2)")
        .bind(user_id)
        .bind(kind)
        .execute(conn)
        .await?;
    Ok(())
}
