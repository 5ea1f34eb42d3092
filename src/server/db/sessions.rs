//! Signed-in sessions, a row each, so an account's sessions can be listed and ended: a session
//! whose row is gone is signed out at its next request.

use crate::domain::session::{ABSOLUTE_SECS, IDLE_SECS, TOUCH_EVERY_SECS};
use sqlx::{PgConnection, PgPool};

pub async fn insert(conn: &mut PgConnection, session_key: &str, user_id: i64, user_agent: &str) -> Result<(), sqlx::Error> {
    let agent: String = user_agent.chars().take(300).collect();
    sqlx::query!("insert into user_session (session_key, user_id, user_agent) values ($1, $2, $3)", session_key, user_id, agent)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn touch(pool: &PgPool, session_key: &str) -> Result<(), sqlx::Error> {
    sqlx::query!("update user_session set last_seen_at = now() where session_key = $1", session_key).execute(pool).await?;
    Ok(())
}

pub async fn delete(pool: &PgPool, session_key: &str) -> Result<(), sqlx::Error> {
    sqlx::query!("delete from user_session where session_key = $1", session_key).execute(pool).await?;
    Ok(())
}

/// Ends every session of the account except `keep` (the one making the change, if any).
pub async fn delete_all_for_user(conn: &mut PgConnection, user_id: i64, keep: Option<&str>) -> Result<u64, sqlx::Error> {
    let done = sqlx::query!("delete from user_session where user_id = $1 and session_key is distinct from $2", user_id, keep)
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}

pub struct SessionRow {
    pub session_key: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub last_seen_at: chrono::DateTime<chrono::Utc>,
    pub user_agent: String,
}

/// A row outlives its session by at most this long: the idle timeout is checked against a "last
/// seen" that is written only every few minutes.
const IDLE_GRACE_SECS: i64 = IDLE_SECS + TOUCH_EVERY_SECS;

/// The account's live sessions (within both lifetimes), most recently used first.
pub async fn list_for_user(pool: &PgPool, user_id: i64) -> Result<Vec<SessionRow>, sqlx::Error> {
    sqlx::query_as!(
        SessionRow,
        r#"select session_key, created_at as "created_at: chrono::DateTime<chrono::Utc>",
                  last_seen_at as "last_seen_at: chrono::DateTime<chrono::Utc>", user_agent
             from user_session
            where user_id = $1 and last_seen_at > now() - make_interval(secs => $2) and created_at > now() - make_interval(secs => $3)
            order by last_seen_at desc"#,
        user_id,
        IDLE_GRACE_SECS as f64,
        ABSOLUTE_SECS as f64,
    )
    .fetch_all(pool)
    .await
}

/// Drops the rows of sessions that have ended by time (their store records expire on their own).
pub async fn delete_stale(pool: &PgPool) -> Result<u64, sqlx::Error> {
    let done = sqlx::query!(
        "delete from user_session where last_seen_at <= now() - make_interval(secs => $1) or created_at <= now() - make_interval(secs => $2)",
        IDLE_GRACE_SECS as f64,
        ABSOLUTE_SECS as f64,
    )
    .execute(pool)
    .await?;
    Ok(done.rows_affected())
}

/// Ends one of the account's own sessions; another account's key matches nothing.
pub async fn delete_own(pool: &PgPool, user_id: i64, session_key: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!("delete from user_session where user_id = $1 and session_key = $2", user_id, session_key).execute(pool).await?;
    Ok(done.rows_affected() == 1)
}
