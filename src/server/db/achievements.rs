//! Achievements: those a learner has earned, the facts that earn them, and awarding each once.

use crate::model::learner::AchievementCode;
use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};

pub struct EarnedRow {
    pub code: AchievementCode,
    pub points: i32,
    pub earned_at: DateTime<Utc>,
}

/// The learner's latest achievements, newest first.
pub async fn recent(pool: &PgPool, learner_id: i64, limit: i64) -> Result<Vec<EarnedRow>, sqlx::Error> {
    sqlx::query_as!(
        EarnedRow,
        r#"select a.code as "code: AchievementCode", a.points, e.earned_at as "earned_at: DateTime<Utc>"
             from earned_achievement e join achievement a using (achievement_id)
            where e.learner_id = $1
            order by e.earned_at desc, a.achievement_id desc
            limit $2"#,
        learner_id,
        limit
    )
    .fetch_all(pool)
    .await
}

/// The counts the achievements engine reads, from the learner's own records.
pub struct FactCounts {
    pub lessons_completed: i64,
    pub offline_lessons: i64,
    pub modules_completed: i64,
    pub best_score: Option<i32>,
}

pub async fn fact_counts(conn: &mut PgConnection, learner_id: i64) -> Result<FactCounts, sqlx::Error> {
    sqlx::query_as!(
        FactCounts,
        r#"select (select count(*) from lesson_progress where learner_id = $1 and status = 'completed') as "lessons_completed!",
                  (select count(*) from lesson_progress where learner_id = $1 and status = 'completed' and downloaded_at is not null)
                    as "offline_lessons!",
                  (select count(*) from module m
                    where m.module_id in (select l.module_id from lesson_progress p join lesson l using (lesson_id)
                                           where p.learner_id = $1 and p.status = 'completed')
                      and not exists (select 1 from lesson l where l.module_id = m.module_id
                                        and not exists (select 1 from lesson_progress p where p.lesson_id = l.lesson_id
                                                          and p.learner_id = $1 and p.status = 'completed')))
                    as "modules_completed!",
                  (select max(score) from submission where learner_id = $1)
                    as best_score"#,
        learner_id
    )
    .fetch_one(conn)
    .await
}

pub struct Candidate {
    pub achievement_id: i64,
    pub code: AchievementCode,
    pub criteria: serde_json::Value,
}

/// Achievements the learner has not earned yet, with what earns each.
pub async fn unearned(conn: &mut PgConnection, learner_id: i64) -> Result<Vec<Candidate>, sqlx::Error> {
    sqlx::query_as!(
        Candidate,
        r#"select a.achievement_id, a.code as "code: AchievementCode", a.criteria from achievement a
            where not exists (select 1 from earned_achievement e where e.achievement_id = a.achievement_id and e.learner_id = $1)
            order by a.achievement_id"#,
        learner_id
    )
    .fetch_all(conn)
    .await
}

/// Awards an achievement; false when the learner already had it (so it is announced once).
pub async fn award(conn: &mut PgConnection, learner_id: i64, achievement_id: i64) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query_scalar!(
        r#"insert into earned_achievement (learner_id, achievement_id) values ($1, $2)
           on conflict (learner_id, achievement_id) do nothing returning true as "made!""#,
        learner_id,
        achievement_id
    )
    .fetch_optional(conn)
    .await?
    .is_some())
}

pub struct AchievementRow {
    pub code: AchievementCode,
    pub points: i32,
    pub criteria: serde_json::Value,
    pub earned_at: Option<DateTime<Utc>>,
}

/// Every achievement, with when the learner earned it (if they did).
pub async fn all_for(conn: &mut PgConnection, learner_id: i64) -> Result<Vec<AchievementRow>, sqlx::Error> {
    sqlx::query_as!(
        AchievementRow,
        r#"select a.code as "code: AchievementCode", a.points, a.criteria, e.earned_at as "earned_at?: DateTime<Utc>"
             from achievement a left join earned_achievement e on e.achievement_id = a.achievement_id and e.learner_id = $1
            order by e.earned_at desc nulls last, a.achievement_id"#,
        learner_id
    )
    .fetch_all(conn)
    .await
}
