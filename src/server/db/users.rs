//! Accounts and profiles: look-ups for sign-in and the request's caller, creation, language,
//! and the learner's profile.

use crate::auth::{CurrentUser, Role};
use crate::domain::language::Language;
use crate::model::account::AccountStatus;
use sqlx::{PgConnection, PgPool};

pub struct Credentials {
    pub user_id: i64,
    pub password_hash: String,
    pub role: Role,
    pub status: AccountStatus,
    pub verified: bool,
}

pub async fn find_credentials(pool: &PgPool, email: &str) -> Result<Option<Credentials>, sqlx::Error> {
    sqlx::query_as!(
        Credentials,
        r#"select user_id, password_hash, role as "role: Role", status as "status: AccountStatus",
                  email_verified_at is not null as "verified!"
             from app_user where lower(email) = lower($1)"#,
        email
    )
    .fetch_optional(pool)
    .await
}

/// The user behind a session, if the account is still active and the session still has its row.
pub async fn find_active(pool: &PgPool, user_id: i64, session_key: &str) -> Result<Option<CurrentUser>, sqlx::Error> {
    sqlx::query_as!(
        CurrentUser,
        r#"select u.user_id, u.email, p.display_name, u.role as "role: Role", p.language as "language: Language"
             from app_user u join profile p using (user_id) join user_session s using (user_id)
            where u.user_id = $1 and u.status = 'active' and s.session_key = $2"#,
        user_id,
        session_key
    )
    .fetch_optional(pool)
    .await
}

pub struct NewUser<'a> {
    pub email: &'a str,
    pub password_hash: &'a str,
    pub role: Role,
    pub display_name: &'a str,
    pub time_zone: &'a str,
    pub language: Option<Language>,
    /// The address is known to be theirs (made by staff); false for self sign-up until the
    /// e-mailed link is opened.
    pub verified: bool,
}

/// Inserts the account and its profile; call inside a transaction so neither exists alone.
/// A taken e-mail fails on the `app_user_email_key` constraint.
pub async fn create(conn: &mut PgConnection, user: &NewUser<'_>) -> Result<i64, sqlx::Error> {
    let user_id = sqlx::query_scalar!(
        "insert into app_user (email, password_hash, role, email_verified_at)
         values ($1, $2, $3, case when $4 then now() end) returning user_id",
        user.email,
        user.password_hash,
        user.role as Role,
        user.verified,
    )
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query!(
        "insert into profile (user_id, display_name, time_zone, language) values ($1, $2, $3, $4)",
        user_id,
        user.display_name,
        user.time_zone,
        user.language as Option<Language>,
    )
    .execute(&mut *conn)
    .await?;
    Ok(user_id)
}

pub async fn set_language(conn: &mut PgConnection, user_id: i64, language: Language) -> Result<(), sqlx::Error> {
    sqlx::query!("update profile set language = $2, updated_at = now() where user_id = $1", user_id, language as Language,)
        .execute(conn)
        .await?;
    Ok(())
}

/// True before the first user exists: the only time demo data may be added.
pub async fn none_exist(pool: &PgPool) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar!(r#"select not exists (select 1 from app_user) as "none!""#).fetch_one(pool).await
}

/// Active accounts with `role`.
pub async fn count_active(pool: &PgPool, role: Role) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(r#"select count(*) as "n!" from app_user where role = $1 and status = 'active'"#, role as Role,)
        .fetch_one(pool)
        .await
}

pub struct LearnerProfile {
    pub display_name: String,
    pub weekly_goal_minutes: i32,
    pub time_zone: String,
}

/// Read through the pool, or inside a transaction that already holds a connection (a write that
/// must not wait for a second one while it holds a lock).
pub async fn learner_profile<'e>(db: impl sqlx::PgExecutor<'e>, learner_id: i64) -> Result<LearnerProfile, sqlx::Error> {
    sqlx::query_as!(LearnerProfile, "select display_name, weekly_goal_minutes, time_zone from profile where user_id = $1", learner_id)
        .fetch_one(db)
        .await
}

/// What recovery and confirmation need to know about the account behind an address.
pub struct Recipient {
    pub user_id: i64,
    pub email: String,
    pub status: AccountStatus,
    pub verified: bool,
    pub language: Option<Language>,
}

pub async fn find_recipient(pool: &PgPool, email: &str) -> Result<Option<Recipient>, sqlx::Error> {
    sqlx::query_as!(
        Recipient,
        r#"select u.user_id, u.email, u.status as "status: AccountStatus", u.email_verified_at is not null as "verified!",
                  p.language as "language: Language"
             from app_user u join profile p using (user_id) where lower(u.email) = lower($1)"#,
        email
    )
    .fetch_optional(pool)
    .await
}

/// A new password; opening the e-mailed link also proved the address.
pub async fn set_password(conn: &mut PgConnection, user_id: i64, password_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "update app_user set password_hash = $2, email_verified_at = coalesce(email_verified_at, now()), updated_at = now()
          where user_id = $1",
        user_id,
        password_hash
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn mark_verified(conn: &mut PgConnection, user_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "update app_user set email_verified_at = coalesce(email_verified_at, now()), updated_at = now() where user_id = $1",
        user_id
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Role and e-mail of an account, for signing in after a link was used.
pub async fn role_and_email(conn: &mut PgConnection, user_id: i64) -> Result<(Role, String), sqlx::Error> {
    let row = sqlx::query!(r#"select role as "role: Role", email from app_user where user_id = $1"#, user_id).fetch_one(conn).await?;
    Ok((row.role, row.email))
}

/// An account as operations sees it when looking one up.
pub struct AccountRow {
    pub user_id: i64,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub status: AccountStatus,
    pub sessions: i64,
}

pub async fn find_account(pool: &PgPool, email: &str) -> Result<Option<AccountRow>, sqlx::Error> {
    sqlx::query_as!(
        AccountRow,
        r#"select u.user_id, u.email, p.display_name, u.role as "role: Role", u.status as "status: AccountStatus",
                  (select count(*) from user_session s where s.user_id = u.user_id) as "sessions!"
             from app_user u join profile p using (user_id) where lower(u.email) = lower($1)"#,
        email
    )
    .fetch_optional(pool)
    .await
}

/// Sets whether the account may sign in; returns its e-mail, or None when there is no such account
/// (an anonymised account counts as none: it stays disabled for good).
pub async fn set_status(conn: &mut PgConnection, user_id: i64, status: AccountStatus) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar!(
        "update app_user set status = $2, updated_at = now() where user_id = $1 and anonymised_at is null returning email",
        user_id,
        status as AccountStatus
    )
    .fetch_optional(conn)
    .await
}

pub async fn learner_settings(pool: &PgPool, learner_id: i64) -> Result<crate::model::learner::LearnerSettings, sqlx::Error> {
    sqlx::query_as!(
        crate::model::learner::LearnerSettings,
        r#"select display_name, weekly_goal_minutes, time_zone, language as "language: Language" from profile where user_id = $1"#,
        learner_id
    )
    .fetch_one(pool)
    .await
}

/// Saves a learner's own settings (already checked).
pub async fn save_settings(
    conn: &mut PgConnection,
    user_id: i64,
    name: &str,
    weekly_goal_minutes: i32,
    time_zone: &str,
    language: Option<Language>,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "update profile set display_name = $2, weekly_goal_minutes = $3, time_zone = $4, language = $5, updated_at = now()
          where user_id = $1",
        user_id,
        name,
        weekly_goal_minutes,
        time_zone,
        language as Option<Language>
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// The name a person goes by (their profile's), for notices and letters.
pub async fn display_name(tx: &mut PgConnection, user_id: i64) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar!("select display_name from profile where user_id = $1", user_id).fetch_optional(&mut *tx).await
}
