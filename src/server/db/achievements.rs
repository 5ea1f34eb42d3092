//! Achievements a learner has earned.

use crate::model::learner::AchievementCode;
use chrono::{DateTime, Utc};
use sqlx::PgPool;

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
