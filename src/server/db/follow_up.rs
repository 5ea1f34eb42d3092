//! Following learners up: interventions (with what the learner did after each), messages from
//! trainers to learners, and the learner's inbox.

use crate::model::trainer::{InterventionKind, InterventionStatus};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{PgConnection, PgPool};

pub struct LearnerFacts {
    pub name: String,
    pub email: String,
    pub cohorts: Vec<String>,
    pub score: Option<f32>,
    pub at_risk: Option<bool>,
    pub features: Option<serde_json::Value>,
    pub reasons: Option<serde_json::Value>,
    pub last_active: Option<DateTime<Utc>>,
}

/// Who the learner is, the trainer's cohorts they are in, their latest risk score and last learning.
pub async fn learner_facts(pool: &PgPool, trainer_id: i64, learner_id: i64) -> Result<Option<LearnerFacts>, sqlx::Error> {
    sqlx::query_as!(
        LearnerFacts,
        r#"select coalesce(p.display_name, u.email) as "name!", u.email,
                  array(select c.name from cohort_member cm join cohort c using (cohort_id)
                         where cm.learner_id = u.user_id and c.trainer_id = $1 order by c.starts_on desc) as "cohorts!",
                  r.score as "score?", r.at_risk as "at_risk?", r.features as "features?", r.reasons as "reasons?",
                  (select max(occurred_at) from activity_event e where e.user_id = u.user_id
                      and e.kind not in ('sign_in', 'achievement_earned')) as "last_active: DateTime<Utc>"
             from app_user u left join profile p on p.user_id = u.user_id left join learner_risk r on r.learner_id = u.user_id
            where u.user_id = $2 and u.role = 'learner'"#,
        trainer_id,
        learner_id
    )
    .fetch_optional(pool)
    .await
}

pub struct InterventionRow {
    pub intervention_id: i64,
    pub kind: InterventionKind,
    pub note: String,
    pub due_on: Option<NaiveDate>,
    pub status: InterventionStatus,
    pub outcome: Option<String>,
    pub trainer_name: String,
    pub created_at: DateTime<Utc>,
    pub completed_at: Option<DateTime<Utc>>,
    /// Lessons the learner finished after the intervention was recorded, and when they last learned.
    pub lessons_since: i64,
    pub back_at: Option<DateTime<Utc>>,
}

/// Every intervention recorded for the learner (by any trainer: a new trainer sees the history),
/// newest first, each with the learner's activity since.
pub async fn interventions_for(pool: &PgPool, learner_id: i64) -> Result<Vec<InterventionRow>, sqlx::Error> {
    sqlx::query_as!(
        InterventionRow,
        r#"select i.intervention_id, i.kind as "kind: InterventionKind", i.note, i.due_on as "due_on: NaiveDate",
                  i.status as "status: InterventionStatus", i.outcome, coalesce(p.display_name, '') as "trainer_name!",
                  i.created_at as "created_at: DateTime<Utc>", i.completed_at as "completed_at: DateTime<Utc>",
                  (select count(*) from lesson_progress lp where lp.learner_id = i.learner_id and lp.completed_at > i.created_at) as "lessons_since!",
                  (select max(e.occurred_at) from activity_event e where e.user_id = i.learner_id
                      and e.kind not in ('sign_in', 'achievement_earned') and e.occurred_at > i.created_at) as "back_at: DateTime<Utc>"
             from intervention i left join profile p on p.user_id = i.trainer_id
            where i.learner_id = $1
            order by i.created_at desc, i.intervention_id desc"#,
        learner_id
    )
    .fetch_all(pool)
    .await
}

pub async fn insert_intervention(
    tx: &mut PgConnection,
    learner_id: i64,
    trainer_id: i64,
    kind: InterventionKind,
    note: &str,
    due_on: Option<NaiveDate>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        "insert into intervention (learner_id, trainer_id, kind, note, due_on) values ($1, $2, $3, $4, $5) returning intervention_id",
        learner_id,
        trainer_id,
        kind as InterventionKind,
        note,
        due_on as Option<NaiveDate>
    )
    .fetch_one(&mut *tx)
    .await
}

/// Closes an open intervention of the learner with its outcome; false when there is no such open
/// intervention (already done, or not this learner's).
pub async fn complete_intervention(
    tx: &mut PgConnection,
    intervention_id: i64,
    learner_id: i64,
    outcome: &str,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!(
        "update intervention set status = 'done', outcome = $3, completed_at = now(), updated_at = now()
          where intervention_id = $1 and learner_id = $2 and status = 'planned'",
        intervention_id,
        learner_id,
        outcome
    )
    .execute(&mut *tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Sends one message to each recipient; how many were sent.
pub async fn send(tx: &mut PgConnection, sender_id: i64, recipients: &[i64], body: &str) -> Result<u64, sqlx::Error> {
    let sent = sqlx::query!(
        "insert into message (sender_id, recipient_id, body) select $1, r, $3 from unnest($2::bigint[]) as r",
        sender_id,
        recipients,
        body
    )
    .execute(&mut *tx)
    .await?;
    Ok(sent.rows_affected())
}

/// The active learners of one of the trainer's cohorts, or only those listed at risk there.
pub async fn group(pool: &PgPool, trainer_id: i64, cohort_id: i64, at_risk_only: bool) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar!(
        "select cm.learner_id from cohort_member cm join cohort c using (cohort_id) join app_user u on u.user_id = cm.learner_id
          left join learner_risk r on r.learner_id = cm.learner_id
          where c.cohort_id = $2 and c.trainer_id = $1 and u.status = 'active' and (not $3 or coalesce(r.at_risk, false))
          order by cm.learner_id",
        trainer_id,
        cohort_id,
        at_risk_only
    )
    .fetch_all(pool)
    .await
}

pub struct MessageRow {
    pub message_id: i64,
    pub sender_name: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

/// The learner's latest messages, newest first.
pub async fn inbox(pool: &PgPool, recipient_id: i64, limit: i64) -> Result<Vec<MessageRow>, sqlx::Error> {
    sqlx::query_as!(
        MessageRow,
        r#"select m.message_id, coalesce(p.display_name, '') as "sender_name!", m.body,
                  m.created_at as "created_at: DateTime<Utc>", m.read_at as "read_at: DateTime<Utc>"
             from message m left join profile p on p.user_id = m.sender_id
            where m.recipient_id = $1 order by m.created_at desc, m.message_id desc limit $2"#,
        recipient_id,
        limit
    )
    .fetch_all(pool)
    .await
}

/// Messages one trainer sent one learner, newest first.
pub async fn sent_to(pool: &PgPool, sender_id: i64, recipient_id: i64, limit: i64) -> Result<Vec<MessageRow>, sqlx::Error> {
    sqlx::query_as!(
        MessageRow,
        r#"select m.message_id, coalesce(p.display_name, '') as "sender_name!", m.body,
                  m.created_at as "created_at: DateTime<Utc>", m.read_at as "read_at: DateTime<Utc>"
             from message m left join profile p on p.user_id = m.sender_id
            where m.recipient_id = $2 and m.sender_id = $1 order by m.created_at desc, m.message_id desc limit $3"#,
        sender_id,
        recipient_id,
        limit
    )
    .fetch_all(pool)
    .await
}

pub async fn unread_count(pool: &PgPool, recipient_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(r#"select count(*) as "n!" from message where recipient_id = $1 and read_at is null"#, recipient_id)
        .fetch_one(pool)
        .await
}

/// Marks every unread message read; how many were.
pub async fn mark_read(tx: &mut PgConnection, recipient_id: i64) -> Result<u64, sqlx::Error> {
    let done = sqlx::query!("update message set read_at = now() where recipient_id = $1 and read_at is null", recipient_id)
        .execute(&mut *tx)
        .await?;
    Ok(done.rows_affected())
}
