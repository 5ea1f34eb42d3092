//! Accounts and profiles: look-ups for sign-in and guards, creation, trainer lists.

use crate::auth::{CurrentUser, Role};
use crate::model::TrainerLoad;
use sqlx::{PgConnection, PgPool};

pub struct Credentials {
    pub user_id: i64,
    pub password_hash: String,
    pub role: Role,
    pub active: bool,
}

pub async fn find_credentials(pool: &PgPool, email: &str) -> Result<Option<Credentials>, sqlx::Error> {
    let row: Option<(i64, String, String, String)> =
        sqlx::query_as("select user_id, password_hash, role, status from app_user where lower(email) = lower($1)")
            .bind(email)
            .fetch_optional(pool)
            .await?;
    Ok(row.and_then(|(user_id, password_hash, role, status)| {
        Some(Credentials { user_id, password_hash, role: Role::parse(&role)?, active: status == "active" })
    }))
}

/// The user behind a session, if the account still exists and is active.
pub async fn find_active(pool: &PgPool, user_id: i64) -> Result<Option<CurrentUser>, sqlx::Error> {
    let row: Option<(i64, String, String, String)> = sqlx::query_as(
        "select u.user_id, u.email, p.display_name, u.role
           from app_user u join profile p using (user_id)
          where u.user_id = $1 and u.status = 'active'",
    )
    .bind(user_id)
    .fetch_optional(pool)
    .await?;
    Ok(row.and_then(|(user_id, email, display_name, role)| {
        Some(CurrentUser { user_id, email, display_name, role: Role::parse(&role)? })
    }))
}

pub struct NewUser<'a> {
    pub email: &'a str,
    pub password_hash: &'a str,
    pub role: Role,
    pub display_name: &'a str,
    pub time_zone: &'a str,
}

/// Inserts the account and its profile; call inside a transaction so neither exists alone.
/// A taken e-mail fails on the `app_user_email_key` constraint.
pub async fn create(conn: &mut PgConnection, user: &NewUser<'_>) -> Result<i64, sqlx::Error> {
    let user_id: i64 =
        sqlx::query_scalar("insert into app_user (email, password_hash, role) values ($1, $2, $3) returning user_id")
            .bind(user.email)
            .bind(user.password_hash)
            .bind(user.role.as_str())
            .fetch_one(&mut *conn)
            .await?;
    sqlx::query("insert into profile (user_id, display_name, time_zone) values ($1, $2, $3)")
        .bind(user_id)
        .bind(user.display_name)
        .bind(user.time_zone)
        .execute(&mut *conn)
        .await?;
    Ok(user_id)
}

pub async fn list_trainers_with_load(pool: &PgPool) -> Result<Vec<TrainerLoad>, sqlx::Error> {
    let rows: Vec<(i64, String, String, String, i64, i64, i64)> = sqlx::query_as(
        "select u.user_id, p.display_name, u.email, u.status,
                (select count(*) from cohort c where c.trainer_id = u.user_id and c.status in ('planned', 'active')),
                (select count(distinct cm.learner_id) from cohort c join cohort_member cm using (cohort_id)
                  where c.trainer_id = u.user_id and c.status = 'active'),
                (select count(*) from submission s
                  where s.status = 'pending'
                    and exists (select 1 from cohort c join cohort_member cm using (cohort_id)
                                  join module m on m.learning_path_id = c.learning_path_id
                                  join assessment a on a.module_id = m.module_id
                                 where c.trainer_id = u.user_id and cm.learner_id = s.learner_id
                                   and a.assessment_id = s.assessment_id))
           from app_user u join profile p using (user_id)
          where u.role = 'trainer'
          order by p.display_name, u.user_id",
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(user_id, display_name, email, status, cohorts, learners, pending)| TrainerLoad {
            user_id,
            display_name,
            email,
            active: status == "active",
            cohorts,
            learners,
            pending,
        })
        .collect())
}
