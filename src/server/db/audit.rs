//! The audit log: who did what, append-only.

use crate::model::ops::AuditAction;
use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};

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

/// Failed sign-ins for `email` since `since`, known account or not.
pub async fn failed_sign_ins_since(pool: &PgPool, email: &str, since: DateTime<Utc>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        r#"select count(*) as "n!" from audit_log
            where action = 'sign_in_failed' and detail ->> 'email' = $1 and created_at > $2"#,
        email,
        since as DateTime<Utc>
    )
    .fetch_one(pool)
    .await
}
