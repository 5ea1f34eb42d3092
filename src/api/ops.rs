//! Operations server functions: the KPI overview and trainer accounts.

use crate::error::AppError;
use crate::model::{OpsOverview, TrainerLoad};
use leptos::prelude::*;

/// Weeks of history the overview chart shows.
pub const CHART_WEEKS: i32 = 8;

#[server(endpoint = "ops/overview")]
pub async fn get_ops_overview() -> Result<OpsOverview, AppError> {
    use crate::auth::{Role, guard};
    use crate::domain::progress;
    use crate::model::OpsKpis;
    use crate::server::{charts, db::ops};

    let me = guard::require_role(Role::Operations).await?;
    let pool = guard::pool()?;
    let k = ops::kpis(&pool).await?;
    let kpis = OpsKpis {
        active_learners_7d: k.active_learners_7d,
        total_learners: k.total_learners,
        completion_rate_percent: progress::percent(k.lessons_completed, k.lessons_started),
        average_score: k.average_score.map(|s| s.round().clamp(0.0, 100.0) as u8),
        open_risk_alerts: k.open_risk_alerts,
    };
    let weekly = ops::weekly_activity(&pool, CHART_WEEKS).await?;
    let weekly_chart = charts::weekly_activity(&weekly);
    Ok(OpsOverview { viewer_name: me.display_name, kpis, weekly, weekly_chart })
}

#[server(endpoint = "ops/trainers")]
pub async fn list_trainers() -> Result<Vec<TrainerLoad>, AppError> {
    use crate::auth::{Role, guard};
    guard::require_role(Role::Operations).await?;
    let pool = guard::pool()?;
    Ok(crate::server::db::users::list_trainers_with_load(&pool).await?)
}
