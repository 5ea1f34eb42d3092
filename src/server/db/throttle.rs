//! Attempt counters (see `domain::throttle`): counted up atomically before the work they guard.

use crate::domain::throttle::ThrottleScope;
use sqlx::PgPool;

pub struct Count {
    /// Attempts in the current window, this one included.
    pub hits: i32,
    /// Seconds since the window began.
    pub elapsed_secs: i64,
}

/// Adds one attempt for `subject` and returns the count, in one statement: the row lock taken by
/// ON CONFLICT makes parallel attempts queue, so each sees its own number. A window older than
/// `window_secs` starts again at this attempt.
pub async fn hit(pool: &PgPool, scope: ThrottleScope, subject: &str, window_secs: i64) -> Result<Count, sqlx::Error> {
    sqlx::query_as!(
        Count,
        r#"insert into throttle_counter as t (scope, subject, window_start, hits)
           values ($1, $2, now(), 1)
           on conflict (scope, subject) do update
              set hits = case when t.window_start <= now() - make_interval(secs => $3) then 1 else t.hits + 1 end,
                  window_start = case when t.window_start <= now() - make_interval(secs => $3) then now() else t.window_start end
           returning hits, extract(epoch from now() - window_start)::bigint as "elapsed_secs!""#,
        scope as ThrottleScope,
        subject,
        window_secs as f64,
    )
    .fetch_one(pool)
    .await
}

/// Takes back one attempt (a successful sign-in is not held against the address it came from).
pub async fn refund(pool: &PgPool, scope: ThrottleScope, subject: &str) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "update throttle_counter set hits = greatest(hits - 1, 0) where scope = $1 and subject = $2",
        scope as ThrottleScope,
        subject
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Forgets a subject's attempts (the account's owner proved who they are).
pub async fn clear(pool: &PgPool, scope: ThrottleScope, subject: &str) -> Result<(), sqlx::Error> {
    sqlx::query!("delete from throttle_counter where scope = $1 and subject = $2", scope as ThrottleScope, subject).execute(pool).await?;
    Ok(())
}

/// Drops counters whose windows ended long ago; run now and then.
pub async fn delete_stale(pool: &PgPool) -> Result<u64, sqlx::Error> {
    let done = sqlx::query!("delete from throttle_counter where window_start < now() - interval '1 day'").execute(pool).await?;
    Ok(done.rows_affected())
}
