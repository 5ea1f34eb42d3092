//! The audit log: who did what, append-only.

use crate::model::ops::AuditAction;
use sqlx::PgConnection;

pub async fn record(
    conn: &mut PgConnection,
    actor_id: Option<i64>,
    action: AuditAction,
    target_kind: &str,
    target_id: Option<i64>,
    detail: serde_json::Value,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "insert into audit_log (actor_id, action, target_kind, target_id, detail) values ($1, $2, $3, $4, $5)",
        actor_id,
        action as AuditAction,
        target_kind,
        target_id,
        detail
    )
    .execute(conn)
    .await?;
    Ok(())
}
