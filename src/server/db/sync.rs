//! Offline sync's records: the receipt of each action a phone sent (claimed before the action is
//! applied, in its transaction), and when a learner first saved a lesson to their phone.

use crate::model::sync::{SyncClock, SyncKind, SyncOutcome};
use chrono::{DateTime, Utc};
use sqlx::PgConnection;

pub struct NewReceipt {
    pub action_id: uuid::Uuid,
    pub learner_id: i64,
    pub kind: SyncKind,
    pub device_at: DateTime<Utc>,
    pub counted_at: DateTime<Utc>,
    pub clock: SyncClock,
    pub received_at: DateTime<Utc>,
    pub outcome: SyncOutcome,
    pub result: serde_json::Value,
}

pub struct StoredReceipt {
    pub learner_id: i64,
    pub kind: SyncKind,
    pub counted_at: DateTime<Utc>,
    pub clock: SyncClock,
    pub outcome: SyncOutcome,
    pub result: serde_json::Value,
}

/// Claims the action's id: true when this transaction holds it now. A second claim of the same id
/// waits for the first transaction to end, then finds it taken (or takes it, if the first rolled
/// back), so concurrent copies of one action apply once.
pub async fn claim(conn: &mut PgConnection, r: &NewReceipt) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query_scalar!(
        r#"insert into sync_receipt (action_id, learner_id, kind, device_at, counted_at, clock, received_at, outcome, result)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
           on conflict (action_id) do nothing returning true as "claimed!""#,
        r.action_id,
        r.learner_id,
        r.kind as SyncKind,
        r.device_at as DateTime<Utc>,
        r.counted_at as DateTime<Utc>,
        r.clock as SyncClock,
        r.received_at as DateTime<Utc>,
        r.outcome as SyncOutcome,
        r.result
    )
    .fetch_optional(conn)
    .await?
    .is_some())
}

/// Writes what the claimed action did, before its transaction commits.
pub async fn settle(conn: &mut PgConnection, action_id: uuid::Uuid, result: &serde_json::Value) -> Result<(), sqlx::Error> {
    sqlx::query!("update sync_receipt set result = $2 where action_id = $1", action_id, result).execute(conn).await?;
    Ok(())
}

pub async fn stored(conn: &mut PgConnection, action_id: uuid::Uuid) -> Result<Option<StoredReceipt>, sqlx::Error> {
    sqlx::query_as!(
        StoredReceipt,
        r#"select learner_id, kind as "kind: SyncKind", counted_at as "counted_at: DateTime<Utc>", clock as "clock: SyncClock",
                  outcome as "outcome: SyncOutcome", result
             from sync_receipt where action_id = $1"#,
        action_id
    )
    .fetch_optional(conn)
    .await
}

/// The earliest an action on this lesson can have happened: when the learner saved it to their
/// phone, or else when they joined its path.
pub async fn lesson_floor(conn: &mut PgConnection, learner_id: i64, lesson_id: i64) -> Result<Option<DateTime<Utc>>, sqlx::Error> {
    sqlx::query_scalar!(
        r#"select coalesce(
                  (select saved_at from offline_copy where learner_id = $1 and lesson_id = $2),
                  (select e.enrolled_at from lesson l join module m using (module_id)
                     join enrolment e on e.learning_path_id = m.learning_path_id and e.learner_id = $1
                    where l.lesson_id = $2)) as "floor: DateTime<Utc>""#,
        learner_id,
        lesson_id
    )
    .fetch_one(conn)
    .await
}

/// The same for an assessment: its quiz lesson's copy, or else joining its path.
pub async fn assessment_floor(conn: &mut PgConnection, learner_id: i64, assessment_id: i64) -> Result<Option<DateTime<Utc>>, sqlx::Error> {
    sqlx::query_scalar!(
        r#"select coalesce(
                  (select min(c.saved_at) from offline_copy c join lesson l using (lesson_id)
                    where c.learner_id = $1 and l.kind = 'quiz' and l.content ->> 'assessment_id' = $2::bigint::text),
                  (select e.enrolled_at from assessment a join module m using (module_id)
                     join enrolment e on e.learning_path_id = m.learning_path_id and e.learner_id = $1
                    where a.assessment_id = $2)) as "floor: DateTime<Utc>""#,
        learner_id,
        assessment_id
    )
    .fetch_one(conn)
    .await
}

/// Notes that the learner saved the lesson to their phone (the first time counts).
pub async fn note_copy(conn: &mut PgConnection, learner_id: i64, lesson_id: i64, saved_at: DateTime<Utc>) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "insert into offline_copy (learner_id, lesson_id, saved_at) values ($1, $2, $3)
         on conflict (learner_id, lesson_id) do update set saved_at = least(offline_copy.saved_at, excluded.saved_at)",
        learner_id,
        lesson_id,
        saved_at as DateTime<Utc>
    )
    .execute(conn)
    .await?;
    Ok(())
}
