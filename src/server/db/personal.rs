//! One person's data: everything held about an account, read for an export, and the
//! anonymisation that erases it while learning records stay as anonymous counts.

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::{PgConnection, PgPool};

#[derive(Debug, Serialize)]
pub struct ProfileRow {
    pub user_id: i64,
    pub email: String,
    pub display_name: String,
    pub role: String,
    pub status: String,
    pub level: String,
    pub weekly_goal_minutes: i32,
    pub time_zone: String,
    pub language: Option<String>,
    pub created_at: DateTime<Utc>,
    pub email_verified_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize)]
pub struct CohortRow {
    pub cohort: String,
    pub learning_path: String,
    pub trainer: Option<String>,
    pub joined_at: DateTime<Utc>,
}

#[derive(Debug, Serialize)]
pub struct EnrolmentRow {
    pub learning_path: String,
    pub enrolled_at: DateTime<Utc>,
    pub completed_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize)]
pub struct ProgressRow {
    pub lesson_id: i64,
    pub lesson: String,
    pub status: String,
    pub minutes_spent: i32,
    pub points_awarded: i32,
    pub started_at: DateTime<Utc>,
    pub completed_at: Option<DateTime<Utc>>,
    pub downloaded_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize)]
pub struct SubmissionRow {
    pub submission_id: i64,
    pub assessment: String,
    /// The answers as JSON text, exactly as stored.
    pub answers: String,
    pub status: String,
    pub ai_score: Option<i32>,
    pub ai_feedback: Option<String>,
    pub trainer_score: Option<i32>,
    /// The score that counts (scored at once, or graded).
    pub score: Option<i32>,
    pub feedback: Option<String>,
    pub submitted_at: DateTime<Utc>,
    pub graded_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize)]
pub struct MessageRow {
    pub message_id: i64,
    /// "sent" or "received".
    pub direction: String,
    /// The other person's display name.
    pub with: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize)]
pub struct AchievementRow {
    pub code: String,
    pub title: String,
    pub points: i32,
    pub earned_at: DateTime<Utc>,
}

#[derive(Debug, Serialize)]
pub struct ActivityRow {
    pub kind: String,
    pub lesson_id: Option<i64>,
    pub minutes: i32,
    pub occurred_at: DateTime<Utc>,
}

#[derive(Debug, Serialize)]
pub struct DeviceRow {
    pub device: String,
    pub signed_in_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
}

/// A lesson saved on one of the person's phones (the earliest time its offline study can count).
#[derive(Debug, Serialize)]
pub struct SavedOfflineRow {
    pub lesson_id: i64,
    pub lesson: String,
    pub saved_at: DateTime<Utc>,
}

/// An action a phone queued offline and the server's receipt for it.
#[derive(Debug, Serialize)]
pub struct SyncedRow {
    pub action_id: String,
    pub kind: String,
    /// The phone's clock, and the time the action counts at (see `clock`).
    pub device_at: DateTime<Utc>,
    pub counted_at: DateTime<Utc>,
    pub clock: String,
    pub received_at: DateTime<Utc>,
    pub outcome: String,
}

/// Everything held about one account, in the shape the export writes.
#[derive(Debug, Serialize)]
pub struct PersonalData {
    pub profile: ProfileRow,
    pub cohorts: Vec<CohortRow>,
    pub enrolments: Vec<EnrolmentRow>,
    pub progress: Vec<ProgressRow>,
    pub submissions: Vec<SubmissionRow>,
    pub messages: Vec<MessageRow>,
    pub achievements: Vec<AchievementRow>,
    pub activity: Vec<ActivityRow>,
    pub devices: Vec<DeviceRow>,
    pub mastery: Vec<MasteryRow>,
    pub saved_offline: Vec<SavedOfflineRow>,
    pub synced: Vec<SyncedRow>,
}

/// The system's estimate of each skill, from the learner's scored answers.
#[derive(Debug, Serialize)]
pub struct MasteryRow {
    pub skill: String,
    pub p_known: f64,
    pub answers: i32,
    pub correct: i32,
    pub updated_at: DateTime<Utc>,
}

/// The account's data, read in one repeatable-read transaction so the sections agree with each
/// other; None when there is no such account or it was anonymised (there is nothing left to give).
pub async fn collect(pool: &PgPool, user_id: i64) -> Result<Option<PersonalData>, sqlx::Error> {
    let mut tx = pool.begin().await?;
    sqlx::query!("set transaction isolation level repeatable read, read only").execute(&mut *tx).await?;
    let Some(profile) = sqlx::query_as!(
        ProfileRow,
        r#"select u.user_id, u.email, p.display_name, u.role::text as "role!", u.status::text as "status!",
                  p.level::text as "level!", p.weekly_goal_minutes, p.time_zone, p.language::text as "language?",
                  u.created_at as "created_at: DateTime<Utc>", u.email_verified_at as "email_verified_at: DateTime<Utc>"
             from app_user u join profile p using (user_id)
            where u.user_id = $1 and u.anonymised_at is null"#,
        user_id
    )
    .fetch_optional(&mut *tx)
    .await?
    else {
        return Ok(None);
    };
    let cohorts = sqlx::query_as!(
        CohortRow,
        r#"select c.name as cohort, lp.title as learning_path, tp.display_name as "trainer?",
                  m.joined_at as "joined_at: DateTime<Utc>"
             from cohort_member m join cohort c using (cohort_id)
             join learning_path lp using (learning_path_id)
             left join profile tp on tp.user_id = c.trainer_id
            where m.learner_id = $1 order by m.joined_at, c.cohort_id"#,
        user_id
    )
    .fetch_all(&mut *tx)
    .await?;
    let enrolments = sqlx::query_as!(
        EnrolmentRow,
        r#"select lp.title as learning_path, e.enrolled_at as "enrolled_at: DateTime<Utc>",
                  e.completed_at as "completed_at: DateTime<Utc>"
             from enrolment e join learning_path lp using (learning_path_id)
            where e.learner_id = $1 order by e.enrolled_at, e.enrolment_id"#,
        user_id
    )
    .fetch_all(&mut *tx)
    .await?;
    let progress = sqlx::query_as!(
        ProgressRow,
        r#"select p.lesson_id, l.title as lesson, p.status::text as "status!", p.minutes_spent, p.points_awarded,
                  p.started_at as "started_at: DateTime<Utc>", p.completed_at as "completed_at: DateTime<Utc>",
                  p.downloaded_at as "downloaded_at: DateTime<Utc>"
             from lesson_progress p join lesson l using (lesson_id)
            where p.learner_id = $1 order by p.started_at, p.lesson_id"#,
        user_id
    )
    .fetch_all(&mut *tx)
    .await?;
    let submissions = sqlx::query_as!(
        SubmissionRow,
        r#"select s.submission_id, a.title as assessment, s.answers::text as "answers!", s.status::text as "status!",
                  s.ai_score, s.ai_feedback, s.trainer_score, s.score, s.feedback,
                  s.submitted_at as "submitted_at: DateTime<Utc>", s.graded_at as "graded_at: DateTime<Utc>"
             from submission s join assessment a using (assessment_id)
            where s.learner_id = $1 order by s.submitted_at, s.submission_id"#,
        user_id
    )
    .fetch_all(&mut *tx)
    .await?;
    let messages = sqlx::query_as!(
        MessageRow,
        r#"select m.message_id, case when m.sender_id = $1 then 'sent' else 'received' end as "direction!",
                  coalesce(other.display_name, '') as "with!", m.body,
                  m.created_at as "created_at: DateTime<Utc>", m.read_at as "read_at: DateTime<Utc>"
             from message m
             left join profile other
               on other.user_id = case when m.sender_id = $1 then m.recipient_id else m.sender_id end
            where m.sender_id = $1 or m.recipient_id = $1 order by m.created_at, m.message_id"#,
        user_id
    )
    .fetch_all(&mut *tx)
    .await?;
    let achievements = sqlx::query_as!(
        AchievementRow,
        r#"select a.code::text as "code!", a.title, a.points, e.earned_at as "earned_at: DateTime<Utc>"
             from earned_achievement e join achievement a using (achievement_id)
            where e.learner_id = $1 order by e.earned_at, a.achievement_id"#,
        user_id
    )
    .fetch_all(&mut *tx)
    .await?;
    let activity = sqlx::query_as!(
        ActivityRow,
        r#"select kind::text as "kind!", lesson_id, minutes, occurred_at as "occurred_at: DateTime<Utc>"
             from activity_event where user_id = $1 order by occurred_at, activity_event_id"#,
        user_id
    )
    .fetch_all(&mut *tx)
    .await?;
    let devices = sqlx::query_as!(
        DeviceRow,
        r#"select user_agent as device, created_at as "signed_in_at: DateTime<Utc>",
                  last_seen_at as "last_seen_at: DateTime<Utc>"
             from user_session where user_id = $1 order by created_at"#,
        user_id
    )
    .fetch_all(&mut *tx)
    .await?;
    let mastery = sqlx::query_as!(
        MasteryRow,
        r#"select skill, p_known, answers, correct, updated_at as "updated_at: DateTime<Utc>"
             from skill_mastery where learner_id = $1 order by skill"#,
        user_id
    )
    .fetch_all(&mut *tx)
    .await?;
    let saved_offline = sqlx::query_as!(
        SavedOfflineRow,
        r#"select o.lesson_id, l.title as lesson, o.saved_at as "saved_at: DateTime<Utc>"
             from offline_copy o join lesson l using (lesson_id)
            where o.learner_id = $1 order by o.saved_at, o.lesson_id"#,
        user_id
    )
    .fetch_all(&mut *tx)
    .await?;
    let synced = sqlx::query_as!(
        SyncedRow,
        r#"select action_id::text as "action_id!", kind::text as "kind!", device_at as "device_at: DateTime<Utc>",
                  counted_at as "counted_at: DateTime<Utc>", clock::text as "clock!",
                  received_at as "received_at: DateTime<Utc>", outcome::text as "outcome!"
             from sync_receipt where learner_id = $1 order by received_at, action_id"#,
        user_id
    )
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Some(PersonalData {
        profile,
        cohorts,
        enrolments,
        progress,
        submissions,
        messages,
        achievements,
        activity,
        devices,
        mastery,
        saved_offline,
        synced,
    }))
}

/// Who an account is, for deciding whether it may be anonymised.
pub struct Subject {
    pub role: crate::auth::Role,
    pub anonymised: bool,
}

pub async fn subject(conn: &mut PgConnection, user_id: i64) -> Result<Option<Subject>, sqlx::Error> {
    sqlx::query_as!(
        Subject,
        r#"select role as "role: crate::auth::Role", anonymised_at is not null as "anonymised!"
             from app_user where user_id = $1 for update"#,
        user_id
    )
    .fetch_optional(conn)
    .await
}

/// What anonymisation removed or erased, for the audit record (counts only: no personal value).
#[derive(Debug, Default, Serialize)]
pub struct Erased {
    pub sessions: u64,
    pub messages: u64,
    pub pending_submissions: u64,
    pub answers_erased: u64,
    pub audit_rows_redacted: u64,
}

/// Erases the person from a learner account, inside the caller's transaction (which has locked the
/// row with [`subject`]). The account row and its learning records stay under a name that says
/// nothing, so cohort and path figures keep counting; what the person wrote or was told, how to
/// reach them and where they signed in from goes. `unusable_hash` replaces the password so no
/// credential opens the account again.
pub async fn anonymise(conn: &mut PgConnection, user_id: i64, unusable_hash: &str) -> Result<Erased, sqlx::Error> {
    let mut erased = Erased::default();
    let email: String = sqlx::query_scalar!("select email from app_user where user_id = $1", user_id).fetch_one(&mut *conn).await?;
    sqlx::query!(
        "update app_user
            set email = 'deleted-' || user_id || '@deleted.invalid', password_hash = $2, status = 'disabled',
                email_verified_at = null, anonymised_at = now(), updated_at = now()
          where user_id = $1",
        user_id,
        unusable_hash
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        "update profile set display_name = 'Deleted learner', time_zone = 'UTC', language = null, updated_at = now()
          where user_id = $1",
        user_id
    )
    .execute(&mut *conn)
    .await?;
    erased.sessions = sqlx::query!("delete from user_session where user_id = $1", user_id).execute(&mut *conn).await?.rows_affected();
    sqlx::query!("delete from account_token where user_id = $1", user_id).execute(&mut *conn).await?;
    sqlx::query!("delete from learner_pin where learner_id = $1", user_id).execute(&mut *conn).await?;
    sqlx::query!("delete from throttle_counter where subject = $1 or subject = $2", email, user_id.to_string()).execute(&mut *conn).await?;
    erased.messages =
        sqlx::query!("delete from message where sender_id = $1 or recipient_id = $1", user_id).execute(&mut *conn).await?.rows_affected();
    // Work still waiting for a grade would only sit in a trainer's queue with nothing to read.
    erased.pending_submissions = sqlx::query!("delete from submission where learner_id = $1 and status = 'pending'", user_id)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    erased.answers_erased = sqlx::query!(
        "update submission set answers = '[]'::jsonb, ai_feedback = null, feedback = null, flag_reason = null,
                updated_at = now()
          where learner_id = $1",
        user_id
    )
    .execute(&mut *conn)
    .await?
    .rows_affected();
    sqlx::query!("update intervention set note = '', updated_at = now() where learner_id = $1", user_id).execute(&mut *conn).await?;
    sqlx::query!("delete from ai_insight where subject_kind = 'learner' and subject_id = $1", user_id).execute(&mut *conn).await?;
    // The log keeps that things happened; the e-mail typed and the address they came from go.
    erased.audit_rows_redacted = sqlx::query!(
        r#"update audit_log set detail = (detail - array['email', 'address']) || '{"redacted": true}'::jsonb
            where detail ?| array['email', 'address']
              and ((target_kind = 'app_user' and target_id = $1) or lower(detail ->> 'email') = lower($2))"#,
        user_id,
        email
    )
    .execute(&mut *conn)
    .await?
    .rows_affected();
    Ok(erased)
}
