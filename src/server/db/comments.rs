//! A trainer's comment bank: feedback kept to reuse, each trainer's own.

use crate::model::trainer::BankComment;
use sqlx::{PgConnection, PgPool};

/// The trainer's bank, used most first.
pub async fn bank(pool: &PgPool, trainer_id: i64, limit: i64) -> Result<Vec<BankComment>, sqlx::Error> {
    sqlx::query_as!(
        BankComment,
        r#"select comment_bank_id as id, body, uses from comment_bank where trainer_id = $1
            order by uses desc, comment_bank_id limit $2"#,
        trainer_id,
        limit
    )
    .fetch_all(pool)
    .await
}

/// Counts a use of each of `ids` that is the trainer's, and answers their words in bank order.
/// Ids that are not theirs are left out, so an edited form cannot borrow another's comments.
pub async fn take(tx: &mut PgConnection, trainer_id: i64, ids: &[i64]) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar!(
        r#"with used as (update comment_bank set uses = uses + 1, last_used_at = now()
                          where trainer_id = $1 and comment_bank_id = any($2) returning comment_bank_id, body, uses)
           select body as "body!" from used order by uses desc, comment_bank_id"#,
        trainer_id,
        ids
    )
    .fetch_all(tx)
    .await
}

/// Keeps `body` in the trainer's bank (already there: nothing changes).
pub async fn keep(tx: &mut PgConnection, trainer_id: i64, body: &str) -> Result<(), sqlx::Error> {
    sqlx::query!("insert into comment_bank (trainer_id, body) values ($1, $2) on conflict (trainer_id, body) do nothing", trainer_id, body)
        .execute(tx)
        .await?;
    Ok(())
}

/// Takes a comment out of the trainer's bank; false if it was not theirs (or is gone).
pub async fn forget(pool: &PgPool, trainer_id: i64, id: i64) -> Result<bool, sqlx::Error> {
    let gone = sqlx::query!("delete from comment_bank where trainer_id = $1 and comment_bank_id = $2", trainer_id, id)
        .execute(pool)
        .await?
        .rows_affected();
    Ok(gone > 0)
}
