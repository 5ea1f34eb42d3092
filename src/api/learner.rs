//! Learner server functions: the dashboard.

use crate::error::AppError;
use crate::model::LearnerDashboard;
use leptos::prelude::*;

#[server(endpoint = "learner/dashboard")]
pub async fn get_learner_dashboard() -> Result<LearnerDashboard, AppError> {
    use crate::auth::{Role, guard};
    use crate::domain::{calendar, progress};
    use crate::model::{EarnedAchievement, PathProgress};
    use crate::server::db::learners;

    let me = guard::require_role(Role::Learner).await?;
    let pool = guard::pool()?;
    let now = chrono::Utc::now();

    let profile = learners::profile(&pool, me.user_id).await?;
    let tz_name = if calendar::is_known_zone(&profile.time_zone) { profile.time_zone.clone() } else { "UTC".to_owned() };
    let tz = calendar::zone_or_utc(&tz_name);

    let paths = learners::path_counts(&pool, me.user_id).await?;
    let path = match paths.first() {
        Some(p) => {
            let next = learners::next_lesson(&pool, me.user_id, p.learning_path_id).await?;
            Some(PathProgress {
                learning_path_id: p.learning_path_id,
                title: p.title.clone(),
                completed_lessons: p.completed,
                total_lessons: p.total,
                percent: progress::percent(p.completed, p.total),
                next_lesson: next,
            })
        }
        None => None,
    };
    let overall_percent = progress::percent(paths.iter().map(|p| p.completed).sum(), paths.iter().map(|p| p.total).sum());

    let (week_start, week_end) = calendar::current_week(now, tz);
    let minutes_this_week = learners::minutes_between(&pool, me.user_id, week_start, week_end).await?.min(i32::MAX as i64) as i32;

    let since = now - chrono::Duration::days(400);
    let days = learners::active_days(&pool, me.user_id, &tz_name, since).await?;
    let streak_days = calendar::streak(days, calendar::local_date(now, tz));

    let points = learners::points(&pool, me.user_id).await?;
    let recent_achievements = learners::recent_achievements(&pool, me.user_id, 3)
        .await?
        .into_iter()
        .map(|a| EarnedAchievement {
            title: a.title,
            description: a.description,
            points: a.points,
            earned_on: calendar::local_date(a.earned_at, tz).to_string(),
        })
        .collect();

    Ok(LearnerDashboard {
        display_name: profile.display_name,
        path,
        overall_percent,
        weekly_goal_minutes: profile.weekly_goal_minutes,
        minutes_this_week,
        weekly_goal_percent: progress::goal_percent(minutes_this_week, profile.weekly_goal_minutes),
        streak_days,
        points,
        recent_achievements,
    })
}
