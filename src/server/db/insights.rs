//! The insights the learner dismissed as not useful (the next steps read the path's lessons from
//! `lessons::outline`).

use sqlx::PgPool;

/// Keys of the insights the learner said were not useful.
pub async fn dismissed(pool: &PgPool, learner_id: i64) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar!("select insight_key from insight_dismissal where learner_id = $1", learner_id).fetch_all(pool).await
}

/// Records "not useful" for one insight (once; a second press changes nothing). Returns whether
/// it was new.
pub async fn dismiss(pool: &PgPool, learner_id: i64, key: &str) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query!("insert into insight_dismissal (learner_id, insight_key) values ($1, $2) on conflict do nothing", learner_id, key)
            .execute(pool)
            .await?;
    Ok(done.rows_affected() == 1)
}
