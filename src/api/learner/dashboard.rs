//! The learner dashboard: where the learner is, what is next, and how the week is going.

use crate::error::AppError;
use crate::model::learner::LearnerDashboard;
use leptos::prelude::*;

/// How many of the latest achievements the dashboard shows.
pub const RECENT_ACHIEVEMENTS: i64 = 3;

#[server(endpoint = "learner/dashboard")]
pub async fn get_learner_dashboard() -> Result<LearnerDashboard, AppError> {
    use crate::auth::{Role, guard};
    use crate::domain::{calendar, progress};
    use crate::model::learner::{EarnedAchievement, PathProgress};
    use crate::server::db::{achievements, activity, lessons, users};
    use chrono::Datelike;

    let me = guard::require_role(Role::Learner)?;
    let pool = guard::pool()?;
    let now = chrono::Utc::now();

    // The profile (for the time zone) and the paths come first; everything after depends on one
    // of them but not on each other, so it runs at once.
    let (profile, paths) =
        tokio::try_join!(users::learner_profile(&pool, me.user_id), crate::server::db::progress::path_counts(&pool, me.user_id))?;
    let tz_name = if calendar::is_known_zone(&profile.time_zone) { profile.time_zone.clone() } else { "UTC".to_owned() };
    let tz = calendar::zone_or_utc(&tz_name);
    let (week_start, week_end) = calendar::current_week(now, tz);
    let current = paths.first();
    let next_lesson = async {
        match current {
            Some(p) => lessons::next_for_learner(&pool, me.user_id, p.learning_path_id).await,
            None => Ok(None),
        }
    };
    let (next, minutes, days, points, recent) = tokio::try_join!(
        next_lesson,
        activity::minutes_between(&pool, me.user_id, week_start, week_end),
        activity::active_days(&pool, me.user_id, &tz_name, now - chrono::Duration::days(400)),
        crate::server::db::progress::points(&pool, me.user_id),
        achievements::recent(&pool, me.user_id, RECENT_ACHIEVEMENTS),
    )?;

    let path = current.map(|p| PathProgress {
        learning_path_id: p.learning_path_id,
        title: p.title.clone(),
        completed_lessons: p.completed,
        total_lessons: p.total,
        percent: progress::percent(p.completed, p.total),
        next_lesson: next,
    });
    let minutes_this_week = minutes.min(i32::MAX as i64) as i32;
    // The next step and insights, from the learner's own answers; the days left count today.
    let goal_left = (profile.weekly_goal_minutes - minutes_this_week).max(0);
    let days_left = 7 - i32::try_from(calendar::local_date(now, tz).weekday().num_days_from_monday()).unwrap_or(0);
    let (next_step, insights) = match current {
        Some(p) => crate::server::recommendations::for_learner(&pool, me.user_id, p.learning_path_id, goal_left, days_left).await?,
        None => (None, Vec::new()),
    };
    Ok(LearnerDashboard {
        display_name: profile.display_name,
        path,
        overall_percent: progress::percent(paths.iter().map(|p| p.completed).sum(), paths.iter().map(|p| p.total).sum()),
        weekly_goal_minutes: profile.weekly_goal_minutes,
        minutes_this_week,
        weekly_goal_percent: progress::goal_percent(minutes_this_week, profile.weekly_goal_minutes),
        streak_days: calendar::streak(days, calendar::local_date(now, tz)),
        points,
        recent_achievements: recent
            .into_iter()
            .map(|a| EarnedAchievement { code: a.code, points: a.points, earned_on: calendar::local_date(a.earned_at, tz) })
            .collect(),
        next_step,
        insights,
    })
}

/// "Not useful" on one insight: recorded (once) so it stays away, and so the insight rules can
/// be judged by how often each kind is dismissed. Back to the dashboard.
#[server(endpoint = "learner/dismiss_insight")]
pub async fn dismiss_insight(key: String) -> Result<(), AppError> {
    use crate::auth::{Role, guard};
    use crate::domain::recommend;
    use crate::model::forms::{Field, Problem};
    use crate::server::db::insights;

    let me = guard::require_role(Role::Learner)?;
    if !recommend::is_insight_key(&key) {
        return Err(AppError::invalid(Field::Whole, Problem::FormKeyInvalid));
    }
    let pool = guard::pool()?;
    insights::dismiss(&pool, me.user_id, &key).await?;
    leptos_axum::redirect("/learn#insights");
    Ok(())
}
