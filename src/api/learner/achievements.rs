//! `/learn/achievements`: what the learner has earned, and how far they are toward the rest,
//! measured by the same criteria and facts the achievements engine awards them by.

use crate::error::AppError;
use crate::model::learner::LearnerAchievements;
use leptos::prelude::*;

#[server(endpoint = "learner/achievements")]
pub async fn get_achievements() -> Result<LearnerAchievements, AppError> {
    use crate::auth::{Role, guard};
    use crate::domain::achievements::Criterion;
    use crate::domain::calendar;
    use crate::model::learner::{EarnedAchievement, LockedAchievement};
    use crate::server::achievements::{Clock, facts};
    use crate::server::db::{achievements, users};

    let me = guard::require_role(Role::Learner)?;
    let pool = guard::pool()?;
    let profile = users::learner_profile(&pool, me.user_id).await?;
    let tz = calendar::zone_or_utc(&profile.time_zone);
    let now = chrono::Utc::now();
    let mut conn = pool.acquire().await?;
    let rows = achievements::all_for(&mut conn, me.user_id).await?;
    let clock = Clock { learner_id: me.user_id, time_zone: &profile.time_zone, weekly_goal_minutes: profile.weekly_goal_minutes };
    let known = facts(&mut conn, &clock, now).await?;
    let (mut earned, mut locked) = (Vec::new(), Vec::new());
    for row in rows {
        match row.earned_at {
            Some(at) => earned.push(EarnedAchievement { code: row.code, points: row.points, earned_on: calendar::local_date(at, tz) }),
            None => {
                // An achievement whose criterion this build cannot read is left out, not guessed at.
                let Ok(criterion) = serde_json::from_value::<Criterion>(row.criteria) else { continue };
                locked.push(LockedAchievement { code: row.code, points: row.points, toward: criterion.toward(&known), criterion });
            }
        }
    }
    // Closest to earning first: the share done, then the fewest steps left.
    locked.sort_by_key(|a| {
        let t = a.toward;
        (std::cmp::Reverse(u64::from(t.current) * 1000 / u64::from(t.target.max(1))), t.target.saturating_sub(t.current))
    });
    Ok(LearnerAchievements { display_name: profile.display_name, earned, locked })
}
