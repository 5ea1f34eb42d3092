//! The trainer console: the trainer's cohorts and the grading queue, oldest first, of every
//! cohort or of one.

use crate::error::AppError;
use crate::model::trainer::TrainerConsole;
use leptos::prelude::*;

/// How many of the oldest pending submissions the console lists.
pub const QUEUE_PAGE: i64 = 20;

#[server(endpoint = "trainer/console")]
pub async fn get_trainer_console(cohort: Option<i64>) -> Result<TrainerConsole, AppError> {
    use crate::auth::{Role, guard};
    use crate::domain::progress;
    use crate::model::trainer::{CohortSummary, PendingSubmission, QueueFilter};
    use crate::server::db::{cohorts, risk, submissions};

    let me = guard::require_role(Role::Trainer)?;
    let filter = match cohort {
        Some(cohort_id) => Some(QueueFilter { cohort_id, cohort_name: guard::require_own_cohort(&me, cohort_id).await? }),
        None => None,
    };
    let pool = guard::pool()?;
    let now = chrono::Utc::now();

    let (rows, members, per_cohort, oldest, at_risk) = tokio::try_join!(
        cohorts::for_trainer(&pool, me.user_id),
        cohorts::member_progress(&pool, me.user_id),
        submissions::pending_per_cohort(&pool, me.user_id),
        submissions::oldest_pending(&pool, me.user_id, cohort, QUEUE_PAGE),
        risk::counts_for_trainer(&pool, me.user_id),
    )?;
    let pending_of = |cohort_id: i64| per_cohort.iter().find(|p| p.cohort_id == cohort_id).map_or(0, |p| p.pending);
    let cohorts = rows
        .into_iter()
        .map(|c| {
            let percents: Vec<u8> =
                members.iter().filter(|m| m.cohort_id == c.cohort_id).map(|m| progress::percent(m.completed, m.total)).collect();
            CohortSummary {
                cohort_id: c.cohort_id,
                pending: pending_of(c.cohort_id),
                at_risk: at_risk.iter().find(|(id, _)| *id == c.cohort_id).map_or(0, |(_, n)| *n),
                name: c.name,
                client_name: c.client_name,
                path_title: c.path_title,
                status: c.status,
                starts_on: c.starts_on,
                ends_on: c.ends_on,
                learner_count: percents.len() as i64,
                average_percent: progress::mean_percent(&percents),
            }
        })
        .collect();
    let pending_count = match &filter {
        Some(f) => pending_of(f.cohort_id),
        None => per_cohort.iter().map(|p| p.pending).sum(),
    };
    let pending = oldest
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
    Ok(TrainerConsole { display_name: me.display_name, cohorts, filter, pending_count, pending })
}
