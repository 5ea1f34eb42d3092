//! Trainer server functions: the console (cohorts and the grading queue).

use crate::error::AppError;
use crate::model::TrainerConsole;
use leptos::prelude::*;

/// How many of the oldest pending submissions the console lists.
pub const QUEUE_PAGE: i64 = 20;

#[server(endpoint = "trainer/console")]
pub async fn get_trainer_console() -> Result<TrainerConsole, AppError> {
    use crate::auth::{Role, guard};
    use crate::domain::progress;
    use crate::model::{CohortSummary, PendingSubmission};
    use crate::server::db::trainers;

    let me = guard::require_role(Role::Trainer).await?;
    let pool = guard::pool()?;
    let now = chrono::Utc::now();

    let members = trainers::member_progress(&pool, me.user_id).await?;
    let cohorts = trainers::cohorts(&pool, me.user_id)
        .await?
        .into_iter()
        .map(|c| {
            let percents: Vec<u8> =
                members.iter().filter(|m| m.cohort_id == c.cohort_id).map(|m| progress::percent(m.completed, m.total)).collect();
            CohortSummary {
                cohort_id: c.cohort_id,
                name: c.name,
                client_name: c.client_name,
                path_title: c.path_title,
                status: c.status,
                learner_count: percents.len() as i64,
                average_percent: progress::mean_percent(&percents),
            }
        })
        .collect();
    let pending_count = trainers::pending_count(&pool, me.user_id).await?;
    let pending = trainers::pending_oldest(&pool, me.user_id, QUEUE_PAGE)
        .await?
        .into_iter()
        .map(|p| PendingSubmission {
            submission_id: p.submission_id,
            learner_name: p.learner_name,
            assessment_title: p.assessment_title,
            cohort_name: p.cohort_name,
            ai_score: p.ai_score,
            flagged: p.flagged,
            waiting_days: (now - p.submitted_at).num_days().max(0),
        })
        .collect();
    Ok(TrainerConsole { display_name: me.display_name, cohorts, pending_count, pending })
}
