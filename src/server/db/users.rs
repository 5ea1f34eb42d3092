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
}

pub async fn find_credentials(pool: &PgPool, email: &str) -> Result<Option<Credentials>, sqlx::Error> {
    sqlx::query_as!(
        Credentials,
        r#"select user_id, password_hash, role as "role: Role", status as "status: AccountStatus"
             from app_user where lower(email) = lower($1)"#,
        email
    )
    .fetch_optional(pool)
    .await
}

/// The user behind a session, if the account still exists and is active.
pub async fn find_active(pool: &PgPool, user_id: i64) -> Result<Option<CurrentUser>, sqlx::Error> {
    sqlx::query_as!(
        CurrentUser,
        r#"select u.user_id, u.email, p.display_name, u.role as "role: Role", p.language as "language: Language"
             from app_user u join profile p using (user_id)
            where u.user_id = $1 and u.status = 'active'"#,
        user_id
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
}

/// Inserts the account and its profile; call inside a transaction so neither exists alone.
/// A taken e-mail fails on the `app_user_email_key` constraint.
pub async fn create(conn: &mut PgConnection, user: &NewUser<'_>) -> Result<i64, sqlx::Error> {
    let user_id = sqlx::query_scalar!(
        "insert into app_user (email, password_hash, role) values ($1, $2, $3) returning user_id",
        user.email,
        user.password_hash,
        user.role as Role,
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

pub async fn learner_profile(pool: &PgPool, learner_id: i64) -> Result<LearnerProfile, sqlx::Error> {
    sqlx::query_as!(LearnerProfile, "select display_name, weekly_goal_minutes, time_zone from profile where user_id = $1", learner_id)
        .fetch_one(pool)
        .await
}
