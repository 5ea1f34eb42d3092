//! The operations overview: organisation-wide KPIs and weekly activity.

use crate::error::AppError;
use crate::model::ops::OpsOverview;
use leptos::prelude::*;

/// Weeks of history the overview chart shows.
pub const CHART_WEEKS: i32 = 8;

#[server(endpoint = "ops/overview")]
pub async fn get_ops_overview() -> Result<OpsOverview, AppError> {
    use crate::auth::{Role, guard};
    use crate::domain::progress;
    use crate::model::ops::OpsKpis;
    use crate::server::db::{activity, risk, submissions, users};

    let me = guard::require_role(Role::Operations)?;
    let pool = guard::pool()?;
    let week_ago = chrono::Utc::now() - chrono::Duration::days(7);
    // Independent figures from different tables: asked for at once, so the page waits for the
    // slowest one instead of the sum of them.
    let (active, learners, completion, average, alerts, weekly) = tokio::try_join!(
        activity::active_learners_since(&pool, week_ago),
        users::count_active(&pool, Role::Learner),
        crate::server::db::progress::completion_counts(&pool),
        submissions::average_score(&pool),
        risk::open_alert_count(&pool),
        activity::weekly(&pool, CHART_WEEKS),
    )?;
    let kpis = OpsKpis {
        active_learners_7d: active,
        total_learners: learners,
        completion_rate_percent: progress::percent(completion.completed, completion.started),
        average_score: average.map(|s| s.round().clamp(0.0, 100.0) as u8),
        open_risk_alerts: alerts,
    };
    Ok(OpsOverview { viewer_name: me.display_name, kpis, weekly })
}
