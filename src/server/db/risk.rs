//! Risk: alerts raised about cohorts, learners and trainers; the behaviour a learner's risk score
//! reads as of any moment; the stored models and scores; learners due a recompute; trainers'
//! "not useful" marks.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{PgConnection, PgPool};

/// One learner's behaviour up to `at`, and whether they learned in the horizon after it.
pub struct EvidenceRow {
    pub learner_id: i64,
    pub weekly_goal: i32,
    pub last_active: Option<DateTime<Utc>>,
    pub w1: i64,
    pub w2: i64,
    pub w3: i64,
    pub lessons_total: i64,
    pub lessons_done: i64,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub scores: Option<Vec<i32>>,
    pub resubmissions: i64,
    pub passed: bool,
    pub learned_after: bool,
}

/// The behaviour of active learners in a running (or finished) cohort as of `at`, counting only
/// what happened before it: the learners who had joined, not finished their path, and (when
/// `only` is given) are among those. `learned_after` says whether they learned in the
/// `horizon_days` that followed, the outcome a fit learns from.
pub async fn evidence_at(
    pool: &PgPool,
    at: DateTime<Utc>,
    only: Option<&[i64]>,
    horizon_days: i32,
) -> Result<Vec<EvidenceRow>, sqlx::Error> {
    sqlx::query_as!(
        EvidenceRow,
        r#"select u.user_id as "learner_id!",
                  coalesce(p.weekly_goal_minutes, 120) as "weekly_goal!",
                  a.last_active as "last_active: DateTime<Utc>", a.w1 as "w1!", a.w2 as "w2!", a.w3 as "w3!",
                  c.lessons_total as "lessons_total!",
                  (select count(*) from lesson_progress lp join lesson l using (lesson_id) join module m using (module_id)
                    where lp.learner_id = u.user_id and m.learning_path_id = c.learning_path_id and lp.completed_at < $1) as "lessons_done!",
                  c.starts_on as "starts_on!: NaiveDate", c.ends_on as "ends_on!: NaiveDate",
                  (select array_agg(s.score order by s.graded_at)
                     from (select score, graded_at from submission
                            where learner_id = u.user_id and status <> 'pending' and score is not null and graded_at < $1
                            order by graded_at desc limit 6) s) as "scores: Vec<i32>",
                  (select count(*) from submission r
                    where r.learner_id = u.user_id and r.status = 'returned' and r.graded_at < $1
                      and not exists (select 1 from submission n where n.learner_id = r.learner_id and n.assessment_id = r.assessment_id
                                        and n.submitted_at > r.submitted_at and n.submitted_at < $1)) as "resubmissions!",
                  coalesce((select s.score >= x.pass_score from submission s join assessment x using (assessment_id)
                             where s.learner_id = u.user_id and s.status <> 'pending' and s.score is not null and s.graded_at < $1
                             order by s.graded_at desc limit 1), false) as "passed!",
                  exists (select 1 from activity_event e
                           where e.user_id = u.user_id and e.kind not in ('sign_in', 'achievement_earned')
                             and e.occurred_at >= $1 and e.occurred_at < $1 + make_interval(days => $3)) as "learned_after!"
             from app_user u
             join lateral (
                 select c.starts_on, c.ends_on, c.learning_path_id,
                        (select count(*) from lesson l join module m using (module_id) where m.learning_path_id = c.learning_path_id) as lessons_total
                   from cohort_member cm join cohort c using (cohort_id)
                  where cm.learner_id = u.user_id and c.status in ('active', 'completed') and c.starts_on <= ($1 at time zone 'UTC')::date
                  order by c.starts_on desc, c.cohort_id desc limit 1) c on true
             left join profile p on p.user_id = u.user_id
             left join lateral (
                 select max(e.occurred_at) as last_active,
                        coalesce(sum(e.minutes) filter (where e.occurred_at >= $1 - interval '7 days'), 0)::bigint as w1,
                        coalesce(sum(e.minutes) filter (where e.occurred_at >= $1 - interval '14 days' and e.occurred_at < $1 - interval '7 days'), 0)::bigint as w2,
                        coalesce(sum(e.minutes) filter (where e.occurred_at >= $1 - interval '21 days' and e.occurred_at < $1 - interval '14 days'), 0)::bigint as w3
                   from activity_event e
                  where e.user_id = u.user_id and e.kind not in ('sign_in', 'achievement_earned') and e.occurred_at < $1) a on true
            where u.role = 'learner' and u.status = 'active' and u.created_at < $1
              and ($2::bigint[] is null or u.user_id = any($2))
              and not exists (select 1 from enrolment en where en.learner_id = u.user_id and en.learning_path_id = c.learning_path_id
                                and en.completed_at < $1)
            order by u.user_id"#,
        at as DateTime<Utc>,
        only as Option<&[i64]>,
        horizon_days,
    )
    .fetch_all(pool)
    .await
}

pub struct StoredModel {
    pub version: String,
    pub model: serde_json::Value,
    pub evaluation: serde_json::Value,
    pub fitted_at: DateTime<Utc>,
}

/// The model fitted last (or the defaults, stored as a model too).
pub async fn latest_model(pool: &PgPool) -> Result<Option<StoredModel>, sqlx::Error> {
    sqlx::query_as!(
        StoredModel,
        r#"select version, model, evaluation, fitted_at as "fitted_at: DateTime<Utc>" from risk_model order by fitted_at desc, risk_model_id desc limit 1"#
    )
    .fetch_optional(pool)
    .await
}

/// Keeps a model; a version already kept is refitted in place.
pub async fn store_model(
    pool: &PgPool,
    version: &str,
    model: &serde_json::Value,
    trained_on: i32,
    evaluation: &serde_json::Value,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "insert into risk_model (version, model, trained_on, evaluation) values ($1, $2, $3, $4)
         on conflict (version) do update set model = excluded.model, trained_on = excluded.trained_on,
                                             evaluation = excluded.evaluation, fitted_at = now()",
        version,
        model,
        trained_on,
        evaluation
    )
    .execute(pool)
    .await
    .map(|_| ())
}

/// A learner's score as written.
pub struct Score {
    pub learner_id: i64,
    pub score: f32,
    pub week_ago: Option<f32>,
    pub at_risk: bool,
    pub features: serde_json::Value,
    pub reasons: serde_json::Value,
}

/// Writes scores made by `version`, replacing each learner's earlier one; `clear_others` (a full
/// run) also removes the scores of learners no longer scored (they finished, left or were
/// disabled), so the lists never show them.
pub async fn store_scores(tx: &mut PgConnection, version: &str, scores: &[Score], clear_others: bool) -> Result<(), sqlx::Error> {
    let ids: Vec<i64> = scores.iter().map(|s| s.learner_id).collect();
    let values: Vec<f32> = scores.iter().map(|s| s.score).collect();
    let week: Vec<Option<f32>> = scores.iter().map(|s| s.week_ago).collect();
    let flags: Vec<bool> = scores.iter().map(|s| s.at_risk).collect();
    let features: Vec<serde_json::Value> = scores.iter().map(|s| s.features.clone()).collect();
    let reasons: Vec<serde_json::Value> = scores.iter().map(|s| s.reasons.clone()).collect();
    if clear_others {
        sqlx::query!("delete from learner_risk where learner_id <> all($1)", &ids).execute(&mut *tx).await?;
    }
    sqlx::query!(
        r#"insert into learner_risk (learner_id, score, week_ago, at_risk, features, reasons, model_version, computed_at)
           select t.id, t.score, t.week, t.flag, t.features, t.reasons, $7, now()
             from unnest($1::bigint[], $2::real[], $3::real[], $4::bool[], $5::jsonb[], $6::jsonb[])
                  as t(id, score, week, flag, features, reasons)
           on conflict (learner_id) do update
              set score = excluded.score, week_ago = excluded.week_ago, at_risk = excluded.at_risk, features = excluded.features,
                  reasons = excluded.reasons, model_version = excluded.model_version, computed_at = excluded.computed_at"#,
        &ids,
        &values,
        &week as &[Option<f32>],
        &flags,
        &features,
        &reasons,
        version,
    )
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Takes up to `limit` learners marked due (they are unmarked as they are taken).
pub async fn take_due(pool: &PgPool, limit: i64) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar!(
        "delete from learner_risk_due where learner_id in (select learner_id from learner_risk_due order by marked_at limit $1)
         returning learner_id",
        limit
    )
    .fetch_all(pool)
    .await
}

/// Clears every mark (a full run has just scored everyone).
pub async fn clear_due(pool: &PgPool, before: DateTime<Utc>) -> Result<(), sqlx::Error> {
    sqlx::query!("delete from learner_risk_due where marked_at < $1", before as DateTime<Utc>).execute(pool).await.map(|_| ())
}

/// When everyone was last scored: the oldest score kept.
pub async fn oldest_score(pool: &PgPool) -> Result<Option<DateTime<Utc>>, sqlx::Error> {
    sqlx::query_scalar!(r#"select min(computed_at) as "oldest: DateTime<Utc>" from learner_risk"#).fetch_one(pool).await
}

pub struct AtRisk {
    pub learner_id: i64,
    pub name: String,
    pub cohort_id: i64,
    pub cohort_name: String,
    pub score: f32,
    pub week_ago: Option<f32>,
    pub features: serde_json::Value,
    pub reasons: serde_json::Value,
    pub model_version: String,
    pub computed_at: DateTime<Utc>,
}

/// The learners listed at risk (the view `listed_at_risk`) in the trainer's running cohorts (or
/// one of them), riskiest first.
pub async fn at_risk_for_trainer(pool: &PgPool, trainer_id: i64, cohort_id: Option<i64>) -> Result<Vec<AtRisk>, sqlx::Error> {
    sqlx::query_as!(
        AtRisk,
        r#"select l.learner_id as "learner_id!", coalesce(p.display_name, u.email) as "name!", c.cohort_id, c.name as cohort_name,
                  r.score, r.week_ago, r.features, r.reasons, r.model_version, r.computed_at as "computed_at: DateTime<Utc>"
             from listed_at_risk l
             join learner_risk r on r.learner_id = l.learner_id
             join app_user u on u.user_id = l.learner_id
             left join profile p on p.user_id = l.learner_id
             join cohort c on c.cohort_id = l.cohort_id
            where l.trainer_id = $1 and l.cohort_status = 'active' and ($2::bigint is null or l.cohort_id = $2)
            order by r.score desc, l.learner_id, c.cohort_id"#,
        trainer_id,
        cohort_id,
    )
    .fetch_all(pool)
    .await
}

/// Learners listed at risk per cohort of the trainer (the same ones `at_risk_for_trainer` lists).
pub async fn counts_for_trainer(pool: &PgPool, trainer_id: i64) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"select l.cohort_id as "cohort_id!", count(*) as "n!" from listed_at_risk l where l.trainer_id = $1 group by l.cohort_id"#,
        trainer_id
    )
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|r| (r.cohort_id, r.n)).collect())
}

/// A member's latest score (for the cohort page and the learner's page).
pub async fn scores_of(pool: &PgPool, learners: &[i64]) -> Result<Vec<(i64, f32, bool)>, sqlx::Error> {
    let rows =
        sqlx::query!("select learner_id, score, at_risk from learner_risk where learner_id = any($1)", learners).fetch_all(pool).await?;
    Ok(rows.into_iter().map(|r| (r.learner_id, r.score, r.at_risk)).collect())
}

/// Whether the learner is in one of the trainer's cohorts (any status): the ownership check for
/// everything a trainer does about one learner.
pub async fn is_trainers_learner(pool: &PgPool, trainer_id: i64, learner_id: i64) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar!(
        r#"select exists (select 1 from cohort_member cm join cohort c using (cohort_id)
                           where cm.learner_id = $2 and c.trainer_id = $1) as "yes!""#,
        trainer_id,
        learner_id
    )
    .fetch_one(pool)
    .await
}

/// Records "not useful" on a listed learner at their current score; None when the learner has no
/// score to mark. A second mark replaces the first.
pub async fn dismiss(tx: &mut PgConnection, learner_id: i64, trainer_id: i64) -> Result<Option<f32>, sqlx::Error> {
    sqlx::query_scalar!(
        "insert into risk_dismissal (learner_id, trainer_id, score, model_version)
         select learner_id, $2, score, model_version from learner_risk where learner_id = $1 and at_risk
         on conflict (learner_id, trainer_id) do update set score = excluded.score, model_version = excluded.model_version,
                                                            created_at = now()
         returning score",
        learner_id,
        trainer_id
    )
    .fetch_optional(&mut *tx)
    .await
}

/// Learners the model lists now, and how many of them some trainer marked not useful: the model's
/// precision as trainers judge it.
pub async fn feedback_counts(pool: &PgPool) -> Result<(i64, i64), sqlx::Error> {
    let r = sqlx::query!(
        r#"select count(*) filter (where at_risk) as "listed!",
                  count(*) filter (where at_risk and exists (select 1 from risk_dismissal d where d.learner_id = r.learner_id)) as "dismissed!"
             from learner_risk r"#
    )
    .fetch_one(pool)
    .await?;
    Ok((r.listed, r.dismissed))
}
