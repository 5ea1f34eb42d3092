//! E-mailed single-use tokens (password reset, e-mail confirmation), by their hashes.

use crate::model::account::TokenPurpose;
use sqlx::PgConnection;

pub async fn insert(conn: &mut PgConnection, user_id: i64, purpose: TokenPurpose, hash: &[u8], valid_secs: i64) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "insert into account_token (token_hash, user_id, purpose, expires_at) values ($1, $2, $3, now() + make_interval(secs => $4))",
        hash,
        user_id,
        purpose as TokenPurpose,
        valid_secs as f64,
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Uses the token up and returns its account, in one statement, so two clicks on one link cannot
/// both succeed; an unknown, used or expired token returns None.
pub async fn consume(conn: &mut PgConnection, purpose: TokenPurpose, hash: &[u8]) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar!(
        "update account_token set used_at = now()
          where token_hash = $1 and purpose = $2 and used_at is null and expires_at > now()
          returning user_id",
        hash,
        purpose as TokenPurpose,
    )
    .fetch_optional(conn)
    .await
}

/// Whether a link would still work, without using it (the page that shows the form asks).
pub async fn usable(conn: &mut PgConnection, purpose: TokenPurpose, hash: &[u8]) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar!(
        r#"select exists (select 1 from account_token
                           where token_hash = $1 and purpose = $2 and used_at is null and expires_at > now()) as "usable!""#,
        hash,
        purpose as TokenPurpose,
    )
    .fetch_one(conn)
    .await
}

/// A new link replaces the old ones: only the latest one sent works.
pub async fn revoke_all(conn: &mut PgConnection, user_id: i64, purpose: TokenPurpose) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "update account_token set used_at = now() where user_id = $1 and purpose = $2 and used_at is null",
        user_id,
        purpose as TokenPurpose,
    )
    .execute(conn)
    .await?;
    Ok(())
}
