//! Skill mastery: the answer history per skill, the fitted BKT parameters per skill, and each
//! learner's current mastery.

use crate::domain::bkt::{Fit, MODEL_VERSION, Params};
use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};

/// Every skill that has answers.
pub async fn skills_answered(pool: &PgPool) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar!("select distinct skill from skill_answer order by skill").fetch_all(pool).await
}

pub struct AnswerRow {
    pub learner_id: i64,
    pub correct: bool,
}

/// One skill's answers, learner by learner, each learner's oldest first.
pub async fn answers_for_skill(pool: &PgPool, skill: &str) -> Result<Vec<AnswerRow>, sqlx::Error> {
    sqlx::query_as!(
        AnswerRow,
        "select learner_id, correct from skill_answer where skill = $1 order by learner_id, answered_at, skill_answer_id",
        skill
    )
    .fetch_all(pool)
    .await
}

/// Stores a skill's fit and every learner's traced mastery of it, together.
pub async fn store_fit(
    conn: &mut PgConnection,
    skill: &str,
    fit: &Fit,
    learners: &[i64],
    p_known: &[f64],
    answers: &[i32],
    correct: &[i32],
) -> Result<(), sqlx::Error> {
    let p = fit.params;
    sqlx::query!(
        "insert into skill_model (skill, prior, learn, guess, slip, answers, learners, log_likelihood, baseline_log_likelihood, model_version, fitted_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now())
         on conflict (skill) do update set prior = excluded.prior, learn = excluded.learn, guess = excluded.guess, slip = excluded.slip,
             answers = excluded.answers, learners = excluded.learners, log_likelihood = excluded.log_likelihood,
             baseline_log_likelihood = excluded.baseline_log_likelihood, model_version = excluded.model_version, fitted_at = now()",
        skill,
        p.prior,
        p.learn,
        p.guess,
        p.slip,
        i32::try_from(fit.answers).unwrap_or(i32::MAX),
        i32::try_from(fit.learners).unwrap_or(i32::MAX),
        fit.log_likelihood,
        fit.baseline_log_likelihood,
        MODEL_VERSION,
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        "insert into skill_mastery (learner_id, skill, p_known, answers, correct, updated_at)
         select learner_id, $1, p_known, answers, correct, now() from unnest($2::bigint[], $3::float8[], $4::int[], $5::int[])
           as t(learner_id, p_known, answers, correct)
         on conflict (learner_id, skill) do update set p_known = excluded.p_known, answers = excluded.answers,
             correct = excluded.correct, updated_at = now()",
        skill,
        learners,
        p_known,
        answers,
        correct
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// The parameters of the given skills that have been fitted (the rest use the defaults).
pub async fn params_for(conn: &mut PgConnection, skills: &[String]) -> Result<Vec<(String, Params)>, sqlx::Error> {
    let rows =
        sqlx::query!("select skill, prior, learn, guess, slip from skill_model where skill = any($1)", skills).fetch_all(conn).await?;
    Ok(rows.into_iter().map(|r| (r.skill, Params { prior: r.prior, learn: r.learn, guess: r.guess, slip: r.slip })).collect())
}

pub struct Mastery {
    pub skill: String,
    pub p_known: f64,
    pub answers: i32,
    pub correct: i32,
    pub updated_at: DateTime<Utc>,
}

/// The learner's mastery of the given skills, locked until the transaction ends so two
/// submissions trace one after the other.
pub async fn hold_for(conn: &mut PgConnection, learner_id: i64, skills: &[String]) -> Result<Vec<Mastery>, sqlx::Error> {
    sqlx::query_as!(
        Mastery,
        r#"select skill, p_known, answers, correct, updated_at as "updated_at: DateTime<Utc>" from skill_mastery where learner_id = $1 and skill = any($2) for update"#,
        learner_id,
        skills
    )
    .fetch_all(conn)
    .await
}

/// Records one scored answer for a skill and the mastery it leads to.
pub async fn record_answer(
    conn: &mut PgConnection,
    learner_id: i64,
    skill: &str,
    correct: bool,
    p_known: f64,
    submission_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "insert into skill_answer (learner_id, skill, correct, submission_id) values ($1, $2, $3, $4)",
        learner_id,
        skill,
        correct,
        submission_id
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        "insert into skill_mastery (learner_id, skill, p_known, answers, correct) values ($1, $2, $3, 1, $4::boolean::int)
         on conflict (learner_id, skill) do update set p_known = excluded.p_known, answers = skill_mastery.answers + 1,
             correct = skill_mastery.correct + excluded.correct, updated_at = now()",
        learner_id,
        skill,
        p_known,
        correct
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Everything the learner's mastery says, weakest first.
pub async fn for_learner(pool: &PgPool, learner_id: i64) -> Result<Vec<Mastery>, sqlx::Error> {
    sqlx::query_as!(
        Mastery,
        r#"select skill, p_known, answers, correct, updated_at as "updated_at: DateTime<Utc>" from skill_mastery where learner_id = $1 order by p_known, skill"#,
        learner_id
    )
    .fetch_all(pool)
    .await
}

/// Every learner with an unfinished path, with that path (the newest enrolment when several).
pub async fn enrolled_learners(pool: &PgPool) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"select distinct on (learner_id) learner_id, learning_path_id from enrolment
            where completed_at is null order by learner_id, enrolled_at desc"#
    )
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|r| (r.learner_id, r.learning_path_id)).collect())
}
