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

pub async fn activity(conn: &mut PgConnection, user_id: i64, kind: &str) -> Result<(), sqlx::Error> {
    sqlx::query("insert into activity_event (user_id, kind) values ($1, $2)")
        .bind(user_id)
        .bind(kind)
        .execute(conn)
        .await?;
    Ok(())
}
