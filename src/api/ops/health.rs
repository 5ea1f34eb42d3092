//! The system's health for operations: the database, the queues and this process.

use crate::error::AppError;
use crate::model::ops::SystemHealth;
use leptos::prelude::*;

/// Routes the health page lists.
pub const ROUTES_SHOWN: usize = 10;

#[server(endpoint = "ops/health")]
pub async fn get_system_health() -> Result<SystemHealth, AppError> {
    use crate::auth::{Role, guard};
    use crate::server::db;
    use crate::server::state::AppState;

    let me = guard::require_role(Role::Operations)?;
    let state = use_context::<AppState>().ok_or(AppError::Internal)?;
    let pool = &state.pool;
    let started = std::time::Instant::now();
    let answered = state.health.check(pool, std::time::Duration::from_secs(1)).await;
    let database_ms = answered.then(|| started.elapsed().as_secs_f64() * 1000.0);
    let waiting = db::health::waiting(pool).await?;
    let watcher = state.health.snapshot();
    let newest = sqlx::migrate!("./migrations").iter().filter(|m| m.migration_type.is_up_migration()).map(|m| m.version).max();
    Ok(SystemHealth {
        viewer_name: me.display_name,
        database_up: watcher.up,
        database_ms,
        embedded_database: watcher.embedded,
        pool_size: pool.size(),
        pool_idle: pool.num_idle() as u32,
        pool_max: pool.options().get_max_connections(),
        migration_applied: waiting.migration,
        migration_expected: newest.unwrap_or(0),
        pending_grading: waiting.pending_grading,
        pending_prescoring: waiting.pending_prescoring,
        risk_due: waiting.risk_due,
        started_at: watcher.started_at,
        uptime_secs: watcher.uptime_secs,
        version: format!("{} ({})", env!("CARGO_PKG_VERSION"), env!("RURALRISE_COMMIT")),
        outages: watcher.outages,
        restarts: watcher.restarts,
        events: watcher.events,
        routes: state.metrics.busiest(ROUTES_SHOWN),
    })
}
