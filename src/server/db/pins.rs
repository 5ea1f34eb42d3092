//! Picture-and-PIN sign-in: cohorts' sign-in codes, learners' PINs, and the wrong-PIN count that
//! locks one.

use crate::auth::Role;
use crate::model::account::{AccountStatus, PinLearner, PinPicture};
use sqlx::{PgConnection, PgPool};

pub struct CodeCohort {
    pub cohort_id: i64,
    pub name: String,
}

/// The cohort whose sign-in code this is, if any (a cancelled or archived cohort's code opens
/// nothing).
pub async fn cohort_by_code(pool: &PgPool, code: &str) -> Result<Option<CodeCohort>, sqlx::Error> {
    sqlx::query_as!(
        CodeCohort,
        "select cohort_id, name from cohort where sign_in_code = $1 and status not in ('cancelled', 'archived')",
        code
    )
    .fetch_optional(pool)
    .await
}

/// The learners of the cohort who have a PIN, by name.
pub async fn learners_with_pin(pool: &PgPool, cohort_id: i64) -> Result<Vec<PinLearner>, sqlx::Error> {
    sqlx::query_as!(
        PinLearner,
        r#"select lp.learner_id, p.display_name as name, lp.picture as "picture: PinPicture"
             from learner_pin lp join profile p on p.user_id = lp.learner_id
             join app_user u on u.user_id = lp.learner_id
            where lp.cohort_id = $1 and u.status = 'active' and u.role = 'learner'
            order by p.display_name, lp.learner_id"#,
        cohort_id
    )
    .fetch_all(pool)
    .await
}

pub struct PinCredential {
    pub cohort_id: i64,
    pub learner_id: i64,
    pub pin_hash: String,
    pub failures: i16,
    pub locked: bool,
    pub role: Role,
    pub status: AccountStatus,
}

/// The PIN a learner set up in the cohort with this code.
pub async fn credential(pool: &PgPool, code: &str, learner_id: i64) -> Result<Option<PinCredential>, sqlx::Error> {
    sqlx::query_as!(
        PinCredential,
        r#"select lp.cohort_id, lp.learner_id, lp.pin_hash, lp.failures, lp.locked_at is not null as "locked!",
                  u.role as "role: Role", u.status as "status: AccountStatus"
             from learner_pin lp join cohort c using (cohort_id) join app_user u on u.user_id = lp.learner_id
            where c.sign_in_code = $1 and c.status not in ('cancelled', 'archived') and lp.learner_id = $2"#,
        code,
        learner_id
    )
    .fetch_optional(pool)
    .await
}

/// Counts one more wrong PIN, in one statement so parallel wrong PINs all count; the PIN locks
/// when the count reaches `max`. Answers the new count and whether it is locked.
pub async fn record_failure(pool: &PgPool, cohort_id: i64, learner_id: i64, max: i16) -> Result<(i16, bool), sqlx::Error> {
    let row = sqlx::query!(
        r#"update learner_pin
              set failures = failures + 1,
                  locked_at = case when failures + 1 >= $3 then coalesce(locked_at, now()) else locked_at end
            where cohort_id = $1 and learner_id = $2
        returning failures, locked_at is not null as "locked!""#,
        cohort_id,
        learner_id,
        i32::from(max)
    )
    .fetch_one(pool)
    .await?;
    Ok((row.failures, row.locked))
}

/// A right PIN starts the wrong-PIN count again (unless it locked meanwhile).
pub async fn record_success(conn: &mut PgConnection, cohort_id: i64, learner_id: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!(
        "update learner_pin set failures = 0 where cohort_id = $1 and learner_id = $2 and locked_at is null",
        cohort_id,
        learner_id
    )
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub struct RosterRow {
    pub learner_id: i64,
    pub name: String,
    pub email: String,
    pub picture: Option<PinPicture>,
    pub locked: Option<bool>,
    pub set_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// The cohort's learners and their PINs, by name.
pub async fn roster(pool: &PgPool, cohort_id: i64) -> Result<Vec<RosterRow>, sqlx::Error> {
    sqlx::query_as!(
        RosterRow,
        r#"select cm.learner_id, p.display_name as name, u.email, lp.picture as "picture?: PinPicture",
                  lp.locked_at is not null as "locked?", lp.set_at as "set_at?: chrono::DateTime<chrono::Utc>"
             from cohort_member cm join app_user u on u.user_id = cm.learner_id join profile p on p.user_id = cm.learner_id
             left join learner_pin lp on lp.cohort_id = cm.cohort_id and lp.learner_id = cm.learner_id
            where cm.cohort_id = $1 and u.role = 'learner'
            order by p.display_name, cm.learner_id"#,
        cohort_id
    )
    .fetch_all(pool)
    .await
}

pub async fn code_of(pool: &PgPool, cohort_id: i64) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar!("select sign_in_code from cohort where cohort_id = $1", cohort_id).fetch_one(pool).await
}

/// Gives the cohort a new sign-in code; fails with a unique violation if another cohort has it.
pub async fn set_code(conn: &mut PgConnection, cohort_id: i64, code: &str) -> Result<(), sqlx::Error> {
    sqlx::query!("update cohort set sign_in_code = $2, updated_at = now() where cohort_id = $1", cohort_id, code).execute(conn).await?;
    Ok(())
}

/// Sets (or replaces) a learner's PIN and picture in the cohort, unlocking it; only for a learner
/// who is a member. Answers the learner's name, or None when they are not one.
pub async fn upsert(
    conn: &mut PgConnection,
    cohort_id: i64,
    learner_id: i64,
    pin_hash: &str,
    picture: PinPicture,
    set_by: i64,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar!(
        r#"with member as (
               select cm.cohort_id, cm.learner_id, p.display_name
                 from cohort_member cm join app_user u on u.user_id = cm.learner_id join profile p on p.user_id = cm.learner_id
                where cm.cohort_id = $1 and cm.learner_id = $2 and u.role = 'learner'
           ), saved as (
               insert into learner_pin (cohort_id, learner_id, pin_hash, picture, set_by)
               select cohort_id, learner_id, $3, $4, $5 from member
               on conflict (cohort_id, learner_id) do update
                  set pin_hash = excluded.pin_hash, picture = excluded.picture, failures = 0, locked_at = null,
                      set_by = excluded.set_by, set_at = now()
               returning learner_id
           )
           select m.display_name as "name!" from member m join saved using (learner_id)"#,
        cohort_id,
        learner_id,
        pin_hash,
        picture as PinPicture,
        set_by
    )
    .fetch_optional(conn)
    .await
}

/// Takes a learner's PIN away; answers the learner's name if there was one.
pub async fn remove(conn: &mut PgConnection, cohort_id: i64, learner_id: i64) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar!(
        r#"with gone as (delete from learner_pin where cohort_id = $1 and learner_id = $2 returning learner_id)
           select p.display_name from gone join profile p on p.user_id = gone.learner_id"#,
        cohort_id,
        learner_id
    )
    .fetch_optional(conn)
    .await
}
