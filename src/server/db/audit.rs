//! The audit log: who did what, append-only; and reading it back by filter, a keyset page at a time.

use crate::domain::audit::AuditFilter;
use crate::model::ops::{AuditAction, AuditEntry};
use chrono::{DateTime, NaiveTime, Utc};
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

/// Entries matching `f`, newest first, at most `limit`, older than `f.before` when given (keyset
/// pages: the id only grows, so no entry is skipped or shown twice as new ones arrive).
pub async fn list(pool: &PgPool, f: &AuditFilter, limit: i64) -> Result<Vec<AuditEntry>, sqlx::Error> {
    let from = f.from.map(|d| d.and_time(NaiveTime::MIN).and_utc());
    let until = f.to.and_then(|d| d.succ_opt()).map(|d| d.and_time(NaiveTime::MIN).and_utc());
    sqlx::query_as!(
        AuditEntry,
        r#"select a.audit_log_id as id, a.created_at as "at: DateTime<Utc>", u.email as "actor?",
                  a.action, a.target_kind, a.target_id, a.detail::text as "detail!"
             from audit_log a left join app_user u on u.user_id = a.actor_id
            where ($1::bigint is null or a.audit_log_id < $1)
              and ($2::text is null or lower(u.email) = $2)
              and ($3::text is null or a.action = $3)
              and ($4::text is null or a.target_kind = $4)
              and ($5::bigint is null or a.target_id = $5)
              and ($6::timestamptz is null or a.created_at >= $6)
              and ($7::timestamptz is null or a.created_at < $7)
            order by a.audit_log_id desc
            limit $8"#,
        f.before,
        f.actor,
        f.action,
        f.target_kind,
        f.target_id,
        from as Option<DateTime<Utc>>,
        until as Option<DateTime<Utc>>,
        limit
    )
    .fetch_all(pool)
    .await
}
