//! What the health page counts in the database: the newest migration applied and the work waiting
//! in the background queues.

use sqlx::PgPool;

pub struct Waiting {
    pub migration: Option<i64>,
    pub pending_grading: i64,
    pub pending_prescoring: i64,
    pub risk_due: i64,
}

/// One round trip; each count reads a partial index or a small table, never a full scan of submissions.
pub async fn waiting(pool: &PgPool) -> Result<Waiting, sqlx::Error> {
    sqlx::query_as!(
        Waiting,
        r#"select (select max(version) from _sqlx_migrations where success) as migration,
                  (select count(*) from submission where status = 'pending') as "pending_grading!",
                  (select count(*) from submission where prescore_due) as "pending_prescoring!",
                  (select count(*) from learner_risk_due) as "risk_due!""#
    )
    .fetch_one(pool)
    .await
}
