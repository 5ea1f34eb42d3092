//! `/learn/profile`: the learner's own name, weekly goal, time zone and language.

use crate::error::AppError;
use crate::model::learner::LearnerSettings;
use leptos::prelude::*;

#[server(endpoint = "learner/profile")]
pub async fn get_settings() -> Result<LearnerSettings, AppError> {
    use crate::auth::{Role, guard};
    let me = guard::require_role(Role::Learner)?;
    let pool = guard::pool()?;
    Ok(crate::server::db::users::learner_settings(&pool, me.user_id).await?)
}

/// Saves the settings form. Every field is checked first and all problems come back together
/// with what was typed; nothing is saved unless all of it is right.
#[server(endpoint = "learner/save_profile")]
pub async fn save_settings(name: String, weekly_goal: String, time_zone: String, language: String) -> Result<(), AppError> {
    use crate::auth::{Role, guard, session};
    use crate::domain::account::DisplayName;
    use crate::domain::language::Language;
    use crate::domain::profile::{self, GOAL_MAX_MINUTES, GoalError};
    use crate::model::forms::{Field, Form, FormFlash, Notice, Problem};
    use crate::model::ops::AuditAction;
    use crate::server::db;

    let me = guard::require_role(Role::Learner)?;
    let sess = session::session().await?;
    let mut flash = FormFlash::new(Form::Profile)
        .with_value(Field::Name, &name)
        .with_value(Field::WeeklyGoal, &weekly_goal)
        .with_value(Field::TimeZone, &time_zone)
        .with_value(Field::Language, &language);
    let name = DisplayName::parse(&name).map_err(Problem::from);
    let goal = profile::weekly_goal(&weekly_goal).map_err(|e| match e {
        GoalError::NotANumber => Problem::GoalNotANumber,
        GoalError::OutOfRange => Problem::GoalOutOfRange { max: GOAL_MAX_MINUTES },
    });
    let zone = profile::time_zone(&time_zone).ok_or(Problem::ZoneUnknown);
    // "" leaves the choice to the browser; anything but our own codes is a tampered form.
    let chosen = match language.as_str() {
        "" => Ok(None),
        code => Language::all().find(|l| l.code() == code).map(Some).ok_or(Problem::UnknownLanguage),
    };
    for (field, problem) in [
        (Field::Name, name.as_ref().err().copied()),
        (Field::WeeklyGoal, goal.err()),
        (Field::TimeZone, zone.as_ref().err().copied()),
        (Field::Language, chosen.err()),
    ] {
        if let Some(p) = problem {
            flash = flash.with_error(field, p);
        }
    }
    let (Ok(name), Ok(goal), Ok(zone), Ok(chosen)) = (name, goal, zone, chosen) else {
        return session::back_to(&sess, "/learn/profile", flash).await;
    };
    let pool = guard::pool()?;
    let mut tx = pool.begin().await?;
    db::users::save_settings(&mut tx, me.user_id, name.as_str(), goal, &zone, chosen).await?;
    let detail = serde_json::json!({ "weekly_goal_minutes": goal, "time_zone": zone, "language": chosen.map(|l| l.code()) });
    db::audit::record(&mut tx, Some(me.user_id), AuditAction::ProfileUpdated, "app_user", Some(me.user_id), detail).await?;
    tx.commit().await?;
    session::back_to(&sess, "/learn/profile", FormFlash::new(Form::Profile).with_notice(Notice::ProfileSaved)).await
}
