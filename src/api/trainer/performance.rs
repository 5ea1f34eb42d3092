//! `/train/performance`: the trainer's own figures — grading turnaround (median and 90th
//! percentile), the queue's age, progress and completion in their cohorts, how the AI pre-scores
//! agreed with their grades (per open item and overall), and their interventions with how many
//! learners learned again within 14 days. Operations sees the same figures on the trainer's page.

use crate::error::AppError;
use crate::model::trainer::TrainerPerformance;
use leptos::prelude::*;

#[server(endpoint = "trainer/performance")]
pub async fn get_performance() -> Result<TrainerPerformance, AppError> {
    use crate::auth::{Role, guard};
    let me = guard::require_role(Role::Trainer)?;
    let p = crate::server::performance::of(&guard::pool()?, me.user_id, chrono::Utc::now()).await?;
    Ok(TrainerPerformance { viewer_name: me.display_name, ..p })
}
