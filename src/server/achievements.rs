//! The achievements engine: after an event that can earn one, it reads the learner's facts,
//! applies each unearned achievement's stored criterion (`domain/achievements.rs`) and awards
//! those met, inside the event's own transaction: each is awarded exactly once, and never for an
//! event that was rolled back.

use crate::domain::achievements::{Criterion, Facts, goal_weeks_running};
use crate::domain::calendar;
use crate::model::learner::{AchievementCode, ActivityKind};
use crate::server::db::{achievements, activity};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgConnection;
use std::collections::BTreeMap;

/// How far back learning days are read: enough for the longest streak and goal run any
/// criterion asks about (weeks, not months).
const LOOK_BACK_DAYS: i64 = 70;

/// The learner's clock and goal, which streaks and weekly goals are counted against.
pub struct Clock<'a> {
    pub learner_id: i64,
    pub time_zone: &'a str,
    pub weekly_goal_minutes: i32,
}

/// Awards every achievement the learner now meets and has not earned; returns those awarded.
pub async fn evaluate(conn: &mut PgConnection, clock: &Clock<'_>, now: DateTime<Utc>) -> Result<Vec<AchievementCode>, sqlx::Error> {
    let candidates = achievements::unearned(conn, clock.learner_id).await?;
    if candidates.is_empty() {
        return Ok(Vec::new());
    }
    let facts = facts(conn, clock, now).await?;
    let mut earned = Vec::new();
    for candidate in candidates {
        let criterion: Criterion = match serde_json::from_value(candidate.criteria) {
            Ok(c) => c,
            Err(err) => {
                // A criterion this build cannot read is skipped, not guessed at.
                tracing::error!(achievement = candidate.achievement_id, error = %err, "unreadable achievement criterion");
                continue;
            }
        };
        if criterion.toward(&facts).met() && achievements::award(conn, clock.learner_id, candidate.achievement_id).await? {
            activity::record(conn, clock.learner_id, ActivityKind::AchievementEarned, now).await?;
            earned.push(candidate.code);
        }
    }
    Ok(earned)
}

/// What the criteria are evaluated against.
pub async fn facts(conn: &mut PgConnection, clock: &Clock<'_>, now: DateTime<Utc>) -> Result<Facts, sqlx::Error> {
    let zone_name = if calendar::is_known_zone(clock.time_zone) { clock.time_zone } else { "UTC" };
    let tz = calendar::zone_or_utc(zone_name);
    let today = calendar::local_date(now, tz);
    let counts = achievements::fact_counts(conn, clock.learner_id).await?;
    let since = now - chrono::Duration::days(LOOK_BACK_DAYS);
    let by_day: BTreeMap<NaiveDate, i64> = activity::minutes_by_day(conn, clock.learner_id, zone_name, since).await?.into_iter().collect();
    let count = |n: i64| u32::try_from(n.max(0)).unwrap_or(u32::MAX);
    Ok(Facts {
        lessons_completed: count(counts.lessons_completed),
        modules_completed: count(counts.modules_completed),
        streak_days: calendar::streak(by_day.keys().copied(), today),
        offline_lessons: count(counts.offline_lessons),
        best_score: counts.best_score.map(|s| count(s.into())),
        goal_weeks_running: goal_weeks_running(&by_day, clock.weekly_goal_minutes, today),
    })
}
