//! `/learn/progress`: minutes per day for the last eight weeks against the weekly goal, lessons
//! done per module, scores over time and mastery per skill, all the learner's own.

use crate::error::AppError;
use crate::model::learner::ProgressView;
use leptos::prelude::*;

/// Weeks of minutes the page shows.
pub const WEEKS: usize = 8;

#[server(endpoint = "learner/progress")]
pub async fn get_progress() -> Result<ProgressView, AppError> {
    use crate::auth::{Role, guard};
    use crate::domain::{bkt, calendar};
    use crate::model::learner::{ModuleDone, ScoreAt, SkillMastery, WeekMinutes};
    use crate::server::db::{activity, assessments, lessons, mastery, progress, users};
    use std::collections::BTreeMap;

    let me = guard::require_role(Role::Learner)?;
    let pool = guard::pool()?;
    let now = chrono::Utc::now();
    let profile = users::learner_profile(&pool, me.user_id).await?;
    let zone = if calendar::is_known_zone(&profile.time_zone) { profile.time_zone.clone() } else { "UTC".to_owned() };
    let tz = calendar::zone_or_utc(&zone);
    let this_monday = calendar::week_start(calendar::local_date(now, tz));
    let first_monday = this_monday - chrono::Days::new(7 * (WEEKS as u64 - 1));
    let since = calendar::start_of_local_day(first_monday, tz);
    let by_day: BTreeMap<chrono::NaiveDate, i64> = {
        let mut conn = pool.acquire().await?;
        activity::minutes_by_day(&mut conn, me.user_id, &zone, since).await?.into_iter().collect()
    };
    let weeks = (0..WEEKS)
        .map(|w| {
            let monday = first_monday + chrono::Days::new(7 * w as u64);
            let days: Vec<i64> = (0..7).map(|d| by_day.get(&(monday + chrono::Days::new(d))).copied().unwrap_or(0)).collect();
            WeekMinutes { monday, minutes: days.iter().sum(), days }
        })
        .collect();
    let (paths, scores, skills) = tokio::try_join!(
        progress::path_counts(&pool, me.user_id),
        assessments::scores_over_time(&pool, me.user_id),
        mastery::for_learner(&pool, me.user_id),
    )?;
    let mut modules = Vec::new();
    for p in &paths {
        let lessons = lessons::outline(&pool, me.user_id, p.learning_path_id).await?;
        let mut by_module: Vec<ModuleDone> = Vec::new();
        for l in lessons {
            let done = i64::from(l.done());
            match by_module.last_mut() {
                Some(m) if m.title == l.module_title => {
                    m.total += 1;
                    m.done += done;
                }
                _ => by_module.push(ModuleDone { title: l.module_title, path_title: p.title.clone(), done, total: 1 }),
            }
        }
        modules.extend(by_module);
    }
    Ok(ProgressView {
        display_name: profile.display_name,
        weekly_goal_minutes: profile.weekly_goal_minutes,
        weeks,
        modules,
        scores: scores
            .into_iter()
            .map(|s| ScoreAt { title: s.title, score: s.score, pass_score: s.pass_score, on: calendar::local_date(s.submitted_at, tz) })
            .collect(),
        skills: skills
            .into_iter()
            .map(|m| SkillMastery {
                band: bkt::band(m.p_known),
                skill: m.skill,
                p_known: m.p_known,
                correct: m.correct,
                answers: m.answers,
            })
            .collect(),
    })
}
